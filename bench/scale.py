"""How newsfuse's cost grows with the number of articles, on the local and the Spark engine.

    .venv/bin/python bench/scale.py [--sizes 200,400,800] [--spark-size 400] [--engines local,spark]
    .venv/bin/python bench/scale.py --equality 2000      # both engines on a 2k mixed set: same results?

For each size it builds a mixed corpus from real texts (PolNeAR articles with their outlets and
dates, SemEval-2022 task 8 English articles, the article-extraction benchmark's HTML pages) as JSONL
shards, WARC.gz shards, .txt files and .html.gz pages, plus a few broken items. Past the pool of
unique texts (~1.7k) a text comes back with another outlet, a date shifted by months and a paragraph
dropped, so it is a realistic rewrite of an old story, not a new one: reuse then finds more pairs
per story as the corpus grows. Each run is a fresh subprocess (models loaded before the clock
starts); it prints wall time, peak memory (RSS of the whole process tree, JVM and Python workers
included), seconds per stage, the fitted growth exponent b of time ~ n^b, overall and per stage, and
the Spark speed-up of local[2] over local[1].

Reads ../shared/data (never copied into the repository); writes corpora under /tmp/newsfuse-scale.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
DATA = REPO.parent / "shared" / "data"
WORK = Path(os.environ.get("NEWSFUSE_SCALE_DIR", "/tmp/newsfuse-scale"))
RUN_DATE = "2024-06-01"
OUTLETS = ["Reuters", "AP", "AFP", "BBC News", "The Guardian", "Al Jazeera", "CNN", "Fox News",
           "NPR", "Xinhua", "TASS", "Le Monde", "Deutsche Welle", "The Hindu", "ABC News"]


# ---------------------------------------------------------------- corpus

@dataclass
class Base:
    """One real text of the pool, as the corpus will present it."""

    text: str | None
    html: str | None
    title: str | None
    outlet: str | None
    published: str | None


def load_pool(data: Path = DATA) -> list[Base]:
    """Every usable real text: PolNeAR (with its metadata), SemEval English, benchmark HTML."""
    pool = _polnear(data / "polnear") + _semeval(data / "semeval2022-task8" / "training_set.csv")
    html = _benchmark_html(data / "article-extraction-benchmark" / "html")
    # Interleave so that any prefix of the pool mixes the sources (and HTML pages come early).
    random.Random(7).shuffle(pool)
    step = max(1, len(pool) // max(len(html), 1))
    for number, page in enumerate(html):
        pool.insert(number * (step + 1), page)
    return pool


def _polnear(folder: Path) -> list[Base]:
    meta = {}
    with open(folder / "metadata.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            meta[row["filename"]] = row
    bases = []
    for path in sorted(folder.glob("*/text/*.txt")):
        row = meta.get(path.stem, {})
        bases.append(Base(path.read_text(encoding="utf-8"), None, row.get("title"),
                          (row.get("publisher") or "").replace("-", " ").title() or None,
                          row.get("publication_date")))
    return bases


def _semeval(path: Path) -> list[Base]:
    csv.field_size_limit(10**9)
    rng = random.Random(3)
    seen, bases = set(), []
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for side in ("1", "2"):
                text = (row.get("text" + side) or "").strip()
                if row.get("lang" + side) != "en" or len(text.split()) < 60 or text[:200] in seen:
                    continue
                seen.add(text[:200])
                day = f"2020-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}"
                bases.append(Base(text, None, None, rng.choice(OUTLETS), day))
    return bases


def _benchmark_html(folder: Path) -> list[Base]:
    return [Base(None, gzip.open(p, "rt", encoding="utf-8", errors="replace").read(), None, None, None)
            for p in sorted(folder.glob("*.html.gz"))]


def _variant(base: Base, use: int, rng: random.Random) -> Base:
    """The `use`-th appearance of a text: first as it is, later re-dated, re-sourced, a paragraph cut."""
    if use == 0:
        return base
    text = base.text
    if text:
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        if len(paragraphs) > 2:
            del paragraphs[use % len(paragraphs)]
        text = "\n\n".join(paragraphs)
    published = base.published
    if published:
        import datetime as dt

        day = dt.date.fromisoformat(published[:10]) + dt.timedelta(days=41 * use)
        published = day.isoformat()
    return Base(text, base.html, base.title, rng.choice(OUTLETS), published)


def build_corpus(folder: Path, size: int, seed: int = 0, pool: list[Base] | None = None,
                 lead: int = 0) -> Path:
    """A folder of `size` article items (plus a few broken ones) in every input format newsfuse reads.

    `lead` > 0 keeps only the first `lead` paragraphs of each text (as a feed of leads and
    summaries would give them) and makes 1 % of the items whole HTML pages, each used once: the
    2k-article engine test and long growth curves then cost minutes, not hours.
    """
    pool = pool or load_pool()
    rng = random.Random(seed)
    shutil.rmtree(folder, ignore_errors=True)  # never mix in files of an earlier, larger corpus
    folder.mkdir(parents=True)
    if lead:
        pool = [_lead(base, lead) for base in pool]
        pages = [b for b in pool if b.html][:max(size // 100, 1)]  # whole pages: 1 % keeps the HTML path
        texts = [b for b in pool if not b.html]
        docs = pages + [_variant(texts[i % len(texts)], i // len(texts), rng)
                               for i in range(max(size - len(pages), 0))]
    else:
        docs = [_variant(pool[i % len(pool)], i // len(pool), rng) for i in range(size)]
    html_pages = [d for d in docs if d.html]
    texts = [d for d in docs if not d.html]
    for number, page in enumerate(html_pages):
        with gzip.open(folder / f"page-{number:05d}.html.gz", "wt", encoding="utf-8") as handle:
            handle.write(page.html)
    cut_txt, cut_warc = len(texts) // 10, len(texts) // 10 + len(texts) * 3 // 10
    for number, doc in enumerate(texts[:cut_txt]):
        (folder / f"story-{number:05d}.txt").write_text(_plain(doc), encoding="utf-8")
    _write_warcs(folder, texts[cut_txt:cut_warc], shard=500)
    _write_jsonl(folder, texts[cut_warc:], shard=1000)
    _write_broken(folder)
    return folder


def _lead(base: Base, paragraphs: int) -> Base:
    if not base.text:
        return base
    kept = [p for p in base.text.split("\n") if p.strip()][:paragraphs]
    return Base("\n\n".join(kept), base.html, base.title, base.outlet, base.published)


def _plain(doc: Base) -> str:
    return f"{doc.title}\n\n{doc.text}" if doc.title else doc.text


def _write_jsonl(folder: Path, docs: list[Base], shard: int) -> None:
    for start in range(0, len(docs), shard):
        with gzip.open(folder / f"feed-{start // shard:04d}.jsonl.gz", "wt", encoding="utf-8") as handle:
            for number, doc in enumerate(docs[start:start + shard]):
                record = {"text": doc.text, "title": doc.title, "outlet": doc.outlet,
                          "published": doc.published, "url": f"https://feed.example/{start + number}"}
                handle.write(json.dumps({k: v for k, v in record.items() if v}) + "\n")


def _write_warcs(folder: Path, docs: list[Base], shard: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    for start in range(0, len(docs), shard):
        with open(folder / f"crawl-{start // shard:04d}.warc.gz", "wb") as handle:
            writer = WARCWriter(handle, gzip=True)
            for number, doc in enumerate(docs[start:start + shard]):
                body = _html(doc).encode("utf-8")
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                           protocol="HTTP/1.1")
                url = f"https://{(doc.outlet or 'news').lower().replace(' ', '')}.example/{start + number}"
                record = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                   http_headers=headers)
                writer.write_record(record)


def _html(doc: Base) -> str:
    import html

    paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>\n" for p in doc.text.split("\n") if p.strip())
    date_meta = f'<meta property="article:published_time" content="{doc.published}">' if doc.published else ""
    outlet_meta = f'<meta property="og:site_name" content="{html.escape(doc.outlet)}">' if doc.outlet else ""
    title = html.escape(doc.title or doc.text.split("\n")[0][:90])
    return (f"<!doctype html><html><head><title>{title}</title>{date_meta}{outlet_meta}</head>"
            f"<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>\n{paragraphs}</article>"
            f"<footer>Leave a Comment</footer></body></html>")


def _write_broken(folder: Path) -> None:
    """Items every engine must report, not lose: an empty file, a binary file, a bad JSONL line."""
    (folder / "zz-empty.txt").write_text("", encoding="utf-8")
    (folder / "zz-binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "zz-broken.jsonl").write_text('{"text": "unterminated\n{"title": "no text here"}\n',
                                            encoding="utf-8")


# ---------------------------------------------------------------- comparing engines

VOLATILE = {"generated_at", "run"}


def comparable(analysis) -> dict:
    """The report without what legitimately differs between runs (timings, generation time)."""
    from newsfuse.report import build_report

    return {k: v for k, v in build_report(analysis).items() if k not in VOLATILE}


def differences(left: dict, right: dict) -> list[str]:
    """Keys whose values differ, with the first differing entry of each list."""
    found = []
    for key in sorted(set(left) | set(right)):
        a, b = left.get(key), right.get(key)
        if a == b:
            continue
        if isinstance(a, list) and isinstance(b, list):
            first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            found.append(f"{key}: {len(a)} vs {len(b)} entries; first difference at {first}")
        else:
            found.append(f"{key}: differs")
    return found


# ---------------------------------------------------------------- one measured run (subprocess)

def _tree_stats(root: int) -> list[list[str]]:
    """The /proc stat fields (after the command name) of `root` and its live descendants."""
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        stats[int(entry)] = fields
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            found.append(stats[pid])
        todo.extend(children.get(pid, []))
    return found


def _tree_cpu_seconds(root: int) -> float:
    """User + system CPU seconds of `root` and its descendants, live or ended: unlike wall time, it
    does not grow when other jobs share the machine. An ended child's seconds are in its parent's
    cutime + cstime (the local engine's worker processes end with the run: without them a run on
    two workers counted the parent's 50 CPU s of 850)."""
    # utime + stime + cutime + cstime
    ticks = sum(int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14]) for fields in _tree_stats(root))
    return ticks / os.sysconf("SC_CLK_TCK")


