"""report.html: one self-contained page (no CDN, no script at all, works offline).

Article text is untrusted input: everything goes through Jinja2 with autoescaping on, so a
`<script>` inside an article shows as text. No value is ever marked safe, and no report value is
ever written into the page's <style> block (CSS is not escaped by Jinja): the side-by-side picker's
CSS rules use only numeric indexes.

This module turns the report dict (SPEC.md) into per-event view models — consolidated account with
footnotes, SVG timeline, claims × outlets matrix, conflicts side by side, framing per outlet, reuse
graph — and precomputed sentence alignments for side-by-side reading. The template only lays them out.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from functools import lru_cache
from itertools import combinations
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from .labels import date_words, timex_text, timex_words, label as _label, period_words, short_label as _short

# Side-by-side pairs are precomputed (the page has no script); cap them so a big collection keeps
# the file small. `newsfuse serve` compares any two articles on demand.
MAX_PAIRS = 120
MATRIX_ROWS_SHOWN = 20
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("newsfuse.report", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["label"] = _label
    env.globals["short"] = _short
    env.filters["words"] = date_words
    env.filters["timex"] = timex_words
    env.filters["timex_text"] = timex_text
    return env


def render_html(report: dict[str, Any], *, page: dict[str, Any] | None = None) -> str:
    """The whole report as one HTML page. `page` lets the web UI add links (home, search)."""
    return _environment().get_template("report.html.j2").render(page=page or {}, **view_model(report))


def render_page(template: str, **context: Any) -> str:
    """Other pages of the web UI (index, search, compare), same look and escaping rules."""
    return _environment().get_template(template).render(**context)


def view_model(report: dict[str, Any]) -> dict[str, Any]:
    articles = {a["id"]: a for a in report["articles"]}
    claims = {c["id"]: c for c in report["claims"]}
    events = [_event_view(event, report, articles, claims) for event in report["events"]]
    pairs = side_by_side_pairs(report, articles)
    statuses: dict[str, int] = defaultdict(int)
    for record in report["inputs"]:
        statuses[record["status"]] += 1
    pair_articles = _pair_articles(pairs, articles)
    return {"report": report, "articles": articles, "events": events, "pairs": pairs,
            "pair_articles": pair_articles, "pair_index": {a["id"]: i for i, a in enumerate(pair_articles)}, "input_counts": dict(statuses),
            "loose_summary": _loose_summary(report, claims)}


# --- per event ---------------------------------------------------------------------------------

def _event_view(event: dict[str, Any], report: dict[str, Any], articles: dict[str, Any],
                claims: dict[str, Any]) -> dict[str, Any]:
    ids = [a for a in event["articles"] if a in articles]
    event_claims = [c for c in report["claims"] if c["event"] == event["id"]]
    return {
        "event": event,
        "articles": [articles[a] for a in ids],
        "account": _account(event, report, claims, event_claims),
        "timeline": timeline(event, report, articles, event_claims),
        "when": period_words(event.get("start"), event.get("end")),
        "matrix": source_matrix(event_claims, ids, report["conflicts"]),
        "conflicts": _conflicts(event, report, claims, articles),
        "framing": _framing(ids, report["framing"]),
        "reuse": reuse_graph(ids, report["reuse"], articles),
        "mixed": [m for m in report["mixed_articles"] if event["id"] in m["events"]],
    }


def _account(event: dict[str, Any], report: dict[str, Any], claims: dict[str, Any],
             event_claims: list[dict[str, Any]]) -> dict[str, Any]:
    """Summary sentences of this event with footnote numbers; falls back to the best-supported claims
    so a reader always gets an account (labelled as such)."""
    sentences = [s for s in report["summary"] if _sentence_event(s, claims) == event["id"]]
    fallback = False
    if not sentences:
        fallback = True
        best = sorted(event_claims, key=lambda c: (-c["independent_sources"], c["id"]))[:5]
        sentences = [{"text": c["text"], "claims": [c["id"]]} for c in best]
    notes: dict[str, int] = {}
    lines = []
    for sentence in sentences:
        cites = []
        for claim_id in sentence["claims"]:
            number = notes.setdefault(claim_id, len(notes) + 1)
            cites.append({"n": number, "claim": claim_id})
        lines.append({"text": timex_text(sentence["text"]), "cites": cites})
    footnotes = [{"n": n, "claim": claims.get(c), "id": c} for c, n in notes.items()]
    return {"lines": lines, "footnotes": footnotes, "fallback": fallback}


def _sentence_event(sentence: dict[str, Any], claims: dict[str, Any]) -> str | None:
    for claim_id in sentence["claims"]:
        if claim_id in claims:
            return claims[claim_id]["event"]
    return None


def _loose_summary(report: dict[str, Any], claims: dict[str, Any]) -> list[dict[str, Any]]:
    """Summary sentences citing no known claim would otherwise vanish: show them once, globally."""
    return [s for s in report["summary"] if _sentence_event(s, claims) is None]


def timeline(event: dict[str, Any], report: dict[str, Any], articles: dict[str, Any],
             event_claims: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The event's own dated developments, grouped by day, with the geometry of an inline SVG chart;
    older dates the reports recall (background) are listed apart, folded away.

    Only the event's reports count, and in them only sentences that carry the event's claims (or,
    without claims, the event's segments): a split article's other event and its background years
    stay out. A date is the event's own when it falls in the event's period (a little before, for
    the run-up; some days after, for what followed); a bare year or month outside it is background.
    Dates are evenly spaced (ordinal axis) so one far-off date does not squash the rest."""
    sentences = _claim_sentences(event, event_claims)
    in_event = _event_sentences(event)
    members = set(event.get("articles", []))
    own: dict[str, list[dict[str, Any]]] = defaultdict(list)
    background: dict[str, list[dict[str, Any]]] = defaultdict(list)
    window = _window(event)
    for expression in report["temporal"]:
        match = _DATE.match(expression.get("value") or "")
        article = articles.get(expression["article"])
        if not match or article is None or expression.get("type") not in (None, "DATE", "TIME") \
                or not _covers(members, in_event, sentences, expression["article"], expression["sentence"]):
            continue
        text = article["sentences"]
        sentence = text[expression["sentence"]] if 0 <= expression["sentence"] < len(text) else ""
        fact = {**expression, "sentence_text": sentence, "article_record": article,
                "words": date_words(expression.get("value"))}
        day = match.group(0)
        (own if _is_own(day, window) else background)[day].append(fact)
    dates = sorted(own)
    width, step = 860, 0
    if dates:
        step = (width - 120) / max(len(dates) - 1, 1)
    points = []
    for i, date in enumerate(dates):
        facts = own[date]
        x = 60 + (step * i if len(dates) > 1 else (width - 120) / 2)
        points.append({"date": date, "words": date_words(date), "short": _short_date(date),
                       "x": round(x, 1), "r": round(6 + 3 * math.sqrt(len(facts) - 1), 1),
                       "count": len(facts), "facts": facts, "anchor": f"{event['id']}-t{i}",
                       "label_y": 92 if i % 2 else 108})  # alternate rows so neighbouring labels don't collide
    earlier = [{"date": d, "words": date_words(d), "facts": background[d]} for d in sorted(background)]
    return {"points": points, "background": earlier, "width": width, "height": 124}


