"""report.html: one self-contained page (no CDN, no scripts from elsewhere).

Article text is untrusted input: everything goes through Jinja2 with autoescaping on, so a
`<script>` inside an article shows as text. No value is ever marked safe.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("newsfuse.report", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals["label"] = _label
    return env


def render_html(report: dict[str, Any]) -> str:
    articles = {a["id"]: a for a in report["articles"]}
    timeline = sorted((t for t in report["temporal"] if t.get("value") and t["value"][:1].isdigit()),
                      key=lambda t: t["value"])
    return _environment().get_template("report.html.j2").render(
        report=report, articles=articles, timeline=timeline)


def _label(article: dict[str, Any] | None) -> str:
    if article is None:
        return "?"
    return article.get("outlet") or article.get("title") or article["id"]
