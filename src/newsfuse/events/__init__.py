"""Events: which articles (and which paragraphs of them) report the same happening.

`group_events` is the pipeline stage; `similarity.score_pair` scores two texts; `online.OnlineClusterer`
is the incremental clusterer both rely on.
"""
from __future__ import annotations

from .grouping import group_events, redate_events

__all__ = ["group_events", "redate_events"]
