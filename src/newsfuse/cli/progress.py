"""The pipeline's progress drawn with rich on stderr, one bar per stage."""
from __future__ import annotations

from rich.progress import Progress

_STAGE_LABELS = {"ingest": "Reading inputs", "nlp": "Sentences and entities", "time": "Resolving dates",
                 "events": "Grouping events", "reuse": "Tracing reuse", "compare": "Comparing claims"}


class RichProgress:
    """Draws the pipeline's progress on stderr, one bar per stage."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._tasks: dict[str, int] = {}
        self._done: dict[str, int] = {}

    def start(self, stage: str, total: int | None) -> None:
        self._tasks[stage] = self._progress.add_task(_STAGE_LABELS.get(stage, stage), total=total)
        self._done[stage] = 0

    def advance(self, stage: str, amount: int = 1) -> None:
        self._progress.advance(self._tasks[stage], amount)
        self._done[stage] += amount

    def finish(self, stage: str) -> None:
        # A stage of unknown length gets its total once done, which also stops its clock.
        done = max(self._done[stage], 1)
        self._progress.update(self._tasks[stage], total=done, completed=done)
