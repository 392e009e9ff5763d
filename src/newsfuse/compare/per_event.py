"""The compare stage cut into one task per event, for the engines that spread it (Spark's
executors, the local engine's worker processes: `spark/compare.py`, `parallel.py`).

Claims, conflicts, framing and summaries of one event depend only on that event's articles, their
time expressions, and the reuse chains that decide which mentions are independent. So a task is a
small Analysis holding one event, its articles plus every article in the same reuse component (so
independence is counted over the same chains as on all articles), and their time expressions; the
pipeline's own compare stage runs on it (`run_on_event`), and `merge` concatenates what the tasks
wrote (`Stage.writes`) in event order, the order the one-process stage produces them in.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

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
