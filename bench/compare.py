"""Claims, conflicts and framing on the sample, PolNeAR story groups and SemEval-2022 same-story pairs;
a fixed-seed sample of conflicts and their hand-checked precision.

    .venv/bin/python bench/compare.py [--groups 15] [--sample-conflicts 20] [--seed 0] [--show-all] [--ecb-only]

Sets:
- sample: examples/xi-putin-2024-05 through the real stages (nlp, time, events, reuse).
- PolNeAR: no story labels, so a "group" is articles from different publishers published within a
  day of each other whose titles share at least two content words (a crude same-story test; a group
  may still mix stories, which is itself a test of false alarms). One event per group, publication
  dates from metadata.tsv, reuse from `find_reuse`.
- SemEval-2022 Task 8 training pairs, English, Overall <= 1.5 (1 = same story): each pair is a
  two-article event; no publication dates (relative dates cannot anchor, so no date conflicts).
- ECB+ dev: each gold event (one real happening) with up to --ecb-per-event of its reports.

Conflicts from all sets are pooled and N are drawn with a fixed seed. bench/conflict_judgements.md
holds one hand judgement per drawn conflict (a true conflict = the two sentences make incompatible
statements about the same fact), keyed by the conflict's key printed here; the precision printed is
over the drawn conflicts that have a judgement.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsfuse.compare import compare_events  # noqa: E402
from newsfuse.models import Article, Event, PublishedDate  # noqa: E402
from newsfuse.nlp import annotate  # noqa: E402
from newsfuse.time import resolve_articles  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
POLNEAR = DATA / "polnear"
SEMEVAL = DATA / "semeval2022-task8" / "training_set.csv"
SAMPLE = ROOT / "examples" / "xi-putin-2024-05"
ECBPLUS = DATA / "ecbplus-dev"
JUDGEMENTS = Path(__file__).with_name("conflict_judgements.md")
RUN_DATE = dt.date(2025, 6, 1)  # after every corpus's articles: no date is rejected as future
SAME_STORY = 1.5  # SemEval Overall at or below which a pair is one story (1 = same, 4 = different)
STOP = set("the a an of to in on for and with at by from is are was be as that this it its after over "
           "new says said will not no his her their about into more than up out what who how why".split())


def sample_set():
    """The sample through the real pipeline stages, as `newsfuse analyze` runs them."""
    from newsfuse.pipeline import Analysis, AnalysisOptions, SilentProgress, run_stages
    from newsfuse.ingest import ingest
    from newsfuse.ingest.sources import SourceOptions

    result = Analysis()
    result.articles = [a for _, a in ingest([SAMPLE], SourceOptions()) if a is not None]
    run_stages(result, AnalysisOptions(run_date=RUN_DATE), SilentProgress())
    return result.articles, result.events, result.temporal, result.reuse


def polnear_groups(limit: int):
    rows = list(csv.DictReader((POLNEAR / "metadata.tsv").open(encoding="utf-8"), delimiter="\t"))
    rows = [r for r in rows if r["compartment"] in ("train", "dev")]
    words = {r["filename"]: _title_words(r["title"]) for r in rows}
    groups, used = [], set()
    rows.sort(key=lambda r: r["publication_date"])
    for i, r in enumerate(rows):
        if r["filename"] in used:
            continue
        day = dt.date.fromisoformat(r["publication_date"])
        group = [r]
        for other in rows[i + 1:]:
            if dt.date.fromisoformat(other["publication_date"]) - day > dt.timedelta(days=1):
                break
            if other["filename"] in used or other["publisher"] in {g["publisher"] for g in group}:
                continue
            if len(words[r["filename"]] & words[other["filename"]]) >= 2:
                group.append(other)
        if len(group) >= 2:
            used.update(g["filename"] for g in group)
            groups.append(group)
    return groups[:limit]


def _title_words(title: str) -> set[str]:
    return {w for w in re.findall(r"[a-z']+", title.lower()) if w not in STOP and len(w) > 2}


def polnear_day_groups(limit: int):
    """False-alarm stress: up to 4 articles of different publishers published the same day, whatever
    their story. Few facts are shared, many sentences look alike (same campaign, same people)."""
    rows = [r for r in csv.DictReader((POLNEAR / "metadata.tsv").open(encoding="utf-8"), delimiter="\t")
            if r["compartment"] in ("train", "dev")]
    by_day: dict[str, dict[str, dict]] = {}
    for r in sorted(rows, key=lambda r: r["filename"]):
        by_day.setdefault(r["publication_date"], {}).setdefault(r["publisher"], r)
    groups = [list(pubs.values())[:4] for _, pubs in sorted(by_day.items()) if len(pubs) >= 2]
    return groups[:limit]


def polnear_set(limit: int, grouping=polnear_groups):
    articles, events = [], []
    for n, group in enumerate(grouping(limit)):
        ids = []
        for row in group:
            path = POLNEAR / row["compartment"] / "text" / f"{row['filename']}.txt"
            articles.append(Article(id=row["filename"], path=str(path), item=str(path),
                                    text=path.read_text(encoding="utf-8"), language="en",
                                    outlet=row["publisher"], title=row["title"],
                                    published=PublishedDate(value=row["publication_date"], source="metadata")))
            ids.append(row["filename"])
        events.append(Event(id=f"g{n}", title=group[0]["title"], articles=ids,
                            participants=["Donald Trump", "Hillary Clinton"]))
    return _staged(articles, events)


def semeval_set():
    csv.field_size_limit(10 ** 8)
    rows = [r for r in csv.DictReader(SEMEVAL.open(encoding="utf-8"))
            if r["lang1"] == r["lang2"] == "en" and float(r["Overall"]) <= SAME_STORY]
    articles, events = [], []
    for row in rows:
        ids = []
        for side, article_id in zip(("text1", "text2"), row["pair_id"].split("_")):
            aid = f"{article_id}"
            if aid not in {a.id for a in articles}:
                articles.append(Article(id=aid, path=aid, item=aid, text=row[side].strip(), language="en",
                                        outlet=f"semeval-{aid}"))
            ids.append(aid)
        events.append(Event(id=f"p{row['pair_id']}", title=row["text1"][:60], articles=ids))
    return _staged(articles, events)


def ecbplus_set(per_event: int):
    """ECB+ dev: each gold event (one real happening, `<topic>_ecb` or `<topic>_ecbplus`) with up to
    `per_event` of its reports, each report its own source (the corpus names no outlet). The texts
    keep their header date lines (txt-dated) where they have one, so relative dates can anchor."""
    rows = list(csv.DictReader((ECBPLUS / "gold.tsv").open(encoding="utf-8"), delimiter="\t"))
    by_event: dict[str, list[dict]] = {}
    for row in sorted(rows, key=lambda r: r["file"]):
        by_event.setdefault(row["subtopic"], []).append(row)
    articles, events = [], []
    for name, group in sorted(by_event.items()):
        group = group[:per_event]
        if len(group) < 2:
            continue
        for row in group:
            path = ECBPLUS / "txt-dated" / row["file"]
            aid = Path(row["file"]).stem
            articles.append(Article(id=aid, path=str(path), item=str(path), text=path.read_text(encoding="utf-8"),
                                    language="en", outlet=f"ecb-{aid}", title=row["title"]))
        events.append(Event(id=name, title=group[0]["title"], articles=[Path(r["file"]).stem for r in group]))
    return _staged(articles, events)


def _staged(articles, events):
    """nlp, time and reuse stages over hand-built events. Each event starts on the day its reports'
    dates cite most, as the events stage dates an event (events.grouping._span_of_days)."""
    articles = list(annotate(articles))
    timexes, _ = resolve_articles(articles, RUN_DATE)
    for event in events:
        if event.start is None:
            members = set(event.articles)
            days = Counter(t.value[:10] for t in timexes if t.article in members and t.type == "DATE"
                           and re.fullmatch(r"\d{4}-\d\d-\d\d", (t.value or "")[:10]))
            event.start = days.most_common(1)[0][0] if days else None
    try:
        from newsfuse.reuse import find_reuse
        reuse = find_reuse(articles)
    except ImportError:
        reuse = []
    return articles, events, timexes, reuse


def run(name: str, articles, events, timexes, reuse):
    result = compare_events(articles, events, timexes, reuse)
    status = Counter(c.status for c in result.claims)
    print(f"== {name}: {len(articles)} articles, {len(events)} events, {len(reuse)} reuse relations")
    print(f"  claims {len(result.claims)} ({dict(Counter(c.kind for c in result.claims))}; {dict(status)})")
    print(f"  conflicts {len(result.conflicts)} ({dict(Counter(c.slot for c in result.conflicts))})")
    print(f"  framing entries {len(result.framing)} ({dict(Counter(f.kind for f in result.framing))})")
    print(f"  summary sentences {len(result.summary)}")
    by_id = {c.id: c for c in result.claims}
    return [(name, conflict, by_id) for conflict in result.conflicts]


def conflict_key(name: str, conflict) -> str:
    """Stable across runs as long as the same conflict is found: set, event, slot and values."""
    return f"{name.split()[0]}|{conflict.event}|{conflict.slot}|{' / '.join(conflict.values)}"


def show(name, conflict, by_id, verdicts) -> None:
    key = conflict_key(name, conflict)
    print(f"  -- {key}  [{verdicts.get(key, ('unjudged',))[0]}]")
    print(f"     {conflict.explanation}")
    for cid in conflict.claims:
        for m in by_id[cid].mentions:
            print(f"       {m.article[:40]} s{m.sentence}: {m.text[:260]}")


def read_judgements() -> dict[str, tuple[str, str]]:
    """key -> (verdict, reason) from the table rows `| key | true/false | reason |`."""
    verdicts = {}
    if JUDGEMENTS.exists():
        for line in JUDGEMENTS.read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 3 and cells[1] in ("true", "false"):
                verdicts[cells[0].strip("`")] = (cells[1], cells[2])
    return verdicts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--groups", type=int, default=59, help="PolNeAR story groups (59 exist)")
    ap.add_argument("--days", type=int, default=30, help="PolNeAR same-day groups (stress set)")
    ap.add_argument("--ecb-per-event", type=int, default=12, help="ECB+ dev reports per gold event (0: skip)")
    ap.add_argument("--sample-conflicts", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show-all", action="store_true", help="print every conflict, not only the drawn ones")
    ap.add_argument("--ecb-only", action="store_true",
                    help="only the ECB+ set (where conflicts fire in numbers; ~8 min instead of the whole bench)")
    args = ap.parse_args()
    pool = []
    if not args.ecb_only:
        pool += run("sample (xi-putin-2024-05, real stages)", *sample_set())
        pool += run("PolNeAR story groups", *polnear_set(args.groups))
        pool += run("PolNeAR-days same-day groups, any story (stress)", *polnear_set(args.days, polnear_day_groups))
        pool += run("SemEval-2022 same-story pairs (en, Overall<=1.5)", *semeval_set())
    if args.ecb_per_event:
        pool += run("ECB+ dev gold events (one real happening each)", *ecbplus_set(args.ecb_per_event))
    verdicts = read_judgements()
    drawn = random.Random(args.seed).sample(pool, min(args.sample_conflicts, len(pool)))
    print(f"== {len(drawn)} of {len(pool)} conflicts drawn (seed {args.seed})")
    for item in (pool if args.show_all else drawn):
        show(*item, verdicts)
    judged = [verdicts[k] for k in (conflict_key(n, c) for n, c, _ in drawn) if k in verdicts]
    if not drawn:
        print("== hand-checked precision: undefined, no conflict fired (see bench/conflict_judgements.md "
              "for the judged near misses)")
    if judged:
        true = sum(v == "true" for v, _ in judged)
        print(f"== hand-checked precision: {true}/{len(judged)} = {true / len(judged):.2f} "
              f"({len(drawn) - len(judged)} drawn conflicts unjudged)")


if __name__ == "__main__":
    main()
