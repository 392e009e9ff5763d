"""The reporter's own words: an article's text with quotations taken out.

Two outlets that quote the same tweet, memo or statement share those words without either copying
the other, so reuse is judged only on narrative text:
- `quoted_spans`: every passage inside quotation marks (“…”, "…", ‘…’, '…'), found paragraph by
  paragraph. A quotation may run over several sentences ("“Also, he leaked classified information.
  Will the Witch Hunt continue?”"), and by newspaper convention a quotation that goes on into the
  next paragraph is left open at the end of this one and opened again there, so an unclosed mark
  quotes to the end of its paragraph;
- `narrative_text`: a stretch of text with those passages removed;
- `narrative_sentences`: per sentence, its narrative text, or "" when what is left is only the
  attribution ("…,” said Comey.": a quote plus attribution is the speaker's words, not the reporter's)
  or when the sentence is in Title Case: headlines, lists of related stories and photo credits
  ("Rand Paul Scores Direct Hit On Donald Trump.") are a site's boilerplate, not narrative.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.lang.en.stop_words import STOP_WORDS

Span = tuple[int, int]  # character offsets [start, end)

# A sentence that had quoted words and keeps fewer content words (stop words aside) than this
# outside them is a quote plus its attribution: '"…," said Comey.' keeps 2 ("said", "comey"),
# 'The agency added, "…' 2, 'Comey wrote that he "did not reply…"' 2. A narrative sentence
# framing a quote keeps more ("Trump commented on the public release of the memos by tweeting: "
# keeps 7). Read on the NewsWCL50 dev false links (bench/reuse_false_links.py).
MIN_NARRATIVE_WORDS = 4

_DOUBLE_OPEN, _DOUBLE_CLOSE = "“«", "”»"
_SINGLE_OPEN, _SINGLE_CLOSE = "‘", "’"
# Title Case: at least TITLE_MIN_WORDS words of 3+ letters, TITLE_CAPITALISED of them capitalised.
# On the PolNeAR and NewsWCL50 articles of bench/reuse_false_links.py this marks headlines, related-
# story links and credits; a sentence with a lowercase verb ("Trump won Virginia, Georgia, Alabama,
# Massachusetts, and Tennessee.") stays narrative.
TITLE_MIN_WORDS = 4
TITLE_CAPITALISED = 0.9
_LETTERS = re.compile(r"[^\W\d_][\w'’-]{2,}", re.U)
_ANY_MARK = re.compile("[“”«»\"'‘’]")
_DOUBLE_MARK = re.compile('[“”«»"]')
_WORD = re.compile(r"\w+", re.U)
# Single quotation marks double as apostrophes ("Trump's", "players'", "’90s"): a single-quoted
# passage opens after a non-word character, closes before one, and must close in its paragraph.
_SINGLE_OPENING = re.compile(r"['‘](?=\w)")
_SINGLE_REST = re.compile(r"[^'‘’\n]{2,}?[\w.,!?;:)\]]['’](?!\w)")


def quoted_spans(text: str) -> list[Span]:
    """Character spans of quoted passages (marks included), in text order, not overlapping."""
    if not _ANY_MARK.search(text):
        return []
    spans: list[Span] = []
    offset = 0
    for paragraph in text.split("\n"):
        spans += [(offset + s, offset + e) for s, e in _paragraph_quotes(paragraph)]
        offset += len(paragraph) + 1
    return spans


def _paragraph_quotes(paragraph: str) -> list[Span]:
    double = _double_quoted(paragraph)
    return sorted(double + [span for span in _single_quoted(paragraph) if not _covered(span[0], double)])


def _single_quoted(paragraph: str) -> list[Span]:
    spans, cursor = [], 0
    for opening in _SINGLE_OPENING.finditer(paragraph):
        start = opening.start()
        if start < cursor or (start and (paragraph[start - 1].isalnum() or paragraph[start - 1] == "_")):
            continue
        rest = _SINGLE_REST.match(paragraph, start + 1)
        if rest:
            spans.append((start, rest.end()))
            cursor = rest.end()
    return spans


def _double_quoted(paragraph: str) -> list[Span]:
    """Double-quoted passages: curly and guillemet marks open and close by kind, a straight mark
    opens or closes by position; an unclosed passage runs to the paragraph's end."""
    spans, start = [], None
    for mark in _DOUBLE_MARK.finditer(paragraph):
        char, i = mark.group(), mark.start()
        if start is None and (char in _DOUBLE_OPEN or char == '"'):
            start = i
        elif start is not None and (char in _DOUBLE_CLOSE or char == '"'):
            spans.append((start, i + 1))
            start = None
    if start is not None:
        spans.append((start, len(paragraph)))
    return spans


def _covered(position: int, spans: Sequence[Span]) -> bool:
    return any(s <= position < e for s, e in spans)


def narrative_text(text: str, start: int, end: int, spans: Sequence[Span]) -> str:
    """text[start:end] without the quoted passages in it, whitespace collapsed."""
    kept, cursor = [], start
    for s, e in spans:
        if e <= cursor or s >= end:
            continue
        kept.append(text[cursor:max(s, cursor)])
        kept.append(" ")
        cursor = max(cursor, min(e, end))
    kept.append(text[cursor:end])
    return " ".join("".join(kept).split())


def content_words(text: str) -> int:
    return sum(1 for w in _WORD.findall(text.lower()) if w not in STOP_WORDS)


def title_case(sentence: str) -> bool:
    words = _LETTERS.findall(sentence)
    return len(words) >= TITLE_MIN_WORDS and sum(w[0].isupper() for w in words) >= TITLE_CAPITALISED * len(words)


def narrative_sentences(text: str, bounds: Sequence[Span]) -> list[str]:
    """For each sentence (its character bounds in `text`), its narrative text; "" for a sentence
    that is a quote plus attribution, or a headline-like line in Title Case."""
    spans = quoted_spans(text)
    out = []
    for start, end in bounds:
        narrative = narrative_text(text, start, end, spans)
        quoted = len(narrative) < len(" ".join(text[start:end].split()))
        attribution_only = quoted and content_words(narrative) < MIN_NARRATIVE_WORDS
        out.append("" if attribution_only or title_case(text[start:end]) else narrative)
    return out


def without_quotes(text: str) -> str:
    """The whole text with its quoted passages removed (line breaks kept)."""
    spans = quoted_spans(text)
    if not spans:
        return text
    kept, cursor = [], 0
    for s, e in spans:
        kept.append(text[cursor:s])
        kept.append(" ")
        cursor = e
    kept.append(text[cursor:])
    return "".join(kept)
