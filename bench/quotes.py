"""Quote attribution on PolNeAR: precision, recall and F1 of (speaker, content) pairs.

    .venv/bin/python bench/quotes.py [--split dev|train|both] [--limit N] [--errors K] [--no-stances]

Gold: PolNeAR brat stand-off files (Source, Cue, Content spans of every attribution).
Matching, one to one, greedily by content overlap:
- content match: the two content spans overlap by at least 50 % of the longer one;
- speaker match: the gold Source and our speaker mention share their head token (the parse's root
  of the span), or the gold head word (not a pronoun) is a word of our resolved speaker name.
Gold attributions without a Source span are left out of the pair scores (counted apart).
Direct vs indirect: a gold content span at least half inside quotation marks is direct; ours is
direct when extract_quotes says so. Precision is counted by our kind, recall by the gold kind.
Quotations that continue the previous speaker's ("A," he said. "B.") are folded into one predicted
attribution, as PolNeAR annotates them. By default stance attributions are on (extract_quotes
stances=True: "wants to", "criticized", "called for"), PolNeAR's broad sense; --no-stances scores
speech only, as the claims pipeline uses it.
Human agreement on this data (PolNeAR README): 92.3 % attribution-wise.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsfuse.compare.quotes import PRONOUNS, Quote, extract_quotes  # noqa: E402
from newsfuse.nlp import load_nlp  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "polnear"
QUOTED_RE = re.compile(r"“[^“”]*”|\"[^\"]*\"")


@dataclass
class Gold:
    source: tuple[int, int] | None
    source_text: str
    cue: str
    content: tuple[int, int]
    kind: str
    pieces: list[tuple[int, int]]  # discontinuous content ("A," he said. "B.") as separate spans


def load_split(split: str, limit: int | None = None) -> list[tuple[str, str, list[Gold]]]:
    """(name, text, gold attributions) for each article of a split, in file-name order."""
    out = []
    seen = set()
    for ann in sorted((DATA / split / "attributions").glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        text_path = DATA / split / "text" / f"{name}.txt"
        # Agreement articles carry one .ann per annotator: score against the first only.
        if not text_path.exists() or name in seen:
            continue
        seen.add(name)
        text = text_path.read_text(encoding="utf-8")
        out.append((name, text, parse_ann(ann.read_text(encoding="utf-8"), text)))
        if limit and len(out) >= limit:
            break
    return out


def parse_ann(ann: str, text: str) -> list[Gold]:
    spans: dict[str, tuple[int, int, str]] = {}
    pieces_of: dict[str, list[tuple[int, int]]] = {}
    relations = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, offsets = parts[1].partition(" ")
            pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
            spans[parts[0]] = (pieces[0][0], pieces[-1][1], kind)
            pieces_of[parts[0]] = pieces
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    golds = []
    for rel in relations:
        if "Content" not in rel or rel["Content"] not in spans:
            continue
        c0, c1, _ = spans[rel["Content"]]
        src = spans.get(rel.get("Source", ""))
        cue = spans.get(rel.get("Cue", ""))
        golds.append(Gold(
            source=(src[0], src[1]) if src else None,
            source_text=text[src[0]:src[1]] if src else "",
            cue=text[cue[0]:cue[1]] if cue else "",
            content=(c0, c1),
            kind=gold_kind(text, c0, c1),
            pieces=pieces_of[rel["Content"]],
        ))
    return golds


def gold_kind(text: str, start: int, end: int) -> str:
    span = text[max(0, start - 1):min(len(text), end + 1)]
    quoted = sum(len(m.group()) for m in QUOTED_RE.finditer(span))
    return "direct" if quoted >= 0.5 * (end - start) else "indirect"


def overlap_ratio(pieces: list[tuple[int, int]], b: tuple[int, int]) -> float:
    """Shared characters over the longer of the two contents (gold may come in pieces)."""
    inter = sum(max(0, min(a[1], b[1]) - max(a[0], b[0])) for a in pieces)
    gold_len = sum(a[1] - a[0] for a in pieces)
    return inter / max(gold_len, b[1] - b[0], 1)


def head_index(doc, start: int, end: int) -> int | None:
    """Index of the syntactic root of the tokens inside a character span."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root.i if span is not None and len(span) else None


def speaker_match(doc, gold: Gold, quote: Quote) -> bool:
    if gold.source is None or quote.speaker_start is None:
        return False
    if head_index(doc, *gold.source) == head_index(doc, quote.speaker_start, quote.speaker_end):
        return True
    gold_head = doc.char_span(*gold.source, alignment_mode="expand")
    word = gold_head.root.lower_ if gold_head is not None and len(gold_head) else ""
    if not word or word in PRONOUNS:
        return False
    said = {w.lower() for w in re.findall(r"\w+", quote.speaker or "")}
    said |= {w.lower() for w in re.findall(r"\w+", doc.text[quote.speaker_start:quote.speaker_end])}
    return word in said


def match(doc, golds: list[Gold], quotes: list[Quote]):
    """Greedy one-to-one matching by content overlap; returns [(gold_i, quote_j, ratio, speaker_ok)]."""
    pairs = []
    for i, g in enumerate(golds):
        for j, q in enumerate(quotes):
            r = overlap_ratio(g.pieces, (q.start, q.end))
            if r > 0:
                pairs.append((r, i, j))
    pairs.sort(reverse=True)
    used_g, used_q, out = set(), set(), []
    for r, i, j in pairs:
        if i in used_g or j in used_q:
            continue
        used_g.add(i)
        used_q.add(j)
        out.append((i, j, r, speaker_match(doc, golds[i], quotes[j])))
    return out


