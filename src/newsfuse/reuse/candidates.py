"""Reuse candidates: MinHash LSH over word shingles (datasketch) and embedding neighbours (usearch).

Built from small pieces that both engines compose, so they propose exactly the same pairs:
- per article, `fingerprint`: its shingle set and its LSH band keys (datasketch's own banding);
- per bucket (articles sharing a band key), `bucket_pairs`;
- over all article vectors at once, `neighbour_pairs` (each article's nearest neighbours);
- per proposed pair, `verified`: exact shingle Jaccard against the bar of the channel that proposed
  it (`proposals` gives each pair its bar).
`candidate_pairs` keeps the buckets in a dict; the Spark engine shuffles band keys instead
(`newsfuse.spark.reuse`). Each article is hashed once and lands in one bucket per band, so finding
candidates costs about linear time in the number of articles instead of comparing every pair.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import TypeVar

import numpy as np
from datasketch import MinHash, MinHashLSH
from usearch.index import Index
from spacy.lang.en.stop_words import STOP_WORDS

from .narrative import without_quotes

# 3-grams of content words (stop words dropped): "the United States said" style phrases that any
# two political stories share vanish, while a rewrite keeping names and key phrases still shares
# some. Set on bench/reuse.py (candidates per article must not grow with the collection) and the
# sample (000 rewrites 001: Jaccard .057; independent reports of the same visit: <= .019).
SHINGLE_WORDS = 3
NUM_PERM = 128
# Jaccard above which LSH proposes a pair: near-verbatim copies and shared wire text share far more.
# Lower thresholds make datasketch use one row per band, and chance pairs then grow quadratically
# with the collection (bench/reuse.py measured exponent 2.1 at .05).
LSH_THRESHOLD = 0.2
# Rewrites share few exact 3-grams (000 of 001: .057), so they come from the embedding neighbours
# instead, kept when their exact Jaccard reaches this (independent reports of one visit: <= .019).
REWRITE_JACCARD = 0.04
# LSH is a probabilistic filter: with 2-row bands a pair at Jaccard .03 still has a 2.5 % chance of
# being proposed, so unverified candidates per article grew with the collection (bench/reuse.py:
# .53, .98, 1.76 per article at 10k, 20k, 40k). Each proposal is checked on its exact Jaccard, with
# a margin under LSH_THRESHOLD so borderline true pairs (the filter's false negatives side) stay.
VERIFY_JACCARD = LSH_THRESHOLD / 2
NEIGHBOURS = 5
_WORD = re.compile(r"\w+", re.U)

Pair = tuple[int, int]  # article positions, first < second
K = TypeVar("K")  # what a pair joins: positions in a run, or article ids in a collection
BandKey = tuple[int, bytes]  # (band number, datasketch's bucket key of the signature's rows in it)


@dataclass(frozen=True)
class Fingerprint:
    """What candidate search needs of one article: shingles for exact Jaccard, band keys for LSH."""

    shingles: frozenset[bytes]
    bands: tuple[BandKey, ...]


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Content-word `size`-grams of the text outside quotations: two outlets quoting the same tweet
    or memo share those words without copying each other."""
    words = [w for w in _WORD.findall(without_quotes(text).lower()) if w not in STOP_WORDS]
    return {" ".join(words[i:i + size]).encode() for i in range(max(len(words) - size + 1, 1))}


def minhash(text: str) -> MinHash:
    return _signature(shingles(text))


def fingerprint(text: str) -> Fingerprint:
    shingle_set = shingles(text)
    return Fingerprint(frozenset(shingle_set), band_keys(_signature(shingle_set)))


def _signature(shingle_set: set[bytes]) -> MinHash:
    signature = MinHash(num_perm=NUM_PERM, seed=1)
    signature.update_batch(list(shingle_set))
    return signature


