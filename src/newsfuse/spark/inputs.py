"""The input entries a Spark job splits: every file under the user's paths, in the local engine's order.

Folders are walked here on the driver (names only, no reading) exactly as `ingest.sources.iter_inputs`
walks them (both use `files_under`), so each file becomes its own entry and WARC/JSONL shards are read in parallel. A path
that is missing, or a folder with no files, stays one entry: `ingest` on an executor then reports
it just as the local engine does.
"""
from __future__ import annotations

from pathlib import Path

from ..ingest.sources import files_under


def plan_entries(paths: list[str | Path]) -> list[str]:
    entries: list[str] = []
    for path in map(Path, paths):
        files = files_under(path) if path.is_dir() else []
        if files:
            entries.extend(str(f) for f in files)
        else:
            entries.append(str(path))
    return entries

