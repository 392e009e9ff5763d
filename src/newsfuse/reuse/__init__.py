"""Reuse (churnalism): which articles copy, rewrite, or repeat the same wire as another.

Copying is shared narrative text, the reporter's own sentences: not shared quotations, the same
official statement quoted twice, or a common phrase. So quotations are taken out first
(`reuse.narrative`) and only what is left is shingled, aligned and scored.

Candidates come from MinHash LSH over word shingles (near-linear in the number of articles); each
candidate pair is then aligned sentence by sentence (MiniLM cosine plus rapidfuzz) on narrative text
and classified:
- `copy`: most narrative sentences near-verbatim;
- `rewrite`: a run of narrative sentences reworded in the same order;
- `shared_wire`: both are or cite the same wire (AP, AFP, Reuters...) and share its sentences word
  for word.
Each link says what it rests on (`Reuse.evidence`) and lists the aligned narrative sentences.
The source is the earlier-published article; without two dates the evidence that decided is named
(a citation of the other's outlet, the more complete text), or the direction is marked unknown.
A copy or rewrite is not a second independent source for the claims it repeats.

`find_reuse` is the local engine's composition of the pieces in `candidates` and of `relation`; the
Spark engine (`newsfuse.spark.reuse`) composes the same pieces over a shuffle, so both find the same.
"""
from __future__ import annotations

import datetime as dt

import numpy as np

from ..embeddings import ARTICLE_BATCH, DIMENSIONS, article_vector, embed, sentence_vectors
from ..models import Article, Reuse
from .align import Alignment, align, evidence, kind_of
from .candidates import candidate_pairs
from .narrative import narrative_sentences
from .translated import translated_copies
from .wire import cited_wires

# Aligned source sentences this much longer (in total) than the derived ones mark the more complete
# text, i.e. the original that a rewrite condensed (001 vs 000 on the sample: 1.9x).
COMPLETENESS_RATIO = 1.25

__all__ = ["find_reuse", "relation", "article_vector", "SentenceVectors"]


def find_reuse(articles: list[Article]) -> list[Reuse]:
    """Every copy, rewrite or shared-wire relation among `articles`, with aligned sentences, in the
    order of the candidate pairs' positions."""
    texts = [a.text for a in articles]
    vectors = SentenceVectors()
    article_vectors = np.stack([article_vector(a) for a in articles]) if articles else None
    found = (relation(articles[i], articles[j], vectors)
             for i, j in sorted(candidate_pairs(texts, article_vectors)))
    # a translation shares no words with its source: aligned by multilingual meaning (issue 16)
    return [r for r in found if r is not None] + translated_copies(articles)


