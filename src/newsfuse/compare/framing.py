"""Framing: how each outlet itself names and qualifies the main actors of an event.

Actors are the people, organisations and countries an article names often (at least
ACTOR_MIN_MENTIONS times), their names folded ("Kim Jong-un" = "Kim Jong Un", "Zelenskyy's" =
"Zelenskyy", "Kim" = the Kim named most), plus the documents of one of them that the article keeps
talking about ("the Comey memos"). For each actor we take the outlet's own words:
- the words before the name that belong to its noun phrase ("North Korean dictator Kim Jong Un");
- appositions ("Mike Pompeo, Trump's secretary of State pick", "its leader, Kim Jong-un");
- predicate nominals of the reporter's own sentences ("North Korea remains the world's most
  prolific human rights abuser"), not of reported clauses ("Trump said Kim is ...");
- title-only mentions ("the dictator", "the CIA chief") resolved to the actor the article
  introduced with those words, short forms of a country's name ("the North") and descriptions of a
  country ("the communist country") resolved to the country named last;
- the modifiers of an actor's thing ("the redacted and declassified memos").
Words inside quotation marks are the speaker's, never the outlet's framing: "old friend" quoted
from Xi is Xi's. The lexicon (framing_lexicon.json, documented in framing_lexicon.md) says which
terms are loaded, honorific or neutral.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from ..models import Article, Claim, FramingEntry
from ..nlp import sentence_index_at
from ..names import fold_words
from .quotes import DOCUMENT_NOUNS, QUOTE_RE, SPEECH_LEMMAS, headline_spans

LEXICON_PATH = Path(__file__).with_name("framing_lexicon.json")
ACTOR_TYPES = ("PERSON", "ORG", "GPE")
# An actor is named at least this often in the article (any form of the name). One mention is a
# passing reference ("as President George W. Bush once did"), not an actor of the story.
ACTOR_MIN_MENTIONS = 2
# A thing of an actor ("the Comey memos") counts when the article mentions it this often.
THING_MIN_MENTIONS = 3
# Appositions and predicate nominals longer than this are clauses, not labels.
MAX_LABEL_TOKENS = 12
# Courtesy titles say nothing about how an outlet sees someone.
COURTESY = frozenset("mr mr. mrs mrs. ms ms. miss dr dr. sir madam".split())
COUNTRY_NOUNS = frozenset("country nation state kingdom republic regime".split())
# Heads that name an institution, never the person who leads it.
INSTITUTION_NOUNS = frozenset("""government administration regime state country nation ministry agency
    department office party army military media""".split())
COPULAS = frozenset("be remain become seem".split())
# Characters a name can hold: "Xinhua: countries state media" is an entity-tagging slip.
NAME_RE = re.compile(r"^[A-Z][\w.’'&-]*(?: [\w.’'&-]+){0,5}$")
# Two names joined: "North and South Korea", "U.S.-North Korea" talks.
JOINED_NAMES_RE = re.compile(r" and |[\w.]-[A-Z]")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[str, ...]]:
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    return {kind: tuple(sorted(data[kind], key=len, reverse=True)) for kind in ("loaded", "honorific", "neutral")}


def term_kind(term: str) -> str:
    """loaded beats honorific beats neutral: one loaded word makes the whole naming loaded."""
    low = term.lower()
    for kind in ("loaded", "honorific", "neutral"):
        if any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", low) for w in lexicon()[kind]):
            return kind
    return "neutral"


def fold(name: str) -> tuple[str, ...]:
    """A name as comparable words: no possessive, hyphens as spaces, no dots, lower case
    ("Kim Jong-un" and "Kim Jong Un" -> ("kim", "jong", "un"); "F.B.I." -> ("fbi",))."""
    return tuple(w for w in fold_words(name.replace(".", "")) if w != "the")  # one folding: names.py


def display_name(name: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[’']s?$", "", name.strip())).strip()


# --- actors of one article ---------------------------------------------------------------------


@dataclass
class _Actor:
    name: str  # the fullest, most used form
    label: str  # PERSON, ORG, GPE or THING
    words: frozenset[str]
    mentions: int = 0


class _Actors:
    """The article's actors and which entity mention names which actor."""

    def __init__(self, doc: Doc, quoted: list[tuple[int, int]], title: Doc | None = None) -> None:
        forms: Counter[tuple[str, tuple[str, ...]]] = Counter()
        spelled: dict[tuple[str, tuple[str, ...]], Counter[str]] = defaultdict(Counter)
        self.mention_spans: list[tuple[Span, tuple[str, tuple[str, ...]]]] = []
        headline_mentions = []
        self.title_spans: list[tuple[Span, tuple[str, tuple[str, ...]]]] = []  # mentions in `title`
        headlines = headline_spans(doc)
        title_ents = [e for e in (title.ents if title is not None else ()) if not _in_spans(
            e.start_char, [(m.start(), m.end()) for m in QUOTE_RE.finditer(title.text)])]
        for ent in list(doc.ents) + title_ents:
            in_title = ent.doc is title
            if ent.label_ not in ACTOR_TYPES or (not in_title and _in_spans(ent.start_char, quoted)):
                continue
            name = display_name(ent.text)
            words = fold(name)
            if not words or not NAME_RE.match(name) or JOINED_NAMES_RE.search(name):
                continue
            key = (ent.label_, words)
            if in_title or _in_spans(ent.start_char, headlines):
                # Title Case misleads the tagger ("Comey Memos Show" as a person): a headline's
                # mention only counts for a name the body uses.
                headline_mentions.append((ent, key))
                continue
            forms[key] += 1
            spelled[key][name] += 1
            self.mention_spans.append((ent, key))
        # Each form goes to the most used form of the same type holding all its words ("Kim" ->
        # "Kim Jong Un", "Moon Jae" -> "Moon Jae-in"). A place or organisation joins a longer name
        # only one used at least as often ("Korea" -> "North Korea", but "North Korea" is not a
        # part of a passing "North and South Korea").
        self.actor_of: dict[tuple[str, tuple[str, ...]], _Actor] = {}
        fulls: dict[tuple[str, tuple[str, ...]], _Actor] = {}
        for key in sorted(forms, key=lambda k: -len(k[1])):
            label, words = key
            supers = [k for k in fulls if k[0] == label and set(words) <= set(k[1])
                      and (label == "PERSON" or forms[k] >= forms[key])]
            if supers:
                best = max(supers, key=lambda k: (fulls[k].mentions, len(k[1])))
                actor = fulls[best]
            else:
                actor = _Actor(spelled[key].most_common(1)[0][0], label, frozenset(words))
                fulls[key] = actor
            actor.mentions += forms[key]
            self.actor_of[key] = actor
        for ent, (label, words) in headline_mentions:
            inside = [a for a in fulls.values() if a.label == label and set(words) <= a.words]
            if len(inside) == 1:
                inside[0].mentions += 1
                self.actor_of.setdefault((label, words), inside[0])
                if ent.doc is title:
                    self.title_spans.append((ent, (label, words)))
                else:
                    self.mention_spans.append((ent, (label, words)))
        self.mention_spans.sort(key=lambda m: m[0].start)
        self.actors = [a for a in fulls.values() if a.mentions >= ACTOR_MIN_MENTIONS]

    def of(self, key) -> _Actor | None:
        actor = self.actor_of.get(key)
        return actor if actor is not None and actor.mentions >= ACTOR_MIN_MENTIONS else None


