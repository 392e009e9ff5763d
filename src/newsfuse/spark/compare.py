"""The compare stage spread over executors, one task per event (blocking by event).

Claims, conflicts, framing and summaries of one event depend only on that event's articles, their
time expressions, and the reuse chains that decide which mentions are independent. So each task
runs the pipeline's own compare stage (the `Stage` the runner hands the executor) on a small
Analysis holding one event, its articles plus every article in the same reuse component (so
independence is counted over the same chains as on all articles), and their time expressions.

On the Spark engine the driver works out only which articles each event needs (`event_members`,
from ids: the events and the reuse pairs); each pile row goes to the tasks of the events that need
it, and what the tasks write stays on the executors (`distributed_compare`), for the Parquet
tables and the report's chosen events. `merge` concatenates those parts in event order, the order
the local engine produces them in.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from ..analysis import Analysis
from ..models import Event, Reuse
from ..stages import AnalysisOptions, SilentProgress, Stage

# (ids of the articles an event's comparison reads, in article order; the reuse pairs among them)
Members = tuple[list[str], list[Reuse]]


def event_members(article_ids: Sequence[str], events: Sequence[Event], reuse: Sequence[Reuse]) -> list[Members]:
    """For each event: its articles plus every article of their reuse components, in article
    order, and the reuse pairs among them (in the pile's order)."""
    from ..reuse.components import source_components

    position = {a: n for n, a in enumerate(article_ids)}
    root = source_components(list(position), list(reuse))
    component: dict[str, list[str]] = defaultdict(list)
    for article_id, representative in root.items():
        component[representative].append(article_id)
    # a reuse pair links two articles of one component: index pairs by it (each event reads only
    # its own components' pairs, not every pair of the pile)
    reuse_of: dict[str, list] = defaultdict(list)
    for number, pair in enumerate(reuse):
        if pair.source in root:
            reuse_of[root[pair.source]].append((number, pair))
    found = []
    for event in events:
        ids = {m for a in event.articles if a in root for m in component[root[a]]}
        roots = dict.fromkeys(root[a] for a in event.articles if a in root)
        pairs = sorted((item for r in roots for item in reuse_of[r]), key=lambda item: item[0])
        found.append((sorted(ids, key=position.__getitem__),
                      [r for _, r in pairs if r.source in ids and r.derived in ids]))
    return found


def event_tasks(analysis: Analysis) -> list[tuple[int, Analysis]]:
    """(event position, the small Analysis that compare needs for that event), from an Analysis
    that holds every article."""
    by_id = {a.id: a for a in analysis.articles}
    temporal: dict[str, list] = defaultdict(list)
    for expression in analysis.temporal:
        temporal[expression.article].append(expression)
    members = event_members(list(by_id), analysis.events, analysis.reuse)
    return [(index, Analysis(articles=[by_id[i] for i in ids], temporal=[t for i in ids for t in temporal[i]],
                             events=[event], reuse=pairs))
            for index, (event, (ids, pairs)) in enumerate(zip(analysis.events, members))]


def run_on_event(stage: Stage, task: Analysis, options: AnalysisOptions) -> dict:
    """Run an event-scoped stage on one event's Analysis; return only what it wrote."""
    stage.run(task, options, SilentProgress())
    return {name: getattr(task, name) for name in stage.writes}


def merge(analysis: Analysis, stage: Stage, written: list[dict]) -> None:
    """Concatenate lists and unite dicts, in event order."""
    for name in stage.writes:
        value = getattr(analysis, name)
        for part in written:
            if isinstance(value, list):
                value.extend(part[name])
            elif isinstance(value, dict):
                value.update(part[name])


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
