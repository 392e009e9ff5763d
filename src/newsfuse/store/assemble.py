"""The whole collection as one SPEC.md report dict, from the per-article and per-event rows."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from .records import article_from_dict

INPUT_FIELDS = ("path", "item", "status", "reason", "article")


def report(con: Any) -> dict[str, Any]:
    from ..report.contract import spec_report

    inputs = [dict(zip(INPUT_FIELDS, row)) for row in con.execute(
        "SELECT path, item, status, reason, article FROM inputs ORDER BY run, path, item").fetchall()]
    articles, temporal, problems = _articles(con)
    compared = _compared(con)
    finished = con.execute("SELECT max(finished_at) FROM runs").fetchone()[0]
    # The stage timings of the last run that analysed something (a run of known texts has none).
    seconds = (con.execute("SELECT seconds FROM runs WHERE seconds IS NOT NULL ORDER BY id DESC LIMIT 1").fetchone()
               or (None,))[0]
    return spec_report(
        inputs=inputs, articles=articles, temporal=temporal,
        events=[json.loads(row[0]) for row in con.execute("SELECT data FROM events ORDER BY number").fetchall()],
        mixed_articles=_json_rows(con, "SELECT m.data FROM mixed_articles m JOIN articles a ON a.id = m.article "
                                       "ORDER BY a.seq"),
        reuse=_json_rows(con, "SELECT data FROM reuse ORDER BY run, rowid"),
        claims=compared["claims"], conflicts=compared["conflicts"], framing=compared["framing"],
        summary=compared["summary"], time_inconsistencies=problems, outlet_coverage=compared["coverage"],
        seconds_per_stage=json.loads(seconds) if seconds else {},
        generated_at=finished.replace(tzinfo=dt.timezone.utc) if finished else None)


def _json_rows(con: Any, sql: str) -> list[Any]:
    return [json.loads(row[0]) for row in con.execute(sql).fetchall()]


def _articles(con: Any, ids: list[str] | None = None) -> tuple[list[dict], list[dict], list[dict]]:
    """Articles (with the warnings their event added), their final time expressions and problems:
    all of them, or those of `ids`."""
    where, params = ("WHERE a.id IN (SELECT unnest(?::VARCHAR[])) ", [ids]) if ids is not None else ("", [])
    rows = con.execute("SELECT a.record, t.final, t.problems, t.event_warnings FROM articles a "
                       "LEFT JOIN article_time t ON t.article = a.id " + where + "ORDER BY a.seq", params).fetchall()
    articles, temporal, problems = [], [], []
    for record, final, found, warnings in rows:
        article = article_from_dict(json.loads(record))
        article.warnings += json.loads(warnings or "[]")
        articles.append(article.to_json())
        temporal += json.loads(final or "[]")
        problems += json.loads(found or "[]")
    return articles, temporal, problems


def _compared(con: Any) -> dict[str, Any]:
    """Claims, conflicts, framing and summaries of every event, in event order."""
    claims: dict[str, list[dict]] = {}
    for event, data in con.execute("SELECT event, data FROM claims").fetchall():
        claims.setdefault(event, []).append(json.loads(data))
    found: dict[str, Any] = {"claims": [], "conflicts": [], "framing": [], "summary": [], "coverage": {}}
    for event, conflicts, framing, summary, coverage in con.execute(
            "SELECT c.event, c.conflicts, c.framing, c.summary, c.coverage FROM event_compare c "
            "JOIN events e ON e.id = c.event ORDER BY e.number").fetchall():
        found["claims"] += sorted(claims.get(event, []), key=_claim_order)
        found["conflicts"] += json.loads(conflicts)
        found["framing"] += json.loads(framing)
        found["summary"] += json.loads(summary)
        found["coverage"][event] = json.loads(coverage)
    return found


def _claim_order(claim: dict) -> int:
    """Claims are numbered per event ("e3-c12"): number order is the compare stage's order."""
    tail = claim["id"].rsplit("-c", 1)[-1]
    return int(tail) if tail.isdigit() else 0
