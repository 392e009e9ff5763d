"""A cluster day, simulated from measured per-core costs and the blocking's sizes.

    .venv/bin/python bench/growth_cluster.py [--runs /tmp/newsfuse-growth/runs.jsonl]
        [--day 200000] [--archive 1000000] [--cores-per-executor 4] [--day-hours 1] [--archive-hours 8]

Reads the runs bench/growth.py logged (local engine, whole articles; the largest run is the cost
basis) and prints, for a day of news and for an archive: CPU hours per stage, the events pass in
blocks (events/blocking.py: MAX_BLOCK_ARTICLES core reports per block, each block reading up to as
many again as halo), the shuffle volume, the cores and executors needed to finish in the given
hours, and what the driver holds.

Assumptions (printed with the table):
- per-article stages (ingest, nlp with MiniLM, time, reuse verification, compare per event,
  reports per event) cost on a cluster core what they cost on this machine's core, per article,
  at the largest size measured (their per-article cost is flat when their exponent is ~1);
- the events pass of one block of m reports costs what the local engine's events stage cost at
  m articles, scaled by m^b (b fitted from runs of 1k articles and more; else 1.3, conservative);
- a crowded day (200k reports) is cut by LSH into blocks of at most MAX_BLOCK_ARTICLES core
  reports; each block reads at most as many halo reports (multi-probe bucket, nearby days), so
  the events work is at most that of 2 x MAX_BLOCK_ARTICLES reports per block;
- parallel efficiency 0.8 (stragglers, task start, Python worker model loads: spaCy and MiniLM
  load once per executor core, ~15 s);
- shuffles: the annotated articles travel from NLP to the event blocks (core and halo copies) and
  to the compare tasks once; reuse shuffles LSH band keys (small).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from scale import growth_exponent  # noqa: E402

EFFICIENCY = 0.8
ASSUMED_EVENTS_EXPONENT = 1.3
MODEL_LOAD_S = 15.0
LINEAR = ("ingest", "nlp", "time", "reuse", "compare", "reports")


def load_runs(path: Path) -> list[dict]:
    runs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    local = [r for r in runs if r["engine"] == "local"]
    by_size = {}
    for run in local:  # the latest run of each size
        by_size[run["articles"]] = run
    return [by_size[n] for n in sorted(by_size)]


def per_stage_cpu(run: dict) -> dict[str, float]:
    """Each stage's CPU seconds: metered per stage (bench/growth.py's StageMeter, worker processes
    included), or for older runs the stage's wall seconds scaled to the run's CPU total (on a
    shared machine wall time includes waiting)."""
    if run.get("stage_cpu_seconds"):
        return dict(run["stage_cpu_seconds"])
    stages = run["stages"]
    total = sum(stages.values())
    scale = run["cpu_seconds"] / total if total else 1.0
    return {k: v * scale for k, v in stages.items()}


def simulate(runs: list[dict], articles: int, hours: float, cores_per_executor: int, block: int) -> dict:
    basis = runs[-1]
    n = basis["articles"]
    cpu = per_stage_cpu(basis)
    # the events stage's own exponent only when fitted from 1k articles up (below, its fixed costs
    # hide its growth: 20.6 s at 100 whole articles, 22.9 s at 250); else a conservative 1.3
    fitted = [r for r in runs if r["articles"] >= 1000]
    b_events = growth_exponent([r["articles"] for r in fitted], [per_stage_cpu(r).get("events", 0.0) for r in fitted]) \
        if len(fitted) > 1 else None
    b_events = b_events if b_events is not None else ASSUMED_EVENTS_EXPONENT
    linear = {k: cpu.get(k, 0.0) / n * articles for k in LINEAR}
    blocks = math.ceil(articles / block)
    per_block = cpu.get("events", 0.0) * (2 * block / n) ** b_events
    events = blocks * per_block
    total = sum(linear.values()) + events
    cores = math.ceil(total / (hours * 3600 * EFFICIENCY))
    executors = math.ceil(cores / cores_per_executor)
    shuffle_gb = articles * basis.get("article_kb", 60.0) * (1 + 2 + 1) / 1e6
    return {"articles": articles, "hours": hours, "cpu_h": {k: v / 3600 for k, v in linear.items()},
            "events_cpu_h": events / 3600, "blocks": blocks, "block_minutes": per_block / 60,
            "b_events": b_events, "total_cpu_h": total / 3600, "cores": cores, "executors": executors,
            "shuffle_gb": shuffle_gb, "driver_mb": articles * 120 / 1e6 + blocks * 0.05,
            "basis": n, "basis_load": basis.get("load")}


def print_table(rows: list[dict], cores_per_executor: int) -> None:
    heads = " | ".join(f"{r['articles']:,} articles in {r['hours']:g} h" for r in rows)
    print(f"| | {heads} |")
    print("|---|" + "---|" * len(rows))
    for stage in LINEAR:
        print(f"| {stage} CPU h | " + " | ".join(f"{r['cpu_h'][stage]:.1f}" for r in rows) + " |")
    print("| events CPU h (blocks x per block) | " + " | ".join(
        f"{r['events_cpu_h']:.1f} ({r['blocks']} x {r['block_minutes']:.1f} min)" for r in rows) + " |")
    print("| total CPU h | " + " | ".join(f"{r['total_cpu_h']:.0f}" for r in rows) + " |")
    print(f"| cores (efficiency {EFFICIENCY}) | " + " | ".join(str(r["cores"]) for r in rows) + " |")
    print(f"| executors of {cores_per_executor} cores | " + " | ".join(str(r["executors"]) for r in rows) + " |")
    print("| shuffle (articles to blocks, halo copies, compare) | " + " | ".join(
        f"{r['shuffle_gb']:.0f} GB" for r in rows) + " |")
    print("| driver (ids, days, LSH codes, event summaries) | " + " | ".join(
        f"{r['driver_mb']:.0f} MB" for r in rows) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=Path,
                        default=Path(os.environ.get("NEWSFUSE_GROWTH_DIR", "/tmp/newsfuse-growth")) / "runs.jsonl")
    parser.add_argument("--day", type=int, default=200_000)
    parser.add_argument("--archive", type=int, default=1_000_000)
    parser.add_argument("--day-hours", type=float, default=1.0)
    parser.add_argument("--archive-hours", type=float, default=8.0)
    parser.add_argument("--cores-per-executor", type=int, default=4)
    args = parser.parse_args()
    from newsfuse.events.blocking import MAX_BLOCK_ARTICLES

    runs = load_runs(args.runs)
    if not runs:
        sys.exit(f"no local runs in {args.runs}: run bench/growth.py first")
    rows = [simulate(runs, args.day, args.day_hours, args.cores_per_executor, MAX_BLOCK_ARTICLES),
            simulate(runs, args.archive, args.archive_hours, args.cores_per_executor, MAX_BLOCK_ARTICLES)]
    basis = runs[-1]
    cpu = sum(per_stage_cpu(basis).values())
    print(f"cost basis: local engine, {basis['articles']} whole articles, {cpu:.0f} CPU s "
          f"({cpu / basis['articles']:.2f} CPU s per article), load {basis.get('load', 0):.1f}; "
          f"events exponent b = {rows[0]['b_events']:.2f}; block {MAX_BLOCK_ARTICLES} core reports\n")
    print_table(rows, args.cores_per_executor)


if __name__ == "__main__":
    main()
