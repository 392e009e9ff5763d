"""A consolidated account of an event, told as a story, every sentence citing its claims.

Extractive, in the manner of strong multi-document news summarisers (centroid/LexRank centrality,
lead position, MMR redundancy, chronological ordering), plus what newsfuse knows that they do not:
the claims each sentence carries and how many independent reports support them, and resolved dates.

- Candidates are the source sentences that carry the event's claims (a sentence cites every claim
  mentioned in it), so quotation marks are the source's own; a quote whose source sentence names
  its speaker only by a pronoun is rendered by `render_quote` (direct only for words the source
  quotes). Headlines glued to a first sentence and datelines ("BEIJING:") are cut off.
- Relevance: independent support of the best claim carried, centrality (cosine to the
  support-weighted centroid of the candidates, MiniLM), position in its report (leads tell the news).
- Selection: maximal marginal relevance; near-duplicates (cosine or rapidfuzz) are never both taken,
  nor a sentence whose claims are all told by sentences already taken (the same thing reworded).
- Order: a lead (the best-supported development, with the event's own date where one is told),
  then developments in time order, then reactions and quotes, then background, briefly.
- Length follows the event: more claims and more reports give a longer account, up to a cap.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..models import Article, Claim, Conflict, Event, SummarySentence, TimeExpression
from .quotes import render_quote

# Length: base + per sqrt(claims) + per report, capped (a 5-report event of ~130 claims gets the cap;
# a one-report event of a few claims 4-5 sentences). bench/account_quality.py at these settings:
# NewsWCL50 dev key-fact recall .933, garbled 0 %; not tuned further.
BASE_SENTENCES = 2
PER_SQRT_CLAIM = 1.2
PER_REPORT = 1.0
MAX_SENTENCES = 22
# At most this share of the account is single-source material (the rest is corroborated).
SINGLE_SOURCE_SHARE = 0.5
# Reactions and quotes: at most this share, so the account tells what happened before what was said.
QUOTE_SHARE = 0.5
# Reactions in the speaker's own words (quoted in the source) before reported ones; NewsWCL50 dev
# key-fact recall .867 without it, .933 with it (bench/account_quality.py).
DIRECT_BONUS = 0.2
# A second quote of one speaker (one `speaker_key`) must beat the first quotes of the others by this
# much. With speakers keyed by name and the claim-coverage rule: NewsWCL50 dev key-fact recall .933 ->
# 1.000, garbled 0 % (sample, NewsWCL50) and 1.0 % on 12 PolNeAR groups (1.9 % before); the 0.2 itself unchanged.
SAME_SPEAKER_PENALTY = 0.2
# MMR trade-off between relevance and novelty (Carbonell & Goldstein 1998 use 0.7 for summaries).
MMR_LAMBDA = 0.7
# Two sentences this close say the same thing (MiniLM cosine; rapidfuzz token_set_ratio). 0.86 let
# restatements of the lead ("Xi met Putin, emphasizing the strength of relations" after "reaffirmed the
# strength of their nations' relationship", 0.77) crowd out later developments once alignment gave
# them more sources (the sample's Harbin trip fell out; tests/test_account.py). bench/account_quality.py
# at 0.76: NewsWCL50 dev key facts 1.000, garbled 0 % (sample, NewsWCL50), 1.0 % (12 PolNeAR groups),
# as at 0.86; 0.80 still dropped the Harbin trip.
DUPLICATE_COSINE = 0.76
DUPLICATE_FUZZ = 88
# Background: dated this many days before the event's own start.
BACKGROUND_DAYS = 7
MAX_CONTEXT = 3
MIN_WORDS = 5
# Outlets named in a sentence's support marker; the rest are counted.
MARKER_NAMES = 6

STATUS_ORDER = {"corroborated": 0, "single_source": 1, "conflicting": 2}
PRONOUNS = {"he", "she", "it", "they", "this", "these", "those", "his", "her", "its", "their", "we",
            "i", "him", "them", "that", "such"}
_WORD = re.compile(r"[A-Za-z’']+")
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")
# "BEIJING:", "MOSCOW, May 16 (Reuters) -", "WASHINGTON —": a wire dateline opening a lead.
_DATELINE = re.compile(r"^(?:[A-Z][A-Z.'’ ]{2,30}(?:,[^:—–\-]{1,30})?(?:\s*\([^)]{1,30}\))?\s*(?::|—|–|--|-)"
                       r"|[A-Z][a-z]+(?: [A-Z][a-z]+)?(?:, [A-Z][a-z]+)?\s*(?::|—|–))\s+(?=[A-Z“\"])")
_QUOTE_OPEN = "“\"«"
_QUOTED_WORDS = re.compile(r"[“\"«‘][^“”\"«»‘’]*\s[^“”\"«»‘’]*\s[^“”\"«»‘’]*[”\"»’]")
_SAYING = re.compile(r"\b(?:said|says|say|told|tells|tweeted|wrote|writes|stated|states|added|declared|"
                     r"announced|warned|insisted|argued|noted|stressed|urged|called|described|according to)\b")


@dataclass
class Candidate:
    text: str
    claims: list[Claim]
    article: str | None = None
    sentence: int = 0
    quote: bool = False
    date: str | None = None
    relevance: float = 0.0
    vector: np.ndarray | None = None
    covered: set[str] = field(default_factory=set)

    @property
    def main(self) -> Claim:
        return self.claims[0]


def summarize(claims: list[Claim], conflicts: list[Conflict],
              articles: Mapping[str, Article] | None = None,
              timexes: Mapping[str, Sequence[TimeExpression]] | None = None,
              event: Event | None = None) -> list[SummarySentence]:
    """The account of one event. Without `articles` (older callers) the claims' own wording is used;
    with them, their source sentences and dates."""
    if not claims:
        return []
    disputes = {cid: c for c in conflicts for cid in c.claims}
    candidates = _candidates(claims, articles or {}, timexes or {})
    candidates = [c for c in candidates if not garbled(c.text)] or candidates
    if not candidates:
        return []
    _score(candidates, _headlines(articles or {}), articles or {})
    budget = account_length(claims)
    chosen = _select(candidates, budget)
    ordered = _order(chosen, event)
    outlets = {aid: (a.outlet or _clip(a.title or "", 32) or aid) for aid, a in (articles or {}).items()}
    return [SummarySentence(text=_with_marker(c, disputes, outlets),
                            claims=[cl.id for cl in c.claims]) for c in ordered]


def account_length(claims: Sequence[Claim]) -> int:
    reports = {m.article for c in claims for m in c.mentions}
    n = BASE_SENTENCES + PER_SQRT_CLAIM * math.sqrt(len(claims)) + PER_REPORT * len(reports)
    return max(1, min(MAX_SENTENCES, round(n)))


# --- candidates --------------------------------------------------------------------------------

def _candidates(claims: list[Claim], articles: Mapping[str, Article],
                timexes: Mapping[str, Sequence[TimeExpression]]) -> list[Candidate]:
    at: dict[tuple[str, int], list[Claim]] = {}
    for claim in claims:
        for m in claim.mentions:
            at.setdefault((m.article, m.sentence), [])
            if claim not in at[(m.article, m.sentence)]:
                at[(m.article, m.sentence)].append(claim)
    out: list[Candidate] = []
    rendered: set[str] = set()
    for (aid, index), carried in at.items():
        carried.sort(key=_support_key)
        article = articles.get(aid)
        source = _source_sentence(article, index, carried)
        if source is None:
            continue
        quote = next((c for c in carried if c.kind == "quote" and c.speaker), None)
        text = clean_sentence(source, article.title if article else None)
        if article is not None and article.title and _norm(text) == _norm(article.title):
            continue  # the headline as a line of the text: headline style, the lead tells it in full
        if quote is not None and _needs_rendering(text, quote.speaker or ""):
            if quote.id in rendered:
                continue
            rendered.add(quote.id)
            text = _render(quote, source)
            carried = [quote] + [c for c in carried if c is not quote]
        out.append(Candidate(text=_end(text), claims=carried, article=aid, sentence=index,
                             quote=_is_quote(text, carried), date=_sentence_date(timexes.get(aid, ()), index)))
    return out


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _support_key(claim: Claim):
    return (STATUS_ORDER.get(claim.status, 3), -claim.independent_sources, claim.kind == "quote", claim.id)


def _source_sentence(article: Article | None, index: int, carried: list[Claim]) -> str | None:
    if article is not None and 0 <= index < len(article.sentences):
        return article.sentences[index].text
    for claim in carried:  # no article at hand: the mention's own text, else the claim's wording
        for m in claim.mentions:
            if m.sentence == index and m.text:
                return m.text
    main = carried[0]
    if main.kind == "quote" and main.speaker:
        return _render(main)
    return main.text


def _render(claim: Claim, source: str | None = None) -> str:
    body = _DATELINE.sub("", claim.text.strip())
    kind = claim.quote_kind
    if kind == "direct" and source and not any(ch in source for ch in "“”\"«»‘’'"):
        kind = "indirect"  # no quotation mark in the source sentence (a tweet, a statement): reported
    if kind == "direct" and body.strip(_QUOTE_OPEN)[:1].islower():
        kind = "indirect"  # a quoted fragment reads as reported speech, not as a lower-case quote
    return render_quote(claim.speaker, body, kind)


def _needs_rendering(text: str, speaker: str) -> bool:
    """The source sentence does not say who speaks (a pronoun does), so the claim's speaker must."""
    last = speaker.split()[-1].lower() if speaker.split() else ""
    return starts_with_pronoun(text) or (bool(last) and last not in text.lower())


