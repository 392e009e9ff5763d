"""Incremental (single-pass) clustering of items into events, backed by a usearch index of centroids.

Each new item is compared only with the few nearest cluster centroids that the approximate index
returns (`candidates`), so adding n items costs about n * log(clusters) instead of the n² of
pairwise clustering; clusters persist between calls to `add`, so new articles join existing events
without recomputing anything.

The score of an item against a cluster combines what each signal brings:
- embedding cosine to the centroid (meaning: the same story told in other words);
- IDF-weighted overlap of the item's tokens (named entities, places, or words) with the cluster's
  tokens (names pin a story down where embeddings only say "a summit" or "a football match");
- resolved dates: an item whose event dates are further than `max_gap_days` from every date of the
  cluster cannot join it, whatever the words say (two meetings of the same two leaders a year apart
  are two events); an item published before the cluster's first event date cannot report it.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from usearch.index import Index

# Tuned on bench/events_mstream.py (MiniLM on Google News headlines): .40 cosine alone gave
# NMI .900 / ARI .732 and over-split; with the lexical term the best single-pass threshold moved up.
DEFAULT_THRESHOLD = 0.40
# Weight of the IDF token overlap (0..1) added to the cosine; set by bench/events_mstream.py.
DEFAULT_LEXICAL_WEIGHT = 0.2
# Nearest centroids examined per item: more than ~10 changed nothing on bench/events_mstream.py.
DEFAULT_CANDIDATES = 10
# Dates further apart than this are different events (a state visit lasts days, not weeks).
DEFAULT_MAX_GAP_DAYS = 7
# A report is rarely published more than this many days before the event date it gives
# (announcements of scheduled visits); tolerance for the publication-date veto.
PUBLISHED_SLACK_DAYS = 2


@dataclass
class Item:
    """What the clusterer needs of one article, segment or headline."""

    vector: np.ndarray  # normalised embedding
    tokens: frozenset[str] = frozenset()  # entity names, places, or words (lower-case)
    dates: frozenset[int] = frozenset()  # resolved event dates as proleptic ordinals (date.toordinal)
    published: int | None = None  # publication date as an ordinal, when known


@dataclass
class Cluster:
    id: int
    total: np.ndarray
    members: list[int] = field(default_factory=list)
    tokens: Counter = field(default_factory=Counter)
    dates: Counter = field(default_factory=Counter)

    @property
    def centroid(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.total))
        return (self.total / norm).astype(np.float32) if norm > 0 else self.total.astype(np.float32)


class OnlineClusterer:
    """Assign items one at a time to the best existing cluster or open a new one.

    >>> clusterer = OnlineClusterer()
    >>> clusterer.add([Item(vector=v) for v in vectors])   # -> cluster id per item
    """

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        lexical_weight: float = DEFAULT_LEXICAL_WEIGHT,
        candidates: int = DEFAULT_CANDIDATES,
        max_gap_days: int = DEFAULT_MAX_GAP_DAYS,
        dims: int = 384,
    ) -> None:
        self.threshold = threshold
        self.lexical_weight = lexical_weight
        self.candidates = candidates
        self.max_gap_days = max_gap_days
        self.clusters: list[Cluster] = []
        self.assignments: list[int] = []
        self._index = Index(ndim=dims, metric="ip", dtype="f32")
        self._document_frequency: Counter = Counter()
        self._seen = 0

    def add(self, items: Iterable[Item]) -> list[int]:
        """Cluster id of each new item, in order; existing clusters keep their ids."""
        return [self._add_one(item) for item in items]

    def _add_one(self, item: Item) -> int:
        self._seen += 1
        self._document_frequency.update(item.tokens)
        best, best_score = None, -math.inf
        for cluster in self._nearest(item.vector):
            score = self.score(item, cluster)
            if score > best_score:
                best, best_score = cluster, score
        if best is None or best_score < self.threshold:
            best = Cluster(id=len(self.clusters), total=np.zeros_like(item.vector, dtype=np.float64))
            self.clusters.append(best)
        else:
            self._index.remove(best.id)
        best.total += item.vector
        best.members.append(len(self.assignments))
        best.tokens.update(item.tokens)
        best.dates.update(item.dates)
        self._index.add(best.id, best.centroid)
        self.assignments.append(best.id)
        return best.id

    def _nearest(self, vector: np.ndarray) -> list[Cluster]:
        if len(self._index) == 0:
            return []
        found = self._index.search(vector.astype(np.float32), min(self.candidates, len(self._index)))
        return [self.clusters[int(key)] for key in np.atleast_1d(found.keys)]

    def score(self, item: Item, cluster: Cluster) -> float:
        """Cosine to the centroid plus weighted token overlap; -inf when the dates forbid the join."""
        if not self._dates_compatible(item, cluster):
            return -math.inf
        cosine = float(cluster.centroid @ item.vector)
        return cosine + self.lexical_weight * self._token_overlap(item.tokens, cluster)

    def _token_overlap(self, tokens: frozenset[str], cluster: Cluster) -> float:
        """Share of the item's IDF mass found in the cluster, each token counted by how common it
        is among members (a name that one member in ten used counts a fifth as much as a name all
        members used; the factor 2 lets half the members suffice)."""
        if not tokens:
            return 0.0
        size = len(cluster.members)
        total = shared = 0.0
        for token in tokens:
            idf = math.log(1 + self._seen / self._document_frequency[token])
            total += idf
            if token in cluster.tokens:
                shared += idf * min(1.0, 2 * cluster.tokens[token] / size)
        return shared / total if total else 0.0

    def _dates_compatible(self, item: Item, cluster: Cluster) -> bool:
        if item.dates and cluster.dates:
            gap = min(abs(a - b) for a in item.dates for b in cluster.dates)
            if gap > self.max_gap_days:
                return False
        if item.published is not None and cluster.dates:
            if item.published + PUBLISHED_SLACK_DAYS < min(cluster.dates):
                return False
        return True


def cluster_sizes(assignments: Sequence[int]) -> Counter:
    return Counter(assignments)
