"""A consolidated account of an event from its canonical claims, each sentence citing its claims.

Extractive: every sentence is a claim's canonical wording (quotes rendered as "X said: “...”"),
corroborated facts first (most independent sources first), then single-source ones marked as such,
then disputed ones with what is disputed.
"""
from __future__ import annotations

from ..models import Claim, Conflict, SummarySentence
from .quotes import render_quote

# Enough to tell a summit without replaying every article; the claims list keeps the rest.
MAX_SENTENCES = 12
# Single-source claims are many; show only those the event's outlets lead with.
MAX_SINGLE_SOURCE = 4
STATUS_ORDER = {"corroborated": 0, "single_source": 1, "conflicting": 2}


def summarize(claims: list[Claim], conflicts: list[Conflict]) -> list[SummarySentence]:
    disputes = {cid: c for c in conflicts for cid in c.claims}
    ranked = sorted(claims, key=lambda c: (STATUS_ORDER[c.status], -c.independent_sources,
                                           min(m.sentence for m in c.mentions)))
    out: list[SummarySentence] = []
    singles = 0
    for claim in ranked:
        if claim.status == "single_source":
            singles += 1
            if singles > MAX_SINGLE_SOURCE:
                continue
        out.append(SummarySentence(text=_sentence(claim, disputes.get(claim.id)), claims=[claim.id]))
        if len(out) >= MAX_SENTENCES:
            break
    return out


def _sentence(claim: Claim, conflict: Conflict | None) -> str:
    body = claim.text.rstrip()
    if claim.kind == "quote" and claim.speaker:
        # Direct only where the source quotes the words; Claim may carry the unit's quote kind.
        body = render_quote(claim.speaker, body, getattr(claim, "quote_kind", None))
    if not body.endswith((".", "!", "?", "”", "\"")):
        body += "."
    articles = sorted({m.article for m in claim.mentions})
    if claim.status == "corroborated":
        return f"{body} [{claim.independent_sources} independent sources: {', '.join(articles)}]"
    if claim.status == "conflicting" and conflict is not None:
        return f"{body} [disputed ({conflict.slot}): {conflict.explanation}]"
    return f"{body} [single source: {', '.join(articles)}]"
