"""Sentence alignment between two articles and what kind of reuse it shows.

Only narrative text is aligned (`reuse.narrative`): quotations are taken out of each sentence and
a sentence that is only a quote plus its attribution is left out, so two outlets quoting the same
tweet or memo share nothing here. Each derived narrative sentence is paired with its most similar
source one when the embedding cosine is high (a reworded sentence) or rapidfuzz finds it
near-verbatim (a copied one, even when the embedding is diluted by a changed clause).

A rewrite is a run of the reporter's own sentences taken over in the same order: the pairs that
keep both texts' order (the longest chain rising in both) must be several, and close together in
the derived text. Two independent reports of one announcement share one or two similar factual
sentences, scattered; that is not reuse.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, replace

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
# Narrative sentences shorter than this many characters ("Details", "Home > China News", what is left
# of '"…," Comey told MSNBC.') are not aligned.
MIN_SENTENCE_CHARS = 25
# A rewrite: an order-keeping chain of at least REWRITE_MIN_ANCHORS narrative sentences aligned at
# ALIGN_SCORE (anchors), extended between them into a run of at least REWRITE_MIN_SENTENCES that is
# at least REUSE_SHARE of the shorter text's narrative sentences and takes at least RUN_DENSITY of
# the derived sentences it spans (a run, not a few similar facts scattered over two long texts).
# bench/reuse_false_links.py, every pair compared (not only candidates): independent reports of one
# story chain at most 2 anchors (NewsWCL50 dev 30 pairs, SemEval-2022 36 same-story pairs, PolNeAR
# 1240 same-day pairs of different publishers); the sample's rewrite 000 of 001 chains 3 (run 5,
# density .83).
REUSE_SHARE = 0.15
REWRITE_MIN_ANCHORS = 3
REWRITE_MIN_SENTENCES = 4
RUN_DENSITY = 0.5
# Between two anchors of a chain, a derived sentence joins the run from this similarity to a source
# sentence between the anchors' (set on the sample: 000's split and reworded clauses of 001 score
# .62-.69 there; see bench/reuse_false_links.py for independent reports).
EXTEND_SCORE = 0.60
# A copy: at least COPY_SHARE of the shorter text's narrative sentences near-verbatim, and at least
# COPY_MIN_SENTENCES of them (a two-line text sharing its one sentence is not a copy).
COPY_SHARE = 0.6
COPY_MIN_SENTENCES = 3
# A text that repeats this share of the other verbatim is a copy even when both cite a wire.
WHOLE_COPY_SHARE = 0.9
# Shared wire: a wire cited by both and at least this many near-verbatim narrative sentences in
# common (wire copy is reprinted word for word; two rewrites of one wire report share facts only).
WIRE_MIN_SENTENCES = 2


@dataclass
class Alignment:
    pairs: list[tuple[int, int, float]]  # (derived sentence, source sentence, similarity)
    verbatim: int  # how many of the pairs are near-verbatim
    derived_sentences: int  # alignable (narrative) sentences of the derived text
    source_sentences: int
    order: float  # share of aligned pairs in source order
    derived_chars: int = 0  # length of the aligned derived sentences
    source_chars: int = 0  # length of the source sentences they align to (each counted once)
    chain: list[tuple[int, int, float]] = field(default_factory=list)  # pairs rising in both texts
    # The chain with the derived sentences between two of its links that match a source sentence
    # between (or at) those links' source sentences at the lower EXTEND_SCORE: a rewrite splits and
    # rewords its source's sentences, and what lies between two anchors is looked for only there.
    run: list[tuple[int, int, float]] = field(default_factory=list)
    run_density: float = 0.0  # run length / alignable derived sentences between its ends
    excluded: int = 0  # sentences of both texts left out as quotations (quote plus attribution)

    @property
    def shorter(self) -> int:
        return max(min(self.derived_sentences, self.source_sentences), 1)

    @property
    def share(self) -> float:
        return len(self.pairs) / self.shorter

    @property
    def chain_share(self) -> float:
        return len(self.chain) / self.shorter

    def transposed(self) -> "Alignment":
        """The same correspondences read the other way (source as derived), for showing a link
        whose direction was decided by dates against the alignment that found it."""
        def flip(pairs):
            return sorted((s, d, sim) for d, s, sim in pairs)
        return replace(self, pairs=flip(self.pairs), chain=flip(self.chain), run=flip(self.run),
                       derived_sentences=self.source_sentences, source_sentences=self.derived_sentences,
                       derived_chars=self.source_chars, source_chars=self.derived_chars)

    @property
    def run_share(self) -> float:
        return len(self.run) / self.shorter

    @property
    def verbatim_share(self) -> float:
        return self.verbatim / self.shorter


def align(derived: list[str], source: list[str], derived_vectors: np.ndarray,
          source_vectors: np.ndarray) -> Alignment:
    """Each derived narrative sentence with its best source narrative sentence when similar enough
    (a long source sentence may be split into several derived ones, so one source sentence can
    serve many). `derived` and `source` hold each sentence's narrative text ("" when it is a
    quotation) and the vectors one row per sentence."""
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
    chain = _chain(pairs)
    run = _extended(chain, sims, usable_d, usable_s)
    return Alignment(pairs, verbatim, len(usable_d), len(usable_s), len(chain) / len(pairs) if pairs else 0.0,
                     derived_chars=sum(len(derived[i]) for i, _, _ in pairs),
                     source_chars=sum(len(source[j]) for j in {j for _, j, _ in pairs}),
                     chain=chain, run=run, run_density=_density(run, usable_d))


def _chain(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The longest chain of pairs strictly rising in source position (pairs come in derived order,
    one per derived sentence), so each sentence of either text is in it at most once."""
    if not pairs:
        return []
    tails: list[int] = []  # tails[k]: smallest source position ending a chain of length k + 1
    tail_pair: list[int] = []  # index (in pairs) of that chain's last pair
    previous: list[int | None] = []
    for index, (_, j, _) in enumerate(pairs):
        k = bisect_left(tails, j)
        tails[k:k + 1] = [j]
        tail_pair[k:k + 1] = [index]
        previous.append(tail_pair[k - 1] if k else None)
    chain, cursor = [], tail_pair[-1]
    while cursor is not None:
        chain.append(pairs[cursor])
        cursor = previous[cursor]
    return chain[::-1]