class SentenceVectors:
    """Each aligned article's narrative sentences and their vectors, computed once per run (an
    article meets many candidates): the vectors it carries, re-embedded where quotations left a
    sentence shorter."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[list[str], np.ndarray]] = {}

    def __call__(self, article: Article) -> np.ndarray:
        return self.narrative(article)[1]

    def narrative(self, article: Article) -> tuple[list[str], np.ndarray]:
        """(narrative text of each sentence, "" for quotations; one vector per sentence)."""
        if article.id not in self._cache:
            self._cache[article.id] = _narrative(article)
        return self._cache[article.id]


def _narrative(article: Article) -> tuple[list[str], np.ndarray]:
    # Annotated articles carry their sentence vectors (filled where NLP ran, shared with events and
    # compare); a sentence that lost quoted words is embedded again as what is left, in the
    # article's own batch so every engine gets the same floats (as `nlp.annotate` embeds them).
    # Text without sentences is aligned by its lines.
    texts = narrative_sentences(article.text, _bounds(article))
    if article.sentences:
        vectors = sentence_vectors([article])[article.id].copy()
        changed = [i for i, (sentence, text) in enumerate(zip(article.sentences, texts))
                   if text and text != " ".join(sentence.text.split())]
        if changed:
            vectors[changed] = embed([texts[i] for i in changed], ARTICLE_BATCH)
        return texts, vectors
    return texts, embed(texts) if texts else np.zeros((0, DIMENSIONS), dtype=np.float32)


def _bounds(article: Article) -> list[tuple[int, int]]:
    """Character bounds of the units aligned: the sentences, or the non-empty lines."""
    if article.sentences:
        return [(s.start, s.end) for s in article.sentences]
    bounds, offset = [], 0
    for line in article.text.split("\n"):
        if line.strip():
            bounds.append((offset, offset + len(line)))
        offset += len(line) + 1
    return bounds


def relation(a: Article, b: Article, vectors: SentenceVectors | None = None) -> Reuse | None:
    """How `a` and `b` (a candidate pair) reuse one another, from the alignment of their narrative
    sentences; None when they do not. `vectors` shares sentence embeddings across the pairs of one run."""
    vectors = vectors or SentenceVectors()
    wires = cited_wires(a.text, a.attributed_sources) & cited_wires(b.text, b.attributed_sources)
    (a_texts, a_vectors), (b_texts, b_vectors) = vectors.narrative(a), vectors.narrative(b)
    forward = align(b_texts, a_texts, b_vectors, a_vectors)  # b derived from a
    backward = align(a_texts, b_texts, a_vectors, b_vectors)
    kind = kind_of(forward, wires) or kind_of(backward, wires)
    if kind is None:
        return None
    source, derived, direction = _direction(a, b, forward, backward, kind, wires)
    alignment, other = (forward, backward) if source is a else (backward, forward)
    if kind_of(alignment, wires) != kind:  # the dates (or citations) point the other way
        alignment = other.transposed()
    alignment.excluded = sum(1 for t in a_texts + b_texts if not t)
    score = alignment.verbatim_share if kind == "copy" else alignment.run_share if kind == "rewrite" \
        else alignment.share
    shown = alignment.run if kind == "rewrite" else alignment.pairs
    derived_texts, source_texts = (b_texts, a_texts) if source is a else (a_texts, b_texts)
    return Reuse(source=source.id, derived=derived.id, kind=kind, score=round(min(score, 1.0), 3),
                 aligned=_merged(alignment.pairs, alignment.run), direction_evidence=direction,
                 evidence=evidence(alignment, kind, derived.id, source.id, wires),
                 evidence_pairs=[[derived_texts[d], source_texts[s]] for d, s, _ in shown])


def _merged(pairs: list[tuple[int, int, float]], run: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Every aligned pair, with the run's pairs for derived sentences found only between anchors."""
    by_derived = {d: (d, s, sim) for d, s, sim in run}
    by_derived.update({d: (d, s, sim) for d, s, sim in pairs})
    return [by_derived[d] for d in sorted(by_derived)]


def _direction(a: Article, b: Article, forward: Alignment, backward: Alignment, kind: str,
               wires: set[str]) -> tuple[Article, Article, str]:
    """(source, derived, what decided): dates, then citations, then completeness, else unknown."""
    wire_note = f"; both repeat {', '.join(sorted(wires))}" if kind == "shared_wire" else ""
    date_a, date_b = _date(a), _date(b)
    if date_a and date_b and date_a != date_b:
        first, second = (a, b) if date_a < date_b else (b, a)
        return first, second, (f"dates: {first.id} published {_date(first)}, "
                               f"{second.id} on {_date(second)}{wire_note}")
    for cited, citing in ((a, b), (b, a)):
        if cited.outlet and cited.outlet in citing.attributed_sources:
            return cited, citing, f"citations: {citing.id} cites {cited.outlet}{wire_note}"
    ratio = _length_ratio(forward)
    if ratio >= COMPLETENESS_RATIO:
        return a, b, f"more complete text: {a.id}'s matching sentences are {ratio:.1f}x longer{wire_note}"
    ratio = _length_ratio(backward)
    if ratio >= COMPLETENESS_RATIO:
        return b, a, f"more complete text: {b.id}'s matching sentences are {ratio:.1f}x longer{wire_note}"
    why = "same publication date" if date_a and date_a == date_b else "dates missing"
    return a, b, f"unknown: {why}, no citation, equally complete{wire_note}"


def _date(article: Article) -> str | None:
    value = article.published.value
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _length_ratio(alignment: Alignment) -> float:
    """Total length of the source sentences used / of the derived sentences aligned to them."""
    if not alignment.pairs:
        return 0.0
    return alignment.source_chars / max(alignment.derived_chars, 1)
