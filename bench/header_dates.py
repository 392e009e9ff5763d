"""Publication dates: header date lines read from plain text, and supplied dates kept.

Usage: python bench/header_dates.py [--topics 1,2,...] [--misses N] [--supplied] [--no-headers]

1. Header lines (ECB+ dev, ../shared/data/ecbplus-dev): every `txt-dated/<topic>/<doc>.txt` whose gold row
   has `header_dates` (the date lines the page printed under its headline) goes through newsfuse's own path
   for a .txt file: `ingest` (clean_text reads the header date) and the time stage's check of that date
   (`resolve_articles`, which may reject it as a banner). A file counts as read when the publication date
   newsfuse keeps is the date the header states for publication: the labelled published/posted part when
   the line has one, else its first part (not an "Updated" part), checked by day, month and year written
   in that part. Files whose header gives no year ("APR 28", "Updated 9:06 AM") are counted as well and
   listed apart: they cannot be read from the line alone. Files without a header line must stay undated
   by ingest: a date read there came from the body (a false header date) - or from a header line the gold
   missed (32_2ecbplus prints "PUBLISHED: 16:05 GMT, 9 June 2013" under four summary lines). Numeric dates
   with both numbers <= 12 ("11/09/2010") are accepted in either order: the bench does not know the site's
   convention (newsfuse reads them month-first unless written with dots).
2. Supplied dates (--supplied): NewsWCL50 dev (meta.tsv `date`, taken from the URL) and PolNeAR dev
   (metadata.tsv `publication_date`) fed as JSONL with `published`, through ingest, nlp and the time
   stage as `newsfuse analyze` runs them; counts articles whose publication date is not the supplied one.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dateutil.relativedelta import relativedelta

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
DATA = REPO.parent / "shared" / "data"
ECB = DATA / "ecbplus-dev"
WCL = DATA / "newswcl50-dev"
POLNEAR = DATA / "polnear"

from newsfuse.ingest import ingest  # noqa: E402
from newsfuse.models import Article  # noqa: E402
from newsfuse.time import resolve_articles  # noqa: E402

# Labels that introduce a later revision, not the publication ("Updated 4:08 p.m.ET").
_UPDATE_LABEL = re.compile(r"(?i)\b(?:last\s+)?(?:updated?|edited|modified)\b")
_PUBLISH_LABEL = re.compile(r"(?i)\b(?:published|posted|created|release|originally)\b")
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


@dataclass
class HeaderCase:
    file: str  # topic/doc.txt
    header: str  # gold header_dates (lines joined with " | ")


def header_cases(topics: set[int] | None = None) -> list[HeaderCase]:
    with open(ECB / "gold.tsv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [HeaderCase(r["file"], r["header_dates"]) for r in rows
            if topics is None or int(r["topic"]) in topics]


def publication_part(header: str) -> str:
    """The part of a gold header that states the publication: labelled published/posted, else the first
    part that is not an update."""
    cuts = sorted({0} | {m.start() for m in _UPDATE_LABEL.finditer(header)}
                  | {m.start() for m in _PUBLISH_LABEL.finditer(header)} | {m.end() for m in re.finditer(r"\|", header)})
    parts = [header[a:b].strip(" |,") for a, b in zip(cuts, cuts[1:] + [len(header)])]
    parts = [p for p in parts if re.search(r"\d", p)]
    if not parts:
        return header
    labelled = [p for p in parts if _PUBLISH_LABEL.match(p)]
    plain = [p for p in parts if not _UPDATE_LABEL.match(p)]
    return (labelled or plain or parts)[0]


def has_year(part: str) -> bool:
    return bool(re.search(r"\b(?:19|20)\d\d\b|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}\b", part))


_AGO = re.compile(r"(?i)(\d+) years?,? (\d+) days? ago.*downloaded on (.+?)\]?$")


def written_in(value: str, part: str) -> bool:
    """Whether the ISO day `value` is the date written in `part` (its year, month and day all there)."""
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return False
    low = part.lower()
    ago = _AGO.search(part)
    if ago:  # "Posted 1 year, 160 days ago [downloaded on 2 October 2013]": counted back from the download
        base = dt.datetime.strptime(ago.group(3).strip(), "%d %B %Y").date()
        return day == base - relativedelta(years=int(ago.group(1)), days=int(ago.group(2)))
    for a, b, c in re.findall(r"\b(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{2,4})\b", low):
        year, pair = (int(a), (int(b), int(c))) if len(a) == 4 else (int(c), (int(a), int(b)))
        if year in (day.year, day.year % 100) and sorted(pair) == sorted((day.month, day.day)):
            return True  # either order: the bench does not decide US vs day-first numerics
    year_ok = str(day.year) in low or re.search(rf"[-/'.]{day.year % 100:02d}\b", low) is not None
    month_ok = re.search(rf"\b{_MONTHS[day.month - 1]}", low) is not None
    day_ok = re.search(rf"(?<![\d:.])0?{day.day:d}(?:st|nd|rd|th)?(?![\d:])", low) is not None
    return year_ok and month_ok and day_ok


def read_articles(paths: list[Path], run_date: dt.date) -> dict[str, Article]:
    """The articles of `paths` as analyze reads them: ingest, then the time stage's date check."""
    articles = [a for _, a in ingest(paths) if a is not None]
    resolve_articles(articles, run_date)
    return {a.path: a for a in articles}


