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
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import combinations
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from .labels import chosen_events_note, claim_words, date_words, timex_text, timex_words, label as _label, period_words, short_label as _short

# Every section of an event is bounded so the page grows with the input, not with claims × reports
# of each event (before: 1.53 GB of HTML for 924 PolNeAR articles, one event of 597 reports; see
# bench/report_size.py). What a section leaves out is counted on the page; report.json keeps it all.
MAX_PAIRS = 12            # side-by-side pairs precomputed (`newsfuse serve` compares any two on demand);
                          # each carries both texts: 30 pairs were 485 KB of 2.3 MB at 100 PolNeAR articles
MATRIX_ROWS_SHOWN = 20    # an event's leading claims in the source matrix
MATRIX_COLUMNS = 12       # report columns; past this, reports are grouped by outlet
MENTIONS_SHOWN = 6        # reports named under a footnote or a conflict side
REPORTS_LISTED = 30       # reports named in an event's heading
TIMELINE_DAYS = 30        # the most-told days of an event on its timeline
FACTS_PER_DAY = 4         # sentences shown per day (the count says how many tell it)
BACKGROUND_DATES = 30     # background dates listed under the fold
CONFLICTS_SHOWN = 20
FRAMING_TARGETS = 8
FRAMING_ROWS = 20
TERMS_PER_CELL = 6
REUSE_SHOWN = 30          # copy links listed and drawn
REUSE_NODES = 16          # at most this many reports drawn (past it, those of the strongest links)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("newsfuse.report", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["label"] = _label
    env.globals["claim_words"] = claim_words
    env.globals["short"] = _short
    env.globals["source_name"] = source_name
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


class _Index:
    """The report's lists grouped once by event and by article, so each event's views read only
    its own rows (the views were O(events × rows) before)."""

    def __init__(self, report: dict[str, Any]) -> None:
        self.claims_by_event = _grouped(report["claims"], "event")
        self.conflicts_by_event = _grouped(report["conflicts"], "event")
        self.temporal_by_article = _grouped(report["temporal"], "article")
        self.framing_by_article = _grouped(report["framing"], "article")
        self.reuse_by_source = _grouped(report["reuse"], "source")
        self.mixed_by_event: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for mixed in report["mixed_articles"]:
            for event_id in dict.fromkeys(mixed["events"]):
                self.mixed_by_event[event_id].append(mixed)


