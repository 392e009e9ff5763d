"""Framing on NewsWCL50 dev: gold labels each outlet itself uses for the main actors, found as a
framing term of that article (the e2e scorer's framing line, ../shared/tools/e2e_newswcl50.py, on
framing alone: each event's articles parsed and framed as compare_events does, without the rest of
the pipeline). Also counts entries whose term sits inside quotation marks in its article (must be 0:
quoted words are the speaker's) and lists the columns (targets) per event.

    .venv/bin/python bench/framing.py [--entries]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsfuse.compare.framing import QUOTE_RE, add_contrast, article_framing  # noqa: E402
from newsfuse.nlp import load_nlp  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "newswcl50-dev"
_TRANS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", (s or "").translate(_TRANS)).strip().lower()


def quoted_only(term: str, text: str) -> bool:
    """The term occurs in the text, and only inside quotation marks."""
    spans = [(m.start(), m.end()) for m in QUOTE_RE.finditer(text)]
    hits = [m.start() for m in re.finditer(re.escape(term), text)]
    return bool(hits) and all(any(s <= h < e for s, e in spans) for h in hits)


def gold_label_hits(terms: dict[str, set[str]], gold: dict) -> tuple[int, int, list[tuple[str, str, str]]]:
    """The scorer's framing match: a gold label counts as found when one of its article's framing
    terms (normalised) holds it or is held by it. Returns (found, labels, missed (article, actor, label))."""
    hit = total = 0
    missed = []
    for fr in gold["framing"]:
        for article, labels in fr["labels"].items():
            for label in labels:
                total += 1
                nl = norm(label)
                if any(t and (t in nl or nl in t) for t in terms.get(article, ())):
                    hit += 1
                else:
                    missed.append((article, fr["actor"], label))
    return hit, total, missed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", action="store_true", help="print every entry")
    args = ap.parse_args()
    nlp = load_nlp()
    hit = total = entries_n = quoted = 0
    for gold_path in sorted((DATA / "gold").glob("event_*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        folder = DATA / f"event_{gold_path.stem.split('_')[1]}"
        texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
        entries = []
        for aid, text in texts.items():
            entries += article_framing(SimpleNamespace(id=aid, sentences=[]), nlp(text), None, [])
        add_contrast(entries, {a: a for a in texts})
        entries_n += len(entries)
        terms: dict[str, set[str]] = {}
        for e in entries:
            terms.setdefault(e.article, set()).add(norm(e.term))
            if quoted_only(e.term, texts[e.article]):
                quoted += 1
                print(f"  QUOTED {e.article} {e.target}: {e.term!r}")
            if args.entries:
                print(f"  {e.article} | {e.target} | {e.term} | {e.kind}")
        print(f"{folder.name}: columns {sorted({e.target for e in entries})}")
        event_hit, event_total, missed = gold_label_hits(terms, gold)
        hit, total = hit + event_hit, total + event_total
        for article, actor, label in missed:
            print(f"  missed {article} {actor}: {label!r}")
    print(f"framing: gold labels found {hit}/{total} = {hit / max(total, 1):.3f}; entries {entries_n}; "
          f"terms only inside quotation marks {quoted}")


if __name__ == "__main__":
    main()
