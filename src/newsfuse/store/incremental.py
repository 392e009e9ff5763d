"""One ingest batch through `stages.run_stages`, touching only what the batch can change.

`BatchAnalysis` is the runner's executor for a collection: each stage of `stages.STAGES` runs
unchanged, on what its scope needs in the batch:
- article-scoped stages (nlp with the sentence vectors, time) on the new articles only;
- the whole-pile stage (events): the stored events a new article can join or change (those within
  the batch's date window, store.window, and those of each new article's nearest stored articles,
  by `embeddings.article_vector`), and the events grouped when the collection was much smaller
  (`window.REGROUP_GROWTH`), are loaded with their articles and regrouped together with the new
  articles by the events stage `analyze` runs (average linkage over the pile, events.linkage),
  the grouped events named by `window.stable_ids` before re-anchoring cites them; those events are
  replaced, every other stored event is kept as it is. Ids survive when an event mostly continues a
  stored one (window.stable_ids);
- pair-scoped stages (reuse): candidates of the new articles only (store.reuse_delta, assembled by
  `reuse.candidates.kept_pairs` as in a full run), each checked by the reuse stage's relation;
- event-scoped stages (compare): run per event, on the events whose segments, participants or
  articles' dates changed, and on events in which a new reuse relation joins two of their articles
  into one source.
Stored articles come back with their sentence vectors and parsed Docs (store.docs), so regrouping
and comparing them embeds and parses nothing again; what still grows with the collection is the
compare stage of an event that keeps growing, which compares all its articles each time it changes.

What can differ from one `pipeline.analyze` of the same articles (bench/ingest_growth.py measures
it, bench/collection_vs_analyze.py measures the events): the grouping sees only the window (its
candidate neighbours too; its TF-IDF weights are the collection's, `CollectionTerms`, as they were
when each event was last grouped), so an event can split or merge differently; stored
events outside the window never move, even if a full run would have let a change cascade through
them; the embedding-neighbour reuse channel looked for neighbours when each
article arrived, so it can keep a pair a later article would have pushed out of the top
NEIGHBOURS (an extra candidate, still checked by the relation).
"""
from __future__ import annotations

import dataclasses
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..analysis import Analysis
from ..models import Article, Event, MixedArticle, Reuse, TimeExpression
from ..stages import SilentProgress, Stage, run_stages
from ..events.linkage import DEFAULT_CANDIDATES, TermCounts
from ..reuse.components import source_components
from . import docs, reuse_delta, schema, window
from .neighbours import nearest_within, vectors_of
from ..embeddings import DIMENSIONS
from .records import article_from_dict, event_from, from_blob, reuse_from, timexes_from, timexes_json


# Stored articles (nearest by document vector) whose events join each new article's window: as many
# as the nearest neighbours that seed each report's candidate pairs in the linkage (events.linkage),
# since a report only ever meets groups its candidate pairs reach.
NEAREST_STORED = DEFAULT_CANDIDATES
# ...of which only those at least this close (document cosine): a stored report further away cannot
# be the one a new report joins. On ECB+ dev every report's closest report of its own (gold) event
# is at cosine .435 or more (median .867), so .35 keeps them all while a small collection does not
# pull every stored event of other happenings into each batch.
NEAREST_COSINE = 0.35


@dataclass
class ArticleTime:
    own: list[TimeExpression]  # resolved from the article alone (the time stage)
    final: list[TimeExpression]  # after undated articles were anchored on their event
    problems: list[dict[str, Any]]
    event_warnings: list[str] = field(default_factory=list)  # added by anchoring on the event


