"""Growth of the whole run (analysis AND the three report writers) on whole news articles.

    .venv/bin/python bench/growth.py --sizes 250,1000 [--engine local|spark] [--master local[2]]
                                     [--profile 250] [--fit-from 1000]

Each size is a folder of JSONL shards of whole articles with outlet and publication date: first the
PolNeAR articles (real US outlets, 2015-16), then SemEval-2022 task 8 English articles, then again
from the start as rewrites (bench/scale.py's `_variant`: another outlet, the date moved by 41 days
per use, a paragraph cut). Each size runs in a fresh subprocess (models loaded before the clock
when the run is one process; the local engine's workers and Spark's executors load theirs inside
it), exactly what `newsfuse analyze` does: `analyze` (or the Spark engine, without its
Parquet), then `write_reports` (report.json, .md, .html). Printed per size: wall and CPU seconds,
articles/s, peak RSS of the process tree (JVM and Python workers included), seconds per stage, the
writers' seconds and the report sizes; then the fitted growth exponent b of seconds ~ a * n^b (least
squares on logs, over the sizes from --fit-from up), overall and per stage, and the extrapolation
of the fit to 5k, 20k and 50k articles (memory on a straight line: a fixed part plus a part per
article). Each run also records its CPU seconds, peak RSS and the RSS left behind per stage (the
pipeline's Progress hooks), and every run is appended to runs.jsonl: `--logged` fits over the logged
runs too (one new size per session still gives a curve). With --profile N the run at size N also
dumps a cProfile (cumulative top 40) to stderr.

Measured 2026-12-03, local engine (2-core machine shared with other agents):
  1,000 articles (load 2.5-4 during the run): 1,484.8 CPU s (1.48 per article), wall 1,943 s, peak RSS
    2.58 GB; 546 events (largest 15), 52,254 claims; stages (wall s) nlp 819, compare 893, time 123,
    events 84, reuse 8, ingest 7, reports 8.5. report.html 17.7 MB (17.7 KB per article), report.md
    5.2 MB (5.2 KB), report.json 60.4 MB (60.4 KB).
  100 articles (load 6): 150.5 CPU s, peak 1.58 GB (peak in compare; RSS after models 0.57 GB, after
    nlp 0.95, after compare 1.34); report.html 2.0 MB (20.2 KB per article), md 0.54 MB, json 6.4 MB.
  250 articles (load 2.8): 311.4 CPU s, peak 1.67 GB, RSS after compare 1,626 MB; then with freed heap
    returned to the OS after each stage and every 20 events of compare (newsfuse.heap; load 1.7):
    305.7 CPU s, peak 1.49 GB, RSS after compare 887 MB (live Python objects 129 MB), same events
    and reports.
  500 articles with the heap fix (load 1.0): 665.9 CPU s, peak 1.69 GB (in compare; RSS after it
    962 MB), nlp 299.6 / compare 311.9 / time 37.9 / events 7.2 CPU s; html 19.3 KB per article.
  Per million characters of text (the feed's articles differ in length: 4.2-4.9 K characters on
  average): 100 / 250 / 500 / 1,000 articles 323 / 294 / 272 / 341 CPU s at load 6 / 1.7 / 1.0 / 2.5-7:
  the cost follows the load (two shared cores), not the size; no stage but events grows per article.
  Spark local[2], 1,000 articles (load 1.3-2.9): 1,149 s wall, 0.87 articles/s, 547 events; process
    tree peak 5.98 GB (JVM, driver, two Python workers), the driver's own 3.88 GB while writing reports.
  Spark local[2] with the pile kept on the executors (issue 17; --report-events 10, load 2.5-2.6):
    250 / 1,000 articles 253 / 1,130 s wall, 166 / 546 events; the Python driver's peak RSS 365 / 380 MB
    (it held every article before: 3.88 GB at 1,000); process tree 4.7 / 5.9 GB.
  Spark local[1], 1,000 articles, same code (load 1.4): 1,777 s wall, driver 378 MB, tree 4.2 GB (local[2]: 1.57x).
  Earlier (2026-12-02, load 6.6-14): 100 / 250 articles 175.6 / 391.0 CPU s, peak 1.56 / 1.51 GB.
  Fit over 100, 250, 1,000 on CPU seconds: b = 0.93 (100 -> 1,000 today: 0.99). Per stage (CPU from
  wall x the run's CPU/wall ratio), 100 -> 1,000: nlp 0.99, compare 0.99, time 0.97, reuse 1.11,
  events 1.37 (one linkage pass over the pile: 0.03 -> 0.06 CPU s per article). Peak memory grows
  1.2 MB per added article before the heap fix (straight line: 5k 7.3 GiB, 50k 61 GiB), not flat;
  the 1,000 run after the fix is not yet measured.

Local engine on two worker processes (the default since issue 16), quiet machine unless noted:
  4,999 articles (load 2.2): 2,318 s wall (2.16 articles/s), 3,951 CPU s (0.79 per article); 2,117
    events (largest 18), 5,979 reuse pairs, 99,436 claims; stages (CPU s) nlp 1,604, compare 1,556,
    reuse 335, time 246, events 164, reports 28, ingest 15; process tree peak 4,289 MB (3.99 GiB: the
    parent 2.5 GB with every article and claim, each worker ~0.9-1.0 GB with its own models), in
    compare; report.html 14.6 KB, .md 4.4 KB, .json 48.8 KB per article.
  1,000 articles (load 4.8, tests beside it): 675 s wall (1.48 articles/s), stages (CPU s) nlp 367,
    compare 380, time 51, events 32, reuse 3, reports 5 (844 in all: the run's total missed the
    workers' seconds before `_tree_cpu_seconds` counted ended children); tree peak 3,444 MB, parent
    1,319 MB.
  1k -> 5k on CPU seconds: b = 0.96 (goal <= 1.15); per stage nlp 0.92, compare 0.88, time 0.97,
    events 1.01, reports 1.03; reuse 2.87: its cost follows the feed's copies (7 -> 5,979 verified
    pairs: each article with a copy has its re-worded sentences embedded, each pair is aligned,
    ~5 ms), not the pile's size: the 1k feed is 1,000 originals, the 5k feed holds each of the 1,492
    pool texts ~3.4 times (rewrites).

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


class StageMeter:
    """A pipeline Progress that records each stage's CPU seconds (the process tree's: on a shared
    machine a stage's wall time follows the load), its peak RSS (MB) and the RSS it leaves behind."""

    def __init__(self, memory: PeakMemory) -> None:
        self.memory, self.cpu, self.peaks, self.after = memory, {}, {}, {}
        self._cpu_at_start = 0.0

    def start(self, stage: str, total: int | None) -> None:
        self.memory.new_window()
        self._cpu_at_start = _tree_cpu_seconds(os.getpid())

    def advance(self, stage: str, amount: int = 1) -> None:
        pass

    def finish(self, stage: str) -> None:
        self.cpu[stage] = round(self.cpu.get(stage, 0.0) + _tree_cpu_seconds(os.getpid()) - self._cpu_at_start, 1)
        self.peaks[stage] = round(self.memory.new_window())
        self.after[stage] = round(self.memory.window)


