"""The persistent DuckDB collection behind `newsfuse ingest` and `newsfuse serve`."""
from .collection import Collection, IngestResult, content_hash
from .views import event_report, search_events

__all__ = ["Collection", "IngestResult", "content_hash", "event_report", "search_events"]