@dataclass
class Delta:
    """Everything one batch writes; `Collection._save` stores it in one transaction."""

    new: list[Article] = field(default_factory=list)
    docs: dict[str, bytes] = field(default_factory=dict)  # parsed new articles (store.docs)
    document_vectors: dict[str, np.ndarray] = field(default_factory=dict)
    time: dict[str, ArticleTime] = field(default_factory=dict)  # new articles and re-timed stored ones
    events: list[Event] = field(default_factory=list)  # recomputed events, final ids
    replaced: set[str] = field(default_factory=set)  # stored event ids whose rows are rewritten or dropped
    days: dict[str, set[int]] = field(default_factory=dict)
    mixed: list[MixedArticle] = field(default_factory=list)
    mixed_scope: set[str] = field(default_factory=set)  # articles whose mixed-article rows are rewritten
    reuse: list[Reuse] = field(default_factory=list)
    bands: dict[str, list[tuple[int, bytes]]] = field(default_factory=dict)
    compared: dict[str, Analysis] = field(default_factory=dict)  # event id -> what compare wrote for it
    next_event: int = 1
    # segments of the new articles, and how many of them hold each term (store.schema term_documents)
    term_documents: int = 0
    term_counts: dict[str, int] = field(default_factory=dict)
    grouped_documents: int = 0  # segments the counts the batch's grouping read hold (store.window.REGROUP_GROWTH)
    seconds: dict[str, float] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)


