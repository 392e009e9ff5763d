"""Compare what the articles of each event say: claims, quotes, conflicts, framing, summary.

`compare_events` is the pipeline's entry point. Per event it parses each article once, cuts it into
claim units (compare.claims), aligns the units of different articles into canonical claims
(compare.align, MiniLM similarity plus shared specifics), counts independent sources after
collapsing reuse, finds conflicts (compare.conflicts), framing (compare.framing) and writes a cited
summary (compare.summary).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..embeddings import sentence_vectors
from ..heap import release_freed_memory
from ..models import Article, Claim, Conflict, Event, FramingEntry, Reuse, SummarySentence, TimeExpression
from ..nlp import parsed, reads_as_english
from ..reuse.components import source_components
from .align import align, make_claims
from .claims import Unit, article_units
from .conflicts import find_conflicts
from .crosslingual import add_cross_language_mentions
from .framing import add_contrast, article_framing, outlet_coverage
from .summary import summarize

# Freed heap goes back to the OS after this many events (newsfuse.heap): peak RSS then follows the
# largest event, not the number of events compared (bench/growth.py, per-stage peak / after RSS).
TRIM_EVERY_EVENTS = 20


@dataclass
class CompareResult:
    claims: list[Claim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    framing: list[FramingEntry] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    # event id -> outlet -> {"exclusive": [claim ids], "blind_spots": [claim ids]}
    coverage: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict)
    # event id -> its summary sentences (the flat `summary` is every event's, in event order)
    summaries: dict[str, list[SummarySentence]] = field(default_factory=dict)


def compare_events(articles: Sequence[Article], events: Sequence[Event],
                   timexes: Sequence[TimeExpression], reuse: Sequence[Reuse]) -> CompareResult:
    by_id = {a.id: a for a in articles}
    components = source_components(list(by_id), list(reuse))
    outlet_of = {a.id: a.outlet or a.id for a in articles}
    timexes_of: dict[str, list[TimeExpression]] = defaultdict(list)
    for t in timexes:
        timexes_of[t.article].append(t)
    result = CompareResult()
    for number, event in enumerate(events, 1):
        _compare_one(event, by_id, timexes_of, components, outlet_of, result)
        if number % TRIM_EVERY_EVENTS == 0:
            release_freed_memory()
    release_freed_memory()
    return result


def _compare_one(event: Event, by_id, timexes_of, components, outlet_of, result: CompareResult) -> None:
    scopes = _scopes(event)
    units: list[Unit] = []
    framing: list[FramingEntry] = []
    # Each article's Doc is the one the nlp stage attached to it (newsfuse.nlp.parsed); one Doc is
    # alive at a time, so memory stays bounded however large the event.
    # claims, quotes and framing read an English parse and English lexicons: other languages yield
    # none rather than garbage (their articles still belong to the event; issue 16)
    for article, doc in parsed(by_id[aid] for aid in event.articles if aid in by_id and reads_as_english(by_id[aid])):
        scope, mine = scopes.get(article.id), timexes_of.get(article.id, [])
        units += article_units(article, doc, scope, mine, event.participants)
        framing += article_framing(article, doc, scope, event.participants)
    for unit in units:  # a report with no date of its own is set when its event happened
        unit.published = unit.published or (event.start or "")
    claims, conflicts = _claims(event, units, by_id, components, lambda aid: outlet_of.get(aid, aid))
    add_cross_language_mentions(claims, event.articles, by_id, components)  # other languages (issue 16)
    add_contrast(framing, outlet_of)
    # the account reads the event's own sentences and their resolved dates
    summary = summarize(claims, conflicts, {a: by_id[a] for a in event.articles if a in by_id},
                        timexes_of, event)
    result.claims += claims
    result.conflicts += conflicts
    result.framing += framing
    result.summary += summary
    result.summaries[event.id] = summary
    result.coverage[event.id] = outlet_coverage(claims, {a: outlet_of[a] for a in event.articles if a in outlet_of})


def _scopes(event: Event) -> dict[str, set[int]]:
    """Sentences of each mixed article that belong to this event (absent: the whole article)."""
    scopes: dict[str, set[int]] = {}
    for seg in event.segments:
        scopes.setdefault(seg.article, set()).update(seg.sentences)
    return scopes


def _claims(event: Event, units: list[Unit], by_id, components, source_name) -> tuple[list[Claim], list[Conflict]]:
    if not units:
        return [], []
    if len({u.article for u in units}) < 2:
        # One article: nothing to align or contradict across articles, so no embedding is needed
        # (align and make_claims give each unit its own claim, conflicts need two articles).
        vectors = np.zeros((len(units), 1), dtype=np.float32)
    else:
        vectors = _unit_vectors(units, by_id)
    groups = align(units, vectors, event.participants)
    pairs = make_claims(event.id, units, groups, vectors, components)
    conflicts = find_conflicts(event.id, pairs, vectors, units, source_name)
    return [c for c, _ in pairs], conflicts


def _unit_vectors(units: list[Unit], by_id: dict[str, Article]) -> np.ndarray:
    """A whole-sentence unit takes the vector its article carries; the other units (quotes, parts
    of sentences) are embedded together in this event's batch. The floats then depend only on the
    event, not on what the process embedded before: with vectors from a process-wide cache (before
    issue 15), near-equal similarities (a sentence and its copy) ranked differently on the two
    engines and a conflict was told with other sentences (2k-article engine test)."""
    from ..embeddings import DIMENSIONS, embed

    articles = {u.article: by_id[u.article] for u in units if u.article in by_id}
    carried = sentence_vectors(list(articles.values()))
    vectors = np.zeros((len(units), DIMENSIONS), dtype=np.float32)
    rest = []
    for row, unit in enumerate(units):
        article = articles.get(unit.article)
        if article is not None and unit.kind != "quote" and not unit.embed_text \
                and unit.sentence < len(article.sentences) and article.sentences[unit.sentence].text == unit.text:
            vectors[row] = carried[article.id][unit.sentence]
        else:
            rest.append(row)
    if rest:
        vectors[rest] = embed([units[row].embed_text or units[row].text for row in rest])
    return vectors
