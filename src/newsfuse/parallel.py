"""The local engine on every core: a `stages.Executor` that runs the article- and event-scoped
stages in worker processes, with the results of the one-process run.

`newsfuse analyze` is one Python process, and its two big stages (nlp: spaCy and the MiniLM
sentence vectors; compare) are pure Python and torch on one thread, so on a machine of N cores
N-1 stayed idle. Their work divides as the Spark engine divides it:
- article-scoped stages (nlp, time) run on consecutive runs of articles, each worker running the
  pipeline's own stage function on its run; an article's results do not depend on which articles
  share its run (its sentence vectors are embedded in its own batches, `nlp.annotate`), so the
  runs concatenated in article order are the one-process results;
- the event-scoped stage (compare) runs one task per event, on the small Analysis the Spark engine
  builds for it (`compare.per_event.event_tasks`: the event, its articles and their reuse components),
  merged in event order (`compare.per_event.merge`);
- the other stages (events over the whole pile, reuse over pairs) stay in the parent.
Workers are fresh interpreters: they get the tuned settings in force in the parent
(`settings.in_force`, what `newsfuse.analyze(settings=...)` applied) with each task.
The executor decides only where work runs, as `stages.LocalExecutor` and `spark.engine.SparkExecutor`
do; `run_stages` still orders the stages. Spark's executors keep calling `run_stages` with
`LocalExecutor` (spark/partitions.py): a Spark worker never starts processes of its own.
"""
from __future__ import annotations

import dataclasses
import multiprocessing
import os
import sys
import types
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import ExitStack, contextmanager
from typing import Any

from .analysis import Analysis
from .embeddings import embedding_in
from .heap import release_freed_memory
from .models import Article
from .settings import in_force, with_changes
from .stages import AnalysisOptions, Executor, LocalExecutor, Progress, SilentProgress, Stage

WORKERS_ENVIRONMENT = "NEWSFUSE_WORKERS"
# Piles with fewer characters of text than this run in this process even when workers are
# allowed: a worker is a fresh interpreter importing spaCy and torch and loading both models, about
# 9.5 s of CPU each (bench/throughput.py --min-characters 0, 2026-12-03: 8 whole PolNeAR texts took
# 25.1 CPU s with two workers, 5.1 in one process), ~10 s of wall when two start at once on the
# 2-core machine. Two workers then saved 40 s on 100 whole PolNeAR texts, 465,909 characters (146 s
# in one process, 116 s with two, start-up included): 10 s is won back after ~116,000 characters
# (~25 whole articles, ~120 leads). Below, one process was as fast or faster (16 texts, 62,000
# characters, one core free: 22.6 s in one process, 24.2 s with two workers).
PARALLEL_MIN_CHARACTERS = 120_000
# Articles per task of an article-scoped stage: small enough that the last tasks leave no core idle
# for long (a whole article takes ~0.7 s of nlp), large enough that spaCy parses several texts per
# batch and a task's pickling is noise. Results do not depend on it (nor on spaCy's batch).
ARTICLES_PER_TASK = 8


def default_workers() -> int:
    """$NEWSFUSE_WORKERS, else one worker per core."""
    value = os.environ.get(WORKERS_ENVIRONMENT, "").strip()
    if value:
        return max(1, int(value))
    return os.cpu_count() or 1


def workers_for(options: AnalysisOptions, articles: list[Article]) -> int:
    """How many worker processes a pile of `articles` gets: 1 (this process) for small piles."""
    wanted = default_workers() if options.workers is None else max(1, options.workers)
    if sum(len(article.text) for article in articles) < PARALLEL_MIN_CHARACTERS:
        return 1
    return min(wanted, len(articles))


@contextmanager
def executor_for(options: AnalysisOptions, articles: list[Article]) -> Iterator[Executor]:
    """The executor `pipeline.analyze` runs `articles` with: this process alone, or a
    `ProcessExecutor` whose workers are stopped when the run ends (or fails)."""
    workers = workers_for(options, articles)
    if workers <= 1:
        yield LocalExecutor()
        return
    with ProcessExecutor(workers) as executor:
        yield executor