class BatchAnalysis:
    """One batch through `stages.run_stages`, this object being the executor: it decides where each
    stage's work runs (which articles and events), by the stage's scope. Reads the collection
    through short connections."""

    def __init__(self, collection: Any, new: list[Article], options: Any, progress: Any) -> None:
        self.collection, self.options, self.progress = collection, options, progress
        self.delta = Delta(new=new)
        self.batch = Analysis(articles=new)  # what article-scoped stages run on
        self.articles: dict[str, Article] = {a.id: a for a in new}  # every article in memory
        self.times: dict[str, ArticleTime] = {}  # the time rows of those articles
        self.old_events: dict[str, Event] = {}
        self.time_changed: set[str] = set()  # stored articles whose final times changed

    def analyse(self) -> Delta:
        run_stages(self.batch, self.options, self.progress, executor=self)
        self.delta.seconds = dict(self.batch.seconds_per_stage)
        return self.delta

    def run(self, stage: Stage, result: Analysis, options: Any, progress: Any) -> None:
        """The executor: where `stage` runs in a batch, by its scope."""
        where = {"article": self._on_new_articles, "all": self._on_window, "pairs": self._on_new_pairs,
                 "event": self._on_changed_events}
        where[stage.scope](stage)

    # --- article-scoped stages (nlp, time): the new articles only -----------------------------

    def _on_new_articles(self, stage: Stage) -> None:
        stage.run(self.batch, self.options, self.progress)
        if "articles" in stage.writes:  # parsed: their Docs are stored (store.docs)
            self.delta.docs = docs.parses(self.delta.new)
        if "temporal" in stage.writes:
            by_article: dict[str, list[TimeExpression]] = {a.id: [] for a in self.delta.new}
            problems: dict[str, list[dict[str, Any]]] = {a.id: [] for a in self.delta.new}
            for expression in self.batch.temporal:
                by_article[expression.article].append(expression)
            for problem in self.batch.time_inconsistencies:
                problems[problem["article"]].append(problem)
            for article in self.delta.new:
                own = by_article[article.id]
                self.times[article.id] = ArticleTime(own=own, final=own, problems=problems[article.id])

    # --- whole-pile stages (events): the window ----------------------------------------------

    def _on_window(self, stage: Stage) -> None:
        from ..embeddings import article_vector

        new = self.delta.new
        # The one article vector (the mean of its sentence vectors, as `analyze`'s reuse stage
        # uses): the collection's neighbour index then proposes the pairs a full run would.
        self.delta.document_vectors = {a.id: article_vector(a) for a in new}
        days_of = {a.id: window.article_days(a, self.times[a.id].own) for a in new}
        days = set().union(set(), *days_of.values())
        old_members = self._load_window(days, [a.id for a in new])
        # every article carries its sentence vectors: new ones from the nlp stage, stored ones from the store
        articles = sorted(self.articles.values(), key=lambda a: reuse_delta.seq_of(a.id))
        own = [t for a in articles for t in self.times[a.id].own]

        def stable_names(events: list[Event], mixed: list[MixedArticle]) -> None:
            mapping, self.delta.next_event = window.stable_ids(events, old_members, self.delta.next_event)
            window.rename(events, mixed, mapping)

        pile = Analysis(articles=articles, temporal=own)
        terms = CollectionTerms(self.collection, {a.id for a in new}, self.delta)
        stage.run(pile, dataclasses.replace(self.options, name_events=stable_names, term_counts=terms), self.progress)
        self._keep_times(articles, pile.temporal, pile.event_warnings)
        self._keep_events(pile.events, pile.mixed_articles, pile.temporal, days)
        self.delta.stats.update({"batch_days": len(days), "window_spans": len(window.intervals(days)),
                                 "loaded_articles": sorted(set(self.articles) - {a.id for a in new},
                                                           key=reuse_delta.seq_of),
                                 "recomputed_events": sorted(old_members, key=window.number_of),
                                 "events_after": sorted((e.id for e in pile.events), key=window.number_of)})

    def _load_window(self, days: set[int], new: list[str]) -> dict[str, set[str]]:
        """Stored events of the window, their articles (with vectors and times) into memory.

        The window is every stored event a new article could join or change: the events within
        the date window of the batch's days, and the events of each new article's NEAREST_STORED
        nearest stored articles (by document vector) within NEAREST_COSINE. Dates alone do not
        bound it: an article whose lead gives no date may join an event of any earlier day, as in
        a full run. Stale events (window.REGROUP_GROWTH) join it with the events of their articles'
        nearest stored articles."""
        with self.collection.connect() as con:
            index = self.collection.neighbours.ready(con)
            vectors = np.array([self.delta.document_vectors[a] for a in new], dtype=np.float32).reshape(
                len(new), DIMENSIONS)
            near = {f"a{key}" for row in nearest_within(index, vectors, NEAREST_STORED, NEAREST_COSINE) for key in row}
            documents = schema.get(con, "term_documents", 0)
            # the counts this batch's grouping reads: the stored ones and at least one segment per new
            # article (a batch as large as the collection makes every stored event stale)
            stale = window.stale_events(con, documents + len(new))
            # a stale event is regrouped with the events it could join, as a new article is: those of
            # its articles' nearest stored articles
            stale_articles = sorted(set().union(set(), *window.members(con, stale).values()), key=reuse_delta.seq_of)
            near |= {f"a{key}" for row in nearest_within(
                index, vectors_of(index, [reuse_delta.seq_of(a) for a in stale_articles]), NEAREST_STORED,
                NEAREST_COSINE) for key in row}
            old_members = window.closed_window(con, window.intervals(days), window.events_of(con, near) | stale)
            ids = set().union(set(), *old_members.values())
            self.articles.update(load_articles(con, ids))
            self.times.update(load_times(con, ids))
            self.old_events = load_events(con, set(old_members))
            self.delta.next_event = schema.get(con, "next_event", 1)
        self.delta.replaced = set(old_members)
        self.delta.grouped_documents = documents
        self.delta.stats.update(nearest_stored=sorted(near, key=reuse_delta.seq_of),
                                stale_events=sorted(stale, key=window.number_of))
        return old_members

    def _keep_times(self, articles: list[Article], final: list[TimeExpression],
                    event_warnings: dict[str, list[str]]) -> None:
        """The final times and the warnings of the events stage (re-anchoring on the events), kept
        apart from the stored record since the next regrouping finds them afresh."""
        by_article: dict[str, list[TimeExpression]] = defaultdict(list)
        for expression in final:
            by_article[expression.article].append(expression)
        for article in articles:
            entry = self.times[article.id]
            warnings = event_warnings.get(article.id, [])
            if (timexes_json(by_article[article.id]) != timexes_json(entry.final)
                    or warnings != entry.event_warnings):
                self.time_changed.add(article.id)
            entry.final, entry.event_warnings = by_article[article.id], warnings

    def _keep_events(self, events: list[Event], mixed: list[MixedArticle], final: list[TimeExpression],
                     days: set[int]) -> None:
        timexes_of: dict[str, list[TimeExpression]] = defaultdict(list)
        for expression in final:
            timexes_of[expression.article].append(expression)
        self.delta.events, self.delta.mixed = events, mixed
        self.delta.mixed_scope = set(self.articles)
        self.delta.days = {e.id: window.event_days(e, timexes_of, self.articles, days) for e in events}
        # Unchanged time rows of stored articles need no rewrite.
        self.delta.time = {a.id: self.times[a.id] for a in self.delta.new}
        self.delta.time.update({a: self.times[a] for a in self.time_changed})

    # --- pair-scoped stages (reuse): candidates of the new articles ---------------------------

    def _on_new_pairs(self, stage: Stage) -> None:
        from ..reuse.candidates import fingerprint

        new = self.delta.new
        vectors = np.array([self.delta.document_vectors[a.id] for a in new])
        prints = {a.id: fingerprint(a.text) for a in new}
        self.delta.bands = {article: list(found.bands) for article, found in prints.items()}
        with self.collection.connect() as con:
            index = self.collection.neighbours.ready(con)
            index.add(np.array([reuse_delta.seq_of(a.id) for a in new]), vectors)
            pairs, counts = reuse_delta.candidates(con, index, new, vectors, prints)
            self.articles.update(load_articles(con, {a for p in pairs for a in p} - set(self.articles)))
        self.delta.reuse = reuse_delta.relations(pairs, self.articles)
        self.delta.stats.update(counts, reuse_found=len(self.delta.reuse),
                                neighbour_index_rebuilt=self.collection.neighbours.rebuilt)

    # --- event-scoped stages (compare): changed events only -----------------------------------

    def _on_changed_events(self, stage: Stage) -> None:
        recomputed = {e.id: e for e in self.delta.events}
        events = {e.id: e for e in self.delta.events if self._event_changed(e)}
        with self.collection.connect() as con:
            touched = self._touched_by_reuse(con) - set(events)
            events.update({e: recomputed[e] for e in touched if e in recomputed})
            events.update(load_events(con, touched - set(recomputed)))
            edges = self._component_edges(con, {a for e in events.values() for a in e.articles})
            needed = {a for e in events.values() for a in e.articles} | {a for r in edges for a in (r.source, r.derived)}
            self.articles.update(load_articles(con, needed - set(self.articles)))
            self.times.update(load_times(con, needed - set(self.times)))
            restored = docs.attach(con, [self.articles[a] for a in {a for e in events.values() for a in e.articles}])
        finals = [t for a in needed for t in self.times[a].final]
        scope = [self.articles[a] for a in sorted(needed, key=reuse_delta.seq_of)]
        for event_id, event in events.items():
            task = Analysis(articles=scope, events=[event], temporal=finals, reuse=edges)
            stage.run(task, self.options, SilentProgress())
            self.delta.compared[event_id] = task
            self.progress.advance(stage.name)
        self.delta.stats.update(compared_events=sorted(events, key=window.number_of), docs_restored=restored)

    def _event_changed(self, event: Event) -> bool:
        old = self.old_events.get(event.id)
        return (old is None or _segments(old) != _segments(event) or old.participants != event.participants
                or any(a in self.time_changed for a in event.articles))

    def _touched_by_reuse(self, con: Any) -> set[str]:
        """Events (regrouped or not) in which a new relation makes two of their articles, separate
        sources until now, one source: their claims' independent-source counts change."""
        if not self.delta.reuse:
            return set()
        ends = {a for r in self.delta.reuse for a in (r.source, r.derived)}
        before = source_components(None, self._component_edges(con, ends, include_new=False))
        after = source_components(None, self._component_edges(con, ends))
        reached = ends | set(before) | set(after)
        candidates = window.members(con, window.events_of(con, reached) - self.delta.replaced)
        candidates.update({e.id: set(e.articles) for e in self.delta.events if reached & set(e.articles)})
        touched = set()
        for event_id, articles in candidates.items():
            groups: dict[str, set[str]] = defaultdict(set)
            for article in articles & reached:
                groups[after.get(article, article)].add(before.get(article, article))
            if any(len(sources) > 1 for sources in groups.values()):
                touched.add(event_id)
        return touched

    def _component_edges(self, con: Any, start: set[str], include_new: bool = True) -> list[Reuse]:
        """Every reuse relation (stored, and this batch's) in the reuse components of `start`."""
        new = self.delta.reuse if include_new else []
        seen, frontier, edges = set(start), set(start), {}
        while frontier:
            found = load_reuse_touching(con, frontier) + [r for r in new if {r.source, r.derived} & frontier]
            for relation in found:
                edges[(relation.source, relation.derived)] = relation
            frontier = {a for r in found for a in (r.source, r.derived)} - seen
            seen |= frontier
        return list(edges.values())


