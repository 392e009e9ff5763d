"""report.md: the same content as the HTML report, for pasting into a newsroom document."""
from __future__ import annotations

import re
from typing import Any

from .labels import chosen_events_note, claim_words, date_words, timex_text, label as _label, timex_words

# Markdown renderers pass raw HTML through; article text is untrusted, so "<" and "&" are escaped,
# and characters that would start Markdown syntax are backslash-escaped.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|])")


def _quoted(claim: dict) -> str:
    """A footnote's claim: a quote as its speaker's sentence, any other claim in quotation marks."""
    if claim.get("kind") == "quote" and claim.get("speaker"):
        return md(claim_words(claim))
    return f"“{md(claim['text'])}”"


def md(text: object) -> str:
    value = "" if text is None else str(text)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", value).replace("\n", " ")


def render_markdown(report: dict[str, Any]) -> str:
    from .html import view_model  # same per-event views as report.html, so both say the same

    model = view_model(report)
    articles = model["articles"]
    out: list[str] = ["# newsfuse report", ""]
    out += _overview(report)
    out += _legend()
    out += _index(model["event_index"])
    out += _loose_summary(model["loose_summary"])
    if not model["events"]:
        out += ["## Events", "", "No events: no report could be analysed (see the appendix).", ""]
    for view in model["events"]:
        out += _event(view, articles)
    out += _articles(report)
    if report.get("time_inconsistencies"):
        out += ["### Date problems found", ""]
        out += [f"- {md(i['article'])}: {md(timex_text(i['explanation']))}" for i in report["time_inconsistencies"]] + [""]
    out += _inputs(report)
    return "\n".join(out) + "\n"


def _overview(report: dict[str, Any]) -> list[str]:
    run = report["run"]
    counts = ", ".join(f"{n} {status}" for status, n in sorted(run["inputs"].items()))
    return [f"Generated {md(report['generated_at'])} by newsfuse {md(run['newsfuse_version'])}: "
            f"{len(report['inputs'])} inputs ({md(counts)}), {run['articles']} articles, "
            f"{len(report['events'])} events, {len(report['claims'])} claims, "
            f"{len(report['conflicts'])} conflicts.", ""] + _chosen(report)


def _chosen(report: dict[str, Any]) -> list[str]:
    note = chosen_events_note(report)
    return [f"*{md(note)}*", ""] if note else []


def _legend() -> list[str]:
    return ["*corroborated*: at least two independent reports say it (copies do not count); "
            "*single source*: one independent report; *conflicting*: reports disagree.", ""]


def _index(rows: list[dict[str, Any]]) -> list[str]:
    """Events largest first, each linked to its section (an explicit anchor: heading slugs differ
    between Markdown renderers)."""
    if len(rows) < 2:
        return []
    lines = ["## Events, largest first", "", "| event | when | reports | outlets |", "|---|---|---|---|"]
    for row in rows:
        lines.append(f"| [{md(row['title'])}](#{_anchor(row['id'])}) | {md(row['when'])} | {row['reports']} | {row['outlets']} |")
    return lines + [""]


def _anchor(event_id: str) -> str:
    return "event-" + re.sub(r"[^A-Za-z0-9-]", "", event_id)


def _loose_summary(sentences: list[dict[str, Any]]) -> list[str]:
    if not sentences:
        return []
    return ["## What happened", ""] + [f"- {md(s['text'])}" for s in sentences] + [""]


def _event(view: dict[str, Any], articles: dict[str, Any]) -> list[str]:
    event = view["event"]
    lines = [f'<a id="{_anchor(event["id"])}"></a>', "", f"## {md(event['title'])}", "",
             f"- When: {md(view['when'])}"]
    if event["places"]:
        lines.append(f"- Where: {md(', '.join(event['places']))}")
    if event["participants"]:
        lines.append(f"- Who: {md(', '.join(event['participants']))}")
    lines.append(f"- Reports ({len(view['articles'])}): " + ", ".join(md(_label(a)) for a in view["listed"])
                 + (f" and {view['unlisted']} more" if view["unlisted"] else ""))
    lines += [f"- {md(_label(articles.get(m['article'])))} also covers another event: {md(timex_text(m['explanation']))}"
              for m in view["mixed"]]
    lines.append("")
    for part in (_account, _timeline, _matrix, _conflicts, _framing, _reuse):
        lines += part(view, articles)
    return lines


