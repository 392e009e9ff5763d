"""Conflicts: aligned mentions of one claim that disagree on a slot a reader cares about.

Kept rare on purpose. A value and its more precise or hedged form agree ("nearly $240 billion" and
"$240 billion"); different venues are sub-events of a visit, not a dispute (the Great Hall in the
morning, Zhongnanhai in the evening), so places only conflict at the level of cities and countries
and only when the mentions are near-paraphrases.
"""
from __future__ import annotations

from ..models import Claim, Conflict
from .claims import Figure, Unit

# Relative difference under which two figures are one value rounded differently ("$240 billion" vs
# "$237.5 billion"); hedged figures ("nearly", "about") get the wider tolerance.
NUMBER_TOLERANCE = 0.02
HEDGED_TOLERANCE = 0.10
# Places and speakers only conflict between mentions this similar (cosine): below it, two
# sentences naming different cities are usually about different moments of a trip.
PARAPHRASE_SIMILARITY = 0.80


def find_conflicts(event_id: str, claims: list[tuple[Claim, list[Unit]]], similarity) -> list[Conflict]:
    """Conflicts over every claim made by at least two articles; marks those claims conflicting."""
    conflicts: list[Conflict] = []
    related = _related_places([u for _, units in claims for u in units])
    for claim, units in claims:
        if len({u.article for u in units}) < 2:
            continue
        for check in (_number, _date, _place, _speaker, _negation):
            found = check(units, similarity, related)
            if found is None:
                continue
            slot, values, explanation = found
            conflicts.append(Conflict(
                id=f"{event_id}-x{len(conflicts) + 1}", event=event_id, slot=slot,
                claims=[claim.id], values=values, explanation=explanation,
            ))
            claim.status = "conflicting"
            break  # one reason per claim is enough to send a reader to it
    return conflicts


def _quote_of(u: Unit) -> str:
    text = u.text if len(u.text) <= 90 else u.text[:87] + "..."
    return f"{u.article} (sentence {u.sentence}): “{text}”"


def _where(u: Unit) -> str:
    return f"{u.article} sentence {u.sentence}"


def _number(units: list[Unit], similarity, related):
    for i, a in enumerate(units):
        for b in units[i + 1:]:
            for fa in a.figures:
                for fb in b.figures:
                    if fa.unit == fb.unit and not _agree(fa, fb):
                        return ("number", [fa.text, fb.text],
                                f"{a.article} gives {fa.text} where {b.article} gives {fb.text} "
                                f"for the same {_unit_name(fa)} ({_where(a)}; {_where(b)}).")
    return None


def _agree(fa: Figure, fb: Figure) -> bool:
    tolerance = HEDGED_TOLERANCE if fa.approximate or fb.approximate else NUMBER_TOLERANCE
    biggest = max(abs(fa.value), abs(fb.value), 1e-9)
    if abs(fa.value - fb.value) / biggest <= tolerance:
        return True
    # "$240 billion" vs "$240.3 billion": one is the other rounded to its own precision
    return round(fa.value, -_magnitude(fa)) == round(fb.value, -_magnitude(fa)) or \
        round(fa.value, -_magnitude(fb)) == round(fb.value, -_magnitude(fb))


def _magnitude(f: Figure) -> int:
    digits = [c for c in f.text if c.isdigit()]
    significant = len("".join(digits).rstrip("0")) or 1
    return max(0, len(str(int(abs(f.value)))) - significant)


def _unit_name(f: Figure) -> str:
    if f.unit == "USD":
        return "amount"
    if f.unit == "%":
        return "percentage"
    return f.unit.split(":", 1)[1]


def _date(units: list[Unit], similarity, related):
    dated = [u for u in units if u.dates]
    for i, a in enumerate(dated):
        for b in dated[i + 1:]:
            if not set(a.dates) & set(b.dates) and similarity(a, b) >= PARAPHRASE_SIMILARITY:
                return ("date", [a.dates[0], b.dates[0]],
                        f"{a.article} dates this to {a.dates[0]}, {b.article} to {b.dates[0]} ({_where(a)}; {_where(b)}).")
    return None


def _related_places(units: list[Unit]) -> set[frozenset[str]]:
    """Places some sentence of the event names together ("Zhongnanhai in Beijing"): one holds the
    other or both are stops of one trip, so naming one or the other is no contradiction."""
    related = set()
    for u in units:
        names = [p.lower() for p in u.places + u.facilities]
        related |= {frozenset((a, b)) for a in names for b in names if a != b}
    return related


def _place(units: list[Unit], similarity, related):
    placed = [u for u in units if len(u.places) == 1]
    for i, a in enumerate(placed):
        for b in placed[i + 1:]:
            pa, pb = a.places[0], b.places[0]
            if pa.lower() in pb.lower() or pb.lower() in pa.lower():
                continue
            if frozenset((pa.lower(), pb.lower())) in related:
                continue
            if similarity(a, b) >= PARAPHRASE_SIMILARITY:
                return ("place", [pa, pb], f"{a.article} places this in {pa}, {b.article} in {pb} ({_where(a)}; {_where(b)}).")
    return None


def _speaker(units: list[Unit], similarity, related):
    quotes = [u for u in units if u.kind == "quote" and u.quote_kind == "direct" and u.speaker]
    for i, a in enumerate(quotes):
        for b in quotes[i + 1:]:
            if _same_speaker(a.speaker, b.speaker) or similarity(a, b) < PARAPHRASE_SIMILARITY:
                continue
            return ("speaker", [a.speaker, b.speaker],
                    f"The same words are put in {a.speaker}'s mouth by {a.article} and in "
                    f"{b.speaker}'s by {b.article}.")
    return None


def _same_speaker(a: str, b: str) -> bool:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return bool(wa & wb)


def _negation(units: list[Unit], similarity, related):
    statements = [u for u in units if u.kind != "quote"]
    for i, a in enumerate(statements):
        for b in statements[i + 1:]:
            if a.negated == b.negated or not set(a.verbs[:3]) & set(b.verbs[:3]):
                continue
            if similarity(a, b) >= PARAPHRASE_SIMILARITY:
                yes, no = (a, b) if b.negated else (b, a)
                return ("other", ["affirmed", "denied"],
                        f"{yes.article} says it happened, {no.article} says it did not: "
                        f"{_quote_of(yes)} vs {_quote_of(no)}")
    return None
