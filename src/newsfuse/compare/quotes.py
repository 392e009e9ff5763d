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
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from spacy.tokens import Doc, Span, Token

from ..nlp import load_nlp
from ..names import canonical_name, match_title as _match_title, person_titles as _titles, same_person as _same_person

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
    demand threaten signal hint speculate question wonder tell recount relate retort exclaim scoff
    muse opine reaffirm interject rebut assure remind clarify repeat forecast vouch plead brag chant
    yell""".split()
)
COGNITION_LEMMAS = frozenset(
    """believe think feel know hope fear expect worry doubt suspect assume consider want wish
    understand recognize recognise realize realise learn decide""".split()
)
# Stance cues (PolNeAR's attributions beyond speech, only with `stances`): what someone backs,
# attacks, wants, shows or talks about. From the cue heads of PolNeAR train attributions.
STANCE_LEMMAS = frozenset(
    """criticize criticise support endorse defend discuss back mention cite oppose offer denounce name
    seek reject dismiss attack applaud challenge blame condemn slam blast mock ridicule tout favor
    favour prefer echo address answer show find want refuse plan intend decline aim push argue talk
    speak vote focus label dub brand decry hail laud commend lambaste chide scold fault rebuke
    characterize characterise portray cast frame consider view see regard decide choose
    bemoan acquiesce rail allude lambast balk credit assail dwell coin lash deride voice order envision
    title list repudiate reference recite liken articulate refer deem unveil document spar invoke imply
    advocate dispute congratulate attribute detail outline rebuff trumpet""".split()
)
# The verbs after "choose" were added from PolNeAR *train* cue statistics (lemmas whose verb
# tokens are an annotated cue at least 60 % of the time, >= 5 tokens), never from dev; with them
# bench/quotes.py dev all F1 .645 -> .652.
# Stance cues whose "to" complement is what is attributed ("wants to win", "refused to say").
XCOMP_STANCE_LEMMAS = frozenset(
    """want refuse plan intend decline aim seek hope promise vow pledge threaten agree decide choose
    offer expect wish""".split()
)
# Cues whose object is whom they address or where, not what is said ("told them", "spoke to").
NO_OBJECT_LEMMAS = frozenset("talk speak tell post continue".split())
# Verb and preposition pairs whose object is what is attributed ("called for a ban").
STANCE_PREPOSITIONS = frozenset(
    tuple(pair.split("+")) for pair in
    """call+for talk+about speak+about speak+of speak+on argue+for argue+against warn+about warn+of
    warn+against complain+about focus+on vote+for vote+against push+for ask+about ask+for
    comment+on refer+to point+to insist+on express+concern rail+against allude+to balk+at dwell+on
    lash+at lash+out spar+with""".split()
)
# Passive cues whose grammatical subject is the speaker ("Kim was quoted as telling ...").
PASSIVE_SPEAKER_LEMMAS = frozenset({"quote"})
CUE_LEMMAS = SPEECH_LEMMAS | COGNITION_LEMMAS | PASSIVE_SPEAKER_LEMMAS
# Documents whose words are their author's: "the memo says", "according to the lawsuit".
DOCUMENT_NOUNS = frozenset(
    """memo memorandum letter tweet post statement lawsuit suit complaint filing email e-mail note
    message document readout transcript release indictment affidavit petition brief op-ed column
    editorial memoir book report questionnaire""".split()
)
# Plural nouns for people who can speak as one ("officials said"), and endings of such nouns.
GROUP_NOUNS = frozenset(
    """officials aides advisers advisors lawmakers legislators leaders members authorities analysts
    experts critics supporters opponents voters residents people police investigators prosecutors
    lawyers attorneys diplomats officers spokesmen spokespeople sources observers scholars economists
    scientists researchers negotiators ministers senators representatives congressmen chairmen
    republicans democrats conservatives liberals activists protesters organizers organisers witnesses
    others some many both all candidates delegates judges justices staff staffers executives
    envoys allies rivals parties groups campaigns governments regulators commissioners""".split()
)
PEOPLE_SUFFIXES = ("ists", "ians", "men", "women", "people", "ators", "eers")
# Nouns for what someone said: "Mr. Trump's comments suggested" is Mr. Trump speaking.
SPEECH_NOUNS = frozenset("comment comments remark remarks words speech interview testimony announcement".split())
# Words before a name that are not titles ("Mr. Kudlow" says nothing about who "the official" is).
NOT_TITLES = frozenset("mr mrs ms miss dr s the a an his her its their".split())
# Verbs by which someone authors a document ("Comey wrote the memos").
WRITING_LEMMAS = frozenset("write send release issue file post tweet sign publish draft pen author submit".split())
PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "him", "her", "them"})
RELATIVE = frozenset({"who", "which", "that"})
# Quotations of at most this many words with no cue of their own are scare quotes or names
# ("old friend", "political solution"), not speech.
SCARE_QUOTE_MAX_WORDS = 3
# Quotation marks: curly and straight double quotes, guillemets, the doubled apostrophes of
# newswire archives (''...'', as in the NYT corpus), and curly single quotes that close before a
# non-letter (headlines: Christie Calls Clinton ‘A Disgrace’; "Trump’s" is an apostrophe).
QUOTE_RE = re.compile(
    r"“[^“”]{2,}?”|\"[^\"\n]{2,}?\"|«[^«»]{2,}?»"
    r"|(?<!\w)''(?:(?!'')[^\n]){2,}?''"
    r"|(?<!\w)‘[^‘\n]{2,}?’(?![A-Za-z])"
    r"|(?m:^)”[^“”\n]{2,}?”"  # a paragraph opened by a misprinted closing mark
)
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
    # True when this quotation goes on from the previous quote of the same speaker ("A," he said.
    # "B."): one attribution written in pieces.
    continues: bool = False

    def to_json(self) -> dict:
        return asdict(self)


def extract_quotes(text: str, doc: Doc | None = None, participants: list[str] | None = None,
                   stances: bool = False) -> list[Quote]:
    """All attributed statements in `text`, direct and indirect, in text order.

    With `stances`, also what someone is reported to want, back, attack or talk about ("Clinton
    criticized the plan", "Trump wants to build a wall"): attributions in PolNeAR's broad sense,
    kind "indirect". Claims leave them out: "Trump wants a wall" is a statement about Trump, not
    a quote of his.
    """
    if doc is None:
        doc = load_nlp()(text)
    quote_spans = _quotation_spans(doc)
    doc.user_data["newsfuse_quote_spans"] = quote_spans
    quotes: list[Quote] = []
    used: set[tuple[int, int]] = set()
    for idx, sent in enumerate(doc.sents):
        for cue in _cues(sent, quote_spans, stances):
            quote = _attribute(cue, sent, quote_spans, used, stances)
            if quote is not None:
                quote.sentence = idx
                quotes.append(quote)
    quotes += _signed_quotations(doc, quote_spans, used)
    quotes += _continuations(doc, quote_spans, used, quotes)
    quotes.sort(key=lambda q: (q.start, -q.end))
    relayed_by = _resolve_nesting(quotes, doc)
    _resolve_speakers(doc, quotes, participants or [], relayed_by)
    return quotes


# --- rendering -------------------------------------------------------------------------------------

# Words a reported clause may open with that are lower case mid-sentence ("X said it will ...").
_LOWER_OPENERS = frozenset(
    """a an the it its this that these those there they their them he his him she her hers we our us
    in on at for with as if when while after before since because although though but and or so
    some many most all no not both each every more less only what how why who whom which whether
    one two three several few any such to by from of""".split()
)
_FIRST_PERSON = re.compile(r"\b(I|me|my|mine|we|us|our|ours|you|your|yours)\b", re.IGNORECASE)
_QUOTED_PART = re.compile(r"“[^“”]*”|\"[^\"]*\"|‘[^‘’]*’")


def render_quote(speaker: str | None, content: str, kind: str | None = None) -> str:
    """A quote as a reader should see it: `X said: “…”` only for words the source itself puts in
    quotation marks (kind "direct"); reported speech stays reported, without marks ("X said it will
    donate 2.6 million."). With no kind, first- or second-person words or an exclamation outside
    any inner quotation mark the words as quoted speech (reported speech says "he", not "I")."""
    body = content.strip()
    if kind is None:
        own = _QUOTED_PART.sub(" ", body)
        kind = "direct" if _FIRST_PERSON.search(own) or "!" in own else "indirect"
    if kind == "direct" and any(c in body for c in QUOTE_MARKS_ALL):
        kind = "indirect"  # partly quoted ('the president "asked about loyalty"'): reported, marks kept
    if kind == "direct":
        # As written: a fragment ("the permanent denuclearization of ...") keeps its lower case.
        body = body.strip(QUOTE_MARKS_ALL).strip()
        return f"{speaker} said: “{body}”" if speaker else f"“{body}”"
    body = _unwrap(body).rstrip(" ,;:")
    if not speaker:
        return _sentence_end(body[:1].upper() + body[1:])
    first = body.split(" ", 1)[0]
    if first.lower() in _LOWER_OPENERS and first != "I":
        body = body[0].lower() + body[1:]
    return _sentence_end(f"{speaker} said {body}")


QUOTE_MARKS_ALL = "“”\"«»"


def _unwrap(body: str) -> str:
    """Reported speech never sits inside quotation marks of its own."""
    if len(body) > 1 and body[0] in OPENING and body[-1] in CLOSING and not any(c in body[1:-1] for c in "“”«»"):
        return body[1:-1].strip()
    return body


def _sentence_end(text: str) -> str:
    return text if text.endswith((".", "!", "?", "”", "\"", "’")) else text + "."


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


def _cues(sent: Span, quote_spans: list[tuple[int, int]], stances: bool = False) -> list[Token]:
    """Cue verbs and "according" tokens of a sentence that are not themselves quoted words."""
    lemmas = CUE_LEMMAS | STANCE_LEMMAS if stances else CUE_LEMMAS
    cues = []
    for tok in sent:
        if _inside(tok.idx, quote_spans):
            continue
        if tok.lower_ == "according" and _next_lower(tok) == "to":
            cues.append(tok)
        elif tok.pos_ in ("VERB", "AUX") and _lemma(tok) in lemmas:
            cues.append(tok)
    return cues


# spaCy's lemmatiser slips on a few cue forms ("hopes" -> "hop", "retweeted" -> "retweete").
_LEMMA_FIXES = {"hop": "hope", "retweete": "retweet"}


def _lemma(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    if lemma in _LEMMA_FIXES and tok.lower_.startswith(_LEMMA_FIXES[lemma]):
        return _LEMMA_FIXES[lemma]
    return lemma


def _next_lower(tok: Token) -> str:
    return tok.nbor().lower_ if tok.i + 1 < len(tok.doc) else ""


def _attribute(cue: Token, sent: Span, quote_spans, used, stances: bool = False) -> Quote | None:
    if cue.lower_ == "according":
        return _according(cue, sent, quote_spans, used)
    speaker = _subject(cue)
    if speaker is None:
        return None
    content = None
    if _lemma(cue) in CUE_LEMMAS:
        content = _content_span(cue, sent, quote_spans, used)
    if content is None and stances:
        content = _stance_content(cue, quote_spans)
    if content is None:
        return None
    start, end, kind = content
    return _make_quote(cue, speaker, start, end, kind, sent)


def _stance_content(cue: Token, quote_spans) -> tuple[int, int, str] | None:
    """What a stance cue is about: its clause ("shows that ..."), "to" complement ("wants to
    win"), object ("criticized the plan", "called him “a loser”") or prepositional object
    ("called for a ban", "talked about jobs")."""
    lemma = _lemma(cue)
    parts = [c for c in cue.children if c.dep_ == "ccomp"]
    if not parts and lemma in XCOMP_STANCE_LEMMAS:
        parts = [c for c in cue.children if c.dep_ == "xcomp"]
    if not parts and lemma not in NO_OBJECT_LEMMAS:
        parts = [c for c in cue.children if c.dep_ in ("dobj", "oprd") or (c.dep_ == "xcomp" and c.i > cue.i)]
        # "urged them", "calling him": a bare pronoun is whom it is said to, not what is said
        if not any(c.dep_ == "dobj" for c in parts) or all(c.dep_ == "dobj" and c.pos_ == "PRON" and not c.n_lefts + c.n_rights for c in parts):
            parts = []
        elif parts:  # "accused Obama of exploitation", "endorsed Cruz for president", "called X a liar"
            parts += [c for c in cue.children if c.dep_ == "prep" and c.lower_ in ("of", "for", "as", "to")
                      and c.i == max(p.right_edge.i for p in parts) + 1]
    if not parts:
        after = cue.i + 1 + sum(1 for c in cue.children if c.dep_ == "prt" and c.i == cue.i + 1)
        parts = [g for c in cue.children if c.dep_ == "prep" and c.i == after
                 and ((lemma, c.lower_) in STANCE_PREPOSITIONS or c.lower_ in ("about", "against", "for", "on"))
                 for g in c.children if g.dep_ in ("pobj", "pcomp")]
    parts = [c for c in parts if c.i > cue.i] or parts
    if not parts:
        return None
    doc = cue.doc
    first = doc[min(c.left_edge.i for c in parts)]
    last = doc[_predicate_end(cue, max(c.right_edge.i for c in parts))]
    while last.i > first.i and (last.is_punct or last.is_space) and last.text not in "”\"»":
        last = doc[last.i - 1]
    start, end = _strip_marks(_doc_text(doc), first.idx, last.idx + len(last.text))
    if end <= start:
        return None
    quoted = sum(_overlap(q, (start, end)) for q in quote_spans)
    return start, end, "direct" if quoted >= 0.5 * (end - start) else "indirect"


# Dependents that start a new thought rather than finish the stance ("complained about his mic,
# even suggesting ..."; "backed the plan and voted for it").
_PREDICATE_BREAKS = frozenset("punct cc conj advcl parataxis relcl mark".split())


def _predicate_end(cue: Token, last_i: int) -> int:
    """Token index where a stance's predicate ends: the object plus the cue's later modifiers
    ("lauded Mr. Clarke in his address for helping ...", "show Clinton with a lead in ..."), up
    to the first comma, conjunction or new clause (PolNeAR's content spans run to there)."""
    for child in cue.rights:
        if child.i <= last_i:
            continue
        if child.dep_ in _PREDICATE_BREAKS or child.is_punct:
            break
        last_i = child.right_edge.i
    return last_i


def _content_span(cue: Token, sent: Span, quote_spans, used) -> tuple[int, int, str] | None:
    """(start, end, kind) of what the cue introduces: a clausal complement or an adjacent quotation."""
    clause = _clause(cue)
    if clause is None:
        quote = _adjacent_quote(cue, sent, quote_spans, used)
        if quote is not None:
            used.add(quote)
            return (*_strip_marks(_doc_text(sent.doc), *quote), "direct")
        clause = _host_clause(cue)
        if clause is None:
            return None
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
    Complements on the same side are joined: the parser sometimes cuts one clause into several
    ("said the U.S. re-review ... is" gives "re", "-" and "is" as three complements).
    """
    comps = [c for c in cue.children if c.dep_ in ("ccomp", "xcomp") and (c.dep_ == "ccomp" or _has_subject(c))]
    # "Trump said after the convention he would not accept ...": the parser may hang the reported
    # clause as an adverbial one; with a subject of its own and no subordinator it is the complement.
    comps += [c for c in cue.children if c.dep_ == "advcl" and c.i > cue.i and _has_subject(c)
              and not any(g.dep_ == "mark" for g in c.children) and c.pos_ in ("VERB", "AUX")
              and _lemma(cue) in SPEECH_LEMMAS]
    if not comps:
        return None
    # "Officials said X; The Guardian reported that Y": the parser hangs the clause before the
    # semicolon on "reported", but a semicolon closes a thought, so X is not the Guardian's.
    before = [c for c in comps if c.i < cue.i and not _semicolon_between(cue.doc, c.right_edge.i, cue.i)]
    side = before or [c for c in comps if c.i > cue.i]
    if not side:
        return None
    first = min(c.left_edge.i for c in side)
    last_i = _clause_end(cue.doc, first, max(c.right_edge.i for c in side))
    doc = cue.doc
    first, last = doc[first], doc[last_i]
    while last.i > first.i and (last.is_punct or last.is_space or last.lower_ in ("and", "but")) \
            and last.text not in "”\"»":
        last = doc[last.i - 1]
    start, end = first.idx, last.idx + len(last.text)
    if _word_count(_doc_text(doc)[start:end]) < 2:
        return None
    return start, end


def _host_clause(cue: Token) -> tuple[int, int] | None:
    """The clause a parenthetical cue sits in: "All of which, he said, would help ...", "It was,
    the president said, “a stone ...”", "Hawaii, as one adviser pointed out, does not get ...".
    The parser hangs such a cue under the clause it attributes (parataxis, or an "as" clause), so
    that clause, read whole, is what was said."""
    if _lemma(cue) in COGNITION_LEMMAS or cue.head.i == cue.i:
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in cue.children):
        return None
    doc = cue.doc
    words = [t.i for t in cue.subtree if not t.is_punct]
    sub_first, sub_last = min(words), max(words)
    aside = (sub_first > 0 and doc[sub_first - 1].text == "," and sub_last + 1 < len(doc)
             and doc[sub_last + 1].text in (",", "—", "–"))
    as_clause = cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
    if not ((cue.dep_ == "parataxis" and aside) or (as_clause and aside)):
        return None
    host = cue.head
    first, last = doc[host.left_edge.i], doc[host.right_edge.i]
    while last.i > first.i and (last.is_punct or last.is_space) and last.text not in "”\"»":
        last = doc[last.i - 1]
    start, end = first.idx, last.idx + len(last.text)
    if _word_count(_doc_text(doc)[start:end]) - _word_count(doc[sub_first:sub_last + 1].text) < 3:
        return None
    return start, end


def _clause_end(doc: Doc, first: int, last: int) -> int:
    """Where a reported clause ends: before a semicolon outside quotation marks (a new sentence
    in all but name) or before a second speech verb of the same speaker that the parser attached
    inside the clause ("said he would order a review and warned against hackers")."""
    for tok in doc[first + 1:last + 1]:
        if tok.text == ";" and not _quoted_token(tok):
            return tok.i - 1
        if tok.dep_ == "conj" and tok.pos_ == "VERB" and _lemma(tok) in SPEECH_LEMMAS and not _has_subject(tok) \
                and tok.head.i >= first and not _quoted_token(tok):
            return tok.i - 1
    return last


def _semicolon_between(doc: Doc, first: int, last: int) -> bool:
    """A semicolon outside quotation marks between token indices `first` and `last`."""
    return any(tok.text == ";" and not _quoted_token(tok) for tok in doc[first + 1:last])


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def _adjacent_quote(cue: Token, sent: Span, quote_spans, used) -> tuple[int, int] | None:
    """The quotation right before or after a cue that has no clause ("..., Putin said."), or the
    one a colon opens after it ("He responded:" and the quotation in the next sentence)."""
    if _lemma(cue) in COGNITION_LEMMAS:
        return None
    text = _doc_text(sent.doc)
    candidates = [q for q in quote_spans if q not in used and _overlaps_sentence(q, sent)]
    # The parser may end the sentence at the closing mark: "… North Korea!" he tweeted.
    if _word_count(text[cue.idx + len(cue.text):sent.end_char]) <= 3 and cue.i - sent.start <= 4:
        candidates += [q for q in quote_spans if q not in used and q not in candidates
                       and 0 <= sent.start_char - q[1] <= 2 and "\n" not in text[q[1]:sent.start_char]]
    if text[cue.idx:sent.end_char].rstrip().endswith(":"):
        candidates += [q for q in quote_spans if q not in used and 0 <= q[0] - sent.end_char <= 3]
    # A full quotation first: in "“Donald,” he said, “you’ve demonstrated ...”" the
    # address is not what was said.
    short = [q for q in candidates if _word_count(text[q[0]:q[1]]) <= SCARE_QUOTE_MAX_WORDS]
    for q in [q for q in candidates if q not in short] + [q for q in short if _tight(text, q, cue)]:
        if _gap_is_attribution(text, q, cue):
            return q
    return None


def _tight(text: str, q: tuple[int, int], cue: Token) -> bool:
    """A short quotation bound to its cue: right after it ("yelled “You lie!”", "added:
    “Really”") or ended by a comma right before the speaker and cue ("“Really,” he added")."""
    words = [w for w in re.findall(r"[A-Za-z]\w*", text[q[0]:q[1]]) if len(w) > 3]
    if len(words) > 1 and all(w[0].isupper() for w in words):
        return False  # Title Case ("Guardians of the Galaxy", "State of the Union"): a work or show
    if q[0] >= cue.idx:
        return _word_count(text[cue.idx + len(cue.text):q[0]]) == 0
    inner = text[q[0]:q[1]].rstrip("”\"»’' ")
    return inner.endswith((",", "!", "?")) and _word_count(text[q[1]:cue.idx]) <= 3


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
    if text.startswith("''", start) or text.startswith("‘", start):
        width = 2 if text.startswith("''", start) else 1
        close = text.find("''" if width == 2 else "’", start + width)
        start += width
        if close == end - width:  # the marks enclose the whole span
            end -= width
        return _trim(text, start, end)
    if text[start:end].endswith("''") and "''" not in text[start:end - 2]:
        return _trim(text, start, end - 2)
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
    # "Barkley, who said ...": the mention stays the relative pronoun, the speaker is whom it means
    meant = _antecedent(speaker_tok) if speaker_tok.lower_ in RELATIVE else None
    return Quote(
        speaker=(_phrase(meant) if meant is not None else phrase).text, cue=cue_text,
        content=text[start:end], start=start, end=end,
        kind=kind, speaker_start=phrase.start_char, speaker_end=phrase.end_char,
        cue_start=cue.idx, cue_end=cue_end,
    )


def _antecedent(relative: Token) -> Token | None:
    """The noun a relative pronoun stands for: the head of its relative clause."""
    tok = relative.head
    for _ in range(4):
        if tok.dep_ == "relcl":
            return _climb_appos(tok.head)
        if tok.head is tok:
            return None
        tok = tok.head
    return None


# --- speakers -------------------------------------------------------------------------------------


def _subject(cue: Token) -> Token | None:
    """The speaker token of a cue verb, climbing through participles and relative clauses.

    Relative pronouns are returned as written ("who said"); _antecedent finds whom they stand for.
    """
    tok = cue
    for _ in range(4):
        subj = _subject_child(tok, passive=tok.lemma_.lower() in PASSIVE_SPEAKER_LEMMAS)
        if subj is not None:
            if subj.dep_ == "agent":
                subj = next((c for c in subj.children if c.dep_ == "pobj"), None)
                if subj is None:
                    return None
            if subj.lower_ == "there" or (subj.lower_ == "it" and (
                    subj.dep_ != "nsubj" or tok.lemma_.lower() not in SPEECH_LEMMAS)):
                return None  # "it is said that", "it seems": no speaker; "It says the campaign ..." has one
            return subj
        # "..., saying that", "Noting that ..., Putin said": the subject is the governing verb's
        if tok.dep_ in ("advcl", "conj", "xcomp") and tok.head is not tok:
            tok = tok.head
            continue
        # "Mr. Kim was quoted as telling ...": the cue hangs under "as" below the passive verb
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head is not tok.head:
            tok = tok.head.head
            continue
        return _inverted_subject(cue)
    return None


def _subject_child(tok: Token, passive: bool) -> Token | None:
    """The subject among a verb's children: never a word inside a quotation (the subject of
    "“James Comey Memos just out ...,” Trump wrote" is Trump), and not a dateline place
    ("WASHINGTON (AP) — Clinton said") when another subject is there."""
    deps = ("nsubj", "agent", "nsubjpass") if passive else ("nsubj", "agent")
    found = [c for c in tok.children if c.dep_ in deps and not _quoted_token(c)]
    if len(found) > 1:
        found.sort(key=lambda c: (_is_dateline(c), abs(c.i - tok.i)))
    return found[0] if found else None


def _quoted_token(tok: Token) -> bool:
    return _inside(tok.idx, tok.doc.user_data.get("newsfuse_quote_spans", []))


def _is_dateline(tok: Token) -> bool:
    """A place opening the sentence before a dash or parenthesis: "WASHINGTON (AP) —"."""
    if tok.ent_type_ not in ("GPE", "LOC"):
        return False
    sent = tok.sent
    nxt = [t for t in sent if t.i > tok.i][:4]
    return tok.i - sent.start <= 3 and any(t.text in ("—", "–", "--", "(", "-") for t in nxt)


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
    """A quotation that opens a sentence right after an attributed one continues that speaker, and
    so does one right after a cue's comma ("“A,” he said, “B.”")."""
    found = []
    sents = list(doc.sents)
    text = _doc_text(doc)
    for q in quote_spans:
        if q in used or _word_count(text[q[0]:q[1]]) <= SCARE_QUOTE_MAX_WORDS:
            continue
        # The parser may leave an opening mark ('') at the end of the previous sentence: place the
        # quotation by its first word.
        first = q[0]
        while first < q[1] and text[first] in OPENING + "'‘ ":
            first += 1
        idx = next((i for i, s in enumerate(sents) if s.start_char <= first < s.end_char), None)
        if idx is None:
            continue
        same = [x for x in quotes + found if x.sentence == idx and x.cue_end is not None
                and x.cue_end <= q[0] and _resumes_after_cue(text[x.cue_end:q[0]])]
        if same:
            prev = same
        elif text[sents[idx].start_char:first].strip(OPENING + "'‘ \n") or idx == 0:
            continue
        else:
            prev = [x for x in quotes + found if x.sentence == idx - 1]
            # Across a paragraph break only a quotation goes on ("...,” he said. ¶ “Then you have
            # these losers ..."); after reported speech a new paragraph's quote is someone's own.
            if prev and prev[-1].kind != "direct" and "\n" in text[prev[-1].end:q[0]]:
                prev = []
        if not prev:
            continue
        start, end = _strip_marks(_doc_text(doc), *q)
        last = prev[-1]
        found.append(Quote(
            speaker=last.speaker, cue=None, content=_doc_text(doc)[start:end], start=start, end=end,
            kind="direct", speaker_start=last.speaker_start, speaker_end=last.speaker_end,
            sentence=idx, continues=True,
        ))
        used.add(q)
    return found


# A quotation signed with a dash and a name ("“...” ― Krystal Correa"), as readers' comments,
# epigraphs and tweets are printed: up to six capitalised name words, to the end of the line.
_SIGNATURE = re.compile(r"[ \t]*(?:[―—–]|--)[ \t]*((?:[A-Z][\w.’'-]*|de|da|van|von|del|la)(?:[ \t]+(?:[A-Z][\w.’'-]*|de|da|van|von|del|la)){0,5})[ \t]*\.?[ \t]*(?=\n|$)")


def _signed_quotations(doc: Doc, quote_spans, used) -> list[Quote]:
    """Quotations followed by a dash and the name of who said them, alone at the end of a line."""
    found = []
    text = _doc_text(doc)
    for q in quote_spans:
        if q in used:
            continue
        m = _SIGNATURE.match(text, q[1])
        if not m:
            continue
        name = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if name is None or not len(name) or name.root.pos_ not in ("PROPN", "NOUN"):
            continue
        start, end = _strip_marks(text, *q)
        found.append(Quote(
            speaker=name.text.rstrip("."), cue=text[q[1]:m.start(1)].strip(), content=text[start:end],
            start=start, end=end, kind="direct", speaker_start=name.start_char, speaker_end=name.end_char,
            cue_start=q[1], cue_end=m.start(1), sentence=_sentence_number(doc, name.root),
        ))
        used.add(q)
    return found


def _sentence_number(doc: Doc, tok: Token) -> int:
    return next((i for i, s in enumerate(doc.sents) if s.start <= tok.i < s.end), 0)


def _resumes_after_cue(gap: str) -> bool:
    """The words between a cue and a quotation in the same sentence only finish the attribution:
    none ("“A,” he said, “B.”"), a comma-closed aside ("“A,” Trump said during a rally in
    Kenansville, N.C., “B.”") or a conjunction ("“A,” he said, but “B.”")."""
    if _word_count(gap) == 0:
        return True
    if any(c in gap for c in OPENING + CLOSING) or _word_count(gap) > 10:
        return False
    tail = gap.rstrip()
    return tail.endswith((",", ":", "—", "–")) or tail.lower().endswith((" but", " and", ",but", ",and"))


def _resolve_nesting(quotes: list[Quote], doc: Doc) -> dict[int, Quote]:
    """One attribution per content. When one cue sits inside another's content, the outer one is
    kept ("said he believes"), except when the inner cue is the complement of the outer one, has a
    speaker of its own and quotes words directly ("Comey said the president told him, “I have been
    very loyal”"): those words are the inner speaker's, and the outer one only relays them.
    Returns {id(inner quote): outer quote} for those."""
    relayed_by: dict[int, Quote] = {}
    keep: list[Quote] = []
    for q in quotes:
        if keep and (q.start, q.end) == (keep[-1].start, keep[-1].end):
            continue  # two cues of one clause ("was quoted as telling")
        outer = keep[-1] if keep else None
        if outer is not None and q.start < outer.end and q.end <= outer.end and q.cue_start is not None \
                and outer.start <= q.cue_start < outer.end:
            if q.kind == "direct" and _relays_direct_quote(outer, q, doc):
                keep[-1] = q
                relayed_by[id(q)] = outer
            continue
        keep.append(q)
    quotes[:] = keep
    return relayed_by


def _relays_direct_quote(outer: Quote, inner: Quote, doc: Doc) -> bool:
    inner_cue = _token_at(doc, inner.cue_start)
    outer_cue = _token_at(doc, outer.cue_start)
    if inner_cue is None or outer_cue is None or inner_cue.head != outer_cue or inner_cue.dep_ != "ccomp":
        return False
    written = _doc_text(doc)[inner.speaker_start:inner.speaker_end].lower() if inner.speaker_start is not None else ""
    return written not in PRONOUNS and written not in RELATIVE


def _token_at(doc: Doc, offset: int | None) -> Token | None:
    if offset is None:
        return None
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _resolve_speakers(doc: Doc, quotes: list[Quote], participants: list[str],
                      relayed_by: dict[int, Quote] | None = None) -> None:
    """Replace pronouns, titles, documents and short names by the fullest name of who is meant."""
    ctx = _Context(doc, quotes)
    relays = _relays(doc, quotes)
    relayed_by = relayed_by or {}
    for q in quotes:
        written = q.speaker or ""
        name = _resolve(written, q, ctx) or written
        q.speaker = canonical_name(name, participants, [p[1] for p in ctx.people]) if name else written
        if q.speaker.lower() == "it":
            q.speaker = None  # "It says ..." with no document or organisation before: no name to give
    for q in quotes:
        outer = relayed_by.get(id(q))
        q.chain = ([q.speaker] if q.speaker else []) + ([outer.speaker] if outer is not None and outer.speaker else []) \
            + relays.get(q.sentence, [])


@dataclass
class _Mention:
    start: int
    name: str
    sentence: int
    subject: bool  # a subject: "Xi highlighted ..." makes Xi the likely "he" of the next sentence
    depth: int  # steps from the sentence root: the main clause's subject beats an embedded one
    honorific: str  # "mr", "ms", "mrs" or ""


class _Context:
    """What speaker resolution needs from one parsed article, computed once."""

    def __init__(self, doc: Doc, quotes: list[Quote]) -> None:
        self.doc = doc
        self.quotes = quotes
        self.sents = list(doc.sents)
        self.sent_starts = [s.start for s in self.sents]
        self.mentions = _person_mentions(doc, self.sentence_of)
        self.people = [(m.start, m.name, m.subject) for m in self.mentions]
        self.titles = _title_index(doc, self.mentions)

    def sentence_of(self, tok: Token) -> int:
        return bisect_right(self.sent_starts, tok.i) - 1


def _resolve(written: str, q: Quote, ctx: _Context) -> str | None:
    low = written.lower()
    span = _written_span(q, ctx.doc)
    if low in ("he", "she", "him", "her"):
        return _person_antecedent(q, low, ctx)
    if low in ("they", "them"):
        return _group_antecedent(q, ctx)
    if low == "it":
        return _thing_antecedent(q, ctx) or written
    if low in PRONOUNS or span is None:
        return written
    # "The Washington Post", "the Daily Mail": a name, not a post or a piece of mail
    if span.root.lemma_.lower() in DOCUMENT_NOUNS and not _names_a_body(span):
        return _document_author(span, ctx) or written
    if span.root.lower_ in SPEECH_NOUNS:
        return _author_in_phrase(span.root) or written
    # Titles only for descriptions ("the president", "the former FBI director"); a phrase headed
    # by a name ("Representative Elijah Cummings", "The Korean Central News Agency") is its own.
    if span.root.pos_ == "NOUN" and not _is_name(written, ctx.people):
        titled = _title_person(written, q, ctx)
        if titled:
            return titled
    return written


def _names_a_body(span: Span) -> bool:
    """The phrase is a name (an organisation, a title in capitals), not a common document noun."""
    root = span.root
    return root.pos_ == "PROPN" and (root.ent_type_ in ("ORG", "WORK_OF_ART", "PERSON") or root.text[:1].isupper())


def _written_span(q: Quote, doc: Doc) -> Span | None:
    if q.speaker_start is None or q.speaker_end is None:
        return None
    span = doc.char_span(q.speaker_start, q.speaker_end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _is_name(written: str, people) -> bool:
    return any(written.endswith(name) or name.endswith(written) for _, name, *_ in people)


def _person_antecedent(q: Quote, pronoun: str, ctx: _Context) -> str | None:
    """Who "he" or "she" is: the main-clause subject person nearest before the pronoun (this
    sentence, then up to three back), else the last named speaker, else the last person named."""
    at = q.speaker_start if q.speaker_start is not None else q.start
    excluded = {"mr"} if pronoun in ("she", "her") else {"ms", "mrs", "miss"}
    speakers = [x for x in ctx.quotes if x.start < q.start and x is not q and x.speaker
                and x.speaker.lower() not in PRONOUNS and x.speaker_start is not None and x.speaker_start < at]
    for back in range(4):
        sent = q.sentence - back
        cands = [(m.depth, m.name) for m in ctx.mentions
                 if m.sentence == sent and m.start < at and m.subject and m.honorific not in excluded]
        cands += [(0, x.speaker) for x in speakers if x.sentence == sent and _is_name(x.speaker, ctx.people)]
        # "He also tamped down ...": a sentence led by the same pronoun goes on about the same
        # person, so look further back rather than at the names deeper in it.
        chained = _pronoun_subject_depth(ctx, sent, at, pronoun)
        cands = [c for c in cands if c[0] < chained]
        if cands:
            return min(cands, key=lambda c: c[0])[1]
        if chained < 99:
            continue
    if speakers and q.sentence - speakers[-1].sentence <= 3:
        return speakers[-1].speaker
    before = [m for m in ctx.mentions if m.start < at and m.honorific not in excluded]
    return before[-1].name if before else None


def _pronoun_subject_depth(ctx: _Context, sent: int, at: int, pronoun: str) -> int:
    """Depth of the shallowest subject pronoun of the same person ("he"/"she") in a sentence, 99 if none."""
    if sent < 0 or sent >= len(ctx.sent_starts):
        return 99
    same = ("he",) if pronoun in ("he", "him") else ("she",)
    span = ctx.sents[sent]
    depths = [_depth(t) for t in span if t.idx < at and t.lower_ in same and t.dep_ in ("nsubj", "nsubjpass")
              and not _quoted_token(t)]
    return min(depths, default=99)


def _group_antecedent(q: Quote, ctx: _Context) -> str | None:
    """Who "they" are: the nearest plural or organisation subject before it ("South Korean officials
    hope ... they said"), this sentence or up to two back; else "they" stays."""
    doc = ctx.doc
    at = q.speaker_start if q.speaker_start is not None else q.start
    sents = ctx.sents
    for back in range(3):
        idx = q.sentence - back
        if idx < 0:
            break
        cands = []
        for tok in sents[idx]:
            if tok.idx >= at or tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ == "PRON" or _quoted_token(tok):
                continue
            if tok.ent_type_ in ("ORG", "NORP") or (tok.tag_ in ("NNS", "NNPS") and _is_group_of_people(tok)):
                cands.append((_depth(tok), _phrase(tok).text))
        if cands:
            return min(cands)[1]
    return None


def _thing_antecedent(q: Quote, ctx: _Context) -> str | None:
    """What "it" is when it says something: the nearest organisation or document named before it
    ("The lawsuit ... It says the campaign violated ..."), this sentence or up to two back."""
    at = q.speaker_start if q.speaker_start is not None else q.start
    for back in range(3):
        idx = q.sentence - back
        if idx < 0:
            break
        cands = [tok for tok in ctx.sents[idx] if tok.idx < at and not _quoted_token(tok)
                 and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
                 and (tok.ent_type_ == "ORG" or tok.lemma_.lower() in DOCUMENT_NOUNS)]
        if cands:
            return _phrase(cands[-1]).text
    return None


def _is_group_of_people(tok: Token) -> bool:
    """A plural that can speak ("officials", "the chairmen", "Republicans"), not "the documents"."""
    word = tok.lower_
    return word in GROUP_NOUNS or word.endswith(PEOPLE_SUFFIXES) or tok.ent_type_ in ("NORP", "ORG")


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head is not tok and depth < 50:
        tok = tok.head
        depth += 1
    return depth


def _document_author(span: Span, ctx: _Context) -> str | None:
    """Who wrote the document a quote is read from: "Comey's memo", "a memo by Comey", "the Comey
    memos", or, for "the memo" alone, the author an earlier mention of such a document names."""
    author = _author_in_phrase(span.root)
    if author:
        return author
    lemma = span.root.lemma_.lower()
    for tok in reversed(ctx.doc[: span.start]):
        if tok.lemma_.lower() != lemma:
            continue
        author = _author_in_phrase(tok) or _writer_of(tok)
        if author:
            return author
    return None


def _author_in_phrase(head: Token) -> str | None:
    for child in head.children:
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN") and not _is_place(child):
            return _phrase(child).text
        if child.dep_ == "compound" and child.ent_type_ in ("PERSON", "ORG"):
            return _phrase(child).text
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in ("PROPN", "NOUN") and not _is_place(pobj):
                return _phrase(pobj).text
        if child.dep_ == "acl":  # "memos written by Comey"
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if pobj is not None and pobj.pos_ in ("PROPN", "NOUN"):
                return _phrase(pobj).text
    return None


def _writer_of(doc_tok: Token) -> str | None:
    """"Comey wrote the memos", "the White House released a statement": the subject of a writing
    verb whose object is the document."""
    if doc_tok.dep_ not in ("dobj", "nsubjpass"):
        return None
    verb = doc_tok.head
    if verb.lemma_.lower() not in WRITING_LEMMAS:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "agent")), None)
    if subj is not None and subj.dep_ == "agent":
        subj = next((c for c in subj.children if c.dep_ == "pobj"), None)
    if subj is None or subj.pos_ == "PRON":
        return None
    return _phrase(subj).text


def _is_place(tok: Token) -> bool:
    return tok.ent_type_ in ("GPE", "LOC", "FAC")


def _person_mentions(doc: Doc, sentence_of) -> list[_Mention]:
    """Every PERSON mention that can name a speaker: not in a headline line (its Title Case turns
    "Donald Trump Warns" into a name), not inside a quotation ("James Comey Memos just out"), not a
    name the article elsewhere uses as a place ("a visit to Harbin"). A subject the NER missed
    ("Xi Jinping highlighted ...") counts when it is a name the article uses elsewhere."""
    places = {e.text for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")}
    headlines = headline_spans(doc)
    out = []
    seen: set[int] = set()
    for e in doc.ents:
        if e.label_ != "PERSON" or _inside(e.start_char, headlines) or _quoted_token(e[0]):
            continue
        name = re.sub(r"[’']s$", "", e.text).strip()
        if not name or name in places:
            continue
        out.append(_mention(doc, e.start_char, name, e.root, sentence_of))
        seen.update(range(e.start, e.end))
    names = {m.name for m in out}
    for tok in doc:
        if tok.i in seen or tok.pos_ != "PROPN" or tok.dep_ not in ("nsubj", "nsubjpass") \
                or _inside(tok.idx, headlines) or _quoted_token(tok):
            continue
        phrase = _phrase(tok)
        text = " ".join(t.text for t in phrase if t.pos_ == "PROPN")
        if text and any(_same_person(text, n) for n in names):
            out.append(_mention(doc, phrase.start_char, text, tok, sentence_of))
    out.sort(key=lambda m: m.start)
    return out


def _mention(doc: Doc, start: int, name: str, root: Token, sentence_of) -> _Mention:
    first = doc.char_span(start, start + 1, alignment_mode="expand")
    i = first[0].i if first is not None and len(first) else root.i
    prev = doc[i - 1].lower_.rstrip(".") if i > 0 else ""
    return _Mention(
        start=start, name=name, sentence=sentence_of(root),
        subject=root.dep_ in ("nsubj", "nsubjpass"), depth=_depth(root),
        honorific=prev if prev in ("mr", "ms", "mrs", "miss") else "",
    )


def headline_spans(doc: Doc) -> list[tuple[int, int]]:
    """Lines written as headlines: at most 25 words, the text's first line or a line of mostly
    capitalised words."""
    spans = []
    offset = 0
    lines = _doc_text(doc).split("\n")
    for i, line in enumerate(lines if len(lines) > 1 else []):
        words = re.findall(r"[A-Za-z][\w’'-]*", line)
        stripped = line.rstrip()
        if words and len(words) <= 25:
            capitalised = sum(w[0].isupper() for w in words if len(w) > 3)
            long_words = sum(len(w) > 3 for w in words) or 1
            # The first line is the title in most files ("Ted Cruz Refuses ..."), with or without a stop.
            if i == 0 or (capitalised >= 0.75 * long_words and not stripped.endswith(("”", "\"", ":"))):
                spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def _previous_speaker(q: Quote, quotes: list[Quote]) -> str | None:
    """The last named speaker within the three sentences before this quote."""
    for other in reversed([x for x in quotes if x.start < q.start]):
        if q.sentence - other.sentence > 3:
            break
        if other.speaker and other.speaker.lower() not in PRONOUNS:
            return other.speaker
    return None


def _people(doc: Doc) -> list[tuple]:
    """(offset, name, is a subject) of every PERSON mention."""
    return [(e.start_char, e.text, e.root.dep_ in ("nsubj", "nsubjpass")) for e in doc.ents if e.label_ == "PERSON"]


def _title_index(doc: Doc, mentions: list[_Mention]) -> dict[str, list[tuple[int, str]]]:
    """Each descriptive word -> the (offset, name) of every person the article introduces with it:
    before the name ("Chinese President Xi Jinping") or in an apposition after it ("Youn Kun-young,
    director of the presidential office")."""
    known = {m.start: m.name for m in mentions}
    index: dict[str, list[tuple[int, str]]] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        # A headline's "CIA Director Mike Pompeo Secretly Met" still tells who "the CIA chief" is.
        name = known.get(ent.start_char) or next(
            (m.name for m in mentions if _same_person(m.name, ent.text) or _same_person(ent.text, m.name)), None)
        if name is None:
            continue
        words = []
        i = ent.start - 1
        while i >= 0 and doc[i].pos_ in ("PROPN", "ADJ", "NOUN") and doc[i].ent_type_ in ("", "NORP", "GPE", "ORG"):
            words.append(doc[i].lower_)
            i -= 1
        for child in ent.root.children:
            if child.dep_ == "appos" and child.pos_ == "NOUN":
                words += [t.lower_ for t in child.subtree if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.i <= child.i]
        for w in words:
            if w not in NOT_TITLES:
                index.setdefault(w, []).append((ent.start_char, name))
    return index


def _title_person(written: str, q: Quote, ctx: _Context) -> str | None:
    """The person a title phrase means ("the president", "the defense minister"): the one the
    article introduced with those words; among several, the one named most recently before."""
    words = [w for w in re.findall(r"\w+", written) if w.lower() not in NOT_TITLES and w.lower() in ctx.titles]
    # Capitalised words (nationalities, ranks written as names) decide first, since "leader" or
    # "president" alone often fit both leaders of a summit.
    names: set[str] = set()
    for group in ([w for w in words if w[0].isupper()], words):
        if group:
            names = set.intersection(*({n for _, n in ctx.titles[w.lower()]} for w in group))
            if names:
                break
    if not names:
        return None
    if len(names) == 1:
        return names.pop()
    at = q.speaker_start if q.speaker_start is not None else q.start
    recent = [m for m in ctx.mentions if m.start < at and any(_same_person(m.name, n) for n in names)]
    if not recent:
        return None
    last = recent[-1].name
    return next(n for n in names if _same_person(last, n))


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
