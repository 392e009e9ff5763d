"""Pearson correlation of same-story scores with the human Overall score of SemEval-2022 Task 8, for
the two sentence models newsfuse ships: MiniLM (all-MiniLM-L6-v2, English) and USE multilingual v3,
through the functions the product scores with.

Overall runs 1 (same story) to 4 (different), so we correlate our score with -Overall. MiniLM's number
is `events.similarity.combined_cosine` (the mean of the lead and opening cosines; English pairs);
USE's are the lead and opening cosines of `events.crosslingual.story_parts` (first 2,000 and first 500
characters), scored by `story_score(story_cosine(...))` wherever a text is not English: the function
`events.similarity` and events across languages use. Reported on the English-English pairs, on all
1,283 pairs and on every language pair: raw, with the pinned weights (the product's score), and as a
5-fold cross-validated logistic (20 shuffles, target Overall <= 2.5, as the pinned weights were
fitted; English pairs on MiniLM's number, the others on USE's two cosines), with each model's speed.

    python bench/similarity_semeval.py                  # both models, all pairs
    python bench/similarity_semeval.py --models use     # one model
    python bench/similarity_semeval.py --english        # English pairs only (fast)
    python bench/similarity_semeval.py --fit            # STORY_WEIGHTS from the fit half, checked on the rest

--fit splits the pairs in two halves by a hash of pair_id (`half`), fits the USE logistic on the
non-English pairs of the fit half and prints its Pearson on the check half, which it never saw.

Published: best SemEval-2022 system .818 (official multilingual set).
Measured here before issue 16 (MiniLM only): English .875 (CV), all pairs .400 (the English-fitted
score). Issue 16, first step (2026-12-02, load ~15-20, shared):
  MiniLM   English .875 CV (raw .868)   all pairs .407 CV   9 sentences/s, 2,640 ms per pair
  USE      English .821 CV (raw .822)   all pairs .727 CV   181 sentences/s, 133 ms per pair
  chosen   MiniLM for English-English, USE (mean of lead and 20-word opening) otherwise: .734 CV
Issue 16, second step (lang2; 2026-12-02, load ~13-15): one weight per USE cosine and the opening
as the first 500 characters (20 words are a whole text in Chinese), STORY_WEIGHTS fitted by --fit on
the fit half (570 non-English pairs; its check half alone .737):
  USE      English .829 CV (raw .815)   all pairs .751 CV (raw .721)   109 sentences/s, 303 ms per pair
  MiniLM   English .875 CV (raw .868)                                    16 sentences/s, 593 ms per pair
  product  MiniLM for English-English, USE story_score otherwise: English .875 CV (raw .881),
           all pairs .755 CV (± .001), raw with the pinned weights .758; on the check half (630
           pairs, weights never fitted on them) .758. Per pair (raw): zh-en .890, it-it .846,
           zh-zh .859, es-it .825, es-es .786, de-fr .777, es-en .766, tr-tr .765, ru-ru .731,
           pl-pl .705, fr-fr .698, de-de .681, pl-en .677, de-en .638, ar-ar .423 (the weakest).
  Tried (5-fold CV over all pairs, 10 shuffles; the USE lead and 20-word opening with a weight each
  .749): + the first 300 characters .751; + shared numbers and capitalised words .752; + character
  3-5-gram TF-IDF cosine .751; + USE of the first 1,000 characters .752; + mean of sentence vectors
  .750; + sentence alignment (mean best sentence cosine) .749; + a mixed-language flag .749. With
  the first 500 characters as the opening: .755, and numbers, capitals, TF-IDF, alignment all
  together .754. Only the character opening was kept: the rest moved nothing beyond the spread.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "semeval2022-task8" / "training_set.csv"
sys.path.insert(0, str(ROOT / "src"))

from newsfuse import embeddings  # noqa: E402
from newsfuse.events import crosslingual, similarity  # noqa: E402

OPENING_WORDS = similarity.OPENING_WORDS
SPEED_SENTENCES = 2_000


def load() -> list[dict]:
    csv.field_size_limit(10**8)
    with open(DATA, newline="", encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["text1"].strip() and r["text2"].strip()]


def half(row: dict) -> int:
    """0 (fit half) or 1 (check half), fixed by the pair's id."""
    return hashlib.sha256(row["pair_id"].encode()).digest()[0] % 2