@lru_cache(maxsize=1)
def _banding() -> MinHashLSH:
    """An empty index, used only for datasketch's banding at LSH_THRESHOLD (its b bands of r rows,
    `hashranges`) and its bucket key (`_H`), so our buckets are the ones its `query` would look in."""
    return MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)


def band_keys(signature: MinHash) -> tuple[BandKey, ...]:
    lsh = _banding()
    return tuple((band, lsh._H(signature.hashvalues[start:end]))
                 for band, (start, end) in enumerate(lsh.hashranges))


def bucket_pairs(members: Iterable[int]) -> Iterator[Pair]:
    """Every pair of the articles (positions) in one LSH bucket."""
    return combinations(sorted(set(members)), 2)


def band_pairs(fingerprints: Sequence[Fingerprint]) -> set[Pair]:
    """Pairs colliding in at least one band, with the buckets held in a dict."""
    buckets: dict[BandKey, list[int]] = defaultdict(list)
    for position, article in enumerate(fingerprints):
        for key in article.bands:
            buckets[key].append(position)
    return {pair for members in buckets.values() if len(members) > 1 for pair in bucket_pairs(members)}


def neighbour_pairs(vectors: np.ndarray) -> set[Pair]:
    """Each article with its NEIGHBOURS nearest by vector (usearch), not yet verified."""
    if len(vectors) < 2:
        return set()
    index = Index(ndim=vectors.shape[1], metric="ip", dtype="f32")
    index.add(np.arange(len(vectors)), vectors.astype(np.float32))
    found = index.search(vectors.astype(np.float32), min(NEIGHBOURS + 1, len(vectors)))
    pairs = set()
    for i, row in enumerate(np.atleast_2d(found.keys)):
        for j in (int(k) for k in row):
            if j != i and 0 <= j < len(vectors):
                pairs.add((min(i, j), max(i, j)))
    return pairs


def proposals(banded: Iterable[Pair], neighbours: Iterable[Pair]) -> dict[Pair, float]:
    """Each proposed pair with the Jaccard it must reach: a pair proposed by both channels is a
    candidate when either channel would keep it, i.e. at the lower bar (`min`, as Spark combines)."""
    bars = dict.fromkeys(banded, VERIFY_JACCARD)
    for pair in neighbours:
        bars[pair] = min(bars.get(pair, REWRITE_JACCARD), REWRITE_JACCARD)
    return bars


def verified(first: frozenset[bytes], second: frozenset[bytes], bar: float) -> bool:
    return _jaccard_sets(first, second) >= bar


def kept_pairs(banded: Iterable[tuple[K, K]], neighbours: Iterable[tuple[K, K]],
               shingles_of: Callable[[K], frozenset[bytes]]) -> set[tuple[K, K]]:
    """The one assembly of both channels: each proposed pair with its bar (`proposals`), kept when
    its exact shingle Jaccard reaches it. Pairs are of positions (a run) or of article ids (a
    collection batch); Spark does the same over a shuffle (reduceByKey(min), then `verified`)."""
    return {pair for pair, bar in proposals(banded, neighbours).items()
            if verified(shingles_of(pair[0]), shingles_of(pair[1]), bar)}


def candidate_pairs(texts: Sequence[str], vectors: np.ndarray | None = None) -> set[Pair]:
    """Index pairs (i < j) worth aligning: LSH near-duplicates, plus (when article `vectors` are
    given) each article's nearest neighbours whose shingles still overlap. Both channels cost about
    linear time in the number of articles."""
    prints = [fingerprint(text) for text in texts]
    neighbours = neighbour_pairs(vectors) if vectors is not None else set()
    return kept_pairs(band_pairs(prints), neighbours, lambda i: prints[i].shingles)


def jaccard(a: str, b: str) -> float:
    return _jaccard_sets(shingles(a), shingles(b))


def _jaccard_sets(a: set[bytes] | frozenset[bytes], b: set[bytes] | frozenset[bytes]) -> float:
    return len(a & b) / max(len(a | b), 1)
