"""Clauses: the separate assertions inside one news sentence, each made to stand on its own.

A news sentence often carries two facts: "Trump, who welcomed Abe to his Florida resort Tuesday,
said five locations are under consideration" asserts the welcome and the five locations. Aligning
the whole sentence lets one fact hide the other (NewsWCL50 dev: 15 of 36 gold facts share an
evidence sentence with another fact). A relative, adverbial or coordinated clause with its own verb
becomes its own assertion, its subject made explicit: the antecedent of "who"/"which", or the
subject of the clause it hangs on ("while hosting Abe" -> "The president hosting Abe").
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

# Dependencies that start a clause of its own (spaCy English labels). `ccomp` is left in its
# sentence: its content is what the main verb says or shows, and speech is a quote unit already.
CLAUSE_DEPS = frozenset({"relcl", "advcl", "conj", "parataxis"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
# A clause shorter than this (words, subject included) is a modifier, not an assertion
# ("as expected", "if confirmed").
MIN_CLAUSE_WORDS = 5
LEADING_JUNK = frozenset({"mark", "cc", "punct", "advmod", "prep"})


@dataclass
class Clause:
    text: str  # the assertion with its subject written out
    root: Token  # its main verb
    tokens: frozenset[int]  # doc token indices the clause covers (its subject replacement excluded)
    subject: tuple[Token, ...] = ()  # the subject written out for it, when taken from elsewhere


def split_clauses(span: Span) -> tuple[list[Clause], frozenset[int]]:
    """The clauses split off `span` (a sentence), and the token indices left to its main clause."""
    heads = [t for t in span if _starts_clause(t, span)]
    if not heads:
        return [], frozenset(t.i for t in span)
    head_set = {t.i for t in heads}
    owned = {h.i: _own_tokens(h, head_set) for h in heads}
    clauses = []
    for h in heads:
        tokens = owned[h.i]
        words = [span.doc[i] for i in sorted(tokens)]
        words = _trim_leading(words)
        if not words:
            continue
        subject = _subject_words(h)
        body = [t for t in words if not (t.dep_ in SUBJECTS and t.lower_ in RELATIVE_PRONOUNS and t.head == h)]
        text = _join(subject + body)
        if sum(1 for t in subject + body if t.is_alpha) >= MIN_CLAUSE_WORDS:
            # the clause takes its marks, relative pronoun and joining "and" with it
            taken = set(tokens) | {c.i for c in h.head.children if c.dep_ in ("cc", "punct") and c.i == h.left_edge.i - 1}
            clauses.append(Clause(text=_sentence_case(text), root=h, tokens=frozenset(taken), subject=tuple(subject)))
    taken = set().union(*(c.tokens for c in clauses)) if clauses else set()
    main = frozenset(t.i for t in span if t.i not in taken)
    return clauses, main


def main_clause_text(span: Span, main: frozenset[int]) -> str:
    """The sentence's words left once its split-off clauses are taken out."""
    words = [t for t in span if t.i in main]
    # drop punctuation left dangling at the cut ("Trump , , said")
    kept: list[Token] = []
    for t in words:
        if t.is_punct and t.text in ",;—–-" and (not kept or (kept[-1].is_punct and kept[-1].text in ",;—–-")):
            continue
        kept.append(t)
    while kept and kept[-1].is_punct and kept[-1].text in ",;—–-":
        kept.pop()
    return _join(kept)


def _starts_clause(t: Token, span: Span) -> bool:
    if t.dep_ not in CLAUSE_DEPS or t.pos_ not in ("VERB", "AUX") or t.i == span.root.i:
        return False
    if t.dep_ == "conj" and t.head.pos_ not in ("VERB", "AUX"):
        return False  # "tests and launches": a list of things, not two clauses
    return t.head.i >= span.start and t.head.i < span.end


def _own_tokens(head: Token, heads: set[int]) -> set[int]:
    """The clause's subtree without the subtrees of clauses nested in it."""
    out: set[int] = set()
    stack = [head]
    while stack:
        tok = stack.pop()
        out.add(tok.i)
        for child in tok.children:
            if child.i in heads:
                continue
            if child.dep_ == "cc" and tok == head:
                continue
            stack.append(child)
    return out


def _trim_leading(words: list[Token]) -> list[Token]:
    while words and (words[0].dep_ in ("mark", "cc", "punct") or words[0].is_punct):
        words = words[1:]
    while words and words[-1].is_punct and words[-1].text not in ".!?\"”":
        words = words[:-1]
    return words


def _subject_words(head: Token) -> list[Token]:
    """Who the clause is about, when the clause does not name it itself."""
    own = [c for c in head.children if c.dep_ in SUBJECTS]
    if own and own[0].lower_ not in RELATIVE_PRONOUNS:
        return []  # the clause names its subject: nothing to add
    if head.dep_ == "relcl":
        return _noun_phrase(head.head)
    governor = head.head
    for _ in range(6):  # climb to the nearest verb that has a subject
        subj = [c for c in governor.children if c.dep_ in SUBJECTS]
        if subj and subj[0].lower_ not in RELATIVE_PRONOUNS:
            if head.tag_ in ("VBG", "VBN") and not _can_act(subj[0]) and governor.dep_ != "ROOT":
                governor = governor.head  # "talks had taken place, while hosting Abe": not the talks
                continue
            return _noun_phrase(subj[0])
        if subj and governor.dep_ == "relcl":
            return _noun_phrase(governor.head)
        if governor.dep_ == "ROOT" or governor.head == governor:
            break
        governor = governor.head
    return []


def _can_act(tok: Token) -> bool:
    return tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") \
        or tok.lemma_.lower() in ("president", "leader", "minister", "official", "spokesman", "spokeswoman")


def _noun_phrase(head: Token) -> list[Token]:
    """The noun phrase headed by `head` without clauses or appositions hanging on it."""
    left = [t for t in head.lefts if t.dep_ in ("det", "amod", "compound", "poss", "nummod", "nmod")]
    # "the 15 pages of Comey's memos": the "of" phrase says which pages
    right = [t for t in head.rights if t.dep_ == "prep" and t.lower_ == "of"]
    words = sorted({w for t in left + right for w in t.subtree} | {head}, key=lambda t: t.i)
    return [w for w in words if not w.is_punct]


def _join(tokens: list[Token]) -> str:
    """Tokens as written; a gap left by removed words becomes one space."""
    out = []
    for t, nxt in zip(tokens, tokens[1:] + [None]):
        if nxt is None:
            out.append(t.text)
        elif nxt.i == t.i + 1:
            out.append(t.text_with_ws)
        else:
            out.append(t.text + ("" if nxt.is_punct and nxt.text in ",.;:!?" else " "))
    return "".join(out).strip()


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