def measure(corpus: Path, engine: str, master: str, profile: bool, report_events: int = 0) -> dict:
    """One whole `newsfuse analyze` in this process: the analysis, then the three reports (with
    the Spark engine and `report_events`, of that many largest events only: what a reader of a
    big pile asks for; the driver then gathers only their articles)."""
    import datetime as dt
    import resource

    from newsfuse.embeddings import load_model
    from newsfuse.nlp import load_nlp
    from newsfuse.parallel import default_workers
    from newsfuse.pipeline import AnalysisOptions, analyze
    from newsfuse.report import write_reports

    # Models before the clock, where the run's own process holds them: the local engine in one
    # process. Not the Spark driver (issue 17: its executors load them) nor the local engine's
    # parent when it runs workers (issue 16: they load them, inside the clock, as on the CLI).
    if engine == "local" and default_workers() == 1:
        load_nlp()
        load_model()
    options = AnalysisOptions(run_date=dt.date.fromisoformat(RUN_DATE))
    out = WORK / f"out-{corpus.name}-{engine}"
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    with PeakMemory() as memory:
        stage_memory = StageMeter(memory)
        if engine == "spark":
            from newsfuse.spark.engine import analyze_with_spark
            from newsfuse.spark.session import get_session

            get_session(master)
        cpu = _tree_cpu_seconds(os.getpid())
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        all_events = None
        if engine == "spark" and report_events:
            analysis, all_events = _spark_report_of_largest(options, master, corpus, report_events)
        elif engine == "spark":
            analysis = analyze_with_spark([corpus], options, master, out, write_parquet=False)
        else:
            analysis = analyze([corpus], options, progress=stage_memory)
        analysed = time.perf_counter()
        stage_memory.start("reports", None)
        paths = write_reports(analysis, out)
        stage_memory.finish("reports")
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
    return {"engine": engine, "master": master,
            "articles": sum(record.article is not None for record in analysis.inputs),
            "report_articles": len(analysis.articles),
            "events": all_events if all_events is not None else len(analysis.events), "largest_event": biggest, "reuse": len(analysis.reuse),
            "claims": len(analysis.claims), "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 1),
            "peak_mb": round(memory.peak), "stages": stages,
            "stage_cpu_seconds": stage_memory.cpu, "stage_peak_mb": stage_memory.peaks, "stage_after_mb": stage_memory.after,
            "report_mb": {k: round(p.stat().st_size / 1e6, 2) for k, p in paths.items()},
            "article_kb": round(article_bytes / 1e3, 1), "load": os.getloadavg()[0],
            # this Python process alone (the Spark driver: without the JVM and the Python workers)
            "driver_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "report_events": report_events}


def _spark_report_of_largest(options, master: str, corpus: Path, count: int):
    """The Spark engine's analysis, then the report's Analysis of the `count` largest events."""
    from newsfuse.spark.engine import SparkRun
    from newsfuse.spark.session import get_session

    run = SparkRun(get_session(master), options)
    try:
        run.analyze([corpus])
        largest = sorted(run.analysis.events, key=lambda e: -len(e.articles))[:count]
        return run.gather([e.id for e in largest]), len(run.analysis.events)
    finally:
        run.release()


def run_subprocess(corpus: Path, engine: str, master: str, profile: bool, report_events: int = 0) -> dict:
    command = [sys.executable, __file__, "--measure", str(corpus), "--engine", engine, "--master", master,
               "--report-events", str(report_events)]
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
          f"{run['largest_event']:>6} {run['load']:>5.1f}  {stages}", flush=True)
    reports = run["report_mb"]
    print(f"         reports: html {reports['html']} MB, md {reports['md']} MB, json {reports['json']} MB; per article "
          + ", ".join(f"{kind} {reports[kind] * 1e3 / run.get('report_articles', run['articles']):.1f} KB"
                      for kind in ("html", "md", "json")),
          flush=True)
    if run.get("driver_peak_mb"):
        print(f"         this Python process's peak RSS (the Spark driver alone): {run['driver_peak_mb']} MB; "
              f"report of {run.get('report_events') or 'all'} events, {run.get('report_articles')} articles", flush=True)
    if run.get("stage_cpu_seconds"):
        print("         CPU s per stage: " + " ".join(f"{k}={v:.1f}" for k, v in run["stage_cpu_seconds"].items()),
              flush=True)
    if run.get("stage_peak_mb"):
        print("         peak / after MB per stage: " + " ".join(
            f"{k}={v}/{run['stage_after_mb'].get(k, '?')}" for k, v in run["stage_peak_mb"].items()), flush=True)


