"""The collection's article vectors in a usearch index, kept in a file beside the DuckDB file.

The reuse stage's embedding channel asks for each article's nearest articles. Rebuilding that
index from every stored vector would make each batch cost as much as the collection; instead the
index is saved after each run and loaded (or kept in memory by a long-lived process) for the next.
DuckDB stays the truth: an index file that does not hold exactly the stored vectors (missing, from
a copied database, or from a run that failed after its commit) is rebuilt from `article_vectors`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from usearch.index import Index

from ..embeddings import DIMENSIONS
from .records import from_blob


class NeighbourIndex:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.index: Index | None = None
        self.rebuilt = False  # whether the last `ready` had to rebuild (for run statistics)

    def ready(self, con: Any) -> Index:
        """The index, checked against the stored vectors: same count and same highest key."""
        count, top = con.execute("SELECT count(*), coalesce(max(seq), -1) FROM article_vectors").fetchone()
        self.rebuilt = False
        if self.index is None or not _matches(self.index, count, top):
            self.index = self._load() if self.path.exists() else None
            if self.index is None or not _matches(self.index, count, top):
                self.index = _rebuild(con)
                self.rebuilt = True
        return self.index

    def _load(self) -> Index | None:
        try:
            return Index.restore(str(self.path))
        except Exception:  # noqa: BLE001 - a damaged cache file is rebuilt, never fatal
            return None

    def save(self) -> None:
        if self.index is not None:
            tmp = self.path.with_name(self.path.name + ".tmp")
            self.index.save(str(tmp))
            tmp.replace(self.path)

    def forget(self) -> None:
        """Drop the in-memory index (after a failed run whose additions were not committed)."""
        self.index = None


def _matches(index: Index, count: int, top: int) -> bool:
    return len(index) == count and (count == 0 or index.contains(top))


def _rebuild(con: Any) -> Index:
    index = new_index()
    rows = con.execute("SELECT seq, document FROM article_vectors ORDER BY seq").fetchall()
    if rows:
        index.add(np.array([r[0] for r in rows]), np.vstack([from_blob(r[1]) for r in rows]))
    return index


def new_index() -> Index:
    return Index(ndim=DIMENSIONS, metric="ip", dtype="f32")


def nearest(index: Index, vectors: np.ndarray, k: int) -> list[list[int]]:
    """Keys of the k nearest stored vectors of each row (fewer when the index is smaller)."""
    if len(index) == 0 or len(vectors) == 0:
        return [[] for _ in range(len(vectors))]
    found = index.search(np.asarray(vectors, dtype=np.float32), min(k, len(index)))
    if not hasattr(found, "counts"):  # one query row gives a single, already trimmed, Matches
        return [[int(key) for key in np.atleast_1d(found.keys)]]
    return [[int(key) for key in row[:count]] for row, count in zip(np.atleast_2d(found.keys), found.counts)]


def nearest_within(index: Index, vectors: np.ndarray, k: int, floor: float) -> list[list[int]]:
    """Keys of the k nearest stored vectors of each row whose cosine (inner product of unit vectors)
    is at least `floor`."""
    if len(index) == 0 or len(vectors) == 0:
        return [[] for _ in range(len(vectors))]
    found = index.search(np.asarray(vectors, dtype=np.float32), min(k, len(index)))
    if not hasattr(found, "counts"):
        rows = [(np.atleast_1d(found.keys), np.atleast_1d(found.distances), len(np.atleast_1d(found.keys)))]
    else:
        rows = zip(np.atleast_2d(found.keys), np.atleast_2d(found.distances), found.counts)
    # usearch's "ip" distance is 1 - inner product
    return [[int(key) for key, distance in zip(keys[:count], distances[:count]) if 1.0 - float(distance) >= floor]
            for keys, distances, count in rows]


def vectors_of(index: Index, keys: list[int]) -> np.ndarray:
    if not keys:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    found = index.get(np.array(keys), dtype=np.float32)
    rows = found if isinstance(found, tuple) else [found]  # usearch returns a tuple for several keys
    return np.vstack([np.asarray(row, dtype=np.float32).reshape(-1, DIMENSIONS) for row in rows])
