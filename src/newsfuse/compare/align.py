"""Align claim units of different articles in one event into canonical claims.

Two units align when their MiniLM sentences are close, helped by shared specifics (a place or a
person other than the event's participants, the same figure) and held back by disagreeing kinds.
Groups grow by average linkage and hold at most one unit per article, so one article's two
sentences about one fact do not count twice.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np

from ..models import Claim, Mention, Reuse
from .claims import Unit

# Cosine similarity at or above which two units state the same claim. Set on the sample
# (bench/compare.py): 0.62 joins the paraphrased Ukraine-position sentences of 000/001/002 and keeps
# the Great Hall welcome apart from the Zhongnanhai tea.
ALIGN_THRESHOLD = 0.62
# Each shared specific (a non-participant place or person, or the same figure) adds this much:
# "Harbin" or "75" is strong evidence two differently worded sentences tell one fact.
SPECIFIC_BONUS = 0.12
MAX_BONUS = 0.24


def align(units: list[Unit], vectors: np.ndarray, participants: list[str]) -> list[list[int]]:
    """Groups of unit indices, each group one claim, in order of first mention."""
    sims = vectors @ vectors.T if len(units) else np.zeros((0, 0))
    common = _common_names(units, participants)
    score = lambda i, j: float(sims[i, j]) + _bonus(units[i], units[j], common)  # noqa: E731
    groups: list[list[int]] = []
    order = sorted(range(len(units)), key=lambda i: (units[i].article, units[i].sentence))
    for i in order:
        best, best_score = None, ALIGN_THRESHOLD
        for g, members in enumerate(groups):
            if any(units[m].article == units[i].article for m in members):
                continue
            s = _linkage(i, members, score)
            if s >= best_score and _compatible_kind(units[i], units[members[0]]):
                best, best_score = g, s
        if best is None:
            groups.append([i])
        else:
            groups[best].append(i)
    return groups


def _linkage(i: int, members: list[int], score: Callable[[int, int], float]) -> float:
    return sum(score(i, m) for m in members) / len(members)


def _compatible_kind(a: Unit, b: Unit) -> bool:
    """Quotes align with quotes or with the statements that paraphrase them; not with figures."""
    return not ({a.kind, b.kind} == {"quote", "figure"})


def _common_names(units: list[Unit], participants: list[str]) -> set[str]:
    """Names every article uses (the summit's own leaders and city) prove nothing when shared."""
    articles = {u.article for u in units}
    seen: dict[str, set[str]] = {}
    for u in units:
        for name in u.places + u.people:
            seen.setdefault(name.lower(), set()).add(u.article)
    common = {n for n, arts in seen.items() if len(arts) >= max(2, int(0.75 * len(articles)))}
    for p in participants:
        common |= {w.lower() for w in p.split()} | {p.lower()}
    return common


def _bonus(a: Unit, b: Unit, common: set[str]) -> float:
    names_a = {n.lower() for n in a.places + a.people + a.facilities} - common
    names_b = {n.lower() for n in b.places + b.people + b.facilities} - common
    shared = len(names_a & names_b)
    shared += sum(1 for fa in a.figures for fb in b.figures if same_quantity(fa, fb))
    return min(MAX_BONUS, SPECIFIC_BONUS * shared)


def same_quantity(fa, fb) -> bool:
    """Same kind of quantity and the same value, allowing "75th anniversary" = "75 years" of ties."""
    if fa.value != fb.value:
        return False
    kinds = {fa.unit.split(":")[0], fb.unit.split(":")[0]}
    return fa.unit == fb.unit or kinds == {"ordinal", "count"}


def source_components(articles: list[str], reuse: list[Reuse]) -> dict[str, str]:
    """Article -> representative after collapsing copies, rewrites and shared wires (union-find)."""
    parent = {a: a for a in articles}

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for r in reuse:
        if r.source in parent and r.derived in parent:
            parent[find(r.derived)] = find(r.source)
    return {a: find(a) for a in articles}


def make_claims(event_id: str, units: list[Unit], groups: list[list[int]], vectors: np.ndarray,
                components: dict[str, str]) -> list[tuple[Claim, list[Unit]]]:
    """One canonical claim per group: the mention nearest the group's centre speaks for it."""
    claims = []
    for n, members in enumerate(groups, start=1):
        group = [units[m] for m in members]
        centre = vectors[members].mean(axis=0)
        canonical = group[int(np.argmax(vectors[members] @ centre))]
        kinds = Counter(u.kind for u in group)
        speakers = Counter(u.speaker for u in group if u.speaker)
        claim = Claim(
            id=f"{event_id}-c{n}",
            event=event_id,
            text=canonical.text,
            kind="quote" if kinds["quote"] else ("figure" if kinds["figure"] else "statement"),
            mentions=[Mention(article=u.article, sentence=u.sentence, text=u.text) for u in group],
            speaker=speakers.most_common(1)[0][0] if speakers else None,
            independent_sources=len({components.get(u.article, u.article) for u in group}),
        )
        claim.status = "corroborated" if claim.independent_sources >= 2 else "single_source"
        claims.append((claim, group))
    return claims
