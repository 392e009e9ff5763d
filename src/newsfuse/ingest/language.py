"""Language identification with py3langid (langid.py's model, normalised probabilities)."""
from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# py3langid scores only the first part of long texts well enough; 5,000 characters is plenty
# for a news story and keeps identification at well under a millisecond per article.
SAMPLE_CHARS = 5000
# Below this many letters the guess is unreliable (py3langid's own docs: short strings); we then
# report the guess with its low probability rather than pretend to know.
MIN_LETTERS = 20


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code and probability, or (None, 0.0) for text with too few letters to tell."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return lang, round(float(prob), 3)