def _note(event_id: str, number: int) -> str:
    return f"[^{re.sub(r'[^A-Za-z0-9-]', '', event_id)}-{number}]"


def _account(view: dict[str, Any], articles: dict[str, Any]) -> list[str]:
    account, event_id = view["account"], view["event"]["id"]
    lines = ["### What happened", ""]
    if not account["lines"]:
        return lines + ["No claims were extracted for this event yet.", ""]
    if account["fallback"]:
        lines += ["No consolidated account was written for this event; these are its best-supported claims.", ""]
    for line in account["lines"]:
        lines.append(f"- {md(timex_text(line['text']))} " + "".join(_note(event_id, c["n"]) for c in line["cites"]))
    lines.append("")
    for note in account["footnotes"]:
        claim = note["claim"]
        if claim is None:
            lines.append(f"{_note(event_id, note['n'])}: claim {md(note['id'])} (not found in this report)")
            continue
        by = ", ".join(f"{md(_label(articles.get(m['article'])))} sentence {m['sentence']}" for m in note["mentions"])
        if note["more"]:
            by += f" and {note['more']} more"
        lines.append(f"{_note(event_id, note['n'])}: {md(claim['status'].replace('_', ' '))}, "
                     f"{claim['independent_sources']} independent: {_quoted(claim)} — reported by {by}")
    return lines + [""]


def _timeline(view: dict[str, Any], articles: dict[str, Any]) -> list[str]:
    points, background = view["timeline"]["points"], view["timeline"].get("background", [])
    lines = ["### Timeline", ""]
    if not points:
        lines += ["No report of this event mentions a date newsfuse could resolve as a day of the event.", ""]
    else:
        lines += ["| date | what the report says | report |", "|---|---|---|"]
        for point in points:
            for fact in point["facts"]:
                lines.append(f"| {md(fact['words'])} | {md(fact['sentence_text'])} (“{md(fact['text'])}”) | "
                             f"{md(_label(fact['article_record']))} |")
            if point["more"]:
                lines.append(f"| {md(point['words'])} | and {point['more']} more sentences telling this day | |")
        lines.append("")
        if view["timeline"].get("days_left_out"):
            lines += [f"{view['timeline']['days_left_out']} less-told days are left out (all dates are in report.json).", ""]
    if background:
        # Markdown has no folding: background dates stay one short line each, after the event's own.
        lines += ["Earlier background the reports recall: "
                  + "; ".join(f"{md(b['words'])} ({b.get('count', len(b['facts']))}×)" for b in background)
                  + (f"; and {view['timeline']['background_left_out']} more dates"
                     if view["timeline"].get("background_left_out") else "") + ".", ""]
    return lines


_MARKS = {"reported": "✓", "contradicts": "✗", "not_reported": "·"}


def _matrix(view: dict[str, Any], articles: dict[str, Any]) -> list[str]:
    matrix = view["matrix"]
    rows = matrix["shown"]
    if not rows:
        return ["### Source matrix", "", "No claims were extracted for this event.", ""]
    if len(view["articles"]) == 1:
        return ["### Source matrix", "", f"One report tells this event: each of its {matrix['total_claims']} claims is "
                "its own (every claim is in report.json).", ""]
    heads = " | ".join(md(column["heading"]) for column in matrix["columns"])
    lines = ["### Source matrix", "", "✓ reported · ✗ contradicts · · not reported", ""]
    if matrix["hidden"]:
        lines += [f"The event's {len(rows)} leading claims of {matrix['total_claims']} (conflicting first, then by "
                  "independent support); every claim is in report.json.", ""]
    if matrix["grouped"]:
        lines += ["Columns are outlets (their number of reports in brackets); a number beside a mark says how many "
                  "of its reports do so.", ""]
    lines += [f"| claim | status | {heads} |", "|---|---|" + "---|" * len(matrix["columns"])]
    for row in rows:
        claim = row["claim"]
        marks = " | ".join(_MARKS[cell["state"]] + (str(cell["count"]) if cell["of"] > 1 and cell["count"] else "")
                           for cell in row["cells"])
        lines.append(f"| {md(claim_words(claim))} | {md(claim['status'].replace('_', ' '))} "
                     f"({claim['independent_sources']} indep.) | {marks} |")
    return lines + [""]


