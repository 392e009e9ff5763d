"""Slices of a collection report: one event's report, and events matching a search.

Both work on the SPEC.md report dict, so the HTML and Markdown writers render an event page with
the same code as a whole report.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any


def event_report(report: dict[str, Any], event_id: str) -> dict[str, Any] | None:
    """The report restricted to one event and its articles, or None for an unknown id."""
    event = next((e for e in report["events"] if e["id"] == event_id), None)
    if event is None:
        return None
    ids = set(event["articles"])
    claims = [c for c in report["claims"] if c["event"] == event_id]
    claim_ids = {c["id"] for c in claims}
    sliced = dict(report)
    sliced.update({
        "inputs": [r for r in report["inputs"] if r.get("article") in ids],
        "articles": [a for a in report["articles"] if a["id"] in ids],
        "temporal": [t for t in report["temporal"] if t["article"] in ids],
        "time_inconsistencies": [t for t in report.get("time_inconsistencies", []) if t.get("article") in ids],
        "events": [event],
        "mixed_articles": [m for m in report["mixed_articles"] if event_id in m["events"]],
        "reuse": [r for r in report["reuse"] if r["source"] in ids and r["derived"] in ids],
        "claims": claims,
        "conflicts": [c for c in report["conflicts"] if c["event"] == event_id],
        "framing": [f for f in report["framing"] if f["article"] in ids],
        "summary": [s for s in report["summary"] if set(s["claims"]) & claim_ids],
    })
    return sliced


def search_events(report: dict[str, Any], article_hits: set[str] | None, q: str | None = None,
                  entity: str | None = None, date_from: dt.date | None = None,
                  date_to: dt.date | None = None, strict: bool = False) -> list[dict[str, Any]]:
    """Events matching every given filter. `article_hits` are the articles matching the text,
    entity and outlet filters (None: no such filter); an event matches them when one of its
    articles does, or when q / entity names its title, places or participants. Dates: the event's
    span overlaps [date_from, date_to]. `strict`: only article hits count (an outlet filter is on,
    which event names cannot satisfy)."""
    found = []
    for event in report["events"]:
        names = " ".join([event["title"] or "", *event["places"], *event["participants"]]).lower()
        by_article = article_hits is not None and bool(article_hits & set(event["articles"]))
        if article_hits is not None and not by_article:
            own = [term for term in (q, entity) if term]
            if strict or not own or not all(term.lower() in names for term in own):
                continue
        if (date_from or date_to) and not _overlaps(event, date_from, date_to):
            continue
        found.append(event)
    return found


def _overlaps(event: dict[str, Any], date_from: dt.date | None, date_to: dt.date | None) -> bool:
    start, end = (event.get("start") or "")[:10], (event.get("end") or event.get("start") or "")[:10]
    if not start:
        return False  # an undated event cannot be said to fall in a range
    if date_from and end < date_from.isoformat():
        return False
    return not (date_to and start > date_to.isoformat())


# --- reads straight from the store (the web UI and API: one event or article per request) ---------

from . import assemble as _assemble  # noqa: E402

_EVENT_FIELDS = ("id", "title", "start", "end", "places", "participants", "articles")


def display_path(path: str | None) -> str | None:
    """What a reader is shown of an input's path: its file name (or an upload's label), never the
    server's folders."""
    if not path:
        return path
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or path


def public_article(article: dict[str, Any]) -> dict[str, Any]:
    """An article record without server paths (`path` and `item` become file names / labels)."""
    shown = dict(article)
    for key in ("path", "item"):
        if key in shown:
            shown[key] = _display_item(shown[key])
    return shown


def public_report(report: dict[str, Any]) -> dict[str, Any]:
    """A report dict as the server shows it: inputs and articles without server paths."""
    shown = dict(report)
    shown["articles"] = [public_article(a) for a in report["articles"]]
    shown["inputs"] = [{**r, "path": display_path(r["path"]), "item": _display_item(r["item"])}
                       for r in report["inputs"]]
    return shown


def _display_item(item: str | None) -> str | None:
    """`/srv/in/a.jsonl:3` or `/srv/in/a.txt` -> `a.jsonl:3` / `a.txt`."""
    return display_path(item)


def event_summaries(con: Any) -> list[dict[str, Any]]:
    """Every event's id, title, dates, places, participants and articles, with its claim counts;
    read without the events' segments or any article text."""
    rows = con.execute(
        "SELECT e.id, e.title, e.start_date, e.end_date, e.data->'places', e.data->'participants', "
        "coalesce(c.claims, 0), coalesce(c.corroborated, 0), coalesce(c.conflicting, 0), "
        "coalesce(a.articles, []) FROM events e "
        "LEFT JOIN (SELECT event, count(*) claims, count(*) FILTER (status = 'corroborated') corroborated, "
        "           count(*) FILTER (status = 'conflicting') conflicting FROM claims GROUP BY event) c ON c.event = e.id "
        "LEFT JOIN (SELECT event, list(article ORDER BY article) articles FROM event_articles GROUP BY event) a "
        "       ON a.event = e.id ORDER BY e.number").fetchall()
    return [{"id": r[0], "title": r[1], "start": r[2], "end": r[3], "places": json.loads(r[4] or "[]"),
             "participants": json.loads(r[5] or "[]"), "articles": _article_order(r[9]),
             "claims": r[6], "corroborated": r[7], "conflicting": r[8]} for r in rows]