def clean_sentence(text: str, title: str | None) -> str:
    """Cut a headline glued to the first sentence and a wire dateline."""
    text = " ".join(text.replace("\xa0", " ").split())
    if title:
        head = " ".join(title.replace("\xa0", " ").split())
        if not head.endswith("…") and len(head) > 15 and text.startswith(head) and len(text) > len(head) + 20:
            text = text[len(head):].lstrip(" :—–-|")
    text = _strip_glued_headline(text)
    text = _DATELINE.sub("", text)
    return text.strip()


_STOP = set("the a an of to in on at for and with by from as is are was were be that this what who how "
            "they their it its his her he she with about".split())


def _strip_glued_headline(text: str) -> str:
    """'Xi held talks with Putin: what they talked about Chinese leader Xi held talks with ...': a
    headline run into the lead with no stop between. Cut where a capitalised word follows a
    lower-case one and the words before (4 to 15 of them) mostly come back after."""
    words = text.split(" ")
    cut = 0
    for i in range(4, min(16, len(words) - 8)):
        before, word = words[i - 1], words[i]
        if not (word[:1].isupper() and before[-1:].isalpha() and before[:1].islower()):
            continue
        head = {w.lower().strip(":,") for w in words[:i]} - _STOP
        tail = {w.lower().strip(":,.") for w in words[i:]}
        lead_words = [w.lower() for w in words[i:i + 4]]
        first = next((w.lower().strip(":,") for w in words if w.lower().strip(":,") not in _STOP), "")
        if len(head) >= 3 and len(head & tail) >= 0.6 * len(head) and first in lead_words:
            cut = i  # the lead restates the headline's subject within its first words
            break
    return " ".join(words[cut:]) if cut else text


