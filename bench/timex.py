"""TempEval-3 Task A (time expressions) on TBAQ-cleaned: extent and value F1 of newsfuse.time.

Usage: python bench/timex.py [--limit N] [--errors N] [--no-parse]

Scoring follows the TempEval-3 definition: a system expression matches a gold one strictly when the
character spans are equal and relaxed when they overlap (each gold and system expression matched at
most once); value F1 counts relaxed matches with the same normalised value, precision over all system
expressions and recall over all gold ones. Published (TempEval-3 test set): HeidelTime value F1 77.61,
SUTime 67.38. This is the training data, so these figures are optimistic for newsfuse.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
DATA = REPO.parent / "shared" / "data" / "tempeval3" / "TBAQ-cleaned"

from newsfuse.nlp import load_nlp  # noqa: E402
from newsfuse.time import find_timexes  # noqa: E402
from newsfuse.time.timeml import read_timeml  # noqa: E402


def corpus_files(limit: int | None = None, subsets: tuple[str, ...] = ("TimeBank", "AQUAINT")) -> list[Path]:
    files = [f for sub in subsets for f in sorted((DATA / sub).glob("*.tml"))]
    return files[:limit] if limit else files


def match(gold: list, system: list) -> list[tuple]:
    """One-to-one pairs of (gold, system) by overlap, exact spans first, then largest overlap."""
    pairs, used_gold, used_system = [], set(), set()
    options = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                exact = g.start == s.start and g.end == s.end
                options.append((not exact, -overlap, gi, si))
    for _, _, gi, si in sorted(options):
        if gi not in used_gold and si not in used_system:
            used_gold.add(gi)
            used_system.add(si)
            pairs.append((gold[gi], system[si]))
    return pairs


def prf(correct: int, n_system: int, n_gold: int) -> tuple[float, float, float]:
    p = correct / n_system if n_system else 0.0
    r = correct / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def expression_class(text: str) -> str:
    """A coarse class of a gold expression's wording, to say where errors fall."""
    t = text.lower()
    checks = [
        ("weekday", r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"),
        ("month name", r"jan|feb|march|apr|may|june|july|aug|sep|oct|nov|dec"),
        ("deictic day", r"today|yesterday|tomorrow|tonight"),
        ("quarter/half", r"quarter|half|period"),
        ("ago/earlier/later", r"\b(ago|earlier|later|before|after)\b"),
        ("last/this/next unit", r"\b(last|this|next|past|coming|previous|current)\b"),
        ("vague ref", r"^(now|current|currently|recent|recently|the past|the future|future|soon|former|once|previously)$"),
        ("year/decade", r"\d{4}|\d0s"),
        ("counted units", r"\d|one|two|three|four|five|six|seven|eight|nine|ten|several|few"),
        ("set", r"daily|weekly|annual|every|each|per"),
    ]
    for name, pattern in checks:
        if re.search(pattern, t):
            return name
    return "other"


def evaluate(files: list[Path], parse: bool = True, errors: int = 0) -> dict:
    nlp = load_nlp() if parse else None
    docs = [read_timeml(f) for f in files]
    started = time.perf_counter()
    parsed = nlp.pipe([d.text for d in docs], batch_size=16) if nlp else (None for _ in docs)
    totals = Counter()
    missed, wrong_value, spurious = Counter(), Counter(), Counter()
    by_type = Counter()
    examples: list[str] = []
    for doc, spacy_doc in zip(docs, parsed):
        system = find_timexes(doc.text, doc.dct, doc=spacy_doc)
        pairs = match(doc.timexes, system)
        matched_gold = {id(g) for g, _ in pairs}
        matched_system = {id(s) for _, s in pairs}
        totals["gold"] += len(doc.timexes)
        totals["system"] += len(system)
        totals["relaxed"] += len(pairs)
        for g, s in pairs:
            totals["strict"] += g.start == s.start and g.end == s.end
            by_type[(g.type, "matched")] += 1
            if g.value == s.value:
                totals["value"] += 1
                by_type[(g.type, "value")] += 1
            else:
                wrong_value[expression_class(g.text)] += 1
                examples.append(f"VALUE {doc.name} dct={doc.dct} {g.text!r} gold={g.value} sys={s.value} ({s.text!r})")
        for g in doc.timexes:
            by_type[(g.type, "gold")] += 1
            if id(g) not in matched_gold:
                missed[expression_class(g.text)] += 1
                examples.append(f"MISS {doc.name} {g.text!r} {g.type} {g.value} | ...{doc.text[max(0, g.start - 40):g.end + 20]!r}")
        for s in system:
            if id(s) not in matched_system:
                spurious[expression_class(s.text)] += 1
                examples.append(f"SPURIOUS {doc.name} {s.text!r} {s.value} | ...{doc.text[max(0, s.start - 40):s.end + 20]!r}")
    seconds = time.perf_counter() - started
    return {"totals": totals, "missed": missed, "wrong_value": wrong_value, "spurious": spurious,
            "by_type": by_type, "examples": examples, "seconds": seconds, "docs": len(docs)}


def report(result: dict, errors: int) -> None:
    t = result["totals"]
    print(f"documents {result['docs']}, gold {t['gold']}, system {t['system']}")
    for name in ("strict", "relaxed", "value"):
        p, r, f = prf(t[name], t["system"], t["gold"])
        label = "value" if name == "value" else f"{name} extent"
        print(f"{label:16s} P {100 * p:6.2f}  R {100 * r:6.2f}  F1 {100 * f:6.2f}")
    print("published (TempEval-3 test set, value F1): HeidelTime 77.61, SUTime 67.38")
    print("\nby gold type: gold / extent matched / value correct")
    for kind in ("DATE", "TIME", "DURATION", "SET"):
        bt = result["by_type"]
        print(f"  {kind:9s} {bt[(kind, 'gold')]:5d} {bt[(kind, 'matched')]:5d} {bt[(kind, 'value')]:5d}")
    print("\nerrors by expression class: missed (gold not found) / wrong value / spurious")
    classes = set(result["missed"]) | set(result["wrong_value"]) | set(result["spurious"])
    for name in sorted(classes, key=lambda c: -(result["missed"][c] + result["wrong_value"][c] + result["spurious"][c])):
        print(f"  {name:22s} {result['missed'][name]:4d} {result['wrong_value'][name]:4d} {result['spurious'][name]:4d}")
    print(f"\ntime: {result['seconds']:.1f} s for {result['docs']} documents "
          f"({1000 * result['seconds'] / max(1, result['docs']):.0f} ms each, spaCy parse included)")
    for line in result["examples"][:errors]:
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--errors", type=int, default=0, help="print N error examples")
    parser.add_argument("--no-parse", action="store_true", help="tense from words, without spaCy")
    args = parser.parse_args()
    result = evaluate(corpus_files(args.limit), parse=not args.no_parse, errors=args.errors)
    report(result, args.errors)


if __name__ == "__main__":
    main()
