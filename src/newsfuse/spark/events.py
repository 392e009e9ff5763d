"""The events stage on executors, one task per block of articles (events/blocking.py).

The driver plans the blocks from the articles' summaries (anchor day and mean vector: a few
numbers per article) and never holds the articles: each article row of the pile goes to the task of
every block it belongs to (core or halo), which runs the pipeline's own events pass on them
(`blocking.events_of_block`), words weighed by the whole pile's document frequencies (counted on
the executors). The driver reconciles what comes back — events (ids and (article, sentence)
segments), mixed-article records, warnings — while the re-anchored dates of each block's core
articles go straight back into the pile on the executors.

A pile of at most `blocking.MAX_BLOCK_ARTICLES` is one block, one task: the pass runs unchanged and
the result is the local engine's exactly (tests/test_spark.py, tests/test_spark_events.py).
"""
from __future__ import annotations

import os
from collections import defaultdict
from operator import add

from ..analysis import Analysis
from ..events.blocking import (MAX_BLOCK_ARTICLES, BlockEvents, Reconciled, events_of_block, plan_blocks,
                               reconcile)
from ..events.linkage import TermCounts
from ..stages import AnalysisOptions
from .partitions import Annotated


def block_size() -> int:
    """Articles per block: MAX_BLOCK_ARTICLES, or $NEWSFUSE_EVENT_BLOCK (tests force small blocks)."""
    return int(os.environ.get("NEWSFUSE_EVENT_BLOCK", MAX_BLOCK_ARTICLES))


def distributed_events(sc, pile, analysis: Analysis, options: AnalysisOptions) -> None:
    """Fill `analysis.events`, `mixed_articles` and `event_warnings`; the pile's rows get their
    re-anchored time expressions (`Pile.replace_temporal`)."""
    from pyspark import StorageLevel

    summaries = pile.summaries
    if not summaries:
        analysis.events, analysis.mixed_articles, analysis.event_warnings = [], [], {}
        return
    blocks = plan_blocks({s.id: s.day for s in summaries},
                         {s.id: s.vector for s in summaries if s.vector is not None}, block_size())
    blocks_of: dict[str, list[int]] = defaultdict(list)
    for block in blocks:
        for article_id in block.members:
            blocks_of[article_id].append(block.number)
    plan = sc.broadcast({"blocks": {b.number: b for b in blocks}, "of": dict(blocks_of)})
    counts = None
    try:
        tasks = (pile.rows.flatMap(lambda kv: ((b, kv[1]) for b in plan.value["of"].get(kv[1].article.id, ())))
                 .groupByKey(len(blocks)))
        if len(blocks) > 1:
            counts = _block_term_counts(pile.rows, plan, len(blocks))
            results = tasks.join(counts, len(blocks)).map(
                lambda kv: _events_of(plan.value["blocks"][kv[0]], kv[1][0], kv[1][1]))
        else:
            results = tasks.map(lambda kv: _events_of(plan.value["blocks"][kv[0]], kv[1], None))
        results = results.persist(StorageLevel.MEMORY_AND_DISK)
        # The driver takes each block's events, mixed articles and warnings; dates stay out there.
        compact = sorted(results.map(_without_dates).collect(), key=lambda result: result.number)
        if len(blocks) > 1:
            reconciled = reconcile(blocks, compact, [s.id for s in summaries])
        else:  # the one pass over the pile: its events as they are, as the local engine has them
            reconciled = Reconciled.of_one_block(compact[0])
        pile.replace_temporal(results.flatMap(lambda result: _core_dates(result, plan.value["blocks"][result.number])))
        results.unpersist()
    finally:
        plan.unpersist()
        if counts is not None:
            counts.unpersist()
    if options.name_events is not None:
        reconciled.rename_events(options.name_events)
    analysis.events, analysis.mixed_articles = reconciled.events, reconciled.mixed_articles
    analysis.event_warnings = reconciled.event_warnings()


def _events_of(block, rows, counts: TermCounts | None) -> BlockEvents:
    """The pass over one block's rows, in the order of the block's members (core, then halo: the
    order of the time expressions the one-pass stage reads)."""
    place = {article_id: n for n, article_id in enumerate(block.members)}
    ordered: list[Annotated] = sorted(rows, key=lambda row: place[row.article.id])
    return events_of_block(block, [row.article for row in ordered], [t for row in ordered for t in row.temporal],
                           counts)


def _without_dates(result: BlockEvents) -> BlockEvents:
    return BlockEvents(result.number, result.events, result.mixed_articles, [], result.warnings, result.anchors)


def _core_dates(result: BlockEvents, block):
    """(article id, its time expressions after re-anchoring) for every core article of the block."""
    by_article: dict[str, list] = {article_id: [] for article_id in block.core}
    for expression in result.temporal:
        by_article[expression.article].append(expression)
    return by_article.items()


def _block_term_counts(rows, plan, blocks: int):
    """(block number, TermCounts): each block's share of the whole pile's document frequencies (the
    counts of the terms its reports hold, over every report segment of the pile), as
    `blocking.pile_term_counts` counts them, with the counting on the executors."""
    from pyspark import StorageLevel

    from ..events.grouping import segment_terms

    def terms_of(row: Annotated):
        article = row.article
        return article.id, segment_terms([article], row.temporal).get(article.id, [])

    terms = rows.map(lambda kv: terms_of(kv[1])).persist(StorageLevel.MEMORY_AND_DISK)
    documents = terms.map(lambda kv: len(kv[1])).sum()
    frequencies = terms.flatMap(lambda kv: ((t, 1) for parts in kv[1] for t in parts)).reduceByKey(add)
    wanted = terms.flatMap(lambda kv: ((t, b) for t in set().union(set(), *kv[1])
                                       for b in plan.value["of"].get(kv[0], ()))).distinct()
    per_block = (wanted.join(frequencies).map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
                 .groupByKey(blocks).mapValues(lambda items: TermCounts(int(documents), dict(items))))
    # every block gets its counts, even one whose reports hold no English term
    every = rows.context.parallelize([(b, TermCounts(int(documents), {})) for b in range(blocks)], blocks)
    counts = every.leftOuterJoin(per_block).mapValues(lambda pair: pair[1] or pair[0])
    counts.persist(StorageLevel.MEMORY_AND_DISK).count()
    terms.unpersist()
    return counts