# --- entries ------------------------------------------------------------------------------------


def article_framing(article: Article, doc: Doc, sentences: set[int] | None,
                    participants: list[str]) -> list[FramingEntry]:
    """Framing entries of one article, restricted to the event's sentences: (actor, the outlet's
    own words for it). `participants` (the event's names) give the spelling of a target when
    it is the same name folded."""
    text = doc.text
    quoted = [(m.start(), m.end()) for m in QUOTE_RE.finditer(text)]
    headline = _separate_title(article, text)
    actors = _Actors(doc, quoted, headline)
    spelling = {fold(p): display_name(p) for p in participants}
    found: list[tuple[Token, _Actor, Span]] = []  # (anchor token, actor, the words)
    titles = _TitleIndex()
    for spans, marks in ((actors.mention_spans, quoted),
                         (actors.title_spans, _quote_marks(headline.text) if headline is not None else [])):
        for ent, key in spans:
            actor = actors.of(key)
            if actor is None:
                continue
            for words in (_prefix(ent), _apposition(ent), _predicate(ent), _named_by_head(ent)):
                if words is not None and not _quoted_span(words, marks):
                    found.append((ent.root, actor, words))
                    titles.add(words, actor, ent.start_char if ent.doc is doc else -1)
    found += _title_mentions(doc, actors, titles, quoted)
    found += _country_mentions(doc, actors, quoted)
    found += _things(doc, actors, quoted)
    entries: list[FramingEntry] = []
    seen: set[tuple[str, str]] = set()
    for anchor, actor, words in sorted(found, key=lambda f: (f[2].doc is doc, f[2].start)):
        if words.doc is not doc:
            idx = 0  # the headline, shown with the lead
        else:
            idx = sentence_index_at(article.sentences, words.start_char) if article.sentences else 0
            if sentences is not None and idx not in sentences:
                continue
        term = _term_text(words)
        if not term or term.lower() in COURTESY:
            continue
        target = spelling.get(fold(actor.name), actor.name)
        key = (target, term.lower())
        if key in seen:
            continue
        seen.add(key)
        entries.append(FramingEntry(article=article.id, sentence=idx, target=target, term=term,
                                    kind=term_kind(term)))
    return entries


