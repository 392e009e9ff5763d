"""The compare stage spread over executors, one task per event (blocking by event).

Claims, conflicts, framing and summaries of one event depend only on that event's articles, their
time expressions, and the reuse chains that decide which mentions are independent. So each task
runs the pipeline's own compare stage (the `Stage` the runner hands the executor) on a small
Analysis holding one event, its articles plus every article in the same reuse component (so
independence is counted over the same chains as on all articles), and their time expressions; the
driver concatenates what the stage writes (`Stage.writes`) in event order, which is the order the
local engine produces them in.
"""
from __future__ import annotations

from collections import defaultdict

from ..analysis import Analysis
from ..stages import AnalysisOptions, SilentProgress, Stage


def event_tasks(analysis: Analysis) -> list[tuple[int, Analysis]]:
    """(event position, the small Analysis that compare needs for that event)."""
    from ..reuse.components import source_components

    position = {a.id: n for n, a in enumerate(analysis.articles)}
    root = source_components(list(position), list(analysis.reuse))
    component: dict[str, list[str]] = defaultdict(list)
    for article_id, representative in root.items():
        component[representative].append(article_id)
    temporal: dict[str, list] = defaultdict(list)
    for expression in analysis.temporal:
        temporal[expression.article].append(expression)
    # a reuse pair links two articles of one component: index pairs by it (each event reads only
    # its own components' pairs, not every pair of the pile)
    reuse_of: dict[str, list] = defaultdict(list)
    for number, pair in enumerate(analysis.reuse):
        if pair.source in root:
            reuse_of[root[pair.source]].append((number, pair))
    tasks = []
    for index, event in enumerate(analysis.events):
        ids = {m for a in event.articles if a in root for m in component[root[a]]}
        ordered = sorted(ids, key=position.__getitem__)
        roots = dict.fromkeys(root[a] for a in event.articles if a in root)
        pairs = sorted((item for r in roots for item in reuse_of[r]), key=lambda item: item[0])
        tasks.append((index, Analysis(
            articles=[analysis.articles[position[i]] for i in ordered],
            temporal=[t for i in ordered for t in temporal[i]],
            events=[event],
            reuse=[r for _, r in pairs if r.source in ids and r.derived in ids],
        )))
    return tasks


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


def distributed_compare(sc, stage: Stage, analysis: Analysis, options: AnalysisOptions) -> None:
    tasks = event_tasks(analysis)
    if not tasks:
        stage.run(analysis, options, SilentProgress())
        return
    # Big events first, so that one large event does not start last and leave the other cores idle.
    tasks.sort(key=lambda t: -len(t[1].articles))
    slices = min(len(tasks), max(sc.defaultParallelism * 4, len(tasks) // 20))
    results = sorted(sc.parallelize(tasks, slices).map(lambda t: (t[0], run_on_event(stage, t[1], options))).collect(),
                     key=lambda r: r[0])
    merge(analysis, stage, [part for _, part in results])