def _conflicts(view: dict[str, Any], articles: dict[str, Any]) -> list[str]:
    lines = ["### Where reports disagree", ""]
    if not view["conflicts"]["shown"]:
        return lines + ["No conflicts found between the reports of this event.", ""]
    for item in view["conflicts"]["shown"]:
        conflict, sides = item["conflict"], item["sides"]
        lines += [f"**{md(conflict['slot'])}**: {md(timex_text(conflict['explanation']))}", "",
                  "| " + " | ".join(md(timex_words(side["value"])) for side in sides) + " |", "|" + "---|" * len(sides),
                  "| " + " | ".join("<br>".join(f"“{md(m['text'])}” — {md(_label(articles.get(m['article'])))}"
                                               for m in side["mentions"])
                                   + (f"<br>and {side['more']} more" if side["more"] else "") for side in sides) + " |", ""]
    if view["conflicts"]["hidden"]:
        lines += [f"{view['conflicts']['hidden']} more conflicts are in report.json.", ""]
    return lines


def _framing(view: dict[str, Any], articles: dict[str, Any]) -> list[str]:
    framing = view["framing"]
    if not framing["rows"]:
        return []
    lines = ["### Framing: how each report words it", "",
             "| outlet | " + " | ".join(md(t) for t in framing["targets"]) + " |",
             "|---|" + "---|" * len(framing["targets"])]
    for row in framing["rows"]:
        cells = [", ".join(f"{md(term['term'])} ({md(term['kind'])})" for term in cell) for cell in row["cells"]]
        lines.append(f"| {md(row['outlet'])} | " + " | ".join(cells) + " |")
    if framing["hidden_rows"] or framing["hidden_targets"]:
        lines += ["", f"{framing['hidden_targets']} less-framed participants and {framing['hidden_rows']} more outlets "
                  "are in report.json."]
    return lines + [""]


def _reuse(view: dict[str, Any], articles: dict[str, Any]) -> list[str]:
    graph = view["reuse"]
    lines = ["### Who copied whom", ""]
    if not graph["links"]:
        return lines + ["No report of this event copies or rewrites another one.", ""]
    for reuse in graph["links"]:
        lines.append(f"- {md(_label(articles.get(reuse['derived'])))} is a {md(reuse['kind'].replace('_', ' '))} of "
                     f"{md(_label(articles.get(reuse['source'])))}, score {reuse['score']:.2f}, "
                     f"{len(reuse['aligned'])} aligned sentences")
        if reuse.get("evidence"):
            lines.append(f"  - Evidence: {md(timex_text(reuse['evidence']))}")
    if graph["hidden"]:
        lines.append(f"- {graph['hidden']} weaker copy links are in report.json")
    if graph["independent"]:
        more = graph["independent_count"] - len(graph["independent"])
        lines.append("- Independent: " + ", ".join(md(_label(articles.get(a))) for a in graph["independent"])
                     + (f" and {more} more" if more else ""))
    return lines + [""]


def _articles(report: dict[str, Any]) -> list[str]:
    lines = ["## Articles", ""]
    for article in report["articles"]:
        published = date_words(article["published"]["value"]) if article["published"]["value"] else "date unknown"
        lines.append(f"### {md(article['id'])}: {md(article['title'])}")
        outlet = article["outlet"] or f"not given (file {source_file(article)})"
        lines.append(f"- Outlet: {md(outlet)}; published: {md(published)}"
                     + (f" ({md(article['published']['evidence'])})" if article["published"]["evidence"] else ""))
        for rejected in article["published"].get("rejected", []):
            lines.append(f"- Not the publication date: {md(timex_words(rejected['value']))} — {md(timex_text(rejected['reason']))}")
        if article["attributed_sources"]:
            lines.append(f"- Cites: {md(', '.join(article['attributed_sources']))}")
        if article["removed_boilerplate"]:
            lines.append(f"- Removed page furniture: {md('; '.join(article['removed_boilerplate']))}")
        lines.append(f"- Language: {md(article['language'])}; source: {md(article['path'])}")
        lines.append("")
    return lines


def source_file(article: dict[str, Any]) -> str:
    return str(article.get("path") or article["id"]).replace("\\", "/").rsplit("/", 1)[-1]


def _inputs(report: dict[str, Any]) -> list[str]:
    lines = ["## Appendix: every input", "", "| input | item | status | reason | article |", "|---|---|---|---|---|"]
    for record in report["inputs"]:
        lines.append(f"| {md(record['path'])} | {md(record['item'])} | {md(record['status'])} | "
                     f"{md(record['reason'])} | {md(record['article'] or '')} |")
    return lines + [""]
