"""`analyze`: inputs through ingest and every stage (`stages.run_stages`) on this machine.

Kept as the module the CLI, the server and older callers import; the records live in `analysis`,
the stage list and its runner in `stages`, the typed public API in `newsfuse.library`.
"""
from __future__ import annotations

from collections.abc import Iterable

from .analysis import Analysis
from .ingest import ingest
from .ingest.sources import Input
from .parallel import executor_for
from .stages import STAGES, AnalysisOptions, Progress, SilentProgress, Stage, run_stages, timed_stage

__all__ = ["Analysis", "AnalysisOptions", "Progress", "SilentProgress", "STAGES", "Stage", "analyze", "read_inputs",
           "run_stages"]


def analyze(inputs: Iterable[Input], options: AnalysisOptions | None = None,
            progress: Progress | None = None) -> Analysis:
    """Run every stage over `inputs` (paths, texts, dicts or Documents: see `ingest.sources`), the
    article- and event-scoped ones in `options.workers` processes (`parallel.executor_for`) with the
    results of one process."""
    options = options or AnalysisOptions()
    progress = progress or SilentProgress()
    result = read_inputs(inputs, options, progress)
    with executor_for(options, result.articles) as executor:
        run_stages(result, options, progress, executor)
    return result


def read_inputs(inputs: Iterable[Input], options: AnalysisOptions, progress: Progress) -> Analysis:
    """The ingest stage: every input item's record, and the articles, into a new Analysis."""
    result = Analysis()
    with timed_stage(result, "ingest", progress, None):
        for record, article in ingest(inputs, options.sources):
            result.inputs.append(record)
            if article is not None:
                result.articles.append(article)
            progress.advance("ingest")
    return result
