"""Main-text scoring exactly as scrapinghub/article-extraction-benchmark's `evaluate.py` does it.

Reproduced from that repository's evaluate.py (read at commit 7d95432d), so our figures sit beside
the published ones (trafilatura 2.0.0 .958, newspaper4k .949, ...):

* text -> `\\w+` tokens -> 4-token shingles, counted as a multiset (a text under 4 tokens is one
  shingle of all its tokens; an empty text has none);
* per document: TP/FP/FN over the shingle multisets, normalised by TP+FP+FN so that long articles
  weigh no more than short ones;
* precision is the mean of per-document precision over documents with TP+FP > 0 (an empty output
  is left out of precision) and recall the mean of per-document recall over documents with
  TP+FN > 0 (an empty output counts recall 0);
* F1 is the harmonic mean of those two means (F1 of the means, not a mean of per-document F1).
"""
from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# The benchmark's tokeniser and shingle size.
_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)
SHINGLE_SIZE = 4

TpFpFn = tuple[float, float, float]


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    documents: int


def tokenize(text: str | None) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    tokens = tokenize(text)
    # Like the benchmark: range(max(1, len - n + 1)) keeps one short shingle for a short text.
    grams = (tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(g for g in grams if g)


def shingle_match(true: str | None, pred: str | None, n: int = SHINGLE_SIZE) -> TpFpFn:
    """Normalised (TP, FP, FN) of one document's shingles."""
    true_sh, pred_sh = shingles(true, n), shingles(pred, n)
    tp = fp = fn = 0.0
    for key in true_sh.keys() | pred_sh.keys():
        t, p = true_sh.get(key, 0), pred_sh.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    if total > 0:
        return tp / total, fp / total, fn / total
    return tp, fp, fn


def precision_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def scores_from_matches(matches: Iterable[TpFpFn]) -> Scores:
    """Benchmark P, R and F1 (of the means) from per-document (TP, FP, FN)."""
    matches = list(matches)
    precisions = [precision_score(*m) for m in matches if m[0] + m[1] > 0]
    recalls = [recall_score(*m) for m in matches if m[0] + m[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, len(matches))


def score_texts(pairs: Iterable[tuple[str | None, str | None]]) -> Scores:
    """Scores of (true, predicted) article-body pairs."""
    return scores_from_matches(shingle_match(t, p) for t, p in pairs)


def load_article_benchmark(data: Path, limit: int | None = None) -> list[tuple[str, str, str]]:
    """(page id, html, true article body) of article-extraction-benchmark's first `limit` pages
    sorted by file name, read as the benchmark's runners read them (gzip, UTF-8 text)."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf8"))
    pages = []
    for path in sorted((data / "html").glob("*.html.gz"))[:limit]:
        page_id = path.name.split(".")[0]
        with gzip.open(path, "rt", encoding="utf8") as f:
            pages.append((page_id, f.read(), truth[page_id]["articleBody"]))
    return pages
