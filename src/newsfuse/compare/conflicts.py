"""Conflicts: two reports' sentences about one fact that cannot both be true.

Kept rare on purpose: each conflict must be worth a reader's time. Candidates are pairs of claim
units from different articles whose MiniLM sentences are close; each slot then asks for its own
evidence that the two sentences tell the same fact and disagree on it:
- number: one figure of the same kind each, whose ranges (rounding, "nearly", "more than") do not
  meet, in sentences about the same period;
- date: one calendar date each for the same act (same main verb), different at the precision both
  give ("May 2024" and "16 May 2024" agree), both resolved from the article's own date or written out;
- place: one place each where the act happened ("in Beijing" / "in Shanghai"), of the same level
  (city vs city, country vs country: a city may lie in a country), never named together anywhere in
  the event (the Great Hall and Zhongnanhai are both "in Beijing": sub-events, not a dispute);
- speaker: near-identical quoted words credited to two different named people;
- negation ("other"): the same act on the same object, affirmed by one and denied by the other.
"""
from __future__ import annotations

import calendar
import itertools
import json
import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from ..models import Claim, Conflict
from .align import similar_pairs
from .claims import Figure, Unit, figures_agree
from .quotes import CUE_LEMMAS

# Per slot, the MiniLM cosine at or above which two sentences can be one fact. A differing place or
# date changes few words, so paraphrases of one act stay above 0.80 (tests/test_conflicts.py:
# 0.87-0.98); MiniLM weighs negation, so "signed" / "did not sign" the same statement scores only
# 0.74 and negation relies on its lemma overlap (NEGATION_OVERLAP) instead. Set on bench/compare.py
# (sample, PolNeAR groups, SemEval-2022 pairs).
SLOT_SIMILARITY = {"number": 0.75, "date": 0.80, "place": 0.80, "negation": 0.65, "agent": 0.70,
                   # one count of the same named thing ("16 tests" / "over 20 missile tests"): the
                   # counted noun already says the two sentences measure one quantity (NewsWCL50 dev
                   # E2: cosine 0.62 for two outlets' tallies of 2017's missile tests)
                   "count": 0.60}
CANDIDATE_SIMILARITY = min(SLOT_SIMILARITY.values())
# Content lemmas, negation left out, this alike (rapidfuzz token_set_ratio, 0-100): the same act on
# the same object.
NEGATION_OVERLAP = 90
# Quoted words this alike (rapidfuzz ratio, 0-100) are one quote, whoever it is credited to.
SAME_QUOTE = 90
MIN_QUOTE_WORDS = 6
_LOCATIVE_LEVELS = ("countries", "states", "regions")


def find_conflicts(event_id: str, claims: list[tuple[Claim, list[Unit]]], vectors: np.ndarray,
                   units: list[Unit], source_name: Callable[[str], str]) -> list[Conflict]:
    """Conflicts between units of different articles; marks every claim involved conflicting.

    `vectors` are the units' normalised MiniLM embeddings, in `units` order; `source_name` turns an
    article id into what a reader knows it by (its outlet)."""
    claim_of = {id(u): claim for claim, members in claims for u in members}
    related = _related_places(units)
    conflicts: list[Conflict] = []
    seen: set[tuple] = set()
    checked = ((a, b, _check(a, b, sim, related, source_name)) for sim, a, b in _candidates(units, vectors))
    for a, b, found in itertools.chain(checked, _opposite_qualities(units, vectors, source_name)):
        if found is None:
            continue
        slot, values, explanation = found
        key = (slot, frozenset(values), frozenset((a.article, b.article)))
        pair_claims = sorted({claim_of[id(a)].id, claim_of[id(b)].id})
        if key in seen:
            continue  # one disagreement told in two sentences of each article is one conflict
        seen.add(key)
        conflicts.append(Conflict(id=f"{event_id}-x{len(conflicts) + 1}", event=event_id, slot=slot,
                                  claims=pair_claims, values=values, explanation=explanation))
        claim_of[id(a)].status = claim_of[id(b)].status = "conflicting"
    return conflicts


def _candidates(units: list[Unit], vectors: np.ndarray):
    """Pairs of units of different articles at or above CANDIDATE_SIMILARITY, closest first.

    From `similar_pairs`: every pair for ordinary events, each unit's nearest neighbours for very
    large ones, never a materialised all-pairs list."""
    if len(units) < 2:
        return []
    found = similar_pairs(vectors, [u.article for u in units], CANDIDATE_SIMILARITY)
    return sorted(((sim, units[i], units[j]) for i, j, sim in found), key=lambda p: -p[0])


