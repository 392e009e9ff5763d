"""Average-linkage clustering of a whole pile of reports, near-linear through nearest neighbours.

Each report (an article or the segment of one) brings two views of what it says:
- a MiniLM embedding (meaning: the same happening told in other words meets), and
- a TF-IDF vector over the pile (specific content: rare words, numbers and names shared by two
  reports are strong evidence that they tell the same happening, where embeddings only say "an
  earthquake" or "a player was injured").
The similarity of two reports is `embedding_weight * cosine(embeddings) + tfidf_weight *
cosine(tf-idf)`. Two groups merge by average linkage (UPGMA: the mean similarity over all pairs of
their members) as long as it reaches `threshold`. The mean over all pairs is exact and never needs
the pairs: for unit vectors it is `sum_A . sum_B / (|A| |B|)`, so each group keeps the sum of its
members' vectors. Only groups found near each other are ever compared: each report's
`candidates` nearest neighbours (usearch, on the two views joined) seed the graph of pairs, and a
merged group inherits its parts' neighbours, so a pile of n reports costs about n * candidates
comparisons, not n².

This is the TF-IDF + average-linkage baseline of cross-document event coreference (ECB+) made
near-linear, with the embedding view and with dates: `compatible(a, b)` may veto a merge (two
happenings whose own dates are weeks apart stay apart, whatever their words).
"""
from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from usearch.index import Index

# Nearest neighbours that seed the candidate pairs of each report; measured on bench/events_pile.py
# (ECB+ dev): beyond ~15 the partition no longer changes.
DEFAULT_CANDIDATES = 20


