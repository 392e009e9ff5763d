"""Near-duplicate candidates with MinHash LSH over word shingles (datasketch).

Each article is hashed once and queried once against the LSH index, so finding candidates costs
about linear time in the number of articles instead of comparing every pair.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

# Word 3-grams: long enough that two reports of one event rarely share many by chance, short enough
# that a rewrite keeping names and phrases still shares some. Set on bench/reuse.py and the sample.
SHINGLE_WORDS = 3
NUM_PERM = 64
# Jaccard of 3-gram sets above which a pair is a candidate. The sample's rewrite (000 of 001) shares
# about 0.05 of its 3-grams, so the threshold is low; alignment then decides.
LSH_THRESHOLD = 0.04
_WORD = re.compile(r"\w+", re.U)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = _WORD.findall(text.lower())
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
