"""Dates within one article that contradict each other or its publication date.

"Thursday, May 16" in a text published 2025-05-08: 16 May 2025 is a Friday, so the text speaks of
2024; and an article whose resolved dates lie a year apart mixes two stories or a stale copy.
"""
from __future__ import annotations

import datetime as dt
import re

from ..models import Article
from ..nlp import sentence_index_at
from . import calendar as cal
from .extract import Timex
from .lexicon import MONTH, WEEKDAY, month_number, weekday_number

_WEEKDAY_DATE = re.compile(rf"(?i:(?P<wd>{WEEKDAY})),?\s+(?P<mon>{MONTH})\s+(?P<d>\d{{1,2}})(?:\D{{0,4}}(?P<y>\d{{4}}))?")
# Dates of one story's events fall within weeks; half a year apart is another story or a reprint.
SPREAD_DAYS = 180


def inconsistencies(article: Article, timexes: list[Timex], anchor: dt.date | None) -> list[dict]:
    found = [_weekday_mismatch(article, t, anchor) for t in timexes]
    found = [f for f in found if f]
    spread = _date_spread(article, timexes)
    return found + ([spread] if spread else [])


def _entry(article: Article, timex: Timex, explanation: str) -> dict:
    index = sentence_index_at(article.sentences, timex.start) if article.sentences else 0
    sentence = article.sentences[index].text if article.sentences else timex.text
    return {"article": article.id, "sentence": index, "text": sentence, "expression": timex.text,
            "explanation": explanation}


def _weekday_mismatch(article: Article, timex: Timex, anchor: dt.date | None) -> dict | None:
    match = _WEEKDAY_DATE.search(timex.text)
    if not match:
        return None
    weekday, month, day = weekday_number(match["wd"]), month_number(match["mon"]), int(match["d"])
    if match["y"]:
        written = cal.safe_date(int(match["y"]), month, day)
        if written and written.isoweekday() != weekday:
            return _entry(article, timex, f"{timex.text!r}: {written.isoformat()} is a "
                          f"{written.strftime('%A')}, not a {match['wd'].capitalize()}")
        return None
    if anchor is None:
        return None
    same_year = cal.year_nearest(anchor, month, day)
    if same_year is None or same_year.isoweekday() == weekday:
        return None
    return _entry(article, timex, (
        f"{timex.text!r} in a text anchored on {anchor.isoformat()}: {same_year.strftime('%d %B %Y')} is a "
        f"{same_year.strftime('%A')}, so the text means {timex.value} "
        f"({_years_apart(anchor, timex.value)})"))


def _years_apart(anchor: dt.date, value: str) -> str:
    day = cal.parse_value_date(value)
    if day is None:
        return "year unknown"
    gap = anchor.year - day.year
    return "a year before the anchor" if gap == 1 else f"{gap} years before the anchor" if gap > 0 \
        else f"{-gap} years after the anchor" if gap < 0 else "the anchor's year"


def _date_spread(article: Article, timexes: list[Timex]) -> dict | None:
    days = [(cal.parse_value_date(t.value[:10]), t) for t in timexes
            if t.type in ("DATE", "TIME") and cal.granularity_of(t.value[:10]) == "D"]
    days = [(d, t) for d, t in days if d is not None]
    if len(days) < 2:
        return None
    earliest, latest = min(days, key=lambda p: p[0]), max(days, key=lambda p: p[0])
    if (latest[0] - earliest[0]).days <= SPREAD_DAYS:
        return None
    return _entry(article, earliest[1], (
        f"dates {(latest[0] - earliest[0]).days} days apart in one article: {earliest[1].text!r} is "
        f"{earliest[0].isoformat()} while {latest[1].text!r} is {latest[0].isoformat()}"))
