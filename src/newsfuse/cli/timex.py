"""`newsfuse timex FILE [--dct YYYY-MM-DD] [--timeml]`: the tagger on one file, as JSON lines.

For a plain-text file without --dct, the document creation time is read from its header the way
ingest reads a publication date (a page banner is not taken). With --timeml the file is TimeML: the
text is its TEXT element and the DCT its CREATION_TIME TIMEX3, unless --dct overrides it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from ..ingest.text import clean_text
from ..nlp import load_nlp
from ..time.extract import find_timexes
from ..time.timeml import read_timeml


def timex_lines(path: Path, dct: dt.date | None, timeml: bool) -> Iterator[dict]:
    """One {"start","end","text","type","value"} per time expression of the file, offsets into its text
    (for TimeML, into the TEXT element's characters)."""
    if timeml:
        document = read_timeml(Path(path))
        text, dct = document.text, dct or document.dct
    else:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        dct = dct or header_date(text)
    doc = load_nlp()(text)
    for timex in find_timexes(text, dct, doc=doc):
        yield {"start": timex.start, "end": timex.end, "text": timex.text, "type": timex.type,
               "value": timex.value}


def header_date(text: str) -> dt.date | None:
    """The publication date in the header lines of a plain-text article, if it states one."""
    value = clean_text(text).published.value
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
