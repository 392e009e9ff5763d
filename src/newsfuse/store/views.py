"""Slices of a collection report: one event's report, and events matching a search.

Both work on the SPEC.md report dict, so the HTML and Markdown writers render an event page with
the same code as a whole report.
"""
from __future__ import annotations

import datetime as dt
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
