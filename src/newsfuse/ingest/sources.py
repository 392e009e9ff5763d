"""Walk the inputs a user gives and turn each item into a RawDocument or an InputRecord saying why not.

An item is a file, a line of a JSONL export or a record of a WARC archive. Every item yields
exactly one outcome, so nothing the user gave disappears between here and the report.
"""
from __future__ import annotations

import gzip
import io
import json
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..models import Document, InputRecord, RawDocument
from .decode import UndecodableError, binary_reason, declared_charset, decode_bytes

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}
WARC_SUFFIXES = {".warc", ".arc"}
# One article page is at most a few MB even with inline scripts; trafilatura's own default cap
# (MAX_FILE_SIZE) is 20 MB. Past that a file is a dump, not an article: skipped with its size.
DEFAULT_MAX_BYTES = 20_000_000

# JSONL field names, overridable with `--field name=source_field`.
DEFAULT_FIELDS = {"text": "text", "html": "html", "title": "title", "url": "url",
                  "published": "published", "outlet": "outlet"}

Outcome = RawDocument | InputRecord


@dataclass
class SourceOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    fields: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_FIELDS))
    # How a record without text is told to map its field, in the caller's terms (the CLI's option;
    # the Python API says `fields=`).
    field_hint: str = "map yours with --field"


# What the pipeline reads: a path (file or folder), an article's text, a JSONL-like dict, or a Document.
Input = Union[str, Path, dict, Document]
# A string names a file or folder when it is one short line that exists or holds no space (an
# article's text always has spaces: it needs MIN_ARTICLE_WORDS words); any other string is a text.
MAX_PATH_CHARS = 4096
# The `path` of the records of inputs given in memory (strings, dicts, Documents).
IN_MEMORY = "<input>"


def iter_inputs(inputs: Iterable[Input], options: SourceOptions | None = None) -> Iterator[Outcome]:
    """Every item of `inputs` in order: folders walked recursively in name order; texts, dicts and
    Documents (numbered "item 1", "item 2", ... among the in-memory inputs) read as they are."""
    options = options or SourceOptions()
    number = 0
    for given in inputs:
        if isinstance(given, Path) or (isinstance(given, str) and _names_a_path(given)):
            yield from _iter_path(Path(given), options)
            continue
        number += 1
        yield _in_memory_item(given, f"item {number}", options)


def _names_a_path(text: str) -> bool:
    if not text.strip() or len(text) > MAX_PATH_CHARS or "\n" in text:
        return False
    if not any(c.isspace() for c in text):
        return True
    try:
        return Path(text).exists()
    except (OSError, ValueError):
        return False


def _in_memory_item(given: object, item: str, options: SourceOptions) -> Outcome:
    if isinstance(given, Document):
        if not (given.text or given.html):
            return InputRecord(IN_MEMORY, item, "skipped", "Document has no text or html")
        return _record_item(IN_MEMORY, item, given.to_json(), SourceOptions(options.max_bytes), "input")
    if isinstance(given, dict):
        return _record_item(IN_MEMORY, item, given, options, "input")
    if isinstance(given, str):
        if not given.strip():
            return InputRecord(IN_MEMORY, item, "skipped", "empty text")
        return RawDocument(path=IN_MEMORY, item=item, content=given, kind=_kind("", given))
    return InputRecord(IN_MEMORY, item, "error", f"{type(given).__name__} is not a path, text, dict or Document")


def _iter_path(path: Path, options: SourceOptions) -> Iterator[Outcome]:
    if path.is_dir():
        files = files_under(path)
        if not files:
            yield InputRecord(str(path), str(path), "skipped", "folder holds no files")
        for file in files:
            yield from iter_file(file, options)
    elif path.exists():
        yield from iter_file(path, options)
    else:
        yield InputRecord(str(path), str(path), "error", "no such file or folder")