def stage_cpu(run: dict, stage: str) -> float:
    if stage in run.get("stage_cpu_seconds", {}):
        return run["stage_cpu_seconds"][stage]
    return run["stages"].get(stage, 0.0) * run["cpu_seconds"] / run["seconds"]


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
    print("    per stage, on CPU seconds (runs logged before the stages were metered: the stage's wall "
          "seconds x the run's CPU/wall ratio):")
    for stage in used[-1]["stages"]:
        b = growth_exponent(sizes, [stage_cpu(r, stage) for r in used])
        if b is not None:
            print(f"    {stage:<8} b = {b:.2f}   CPU s per article " + " / ".join(
                f"{stage_cpu(r, stage) / r['articles']:.3f}" for r in used))
    last, before = used[-1], used[-2]
    # Memory is a fixed part (models: ~0.6 GB before the first article) plus a part per article, so a
    # power law over two sizes flattens it (b = 0.21 from 100 to 1,000 articles, while each article
    # added 1.1 MB): it is extrapolated on the straight line through the two largest sizes.
    per_article_mb = (last["peak_mb"] - before["peak_mb"]) / (last["articles"] - before["articles"])
    print(f"  peak memory per added article: {per_article_mb:.2f} MB (from {before['articles']} to {last['articles']})")
    for target in (5_000, 20_000, 50_000):
        if target <= last["articles"]:
            continue
        ratio = target / last["articles"]
        # CPU seconds, not wall: on a shared machine wall time follows the load, not the input
        peak = last["peak_mb"] + per_article_mb * (target - last["articles"])
        print(f"  extrapolated to {target:>6}: {last['cpu_seconds'] * ratio ** b_cpu / 3600:.1f} CPU h (CPU fit), "
              f"peak {peak / 1024:.1f} GiB (straight line)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="250,1000")
    parser.add_argument("--engine", default="local", choices=("local", "spark"))
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--profile", type=int, default=0, help="dump a cProfile of the run at this size")
    parser.add_argument("--fit-from", type=int, default=1000)
    parser.add_argument("--logged", action="store_true",
                        help="fit over the runs logged in runs.jsonl too (same engine and master; the latest of "
                             "each size): one new size per session still gives a curve; --sizes '' only fits")
    parser.add_argument("--report-events", type=int, default=0,
                        help="Spark engine: report only this many largest events (0: all)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.engine, args.master, args.profile_run, args.report_events)))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(f"{args.engine} engine{' ' + args.master if args.engine == 'spark' else ''}, whole articles; "
          f"corpora under {WORK}")
    print(f"  {'arts':>6} {'wall s':>8} {'cpu s':>8} {'art/s':>6} {'peak MB':>8} {'events':>6} "
          f"{'big':>6} {'load':>5}  stages (s)", flush=True)
    runs = []
    for size in sizes:
        run = run_subprocess(build(size), args.engine, args.master, size == args.profile, args.report_events)
        runs.append(run)
        print_run(run)
        with open(WORK / "runs.jsonl", "a", encoding="utf-8") as log:  # for --simulate
            log.write(json.dumps(run) + "\n")
    if args.logged:
        runs = logged_runs(args.engine, args.master, runs)
        print(f"  with the runs logged in {WORK / 'runs.jsonl'}:")
        for run in runs:
            print_run(run)
    print_fit(runs, args.fit_from)


def logged_runs(engine: str, master: str, new: list[dict]) -> list[dict]:
    """The latest logged run of each size for this engine (and master, for Spark), by size."""
    latest: dict[int, dict] = {}
    log = WORK / "runs.jsonl"
    for line in (log.read_text(encoding="utf-8").splitlines() if log.exists() else []):
        run = json.loads(line)
        if run["engine"] == engine and (engine == "local" or run["master"] == master):
            latest[run["articles"]] = run
    for run in new:
        latest[run["articles"]] = run
    return [latest[size] for size in sorted(latest)]


if __name__ == "__main__":
    main()
