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
- the annotated articles stay there, cached (pile.py): the driver keeps a summary of each (id,
  anchor day, mean vector) and the compact records (inputs, events, reuse pairs), never the texts;
- the driver: article ids (a1, a2, ... in input order, so ids equal the local engine's), then
  `stages.run_stages` with the `SparkExecutor`, which says where each stage of `stages.STAGES` runs
  by its scope (article: already done per partition; events: one task per block of articles that
  can report the same happening, reconciled on the driver from compact results (events.py); pairs:
  reuse over a shuffle; event: one task per event, the results cached there), and reuse's
  nearest-neighbour search over the article vectors (see the README section "Running on a cluster"
  for what that means at scale).
- Parquet tables (articles, events, claims, conflicts, reuse, inputs, temporal) under
  OUT/parquet/, written by the executors from the cached rows; then the Analysis for
  report.json/md/html is gathered to the driver: the `report_events` chosen (their articles,
  claims, ...), or everything when none are chosen (a report of the whole pile is one file).
"""
from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from ..analysis import Analysis
from ..compare.per_event import merge
from ..models import InputRecord
from ..stages import AnalysisOptions, Progress, Stage, run_stages
from .inputs import plan_entries
from .partitions import annotate_partition, ingest_entries, with_id
from .pile import Pile
from .session import get_session
from .subset import chosen_event_ids, select_events

# Files per ingest task: small files (one article each) are grouped so a task is worth scheduling;
# big WARC/JSONL shards are split more finely by `_slices` (at least a few tasks per core).
FILES_PER_TASK = 64
# Articles per NLP task after re-partitioning: enough for spaCy's batching, small enough to balance.
ARTICLES_PER_TASK = 200


def analyze_with_spark(paths: list[Path], options: AnalysisOptions, master: str, out_dir: Path,
                       *, write_parquet: bool = True, report_events: list[str] | None = None) -> Analysis:
    """Analyse `paths` on Spark at `master`; write OUT/parquet/* (everything); return the Analysis
    for report.json/md/html: the events in `report_events` when given, else all."""
    from pyspark.sql import SparkSession

    owned = SparkSession.getActiveSession() is None
    spark = get_session(master)
    run = None
    try:
        run = SparkRun(spark, options)
        run.analyze(paths)
        if write_parquet:
            from .parquet import write_run

            started = time.perf_counter()
            write_run(spark, run, Path(out_dir) / "parquet")
            run.analysis.seconds_per_stage["parquet"] = round(time.perf_counter() - started, 3)
        return run.gather(report_events)
    finally:
        if run is not None:
            run.release()
        if owned:
            spark.stop()


class SparkRun:
    """One analysis on Spark: the compact records on the driver (`analysis`: inputs, events, mixed
    articles, reuse, warnings, timings), the articles and the comparisons on the executors (`pile`,
    `compared`: (event position, what the compare stage wrote for that event))."""

    def __init__(self, spark, options: AnalysisOptions) -> None:
        self.sc = spark.sparkContext
        self.options = options
        self.analysis = Analysis()
        self.pile: Pile | None = None
        self.compared = None
        self.compare_stage: Stage | None = None

    def analyze(self, paths: list[Path]) -> None:
        from pyspark import StorageLevel

        sc, analysis, options = self.sc, self.analysis, self.options
        started = time.perf_counter()
        entries = plan_entries(paths)
        items = (sc.parallelize(list(enumerate(entries)), _slices(len(entries), sc.defaultParallelism))
                 .mapPartitions(lambda part: ingest_entries(part, options))
                 .persist(StorageLevel.MEMORY_AND_DISK))
        keyed_records = sorted(items.map(lambda row: (row[0], row[1])).collect(), key=lambda kr: kr[0])
        ids = _number_articles(keyed_records, analysis)
        analysis.seconds_per_stage["ingest"] = round(time.perf_counter() - started, 3)

        started = time.perf_counter()
        self.pile = Pile(_annotate(sc, items, ids, options), len(ids))
        items.unpersist()
        _time_article_stages(self.pile, analysis, started)
        run_stages(analysis, options, executor=SparkExecutor(self))

    def gather(self, event_ids: list[str] | None = None) -> Analysis:
        """The Analysis of the chosen events (their articles, dates, claims, ... and every input),
        or of everything, on the driver. `event_ids` may hold `largest:N` (`subset.chosen_event_ids`)."""
        analysis = self.analysis
        chosen = None if event_ids is None else set(chosen_event_ids(analysis.events, event_ids))
        positions = [n for n, e in enumerate(analysis.events) if chosen is None or e.id in chosen]
        rows = self.pile.gather(None if chosen is None else {a for n in positions for a in analysis.events[n].articles})
        result = dataclasses.replace(
            analysis, articles=[row.article for row in rows], temporal=[t for row in rows for t in row.temporal],
            claims=[], conflicts=[], framing=[], summary=[], outlet_coverage={})
        if self.compared is not None:
            wanted = set(positions)
            parts = self.compared if chosen is None else self.compared.filter(lambda kv: kv[0] in wanted)
            merge(result, self.compare_stage, [part for _, part in sorted(parts.collect(), key=lambda kv: kv[0])])
        return result if chosen is None else select_events(result, chosen, asked=list(event_ids or []))

    def release(self) -> None:
        if self.compared is not None:
            self.compared.unpersist()
        if self.pile is not None:
            self.pile.release()


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
    """NLP and time per partition, over articles spread evenly by their position: (order, Annotated)."""
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
            .mapPartitions(lambda rows: ((row.order, row) for row in annotate_partition(rows, options)),
                           preservesPartitioning=True))


def _time_article_stages(pile: Pile, analysis: Analysis, started: float) -> None:
    """The article stages' wall time, split by the executors' own measure of each; their time
    inconsistencies (few, small) kept with the compact records."""
    wall = time.perf_counter() - started
    measured: dict[str, float] = {}
    for summary in pile.summaries:
        for stage, seconds in summary.seconds.items():
            measured[stage] = measured.get(stage, 0.0) + seconds
        analysis.time_inconsistencies.extend(summary.inconsistencies)
    # One Spark job ran these stages: split its wall time by the executors' own measure of each.
    total = sum(measured.values())
    for stage, seconds in measured.items():
        share = seconds / total if total else (1.0 if stage == "nlp" else 0.0)
        analysis.seconds_per_stage[stage] = round(wall * share, 3)


class SparkExecutor:
    """Where each stage runs on Spark, decided by the stage's scope alone."""

    def __init__(self, run: SparkRun) -> None:
        self.run_state = run

    def run(self, stage: Stage, result: Analysis, options: AnalysisOptions, progress: Progress) -> None:
        from .compare import distributed_compare
        from .events import distributed_events
        from .reuse import reuse_of_pile

        state, sc = self.run_state, self.run_state.sc
        if stage.scope == "article":
            return  # ran on the executors, partition by partition, right after ingest (`_annotate`)
        if stage.scope == "pairs":
            held = {summary.order: summary.vector for summary in state.pile.summaries if summary.vector is not None}
            result.reuse = reuse_of_pile(sc, state.pile.articles(), state.pile.total, held)
        elif stage.name == "events":
            distributed_events(sc, state.pile, result, options)
        elif stage.scope == "event":
            state.compared, state.compare_stage = distributed_compare(sc, stage, state.pile, result, options), stage
        else:
            raise ValueError(f"stage {stage.name!r} needs every article in one process: the Spark engine "
                             f"has no place for it")
