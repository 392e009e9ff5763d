"""How reports are named for a reader, shared by the HTML and Markdown reports."""
from __future__ import annotations

from typing import Any


def label(article: dict[str, Any] | None) -> str:
    """How a report is named for a reader: outlet, else its title, plus the id to find it."""
    if article is None:
        return "?"
    name = article.get("outlet") or clip(article.get("title") or "", 60) or "untitled"
    return f"{name} ({article['id']})"


def short_label(article: dict[str, Any] | None) -> str:
    """Column headings: outlet if known, else the id."""
    if article is None:
        return "?"
    return clip(article.get("outlet") or "", 18) or article["id"]


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
