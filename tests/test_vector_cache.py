"""The embedding cache never loses a vector between finding it and returning it."""
import numpy as np

from newsfuse import embeddings


def test_a_full_cache_returns_every_vector_it_found(monkeypatch):
    # Two entries: embedding two new texts evicts both cached ones, including the one this very
    # call found in the cache (a KeyError before the fix, when membership and read were apart).
    small = embeddings.VectorCache(max_entries=2)
    monkeypatch.setattr(embeddings, "_vector_cache", lambda: small)
    texts = ["Putin arrived in Beijing on Thursday.", "Xi greeted his old friend.",
             "The two leaders signed a joint statement.", "Trade between the countries grew last year."]
    embeddings.embed(texts[:2])
    vectors = embeddings.embed([texts[0], texts[2], texts[3]])
    fresh = embeddings.encode([texts[0], texts[2], texts[3]])
    assert vectors.shape == (3, embeddings.DIMENSIONS)
    assert np.allclose(vectors, fresh, atol=1e-5)
    assert len([t for t in texts if t in small]) == 2


def test_lookup_refreshes_recency():
    cache = embeddings.VectorCache(max_entries=2)
    cache.put("a", np.zeros(3, dtype=np.float32))
    cache.put("b", np.ones(3, dtype=np.float32))
    assert cache.lookup("a") is not None  # "a" is now the most recent: "b" goes first
    cache.put("c", np.full(3, 2, dtype=np.float32))
    assert "a" in cache and "b" not in cache and cache.lookup("b") is None
