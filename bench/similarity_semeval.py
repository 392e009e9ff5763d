"""Pearson correlation of `newsfuse similarity` with the human Overall score of SemEval-2022 Task 8.

Overall runs 1 (same story) to 4 (different), so we correlate our score with -Overall. Reported on
the English-English pairs and on all pairs (MiniLM and the spaCy model are English-only, so other
languages are expected to score worse), with the cost per pair.

    python bench/similarity_semeval.py          # the pinned weights
    python bench/similarity_semeval.py --fit    # refit the weights (5-fold cross-validated figure)
    python bench/similarity_semeval.py --english --fit   # English pairs only (320 texts, fast)

The score has two fitted weights (a logistic on the mean of the lead and opening cosines); with
--fit the bench prints the 5-fold cross-validated Pearson (20 shuffles) beside the in-sample one.

Published: best SemEval-2022 system .818 (official multilingual set). Baselines measured here on
English pairs: TF-IDF cosine .720, MiniLM lead cosine .858; the previous five-signal logistic
.849 (CV). All 1,283 pairs (MiniLM and spaCy are English-only): lead cosine .387, newsfuse .400.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "semeval2022-task8" / "training_set.csv"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsfuse.events import similarity  # noqa: E402


def load() -> list[dict]:
    csv.field_size_limit(10**8)
    with open(DATA, newline="", encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["text1"].strip() and r["text2"].strip()]


def features(result: similarity.SimilarityResult) -> list[float]:
    return [similarity.combined_cosine(result.embedding, result.embedding_opening)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fit", action="store_true", help="refit the logistic weights on English pairs")
    parser.add_argument("--limit", type=int, default=0, help="first N pairs only (quick check)")
    parser.add_argument("--english", action="store_true", help="English-English pairs only (fast)")
    args = parser.parse_args()
    rows = load()
    if args.english:
        rows = [r for r in rows if r["lang1"] == "en" and r["lang2"] == "en"]
    if args.limit:
        rows = rows[:args.limit]
    started = time.perf_counter()
    texts = list(dict.fromkeys(t for r in rows for t in (r["text1"], r["text2"])))
    sig = dict(zip(texts, similarity.signals(texts)))
    results = [similarity.compare(sig[r["text1"]], sig[r["text2"]]) for r in rows]
    elapsed = time.perf_counter() - started
    overall = np.array([float(r["Overall"]) for r in rows])
    english = np.array([r["lang1"] == "en" and r["lang2"] == "en" for r in rows])
    scores = np.array([r.score for r in results])
    embedding = np.array([r.embedding for r in results])
    print(f"pairs: {len(rows)} ({english.sum()} English-English); {1000 * elapsed / len(rows):.0f} ms per pair "
          f"(spaCy + MiniLM on CPU, each text once)")
    opening = np.array([r.embedding_opening for r in results])
    for name, values in (("newsfuse similarity", scores), ("MiniLM lead cosine alone", embedding),
                         ("opening cosine alone", opening)):
        print(f"{name:26s} Pearson English {np.corrcoef(values[english], -overall[english])[0, 1]:.3f}"
              f"   all pairs {np.corrcoef(values, -overall)[0, 1]:.3f}")
    if args.fit:
        fit(results, english, overall)


def fit(results, english, overall) -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold

    X = np.array([features(res) for res in results])[english]
    y = overall[english]
    label = (y <= 2.5).astype(int)
    figures = []
    for shuffle in range(20):
        predicted = np.zeros(len(y))
        for train, test in KFold(5, shuffle=True, random_state=shuffle).split(X):
            model = LogisticRegression(C=10.0, max_iter=1000).fit(X[train], label[train])
            predicted[test] = model.predict_proba(X[test])[:, 1]
        figures.append(np.corrcoef(predicted, -y)[0, 1])
    print(f"5-fold cross-validated Pearson, English pairs: {np.mean(figures):.3f} "
          f"(± {np.std(figures):.3f} over 20 shuffles)")
    model = LogisticRegression(C=10.0, max_iter=1000).fit(X, label)
    weights = [model.intercept_[0], *model.coef_[0]]
    print("WEIGHTS = (" + ", ".join(f"{w:.2f}" for w in weights) + ")")


if __name__ == "__main__":
    main()
