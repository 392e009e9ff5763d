"""Events across languages: a German and an English report of one happening land in one event.

English reports are grouped by `grouping` on MiniLM, TF-IDF, names and dates, all English. A report
in another language that USE multilingual v3 covers (newsfuse.embeddings) is then placed by meaning
alone, on the one signal that crosses languages: the story cosine, a weighted mean of two USE
cosines, of the leads (first 2,000 characters) and of the openings (first 500 characters), the same
number `events.similarity` scores a pair with where a text is not English (`story_score`).
- it joins the English event whose reports it is closest to on average (average linkage, the rule
  the English grouping uses), when that mean reaches SAME_EVENT_COSINE;
- the others are grouped among themselves by average linkage at the same threshold;
- a report whose publication date is more than a week from all of an event's reports never joins
  it (as in the English grouping, dates veto meaning).
Reports in languages USE does not cover stay events of their own, as before.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from ..embeddings import MULTILINGUAL_LANGUAGES, embed_multilingual
from ..models import Article
from .linkage import cluster
from .online import DEFAULT_MAX_GAP_DAYS
from .segments import ArticleSegment, day_ordinal

# The opening is counted in characters, not words: Chinese and Japanese have no spaces between words.
# bench/similarity_semeval.py (issue 16, 5-fold CV over all 1,283 SemEval pairs): the first 500
# characters .755, the first 20 words .749, 300 characters .753, 150 .750.
OPENING_CHARS = 500
# Logistic of the lead and opening USE cosines: intercept, lead weight, opening weight. Fitted by
# bench/similarity_semeval.py --fit on the fit half of the non-English SemEval-2022 pairs (target
# Overall <= 2.5, as the English weights); its check half and the 5-fold CV figures are in that
# bench's docstring. One weight per cosine where the mean of the two (weights .5/.5) gave .734.
STORY_WEIGHTS = (-4.75, 6.06, 3.14)
# Least story cosine (`story_cosine`) for two reports in different languages to be one event. Set by
# bench/crosslingual.py --fit on the same-language non-English SemEval-2022 pairs (de-de, es-es,
# tr-tr, ...; never the mixed-language pairs it is then measured on): the threshold of best balanced
# accuracy between pairs rated the same story (Overall <= 2) and different (Overall >= 3): .55,
# same story joined .782, different .106 (the plain mean of lead and 20-word opening: .47).
SAME_EVENT_COSINE = 0.55

COVERED_WARNING = ("not English ({language}): placed in an event by multilingual meaning only (USE); "
                   "names, quotes, claims and framing are English-only and skip it")
UNCOVERED_WARNING = ("not English ({language}): reported as an event of its own; events are only "
                     "grouped among English reports and the languages of the multilingual model")


def is_covered(article: Article) -> bool:
    """True when the multilingual model reads the article's language."""
    return (article.language or "").split("-")[0] in MULTILINGUAL_LANGUAGES


def story_parts(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """USE vectors of each text's lead (first 2,000 characters) and opening (first 500)."""
    texts = [(t or "").strip() for t in texts]
    return embed_multilingual(texts), embed_multilingual([t[:OPENING_CHARS] for t in texts])


def story_cosine(lead: float, opening: float) -> float:
    """The weighted mean of the lead and opening cosines (weights of STORY_WEIGHTS)."""
    _, lead_weight, opening_weight = STORY_WEIGHTS
    return (lead_weight * lead + opening_weight * opening) / (lead_weight + opening_weight)


def story_score(cosine: float) -> float:
    """How likely (0-1) two reports tell the same story, from their story cosine."""
    intercept, lead_weight, opening_weight = STORY_WEIGHTS
    return 1.0 / (1.0 + math.exp(-(intercept + (lead_weight + opening_weight) * cosine)))


def story_vectors(articles: Sequence[Article]) -> np.ndarray:
    """One row per article whose inner products are story cosines (`story_cosine` of the USE lead
    and opening cosines)."""
    return weighted_story_rows(*story_parts([a.text for a in articles]))


def weighted_story_rows(leads: np.ndarray, openings: np.ndarray) -> np.ndarray:
    _, lead_weight, opening_weight = STORY_WEIGHTS
    total = lead_weight + opening_weight
    return np.hstack([leads * np.float32(math.sqrt(lead_weight / total)),
                      openings * np.float32(math.sqrt(opening_weight / total))])


def cross_language_labels(grouped: Sequence[ArticleSegment], labels: Sequence[int],
                          others: Sequence[ArticleSegment], threshold: float = SAME_EVENT_COSINE) -> list[int]:
    """A label for each segment of `others` (whole non-English articles): the label of the English
    event it joins, or a new one (numbered after `labels`) shared with the others of its story."""
    offset = max(labels, default=-1) + 1
    if not others:
        return []
    for segment in others:
        _warn(segment.article)
    covered = [i for i, s in enumerate(others) if is_covered(s.article)]
    result = [-1] * len(others)
    vectors = story_vectors([others[i].article for i in covered]) if covered else np.zeros((0, 1))
    events = _event_members(grouped, labels)
    if events:
        members = list({a.id: a for _, articles in events for a in articles}.values())
        row_of = {a.id: row for row, a in enumerate(members)}
        member_vectors = story_vectors(members)
        for vector, i in zip(vectors, covered):
            best, best_label = threshold, None
            for label, articles in events:
                if not _near_in_time([others[i].article], articles):
                    continue
                mean = float(np.mean(member_vectors[[row_of[a.id] for a in articles]] @ vector))
                if mean >= best:
                    best, best_label = mean, label
            if best_label is not None:
                result[i] = best_label
    alone = [(k, i) for k, i in enumerate(covered) if result[i] < 0]
    if len(alone) > 1:
        dense = vectors[[k for k, _ in alone]]
        found = cluster(dense, sparse.csr_matrix((len(alone), 1)), threshold=threshold, embedding_weight=1.0,
                        tfidf_weight=0.0, compatible=lambda a, b: _near_in_time(
                            [others[alone[x][1]].article for x in a], [others[alone[x][1]].article for x in b]))
        first_of = {label: number for number, label in enumerate(dict.fromkeys(found))}
        for (_, i), label in zip(alone, found):
            result[i] = offset + first_of[label]
    used = max([offset - 1] + result)
    for i, label in enumerate(result):
        if label < 0:
            used += 1
            result[i] = used
    return result


def _event_members(grouped: Sequence[ArticleSegment], labels: Sequence[int]) -> list[tuple[int, list[Article]]]:
    by_label: dict[int, dict[str, Article]] = {}
    for segment, label in zip(grouped, labels):
        by_label.setdefault(label, {})[segment.article.id] = segment.article
    return [(label, list(articles.values())) for label, articles in by_label.items()]


def _near_in_time(first: Sequence[Article], second: Sequence[Article]) -> bool:
    """False when both sides have publication dates and none are within a week of each other."""
    days_a = {d for d in (day_ordinal(a.published.value) for a in first) if d is not None}
    days_b = {d for d in (day_ordinal(a.published.value) for a in second) if d is not None}
    if not days_a or not days_b:
        return True
    return min(abs(x - y) for x in days_a for y in days_b) <= DEFAULT_MAX_GAP_DAYS


def _warn(article: Article) -> None:
    template = COVERED_WARNING if is_covered(article) else UNCOVERED_WARNING
    warning = template.format(language=article.language)
    if warning not in article.warnings:
        article.warnings.append(warning)
