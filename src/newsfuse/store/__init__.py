"""The persistent DuckDB collection behind `newsfuse ingest` and `newsfuse serve`."""
from .collection import Collection, CollectionBusy, ConcurrentIngestError, IngestResult, content_hash
from .schema import LayoutError
from .views import event_report, search_events

__all__ = ["Collection", "CollectionBusy", "ConcurrentIngestError", "IngestResult", "LayoutError", "content_hash", "event_report", "search_events"]
