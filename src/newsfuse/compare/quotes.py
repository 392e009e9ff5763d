"""Quotes and reported speech with their speakers, from spaCy's dependency parse.

Two passes over one parse:
1. every speech or cognition verb ("said", "emphasized", "told") with a clausal complement, or a
   quotation next to it, is a cue; its subject is the speaker; "according to X" is a cue too;
2. quotations no cue claimed are continuations of the previous speaker when they open a sentence
   right after an attributed one; other short quoted fragments are scare quotes and are dropped.

Speakers are then resolved: pronouns to the last named speaker or person, titles ("the Chinese
leader") to the person the article introduced with the same words ("Chinese President Xi Jinping"),
short names to the longest form in the text ("Xi" -> "Xi Jinping"), and optionally to an event's
participants.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from spacy.tokens import Doc, Span, Token

from ..nlp import load_nlp

# Verbs that introduce what someone said, wrote or thinks (lemmas). Speech verbs follow PARC/PolNeAR
# cue lists; cognition verbs ("believe", "think") are attributions in PolNeAR too, and only count
# with a clausal complement, never with a bare quotation.
SPEECH_LEMMAS = frozenset(
    """say tell add state declare note emphasize emphasise stress claim argue insist warn explain
    announce write tweet post ask reply respond report acknowledge admit suggest reiterate highlight
    underscore elaborate urge predict promise vow pledge confirm deny accuse complain recall assert
    contend maintain observe remark comment conclude testify estimate agree propose inform praise
    mention indicate reveal disclose allege caution concede quip joke shout tout boast point
    proclaim charge counter continue describe call express brief welcome thank lament acknowledge
    demand threaten signal hint speculate question wonder tell""".split()
)
COGNITION_LEMMAS = frozenset(
    """believe think feel know hope fear expect worry doubt suspect assume consider want wish
    understand recognize recognise realize realise learn decide""".split()
)
CUE_LEMMAS = SPEECH_LEMMAS | COGNITION_LEMMAS
PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "him", "her", "them"})
RELATIVE = frozenset({"who", "which", "that"})
# Quotations of at most this many words with no cue of their own are scare quotes or names
# ("old friend", "political solution"), not speech.
SCARE_QUOTE_MAX_WORDS = 3
QUOTE_RE = re.compile(r"“[^“”]{2,}?”|\"[^\"\n]{2,}?\"|«[^«»]{2,}?»")
TRAILING_PUNCT = " ,;:—–-"
OPENING = "“\"«"
CLOSING = "”\"»"


@dataclass
class Quote:
    speaker: str | None
    cue: str | None
    content: str
    start: int  # character offsets of the content in the text
    end: int
    kind: Literal["direct", "indirect"]
    speaker_start: int | None = None  # the speaker's words as written ("he", "the Chinese leader")
    speaker_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    sentence: int = 0  # index of the sentence (in doc.sents) holding the cue or the content start
    chain: list[str] = field(default_factory=list)  # speaker first, then who relayed it

    def to_json(self) -> dict:
        return asdict(self)


def extract_quotes(text: str, doc: Doc | None = None, participants: list[str] | None = None) -> list[Quote]:
    """All attributed statements in `text`, direct and indirect, in text order."""
    if doc is None:
        doc = load_nlp()(text)
    quote_spans = _quotation_spans(doc)
    quotes: list[Quote] = []
    used: set[tuple[int, int]] = set()
    for idx, sent in enumerate(doc.sents):
        for cue in _cues(sent, quote_spans):
            quote = _attribute(cue, sent, quote_spans, used)
            if quote is not None:
                quote.sentence = idx
                quotes.append(quote)
    quotes += _continuations(doc, quote_spans, used, quotes)
    quotes.sort(key=lambda q: q.start)
    _drop_nested(quotes)
    _resolve_speakers(doc, quotes, participants or [])
    return quotes


def quote_lines(path: str | Path) -> Iterator[dict]:
    """JSON-ready records for `newsfuse quotes FILE`: offsets index the file's decoded text."""
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    for q in extract_quotes(text):
        yield {"speaker": q.speaker, "cue": q.cue, "content": q.content, "start": q.start, "end": q.end}


