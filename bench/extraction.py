"""Main-text extraction on scrapinghub's article-extraction-benchmark, scored as that benchmark does.

    python bench/extraction.py            # all 181 pages
    python bench/extraction.py --limit 30 # first 30 pages by file name, a quick run
    python bench/extraction.py --worst 10 # also list the 10 pages newsfuse scores worst on

Scoring is `newsfuse.evaluation`, a reproduction of the benchmark's evaluate.py (4-token shingles,
per-page normalised TP/FP/FN, mean precision and mean recall, F1 of the two means). Pages are read
as the benchmark's own runners read them: gzip, UTF-8 text.

Published (the benchmark's README): trafilatura 2.0.0 F1 .958.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from newsfuse.evaluation import (  # noqa: E402
    Scores, load_article_benchmark, precision_score, recall_score, scores_from_matches, shingle_match,
)
from newsfuse.ingest.html import extract_html  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "article-extraction-benchmark"


def newsfuse_text(html: str) -> str | None:
    extracted = extract_html(html)
    return extracted.text if extracted else None


EXTRACTORS: dict[str, Callable[[str], str | None]] = {
    "trafilatura defaults": trafilatura.extract,
    "trafilatura precision, no comments": lambda html: trafilatura.extract(
        html, favor_precision=True, include_comments=False),
    "newsfuse extract_html": newsfuse_text,
}


def run(name: str, extractor: Callable[[str], str | None], pages) -> tuple[Scores, float, list]:
    """Scores, seconds per page, and per-page (id, precision, recall) of one extractor."""
    matches, per_page, elapsed = [], [], 0.0
    for page_id, html, truth in pages:
        start = time.perf_counter()
        predicted = extractor(html)
        elapsed += time.perf_counter() - start
        match = shingle_match(truth, predicted)
        matches.append(match)
        per_page.append((page_id, precision_score(*match), recall_score(*match)))
    return scores_from_matches(matches), elapsed / max(1, len(pages)), per_page


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages by file name")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages newsfuse scores worst on")
    args = parser.parse_args(argv)
    if not DATA.exists():
        sys.exit(f"benchmark data not found at {DATA}")
    pages = load_article_benchmark(DATA, args.limit)
    print(f"article-extraction-benchmark: {len(pages)} pages, trafilatura {trafilatura.__version__}")
    print(f"{'extractor':36} {'precision':>9} {'recall':>7} {'F1':>6} {'s/page':>7}")
    per_page = []
    for name, extractor in EXTRACTORS.items():
        scores, seconds, per_page = run(name, extractor, pages)
        print(f"{name:36} {scores.precision:9.3f} {scores.recall:7.3f} {scores.f1:6.3f} {seconds:7.3f}")
    print("published: trafilatura 2.0.0 F1 .958 (benchmark README)")
    if args.worst:
        print(f"\nnewsfuse, worst {args.worst} pages by min(precision, recall):")
        for page_id, p, r in sorted(per_page, key=lambda row: min(row[1], row[2]))[:args.worst]:
            print(f"  {page_id[:16]}  precision {p:.3f}  recall {r:.3f}")


if __name__ == "__main__":
    main()
