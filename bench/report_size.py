"""Report size, writing time and writing memory per article on whole PolNeAR articles (issue 14, item 3).

    build:    python bench/report_size.py build --n 100 --dir /tmp/report-size
              (PolNeAR texts as JSONL with outlet, title and date, in date order; the product pipeline
              `newsfuse.pipeline.analyze` runs once and its Analysis is pickled, so the writers can be
              timed again and again without analysing again)
    measure:  python bench/report_size.py measure --dir /tmp/report-size --n 100 [--out /tmp/report-size/out-100]
              (NEWSFUSE_SRC=/other/checkout/src measures that checkout's writers on the same Analysis)

`measure` loads the pickled Analysis, then times `build_report` and each writer of
`newsfuse.report` (report.json, report.md, report.html) and reads the peak resident memory the
writing added (the kernel's high-water mark is reset just before writing: /proc/self/clear_refs).
Only the writers are timed; the analysis is not part of these figures.

PolNeAR holds 924 unique articles (840 train + 84 dev), so "1,000 articles" is all 924 of them.
Figures measured 2026-12-02 are in the module's FIGURES string below (2 shared cores, other jobs running).
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# NEWSFUSE_SRC=/work/main/src measures another checkout's writers on the same Analysis (before/after).
sys.path.insert(0, os.environ.get("NEWSFUSE_SRC") or str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

FIGURES = """
Measured 2026-12-02, 2 shared cores under load 13-17 from other jobs; the same pickled Analysis each time,
"before" = main 1d861c4's writers (NEWSFUSE_SRC=/work/main/src), "after" = this branch.

100 whole PolNeAR articles (66 events, largest 8 reports, 5,155 claims; analysis 1,098 s under load):
  before: report.html 5.11 MB = 51.1 KB/article (7.4 s), report.md 1.22 MB = 12.2 KB/article (3.2 s),
          report.json 5.87 MB = 58.7 KB/article; all writing 13.1-14.6 s = 131-146 ms/article;
          peak memory added by writing 38-39 MB; largest event alone 1.02 MB
  after:  report.html 1.98 MB = 19.8 KB/article (2.8 s), report.md 0.54 MB = 5.4 KB/article (1.0 s),
          report.json unchanged 5.87 MB; all writing 6.8 s = 68 ms/article; peak +38 MB (+20 MB, 1.9 s, once
          report.json is streamed to its file);
          largest event alone 0.40 MB

300 whole PolNeAR articles (186 events, largest 8 reports, 16,928 claims; analysis 3,785 s under load):
  before: report.html 15.00 MB = 50.0 KB/article (9.2 s), report.md 3.93 MB = 13.1 KB/article (6.8 s),
          report.json 19.43 MB = 64.8 KB/article; all writing 19.1 s = 64 ms/article; peak +130 MB;
          largest event alone 0.95 MB
  after:  report.html 5.82 MB = 19.4 KB/article (2.5 s), report.md 1.64 MB = 5.5 KB/article (1.1 s),
          report.json unchanged; all writing 7.4 s = 25 ms/article; peak +130 MB (+47 MB streamed);
          largest event alone 0.40 MB

900 reports = the 300 articles x 3 (--copies 3; largest event 24 reports, 50,784 claims):
  before: report.html 56.81 MB = 63.1 KB/article (22.4 s), report.md 11.22 MB = 12.5 KB/article (10.4 s),
          all writing 38.7 s; largest event alone 4.87 MB
  after:  report.html 12.23 MB = 13.6 KB/article (3.6 s), report.md 2.64 MB = 2.9 KB/article (1.3 s),
          all writing 10.3 s; peak +381 MB both (the JSON string; +73 MB after, streamed); largest event
          alone 0.52 MB

