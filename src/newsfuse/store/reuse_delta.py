"""Reuse between new articles and the collection, without reading every stored text.

Both candidate channels of `reuse.candidates` are kept:
- MinHash LSH: each article's band keys are stored in `reuse_bands`; a new article's candidates are
  the articles sharing a key with it (a join on the new keys), checked on exact shingle Jaccard as
  `candidate_pairs` checks them;
- embedding neighbours: the article vectors live in a usearch index kept beside the database
  (store.neighbours); a new article pairs with its nearest articles, and with stored articles that
  now have it among their nearest, when their shingles overlap enough.
Fingerprints, proposals, verification and the relation are reuse.candidates' and reuse's own
pieces; only the texts of candidates are read; each surviving pair goes through the reuse stage's
relation (alignment, kind, direction), older article first, as in a full run.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..models import Article, Reuse
from ..reuse import SentenceVectors, relation
from ..reuse.candidates import NEIGHBOURS, BandKey, Fingerprint, fingerprint, kept_pairs
from .neighbours import nearest, vectors_of

# A stored article has a new one among its NEIGHBOURS nearest only if the new one is near it too:
# the stored articles checked for that are the new article's REVERSE_NEIGHBOURS nearest.
REVERSE_NEIGHBOURS = 4 * (NEIGHBOURS + 1)


def seq_of(article_id: str) -> int:
    return int(article_id[1:])


def stored_band_matches(con: Any, keys: dict[str, tuple[BandKey, ...]]) -> set[tuple[str, str]]:
    """(stored article, new article) pairs sharing a band key."""
    rows = [(band, key, article) for article, pairs in keys.items() for band, key in pairs]
    if not rows:
        return set()
    found = con.execute(
        "SELECT DISTINCT b.article, n.article FROM reuse_bands b JOIN "
        "(SELECT unnest(?::SMALLINT[]) AS band, unnest(?::BLOB[]) AS key, unnest(?::VARCHAR[]) AS article) n "
        "ON b.band = n.band AND b.key = n.key",
        [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]]).fetchall()
    return {(old, new) for old, new in found}


def batch_band_matches(keys: dict[str, tuple[BandKey, ...]]) -> set[tuple[str, str]]:
    """Pairs of new articles sharing a band key, earlier article first."""
    filed: dict[tuple[int, bytes], list[str]] = {}
    for article in sorted(keys, key=seq_of):
        for pair in keys[article]:
            filed.setdefault(pair, []).append(article)
    return {(a, b) for ids in filed.values() for i, a in enumerate(ids) for b in ids[i + 1:]}


def neighbour_matches(index: Any, new: list[Article], vectors: np.ndarray) -> set[tuple[str, str]]:
    """Pairs (either order) where one article is among the other's NEIGHBOURS nearest; `index`
    already holds the new vectors."""
    new_keys = [seq_of(a.id) for a in new]
    pairs = {(a.id, f"a{key}") for a, row in zip(new, nearest(index, vectors, NEIGHBOURS + 1))
             for key in row if key != seq_of(a.id)}
    around = nearest(index, vectors, REVERSE_NEIGHBOURS)
    stored = sorted({key for row in around for key in row} - set(new_keys))
    theirs = dict(zip(stored, nearest(index, vectors_of(index, stored), NEIGHBOURS + 1)))
    for article, row in zip(new, around):
        pairs |= {(f"a{key}", article.id) for key in row if key in theirs and seq_of(article.id) in theirs[key]}
    return pairs


def ordered(pair: tuple[str, str]) -> tuple[str, str]:
    return tuple(sorted(pair, key=seq_of))  # type: ignore[return-value]


def texts_of(con: Any, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    return dict(con.execute("SELECT id, text FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                            [sorted(ids)]).fetchall())


def candidates(con: Any, index: Any, new: list[Article], vectors: np.ndarray,
               prints: dict[str, Fingerprint]) -> tuple[set[tuple[str, str]], dict[str, int]]:
    """Candidate pairs (older article first) involving a new article, and counts per channel."""
    keys = {article: found.bands for article, found in prints.items()}
    banded = {ordered(p) for p in stored_band_matches(con, keys) | batch_band_matches(keys)}
    near = {ordered(p) for p in neighbour_matches(index, new, vectors) if p[0] != p[1]}
    stored = {a for pair in banded | near for a in pair} - set(prints)
    shingles = {article: found.shingles for article, found in prints.items()}
    shingles.update({article: fingerprint(text).shingles for article, text in texts_of(con, stored).items()})
    found = kept_pairs(banded, near, shingles.__getitem__)
    return found, {"lsh_proposed": len(banded), "neighbour_proposed": len(near), "candidates": len(found),
                   "texts_read": len(stored)}


def relations(pairs: set[tuple[str, str]], articles: dict[str, Article]) -> list[Reuse]:
    """The reuse stage's relation for each pair (older first), in collection order."""
    vectors = SentenceVectors()
    found = (relation(articles[a], articles[b], vectors)
             for a, b in sorted(pairs, key=lambda p: (seq_of(p[0]), seq_of(p[1]))))
    return [r for r in found if r is not None]
