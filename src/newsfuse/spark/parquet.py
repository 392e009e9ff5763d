"""The collection as Parquet: one table per record kind, nested fields kept nested.

Each record's own `to_json()` (the report contract's shape) is the row, and Spark infers the
nested schema from those JSON rows, so the Parquet columns never drift from report.json.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..analysis import Analysis
from ..report.contract import build_report


TABLES = ("inputs", "articles", "temporal", "events", "reuse", "claims", "conflicts")


def tables(analysis: Analysis) -> dict[str, list[dict[str, Any]]]:
    """The report.json sections kept as Parquet tables, row for row as in report.json."""
    report = build_report(analysis)
    return {name: report[name] for name in TABLES}


def write_tables(spark, analysis: Analysis, folder: Path) -> dict[str, Path]:
    """Write every non-empty table to FOLDER/NAME.parquet (overwriting); return where each went."""
    written: dict[str, Path] = {}
    for name, rows in tables(analysis).items():
        if not rows:
            continue  # no rows, no schema to infer: the table is absent, as in report.json it is []
        lines = spark.sparkContext.parallelize([json.dumps(row, ensure_ascii=False) for row in rows])
        target = folder / f"{name}.parquet"
        spark.read.json(lines).write.mode("overwrite").parquet(str(target))
        written[name] = target
    return written
