"""Translated copies: an article that is another outlet's text translated into another language.

Word shingles and MiniLM (the `copy` and `rewrite` kinds) cannot see a translation. Here two articles
in different languages that USE multilingual v3 reads (events.crosslingual) are compared sentence by
sentence: a sentence pair is aligned when the two are each other's best match and their USE cosine
reaches TRANSLATED_SENTENCE_COSINE. When most sentences of the shorter article align, in the same
order, the pair is reuse of kind `translated`, evidenced by those sentence pairs. Only pairs whose
stories are close (events.crosslingual story cosine) are aligned, so the cost stays near the number
of cross-language pairs of one story.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..embeddings import embed_multilingual
from ..events.crosslingual import SAME_EVENT_COSINE, is_covered, story_vectors
from ..events.segments import day_ordinal
from ..models import Article, Reuse

# A translation of a sentence scores .73-.91 against it in USE (issue 16), two outlets' own wordings
# of one fact are above .70 only 38 % of the time and different facts 0.5 % (NewsWCL50 dev gold, see
# compare.crosslingual.SAME_CLAIM_COSINE): sentence by sentence, .70 separates a translation from a
# retelling.
TRANSLATED_SENTENCE_COSINE = 0.70
# Share of the shorter article's sentences aligned in order for the pair to be a translated copy,
# and the least number of such sentences: a retelling of the same story aligns a few (the most
# aligned mixed-language SemEval-2022 pair rated the same story aligns half of its first 12
# sentences at .70, not in order), a translation nearly all.
TRANSLATED_SHARE = 0.6
MIN_ALIGNED = 3
# Rows of story vectors compared with the probes at once (memory BLOCK_ROWS x probes floats).
BLOCK_ROWS = 1024


def translated_copies(articles: Sequence[Article]) -> list[Reuse]:
    """Every pair of articles in two different languages of which one translates the other, in
    the order of their positions."""
    readable = [(position, a) for position, a in enumerate(articles) if is_readable(a)]
    majority = majority_language([language_of(a) for _, a in readable])
    if majority is None:
        return []
    rows = story_rows(readable)
    pairs = sorted(set(story_pairs([r for r in rows if r[1] != majority], rows, majority)))
    vectors: dict[str, np.ndarray] = {}
    found = (translated_pair(articles[i], articles[j], sentence_vectors(articles[i], vectors),
                             sentence_vectors(articles[j], vectors)) for i, j in pairs)
    return [link for link in found if link is not None]


def majority_language(languages: Sequence[str]) -> str | None:
    """The most common language (ties by name), or None when there are fewer than two: articles of
    that language are never compared among themselves, so only the others probe for pairs."""
    return majority_of(Counter(languages))


def majority_of(counts: Counter) -> str | None:
    """`majority_language` from the count of articles per language."""
    if len(counts) < 2:
        return None
    return min(counts, key=lambda language: (-counts[language], language))


StoryRow = tuple[int, str, np.ndarray]  # (position in the pile, language, story vector)


def story_rows(articles: Sequence[tuple[int, Article]]) -> list[StoryRow]:
    """(position, language, story vector) of each (position, article): what `story_pairs` compares.
    The Spark engine computes them per partition, with the same floats (USE embeds each text alone)."""
    if not articles:
        return []
    vectors = story_vectors([a for _, a in articles])
    return [(position, language_of(a), vectors[k]) for k, (position, a) in enumerate(articles)]


def story_pairs(probes: Sequence[StoryRow], rows: Sequence[StoryRow], majority: str) -> list[tuple[int, int]]:
    """(i, j), i < j, of a probe (an article not in the majority language) and a row of another
    language whose story cosine reaches SAME_EVENT_COSINE. A pair of two probes is kept from the
    row with the smaller position only, so a pair is found once wherever the rows are split. Cost:
    probes x rows, not rows squared: a pile that is mostly one language stays near-linear."""
    if not probes or not rows:
        return []
    probe_matrix = np.stack([vector for _, _, vector in probes])
    probe_positions = np.array([position for position, _, _ in probes])
    probe_languages = np.array([language for _, language, _ in probes])
    out = []
    for start in range(0, len(rows), BLOCK_ROWS):
        block = rows[start:start + BLOCK_ROWS]
        close = np.stack([vector for _, _, vector in block]) @ probe_matrix.T >= SAME_EVENT_COSINE
        for r, (position, language, _) in enumerate(block):
            for k in np.flatnonzero(close[r]):
                other, other_language = int(probe_positions[k]), probe_languages[k]
                if other_language == language or (language != majority and position > other):
                    continue
                out.append((min(position, other), max(position, other)))
    return out


def is_readable(article: Article) -> bool:
    return bool(article.language) and is_covered(article) and bool(article.sentences)


def sentence_vectors(article: Article, cache: dict[str, np.ndarray]) -> np.ndarray:
    if article.id not in cache:
        cache[article.id] = embed_multilingual([s.text for s in article.sentences])
    return cache[article.id]


def translated_pair(a: Article, b: Article, vectors_a: np.ndarray, vectors_b: np.ndarray) -> Reuse | None:
    """The `translated` link between `a` and `b` when one translates the other, else None."""
    similarity = vectors_a @ vectors_b.T
    if similarity.size == 0:
        return None
    best_b, best_a = similarity.argmax(axis=1), similarity.argmax(axis=0)
    pairs = [(i, int(j), float(similarity[i, j])) for i, j in enumerate(best_b)
             if best_a[j] == i and similarity[i, j] >= TRANSLATED_SENTENCE_COSINE]
    in_order = _longest_in_order(pairs)
    shorter = min(len(a.sentences), len(b.sentences))
    if len(in_order) < MIN_ALIGNED or len(in_order) < TRANSLATED_SHARE * shorter:
        return None
    source, derived, why = _direction(a, b)
    rows = [(j, i, s) if derived is b else (i, j, s) for i, j, s in in_order]  # (derived, source, cosine)
    derived_sentences, source_sentences = derived.sentences, source.sentences
    share = len(in_order) / shorter
    return Reuse(
        source=source.id, derived=derived.id, kind="rewrite", score=round(share, 3),
        translated=f"{language_of(derived)}<-{language_of(source)}",
        aligned=[(d, s, round(c, 3)) for d, s, c in rows], direction_evidence=why,
        evidence=(f"translated: {len(in_order)} of {shorter} sentences of {derived.id} ({language_of(derived)}) "
                  f"align in order with {source.id} ({language_of(source)}) at USE cosine >= "
                  f"{TRANSLATED_SENTENCE_COSINE}"),
        evidence_pairs=[[derived_sentences[d].text, source_sentences[s].text] for d, s, _ in rows[:5]])


def _longest_in_order(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The longest run of pairs whose second indices increase with the first (patience sorting)."""
    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(pairs)
    for k, (_, j, _) in enumerate(pairs):
        place = bisect_left(tails, j)
        if place == len(tails):
            tails.append(j)
            tail_index.append(k)
        else:
            tails[place], tail_index[place] = j, k
        previous[k] = tail_index[place - 1] if place else -1
    chain, k = [], tail_index[-1] if tail_index else -1
    while k >= 0:
        chain.append(pairs[k])
        k = previous[k]
    return chain[::-1]


def _direction(a: Article, b: Article) -> tuple[Article, Article, str]:
    """(source, derived, what decided): the earlier publication date, else unknown (a first)."""
    day_a, day_b = day_ordinal(a.published.value), day_ordinal(b.published.value)
    if day_a is not None and day_b is not None and day_a != day_b:
        first, second = (a, b) if day_a < day_b else (b, a)
        return first, second, (f"dates: {first.id} published {first.published.value}, "
                               f"{second.id} on {second.published.value}")
    why = "same publication date" if day_a is not None and day_a == day_b else "dates missing"
    return a, b, f"unknown: {why}"


def language_of(article: Article) -> str:
    return (article.language or "").split("-")[0]
