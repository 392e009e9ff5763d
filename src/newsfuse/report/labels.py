"""How reports are named for a reader, shared by the HTML and Markdown reports."""
from __future__ import annotations

from typing import Any


def label(article: dict[str, Any] | None) -> str:
    """How a report is named for a reader: outlet, else its title, plus the id to find it."""
    if article is None:
        return "?"
    name = article.get("outlet") or clip(article.get("title") or "", 60) or "untitled"
    return f"{name} ({article['id']})"


def short_label(article: dict[str, Any] | None) -> str:
    """Column headings: outlet if known, else the start of the title, else the id."""
    if article is None:
        return "?"
    return clip(article.get("outlet") or article.get("title") or "", 18) or article["id"]


def claim_words(claim: dict[str, Any]) -> str:
    """A claim as a reader reads it: a quote as its speaker's sentence (`X said: “…”` for words the
    source quotes, `X said that …` for reported speech: compare.quotes.render_quote, as the account
    renders them), any other claim as its text. report.json keeps the quote's words alone in `text`."""
    if claim.get("kind") == "quote" and claim.get("speaker"):
        from ..compare.quotes import render_quote
        speaker = claim["speaker"]  # "the chairmen" opens the sentence: "The chairmen said …"
        return render_quote(speaker[:1].upper() + speaker[1:], claim.get("text") or "", claim.get("quote_kind"))
    return claim.get("text") or ""


def chosen_events_note(report: dict[str, Any]) -> str:
    """For a report of some of a run's events only (`run.chosen_events`), the sentence that says so."""
    chosen = report.get("run", {}).get("chosen_events")
    if not chosen:
        return ""
    return (f"This report holds {len(report['events'])} of the {chosen['found']} events the run found "
            f"(chosen with --events {','.join(chosen['asked'])}); the Parquet tables of the run hold every event.")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- dates in words -----------------------------------------------------------------------------
# TIMEX3 values (what newsfuse.time resolves) are codes: "2024-05-16TEV", "2024-W20", "P6M". A reader
# gets words: "the evening of Thursday 16 May 2024".
import calendar as _calendar
import datetime as _dt
import re as _re

_TIMEX = _re.compile(r"^(\d{4}|XXXX)(?:-(\d{2}|XX))?(?:-(\d{2}|XX))?(?:T(MO|AF|EV|NI|DT|\d{2}(?::\d{2})?))?")
_WEEK = _re.compile(r"^(\d{4})-W(\d{2})")
_PART = {"MO": "the morning of", "AF": "the afternoon of", "EV": "the evening of", "NI": "the night of",
         "DT": "the daytime of"}
_SEASON = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_REFS = {"PAST_REF": "in the past", "PRESENT_REF": "now", "FUTURE_REF": "in the future"}


def date_words(value: str | None) -> str:
    """A TIMEX3 value in words: "2024-05-16" -> "Thursday 16 May 2024", "2024-05-16TEV" -> "the evening
    of Thursday 16 May 2024", "2024-05" -> "May 2024", "2024-W20" -> "week 20 of 2024". A value it
    cannot read is returned as "an unresolved date", never as the code."""
    value = (value or "").strip()
    if not value:
        return "undated"
    if value in _REFS:
        return _REFS[value]
    week = _WEEK.match(value)
    if week:
        return f"week {int(week.group(2))} of {week.group(1)}"
    season = _re.match(r"^(\d{4})-(SP|SU|FA|WI)$", value)
    if season:
        return f"{_SEASON[season.group(2)]} {season.group(1)}"
    quarter = _re.match(r"^(\d{4})-Q([1-4])$", value)
    if quarter:
        return f"the {['first', 'second', 'third', 'fourth'][int(quarter.group(2)) - 1]} quarter of {quarter.group(1)}"
    match = _TIMEX.match(value)
    if not match or match.group(1) == "XXXX":
        return "an unresolved date"
    year, month, day, part = match.groups()
    if not month or month == "XX":
        return year
    try:
        month_name = _calendar.month_name[int(month)]
    except (ValueError, IndexError):
        return year
    if not day or day == "XX":
        return f"{month_name} {year}"
    try:
        weekday = _dt.date(int(year), int(month), int(day)).strftime("%A")
    except ValueError:
        return f"{month_name} {year}"
    words = f"{weekday} {int(day)} {month_name} {year}"
    if part in _PART:
        return f"{_PART[part]} {words}"
    if part:
        return f"{words}, {part if ':' in part else part + ':00'}"
    return words


def period_words(start: str | None, end: str | None) -> str:
    """An event's dates in words: one day, or "from … to …"."""
    if not start and not end:
        return "undated"
    if not end or end == start:
        return date_words(start or end)
    if not start:
        return date_words(end)
    return f"{date_words(start)} to {date_words(end)}"


_WHOLE_TIMEX = _re.compile(r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?(?:T(?:MO|AF|EV|NI|DT|\d{2}(?::\d{2}){0,2}))?|\d{4}-W\d{2}|\d{4}-(?:SP|SU|FA|WI|Q[1-4])|PAST_REF|PRESENT_REF|FUTURE_REF)$")


def timex_words(value: object) -> str:
    """Any shown value: a TIMEX code in words, anything else unchanged."""
    text = "" if value is None else str(value)
    return date_words(text) if _WHOLE_TIMEX.match(text.strip()) else text


_CODE_IN_TEXT = _re.compile(r"\b\d{4}-\d{2}-\d{2}T(?:MO|AF|EV|NI|DT)\b|\b\d{4}-W\d{2}\b|\b\d{4}-(?:SP|SU|FA|WI)\b|\b(?:PAST|PRESENT|FUTURE)_REF\b")
_DAY_PART_IN_TEXT = _re.compile(r"\b(\d{1,2})T(MO|AF|EV|NI|DT)\b")


def timex_text(text: object) -> str:
    """Free text from other stages (explanations) with any TIMEX code in it put in words."""
    value = "" if text is None else str(text)
    value = _CODE_IN_TEXT.sub(lambda m: date_words(m.group(0)), value)
    return _DAY_PART_IN_TEXT.sub(lambda m: f"{_PART[m.group(2)]} the {int(m.group(1))}{_ordinal(int(m.group(1)))}", value)


def _ordinal(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
