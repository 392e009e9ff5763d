"""The JSON report: every top-level key of SPEC.md (schema_version "1"), plus documented extensions.

Extensions (free to add under SPEC.md): `time_inconsistencies`, `outlet_coverage` (per event and
outlet: claims only it reports, corroborated claims it leaves out), `run` (version, stage timings,
counts). Article records carry `item`, `author`, `entities`, `extraction`, `warnings` and
`language_confidence` beyond the contract.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from .. import __version__
from ..pipeline import Analysis

SCHEMA_VERSION = "1"


def build_report(analysis: Analysis) -> dict[str, Any]:
    statuses = Counter(record.status for record in analysis.inputs)
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "inputs": [record.to_json() for record in analysis.inputs],
        "articles": [article.to_json() for article in analysis.articles],
        "temporal": [expression.to_json() for expression in analysis.temporal],
        "events": [event.to_json() for event in analysis.events],
        "mixed_articles": [mixed.to_json() for mixed in analysis.mixed_articles],
        "reuse": [reuse.to_json() for reuse in analysis.reuse],
        "claims": [claim.to_json() for claim in analysis.claims],
        "conflicts": [conflict.to_json() for conflict in analysis.conflicts],
        "framing": [entry.to_json() for entry in analysis.framing],
        "summary": [sentence.to_json() for sentence in analysis.summary],
        "time_inconsistencies": analysis.time_inconsistencies,
        "outlet_coverage": analysis.outlet_coverage,
        "run": {
            "newsfuse_version": __version__,
            "inputs": dict(statuses),
            "articles": len(analysis.articles),
            "seconds_per_stage": analysis.seconds_per_stage,
        },
    }