1,000 reports = the 100 articles x 10 (--copies 10: each copy in its original's events, telling its
original's claims plus a single-source copy of each; 66 events, largest 80 reports, 51,550 claims):
  before: report.html 115.75 MB = 115.8 KB/article (99.0 s), report.md 14.96 MB = 15.0 KB/article
          (27.4 s), report.json 68.15 MB (11.6 s); all writing 141.8 s; peak +729 MB;
          largest event alone 29.45 MB (19.3 s)
  after:  report.html 9.00 MB = 9.0 KB/article (6.9 s), report.md 1.28 MB = 1.3 KB/article (2.2 s),
          report.json 68.15 MB (13.2 s); all writing 23.0 s = 23 ms/article; peak +414 MB (the JSON
          string; streamed to its file: +61 MB, all writing 9.3 s); largest event alone 0.92 MB (0.6 s)

The issue's figure for 1,000 real PolNeAR articles with main's writers: report.html 1.53 GB, report.md
469 MB, ~20 min and 10.5 GB to write. The 924-article analysis was started but stopped: under this
load it would not have finished in the session (100 articles took 18 min to analyse, 300 took 63 min).
Note that at 100 and 300 articles in date order no event grows past 8 reports, so the real-input
figures show the per-event constants; the --copies runs show the growth with reports per event.
"""


def build(n: int, folder: Path) -> None:
    from ui_pages import polnear_jsonl

    from newsfuse.pipeline import AnalysisOptions, analyze

    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"polnear-{n}.jsonl"
    written = polnear_jsonl(n, source)
    started = time.perf_counter()
    analysis = analyze([source], AnalysisOptions())
    seconds = time.perf_counter() - started
    for article in analysis.articles:  # vectors are not part of any report; keep the pickle small
        article.sentence_vectors = article.parse = None
    with open(folder / f"analysis-{n}.pickle", "wb") as sink:
        pickle.dump(analysis, sink, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"analysed {written} PolNeAR articles ({len(analysis.articles)} read) in {seconds:.0f} s: "
          f"{len(analysis.events)} events, {len(analysis.claims)} claims, {len(analysis.reuse)} reuse links",
          flush=True)


def _rss_kb(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")  # resets VmHWM (peak RSS) to the current RSS
    except OSError:
        pass


def replicate(report: dict, copies: int) -> dict:
    """Every report `copies` times (ids a1~2...), each copy in its original's events, telling its
    original's claims and a single-source copy of each of them: the input grows `copies`-fold and each
    event's reports and claims with it, the shape that made the writers grow with claims × reports
    (one 597-report event at 1,000 PolNeAR articles)."""
    import copy as _copy

    if copies <= 1:
        return report
    out = _copy.copy(report)
    tag = lambda aid, k: aid if k == 0 else f"{aid}~{k}"  # noqa: E731
    ks = range(copies)
    out["articles"] = [{**a, "id": tag(a["id"], k)} for k in ks for a in report["articles"]]
    out["inputs"] = [{**r, "article": tag(r["article"], k) if r["article"] else None} for k in ks for r in report["inputs"]]
    out["temporal"] = [{**t, "article": tag(t["article"], k)} for k in ks for t in report["temporal"]]
    out["framing"] = [{**f, "article": tag(f["article"], k)} for k in ks for f in report["framing"]]
    out["reuse"] = [{**r, "source": tag(r["source"], k), "derived": tag(r["derived"], k)} for k in ks for r in report["reuse"]]
    out["events"] = [{**e, "articles": [tag(a, k) for k in ks for a in e["articles"]],
                      "segments": [{**g, "article": tag(g["article"], k)} for k in ks for g in e.get("segments", [])]}
                     for e in report["events"]]
    out["mixed_articles"] = [{**m, "article": tag(m["article"], k)} for k in ks for m in report["mixed_articles"]]
    # Each claim told by all copies of its reports, and each copy also telling its own single-source
    # claims (a new report adds claims of its own): claims and reports of an event both grow.
    out["claims"] = [{**c, "mentions": [{**m, "article": tag(m["article"], k)} for k in ks for m in c["mentions"]]}
                     for c in report["claims"]]
    out["claims"] += [{**c, "id": f"{c['id']}~{k}", "status": "single_source", "independent_sources": 1,
                       "mentions": [{**m, "article": tag(m["article"], k)} for m in c["mentions"][:1]]}
                      for k in ks if k for c in report["claims"]]
    out["run"] = {**report["run"], "articles": len(out["articles"])}
    return out


def measure(n: int, folder: Path, out: Path, copies: int = 1) -> dict[str, float]:
    import newsfuse.report
    from newsfuse.report import build_report, render_html, render_markdown

    print(f"writers: {Path(newsfuse.report.__file__).parent}", flush=True)

    with open(folder / f"analysis-{n}.pickle", "rb") as source:
        analysis = pickle.load(source)
    out.mkdir(parents=True, exist_ok=True)
    if copies > 1:  # the replicated report is built before the clock starts: only the writers are timed
        report = replicate(build_report(analysis), copies)
        del analysis
    _reset_peak()
    before = _rss_kb("VmRSS")
    figures: dict[str, float] = {}
    started = time.perf_counter()
    if copies == 1:
        report = build_report(analysis)
    figures["build_report_s"] = time.perf_counter() - started
    articles = len(report["articles"])
    sizes = [len(e["articles"]) for e in report["events"]]
    print(f"{articles} articles{f' ({n} PolNeAR articles x {copies})' if copies > 1 else ''}, {len(report['events'])} "
          f"events (largest {max(sizes, default=0)} reports), {len(report['claims'])} claims", flush=True)
    t0 = time.perf_counter()
    with (out / "report.json").open("w", encoding="utf-8") as sink:  # as write_reports does
        json.dump(report, sink, ensure_ascii=False, indent=2)
    figures["json_s"] = time.perf_counter() - t0
    figures["json_bytes"] = (out / "report.json").stat().st_size
    for name, write in (("md", lambda: render_markdown(report)), ("html", lambda: render_html(report))):
        t0 = time.perf_counter()
        text = write()
        figures[f"{name}_s"] = time.perf_counter() - t0
        path = out / f"report.{name}"
        path.write_text(text, encoding="utf-8")
        figures[f"{name}_bytes"] = path.stat().st_size
        del text
    figures["total_s"] = time.perf_counter() - started
    figures["peak_extra_mb"] = (_rss_kb("VmHWM") - before) / 1024
    largest = max(report["events"], key=lambda e: len(e["articles"]), default=None)
    if largest is not None:  # what the served event page renders: one event's slice of the report
        t0 = time.perf_counter()
        page = render_html(event_slice(report, largest["id"]))
        figures["largest_event_page_s"] = time.perf_counter() - t0
        figures["largest_event_page_bytes"] = len(page.encode("utf-8"))
        print(f"largest event alone ({len(largest['articles'])} reports): {len(page.encode()) / 1e6:.2f} MB HTML, "
              f"rendered in {figures['largest_event_page_s']:.1f} s", flush=True)
    for key in ("json", "md", "html"):
        print(f"report.{key}: {figures[key + '_bytes'] / 1e6:.2f} MB = {figures[key + '_bytes'] / articles / 1e3:.1f} KB "
              f"per article, written in {figures[key + '_s']:.1f} s", flush=True)
    print(f"build_report {figures['build_report_s']:.1f} s; all writing {figures['total_s']:.1f} s = "
          f"{1000 * figures['total_s'] / articles:.0f} ms per article; peak memory added by writing "
          f"{figures['peak_extra_mb']:.0f} MB", flush=True)
    return figures


def event_slice(report: dict, event_id: str) -> dict:
    """The report restricted to one event, its reports and their rows (as the store's event page)."""
    event = next(e for e in report["events"] if e["id"] == event_id)
    ids = set(event["articles"])
    claims = [c for c in report["claims"] if c["event"] == event_id]
    cited = {c["id"] for c in claims}
    return {**report, "events": [event], "articles": [a for a in report["articles"] if a["id"] in ids],
            "inputs": [r for r in report["inputs"] if r["article"] in ids],
            "temporal": [t for t in report["temporal"] if t["article"] in ids],
            "mixed_articles": [m for m in report["mixed_articles"] if event_id in m["events"]],
            "reuse": [r for r in report["reuse"] if r["source"] in ids and r["derived"] in ids],
            "claims": claims, "conflicts": [c for c in report["conflicts"] if c["event"] == event_id],
            "framing": [f for f in report["framing"] if f["article"] in ids],
            "summary": [s for s in report["summary"] if any(c in cited for c in s["claims"])]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["build", "measure"])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/report-size"))
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--copies", type=int, default=1,
                        help="measure: every article this many times, in its original's events (see replicate)")
    args = parser.parse_args()
    if args.command == "build":
        build(args.n, args.dir)
    else:
        measure(args.n, args.dir, args.out or args.dir / f"out-{args.n}x{args.copies}", args.copies)


if __name__ == "__main__":
    main()