def attributions(quotes: list[Quote]) -> list[Quote]:
    """PolNeAR's unit: one attribution per speaker turn, its quotation pieces joined ("A," he said.
    "B." is one Content in two pieces), so quotes that continue the previous one are folded in."""
    out: list[Quote] = []
    for q in quotes:
        if q.continues and out and out[-1].speaker == q.speaker and out[-1].end <= q.start:
            out[-1] = replace(out[-1], end=q.end, content=out[-1].content + " " + q.content)
        else:
            out.append(q)
    return out


def prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> tuple[float, float, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(docs, show_errors: int = 0, stances: bool = True) -> dict:
    """Scores of extract_quotes on PolNeAR articles; `stances` as in extract_quotes (PolNeAR counts
    what people want, back or attack as attributions; the claims pipeline runs without)."""
    nlp = load_nlp()
    counts = Counter()
    errors = Counter()
    examples: dict[str, list[str]] = {}
    parsed = nlp.pipe((t for _, t, _ in docs), batch_size=16)
    for (name, text, golds_all), doc in zip(docs, parsed):
        quotes = attributions(extract_quotes(text, doc=doc, stances=stances))
        golds = [g for g in golds_all if g.source is not None]
        counts["gold_without_source"] += len(golds_all) - len(golds)
        matched = match(doc, golds, quotes)
        for g in golds:
            counts[f"gold_{g.kind}"] += 1
        for q in quotes:
            counts[f"pred_{q.kind}"] += 1
        hit_g, hit_q = set(), set()
        for i, j, r, spk in matched:
            g, q = golds[i], quotes[j]
            if r >= 0.5 and spk:
                counts[f"tp_gold_{g.kind}"] += 1
                counts[f"tp_pred_{q.kind}"] += 1
                hit_g.add(i)
                hit_q.add(j)
            if r >= 0.5:
                counts[f"content_gold_{g.kind}"] += 1
                counts[f"content_pred_{q.kind}"] += 1
                if not spk:
                    _note(errors, examples, "wrong speaker", f"gold {g.source_text!r} / ours {text[q.speaker_start:q.speaker_end]!r} -> {q.speaker!r}")
            else:
                _note(errors, examples, "content boundary (<50% overlap)", f"gold {text[g.content[0]:g.content[1]][:80]!r} / ours {q.content[:80]!r}")
        matched_g = {i for i, *_ in matched}
        matched_q = {j for _, j, *_ in matched}
        for i, g in enumerate(golds):
            if i not in matched_g:
                _note(errors, examples, f"missed ({g.kind})", f"cue {g.cue!r}: {text[g.content[0]:g.content[1]][:80]!r}")
                counts["missed_cue_" + g.cue.lower()] += 1
        for j, q in enumerate(quotes):
            if j not in matched_q:
                _note(errors, examples, f"spurious ({q.kind})", f"{q.speaker!r} {q.cue!r}: {q.content[:80]!r}")
    return {"counts": counts, "errors": errors, "examples": examples}


def _note(errors: Counter, examples: dict, kind: str, example: str) -> None:
    errors[kind] += 1
    bucket = examples.setdefault(kind, [])
    if len(bucket) < 200:
        bucket.append(example)


def scores(counts: Counter) -> dict[str, tuple[float, float, float]]:
    out = {}
    for kind in ("direct", "indirect"):
        out[kind] = prf(counts[f"tp_pred_{kind}"], counts[f"pred_{kind}"], counts[f"tp_gold_{kind}"], counts[f"gold_{kind}"])
    tp_p = counts["tp_pred_direct"] + counts["tp_pred_indirect"]
    tp_g = counts["tp_gold_direct"] + counts["tp_gold_indirect"]
    n_p = counts["pred_direct"] + counts["pred_indirect"]
    n_g = counts["gold_direct"] + counts["gold_indirect"]
    out["all"] = prf(tp_p, n_p, tp_g, n_g)
    c_p = counts["content_pred_direct"] + counts["content_pred_indirect"]
    c_g = counts["content_gold_direct"] + counts["content_gold_indirect"]
    out["content only"] = prf(c_p, n_p, c_g, n_g)
    return out


def report(split: str, result: dict, show_errors: int) -> None:
    counts = result["counts"]
    print(f"== PolNeAR {split}: gold {counts['gold_direct']} direct + {counts['gold_indirect']} indirect "
          f"(+{counts['gold_without_source']} without a source, left out); "
          f"predicted {counts['pred_direct']} direct + {counts['pred_indirect']} indirect")
    for name, (p, r, f) in scores(counts).items():
        print(f"  {name:13s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print("  errors:", ", ".join(f"{k} {v}" for k, v in result["errors"].most_common()))
    missed = Counter({k[len('missed_cue_'):]: v for k, v in counts.items() if k.startswith("missed_cue_")})
    print("  most missed cues:", ", ".join(f"{k!r} {v}" for k, v in missed.most_common(15)))
    for kind, items in result["examples"].items():
        for example in items[:show_errors]:
            print(f"    [{kind}] {example}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="both", choices=["dev", "train", "both"])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--errors", type=int, default=0, help="examples to print per error type")
    ap.add_argument("--no-stances", action="store_true", help="speech only, as the claims pipeline runs")
    args = ap.parse_args()
    for split in (["dev", "train"] if args.split == "both" else [args.split]):
        report(split, evaluate(load_split(split, args.limit), stances=not args.no_stances), args.errors)


if __name__ == "__main__":
    main()
