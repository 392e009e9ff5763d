"""The compare stage spread over executors, one task per event (compare/per_event.py).

The driver works out only which articles each event needs (`event_members`, from ids: the events
and the reuse pairs); each pile row goes to the tasks of the events that need it, each task runs
the pipeline's own compare stage on its event (`run_on_event`), and what the tasks write stays
cached on the executors, for the Parquet tables and the report's chosen events (`merge`d in event
order there, the order the local engine produces them in).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..analysis import Analysis
from ..compare.per_event import event_members, run_on_event
from ..stages import AnalysisOptions, Stage


def distributed_compare(sc, stage: Stage, pile, analysis: Analysis, options: AnalysisOptions):
    """(event position, what `stage` wrote for that event) for every event, computed and cached on
    the executors: each pile row goes to the tasks of the events whose comparison reads it."""
    from pyspark import StorageLevel

    events = analysis.events
    if not events:
        return sc.parallelize([], 1)
    members = event_members(pile.ids, events, analysis.reuse)
    needed_by: dict[str, list[int]] = defaultdict(list)
    for index, (ids, _) in enumerate(members):
        for article_id in ids:
            needed_by[article_id].append(index)
    # Big events spread first over the partitions, so that one large event does not share a
    # partition with the other large ones and leave the other cores idle.
    by_size = sorted(range(len(events)), key=lambda index: -len(members[index][0]))
    slices = min(len(events), max(sc.defaultParallelism * 4, len(events) // 20))
    plan = sc.broadcast({"events": events, "members": members, "needed_by": dict(needed_by),
                         "slot": {index: rank % slices for rank, index in enumerate(by_size)}})
    try:
        compared = (pile.rows.flatMap(lambda kv: ((i, kv[1]) for i in plan.value["needed_by"].get(kv[1].article.id, ())))
                    .groupByKey(slices, lambda index: plan.value["slot"][index])
                    .map(lambda kv: (kv[0], run_on_event(stage, _task(kv[0], kv[1], plan.value), options)))
                    .persist(StorageLevel.MEMORY_AND_DISK).setName("newsfuse compared"))
        compared.count()
    finally:
        plan.unpersist()
    return compared


def _task(index: int, rows: Iterable, plan: dict) -> Analysis:
    """One event's Analysis from its pile rows, as `event_tasks` builds it from all articles."""
    ordered = sorted(rows, key=lambda row: row.order)
    _, pairs = plan["members"][index]
    return Analysis(articles=[row.article for row in ordered], temporal=[t for row in ordered for t in row.temporal],
                    events=[plan["events"][index]], reuse=pairs)
