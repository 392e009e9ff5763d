"""Reuse links where there is no reuse: real independent reports of the same story.

Sets (all real text nobody on this project wrote):
1. NewsWCL50 dev: 3 events x 5 US outlets, analysed as one pile; no two texts share copy (gold), so
   every link is false.
2. SemEval-2022 Task 8 English pairs with Overall 1-1.5 (the same story, mostly different outlets):
   each pair alone; a link is suspect and is shown to be read.
3. PolNeAR (train + dev): the articles of each publication day, each day as one pile; links between
   different publishers are counted, split by whether both are copy of the same wire (metadata
   `wire`: then shared wire copy is real) or not (suspect, shown).
4. The sample examples/xi-putin-2024-05: 000 rewrites 001 and must be found.

    python bench/reuse_false_links.py [--show 5] [--cache /tmp/reuse-false-links.pkl]

Each link is printed with its kind, its evidence line and its aligned narrative sentence pairs.
The candidate filter (MinHash LSH, embedding neighbours) already keeps most independent pairs apart;
"verified alone" counts the links `relation` would make if every pair of a set were a candidate
(NewsWCL50 per event, SemEval; PolNeAR too with --all-pairs, slower), which is what the alignment
and the run rule must hold on their own.

    python bench/reuse_false_links.py --all-pairs
"""
from __future__ import annotations

import argparse
import csv
import itertools
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "src"))

from newsfuse import nlp  # noqa: E402
from newsfuse.ingest import ingest  # noqa: E402
from newsfuse.ingest.attribution import attributed_sources  # noqa: E402
from newsfuse.models import Article, PublishedDate, Reuse  # noqa: E402
from newsfuse.reuse import SentenceVectors, find_reuse, relation  # noqa: E402

WIRE_NAMES = {"ap": "AP", "afp": "AFP", "reuters": "Reuters", "upi": "UPI"}
SAMPLE = ROOT / "examples" / "xi-putin-2024-05"
SAMPLE_DATES = {"001": "2024-05-17", "003": "2025-05-08"}  # as tests/test_reuse.py dates them


def _article(id_: str, text: str, published: str | None = None, outlet: str | None = None) -> Article:
    return Article(id=id_, path=id_, item=id_, text=text, language="en", outlet=outlet,
                   published=PublishedDate(value=published), attributed_sources=attributed_sources(text))


def newswcl50() -> list[Article]:
    folder = DATA / "newswcl50-dev"
    paths = sorted(folder.glob("event_*/*.txt"))
    articles = [a for _, a in ingest([str(p) for p in paths]) if a is not None]
    for article in articles:  # ids as the gold names them (0_LL ...)
        article.id = Path(article.path).stem
    return articles