def measure_headers(topics: set[int] | None, run_date: dt.date) -> dict:
    cases = header_cases(topics)
    paths = [ECB / "txt-dated" / c.file for c in cases]
    articles = read_articles(paths, run_date)
    rows = []
    for case, path in zip(cases, paths):
        article = articles.get(str(path))
        published = article.published if article else None
        value = published.value if published else None
        if not case.header:
            rows.append({"file": case.file, "header": "", "value": value, "ok": value is None})
            continue
        part = publication_part(case.header)
        ok = bool(value) and written_in(value, part)
        rows.append({"file": case.file, "header": case.header, "part": part, "value": value, "ok": ok,
                     "year": has_year(part), "evidence": published.evidence if published else None,
                     "rejected": published.rejected if published else []})
    dated = [r for r in rows if r["header"]]
    undated = [r for r in rows if not r["header"]]
    with_year = [r for r in dated if r["year"]]
    return {"rows": rows, "read": sum(r["ok"] for r in dated), "headers": len(dated),
            "read_with_year": sum(r["ok"] for r in with_year), "with_year": len(with_year),
            "false": sum(not r["ok"] for r in undated), "no_header": len(undated)}


# ------------------------------------------------------------------ supplied dates


def wcl_records() -> list[dict]:
    with open(WCL / "meta.tsv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    records = []
    for row in rows:
        text = (WCL / f"event_{row['event']}" / f"{row['id']}.txt").read_text(encoding="utf-8")
        record = {"text": text, "url": row["url"], "outlet": row["outlet"], "title": None}
        if row["date"]:
            record["published"] = row["date"]
        records.append({k: v for k, v in record.items() if v is not None})
    return records


def polnear_records(split: str = "dev") -> list[dict]:
    with open(POLNEAR / "metadata.tsv", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["compartment"] == split]
    records = []
    for row in rows:
        text = (POLNEAR / split / "text" / f"{row['filename']}.txt").read_text(encoding="utf-8")
        records.append({"text": text, "title": row["title"], "outlet": row["publisher"],
                        "published": row["publication_date"]})
    return records


def measure_supplied(records: list[dict], run_date: dt.date, parse: bool = True) -> dict:
    """Articles of `records` (JSONL with `published`) whose kept publication day is not the supplied one.

    `parse`: run the nlp stage first as analyze does (without it the time stage reads tense as unknown)."""
    from newsfuse.nlp import annotate

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        articles = [a for _, a in ingest([path]) if a is not None]
        if parse:
            articles = list(annotate(articles))
        resolve_articles(articles, run_date)
    supplied = [(a, r["published"]) for a, r in zip(articles, records) if r.get("published")]
    overruled = [(a, given) for a, given in supplied if (a.published.value or "")[:10] != given[:10]]
    warned = [a for a, _ in supplied if any("kept, though" in w for w in a.warnings)]
    return {"supplied": len(supplied), "overruled": overruled, "warned": warned}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--topics", default="all")
    ap.add_argument("--misses", type=int, default=60, help="misses to print")
    ap.add_argument("--supplied", action="store_true", help="also check supplied dates on the dev sets")
    ap.add_argument("--no-headers", action="store_true", help="skip the header-line measure")
    args = ap.parse_args()
    topics = None if args.topics == "all" else {int(t) for t in args.topics.split(",")}
    run_date = dt.date.today()
    if not args.no_headers:
        result = measure_headers(topics, run_date)
        misses = [r for r in result["rows"] if r["header"] and not r["ok"]]
        for row in misses[: args.misses]:
            reason = "; ".join(x["reason"] for x in row["rejected"]) if row["rejected"] else ""
            print(f"MISS {row['file']:24} {row['header'][:70]!r:74} -> {row['value']} {reason[:80]}")
        for row in [r for r in result["rows"] if not r["header"] and not r["ok"]]:
            print(f"FALSE {row['file']:24} -> {row['value']}")
        print(f"header dates read as the publication date: {result['read']} of {result['headers']} "
              f"({result['read'] / max(1, result['headers']):.1%}); with a year written: "
              f"{result['read_with_year']} of {result['with_year']}")
        print(f"files without a header line given a date by ingest: {result['false']} of {result['no_header']}")
    if args.supplied:
        for name, records in (("NewsWCL50 dev", wcl_records()), ("PolNeAR dev", polnear_records())):
            outcome = measure_supplied(records, run_date)
            for article, given in outcome["overruled"]:
                print(f"OVERRULED {name} {article.item}: supplied {given}, kept {article.published.value} "
                      f"{article.published.rejected[-1:]}")
            print(f"{name}: supplied dates overruled {len(outcome['overruled'])} of {outcome['supplied']} "
                  f"(kept with a warning: {len(outcome['warned'])})")


if __name__ == "__main__":
    main()
