"""Events across languages on real data: SemEval-2022 Task 8 pairs of news articles in two different
languages (de-en, zh-en, es-en, pl-en, es-it, de-fr) that human annotators rated the same story
(Overall <= 2) or different stories (Overall >= 3), each pair put through the product's
`group_events` as a pile of its two articles (spaCy, MiniLM, then the cross-language placement).

Printed: the same-event rate (same-story pairs that land in one event) and the false merges
(different-story pairs that land in one event), per language pair and overall. Before issue 16 both
were 0: every non-English article stood alone.

    python bench/crosslingual.py           # the mixed-language pairs through group_events
    python bench/crosslingual.py --fit     # the threshold, from the same-language non-English pairs
    python bench/crosslingual.py --claims  # USE cosines of one fact told by two outlets vs two facts
                                           # (NewsWCL50 dev gold): compare.crosslingual.SAME_CLAIM_COSINE

--fit never looks at the mixed-language pairs: it sets events.crosslingual.SAME_EVENT_COSINE on the
same-language pairs of the languages other than English (de-de, es-es, tr-tr, zh-zh, ...).
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "semeval2022-task8" / "training_set.csv"
sys.path.insert(0, str(ROOT / "src"))

from newsfuse import nlp  # noqa: E402
from newsfuse.events import group_events  # noqa: E402
from newsfuse.events.crosslingual import SAME_EVENT_COSINE, story_vectors  # noqa: E402
from newsfuse.models import Article  # noqa: E402

SAME_STORY = 2.0  # Overall at or below: the annotators say the same story
DIFFERENT = 3.0  # Overall at or above: different stories (between the two: left out)


def load(clear_only: bool = True) -> list[dict]:
    """The pairs with both texts; with `clear_only`, only those rated clearly same or different."""
    csv.field_size_limit(10**8)
    with open(DATA, newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["text1"].strip() and r["text2"].strip()]
    return [r for r in rows if not clear_only or float(r["Overall"]) <= SAME_STORY or float(r["Overall"]) >= DIFFERENT]


def fit(rows: list[dict]) -> None:
    """The threshold of best balanced accuracy on same-language non-English pairs."""
    every = [r for r in rows if r["lang1"] == r["lang2"] != "en"]
    chosen = [r for r in every if float(r["Overall"]) <= SAME_STORY or float(r["Overall"]) >= DIFFERENT]
    texts = list(dict.fromkeys(t for r in every for t in (r["text1"], r["text2"])))
    articles = [Article(id=str(i), path="", item="", text=t) for i, t in enumerate(texts)]
    vectors = dict(zip(texts, story_vectors(articles)))
    cosine = np.array([float(vectors[r["text1"]] @ vectors[r["text2"]]) for r in chosen])
    same = np.array([float(r["Overall"]) <= SAME_STORY for r in chosen])
    best = max(np.arange(0.20, 0.80, 0.01), key=lambda t: ((cosine[same] >= t).mean() + (cosine[~same] < t).mean()) / 2)
    print(f"same-language non-English pairs: {len(chosen)} ({same.sum()} same story, {(~same).sum()} different)")
    print(f"best balanced-accuracy threshold {best:.2f}: same story joined {(cosine[same] >= best).mean():.3f}, "
          f"different joined {(cosine[~same] >= best).mean():.3f} (pinned: {SAME_EVENT_COSINE})")


def claim_cosines() -> None:
    """USE cosines of the gold evidence phrases of one fact in two outlets (same) and of two different
    facts (different), over the NewsWCL50 dev events: the share of each above candidate thresholds."""
    import itertools
    import json

    from newsfuse.embeddings import embed_multilingual

    same, different = [], []
    for path in sorted((ROOT.parent / "shared" / "data" / "newswcl50-dev" / "gold").glob("event_*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        items = [(fact["id"], article, text) for fact in gold["facts"]
                 for article, text in fact["evidence"].items() if isinstance(text, str) and text]
        vectors = embed_multilingual([text for _, _, text in items])
        for (i, a), (j, b) in itertools.combinations(enumerate(items), 2):
            if a[1] != b[1]:
                (same if a[0] == b[0] else different).append(float(vectors[i] @ vectors[j]))
    same_a, different_a = np.array(same), np.array(different)
    print(f"one fact, two outlets: {len(same)} pairs; two facts: {len(different)} pairs")
    for threshold in np.arange(0.50, 0.85, 0.05):
        hits, false = (same_a >= threshold).sum(), (different_a >= threshold).sum()
        print(f"  {threshold:.2f}: same above {hits / len(same):.3f}, different above {false / len(different):.4f}, "
              f"pairwise precision {hits / max(hits + false, 1):.3f}")


def evaluate(rows: list[dict]) -> None:
    mixed = [r for r in rows if r["lang1"] != r["lang2"]]
    texts = {}
    for r in mixed:
        texts.setdefault(r["text1"], r["lang1"])
        texts.setdefault(r["text2"], r["lang2"])
    articles = {t: Article(id=f"t{i}", path="semeval", item=f"text {i}", text=t, language=lang)
                for i, (t, lang) in enumerate(texts.items())}
    started = time.perf_counter()
    list(nlp.annotate(list(articles.values())))
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # same n, joined; different n, joined
    for r in mixed:
        pile = [articles[r["text1"]], articles[r["text2"]]]
        events, _ = group_events(pile, [])
        together = any({pile[0].id, pile[1].id} <= set(e.articles) for e in events)
        same = float(r["Overall"]) <= SAME_STORY
        for key in (f"{r['lang1']}-{r['lang2']}", "all"):
            counts[key][0 if same else 2] += 1
            counts[key][1 if same else 3] += together
    elapsed = time.perf_counter() - started
    print(f"mixed-language pairs: {len(mixed)} ({len(articles)} texts), {elapsed:.0f} s")
    for key, (n_same, joined, n_different, merged) in sorted(counts.items(), key=lambda kv: -kv[1][0] - kv[1][2]):
        print(f"  {key:6s} same story {n_same:3d}: one event {joined / max(n_same, 1):.3f}   "
              f"different {n_different:3d}: false merges {merged / max(n_different, 1):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fit", action="store_true", help="set the threshold on same-language non-English pairs")
    parser.add_argument("--claims", action="store_true", help="USE cosines of gold facts (claims threshold)")
    args = parser.parse_args()
    if args.claims:
        claim_cosines()
        return
    rows = load()
    if args.fit:
        fit(load(clear_only=False))
    else:
        evaluate(rows)


if __name__ == "__main__":
    main()
