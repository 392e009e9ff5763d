"""The reuse stage on Spark: candidate pairs blocked by a shuffle on LSH band keys, verified and
aligned on the executors; the driver receives only the Reuse records (issue #8).

Every step calls the pieces `reuse.find_reuse` is made of (`reuse.candidates`, `reuse.relation`),
so both engines propose, keep and classify the same pairs:
1. per partition of articles (position, article): each article's fingerprint (word shingles of
   the text outside quotations, MinHash, datasketch's LSH band keys) and its vector (`reuse.article_vector`, the mean of the
   sentence vectors it carries);
2. the LSH channel: (band key, position) rows shuffled by band key (groupByKey); the articles in one
   bucket are each other's proposals (`bucket_pairs`);
3. the embedding-neighbour channel runs on the driver: a kNN index needs all vectors at once, and
   they are compact (384 floats per article), so they are collected and searched with usearch
   (`neighbour_pairs`); its proposals go back to the executors as position pairs;
4. both channels' proposals, each with the Jaccard it must reach, deduplicated by reduceByKey(min)
   (the lower bar when both channels propose a pair, as `proposals` does), joined with the shingle
   sets of both articles: exact Jaccard (`verified`) on the executors;
5. the kept pairs: each article goes to the tasks of the pairs it is an end of (one shuffle of
   those articles only), where `relation(a, b)` (alignment of the narrative sentences,
   classification, evidence, direction) runs with the sentence vectors the articles carry from NLP
   (a sentence that lost quoted words is embedded again in its article's own batch, so both
   engines get the same floats);
6. the driver collects (pair, Reuse) and sorts by pair, the order `find_reuse` produces.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

import numpy as np

from ..models import Article
from ..analysis import Analysis
from ..stages import AnalysisOptions
from ..embeddings import carries_sentence_vectors
from ..reuse import SentenceVectors, article_vector, relation
from ..reuse.translated import (is_readable, language_of, majority_of, story_pairs, sentence_vectors,
                                story_rows, translated_pair)
from ..reuse.candidates import (REWRITE_JACCARD, VERIFY_JACCARD, Fingerprint, bucket_pairs, fingerprint,
                                neighbour_pairs, verified)

# Articles per task: one task per core on small runs, where each extra task (and every shuffle
# stage has one per partition) costs more than its share of the work.
ARTICLES_PER_TASK = 200


def distributed_reuse(sc, analysis: Analysis, options: AnalysisOptions) -> None:
    """Fill `analysis.reuse` exactly as the pipeline's reuse stage does, with the work on executors."""
    articles = analysis.articles
    slices = _slices(sc, len(articles))
    keyed = sc.parallelize(list(enumerate(articles)), slices) if articles else sc.parallelize([], 1)
    analysis.reuse = reuse_of_pile(sc, keyed, len(articles))


def reuse_of_pile(sc, keyed, total: int, known_vectors: Mapping[int, np.ndarray] | None = None) -> list:
    """`find_reuse` over `keyed`, an RDD of (position, Article) for positions 0..total-1: the
    Reuse records, in its order. The driver holds only vectors, pairs and the records found.
    `known_vectors`: article vectors the driver already holds, by position (the pile's summaries:
    every article with sentence vectors); only the others are computed and collected."""
    from pyspark import StorageLevel

    if total < 2:
        return []
    slices = _slices(sc, total)
    known = known_vectors or {}
    skip_held = known_vectors is not None
    signed = keyed.mapPartitions(lambda rows: _sign(rows, skip_held)).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        shingles = signed.map(lambda row: (row[0], row[1].shingles))
        kept = sorted(_verify(_proposals(sc, signed, slices, known), shingles, slices).keys().collect())
        # Verified pairs are few (bench/scale.py: about one per four articles): each article goes
        # only to the tasks of its pairs.
        found = _on_pairs(sc, keyed, kept, slices, _relations) if kept else []
    finally:
        signed.unpersist()
    return [reuse for _, reuse in sorted(found, key=lambda row: row[0])] + distributed_translated(sc, keyed, slices)