class CollectionTerms:
    """The events stage's document frequencies in a batch (events.grouping.TermSource): those of
    every report segment the collection stores (table term_documents) plus the batch's new
    articles' segments, which the delta then adds to the table. The window's TF-IDF weights are
    then the collection's, not the window's: once the collection holds a pile, its weights are
    those one `analyze` of that pile reads (bench/collection_vs_analyze.py)."""

    def __init__(self, collection: Any, new: set[str], delta: Delta) -> None:
        self.collection, self.new, self.delta = collection, new, delta

    def __call__(self, pile_terms: dict[str, list[frozenset[str]]]) -> TermCounts:
        added_sets = [terms for article, parts in pile_terms.items() if article in self.new for terms in parts]
        added = Counter(t for terms in added_sets for t in terms)
        vocabulary = sorted(set().union(*(terms for parts in pile_terms.values() for terms in parts)))
        with self.collection.connect() as con:
            stored = dict(con.execute("SELECT term, documents FROM term_documents "
                                      "WHERE term IN (SELECT unnest(?::VARCHAR[]))", [vocabulary]).fetchall())
            documents = schema.get(con, "term_documents", 0)
        self.delta.term_documents, self.delta.term_counts = len(added_sets), dict(added)
        self.delta.grouped_documents = documents + len(added_sets)
        return TermCounts(documents + len(added_sets), {t: stored.get(t, 0) + added[t] for t in vocabulary})