def dump_quote_lines(path: str | Path) -> str:
    return "\n".join(json.dumps(line, ensure_ascii=False) for line in quote_lines(path))


# --- quotation marks ------------------------------------------------------------------------------


def _doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins every token again on each access."""
    text = doc.user_data.get("newsfuse_text")
    if text is None:
        text = doc.user_data["newsfuse_text"] = doc.text
    return text



def _quotation_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of quoted passages, marks included."""
    return [(m.start(), m.end()) for m in QUOTE_RE.finditer(_doc_text(doc))]


def _inside(i: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= i < e for s, e in spans)


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


# --- cues -----------------------------------------------------------------------------------------


def _cues(sent: Span, quote_spans: list[tuple[int, int]]) -> list[Token]:
    """Cue verbs and "according" tokens of a sentence that are not themselves quoted words."""
    cues = []
    for tok in sent:
        if _inside(tok.idx, quote_spans):
            continue
        if tok.lower_ == "according" and _next_lower(tok) == "to":
            cues.append(tok)
        elif tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in CUE_LEMMAS:
            cues.append(tok)
    return cues


def _next_lower(tok: Token) -> str:
    return tok.nbor().lower_ if tok.i + 1 < len(tok.doc) else ""


def _attribute(cue: Token, sent: Span, quote_spans, used) -> Quote | None:
    if cue.lower_ == "according":
        return _according(cue, sent, quote_spans, used)
    speaker = _subject(cue)
    if speaker is None:
        return None
    content = _content_span(cue, sent, quote_spans, used)
    if content is None:
        return None
    start, end, kind = content
    return _make_quote(cue, speaker, start, end, kind, sent)


def _content_span(cue: Token, sent: Span, quote_spans, used) -> tuple[int, int, str] | None:
    """(start, end, kind) of what the cue introduces: a clausal complement or an adjacent quotation."""
    clause = _clause(cue)
    if clause is None:
        quote = _adjacent_quote(cue, sent, quote_spans, used)
        if quote is None:
            return None
        used.add(quote)
        return (*_strip_marks(_doc_text(sent.doc), *quote), "direct")
    inner = [q for q in quote_spans if _overlap(q, clause) > 0]
    quoted = sum(_overlap(q, clause) for q in inner)
    used.update(inner)
    # A quotation the parser cut at a sentence break still belongs whole to this cue.
    clause = (min([clause[0]] + [q[0] for q in inner]), max([clause[1]] + [q[1] for q in inner]))
    start, end = _strip_marks(_doc_text(sent.doc), *clause)
    # Mostly quoted words make a direct quote even when a few paraphrased words lead in.
    kind = "direct" if quoted >= 0.5 * (clause[1] - clause[0]) else "indirect"
    return start, end, kind


def _clause(cue: Token) -> tuple[int, int] | None:
    """Character span of the cue's clausal complement ("that China is ready ...").

    A complement before the cue ("The economy is fine, he said") wins over one after it, since the
    one after is then usually a misparse of a second attribution ("..., said Mao Ning, UNN reports").
    """
    comps = [c for c in cue.children if c.dep_ in ("ccomp", "xcomp") and (c.dep_ == "ccomp" or _has_subject(c))]
    if not comps:
        return None
    comps.sort(key=lambda c: (c.i > cue.i, c.i))
    tokens = list(comps[0].subtree)
    first, last = tokens[0], tokens[-1]
    while last.i > first.i and (last.is_punct or last.is_space) and last.text not in "”\"»":
        last = last.doc[last.i - 1]
    start, end = first.idx, last.idx + len(last.text)
    if _word_count(_doc_text(cue.doc)[start:end]) < 2:
        return None
    return start, end


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def _adjacent_quote(cue: Token, sent: Span, quote_spans, used) -> tuple[int, int] | None:
    """The quotation right before or after a cue that has no clause ("..., Putin said.")."""
    candidates = [q for q in quote_spans if q not in used and _overlaps_sentence(q, sent)]
    if cue.lemma_.lower() in COGNITION_LEMMAS:
        return None
    for q in candidates:
        if _word_count(_doc_text(sent.doc)[q[0]:q[1]]) <= SCARE_QUOTE_MAX_WORDS:
            continue
        if _gap_is_attribution(_doc_text(sent.doc), q, cue):
            return q
    return None


