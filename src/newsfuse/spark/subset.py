"""A report for chosen events only: a day of world news is thousands of events, and a reader wants
report.json/md/html for a few of them while the Parquet collection keeps everything."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from ..analysis import Analysis, ChosenEvents
from ..models import Event


# `--events largest:N`: the N events with the most reports, for a reader who cannot know the ids
# before the run (one run of a day's pile, not one to learn the ids and another for the report).
LARGEST = "largest:"


class UnknownEvents(ValueError):
    """Event ids asked for that the run did not produce, or a `largest:N` that is not a count."""


def chosen_event_ids(events: list[Event], asked: Iterable[str]) -> list[str]:
    """The ids `asked` names, in the run's event order: ids as given, `largest:N` for the N events
    with the most reports (ties: the earlier event). Raises UnknownEvents for an id the run did
    not produce or a malformed `largest:`."""
    known = {e.id for e in events}
    wanted: set[str] = set()
    unknown = []
    for item in asked:
        if item.startswith(LARGEST):
            count = item[len(LARGEST):]
            if not count.isdigit() or int(count) < 1:
                raise UnknownEvents(f"{item!r}: expected largest:N with N a whole number of events, e.g. largest:20")
            order = sorted(range(len(events)), key=lambda n: (-len(events[n].articles), n))
            wanted.update(events[n].id for n in order[:int(count)])
        elif item in known:
            wanted.add(item)
        else:
            unknown.append(item)
    if unknown:
        raise UnknownEvents(f"no such events: {', '.join(sorted(unknown))}")
    return [e.id for e in events if e.id in wanted]


def select_events(analysis: Analysis, event_ids: Iterable[str], asked: list[str] | None = None) -> Analysis:
    """The analysis restricted to `event_ids`, their articles and what refers to them.

    `inputs` stays complete (the contract lists every input item); everything else keeps only the
    entries about the chosen events or their articles, in the original order. The result says it
    is partial (`Analysis.chosen_events`: `asked`, what the reader asked for, else the ids)."""
    wanted = set(event_ids)
    events = [e for e in analysis.events if e.id in wanted]
    unknown = wanted - {e.id for e in events}
    if unknown:
        raise UnknownEvents(f"no such events: {', '.join(sorted(unknown))}")
    articles = {a for e in events for a in e.articles}
    claims = [c for c in analysis.claims if c.event in wanted]
    claim_ids = {c.id for c in claims}
    return dataclasses.replace(
        analysis,
        chosen_events=ChosenEvents(asked=list(asked or sorted(wanted)), found=len(analysis.events)),
        articles=[a for a in analysis.articles if a.id in articles],
        temporal=[t for t in analysis.temporal if t.article in articles],
        time_inconsistencies=[p for p in analysis.time_inconsistencies if p.get("article") in articles],
        events=events,
        mixed_articles=[m for m in analysis.mixed_articles if m.article in articles],
        reuse=[r for r in analysis.reuse if r.source in articles and r.derived in articles],
        claims=claims,
        conflicts=[c for c in analysis.conflicts if c.event in wanted],
        framing=[f for f in analysis.framing if f.article in articles],
        summary=[s for s in analysis.summary if set(s.claims) & claim_ids],
        **_per_event_fields(analysis, wanted),
    )


def _per_event_fields(analysis: Analysis, wanted: set[str]) -> dict:
    """Fields keyed by event id that newer versions of Analysis carry (e.g. outlet_coverage)."""
    fields = {}
    for name in ("outlet_coverage",):
        value = getattr(analysis, name, None)
        if isinstance(value, dict):
            fields[name] = {k: v for k, v in value.items() if k in wanted}
    return fields
