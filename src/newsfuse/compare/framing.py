"""Framing: how each outlet names and qualifies the people of an event, against the other outlets.

For every mention of a person we take the words the outlet put before the name ("Russian dictator
Vladimir Putin", his "old friend" Putin), title-only mentions ("the Chinese leader", resolved to the
person the article introduced with those words) and loaded words elsewhere in the sentence. The
lexicon (framing_lexicon.json, documented in framing_lexicon.md) says which terms are loaded,
honorific or neutral.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from ..models import Article, Claim, FramingEntry
from ..nlp import sentence_index_at
from ..names import canonical_name, match_title, person_titles

LEXICON_PATH = Path(__file__).with_name("framing_lexicon.json")
NAME_PARTS = ("PERSON",)
DESCRIPTOR_POS = ("ADJ", "NOUN", "PROPN")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[str, ...]]:
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    return {kind: tuple(sorted(data[kind], key=len, reverse=True)) for kind in ("loaded", "honorific", "neutral")}


def term_kind(term: str) -> str:
    """loaded beats honorific beats neutral: one loaded word makes the whole naming loaded."""
    low = term.lower()
    for kind in ("loaded", "honorific", "neutral"):
        if any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", low) for w in lexicon()[kind]):
            return kind
    return "neutral"


def article_framing(article: Article, doc: Doc, sentences: set[int] | None,
                    participants: list[str]) -> list[FramingEntry]:
    """Framing entries of one article, restricted to the event's sentences."""
    people = [(e.start_char, e.text) for e in doc.ents if e.label_ == "PERSON"]
    titles = person_titles(doc)
    chunks = _ChunkIndex(doc)
    entries: list[FramingEntry] = []
    seen: set[tuple[str, str]] = set()
    for sent in doc.sents:
        idx = sentence_index_at(article.sentences, sent.start_char) if article.sentences else 0
        if sentences is not None and idx not in sentences:
            continue
        for target, term in _namings(sent, titles, chunks):
            name = canonical_name(target, participants, [p[1] for p in people])
            key = (name, term.lower())
            if key in seen:
                continue
            seen.add(key)
            entries.append(FramingEntry(article=article.id, sentence=idx, target=name, term=term,
                                        kind=term_kind(term)))
    return entries


class _ChunkIndex:
    """The Doc's noun chunks, found once: `Span.noun_chunks` walks the whole Doc on every call."""

    def __init__(self, doc: Doc) -> None:
        self._chunks = list(doc.noun_chunks)
        self._starts = [c.start for c in self._chunks]

    def within(self, span: Span) -> list[Span]:
        """The chunks inside `span`, as `span.noun_chunks` gives them."""
        first = bisect_left(self._starts, span.start)
        out = []
        for chunk in self._chunks[first:]:
            if chunk.start >= span.end:
                break
            if chunk.end <= span.end:
                out.append(chunk)
        return out


def _namings(sent: Span, titles: dict[str, str], chunks: _ChunkIndex | None = None) -> list[tuple[str, str]]:
    """(person, words used for them) in one sentence."""
    found = []
    for ent in sent.ents:
        if ent.label_ in NAME_PARTS:
            term = _descriptor(ent)
            if term:
                found.append((ent.text, term))
    found += _title_mentions(sent, titles, chunks)
    found += _loaded_elsewhere(sent, found)
    return found


def _descriptor(ent: Span) -> str | None:
    """Words right before a name that describe the person ("Russian dictator", “old friend”)."""
    doc = ent.doc
    i = ent.start - 1
    words: list[Token] = []
    while i >= 0 and (doc[i].pos_ in DESCRIPTOR_POS or doc[i].text in "“”\"'‘’") and not doc[i].ent_type_ == "PERSON":
        if doc[i].pos_ == "PROPN" and doc[i].ent_type_ not in ("NORP", "GPE", ""):
            break
        words.insert(0, doc[i])
        i -= 1
    text = " ".join(w.text for w in words if w.text not in "“”\"'‘’").strip()
    return text or None


def _is_title(text: str) -> bool:
    return any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text.lower()) for w in lexicon()["neutral"])


def _title_mentions(sent: Span, titles: dict[str, str], chunks: _ChunkIndex | None = None) -> list[tuple[str, str]]:
    """"the Russian leader", "the Chinese president": a title standing for a named person."""
    found = []
    for chunk in (chunks.within(sent) if chunks is not None else sent.noun_chunks):
        if any(t.ent_type_ == "PERSON" for t in chunk):
            continue
        words = [t for t in chunk if t.pos_ in DESCRIPTOR_POS]
        if len(words) < 2 or not _is_title(chunk.root.text):
            continue
        person = match_title(" ".join(t.text for t in words), titles)
        if person:
            found.append((person, " ".join(t.text for t in words)))
    return found


def _loaded_elsewhere(sent: Span, named: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Loaded words not in a naming ("re-anointing", "war effort"), pinned on the sentence's person."""
    low = sent.text.lower()
    used = " ".join(term.lower() for _, term in named)
    people = [e for e in sent.ents if e.label_ == "PERSON"]
    out = []
    for word in lexicon()["loaded"]:
        if word in used or not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", low):
            continue
        if _inside_quotes(sent.text, low.find(word)):
            continue  # the speaker's word, not the outlet's
        out.append((_nearest(people, sent.start_char + low.find(word)), word))
    return out


def _inside_quotes(text: str, pos: int) -> bool:
    before = text[:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def add_contrast(entries: list[FramingEntry], outlet_of: dict[str, str]) -> None:
    """Each entry lists the terms other outlets used for the same target."""
    # target -> term -> outlets using it; a term is another outlet's unless only `mine` uses it.
    by_target: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for e in entries:
        by_target[e.target][e.term].add(outlet_of.get(e.article, e.article))
    others_of: dict[tuple[str, str], list[str]] = {}  # (target, outlet) -> sorted terms of the others
    for e in entries:
        mine = outlet_of.get(e.article, e.article)
        others = others_of.get((e.target, mine))
        if others is None:
            others = others_of[(e.target, mine)] = sorted(
                t for t, outlets in by_target[e.target].items() if len(outlets) > 1 or mine not in outlets)
        e.contrast = [t for t in others if t.lower() != e.term.lower()]


def outlet_coverage(claims: list[Claim], outlet_of: dict[str, str]) -> dict[str, dict[str, list[str]]]:
    """Per outlet: claims only it reports, and corroborated claims most others report but it omits."""
    outlets = sorted(set(outlet_of.values()))
    report = {o: {"exclusive": [], "blind_spots": []} for o in outlets}
    for claim in claims:
        reporting = {outlet_of.get(m.article, m.article) for m in claim.mentions}
        if len(reporting) == 1 and len(outlets) > 1:
            report[next(iter(reporting))]["exclusive"].append(claim.id)
        # Widely corroborated: independent sources and at least half the outlets of the event.
        if claim.independent_sources >= 2 and len(reporting) >= max(2, len(outlets) / 2):
            for o in outlets:
                if o not in reporting:
                    report[o]["blind_spots"].append(claim.id)
    return report


def _nearest(people: list[Span], offset: int) -> str:
    """The person named closest before a word (else after it): "his war effort" is his."""
    if not people:
        return "(event)"
    before = [p for p in people if p.start_char < offset]
    return (before[-1] if before else people[0]).text
