"""Parsed articles (spaCy Docs) kept in the collection, so a later batch need not parse them again.

The compare stage parses every article of an event it compares (`nlp.parsed`), served by the nlp
module's Doc cache when the article was parsed recently in this process. A `newsfuse ingest` run is
a new process, and re-comparing an event that gained one report would parse all its stored reports
again (bench/ingest_growth.py: about 40 % of comparing a 48-report event with cold caches). Each
article's Doc is therefore stored, in the cache's own form (compressed bytes without the tensor),
and put back into that cache before the stage runs.
"""
from __future__ import annotations

import zlib
from typing import Any

from ..models import Article


def doc_bytes(articles: list[Article]) -> dict[str, bytes]:
    """The Docs that `nlp.annotate` just made (still in the nlp cache), compressed."""
    from ..nlp import parsed

    return {article.id: zlib.compress(doc.to_bytes(exclude=["tensor", "user_data"]), 1)
            for article, doc in parsed(articles)}


def restore(con: Any, articles: list[Article]) -> int:
    """Put the stored Docs of `articles` not in the nlp module's Doc cache back into it; how many."""
    from spacy.tokens import Doc

    from ..nlp import has_parse, load_nlp, remember_parse

    missing = sorted(a.id for a in articles if not has_parse(a))
    if not missing:
        return 0
    rows = con.execute("SELECT article, data FROM article_docs WHERE article IN (SELECT unnest(?::VARCHAR[]))",
                       [missing]).fetchall()
    vocab = load_nlp().vocab
    for article, data in rows:
        remember_parse(article, Doc(vocab).from_bytes(zlib.decompress(data)))
    return len(rows)
