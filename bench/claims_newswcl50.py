"""Claim alignment on NewsWCL50 dev with the gold events given: how well compare joins one fact's
sentences from different outlets into one claim, apart from how events were grouped.

    .venv/bin/python bench/claims_newswcl50.py [-v]

Runs the product's stages (ingest -> nlp -> time -> events -> reuse, as `newsfuse analyze`), then
`compare_events` over the three gold events, and scores like ../shared/tools/e2e_newswcl50.py:
recall = gold evidence pairs (one fact, two articles) held by one claim; precision = cross-article
mention pairs of gold evidence sentences in one claim that are evidence of the same fact. Prints
the conflicts found. -v lists each fact that is split and each false merge.
"""
from __future__ import annotations

import argparse
import collections
import itertools
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT.parent / "shared" / "data" / "newswcl50-dev"
OUTLETS = ("LL", "L", "M", "R", "RR")

from newsfuse.compare import compare_events  # noqa: E402
from newsfuse.models import Event  # noqa: E402
from newsfuse.pipeline import analyze  # noqa: E402

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-", "\u2013": "-"})


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip().lower()


def score(verbose: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        for path in DATA.glob("event_*/*.txt"):
            shutil.copy(path, Path(tmp) / path.name)
        result = analyze([tmp])
    by_id = {a.id: a for a in result.articles}
    id_of = {Path(a.path).stem: a.id for a in result.articles}
    participants = {a: e.participants for e in result.events for a in e.articles}
    gold = [json.loads((DATA / "gold" / f"event_{k}.json").read_text()) for k in range(3)]
    events = []
    for k in range(3):
        arts = [id_of[f"{k}_{o}"] for o in OUTLETS if f"{k}_{o}" in id_of]
        events.append(Event(id=f"g{k}", title="", articles=arts, participants=participants.get(arts[0], [])))
    compared = compare_events(result.articles, events, result.temporal, result.reuse)
    facts_at: dict[tuple[str, int], set] = collections.defaultdict(set)
    for k, g in enumerate(gold):
        for fact in g["facts"]:
            for name, evidence in fact["evidence"].items():
                article = by_id[id_of[name]]
                hit = next((s.index for s in article.sentences if norm(evidence) in norm(s.text)), None)
                if hit is not None:
                    facts_at[(article.id, hit)].add((k, fact["id"]))
    claims_at: dict[tuple[str, int], set] = collections.defaultdict(set)
    for claim in compared.claims:
        for m in claim.mentions:
            claims_at[(m.article, m.sentence)].add(claim.id)
    sentences_of = collections.defaultdict(list)
    for key, facts in facts_at.items():
        for fact in facts:
            sentences_of[fact].append(key)
    held = pairs = 0
    for fact, keys in sorted(sentences_of.items()):
        together = [(x, y) for x, y in itertools.combinations(keys, 2) if claims_at[x] & claims_at[y]]
        pairs += len(keys) * (len(keys) - 1) // 2
        held += len(together)
        if verbose and len(together) < len(keys) * (len(keys) - 1) // 2:
            print(f"split E{fact[0]} {fact[1]}: " + "; ".join(
                f"{x[0]}:{x[1]} {sorted(claims_at[x])}" for x in keys))
    good = bad = 0
    for claim in compared.claims:
        keys = [(m.article, m.sentence) for m in claim.mentions if (m.article, m.sentence) in facts_at]
        for x, y in itertools.combinations(keys, 2):
            if x[0] == y[0]:
                continue
            if facts_at[x] & facts_at[y]:
                good += 1
            else:
                bad += 1
                if verbose:
                    print(f"false merge {claim.id}: {by_id[x[0]].sentences[x[1]].text[:80]!r} / "
                          f"{by_id[y[0]].sentences[y[1]].text[:80]!r}")
    for conflict in compared.conflicts:
        print(f"conflict {conflict.slot} {conflict.values}: {conflict.explanation}")
    figures = {"recall": held / max(pairs, 1), "precision": good / max(good + bad, 1),
               "claims": len(compared.claims), "conflicts": len(compared.conflicts)}
    print(f"claims-newswcl50 (gold events): alignment recall {figures['recall']:.3f} ({held}/{pairs}) "
          f"precision {figures['precision']:.3f} ({good}/{good + bad}); {figures['claims']} claims, "
          f"{figures['conflicts']} conflicts")
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    score(parser.parse_args().verbose)