def _claim_sentences(event: dict[str, Any], event_claims: list[dict[str, Any]] | None) -> set[tuple[str, int]] | None:
    if not event_claims:
        return None
    return {(m["article"], m["sentence"]) for c in event_claims for m in c.get("mentions", [])}


def _event_sentences(event: dict[str, Any]) -> dict[str, set[int]]:
    return {s["article"]: set(s["sentences"]) for s in event.get("segments", [])}


def _covers(members: set[str], in_event: dict[str, set[int]], sentences: set[tuple[str, int]] | None,
            article: str, sentence: int) -> bool:
    """A sentence belongs to the event when its article is one of the event's reports, it lies in the
    event's segment of a split article, and (when the event has claims) it carries one of them."""
    if article not in members:
        return False
    if article in in_event and sentence not in in_event[article]:
        return False
    return sentences is None or (article, sentence) in sentences


# The run-up (days before the event's first date) and the aftermath (days after its last) still
# belong to the event; older or later dates are background. Sample: 16-17 May 2024 visit, its
# 2023 trade figures and March 2024 election are background.
RUN_UP_DAYS = 3
AFTERMATH_DAYS = 14


def _window(event: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    start, end = _day(event.get("start")), _day(event.get("end") or event.get("start"))
    if start is None or end is None:
        return None
    return start - dt.timedelta(days=RUN_UP_DAYS), end + dt.timedelta(days=AFTERMATH_DAYS)


def _day(value: str | None) -> dt.date | None:
    match = _DATE.match(value or "")
    if not match or not match.group(3):
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _is_own(date: str, window: tuple[dt.date, dt.date] | None) -> bool:
    day = _day(date)
    if window is None:
        return day is not None  # undated event: exact days are its developments, years background
    if day is not None:
        return window[0] <= day <= window[1]
    match = _DATE.match(date)
    if match and match.group(2):  # a month: own when the event happens in it
        return (int(match.group(1)), int(match.group(2))) in {(window[0].year, window[0].month),
                                                              (window[1].year, window[1].month)}
    return False


def _short_date(date: str) -> str:
    """A compact axis label in words ("16 May 2024", "May 2024"): the full words are in the table."""
    words = date_words(date)
    return words.split(" ", 1)[1] if _day(date) is not None else words


def source_matrix(event_claims: list[dict[str, Any]], article_ids: list[str],
                  conflicts: list[dict[str, Any]]) -> dict[str, Any]:
    """Claims × reports: reported / not reported / contradicts. An article contradicts a claim when
    it reports another claim of the same conflict."""
    rivals: dict[str, set[str]] = defaultdict(set)
    for conflict in conflicts:
        for claim_id in conflict["claims"]:
            rivals[claim_id].update(c for c in conflict["claims"] if c != claim_id)
    reporters = {c["id"]: {m["article"]: m["sentence"] for m in c["mentions"]} for c in event_claims}
    order = {"conflicting": 0, "corroborated": 1, "single_source": 2}
    rows = []
    for claim in sorted(event_claims, key=lambda c: (order.get(c["status"], 3), -c["independent_sources"], c["id"])):
        cells = []
        for article_id in article_ids:
            if article_id in reporters[claim["id"]]:
                cells.append({"state": "reported", "article": article_id, "sentence": reporters[claim["id"]][article_id]})
                continue
            against = [r for r in rivals[claim["id"]] if article_id in reporters.get(r, {})]
            if against:
                cells.append({"state": "contradicts", "article": article_id, "sentence": reporters[against[0]][article_id]})
            else:
                cells.append({"state": "not_reported", "article": article_id, "sentence": None})
        rows.append({"claim": claim, "cells": cells})
    return {"shown": rows[:MATRIX_ROWS_SHOWN], "more": rows[MATRIX_ROWS_SHOWN:], "articles": article_ids}


def _conflicts(event: dict[str, Any], report: dict[str, Any], claims: dict[str, Any],
               articles: dict[str, Any]) -> list[dict[str, Any]]:
    """Each conflict with its competing claims side by side: value, wording, who says it."""
    views = []
    for conflict in report["conflicts"]:
        if conflict["event"] != event["id"]:
            continue
        sides = []
        for i, claim_id in enumerate(conflict["claims"]):
            claim = claims.get(claim_id)
            value = conflict["values"][i] if i < len(conflict["values"]) else ""
            sides.append({"id": claim_id, "value": value, "claim": claim,
                          "mentions": claim["mentions"] if claim else []})
        views.append({"conflict": conflict, "sides": sides})
    return views


def _framing(article_ids: list[str], framing: list[dict[str, Any]]) -> dict[str, Any]:
    """Outlets × participants: the terms each report uses for each target, with their kind."""
    wanted = set(article_ids)
    entries = [f for f in framing if f["article"] in wanted]
    targets = sorted({f["target"] for f in entries})
    cells: dict[tuple[str, str], dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
    for entry in entries:
        key = (entry["term"], entry["kind"])
        cell = cells[(entry["article"], entry["target"])].setdefault(
            key, {"term": entry["term"], "kind": entry["kind"], "sentence": entry["sentence"], "count": 0})
        cell["count"] += 1
    rows = [{"article": a, "cells": [list(cells[(a, t)].values()) for t in targets]}
            for a in article_ids if any(cells[(a, t)] for t in targets)]
    return {"targets": targets, "rows": rows}


def reuse_graph(article_ids: list[str], reuse: list[dict[str, Any]], articles: dict[str, Any]) -> dict[str, Any]:
    """Who copied whom, drawn: reports on a circle, an arrow from each source to what derives from it."""
    wanted = set(article_ids)
    links = [r for r in reuse if r["source"] in wanted and r["derived"] in wanted]
    size, radius = 420, 150
    centre = size / 2
    nodes = {}
    for i, article_id in enumerate(article_ids):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(article_ids), 1)
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        nodes[article_id] = {"id": article_id, "x": round(x, 1), "y": round(y, 1),
                             "label_y": round(y + (30 if y >= centre else -22), 1)}
    edges = []
    for link in links:
        a, b = nodes[link["source"]], nodes[link["derived"]]
        dx, dy = b["x"] - a["x"], b["y"] - a["y"]
        length = math.hypot(dx, dy) or 1.0
        shrink = 20 / length  # stop at the node's edge so the arrowhead shows
        edges.append({"link": link, "x1": round(a["x"] + dx * shrink, 1), "y1": round(a["y"] + dy * shrink, 1),
                      "x2": round(b["x"] - dx * shrink, 1), "y2": round(b["y"] - dy * shrink, 1),
                      "mx": round((a["x"] + b["x"]) / 2, 1), "my": round((a["y"] + b["y"]) / 2 - 6, 1)})
    linked = {r["source"] for r in links} | {r["derived"] for r in links}
    return {"nodes": list(nodes.values()), "edges": edges, "links": links, "size": size,
            "independent": [a for a in article_ids if a not in linked]}


# --- side by side ------------------------------------------------------------------------------

def side_by_side_pairs(report: dict[str, Any], articles: dict[str, Any]) -> list[dict[str, Any]]:
    """Aligned sentences for pairs of reports of the same event (reuse-linked pairs first)."""
    wanted: list[tuple[str, str]] = []
    for link in report["reuse"]:
        wanted.append(tuple(sorted((link["source"], link["derived"]))))  # type: ignore[arg-type]
    for event in report["events"]:
        ids = [a for a in event["articles"] if a in articles]
        wanted.extend(tuple(sorted(p)) for p in combinations(ids, 2))  # type: ignore[misc]
    seen: list[tuple[str, str]] = []
    for pair in wanted:
        if pair not in seen and pair[0] in articles and pair[1] in articles:
            seen.append(pair)
    return [align_pair(articles[a], articles[b], report["reuse"]) for a, b in seen[:MAX_PAIRS]]


def align_pair(left: dict[str, Any], right: dict[str, Any], reuse: list[dict[str, Any]]) -> dict[str, Any]:
    """Rows of (left sentence, right sentence) in reading order; each pair is `same` (near-identical),
    `reworded` (similar wording) or a lone sentence is `unique` to its report."""
    from rapidfuzz import fuzz, process

    a, b = left["sentences"], right["sentences"]
    matches: dict[int, tuple[int, float]] = {}
    if a and b:
        scores = process.cdist(a, b, scorer=fuzz.token_sort_ratio, processor=_normalise)
        candidates = sorted(((float(scores[i][j]), i, j) for i in range(len(a)) for j in range(len(b))
                             if scores[i][j] >= 65), reverse=True)
        for link in reuse:  # the reuse stage's alignment is better evidence than word overlap
            for derived, source, similarity in link["aligned"]:
                pair = _oriented(link, left["id"], right["id"], derived, source)
                if pair and pair[0] < len(a) and pair[1] < len(b):
                    candidates.insert(0, (max(65.0, 100 * similarity), pair[0], pair[1]))
        used_b: set[int] = set()
        for score, i, j in candidates:
            if i not in matches and j not in used_b:
                matches[i] = (j, score)
                used_b.add(j)
    rows, next_b = [], 0
    placed_b = {j for j, _ in matches.values()}
    for i, sentence in enumerate(a):
        if i in matches:
            j, score = matches[i]
            while next_b < j:  # right-only sentences that come before this match
                if next_b not in placed_b:
                    rows.append({"left": None, "right": (next_b, b[next_b]), "kind": "unique"})
                next_b += 1
            next_b = max(next_b, j + 1)
            rows.append({"left": (i, sentence), "right": (j, b[j]), "kind": "same" if score >= 90 else "reworded"})
        else:
            rows.append({"left": (i, sentence), "right": None, "kind": "unique"})
    rows += [{"left": None, "right": (j, b[j]), "kind": "unique"} for j in range(next_b, len(b)) if j not in placed_b]
    counts = {k: sum(1 for r in rows if r["kind"] == k) for k in ("same", "reworded", "unique")}
    return {"left": left["id"], "right": right["id"], "rows": rows, "counts": counts}


def _oriented(link: dict[str, Any], left: str, right: str, derived: int, source: int) -> tuple[int, int] | None:
    if (link["derived"], link["source"]) == (left, right):
        return derived, source
    if (link["source"], link["derived"]) == (left, right):
        return source, derived
    return None


def _normalise(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _pair_articles(pairs: list[dict[str, Any]], articles: dict[str, Any]) -> list[dict[str, Any]]:
    ids: list[str] = []
    for pair in pairs:
        for article_id in (pair["left"], pair["right"]):
            if article_id not in ids:
                ids.append(article_id)
    return [articles[a] for a in ids]


