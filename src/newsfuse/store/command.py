"""`newsfuse ingest` and `newsfuse serve`: the CLI side of the collection (heavy imports inside)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

DEFAULT_DB = Path("newsfuse.duckdb")


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
    app.command("serve")(serve_command)


def ingest_command(
    inputs: list[Path] = typer.Argument(..., help="Files or folders, as for `analyze`."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help="The DuckDB collection file (created if missing)."),
    field: list[str] = typer.Option([], "--field", metavar="NAME=FIELD", help="Map a JSONL field, as for `analyze`."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no warnings on stderr."),
) -> None:
    """Add articles to a persistent collection; only new texts are analysed, nothing is stored twice.

    New articles are grouped with the stored events of their dates (a week or so around them);
    claims and conflicts are recomputed for the events that changed. Other events stay as they are.
    """
    from rich.console import Console

    from ..cli import _parse_fields
    from ..ingest.sources import SourceOptions
    from ..pipeline import AnalysisOptions
    from .collection import Collection, ConcurrentIngestError
    from .schema import LayoutError

    stderr = Console(stderr=True)
    options = AnalysisOptions(sources=SourceOptions(fields=_parse_fields(field)))
    try:
        collection = Collection(db)
        result = _add(collection, inputs, options, quiet, stderr)
    except (LayoutError, ConcurrentIngestError) as error:
        stderr.print(f"[red]error[/]: {error}", highlight=False)
        raise typer.Exit(2) from None
    if not quiet:
        for record in result.failed:
            stderr.print(f"[yellow]warning[/]: {record.path} ({record.item}): {record.status}: {record.reason}",
                         highlight=False)
        counts = collection.counts()
        stderr.print(f"{len(result.added)} new articles, {len(result.duplicates)} already in the collection, "
                     f"{len(result.failed)} not readable. {db} now holds {counts['articles']} articles in "
                     f"{counts['events']} events.", highlight=False)
        if result.stats:
            stderr.print(f"Regrouped {len(result.stats['recomputed_events'])} stored events "
                         f"({len(result.stats['loaded_articles'])} stored articles in the new articles' dates); "
                         f"compared {len(result.stats['compared_events'])} events.", highlight=False)
    if result.failed and not result.added and not result.duplicates:
        raise typer.Exit(1)


def _add(collection, inputs: list[Path], options, quiet: bool, stderr):
    if quiet:
        return collection.add(inputs, options)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    from ..cli import RichProgress

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=stderr) as bars:
        return collection.add(inputs, options, RichProgress(bars))


def serve_command(
    db: Path = typer.Option(DEFAULT_DB, "--db", help="The DuckDB collection file (created if missing)."),
    port: int = typer.Option(8000, "--port", help="Port on 127.0.0.1."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (loopback by default)."),
) -> None:
    """Browse and search the collection in a web browser, with a JSON API (OpenAPI schema at /openapi.json)."""
    import uvicorn
    from rich.console import Console

    from ..api import create_app
    from .schema import LayoutError

    try:
        app = create_app(db)
    except LayoutError as error:
        Console(stderr=True).print(f"[red]error[/]: {error}", highlight=False)
        raise typer.Exit(2) from None
    uvicorn.run(app, host=host, port=port, log_level="warning")