def cluster(
    dense: np.ndarray,
    lexical: sparse.csr_matrix,
    *,
    threshold: float,
    embedding_weight: float,
    tfidf_weight: float,
    compatible: Callable[[list[int], list[int]], bool] | None = None,
    candidates: int = DEFAULT_CANDIDATES,
    search_vectors: np.ndarray | None = None,
    relative: float = 0.0,
    established: int = 2,
    cohesion_cap: float = float("inf"),
    bare: Callable[[list[int]], bool] | None = None,
    bare_threshold: float | None = None,
    distinct: Callable[[list[int], list[int]], bool] | None = None,
    distinct_established: int | None = None,
    bare_relative: float = 0.0,
    bare_established: int | None = None,
) -> list[int]:
    """A group label per row (labels are the smallest member index of each group).

    `dense`: unit embeddings (n x d); `lexical`: L2-normalised TF-IDF rows (n x vocabulary);
    `compatible(members_a, members_b)`: False forbids merging the two groups (e.g. their dates);
    `search_vectors`: the vectors whose nearest neighbours give the candidate pairs (default: the
    two views joined and weighted like the similarity); `relative`: two groups of at least `established`
    members each merge only when their linkage is at least this share of the cohesion (mean
    similarity of member pairs) of each: parts of one happening are about as close to each other as
    to themselves, two happenings of one kind are not (two boxing title defences of one champion
    share his name and the sport, but each fight's reports share more among themselves). Small
    groups are exempt: the first pairs merged are the closest, near-duplicates, whose cohesion says
    nothing of the happening's spread. `bare(members)`: whether a group carries no particulars (no
    name, place or date common to its reports): two bare groups have nothing that could tell two
    happenings apart but their words and meaning, so they merge from `bare_threshold` on, and the
    cohesion rule holds them apart only at the looser share `bare_relative` (none when 0) and from
    `bare_established` members each (default `established`). `distinct(members_a, members_b)`:
    whether each group has particulars the other lacks (its own people, places, dates); such groups come
    under the cohesion rule from `distinct_established` members on (default `established`)."""
    n = len(dense)
    if n < 2:
        return list(range(n))
    sums = dense.astype(np.float64).copy()
    lex = [dict(zip(row.indices.tolist(), row.data.tolist())) for row in (lexical.getrow(i) for i in range(n))]
    sizes = [1] * n
    selves = [embedding_weight * float(dense[i] @ dense[i]) + tfidf_weight * float(lexical[i].multiply(lexical[i]).sum())
              for i in range(n)]
    members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def linkage(a: int, b: int) -> float:
        small, large = sorted((lex[a], lex[b]), key=len)
        shared = sum(v * large[t] for t, v in small.items() if t in large)
        mean = (embedding_weight * float(sums[a] @ sums[b]) + tfidf_weight * shared) / (sizes[a] * sizes[b])
        return mean

    def cohesion(a: int) -> float:
        pairs = sizes[a] * (sizes[a] - 1)
        shared = sum(v * v for v in lex[a].values())
        return (embedding_weight * float(sums[a] @ sums[a]) + tfidf_weight * shared - selves[a]) / pairs

    def kept_apart(a: int, b: int, link: float) -> bool:
        """The cohesion rule: True when the two groups are each closer within than to each other."""
        if relative <= 0 or min(sizes[a], sizes[b]) < 2:
            return False
        if all(link >= relative * min(cohesion(x), cohesion_cap) for x in (a, b)):
            return False
        if bare is not None and bare(members[a]) and bare(members[b]):
            if bare_relative <= 0 or all(link >= bare_relative * min(cohesion(x), cohesion_cap) for x in (a, b)):
                return False
            return min(sizes[a], sizes[b]) >= (bare_established or established)
        if distinct_established is not None and distinct is not None and distinct(members[a], members[b]):
            return min(sizes[a], sizes[b]) >= distinct_established
        return min(sizes[a], sizes[b]) >= established

    neighbours = _neighbour_graph(search_vectors if search_vectors is not None else dense, candidates)
    version = [0] * n
    heap: list[tuple[float, int, int, int, int]] = []
    for a in range(n):
        for b in neighbours[a]:
            if a < b:
                heap.append((-linkage(a, b), a, b, 0, 0))
    heapq.heapify(heap)
    lowest = min(threshold, bare_threshold) if bare is not None and bare_threshold is not None else threshold
    while heap:
        negative, a, b, version_a, version_b = heapq.heappop(heap)
        if -negative < lowest:
            break
        if a not in members or b not in members or version[a] != version_a or version[b] != version_b:
            continue
        if -negative < threshold and not (bare is not None and bare(members[a]) and bare(members[b])):
            continue
        if compatible is not None and not compatible(members[a], members[b]):
            continue
        if kept_apart(a, b, -negative):
            continue
        sums[a] += sums[b]
        selves[a] += selves[b]
        for t, v in lex[b].items():
            lex[a][t] = lex[a].get(t, 0.0) + v
        lex[b] = {}
        sizes[a] += sizes[b]
        members[a].extend(members.pop(b))
        version[a] += 1
        others = (neighbours[a] | neighbours[b]) - {a, b}
        neighbours[a] = {o for o in others if o in members}
        neighbours[b] = set()
        for o in neighbours[a]:
            neighbours[o].discard(b)
            neighbours[o].add(a)
            low, high = min(a, o), max(a, o)
            heapq.heappush(heap, (-linkage(a, o), low, high, version[low], version[high]))
    labels = [0] * n
    for root, group in members.items():
        first = min(group)
        for i in group:
            labels[i] = first
    return labels


def _neighbour_graph(vectors: np.ndarray, candidates: int) -> list[set[int]]:
    """Each row's nearest rows (inner product), symmetric."""
    n = len(vectors)
    k = min(candidates + 1, n)
    index = Index(ndim=vectors.shape[1], metric="ip", dtype="f32")
    index.add(np.arange(n), np.ascontiguousarray(vectors, dtype=np.float32))
    found = index.search(np.ascontiguousarray(vectors, dtype=np.float32), k)
    graph: list[set[int]] = [set() for _ in range(n)]
    for row, keys in enumerate(np.atleast_2d(found.keys)):
        for key in keys.tolist():
            if 0 <= key < n and key != row:
                graph[row].add(int(key))
                graph[int(key)].add(row)
    return graph


