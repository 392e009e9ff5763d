"""A persistent collection of analysed articles in one DuckDB file.

Articles are keyed by the sha256 of their clean text, so the same report read twice (same file,
another copy, a re-crawl with identical text) is stored once. New input goes through ingest and
nlp only for the new articles; the cross-article stages (time, events, reuse, compare) then run
again over the whole collection, because a new report can merge events, corroborate a claim or
reveal a copy. Those stages are the cheap part; ingest + nlp are what we avoid repeating.

Connections are opened per operation and closed at once: DuckDB lets only one process write a
file, and short connections let `newsfuse ingest` run while `newsfuse serve` is idle.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ..models import Article, Entity, InputRecord, PublishedDate, Sentence

# Cross-article products, stored whole as JSON after every run that adds articles.
PRODUCTS = ("temporal", "time_inconsistencies", "events", "mixed_articles", "reuse", "claims", "conflicts",
            "framing", "summary", "seconds_per_stage")

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY, hash VARCHAR UNIQUE NOT NULL, seq INTEGER NOT NULL, added_at TIMESTAMP NOT NULL,
    outlet VARCHAR, title VARCHAR, published VARCHAR, url VARCHAR, text VARCHAR NOT NULL, record JSON NOT NULL);
CREATE TABLE IF NOT EXISTS entities (article VARCHAR NOT NULL, text VARCHAR NOT NULL, label VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS inputs (
    path VARCHAR NOT NULL, item VARCHAR NOT NULL, status VARCHAR NOT NULL, reason VARCHAR, article VARCHAR,
    run INTEGER NOT NULL, PRIMARY KEY (path, item));
CREATE TABLE IF NOT EXISTS products (name VARCHAR PRIMARY KEY, data JSON NOT NULL);
CREATE TABLE IF NOT EXISTS events (id VARCHAR PRIMARY KEY, title VARCHAR, start_date VARCHAR, end_date VARCHAR,
    data JSON NOT NULL);
CREATE TABLE IF NOT EXISTS claims (id VARCHAR PRIMARY KEY, event VARCHAR, status VARCHAR, kind VARCHAR,
    text VARCHAR, data JSON NOT NULL);
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, finished_at TIMESTAMP NOT NULL, added INTEGER NOT NULL,
    duplicates INTEGER NOT NULL, failed INTEGER NOT NULL);
"""


@dataclass
class IngestResult:
    """What one `add` did: new article ids, inputs already in the collection, inputs that failed."""

    added: list[str] = field(default_factory=list)
    duplicates: list[InputRecord] = field(default_factory=list)
    failed: list[InputRecord] = field(default_factory=list)
    records: list[InputRecord] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"added": self.added, "duplicates": [r.to_json() for r in self.duplicates],
                "failed": [r.to_json() for r in self.failed], "inputs": [r.to_json() for r in self.records]}


def content_hash(article: Article) -> str:
    """sha256 of the clean text with whitespace collapsed (re-extraction may reflow lines)."""
    return hashlib.sha256(" ".join(article.text.split()).encode("utf-8")).hexdigest()