def _check(a: Unit, b: Unit, sim: float, related, source_name):
    """The first slot the two units disagree on, as (slot, values, explanation), or None."""
    if a.quote_kind == b.quote_kind == "direct":
        return _speaker(a, b, source_name)
    for check in (_number, _date, _place, _negation, _agent):
        found = check(a, b, sim, related, source_name)
        if found is not None:
            return found
    return None


def _names(a: Unit, b: Unit, source_name) -> tuple[str, str]:
    """How the explanation calls the two sources: outlets, with sentence numbers (1-based)."""
    na, nb = source_name(a.article), source_name(b.article)
    if na == nb:
        na, nb = f"{na} ({a.article})", f"{nb} ({b.article})"
    return f"{na} (sentence {a.sentence + 1})", f"{nb} (sentence {b.sentence + 1})"


# --- number -----------------------------------------------------------------------------------

def _number(a: Unit, b: Unit, sim: float, related, source_name):
    if sim < SLOT_SIMILARITY["count"] or a.negated or b.negated or not _times_agree(a, b):
        return None
    if a.headline or b.headline:
        # a headline rounds, compresses and attributes by a colon ("Report: Red Sox offer Teixeira
        # $200 million"); its body tells the figure again, where a disagreement is found
        # (bench/conflict_judgements.md, ECB+ dev draw of 2026-12-03: 6 of 30, all false)
        return None
    # sorted: the same pair reports the same figure on every run (set order varies with the hash seed)
    for unit in sorted({f.unit for f in a.figures} & {f.unit for f in b.figures}):
        fa, fb = _only(a.figures, unit), _only(b.figures, unit)
        if fa is None or fb is None or figures_agree(fa, fb):
            continue  # two figures of one kind in a sentence: which is which is a guess
        if not _same_quantity(fa, fb, a, b):
            continue
        if sim < SLOT_SIMILARITY["count" if unit.startswith("count:") and unit not in GENERIC_COUNTS else "number"]:
            continue
        na, nb = _names(a, b, source_name)
        return ("number", [fa.text, fb.text],
                f"The {_unit_name(fa)} differs: {na} gives {fa.text}, {nb} gives {fb.text}.")
    return None


def _same_quantity(fa: Figure, fb: Figure, a: Unit, b: Unit) -> bool:
    """Two figures of one noun measure one quantity only when nothing says they are two: counts
    held by two different named people or bodies ("Vaughn scored 16 points" / "James had 15
    points"), counts of different scopes ("23 points" in a game / "2,129 career points", "10 points
    in the first minutes"), or ordinals of different acts ("floored in the fifth round" / "stopped
    in the sixth"). Set on bench/conflict_judgements.md (ECB+ dev, 30 hand-read conflicts)."""
    if fa.holder and fb.holder and not _content_words(fa.holder) & _content_words(fb.holder):
        return False
    if fa.scope != fb.scope:
        return False
    return not fa.unit.startswith("ordinal:") or _same_act(a, b)


def _only(figures: list[Figure], unit: str) -> Figure | None:
    same = [f for f in figures if f.unit == unit]
    return same[0] if len(same) == 1 else None


def _agree(fa: Figure, fb: Figure) -> bool:
    return figures_agree(fa, fb)


def _unit_name(f: Figure) -> str:
    if f.unit == "USD":
        return "amount"
    if f.unit == "%":
        return "percentage"
    kind, noun = f.unit.split(":", 1)
    return f"number of {noun}s" if kind == "count" else f"ordinal ({noun})"


def _times_agree(a: Unit, b: Unit) -> bool:
    """Figures of different periods ("in 2023" / "in 2022") are different facts, not a conflict.
    A sentence with no date of its own tells of the days its report was written: against it, a
    sentence dated only well before ("In 2008, Klitschko stopped Thompson in the 11th round" / "stopped
    Thompson in the sixth round", 4 of 30 drawn ECB+ conflicts, bench/conflict_judgements.md) tells of
    another occasion."""
    if a.times and b.times:
        return any(_compatible(ta[0], tb[0]) for ta in a.times for tb in b.times)
    dated, undated = (a, b) if a.times else (b, a)
    if not dated.times or not undated.published:
        return True
    if any(t[2] not in ("explicit", "published") for t in dated.times):
        return True  # a date guessed from other articles says nothing of the sentence's period
    return not all(_days_before(t[0], undated.published) > PAST_OCCASION_DAYS for t in dated.times)


# A sentence dated only this many days before the other report was written tells of another occasion.
PAST_OCCASION_DAYS = 365


def _days_before(value: str, published: str) -> int:
    """Days from the end of the period `value` names ("2008" ends on 31 December) to `published`."""
    try:
        year = int(value[:4])
        month = int(value[5:7]) if len(value) >= 7 else 12
        day = int(value[8:10]) if len(value) >= 10 else calendar.monthrange(year, month)[1]
        return (date.fromisoformat(published[:10]) - date(year, month, day)).days
    except ValueError:
        return 0