def _is_quote(text: str, carried: list[Claim]) -> bool:
    """Reactions: sentences that tell what someone said (a quote claim, and words in quotation marks
    or a verb of saying); scare quotes around a phrase, or a development that merely carries a quote
    claim, are not."""
    return any(c.kind == "quote" for c in carried) and bool(_QUOTED_WORDS.search(text) or _SAYING.search(text))


def _sentence_date(expressions: Sequence[TimeExpression], index: int) -> str | None:
    for t in expressions:
        if t.sentence == index and t.type in ("DATE", "TIME"):
            match = _DATE.match(t.value or "")
            if match:
                return match.group(0)
    return None


def _end(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "”", "\"", "’")) else text.rstrip(",;:") + "."


# --- garbled sentences (shared with bench/account_quality.py) ------------------------------------

def starts_with_pronoun(text: str) -> bool:
    words = _WORD.findall(text[:40])
    return bool(words) and words[0].lower() in PRONOUNS and not text.lstrip().startswith(tuple(_QUOTE_OPEN))


def garbled(text: str) -> str | None:
    """Why a sentence would read as broken, or None: an opening pronoun with nothing before it,
    `said: “that`, a quote opening in lower case, a fragment, no final stop."""
    body = text.strip()
    if not body:
        return "empty"
    if starts_with_pronoun(body):
        return "dangling pronoun"
    if re.search(r":\s*[“\"]\s*that\b", body):
        return "said: “that"
    if re.search(r"said:\s*[“\"]\s*[a-z]", body):
        return "lower-case quote opening"
    if body[0].islower():
        return "lower-case opening"
    if len(_WORD.findall(body)) < MIN_WORDS:
        return "fragment"
    if not body.endswith((".", "!", "?", "”", "\"", "’")):
        return "no final stop"
    return None