def _tree_rss_mb(root: int) -> float:
    """Resident memory of `root` and all its descendants (JVM, Python workers)."""
    pages = sum(int(fields[21]) for fields in _tree_stats(root))
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


class PeakMemory:
    """Samples the process tree's RSS twice a second; `peak` is the largest sum seen, `window` the
    largest since the last `new_window()` (a stage's own peak)."""

    def __init__(self) -> None:
        self.peak = 0.0
        self.window = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = _tree_rss_mb(os.getpid())
            self.peak, self.window = max(self.peak, rss), max(self.window, rss)
            self._stop.wait(0.5)

    def new_window(self) -> float:
        """The window's peak so far (and the RSS now), then a new window from the RSS now."""
        rss = _tree_rss_mb(os.getpid())
        ended, self.window = max(self.window, rss), rss
        self.peak = max(self.peak, rss)
        return ended

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _tree_rss_mb(os.getpid()))


def measure(corpus: Path, engine: str, master: str) -> dict:
    """Analyse `corpus` once in this process; models (and the Spark session) are ready before timing."""
    import datetime as dt

    from newsfuse.embeddings import load_model
    from newsfuse.nlp import load_nlp
    from newsfuse.pipeline import AnalysisOptions, analyze

    load_nlp()
    load_model()
    options = AnalysisOptions(run_date=dt.date.fromisoformat(RUN_DATE))
    with PeakMemory() as memory:
        if engine == "spark":
            from newsfuse.spark.engine import analyze_with_spark
            from newsfuse.spark.session import get_session

            get_session(master)
            cpu = _tree_cpu_seconds(os.getpid())
            started = time.perf_counter()
            analysis = analyze_with_spark([corpus], options, master, WORK / "out", write_parquet=False)
        else:
            cpu = _tree_cpu_seconds(os.getpid())
            started = time.perf_counter()
            analysis = analyze([corpus], options)
        seconds = time.perf_counter() - started
        cpu = _tree_cpu_seconds(os.getpid()) - cpu
    return {"engine": engine, "master": master, "articles": len(analysis.articles),
            "inputs": len(analysis.inputs), "events": len(analysis.events), "reuse": len(analysis.reuse),
            "claims": len(analysis.claims), "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 1), "peak_mb": round(memory.peak),
            "stages": analysis.seconds_per_stage}


