"""newsfuse: what many news reports of the same events say, and how well each part is established.

The Python API (see the README section "Python API"):

    import newsfuse
    analysis = newsfuse.analyze(["reports/"])      # paths, texts, dicts or newsfuse.Document
    report = analysis.to_json()                     # the SPEC.md contract; .to_html(), .to_markdown()
    collection = newsfuse.Collection("news.duckdb") # .add(inputs), .events(...), .search(...)

Importing newsfuse loads no model and changes nothing in the host process: the names below are
imported on first use.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Analysis", "Collection", "Document", "Settings", "analyze", "__version__"]

_HOME = {"Analysis": "analysis", "Collection": "library", "Document": "models", "Settings": "settings",
         "analyze": "library"}

if TYPE_CHECKING:
    from .analysis import Analysis
    from .library import Collection, analyze
    from .models import Document
    from .settings import Settings


def __getattr__(name: str) -> Any:
    if name in _HOME:
        from importlib import import_module

        return getattr(import_module(f".{_HOME[name]}", __name__), name)
    raise AttributeError(f"module 'newsfuse' has no attribute {name!r}")