def _overlaps_sentence(q: tuple[int, int], sent: Span) -> bool:
    return q[0] < sent.end_char and q[1] > sent.start_char


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _gap_is_attribution(text: str, q: tuple[int, int], cue: Token) -> bool:
    """True when only a short attribution ("Putin said,") separates the quotation and the cue."""
    if q[1] <= cue.idx:
        gap = text[q[1]:cue.idx]
    else:
        gap = text[cue.idx + len(cue.text):q[0]]
    # The speaker's name and a title fit in eight words; more means the quote belongs elsewhere.
    return _word_count(gap) <= 8 and "." not in gap.replace("Mr.", "").replace("Mrs.", "").replace("Ms.", "")


def _strip_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Content offsets without enclosing quotation marks, stray marks and edge punctuation."""
    start, end = _trim(text, start, end)
    span = text[start:end]
    if span and span[0] in OPENING and _first_close(span) in (len(span) - 1, None):
        start += 1
        end -= 1 if span[-1] in CLOSING and len(span) > 1 else 0
    elif span and span[-1] in CLOSING and not any(c in span[:-1] for c in OPENING if c != '"'):
        if span.count('"') % 2 == 1 or span[-1] != '"':
            end -= 1
    return _trim(text, start, end)


def _first_close(span: str) -> int | None:
    for i, ch in enumerate(span[1:], start=1):
        if ch in CLOSING:
            return i
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRAILING_PUNCT:
        start += 1
    while end > start and text[end - 1] in TRAILING_PUNCT:
        end -= 1
    return start, end


def _according(cue: Token, sent: Span, quote_spans, used) -> Quote | None:
    """"According to X, ..." attributes the rest of the sentence to X (unless another cue does)."""
    pobj = next((c for t in cue.children if t.lower_ == "to" for c in t.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    if _other_cue_in(sent, cue, quote_spans):
        return None  # "Putin said, according to a readout": the readout only relays; see _chains
    src = _phrase(pobj)
    start, end = _rest_of_sentence(sent, src, cue)
    if _word_count(_doc_text(sent.doc)[start:end]) < 3:
        return None
    kind = "direct" if _inside(start, quote_spans) else "indirect"
    return _make_quote(cue, pobj, start, end, kind, sent)


def _other_cue_in(sent: Span, cue: Token, quote_spans) -> bool:
    return any(c is not cue and c.lower_ != "according" and _subject(c) is not None for c in _cues(sent, quote_spans))


def _rest_of_sentence(sent: Span, src: Span, cue: Token) -> tuple[int, int]:
    """The sentence minus the "according to X" phrase, as one character span."""
    phrase_start = cue.idx
    phrase_end = src.end_char
    text = _doc_text(sent.doc)
    if phrase_start - sent.start_char <= 2:  # phrase opens the sentence
        start, end = phrase_end, sent.end_char
    else:
        start, end = sent.start_char, phrase_start
    while start < end and text[start] in TRAILING_PUNCT:
        start += 1
    while end > start and text[end - 1] in TRAILING_PUNCT + ".":
        end -= 1
    return start, end


def _make_quote(cue: Token, speaker_tok: Token, start: int, end: int, kind: str, sent: Span) -> Quote:
    text = _doc_text(cue.doc)
    phrase = _phrase(speaker_tok)
    cue_text = "according to" if cue.lower_ == "according" else cue.text
    cue_end = cue.idx + len(cue_text)
    return Quote(
        speaker=phrase.text, cue=cue_text, content=text[start:end], start=start, end=end,
        kind=kind, speaker_start=phrase.start_char, speaker_end=phrase.end_char,
        cue_start=cue.idx, cue_end=cue_end,
    )


# --- speakers -------------------------------------------------------------------------------------


def _subject(cue: Token) -> Token | None:
    """The speaker token of a cue verb, climbing through participles and relative clauses."""
    tok = cue
    for _ in range(4):
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "agent")), None)
        if subj is not None:
            if subj.dep_ == "agent":
                subj = next((c for c in subj.children if c.dep_ == "pobj"), None)
                if subj is None:
                    return None
            if subj.lower_ in RELATIVE and tok.dep_ == "relcl":
                return _climb_appos(tok.head)
            if subj.lower_ in ("it", "there"):
                return None  # "it is said that": no speaker
            return subj
        # "..., saying that", "Noting that ..., Putin said": the subject is the governing verb's
        if tok.dep_ in ("advcl", "conj", "xcomp") and tok.head is not tok:
            tok = tok.head
            continue
        return _inverted_subject(cue)
    return None


def _inverted_subject(cue: Token) -> Token | None:
    """"..., said Chinese Foreign Ministry spokeswoman Mao Ning": the name after an inverted cue."""
    doc = cue.doc
    if cue.i == 0 or doc[cue.i - 1].text != "," or cue.i + 1 >= len(doc):
        return None
    tok = doc[cue.i + 1]
    if tok.pos_ not in ("PROPN", "NOUN", "DET", "ADJ"):
        return None
    while tok.head.i > tok.i and tok.head is not cue and tok.head.pos_ in ("PROPN", "NOUN"):
        tok = tok.head
    return tok if tok.pos_ in ("PROPN", "NOUN") else None


def _climb_appos(tok: Token) -> Token:
    while tok.dep_ == "appos" and tok.head is not tok:
        tok = tok.head
    return tok


def _phrase(head: Token) -> Span:
    """The speaker's noun phrase: determiners, titles and name parts, without clauses."""
    doc = head.doc
    left = head.i
    for child in head.lefts:
        if child.dep_ in ("compound", "amod", "det", "poss", "nmod", "nummod", "case", "punct"):
            left = min(left, child.left_edge.i)
    right = head.i
    for child in head.rights:
        if child.dep_ in ("compound", "flat") and child.i == right + 1:
            right = child.i
    while left < head.i and doc[left].is_punct:
        left += 1
    return doc[left: right + 1]


