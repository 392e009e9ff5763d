"""Claims as a reader sees them in the reports: how many read broken on their own.

    .venv/bin/python bench/claim_texts.py REPORT.json [REPORT.json ...] [--show 8]

Reads report.json files of real runs (`newsfuse analyze ... --out DIR`, or the shared NewsWCL50
scorer's `--keep` folder) and renders each claim as report.md and report.html show it
(`report.labels.claim_words`: a quote as its speaker's sentence). A claim reads broken when
`compare.summary.garbled` finds a dangling pronoun, a lower-case opening or quote opening, or
`said: “that` (a missing final stop is not counted: claims are clauses).

Measured (2026-12-03): NewsWCL50 dev (e2e run, 652 claims) 6.7 % (22.7 % before quotes were shown
as their speaker's sentence; 29.7 % before issue 14's claim-text work); sample 8.6 % (22.4 %).
The rest: whole sentences opening with a pronoun ("He then defended his decision..."), direct
fragments quoted in lower case ("the permanent denuclearization of North Korea").
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsfuse.compare.summary import garbled  # noqa: E402
from newsfuse.report.labels import claim_words  # noqa: E402


def broken_claims(claims: list[dict]) -> list[tuple[str, str]]:
    """(why, text as shown) of each claim that reads broken."""
    out = []
    for claim in claims:
        shown = claim_words(claim).strip()
        why = garbled(shown)
        if why and why != "no final stop":
            out.append((why, shown))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=8)
    args = parser.parse_args()
    for path in args.reports:
        claims = json.loads(path.read_text(encoding="utf-8"))["claims"]
        bad = broken_claims(claims)
        reasons = Counter(why for why, _ in bad)
        print(f"{path}: {len(claims)} claims, {len(bad)} read broken ({len(bad) / max(len(claims), 1):.1%}) "
              + ", ".join(f"{why} {n}" for why, n in reasons.most_common()))
        for why, shown in bad[:args.show]:
            print(f"   {why}: {shown[:140]}")


if __name__ == "__main__":
    main()
