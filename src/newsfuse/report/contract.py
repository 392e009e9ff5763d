"""The JSON report: every top-level key of SPEC.md (schema_version "1"), plus documented extensions.

Extensions (free to add under SPEC.md): `time_inconsistencies`, `outlet_coverage` (per event and
outlet: claims only it reports, corroborated claims it leaves out), `run` (version, stage timings,
counts). Article records carry `item`, `author`, `entities`, `extraction`, `warnings` and
`language_confidence` beyond the contract.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .. import __version__

if TYPE_CHECKING:  # the records only; `Analysis.to_json` calls back into this package
    from ..analysis import Analysis
    from ..models import Article

SCHEMA_VERSION = "1"


def build_report(analysis: Analysis) -> dict[str, Any]:
    return spec_report(
        inputs=[record.to_json() for record in analysis.inputs],
        articles=[article_record(article, analysis.event_warnings) for article in analysis.articles],
        temporal=[expression.to_json() for expression in analysis.temporal],
        events=[event.to_json() for event in analysis.events],
        mixed_articles=[mixed.to_json() for mixed in analysis.mixed_articles],
        reuse=[reuse.to_json() for reuse in analysis.reuse],
        claims=[claim.to_json() for claim in analysis.claims],
        conflicts=[conflict.to_json() for conflict in analysis.conflicts],
        framing=[entry.to_json() for entry in analysis.framing],
        summary=[sentence.to_json() for sentence in analysis.summary],
        time_inconsistencies=analysis.time_inconsistencies,
        outlet_coverage=analysis.outlet_coverage,
        seconds_per_stage=analysis.seconds_per_stage,
        chosen_events=analysis.chosen_events.to_json() if analysis.chosen_events else None,
    )


def article_record(article: Article, event_warnings: Mapping[str, list[str]]) -> dict[str, Any]:
    """An article's report record: its own warnings, then those its event gave it."""
    return {**article.to_json(), "warnings": article.warnings + event_warnings.get(article.id, [])}


def spec_report(*, inputs: list[dict], articles: list[dict], temporal: list[dict], events: list[dict],
                mixed_articles: list[dict], reuse: list[dict], claims: list[dict], conflicts: list[dict],
                framing: list[dict], summary: list[dict], time_inconsistencies: list[dict],
                outlet_coverage: dict[str, Any], seconds_per_stage: dict[str, float],
                generated_at: dt.datetime | None = None, chosen_events: dict[str, Any] | None = None
                ) -> dict[str, Any]:
    """The report dict from records already in their JSON form: the one builder of the contract,
    for a run (`build_report`) and for a stored collection (`store.assemble`). `chosen_events`
    ({"asked": [...], "found": N}) marks a report of some of the run's events only."""
    generated = generated_at or dt.datetime.now(dt.timezone.utc)
    run: dict[str, Any] = {
        "newsfuse_version": __version__,
        "inputs": dict(Counter(record["status"] for record in inputs)),
        "articles": len(articles),
        "seconds_per_stage": seconds_per_stage,
    }
    if chosen_events is not None:
        run["chosen_events"] = chosen_events
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": generated.isoformat(timespec="seconds"),
        "inputs": inputs,
        "articles": articles,
        "temporal": temporal,
        "events": events,
        "mixed_articles": mixed_articles,
        "reuse": reuse,
        "claims": claims,
        "conflicts": conflicts,
        "framing": framing,
        "summary": summary,
        "time_inconsistencies": time_inconsistencies,
        "outlet_coverage": outlet_coverage,
        "run": run,
    }
