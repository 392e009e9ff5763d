"""The `newsfuse` app: `analyze`, and the small tools `timex`, `quotes` and `similarity`; the
collection's `ingest` and `serve` are in `cli.collection`."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..ingest.sources import DEFAULT_MAX_BYTES, SourceOptions
from ..pipeline import AnalysisOptions, analyze
from .options import host_settings, parse_day, parse_fields
from .progress import RichProgress

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="newsfuse: what many news reports of the same events say, and how well each part is established.")
stderr = Console(stderr=True)


@app.callback()
def _start() -> None:
    # Process-wide settings belong to the command line, not to `import newsfuse`.
    host_settings()


@app.command("analyze")
def analyze_command(
    inputs: list[Path] = typer.Argument(..., help="Files or folders (walked recursively): .html/.htm, .txt, "
                                        ".jsonl, .parquet, .warc/.warc.gz, and gzip of any of these."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for report.json, report.md and report.html."),
    field: list[str] = typer.Option([], "--field", metavar="NAME=FIELD",
                                    help="Map a JSONL field to ours, e.g. --field text=body --field published=date "
                                         "--field url=link. NAME is one of text, html, title, url, published, outlet; "
                                         "each JSONL line needs 'text' or 'html'."),
    max_mb: float = typer.Option(DEFAULT_MAX_BYTES / 1e6, "--max-mb", help="Skip single pages larger than this."),
    run_date: Optional[str] = typer.Option(None, "--run-date", help="Treat this day (YYYY-MM-DD) as today when "
                                           "judging future dates (default: today)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no warnings on stderr."),
    engine: str = typer.Option("local", "--engine", help="local (one machine) or spark (pyspark; writes Parquet too)."),
    master: str = typer.Option("local[2]", "--master", help="Spark master URL with --engine spark, e.g. "
                               "local[2] or spark://host:7077."),
    events: Optional[str] = typer.Option(None, "--events", help="With --engine spark: write report.json/md/html "
                                         "for these events only: ids (e.g. e1,e2) and/or largest:N, the N events "
                                         "with the most reports; Parquet keeps everything."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Local engine: processes for the per-article "
                                          "and per-event stages (default: $NEWSFUSE_WORKERS, else one per core; "
                                          "1: this process only). Piles under 120,000 characters of text (~25 whole "
                                          "articles) run in one process."),
) -> None:
    """Analyse a pile of news: what happened, who reports it, who copied whom, what conflicts.

    Exits non-zero only when nothing at all could be analysed.
    """
    options = AnalysisOptions(sources=SourceOptions(max_bytes=int(max_mb * 1e6), fields=parse_fields(field)),
                              workers=workers)
    if run_date:
        options.run_date = parse_day(run_date, "--run-date")
    if engine not in {"local", "spark"}:
        raise typer.BadParameter(f"{engine!r}: expected local or spark", param_hint="--engine")
    if engine == "spark":
        from ..spark.engine import analyze_with_spark
        from ..spark.subset import UnknownEvents

        chosen = [e.strip() for e in events.split(",") if e.strip()] if events else None
        try:
            analysis = analyze_with_spark(inputs, options, master=master, out_dir=out, report_events=chosen)
        except UnknownEvents as error:  # after the run: its Parquet tables are written
            raise typer.BadParameter(f"{error} (every event is in {out / 'parquet' / 'events.parquet'})",
                                     param_hint="--events") from None
    elif quiet:
        analysis = analyze(inputs, options)
    else:
        columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn())
        with Progress(*columns, console=stderr, transient=False) as progress:
            analysis = analyze(inputs, options, RichProgress(progress))
    from ..report import write_reports

    paths = write_reports(analysis, out)
    if not quiet:
        for record in analysis.inputs:
            if record.status != "ok":
                stderr.print(f"[yellow]warning[/]: {record.path} ({record.item}): {record.status}: {record.reason}",
                             highlight=False, markup=True)
        for article in analysis.articles:
            for rejected in article.published.rejected:
                stderr.print(f"[yellow]warning[/]: {article.path} ({article.item}): {rejected['value']} is not taken "
                             f"as the publication date: {rejected['reason']}", highlight=False)
            for warning in analysis.warnings_of(article):
                stderr.print(f"[yellow]warning[/]: {article.path} ({article.item}): {warning}", highlight=False)
        ok = sum(1 for r in analysis.inputs if r.status == "ok")
        stderr.print(f"{ok} of {len(analysis.inputs)} inputs analysed; {len(analysis.events)} events. "
                     f"Reports: {paths['html']}, {paths['md']}, {paths['json']}")
    if not analysis.articles:
        stderr.print("[red]error[/]: nothing could be analysed (see report.json inputs for each reason)")
        raise typer.Exit(1)



@app.command()
def timex(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A plain-text file, or a TimeML .tml with --timeml."),
    dct: Optional[str] = typer.Option(None, "--dct", help="Document creation time, YYYY-MM-DD (default: read from the file)."),
    timeml: bool = typer.Option(False, "--timeml", help="Read the text and DCT of a TimeML file."),
) -> None:
    """Print every time expression of FILE as JSON lines {start, end, text, type, value}."""
    from .timex import timex_lines

    day = parse_day(dct, "--dct") if dct else None
    for line in timex_lines(file, day, timeml):
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")


@app.command()
def quotes(file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A plain-text file.")) -> None:
    """Print every quote of FILE as JSON lines {speaker, cue, content, start, end}."""
    from .quotes import quote_lines

    for line in quote_lines(file):
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")


@app.command()
def similarity(
    a: Optional[Path] = typer.Argument(None, help="First article (text file)."),
    b: Optional[Path] = typer.Argument(None, help="Second article (text file)."),
    pairs: Optional[Path] = typer.Option(None, "--pairs", help="CSV with columns text1,text2; writes a score column."),
    out: Optional[Path] = typer.Option(None, "--out", help="Where --pairs writes its result (default: beside it)."),
) -> None:
    """How likely two articles report the same event (0–1), with the reasons."""
    from ..events import similarity as sim
    from .similarity import score_pairs_csv

    if pairs:
        target = out or pairs.with_name(pairs.stem + ".scored.csv")
        score_pairs_csv(pairs, target)
        stderr.print(f"scores written to {target}")
        return
    if a is None or b is None:
        raise typer.BadParameter("give two files A B, or --pairs FILE.csv")
    result = sim.score_pair(a.read_text(encoding="utf-8", errors="replace"),
                            b.read_text(encoding="utf-8", errors="replace"))
    sys.stdout.write(json.dumps(result.to_json() if hasattr(result, "to_json") else result.__dict__,
                                ensure_ascii=False, indent=2, default=str) + "\n")


from .collection import register as _register_collection  # noqa: E402 - after `app` exists

_register_collection(app)