def _slices(sc, total: int) -> int:
    return max(1, min(total, max(sc.defaultParallelism, -(-total // ARTICLES_PER_TASK))))


def _on_pairs(sc, keyed, pairs: list[tuple[int, int]], slices: int, work) -> list:
    """`work` over partitions of (pair, first article, second article) rows, one per pair of
    positions, collected: each article of `keyed` is sent to the pairs it is an end of (one shuffle
    of those articles only)."""
    ends: dict[int, list[tuple[int, int]]] = {}
    for pair in pairs:
        for position in pair:
            ends.setdefault(position, []).append(pair)
    shared = sc.broadcast(ends)
    try:
        return (keyed.flatMap(lambda kv: ((pair, kv) for pair in shared.value.get(kv[0], ())))
                .groupByKey(max(1, min(len(pairs), slices)))
                .map(_pair_row).mapPartitions(work).collect())
    finally:
        shared.unpersist()


def _pair_row(grouped) -> tuple:
    pair, ends = grouped
    by_position = dict(ends)
    return pair, by_position[pair[0]], by_position[pair[1]]


def distributed_translated(sc, keyed, slices: int) -> list:
    """`reuse.translated.translated_copies` with the work on executors: the story vectors of the
    articles outside the majority language (the probes) are made per partition and broadcast; each
    partition compares its own articles' story vectors with them (`story_pairs`); the pairs found go
    back out with their two articles to be aligned sentence by sentence (`translated_pair`). The
    driver holds only the count of articles per language, probe vectors and pairs."""
    readable = keyed.filter(lambda kv: is_readable(kv[1]))
    majority = majority_of(Counter(readable.map(lambda kv: language_of(kv[1])).countByValue()))
    if majority is None:
        return []
    probes = readable.filter(lambda kv: language_of(kv[1]) != majority).mapPartitions(_story_rows).collect()
    shared = sc.broadcast(sorted(probes, key=lambda row: row[0]))
    try:
        pairs = (readable.mapPartitions(lambda rows: story_pairs(shared.value, _story_rows(rows), majority))
                 .distinct().collect())
    finally:
        shared.unpersist()
    if not pairs:
        return []
    found = _on_pairs(sc, keyed, sorted(pairs), slices, _translated_links)
    return [link for _, link in sorted(found, key=lambda row: row[0])]


def _story_rows(rows: Iterable[tuple[int, Article]]) -> list:
    return story_rows(list(rows))


def _translated_links(rows: Iterable[tuple]) -> Iterator[tuple]:
    """(pair, Reuse) for the pairs of a partition that are translated copies."""
    cache: dict = {}
    for pair, first, second in rows:
        link = translated_pair(first, second, sentence_vectors(first, cache), sentence_vectors(second, cache))
        if link is not None:
            yield pair, link


def _sign(rows: Iterable[tuple[int, Article]], skip_held: bool) -> Iterator[tuple[int, Fingerprint, np.ndarray | None]]:
    """(position, fingerprint, article vector) of each article of a partition; with `skip_held`
    the vector is None where the pile's summary holds it already (`blocking.article_vectors`: an
    article with sentence vectors, the same mean)."""
    for position, article in rows:
        held = skip_held and carries_sentence_vectors(article)
        yield position, fingerprint(article.text), None if held else article_vector(article)


def _proposals(sc, signed, slices: int, known: Mapping[int, np.ndarray]):
    """((i, j), Jaccard bar) for every pair either channel proposes, each pair once."""
    banded = (signed.flatMap(lambda row: ((key, row[0]) for key in row[1].bands))
              .groupByKey(slices)
              .flatMap(lambda bucket: bucket_pairs(bucket[1]))
              .map(lambda pair: (pair, VERIFY_JACCARD)))
    vectors = dict(known)
    vectors.update(signed.filter(lambda row: row[2] is not None).map(lambda row: (row[0], row[2])).collect())
    neighbours = neighbour_pairs(np.stack([vectors[position] for position in sorted(vectors)]))
    near = sc.parallelize(sorted((pair, REWRITE_JACCARD) for pair in neighbours), slices)
    return banded.union(near).reduceByKey(min, slices)


def _verify(proposed, shingles, slices: int):
    """The proposed pairs whose exact shingle Jaccard reaches their bar, as ((i, j), None)."""
    return (_with_both_ends(proposed, shingles, slices)
            .filter(lambda row: verified(row[2], row[3], row[1]))
            .map(lambda row: (row[0], None)))


def _with_both_ends(rows, values, slices: int):
    """((i, j), payload) rows as ((i, j), payload, value of i, value of j): `values` are keyed by
    position and joined on each end of the pair in turn."""
    first = rows.map(lambda row: (row[0][0], row)).join(values, slices)
    return first.map(_by_second_position).join(values, slices).map(_flatten)


def _by_second_position(joined):
    _, (row, first_value) = joined
    return row[0][1], (row, first_value)


def _flatten(joined):
    _, ((row, first_value), second_value) = joined
    pair, payload = row
    return pair, payload, first_value, second_value


def _relations(rows: Iterable[tuple]) -> Iterator[tuple]:
    """(pair, Reuse) for the pairs of a partition that are reuse; sentence vectors shared among them."""
    vectors = SentenceVectors()
    for pair, first, second in rows:
        found = relation(first, second, vectors)
        if found is not None:
            yield pair, found
