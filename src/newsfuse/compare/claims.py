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
# Hedges and what they allow: "nearly $240 billion" is a little under, "more than 12" anything above.
BELOW = ("nearly", "almost", "just under", "close to")
AROUND = ("about", "around", "roughly", "approximately", "some", "an estimated", "estimated")
AT_LEAST = ("more than", "over", "at least", "just over", "upwards of", "in excess of")
AT_MOST = ("up to", "less than", "under", "at most", "fewer than", "no more than")
HEDGES = BELOW + AROUND + AT_LEAST + AT_MOST
# Relative room given to an exact figure's rounding ("$240 billion" = "$237.5 billion") and to an
# "about"/"nearly" figure. Set on tests/test_conflicts.py and bench/compare.py: within 2 % two outlets
# round one number differently; "$200 million" vs "$240 million" is a real disagreement.
ROUNDING = 0.02
HEDGE_ROOM = 0.10
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
    hedge: str | None = None  # the hedge word written before it ("nearly", "more than")

    def bounds(self) -> tuple[float, float]:
        """The values this figure, as written, allows: its rounding and its hedge."""
        v = abs(self.value)
        half = min(_rounding_step(self) / 2, ROUNDING * v)
        if self.hedge in BELOW:
            return v * (1 - HEDGE_ROOM), v + half
        if self.hedge in AROUND:
            return v * (1 - HEDGE_ROOM), v * (1 + HEDGE_ROOM)
        if self.hedge in AT_LEAST:
            return v - half, float("inf")
        if self.hedge in AT_MOST:
            return 0.0, v + half
        return v - half, v + half


def figures_agree(a: Figure, b: Figure) -> bool:
    """Both can be true of one quantity: "$240bn" and "$240.1 billion", "nearly $240 billion" and
    "$240 billion", "at least 12 dead" and "15 dead"."""
    (lo_a, hi_a), (lo_b, hi_b) = a.bounds(), b.bounds()
    return lo_a <= hi_b and lo_b <= hi_a


def _rounding_step(f: Figure) -> float:
    """Size of the last significant digit written: 1e10 for "$240 billion", 1e8 for "$240.1 billion"."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", f.text)
    if m is None:
        return 0.0
    number = m.group(0).replace(",", "")
    whole, _, decimals = number.partition(".")
    step = 10.0 ** -len(decimals) if decimals else 10.0 ** (len(whole) - len(whole.rstrip("0")))
    return step * abs(f.value) / (float(number) or 1.0)


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
    # Slots conflicts compare; see compare.conflicts.
    times: list[tuple[str, str, str]] = field(default_factory=list)  # (value, words, anchor) of each date
    act_places: list[str] = field(default_factory=list)  # GPEs after "in": where it happened
    root: str = ""  # lemma of the main verb
    predicate: str = ""  # the main verb as written with its auxiliaries and negation ("did not sign")
    modal: bool = False  # "will sign", "could sign": a plan or a possibility, not an act
    speaker_is_person: bool = False  # the speaker is a person the article names, not "the Kremlin"
    gist: str = ""  # content lemmas without negation or auxiliaries ("xi putin sign joint statement")


def article_units(article: Article, doc: Doc, sentences: set[int] | None,
                  timexes: list[TimeExpression], participants: list[str]) -> list[Unit]:
    """Claim units of the article's sentences in `sentences` (all when None)."""
    quotes = extract_quotes(article.text, doc=doc, participants=participants)
    dates = _dates_by_sentence(timexes)
    times = _times_by_sentence(timexes)
    people = {e.text for e in article.entities if e.label == "PERSON"} | set(participants)
    quotes_of: dict[int, list[Quote]] = {}
    for q in quotes:
        quotes_of.setdefault(sentence_index_at(article.sentences, q.start), []).append(q)
    units: list[Unit] = []
    for sent in article.sentences:
        if sentences is not None and sent.index not in sentences:
            continue
        inside = quotes_of.get(sent.index, [])
        for unit in _sentence_units(article, doc, sent, inside, dates.get(sent.index, [])):
            unit.times = times.get(sent.index, [])
            unit.speaker_is_person = bool(unit.speaker) and _is_person(unit.speaker, people)
            units.append(unit)
    return units


def _times_by_sentence(timexes: list[TimeExpression]) -> dict[int, list[tuple[str, str, str]]]:
    """Calendar dates of each sentence at the precision written: "2024", "2024-05", "2024-05-16"."""
    out: dict[int, list[tuple[str, str, str]]] = {}
    for t in timexes:
        m = re.match(r"\d{4}(?:-\d\d(?:-\d\d)?)?(?![\dW])", t.value or "") if t.type in ("DATE", "TIME") else None
        if m:
            out.setdefault(t.sentence, []).append((m.group(0), t.text, t.anchor))
    return out


def _is_person(speaker: str, people: set[str]) -> bool:
    words = set(speaker.split())
    return any(words & set(p.split()) for p in people)


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
             figures=find_figures(q.content), **{**base, **_act_slots(doc.char_span(q.start, q.end, alignment_mode="expand"))})
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
    return {
        "places": sorted({e.text for e in ents if e.label_ in ("GPE", "LOC")}),
        "facilities": sorted({e.text for e in ents if e.label_ == "FAC"}),
        "people": sorted({e.text for e in ents if e.label_ == "PERSON"}),
        "names": sorted({e.text for e in ents if e.label_ not in NOT_NAMES}),
        "verbs": [t.lemma_.lower() for t in span if t.pos_ == "VERB"],
        **_act_slots(span),
    }


def _act_slots(span) -> dict:
    """What the span says happened: its main verb, negation, modality and place. For a quote it is
    the quoted words', not the "said" that carries them."""
    if span is None or not len(span):
        return {}
    root = span.root
    helpers = [c for c in root.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < root.i]
    return {
        "negated": any(c.dep_ == "neg" for c in root.children),
        "act_places": sorted({_strip_the(e.text) for e in span.ents if e.label_ == "GPE" and _locative(e)}),
        "root": root.lemma_.lower(),
        "predicate": " ".join(t.text for t in sorted(helpers + [root], key=lambda t: t.i)),
        "modal": any(c.dep_ == "aux" and c.tag_ == "MD" for c in root.children),
        # the words with negation and auxiliaries left out: what is affirmed or denied
        "gist": " ".join(t.lemma_.lower() for t in span
                         if not (t.is_punct or t.dep_ in ("neg", "aux", "auxpass") or t.is_stop)),
    }


def _locative(ent) -> bool:
    """"in Beijing": the town or country where something happened. Not "Beijing said", and not "at
    Zhongnanhai", which names a venue (spaCy often tags venues GPE): venues are sub-events."""
    return ent.root.dep_ == "pobj" and ent.root.head.lower_ == "in"


def _strip_the(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name


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
                fig.hedge = _hedged(text, m.start())
                fig.approximate = fig.hedge is not None
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


def _hedged(text: str, start: int) -> str | None:
    before = " " + text[max(0, start - 16):start].lower().rstrip()
    return next((h for h in sorted(HEDGES, key=len, reverse=True) if before.endswith(" " + h)), None)