def files_under(folder: Path) -> list[Path]:
    """Every file below `folder`, recursively, in name order; hidden files and folders skipped."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not _hidden(p, folder))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def iter_file(path: Path, options: SourceOptions) -> Iterator[Outcome]:
    name = str(path)
    suffixes = [s.lower() for s in path.suffixes]
    gzipped = bool(suffixes) and suffixes[-1] in {".gz", ".gzip"}
    kind_suffix = (suffixes[-2] if gzipped and len(suffixes) > 1 else (suffixes[-1] if suffixes else ""))
    try:
        if kind_suffix in WARC_SUFFIXES:
            yield from _iter_warc(path)  # warcio reads .warc and .warc.gz itself
            return
        if kind_suffix in JSONL_SUFFIXES:
            yield from _iter_jsonl(path, gzipped, options)
            return
        if kind_suffix == ".parquet":
            yield from _iter_parquet(path, options)
            return
        data = _read_limited(path, gzipped, options.max_bytes)
    except _TooLarge as exc:
        yield InputRecord(name, name, "skipped", str(exc))
        return
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield InputRecord(name, name, "error", f"truncated or corrupt gzip ({_brief(exc)})")
        return
    except OSError as exc:
        yield InputRecord(name, name, "error", f"cannot read file ({_brief(exc)})")
        return
    yield _document_from_bytes(name, name, data, kind_suffix)


def _document_from_bytes(path: str, item: str, data: bytes, suffix: str,
                         content_type: str | None = None, **meta: str | None) -> Outcome:
    if not data.strip():
        return InputRecord(path, item, "skipped", "empty file" if path == item else "empty content")
    reason = binary_reason(data)
    if reason:
        return InputRecord(path, item, "skipped", reason)
    try:
        decoded = decode_bytes(data, declared_charset(data, content_type))
    except UndecodableError as exc:
        return InputRecord(path, item, "error", f"undecodable bytes: {exc}")
    kind = _kind(suffix, decoded.text)
    doc = RawDocument(path=path, item=item, content=decoded.text, kind=kind, **meta)
    if decoded.note:
        doc.notes.append(decoded.note)
    return doc


def _kind(suffix: str, text: str) -> str:
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    head = text[:2048].lstrip().lower()
    return "html" if head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head else "text"


class _TooLarge(Exception):
    pass


def _read_limited(path: Path, gzipped: bool, max_bytes: int) -> bytes:
    if not gzipped:
        size = path.stat().st_size
        if size > max_bytes:
            raise _TooLarge(f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
                            "for one article (--max-mb)")
        return path.read_bytes()
    with gzip.open(path, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _TooLarge(f"decompressed content exceeds the {max_bytes / 1e6:.0f} MB limit for one article (--max-mb)")
    return data


def _iter_jsonl(path: Path, gzipped: bool, options: SourceOptions) -> Iterator[Outcome]:
    name = str(path)
    opener = gzip.open if gzipped else open
    seen_lines = 0
    with opener(path, "rb") as handle:
        try:
            for number, line in enumerate(handle, start=1):
                seen_lines = number
                if line.strip():
                    yield _jsonl_item(name, number, line, options)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            yield InputRecord(name, f"after line {seen_lines}", "error",
                              f"truncated or corrupt gzip: lines after {seen_lines} lost ({_brief(exc)})")
            return
    if seen_lines == 0:
        yield InputRecord(name, name, "skipped", "empty file")


def _jsonl_item(path: str, number: int, line: bytes, options: SourceOptions) -> Outcome:
    item = f"line {number}"
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return InputRecord(path, item, "error", f"not JSON ({_brief(exc)})")
    if not isinstance(record, dict):
        return InputRecord(path, item, "error", f"JSON {type(record).__name__}, not an object")
    return _record_item(path, item, record, options, "JSONL")


def _iter_parquet(path: Path, options: SourceOptions) -> Iterator[Outcome]:
    """Rows of a Parquet file with the same columns as a JSONL export (read with DuckDB)."""
    import duckdb

    name = str(path)
    try:
        cursor = duckdb.connect().execute("SELECT * FROM read_parquet(?)", [name])
    except duckdb.Error as exc:
        yield InputRecord(name, name, "error", f"unreadable Parquet ({_brief(exc)})")
        return
    columns = [column[0] for column in cursor.description]
    number = 0
    while rows := cursor.fetchmany(1000):
        for row in rows:
            number += 1
            yield _record_item(name, f"row {number}", dict(zip(columns, row)), options, "Parquet")
    if number == 0:
        yield InputRecord(name, name, "skipped", "Parquet file holds no rows")


def _record_item(path: str, item: str, record: dict, options: SourceOptions, container: str) -> Outcome:
    """An article from one JSONL object or Parquet row, by the (mappable) field names."""
    fields = options.fields
    meta = {key: _string(record.get(fields[key])) for key in ("title", "url", "outlet", "published")}
    html, text = _string(record.get(fields["html"])), _string(record.get(fields["text"]))
    if not (html or text):
        wanted = " or ".join(repr(fields[k]) for k in ("text", "html"))
        return InputRecord(path, item, "skipped", f"no {wanted} field with content ({options.field_hint})")
    published_source = f"{container} field {fields['published']!r}" if meta["published"] else None
    content = html or text
    return RawDocument(path=path, item=item, content=content, kind="html" if html else "text",
                       published_source=published_source, **meta)


def _string(value: object) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return text.strip() or None


def _iter_warc(path: Path) -> Iterator[Outcome]:
    name = str(path)
    not_content: Counter[str] = Counter()
    number = 0
    with open(path, "rb") as stream:
        try:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                outcome = _warc_item(name, number, record)
                if outcome is None:
                    not_content[record.rec_type] += 1
                else:
                    yield outcome
        except (ArchiveLoadFailed, EOFError, zlib.error, gzip.BadGzipFile, ValueError) as exc:
            yield InputRecord(name, f"after record {number}", "error",
                              f"truncated or corrupt WARC: records after {number} lost ({_brief(exc)})")
    if not_content:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(not_content.items()))
        yield InputRecord(name, "non-content records", "skipped",
                          f"WARC records that carry no page ({kinds})")
    elif number == 0:
        yield InputRecord(name, name, "skipped", "WARC holds no records")


def _warc_item(path: str, number: int, record) -> Outcome | None:
    if record.rec_type not in {"response", "resource"}:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    item = f"record {number} {url or ''}".strip()
    content_type = ""
    if record.http_headers is not None:
        content_type = record.http_headers.get_header("Content-Type") or ""
        status = record.http_headers.get_statuscode()
        if status and not status.startswith("2"):
            return InputRecord(path, item, "skipped", f"HTTP status {status}, not a page")
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    if "html" not in content_type.lower():
        return InputRecord(path, item, "skipped", f"not HTML ({content_type or 'no content type'})")
    data = record.content_stream().read()
    crawl_date = record.rec_headers.get_header("WARC-Date")
    return _document_from_bytes(path, item, data, ".html", content_type, url=url, published=crawl_date,
                                published_source="WARC-Date (crawl date, not publication)" if crawl_date else None)


def _brief(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]