def _grouped(rows: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    """Rows by their value of `key`, in report order (missing keys read as an empty list)."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


def view_model(report: dict[str, Any]) -> dict[str, Any]:
    articles = {a["id"]: a for a in report["articles"]}
    claims = {c["id"]: c for c in report["claims"]}
    index = _Index(report)
    summary_by_event: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for sentence in report["summary"]:
        summary_by_event[_sentence_event(sentence, claims)].append(sentence)
    events = [_event_view(event, report, articles, claims, index, summary_by_event[event["id"]])
              for event in events_in_order(report["events"])]
    pairs = side_by_side_pairs(report, articles)
    statuses: dict[str, int] = defaultdict(int)
    for record in report["inputs"]:
        statuses[record["status"]] += 1
    pair_articles = _pair_articles(pairs, articles)
    return {"report": report, "articles": articles, "events": events, "pairs": pairs,
            "pair_articles": pair_articles, "pair_index": {a["id"]: i for i, a in enumerate(pair_articles)},
            "input_counts": dict(statuses), "loose_summary": summary_by_event[None],
            "chosen_note": chosen_events_note(report),
            "event_index": [_index_row(view) for view in events]}


def events_in_order(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Largest first (most reports), then the latest; a reader meets the main stories first."""
    latest = sorted(events, key=lambda e: e.get("end") or e.get("start") or "", reverse=True)
    return sorted(latest, key=lambda e: -len(e.get("articles", [])))


def _index_row(view: dict[str, Any]) -> dict[str, Any]:
    outlets = {source_name(a) for a in view["articles"]}
    return {"id": view["event"]["id"], "title": view["event"]["title"], "when": view["when"],
            "reports": len(view["articles"]), "outlets": len(outlets)}


def source_name(article: dict[str, Any] | None) -> str:
    """Who published a report, for a reader: the outlet, else its title, else its file name."""
    if article is None:
        return "?"
    if article.get("outlet"):
        return article["outlet"]
    if article.get("title"):
        return _clip(article["title"], 60)
    path = str(article.get("path") or article.get("id") or "")
    return path.replace("\\", "/").rsplit("/", 1)[-1] or article.get("id", "?")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- per event ---------------------------------------------------------------------------------

def _event_view(event: dict[str, Any], report: dict[str, Any], articles: dict[str, Any],
                claims: dict[str, Any], index: _Index | None = None,
                summary: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    index = index or _Index(report)
    ids = [a for a in event["articles"] if a in articles]
    event_claims = index.claims_by_event.get(event["id"], [])
    if summary is None:
        summary = [s for s in report["summary"] if _sentence_event(s, claims) == event["id"]]
    return {
        "event": event,
        "articles": [articles[a] for a in ids],
        "listed": [articles[a] for a in ids[:REPORTS_LISTED]],
        "unlisted": max(0, len(ids) - REPORTS_LISTED),
        "account": _account(summary, claims, event_claims),
        "timeline": timeline(event, report, articles, event_claims, index.temporal_by_article),
        "when": period_words(event.get("start"), event.get("end")),
        "matrix": source_matrix(event_claims, ids, index.conflicts_by_event.get(event["id"], []), articles),
        "conflicts": _conflicts(event, index.conflicts_by_event.get(event["id"], []), claims),
        "framing": _framing(ids, [f for a in ids for f in index.framing_by_article.get(a, [])], articles),
        "reuse": reuse_graph(ids, [r for a in ids for r in index.reuse_by_source.get(a, [])], articles),
        "mixed": index.mixed_by_event.get(event["id"], []),
    }


def _account(sentences: list[dict[str, Any]], claims: dict[str, Any],
             event_claims: list[dict[str, Any]]) -> dict[str, Any]:
    """Summary sentences of this event with footnote numbers; falls back to the best-supported claims
    so a reader always gets an account (labelled as such). A footnote names at most MENTIONS_SHOWN
    reports and counts the rest."""
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
    footnotes = []
    for claim_id, n in notes.items():
        claim = claims.get(claim_id)
        mentions = claim["mentions"] if claim else []
        footnotes.append({"n": n, "claim": claim, "id": claim_id, "mentions": mentions[:MENTIONS_SHOWN],
                          "more": max(0, len(mentions) - MENTIONS_SHOWN)})
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
             event_claims: list[dict[str, Any]] | None = None,
             temporal_by_article: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    """The event's own dated developments, grouped by day, with the geometry of an inline SVG chart;
    older dates the reports recall (background) are listed apart, folded away.

    Only the event's reports count, and in them only sentences that carry the event's claims (or,
    without claims, the event's segments): a split article's other event and its background years
    stay out. A date is the event's own when it falls in the event's period (a little before, for
    the run-up; some days after, for what followed); a bare year or month outside it is background.
    Dates are evenly spaced (ordinal axis) so one far-off date does not squash the rest.

    Bounded: the TIMELINE_DAYS most-told days (shown in date order), FACTS_PER_DAY sentences each,
    BACKGROUND_DATES background dates; counts say what was left out."""
    sentences = _claim_sentences(event, event_claims)
    in_event = _event_sentences(event)
    members = [a for a in dict.fromkeys(event.get("articles", []))]
    member_set = set(members)
    if temporal_by_article is None:
        expressions = [e for e in report["temporal"] if e["article"] in member_set]
    else:
        expressions = [e for a in members for e in temporal_by_article.get(a, [])]
    own: dict[str, list[dict[str, Any]]] = defaultdict(list)
    background: dict[str, list[dict[str, Any]]] = defaultdict(list)
    window = _window(event)
    for expression in expressions:
        match = _DATE.match(expression.get("value") or "")
        article = articles.get(expression["article"])
        if not match or article is None or expression.get("type") not in (None, "DATE", "TIME") \
                or not _covers(member_set, in_event, sentences, expression["article"], expression["sentence"]):
            continue
        day = match.group(0)
        (own if _is_own(day, window) else background)[day].append(expression)
    told = sorted(own, key=lambda d: (-len(own[d]), d))[:TIMELINE_DAYS]
    dates = sorted(told)
    # As wide as its days need (110 px a day, 360 to 860): the drawing shrinks to a phone's width, so a
    # two-day chart drawn 860 wide would come out with unreadable labels there.
    width, step = min(860, max(360, 120 + 110 * (len(dates) - 1))), 0
    if dates:
        step = (width - 120) / max(len(dates) - 1, 1)
    points = []
    for i, date in enumerate(dates):
        facts = own[date]
        x = 60 + (step * i if len(dates) > 1 else (width - 120) / 2)
        points.append({"date": date, "words": date_words(date), "short": _short_date(date),
                       "x": round(x, 1), "r": round(6 + 3 * math.sqrt(min(len(facts), 50) - 1), 1),
                       "count": len(facts), "facts": [_fact(f, articles) for f in facts[:FACTS_PER_DAY]],
                       "more": max(0, len(facts) - FACTS_PER_DAY), "anchor": f"{event['id']}-t{i}",
                       "label_y": 92 if i % 2 else 108})  # alternate rows so neighbouring labels don't collide
    shown_background = sorted(sorted(background, key=lambda d: (-len(background[d]), d))[:BACKGROUND_DATES])
    earlier = [{"date": d, "words": date_words(d), "count": len(background[d]),
                "facts": [_fact(f, articles) for f in background[d][:2]],
                "more": max(0, len(background[d]) - 2)} for d in shown_background]
    return {"points": points, "background": earlier, "width": width, "height": 124,
            "days_left_out": max(0, len(own) - len(dates)),
            "background_left_out": max(0, len(background) - len(shown_background))}


def _fact(expression: dict[str, Any], articles: dict[str, Any]) -> dict[str, Any]:
    article = articles[expression["article"]]
    text = article["sentences"]
    sentence = text[expression["sentence"]] if 0 <= expression["sentence"] < len(text) else ""
    return {**expression, "sentence_text": sentence, "article_record": article,
            "words": date_words(expression.get("value"))}


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
                  conflicts: list[dict[str, Any]], articles: dict[str, Any] | None = None) -> dict[str, Any]:
    """The event's leading claims × its reports: reported / not reported / contradicts. An article
    contradicts a claim when it reports another claim of the same conflict.

    Bounded: MATRIX_ROWS_SHOWN claims (conflicting first, then by independent support); up to
    MATRIX_COLUMNS reports as columns, or past that one column per outlet (its reports pooled: the
    cell says how many of them report the claim) and one for the remaining reports."""
    rivals: dict[str, set[str]] = defaultdict(set)
    for conflict in conflicts:
        for claim_id in conflict["claims"]:
            rivals[claim_id].update(c for c in conflict["claims"] if c != claim_id)
    order = {"conflicting": 0, "corroborated": 1, "single_source": 2}
    leading = sorted(event_claims, key=lambda c: (order.get(c["status"], 3), -c["independent_sources"],
                                                  -len(c.get("mentions", [])), c["id"]))[:MATRIX_ROWS_SHOWN]
    needed = {c["id"] for c in leading} | {r for c in leading for r in rivals[c["id"]]}
    by_id = {c["id"]: c for c in event_claims}
    reporters = {cid: {m["article"]: m["sentence"] for m in by_id[cid]["mentions"]} for cid in needed if cid in by_id}
    columns = _matrix_columns(article_ids, articles or {})
    rows = []
    for claim in leading:
        cells = []
        for column in columns:
            reported = [a for a in column["members"] if a in reporters[claim["id"]]]
            if reported:
                cells.append({"state": "reported", "article": reported[0], "sentence": reporters[claim["id"]][reported[0]],
                              "count": len(reported), "of": len(column["members"])})
                continue
            against = [(a, r) for a in column["members"] for r in rivals[claim["id"]] if a in reporters.get(r, {})]
            if against:
                article_id, rival = against[0]
                cells.append({"state": "contradicts", "article": article_id, "sentence": reporters[rival][article_id],
                              "count": len({a for a, _ in against}), "of": len(column["members"])})
            else:
                cells.append({"state": "not_reported", "article": column["id"], "sentence": None,
                              "count": 0, "of": len(column["members"])})
        rows.append({"claim": claim, "cells": cells})
    return {"shown": rows, "more": [], "hidden": max(0, len(event_claims) - len(rows)),
            "total_claims": len(event_claims), "articles": article_ids, "columns": columns,
            "grouped": len(columns) != len(article_ids) or any(len(c["members"]) > 1 for c in columns)}


def _matrix_columns(article_ids: list[str], articles: dict[str, Any]) -> list[dict[str, Any]]:
    if len(article_ids) <= MATRIX_COLUMNS:
        headings = {a: _short(articles.get(a)) if articles else a for a in article_ids}
        uses = Counter(headings.values())
        twice = {h for h, n in uses.items() if n > 1}
        return [{"id": a, "members": [a], "heading": f"{headings[a]} ({a})" if headings[a] in twice else headings[a],
                 "title": _label(articles.get(a)) if articles else a} for a in article_ids]
    groups: dict[str, list[str]] = defaultdict(list)
    for article_id in article_ids:
        groups[source_name(articles.get(article_id))].append(article_id)
    ranked = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    kept, rest = ranked[: MATRIX_COLUMNS - 1], [a for _, members in ranked[MATRIX_COLUMNS - 1:] for a in members]
    if len(ranked) == MATRIX_COLUMNS:
        kept, rest = ranked, []
    columns = [{"id": members[0], "members": members, "heading": f"{_clip(name, 18)} ({len(members)})",
                "title": f"{name}: {len(members)} report{'s' if len(members) != 1 else ''}"} for name, members in kept]
    if rest:
        columns.append({"id": rest[0], "members": rest, "heading": f"others ({len(rest)})",
                        "title": f"{len(rest)} reports of {len(ranked) - len(kept)} other sources"})
    return columns


def _conflicts(event: dict[str, Any], conflicts: list[dict[str, Any]], claims: dict[str, Any]) -> dict[str, Any]:
    """Each conflict with its competing claims side by side: value, wording, who says it (the first
    CONFLICTS_SHOWN conflicts, MENTIONS_SHOWN reports a side)."""
    views = []
    for conflict in conflicts[:CONFLICTS_SHOWN]:
        if conflict["event"] != event["id"]:
            continue
        sides = []
        for i, claim_id in enumerate(conflict["claims"]):
            claim = claims.get(claim_id)
            value = conflict["values"][i] if i < len(conflict["values"]) else ""
            mentions = claim["mentions"] if claim else []
            sides.append({"id": claim_id, "value": value, "claim": claim, "mentions": mentions[:MENTIONS_SHOWN],
                          "more": max(0, len(mentions) - MENTIONS_SHOWN)})
        views.append({"conflict": conflict, "sides": sides})
    return {"shown": views, "hidden": max(0, len(conflicts) - CONFLICTS_SHOWN)}


def _framing(article_ids: list[str], framing: list[dict[str, Any]],
             articles: dict[str, Any] | None = None) -> dict[str, Any]:
    """Outlets × participants: the terms each outlet (a report, where the outlet is unknown) uses for
    each target, with their kind. Bounded: the FRAMING_TARGETS most-framed targets, the FRAMING_ROWS
    outlets with most terms, TERMS_PER_CELL terms a cell (most used first)."""
    articles = articles or {}
    wanted = set(article_ids)
    entries = [f for f in framing if f["article"] in wanted]
    per_target: dict[str, int] = defaultdict(int)
    for entry in entries:
        per_target[entry["target"]] += 1
    targets = sorted(sorted(per_target, key=lambda t: (-per_target[t], t))[:FRAMING_TARGETS])
    shown_targets = set(targets)
    cells: dict[tuple[str, str], dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
    outlets: dict[str, str] = {}
    for entry in entries:
        if entry["target"] not in shown_targets:
            continue
        article = articles.get(entry["article"])
        outlet = source_name(article) if article else entry["article"]
        outlets.setdefault(outlet, entry["article"])
        key = (entry["term"], entry["kind"])
        cell = cells[(outlet, entry["target"])].setdefault(
            key, {"term": entry["term"], "kind": entry["kind"], "article": entry["article"],
                  "sentence": entry["sentence"], "count": 0})
        cell["count"] += 1
    weight = {o: sum(len(cells[(o, t)]) for t in targets) for o in outlets}
    ranked = sorted(outlets, key=lambda o: (-weight[o], o))
    rows = [{"outlet": o, "article": outlets[o],
             "cells": [sorted(cells[(o, t)].values(), key=lambda c: -c["count"])[:TERMS_PER_CELL] for t in targets]}
            for o in ranked[:FRAMING_ROWS]]
    return {"targets": targets, "rows": rows, "hidden_rows": max(0, len(ranked) - FRAMING_ROWS),
            "hidden_targets": max(0, len(per_target) - len(targets))}


def reuse_graph(article_ids: list[str], reuse: list[dict[str, Any]], articles: dict[str, Any]) -> dict[str, Any]:
    """Who copied whom, drawn: reports on a circle, an arrow from each source to what derives from it.
    Bounded: the REUSE_SHOWN strongest links; past REUSE_NODES reports only linked ones are drawn."""
    wanted = set(article_ids)
    every = [r for r in reuse if r["source"] in wanted and r["derived"] in wanted]
    links = sorted(every, key=lambda r: -r["score"])[:REUSE_SHOWN]
    linked = {r["source"] for r in every} | {r["derived"] for r in every}
    drawn = article_ids
    if len(article_ids) > REUSE_NODES:  # a readable drawing: the reports of the strongest links only
        drawn = list(dict.fromkeys(x for r in links for x in (r["source"], r["derived"])))[:REUSE_NODES]
    size, radius = 420, 150
    centre = size / 2
    nodes = {}
    for i, article_id in enumerate(drawn):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(drawn), 1)
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        nodes[article_id] = {"id": article_id, "x": round(x, 1), "y": round(y, 1),
                             "label_y": round(y + (30 if y >= centre else -22), 1)}
    edges = []
    for link in links:
        if link["source"] not in nodes or link["derived"] not in nodes:
            continue  # listed in words below, not drawn
        a, b = nodes[link["source"]], nodes[link["derived"]]
        dx, dy = b["x"] - a["x"], b["y"] - a["y"]
        length = math.hypot(dx, dy) or 1.0
        shrink = 20 / length  # stop at the node's edge so the arrowhead shows
        edges.append({"link": link, "x1": round(a["x"] + dx * shrink, 1), "y1": round(a["y"] + dy * shrink, 1),
                      "x2": round(b["x"] - dx * shrink, 1), "y2": round(b["y"] - dy * shrink, 1),
                      "mx": round((a["x"] + b["x"]) / 2, 1), "my": round((a["y"] + b["y"]) / 2 - 6, 1)})
    independent = [a for a in article_ids if a not in linked]
    return {"nodes": list(nodes.values()), "edges": edges, "links": links, "size": size,
            "hidden": len(every) - len(links), "independent": independent[:REPORTS_LISTED],
            "independent_count": len(independent)}


# --- side by side ------------------------------------------------------------------------------

def side_by_side_pairs(report: dict[str, Any], articles: dict[str, Any]) -> list[dict[str, Any]]:
    """Aligned sentences for pairs of reports of the same event: reuse-linked pairs first (strongest
    first), then each event's first pairs in turn, at most MAX_PAIRS."""
    wanted: list[tuple[str, str]] = []
    for link in sorted(report["reuse"], key=lambda r: -r["score"]):
        wanted.append(tuple(sorted((link["source"], link["derived"]))))  # type: ignore[arg-type]
    per_event = []
    for event in report["events"]:
        ids = [a for a in event["articles"] if a in articles][:MAX_PAIRS + 1]
        per_event.append([tuple(sorted(p)) for p in combinations(ids, 2)])
    for round_ in range(MAX_PAIRS):  # round robin, so a big event does not take every pair
        added = [pairs[round_] for pairs in per_event if round_ < len(pairs)]
        if not added:
            break
        wanted.extend(added)  # type: ignore[arg-type]
        if len(wanted) > 4 * MAX_PAIRS:
            break
    seen: dict[tuple[str, str], None] = {}
    for pair in wanted:
        if pair[0] in articles and pair[1] in articles and pair[0] != pair[1]:
            seen.setdefault(pair, None)
        if len(seen) >= MAX_PAIRS:
            break
    return [align_pair(articles[a], articles[b], report["reuse"]) for a, b in seen]


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