class Collection:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._write_lock = threading.Lock()  # one writer at a time inside a process (the API server)
        with self.connect() as con:
            con.execute(SCHEMA)

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
        """Ingest `paths`; store what is new; re-run the cross-article stages if anything was.

        `source_label` replaces the input path in records (uploads come from temporary files)."""
        from ..ingest import ingest
        from ..pipeline import AnalysisOptions, SilentProgress

        options = options or AnalysisOptions()
        progress = progress or SilentProgress()
        with self._write_lock:
            known = self._hashes()
            seq = self._next_seq()
            result, new_articles, hashes = IngestResult(), [], {}
            progress.start("ingest", None)
            for record, article in ingest(paths, options.sources):
                if source_label:
                    record.path = source_label
                    if article is not None:
                        article.path = source_label
                if article is not None:
                    digest = content_hash(article)
                    if digest in known:
                        record.status, record.article = "skipped", known[digest]
                        record.reason = f"already in the collection as {known[digest]} (same text)"
                        result.duplicates.append(record)
                    else:
                        article.id = record.article = f"a{seq}"
                        known[digest], hashes[article.id] = article.id, digest
                        seq += 1
                        new_articles.append(article)
                        result.added.append(article.id)
                elif record.status != "ok":
                    result.failed.append(record)
                result.records.append(record)
                progress.advance("ingest")
            analysis = self._analyse(new_articles, options, progress) if new_articles else None
            self._save(result, new_articles, hashes, analysis)
        return result

    def _analyse(self, new_articles: list[Article], options: Any, progress: Any) -> Any:
        """nlp for the new articles only, then every cross-article stage over the whole collection."""
        from ..nlp import annotate
        from ..pipeline import STAGES, Analysis

        analysis = Analysis(articles=self.articles() + new_articles)
        started = time.perf_counter()
        progress.start("nlp", len(new_articles))
        for _ in annotate(new_articles, batch_size=options.nlp_batch_size):
            progress.advance("nlp")
        analysis.seconds_per_stage["nlp"] = round(time.perf_counter() - started, 3)
        for name, stage in STAGES:
            started = time.perf_counter()
            progress.start(name, None)
            stage(analysis, options)
            progress.advance(name)
            analysis.seconds_per_stage[name] = round(time.perf_counter() - started, 3)
        return analysis

    def _save(self, result: IngestResult, new_articles: list[Article], hashes: dict[str, str],
              analysis: Any) -> None:
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        with self.connect() as con:
            con.execute("BEGIN TRANSACTION")
            run = con.execute("SELECT coalesce(max(id), 0) + 1 FROM runs").fetchone()[0]
            for article in new_articles:
                con.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [article.id, hashes[article.id], int(article.id[1:]), now, article.outlet,
                             article.title, article.published.value, article.url, article.text,
                             json.dumps(asdict(replace(article, sentence_vectors=None)), ensure_ascii=False)])
                con.executemany("INSERT INTO entities VALUES (?, ?, ?)",
                                [[article.id, e.text, e.label] for e in article.entities] or [])
            for record in result.records:
                self._save_input(con, record, run)
            if analysis is not None:
                self._save_products(con, analysis)
            con.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?)",
                        [run, now, len(result.added), len(result.duplicates), len(result.failed)])
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

    @staticmethod
    def _save_products(con: Any, analysis: Any) -> None:
        report_like = {name: _jsonable(getattr(analysis, name)) for name in PRODUCTS}
        con.execute("DELETE FROM products")
        con.executemany("INSERT INTO products VALUES (?, ?)",
                        [[name, json.dumps(value, ensure_ascii=False)] for name, value in report_like.items()])
        con.execute("DELETE FROM events")
        con.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?)",
                        [[e["id"], e["title"], e["start"], e["end"], json.dumps(e, ensure_ascii=False)]
                         for e in report_like["events"]] or [])
        con.execute("DELETE FROM claims")
        con.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?)",
                        [[c["id"], c["event"], c["status"], c["kind"], c["text"], json.dumps(c, ensure_ascii=False)]
                         for c in report_like["claims"]] or [])

    # --- reading -----------------------------------------------------------------------------

    def _hashes(self) -> dict[str, str]:
        with self.connect() as con:
            return dict(con.execute("SELECT hash, id FROM articles").fetchall())

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

    def report(self) -> dict[str, Any]:
        """The whole collection as a SPEC.md report dict (what report.json would hold)."""
        from .. import __version__
        from ..report.contract import SCHEMA_VERSION

        with self.connect() as con:
            products = {name: json.loads(data) for name, data in con.execute("SELECT name, data FROM products").fetchall()}
            inputs = con.execute("SELECT path, item, status, reason, article FROM inputs ORDER BY run, path, item").fetchall()
            runs = con.execute("SELECT max(finished_at) FROM runs").fetchone()[0]
        articles = [a.to_json() for a in self.articles()]
        records = [dict(zip(("path", "item", "status", "reason", "article"), row)) for row in inputs]
        statuses: dict[str, int] = {}
        for record in records:
            statuses[record["status"]] = statuses.get(record["status"], 0) + 1
        report: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "generated_at": (runs.replace(tzinfo=dt.timezone.utc) if runs else dt.datetime.now(dt.timezone.utc))
            .isoformat(timespec="seconds"),
            "inputs": records, "articles": articles,
        }
        for name in PRODUCTS[:-1]:
            report[name] = products.get(name, [])
        report["run"] = {"newsfuse_version": __version__, "inputs": statuses, "articles": len(articles),
                         "seconds_per_stage": products.get("seconds_per_stage", {})}
        return report

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


def _jsonable(value: Any) -> Any:
    if isinstance(value, list):
        return [item.to_json() if hasattr(item, "to_json") else item for item in value]
    return value


def article_from_dict(data: dict[str, Any]) -> Article:
    """Rebuild an Article stored with dataclasses.asdict (sentence and entity offsets included)."""
    data = dict(data)
    data["published"] = PublishedDate(**data["published"])
    data["sentences"] = [Sentence(**s) for s in data.get("sentences", [])]
    data["entities"] = [Entity(**e) for e in data.get("entities", [])]
    return Article(**data)