# Counted nouns too general to say two sentences measure one quantity.
GENERIC_COUNTS = {f"count:{n}" for n in ("people", "person", "year", "day", "time", "month", "week", "hour", "minute",
                                         "percent", "member", "official", "country", "other", "one")}


# --- agent ------------------------------------------------------------------------------------

def _agent(a: Unit, b: Unit, sim: float, related, source_name):
    """"The Justice Department released the memos" / "the memos were released by Republican
    officials": one act on one object, done by two different named agents."""
    if sim < SLOT_SIMILARITY["agent"] or not _same_act(a, b) or a.modal or a.root in CUE_LEMMAS \
            or a.headline or b.headline:
        return None
    if not (a.agent_is_name and b.agent_is_name and a.object_lemmas & b.object_lemmas):
        return None
    if _content_words(a.agent) & _content_words(b.agent) or not _times_agree(a, b):
        return None
    if frozenset((a.agent.lower(), b.agent.lower())) in related:
        return None
    na, nb = _names(a, b, source_name)
    return ("other", [a.agent, b.agent],
            f"Who did it differs: {na} says {a.agent} {a.predicate or a.root} it, {nb} says {b.agent}.")


def _content_words(phrase: str) -> set[str]:
    return {w for w in phrase.lower().replace("’s", "").replace("'s", "").split() if w not in _FUNCTION_WORDS}


_FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "and", "its", "his", "her", "their", "u.s.", "us"})


# --- date -------------------------------------------------------------------------------------

def _compatible(x: str, y: str) -> bool:
    """"2024-05" and "2024-05-16" agree: one is the other made more precise."""
    return x.startswith(y) or y.startswith(x)


def _date(a: Unit, b: Unit, sim: float, related, source_name):
    if sim < SLOT_SIMILARITY["date"] or not _same_act(a, b):
        return None
    ta, tb = _one_date(a), _one_date(b)
    if ta is None or tb is None or _compatible(ta[0], tb[0]):
        return None
    na, nb = _names(a, b, source_name)
    return ("date", [ta[0], tb[0]],
            f"The date differs: {na} puts it on {ta[0]} (“{ta[1]}”), {nb} on {tb[0]} (“{tb[1]}”).")


def _one_date(u: Unit) -> tuple[str, str, str] | None:
    """The sentence's only date, at month precision or finer, resolved from the article's own date
    or written out: a date guessed from other articles ("event", "context") proves no conflict."""
    dates = [t for t in u.times if len(t[0]) >= 7]
    if len(dates) != 1 or len(u.times) != 1 or dates[0][2] not in ("published", "explicit"):
        return None
    return dates[0]


def _same_act(a: Unit, b: Unit) -> bool:
    """Same main verb, both stated as done or both as planned, both affirmed or both denied."""
    return bool(a.root) and a.root == b.root and a.modal == b.modal and a.negated == b.negated


# --- place ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _levels() -> dict[str, str]:
    data = json.loads((Path(__file__).with_name("place_levels.json")).read_text(encoding="utf-8"))
    levels: dict[str, str] = {}
    for level in _LOCATIVE_LEVELS:
        for name in data[level]:
            key = _strip_the(name.lower())
            levels[key] = "ambiguous" if key in levels and levels[key] != level else level
    return levels


def _level(place: str) -> str:
    return _levels().get(_strip_the(place.lower()), "city")


def _strip_the(name: str) -> str:
    return name[4:] if name.startswith("the ") else name


def _related_places(units: list[Unit]) -> set[frozenset[str]]:
    """Places some sentence of the event names together ("Zhongnanhai in Beijing"): one holds the
    other or both are stops of one trip, so naming one or the other is no contradiction."""
    related = set()
    for u in units:
        names = [p.lower() for p in u.places + u.facilities + u.act_places]
        related |= {frozenset((a, b)) for a in names for b in names if a != b}
    return related


def _place(a: Unit, b: Unit, sim: float, related, source_name):
    if sim < SLOT_SIMILARITY["place"] or len(a.act_places) != 1 or len(b.act_places) != 1 or not _same_act(a, b):
        return None
    pa, pb = a.act_places[0], b.act_places[0]
    la, lb = pa.lower(), pb.lower()
    if la in lb or lb in la or frozenset((la, lb)) in related:
        return None
    if _level(pa) != _level(pb) or _level(pa) in ("ambiguous", "regions"):
        return None  # "in Russia" and "in Moscow" are both true; regions hold countries
    na, nb = _names(a, b, source_name)
    return ("place", [pa, pb], f"The place differs: {na} says {pa}, {nb} says {pb}.")


