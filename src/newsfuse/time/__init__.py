"""The time stage: publication dates checked, time expressions found and resolved (issue #4).

`resolve_articles` runs after ingest and nlp; `reanchor_with_event` after events, for articles that
had no date of their own; `find_timexes` is the expression tagger both use (and `newsfuse timex`).
"""
from .extract import Timex, find_timexes
from .resolve import anchor_on_events, reanchor_with_event, resolve_article, resolve_articles

__all__ = ["Timex", "anchor_on_events", "find_timexes", "reanchor_with_event", "resolve_article", "resolve_articles"]