def _separate_title(article: Article, text: str) -> Doc | None:
    """The headline parsed on its own when ingest took it out of the text: the outlet's words too
    ("Mike Pompeo, Trump's secretary of State pick, made top-secret visit ...")."""
    title = (getattr(article, "title", None) or "").strip()
    evidence = getattr(article, "title_evidence", "") or ""
    if not title or evidence.startswith("first sentence") or title in text[:len(title) + 200]:
        return None
    from ..nlp import load_nlp

    return load_nlp()(title)


def _quote_marks(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in QUOTE_RE.finditer(text)]


def _in_spans(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in spans)


def _quoted_span(words: Span, quoted: list[tuple[int, int]]) -> bool:
    """Any word of the label inside quotation marks makes it the speaker's."""
    return any(s < words.end_char and words.start_char < e for s, e in quoted)


def _term_text(words: Span) -> str:
    toks = [t for t in words if t.text not in "“”\"‘’'«»"]
    while toks and (toks[0].pos_ in ("DET", "CCONJ", "PUNCT") or toks[0].lower_ in COURTESY
                    or (toks[0].pos_ == "ADV" and toks[0].head.pos_ not in ("ADJ", "VERB"))):
        toks = toks[1:]  # "the", "now", ", " lead nothing; "so-called", "newly released" stay
    while toks and toks[-1].pos_ in ("PUNCT", "CCONJ", "ADP", "PART") and toks[-1].text not in ("’s", "'s"):
        toks = toks[:-1]
    if not toks:
        return ""
    return words.doc[toks[0].i: toks[-1].i + 1].text.strip()


def _prefix(ent: Span) -> Span | None:
    """The words of the name's noun phrase before it: "Former FBI director" James Comey, "North
    Korean dictator" Kim Jong Un, "secretary of State pick" Mike Pompeo (not "under a cloud")."""
    doc = ent.doc
    i = ent.start - 1
    while i >= 0:
        tok = doc[i]
        # A word of the name's phrase hangs on the name or on a word between, or governs one
        # ("of" in "secretary of State-designate"); "cloud" in "under a cloud President Trump" does not.
        inside = ent.start <= tok.head.i < ent.end or i < tok.head.i < ent.start \
            or any(i < c.i < ent.start for c in tok.children)
        if tok.ent_type_ == "PERSON" or tok.lower_ in COURTESY or not inside or not _title_word(tok):
            break
        i -= 1
    words = doc[i + 1: ent.start]
    if not len(words) or not (words[-1].pos_ in ("NOUN", "PROPN") or (len(words) > 1 and words[-2].text == "-")):
        return None  # "top", "glad", "complimented": no title noun before the name ("State-designate" is one)
    return words


