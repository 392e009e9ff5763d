"""Throughput of `newsfuse analyze` over the 924 PolNeAR texts: articles per second, peak memory,
and the split of time per stage.

    .venv/bin/python bench/throughput.py [--limit N] [--workers N] [--stages nlp,time,...]

Reads ../shared/data/polnear/*/text/*.txt (never copied into the repository). `--workers N` runs the
local engine's worker processes (`parallel.ProcessExecutor`; default as `newsfuse analyze`: one per
core); CPU seconds and peak RSS then cover this process and its workers (RSS summed, sampled twice a
second). `--min-characters 0` gives workers to any pile, to measure their start-up.

Issue 16 item 4 (2026-12-03, 100 texts, 76,580 words, 2-core VM). Quiet: one process (load 0.9)
146.0 s, 0.68 articles/s, 157 CPU s, peak RSS 1,447 MB; nlp 69.2 s, compare 70.9 s, time 3.5 s.
--workers 2 (load 0.5 before, 2.1 with the workers): 116.0 s, 0.86 articles/s (1.26x), 184.8 CPU s,
peak RSS 2,724 MB (parent 765 MB, each worker ~900 MB); nlp 71.5 s (with the workers' start-up),
compare 38.0 s, time 2.0 s. While another engineer's Spark runs held about one core (load 3-5), back
to back: --workers 1 154.7, 151.3, 165.8 s (147-159 CPU s); --workers 2 154.3, 186.0 s (179, 183
CPU s). Start-up ~9.5 CPU s per worker (--min-characters 0: 8 texts 25.1 CPU s vs 5.1 in one
process; 16 texts 40.7 vs 21.9; 32 texts 74.6 vs 56.0), which set parallel.PARALLEL_MIN_CHARACTERS.

Issue 16, lang2 (2026-12-02, shared machine at load average 11.6 on 2 cores; `python -m cProfile`
of `--limit 12`): 12 whole texts in 46.8 s, 0.26 articles/s, peak RSS 928 MB; nlp 23.1 s, compare
19.1 s, events 1.9 s, ingest 1.6 s, time 0.8 s, reuse 0.2 s. MiniLM's forward passes are 26.5 s of the
46.8 (57 %; sentence vectors in the nlp stage, compare's unit vectors), torch's linear layers alone
20.9 s. USE multilingual encodes the same English sentences 6.8x faster (109 vs 16 sentences/s,
bench/similarity_semeval.py in the same hour) but reads English same-story pairs less well (SemEval
.829 vs .875 CV) and every English threshold (compare.align, events' linkage, reuse) was set on
MiniLM cosines. Tried as a drop-in (USE behind `embeddings.encode`, 512-d, thresholds unchanged; not
committed): the same 12 texts back to back at load 9.4-9.9: 41.1 s (0.29 articles/s) vs MiniLM 46.3 s
(0.26/s), only +12 % (USE's cost per call on one article's small batches); NewsWCL50 e2e worse: align R
.525 -> .475, P .883 -> .843, conflicts 2/4 -> 0/4, summary key facts 1.000 -> .867 (events 3/3,
status .944, speakers 1.000 unchanged). So MiniLM stays for English.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsfuse import pipeline, stages  # noqa: E402
from newsfuse import parallel  # noqa: E402
from newsfuse.parallel import workers_for  # noqa: E402
from scale import PeakMemory  # noqa: E402  (bench/scale.py: the process tree's summed RSS)

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=0, help="only the first N texts (0: all)")
    parser.add_argument("--stages", default="", help="comma-separated stages after ingest to run (default: all)")
    parser.add_argument("--workers", type=int, default=None,
                        help="processes for the article- and event-scoped stages (default: as `newsfuse analyze`, "
                             "$NEWSFUSE_WORKERS or one per core; 1: one process)")
    parser.add_argument("--min-characters", type=int, default=None,
                        help="smallest pile (characters of text) given workers (default "
                             "parallel.PARALLEL_MIN_CHARACTERS; 0 to measure the workers' start on small piles)")
    args = parser.parse_args()
    files = sorted(DATA.glob("*/text/*.txt"))
    if args.limit:
        files = files[: args.limit]
    if not files:
        sys.exit(f"no PolNeAR texts under {DATA}")
    if args.stages:
        wanted = set(args.stages.split(","))
        stages.STAGES[:] = [stage for stage in stages.STAGES if stage.name in wanted]
    from newsfuse.embeddings import load_model
    from newsfuse.nlp import load_nlp

    load_nlp()  # this process's model loads are a one-off cost, reported apart from throughput
    load_model()  # (the workers' own start-up, spawn and model loads, is inside the wall time)
    if args.min_characters is not None:
        parallel.PARALLEL_MIN_CHARACTERS = args.min_characters
    options = stages.AnalysisOptions(workers=args.workers)
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    with PeakMemory() as memory:  # RSS of this process and its workers, summed, sampled twice a second
        analysis = pipeline.analyze(files, options)
    elapsed = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_before  # the workers have exited and been reaped: their CPU is counted
    ok = sum(1 for r in analysis.inputs if r.status == "ok")
    workers = workers_for(options, analysis.articles)
    words = sum(len(a.text.split()) for a in analysis.articles)
    print(f"inputs: {len(files)}  analysed: {ok}  words: {words}  workers: {workers}")
    print(f"wall time: {elapsed:.1f} s  throughput: {ok / elapsed:.2f} articles/s  ({words / elapsed:,.0f} words/s)")
    print(f"CPU: {cpu:.1f} s (this process and its workers)")
    print(f"peak memory: {memory.peak:,.0f} MB RSS of this process and its workers (this process alone: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB); load average "
          f"{os.getloadavg()[0]:.1f} at the end ({os.cpu_count()} cores)")
    total = sum(analysis.seconds_per_stage.values()) or 1.0
    print("time per stage:")
    for stage, seconds in analysis.seconds_per_stage.items():
        print(f"  {stage:<8} {seconds:8.2f} s  {seconds / total:6.1%}  {1000 * seconds / max(ok, 1):7.1f} ms/article")


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
