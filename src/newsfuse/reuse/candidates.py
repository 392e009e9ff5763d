"""Near-duplicate candidates with MinHash LSH over word shingles (datasketch).

Each article is hashed once and queried once against the LSH index, so finding candidates costs
about linear time in the number of articles instead of comparing every pair.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from datasketch import MinHash, MinHashLSH
from spacy.lang.en.stop_words import STOP_WORDS

# 3-grams of content words (stop words dropped): "the United States said" style phrases that any
# two political stories share vanish, while a rewrite keeping names and key phrases still shares
# some. Set on bench/reuse.py (candidates per article must not grow with the collection) and the
# sample (000 rewrites 001: Jaccard .057; independent reports of the same visit: <= .019).
SHINGLE_WORDS = 3
NUM_PERM = 128
# Jaccard above which a pair is a candidate; low because rewrites share few exact 3-grams
# (alignment then decides).
LSH_THRESHOLD = 0.05
_WORD = re.compile(r"\w+", re.U)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]
    return {" ".join(words[i:i + size]).encode() for i in range(max(len(words) - size + 1, 1))}


def minhash(text: str) -> MinHash:
    signature = MinHash(num_perm=NUM_PERM, seed=1)
    signature.update_batch(list(shingles(text)))
    return signature


def candidate_pairs(texts: Sequence[str], threshold: float = LSH_THRESHOLD) -> set[tuple[int, int]]:
    """Index pairs (i < j) whose shingle sets are likely to overlap beyond `threshold`."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    pairs: set[tuple[int, int]] = set()
    for index, text in enumerate(texts):
        signature = minhash(text)
        for other in lsh.query(signature):
            pairs.add((int(other), index))
        lsh.insert(str(index), signature)
    return pairs


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / max(len(sa | sb), 1)