# --- scoring and selection ---------------------------------------------------------------------

def _headlines(articles: Mapping[str, Article]) -> list[str]:
    return [a.title for a in articles.values() if a.title and a.has_headline and not a.title.endswith("…")]


def _score(candidates: list[Candidate], headlines: list[str], articles: Mapping[str, Article]) -> None:
    from ..embeddings import embed

    vectors = _candidate_vectors(candidates, articles)
    # Edmundson's title cue: the reports' headlines name the news, so closeness to them is relevance.
    if headlines:
        title_cue = (vectors @ embed(headlines).T).max(axis=1)
    else:
        title_cue = np.zeros(len(candidates), dtype=np.float32)
    support = np.array([max(cl.independent_sources for cl in c.claims) for c in candidates], dtype=np.float32)
    top = max(float(support.max()), 1.0)
    weights = support / top + 0.1
    centroid = (vectors * weights[:, None]).sum(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    centrality = vectors @ centroid
    for i, c in enumerate(candidates):
        c.vector = vectors[i]
        corroborated = sum(1 for cl in c.claims if cl.status == "corroborated")
        position = 1.0 / (1.0 + c.sentence / 4.0)
        # Weights: bench/account_quality.py (NewsWCL50 dev key-fact recall, sample lead). Position
        # counts for developments only: reactions come late in a report (NewsWCL50: the corroborated
        # reactions stood at sentences 10-40).
        c.relevance = (1.0 * support[i] / top + 0.6 * float(centrality[i]) + 0.5 * float(title_cue[i])
                       + 0.1 * min(corroborated, 3) + (0.0 if c.quote else 0.35 * position)
                       + (DIRECT_BONUS if c.quote and any(cl.quote_kind == "direct" for cl in c.claims) else 0.0))
        c.covered = {cl.id for cl in c.claims}


def _candidate_vectors(candidates: list[Candidate], articles: Mapping[str, Article]) -> np.ndarray:
    """A candidate that is its article's sentence takes the vector the article carries (the nlp
    stage's: bench/throughput.py on 100 PolNeAR texts spent 27 % of its time embedding these again);
    the other texts are embedded together, each once."""
    from ..embeddings import DIMENSIONS, embed

    vectors = np.zeros((len(candidates), DIMENSIONS), dtype=np.float32)
    rest: dict[str, list[int]] = {}
    for row, candidate in enumerate(candidates):
        article = articles.get(candidate.article) if candidate.article else None
        carried = article.sentence_vectors if article is not None else None
        if carried is not None and candidate.sentence < min(len(carried), len(article.sentences)) \
                and article.sentences[candidate.sentence].text == candidate.text:
            vectors[row] = carried[candidate.sentence]
        else:
            rest.setdefault(candidate.text, []).append(row)
    for text, vector in zip(rest, embed(list(rest))):
        vectors[rest[text]] = vector
    return vectors


def _select(candidates: list[Candidate], budget: int) -> list[Candidate]:
    """Developments first, then reactions in their own share of the account (one speaker's words
    before a second of the same speaker), each by MMR; near-duplicates never both."""
    quote_budget = max(1, round(budget * QUOTE_SHARE)) if any(c.quote for c in candidates) else 0
    chosen: list[Candidate] = []
    singles = [0, max(1, round(budget * SINGLE_SOURCE_SHARE))]
    _mmr([c for c in candidates if not c.quote], budget - quote_budget, chosen, singles)
    _mmr([c for c in candidates if c.quote], budget - len(chosen), chosen, singles, by_speaker=True)
    return chosen


def _mmr(pool: list[Candidate], budget: int, chosen: list[Candidate], singles: list[int],
         by_speaker: bool = False) -> None:
    from rapidfuzz import fuzz

    pool = list(pool)
    # Relevance on the scale of the cosine (0-1), as MMR assumes: raw relevance spans 0-2.5, which
    # left novelty almost no weight, and restatements of the lead crowded out later developments.
    top = max((c.relevance for c in pool), default=1.0) or 1.0
    taken = 0
    while pool and taken < budget:
        best, best_score = None, -math.inf
        speakers = {_speaker(s) for s in chosen if s.quote}
        for c in pool:
            similarity = max((float(c.vector @ s.vector) for s in chosen), default=0.0)
            score = MMR_LAMBDA * c.relevance / top - (1 - MMR_LAMBDA) * similarity
            if by_speaker and _speaker(c) in speakers:
                score -= SAME_SPEAKER_PENALTY
            if score > best_score:
                best, best_score = c, score
        pool.remove(best)
        if any(float(best.vector @ s.vector) >= DUPLICATE_COSINE
               or fuzz.token_set_ratio(best.text, s.text) >= DUPLICATE_FUZZ for s in chosen):
            continue
        if best.covered and best.covered <= set().union(*(s.covered for s in chosen)):
            continue  # every claim it tells is told already: the same thing in other words
        if best.main.status == "single_source":
            if singles[0] >= singles[1]:
                continue
            singles[0] += 1
        chosen.append(best)
        taken += 1


def _speaker(c: Candidate) -> str:
    return speaker_key(next((cl.speaker or "" for cl in c.claims if cl.kind == "quote"), ""))


def speaker_key(speaker: str) -> str:
    """One key for the ways reports name one speaker: a person by the last word of the name ("James
    Comey", "Mr. Comey", "Comey"), a group by its head noun in the singular ("the chairmen", "The three
    Republican chairmen"), so the one-speaker-before-a-second rule sees them as one."""
    words = re.findall(r"[A-Za-z][A-Za-z'’.-]*", speaker)
    if not words:
        return ""
    head = words[-1].lower().rstrip(".")
    if head.endswith("men"):
        return head[:-3] + "man"
    if head.endswith("s") and not head.endswith("ss") and len(head) > 3 and not words[-1][:1].isupper():
        return head[:-1]  # a plural common noun ("officials"); a capitalised name keeps its s ("Jones")
    return head


# --- order -------------------------------------------------------------------------------------

def _order(chosen: list[Candidate], event: Event | None) -> list[Candidate]:
    if not chosen:
        return []
    start = (event.start if event else None) or _lead_date(chosen)
    lead = max((c for c in chosen if not c.quote), default=chosen[0],
               key=lambda c: c.relevance + (0.3 if c.date and start and c.date[:10] >= start[:10] else 0.0))
    rest = [c for c in chosen if c is not lead]
    background = [c for c in rest if _is_background(c, start)]
    background = sorted(background, key=lambda c: -c.relevance)[:MAX_CONTEXT]
    quotes = [c for c in rest if c.quote and c not in background]
    developments = [c for c in rest if c not in background and c not in quotes]
    fallback_date = lead.date or start or ""
    developments.sort(key=lambda c: (c.date or fallback_date, c.sentence, -c.relevance))
    quotes.sort(key=lambda c: -c.relevance)
    background.sort(key=lambda c: c.date or "")
    return [lead] + developments + quotes + background


def _lead_date(chosen: list[Candidate]) -> str | None:
    dates = sorted(c.date for c in chosen if c.date)
    return dates[len(dates) // 2] if dates else None


def _is_background(c: Candidate, start: str | None) -> bool:
    if not c.date or not start:
        return False
    try:
        import datetime as dt
        day = dt.date.fromisoformat(start[:10]) if len(start) >= 10 else dt.date(int(start[:4]), int(start[5:7] or 1), 1)
        told = c.date if len(c.date) >= 10 else c.date + "-28"
        return dt.date.fromisoformat(told[:10]) < day - dt.timedelta(days=BACKGROUND_DAYS)
    except ValueError:
        return False


# --- markers -----------------------------------------------------------------------------------

def _with_marker(c: Candidate, disputes: dict[str, Conflict], outlets: dict[str, str]) -> str:
    claim = c.main
    every = list(dict.fromkeys(outlets.get(m.article, m.article) for cl in c.claims[:1] for m in cl.mentions))
    # A claim of a big event can have hundreds of reports: name a few, count the rest (report.json
    # lists every mention under the claim).
    names = every[:MARKER_NAMES] + ([f"{len(every) - MARKER_NAMES} more"] if len(every) > MARKER_NAMES else [])
    conflict = next((disputes[cl.id] for cl in c.claims if cl.id in disputes), None)
    if claim.status == "conflicting" and conflict is not None:
        return f"{c.text} [disputed ({conflict.slot}): {conflict.explanation}]"
    if claim.status == "corroborated":
        return f"{c.text} [{claim.independent_sources} independent sources: {', '.join(names)}]"
    if conflict is not None:
        return f"{c.text} [single source: {', '.join(names)}; disputed ({conflict.slot}): {conflict.explanation}]"
    return f"{c.text} [single source: {', '.join(names)}]"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
