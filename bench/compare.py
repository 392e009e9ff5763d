"""Claims, conflicts and framing counts on the sample and on PolNeAR story groups; conflicts to check.

    .venv/bin/python bench/compare.py [--groups 15] [--sample-conflicts 20] [--seed 0]

PolNeAR has no story labels, so a "group" is articles from different publishers published within
a day of each other whose titles share at least two content words (a crude same-story test; a
group may still mix stories, which is itself a test of false alarms). Events are built by hand
(one per group, every article whole); there is no reuse, so PolNeAR wire copies count twice.
It prints every count and up to N randomly sampled conflicts with their sentences: judge each by
reading both sentences (a true conflict = the two sentences are about the same fact and the
values cannot both be right; anything else is a false alarm) and record the precision in the
report of the run.
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
from newsfuse.models import Article, Event, Reuse, Segment  # noqa: E402
from newsfuse.nlp import annotate  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "polnear"
SAMPLE = ROOT / "examples" / "xi-putin-2024-05"
STOP = set("the a an of to in on for and with at by from is are was be as that this it its after over "
           "new says said will not no his her their about into more than up out what who how why".split())


def sample_events():
    paths = sorted(SAMPLE.glob("*.txt"))
    articles = [Article(id=p.name[:3], path=str(p), item=str(p), text=p.read_text(encoding="utf-8"),
                        language="en", outlet=p.name[:3]) for p in paths]
    leaders = ["Xi Jinping", "Vladimir Putin"]
    events = [Event(id="visit", title="May 2024", articles=[a.id for a in articles], participants=leaders,
                    segments=[Segment("003", list(range(7)))]),
              Event(id="moscow", title="May 2025", articles=["003"], participants=leaders,
                    segments=[Segment("003", list(range(7, 20)))])]
    return articles, events, [Reuse(source="001", derived="000", kind="rewrite", score=0.9)]


def polnear_groups(limit: int):
    rows = list(csv.DictReader((DATA / "metadata.tsv").open(encoding="utf-8"), delimiter="\t"))
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


def polnear_events(limit: int):
    articles, events = [], []
    for n, group in enumerate(polnear_groups(limit)):
        ids = []
        for row in group:
            path = DATA / row["compartment"] / "text" / f"{row['filename']}.txt"
            articles.append(Article(id=row["filename"], path=str(path), item=str(path),
                                    text=path.read_text(encoding="utf-8"), language="en",
                                    outlet=row["publisher"], title=row["title"]))
            ids.append(row["filename"])
        events.append(Event(id=f"g{n}", title=group[0]["title"], articles=ids,
                            participants=["Donald Trump", "Hillary Clinton"]))
    return articles, events, []


def run(name: str, articles, events, reuse, sample_conflicts: int, rng: random.Random):
    articles = list(annotate(articles))
    result = compare_events(articles, events, [], reuse)
    status = Counter(c.status for c in result.claims)
    kinds = Counter(c.kind for c in result.claims)
    framing = Counter(f.kind for f in result.framing)
    print(f"== {name}: {len(articles)} articles, {len(events)} events")
    print(f"  claims {len(result.claims)} ({dict(kinds)}; {dict(status)})")
    print(f"  conflicts {len(result.conflicts)} ({dict(Counter(c.slot for c in result.conflicts))})")
    print(f"  framing entries {len(result.framing)} ({dict(framing)})")
    print(f"  summary sentences {len(result.summary)}")
    by_id = {c.id: c for c in result.claims}
    chosen = rng.sample(result.conflicts, min(sample_conflicts, len(result.conflicts)))
    for conflict in chosen:
        print(f"  -- {conflict.id} [{conflict.slot}] {conflict.values}: {conflict.explanation}")
        for cid in conflict.claims:
            for m in by_id[cid].mentions:
                print(f"       {m.article[:40]} s{m.sentence}: {m.text[:200]}")
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--groups", type=int, default=15)
    ap.add_argument("--sample-conflicts", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    run("sample (xi-putin-2024-05)", *sample_events(), args.sample_conflicts, rng)
    run("PolNeAR story groups", *polnear_events(args.groups), args.sample_conflicts, rng)


if __name__ == "__main__":
    main()
