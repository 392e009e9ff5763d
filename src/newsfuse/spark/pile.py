"""The annotated pile, kept on the executors: the driver never holds the articles (issue #17).

After the article-scoped stages each article is an `Annotated` row (the article with its parse and
sentence vectors, its time expressions) in a persisted RDD keyed by the article's order; the driver
keeps a `Summary` of each (id, anchor day, mean vector). Later stages send each row to the tasks
that need it (a block of the events pass, a reuse pair, an event's comparison); only the report
files gather articles to the driver, and only those of the events they show (`Pile.gather`).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterator

from .partitions import Annotated, Summary, summarise


class Pile:
    """Annotated rows on the executors, (order, Annotated), in balanced ranges of order."""

    def __init__(self, rows, total: int) -> None:
        from pyspark import StorageLevel

        self.total = total
        self.parts = rows.getNumPartitions()
        self.rows = rows.persist(StorageLevel.MEMORY_AND_DISK).setName("newsfuse pile")
        # one job: runs the article stages and caches the rows
        self.summaries: list[Summary] = sorted(self.rows.map(lambda kv: summarise(kv[1])).collect(),
                                               key=lambda summary: summary.order) if total else []

    @property
    def ids(self) -> list[str]:
        return [summary.id for summary in self.summaries]

    def articles(self):
        """(order, Article) rows."""
        return self.rows.map(lambda kv: (kv[0], kv[1].article))

    def replace_temporal(self, renewed) -> None:
        """Each article's time expressions from `renewed`, (article id, expressions) rows (every
        article once); the new rows are cached before the old ones are dropped."""
        from pyspark import StorageLevel

        total, parts = self.total, self.parts
        rows = (self.rows.map(lambda kv: (kv[1].article.id, kv[1])).join(renewed, parts)
                .map(lambda kv: (kv[1][0].order, dataclasses.replace(kv[1][0], temporal=list(kv[1][1]))))
                .partitionBy(parts, lambda order: order * parts // total)
                .persist(StorageLevel.MEMORY_AND_DISK).setName("newsfuse pile"))
        rows.count()
        self.rows.unpersist()
        self.rows = rows

    def gather(self, article_ids: Collection[str] | None = None) -> list[Annotated]:
        """The rows of `article_ids` (all when None) on the driver, in article order, a partition at
        a time."""
        rows = self.rows if article_ids is None else self.rows.filter(
            _member_of(self.rows.context.broadcast(set(article_ids))))
        return sorted((row for _, row in _iterate(rows)), key=lambda row: row.order)

    def release(self) -> None:
        self.rows.unpersist()


def _member_of(shared):
    return lambda kv: kv[1].article.id in shared.value


def _iterate(rdd) -> Iterator:
    if rdd.getNumPartitions() == 0:
        return iter(())
    return rdd.toLocalIterator(prefetchPartitions=True)
