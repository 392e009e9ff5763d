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
from ..report.contract import article_record, build_report

TABLES = ("inputs", "articles", "temporal", "events", "reuse", "claims", "conflicts")
# the tables whose rows have a day (the `day` column, one folder each)
PARTITIONED = ("articles", "temporal", "events", "claims", "conflicts")
UNKNOWN_DAY = "unknown"


def day_of(value: str | None) -> str:
    """The partition folder's day of a date: its calendar day, or `unknown`."""
    return (value or "")[:10] or UNKNOWN_DAY


def write_tables(spark, analysis: Analysis, folder: Path) -> dict[str, Path]:
    """Write every non-empty table of an Analysis held on the driver to FOLDER/NAME.parquet
    (overwriting), dated tables partitioned by `day`; return where each went."""
    sc = spark.sparkContext
    report = build_report(analysis)
    article_day = {a.id: day_of(a.published.value) for a in analysis.articles}
    event_day = {e.id: day_of(e.start) for e in analysis.events}
    days = {"articles": lambda row: article_day.get(row["id"], UNKNOWN_DAY),
            "temporal": lambda row: article_day.get(row["article"], UNKNOWN_DAY),
            "events": lambda row: event_day.get(row["id"], UNKNOWN_DAY),
            "claims": lambda row: event_day.get(row["event"], UNKNOWN_DAY),
            "conflicts": lambda row: event_day.get(row["event"], UNKNOWN_DAY)}
    rows = {name: sc.parallelize([_dated(row, days.get(name)) for row in report[name]]) for name in TABLES}
    return _write(spark, rows, folder)


def write_run(spark, run, folder: Path) -> dict[str, Path]:
    """The tables of a Spark run (engine.SparkRun) written by the executors from the rows they hold
    (articles and dates from the pile, claims and conflicts from the events' comparisons); the
    driver adds only its compact records (inputs, events, reuse)."""
    sc = spark.sparkContext
    analysis = run.analysis
    event_day = {e.id: day_of(e.start) for e in analysis.events}
    shared = sc.broadcast({"warnings": analysis.event_warnings, "event_day": event_day})

    def article_rows(row):
        article = row.article
        day = day_of(article.published.value)
        yield "articles", _dated(article_record(article, shared.value["warnings"]), lambda _: day)
        for expression in row.temporal:
            yield "temporal", _dated(expression.to_json(), lambda _: day)

    def compared_rows(part):
        for name in ("claims", "conflicts"):
            for record in part.get(name, ()):
                yield name, _dated(record.to_json(), lambda row: shared.value["event_day"].get(row["event"], UNKNOWN_DAY))

    try:
        from pyspark import StorageLevel

        piled = run.pile.rows.flatMap(lambda kv: article_rows(kv[1])).persist(StorageLevel.MEMORY_AND_DISK)
        compared = (run.compared.flatMap(lambda kv: compared_rows(kv[1])) if run.compared is not None
                    else sc.parallelize([])).persist(StorageLevel.MEMORY_AND_DISK)
        rows = {"inputs": sc.parallelize([r.to_json() for r in analysis.inputs]),
                "articles": _table(piled, "articles"), "temporal": _table(piled, "temporal"),
                "events": sc.parallelize([_dated(e.to_json(), lambda row: event_day.get(row["id"], UNKNOWN_DAY))
                                          for e in analysis.events]),
                "reuse": sc.parallelize([r.to_json() for r in analysis.reuse]),
                "claims": _table(compared, "claims"), "conflicts": _table(compared, "conflicts")}
        written = _write(spark, rows, folder)
        piled.unpersist()
        compared.unpersist()
        return written
    finally:
        shared.unpersist()


def _table(rows, name: str):
    return rows.filter(lambda item: item[0] == name).map(lambda item: item[1])


def _dated(row: dict[str, Any], day_of_row) -> dict[str, Any]:
    return row if day_of_row is None else {**row, "day": day_of_row(row)}


def _write(spark, rows: dict[str, Any], folder: Path) -> dict[str, Path]:
    """Each table's rows (an RDD of report records, dated ones with their `day`) as Parquet."""
    written: dict[str, Path] = {}
    for name in TABLES:
        table = rows[name]
        if table.isEmpty():
            continue  # no rows, no schema to infer: the table is absent, as in report.json it is []
        lines = table.map(lambda row: json.dumps(row, ensure_ascii=False))
        target = folder / f"{name}.parquet"
        writer = spark.read.json(lines).write.mode("overwrite")
        if name in PARTITIONED:
            writer = writer.partitionBy("day")
        writer.parquet(str(target))
        written[name] = target
    return written
