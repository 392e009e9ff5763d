"""Does `newsfuse ingest` keep its throughput as the DuckDB collection grows?

    .venv/bin/python bench/ingest_growth.py [--batches 10] [--batch-size 50] [--rewrites 0.1]
                                            [--feed dated|pool] [--lead N] [--warm] [--no-full]

Builds a chronological feed from real texts: the earliest-published stretch of the pool, in
publication order (items without a date spread evenly), where a share of the items (`--rewrites`)
are rewrites of an earlier item published a day later (another outlet, a paragraph cut), as copies
of a story arrive. `--feed dated` (the default) takes PolNeAR (real outlets and publication dates,
2015-11 to 2016-11) and the extraction benchmark's HTML pages; `--feed pool` takes bench/scale.py's
whole pool, whose SemEval texts carry random dates unrelated to what they report (so their date
windows say little). `--lead N` keeps the first N paragraphs of each text (a feed of leads: cheaper,
so a longer stretch of time fits in the same minutes). The feed is cut into batches, each a folder in
every input format (bench/scale.py's build_corpus, broken items included), ingested one after the
other into a fresh DuckDB file.

Per batch it prints the collection size, seconds, new articles per second, seconds per stage, and
what the batch loaded and recomputed (stored articles of its window, events regrouped, events
compared). By default each batch starts with cold caches (the embedding and parse caches emptied,
the neighbour index reloaded from its file), as a `newsfuse ingest` process per batch would;
`--warm` keeps them, as a long-running server would.

At the end it analyses the same inputs in one `pipeline.analyze` and compares: events as a
partition of the articles (adjusted Rand index, NMI, share of articles whose event companions are
the same) and the reuse pairs (same pairs, same kinds).

Reads ../shared/data (never copied into the repository); writes under /tmp/newsfuse-ingest-growth
(or $NEWSFUSE_GROWTH_DIR).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from collection_vs_analyze import feed_batches, primary_events  # noqa: E402
from scale import (DATA, RUN_DATE, Base, _benchmark_html, _polnear, _variant, build_corpus,  # noqa: E402
                   growth_exponent, load_pool)

WORK = Path(os.environ.get("NEWSFUSE_GROWTH_DIR", "/tmp/newsfuse-ingest-growth"))


# ---------------------------------------------------------------- the feed

def leads(pool: list[Base], paragraphs: int) -> list[Base]:
    """Each text cut to its first `paragraphs` paragraphs, as a feed of leads gives them."""
    cut = []
    for base in pool:
        kept = [p for p in (base.text or "").split("\n") if p.strip()][:paragraphs]
        cut.append(Base("\n\n".join(kept), None, base.title, base.outlet, base.published) if base.text else base)
    return cut


def dated_pool() -> list[Base]:
    """PolNeAR texts and the HTML pages, mixed as bench/scale.py mixes its pool."""
    texts, pages = _polnear(DATA / "polnear"), _benchmark_html(DATA / "article-extraction-benchmark" / "html")
    random.Random(7).shuffle(texts)
    step = max(1, len(texts) // max(len(pages), 1))
    for number, page in enumerate(pages):
        texts.insert(number * (step + 1), page)
    return texts


def feed(pool: list[Base], size: int, rewrites: float, seed: int = 11) -> list[Base]:
    """`size` items in publication order, the earliest of the pool, with undated items in their
    share of the pool; about `rewrites` of them rewrite an earlier item."""
    rng = random.Random(seed)
    count = size - int(size * rewrites)
    # A contiguous stretch of time, from the pool's first day on, as a feed delivers it: a random
    # subset would make a feed so sparse that every batch spans months.
    dated = sorted((b for b in pool if b.published), key=lambda b: b.published)
    undated = [b for b in pool if not b.published]
    share = round(count * len(undated) / max(len(pool), 1))
    items = _spread(dated[:count - share], undated[:share])
    for _ in range(size - len(items)):
        base = rng.choice([b for b in items if b.text and b.published])
        copy = _variant(base, 1, rng)
        day = dt.date.fromisoformat(base.published[:10]) + dt.timedelta(days=1)
        copy.published = day.isoformat()
        items.insert(items.index(base) + 1, copy)
    return items


def _spread(dated: list[Base], undated: list[Base]) -> list[Base]:
    """Undated items evenly among the dated ones."""
    items = list(dated)
    step = max(1, len(items) // max(len(undated), 1))
    for number, base in enumerate(undated):
        items.insert(min(number * (step + 1), len(items)), base)
    return items


def batch_folders(items: list[Base], batch_size: int) -> list[Path]:
    folders = []
    for number, start in enumerate(range(0, len(items), batch_size)):
        chunk = items[start:start + batch_size]
        folders.append(build_corpus(WORK / "batches" / f"batch-{number:03d}", len(chunk), seed=number, pool=chunk))
    return folders


# ---------------------------------------------------------------- ingesting

def cold(collection) -> None:
    """What a fresh `newsfuse ingest` process starts without (models stay loaded; parses and
    vectors travel with the articles, there is no process cache to clear)."""
    if collection is not None:
        collection.neighbours.forget()


def ingest_batches(folders: list[Path], db: Path, warm: bool, options) -> list[dict]:
    from newsfuse.store import Collection

    collection = Collection(db)
    print(f"\n  {'batch':>5} {'in coll.':>8} {'new':>4} {'seconds':>8} {'cpu s':>6} {'art/s':>6}  "
          f"{'loaded':>6} {'regroup':>7} {'compare':>7}  seconds per stage", flush=True)
    rows = []
    before = None if warm else (lambda number: cold(collection))
    for number, result, seconds, cpu in feed_batches(collection, [[folder] for folder in folders], options, before):
        stages = dict(result.seconds)
        stages["ingest+save"] = round(seconds - sum(stages.values()), 3)
        stats = result.stats
        row = {"batch": number, "articles": collection.counts()["articles"], "new": len(result.added),
               "seconds": seconds, "cpu": cpu, "stages": stages, "loaded": len(stats.get("loaded_articles", [])),
               "regrouped": len(stats.get("recomputed_events", [])),
               "compared": len(stats.get("compared_events", []))}
        rows.append(row)
        print(f"  {number:>5} {row['articles']:>8} {row['new']:>4} {seconds:>8.1f} {cpu:>6.1f} {row['new'] / seconds:>6.2f}  "
              f"{row['loaded']:>6} {row['regrouped']:>7} {row['compared']:>7}  "
              + " ".join(f"{k}={v:.1f}" for k, v in stages.items()), flush=True)
    return rows


def print_growth(rows: list[dict]) -> None:
    """Per-batch seconds per new article against the collection size: flat means b near 0."""
    sizes = [r["articles"] for r in rows[1:]]  # the first batch pays the models' warm-up
    per_article = [r["seconds"] / max(r["new"], 1) for r in rows[1:]]
    b = growth_exponent(sizes, per_article)
    if b is not None:
        cpu_b = growth_exponent(sizes, [r["cpu"] / max(r["new"], 1) for r in rows[1:]])
        print(f"\n  seconds per new article ~ collection size^b: wall b = {b:.2f}, CPU b = {cpu_b:.2f} "
              f"(0 = flat, 1 = grows with the collection)")
        for stage in rows[-1]["stages"]:
            sb = growth_exponent(sizes, [r["stages"].get(stage, 0.0) / max(r["new"], 1) for r in rows[1:]])
            if sb is not None:
                print(f"    {stage:<12} b = {sb:.2f}")
    half = len(rows) // 2
    first, last = rows[1:half + 1] or rows, rows[half + 1:] or rows
    rate = lambda part, key: sum(r["new"] for r in part) / sum(r[key] for r in part)  # noqa: E731
    print(f"  new articles per second, batches 1-{half}: {rate(first, 'seconds'):.2f} wall, "
          f"{rate(first, 'cpu'):.2f} per CPU second; batches {half + 1}-{len(rows) - 1}: "
          f"{rate(last, 'seconds'):.2f} wall, {rate(last, 'cpu'):.2f} per CPU second")


# ---------------------------------------------------------------- against one full analysis

def full_analysis(folders: list[Path], options):
    from newsfuse.pipeline import analyze

    cold(None)
    started, cpu = time.perf_counter(), time.process_time()
    analysis = analyze(folders, options)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"\n  one full pipeline.analyze of the same inputs: {len(analysis.articles)} articles, {seconds:.1f} s, "
          f"{cpu:.1f} CPU s "
          f"({len(analysis.articles) / seconds:.2f} articles/s); "
          + " ".join(f"{k}={v:.1f}" for k, v in analysis.seconds_per_stage.items()), flush=True)
    # The store before issue #8 re-ran every cross-article stage over the whole collection per batch.
    rerun = sum(analysis.seconds_per_stage.get(k, 0.0) for k in ("time", "events", "reuse", "compare"))
    print(f"  (a batch that re-ran time, events, reuse and compare over all {len(analysis.articles)} articles, "
          f"as the store did before, would spend about {rerun:.1f} s on them)", flush=True)
    return analysis


def compare_partitions(incremental: dict, full: dict) -> None:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    from newsfuse.store import content_hash
    from newsfuse.models import Article

    def by_hash(report: dict) -> dict[str, str]:
        return {a["id"]: content_hash(Article(id=a["id"], path="", item="", text=a["text"])) for a in report["articles"]}

    inc_hash, full_hash = by_hash(incremental), by_hash(full)
    inc = {inc_hash[a]: e for a, e in primary_events(incremental["events"]).items()}
    ful = {full_hash[a]: e for a, e in primary_events(full["events"]).items()}
    common = sorted(set(inc) & set(ful))
    x, y = [inc[h] for h in common], [ful[h] for h in common]
    same = sum(_companions(inc, h) == _companions(ful, h) for h in common)
    sizes = lambda report: sorted((len(e["articles"]) for e in report["events"]), reverse=True)[:5]  # noqa: E731
    print(f"\n  events: incremental {len(incremental['events'])}, full {len(full['events'])}; "
          f"{len(common)} articles in both; largest events: incremental {sizes(incremental)}, full {sizes(full)}")
    print(f"  partition agreement: ARI {adjusted_rand_score(y, x):.3f}, NMI {normalized_mutual_info_score(y, x):.3f}, "
          f"same event companions for {same}/{len(common)} articles ({same / max(len(common), 1):.1%})")
    compare_reuse(incremental, full, inc_hash, full_hash)


def _companions(labels: dict[str, str], article: str) -> frozenset[str]:
    return frozenset(a for a, e in labels.items() if e == labels[article])


def compare_reuse(incremental: dict, full: dict, inc_hash: dict, full_hash: dict) -> None:
    def pairs(report: dict, hashes: dict) -> dict[frozenset, str]:
        found = {frozenset((hashes[r["source"]], hashes[r["derived"]])): r["kind"] for r in report["reuse"]}
        return {p: kind for p, kind in found.items() if len(p) == 2}

    identical = sum(full_hash[r["source"]] == full_hash[r["derived"]] for r in full["reuse"])
    print(f"  (the full run's {identical} reuse pairs between identical texts have no counterpart: "
          f"the collection stores a text once)")
    inc, ful = pairs(incremental, inc_hash), pairs(full, full_hash)
    both = set(inc) & set(ful)
    same_kind = sum(inc[p] == ful[p] for p in both)
    print(f"  reuse pairs: incremental {len(inc)}, full {len(ful)}, in both {len(both)} "
          f"({same_kind} of the same kind); only incremental {len(set(inc) - set(ful))}, "
          f"only full {len(set(ful) - set(inc))}; equal: {inc == ful}")
    print(f"  claims: incremental {len(incremental['claims'])}, full {len(full['claims'])}; "
          f"inputs listed: incremental {len(incremental['inputs'])}, full {len(full['inputs'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--rewrites", type=float, default=0.1, help="share of items that rewrite an earlier one")
    parser.add_argument("--feed", choices=("dated", "pool"), default="dated")
    parser.add_argument("--lead", type=int, default=0, help="keep only the first N paragraphs of each text")
    parser.add_argument("--warm", action="store_true", help="keep caches between batches (a long-running server)")
    parser.add_argument("--no-full", action="store_true", help="skip the comparison with one full analysis")
    args = parser.parse_args()

    from newsfuse.embeddings import load_model
    from newsfuse.nlp import load_nlp
    from newsfuse.pipeline import AnalysisOptions
    from newsfuse.report import build_report

    load_nlp()
    load_model()
    options = AnalysisOptions(run_date=dt.date.fromisoformat(RUN_DATE))
    shutil.rmtree(WORK, ignore_errors=True)
    pool = dated_pool() if args.feed == "dated" else load_pool()
    items = feed(leads(pool, args.lead) if args.lead else pool, args.batches * args.batch_size, args.rewrites)
    folders = batch_folders(items, args.batch_size)
    print(f"{len(items)} feed items ({sum(1 for b in items if not b.published)} without a date in the feed) "
          f"in {len(folders)} batches of {args.batch_size}; {'warm' if args.warm else 'cold'} caches per batch")
    db = WORK / "collection.duckdb"
    rows = ingest_batches(folders, db, args.warm, options)
    print_growth(rows)
    if args.no_full:
        return
    from newsfuse.store import Collection

    incremental = Collection(db).report()
    full = build_report(full_analysis(folders, options))
    for name, report in (("incremental", incremental), ("full", full)):
        (WORK / f"{name}-report.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    compare_partitions(incremental, full)


if __name__ == "__main__":
    main()
