"""Tables of the DuckDB collection.

Every cross-article product is stored per article, per event or per pair, so a batch rewrites only
the rows it changed; `meta` holds the layout version, the next free event number and the number of
report segments `term_documents` counts terms over (the collection's document frequencies).
"""
from __future__ import annotations

import json
from typing import Any

# Bump when the tables change meaning; a collection of another layout is refused with a clear error.
LAYOUT = 3

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value JSON NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY, hash VARCHAR UNIQUE NOT NULL, seq INTEGER NOT NULL, added_at TIMESTAMP NOT NULL,
    outlet VARCHAR, title VARCHAR, published VARCHAR, url VARCHAR, text VARCHAR NOT NULL, record JSON NOT NULL,
    published_day INTEGER);
CREATE TABLE IF NOT EXISTS article_vectors (article VARCHAR PRIMARY KEY, seq INTEGER NOT NULL,
    sentences BLOB NOT NULL, document BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS article_docs (article VARCHAR PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS article_time (article VARCHAR PRIMARY KEY, own JSON NOT NULL, final JSON NOT NULL,
    problems JSON NOT NULL, event_warnings JSON NOT NULL);
CREATE TABLE IF NOT EXISTS entities (article VARCHAR NOT NULL, text VARCHAR NOT NULL, label VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS inputs (
    path VARCHAR NOT NULL, item VARCHAR NOT NULL, status VARCHAR NOT NULL, reason VARCHAR, article VARCHAR,
    run INTEGER NOT NULL, PRIMARY KEY (path, item));
CREATE TABLE IF NOT EXISTS events (id VARCHAR PRIMARY KEY, number INTEGER NOT NULL, title VARCHAR,
    start_date VARCHAR, end_date VARCHAR, data JSON NOT NULL, grouped_documents INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS event_articles (event VARCHAR NOT NULL, article VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS event_days (event VARCHAR NOT NULL, day INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS term_documents (term VARCHAR PRIMARY KEY, documents INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS event_compare (event VARCHAR PRIMARY KEY, conflicts JSON NOT NULL,
    framing JSON NOT NULL, summary JSON NOT NULL, coverage JSON NOT NULL);
CREATE TABLE IF NOT EXISTS claims (id VARCHAR PRIMARY KEY, event VARCHAR, status VARCHAR, kind VARCHAR,
    text VARCHAR, data JSON NOT NULL);
CREATE TABLE IF NOT EXISTS mixed_articles (article VARCHAR PRIMARY KEY, data JSON NOT NULL);
CREATE TABLE IF NOT EXISTS reuse (source VARCHAR NOT NULL, derived VARCHAR NOT NULL, run INTEGER NOT NULL,
    data JSON NOT NULL);
CREATE TABLE IF NOT EXISTS reuse_bands (band SMALLINT NOT NULL, key BLOB NOT NULL, article VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, finished_at TIMESTAMP NOT NULL, added INTEGER NOT NULL,
    duplicates INTEGER NOT NULL, failed INTEGER NOT NULL, seconds JSON, stats JSON);
CREATE INDEX IF NOT EXISTS articles_day ON articles (published_day);
CREATE INDEX IF NOT EXISTS event_articles_event ON event_articles (event);
CREATE INDEX IF NOT EXISTS event_articles_article ON event_articles (article);
CREATE INDEX IF NOT EXISTS event_days_day ON event_days (day);
CREATE INDEX IF NOT EXISTS reuse_bands_key ON reuse_bands (band, key);
"""


class LayoutError(RuntimeError):
    """The file is a collection of another layout (built by another newsfuse version)."""


def create(con: Any) -> None:
    """Create missing tables; refuse a collection whose tables mean something else."""
    old = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "products" in old and "meta" not in old:
        raise LayoutError("this collection was built by an older newsfuse (whole-collection products); "
                          "ingest its inputs into a new --db file")
    con.execute(SCHEMA)
    layout = get(con, "layout")
    if layout is None:
        put(con, "layout", LAYOUT)
    elif layout != LAYOUT:
        raise LayoutError(f"collection layout {layout}, this newsfuse reads layout {LAYOUT}; "
                          "ingest its inputs into a new --db file")


def get(con: Any, key: str, default: Any = None) -> Any:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else default


def put(con: Any, key: str, value: Any) -> None:
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, json.dumps(value)])