# --- quotations no cue claimed --------------------------------------------------------------------


def _continuations(doc: Doc, quote_spans, used, quotes: list[Quote]) -> list[Quote]:
    """A quotation that opens a sentence right after an attributed one continues that speaker."""
    found = []
    sents = list(doc.sents)
    for q in quote_spans:
        if q in used or _word_count(_doc_text(doc)[q[0]:q[1]]) <= SCARE_QUOTE_MAX_WORDS:
            continue
        idx = next((i for i, s in enumerate(sents) if s.start_char <= q[0] < s.end_char), None)
        if idx is None or q[0] - sents[idx].start_char > 1 or idx == 0:
            continue
        prev = [x for x in quotes + found if x.sentence == idx - 1]
        if not prev:
            continue
        start, end = _strip_marks(_doc_text(doc), *q)
        last = prev[-1]
        found.append(Quote(
            speaker=last.speaker, cue=None, content=_doc_text(doc)[start:end], start=start, end=end,
            kind="direct", speaker_start=last.speaker_start, speaker_end=last.speaker_end,
            sentence=idx,
        ))
        used.add(q)
    return found


def _drop_nested(quotes: list[Quote]) -> None:
    """Keep one attribution per content: a nested cue ("said he believes") loses to the outer one."""
    keep = []
    for q in quotes:
        if keep and q.start < keep[-1].end and q.end <= keep[-1].end and q.cue_start is not None \
                and keep[-1].start <= q.cue_start < keep[-1].end:
            continue
        keep.append(q)
    quotes[:] = keep


def _resolve_speakers(doc: Doc, quotes: list[Quote], participants: list[str]) -> None:
    """Replace pronouns, titles and short names by the fullest name of the person meant."""
    people = _people(doc)
    titles = _titles(doc)
    relays = _relays(doc, quotes)
    for q in quotes:
        written = q.speaker or ""
        name = _resolve(written, q, doc, people, titles, quotes)
        q.speaker = _canonical(name, people, participants) if name else written
        q.chain = [q.speaker] + relays.get(q.sentence, [])


def _resolve(written: str, q: Quote, doc: Doc, people: list[tuple[int, str]], titles, quotes) -> str | None:
    low = written.lower()
    if low in PRONOUNS:
        if low in ("we", "i", "they", "it"):
            return written
        return _previous_speaker(q, quotes) or _previous_person(q, people)
    if not _is_name(written, people):
        titled = _match_title(written, titles)
        if titled:
            return titled
    return written


