"""The events stage on executors, one task per block of articles (events/blocking.py).

The driver plans the blocks from each article's anchor day and mean vector (a few numbers per
article), ships each block's articles and time expressions to one task, which runs the pipeline's
own events pass on them (`blocking.events_of_block`, words weighed by the whole pile's document
frequencies, which the driver counts), and reconciles what comes back: events
(ids and (article, sentence) segments), mixed-article records, re-anchored dates of the block's
core articles. A pile of at most `blocking.MAX_BLOCK_ARTICLES` is one block: the driver then runs the
local engine's events stage itself, and the result is the local engine's exactly.
"""
from __future__ import annotations

import os
from collections import defaultdict

from ..analysis import Analysis
from ..events.blocking import (MAX_BLOCK_ARTICLES, anchor_days, article_vectors, events_of_block, pile_term_counts,
                               plan_blocks, reconcile)
from ..stages import AnalysisOptions


def block_size() -> int:
    """Articles per block: MAX_BLOCK_ARTICLES, or $NEWSFUSE_EVENT_BLOCK (tests force small blocks)."""
    return int(os.environ.get("NEWSFUSE_EVENT_BLOCK", MAX_BLOCK_ARTICLES))


def distributed_events(sc, analysis: Analysis, options: AnalysisOptions) -> None:
    articles = analysis.articles
    blocks = plan_blocks(anchor_days(articles), article_vectors(articles), block_size())
    if len(blocks) == 1:
        # One block is the whole pile: the driver runs the local engine's stage itself. (On an
        # executor the pass would run under another PYTHONHASHSEED, and group_events still orders
        # some names by set iteration: events' participants, and so claims, could differ.)
        from ..stages import SilentProgress, STAGES

        next(s for s in STAGES if s.name == "events").run(analysis, options, SilentProgress())
        return
    by_id = {a.id: a for a in articles}
    timexes_of: dict[str, list] = defaultdict(list)
    for expression in analysis.temporal:
        timexes_of[expression.article].append(expression)
    # every block weighs words by the whole pile's document frequencies (its terms' share only)
    counts = pile_term_counts(articles, analysis.temporal, blocks)
    tasks = [(block, [by_id[a] for a in block.members], [t for a in block.members for t in timexes_of[a]],
              counts[block.number]) for block in blocks]
    # Largest blocks first, so one big block does not start last and leave the other cores idle.
    tasks.sort(key=lambda task: -len(task[1]))
    results = (sc.parallelize(tasks, max(1, len(tasks)))
               .map(lambda task: events_of_block(*task)).collect())
    results.sort(key=lambda result: result.number)
    for result in results:
        for article_id, warnings in result.warnings.items():
            by_id[article_id].warnings += warnings
    events, mixed, temporal = reconcile(blocks, results, [a.id for a in articles])
    if options.name_events is not None:
        options.name_events(events, mixed)
    analysis.events, analysis.mixed_articles, analysis.temporal = events, mixed, temporal
