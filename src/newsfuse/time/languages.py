"""Dates in languages other than English, through dateparser (issue 16).

The time grammar (time/grammar.py) is English. For an article in another language, dateparser's
`search_dates` finds the dates its language writes ("am 2. Dezember 2026", "gestern", "im März
2025") and resolves them against the publication day. dateparser's search also takes short words
for dates ("Die" read as Dienstag) and durations for times ("20 Minuten" as twenty minutes ago):
only matches with a four-digit year or a word of five letters or more are kept, and never one that
resolves to a time of day.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from .extract import Timex

_YEAR = re.compile(r"\b\d{4}\b")
_LONG_WORD = re.compile(r"[^\W\d_]{5,}")
_FORMATS = {"year": "%Y", "month": "%Y-%m"}


def foreign_timexes(text: str, language: str, anchor: dt.date | None) -> list[Timex]:
    """DATE expressions of `text` written in `language`, resolved against `anchor` (the
    publication day); without an anchor only dates that write out their year are kept."""
    from dateparser.search import search_dates

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(anchor, dt.time())
    try:
        found = search_dates(text, languages=[language], settings=settings) or []
    except (ValueError, KeyError):  # a language dateparser does not know
        return []
    timexes, position = [], 0
    for phrase, when in found:
        start = text.find(phrase, position)
        if start < 0:
            continue
        position = start + len(phrase)
        has_year = bool(_YEAR.search(phrase))
        if when.hour or when.minute or not (has_year or _LONG_WORD.search(phrase)):
            continue
        if anchor is None and not has_year:
            continue
        period = _period(phrase, language, settings)
        value = when.strftime(_FORMATS.get(period, "%Y-%m-%d"))
        timexes.append(Timex(start, position, phrase, "DATE", value,
                             "explicit" if has_year else "published"))
    return timexes


def _period(phrase: str, language: str, settings: dict) -> str:
    """"day", "month" or "year": how precise the phrase is."""
    data = _parser(language, tuple(sorted(settings.items()))).get_date_data(phrase)
    return data.period or "day" if data is not None else "day"


@lru_cache(maxsize=32)
def _parser(language: str, settings: tuple):
    from dateparser.date import DateDataParser

    return DateDataParser(languages=[language], settings=dict(settings))