def _is_name(written: str, people) -> bool:
    return any(written.endswith(name) or name.endswith(written) for _, name, *_ in people)


def _previous_speaker(q: Quote, quotes: list[Quote]) -> str | None:
    """The last named speaker within the three sentences before this quote."""
    for other in reversed([x for x in quotes if x.start < q.start]):
        if q.sentence - other.sentence > 3:
            break
        if other.speaker and other.speaker.lower() not in PRONOUNS:
            return other.speaker
    return None


def _previous_person(q: Quote, people) -> str | None:
    """The last person before the pronoun, preferring one who was a subject ("Xi highlighted ...
    He noted") over one merely named (NER also tags some cities as persons)."""
    before = [p for p in people if p[0] < (q.speaker_start or q.start)]
    subjects = [p for p in before[-4:] if len(p) > 2 and p[2]]
    chosen = subjects[-1] if subjects else (before[-1] if before else None)
    return chosen[1] if chosen else None


def _people(doc: Doc) -> list[tuple]:
    """(offset, name, is a subject) of every PERSON mention."""
    return [(e.start_char, e.text, e.root.dep_ in ("nsubj", "nsubjpass")) for e in doc.ents if e.label_ == "PERSON"]


def _titles(doc: Doc) -> dict[str, str]:
    """Descriptive words written before each person's name: {"chinese": "Xi Jinping", "president": ...}.

    Built from "Chinese President Xi Jinping", "Russian leader Vladimir Putin"; a word that
    introduces two different people is ambiguous and kept for neither.
    """
    found: dict[str, set[str]] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        i = ent.start - 1
        while i >= 0 and doc[i].pos_ in ("PROPN", "ADJ", "NOUN") and doc[i].ent_type_ in ("", "NORP", "GPE"):
            found.setdefault(doc[i].lower_, set()).add(ent.text)
            i -= 1
    return {w: next(iter(n)) for w, n in found.items() if len(n) == 1}


def _match_title(written: str, titles: dict[str, str]) -> str | None:
    """The person a title phrase means: "the Russian president" -> whoever was "Russian President X".

    Capitalised words (nationalities, ranks written as names) decide first, since "leader" or
    "president" alone often fit both leaders of a summit.
    """
    words = [w for w in re.findall(r"\w+", written) if w.lower() not in ("the", "a", "an", "his", "her", "its")]
    for group in ([w for w in words if w[0].isupper()], words):
        known = {titles[w.lower()] for w in group if w.lower() in titles}
        if len(known) == 1:
            return known.pop()
    return None


def _canonical(name: str, people, participants: list[str]) -> str:
    """The longest form of a name: first among participants, then among the text's persons."""
    for pool in (participants, [p[1] for p in people]):
        longer = [p for p in pool if _same_person(name, p)]
        if longer:
            return max(longer, key=len)
    return name


def _same_person(short: str, full: str) -> bool:
    s, f = short.split(), full.split()
    return bool(s) and bool(f) and s[-1].lower() in (w.lower() for w in f) and len(s) <= len(f)


def _relays(doc: Doc, quotes: list[Quote]) -> dict[int, list[str]]:
    """Per sentence, who relayed a statement made there ("..., Putin said, according to a readout")."""
    relays: dict[int, list[str]] = {}
    sents = list(doc.sents)
    cued = {q.sentence for q in quotes if q.cue and q.cue != "according to"}
    for idx in cued:
        for tok in sents[idx]:
            if tok.lower_ == "according" and _next_lower(tok) == "to":
                pobj = next((c for t in tok.children if t.lower_ == "to" for c in t.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    relays.setdefault(idx, []).append(_source_phrase(pobj))
    return relays


def _source_phrase(head: Token) -> str:
    """A relaying source with its origin: "a readout from China's Foreign Ministry"."""
    phrase = _phrase(head)
    end = phrase.end
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in ("from", "of", "by"):
            end = max(end, child.right_edge.i + 1)
    return head.doc[phrase.start:end].text
