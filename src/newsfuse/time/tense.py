"""Which way a bare weekday or month points: the tense of the verb that governs the expression.

"met on Thursday" is the past Thursday, "will travel on Friday" the coming Friday. With a spaCy parse
the governing verb and its auxiliaries decide; without one, the words of the clause do.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from .normalize import FUTURE, PAST, UNKNOWN

FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "'d"}
# Heads of "to"-infinitives that look forward: "is due to travel", "plans to meet".
FORWARD_HEADS = {"due", "scheduled", "expected", "set", "plan", "plans", "planned", "going", "slated",
                 "poised", "intend", "intends", "hope", "hopes", "aim", "aims", "likely", "to"}
PAST_AUX = {"was", "were", "had", "did"}
MAX_HEAD_STEPS = 6

_CLAUSE_FUTURE = re.compile(r"\b(?:will|'ll|shall|would|going to|(?:is|are) (?:due|set|scheduled|expected|slated) to|"
                            r"to be held|plans? to|(?:is|are) to)\b", re.I)
_CLAUSE_PAST = re.compile(r"\b(?:\w+ed|was|were|had|did|said|met|held|came|went|took|made|saw|told|gave|"
                          r"began|left|arrived|signed|spoke|sent|won|lost|fell|rose|paid|sold|bought|"
                          r"led|ran|hit|struck|began|broke|chose|drove|flew|found|got|heard|kept|knew|"
                          r"meant|put|read|said|set|stood|thought|understood|wrote)\b", re.I)
_CLAUSE_EDGE = re.compile(r"[.;!?\n]")


def tense_from_doc(doc) -> Callable[[int, int], int]:
    """Tense of the verb governing each character span of `doc`'s text."""
    def tense(start: int, end: int) -> int:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return UNKNOWN
        verb = _governing_verb(span.root)
        return _verb_tense(verb) if verb is not None else UNKNOWN
    return tense


def _governing_verb(token):
    for _ in range(MAX_HEAD_STEPS):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _verb_tense(verb, depth: int = 0) -> int:
    aux = [child.lower_ for child in verb.children if child.dep_ in ("aux", "auxpass")]
    if any(word in FUTURE_AUX for word in aux):
        return FUTURE
    if "to" in aux and (verb.head.lower_ in FORWARD_HEADS or verb.head.lemma_ in FORWARD_HEADS):
        return FUTURE
    if verb.tag_ == "VBD" or any(word in PAST_AUX for word in aux):
        return PAST
    if verb.tag_ == "VBN" and any(word in ("has", "have", "'ve", "'s") for word in aux):
        return PAST
    if verb.tag_ == "VBG" and any(word in ("is", "are", "'re", "am") for word in aux):
        return FUTURE
    if verb.tag_ == "VBN" and verb.head.i != verb.i and depth < MAX_HEAD_STEPS:
        # A participle without auxiliary ("the talks held on Thursday") takes its head's tense.
        return _verb_tense(verb.head, depth + 1) if verb.head.pos_ in ("VERB", "AUX") else PAST
    return UNKNOWN


def tense_from_words(text: str) -> Callable[[int, int], int]:
    """Tense guessed from the words of the clause around each span, for text without a parse."""
    def tense(start: int, end: int) -> int:
        left = max((m.end() for m in _CLAUSE_EDGE.finditer(text, 0, start)), default=0)
        right_match = _CLAUSE_EDGE.search(text, end)
        clause = text[left:right_match.start() if right_match else len(text)]
        if _CLAUSE_FUTURE.search(clause):
            return FUTURE
        if _CLAUSE_PAST.search(clause):
            return PAST
        return UNKNOWN
    return tense
