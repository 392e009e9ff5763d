"""Reuse candidates: MinHash LSH over word shingles (datasketch) and embedding neighbours (usearch).

Each article is hashed once and queried once against the LSH index, so finding candidates costs
about linear time in the number of articles instead of comparing every pair.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH
from usearch.index import Index
from spacy.lang.en.stop_words import STOP_WORDS

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


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]
    return {" ".join(words[i:i + size]).encode() for i in range(max(len(words) - size + 1, 1))}


def minhash(text: str) -> MinHash:
    signature = MinHash(num_perm=NUM_PERM, seed=1)
    signature.update_batch(list(shingles(text)))
    return signature


def candidate_pairs(texts: Sequence[str], vectors: np.ndarray | None = None) -> set[tuple[int, int]]:
    """Index pairs (i < j) worth aligning: LSH near-duplicates, plus (when article `vectors` are
    given) each article's nearest neighbours in a usearch index whose shingles still overlap.
    Both channels cost about linear time in the number of articles."""
    sets = [shingles(text) for text in texts]
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    pairs: set[tuple[int, int]] = set()
    for index, shingle_set in enumerate(sets):
        signature = MinHash(num_perm=NUM_PERM, seed=1)
        signature.update_batch(list(shingle_set))
        pairs.update((int(other), index) for other in lsh.query(signature)
                     if _jaccard_sets(sets[int(other)], shingle_set) >= VERIFY_JACCARD)
        lsh.insert(str(index), signature)
    if vectors is not None and len(texts) > 1:
        pairs |= _neighbour_pairs(sets, vectors)
    return pairs


def _neighbour_pairs(sets: list[set[bytes]], vectors: np.ndarray) -> set[tuple[int, int]]:
    index = Index(ndim=vectors.shape[1], metric="ip", dtype="f32")
    index.add(np.arange(len(vectors)), vectors.astype(np.float32))
    found = index.search(vectors.astype(np.float32), min(NEIGHBOURS + 1, len(vectors)))
    pairs = set()
    for i, row in enumerate(np.atleast_2d(found.keys)):
        for j in (int(k) for k in row):
            if j == i or j < 0 or j >= len(sets):
                continue
            if _jaccard_sets(sets[i], sets[j]) >= REWRITE_JACCARD:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def jaccard(a: str, b: str) -> float:
    return _jaccard_sets(shingles(a), shingles(b))


def _jaccard_sets(a: set[bytes], b: set[bytes]) -> float:
    return len(a & b) / max(len(a | b), 1)
