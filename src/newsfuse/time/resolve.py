"""The time stage over articles: check publication dates, pick each article's anchor, resolve.

Anchors, best first: the publication date ("published"); for an undated article, the latest full
date it writes out ("context"); after events are known, the dates of the other articles of the same
event ("event", see `reanchor_with_event`).
"""
from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable

from ..models import Article, Event, TimeExpression
from ..nlp import load_nlp, reads_as_english, sentence_index_at
from . import calendar as cal
from .consistency import inconsistencies
from .extract import Timex, find_timexes
from .languages import foreign_timexes
from .normalize import UNKNOWN
from .published import (complete_yearless, context_anchor, published_day, reject, rejection_reason,
                        supplied_date_warning)
from .tense import tense_from_doc


def resolve_articles(articles: list[Article], run_date: dt.date) -> tuple[list[TimeExpression], list[dict]]:
    """All time expressions of `articles`, resolved, and the articles' date inconsistencies.

    Impossible publication dates are moved to `article.published.rejected` with their reason."""
    expressions: list[TimeExpression] = []
    problems: list[dict] = []
    for article in articles:
        try:
            timexes, anchor = resolve_article(article, run_date)
        except Exception as exc:  # noqa: BLE001 - one odd article must not stop a run of thousands
            article.warnings.append(f"time expressions not resolved ({type(exc).__name__}: {exc})")
            continue
        expressions.extend(to_expressions(article, timexes))
        problems.extend(inconsistencies(article, timexes, anchor))
    return expressions, problems


def resolve_article(article: Article, run_date: dt.date) -> tuple[list[Timex], dt.date | None]:
    """The article's expressions and the anchor they were resolved against (None if none)."""
    if not reads_as_english(article):  # the grammar is English; dateparser reads the others
        anchor = published_day(article.published)
        return foreign_timexes(article.text, article.language or "", anchor), anchor
    tense = SentenceTense(article)
    self_dated = find_timexes(article.text, None, anchor_kind="context", tense=tense)
    complete_yearless(article, self_dated, run_date)
    reason = rejection_reason(article, run_date, self_dated)
    if reason:
        reject(article, reason)
    warning = supplied_date_warning(article, self_dated)
    if warning and warning not in article.warnings:
        article.warnings.append(warning)
    anchor, kind = published_day(article.published), "published"
    if anchor is None:
        anchor, kind = context_anchor(self_dated, run_date), "context"
        if anchor is not None:
            article.warnings.append(f"no publication date: relative dates resolved against "
                                    f"{anchor.isoformat()}, the latest date the text writes out")
    if anchor is None:
        return self_dated, None
    return find_timexes(article.text, anchor, anchor_kind=kind, tense=tense), anchor


def to_expressions(article: Article, timexes: list[Timex]) -> list[TimeExpression]:
    return [TimeExpression(article=article.id, sentence=_sentence_of(article, t.start), text=t.text,
                           value=t.value, type=t.type, anchor=t.anchor, start=t.start, end=t.end)
            for t in timexes]


def _sentence_of(article: Article, offset: int) -> int:
    return sentence_index_at(article.sentences, offset) if article.sentences else 0


class SentenceTense:
    """Tense of a span from a parse of its sentence alone, parsed on first need and kept.

    Articles arrive with sentences but without their spaCy Doc; parsing only the sentences that hold
    a bare weekday or month costs far less than parsing every article again."""

    def __init__(self, article: Article):
        self.article = article
        self.cache: dict[int, Callable[[int, int], int]] = {}

    def __call__(self, start: int, end: int) -> int:
        if not self.article.sentences:
            return UNKNOWN
        index = sentence_index_at(self.article.sentences, start)
        sentence = self.article.sentences[index]
        if index not in self.cache:
            self.cache[index] = tense_from_doc(load_nlp()(sentence.text))
        return self.cache[index](start - sentence.start, end - sentence.start)