def _segments(event: Event) -> set[tuple[str, tuple[int, ...]]]:
    return {(s.article, tuple(s.sentences)) for s in event.segments}


# --- reading stored rows ----------------------------------------------------------------------

def _ids(ids: set[str]) -> list[str]:
    return sorted(ids)


def load_articles(con: Any, ids: set[str]) -> dict[str, Article]:
    """Stored articles with their sentence vectors, by id."""
    if not ids:
        return {}
    rows = con.execute(
        "SELECT a.id, a.record, v.sentences FROM articles a LEFT JOIN article_vectors v ON v.article = a.id "
        "WHERE a.id IN (SELECT unnest(?::VARCHAR[])) ORDER BY a.seq", [_ids(ids)]).fetchall()
    found = {}
    for article_id, record, blob in rows:
        article = article_from_dict(json.loads(record))
        article.sentence_vectors = from_blob(blob) if blob is not None else None
        found[article_id] = article
    return found


def load_times(con: Any, ids: set[str]) -> dict[str, ArticleTime]:
    if not ids:
        return {}
    rows = con.execute("SELECT article, own, final, problems, event_warnings FROM article_time "
                       "WHERE article IN (SELECT unnest(?::VARCHAR[]))", [_ids(ids)]).fetchall()
    return {a: ArticleTime(own=timexes_from(own), final=timexes_from(final), problems=json.loads(problems),
                           event_warnings=json.loads(warnings))
            for a, own, final, problems, warnings in rows}


def load_events(con: Any, ids: set[str]) -> dict[str, Event]:
    if not ids:
        return {}
    rows = con.execute("SELECT id, data FROM events WHERE id IN (SELECT unnest(?::VARCHAR[]))", [_ids(ids)]).fetchall()
    return {event_id: event_from(json.loads(data)) for event_id, data in rows}


def load_reuse_touching(con: Any, ids: set[str]) -> list[Reuse]:
    if not ids:
        return []
    rows = con.execute("SELECT data FROM reuse WHERE source IN (SELECT unnest(?::VARCHAR[])) "
                       "OR derived IN (SELECT unnest(?::VARCHAR[]))", [_ids(ids), _ids(ids)]).fetchall()
    return [reuse_from(json.loads(row[0])) for row in rows]
