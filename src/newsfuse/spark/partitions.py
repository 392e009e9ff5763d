"""What Spark executors run: the pipeline's own per-item stage functions, one partition at a time.

Nothing here analyses text itself; every function calls `newsfuse.ingest.ingest`,
`newsfuse.nlp.annotate` and `newsfuse.time.resolve_articles`, exactly as the local engine does. The
models behind them are cached per process (`load_nlp`, `embeddings.load_model`), and Spark keeps
one Python worker per core alive between tasks, so each model loads once per executor core.
"""
from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Iterator

from ..ingest import ingest
from ..models import Article, InputRecord, TimeExpression
from ..pipeline import AnalysisOptions

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
    nlp_seconds: float = 0.0
    time_seconds: float = 0.0
    embed_seconds: float = 0.0


def annotate_partition(rows: Iterable[tuple[int, Article]], options: AnalysisOptions) -> Iterator[Annotated]:
    """NLP over the partition's articles in batches (as `pipeline.run_stages` does), their sentence
    embeddings in one MiniLM batch (so no later stage embeds them again, on the driver or
    elsewhere), then the time stage per article; `resolve_articles` is per-article, so one call per
    article concatenated in article order equals one call over all articles."""
    from ..embeddings import sentence_vectors
    from ..nlp import annotate
    from ..time import resolve_articles

    ordered = sorted(rows, key=lambda row: row[0])
    if not ordered:
        return
    started = time.perf_counter()
    articles = list(annotate([a for _, a in ordered], batch_size=options.nlp_batch_size))
    nlp_share = (time.perf_counter() - started) / len(articles)
    started = time.perf_counter()
    sentence_vectors(articles)
    embed_share = (time.perf_counter() - started) / len(articles)
    for (order, _), article in zip(ordered, articles):
        started = time.perf_counter()
        temporal, problems = resolve_articles([article], options.run_date)
        yield Annotated(order, article, temporal, problems, nlp_share, time.perf_counter() - started,
                        embed_share)
