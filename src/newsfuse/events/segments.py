"""Paragraph units of an article and its split into segments that each report one event.

An article is cut only where it switches to another happening: a run of paragraphs whose resolved
dates agree with each other and lie more than `max_gap_days` from the dates before them. A single
paragraph in another time (a biography, a flashback, a background or closing paragraph) stays with
the story around it. Topic words alone never cut an article (the Harbin leg of a state visit is still
the visit), but undated paragraphs between two dated segments go to the side whose meaning
(embedding) they are closer to.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..models import Article, Entity, TimeExpression

# Paragraphs shorter than this (headlines, "Details", datelines, page banners) are merged into the
# following paragraph: too short to embed or date on their own. Set on the examples/ sample.
MIN_UNIT_WORDS = 12
# A line whose characters are mostly one date expression is a page banner or time stamp: it dates the
# page, not the event ("Thursday, June, 20,2024" above a story of May 16).
STAMP_SHARE = 0.5
# A date equal to the publication date within the first characters is the page's own date stamp
# ("date 2025-05-08 Xi Jinping held talks..."), not the date of what the story reports.
HEADER_CHARS = 100
# A part of an article counts as another happening only with at least this many paragraphs, this
# many of them dated alike (the sample's 003 switches to a second visit for 6 paragraphs, 2 of them
# dated; issue 13: an obituary's "born on Aug. 17, 1913" or a closing paragraph is one paragraph).
SWITCH_UNITS = 2
ENTITY_LABELS = {"PERSON", "ORG", "NORP", "EVENT"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}


@dataclass
class Unit:
    """A paragraph (or a few merged short lines): the smallest piece an event is assigned to."""

    article: str
    sentences: list[int]
    text: str
    dates: set[int] = field(default_factory=set)  # resolved day dates, as ordinals
    entities: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)


@dataclass
class ArticleSegment:
    """Contiguous units of one article believed to report one event."""

    article: Article
    units: list[Unit]
    vector: np.ndarray | None = None

    @property
    def sentences(self) -> list[int]:
        return [s for unit in self.units for s in unit.sentences]

    @property
    def dates(self) -> set[int]:
        return set().union(*(unit.dates for unit in self.units))

    @property
    def entities(self) -> set[str]:
        return set().union(*(unit.entities for unit in self.units))

    @property
    def places(self) -> set[str]:
        return set().union(*(unit.places for unit in self.units))


def day_ordinal(value: str | None) -> int | None:
    """Ordinal of a day-precision TIMEX value ("2024-05-16", "2024-05-16T19:00"); None otherwise."""
    if not value:
        return None
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups())).toordinal()
    except ValueError:
        return None


def paragraph_units(article: Article, timexes: Sequence[TimeExpression]) -> list[Unit]:
    """The article's paragraphs as units, short lines merged forward, with dates and entities."""
    lines = _line_spans(article.text)
    by_line: dict[int, list[int]] = {}
    for sentence in article.sentences:
        by_line.setdefault(_line_of(lines, sentence.start), []).append(sentence.index)
    units: list[Unit] = []
    pending: list[int] = []
    for line in sorted(by_line):
        pending.extend(by_line[line])
        text = " ".join(article.sentences[i].text for i in pending)
        if len(text.split()) >= MIN_UNIT_WORDS:
            units.append(Unit(article=article.id, sentences=pending, text=text))
            pending = []
    if pending:
        text = " ".join(article.sentences[i].text for i in pending)
        if units:
            units[-1].sentences.extend(pending)
            units[-1].text += " " + text
        else:
            units.append(Unit(article=article.id, sentences=pending, text=text))
    _attach_dates(article, units, timexes, lines)
    _attach_entities(article.entities, units)
    return units


def _line_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group(0).strip()]


def _line_of(lines: list[tuple[int, int]], offset: int) -> int:
    for index, (start, end) in enumerate(lines):
        if offset < end:
            return index
    return max(len(lines) - 1, 0)


