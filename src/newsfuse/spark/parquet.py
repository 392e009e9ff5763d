"""The collection as Parquet: one table per record kind, nested fields kept nested.

Each record's own `to_json()` (the report contract's shape) is the row, and Spark infers the
nested schema from those JSON rows, so the Parquet columns never drift from report.json.

Tables whose rows have a day are partitioned by it (`day=YYYY-MM-DD/` folders, `day=unknown`
without one): articles by publication day, events by start day, claims and conflicts by their
event's start day, temporal by its article's publication day. A reader of one day's events (or a
report of chosen events) then reads those folders only, never the whole pile.
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


UNKNOWN_DAY = "unknown"


def row_days(analysis: Analysis) -> dict[str, Any]:
    """The partition day of each table's rows: a function of the row, per dated table."""
    article_day = {a.id: (a.published.value or "")[:10] or UNKNOWN_DAY for a in analysis.articles}
    event_day = {e.id: (e.start or "")[:10] or UNKNOWN_DAY for e in analysis.events}
    return {
        "articles": lambda row: article_day.get(row["id"], UNKNOWN_DAY),
        "temporal": lambda row: article_day.get(row["article"], UNKNOWN_DAY),
        "events": lambda row: event_day.get(row["id"], UNKNOWN_DAY),
        "claims": lambda row: event_day.get(row["event"], UNKNOWN_DAY),
        "conflicts": lambda row: event_day.get(row["event"], UNKNOWN_DAY),
    }


def write_tables(spark, analysis: Analysis, folder: Path) -> dict[str, Path]:
    """Write every non-empty table to FOLDER/NAME.parquet (overwriting), dated tables partitioned by
    `day`; return where each went."""
    written: dict[str, Path] = {}
    days = row_days(analysis)
    for name, rows in tables(analysis).items():
        if not rows:
            continue  # no rows, no schema to infer: the table is absent, as in report.json it is []
        day_of = days.get(name)
        if day_of is not None:
            rows = [{**row, "day": day_of(row)} for row in rows]
        lines = spark.sparkContext.parallelize([json.dumps(row, ensure_ascii=False) for row in rows])
        target = folder / f"{name}.parquet"
        writer = spark.read.json(lines).write.mode("overwrite")
        if day_of is not None:
            writer = writer.partitionBy("day")
        writer.parquet(str(target))
        written[name] = target
    return written
