"""Where time expressions are: one regular expression per kind of expression, TimeML extents.

Extents follow the TimeML guidelines as TimeBank applies them: determiners and "last/next" belong to
the expression ("the past two months", "last Friday"), prepositions and quantity hedges do not
("on Thursday" -> "Thursday", "more than two years" -> "two years"). Month names must be capitalised
(so "may" and "march" stay verbs); everything else matches in any case.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (HOLIDAY, MONTH, MONTH_ABBR, MONTH_FULL, NUMBER, ORDINAL, PART_OF_DAY, SEASON,
                      UNIT, VAGUE, WEEKDAY)


def _i(pattern: str) -> str:
    """`pattern` matched in any case."""
    return f"(?i:{pattern})"


DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[6-9]\d\d|20\d\d)"
WD = _i(WEEKDAY)
# 10:30 a.m., 3 p.m., 15:45 GMT, noon, midnight
CLOCK = (r"(?:(?P<hour>[01]?\d|2[0-3])(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>" + _i(r"a\.m\.?|p\.m\.?|am\b|pm\b")
         + r")|(?P<hour24>[01]?\d|2[0-3]):(?P<minute24>[0-5]\d)(?=\s*(?:" + _i(r"GMT|UTC|EST|EDT|CST|PST|local time|hours?|h\b") + r"))"
         + r"|(?P<noon>" + _i(r"noon|midnight") + r"))(?:\s+(?P<zone>[ECMP][SD]T|GMT|UTC))?")
# Words before "May" or "March" that make them the month, not the modal or the verb.
MONTH_CONTEXT = r"in|since|until|till|by|from|to|of|during|before|after|through|between|and|or|on|for"
SPOKEN_TENS = r"ninety|eighty|seventy|sixty|fifty|forty|thirty|twenty|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
SPOKEN_UNITS = r"one|two|three|four|five|six|seven|eight|nine"
# Hedges TimeBank keeps inside "ago" expressions (and only there).
HEDGE = r"about|nearly|almost|some|more than|less than|over|roughly|around|just|only|at least"
REL_WORD = _i(r"last|next|this|past|coming|previous|following|current|that")

RULES: list[tuple[str, str]] = [
    ("iso_date", r"\b(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<hh>[0-2]\d):(?P<mi>[0-5]\d))?\b"),
    ("numeric_date", r"\b(?P<m>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/(?P<y>\d{4}|\d{2})\b"),
    ("month_day_year", rf"(?:(?P<wd>{WD}),?\s+)?(?P<mon>{MONTH}),?\s+(?P<d>{DAY})(?:\s*[-–]\s*(?P<d2>{DAY}))?,?\s*(?P<y>{YEAR})\b"),
    ("day_month_year", rf"(?:(?P<wd>{WD}),?\s+)?(?:{_i('the')}\s+)?(?P<d>{DAY})(?:\s+{_i('of')})?\s+(?P<mon>{MONTH}),?\s+(?P<y>{YEAR})\b"),
    ("month_day", rf"(?:(?P<wd>{WD}),?\s+)?(?P<mon>{MONTH})\s+(?P<d>{DAY})\b(?!\s*(?:[.,:]\d|\d|%|{_i('percent|million|billion')}))"),
    ("day_month", rf"(?:(?P<wd>{WD}),?\s+)?(?:{_i('the')}\s+)?\b(?P<d>{DAY})(?:\s+{_i('of')})?\s+(?P<mon>{MONTH_FULL}|{MONTH_ABBR})"),
    ("month_relative_year", rf"(?P<mon>{MONTH_FULL}|{MONTH_ABBR})\s+(?:{_i('of')}\s+)?(?P<rel>{_i('last|this|next')})\s+{_i('year')}\b"),
    ("spoken_year", rf"\b(?P<century>{_i('nineteen|twenty')})\s+(?P<rest>{_i(SPOKEN_TENS)}(?:[- ]{_i(SPOKEN_UNITS)})?)\b"),
    ("month_year", rf"(?P<mon>{MONTH})(?:,|\s+{_i('of')})?\s+(?P<y>{YEAR})\b"),
    ("month", rf"(?:\b(?P<prep>{_i(MONTH_CONTEXT)})\s+)?(?P<body>(?:(?P<rel>{_i('last|next|this|early|late|mid|earlier|later')})[- ])?(?P<mon>{MONTH_FULL}|{MONTH_ABBR}))(?!\w)"),
    ("season_year", rf"(?:{_i('the')}\s+)?(?P<season>{_i(SEASON)})\s+(?:{_i('of')}\s+)?(?P<y>{YEAR})\b"),
    ("year_range", rf"(?<![\d$£€.,/-])(?P<y>{YEAR})\s*[-–/]\s*(?P<y2>\d\d|{YEAR})\b(?![\d%])"),
    ("fiscal_year", rf"{_i('fiscal(?: year)?')}\s+(?P<y>{YEAR}|'?\d\d)\b"),
    ("year", rf"(?<![\d$£€.,/])(?P<y>{YEAR})(?![\d%])(?!\s*(?:[.,]\d|{_i('percent|people|shares|troops|members|votes|km|miles|tons|dollars|meters|metres|feet')}))"),
    ("decade", rf"(?:{_i('the')}\s+)?(?:(?P<mod>{_i('early|mid|late')})[- ]?)?(?:(?P<dec>1[6-9]\d0|20\d0)|'(?P<dec2>\d0))'?s\b"),
    ("century", rf"(?:{_i('the')}\s+)?(?P<n>\d{{1,2}})(?:st|nd|rd|th)\s+{_i('century')}"),
    ("weekday", rf"(?:(?P<rel>{_i('last|next|this|past|coming|early|late')})\s+)?(?P<wd>{WD})(?:\s+(?P<pod>{_i(PART_OF_DAY)}))?(?:\s+(?:{_i('at')}\s+)?{CLOCK})?(?!\w)"),
    ("deictic_day", rf"(?:(?P<mod>{_i('early|late|earlier|later')})\s+)?(?P<word>{_i('today|tonight|yesterday|tomorrow|overnight')})(?:\s+(?P<pod>{_i(PART_OF_DAY)}))?(?:\s+(?:{_i('at')}\s+)?{CLOCK})?(?!\w)"),
    ("this_part_of_day", rf"(?P<rel>{_i('this|last|that|the same|the next|the following|the previous')})\s+(?P<pod>{_i(PART_OF_DAY)})\b"),
    ("clock", rf"(?<![\w$])(?:{CLOCK})(?:\s+(?P<dayword>{_i('today|tonight|yesterday|tomorrow')})|\s+(?:{_i('on')}\s+)?(?P<wd>{WD}))?"),
    ("reference", rf"\b(?P<word>{_i('now|currently|current|nowadays|recently|recent|lately|soon|the past|the future|these days|former|formerly|once|previously|earlier|later|meanwhile')})\b"),
    ("recent_units", rf"(?P<rel>{_i('recent|coming|past|next')})\s+(?P<unit>{_i(UNIT)})s\b"),
    ("quarter", rf"(?:(?P<det>{_i('the|this|last|next|its|their')})\s+)?(?:(?P<y>{YEAR})\s+)?(?:(?P<rel>{_i('first|second|third|fourth|latest|current|past|previous|same|last|next|final|recent|year-earlier|year-ago')})[- ])?(?P<unit>{_i('quarter|half|period')})(?![\w-])(?:\s+{_i('of')}\s+(?P<y2>{YEAR}))?"),
    ("ordinal_quarter_adj", rf"(?P<ord>{_i('first|second|third|fourth')})-(?P<unit>{_i('quarter|half')})"),
    ("year_adj", rf"(?P<word>{_i('year-earlier|year-ago|year-end|year-to-date|yearend|midyear|mid-year')})"),
    ("anniversary", rf"(?:{_i('the')}\s+)?(?P<n>\d+)(?:st|nd|rd|th)\s+{_i('anniversary')}"),
    ("relative_unit", rf"(?P<rel>{_i('the same|the previous|the following|the latest|the current|the next|the last|the past|the coming|earlier this|later this|early this|late this|earlier last|early last|late last|early next|late next|later next|last|this|next|past|coming|previous|current|following|that|the')})\s+(?P<unit>{_i('day|week|weekend|month|year|decade|century|fiscal year|season|' + SEASON)})\b(?!-)"),
    ("units_relative", rf"(?:(?P<det>{_i('the')})\s+)?(?:(?P<hedge>{_i(HEDGE)})\s+)?(?P<n>{_i(NUMBER)}|{_i(VAGUE)})[- ](?P<unit>{UNIT})s?(?:\s+{_i('or so')})?\s+(?P<dir>{_i('ago|earlier|later|from now|hence|previously|back')})\b"),
    ("duration", rf"(?:(?P<det>{_i('the past|the last|the next|the first|the final|the coming|the previous|the following|the remaining|the initial|the|another|past|last|next|first|over the past|over the last|a further|an additional|additional|almost|nearly')})\s+)?(?P<n>{_i(NUMBER)}|{_i(VAGUE)})(?:\s+{_i('to|or')}\s+(?P<n2>{_i(NUMBER)}))?[- ](?P<unit>{UNIT})s?(?P<suffix>[- ](?:{_i('long|old')}))?(?:\s+{_i('or so')})?(?![\w-])(?<!quarter(?=\s+of))(?<!quarters(?=\s+of))"),
    ("plural_units", rf"\b{_i('for|over|in|within|after')} (?P<body>(?P<unit>{_i('years|months|weeks|decades|centuries|hours|days|minutes')}))\b(?!\s+(?:{_i('ago|of|earlier|later')}))"),
    ("holiday", rf"(?P<word>{HOLIDAY})"),
    ("set", rf"\b(?P<word>{_i('daily|weekly|monthly|annually|yearly|hourly|nightly|semiannually|biweekly|every (?:day|week|month|year|morning|evening|night|quarter|weekend)|each (?:day|week|month|year|morning|night)|per (?:day|week|month|year)')})\b"),
    ("rate_set", rf"(?:\d|{_i('million|billion|times|cents|dollars|percent|flights|seats|hours|days')})\s+(?P<body>(?P<word>{_i('a (?:day|week|month|year)')}))\b(?!\s+{_i('ago|earlier|later')})"),
    ("every_units", rf"\b{_i('every')}\s+(?P<n>{_i(NUMBER)})\s+(?P<unit>{_i(UNIT)})s\b"),
]

COMPILED = [(kind, re.compile(pattern)) for kind, pattern in RULES]
PRIORITY = {kind: i for i, (kind, _) in enumerate(RULES)}


@dataclass
class Candidate:
    kind: str
    start: int
    end: int
    text: str
    groups: dict[str, str | None]


def candidates(text: str) -> list[Candidate]:
    """Every match of every rule, overlapping ones included; selection happens after normalising."""
    found = []
    for kind, regex in COMPILED:
        for match in regex.finditer(text):
            # A "body" group marks the extent inside context the rule needed ("for years" -> "years").
            span = match.span("body") if "body" in regex.groupindex else match.span()
            start, end = _trim(text, *span)
            if end > start:
                found.append(Candidate(kind, start, end, text[start:end], match.groupdict()))
    return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum() and text[start] not in "'":
        start += 1
    while end > start and text[end - 1] in " ,-–":
        end -= 1
    return start, end


def select(found: list[Candidate]) -> list[Candidate]:
    """Longest non-overlapping candidates, earlier rules winning ties, in text order."""
    ranked = sorted(found, key=lambda c: (-(c.end - c.start), PRIORITY[c.kind], c.start))
    taken: list[Candidate] = []
    for cand in ranked:
        if all(cand.end <= t.start or cand.start >= t.end for t in taken):
            taken.append(cand)
    return sorted(taken, key=lambda c: c.start)