# --- speaker ----------------------------------------------------------------------------------

def _speaker(a: Unit, b: Unit, source_name):
    if not (a.speaker and b.speaker and a.speaker_is_person and b.speaker_is_person):
        return None
    if a.quote_kind != "direct" or b.quote_kind != "direct" or _same_speaker(a.speaker, b.speaker):
        return None
    if min(len(a.text.split()), len(b.text.split())) < MIN_QUOTE_WORDS:
        return None
    if fuzz.ratio(_plain(a.text), _plain(b.text)) < SAME_QUOTE:
        return None  # two people saying alike things is common; the same words are not
    na, nb = _names(a, b, source_name)
    return ("speaker", [a.speaker, b.speaker],
            f"The same words are attributed to {a.speaker} by {na} and to {b.speaker} by {nb}.")


def _plain(text: str) -> str:
    return " ".join(text.lower().strip(" “”\"'.,").split())


def _same_speaker(a: str, b: str) -> bool:
    return bool(set(a.lower().split()) & set(b.lower().split()))


# --- negation ---------------------------------------------------------------------------------

def _negation(a: Unit, b: Unit, sim: float, related, source_name):
    if sim < SLOT_SIMILARITY["negation"] or a.negated == b.negated or a.root != b.root or not a.root:
        return None
    if a.attributed or b.attributed or a.headline or b.headline:
        return None  # "Sanders said she is not qualified" reports a view; it contradicts no fact
    if a.modal != b.modal or fuzz.token_set_ratio(a.gist, b.gist) < NEGATION_OVERLAP:
        return None
    yes, no = (a, b) if b.negated else (b, a)
    ny, nn = _names(yes, no, source_name)
    return ("other", [yes.predicate, no.predicate],
            f"{ny} says “{yes.predicate}”, {nn} says “{no.predicate}” about the same act.")



# --- opposite qualities -----------------------------------------------------------------------

# Prefixes that make a quality its opposite ("classified" / "unclassified", "partisan" /
# "nonpartisan"); "de-" ("declassified") names a change, not the opposite.
OPPOSITE_PREFIXES = ("un", "non-", "non")
MIN_QUALITY_LETTERS = 5  # "un" + a short word ("unit", "under") is no prefix
# Two sentences this unalike (MiniLM cosine) are about different things whatever words they share.
OPPOSITE_SIMILARITY = 0.30
# Only a status an act gives a document or an act is disputable this way: a regular past participle
# ("classified", "confirmed", "authorised", "signed"), not an adjective of knowledge, clarity or
# habit ("known", "clear", "accustomed": bench/conflict_judgements.md, ECB+ dev, all false) nor the
# state of a thing or person ("protected computer" in law / an "unprotected" server, PolNeAR g34).
STATE_PARTICIPLES = frozenset({"accustomed", "used", "expected", "acquainted", "concerned", "interested",
                               "protected", "secured", "guarded", "armed", "occupied", "inhabited",
                               "populated", "employed", "married", "educated", "affected", "deserved",
                               "precedented", "settled", "limited", "related", "noticed", "restricted"})


def _act_status(base: str) -> bool:
    return base.endswith("ed") and base not in STATE_PARTICIPLES


def _opposite_qualities(units: list[Unit], vectors: np.ndarray, source_name):
    """(a, b, found) for sentences of two articles giving one thing opposite qualities: "he leaked
    classified information" / "the memo he gave a friend is marked unclassified" (NewsWCL50 dev E1).
    Both must name a common person or body, so the quality is told of one actor's business; often
    both are attributed views (a tweet, a congressman's note): the reader is told they disagree."""
    holders: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        for q in u.qualities:
            holders.setdefault(q, []).append(i)
    found = []
    for quality, indices in holders.items():
        base = next((quality[len(p):] for p in OPPOSITE_PREFIXES if quality.startswith(p)
                     and len(quality) - len(p) >= MIN_QUALITY_LETTERS), None)
        if base is None or not _act_status(base):
            continue
        for i, j in itertools.product(indices, holders.get(base or "", [])):
            a, b = units[i], units[j]
            if a.article == b.article or a.headline or b.headline or not _name_words(a) & _name_words(b):
                continue
            sim = float(vectors[i] @ vectors[j])
            if sim >= OPPOSITE_SIMILARITY:
                found.append((sim, b, a, base, quality))
    found.sort(key=lambda f: -f[0])
    for _, yes, no, base, quality in found:
        ny, nn = _names(yes, no, source_name)
        yield yes, no, ("other", [base, quality], f"{ny} says “{base}”, {nn} says “{quality}” of the same matter.")


def _name_words(u: Unit) -> set[str]:
    return {w for name in u.names for w in re.findall(r"[a-z]{3,}", name.lower())}