def _extended(chain: list[tuple[int, int, float]], sims: np.ndarray, usable_d: list[int],
              usable_s: list[int]) -> list[tuple[int, int, float]]:
    """`chain` plus, between each two consecutive links, the derived sentences whose best source
    sentence within the links' source positions scores at least EXTEND_SCORE."""
    if len(chain) < 2:
        return list(chain)
    row_of = {i: a for a, i in enumerate(usable_d)}
    run = [chain[0]]
    for (d1, s1, _), link in zip(chain, chain[1:]):
        d2, s2 = link[0], link[1]
        columns = [b for b, j in enumerate(usable_s) if s1 <= j <= s2]
        for i in (i for i in usable_d if d1 < i < d2):
            scores = sims[row_of[i], columns]
            best = int(np.argmax(scores))
            if scores[best] >= EXTEND_SCORE:
                run.append((i, usable_s[columns[best]], round(float(scores[best]), 3)))
        run.append(link)
    return run


def _density(chain: list[tuple[int, int, float]], usable: list[int]) -> float:
    """Share of the alignable derived sentences from the chain's first to its last that are in it."""
    if not chain:
        return 0.0
    first, last = chain[0][0], chain[-1][0]
    spanned = sum(1 for i in usable if first <= i <= last)
    return len(chain) / max(spanned, 1)


def kind_of(alignment: Alignment, common_wires: set[str]) -> str | None:
    """copy, rewrite, shared_wire, or None (related but not reuse).

    Two texts citing the same wire and sharing sentences verbatim repeat that wire, unless one is
    all but entirely the other (then it is a copy whoever wrote it first)."""
    if (common_wires and alignment.verbatim >= WIRE_MIN_SENTENCES
            and alignment.verbatim_share < WHOLE_COPY_SHARE):
        return "shared_wire"
    if alignment.verbatim_share >= COPY_SHARE and alignment.verbatim >= COPY_MIN_SENTENCES:
        return "copy"
    if is_run(alignment):
        return "rewrite"
    return None


def is_run(alignment: Alignment) -> bool:
    """A run of narrative sentences taken over in the same order."""
    return (len(alignment.chain) >= REWRITE_MIN_ANCHORS and len(alignment.run) >= REWRITE_MIN_SENTENCES
            and alignment.run_share >= REUSE_SHARE and alignment.run_density >= RUN_DENSITY)


def evidence(alignment: Alignment, kind: str, derived_id: str, source_id: str, wires: set[str]) -> str:
    """One plain line saying what the link rests on."""
    excluded = f"; {alignment.excluded} quotation sentences left out" if alignment.excluded else ""
    if kind == "copy":
        what = (f"{alignment.verbatim} of {derived_id}'s {alignment.derived_sentences} narrative sentences "
                f"near-verbatim in {source_id}")
    elif kind == "shared_wire":
        what = (f"both carry {', '.join(sorted(wires))} copy: {alignment.verbatim} narrative sentences "
                f"word for word")
    else:
        closely = len(alignment.chain)
        what = (f"a run of {len(alignment.run)} narrative sentences of {derived_id} reworded from "
                f"{source_id} in the same order ({closely} closely, {len(alignment.run) - closely} between "
                f"them; {alignment.run_density:.0%} of the sentences the run spans; "
                f"{alignment.derived_sentences} narrative sentences in all)")
    return f"{kind}: {what}{excluded}"