class ProcessExecutor:
    """Article-scoped stages over runs of articles and the event-scoped stage per event, in worker
    processes; every other stage in this process."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._embedding = ExitStack()

    def __enter__(self) -> ProcessExecutor:
        # "spawn": each worker is a fresh interpreter that loads the models itself (`_start_worker`).
        # Not "fork": the parent has usually run torch already (the events stage embeds headlines,
        # a library caller may have embedded anything), and a child forked after torch's or
        # OpenMP's thread pools started can hang on a lock no thread of the child holds; a fork
        # would also copy the parent's whole heap (every article) into each worker. Not
        # "forkserver" either: its server would need the models before the first fork to save
        # anything, which is the same fork-after-threads risk inside the server.
        self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_start_worker)
        # The pool starts a worker per submitted task until it has them all: start them now, each
        # loading the models while the others do.
        with _main_module_hidden():
            for _ in range(self.workers):
                self._pool.submit(os.getpid)
        # The workers hold MiniLM: the few texts the parent's stages embed (headlines, re-worded
        # sentences) go to them, and this process never loads torch (`embeddings.embedding_in`).
        self._embedding.enter_context(embedding_in(self._embed_in_worker))
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._embedding.close()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _embed_in_worker(self, texts: list[str], batch_size: int) -> Any:
        from .embeddings import embed

        return self.submit(embed, texts, batch_size).result()

    def run(self, stage: Stage, result: Analysis, options: AnalysisOptions, progress: Progress) -> None:
        if stage.scope == "article" and len(result.articles) > 1:
            self._on_articles(stage, result, options, progress)
        elif stage.scope == "event" and result.events:
            self._on_events(stage, result, options)
        else:
            stage.run(result, options, progress)

    def submit(self, function: Any, *args: Any) -> Future:
        if self._pool is None:
            raise RuntimeError("ProcessExecutor used outside its `with` block")
        return self._pool.submit(function, *args)

    def _on_articles(self, stage: Stage, result: Analysis, options: AnalysisOptions, progress: Progress) -> None:
        """Runs of consecutive articles, concatenated in article order. The articles come back
        too, whatever the stage says it writes: the unit of this scope is the article, and a stage
        may change its article (the time stage moves an impossible date to `published.rejected`)."""
        size = max(1, min(ARTICLES_PER_TASK, -(-len(result.articles) // (4 * self.workers))))
        runs = [result.articles[i:i + size] for i in range(0, len(result.articles), size)]
        portable, settings = _portable(options), in_force()
        futures = [self.submit(_run_on_articles, stage, run, portable, settings) for run in runs]
        for future in as_completed(futures):
            progress.advance(stage.name, len(future.result()["articles"]))
        parts = [future.result() for future in futures]
        # The workers' copies back into this process's articles, which stay the same objects (as
        # when the stage changes them in place here: a caller may hold them).
        for article, changed in zip(result.articles, _concatenated([part["articles"] for part in parts]),
                                    strict=True):
            if article.id != changed.id:
                raise RuntimeError(f"article-scoped stage {stage.name!r} returned {changed.id} for {article.id}")
            for attribute in dataclasses.fields(article):
                setattr(article, attribute.name, getattr(changed, attribute.name))
        for name in stage.writes:
            if name != "articles":
                setattr(result, name, _concatenated([part[name] for part in parts]))

    def _on_events(self, stage: Stage, result: Analysis, options: AnalysisOptions) -> None:
        """One task per event, as the Spark engine runs it (`compare.per_event`), merged in event order."""
        from .compare.per_event import event_tasks, merge

        tasks = event_tasks(result)
        # Big events first, so that one large event does not start last and leave a core idle.
        tasks.sort(key=lambda task: -len(task[1].articles))
        portable, settings = _portable(options), in_force()
        futures = [(index, self.submit(_run_on_event, stage, task, portable, settings)) for index, task in tasks]
        merge(result, stage, [future.result() for _, future in sorted(futures, key=lambda item: item[0])])


@contextmanager
def _main_module_hidden() -> Iterator[None]:
    """No main module while workers start. A spawned worker first runs the parent's main script
    again (as `__mp_main__`) unless there is none to run: a caller's script without an
    `if __name__ == "__main__"` guard, or `python -m newsfuse.cli` (whose `__main__` calls the app),
    would run again in every worker, inputs, analysis and all. The workers run only newsfuse's
    own functions, which they import by module name."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _portable(options: AnalysisOptions) -> AnalysisOptions:
    """The options a worker needs: without the callables and term sources the events stage reads
    (it runs in the parent), which need not pickle."""
    return dataclasses.replace(options, name_events=None, term_counts=None)


def _concatenated(values: list[Any]) -> Any:
    if values and isinstance(values[0], dict):
        merged: dict = {}
        for value in values:
            merged.update(value)
        return merged
    return [item for value in values for item in value]


# --- what the workers run ----------------------------------------------------------------------

def _start_worker() -> None:
    """Once per worker: the models (cached per process by `nlp.load_nlp`, `embeddings.load_model`)
    and one thread for BLAS and OpenMP, since the workers already take one core each (torch's own
    count is set to one around every encode by `embeddings._torch_threads`)."""
    from threadpoolctl import threadpool_limits

    from .embeddings import load_model
    from .nlp import load_nlp

    threadpool_limits(1)
    load_nlp()
    load_model()


def _run_on_articles(stage: Stage, articles: list, options: AnalysisOptions,
                     settings: dict[str, int | float]) -> dict[str, Any]:
    part = Analysis(articles=articles)
    with with_changes(settings).applied():
        stage.run(part, options, SilentProgress())
    # the parse's and the batches' freed heap back to the OS before the next run (newsfuse.heap),
    # as the compare stage does after each event: a worker lives for the whole analysis
    release_freed_memory()
    return {name: getattr(part, name) for name in dict.fromkeys(("articles", *stage.writes))}


def _run_on_event(stage: Stage, task: Analysis, options: AnalysisOptions,
                  settings: dict[str, int | float]) -> dict[str, Any]:
    from .compare.per_event import run_on_event

    with with_changes(settings).applied():
        return run_on_event(stage, task, options)


def worker_facts() -> dict[str, Any]:
    """What a worker runs under (for the tests): its process id, a string's hash (equal only under
    the same hash seed) and torch's thread count while it encodes."""
    from .embeddings import _torch_threads

    import torch

    with _torch_threads():
        threads = torch.get_num_threads()
    return {"pid": os.getpid(), "hash": hash("newsfuse"), "torch_threads": threads}
