"""A persistent collection of analysed articles in one DuckDB file.

Articles are keyed by the sha256 of their clean text, so the same report read twice (same file,
another copy, a re-crawl with identical text) is stored once. Each batch of new articles goes
through the pipeline's own stage functions, but only over what it can change (store.incremental):
nlp and time on the new articles, events over the stored events of the batch's date window, reuse
between the new articles and their candidates, compare on the events that changed. Every product is
stored per article, per event or per pair, so the cost of a batch follows the batch and its window,
not the size of the collection.

Connections are opened per operation and closed at once: DuckDB lets only one process write a
file, and short connections let `newsfuse ingest` run while `newsfuse serve` is idle.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models import Article, InputRecord
from . import assemble, schema
from .neighbours import NeighbourIndex
from .records import article_from_dict, dumps

__all__ = ["Collection", "ConcurrentIngestError", "IngestResult", "article_from_dict", "content_hash"]


@dataclass
class IngestResult:
    """What one `add` did: new article ids, inputs already in the collection, inputs that failed;
    `seconds` per stage and `stats` on what the batch loaded and recomputed (store.incremental)."""

    added: list[str] = field(default_factory=list)
    duplicates: list[InputRecord] = field(default_factory=list)
    failed: list[InputRecord] = field(default_factory=list)
    records: list[InputRecord] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"added": self.added, "duplicates": [r.to_json() for r in self.duplicates],
                "failed": [r.to_json() for r in self.failed], "inputs": [r.to_json() for r in self.records]}


class ConcurrentIngestError(RuntimeError):
    """Another process added to the collection while a batch was being analysed."""


def content_hash(article: Article) -> str:
    """sha256 of the clean text with whitespace collapsed (re-extraction may reflow lines)."""
    return hashlib.sha256(" ".join(article.text.split()).encode("utf-8")).hexdigest()


class Collection:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._write_lock = threading.Lock()  # one writer at a time inside a process (the API server)
        self.neighbours = NeighbourIndex(self.path.with_name(self.path.name + ".usearch"))
        with self.connect() as con:
            schema.create(con)

    @contextmanager
    def connect(self) -> Iterator[Any]:
        import duckdb

        con = duckdb.connect(str(self.path))
        try:
            yield con
        finally:
            con.close()

    # --- writing -----------------------------------------------------------------------------

    def add(self, paths: list[str | Path], options: Any = None, progress: Any = None,
            source_label: str | None = None) -> IngestResult:
        """Ingest `paths`; store what is new and update what it changes.

        `source_label` replaces the input path in records (uploads come from temporary files)."""
        from ..pipeline import AnalysisOptions, SilentProgress
        from .incremental import BatchAnalysis

        options = options or AnalysisOptions()
        progress = progress or SilentProgress()
        with self._write_lock:
            started_at = self.version()
            result, new_articles, hashes = self._read_inputs(paths, options, progress, source_label)
            try:
                delta = BatchAnalysis(self, new_articles, options, progress).run() if new_articles else None
                self._save(result, hashes, delta, started_at)
            except BaseException:
                self.neighbours.forget()  # it may hold vectors of a batch that was not stored
                raise
            if delta is not None:
                self.neighbours.save()
                result.seconds, result.stats = delta.seconds, delta.stats
        return result

    def _read_inputs(self, paths: list[str | Path], options: Any, progress: Any,
                     source_label: str | None) -> tuple[IngestResult, list[Article], dict[str, str]]:
        """Every input's record; the articles whose text is not stored yet get the next ids."""
        from ..ingest import ingest

        read = []
        progress.start("ingest", None)
        for record, article in ingest(paths, options.sources):
            if source_label:
                record.path = source_label
                if article is not None:
                    article.path = source_label
            read.append((record, article, content_hash(article) if article is not None else None))
            progress.advance("ingest")
        progress.finish("ingest")
        known = self._stored_hashes({digest for _, _, digest in read if digest})
        seq = self._next_seq()
        result, new_articles, hashes = IngestResult(), [], {}
        for record, article, digest in read:
            if article is not None and digest in known:
                record.status, record.article = "skipped", known[digest]
                record.reason = f"already in the collection as {known[digest]} (same text)"
                result.duplicates.append(record)
            elif article is not None:
                article.id = record.article = f"a{seq}"
                known[digest], hashes[article.id] = article.id, digest
                seq += 1
                new_articles.append(article)
                result.added.append(article.id)
            elif record.status != "ok":
                result.failed.append(record)
            result.records.append(record)
        return result, new_articles, hashes

    def _save(self, result: IngestResult, hashes: dict[str, str], delta: Any, started_at: int) -> None:
        from .write import save_delta

        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        with self.connect() as con:
            con.execute("BEGIN TRANSACTION")
            run = con.execute("SELECT coalesce(max(id), 0) + 1 FROM runs").fetchone()[0]
            if run != started_at + 1:
                # Another process stored a batch meanwhile: this batch was analysed against an older
                # collection, and its ids or events could clash with that one's.
                con.execute("ROLLBACK")
                raise ConcurrentIngestError(f"{self.path} changed while this batch was analysed; ingest it again")
            if delta is not None:
                save_delta(con, delta, hashes, now, run)
            for record in result.records:
                self._save_input(con, record, run)
            con.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [run, now, len(result.added), len(result.duplicates), len(result.failed),
                         dumps(delta.seconds) if delta else None, dumps(_countable(delta.stats)) if delta else None])
            con.execute("COMMIT")

    @staticmethod
    def _save_input(con: Any, record: InputRecord, run: int) -> None:
        """One row per (path, item), latest fate wins, except that re-reading an input already
        stored keeps its original `ok` row (the second run learnt nothing new about it)."""
        old = con.execute("SELECT status, article FROM inputs WHERE path = ? AND item = ?",
                          [record.path, record.item]).fetchone()
        if old and old[0] == "ok" and record.status == "skipped" and old[1] == record.article:
            return
        con.execute("DELETE FROM inputs WHERE path = ? AND item = ?", [record.path, record.item])
        con.execute("INSERT INTO inputs VALUES (?, ?, ?, ?, ?, ?)",
                    [record.path, record.item, record.status, record.reason, record.article, run])

    # --- reading -----------------------------------------------------------------------------

    def _stored_hashes(self, digests: set[str]) -> dict[str, str]:
        """Stored article id of each of `digests` already in the collection (an indexed lookup)."""
        if not digests:
            return {}
        with self.connect() as con:
            return dict(con.execute("SELECT hash, id FROM articles WHERE hash IN (SELECT unnest(?::VARCHAR[]))",
                                    [sorted(digests)]).fetchall())

    def _next_seq(self) -> int:
        with self.connect() as con:
            return con.execute("SELECT coalesce(max(seq), 0) + 1 FROM articles").fetchone()[0]

    def version(self) -> int:
        """Changes whenever the collection does (one run = one version); for caching views."""
        with self.connect() as con:
            return con.execute("SELECT coalesce(max(id), 0) FROM runs").fetchone()[0]

    def articles(self) -> list[Article]:
        with self.connect() as con:
            rows = con.execute("SELECT record FROM articles ORDER BY seq").fetchall()
        return [article_from_dict(json.loads(row[0])) for row in rows]

    def counts(self) -> dict[str, int]:
        with self.connect() as con:
            return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                    for table in ("articles", "inputs", "events", "claims", "runs")}

    def runs(self) -> list[dict[str, Any]]:
        """Each ingest run: when, what it added, seconds per stage, what it loaded and recomputed."""
        with self.connect() as con:
            rows = con.execute("SELECT id, finished_at, added, duplicates, failed, seconds, stats FROM runs "
                               "ORDER BY id").fetchall()
        return [{"run": r[0], "finished_at": r[1].isoformat(), "added": r[2], "duplicates": r[3], "failed": r[4],
                 "seconds": json.loads(r[5]) if r[5] else {}, "stats": json.loads(r[6]) if r[6] else {}}
                for r in rows]

    def report(self) -> dict[str, Any]:
        """The whole collection as a SPEC.md report dict (what report.json would hold)."""
        with self.connect() as con:
            return assemble.report(con)

    def search_articles(self, q: str | None = None, entity: str | None = None, outlet: str | None = None,
                        date_from: dt.date | None = None, date_to: dt.date | None = None) -> list[str]:
        """Ids of articles matching every given filter, in collection order. Text filters are
        case-insensitive substrings; dates compare the publication day (undated articles never match
        a date filter)."""
        where, params = [], []
        if q:
            where.append("(text ILIKE ? ESCAPE '\\' OR title ILIKE ? ESCAPE '\\')")
            params += [f"%{_like(q)}%"] * 2
        if entity:
            where.append("id IN (SELECT article FROM entities WHERE text ILIKE ? ESCAPE '\\')")
            params.append(f"%{_like(entity)}%")
        if outlet:
            where.append("outlet ILIKE ? ESCAPE '\\'")
            params.append(f"%{_like(outlet)}%")
        if date_from:
            where.append("substr(published, 1, 10) >= ?")
            params.append(date_from.isoformat())
        if date_to:
            where.append("substr(published, 1, 10) <= ?")
            params.append(date_to.isoformat())
        sql = "SELECT id FROM articles" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY seq"
        with self.connect() as con:
            return [row[0] for row in con.execute(sql, params).fetchall()]


def _like(text: str) -> str:
    """Search text is a literal: % and _ typed by a user must not act as wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _countable(stats: dict[str, Any]) -> dict[str, Any]:
    """Run statistics as stored: lists of ids become their lengths (the ids are in the result)."""
    return {k: len(v) if isinstance(v, list) else v for k, v in stats.items()}
