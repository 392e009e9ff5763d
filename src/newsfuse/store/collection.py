"""A persistent collection of analysed articles in one DuckDB file.

Articles are keyed by the sha256 of their clean text, so the same report read twice (same file,
another copy, a re-crawl with identical text) is stored once. Each batch of new articles goes
through the pipeline's own stage functions, but only over what it can change (store.incremental):
nlp and time on the new articles, events over the stored events of the batch's date window, reuse
between the new articles and their candidates, compare on the events that changed. Every product is
stored per article, per event or per pair, so the cost of a batch follows the batch and its window,
not the size of the collection.

Connections are opened per operation and closed at once: DuckDB lets only one process at a time
open a file for writing, and short connections let `newsfuse ingest` and `newsfuse serve` take turns.
When the other process holds the file, opening waits and retries (`lock_wait` seconds, None: until it
is free), telling `on_wait` once who holds it; past `lock_wait` it raises CollectionBusy, which the
server answers with 503 and Retry-After.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models import Article, InputRecord
from . import assemble, schema
from .neighbours import NeighbourIndex
from .records import article_from_dict, dumps

__all__ = ["Collection", "CollectionBusy", "ConcurrentIngestError", "IngestResult", "article_from_dict", "content_hash"]


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


class CollectionBusy(RuntimeError):
    """Another process held the collection file for longer than this one would wait."""

    def __init__(self, path: Path, holder: str, waited: float) -> None:
        super().__init__(f"the collection {path.name} is locked by {holder}; waited {waited:.0f} s")
        self.holder, self.waited = holder, waited


_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")
# Retry pauses while another process holds the file: short first (a server's reads take milliseconds),
# growing to half a second so a long wait does not spin.
FIRST_PAUSE, LONGEST_PAUSE = 0.02, 0.5


def lock_holder(message: str) -> str:
    """Who holds the lock, from DuckDB's error: the holder's command line where /proc shows it
    ("newsfuse serve --db c.duckdb (PID 123)"), else its program, else "another process"."""
    found = _LOCK_HOLDER.search(message)
    if not found:
        return "another process"
    pid = found["pid"]
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        words = [w.decode("utf-8", "replace") for w in words if w]
        command = " ".join(" ".join([os.path.basename(words[0]), *words[1:]]).split()) if words else ""
        command = command if len(command) <= 80 else command[:79] + "…"
    except OSError:
        command = ""
    return f"{command or os.path.basename(found['program'])} (PID {pid})"


def _is_lock_error(error: Exception) -> bool:
    return "Could not set lock on file" in str(error)


def content_hash(article: Article) -> str:
    """sha256 of the clean text with whitespace collapsed (re-extraction may reflow lines)."""
    return hashlib.sha256(" ".join(article.text.split()).encode("utf-8")).hexdigest()


class Collection:
    def __init__(self, path: str | Path, lock_wait: float | None = None,
                 on_wait: Any = None) -> None:
        """`lock_wait`: seconds to wait for another process's lock on the file (None: as long as it
        takes); `on_wait(holder)` is called once per wait, e.g. to tell a user why nothing happens."""
        self.path = Path(path)
        self.lock_wait, self.on_wait = lock_wait, on_wait
        self._write_lock = threading.Lock()  # one writer at a time inside a process (the API server)
        self._names_lock, self._names = threading.Lock(), None
        self.neighbours = NeighbourIndex(self.path.with_name(self.path.name + ".usearch"))
        with self.connect() as con:
            schema.create(con)

    @contextmanager
    def connect(self) -> Iterator[Any]:
        con = self._open()
        try:
            yield con
        finally:
            con.close()

    def _open(self) -> Any:
        import duckdb

        started, pause, told = time.monotonic(), FIRST_PAUSE, False
        while True:
            try:
                return duckdb.connect(str(self.path))
            except duckdb.IOException as error:
                if not _is_lock_error(error):
                    raise
                holder, waited = lock_holder(str(error)), time.monotonic() - started
                if self.lock_wait is not None and waited >= self.lock_wait:
                    raise CollectionBusy(self.path, holder, waited) from None
                if not told and self.on_wait is not None:
                    self.on_wait(holder)
                    told = True
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)

    # --- writing -----------------------------------------------------------------------------

    def add(self, paths: list[str | Path], options: Any = None, progress: Any = None,
            source_label: str | None = None) -> IngestResult:
        """Ingest `paths`; store what is new and update what it changes.

        `paths`: any inputs `ingest` reads (paths, texts, dicts, Documents); `source_label` replaces
        the path in their records (e.g. "upload 2024-05-16T10:00:00+00:00")."""
        from ..stages import AnalysisOptions, SilentProgress
        from .incremental import BatchAnalysis

        options = options or AnalysisOptions()
        progress = progress or SilentProgress()
        with self._write_lock:
            started_at = self.version()
            result, new_articles, hashes = self._read_inputs(paths, options, progress, source_label)
            try:
                delta = BatchAnalysis(self, new_articles, options, progress).analyse() if new_articles else None
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
        a date filter); `entity` folds spelling variants (store.names)."""
        with self.connect() as con:
            return self.search_in(con, q, entity, outlet, date_from, date_to)

    def search_in(self, con: Any, q: str | None = None, entity: str | None = None, outlet: str | None = None,
                  date_from: dt.date | None = None, date_to: dt.date | None = None) -> list[str]:
        """search_articles on an open connection (a web request reads through one)."""
        where, params = [], []
        if q:
            where.append("(text ILIKE ? ESCAPE '\\' OR title ILIKE ? ESCAPE '\\')")
            params += [f"%{_like(q)}%"] * 2
        if entity:
            where.append("id IN (SELECT article FROM entities WHERE text IN (SELECT unnest(?::VARCHAR[])))")
            params.append(self.entity_names(entity, con))
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
        return [row[0] for row in con.execute(sql, params).fetchall()]

    def entity_names(self, query: str, con: Any = None) -> list[str]:
        """The stored entity names a search for `query` means, spelling variants folded. The folded
        names are kept per collection version (folding them all costs more than the search)."""
        if con is None:
            with self.connect() as own:
                return self.entity_names(query, own)
        version = con.execute("SELECT coalesce(max(id), 0) FROM runs").fetchone()[0]
        with self._names_lock:
            if self._names is None or self._names[0] != version:
                from ..names import NameIndex

                names = [row[0] for row in con.execute("SELECT DISTINCT text FROM entities").fetchall()]
                self._names = (version, NameIndex(names))
            index = self._names[1]
        return index.matching(query)


def _like(text: str) -> str:
    """Search text is a literal: % and _ typed by a user must not act as wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _countable(stats: dict[str, Any]) -> dict[str, Any]:
    """Run statistics as stored: lists of ids become their lengths (the ids are in the result)."""
    return {k: len(v) if isinstance(v, list) else v for k, v in stats.items()}
