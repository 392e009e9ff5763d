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

    from ..ingest.sources import SourceOptions
    from ..stages import AnalysisOptions
    from ..store.collection import Collection, ConcurrentIngestError
    from ..store.schema import LayoutError
    from .options import parse_fields

    stderr = Console(stderr=True)
    options = AnalysisOptions(sources=SourceOptions(fields=parse_fields(field)))

    def waiting(holder: str) -> None:  # the serving process or another ingest holds the file for a moment
        stderr.print(f"waiting for the collection lock held by {holder} …", highlight=False)

    try:
        collection = Collection(db, on_wait=waiting)
        result = _add_again_if_raced(collection, inputs, options, quiet, stderr)
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


# A batch analysed while another process stored one is analysed again (its ids and events would clash);
# after this many tries the user is told to run it again.
RACE_TRIES = 3


def _add_again_if_raced(collection, inputs: list[Path], options, quiet: bool, stderr):
    from ..store.collection import ConcurrentIngestError

    for attempt in range(1, RACE_TRIES + 1):
        try:
            return _add(collection, inputs, options, quiet, stderr)
        except ConcurrentIngestError:
            if attempt == RACE_TRIES:
                raise
            if not quiet:
                stderr.print("the collection changed while this batch was analysed (another ingest or an upload); "
                             "analysing it again", highlight=False)


def _add(collection, inputs: list[Path], options, quiet: bool, stderr):
    if quiet:
        return collection.add(inputs, options)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    from .progress import RichProgress

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=stderr) as bars:
        return collection.add(inputs, options, RichProgress(bars))


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve_command(
    db: Path = typer.Option(DEFAULT_DB, "--db", help="The DuckDB collection file (created if missing)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (loopback by default). Any other "
                                                         "host needs --token (or NEWSFUSE_TOKEN)."),
    token: Optional[str] = typer.Option(None, "--token", envvar="NEWSFUSE_TOKEN",
                                        help="Secret that uploads (POST /articles) must send as "
                                             "'Authorization: Bearer TOKEN'; required off loopback."),
) -> None:
    """Browse and search the collection in a web browser, with a JSON API (OpenAPI schema at /openapi.json).

    `newsfuse ingest` into the same --db works while this runs: the two take turns on the file."""
    import uvicorn
    from rich.console import Console

    from ..api import create_app
    from ..store.collection import Collection
    from ..store.schema import LayoutError

    stderr = Console(stderr=True)
    if not _is_loopback(host) and not token:
        stderr.print(f"[red]error[/]: --host {host} lets other machines reach this server, and POST /articles runs "
                     "the whole analysis: give a secret with --token or NEWSFUSE_TOKEN (uploads must send it as "
                     "'Authorization: Bearer TOKEN'), or keep the default --host 127.0.0.1.", highlight=False)
        raise typer.Exit(2)
    try:
        collection = Collection(db, on_wait=lambda holder: stderr.print(
            f"waiting for the collection lock held by {holder} …", highlight=False))
        app = create_app(collection, token=token)
    except LayoutError as error:
        stderr.print(f"[red]error[/]: {error}", highlight=False)
        raise typer.Exit(2) from None
    shown = f"[{host}]" if ":" in host else host
    writes = "uploads need the token" if token else "uploads open to this machine only"
    config = uvicorn.Config(app, host=host, port=port, log_level="warning")
    server = uvicorn.Server(config)
    _announce_when_started(server, f"newsfuse serving {db.name} at http://{shown}:{port}/ ({writes}; "
                                   "Ctrl+C to stop)")
    server.run()


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host in LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _announce_when_started(server, message: str) -> None:
    """Print the URL once uvicorn is listening (a port already in use fails before this)."""
    started = server.startup

    async def startup(*args, **kwargs):
        await started(*args, **kwargs)
        if server.started:
            print(message, flush=True)

    server.startup = startup
