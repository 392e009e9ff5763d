"""The analysis pipeline: ingest → nlp → time → events → reuse → compare, stage by stage.

Each stage is a plain function over the records in `models`; this module only orders them, times
them and reports progress, so the CLI, the API and the Spark engine run the same analysis.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .ingest import ingest
from .ingest.sources import SourceOptions
from .models import (Article, Claim, Conflict, Event, FramingEntry, InputRecord, MixedArticle, Reuse,
                     SummarySentence, TimeExpression)


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


@dataclass
class AnalysisOptions:
    sources: SourceOptions = field(default_factory=SourceOptions)
    run_date: dt.date = field(default_factory=dt.date.today)
    nlp_batch_size: int = 16


@dataclass
class Analysis:
    inputs: list[InputRecord] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    temporal: list[TimeExpression] = field(default_factory=list)
    time_inconsistencies: list[dict[str, Any]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    mixed_articles: list[MixedArticle] = field(default_factory=list)
    reuse: list[Reuse] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    framing: list[FramingEntry] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    # event id -> outlet -> {"exclusive": [claim ids], "blind_spots": [claim ids]}
    outlet_coverage: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict)
    seconds_per_stage: dict[str, float] = field(default_factory=dict)


def analyze(paths: list[str | Path], options: AnalysisOptions | None = None,
            progress: Progress | None = None) -> Analysis:
    """Run every stage over the inputs under `paths`."""
    options = options or AnalysisOptions()
    progress = progress or SilentProgress()
    result = Analysis()
    with _timed(result, "ingest"):
        progress.start("ingest", None)
        for record, article in ingest(paths, options.sources):
            result.inputs.append(record)
            if article is not None:
                result.articles.append(article)
            progress.advance("ingest")
        progress.finish("ingest")
    run_stages(result, options, progress)
    return result


def run_stages(result: Analysis, options: AnalysisOptions, progress: Progress) -> None:
    """Every stage after ingest, over `result.articles`."""
    from .nlp import annotate

    articles = result.articles
    with _timed(result, "nlp"):
        progress.start("nlp", len(articles))
        for _ in annotate(articles, batch_size=options.nlp_batch_size):
            progress.advance("nlp")
        progress.finish("nlp")
    for name, stage in STAGES:
        with _timed(result, name):
            progress.start(name, None)
            stage(result, options)
            progress.finish(name)


def _time_stage(result: Analysis, options: AnalysisOptions) -> None:
    from .time import resolve_articles

    result.temporal, result.time_inconsistencies = resolve_articles(result.articles, options.run_date)


def _events_stage(result: Analysis, options: AnalysisOptions) -> None:
    from .events import group_events, redate_events
    from .time import reanchor_with_event

    result.events, result.mixed_articles = group_events(result.articles, result.temporal)
    # Undated articles can only be anchored once we know which event they report; their newly
    # resolved dates then complete the events' date spans.
    result.temporal = reanchor_with_event(result.articles, result.temporal, result.events)
    redate_events(result.events, result.temporal)


def _reuse_stage(result: Analysis, options: AnalysisOptions) -> None:
    from .reuse import find_reuse

    result.reuse = find_reuse(result.articles)


def _compare_stage(result: Analysis, options: AnalysisOptions) -> None:
    from .compare import compare_events

    compared = compare_events(result.articles, result.events, result.temporal, result.reuse)
    result.claims, result.conflicts = compared.claims, compared.conflicts
    result.framing, result.summary = compared.framing, compared.summary
    result.outlet_coverage = compared.coverage


STAGES: list[tuple[str, Callable[[Analysis, AnalysisOptions], None]]] = [
    ("time", _time_stage),
    ("events", _events_stage),
    ("reuse", _reuse_stage),
    ("compare", _compare_stage),
]


@contextmanager
def _timed(result: Analysis, stage: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        result.seconds_per_stage[stage] = round(
            result.seconds_per_stage.get(stage, 0.0) + time.perf_counter() - started, 3)
