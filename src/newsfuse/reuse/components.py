"""Reuse components: articles joined by copies, rewrites and shared wires count as one source.

Compare counts a claim's independent sources over these components, Spark's compare tasks and the
collection's batches find which articles share one (the union-find is `newsfuse.unionfind.join`).
"""
from __future__ import annotations

from collections.abc import Iterable

from ..models import Reuse
from ..unionfind import join


def source_components(articles: Iterable[str] | None, reuse: Iterable[Reuse]) -> dict[str, str]:
    """Article -> representative of its reuse component. With `articles`: exactly those articles,
    joined only by relations between two of them; with None: every article a relation touches."""
    if articles is None:
        return join((r.derived, r.source) for r in reuse)
    articles = list(articles)
    kept = set(articles)
    return join(((r.derived, r.source) for r in reuse if r.source in kept and r.derived in kept), articles)
