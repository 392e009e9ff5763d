"""The Spark engine: the same stages as `pipeline.analyze`, with the per-item work spread over executors.

What runs where (issue #8):
- executors, one task per group of input files: ingest (`ingest.ingest` per file: read, decode,
  extract, language), then, re-partitioned into balanced ranges of articles, NLP
  (`nlp.annotate`, spaCy loaded once per Python worker), the sentence embeddings (MiniLM, loaded
  once per worker; the vectors then travel with the articles, so no later stage embeds them again)
  and the time stage (`time.resolve_articles`, which is per article);
- executors again: the reuse stage, blocked by a shuffle on LSH band keys so only pairs sharing a
  bucket (or embedding neighbours) are verified and aligned, with the local engine's own pieces
  (reuse.py);
- executors again, one task per event: the compare stage (claims, conflicts, framing, summary),
  the pipeline's own stage function on each event's articles (compare.py);
- the driver: article ids (a1, a2, ... in input order, so ids equal the local engine's), then
  `stages.run_stages` with the `SparkExecutor`, which says where each stage of `stages.STAGES` runs
  by its scope (article: already done per partition; events: one task per block of articles that
  can report the same happening, reconciled on the driver (events.py); other "all" stages: on the driver;
  pairs: reuse over a shuffle; event: one task per event), and reuse's
  nearest-neighbour search over the article vectors (see the README section "Running on a cluster"
  for what that means at scale).
- Parquet tables (articles, events, claims, conflicts, reuse, inputs, temporal) under
  OUT/parquet/, written by Spark; the CLI then writes report.json/md/html from the returned Analysis
  (all events, or the `report_events` chosen: see subset.py).
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from ..analysis import Analysis
from ..models import InputRecord
from ..stages import AnalysisOptions, Progress, Stage, run_stages
from .inputs import plan_entries
from .partitions import Annotated, annotate_partition, ingest_entries, with_id
from .session import get_session

# Files per ingest task: small files (one article each) are grouped so a task is worth scheduling;
# big WARC/JSONL shards are split more finely by `_slices` (at least a few tasks per core).
FILES_PER_TASK = 64
# Articles per NLP task after re-partitioning: enough for spaCy's batching, small enough to balance.
ARTICLES_PER_TASK = 200


def analyze_with_spark(paths: list[Path], options: AnalysisOptions, master: str, out_dir: Path,
                       *, write_parquet: bool = True, report_events: list[str] | None = None) -> Analysis:
    """Analyse `paths` on Spark at `master`; write OUT/parquet/* (everything); return the Analysis
    for report.json/md/html, restricted to `report_events` when given."""
    from pyspark.sql import SparkSession

    owned = SparkSession.getActiveSession() is None
    spark = get_session(master)
    try:
        analysis = _analyze(spark, paths, options)
        if write_parquet:
            from .parquet import write_tables

            started = time.perf_counter()
            write_tables(spark, analysis, Path(out_dir) / "parquet")
            analysis.seconds_per_stage["parquet"] = round(time.perf_counter() - started, 3)
        if report_events:
            from .subset import select_events

            return select_events(analysis, report_events)
        return analysis
    finally:
        if owned:
            spark.stop()


def _analyze(spark, paths: list[Path], options: AnalysisOptions) -> Analysis:
    sc = spark.sparkContext
    analysis = Analysis()
    started = time.perf_counter()
    entries = plan_entries(paths)
    from pyspark import StorageLevel

    items = (sc.parallelize(list(enumerate(entries)), _slices(len(entries), sc.defaultParallelism))
             .mapPartitions(lambda part: ingest_entries(part, options))
             .persist(StorageLevel.MEMORY_AND_DISK))
    keyed_records = sorted(items.map(lambda row: (row[0], row[1])).collect(), key=lambda kr: kr[0])
    ids = _number_articles(keyed_records, analysis)
    analysis.seconds_per_stage["ingest"] = round(time.perf_counter() - started, 3)

    started = time.perf_counter()
    _gather(_annotate(sc, items, ids, options), analysis, started)
    items.unpersist()
    run_stages(analysis, options, executor=SparkExecutor(sc))
    return analysis


def _slices(entries: int, parallelism: int) -> int:
    return max(1, min(entries, max(parallelism * 2, -(-entries // FILES_PER_TASK))))


def _number_articles(keyed_records: list[tuple[tuple[int, int], InputRecord]], analysis: Analysis
                     ) -> dict[tuple[int, int], tuple[int, str]]:
    """Records in input order into `analysis.inputs`; article ids a1, a2, ... in that order, as
    `ingest.ingest` numbers them. Returns key -> (article position, id)."""
    ids: dict[tuple[int, int], tuple[int, str]] = {}
    for key, record in keyed_records:
        if record.status == "ok" and record.article is not None:
            article_id = f"a{len(ids) + 1}"
            ids[key] = (len(ids), article_id)
            record.article = article_id
        analysis.inputs.append(record)
    return ids


def _annotate(sc, items, ids: dict, options: AnalysisOptions):
    """NLP and time per partition, over articles spread evenly by their position."""
    total = len(ids)
    if total == 0:
        return sc.emptyRDD()
    shared = sc.broadcast(ids)
    parts = max(1, min(total, max(sc.defaultParallelism * 2, -(-total // ARTICLES_PER_TASK))))

    def renumber(row):
        key, _, article = row
        order, article_id = shared.value[key]
        return order, with_id(article, article_id)

    return (items.filter(lambda row: row[2] is not None).map(renumber)
            .partitionBy(parts, lambda order: order * parts // total)
            .mapPartitions(lambda rows: annotate_partition(rows, options)))


def _gather(annotated, analysis: Analysis, started: float) -> None:
    """Bring annotated articles to the driver one partition at a time, in article order."""
    rows: list[Annotated] = sorted(_iterate(annotated), key=lambda row: row.order)
    wall = time.perf_counter() - started
    measured: dict[str, float] = {}
    for row in rows:
        for stage, seconds in row.seconds.items():
            measured[stage] = measured.get(stage, 0.0) + seconds
    for row in rows:
        analysis.articles.append(row.article)
        analysis.temporal.extend(row.temporal)
        analysis.time_inconsistencies.extend(row.inconsistencies)
    # One Spark job ran these stages: split its wall time by the executors' own measure of each.
    total = sum(measured.values())
    for stage, seconds in measured.items():
        share = seconds / total if total else (1.0 if stage == "nlp" else 0.0)
        analysis.seconds_per_stage[stage] = round(wall * share, 3)


def _iterate(rdd) -> Iterator[Annotated]:
    if rdd.getNumPartitions() == 0:
        return iter(())
    return rdd.toLocalIterator(prefetchPartitions=True)


class SparkExecutor:
    """Where each stage runs on Spark, decided by the stage's scope alone."""

    def __init__(self, sc) -> None:
        self.sc = sc

    def run(self, stage: Stage, result: Analysis, options: AnalysisOptions, progress: Progress) -> None:
        from .compare import distributed_compare
        from .events import distributed_events
        from .reuse import distributed_reuse

        if stage.scope == "article":
            return  # ran on the executors, partition by partition, right after ingest (`_annotate`)
        if stage.scope == "pairs":
            distributed_reuse(self.sc, result, options)
        elif stage.name == "events":
            distributed_events(self.sc, result, options)
        elif stage.scope == "event":
            distributed_compare(self.sc, stage, result, options)
        else:
            stage.run(result, options, progress)
