"""`newsfuse quotes FILE`: every quote of a text file, as JSON lines."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..compare.quotes import extract_quotes


def quote_lines(path: str | Path) -> Iterator[dict]:
    """JSON-ready records for `newsfuse quotes FILE`: offsets index the file's decoded text."""
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    for q in extract_quotes(text):
        yield {"speaker": q.speaker, "cue": q.cue, "content": q.content, "start": q.start, "end": q.end}


def dump_quote_lines(path: str | Path) -> str:
    return "\n".join(json.dumps(line, ensure_ascii=False) for line in quote_lines(path))
