"""Which stored events a batch of new articles can change, and ids that survive recomputation.

The events stage forbids joining segments whose dates are more than `max_gap_days` apart, and an
article cannot report an event dated (beyond a small slack) after its publication. So a batch can
only change events that have a day within GAP_DAYS of one of the batch's days (its articles'
publication days and the days their time expressions resolve to). Each stored event keeps such days
in `event_days` (its segments' resolved days and its articles' publication days), and the window is
found by a range join on that small integer table, never by reading texts.

Dates do not bound everything: an article whose lead gives no date (or that has no date at all)
may join an event of any earlier day. So the window also takes in the events of each new article's
nearest stored articles by document vector (store.incremental); an event of undated articles only
is filed under the days of the batch that made it, so a later batch near those days, or a later
article near it in content, sees it again.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ..events.online import DEFAULT_MAX_GAP_DAYS, PUBLISHED_SLACK_DAYS
from ..events.segments import day_ordinal
from ..models import Article, Event, MixedArticle, TimeExpression

GAP_DAYS = DEFAULT_MAX_GAP_DAYS + PUBLISHED_SLACK_DAYS
# An event grouped when the collection's document frequencies counted D report segments is taken
# into the next batch's window once they count more than REGROUP_GROWTH * D: the grouping weighs
# words by the collection's counts (events.linkage.TermCounts), and an event far from the batch in
# dates and meaning would otherwise keep the weights of a much smaller collection for ever, where
# one `analyze` of the grown pile reads today's (ECB+ dev topic 12's first event: 3 groups weighed
# over the 68 segments of topics 10-12, 2 groups from 89 segments on, as over all of 10-13). Each
# event is then grouped under counts at least 1 / REGROUP_GROWTH of today's, at the cost of
# regrouping about 1 / (REGROUP_GROWTH - 1) stored articles per new one (an article grouped at D
# comes back at REGROUP_GROWTH * D). Chosen, not tuned: weights at most 25 % stale for about 4
# regrouped articles per new one; bench/collection_vs_analyze.py, ECB+ dev topics 10-13: batches of 50
# .983 -> 1.000 (topic 11 was grouped over the first batch's 50 segments only), batches of 5 .914 -> .932.
REGROUP_GROWTH = 1.25
# A recomputed event keeps the id of the stored event whose articles it mostly (more than this
# share) still holds; otherwise it takes the next free number.
KEEP_ID_SHARE = 0.5


def article_days(article: Article, timexes: Iterable[TimeExpression]) -> set[int]:
    days = {day for t in timexes for day in [day_ordinal(t.value)] if day is not None}
    published = day_ordinal(article.published.value)
    return days | ({published} if published is not None else set())


def intervals(days: Iterable[int], gap: int = GAP_DAYS) -> list[tuple[int, int]]:
    """[day - gap, day + gap] around each day, overlapping ones merged."""
    merged: list[tuple[int, int]] = []
    for day in sorted(set(days)):
        low, high = day - gap, day + gap
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def events_in(con: Any, spans: list[tuple[int, int]]) -> set[str]:
    """Stored events with a day inside one of `spans`."""
    if not spans:
        return set()
    rows = con.execute(
        "SELECT DISTINCT d.event FROM event_days d, "
        "(SELECT unnest(?::INTEGER[]) AS low, unnest(?::INTEGER[]) AS high) w "
        "WHERE d.day BETWEEN w.low AND w.high",
        [[s[0] for s in spans], [s[1] for s in spans]]).fetchall()
    return {row[0] for row in rows}


def stale_events(con: Any, documents: int) -> set[str]:
    """Stored events grouped under document frequencies of fewer than documents / REGROUP_GROWTH
    report segments."""
    return {row[0] for row in con.execute("SELECT id FROM events WHERE grouped_documents * ? < ?",
                                          [REGROUP_GROWTH, documents]).fetchall()}


def members(con: Any, events: set[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {e: set() for e in events}
    if events:
        for event, article in con.execute(
                "SELECT event, article FROM event_articles WHERE event IN (SELECT unnest(?::VARCHAR[]))",
                [sorted(events)]).fetchall():
            found[event].add(article)
    return found


def events_of(con: Any, articles: set[str]) -> set[str]:
    if not articles:
        return set()
    return {row[0] for row in con.execute(
        "SELECT DISTINCT event FROM event_articles WHERE article IN (SELECT unnest(?::VARCHAR[]))",
        [sorted(articles)]).fetchall()}


def closed_window(con: Any, spans: list[tuple[int, int]], extra: set[str] = frozenset()) -> dict[str, set[str]]:
    """Events in the window (and `extra` events) with all their articles, plus every other event of
    those articles (an article reporting two events is re-segmented as a whole, so both events are
    recomputed)."""
    found = members(con, events_in(con, spans) | set(extra))
    while True:
        articles = set().union(*found.values()) if found else set()
        more = events_of(con, articles) - set(found)
        if not more:
            return found
        found.update(members(con, more))


def stable_ids(events: list[Event], old: dict[str, set[str]], next_number: int) -> tuple[dict[str, str], int]:
    """Final id of each recomputed event: the id of the stored event it mostly continues (the one
    sharing most articles among those of which it holds more than KEEP_ID_SHARE), else a new one."""
    holders: dict[str, list[str]] = defaultdict(list)
    for old_id, articles in old.items():
        for article in articles:
            holders[article].append(old_id)
    options = []
    for event in events:
        shared: dict[str, int] = defaultdict(int)
        for article in set(event.articles):
            for old_id in holders.get(article, []):
                shared[old_id] += 1
        options += [(-count, number_of(old_id), event.id, old_id) for old_id, count in shared.items()
                    if count > KEEP_ID_SHARE * len(old[old_id])]
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for _, _, local, old_id in sorted(options):
        if local not in mapping and old_id not in taken:
            mapping[local] = old_id
            taken.add(old_id)
    for event in events:
        if event.id not in mapping:
            mapping[event.id] = f"e{next_number}"
            next_number += 1
    return mapping, next_number


def number_of(event_id: str) -> int:
    return int(event_id.lstrip("e"))


def rename(events: list[Event], mixed: list[MixedArticle], mapping: dict[str, str]) -> None:
    """Apply `mapping` to events and mixed articles (whose explanations name events)."""
    for event in events:
        event.id = mapping[event.id]
    # The events stage writes "sentences 0-4 report e2 (date, place)"; only that pattern is rewritten,
    # so the quoted switch sentence stays as written unless it happens to contain "report eN (".
    named = re.compile(r"(\breport )(e\d+)( \()")
    for entry in mixed:
        entry.events = [mapping.get(e, e) for e in entry.events]
        entry.explanation = named.sub(lambda m: m.group(1) + mapping.get(m.group(2), m.group(2)) + m.group(3),
                                      entry.explanation)


def event_days(event: Event, timexes_of: dict[str, list[TimeExpression]], articles: dict[str, Article],
               fallback: set[int]) -> set[int]:
    """Days an event is filed under: resolved days inside its segments and its articles'
    publication days; an event with none takes the days of the batch that made it."""
    scope = {(s.article, i) for s in event.segments for i in s.sentences}
    days = {day for article in event.articles for t in timexes_of.get(article, [])
            if (t.article, t.sentence) in scope for day in [day_ordinal(t.value)] if day is not None}
    days |= {day for article in event.articles if article in articles
             for day in [day_ordinal(articles[article].published.value)] if day is not None}
    return days or set(fallback)