def minilm_cosines(rows: list[dict]) -> np.ndarray:
    """Per pair: `similarity.combined_cosine` of the MiniLM lead and opening cosines."""
    texts = list(dict.fromkeys(t for r in rows for t in (r["text1"], r["text2"])))
    leads = dict(zip(texts, embeddings.embed([t[:embeddings.MAX_CHARS] for t in texts])))
    openings = dict(zip(texts, embeddings.embed([" ".join(t.split()[:OPENING_WORDS]) for t in texts])))
    return np.array([similarity.combined_cosine(float(leads[r["text1"]] @ leads[r["text2"]]),
                                                float(openings[r["text1"]] @ openings[r["text2"]]))
                     for r in rows])


def use_cosines(rows: list[dict]) -> np.ndarray:
    """Per pair: the USE lead and opening cosines of `crosslingual.story_parts` (n, 2)."""
    texts = list(dict.fromkeys(t for r in rows for t in (r["text1"], r["text2"])))
    leads, openings = crosslingual.story_parts(texts)
    row = {t: i for i, t in enumerate(texts)}
    return np.array([[float(leads[row[r["text1"]]] @ leads[row[r["text2"]]]),
                      float(openings[row[r["text1"]]] @ openings[row[r["text2"]]])] for r in rows])


def logistic(X: np.ndarray, label: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=10.0, max_iter=1000).fit(X, label)


def cross_validated(features: list[np.ndarray], routes: np.ndarray, overall: np.ndarray,
                    shuffles: int = 20) -> tuple[float, float]:
    """5-fold cross-validated Pearson (mean and spread over shuffles) of per-route logistics:
    pair i is scored by a logistic on features[routes[i]], fitted on the training folds' pairs of
    the same route."""
    from sklearn.model_selection import KFold

    label = (overall <= 2.5).astype(int)
    figures = []
    for shuffle in range(shuffles):
        predicted = np.zeros(len(overall))
        for train, test in KFold(5, shuffle=True, random_state=shuffle).split(overall):
            for route, X in enumerate(features):
                fit_rows, test_rows = train[routes[train] == route], test[routes[test] == route]
                if not len(test_rows):
                    continue
                if len(set(label[fit_rows])) < 2:
                    predicted[test_rows] = X[test_rows].mean(axis=1)
                    continue
                predicted[test_rows] = logistic(X[fit_rows], label[fit_rows]).predict_proba(X[test_rows])[:, 1]
        figures.append(np.corrcoef(predicted, -overall)[0, 1])
    return float(np.mean(figures)), float(np.std(figures))


def pinned_scores(minilm: np.ndarray | None, use: np.ndarray | None, english: np.ndarray) -> np.ndarray:
    """The product's score of each pair: MiniLM's logistic (similarity.WEIGHTS) for English pairs,
    crosslingual.story_score for the others."""
    scores = np.zeros(len(english))
    for i, is_english in enumerate(english):
        if is_english and minilm is not None:
            scores[i] = 1 / (1 + np.exp(-(similarity.WEIGHTS[0] + similarity.WEIGHTS[1] * minilm[i])))
        elif use is not None:
            scores[i] = crosslingual.story_score(crosslingual.story_cosine(*use[i]))
    return scores


def speed(encode, sentences: list[str]) -> float:
    """Sentences per second, encoding `sentences` in one call after a warm-up."""
    encode(sentences[:8])
    started = time.perf_counter()
    encode(sentences)
    return len(sentences) / (time.perf_counter() - started)


def speed_sentences(rows: list[dict]) -> list[str]:
    """The first SPEED_SENTENCES distinct sentences of the English texts (a crude split suffices)."""
    found: dict[str, None] = {}
    for r in rows:
        for text in (r["text1"], r["text2"]):
            if r["lang1"] == "en" and text is r["text1"] or r["lang2"] == "en" and text is r["text2"]:
                for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
                    if len(sentence.split()) >= 4:
                        found.setdefault(sentence.strip())
    return list(found)[:SPEED_SENTENCES]


