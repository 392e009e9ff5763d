"""Reuse components: articles joined by copies, rewrites and shared wires count as one source.

The one union-find of the project: compare counts a claim's independent sources over these
components, Spark's compare tasks and the collection's batches find which articles share one.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..models import Reuse


def source_components(articles: Iterable[str] | None, reuse: Iterable[Reuse]) -> dict[str, str]:
    """Article -> representative of its reuse component. With `articles`: exactly those articles,
    joined only by relations between two of them; with None: every article a relation touches."""
    parent: dict[str, str] = {a: a for a in articles} if articles is not None else {}
    closed = articles is not None

    def find(a: str) -> str:
        parent.setdefault(a, a)
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for relation in reuse:
        if closed and (relation.source not in parent or relation.derived not in parent):
            continue
        parent[find(relation.derived)] = find(relation.source)
    return {a: find(a) for a in list(parent)}
