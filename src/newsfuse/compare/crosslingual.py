"""Claims across languages: a claim told in German and in English is one claim with two mentions.

Claims are cut and aligned from English articles only (compare.claims reads an English parse). An
event's articles in another language that USE multilingual v3 reads (events.crosslingual) are then
matched sentence by sentence against the event's claims: a sentence joins a claim when the two are
each other's best match and their USE cosine reaches SAME_CLAIM_COSINE. The mention keeps the
original sentence (its language is the article's `language`), and the claim's independent sources
and status are counted again with it, reuse collapsed as for any other mention.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..embeddings import embed_multilingual
from ..events.crosslingual import is_covered
from ..models import Article, Claim, Mention
from ..nlp import reads_as_english

# Least USE cosine between a claim and a sentence of another language that tells it. Measured on the
# NewsWCL50 dev gold facts (English evidence phrases of one fact from two outlets vs phrases of two
# different facts, 120 and 1,304 pairs; bench/crosslingual.py --claims): at .70 38 % of the
# same-fact pairs and 0.5 % of the different-fact ones reach it (pairwise precision .865, about
# compare.align's .883 on the e2e scorer); translations of one sentence score .73-.91 (issue 16).
# Requiring the match to be mutual keeps one sentence from joining two claims.
SAME_CLAIM_COSINE = 0.70


def foreign_articles(article_ids: Sequence[str], by_id: Mapping[str, Article]) -> list[Article]:
    """The articles among `article_ids` that English stages skip and USE reads, with sentences."""
    return [by_id[a] for a in dict.fromkeys(article_ids) if a in by_id and not reads_as_english(by_id[a])
            and is_covered(by_id[a]) and by_id[a].sentences]


def add_cross_language_mentions(claims: Sequence[Claim], article_ids: Sequence[str],
                                by_id: Mapping[str, Article], components: Mapping[str, str],
                                threshold: float = SAME_CLAIM_COSINE) -> int:
    """Add to `claims` the sentences of the event's non-English articles that tell them; return how
    many mentions were added. `components` maps an article to its reuse component (one source)."""
    foreign = foreign_articles(article_ids, by_id)
    if not foreign or not claims:
        return 0
    claim_vectors = embed_multilingual([c.text for c in claims])
    added = 0
    for article in foreign:
        if any(m.article == article.id for c in claims for m in c.mentions):
            continue  # already matched (compare run twice on the same claims)
        vectors = embed_multilingual([s.text for s in article.sentences])
        for claim_row, sentence_row in mutual_best(claim_vectors @ vectors.T, threshold):
            sentence = article.sentences[sentence_row]
            claim = claims[claim_row]
            claim.mentions.append(Mention(article=article.id, sentence=sentence.index, text=sentence.text))
            _recount(claim, components)
            added += 1
    return added


def mutual_best(similarity: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """(row, column) pairs that are each other's best and reach `threshold`, in row order."""
    if similarity.size == 0:
        return []
    best_column = similarity.argmax(axis=1)
    best_row = similarity.argmax(axis=0)
    return [(row, int(column)) for row, column in enumerate(best_column)
            if best_row[column] == row and similarity[row, column] >= threshold]


def _recount(claim: Claim, components: Mapping[str, str]) -> None:
    claim.independent_sources = len({components.get(m.article, m.article) for m in claim.mentions})
    if claim.status != "conflicting":
        claim.status = "corroborated" if claim.independent_sources >= 2 else "single_source"