def semeval_pairs() -> list[tuple[Article, Article, float]]:
    csv.field_size_limit(10 ** 9)
    pairs = []
    with open(DATA / "semeval2022-task8" / "training_set.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            overall = float(row["Overall"])
            if row["lang1"] == row["lang2"] == "en" and 1.0 <= overall <= 1.5:
                first, second = row["pair_id"].split("_")
                pairs.append((_article(first, row["text1"].strip()), _article(second, row["text2"].strip()), overall))
    return pairs


def polnear_days() -> dict[str, list[tuple[Article, str | None]]]:
    """Publication day -> [(article, wire agency or None)], days with two publishers or more."""
    folder = DATA / "polnear"
    days: dict[str, list[tuple[Article, str | None]]] = defaultdict(list)
    with open(folder / "metadata.tsv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            path = folder / row["compartment"] / "text" / f"{row['filename']}.txt"
            if row["compartment"] in ("train", "dev") and path.is_file():
                article = _article(row["filename"], path.read_text(encoding="utf-8"),
                                   row["publication_date"], row["publisher"])
                days[row["publication_date"]].append((article, WIRE_NAMES.get((row["wire"] or "").strip().lower())))
    return {day: rows for day, rows in sorted(days.items()) if len({a.outlet for a, _ in rows}) > 1}


def sample() -> list[Article]:
    return [_article(p.name[:3], p.read_text(encoding="utf-8"), SAMPLE_DATES.get(p.name[:3]))
            for p in sorted(SAMPLE.glob("*.txt"))]


def load(cache: Path | None):
    """Every set, annotated (sentences, entities, sentence vectors); pickled to `cache` if given."""
    if cache and cache.is_file():
        return pickle.loads(cache.read_bytes())
    from newsfuse.embeddings import sentence_vectors
    sets = {"newswcl50": newswcl50(), "semeval": semeval_pairs(), "polnear": polnear_days(), "sample": sample()}
    everything = sets["newswcl50"] + sets["sample"] + [a for p in sets["semeval"] for a in p[:2]] + \
        [a for rows in sets["polnear"].values() for a, _ in rows]
    started = time.perf_counter()
    list(nlp.annotate(everything))
    sentence_vectors(everything)
    print(f"annotated {len(everything)} articles in {time.perf_counter() - started:.0f} s")
    if cache:
        cache.write_bytes(pickle.dumps(sets))
    return sets


def show(link: Reuse, by_id: dict[str, Article], pairs: int) -> None:
    print(f"  {link.kind} {link.source} -> {link.derived} score {link.score} aligned {len(link.aligned)}")
    print(f"    evidence: {getattr(link, 'evidence', '') or link.direction_evidence}")
    derived, source = by_id[link.derived], by_id[link.source]
    for d, s, similarity in link.aligned[:pairs]:
        print(f"    [{d}<-{s} {similarity}] {_short(derived.sentences[d].text)}")
        print(f"    {'':>{len(f'[{d}<-{s} {similarity}]')}} {_short(source.sentences[s].text)}")


def verified_alone(groups: list[list[Article]]) -> list[Reuse]:
    """`relation` on every pair within each group, candidates or not."""
    vectors = SentenceVectors()
    found = (relation(a, b, vectors) for group in groups for a, b in itertools.combinations(group, 2))
    return [link for link in found if link is not None]


def _short(text: str, width: int = 130) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, default=5, help="links shown per set")
    parser.add_argument("--pairs", type=int, default=6, help="aligned pairs shown per link")
    parser.add_argument("--cache", type=Path, help="pickle of the annotated sets (made if missing)")
    parser.add_argument("--all-pairs", action="store_true", help="PolNeAR: verify every same-day pair")
    args = parser.parse_args()
    sets = load(args.cache)
    lines = []

    wcl = sets["newswcl50"]
    links = find_reuse(wcl)
    print(f"\n== NewsWCL50 dev: {len(wcl)} articles, gold reuse none; links {len(links)} (all false)")
    for link in links[:args.show]:
        show(link, {a.id: a for a in wcl}, args.pairs)
    events: dict[str, list[Article]] = defaultdict(list)
    for article in wcl:
        events[article.id.split("_")[0]].append(article)
    alone = verified_alone(list(events.values()))
    print(f"verified alone (every pair of an event, {sum(len(g) * (len(g) - 1) // 2 for g in events.values())}): "
          f"links {len(alone)}")
    for link in alone[:args.show]:
        show(link, {a.id: a for a in wcl}, args.pairs)
    lines.append(f"NewsWCL50 dev false links {len(links)} (verified alone {len(alone)})")

    pairs = sets["semeval"]
    linked = []
    for first, second, overall in pairs:
        linked += find_reuse([first, second])
    by_id = {a.id: a for p in pairs for a in p[:2]}
    print(f"\n== SemEval-2022 en pairs, Overall 1-1.5: {len(pairs)} pairs; links {len(linked)}")
    for link in linked[:args.show]:
        show(link, by_id, args.pairs)
    alone = verified_alone([[first, second] for first, second, _ in pairs])
    print(f"verified alone: links {len(alone)}")
    for link in alone[:args.show]:
        show(link, by_id, args.pairs)
    lines.append(f"SemEval same-story pairs linked {len(linked)}/{len(pairs)} (verified alone {len(alone)})")

    days = sets["polnear"]
    wire_of = {a.id: wire for rows in days.values() for a, wire in rows}
    by_id = {a.id: a for rows in days.values() for a, _ in rows}
    cross = same_wire = same_publisher = 0
    suspects, within = [], []
    for rows in days.values():
        group = [a for a, _ in rows]
        for link in verified_alone([group]) if args.all_pairs else find_reuse(group):
            source, derived = by_id[link.source], by_id[link.derived]
            if source.outlet == derived.outlet:
                same_publisher += 1
                within.append(link)
            elif wire_of[source.id] and wire_of[source.id] == wire_of[derived.id]:
                same_wire += 1
            else:
                cross += 1
                suspects.append(link)
    pairs_count = sum(1 for rows in days.values() for i, (a, _) in enumerate(rows) for b, _ in rows[i + 1:]
                      if a.outlet != b.outlet)
    how = "every pair verified alone" if args.all_pairs else "candidates"
    print(f"\n== PolNeAR same-day articles of different publishers ({how}): {len(days)} days, {pairs_count} pairs; "
          f"links {cross} not explained by one wire (+ {same_wire} between copies of the same wire, "
          f"{same_publisher} within one publisher)")
    for link in suspects[:args.show]:
        show(link, by_id, args.pairs)
    print("links within one publisher (a story updated or reposted):")
    for link in within[:args.show]:
        show(link, by_id, args.pairs)
    lines.append(f"PolNeAR cross-publisher same-day links {cross}/{pairs_count} ({how}; +{same_wire} same wire, "
                 f"{same_publisher} within a publisher)")

    articles = sets["sample"]
    found = find_reuse(articles)
    rewrite = [r for r in found if (r.source, r.derived) == ("001", "000")]
    print(f"\n== sample: {len(found)} links; 000 <- 001 {'found, ' + rewrite[0].kind if rewrite else 'MISSING'}")
    for link in found:
        show(link, {a.id: a for a in articles}, args.pairs)
    lines.append(f"sample 000<-001 {'found' if rewrite else 'MISSING'} ({len(found)} links)")

    print("\nreuse-false-links: " + " | ".join(lines))


if __name__ == "__main__":
    main()
