"""Is the publication date ingest found possible? Impossible ones move to `published.rejected`.

A date the user supplied (a JSONL or Parquet field, the page's HTML metadata) is kept unless it is
impossible: after the run, or not a calendar date. What the text says never overrules it; a text that
dates its events long before it is reported as a warning. A date read from the text itself is weaker:
a bare weekday-first header line ("Thursday, June 20, 2024", no label, no time) or a crawl date is
rejected when the article dates its own events long before it while speaking of them as "Thursday" or
"yesterday" (a site's "today" banner, a late crawl). A header date without a year ("APR 28") takes the
year of the latest date the text writes out.
"""
from __future__ import annotations

import datetime as dt
import re

from ..ingest.dateline import read_date_line
from ..ingest.text import YEARLESS_REASON
from ..models import Article, PublishedDate
from .extract import Timex
from . import calendar as cal

# Sources the user (or the page's own metadata) supplied: kept unless impossible.
SUPPLIED_SOURCES = {"jsonl", "metadata"}
_EVIDENCE_LINE = re.compile(r"^header line \d+: (?P<q>['\"])(?P<line>.*)(?P=q)$")
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
    if article.published.source in SUPPLIED_SOURCES:
        return None  # what the text says never overrules a supplied date: see `supplied_date_warning`
    if article.published.source == "header" and not _banner_like(article.published):
        # A header line other than a bare weekday date states the publication: the background dates a
        # story mentions (a biography, an earlier case) do not overrule it.
        return None
    later = _later_than_own_events(day, dated)
    if later and article.published.source == "header":
        return f"page banner: a bare weekday date line {later}"
    return later


def supplied_date_warning(article: Article, dated: list[Timex]) -> str | None:
    """A warning when a supplied date lies long after the events the text dates (kept all the same)."""
    day = published_day(article.published)
    if day is None or article.published.source not in SUPPLIED_SOURCES:
        return None
    later = _later_than_own_events(day, dated)
    return f"publication date {day.isoformat()} ({article.published.source}) kept, though it is {later}" if later else None


def _banner_like(published: PublishedDate) -> bool:
    match = _EVIDENCE_LINE.match(published.evidence or "")
    dateline = read_date_line(match["line"]) if match else None
    return dateline is not None and dateline.banner_like()


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


def complete_yearless(article: Article, dated: list[Timex], run_date: dt.date) -> bool:
    """Give an undated article whose header line has no year ("APR 28") the year that puts that day
    nearest the latest full date the text writes out. True if it was dated."""
    published = article.published
    if published.value:
        return False
    entry = next((r for r in published.rejected if r.get("reason") == YEARLESS_REASON), None)
    anchor = context_anchor(dated, run_date)
    if entry is None or anchor is None:
        return False
    try:
        month, day = int(entry["value"][2:4]), int(entry["value"][5:7])
    except (ValueError, IndexError):
        return False
    completed = cal.year_nearest(anchor, month, day)
    if completed is None or completed > run_date:
        return False
    published.rejected.remove(entry)
    published.value, published.source, published.confidence = completed.isoformat(), "header", 0.5
    published.evidence = (f"{entry['evidence']}, year from the latest date the text writes out "
                          f"({anchor.isoformat()})")
    return True


def context_anchor(dated: list[Timex], run_date: dt.date) -> dt.date | None:
    """For an undated article: the latest full date it writes out (with its year), not after the run."""
    days = [dt.date.fromisoformat(t.value[:10]) for t in dated
            if t.anchor == "explicit" and cal.granularity_of(t.value[:10]) == "D" and re.search(r"\d{4}", t.text)]
    days = [d for d in days if d <= run_date]
    return max(days) if days else None
