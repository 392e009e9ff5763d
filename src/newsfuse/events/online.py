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

A single pass over-splits: which cluster an item opens or joins depends on what arrived before it.
`consolidate()`, called at the end of a batch, merges clusters by average linkage (computed from
cluster sums, candidates from the usearch index of centroids, so it stays near-linear); clusters
keep living afterwards and `add` goes on joining items to them.
"""
from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from usearch.index import Index

# Threshold of the single pass (`add`). With `consolidate` after it, the pass only has to build pure
# micro-clusters, so it is set higher than a single pass alone would be: bench/events_mstream.py,
# .40 alone NMI .906 / ARI .758 (457 clusters); .55 + consolidate .928 / .807 (363 clusters), .50 +
# consolidate .925 / .798, .60 + consolidate .927 / .803.
DEFAULT_THRESHOLD = 0.55
# Weight of the IDF token overlap (0..1) added to the cosine; set by bench/events_mstream.py.
DEFAULT_LEXICAL_WEIGHT = 0.2
# Second stage (`consolidate`): average-linkage score (mean embedding cosine over member pairs plus
# this weight times mean TF-IDF cosine) above which two clusters merge. bench/events_mstream.py,
# first pass .50: weights .5 / 1 / 1.5 (best threshold each) gave ARI .785 / .798 / .781 on the whole
# set; with weight 1, thresholds .29-.34 form a plateau on the even-numbered stories (NMI .945-.951,
# ARI .899-.923). With the defaults here: whole set .928 / .807; even stories .947 / .910; odd
# stories (held out) .931 / .887, where the previous single pass scored .902 / .765.
DEFAULT_MERGE_THRESHOLD = 0.325
DEFAULT_MERGE_LEXICAL_WEIGHT = 1.0
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
        self._item_tokens: list[frozenset[str]] = []

    def add(self, items: Iterable[Item]) -> list[int]:
        """Cluster id of each new item, in order; existing clusters keep their ids."""
        return [self._add_one(item) for item in items]

    def _add_one(self, item: Item) -> int:
        self._seen += 1
        self._document_frequency.update(item.tokens)
        self._item_tokens.append(item.tokens)
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

    def consolidate(
        self,
        threshold: float = DEFAULT_MERGE_THRESHOLD,
        lexical_weight: float = DEFAULT_MERGE_LEXICAL_WEIGHT,
    ) -> dict[int, int]:
        """Merge clusters that single-pass order split apart; returns {old id: surviving id}.

        Single-pass clustering over-splits: a story's first headlines open several clusters before
        its centroid settles, and later items join whichever is nearest. This second stage treats the
        clusters as micro-clusters and joins them by average linkage (the mean similarity over all
        pairs of members, from the cluster sums, so no pair of items is ever compared): embedding
        cosine plus `lexical_weight` times TF-IDF cosine of the members' tokens. Only the
        `candidates` nearest centroids (usearch) are considered per cluster, and the best pair is
        merged first until no candidate pair reaches `threshold`; dates veto a merge as they veto a
        join. Merged clusters keep the smaller id, `assignments` are rewritten, and later `add`
        calls join the merged clusters. Cost: about clusters * candidates * log(clusters)."""
        alive = [c for c in self.clusters if c.members]
        if len(alive) < 2:
            return {}
        idf = {t: math.log((1 + self._seen) / (1 + df)) + 1 for t, df in self._document_frequency.items()}
        lexical: dict[int, dict[str, float]] = {}
        for cluster in alive:
            total: dict[str, float] = defaultdict(float)
            for member in cluster.members:
                tokens = self._item_tokens[member]
                norm = math.sqrt(sum(idf[t] ** 2 for t in tokens)) or 1.0
                for t in tokens:
                    total[t] += idf[t] / norm
            lexical[cluster.id] = total
        by_id = {c.id: c for c in alive}

        def linkage(a: Cluster, b: Cluster) -> float:
            if not self._clusters_compatible(a, b):
                return -math.inf
            small, large = sorted((lexical[a.id], lexical[b.id]), key=len)
            shared = sum(v * large[t] for t, v in small.items() if t in large)
            pairs = len(a.members) * len(b.members)
            return (float(a.total @ b.total) + lexical_weight * shared) / pairs

        neighbours: dict[int, set[int]] = defaultdict(set)
        keys = np.array([c.id for c in alive])
        found = self._index.search(np.stack([c.centroid for c in alive]), min(self.candidates + 1, len(alive)))
        for key, row in zip(keys, np.atleast_2d(found.keys)):
            for other in row:
                other = int(other)
                if other != key and other in by_id:
                    neighbours[int(key)].add(other)
                    neighbours[other].add(int(key))
        # heap of (-linkage, a, b, version of a, version of b); an entry whose clusters changed since
        # it was pushed is stale and skipped (the fresh score was pushed when they changed)
        version: Counter = Counter()
        heap = []
        for a, others in neighbours.items():
            for b in others:
                if a < b:
                    heap.append((-linkage(by_id[a], by_id[b]), a, b, 0, 0))
        heapq.heapify(heap)
        merged_into: dict[int, int] = {}
        while heap:
            negative, a, b, version_a, version_b = heapq.heappop(heap)
            if -negative < threshold:
                break
            if a in merged_into or b in merged_into or version[a] != version_a or version[b] != version_b:
                continue
            keep, gone = by_id[a], by_id[b]
            keep.total = keep.total + gone.total
            keep.members.extend(gone.members)
            keep.tokens.update(gone.tokens)
            keep.dates.update(gone.dates)
            for t, v in lexical.pop(b).items():
                lexical[a][t] = lexical[a].get(t, 0.0) + v
            gone.total = np.zeros_like(gone.total)
            gone.members, gone.tokens, gone.dates = [], Counter(), Counter()
            merged_into[b] = a
            version[a] += 1
            self._index.remove(b)
            self._index.remove(a)
            self._index.add(a, keep.centroid)
            others = (neighbours.pop(b, set()) | neighbours[a]) - {a, b}
            neighbours[a] = {o for o in others if o not in merged_into}
            for o in neighbours[a]:
                neighbours[o].discard(b)
                neighbours[o].add(a)
                low, high = min(a, o), max(a, o)
                heapq.heappush(heap, (-linkage(keep, by_id[o]), low, high, version[low], version[high]))
        def root(key: int) -> int:
            while key in merged_into:
                key = merged_into[key]
            return key
        mapping = {old: root(old) for old in merged_into}
        self.assignments = [mapping.get(label, label) for label in self.assignments]
        return mapping

    def _clusters_compatible(self, a: Cluster, b: Cluster) -> bool:
        if a.dates and b.dates:
            gap = min(abs(x - y) for x in a.dates for y in b.dates)
            if gap > self.max_gap_days:
                return False
        return True

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
