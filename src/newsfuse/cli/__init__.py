"""The `newsfuse` command line: every command, and nothing the stages need.

- `app`: the typer app with `analyze`, `timex`, `quotes`, `similarity` (cli.app);
- `ingest`, `serve`: the collection (cli.collection);
- the small tools' readers: `timex_lines` (cli.timex), `quote_lines` (cli.quotes),
  `score_pairs_csv` (cli.similarity); progress bars (cli.progress); shared options (cli.options).
"""
from .app import app

__all__ = ["app"]
