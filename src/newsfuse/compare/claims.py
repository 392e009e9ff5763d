"""Claim units: what each sentence of an event's articles asserts, with the slots conflicts compare.

One sentence gives one unit (a statement, or a figure when it carries numbers) plus one unit per
quote or reported statement in it. A sentence that is nothing but a quote gives only the quote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..models import Article, TimeExpression
from ..nlp import sentence_index_at
from .quotes import Quote, extract_quotes

# Sentences shorter than this are headings, datelines or page furniture ("Share on", "Latest News").
MIN_WORDS = 6
# A quote covering this share of its sentence stands for the sentence (no separate statement unit).
QUOTE_COVERS_SENTENCE = 0.7
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
          "b": 1e9, "trillion": 1e12, "tn": 1e12}
WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
WORD_ORDINALS = {w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())}
HEDGES = ("nearly", "almost", "about", "around", "roughly", "approximately", "some", "more than",
          "over", "up to", "less than", "under", "at least", "close to", "just over", "just under")
MONEY_RE = re.compile(r"(?:US|USD\s?)?\$\s?(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion|bn|mn|tn|[mbk])?\b", re.I)
PERCENT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)", re.I)
ORDINAL_RE = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b|\b(" + "|".join(list(WORD_ORDINALS)[1:]) + r")\b", re.I)
# Counts are written in digits only: "two leaders", "one of" are not figures anyone disputes.
COUNT_RE = re.compile(r"\b(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion)?\s+([a-z][a-z-]+)", re.I)
YEAR_RE = re.compile(r"^(1[89]|20)\d\d$")
MONTHS = set("january february march april may june july august september october november december".split())
# Words after an ordinal that name what is counted; adjectives in between are skipped.
ORDINAL_NOUNS = {"anniversary", "meeting", "visit", "summit", "trip", "term", "time", "round", "session",
                 "year", "day", "expo", "forum", "edition", "congress", "plenum", "conference"}


NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "NORP"}


@dataclass
class Figure:
    value: float
    unit: str  # USD | % | ordinal:<noun> | count:<noun>
    text: str
    approximate: bool = False


@dataclass
class Unit:
    """One claim as one article makes it."""

    article: str
    sentence: int
    text: str  # the exact words: the sentence, or the quote's content
    kind: str  # statement | quote | figure
    speaker: str | None = None
    figures: list[Figure] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    facilities: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # every named thing: places, people, bodies, events
    negated: bool = False
    verbs: list[str] = field(default_factory=list)
    quote_kind: str | None = None


def article_units(article: Article, doc: Doc, sentences: set[int] | None,
                  timexes: list[TimeExpression], participants: list[str]) -> list[Unit]:
    """Claim units of the article's sentences in `sentences` (all when None)."""
    quotes = extract_quotes(article.text, doc=doc, participants=participants)
    dates = _dates_by_sentence(timexes)
    units: list[Unit] = []
    for sent in article.sentences:
        if sentences is not None and sent.index not in sentences:
            continue
        inside = [q for q in quotes if sentence_index_at(article.sentences, q.start) == sent.index]
        units += _sentence_units(article, doc, sent, inside, dates.get(sent.index, []))
    return units


def _dates_by_sentence(timexes: list[TimeExpression]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for t in timexes:
        if t.type == "DATE" and t.value and re.match(r"\d{4}-\d\d-\d\d$", t.value):
            out.setdefault(t.sentence, []).append(t.value)
    return out


def _sentence_units(article, doc: Doc, sent, quotes: list[Quote], dates: list[str]) -> list[Unit]:
    span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
    if span is None or len(re.findall(r"\w+", sent.text)) < MIN_WORDS or not _has_verb(span):
        return []
    base = dict(article=article.id, sentence=sent.index, dates=dates, **_slots(span))
    units = [
        Unit(text=q.content, kind="quote", speaker=q.speaker, quote_kind=q.kind,
             figures=find_figures(q.content), **base)
        for q in quotes if len(re.findall(r"\w+", q.content)) >= 4
    ]
    covered = sum(q.end - q.start for q in quotes)
    if covered < QUOTE_COVERS_SENTENCE * len(sent.text):
        figures = find_figures(sent.text)
        units.append(Unit(text=sent.text, kind="figure" if figures else "statement", figures=figures, **base))
    return units


def _has_verb(span) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in span)


def _slots(span) -> dict:
    ents = span.ents
    root = span.root
    return {
        "places": sorted({e.text for e in ents if e.label_ in ("GPE", "LOC")}),
        "facilities": sorted({e.text for e in ents if e.label_ == "FAC"}),
        "people": sorted({e.text for e in ents if e.label_ == "PERSON"}),
        "names": sorted({e.text for e in ents if e.label_ not in NOT_NAMES}),
        "negated": any(c.dep_ == "neg" for c in root.children),
        "verbs": [t.lemma_.lower() for t in span if t.pos_ == "VERB"],
    }


def find_figures(text: str) -> list[Figure]:
    """Money, percentages, ordinals ("75th anniversary") and counts ("75 years") in a text."""
    figures: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for regex, build in ((MONEY_RE, _money), (PERCENT_RE, _percent), (ORDINAL_RE, _ordinal), (COUNT_RE, _count)):
        for m in regex.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            fig = build(m, text)
            if fig is not None:
                fig.approximate = _hedged(text, m.start())
                figures.append(fig)
                taken.append((m.start(), m.end()))
    return figures


def _number(raw: str) -> float | None:
    raw = raw.lower().replace(",", "")
    if raw in WORD_NUMBERS:
        return float(WORD_NUMBERS[raw])
    try:
        return float(raw)
    except ValueError:
        return None


def _money(m: re.Match, text: str) -> Figure | None:
    value = _number(m.group(1))
    if value is None:
        return None
    return Figure(value * SCALES.get((m.group(2) or "").lower(), 1.0), "USD", m.group(0).strip())


def _percent(m: re.Match, text: str) -> Figure | None:
    value = _number(m.group(1))
    return None if value is None else Figure(value, "%", m.group(0))


def _ordinal(m: re.Match, text: str) -> Figure | None:
    value = float(m.group(1)) if m.group(1) else float(WORD_ORDINALS[m.group(2).lower()])
    following = re.findall(r"[A-Za-z-]+", text[m.end(): m.end() + 60])[:4]
    noun = next((w.lower() for w in following if w.lower() in ORDINAL_NOUNS), None)
    if noun is None:
        return None  # "first trip abroad since ..." and the like: an ordinal without a counted noun
    return Figure(value, f"ordinal:{noun}", m.group(0))


def _count(m: re.Match, text: str) -> Figure | None:
    raw, scale, noun = m.group(1), m.group(2), m.group(3).lower()
    value = _number(raw)
    if value is None or YEAR_RE.match(raw) or noun in MONTHS or noun in ("and", "or", "of", "to", "in"):
        return None
    if re.search(r"(?:%s)\s*$" % "|".join(MONTHS), text[max(0, m.start() - 12):m.start()], re.I):
        return None  # "May 16" is a date, not a count
    return Figure(value * SCALES.get((scale or "").lower(), 1.0), f"count:{noun.rstrip('s')}", m.group(0))


def _hedged(text: str, start: int) -> bool:
    before = text[max(0, start - 16):start].lower()
    return any(before.rstrip().endswith(h) for h in HEDGES)
