"""report.md: the same content as the HTML report, for pasting into a newsroom document."""
from __future__ import annotations

import re
from typing import Any

# Markdown renderers pass raw HTML through; article text is untrusted, so "<" and "&" are escaped,
# and characters that would start Markdown syntax are backslash-escaped.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|])")


def md(text: object) -> str:
    value = "" if text is None else str(text)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", value).replace("\n", " ")


def render_markdown(report: dict[str, Any]) -> str:
    articles = {a["id"]: a for a in report["articles"]}
    out: list[str] = ["# newsfuse report", ""]
    out += _overview(report)
    out += _summary(report)
    out += _events(report, articles)
    out += _claims(report)
    out += _conflicts(report)
    out += _reuse(report, articles)
    out += _timeline(report, articles)
    out += _articles(report)
    out += _inputs(report)
    return "\n".join(out) + "\n"


def _overview(report: dict[str, Any]) -> list[str]:
    run = report["run"]
    counts = ", ".join(f"{n} {status}" for status, n in sorted(run["inputs"].items()))
    return [f"Generated {report['generated_at']} by newsfuse {run['newsfuse_version']}: "
            f"{len(report['inputs'])} inputs ({counts}), {run['articles']} articles, "
            f"{len(report['events'])} events, {len(report['claims'])} claims, "
            f"{len(report['conflicts'])} conflicts.", ""]


def _summary(report: dict[str, Any]) -> list[str]:
    if not report["summary"]:
        return []
    lines = ["## What happened", ""]
    for sentence in report["summary"]:
        cites = " ".join(f"[{md(c)}]" for c in sentence["claims"])
        lines.append(f"- {md(sentence['text'])} {cites}")
    return lines + [""]


def _events(report: dict[str, Any], articles: dict[str, Any]) -> list[str]:
    lines = ["## Events", ""]
    for event in report["events"]:
        dates = " – ".join(d for d in (event["start"], event["end"]) if d) or "undated"
        lines.append(f"### {md(event['id'])}: {md(event['title'])}")
        lines.append(f"- When: {md(dates)}")
        if event["places"]:
            lines.append(f"- Where: {md(', '.join(event['places']))}")
        if event["participants"]:
            lines.append(f"- Who: {md(', '.join(event['participants']))}")
        lines.append("- Reports: " + ", ".join(f"{md(a)} ({md(_label(articles.get(a)))})" for a in event["articles"]))
        lines.append("")
    for mixed in report["mixed_articles"]:
        lines.append(f"- Article {md(mixed['article'])} mixes {md(', '.join(mixed['events']))}: {md(mixed['explanation'])}")
    return lines + ([""] if report["mixed_articles"] else [])


def _claims(report: dict[str, Any]) -> list[str]:
    if not report["claims"]:
        return []
    lines = ["## Claims", "", "| id | status | independent sources | claim | reported by |", "|---|---|---|---|---|"]
    for claim in report["claims"]:
        by = ", ".join(f"{m['article']}#{m['sentence']}" for m in claim["mentions"])
        lines.append(f"| {md(claim['id'])} | {md(claim['status'])} | {claim['independent_sources']} | "
                     f"{md(claim['text'])} | {md(by)} |")
    return lines + [""]


def _conflicts(report: dict[str, Any]) -> list[str]:
    if not report["conflicts"]:
        return []
    lines = ["## Conflicts", ""]
    for conflict in report["conflicts"]:
        lines.append(f"- **{md(conflict['slot'])}** ({md(', '.join(conflict['claims']))}): "
                     f"{md(conflict['explanation'])} — values: {md(' vs '.join(conflict['values']))}")
    return lines + [""]


def _reuse(report: dict[str, Any], articles: dict[str, Any]) -> list[str]:
    if not report["reuse"]:
        return []
    lines = ["## Who copied whom", ""]
    for reuse in report["reuse"]:
        lines.append(f"- {md(reuse['derived'])} ({md(_label(articles.get(reuse['derived'])))}) is a "
                     f"{md(reuse['kind'])} of {md(reuse['source'])} ({md(_label(articles.get(reuse['source'])))}), "
                     f"score {reuse['score']:.2f}, {len(reuse['aligned'])} aligned sentences")
    return lines + [""]


def _timeline(report: dict[str, Any], articles: dict[str, Any]) -> list[str]:
    dated = sorted((t for t in report["temporal"] if t.get("value") and t["value"][:1].isdigit()),
                   key=lambda t: t["value"])
    if not dated:
        return []
    lines = ["## Timeline", "", "| date | expression | article | sentence | anchor |", "|---|---|---|---|---|"]
    for expression in dated:
        lines.append(f"| {md(expression['value'])} | {md(expression['text'])} | {md(expression['article'])} | "
                     f"{expression['sentence']} | {md(expression['anchor'])} |")
    if report.get("time_inconsistencies"):
        lines += ["", "Date inconsistencies:", ""]
        lines += [f"- {md(i['article'])}: {md(i['explanation'])} — “{md(i.get('text', ''))}”"
                  for i in report["time_inconsistencies"]]
    return lines + [""]


def _articles(report: dict[str, Any]) -> list[str]:
    lines = ["## Articles", ""]
    for article in report["articles"]:
        published = article["published"]["value"] or "date unknown"
        lines.append(f"### {md(article['id'])}: {md(article['title'])}")
        lines.append(f"- Outlet: {md(article['outlet'] or 'unknown')}; published: {md(published)}"
                     + (f" ({md(article['published']['evidence'])})" if article["published"]["evidence"] else ""))
        for rejected in article["published"].get("rejected", []):
            lines.append(f"- Not the publication date: {md(rejected['value'])} — {md(rejected['reason'])}")
        if article["attributed_sources"]:
            lines.append(f"- Cites: {md(', '.join(article['attributed_sources']))}")
        if article["removed_boilerplate"]:
            lines.append(f"- Removed page furniture: {md('; '.join(article['removed_boilerplate']))}")
        lines.append(f"- Language: {md(article['language'])}; source: {md(article['path'])}")
        lines.append("")
    return lines


def _inputs(report: dict[str, Any]) -> list[str]:
    lines = ["## Appendix: every input", "", "| input | item | status | reason | article |", "|---|---|---|---|---|"]
    for record in report["inputs"]:
        lines.append(f"| {md(record['path'])} | {md(record['item'])} | {md(record['status'])} | "
                     f"{md(record['reason'])} | {md(record['article'] or '')} |")
    return lines + [""]


def _label(article: dict[str, Any] | None) -> str:
    if article is None:
        return "?"
    return article.get("outlet") or article.get("title") or article["id"]