def fit(rows: list[dict], use: np.ndarray, overall: np.ndarray, english: np.ndarray) -> None:
    """STORY_WEIGHTS from the non-English pairs of the fit half; Pearson on the check half."""
    halves = np.array([half(r) for r in rows])
    chosen = (halves == 0) & ~english
    model = logistic(use[chosen], (overall[chosen] <= 2.5).astype(int))
    weights = (model.intercept_[0], *model.coef_[0])
    print(f"fit half: {chosen.sum()} non-English pairs; STORY_WEIGHTS = ({weights[0]:.2f}, {weights[1]:.2f}, "
          f"{weights[2]:.2f}) (pinned: {crosslingual.STORY_WEIGHTS})")
    check = (halves == 1) & ~english
    fitted = model.predict_proba(use[check])[:, 1]
    print(f"check half: {check.sum()} non-English pairs, Pearson {np.corrcoef(fitted, -overall[check])[0, 1]:.3f} "
          f"with these weights")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default="minilm,use", help="comma-separated: minilm, use")
    parser.add_argument("--english", action="store_true", help="English-English pairs only (fast)")
    parser.add_argument("--limit", type=int, default=0, help="first N pairs only (quick check)")
    parser.add_argument("--fit", action="store_true", help="fit STORY_WEIGHTS on the fit half (USE only)")
    args = parser.parse_args()
    rows = load()
    if args.english:
        rows = [r for r in rows if r["lang1"] == "en" and r["lang2"] == "en"]
    if args.limit:
        rows = rows[:args.limit]
    overall = np.array([float(r["Overall"]) for r in rows])
    english = np.array([r["lang1"] == "en" and r["lang2"] == "en" for r in rows])
    pair_of = np.array([f"{r['lang1']}-{r['lang2']}" for r in rows])
    if args.fit:
        fit(rows, use_cosines(rows), overall, english)
        return
    sentences = speed_sentences(rows)
    found: dict[str, np.ndarray] = {}
    for name in args.models.split(","):
        encode = embeddings.embed if name == "minilm" else embeddings.embed_multilingual
        encode(["load"])  # model load is a one-off cost, not part of the time per pair
        started = time.perf_counter()
        # MiniLM on the English-English pairs only: the product scores no other pair with it (all
        # pairs with MiniLM: .407 CV, issue 16's first step), and MiniLM over 2,500 leads takes ~20 min
        scored = english if name == "minilm" else np.ones(len(rows), dtype=bool)
        chosen = [r for r, keep in zip(rows, scored) if keep]
        x = minilm_cosines(chosen) if name == "minilm" else use_cosines(chosen)
        elapsed = time.perf_counter() - started
        rate = speed(encode, sentences)
        print(f"== {name}: {len(chosen)} pairs ({english[scored].sum()} English-English), "
              f"{1000 * elapsed / len(chosen):.0f} ms per pair; {rate:,.0f} sentences/s "
              f"({len(sentences)} English sentences, one thread)")
        one = x if x.ndim == 1 else np.array([crosslingual.story_cosine(*c) for c in x])
        report(one, [x.reshape(len(chosen), -1)], np.zeros(len(chosen), dtype=int), overall[scored],
               english[scored], pair_of[scored])
        found[name] = np.zeros((len(rows),) + x.shape[1:])
        found[name][scored] = x
    if {"minilm", "use"} <= set(found):
        print("== the product: MiniLM for English-English, USE (story_score) where a text is not English")
        scores = pinned_scores(found["minilm"], found["use"], english)
        report(scores, [found["minilm"].reshape(-1, 1), found["use"]], (~english).astype(int),
               overall, english, pair_of)
        halves = np.array([half(r) for r in rows])
        print(f"   pinned weights on the check half (never fitted on): all pairs "
              f"{np.corrcoef(scores[halves == 1], -overall[halves == 1])[0, 1]:.3f} (n={int((halves == 1).sum())})")


def report(x: np.ndarray, features: list[np.ndarray], routes: np.ndarray, overall: np.ndarray,
           english: np.ndarray, pair_of: np.ndarray) -> None:
    """Raw Pearson of `x` and the cross-validated figure of logistics on `features` by route."""
    raw_en = np.corrcoef(x[english], -overall[english])[0, 1] if english.sum() > 2 else float("nan")
    cv_en, sd_en = cross_validated([f[english] for f in features], routes[english], overall[english]) \
        if english.sum() > 10 else (float("nan"), 0.0)
    print(f"   English   raw {raw_en:.3f}   5-fold CV {cv_en:.3f} (± {sd_en:.3f})")
    if english.all():
        return
    cv_all, sd_all = cross_validated(features, routes, overall)
    print(f"   all pairs raw {np.corrcoef(x, -overall)[0, 1]:.3f}   5-fold CV {cv_all:.3f} (± {sd_all:.3f})")
    print("   " + "  ".join(f"{pair} {np.corrcoef(x[pair_of == pair], -overall[pair_of == pair])[0, 1]:.3f}"
                           f" (n={int((pair_of == pair).sum())})"
                           for pair in sorted(set(pair_of), key=lambda p: -int((pair_of == p).sum()))))


if __name__ == "__main__":
    main()
