"""Reuse bench on PolNeAR.

1. Wire detection: precision/recall of `newsfuse.reuse.wire.wire_of` against the `wire` column of
   metadata.tsv (AP, AFP, Reuters, UPI copy vs the outlets' own stories), train + dev splits.
2. Near-duplicate search cost: MinHash LSH candidates among 10k, 20k and 40k synthetic articles made
   by mixing halves of real PolNeAR sentences, with 5 % planted copies (a few sentences dropped or changed);
   prints time, recall of the planted copies, candidates per article and the growth exponent
   (1 = linear, 2 = quadratic).

    python bench/reuse.py [--sizes 10000 20000 40000]
"""
from __future__ import annotations

import argparse
import csv
import math
import random
import re
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsfuse.reuse.candidates import candidate_pairs  # noqa: E402
from newsfuse.reuse.wire import wire_of  # noqa: E402

WIRE_NAMES = {"ap": "AP", "afp": "AFP", "reuters": "Reuters", "upi": "UPI"}


def labelled() -> list[tuple[str, str | None]]:
    rows = []
    with open(DATA / "metadata.tsv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            path = DATA / row["compartment"] / "text" / f"{row['filename']}.txt"
            if row["compartment"] in ("train", "dev") and path.is_file():
                wire = WIRE_NAMES.get((row["wire"] or "").strip().lower())
                rows.append((path.read_text(encoding="utf-8"), wire))
    return rows


def wire_bench() -> None:
    rows = labelled()
    tp = fp = fn = agency_right = 0
    for text, truth in rows:
        found = wire_of(text)
        if found and truth:
            tp += 1
            agency_right += found == truth
        elif found:
            fp += 1
        elif truth:
            fn += 1
    precision = tp / max(tp + fp, 1)
    recall = tp / max(tp + fn, 1)
    print(f"wire copy, {len(rows)} PolNeAR articles ({tp + fn} wire): precision {precision:.3f}  "
          f"recall {recall:.3f}  F1 {2 * precision * recall / max(precision + recall, 1e-9):.3f}  "
          f"right agency {agency_right}/{tp}")


def sentence_pool() -> list[str]:
    pool = []
    for text, _ in labelled():
        pool += [s.strip() for s in re.split(r"(?<=[.!?”\"])\s+", text) if len(s.split()) >= 6]
    return pool


def synthetic(size: int, pool: list[str], rng: random.Random) -> tuple[list[str], set[tuple[int, int]]]:
    """Articles of 15-30 random real sentences; 5 % are copies of an earlier one, edited."""
    texts, planted = [], set()
    for index in range(size):
        if index > 20 and rng.random() < 0.05:
            original = rng.randrange(index)
            sentences = texts[original].split("\n")
            kept = [s for s in sentences if rng.random() > 0.15]  # drop some sentences
            kept += rng.sample(pool, 2)  # and add a few of its own
            texts.append("\n".join(kept))
            planted.add((original, index))
        else:
            texts.append("\n".join(_mixed_sentence(pool, rng) for _ in range(rng.randint(15, 30))))
    return texts, planted


def _mixed_sentence(pool: list[str], rng: random.Random) -> str:
    """The first half of one real sentence and the second half of another: a pool of 34k sentences
    would otherwise be reused by dozens of the 40k articles, making them share whole sentences."""
    first, second = rng.choice(pool).split(), rng.choice(pool).split()
    return " ".join(first[:len(first) // 2] + second[len(second) // 2:])


def scaling_bench(sizes: list[int]) -> None:
    pool = sentence_pool()
    print(f"sentence pool: {len(pool)} real PolNeAR sentences")
    timings = []
    for size in sizes:
        texts, planted = synthetic(size, pool, random.Random(size))
        started = time.perf_counter()
        pairs = candidate_pairs(texts)
        seconds = time.perf_counter() - started
        timings.append((size, seconds))
        found = len(planted & pairs)
        print(f"{size:6d} articles: {seconds:6.1f} s, {len(pairs) / size:.2f} candidate pairs per article, "
              f"planted copies found {found}/{len(planted)}")
    for (n1, t1), (n2, t2) in zip(timings, timings[1:]):
        print(f"growth {n1}->{n2}: time x{t2 / t1:.2f} for size x{n2 / n1:.1f} "
              f"(exponent {math.log(t2 / t1) / math.log(n2 / n1):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 40_000])
    args = parser.parse_args()
    wire_bench()
    scaling_bench(args.sizes)


if __name__ == "__main__":
    main()
