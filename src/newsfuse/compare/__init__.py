"""Compare what the articles of each event say: claims, quotes, conflicts, framing, summary.

`compare_events` is the pipeline's entry point. Per event it parses each article once, cuts it into
claim units (compare.claims), aligns the units of different articles into canonical claims
(compare.align, MiniLM similarity plus shared specifics), counts independent sources after
collapsing reuse, finds conflicts (compare.conflicts), framing (compare.framing) and writes a cited
summary (compare.summary).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..models import Article, Claim, Conflict, Event, FramingEntry, Reuse, SummarySentence, TimeExpression
from ..nlp import MAX_PARSE_CHARS, load_nlp
from .align import align, make_claims, source_components
from .claims import Unit, article_units
from .conflicts import find_conflicts
from .framing import add_contrast, article_framing, outlet_coverage
from .summary import summarize


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
    docs = _parse({a for e in events for a in e.articles if a in by_id}, by_id)
    components = source_components(list(by_id), list(reuse))
    outlet_of = {a.id: a.outlet or a.id for a in articles}
    result = CompareResult()
    for event in events:
        _compare_one(event, by_id, docs, list(timexes), components, outlet_of, result)
    return result


def _parse(ids: set[str], by_id: dict[str, Article]) -> dict:
    ordered = sorted(ids)
    texts = (by_id[i].text[:MAX_PARSE_CHARS] for i in ordered)
    return dict(zip(ordered, load_nlp().pipe(texts, batch_size=16)))


def _compare_one(event: Event, by_id, docs, timexes, components, outlet_of, result: CompareResult) -> None:
    scopes = _scopes(event)
    units: list[Unit] = []
    framing: list[FramingEntry] = []
    for aid in event.articles:
        if aid not in by_id:
            continue
        article, scope = by_id[aid], scopes.get(aid)
        mine = [t for t in timexes if t.article == aid]
        units += article_units(article, docs[aid], scope, mine, event.participants)
        framing += article_framing(article, docs[aid], scope, event.participants)
    claims, conflicts = _claims(event, units, components, lambda aid: outlet_of.get(aid, aid))
    add_contrast(framing, outlet_of)
    summary = summarize(claims, conflicts)
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


def _claims(event: Event, units: list[Unit], components, source_name) -> tuple[list[Claim], list[Conflict]]:
    if not units:
        return [], []
    from ..embeddings import embed

    vectors = np.asarray(embed([u.text for u in units]))
    groups = align(units, vectors, event.participants)
    pairs = make_claims(event.id, units, groups, vectors, components)
    conflicts = find_conflicts(event.id, pairs, vectors, units, source_name)
    return [c for c, _ in pairs], conflicts
