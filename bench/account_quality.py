"""Quality of the consolidated account: key-fact recall on NewsWCL50 dev and the share of garbled
sentences on the sample, NewsWCL50 dev, PolNeAR story groups and (--ecb-per-event) ECB+ dev.

    PYTHONPATH=src .venv/bin/python bench/account_quality.py [--groups 12] [--skip-wcl] [--ecb-per-event 12]

Garbled (one sentence may be garbled for one reason; the first found is counted):
- invented quote: words in quotation marks in the account that no cited source sentence has inside
  quotation marks;
- glued headline: the sentence still holds a report's headline run into its lead;
- dangling pronoun: the sentence opens with "He", "It", "They", "This"... (nothing before it to refer to);
- `said: “that`, a lower-case quote opening, a lower-case opening, a fragment, no final stop.

Key-fact recall is the shared scorer's line (/work/shared/tools/e2e_newswcl50.py, "summary key R").
Goal (issue 14): key-fact recall >= .95, garbled <= 2 % on every set.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from newsfuse.compare.summary import garbled as _sentence_garbled  # noqa: E402

SHARED = ROOT.parent / "shared"
WCL = SHARED / "data" / "newswcl50-dev"
SCORER = SHARED / "tools" / "e2e_newswcl50.py"
NEWSFUSE = Path(sys.executable).with_name("newsfuse")
_MARKER = re.compile(r"\s*\[(?:\d+ independent sources|single source|disputed)[^\]]*\]\s*$")
_QUOTED = re.compile(r"[“\"«]([^“”\"«»]{3,}?)[”\"»]")
_OPEN, _CLOSE = "“\"«", "”\"»"


def account_text(sentence: str) -> str:
    """The sentence as a reader reads it, without the support marker newsfuse appends."""
    return _MARKER.sub("", sentence).strip()


def quoted_regions(source: str) -> list[str]:
    """Spans of a source sentence inside quotation marks (an unclosed quote runs to the end)."""
    regions, inside, start = [], False, 0
    for i, ch in enumerate(source):
        if ch in _OPEN and not inside or (ch == '"' and not inside):
            inside, start = True, i + 1
        elif (ch in _CLOSE) and inside:
            regions.append(source[start:i])
            inside = False
    if inside:
        regions.append(source[start:])
    return regions


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def why_garbled(sentence: str, sources: list[str], headlines: list[str]) -> str | None:
    text = account_text(sentence)
    for quoted in _QUOTED.findall(text):
        inside = [_norm(r) for s in sources for r in quoted_regions(s)]
        if not any(_norm(quoted).strip() in r for r in inside):
            return "invented quote"
    for head in headlines:
        if len(head) > 20 and _norm(head) in _norm(text) and len(text) > len(head) + 20:
            return "glued headline"
    return _sentence_garbled(text)


def garbled_share(items: list[tuple[str, list[str], list[str]]], name: str, show: int = 8) -> float:
    bad = [(why, s) for s, sources, heads in items if (why := why_garbled(s, sources, heads))]
    share = len(bad) / max(len(items), 1)
    print(f"{name}: {len(items)} account sentences, garbled {len(bad)} ({share:.1%})")
    for why, s in bad[:show]:
        print(f"   {why}: {account_text(s)[:150]}")
    return share


# --- sets --------------------------------------------------------------------------------------

def _items_from_records(summary, claims, articles) -> list[tuple[str, list[str], list[str]]]:
    """(sentence, cited source sentences, headlines of the event's reports) per account sentence."""
    items = []
    for s in summary:
        sources, heads = [], set()
        for cid in s["claims"]:
            for m in claims[cid]["mentions"]:
                article = articles.get(m["article"])
                if article is None:
                    continue
                sentences = article["sentences"]
                sources.append(sentences[m["sentence"]] if m["sentence"] < len(sentences) else m["text"])
                if article.get("title") and "sentence" not in (article.get("title_evidence") or ""):
                    heads.add(article["title"])
        items.append((s["text"], sources, sorted(heads)))
    return items


def _items_from_result(result, articles) -> list[tuple[str, list[str], list[str]]]:
    claims = {c.id: c.to_json() for c in result.claims}
    records = {a.id: {"sentences": [s.text for s in a.sentences], "title": a.title,
                      "title_evidence": a.title_evidence} for a in articles}
    return _items_from_records([s.to_json() for s in result.summary], claims, records)


def sample_items():
    from compare import sample_set
    from newsfuse.compare import compare_events

    articles, events, timexes, reuse = sample_set()
    return _items_from_result(compare_events(articles, events, timexes, reuse), articles)


def polnear_items(groups: int):
    from compare import polnear_set
    from newsfuse.compare import compare_events

    articles, events, timexes, reuse = polnear_set(groups)
    return _items_from_result(compare_events(articles, events, timexes, reuse), articles)


def ecbplus_items(per_event: int):
    """ECB+ dev gold events (one real happening each, up to `per_event` reports), as bench/compare.py
    builds them: the account of each through `compare_events`, the product's path after events."""
    from compare import ecbplus_set
    from newsfuse.compare import compare_events

    articles, events, timexes, reuse = ecbplus_set(per_event)
    return _items_from_result(compare_events(articles, events, timexes, reuse), articles)


def newswcl50(keep: Path, scored: Path | None = None):
    """Runs the shared scorer (it runs `newsfuse analyze`), returns key-fact recall and the items.
    With `scored` (the scorer's output of a run already made with --keep `keep`), reads that run."""
    if scored is not None:
        stdout = scored.read_text(encoding="utf-8")
    else:
        stdout = subprocess.run([sys.executable, str(SCORER), str(NEWSFUSE), str(WCL), str(WCL / "gold"), "--keep",
                                 str(keep)], capture_output=True, text=True, cwd=ROOT).stdout
    match = re.search(r"summary key R ([0-9.]+)", stdout)
    recall = float(match.group(1)) if match else float("nan")
    report_path = next(keep.rglob("report.json"), None)
    items = []
    if report_path is not None:
        report = json.loads(report_path.read_text(encoding="utf-8"))
        items = _items_from_records(report["summary"], {c["id"]: c for c in report["claims"]},
                                    {a["id"]: a for a in report["articles"]})
    return recall, items


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--groups", type=int, default=12, help="PolNeAR story groups (bench/compare.py)")
    ap.add_argument("--skip-wcl", action="store_true")
    ap.add_argument("--ecb-per-event", type=int, default=0,
                    help="also the ECB+ dev gold events with up to N reports each (0: skip; ~10 min at 12)")
    ap.add_argument("--wcl-run", nargs=2, type=Path, metavar=("KEEP_DIR", "SCORER_OUTPUT"),
                    help="read a scorer run already made (its --keep folder and its printed output)")
    args = ap.parse_args()
    figures = {}
    figures["sample garbled"] = garbled_share(sample_items(), "sample (xi-putin-2024-05)")
    if args.wcl_run:
        recall, items = newswcl50(args.wcl_run[0], args.wcl_run[1])
        print(f"NewsWCL50 dev: summary key-fact recall {recall:.3f}")
        figures["newswcl50 key R"] = recall
        figures["newswcl50 garbled"] = garbled_share(items, "NewsWCL50 dev")
    elif not args.skip_wcl:
        with tempfile.TemporaryDirectory(prefix="account-wcl-") as keep:
            recall, items = newswcl50(Path(keep))
        print(f"NewsWCL50 dev: summary key-fact recall {recall:.3f}")
        figures["newswcl50 key R"] = recall
        figures["newswcl50 garbled"] = garbled_share(items, "NewsWCL50 dev")
    figures["polnear garbled"] = garbled_share(polnear_items(args.groups), f"PolNeAR {args.groups} story groups")
    if args.ecb_per_event:
        figures["ecb+ garbled"] = garbled_share(ecbplus_items(args.ecb_per_event), "ECB+ dev gold events")
    print("account-quality: " + " | ".join(f"{k} {v:.3f}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
