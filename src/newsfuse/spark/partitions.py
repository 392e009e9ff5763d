"""What Spark executors run: the pipeline's own per-item stage functions, one partition at a time.

The annotated articles stay on the executors (the engine's pile, `Annotated` rows keyed by order);
the driver receives a `Summary` of each: its id, anchor day and mean vector, what blocking needs.

Nothing here analyses text itself: `ingest_entries` calls `newsfuse.ingest.ingest` and
`annotate_partition` runs the article-scoped stages of `stages.STAGES` (nlp with the parse and
the sentence vectors, time) through `stages.run_stages`, exactly as the local engine does. The
models behind them are cached per process (`load_nlp`, `embeddings.load_model`), and Spark keeps
one Python worker per core alive between tasks, so each model loads once per executor core.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

import numpy as np

from ..ingest import ingest
from ..analysis import Analysis
from ..models import Article, InputRecord, TimeExpression
from ..stages import AnalysisOptions, LocalExecutor, SilentProgress, run_stages, stages_of

# (entry index in input order, item index within that entry): sorts exactly as the local engine reads.
Key = tuple[int, int]


def ingest_entries(entries: Iterable[tuple[int, str]], options: AnalysisOptions
                   ) -> Iterator[tuple[Key, InputRecord, Article | None]]:
    """Every item of every input entry (a file, or a path the local engine would report as missing
    or empty), keyed by input order. Article ids are provisional (per file) until the driver has
    seen all keys and numbers the articles a1, a2, ... in input order."""
    for index, path in entries:
        for item, (record, article) in enumerate(ingest([path], options.sources)):
            yield (index, item), record, article


def with_id(article: Article, article_id: str) -> Article:
    return dataclasses.replace(article, id=article_id)


@dataclasses.dataclass
class Annotated:
    """One article after the per-article stages, with what the time stage found in it."""

    order: int  # position among articles (a1 is 0)
    article: Article  # with its sentence vectors (`Article.sentence_vectors`)
    temporal: list[TimeExpression]
    inconsistencies: list[dict]
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)  # this article's share per stage


def annotate_partition(rows: Iterable[tuple[int, Article]], options: AnalysisOptions) -> Iterator[Annotated]:
    """The article-scoped stages over the partition's articles, as `stages.run_stages` runs them on
    all articles (NLP in batches, each article's sentence vectors in its own batches, the time stage
    per article), so one partition's results concatenated in article order equal the local run's."""
    ordered = sorted(rows, key=lambda row: row[0])
    if not ordered:
        return
    part = Analysis(articles=[a for _, a in ordered])
    run_stages(part, options, SilentProgress(), LocalExecutor(), stages_of("article"))
    shares = {name: seconds / len(part.articles) for name, seconds in part.seconds_per_stage.items()}
    temporal: dict[str, list[TimeExpression]] = {a.id: [] for a in part.articles}
    problems: dict[str, list[dict]] = {a.id: [] for a in part.articles}
    for expression in part.temporal:
        temporal[expression.article].append(expression)
    for problem in part.time_inconsistencies:
        problems[problem["article"]].append(problem)
    for (order, _), article in zip(ordered, part.articles):
        yield Annotated(order, article, temporal[article.id], problems[article.id], dict(shares))


@dataclasses.dataclass
class Summary:
    """What the driver keeps of one annotated article: a few numbers, never its text or parse."""

    order: int
    id: str
    day: int | None  # anchor day (events.blocking.anchor_days)
    vector: np.ndarray | None  # mean sentence vector (events.blocking.article_vectors)
    inconsistencies: list[dict]
    seconds: dict[str, float]


def summarise(row: Annotated) -> Summary:
    from ..events.blocking import anchor_days, article_vectors

    article = row.article
    return Summary(row.order, article.id, anchor_days([article])[article.id],
                   article_vectors([article]).get(article.id), row.inconsistencies, row.seconds)
