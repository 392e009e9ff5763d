"""`Analysis`: every record one run produces, and the three reports it renders to.

It lives apart from the stage runner (`stages`) so that report writers, the store and Spark depend
on the records, never on the orchestration.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .models import (Article, Claim, Conflict, Event, FramingEntry, InputRecord, MixedArticle, Reuse,
                     SummarySentence, TimeExpression)


@dataclass
class ChosenEvents:
    """A report of some of a run's events: what was asked for (ids, `largest:N`) and how many
    events the run found in all."""

    asked: list[str]
    found: int

    def to_json(self) -> dict[str, Any]:
        return {"asked": self.asked, "found": self.found}


@dataclass
class Analysis:
    inputs: list[InputRecord] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    temporal: list[TimeExpression] = field(default_factory=list)
    time_inconsistencies: list[dict[str, Any]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    mixed_articles: list[MixedArticle] = field(default_factory=list)
    reuse: list[Reuse] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    framing: list[FramingEntry] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    # event id -> outlet -> {"exclusive": [claim ids], "blind_spots": [claim ids]}
    outlet_coverage: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict)
    seconds_per_stage: dict[str, float] = field(default_factory=dict)
    # article id -> warnings the events stage found for it (dates re-anchored on its event): kept
    # apart from `Article.warnings` since they hold only as long as the events do; the reports list
    # them after the article's own (`warnings_of`)
    event_warnings: dict[str, list[str]] = field(default_factory=dict)
    # Set when this Analysis holds only some of the run's events (`--events` on the Spark engine,
    # `spark.subset.select_events`): what was asked and how many events the run found, so that a
    # report says it is partial.
    chosen_events: ChosenEvents | None = None

    def warnings_of(self, article: Article) -> list[str]:
        """Everything the run warns about `article`: its own warnings, then its event's."""
        return article.warnings + self.event_warnings.get(article.id, [])

    def to_json(self) -> dict[str, Any]:
        """The report.json dict: the contract of SPEC.md."""
        from .report.contract import build_report

        return build_report(self)

    def to_markdown(self) -> str:
        """report.md as a string."""
        from .report import render_markdown

        return render_markdown(self.to_json())

    def to_html(self) -> str:
        """report.html as a string (one self-contained page)."""
        from .report import render_html

        return render_html(self.to_json())

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """report.json, report.md and report.html into `out_dir`; their paths by kind."""
        from .report import write_reports

        return write_reports(self, Path(out_dir))
