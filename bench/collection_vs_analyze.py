"""Does `newsfuse ingest` in batches give the events of one `newsfuse analyze` of the same articles?

    .venv/bin/python bench/collection_vs_analyze.py [--sets newswcl50,ecbplus] [--sizes 5,50]
                                                    [--topics 1,2,3] [--data ../shared/data]

For each dev set: one `pipeline.analyze` of all its articles, then, for each batch size, a fresh
DuckDB collection fed the same articles in order, `--sizes` at a time (`Collection.add`, as
`newsfuse ingest` does). Both results are read as a partition of the articles (each article in the
event holding most of its sentences, as bench/ingest_growth.py and the ECB+ scorer read them) and
compared: adjusted Rand index (1 = the same events), the number of events of each, and the seconds
the batches took. Issue 13 asks ARI >= .98.

- NewsWCL50 dev (15 articles, 3 events): fed as JSONL in publication order (dates and outlets of
  meta.tsv; undated articles last), the same JSONL lines for `analyze`.
- ECB+ dev (33 topics, 772 articles): the texts have no dates; fed in file order (topic, document).
  `--topics` takes a subset.

Measured (2026-12-02, before the collection kept its own document frequencies): NewsWCL50 batches of
5 ARI 1.000; ECB+ topics 1-6 and 7-9 1.000 in batches of 5 and 50; topics 10-13 (100 articles) .914 in
batches of 5 (10 events vs 9: topic 12's first event, 19 reports, stored as two of 7 and 12; 2 reports
of topic 11 in their topic's other event), .983 in batches of 50. The cause: TF-IDF weights fitted on
the window (`group_events` over topic 12 alone splits it 12/11/7; with the IDF of all of 10-13 it
gives the pile's 19/11, and topics 10, 11, 13 alone likewise come out as in the pile).
After (2026-12-03, quiet 2-core machine, load 2-3; the collection weighs words by its own counts,
store.incremental.CollectionTerms, and regroups events grouped under counts REGROUP_GROWTH = 1.25
times smaller, store.window): NewsWCL50 1.000 in batches of 5 and 50; ECB+, each topic range one pile:
- topics 1-9 (210 articles, one pile): 1.000 in batches of 5 and of 50 (22 events each); 328 / 148 s
  (analyze 114 s);
- topics 10-13 (100 articles): batches of 5 .932 (10 events vs 9: topic 12's first event still stored
  as 12 + 7: last grouped together at 81 of the final 101 segments, and over topics 10-12's counts the
  event splits until about 87 segments: a knife-edge 1.25 does not reach), batches of 50 1.000;
- topics 14-23 (173 articles): batches of 5 .978 (22 events vs 20), of 50 1.000; 562 / 271 s
  (analyze 230 s, at load 5-6: gate tests ran beside it), 14 / 22 stale events regrouped;
- topics 24-33 (240 articles): 1.000 and 1.000 (29 events each); 365 / 177 s (analyze 305 s).
All four ranges (723 articles): batches of 50 give the events of one analyze exactly (80 events);
batches of 5 83 events vs 80. Stored articles loaded per batch of 5: mean 27-62 (was 23 on 10-13).

Reads ../shared/data (never copied into the repository); writes under a temporary folder.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
DATA = REPO.parent / "shared" / "data"


def newswcl50_feed(data: Path, work: Path) -> list[Path]:
    """One JSONL line per article in publication order (undated last), one file per article: the
    batches are then lists of these files."""
    with open(data / "newswcl50-dev" / "meta.tsv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    rows.sort(key=lambda r: (r["date"] or "9999", r["id"]))
    files = []
    for number, row in enumerate(rows):
        text = (data / "newswcl50-dev" / f"event_{row['event']}" / f"{row['id']}.txt").read_text(encoding="utf-8")
        record = {"text": text, "outlet": row["outlet"], "url": row["url"] or None, "published": row["date"] or None}
        path = work / f"{number:04d}-{row['id']}.jsonl"
        path.write_text(json.dumps({k: v for k, v in record.items() if v}) + "\n", encoding="utf-8")
        files.append(path)
    return files


def _natural(path: Path) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(path))]


def ecbplus_feed(data: Path, topics: set[str] | None) -> list[Path]:
    folders = sorted((p for p in (data / "ecbplus-dev" / "txt").iterdir() if p.is_dir()), key=_natural)
    return [f for folder in folders if topics is None or folder.name in topics
            for f in sorted(folder.glob("*.txt"), key=_natural)]


def primary_events(events: list[dict]) -> dict[str, str]:
    """Each article's event in a JSON report: the one holding most of its sentences (first one on a
    tie), as the ECB+ scorer reads a report."""
    share: dict[str, Counter] = {}
    for event in events:
        for segment in event["segments"]:
            share.setdefault(segment["article"], Counter())[event["id"]] += len(segment["sentences"])
        for article in event["articles"]:
            share.setdefault(article, Counter()).setdefault(event["id"], 0)
    return {a: counts.most_common(1)[0][0] for a, counts in share.items() if counts}


def partition(report: dict) -> dict[str, str]:
    """Input path -> event (articles in no event stand alone)."""
    events = primary_events(report["events"])
    return {a["path"]: events.get(a["id"], "alone-" + a["id"]) for a in report["articles"]}


def analyze_once(files: list[Path], options) -> tuple[dict[str, str], float]:
    from newsfuse.pipeline import analyze
    from newsfuse.report import build_report

    started = time.perf_counter()
    report = build_report(analyze(files, options))
    return partition(report), time.perf_counter() - started


def feed_batches(collection, batches: list[list[Path]], options, before=None):
    """Add each batch to `collection` in turn, as `newsfuse ingest` runs once per batch; yield, per
    batch, its number, the `Collection.add` result, and its wall and CPU seconds. `before(number)`
    runs ahead of each batch (e.g. to empty caches as a fresh process would). The one feeding loop
    of this bench, bench/ingest_growth.py and tests/test_collection_events_gate.py."""
    for number, batch in enumerate(batches):
        if before is not None:
            before(number)
        started, cpu = time.perf_counter(), time.process_time()
        result = collection.add(batch, options)
        yield number, result, time.perf_counter() - started, time.process_time() - cpu


def ingest_batches(files: list[Path], size: int, db: Path, options) -> tuple[dict[str, str], float, list[dict]]:
    from newsfuse.store import Collection

    collection = Collection(db)
    batches = [files[start:start + size] for start in range(0, len(files), size)]
    started, runs = time.perf_counter(), []
    for _, result, seconds, _ in feed_batches(collection, batches, options):
        runs.append({"seconds": seconds, "loaded": len(result.stats.get("loaded_articles", [])),
                     "regrouped": len(result.stats.get("recomputed_events", [])),
                     "stale": len(result.stats.get("stale_events", []))})
    return partition(collection.report()), time.perf_counter() - started, runs


def compare(name: str, files: list[Path], sizes: list[int], work: Path, options) -> None:
    from sklearn.metrics import adjusted_rand_score

    full, seconds = analyze_once(files, options)
    print(f"\n{name}: {len(files)} articles; one analyze: {len(set(full.values()))} events, {seconds:.1f} s", flush=True)
    for size in sizes:
        batched, seconds, runs = ingest_batches(files, size, work / f"{name}-{size}.duckdb", options)
        common = sorted(set(full) & set(batched))
        score = adjusted_rand_score([full[p] for p in common], [batched[p] for p in common])
        loaded = [r["loaded"] for r in runs]
        print(f"  batches of {size:>3}: ARI {score:.3f}; events {len(set(batched.values()))} vs {len(set(full.values()))}; "
              f"{len(runs)} batches, {seconds:.1f} s ({seconds / len(runs):.2f} s a batch); stored articles loaded "
              f"per batch: mean {sum(loaded) / len(loaded):.1f}, max {max(loaded)}; stale events regrouped "
              f"{sum(r['stale'] for r in runs)}", flush=True)
        print(f"collection-vs-analyze {name} batch {size} ARI: {score:.3f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="newswcl50,ecbplus")
    parser.add_argument("--sizes", default="5,50")
    parser.add_argument("--topics", default=None, help="ECB+ topics (default: all)")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()

    from newsfuse.pipeline import AnalysisOptions

    options = AnalysisOptions()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="collection-vs-analyze-") as folder:
        work = Path(folder)
        for name in args.sets.split(","):
            if name == "newswcl50":
                (work / "wcl").mkdir()
                files = newswcl50_feed(args.data, work / "wcl")
            elif name == "ecbplus":
                files = ecbplus_feed(args.data, set(args.topics.split(",")) if args.topics else None)
            else:
                raise SystemExit(f"unknown set {name}")
            compare(name, files, sizes, work, options)


if __name__ == "__main__":
    main()