def _title_word(tok: Token) -> bool:
    """A word that can stand in a title before a name: "former", "FBI", "director", "of" (in
    "secretary of State pick"), "’s", "newly-minted"."""
    if tok.pos_ in ("ADJ", "NOUN", "PROPN", "NUM") or tok.text == "-":
        return True
    if tok.pos_ == "ADP":
        return tok.lower_ == "of"
    if tok.pos_ == "PART":
        return tok.lower_ in ("’s", "'s")
    if tok.pos_ == "VERB":
        return tok.dep_ == "amod" and tok.tag_ in ("VBN", "VBG")
    if tok.pos_ == "ADV":
        return tok.head.pos_ in ("ADJ", "VERB") and tok.head.i > tok.i
    return False


def _apposition(ent: Span) -> Span | None:
    """"Pompeo, Trump's nominee to serve as Secretary of State,": the apposition after a name,
    without a relative clause ("who ...") and no longer than a label."""
    for child in ent.root.children:
        if child.dep_ != "appos" or child.i < ent.end or child.pos_ != "NOUN" \
                or ent.doc[ent.end].text != ",":
            continue  # a real apposition is set off by a comma; a capitalised one is a title or a name
        if ent.label_ == "GPE" and child.left_edge.lower_ in ("a", "an"):
            continue  # "South Korea, a move seen as ...": a country is not introduced as "a ..."
        last = child.right_edge.i
        relative = [t.left_edge.i for t in child.subtree if t.dep_ == "relcl"
                    and t.left_edge.lower_ in ("who", "whom", "whose", "which", "that", "where")]
        if relative:
            last = min(relative) - 1  # without "that includes Japan", "who ..."
        words = ent.doc[child.left_edge.i: last + 1]
        if 0 < len(words) <= MAX_LABEL_TOKENS:
            return words
    return None


def _named_by_head(ent: Span) -> Span | None:
    """"its leader, Kim Jong-un": the noun phrase a name stands in apposition to."""
    if ent.root.dep_ != "appos":
        return None
    head = ent.root.head
    if head.pos_ != "NOUN" or head.i >= ent.start or head.ent_type_ or \
            (ent.doc[ent.start - 1].text != "," and head.i != ent.start - 1):
        return None  # "its leader, Kim Jong-un" or "the C.I.A. director Mike Pompeo"
    words = ent.doc[head.left_edge.i: head.i + 1]
    return words if 0 < len(words) <= MAX_LABEL_TOKENS else None


