"""Group articles into events at paragraph level.

Signals and what each contributes:
- sentence embeddings (MiniLM, one per paragraph): the meaning, so that reports in different words
  ("small-group talks at Zhongnanhai", "met on Thursday in Beijing") meet;
- named entities and places (spaCy): shared names raise the score where meaning is generic;
- resolved dates (the time stage's TimeExpressions, when given): they cut an article where it moves
  to another time, and forbid joining segments whose dates are more than a week apart;
- publication dates: an article cannot report an event dated after it was published, and the
  stream is processed in publication order, as new articles would arrive.
With no TimeExpressions the grouping still runs on embeddings, entities and publication dates, but
then cannot split an article that reports two meetings of the same people.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..embeddings import embed, mean_vector, sentence_vectors
from ..models import Article, Event, MixedArticle, Segment, TimeExpression
from .online import Item, OnlineClusterer
from .segments import ArticleSegment, day_ordinal, paragraph_units, split_by_dates

# Score (cosine to centroid + 0.2 * IDF entity overlap) above which a segment joins an event; set so
# that on bench/similarity_semeval.py pairs with Overall <= 2 (same story) mostly pass.
EVENT_THRESHOLD = 0.55
# Names and places shared by at least this share of an event's segments describe the event.
DESCRIBE_SHARE = 0.34
MAX_NAMES = 6


def group_events(articles: list[Article], timexes: list[TimeExpression]) -> tuple[list[Event], list[MixedArticle]]:
    """Events (with their segments) and the articles that report more than one event."""
    segments = _segments(articles, timexes)
    segments.sort(key=_stream_order)
    clusterer = OnlineClusterer(threshold=EVENT_THRESHOLD)
    labels = clusterer.add(_item(segment) for segment in segments)
    events = _describe_events(segments, labels)
    return events, _mixed_articles(segments, labels, events)


def _segments(articles: Sequence[Article], timexes: Sequence[TimeExpression]) -> list[ArticleSegment]:
    per_article = [(a, paragraph_units(a, timexes)) for a in articles]
    # A paragraph is the mean of its sentence vectors rather than embedded whole: MiniLM reads only
    # 256 wordpieces of a long paragraph, and reuse and compare use the same vectors
    # (bench/throughput.py: events was 42 % of the run when paragraphs were embedded separately).
    vectors_of = sentence_vectors(articles)
    segments: list[ArticleSegment] = []
    for article, units in per_article:
        own = np.stack([mean_vector(vectors_of[article.id][u.sentences]) for u in units]) \
            if units else np.zeros((0, vectors_of[article.id].shape[1]), dtype=np.float32)
        for segment in split_by_dates(article, units, own, OnlineClusterer().max_gap_days):
            positions = [units.index(u) for u in segment.units]
            segment.vector = mean_vector(own[positions])
            segments.append(segment)
    return segments


def _stream_order(segment: ArticleSegment) -> tuple[int, str, int]:
    published = day_ordinal(segment.article.published.value)
    anchor = min(segment.dates) if segment.dates else published
    return (anchor if anchor is not None else 10**7, segment.article.id, segment.sentences[0] if segment.sentences else 0)


def _item(segment: ArticleSegment) -> Item:
    tokens = {name.lower() for name in segment.entities | segment.places}
    return Item(
        vector=segment.vector,
        tokens=frozenset(tokens),
        dates=frozenset(segment.dates),
        published=day_ordinal(segment.article.published.value),
    )


def _describe_events(segments: list[ArticleSegment], labels: list[int]) -> list[Event]:
    groups = [[s for s, l in zip(segments, labels) if l == label] for label in dict.fromkeys(labels)]
    titles = _titles(groups)
    events = []
    for number, (members, title) in enumerate(zip(groups, titles), start=1):
        start, end = _date_span(members)
        events.append(Event(
            id=f"e{number}",
            title=title,
            articles=list(dict.fromkeys(s.article.id for s in members)),
            start=start,
            end=end,
            places=_common_names([s.places for s in members], fold=False),
            participants=_common_names([_people(s) for s in members], fold=True),
            segments=_merged_segments(members),
        ))
    return events


def redate_events(events: list[Event], timexes: Sequence[TimeExpression]) -> None:
    """Recompute each event's start/end from `timexes` (e.g. after undated articles were re-anchored
    on their event), counting only expressions inside the event's segments."""
    for event in events:
        scope = {(seg.article, i) for seg in event.segments for i in seg.sentences}
        days = Counter(day for t in timexes if (t.article, t.sentence) in scope
                       for day in [day_ordinal(t.value)] if day is not None)
        if days:
            event.start, event.end = _span_of_days(days)


def _date_span(members: list[ArticleSegment]) -> tuple[str | None, str | None]:
    return _span_of_days(Counter(day for s in members for day in s.dates))


