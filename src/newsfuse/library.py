"""The Python API: `analyze` a pile of news in memory, or keep a `Collection` that grows.

    import newsfuse
    analysis = newsfuse.analyze(["reports/", "Some article text ...", {"text": "...", "outlet": "AP"}])
    analysis.events, analysis.claims, analysis.to_json(), analysis.to_html(), analysis.to_markdown()

Inputs are paths (files or folders, as for `newsfuse analyze`), article texts, dicts with the fields
of a JSONL line (text or html, title, url, published, outlet) or `Document`s; nothing is written to
disk. The models load on first use and are then kept for the process.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .analysis import Analysis
from .ingest.sources import DEFAULT_FIELDS, DEFAULT_MAX_BYTES, Input, SourceOptions
from .models import Article, Document, Event
from .settings import Settings
from .stages import AnalysisOptions, Progress

__all__ = ["Analysis", "Collection", "Document", "Settings", "analyze"]


def analyze(inputs: Input | Iterable[Input], *, settings: Settings | None = None, run_date: dt.date | None = None,
            fields: Mapping[str, str] | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
            progress: Progress | None = None, workers: int | None = None) -> Analysis:
    """Every stage over `inputs` (one input or several); the records and the three reports.

    `settings`: tuned thresholds other than the defaults (`Settings().with_values(...)`);
    `run_date`: the day taken as today when judging future dates; `fields`: dict keys or JSONL
    fields to read as ours, e.g. {"text": "body"}; `workers`: processes for the per-article and
    per-event stages (default $NEWSFUSE_WORKERS, else one per core; 1: this process only)."""
    from .pipeline import analyze as run

    options = _options(run_date, fields, max_bytes)
    options.workers = workers
    with (settings or Settings()).applied():
        return run(_as_list(inputs), options, progress)


class Collection:
    """A persistent collection in one DuckDB file: articles added over time are grouped into
    events with what is stored, and each batch recomputes only what it changes."""

    def __init__(self, path: str | Path) -> None:
        from .store.collection import Collection as Store

        self.store = Store(Path(path).resolve())  # the same file whatever the working folder later

    def add(self, inputs: Input | Iterable[Input], *, settings: Settings | None = None,
            run_date: dt.date | None = None, fields: Mapping[str, str] | None = None,
            source: str | None = None, progress: Progress | None = None) -> Any:
        """Analyse and store what is new among `inputs` (texts already stored are skipped);
        `source` names the records' path (e.g. "upload 2024-05-16"). Returns the IngestResult:
        `added` ids, `duplicates`, `failed`."""
        with (settings or Settings()).applied():
            return self.store.add(_as_list(inputs), _options(run_date, fields, DEFAULT_MAX_BYTES), progress,
                                  source_label=source)

    def events(self, q: str | None = None, *, entity: str | None = None, outlet: str | None = None,
               date_from: dt.date | None = None, date_to: dt.date | None = None) -> list[Event]:
        """Stored events, all or those matching every filter given (as the server's /events)."""
        from .store.records import event_from
        from .store.views import search_events

        report = self.store.report()
        hits = None
        if q or entity or outlet:
            hits = set(self.store.search_articles(q, entity, outlet))
        found = search_events(report, hits, q, entity, date_from, date_to, strict=bool(outlet))
        return [event_from(event) for event in found]

    def search(self, q: str | None = None, *, entity: str | None = None, outlet: str | None = None,
               date_from: dt.date | None = None, date_to: dt.date | None = None) -> list[Article]:
        """Stored articles matching every filter given, in collection order (`entity` folds
        spelling variants of a name)."""
        from .store.incremental import load_articles

        ids = self.store.search_articles(q, entity, outlet, date_from, date_to)
        with self.store.connect() as con:
            found = load_articles(con, set(ids))
        return [found[i] for i in ids if i in found]

    def to_json(self) -> dict[str, Any]:
        """The whole collection as a SPEC.md report dict."""
        return self.store.report()


def _as_list(inputs: Input | Iterable[Input]) -> list[Input]:
    if isinstance(inputs, (str, Path, dict, Document)):
        return [inputs]
    return list(inputs)


def _options(run_date: dt.date | None, fields: Mapping[str, str] | None, max_bytes: int) -> AnalysisOptions:
    mapped = {**DEFAULT_FIELDS, **(fields or {})}
    hint = "map yours with fields={'text': 'your_field'}"
    options = AnalysisOptions(sources=SourceOptions(max_bytes=max_bytes, fields=mapped, field_hint=hint))
    if run_date is not None:
        options.run_date = run_date
    return options
