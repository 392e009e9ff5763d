"""Event grouping (`group_events`, the pipeline's own path) on the ECB+ and NewsWCL50 dev sets.

Articles go through what `newsfuse analyze` runs before the events stage (ingest, nlp, time), then
`group_events`; each article is scored by the event holding most of its sentences, as
../shared/tools/events_ecbplus.py and e2e_newswcl50.py do, so the figures match theirs without
running the later stages. The prepared articles can be cached (`--cache`) to try constants quickly:

    python bench/events_pile.py ecbplus [--topics 1,3,5] [--cache /tmp/ecb.pkl] [--set LINK_THRESHOLD=.5]
    python bench/events_pile.py newswcl50 [--cache /tmp/wcl.pkl]

ECB+ prints the B-cubed F1 / ARI / topics kept apart on all, odd and even topics, beside the
TF-IDF average-linkage baseline of the scorer (threshold tuned on the odd topics) on the same texts.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import importlib.util
import pickle
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from newsfuse import nlp  # noqa: E402
from newsfuse.embeddings import sentence_vectors  # noqa: E402
from newsfuse.events import grouping  # noqa: E402
from newsfuse.ingest import ingest  # noqa: E402
from newsfuse.ingest.sources import SourceOptions  # noqa: E402
from newsfuse.time import resolve_articles  # noqa: E402


def scorer():
    """The ECB+ scorer's metrics and baseline (../shared/tools/events_ecbplus.py)."""
    spec = importlib.util.spec_from_file_location("events_ecbplus", SHARED / "tools" / "events_ecbplus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The day the time stage resolves relative dates against ("today"): fixed, so that figures and the
# gate tests do not drift with the calendar (the dev texts have no publication dates).
RUN_DATE = dt.date(2026, 12, 2)


def prepared(paths: list[Path], cache: str | None = None, run_date: dt.date = RUN_DATE):
    """Ingest records, annotated articles (with sentence vectors) and resolved time expressions of
    `paths`, as `newsfuse analyze` has them before the events stage; pickled to `cache` (and read
    from it when it exists). Shared by this bench and tests/test_events_gate.py."""
    if cache and Path(cache).exists():
        with open(cache, "rb") as handle:
            return pickle.load(handle)
    records, articles = [], []
    for record, article in ingest(paths, SourceOptions()):
        records.append(record)
        if article is not None:
            articles.append(article)
    list(nlp.annotate(articles))
    timexes, _ = resolve_articles(articles, run_date)
    sentence_vectors(articles)
    if cache:
        with open(cache, "wb") as handle:
            pickle.dump((records, articles, timexes), handle)
    return records, articles, timexes


def majority_events(events) -> tuple[dict[str, str], int]:
    """Article id -> the event holding most of its sentences (the earlier event on a tie, as the
    scorer reads a report), and how many articles are split over several events."""
    holdings: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    order = {}
    for k, event in enumerate(events):
        order[event.id] = k
        for segment in event.segments:
            holdings[segment.article][event.id] += len(segment.sentences) or 1
    event_of = {a: max(held, key=lambda e: (held[e], -order[e])) for a, held in holdings.items()}
    return event_of, sum(len(held) > 1 for held in holdings.values())


def predicted(records, events, files: list[str], base: Path) -> tuple[list[str], int]:
    """One event per file (`majority_events`); files in no event stand alone. Also the split count."""
    article_of = {str(Path(r.path).resolve().relative_to(base.resolve())): r.article
                  for r in records if r.status == "ok" and r.article}
    event_of, split = majority_events(events)
    return [event_of.get(article_of.get(f, ""), f"none:{f}") for f in files], split


def ecbplus_gold(data: Path = SHARED / "data" / "ecbplus-dev") -> list[tuple[str, str, str]]:
    """(file, topic, gold event) of each ECB+ dev text, file relative to txt/."""
    rows = [r.rstrip("\n").split("\t") for r in open(data / "gold.tsv", encoding="utf-8")][1:]
    return [(r[0], r[1], r[2]) for r in rows]


def ecbplus_grouping(topics: list[str] | None = None, cache: str | None = None,
                     data: Path = SHARED / "data" / "ecbplus-dev"):
    """`group_events` over the ECB+ dev texts of `topics` (all by default), mixed in one pile:
    (files, topic of each, gold event of each, predicted event of each, articles split, events,
    seconds of group_events). With `cache`, all topics are prepared once and subsets cut from it."""
    base = data / "txt"
    rows = ecbplus_gold(data)
    every = sorted({r[1] for r in rows}, key=int)
    records, articles, timexes = prepared([base / t for t in (every if cache else topics or every)], cache)
    if topics is not None:
        chosen = set(topics)
        rows = [r for r in rows if r[1] in chosen]
        keep = {r.article for r in records if r.status == "ok" and r.article and
                str(Path(r.path).resolve().relative_to(base.resolve())) in {row[0] for row in rows}}
        articles = [a for a in articles if a.id in keep]
        timexes = [t for t in timexes if t.article in keep]
    events, _, seconds = run(records, articles, timexes)
    files = [r[0] for r in rows]
    pred, split = predicted(records, events, files, base)
    return files, [r[1] for r in rows], [r[2] for r in rows], pred, split, events, seconds


def run(records, articles, timexes):
    started = time.perf_counter()
    events, mixed = grouping.group_events(articles, timexes)
    return events, mixed, time.perf_counter() - started


def ecbplus(args) -> None:
    tools = scorer()
    base = SHARED / "data" / "ecbplus-dev" / "txt"
    topics = None if args.topics == "all" else args.topics.split(",")
    files, topic, gold, pred, split, events, seconds = ecbplus_grouping(topics, args.cache)
    texts = [(base / f).read_text(encoding="utf-8") for f in files]
    print(f"ECB+ {len(set(topic))} topics, {len(files)} articles: {len(events)} events, {split} articles split, "
          f"group_events {seconds:.1f} s")
    for name, wanted in (("all", None), ("odd", 1), ("even", 0)):
        idx = [i for i, t in enumerate(topic) if wanted is None or int(t) % 2 == wanted]
        if not idx:
            continue
        s = tools.score([topic[i] for i in idx], [gold[i] for i in idx], [pred[i] for i in idx])
        print(f"  {name:4s} newsfuse  B3 P {s['B3-P']:.3f} R {s['B3-R']:.3f} F1 {s['B3-F1']:.3f}  ARI {s['ARI']:.3f}  "
              f"apart {s['topics_apart']}/{s['topics']}  clusters {s['clusters']}")
    odd = [i for i, t in enumerate(topic) if int(t) % 2 == 1]
    even = [i for i, t in enumerate(topic) if int(t) % 2 == 0]
    if odd and even and not args.no_baseline:
        merges = tools.average_linkage(tools.tfidf([texts[i] for i in odd]))
        best = max(((tools.bcubed([gold[i] for i in odd], tools.cut(len(odd), merges, t))[2], t)
                    for t in [x / 100 for x in range(5, 101)]))
        merges_even = tools.average_linkage(tools.tfidf([texts[i] for i in even]))
        s = tools.score([topic[i] for i in even], [gold[i] for i in even], tools.cut(len(even), merges_even, best[1]))
        print(f"  even tfidf-agglo t={best[1]:.2f}  B3 F1 {s['B3-F1']:.3f}  ARI {s['ARI']:.3f}  apart {s['topics_apart']}/{s['topics']}")
    if args.per_topic:
        for t in sorted(set(topic), key=int):
            for half in ("ecb", "ecbplus"):
                members = [i for i, (tt, g) in enumerate(zip(topic, gold)) if tt == t and g.endswith("_" + half)]
                parts = collections.Counter(pred[i] for i in members)
                print(f"    {t}_{half:<8} {len(members):>3}: " + ", ".join(f"{p}({c})" for p, c in parts.most_common(6)))


def newswcl50(args) -> None:
    tools = scorer()
    data = SHARED / "data" / "newswcl50-dev"
    flat = Path(tempfile.mkdtemp(prefix="wcl-"))
    for path in sorted(data.glob("event_*/*.txt")):
        shutil.copy(path, flat / path.name)
    records, articles, timexes = prepared([flat], args.cache)
    files = [p.name for p in sorted(flat.glob("*.txt"))]
    gold = [f.split("_")[0] for f in files]
    records = [r.__class__(**{**r.__dict__, "path": str(flat / Path(r.path).name)}) for r in records]
    events, mixed, seconds = run(records, articles, timexes)
    pred, split = predicted(records, events, files, flat)
    shutil.rmtree(flat, ignore_errors=True)
    p, r, f = tools.bcubed(gold, pred)
    whole = sum(1 for g in set(gold) if len({pred[i] for i, x in enumerate(gold) if x == g}) == 1 and
                all(gold[i] == g for i, x in enumerate(pred) if x == pred[gold.index(g)]))
    print(f"NewsWCL50 dev: {len(events)} events, B3 F1 {f:.3f} ARI {tools.ari(gold, pred):.3f}, whole and alone "
          f"{whole}/{len(set(gold))}, articles split {split}, group_events {seconds:.1f} s")
    for event in events:
        print(f"  {event.id} {event.start}..{event.end} {sorted(event.articles)}  {event.title[:90]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset", choices=("ecbplus", "newswcl50"))
    parser.add_argument("--topics", default="all")
    parser.add_argument("--cache", help="pickle of the prepared articles (written if missing)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a constant of events/grouping.py, e.g. --set LINK_THRESHOLD=.5")
    parser.add_argument("--per-topic", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    for assignment in args.set:
        name, value = assignment.split("=", 1)
        if not hasattr(grouping, name):
            raise SystemExit(f"events/grouping.py has no constant {name}")
        setattr(grouping, name, type(getattr(grouping, name))(float(value)))
    (ecbplus if args.dataset == "ecbplus" else newswcl50)(args)


if __name__ == "__main__":
    main()
