"""Sentence alignment between two articles and what kind of reuse it shows.

Each sentence of the derived text is paired with its most similar sentence of the source when the
embedding cosine is high (a reworded sentence) or rapidfuzz finds it near-verbatim (a copied one,
even when the embedding is diluted by a changed clause).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

# Sentence similarity = mean of embedding cosine and rapidfuzz token_set_ratio / 100: meaning alone
# pairs any two sentences about the same talks, words alone miss reworded ones. Above ALIGN_SCORE a
# derived sentence is a reworded source sentence. Set on the sample: 000's rewritten sentences score
# .73-.81 against 001's originals; sentences of the independent reports of the visit stay <= .76,
# mostly < .70, and the rewrite/other split is then made by how many align and in what order.
ALIGN_SCORE = 0.70
# rapidfuzz ratio (0-100) from which a sentence is a near-verbatim copy.
VERBATIM_RATIO = 90
# Sentences shorter than this many characters ("Details", "Home > China News") are not aligned.
MIN_SENTENCE_CHARS = 25
# Share of the derived text's sentences that must be aligned for a rewrite or copy; order kept in at
# least ORDER_SHARE of the aligned pairs (longest increasing run). Set on the sample.
REUSE_SHARE = 0.15
COPY_SHARE = 0.6
ORDER_SHARE = 0.6
# A rewrite has at least this many aligned sentences (two may be chance; set on the sample).
REWRITE_MIN_SENTENCES = 4
# A text that repeats this share of the other verbatim is a copy even when both cite a wire.
WHOLE_COPY_SHARE = 0.9
# Shared wire: at least this many sentences in common and a wire cited by both.
WIRE_MIN_SENTENCES = 2


@dataclass
class Alignment:
    pairs: list[tuple[int, int, float]]  # (derived sentence, source sentence, similarity)
    verbatim: int  # how many of the pairs are near-verbatim
    derived_sentences: int  # alignable sentences of the derived text
    source_sentences: int
    order: float  # share of aligned pairs in source order
    derived_chars: int = 0  # length of the aligned derived sentences
    source_chars: int = 0  # length of the source sentences they align to (each counted once)

    @property
    def share(self) -> float:
        return len(self.pairs) / max(min(self.derived_sentences, self.source_sentences), 1)

    @property
    def verbatim_share(self) -> float:
        return self.verbatim / max(min(self.derived_sentences, self.source_sentences), 1)


def align(derived: list[str], source: list[str], derived_vectors: np.ndarray,
          source_vectors: np.ndarray) -> Alignment:
    """Each derived sentence with its best source sentence when similar enough (a long source
    sentence may be split into several derived ones, so one source sentence can serve many)."""
    usable_d = [i for i, s in enumerate(derived) if len(s) >= MIN_SENTENCE_CHARS]
    usable_s = [j for j, s in enumerate(source) if len(s) >= MIN_SENTENCE_CHARS]
    if not usable_d or not usable_s:
        return Alignment([], 0, len(usable_d), len(usable_s), 0.0)
    cosine = derived_vectors[usable_d] @ source_vectors[usable_s].T
    words = process.cdist([derived[i] for i in usable_d], [source[j] for j in usable_s],
                          scorer=fuzz.token_set_ratio, workers=1) / 100.0
    sims = 0.5 * cosine + 0.5 * words
    pairs, verbatim = [], 0
    for a, b in enumerate(np.argmax(sims, axis=1)):
        i, j = usable_d[a], usable_s[int(b)]
        near_verbatim = fuzz.ratio(derived[i], source[j]) >= VERBATIM_RATIO
        if sims[a, b] < ALIGN_SCORE and not near_verbatim:
            continue
        verbatim += near_verbatim
        pairs.append((i, j, round(1.0 if near_verbatim else float(sims[a, b]), 3)))
    return Alignment(pairs, verbatim, len(usable_d), len(usable_s), _order(pairs),
                     derived_chars=sum(len(derived[i]) for i, _, _ in pairs),
                     source_chars=sum(len(source[j]) for j in {j for _, j, _ in pairs}))


def _order(pairs: list[tuple[int, int, float]]) -> float:
    """Share of pairs on the longest increasing subsequence of source positions."""
    if not pairs:
        return 0.0
    tails: list[int] = []
    for _, j, _ in pairs:
        k = bisect_left(tails, j)
        tails[k:k + 1] = [j]
    return len(tails) / len(pairs)


def kind_of(alignment: Alignment, common_wires: set[str]) -> str | None:
    """copy, rewrite, shared_wire, or None (related but not reuse).

    Two texts citing the same wire and sharing sentences repeat that wire, even verbatim, unless one
    is all but entirely the other (then it is a copy whoever wrote it first)."""
    if common_wires and len(alignment.pairs) >= WIRE_MIN_SENTENCES and alignment.verbatim_share < WHOLE_COPY_SHARE:
        return "shared_wire"
    if alignment.verbatim_share >= COPY_SHARE:
        return "copy"
    if (alignment.share >= REUSE_SHARE and alignment.order >= ORDER_SHARE
            and len(alignment.pairs) >= REWRITE_MIN_SENTENCES):
        return "rewrite"
    return None
