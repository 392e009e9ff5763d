"""Parsed articles (spaCy Docs) kept in the collection, so a later batch need not parse them again.

The nlp stage attaches each article's Doc to it (`Article.parse`, compressed bytes) and the compare
stage reads it from there (`nlp.parsed`). A stored article comes back from its JSON record without
it, and re-comparing an event that gained one report would parse all its stored reports again
(bench/ingest_growth.py: about 40 % of comparing a 48-report event). Each article's parse is
therefore stored as it was attached, and attached again to the stored articles a batch compares.
"""
from __future__ import annotations

from typing import Any

from ..models import Article


def parses(articles: list[Article]) -> dict[str, bytes]:
    """The parse each article carries, by id (an article without one is left out)."""
    return {article.id: article.parse for article in articles if article.parse is not None}


def attach(con: Any, articles: list[Article]) -> int:
    """Attach to each of `articles` that carries no parse the one stored for it; how many."""
    missing = {a.id: a for a in articles if a.parse is None}
    if not missing:
        return 0
    rows = con.execute("SELECT article, data FROM article_docs WHERE article IN (SELECT unnest(?::VARCHAR[]))",
                       [sorted(missing)]).fetchall()
    for article_id, data in rows:
        missing[article_id].parse = bytes(data)
    return len(rows)
