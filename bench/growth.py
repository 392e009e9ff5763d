"""Growth of the whole run (analysis AND the three report writers) on whole news articles.

    .venv/bin/python bench/growth.py --sizes 250,1000 [--engine local|spark] [--master local[2]]
                                     [--profile 250] [--fit-from 1000]

Each size is a folder of JSONL shards of whole articles with outlet and publication date: first the
PolNeAR articles (real US outlets, 2015-16), then SemEval-2022 task 8 English articles, then again
from the start as rewrites (bench/scale.py's `_variant`: another outlet, the date moved by 41 days
per use, a paragraph cut). Each size runs in a fresh subprocess with the models loaded before the
clock starts, exactly what `newsfuse analyze` does: `analyze` (or the Spark engine, without its
Parquet), then `write_reports` (report.json, .md, .html). Printed per size: wall and CPU seconds,
articles/s, peak RSS of the process tree (JVM and Python workers included), seconds per stage, the
writers' seconds and the report sizes; then the fitted growth exponent b of seconds ~ a * n^b (least
squares on logs, over the sizes from --fit-from up), overall and per stage, and the extrapolation
of the fit to 5k, 20k and 50k articles. With --profile N the run at size N also dumps a cProfile
(cumulative top 40) to stderr.

Reads ../shared/data (never copied into the repository); writes under /tmp/newsfuse-growth
(or $NEWSFUSE_GROWTH_DIR).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from scale import (DATA, RUN_DATE, PeakMemory, _polnear, _semeval, _tree_cpu_seconds, _variant, _write_jsonl,  # noqa: E402
                   growth_exponent)

WORK = Path(os.environ.get("NEWSFUSE_GROWTH_DIR", "/tmp/newsfuse-growth"))
SHARD = 500


def whole_articles(size: int, seed: int = 3) -> list:
    """`size` whole articles: PolNeAR, then SemEval English, then rewrites of both."""
    pool = _polnear(DATA / "polnear") + _semeval(DATA / "semeval2022-task8" / "training_set.csv")
    pool = [b for b in pool if b.text and b.text.strip()]
    rng = random.Random(seed)
    return [_variant(pool[i % len(pool)], i // len(pool), rng) for i in range(size)]


def build(size: int) -> Path:
    folder = WORK / f"whole-{size}"
    done = folder / ".complete"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    _write_jsonl(folder, whole_articles(size), shard=SHARD)  # the same feed files as bench/scale.py
    done.write_text("ok")
    return folder


def measure(corpus: Path, engine: str, master: str, profile: bool) -> dict:
    """One whole `newsfuse analyze` in this process: the analysis, then the three reports."""
    import datetime as dt

    from newsfuse.embeddings import load_model
    from newsfuse.nlp import load_nlp
    from newsfuse.pipeline import AnalysisOptions, analyze
    from newsfuse.report import write_reports

    load_nlp()
    load_model()
    options = AnalysisOptions(run_date=dt.date.fromisoformat(RUN_DATE))
    out = WORK / f"out-{corpus.name}-{engine}"
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    with PeakMemory() as memory:
        if engine == "spark":
            from newsfuse.spark.engine import analyze_with_spark
            from newsfuse.spark.session import get_session

            get_session(master)
        cpu = _tree_cpu_seconds(os.getpid())
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        if engine == "spark":
            analysis = analyze_with_spark([corpus], options, master, out, write_parquet=False)
        else:
            analysis = analyze([corpus], options)
        analysed = time.perf_counter()
        paths = write_reports(analysis, out)
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - started
        cpu = _tree_cpu_seconds(os.getpid()) - cpu
    if profiler:
        import pstats

        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(30)
    stages = dict(analysis.seconds_per_stage)
    stages["reports"] = round(seconds - (analysed - started), 2)
    biggest = max((len(e.articles) for e in analysis.events), default=0)
    import pickle

    sample = analysis.articles[:: max(1, len(analysis.articles) // 50)]
    article_bytes = sum(len(pickle.dumps(a)) for a in sample) / max(len(sample), 1)
    return {"engine": engine, "master": master, "articles": len(analysis.articles),
            "events": len(analysis.events), "largest_event": biggest, "reuse": len(analysis.reuse),
            "claims": len(analysis.claims), "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 1),
            "peak_mb": round(memory.peak), "stages": stages,
            "report_mb": {k: round(p.stat().st_size / 1e6, 2) for k, p in paths.items()},
            "article_kb": round(article_bytes / 1e3, 1), "load": os.getloadavg()[0]}


def run_subprocess(corpus: Path, engine: str, master: str, profile: bool) -> dict:
    command = [sys.executable, __file__, "--measure", str(corpus), "--engine", engine, "--master", master]
    if profile:
        command.append("--profile-run")
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=None if profile else subprocess.PIPE,
                          text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        sys.exit(f"run failed ({engine} {master} {corpus}):\n{(done.stderr or '')[-3000:]}")
    return json.loads(lines[-1])


def print_run(run: dict) -> None:
    stages = " ".join(f"{k}={v:.1f}" for k, v in run["stages"].items())
    print(f"  {run['articles']:>6} {run['seconds']:>8.1f} {run['cpu_seconds']:>8.1f} "
          f"{run['articles'] / run['seconds']:>6.2f} {run['peak_mb']:>8} {run['events']:>6} "
          f"{run['largest_event']:>6} {run['load']:>5.1f}  {stages}  html={run['report_mb']['html']} MB",
          flush=True)


def print_fit(runs: list[dict], fit_from: int) -> None:
    used = [r for r in runs if r["articles"] >= fit_from] or runs
    if len(used) < 2:
        used = runs[-2:]
    sizes = [r["articles"] for r in used]
    if len(set(sizes)) < 2:
        return
    b_wall = growth_exponent(sizes, [r["seconds"] for r in used])
    b_cpu = growth_exponent(sizes, [r["cpu_seconds"] for r in used])
    b_mem = growth_exponent(sizes, [r["peak_mb"] for r in used])
    print(f"\n  fit over {sizes}: wall b = {b_wall:.2f}, CPU b = {b_cpu:.2f}, peak memory b = {b_mem:.2f}"
          f"   (goal: b <= 1.15, peak < 4096 MB)")
    for stage in used[-1]["stages"]:
        b = growth_exponent(sizes, [r["stages"].get(stage, 0.0) for r in used])
        if b is not None:
            print(f"    {stage:<8} b = {b:.2f}")
    last = used[-1]
    for target in (5_000, 20_000, 50_000):
        if target <= last["articles"]:
            continue
        ratio = target / last["articles"]
        # CPU seconds, not wall: on a shared machine wall time follows the load, not the input
        print(f"  extrapolated to {target:>6} (CPU fit): {last['cpu_seconds'] * ratio ** b_cpu / 3600:.1f} CPU h, "
              f"peak {last['peak_mb'] * ratio ** max(b_mem, 0.0) / 1024:.1f} GiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="250,1000")
    parser.add_argument("--engine", default="local", choices=("local", "spark"))
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--profile", type=int, default=0, help="dump a cProfile of the run at this size")
    parser.add_argument("--fit-from", type=int, default=1000)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.engine, args.master, args.profile_run)))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(f"{args.engine} engine{' ' + args.master if args.engine == 'spark' else ''}, whole articles; "
          f"corpora under {WORK}")
    print(f"  {'arts':>6} {'wall s':>8} {'cpu s':>8} {'art/s':>6} {'peak MB':>8} {'events':>6} "
          f"{'big':>6} {'load':>5}  stages (s)", flush=True)
    runs = []
    for size in sizes:
        run = run_subprocess(build(size), args.engine, args.master, size == args.profile)
        runs.append(run)
        print_run(run)
        with open(WORK / "runs.jsonl", "a", encoding="utf-8") as log:  # for --simulate
            log.write(json.dumps(run) + "\n")
    print_fit(runs, args.fit_from)


if __name__ == "__main__":
    main()
