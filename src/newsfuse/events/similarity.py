"""How likely two texts report the same event (0-1), and why.

The score is a logistic function of one number: the mean of two MiniLM cosines,
- the leads (first ~256 wordpieces, where news puts the event), and
- the openings (first 20 words: the headline and the first words of the lead, which name the story).
On SemEval-2022 Task 8 (English pairs, bench/similarity_semeval.py) that mean correlates with the
human Overall score better than either cosine, and no other signal added anything under
cross-validation: whole-text cosine, sentence-alignment cosine, word Jaccard, and the overlap of named
entities, places and dates all left the 5-fold figure where it was or lowered it (161 pairs are
too few to fit more than two weights). Shared entities, places and dates are still computed and
reported as reasons: they tell a reader *why* two reports look alike.

Where a text is not English (py3langid), the score is `events.crosslingual.story_score`, the one
events across languages use: USE multilingual v3 cosines of the leads and of the openings (first 500
characters), one weight each (issue 16): all 1,283 SemEval pairs .755 (5-fold CV) against .400 with
MiniLM everywhere; English pairs keep MiniLM (.875; USE alone .821). Entities are then left out of
the reasons: English NER on other languages is noise.
"""
from __future__ import annotations

import csv
import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from ..embeddings import embed, mean_vector
from ..ingest.language import detect_language
from ..nlp import load_nlp
from .crosslingual import story_cosine, story_parts, story_score

ENTITY_LABELS = {"PERSON", "ORG", "NORP", "EVENT"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Characters of each text that are parsed for entities: the lead and body of a news story. Longer
# texts cost more spaCy time without changing who/where (bench/similarity_semeval.py).
PARSE_CHARS = 5_000
# Words of each text that make its opening (the headline and the start of the lead).
OPENING_WORDS = 20
# Logistic weights: intercept, mean of lead and opening cosines. Fitted by
# bench/similarity_semeval.py --fit on the 161 English-English SemEval-2022 Task 8 pairs (target:
# Overall <= 2.5, i.e. the same story): Pearson with -Overall .881 in-sample, 5-fold CV .875 (20
# repetitions, ±.003); the lead cosine alone .858, the previous five-signal logistic .849 (CV).
WEIGHTS = (-4.82, 10.34)
_DATE_HINT = re.compile(r"\d|january|february|march|april|may|june|july|august|september|october|"
                        r"november|december", re.I)


@dataclass
class TextSignals:
    """What one text brings to a comparison; computed once per text."""

    lead: np.ndarray
    whole: np.ndarray
    opening: np.ndarray | None = None
    entities: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    language: str | None = None
    # lead and opening (first 500 characters) in USE multilingual, when the batch holds a text that is not English
    lead_multilingual: np.ndarray | None = None  # first 2,000 characters
    opening_multilingual: np.ndarray | None = None


@dataclass
class SimilarityResult:
    score: float  # 0-1: how likely the two texts report the same event
    embedding: float  # cosine of the leads
    embedding_whole: float  # cosine of the whole texts
    embedding_opening: float  # cosine of the openings (first 20 words)
    shared_entities: list[str]
    shared_places: list[str]
    shared_dates: list[str]
    reasons: list[str]

    def to_json(self) -> dict:
        return asdict(self)


def signals(texts: Sequence[str]) -> list[TextSignals]:
    """Signals of many texts, batched through spaCy and MiniLM."""
    texts = [t or "" for t in texts]
    languages = [detect_language(t)[0] for t in texts]
    leads = embed(texts)
    openings = embed([" ".join(t.split()[:OPENING_WORDS]) for t in texts])
    multilingual = [None] * len(texts), [None] * len(texts)
    if any(language not in (None, "en") for language in languages):
        multilingual = story_parts(texts)
    paragraphs = [_paragraphs(t) for t in texts]
    flat = embed([p for ps in paragraphs for p in ps])
    result, offset = [], 0
    docs = load_nlp().pipe((t[:PARSE_CHARS] for t in texts), batch_size=16)
    for lead, opening, parts, doc, language, lead_m, opening_m in zip(
            leads, openings, paragraphs, docs, languages, *multilingual):
        whole = mean_vector(flat[offset:offset + len(parts)])
        offset += len(parts)
        item = TextSignals(lead=lead, whole=whole, opening=opening, language=language,
                           lead_multilingual=lead_m, opening_multilingual=opening_m)
        if language not in (None, "en"):  # English NER on other languages is noise
            result.append(item)
            continue
        for ent in doc.ents:
            name = " ".join(ent.text.split()).lower().removesuffix("'s").removesuffix("’s")
            if ent.label_ in ENTITY_LABELS:
                item.entities.add(name)
            elif ent.label_ in PLACE_LABELS:
                item.places.add(name)
            elif ent.label_ == "DATE" and _DATE_HINT.search(name):
                item.dates.add(name)
        result.append(item)
    return result


def _paragraphs(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    return parts or [text]


def compare(a: TextSignals, b: TextSignals) -> SimilarityResult:
    lead = float(a.lead @ b.lead)
    whole = float(a.whole @ b.whole)
    opening = float(a.opening @ b.opening) if a.opening is not None and b.opening is not None else lead
    score = 1.0 / (1.0 + math.exp(-(WEIGHTS[0] + WEIGHTS[1] * combined_cosine(lead, opening))))
    if {a.language, b.language} - {None, "en"} and a.lead_multilingual is not None \
            and b.lead_multilingual is not None:
        # MiniLM for English pairs, USE where a text is not English (bench/similarity_semeval.py)
        lead = float(a.lead_multilingual @ b.lead_multilingual)
        opening = float(a.opening_multilingual @ b.opening_multilingual)
        score = story_score(story_cosine(lead, opening))
    entities, places, dates = (sorted(x & y) for x, y in
                               ((a.entities, b.entities), (a.places, b.places), (a.dates, b.dates)))
    reasons = [f"embedding similarity {lead:.2f} (leads), {opening:.2f} (openings), {whole:.2f} (whole texts)"]
    reasons.append(f"shared entities: {', '.join(entities[:8])}" if entities else "no shared entities")
    reasons.append(f"shared places: {', '.join(places[:8])}" if places else "no shared places")
    reasons.append(f"shared dates: {', '.join(dates[:8])}" if dates else "no shared dates")
    return SimilarityResult(score=round(score, 3), embedding=round(lead, 3), embedding_whole=round(whole, 3),
                            embedding_opening=round(opening, 3),
                            shared_entities=entities, shared_places=places, shared_dates=dates, reasons=reasons)


def combined_cosine(lead: float, opening: float) -> float:
    """The one number the score is a function of: the mean of the lead and opening cosines."""
    return (lead + opening) / 2


def _overlap(a: set[str], b: set[str]) -> float:
    """Shared share of the smaller set (a short text naming 3 of the other's 20 people still
    shares all of its own)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def score_pair(text_a: str, text_b: str) -> SimilarityResult:
    """How likely `text_a` and `text_b` report the same event, with the reasons."""
    first, second = signals([text_a, text_b])
    return compare(first, second)


def score_pairs(pairs: Sequence[tuple[str, str]]) -> list[SimilarityResult]:
    """Many pairs at once: each distinct text is parsed and embedded once."""
    distinct = list(dict.fromkeys(t for pair in pairs for t in pair))
    by_text = dict(zip(distinct, signals(distinct)))
    return [compare(by_text[a], by_text[b]) for a, b in pairs]