def _attach_dates(article: Article, units: list[Unit], timexes: Sequence[TimeExpression],
                  lines: list[tuple[int, int]]) -> None:
    unit_of = {s: u for u in units for s in u.sentences}
    for timex in timexes:
        if timex.article != article.id or timex.type != "DATE":
            continue
        day = day_ordinal(timex.value)
        unit = unit_of.get(timex.sentence)
        if day is None or unit is None or _is_stamp(article, lines, timex):
            continue
        unit.dates.add(day)


def _is_stamp(article: Article, lines: list[tuple[int, int]], timex: TimeExpression) -> bool:
    if timex.start < HEADER_CHARS and timex.value and article.published.value and \
            timex.value[:10] == article.published.value[:10]:
        return True
    if not lines:
        return False
    start, end = lines[_line_of(lines, timex.start)]
    line = article.text[start:end].strip()
    return len(timex.text) >= STAMP_SHARE * max(len(line), 1)


def _attach_entities(entities: Sequence[Entity], units: list[Unit]) -> None:
    unit_of = {s: u for u in units for s in u.sentences}
    for entity in entities:
        unit = unit_of.get(entity.sentence)
        if unit is None:
            continue
        if entity.label in PLACE_LABELS:
            unit.places.add(entity.text)
        elif entity.label in ENTITY_LABELS:
            unit.entities.add(entity.text)


def split_by_dates(article: Article, units: list[Unit], vectors: np.ndarray,
                   max_gap_days: int) -> list[ArticleSegment]:
    """Cut the article where it switches to another happening: a run of paragraphs whose own dates
    agree with each other and are further than `max_gap_days` from everything before. A lone dated
    paragraph in another time (a biography, a flashback, a background or closing paragraph) is
    background of the story around it and never cut out."""
    if not units:
        return []
    groups = _date_groups(units, vectors, max_gap_days)
    kept: list[list[int]] = [groups[0]]
    for group in groups[1:]:
        if _switches_happening([units[i] for i in group], max_gap_days):
            kept.append(group)
        else:
            kept[-1].extend(group)
    return [ArticleSegment(article=article, units=[units[i] for i in group]) for group in kept if group]


def _switches_happening(part: list[Unit], max_gap_days: int) -> bool:
    """True when `part` reports a happening of its own: at least SWITCH_UNITS paragraphs, and dates
    in at least SWITCH_UNITS of them that agree (within `max_gap_days` of each other's middle)."""
    if len(part) < SWITCH_UNITS:
        return False
    dated = [u for u in part if u.dates]
    if len(dated) < SWITCH_UNITS:
        return False
    days = sorted(d for u in dated for d in u.dates)
    middle = days[len(days) // 2]
    agreeing = [u for u in dated if any(abs(d - middle) <= max_gap_days for d in u.dates)]
    return len(agreeing) >= SWITCH_UNITS


def _date_groups(units: list[Unit], vectors: np.ndarray, max_gap_days: int) -> list[list[int]]:
    """Candidate cuts: wherever a dated unit is further than `max_gap_days` from the running part."""
    groups: list[list[int]] = [[]]
    running: set[int] = set()
    last_dated = -1
    for index, unit in enumerate(units):
        if unit.dates and running and min(abs(a - b) for a in unit.dates for b in running) > max_gap_days:
            cut = _best_cut(vectors, groups[-1], last_dated, index)
            moved = [i for i in groups[-1] if i >= cut]
            groups[-1] = [i for i in groups[-1] if i < cut]
            groups.append(moved)
            running = set()
        groups[-1].append(index)
        if unit.dates:
            running |= unit.dates
            last_dated = index
    return [group for group in groups if group]


def _best_cut(vectors: np.ndarray, group: list[int], last_dated: int, switch: int) -> int:
    """Where the undated units between the last dated unit and the switch should go: the cut that
    puts each of them beside the side it is more similar to (ties stay with the earlier side)."""
    first = max(last_dated + 1, group[0])
    if first >= switch:
        return switch
    before = vectors[group[0]:first].mean(axis=0)
    after = vectors[switch]
    best_cut, best_score = switch, -np.inf
    for cut in range(first, switch + 1):
        score = sum(float(vectors[i] @ before) for i in range(first, cut))
        score += sum(float(vectors[i] @ after) for i in range(cut, switch))
        if score > best_score + 1e-9:
            best_cut, best_score = cut, score
    return best_cut