def run_subprocess(corpus: Path, engine: str, master: str) -> dict:
    command = [sys.executable, __file__, "--measure", str(corpus), "--engine", engine, "--master", master]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [l for l in done.stdout.splitlines() if l.startswith("{")]
    if done.returncode or not lines:
        sys.exit(f"run failed ({engine} {master} {corpus}):\n{done.stderr[-3000:]}")
    return json.loads(lines[-1])


# ---------------------------------------------------------------- report

def growth_exponent(sizes: list[int], seconds: list[float]) -> float | None:
    """b in seconds ~ a * n^b, least squares on logs (None with fewer than two sizes)."""
    import numpy as np

    points = [(n, s) for n, s in zip(sizes, seconds) if n > 0 and s > 0]
    if len(points) < 2:
        return None
    x, y = np.log([p[0] for p in points]), np.log([p[1] for p in points])
    return float(np.polyfit(x, y, 1)[0])


def run_curve(title: str, corpora: dict[int, Path], sizes: list[int], engine: str, master: str) -> list[dict]:
    """Measure each size in turn, printing each row as it comes (a long run can be cut short)."""
    print(f"\n{title}")
    print(f"  {'articles':>8} {'seconds':>8} {'cpu s':>7} {'art/s':>7} {'peak MB':>8}  stages (s)", flush=True)
    runs = []
    for n in sizes:
        run = run_subprocess(corpora[n], engine, master)
        runs.append(run)
        stages = " ".join(f"{k}={v:.1f}" for k, v in run["stages"].items())
        print(f"  {run['articles']:>8} {run['seconds']:>8.1f} {run['cpu_seconds']:>7.1f} "
              f"{run['articles'] / run['seconds']:>7.2f} "
              f"{run['peak_mb']:>8}  {stages}", flush=True)
    print_exponents(runs)
    return runs