def joined_search_vectors(dense: np.ndarray, lexical: sparse.csr_matrix, embedding_weight: float,
                          tfidf_weight: float, dimensions: int = 128) -> np.ndarray:
    """The two views in one dense vector per row, for nearest-neighbour search: the embedding and a
    truncated SVD (LSA) of the TF-IDF rows, scaled so that inner products follow the similarity."""
    from sklearn.decomposition import TruncatedSVD

    n, vocabulary = lexical.shape
    parts = [dense.astype(np.float32) * np.sqrt(embedding_weight)]
    components = min(dimensions, n - 1, vocabulary - 1)
    if tfidf_weight > 0 and components >= 2:
        reduced = TruncatedSVD(n_components=components, random_state=0).fit_transform(lexical)
        reduced /= np.maximum(np.linalg.norm(reduced, axis=1, keepdims=True), 1e-12)
        parts.append(reduced.astype(np.float32) * np.sqrt(tfidf_weight))
    return np.hstack(parts)


@dataclass(frozen=True)
class TermCounts:
    """Document frequencies over a collection: how many of its `documents` (report segments) hold
    each term. TF-IDF weights read from them are the collection's whatever part of it one grouping
    sees: a collection regrouping a window of its events weighs words as one `analyze` of the whole
    pile would (fitted on the window, "earthquake" is common in a window of two quakes' reports and
    weighs little; over the pile it is rare and weighs much, and the linkage between the quakes'
    reports differs)."""

    documents: int
    counts: Mapping[str, int]

    @classmethod
    def of(cls, term_sets: Sequence[frozenset[str]]) -> "TermCounts":
        return cls(len(term_sets), Counter(t for terms in term_sets for t in terms))

    def subset(self, terms: set[str]) -> "TermCounts":
        """The counts of `terms` only (what a grouping over documents holding no others reads)."""
        return TermCounts(self.documents, {t: self.counts[t] for t in terms if t in self.counts})


def _vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(sublinear_tf=True, stop_words="english", token_pattern=r"(?u)\b\w[\w.]*\w\b|\b\d\b",
                           strip_accents="unicode", dtype=np.float64)


def document_terms(texts: Sequence[str]) -> list[frozenset[str]]:
    """The distinct terms of each text, as `tfidf_rows` reads them (what document frequencies count)."""
    analyse = _vectorizer().build_analyzer()
    return [frozenset(analyse(text)) for text in texts]


def tfidf_rows(texts: Sequence[str], *more: Sequence[str], counts: TermCounts | None = None) -> list[sparse.csr_matrix]:
    """L2-normalised TF-IDF rows of `texts` (and of each further list of texts, in the same
    vocabulary): sublinear term frequency, English stop words out, numbers kept ("magnitude 6.1",
    "23 pirates" are what tell two happenings apart). IDF over `texts`, or over the collection
    `counts` describes (which holds `texts`), with the same smoothed formula."""
    vectorizer = _vectorizer()
    try:
        rows = vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # an empty vocabulary (only stop words or empty texts)
        return [sparse.csr_matrix((len(t), 1)) for t in (texts, *more)]
    if counts is not None:
        terms = vectorizer.get_feature_names_out().tolist()
        local = np.diff(rows.tocsc().indptr).tolist()  # documents of `texts` holding each term
        # a term of `texts` is in the collection at least as often as here
        frequencies = np.array([max(counts.counts.get(t, 0), n) for t, n in zip(terms, local)], dtype=np.float64)
        documents = max(counts.documents, len(texts))
        vectorizer.idf_ = np.log((1 + documents) / (1 + frequencies)) + 1
        rows = vectorizer.transform(texts).tocsr()
    return [rows] + [vectorizer.transform(t).tocsr() for t in more]
