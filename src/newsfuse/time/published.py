"""Is the publication date ingest found possible? Impossible ones move to `published.rejected`.

A date cannot be the publication date when it lies after the run, when it is a site's "today" banner
(a weekday-first date line at the top of the page, with no "published" label), or when the article
dates its own events long before it while speaking of them as "Thursday" or "yesterday".
"""
from __future__ import annotations

import datetime as dt
import re

from ..models import Article, PublishedDate
from .extract import Timex
from . import calendar as cal

# An unlabelled date line led by a weekday, the way site headers print the day the page was served:
# "Thursday, June, 20,2024". Publication lines carry a label or a time ("Published: ...", "02:14").
_BANNER_EVIDENCE = re.compile(
    r"header line \d+: '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+[a-z]*\.?,?\s*\d{1,2},?\s*\d{4}'$", re.I)
# Expressions that only make sense within days of publication: "on Thursday", "yesterday".
_SHORT_RANGE = re.compile(r"^(?:last |this |next )?(?:monday|tuesday|wednesday|thursday|friday|saturday|"
                          r"sunday|yesterday|today|tonight|tomorrow)\b", re.I)
# How long after the latest date an article writes out in full it may still say "on Thursday" of
# it: a weekly paper is late by a week; a month covers weekend editions and slow updates.
SHORT_RANGE_DAYS = 31


def published_day(published: PublishedDate) -> dt.date | None:
    if not published.value:
        return None
    try:
        return dt.date.fromisoformat(published.value[:10])
    except ValueError:
        return None


def rejection_reason(article: Article, run_date: dt.date, dated: list[Timex]) -> str | None:
    """Why `article.published.value` cannot be its publication date, or None if it can.

    `dated` are the article's expressions resolved without any anchor (so only self-dated ones
    carry full calendar values)."""
    day = published_day(article.published)
    if day is None:
        return "not a calendar date" if article.published.value else None
    if day > run_date:
        return f"in the future of the run ({run_date.isoformat()})"
    if _BANNER_EVIDENCE.search(article.published.evidence or ""):
        return "page banner: an unlabelled weekday-first date line at the top of the page is the day it was served"
    return _later_than_own_events(day, dated)


def _later_than_own_events(day: dt.date, dated: list[Timex]) -> str | None:
    written = [t for t in dated if t.anchor == "explicit" and cal.granularity_of(t.value) == "D"
               and re.search(r"\d{4}", t.text)]
    short = [t for t in dated if _SHORT_RANGE.match(t.text)]
    if not written or not short:
        return None
    latest = max(dt.date.fromisoformat(t.value) for t in written)
    if (day - latest).days > SHORT_RANGE_DAYS:
        return (f"later than the events the article dates itself (latest {latest.isoformat()}) by "
                f"{(day - latest).days} days while it calls them {short[0].text!r}")
    return None


def reject(article: Article, reason: str) -> None:
    """Move the current value to `rejected` with `reason`; the article is then undated."""
    published = article.published
    published.rejected.append({"value": published.value or "", "evidence": published.evidence or "",
                               "reason": reason})
    published.value, published.evidence, published.source, published.confidence = None, None, "none", 0.0


def context_anchor(dated: list[Timex], run_date: dt.date) -> dt.date | None:
    """For an undated article: the latest full date it writes out (with its year), not after the run."""
    days = [dt.date.fromisoformat(t.value[:10]) for t in dated
            if t.anchor == "explicit" and cal.granularity_of(t.value[:10]) == "D" and re.search(r"\d{4}", t.text)]
    days = [d for d in days if d <= run_date]
    return max(days) if days else None