def _predicate(ent: Span) -> Span | None:
    """"North Korea remains the world's most prolific human rights abuser": the predicate nominal
    of the name, in the reporter's own sentence (not a clause reported from someone)."""
    root = ent.root
    verb = root.head
    if root.dep_ != "nsubj" or verb.lemma_.lower() not in COPULAS or _reported(verb):
        return None
    attr = next((c for c in verb.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)
    if attr is None or attr.left_edge.i - verb.i > 3 or attr.left_edge.i < verb.i:
        return None  # "Comey ... is in the midst of a tour promoting a book, Higher Loyalty: Truth"
    last = attr.i
    for child in attr.rights:
        if child.dep_ in ("prep", "compound", "amod") and child.right_edge.i - attr.left_edge.i < MAX_LABEL_TOKENS:
            last = child.right_edge.i
        else:
            break
    return ent.doc[attr.left_edge.i: last + 1]


def _reported(verb: Token) -> bool:
    """A clause someone is reported to have said ("Trump said Kim is ...")."""
    tok = verb
    for _ in range(4):
        if tok.dep_ in ("ccomp", "xcomp") and tok.head.lemma_.lower() in SPEECH_LEMMAS:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


class _TitleIndex:
    """Words the article used to label each actor, for the mentions by title alone."""

    def __init__(self) -> None:
        self.by_word: dict[str, list[tuple[int, _Actor]]] = defaultdict(list)

    def add(self, words: Span, actor: _Actor, at: int) -> None:
        """Index the words up to the label's head ("White House chief" of "White House chief of
        staff"); a possessor only when it is a place ("North Korea's leader", not "the
        president's adviser", which does not make the adviser "president")."""
        for tok in words:
            if tok.i > words.root.i:
                break
            if tok.dep_ == "poss" and tok.ent_type_ not in ("GPE", "LOC", "NORP"):
                continue
            if tok.pos_ in ("NOUN", "PROPN", "ADJ") and tok.lower_ not in COURTESY:
                self.by_word[_word(tok)].append((at, actor))

    def lookup(self, word: str) -> list[tuple[int, _Actor]]:
        """Who was labelled with this word, or with a form of it ("Korean" for "North Korea's")."""
        if word in self.by_word:
            return self.by_word[word]
        if len(word) < 4:
            return []
        # A nationality or another ending of the same name: "Korea"/"Korean", not "state"/"statement".
        return [x for w, xs in self.by_word.items() if len(w) >= 4 and 0 < abs(len(w) - len(word)) <= 2
                and (w.startswith(word) or word.startswith(w)) for x in xs]

    def resolve(self, words: list[Token], at: int) -> _Actor | None:
        """The actor labelled with these words: capitalised words (a nationality, an agency)
        decide first; among several, the one named last before."""
        known = [t for t in words if self.lookup(_word(t))]
        for group in ([t for t in known if t.text[:1].isupper()], known):
            if not group:
                continue
            sets = [{id(a): a for _, a in self.lookup(_word(t))} for t in group]
            common = set(sets[0]).intersection(*sets[1:])
            if not common:
                continue
            cands = {k: sets[0][k] for k in common}
            if len(cands) == 1:
                return next(iter(cands.values()))
            last = max(((pos, a) for t in group for pos, a in self.lookup(_word(t))
                        if id(a) in cands and pos < at), default=None, key=lambda x: x[0])
            return last[1] if last else None
        return None


def _word(tok: Token) -> str:
    return re.sub(r"[’']s$", "", tok.lower_).replace(".", "")


def _title_mentions(doc: Doc, actors: _Actors, titles: _TitleIndex, quoted) -> list[tuple[Token, _Actor, Span]]:
    """"the dictator", "the CIA chief", "the nation's reclusive leader": a noun phrase with no
    name whose head is a role the article gave an actor (or a role word of the lexicon)."""
    roles = set(lexicon()["neutral"]) | set(lexicon()["loaded"]) | set(lexicon()["honorific"])
    lead = _protagonist(actors, titles)
    out = []
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.pos_ != "NOUN" or any(t.ent_type_ == "PERSON" for t in chunk) or _quoted_span(chunk, quoted):
            continue
        if root.tag_ in ("NNS", "NNPS") or root.lemma_.lower() in INSTITUTION_NOUNS:
            continue  # "North Korean leaders" are a group, "North Korea's government" is not Kim
        if not _definite(chunk):
            continue  # "a senior director", "an unidentified official": someone new, not the actor
        capitalised = [t for t in chunk if t.text[:1].isupper() and t.i != root.i
                       and t.pos_ in ("PROPN", "ADJ", "NOUN") and t.i > chunk.start - 1]
        capitalised = [t for t in capitalised if not (t.i == chunk.start and t.pos_ == "DET")]
        office = [g for c in root.children if c.dep_ == "prep" and c.lower_ == "of"
                  for g in c.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
        if any(not titles.lookup(_word(g)) for g in office):
            continue  # "the next U.S. secretary of state" is not the "U.S. President"
        if any(not titles.lookup(_word(t)) for t in capitalised):
            # "the F.B.I. director" where no actor was called that is someone else, unless the
            # article is about one person whose role it never wrote next to the name ("the
            # former FBI director" of an article naming Comey eleven times and no one else twice).
            if lead is not None and root.lemma_.lower() in roles and not _appositions_of(root):
                out.append((root, lead, chunk))
            continue
        words = [t for t in chunk if t.pos_ in ("NOUN", "PROPN", "ADJ")]
        if not titles.lookup(_word(root)):
            # A role of the lexicon ("the North Korean leader" where the article wrote "North
            # Korean dictator Kim") is the actor the capitalised words name.
            if root.lemma_.lower() not in roles:
                continue
            words = [t for t in words if t.text[:1].isupper() and t.i != root.i]
            if not words:
                continue
        if any(t.ent_type_ == "PERSON" for t in _appositions_of(root)):
            continue  # "Matthew Pottinger, the senior director for Asia": someone else, named
        actor = titles.resolve(words, chunk.start_char)
        # The role must be the actor's, or a generic one of the lexicon: the capitalised "FBI" of
        # "the FBI's general counsel" does not make the counsel the FBI's former director.
        if actor is not None and (root.lemma_.lower() in roles
                                  or any(a is actor for _, a in titles.lookup(_word(root)))):
            out.append((root, actor, chunk))
    return out


def _protagonist(actors: _Actors, titles: _TitleIndex) -> _Actor | None:
    """The one person an article is about, when its role is never written next to the name: named
    at least twice as often as any other person, and given no label of its own."""
    people = sorted((a for a in actors.actors if a.label == "PERSON"), key=lambda a: -a.mentions)
    if not people or (len(people) > 1 and people[0].mentions < 2 * people[1].mentions):
        return None
    labelled = any(a is people[0] for xs in titles.by_word.values() for _, a in xs)
    return None if labelled else people[0]


def _appositions_of(tok: Token) -> list[Token]:
    """The words in apposition with a noun, either way round."""
    near = [c for c in tok.children if c.dep_ == "appos"]
    if tok.dep_ == "appos":
        near.append(tok.head)
    return near


def _definite(chunk: Span) -> bool:
    """"the dictator", "its leader", "the North's leader": a phrase pointing back at someone known."""
    first = chunk[0]
    return first.lower_ in ("the", "this", "that", "its", "his", "her", "their") or \
        any(t.dep_ == "poss" for t in chunk)


def _country_mentions(doc: Doc, actors: _Actors, quoted) -> list[tuple[Token, _Actor, Span]]:
    """Short forms of a country's name ("the North" for North Korea, when no other actor has the
    word) and described countries ("the communist country"), which mean the country named last."""
    countries = [a for a in actors.actors if a.label == "GPE"]
    if not countries:
        return []
    out = []
    named: list[tuple[int, _Actor]] = []  # (sentence start token, country) in text order
    spans = sorted(((ent.start, ent.end, actors.of(key)) for ent, key in actors.mention_spans), key=lambda x: x[0])
    pos = 0
    for sent in doc.sents:
        for tok in sent:
            while pos < len(spans) and spans[pos][0] <= tok.i:
                if spans[pos][2] is not None and spans[pos][2].label == "GPE":
                    named.append((sent.start, spans[pos][2]))
                pos += 1
            if tok.pos_ == "PROPN" and tok.ent_type_ in ("GPE", "LOC", "") and tok.i > 0 \
                    and doc[tok.i - 1].lower_ == "the" and not _quoted_span(doc[tok.i:tok.i + 1], quoted):
                ent_words = {_word(t) for t in _ent_of(tok)}
                owners = [a for a in actors.actors if ent_words < a.words]
                if len(owners) == 1 and owners[0].label == "GPE" and \
                        not any(ent_words < o.words for o in actors.actors if o is not owners[0]):
                    out.append((tok, owners[0], doc[tok.i - 1:_ent_of(tok).end]))
            if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos") and tok.tag_ == "NN" \
                    and tok.lemma_.lower() in COUNTRY_NOUNS and any(c.dep_ == "amod" for c in tok.children) \
                    and not _quoted_span(doc[tok.i:tok.i + 1], quoted) \
                    and not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
                # The country meant is the one the article is about: of those named before, the
                # one it names most ("his impoverished nation" after a passing "U.S.").
                before = {id(a): a for _, a in named} or {id(a): a for a in countries}
                country = max(before.values(), key=lambda a: a.mentions)
                out.append((tok, country, doc[tok.left_edge.i: tok.i + 1]))
    return out


def _ent_of(tok: Token) -> Span:
    if tok.ent_type_:
        for ent in tok.doc.ents:
            if ent.start <= tok.i < ent.end:
                return ent
    return tok.doc[tok.i: tok.i + 1]


def _things(doc: Doc, actors: _Actors, quoted) -> list[tuple[Token, _Actor, Span]]:
    """An actor's thing the article keeps mentioning ("Comey's memos", "the Comey memos"): its
    owner's name and the noun make the target, and the modifiers before the noun
    ("the redacted and declassified memos", "so-called Comey memos") are the framing."""
    people = {id(a): a for a in actors.actors if a.label == "PERSON"}
    if not people:
        return []
    owner_of: dict[str, Counter] = defaultdict(Counter)
    owner_word: dict[int, Counter] = defaultdict(Counter)  # how the article writes the owner there
    mentions: dict[str, list[Token]] = defaultdict(list)
    person_at = {}
    for ent, key in actors.mention_spans:
        actor = actors.of(key)
        if actor is not None and actor.label == "PERSON":
            for t in ent:
                person_at[t.i] = actor
    by_word = {}
    for actor in people.values():
        for w in actor.words:
            by_word.setdefault(w, []).append(actor)
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.tag_ != "NNS" or tok.lemma_.lower() not in DOCUMENT_NOUNS \
                or _quoted_span(doc[tok.i:tok.i + 1], quoted):
            continue  # an actor's documents ("the Comey memos"), whose wording the outlets choose
        lemma = tok.lemma_.lower()
        mentions[lemma].append(tok)
        # "the Comey memos" (the tagger may call this Comey a product), "Comey's memos", and read
        # along the words where the parse is lost ("according to Mr. Comey’s closely guarded memos")
        named = [c for c in tok.children if c.dep_ in ("poss", "compound") and c.pos_ == "PROPN"]
        named += _owner_before(tok)
        for word in named:
            owners = by_word.get(_word(word), [])
            if len(owners) == 1:
                owner_of[lemma][id(owners[0])] += 1
                owner_word[id(owners[0])][word.text] += 1
                person_at[word.i] = owners[0]
    out = []
    for lemma, toks in mentions.items():
        if len(toks) < THING_MIN_MENTIONS or not owner_of[lemma]:
            continue
        owner = people.get(owner_of[lemma].most_common(1)[0][0])
        if owner is None:
            continue
        thing = _Actor(f"{owner_word[id(owner)].most_common(1)[0][0]} {toks[0].lower_}", "THING", frozenset())
        for tok in toks:
            words = _modifiers_before(tok, person_at)
            if words is not None:
                out.append((tok, thing, words))
    return out


def _owner_before(noun: Token) -> list[Token]:
    """The name written right before a noun and its modifiers: "Comey’s closely guarded memos"."""
    doc = noun.doc
    i = noun.i - 1
    while i >= 0 and (doc[i].pos_ in ("ADJ", "ADV", "CCONJ") or doc[i].text == "-"
                      or (doc[i].pos_ == "VERB" and doc[i].tag_ in ("VBN", "VBD"))):
        i -= 1
    if i >= 0 and doc[i].pos_ == "PROPN":
        return [doc[i]]
    if i >= 1 and doc[i].lower_ in ("’s", "'s") and doc[i - 1].pos_ == "PROPN":
        return [doc[i - 1]]
    return []


# Adjectives that count or order things rather than describe them ("other memos", "the first memo").
NOT_DESCRIPTIVE = frozenset("""other such same many several few more most further additional both
    first second third last next previous following certain various""".split())


def _modifiers_before(noun: Token, person_at: dict[int, _Actor]) -> Span | None:
    """"closely guarded memos", "redacted and declassified memos", "so-called Comey memos": the
    adjectives and participles right before a noun (read along the words: the parser often
    misattaches coordinated participles)."""
    doc = noun.doc
    i = noun.i - 1
    described = False
    while i >= 0:
        tok = doc[i]
        if tok.lower_ in NOT_DESCRIPTIVE:
            break
        if tok.pos_ == "ADJ" or (tok.pos_ == "VERB" and tok.tag_ in ("VBN", "VBD", "VBG")
                                 and (tok.dep_ in ("amod", "conj", "compound") or tok.head.i == noun.i
                                      or (noun.head.i == tok.i and tok.tag_ == "VBN"))):
            described = True
        elif tok.pos_ in ("ADV", "CCONJ") or tok.text == "-" or (i in person_at and tok.pos_ == "PROPN"):
            pass
        else:
            break
        i -= 1
    words = doc[i + 1: noun.i + 1]
    return words if described else None


def fold_targets(entries: list[FramingEntry]) -> None:
    """One spelling per actor across an event's articles: "Kim Jong-un" (one outlet) and "Kim
    Jong Un" (four) become the form most articles use; a shorter form whose words all belong to
    exactly one longer target ("Moon Jae" of "Moon Jae-in") joins it."""
    articles_of: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        articles_of[e.target].add(e.article)
    by_fold: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for target in articles_of:
        by_fold[fold(target)].append(target)
    canonical: dict[tuple[str, ...], str] = {
        key: max(names, key=lambda n: (len({a for m in names if m == n for a in articles_of[m]}), len(n), n))
        for key, names in by_fold.items()}
    # A document column ("Comey memos", lower-case noun last) is not a longer form of a name.
    names = {k for k, v in canonical.items() if v.split()[-1][:1].isupper()}
    for key in sorted(canonical, key=len):
        supers = [k for k in names if len(k) > len(key) and set(key) <= set(k)]
        if len(supers) == 1:
            canonical[key] = canonical[supers[0]]
    for e in entries:
        e.target = canonical.get(fold(e.target), e.target)


def add_contrast(entries: list[FramingEntry], outlet_of: dict[str, str]) -> None:
    """Each entry lists the terms other outlets used for the same target (an event's entries;
    their targets are first folded to one spelling per actor, see fold_targets)."""
    fold_targets(entries)
    # target -> term -> outlets using it; a term is another outlet's unless only `mine` uses it.
    by_target: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for e in entries:
        by_target[e.target][e.term].add(outlet_of.get(e.article, e.article))
    others_of: dict[tuple[str, str], list[str]] = {}  # (target, outlet) -> sorted terms of the others
    for e in entries:
        mine = outlet_of.get(e.article, e.article)
        others = others_of.get((e.target, mine))
        if others is None:
            others = others_of[(e.target, mine)] = sorted(
                t for t, outlets in by_target[e.target].items() if len(outlets) > 1 or mine not in outlets)
        e.contrast = [t for t in others if t.lower() != e.term.lower()]


def outlet_coverage(claims: list[Claim], outlet_of: dict[str, str]) -> dict[str, dict[str, list[str]]]:
    """Per outlet: claims only it reports, and corroborated claims most others report but it omits."""
    outlets = sorted(set(outlet_of.values()))
    report = {o: {"exclusive": [], "blind_spots": []} for o in outlets}
    for claim in claims:
        reporting = {outlet_of.get(m.article, m.article) for m in claim.mentions}
        if len(reporting) == 1 and len(outlets) > 1:
            report[next(iter(reporting))]["exclusive"].append(claim.id)
        # Widely corroborated: independent sources and at least half the outlets of the event.
        if claim.independent_sources >= 2 and len(reporting) >= max(2, len(outlets) / 2):
            for o in outlets:
                if o not in reporting:
                    report[o]["blind_spots"].append(claim.id)
    return report

