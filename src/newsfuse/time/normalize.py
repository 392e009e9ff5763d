"""From a matched expression to a TIMEX3 type and value, given the anchor date and the verb's tense.

Each `_kind` function takes the candidate's groups and a `Context` and returns (type, value, anchor)
or None when the match is not a time expression after all ("May" the verb, "2000 people").
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from . import calendar as cal
from .grammar import Candidate
from .lexicon import (HOLIDAYS, ORDINALS, PARTS_OF_DAY, SEASONS, month_number, number_value, unit_of,
                      weekday_number)

Resolved = tuple[str, str, str]  # (type, value, anchor)
PAST, UNKNOWN, FUTURE = -1, 0, 1


@dataclass
class Context:
    anchor: dt.date | None
    anchor_kind: str  # how `anchor` was found: "published", "context" or "event"
    tense: Callable[[int, int], int]  # span -> PAST, UNKNOWN or FUTURE
    last_value: str | None = None  # the latest calendar value seen before, for "a year earlier"


def resolve(cand: Candidate, ctx: Context) -> Resolved | None:
    return RESOLVERS[cand.kind](cand, ctx)


# -- explicit calendar dates ----------------------------------------------------------------------

def _iso_date(c: Candidate, ctx: Context) -> Resolved | None:
    day = cal.safe_date(int(c.groups["y"]), int(c.groups["m"]), int(c.groups["d"]))
    if day is None:
        return None
    if c.groups.get("hh"):
        return "TIME", f"{day.isoformat()}T{c.groups['hh']}:{c.groups['mi']}", "explicit"
    return "DATE", day.isoformat(), "explicit"


def _numeric_date(c: Candidate, ctx: Context) -> Resolved | None:
    year = int(c.groups["y"])
    if year < 100:
        year += 1900 if year > 40 else 2000
    day = cal.safe_date(year, int(c.groups["m"]), int(c.groups["d"]))
    return ("DATE", day.isoformat(), "explicit") if day else None


def _day_number(c: Candidate) -> int:
    return int("".join(ch for ch in c.groups["d"] if ch.isdigit()))


def _month_day_year(c: Candidate, ctx: Context) -> Resolved | None:
    day = cal.safe_date(int(c.groups["y"]), month_number(c.groups["mon"]), _day_number(c))
    return ("DATE", day.isoformat(), "explicit") if day else None


def _month_day(c: Candidate, ctx: Context) -> Resolved | None:
    month, day = month_number(c.groups["mon"]), _day_number(c)
    if cal.safe_date(2000, month, day) is None:
        return None
    if ctx.anchor is None:
        return "DATE", f"XXXX-{month:02d}-{day:02d}", ctx.anchor_kind
    weekday = weekday_number(c.groups["wd"]) if c.groups.get("wd") else None
    resolved = cal.year_nearest(ctx.anchor, month, day, weekday)
    if resolved is None:
        return None
    if weekday is None:
        resolved = _tense_corrected(resolved, ctx.anchor, ctx.tense(c.start, c.end))
    # A weekday pins the year by itself; without one the anchor chose it.
    return "DATE", resolved.isoformat(), "explicit" if weekday else ctx.anchor_kind


def _month_relative_year(c: Candidate, ctx: Context) -> Resolved | None:
    month = month_number(c.groups["mon"])
    if ctx.anchor is None:
        return "DATE", f"XXXX-{month:02d}", ctx.anchor_kind
    year = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[c.groups["rel"].lower()]
    return "DATE", cal.month_value(year, month), ctx.anchor_kind


SPOKEN_NUMBERS = {"nineteen": 19, "twenty": 20}


def _spoken_year(c: Candidate, ctx: Context) -> Resolved | None:
    """"nineteen ninety-six" in broadcast transcripts."""
    rest = number_value(c.groups["rest"].replace("-", " "))
    if rest is None or rest >= 100:
        return None
    return "DATE", f"{SPOKEN_NUMBERS[c.groups['century'].lower()]}{int(rest):02d}", "explicit"


# How far the nearest year may put a year-less date on the wrong side of the anchor for the verb's
# tense before the tense wins ("reported on March 31" in November is the March before).
# bench/timex.py: 60 days fixed 6 month-day values on TBAQ and broke none of the sample's.
TENSE_OVERRIDE_DAYS = 60


def _tense_corrected(day: dt.date, anchor: dt.date, tense: int) -> dt.date:
    if tense == PAST and (day - anchor).days > TENSE_OVERRIDE_DAYS:
        return cal.safe_date(day.year - 1, day.month, day.day) or day
    if tense == FUTURE and (anchor - day).days > TENSE_OVERRIDE_DAYS:
        return cal.safe_date(day.year + 1, day.month, day.day) or day
    return day


def _month_year(c: Candidate, ctx: Context) -> Resolved | None:
    return "DATE", cal.month_value(int(c.groups["y"]), month_number(c.groups["mon"])), "explicit"


def _month(c: Candidate, ctx: Context) -> Resolved | None:
    word = c.groups["mon"]
    if word in ("May", "March") and _modal_may_or_verb(c):
        return None
    month = month_number(word)
    rel = (c.groups.get("rel") or "").lower()
    if ctx.anchor is None:
        return "DATE", f"XXXX-{month:02d}", ctx.anchor_kind
    year = _month_year_for(ctx.anchor, month, rel, ctx.tense(c.start, c.end))
    return "DATE", cal.month_value(year, month), ctx.anchor_kind


def _modal_may_or_verb(c: Candidate) -> bool:
    """'May' opening a sentence as a modal, or 'March' the verb: no preposition or modifier before."""
    return not c.groups.get("rel") and not c.groups.get("prep")


def _month_year_for(anchor: dt.date, month: int, rel: str, tense: int) -> int:
    if rel == "last":
        return anchor.year if month < anchor.month else anchor.year - 1
    if rel == "next":
        return anchor.year if month > anchor.month else anchor.year + 1
    if rel == "this":
        return anchor.year
    # A month next to the anchor's is this year's whatever the tense ("in early November", said on
    # 30 October); bench/timex.py.
    if tense == PAST:
        return anchor.year if month <= anchor.month + 1 else anchor.year - 1
    if tense == FUTURE:
        return anchor.year if month >= anchor.month - 1 else anchor.year + 1
    # No tense: the year that keeps the month within six months of the anchor.
    gap = month - anchor.month
    return anchor.year + (1 if gap < -6 else -1 if gap > 6 else 0)


def _season_year(c: Candidate, ctx: Context) -> Resolved | None:
    return "DATE", f"{c.groups['y']}-{SEASONS[c.groups['season'].lower()]}", "explicit"


def _year_range(c: Candidate, ctx: Context) -> Resolved | None:
    first, second = int(c.groups["y"]), c.groups["y2"]
    end = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if not first < end <= first + 20:
        return None
    return "DURATION", f"P{end - first}Y", "explicit"


def _fiscal_year(c: Candidate, ctx: Context) -> Resolved | None:
    digits = c.groups["y"].lstrip("'")
    year = int(digits) if len(digits) == 4 else 1900 + int(digits) if int(digits) > 40 else 2000 + int(digits)
    return "DATE", str(year), "explicit"


def _year(c: Candidate, ctx: Context) -> Resolved | None:
    return "DATE", c.groups["y"], "explicit"


def _decade(c: Candidate, ctx: Context) -> Resolved | None:
    if c.groups.get("dec"):
        return "DATE", c.groups["dec"][:3], "explicit"
    two = int(c.groups["dec2"])
    return "DATE", ("19" if two > 20 else "20") + str(two)[0], "explicit"


def _century(c: Candidate, ctx: Context) -> Resolved | None:
    return "DATE", f"{int(c.groups['n']) - 1:02d}", "explicit"


def _holiday(c: Candidate, ctx: Context) -> Resolved | None:
    name = c.groups["word"].lower()
    if ctx.anchor is None:
        return None
    if name.startswith("thanksgiving"):
        nov1 = dt.date(ctx.anchor.year, 11, 1)
        day = nov1 + dt.timedelta(days=(3 - nov1.weekday()) % 7 + 21)
    else:
        month, mday = HOLIDAYS[name]
        day = cal.year_nearest(ctx.anchor, month, mday)
    return "DATE", day.isoformat(), ctx.anchor_kind


# -- weekdays, days and times of day --------------------------------------------------------------

def _clock(c: Candidate) -> str | None:
    """"T10:30" from the CLOCK groups, or None when the candidate has no clock time."""
    g = c.groups
    if g.get("noon"):
        return "T12:00" if g["noon"].lower() == "noon" else "T24:00"
    if g.get("hour24"):
        return f"T{int(g['hour24']):02d}:{g['minute24']}"
    if not g.get("hour"):
        return None
    hour = int(g["hour"])
    if hour > 12:
        return None
    if g["ampm"].lower().startswith("p") and hour != 12:
        hour += 12
    elif g["ampm"].lower().startswith("a") and hour == 12:
        hour = 0
    return f"T{hour:02d}:{g.get('minute') or '00'}"


def _with_time_of_day(c: Candidate, date_value: str) -> tuple[str, str]:
    clock = _clock(c)
    if clock:
        return "TIME", date_value + clock
    pod = c.groups.get("pod")
    if pod:
        return "TIME", date_value + "T" + PARTS_OF_DAY[pod.lower()]
    return "DATE", date_value


def _weekday(c: Candidate, ctx: Context) -> Resolved | None:
    weekday = weekday_number(c.groups["wd"])
    rel = (c.groups.get("rel") or "").lower()
    if ctx.anchor is None:
        kind, value = _with_time_of_day(c, f"XXXX-WXX-{weekday}")
        return kind, value, ctx.anchor_kind
    if rel in ("last", "past"):
        day = cal.weekday_near(ctx.anchor, weekday, PAST, inclusive=False)
    elif rel in ("next", "coming"):
        day = cal.weekday_near(ctx.anchor, weekday, FUTURE, inclusive=False)
    else:
        day = cal.weekday_near(ctx.anchor, weekday, _past_unless_future(ctx.tense(c.start, c.end)))
    kind, value = _with_time_of_day(c, day.isoformat())
    return kind, value, ctx.anchor_kind


def _past_unless_future(tense: int) -> int:
    """News reports what happened: a weekday under a present-tense or untensed verb is the past one
    (bench/timex.py: choosing the nearer one instead cost 20 weekday values on TBAQ)."""
    return FUTURE if tense == FUTURE else PAST


DEICTIC_OFFSET = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "overnight": 0}


def _deictic_day(c: Candidate, ctx: Context) -> Resolved | None:
    word = c.groups["word"].lower()
    if ctx.anchor is None:
        return "DATE", "PRESENT_REF" if word == "today" else "XXXX-XX-XX", ctx.anchor_kind
    day = ctx.anchor + dt.timedelta(days=DEICTIC_OFFSET[word])
    kind, value = _with_time_of_day(c, day.isoformat())
    if word in ("tonight", "overnight") and kind == "DATE":
        kind, value = "TIME", value + "TNI"
    return kind, value, ctx.anchor_kind


def _this_part_of_day(c: Candidate, ctx: Context) -> Resolved | None:
    rel, pod = c.groups["rel"].lower(), PARTS_OF_DAY[c.groups["pod"].lower()]
    base = _reference_day(ctx, rel)
    if base is None:
        return None
    offset = {"last": -1 if pod == "NI" else 0, "the next": 1, "the following": 1, "the previous": -1}.get(rel, 0)
    if rel == "last" and pod != "NI":
        offset = -1
    return "TIME", f"{(base + dt.timedelta(days=offset)).isoformat()}T{pod}", ctx.anchor_kind


def _reference_day(ctx: Context, rel: str) -> dt.date | None:
    """The day "this morning" or "last night" hangs on; "that/the next morning" hang on the story."""
    if rel in ("this", "last"):
        return ctx.anchor
    last = cal.parse_value_date(ctx.last_value)
    if last is not None and cal.granularity_of(ctx.last_value or "") == "D":
        return last
    return ctx.anchor


def _clock_time(c: Candidate, ctx: Context) -> Resolved | None:
    clock = _clock(c)
    if clock is None:
        return None
    base = ctx.anchor
    word = (c.groups.get("dayword") or "").lower()
    if ctx.last_value and cal.granularity_of(ctx.last_value) == "D" and not word and not c.groups.get("wd"):
        base = cal.parse_value_date(ctx.last_value)
    if base is None:
        return "TIME", "XXXX-XX-XX" + clock, ctx.anchor_kind
    base = base + dt.timedelta(days=DEICTIC_OFFSET.get(word, 0))
    if c.groups.get("wd"):
        base = cal.weekday_near(ctx.anchor, weekday_number(c.groups["wd"]),
                                _past_unless_future(ctx.tense(c.start, c.end)))
    return "TIME", base.isoformat() + clock, ctx.anchor_kind


# -- vague and relative references ----------------------------------------------------------------

REFERENCE_VALUES = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF", "recently": "PAST_REF", "recent": "PAST_REF", "lately": "PAST_REF",
    "the past": "PAST_REF", "soon": "FUTURE_REF", "the future": "FUTURE_REF", "future": "FUTURE_REF",
}


def _reference(c: Candidate, ctx: Context) -> Resolved | None:
    value = REFERENCE_VALUES.get(c.groups["word"].lower())
    return ("DATE", value, ctx.anchor_kind) if value else None


def _recent_units(c: Candidate, ctx: Context) -> Resolved | None:
    letter, clock = unit_of(c.groups["unit"])
    rel = c.groups["rel"].lower()
    if rel in ("recent", "past"):
        return "DATE", "PAST_REF", ctx.anchor_kind
    if rel in ("coming", "next"):
        return "DATE", "FUTURE_REF", ctx.anchor_kind
    return "DURATION", ("PT" if clock else "P") + "X" + letter, ctx.anchor_kind


QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _quarter(c: Candidate, ctx: Context) -> Resolved | None:
    unit = c.groups["unit"].lower()
    rel = (c.groups.get("rel") or "").lower()
    det = (c.groups.get("det") or "").lower()
    if not det and not rel:
        return None
    if unit == "period":
        return _period(rel, det, ctx)
    letter = "Q" if unit == "quarter" else "H"
    if rel in QUARTER_WORDS:
        return _numbered_quarter(QUARTER_WORDS[rel], letter, c, ctx)
    if letter == "H":
        return None
    year = c.groups.get("y") or c.groups.get("y2")
    if year and ctx.anchor is not None:
        # "the 1988 quarter": the quarter under discussion, in 1988.
        return "DATE", f"{year}-Q{cal.quarter_of(_last_quarter(ctx))}", ctx.anchor_kind
    return _relative_quarter(rel, det, letter, ctx)


def _numbered_quarter(number: int, letter: str, c: Candidate, ctx: Context) -> Resolved | None:
    if letter == "H" and number > 2:
        return None
    year = c.groups.get("y") or c.groups.get("y2")
    if year:
        return "DATE", f"{year}-{letter}{number}", "explicit"
    if ctx.anchor is None:
        return "DATE", f"XXXX-{letter}{number}", ctx.anchor_kind
    year = ctx.anchor.year
    first_month = (number - 1) * (3 if letter == "Q" else 6) + 1
    if first_month > ctx.anchor.month and ctx.tense(c.start, c.end) != FUTURE:
        # "the fourth quarter" in a January report: the one just finished.
        year -= 1
    return "DATE", f"{year}-{letter}{number}", ctx.anchor_kind


def _relative_quarter(rel: str, det: str, letter: str, ctx: Context) -> Resolved | None:
    if ctx.anchor is None:
        return "DATE", f"XXXX-{letter}X", ctx.anchor_kind
    if rel in ("year-earlier", "year-ago"):
        base = _last_quarter(ctx)
        return "DATE", cal.value_at(cal.shift(base, -1, "Y"), letter), ctx.anchor_kind
    if rel in ("current",) or det == "this":
        return "DATE", cal.value_at(ctx.anchor, letter), ctx.anchor_kind
    if rel == "next" or det == "next":
        return "DATE", cal.value_at(cal.shift(ctx.anchor, 1, letter), letter), ctx.anchor_kind
    if rel in ("same",):
        return "DATE", cal.value_at(_last_quarter(ctx), letter), ctx.anchor_kind
    # "the quarter", "the latest quarter", "last quarter": the last one reported, i.e. finished.
    return "DATE", cal.value_at(cal.shift(ctx.anchor, -1, "Q"), letter), ctx.anchor_kind


def _last_quarter(ctx: Context) -> dt.date:
    """The quarter the text last named, else the last one finished before the anchor."""
    if ctx.last_value and cal.granularity_of(ctx.last_value) == "Q":
        return cal.parse_value_date(ctx.last_value) or ctx.anchor
    return cal.shift(ctx.anchor, -1, "Q")


def _period(rel: str, det: str, ctx: Context) -> Resolved | None:
    if rel not in ("year-earlier", "year-ago", "same", "latest") or ctx.anchor is None:
        return None
    base = _last_quarter(ctx)
    if rel in ("year-earlier", "year-ago", "same"):
        base = cal.shift(base, -1, "Y") if rel != "same" else base
    return "DATE", cal.value_at(base, "Q"), ctx.anchor_kind


def _ordinal_quarter_adj(c: Candidate, ctx: Context) -> Resolved | None:
    letter = "Q" if c.groups["unit"].lower() == "quarter" else "H"
    return _numbered_quarter(QUARTER_WORDS[c.groups["ord"].lower()], letter, c, ctx)


def _year_adj(c: Candidate, ctx: Context) -> Resolved | None:
    word = c.groups["word"].lower()
    if ctx.anchor is None:
        return None
    if word in ("year-earlier", "year-ago"):
        return "DATE", _a_year_before(ctx, 1), ctx.anchor_kind
    if word in ("year-end", "yearend"):
        return "DATE", str(ctx.anchor.year), ctx.anchor_kind
    if word in ("midyear", "mid-year"):
        return "DATE", str(ctx.anchor.year), ctx.anchor_kind
    return "DURATION", "P1Y", ctx.anchor_kind


def _a_year_before(ctx: Context, years: int, base: dt.date | None = None) -> str:
    """`years` before `base` (default: the anchor); in the quarter the text last named if it named
    one (results reports compare a quarter with the same quarter "a year earlier")."""
    base = base or ctx.anchor
    if ctx.last_value and cal.granularity_of(ctx.last_value) == "Q":
        quarter = cal.parse_value_date(ctx.last_value) or base
        return cal.value_at(cal.shift(quarter, -years, "Y"), "Q")
    return cal.value_at(cal.shift(base, -years, "Y"), "Y")


def _anniversary(c: Candidate, ctx: Context) -> Resolved | None:
    return "DURATION", f"P{int(c.groups['n'])}Y", "explicit"


RELATIVE_STEP = {
    "last": -1, "past": -1, "previous": -1, "the previous": -1, "the past": -1, "the last": -1,
    "next": 1, "coming": 1, "following": 1, "the next": 1, "the coming": 1, "the following": 1,
    "earlier last": -1, "early last": -1, "late last": -1, "early next": 1, "late next": 1, "later next": 1,
}
UNIT_LETTER = {"day": "D", "week": "W", "weekend": "W", "month": "M", "year": "Y", "fiscal year": "Y",
               "decade": "DE", "century": "CE"}


def _relative_unit(c: Candidate, ctx: Context) -> Resolved | None:
    rel, unit = " ".join(c.groups["rel"].lower().split()), " ".join(c.groups["unit"].lower().split())
    if unit == "season":
        return None
    if unit in SEASONS:
        return _relative_season(rel, SEASONS[unit], ctx)
    letter = UNIT_LETTER[unit]
    if rel == "the" and unit in ("day", "decade", "century"):
        return None
    if rel == "the" and unit == "year":
        return "DURATION", "P1Y", ctx.anchor_kind
    base = ctx.anchor
    if rel in ("that", "the same", "the following", "the previous", "the"):
        base = _story_date(ctx)
    if base is None:
        return "DATE", "XXXX", ctx.anchor_kind
    if unit == "day" and rel in ("this",):
        return None
    moved = cal.shift(base, RELATIVE_STEP.get(rel, 0), letter)
    value = cal.value_at(moved, letter)
    if unit == "weekend":
        value += "-WE"
    return "DATE", value, ctx.anchor_kind


def _story_date(ctx: Context) -> dt.date | None:
    """The date the story is at: the last one mentioned, else the anchor."""
    return cal.parse_value_date(ctx.last_value) or ctx.anchor


def _relative_season(rel: str, season: str, ctx: Context) -> Resolved | None:
    if ctx.anchor is None:
        return "DATE", f"XXXX-{season}", ctx.anchor_kind
    year = ctx.anchor.year + RELATIVE_STEP.get(rel, 0)
    return "DATE", f"{year}-{season}", ctx.anchor_kind


def _duration_value(n: float | None, unit_word: str) -> str | None:
    letter, clock = unit_of(unit_word)
    prefix = "PT" if clock else "P"
    if n is None:
        return prefix + "X" + letter
    if n == 0.5:
        half = {"Y": "6M", "D": "12H", "H": "30M", "M": "2W", "W": "3D"}.get(letter)
        if not half:
            return None
        return ("PT" if half.endswith(("H", "M")) and letter in ("D", "H") else "P") + half
    if unit_word.lower().startswith("fortnight"):
        n *= 2
    return f"{prefix}{int(n) if n == int(n) else n}{letter}"


def _duration(c: Candidate, ctx: Context) -> Resolved | None:
    number = number_value(c.groups["n"])
    if number is None and not _is_vague(c.groups["n"]):
        return None
    if (c.groups.get("suffix") or "").lower().endswith("old"):
        return None  # ages ("52 years old") are not time expressions in TimeML
    if c.groups["n"].lower() == "a" and c.groups["unit"].lower() == "second":
        return None  # "a second group": the ordinal, not one second
    if number is not None and number >= 1000:
        return None
    value = _duration_value(number, c.groups["unit"])
    return ("DURATION", value, ctx.anchor_kind) if value else None


def _is_vague(words: str) -> bool:
    return words.lower() in ("several", "a few", "few", "some", "many", "a couple of", "couple of")


def _units_relative(c: Candidate, ctx: Context) -> Resolved | None:
    number = number_value(c.groups["n"])
    letter, clock = unit_of(c.groups["unit"])
    direction = c.groups["dir"].lower()
    sign = 1 if direction in ("later", "after", "from now", "hence") else -1
    base = ctx.anchor if direction in ("ago", "from now", "hence", "back") else _story_date(ctx)
    if base is None or number is None or clock or letter == "Q" or number != int(number):
        kind = "DATE"
        return kind, ("PAST_REF" if sign < 0 else "FUTURE_REF"), ctx.anchor_kind
    if letter in ("Y", "DE") and sign < 0:
        return "DATE", _a_year_before(ctx, int(number) * (10 if letter == "DE" else 1), base), ctx.anchor_kind
    moved = cal.shift(base, sign * int(number), letter)
    granularity = letter
    if direction not in ("ago", "from now", "hence", "back") and ctx.last_value:
        # "a year earlier" after a quarter or a day keeps the finer unit: the same quarter, a year before.
        granularity = cal.finer(letter, cal.granularity_of(ctx.last_value) or letter)
    return "DATE", cal.value_at(moved, granularity), ctx.anchor_kind


def _plural_units(c: Candidate, ctx: Context) -> Resolved | None:
    return "DURATION", _duration_value(None, c.groups["unit"]), ctx.anchor_kind


SET_VALUES = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
              "quarterly": "P1Q", "hourly": "PT1H", "nightly": "P1D", "semiannually": "P6M", "biweekly": "P2W"}


def _set(c: Candidate, ctx: Context) -> Resolved | None:
    word = " ".join(c.groups["word"].lower().split())
    if word in SET_VALUES:
        return "SET", SET_VALUES[word], ctx.anchor_kind
    last = word.split()[-1]
    if word.startswith("a "):
        return "SET", _duration_value(1, last), ctx.anchor_kind
    if last in PARTS_OF_DAY:
        return "SET", "XXXX-XX-XXT" + PARTS_OF_DAY[last], ctx.anchor_kind
    if last == "weekend":
        return "SET", "XXXX-WXX-WE", ctx.anchor_kind
    return "SET", _duration_value(1, last), ctx.anchor_kind


def _every_units(c: Candidate, ctx: Context) -> Resolved | None:
    number = number_value(c.groups["n"])
    return "SET", _duration_value(number, c.groups["unit"]), ctx.anchor_kind


RESOLVERS: dict[str, Callable[[Candidate, Context], Resolved | None]] = {
    "iso_date": _iso_date, "numeric_date": _numeric_date, "month_day_year": _month_day_year,
    "day_month_year": _month_day_year, "month_day": _month_day, "day_month": _month_day,
    "month_year": _month_year, "month_relative_year": _month_relative_year, "spoken_year": _spoken_year,
    "rate_set": _set, "month": _month, "season_year": _season_year, "year_range": _year_range,
    "fiscal_year": _fiscal_year, "year": _year, "decade": _decade, "century": _century,
    "weekday": _weekday, "deictic_day": _deictic_day, "this_part_of_day": _this_part_of_day,
    "clock": _clock_time, "reference": _reference, "recent_units": _recent_units, "quarter": _quarter,
    "ordinal_quarter_adj": _ordinal_quarter_adj, "year_adj": _year_adj, "anniversary": _anniversary,
    "relative_unit": _relative_unit, "units_relative": _units_relative, "duration": _duration,
    "plural_units": _plural_units, "holiday": _holiday, "set": _set, "every_units": _every_units,
}