def print_exponents(runs: list[dict]) -> None:
    sizes = [r["articles"] for r in runs]
    exponent = growth_exponent(sizes, [r["seconds"] for r in runs])
    if exponent is None:
        return
    cpu_exponent = growth_exponent(sizes, [r["cpu_seconds"] for r in runs])
    print(f"  growth exponent (time ~ n^b): wall b = {exponent:.2f}, CPU b = {cpu_exponent:.2f}   (goal <= 1.15)")
    for stage in runs[-1]["stages"]:
        b = growth_exponent(sizes, [r["stages"].get(stage, 0.0) for r in runs])
        if b is not None:
            print(f"    {stage:<8} b = {b:.2f}")
    print(flush=True)


def equality(size: int, master: str, lead: int = 0) -> None:
    """Both engines on one mixed corpus; prints the differences (none expected)."""
    import datetime as dt

    from newsfuse.pipeline import AnalysisOptions, analyze
    from newsfuse.spark.engine import analyze_with_spark

    corpus = build_corpus(WORK / f"equality-{size}", size, lead=lead)
    options = AnalysisOptions(run_date=dt.date.fromisoformat(RUN_DATE))
    started = time.perf_counter()
    local = comparable(analyze([corpus], options))
    local_s = time.perf_counter() - started
    started = time.perf_counter()
    spark = comparable(analyze_with_spark([corpus], options, master, WORK / "equality-out"))
    spark_s = time.perf_counter() - started
    print(f"{len(local['articles'])} articles, {len(local['events'])} events, {len(local['reuse'])} reuse pairs, "
          f"{len(local['claims'])} claims; local {local_s:.0f} s, spark {master} {spark_s:.0f} s")
    problems = differences(local, spark)
    print("same results on both engines" if not problems else "DIFFERENT:\n  " + "\n  ".join(problems))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,200,400", help="corpus sizes for the local engine")
    parser.add_argument("--spark-sizes", default="", help="sizes for Spark local[1] and local[2] (default: --sizes)")
    parser.add_argument("--engines", default="local,spark")
    parser.add_argument("--equality", type=int, default=0, help="compare both engines on a corpus of this size")
    parser.add_argument("--lead", type=int, default=0,
                        help="keep the first N paragraphs of each text (shorter articles, larger sizes)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--engine", default="local", help=argparse.SUPPRESS)
    parser.add_argument("--master", default="local[2]", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.engine, args.master)))
        return
    if args.equality:
        equality(args.equality, args.master, args.lead)
        return
    pool = load_pool()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    spark_sizes = [int(s) for s in (args.spark_sizes or args.sizes).split(",") if s]
    corpora = {n: build_corpus(WORK / f"corpus-{n}", n, pool=pool, lead=args.lead)
               for n in sorted(set(sizes + spark_sizes))}
    print(f"pool of unique real texts: {len(pool)}; corpora under {WORK}", flush=True)
    engines = args.engines.split(",")
    if "local" in engines:
        run_curve("local engine", corpora, sizes, "local", "")
    if "spark" in engines:
        by_master = {master: run_curve(f"spark engine, {master}", corpora, spark_sizes, "spark", master)
                     for master in ("local[1]", "local[2]")}
        print("\nspark speed-up of local[2] over local[1]:")
        for one, two in zip(by_master["local[1]"], by_master["local[2]"]):
            print(f"  {one['articles']:>6} articles: {one['seconds'] / two['seconds']:.2f}x")


if __name__ == "__main__":
    main()
