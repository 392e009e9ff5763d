"""Blocks of articles that can report the same happening, and the events of blocks reconciled.

The events pass (events/grouping.py) is one average-linkage clustering over the whole pile: right on
one machine, but it needs every article in one process. An engine that spreads the work (Spark)
cuts the pile into blocks, runs that same pass on each block on its own (one task per block), and
reconciles the events that span blocks from compact summaries: which (article, sentence) each
block's events hold, never the articles themselves.

What can be the same happening:
- dates: a report's anchor day is its publication day. Two segments whose own days are more than DEFAULT_MAX_GAP_DAYS apart never join, and no
  report tells a happening dated after its publication (+ PUBLISHED_SLACK_DAYS); so a block is a run
  of consecutive anchor days (its core), and it also reads the reports anchored within HALO_DAYS
  before or after (its halo), where an event crossing the boundary finds its other reports;
- meaning: a single day larger than a block is split by random-hyperplane LSH on the articles'
  mean sentence vectors (MiniLM), each article's core bucket being its own hash and its halo the
  bucket of its least certain bit flipped (multi-probe), so near neighbours split by one plane still
  meet.
Articles with no date at all can join any event: each goes to the block whose centroid is nearest.
Reconciling: the events of all blocks are nodes; two nodes that hold the same (article, sentence)
(one in a block's core, one in another's halo) are one event (union-find). Each article's
segments, mixed-article record and re-anchored dates come from its core block only.

A pile of at most `max_articles` is one block: the pass runs unchanged and the result is the local
engine's, exactly (the dev sets and tests/test_spark.py are such piles). In larger piles each block
weighs words by the document frequencies of the whole pile (`pile_term_counts`, as a collection
does), so they differ from the one-pass result only where nearest neighbours and the cascade of
merges differ between a block and the pile.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from ..models import Article, Event, MixedArticle, Segment, TimeExpression
from ..unionfind import join
from .linkage import TermCounts
from .online import DEFAULT_MAX_GAP_DAYS, PUBLISHED_SLACK_DAYS
from .segments import day_ordinal

# Articles one block may hold (core); larger piles are cut. Not tuned on quality: a block must be
# a comfortable task for one executor core. The events pass took 239 s for 3,880 leads (README,
# bench/scale.py --lead 3, when it still embedded paragraphs) and 19 s for 250 whole articles
# (bench/growth.py, load 6.6), so a block of 4,000 reports plus its halo is minutes, in under 2 GB.
MAX_BLOCK_ARTICLES = 4000
# Reports anchored this many days before or after a block's core can still join its events: the
# largest day gap inside one event plus the publication slack.
HALO_DAYS = DEFAULT_MAX_GAP_DAYS + PUBLISHED_SLACK_DAYS
# Seed of the LSH planes: the same blocks on every run and engine.
LSH_SEED = 17


@dataclass
class Block:
    """One block: its core articles (whose results it owns) and its halo (read, not owned)."""

    number: int
    core: list[str]
    halo: list[str] = field(default_factory=list)

    @property
    def members(self) -> list[str]:
        return self.core + self.halo


def anchor_days(articles: Sequence[Article]) -> dict[str, int | None]:
    """Each article's anchor day (ordinal): its publication day. Without one, None: the dates its
    text gives may be background (a HuffPost piece recalling last year's firing), and the
    one-pass grouping lets such an article join any event, so it is placed by meaning instead."""
    return {article.id: day_ordinal(article.published.value) for article in articles}


def plan_blocks(anchors: dict[str, int | None], vectors: dict[str, np.ndarray] | None = None,
                max_articles: int = MAX_BLOCK_ARTICLES) -> list[Block]:
    """Blocks over the articles (`anchors` in article order): runs of consecutive anchor days of at
    most `max_articles` reports, each with its halo of nearby days; a day larger than that is cut
    by meaning (LSH buckets). Undated articles join the block nearest in meaning."""
    ids = list(anchors)
    if len(ids) <= max_articles:
        return [Block(0, ids)]
    by_day: dict[int, list[str]] = defaultdict(list)
    undated = []
    for article_id in ids:
        day = anchors[article_id]
        (undated if day is None else by_day[day]).append(article_id)
    crowded = max((len(v) for v in by_day.values()), default=0)
    codes = _lsh_codes(ids, vectors, crowded, max_articles) if crowded > max_articles else None
    blocks: list[Block] = []
    run: list[int] = []

    def close_run() -> None:
        if run:
            blocks.append(_window_block(len(blocks), list(run), by_day, max_articles))
            run.clear()

    for day in sorted(by_day):
        if run and sum(len(by_day[d]) for d in run) + len(by_day[day]) > max_articles:
            close_run()
        if len(by_day[day]) > max_articles:
            blocks += _split_by_meaning(len(blocks), day, by_day, codes, max_articles)
            continue
        run.append(day)
    close_run()
    _place_undated(blocks, undated, vectors, max_articles)
    return blocks


def _window_block(number: int, days: list[int], by_day: dict[int, list[str]], max_articles: int) -> Block:
    """A run of days, with the reports of the HALO_DAYS around it (nearest days first, bounded)."""
    core = [a for d in days for a in by_day[d]]
    first, last = days[0], days[-1]
    nearby = sorted((d for d in by_day if first - HALO_DAYS <= d < first or last < d <= last + HALO_DAYS),
                    key=lambda d: min(abs(d - first), abs(d - last)))
    halo: list[str] = []
    for day in nearby:
        if len(halo) + len(by_day[day]) > max_articles:
            break
        halo += by_day[day]
    return Block(number, core, halo)


def _lsh_codes(ids: list[str], vectors: dict[str, np.ndarray] | None, crowded: int, max_articles: int
               ) -> dict[str, tuple[int, int]] | None:
    """Each article's (bucket, nearest other bucket) under random hyperplanes on its mean vector:
    enough planes that the most crowded day's buckets hold about max_articles / 2 reports."""
    if not vectors or any(a not in vectors for a in ids):
        return None
    matrix = np.stack([vectors[a] for a in ids]).astype(np.float32)
    bits = max(1, int(np.ceil(np.log2(2 * crowded / max_articles))))
    planes = np.random.default_rng(LSH_SEED).standard_normal((matrix.shape[1], bits)).astype(np.float32)
    side = matrix @ planes
    code = (side > 0).astype(np.int64) @ (1 << np.arange(bits))
    # multi-probe: the bucket across the plane this article is closest to
    other = code ^ (1 << np.abs(side).argmin(axis=1))
    return dict(zip(ids, zip(code.tolist(), other.tolist())))


def _split_by_meaning(number: int, day: int, by_day: dict[int, list[str]],
                      codes: dict[str, tuple[int, int]] | None, max_articles: int) -> list[Block]:
    """One day too large for a block, cut by LSH bucket: a block's core is the day's reports of its
    bucket; its halo, the day's reports whose nearest other bucket it is and the reports of the
    HALO_DAYS around of its bucket (nearest days first, bounded)."""
    ids = by_day[day]
    if codes is None:
        return [Block(number + k, ids[start:start + max_articles])
                for k, start in enumerate(range(0, len(ids), max_articles))]
    core: dict[int, list[str]] = defaultdict(list)
    probe: dict[int, list[str]] = defaultdict(list)
    for article_id in ids:
        bucket, other = codes[article_id]
        core[bucket].append(article_id)
        probe[other].append(article_id)
    nearby = sorted((d for d in by_day if d != day and abs(d - day) <= HALO_DAYS), key=lambda d: abs(d - day))
    blocks = []
    for bucket in sorted(core):
        halo = list(probe[bucket])
        for other_day in nearby:
            halo += [a for a in by_day[other_day] if codes[a][0] == bucket]
        members = core[bucket]
        for start in range(0, len(members), max_articles):
            blocks.append(Block(number + len(blocks), members[start:start + max_articles], halo[:max_articles]))
    return blocks


def _place_undated(blocks: list[Block], undated: list[str], vectors: dict[str, np.ndarray] | None,
                   max_articles: int) -> None:
    """Articles without any date can join any event: each goes to the core of the block whose
    centroid (mean vector of its core) is nearest to its own vector; without vectors (or blocks),
    they form blocks of their own."""
    vectors = vectors or {}
    placeable = [a for a in undated if a in vectors]
    rest = [a for a in undated if a not in vectors]
    centroids = [np.mean([vectors[a] for a in b.core if a in vectors], axis=0) if any(a in vectors for a in b.core)
                 else None for b in blocks]
    known = [n for n, c in enumerate(centroids) if c is not None]
    if placeable and known:
        matrix = np.stack([centroids[n] for n in known])
        matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
        nearest = (np.stack([vectors[a] for a in placeable]) @ matrix.T).argmax(axis=1)
        for article_id, column in zip(placeable, nearest.tolist()):
            blocks[known[column]].core.append(article_id)
    else:
        rest = undated
    for start in range(0, len(rest), max_articles):
        blocks.append(Block(len(blocks), rest[start:start + max_articles]))


# ------------------------------------------------------------------ reconciling

@dataclass
class BlockEvents:
    """What one block's events pass sends back: compact, per block."""

    number: int
    events: list[Event]
    mixed_articles: list[MixedArticle]
    temporal: list[TimeExpression]  # of its core articles, re-anchored on their events
    # warnings the grouping gave its core articles ("not English ..."), by article id
    warnings: dict[str, list[str]] = field(default_factory=dict)
    # core articles re-anchored on their event: (anchor day, the event's id in this block); the
    # warning is worded once the event has its final id (`Reconciled.event_warnings`)
    anchors: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class Reconciled:
    """The events of all blocks as the one pass gives them."""

    events: list[Event]
    mixed_articles: list[MixedArticle]
    temporal: list[TimeExpression]
    warnings: dict[str, list[str]]
    anchors: dict[str, tuple[str, str]]  # as in BlockEvents, with the events' final ids

    @classmethod
    def of_one_block(cls, result: BlockEvents) -> Reconciled:
        """A pile that is one block: its pass's results as they are (the ids are final)."""
        return cls(result.events, result.mixed_articles, result.temporal, result.warnings, result.anchors)

    def rename_events(self, rename: Callable[[list[Event], list[MixedArticle]], None]) -> None:
        """Let `rename` (an `EventNamer`) give the events other ids; the anchors follow."""
        before = [event.id for event in self.events]
        rename(self.events, self.mixed_articles)
        renamed = {old: event.id for old, event in zip(before, self.events)}
        self.anchors = {a: (day, renamed.get(event, event)) for a, (day, event) in self.anchors.items()}

    def event_warnings(self) -> dict[str, list[str]]:
        """Each article's warnings from the events stage, worded as the one pass words them: the
        grouping's, then the re-anchoring's, which names the article's event."""
        from ..time.resolve import event_anchor_warning

        found = {a: list(w) for a, w in self.warnings.items()}
        for article_id, (day, event_id) in self.anchors.items():
            found.setdefault(article_id, []).append(event_anchor_warning(day, event_id))
        return found


def reconcile(blocks: list[Block], results: list[BlockEvents], article_order: Sequence[str]) -> Reconciled:
    """The events of all blocks as one list (ids e1, e2, ... in order of first core report)."""
    core_block = {a: block.number for block in blocks for a in block.core}
    nodes: list[tuple[int, Event]] = [(r.number, e) for r in results for e in r.events]
    holder: dict[tuple[str, int], int] = {}
    shared: list[tuple[int, int]] = []  # two nodes holding one (article, sentence): one event
    for node, (_, event) in enumerate(nodes):
        for segment in event.segments:
            for sentence in segment.sentences:
                other = holder.setdefault((segment.article, sentence), node)
                if other != node:
                    shared.append((node, other))
    groups: dict[int, list[int]] = defaultdict(list)
    for node, representative in join(shared, range(len(nodes))).items():
        groups[representative].append(node)
    position = {a: n for n, a in enumerate(article_order)}
    merged = []
    for members in groups.values():
        owned = [(nodes[n][1], [s for s in nodes[n][1].segments if core_block.get(s.article) == nodes[n][0]])
                 for n in members]
        if not any(segments for _, segments in owned):
            continue  # only halo reports: their core blocks report them
        merged.append((_merged_event([e for e, _ in owned], [s for _, ss in owned for s in ss], position),
                       {id(nodes[n][1]) for n in members}))
    merged.sort(key=lambda item: min((position.get(a, len(position)) for a in item[0].articles), default=0))
    renamed: dict[tuple[int, str], str] = {}
    events = []
    for number, (event, parts) in enumerate(merged, start=1):
        event.id = f"e{number}"
        events.append(event)
        for block, original in nodes:
            if id(original) in parts:
                renamed[(block, original.id)] = event.id
    mixed, temporal = [], []
    warnings: dict[str, list[str]] = {}
    anchors: dict[str, tuple[str, str]] = {}
    for result in results:
        for record in result.mixed_articles:
            if core_block.get(record.article) == result.number:
                ids = list(dict.fromkeys(renamed.get((result.number, e), e) for e in record.events))
                mixed.append(MixedArticle(record.article, ids, record.explanation))
        temporal += [t for t in result.temporal if core_block.get(t.article) == result.number]
        warnings.update((a, w) for a, w in result.warnings.items() if core_block.get(a) == result.number)
        anchors.update((a, (day, renamed.get((result.number, event), event)))
                       for a, (day, event) in result.anchors.items() if core_block.get(a) == result.number)
    if len(results) > 1:  # one block: already in the one-pass order
        mixed.sort(key=lambda m: position.get(m.article, 0))
        temporal.sort(key=lambda t: position.get(t.article, 0))  # stable: each article's own order kept
    return Reconciled(events, mixed, temporal, warnings, anchors)


def _merged_event(parts: list[Event], segments: list[Segment], position: dict[str, int]) -> Event:
    """One event from its parts in several blocks: the largest part describes it; its articles and
    segments are those the parts' own blocks own; its dates span the parts'."""
    largest = max(parts, key=lambda e: len(e.articles))
    by_article: dict[str, set[int]] = defaultdict(set)
    for segment in segments:
        by_article[segment.article].update(segment.sentences)
    order = sorted(by_article, key=lambda a: position.get(a, len(position)))
    starts = [e.start for e in parts if e.start]
    ends = [e.end for e in parts if e.end]
    return Event(id=largest.id, title=largest.title, articles=order,
                 start=min(starts) if starts else None, end=max(ends) if ends else None,
                 places=list(largest.places), participants=list(largest.participants),
                 segments=[Segment(article=a, sentences=sorted(by_article[a])) for a in order])


def blocked_events(articles: list[Article], timexes: list[TimeExpression],
                   max_articles: int = MAX_BLOCK_ARTICLES) -> Reconciled:
    """The events pass block by block in this process (what the Spark engine runs one task per
    block)."""
    blocks = plan_blocks(anchor_days(articles), article_vectors(articles), max_articles)
    by_id = {a.id: a for a in articles}
    timexes_of: dict[str, list[TimeExpression]] = defaultdict(list)
    for expression in timexes:
        timexes_of[expression.article].append(expression)
    counts = pile_term_counts(articles, timexes, blocks)
    results = [events_of_block(block, [by_id[a] for a in block.members],
                               [t for a in block.members for t in timexes_of[a]], counts[block.number])
               for block in blocks]
    return reconcile(blocks, results, [a.id for a in articles])


def pile_term_counts(articles: Sequence[Article], timexes: Sequence[TimeExpression], blocks: list[Block]
                     ) -> dict[int, TermCounts | None]:
    """Each block's share of the whole pile's document frequencies (the counts of the terms its
    reports hold), so that every block weighs words as one pass over the pile would; None for a
    single block (the pass then fits them on the pile itself, the same counts)."""
    if len(blocks) < 2:
        return {block.number: None for block in blocks}
    from .grouping import segment_terms

    by_article = segment_terms(articles, timexes)
    pile = TermCounts.of([terms for parts in by_article.values() for terms in parts])
    return {block.number: pile.subset(set().union(set(), *(t for a in block.members for t in by_article.get(a, []))))
            for block in blocks}


def events_of_block(block: Block, articles: list[Article], timexes: list[TimeExpression],
                    term_counts: TermCounts | None = None) -> BlockEvents:
    """One block's events pass: the pipeline's own grouping, re-anchoring and re-dating, words
    weighed by `term_counts` (the whole pile's document frequencies; None: the block's own)."""
    from ..time.resolve import event_anchors
    from .grouping import group_events, redate_events

    position = {a.id: n for n, a in enumerate(articles)}
    # the pass warns by appending to an article's warnings ("not English ..."): on copies, so the
    # caller's articles are unchanged and the warnings come back with the block's result
    ordered = [replace(a, warnings=[]) for a in sorted(articles, key=lambda a: _order_key(a.id, position))]
    core = set(block.core)
    events, mixed = group_events(ordered, timexes, term_counts)
    temporal, anchors = event_anchors(ordered, timexes, events)
    redate_events(events, temporal)
    return BlockEvents(block.number, events, mixed, [t for t in temporal if t.article in core],
                       {a.id: a.warnings for a in ordered if a.id in core and a.warnings},
                       {a: anchor for a, anchor in anchors.items() if a in core})


def _order_key(article_id: str, position: dict[str, int]) -> tuple[int, int]:
    # article ids are a1, a2, ... in input order: keep the input order within a block
    digits = article_id[1:]
    return (int(digits), 0) if article_id[:1] == "a" and digits.isdigit() else (10**12, position[article_id])


def article_vectors(articles: Sequence[Article]) -> dict[str, np.ndarray]:
    """Each article's mean sentence vector (the nlp stage's vectors), for splitting a crowded day:
    `embeddings.article_vector` of each article with sentence vectors (the Spark engine's reuse
    stage reuses them)."""
    from ..embeddings import carries_sentence_vectors, mean_vector

    return {a.id: mean_vector(np.asarray(a.sentence_vectors, dtype=np.float32)) for a in articles
            if carries_sentence_vectors(a)}

