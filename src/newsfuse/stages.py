"""The stages after ingest, in order, and the one loop that runs them.

Each `Stage` says what it reads and writes on an `Analysis` and the unit its work divides into
(`scope`); an executor decides only *where* that work runs:
- `LocalExecutor`: everything in this process (`newsfuse analyze` of a small pile or with one
  worker, and each Spark partition's article-scoped stages);
- `parallel.ProcessExecutor`: `newsfuse analyze` on every core: article- and event-scoped stages
  in worker processes, the others in this one;
- `spark.engine.SparkExecutor`: article-scoped stages ran per partition, reuse over a shuffle,
  compare one task per event;
- `store.incremental.BatchAnalysis`: the collection's batch, over the window of affected events.
`run_stages` is the only place that orders stages; every engine calls it.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from .analysis import Analysis
from .heap import release_freed_memory
from .ingest.sources import SourceOptions
from .models import Event, MixedArticle

if TYPE_CHECKING:
    from .events.grouping import TermSource
    from .events.linkage import TermCounts


class Progress(Protocol):
    """What the pipeline tells a progress display; the CLI draws it with rich."""

    def start(self, stage: str, total: int | None) -> None: ...
    def advance(self, stage: str, amount: int = 1) -> None: ...
    def finish(self, stage: str) -> None: ...


class SilentProgress:
    def start(self, stage: str, total: int | None) -> None:
        pass

    def advance(self, stage: str, amount: int = 1) -> None:
        pass

    def finish(self, stage: str) -> None:
        pass


# Names the grouped events before anything refers to them (re-anchoring warnings cite event ids):
# the collection maps them onto its stored ids; a plain run keeps e1, e2, ... as grouped.
EventNamer = Callable[[list[Event], list[MixedArticle]], None]


@dataclass
class AnalysisOptions:
    sources: SourceOptions = field(default_factory=SourceOptions)
    run_date: dt.date = field(default_factory=dt.date.today)
    nlp_batch_size: int = 16
    name_events: EventNamer | None = None
    # Document frequencies the events stage weighs words by (events.grouping.group_events): None,
    # the pile's own; a collection passes its own over everything it stores.
    term_counts: TermCounts | TermSource | None = None
    # Worker processes for the article- and event-scoped stages of `pipeline.analyze`
    # (`parallel.ProcessExecutor`): None, $NEWSFUSE_WORKERS or one per core; 1, this process alone.
    # Small piles run in this process whatever it says (`parallel.PARALLEL_MIN_CHARACTERS`).
    workers: int | None = None


# What one unit of a stage's work needs: one article alone, the whole pile, candidate pairs of
# articles, or one event's articles (with their reuse components).
Scope = Literal["article", "all", "pairs", "event"]
StageRun = Callable[[Analysis, AnalysisOptions, Progress], None]


@dataclass(frozen=True)
class Stage:
    name: str
    scope: Scope
    run: StageRun
    reads: tuple[str, ...]
    writes: tuple[str, ...]  # the Analysis fields it fills (an engine merges exactly these)


class Executor(Protocol):
    def run(self, stage: Stage, result: Analysis, options: AnalysisOptions, progress: Progress) -> None: ...


class LocalExecutor:
    """Every stage in this process, over all articles."""

    def run(self, stage: Stage, result: Analysis, options: AnalysisOptions, progress: Progress) -> None:
        stage.run(result, options, progress)


def run_stages(result: Analysis, options: AnalysisOptions, progress: Progress | None = None,
               executor: Executor | None = None, stages: Sequence[Stage] | None = None) -> None:
    """Every stage after ingest, in order, each timed into `result.seconds_per_stage`."""
    progress = progress or SilentProgress()
    executor = executor or LocalExecutor()
    for stage in STAGES if stages is None else stages:
        total = len(result.articles) if stage.scope == "article" else None
        with timed_stage(result, stage.name, progress, total):
            executor.run(stage, result, options, progress)


@contextmanager
def timed_stage(result: Analysis, name: str, progress: Progress, total: int | None) -> Iterator[None]:
    """One stage's progress bar and its seconds (added up when a stage runs in several parts)."""
    started = time.perf_counter()
    progress.start(name, total)
    try:
        yield
    finally:
        release_freed_memory()  # what a stage freed, before the next one allocates (newsfuse.heap)
        progress.finish(name)
        result.seconds_per_stage[name] = round(
            result.seconds_per_stage.get(name, 0.0) + time.perf_counter() - started, 3)


# --- the stages --------------------------------------------------------------------------------

def _nlp_stage(result: Analysis, options: AnalysisOptions, progress: Progress) -> None:
    """Sentences, entities, the parse and the sentence vectors of each article, attached to it
    (`Article.parse`, `Article.sentence_vectors`): later stages read them there, on every engine."""
    from .nlp import annotate

    for _ in annotate(result.articles, batch_size=options.nlp_batch_size):
        progress.advance("nlp")


def _time_stage(result: Analysis, options: AnalysisOptions, progress: Progress) -> None:
    from .time import resolve_articles

    # Per article, concatenated in article order: the same as one call over all articles, and what
    # an engine that splits the articles (Spark partitions, a collection batch) gets.
    result.temporal, result.time_inconsistencies = [], []
    for article in result.articles:
        expressions, problems = resolve_articles([article], options.run_date)
        result.temporal += expressions
        result.time_inconsistencies += problems
        progress.advance("time")


def _events_stage(result: Analysis, options: AnalysisOptions, progress: Progress) -> None:
    from .events import group_events, redate_events
    from .time import anchor_on_events

    result.events, result.mixed_articles = group_events(result.articles, result.temporal, options.term_counts)
    if options.name_events is not None:
        options.name_events(result.events, result.mixed_articles)
    # Undated articles can only be anchored once we know which event they report; their newly
    # resolved dates then complete the events' date spans.
    result.temporal, result.event_warnings = anchor_on_events(result.articles, result.temporal, result.events)
    redate_events(result.events, result.temporal)


def _reuse_stage(result: Analysis, options: AnalysisOptions, progress: Progress) -> None:
    from .reuse import find_reuse

    result.reuse = find_reuse(result.articles)


def _compare_stage(result: Analysis, options: AnalysisOptions, progress: Progress) -> None:
    from .compare import compare_events

    compared = compare_events(result.articles, result.events, result.temporal, result.reuse)
    result.claims, result.conflicts = compared.claims, compared.conflicts
    result.framing, result.summary = compared.framing, compared.summary
    result.outlet_coverage = compared.coverage


STAGES: list[Stage] = [
    Stage("nlp", "article", _nlp_stage, reads=("articles",), writes=("articles",)),
    Stage("time", "article", _time_stage, reads=("articles",), writes=("temporal", "time_inconsistencies")),
    Stage("events", "all", _events_stage, reads=("articles", "temporal"),
          writes=("events", "mixed_articles", "temporal", "event_warnings")),
    Stage("reuse", "pairs", _reuse_stage, reads=("articles",), writes=("reuse",)),
    Stage("compare", "event", _compare_stage, reads=("articles", "events", "temporal", "reuse"),
          writes=("claims", "conflicts", "framing", "summary", "outlet_coverage")),
]


def stages_of(scope: Scope) -> list[Stage]:
    return [stage for stage in STAGES if stage.scope == scope]