def _span_of_days(counts: Counter) -> tuple[str | None, str | None]:
    """First and last day within a week of the most-cited day (older background dates drop out)."""
    if not counts:
        return None, None
    mode = counts.most_common(1)[0][0]
    near = [d for d in counts if abs(d - mode) <= OnlineClusterer().max_gap_days]
    return dt.date.fromordinal(min(near)).isoformat(), dt.date.fromordinal(max(near)).isoformat()


def _titles(groups: list[list[ArticleSegment]]) -> list[str]:
    """Each event's title: the candidate closest to the event's centroid. Events with several
    candidates are embedded in one batch (one call per event made titles 55 % of the events stage
    on a 2k-article run, most events having a single report)."""
    candidates = [_title_candidates(members) for members in groups]
    several = [c for c in candidates if len(c) > 1]
    vectors = dict(zip((t for c in several for t in c), embed([t for c in several for t in c])))
    titles = []
    for members, options in zip(groups, candidates):
        best = options[0] if options else ""
        if len(options) > 1:
            centroid = mean_vector(np.stack([s.vector for s in members]))
            best = max(options, key=lambda text: float(vectors[text] @ centroid))
        titles.append(best if len(best) <= 160 else best[:157].rsplit(" ", 1)[0] + "...")
    return titles


def _title_candidates(members: list[ArticleSegment]) -> list[str]:
    """Headlines of the event's reports; a lead sentence only when no report has one.

    A headline of a mixed article speaks for its first event only, so only segments that open
    their article offer theirs.
    """
    candidates = [s.article.title for s in members
                  if s.article.has_headline and (not s.units or not s.units[0].sentences or s.units[0].sentences[0] == 0)]
    if not candidates:
        for segment in members:
            first = segment.units[0].sentences[0] if segment.units and segment.units[0].sentences else None
            if first is not None:
                candidates.append(segment.article.sentences[first].text)
    return [c.strip() for c in dict.fromkeys(candidates) if c.strip()]


def _people(segment: ArticleSegment) -> set[str]:
    wanted = set(segment.sentences)
    return {e.text for e in segment.article.entities if e.label == "PERSON" and e.sentence in wanted}


def _common_names(groups: list[set[str]], fold: bool) -> list[str]:
    """Names found in enough of the segments, most frequent first. For people, short forms are
    folded into the full name ("Xi" into "Xi Jinping"); places are not ("China" is not "Northeast
    China")."""
    counts: Counter = Counter()
    for names in groups:
        counts.update({_canonical(n, names if fold else set()) for n in names})
    folded: Counter = Counter()
    for name, count in counts.items():
        folded[_canonical(name, set(counts) if fold else set())] += count
    needed = max(1, round(DESCRIBE_SHARE * len(groups)))
    return [n for n, c in folded.most_common() if c >= needed][:MAX_NAMES]


def _canonical(name: str, names: set[str]) -> str:
    clean = name.strip().removesuffix("'s").removesuffix("’s")
    longer = [n for n in names if n != name and clean in n.split()]
    return max(longer, key=len) if longer else clean


def _merged_segments(members: list[ArticleSegment]) -> list[Segment]:
    by_article: dict[str, list[int]] = {}
    for segment in members:
        by_article.setdefault(segment.article.id, []).extend(segment.sentences)
    return [Segment(article=a, sentences=sorted(set(s))) for a, s in by_article.items()]


def _mixed_articles(segments: list[ArticleSegment], labels: list[int], events: list[Event]) -> list[MixedArticle]:
    event_of = {}
    for event in events:
        for segment in event.segments:
            for sentence in segment.sentences:
                event_of[(segment.article, sentence)] = event.id
    mixed = []
    for article in {s.article.id: s.article for s in segments}.values():
        runs = _runs([event_of.get((article.id, s.index)) for s in article.sentences])
        distinct = list(dict.fromkeys(e for e, _, _ in runs if e))
        if len(distinct) < 2:
            continue
        explanation = "; ".join(
            f"sentences {first}-{last} report {event_id} ({_event_brief(events, event_id)})"
            for event_id, first, last in runs if event_id
        )
        switches = [f'switches at sentence {first}: "{_clip(article.sentences[first].text)}"'
                    for (_, _, _), (event_id, first, _) in zip(runs, runs[1:]) if event_id]
        mixed.append(MixedArticle(article=article.id, events=distinct,
                                  explanation=explanation + "; " + "; ".join(switches)))
    return mixed


def _runs(labels: list[str | None]) -> list[tuple[str | None, int, int]]:
    runs: list[tuple[str | None, int, int]] = []
    for index, label in enumerate(labels):
        if runs and runs[-1][0] == label:
            runs[-1] = (label, runs[-1][1], index)
        else:
            runs.append((label, index, index))
    return runs


def _event_brief(events: list[Event], event_id: str) -> str:
    event = next(e for e in events if e.id == event_id)
    when = event.start if event.start == event.end else f"{event.start} to {event.end}"
    where = ", ".join(event.places[:2]) or "place unknown"
    return f"{when or 'date unknown'}, {where}"


def _clip(text: str, size: int = 140) -> str:
    return text if len(text) <= size else text[:size].rsplit(" ", 1)[0] + "..."