def reanchor_with_event(articles: list[Article], expressions: list[TimeExpression],
                        events: list[Event]) -> list[TimeExpression]:
    """`anchor_on_events`, with its warnings appended to the articles' own."""
    expressions, warnings = anchor_on_events(articles, expressions, events)
    by_id = {a.id: a for a in articles}
    for article_id, found in warnings.items():
        by_id[article_id].warnings.extend(found)
    return expressions


def anchor_on_events(articles: list[Article], expressions: list[TimeExpression],
                     events: list[Event]) -> tuple[list[TimeExpression], dict[str, list[str]]]:
    """Expressions with those of articles that had no publication date re-resolved against the
    publication dates of the other articles of their event (anchor "event"), and the warning that
    says so, by article id (returned, not written into the articles: it holds only as long as the
    events do, and a collection regroups them).

    An article already anchored on its own written dates ("context") keeps them: they are its own
    evidence. The event's date is the median of the other articles' publication days."""
    expressions, anchors = event_anchors(articles, expressions, events)
    return expressions, {a: [event_anchor_warning(day, event_id)] for a, (day, event_id) in anchors.items()}


def event_anchor_warning(day: str, event_id: str) -> str:
    """The warning of an article whose relative dates were resolved against its event's `day`."""
    return (f"no publication date: relative dates resolved against {day}, "
            f"the publication date of the other reports of event {event_id}")


def event_anchors(articles: list[Article], expressions: list[TimeExpression], events: list[Event]
                  ) -> tuple[list[TimeExpression], dict[str, tuple[str, str]]]:
    """`anchor_on_events` with, instead of warnings, each re-anchored article's (anchor day, id of
    the event it was anchored on): an engine that renames events afterwards (Spark's blocks) words
    the warnings with the final ids."""
    by_id = {a.id: a for a in articles}
    replaced: dict[str, list[TimeExpression]] = {}
    anchors: dict[str, tuple[str, str]] = {}
    own: dict[str, list[TimeExpression]] = {}  # each article's expressions, grouped once (not per article)
    for expression in expressions:
        own.setdefault(expression.article, []).append(expression)
    for event in events:
        for article_id in event.articles:
            article = by_id.get(article_id)
            if article is None or article_id in replaced or not _unanchored(article, own.get(article_id, [])):
                continue
            anchor = event_anchor(event, by_id, exclude=article_id)
            if anchor is None:
                continue
            tense = SentenceTense(article)
            timexes = find_timexes(article.text, anchor, anchor_kind="event", tense=tense)
            replaced[article_id] = to_expressions(article, timexes)
            anchors[article_id] = (anchor.isoformat(), event.id)
    if not replaced:
        return list(expressions), anchors
    # each article's expressions where the article is: the order every engine gives, whichever
    # articles it holds together (a Spark block, a collection's window)
    place = {article.id: n for n, article in enumerate(articles)}
    kept = [e for e in expressions if e.article not in replaced]
    renewed = kept + [e for group in replaced.values() for e in group]
    return sorted(renewed, key=lambda e: place.get(e.article, len(place))), anchors


def _unanchored(article: Article, own: list[TimeExpression]) -> bool:
    """No publication date, and no relative expression (of its `own`) got a calendar value from the
    text's dates."""
    return article.published.value is None and not any(
        e.anchor == "context" and e.value and cal.granularity_of(e.value[:10]) for e in own)


# An event's reports run within days of it; a publication date further after the event's start
# belongs to a follow-up or a reprint and is a poor anchor for "on Thursday".
EVENT_REPORT_DAYS = 7


def event_anchor(event: Event, by_id: dict[str, Article], exclude: str) -> dt.date | None:
    """The median publication day of the event's other articles (near the event's start if known)."""
    days = sorted(d for d in (published_day(by_id[a].published) for a in event.articles
                              if a != exclude and a in by_id) if d is not None)
    start = cal.parse_value_date(event.start)
    if start is not None:
        near = [d for d in days if 0 <= (d - start).days <= EVENT_REPORT_DAYS]
        days = near or days
    return statistics.median_low(days) if days else None