def _article_order(ids: list[str]) -> list[str]:
    return sorted(ids, key=lambda a: int(a[1:]) if a[1:].isdigit() else 0)


def event_slice(con: Any, event_id: str) -> dict[str, Any] | None:
    """The SPEC.md report of one event and its articles, read from the store's rows for that event
    only (what `event_report(collection.report(), id)` gives, without assembling the collection)."""
    row = con.execute("SELECT data FROM events WHERE id = ?", [event_id]).fetchone()
    if row is None:
        return None
    event = json.loads(row[0])
    ids = list(dict.fromkeys(event["articles"]))
    articles, temporal, problems = _articles(con, ids)
    compare = con.execute("SELECT conflicts, framing, summary, coverage FROM event_compare WHERE event = ?",
                          [event_id]).fetchone()
    claims = sorted((json.loads(r[0]) for r in con.execute("SELECT data FROM claims WHERE event = ?",
                                                           [event_id]).fetchall()), key=_assemble._claim_order)
    reuse = [json.loads(r[0]) for r in con.execute(
        "SELECT data FROM reuse WHERE source IN (SELECT unnest(?::VARCHAR[])) "
        "AND derived IN (SELECT unnest(?::VARCHAR[])) ORDER BY run, rowid", [ids, ids]).fetchall()]
    mixed = [m for m in (json.loads(r[0]) for r in con.execute(
        "SELECT data FROM mixed_articles WHERE article IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall())
        if event_id in m.get("events", [])]
    inputs = [dict(zip(_assemble.INPUT_FIELDS, r)) for r in con.execute(
        "SELECT path, item, status, reason, article FROM inputs WHERE article IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY run, path, item", [ids]).fetchall()]
    return {
        "schema_version": _schema_version(), "generated_at": _generated_at(con),
        "inputs": [{**r, "path": display_path(r["path"]), "item": _display_item(r["item"])} for r in inputs],
        "articles": [public_article(a) for a in articles], "temporal": temporal, "events": [event],
        "mixed_articles": mixed, "reuse": reuse, "claims": claims,
        "conflicts": json.loads(compare[0]) if compare else [], "framing": json.loads(compare[1]) if compare else [],
        "summary": json.loads(compare[2]) if compare else [], "time_inconsistencies": problems,
        "outlet_coverage": {event_id: json.loads(compare[3])} if compare else {},
        "run": {"articles": len(articles), "inputs": {}, "seconds_per_stage": {}},
    }


def _articles(con: Any, ids: list[str]) -> tuple[list[dict], list[dict], list[dict]]:
    return _assemble._articles(con, ids)


def article_view(con: Any, article_id: str) -> dict[str, Any] | None:
    """One article as a reader needs it: its record (no server paths), its events, and every claim
    that cites one of its sentences, with the claim's status and support."""
    articles, temporal, _ = _articles(con, [article_id])
    if not articles:
        return None
    events = [{"id": r[0], "title": r[1], "start": r[2], "end": r[3]} for r in con.execute(
        "SELECT DISTINCT e.id, e.title, e.start_date, e.end_date, e.number FROM events e "
        "JOIN event_articles x ON x.event = e.id WHERE x.article = ? ORDER BY e.number", [article_id]).fetchall()]
    claims = []
    for (data,) in con.execute("SELECT data FROM claims WHERE event IN (SELECT unnest(?::VARCHAR[])) AND "
                               "list_contains(json_extract_string(data, '$.mentions[*].article'), ?)",
                               [[e["id"] for e in events], article_id]).fetchall():
        claim = json.loads(data)
        own = sorted({m["sentence"] for m in claim["mentions"] if m["article"] == article_id})
        if own:
            others = sorted({m["article"] for m in claim["mentions"] if m["article"] != article_id},
                            key=lambda a: int(a[1:]) if a[1:].isdigit() else 0)
            claims.append({**claim, "sentences": own, "other_articles": others})
    claims.sort(key=lambda c: (c["sentences"][0], c["id"]))
    return {**public_article(articles[0]), "temporal": temporal, "events": [e["id"] for e in events],
            "event_records": events, "claims": claims}


def article_rows(con: Any, ids: list[str]) -> list[dict[str, Any]]:
    """Short records (no text) of `ids`, in the given order."""
    found = {r[0]: r for r in con.execute(
        "SELECT id, title, outlet, url, published, record->>'path', record->>'language' FROM articles "
        "WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()}
    return [{"id": r[0], "title": r[1], "outlet": r[2], "url": r[3], "published": r[4],
             "path": display_path(r[5]), "language": r[6]} for r in (found[i] for i in ids if i in found)]


def article_events(con: Any, ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for article, event in con.execute("SELECT x.article, x.event FROM event_articles x JOIN events e ON e.id = x.event "
                                      "WHERE x.article IN (SELECT unnest(?::VARCHAR[])) ORDER BY e.number",
                                      [ids]).fetchall():
        found.setdefault(article, []).append(event)
    return found


def _schema_version() -> str:
    from ..report.contract import SCHEMA_VERSION

    return SCHEMA_VERSION


def _generated_at(con: Any) -> str:
    finished = con.execute("SELECT max(finished_at) FROM runs").fetchone()[0]
    generated = finished.replace(tzinfo=dt.timezone.utc) if finished else dt.datetime.now(dt.timezone.utc)
    return generated.isoformat(timespec="seconds")
