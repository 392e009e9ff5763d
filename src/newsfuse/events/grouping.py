"""Group articles into events at paragraph level.

Signals and what each contributes:
- sentence embeddings (MiniLM, one per paragraph): the meaning, so that reports in different words
  ("small-group talks at Zhongnanhai", "met on Thursday in Beijing") meet;
- named entities and places (spaCy): shared names raise the score where meaning is generic;
- resolved dates (the time stage's TimeExpressions, when given): they cut an article where it moves
  to another time, and forbid joining segments whose dates are more than a week apart;
- publication dates: an article cannot report an event dated after it was published, and the
  stream is processed in publication order, as new articles would arrive.
With no TimeExpressions the grouping still runs on embeddings, entities and publication dates, but
then cannot split an article that reports two meetings of the same people.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse

from ..embeddings import embed, mean_vector, sentence_vectors
from ..models import Article, Event, MixedArticle, Segment, TimeExpression
from .crosslingual import cross_language_labels
from ..names import canonical_name, without_possessive
from .linkage import TermCounts, cluster, document_terms, joined_search_vectors, tfidf_rows
from .online import DEFAULT_MAX_GAP_DAYS, PUBLISHED_SLACK_DAYS
from .segments import ArticleSegment, day_ordinal, paragraph_units, split_by_dates

# Average-linkage similarity: a weighted sum of MiniLM cosines (whole segment, lead) and TF-IDF
# cosines (whole, lead); the mean over member pairs above which two groups are one event; and the
# share of each group's own cohesion (capped at COHESION_CAP: near-duplicates are not the spread of
# a happening) that two established groups (ESTABLISHED members or more) must reach to merge (see
# events/linkage.py). Set on the odd topics of ECB+ dev with bench/events_pile.py, checked on the
# even ones: odd B3F1 .927 / ARI .884, even .898 / .873 (TF-IDF baseline on the even topics .873 /
# .815). On the odd topics: without the lead views (.5/0/1/0) .923; threshold .30 / .40 within .01;
# without the cohesion rule .850; ESTABLISHED 3 .915, 6 .929; cap .65 / .8 .913 / .907.
EMBEDDING_WEIGHT = 0.25
LEAD_EMBEDDING_WEIGHT = 0.25
TFIDF_WEIGHT = 0.5
LEAD_TFIDF_WEIGHT = 0.5
LINK_THRESHOLD = 0.35
RELATIVE_LINK = 0.85
ESTABLISHED = 4
COHESION_CAP = 0.7
# Evidence of a happening: a group's particulars are the people and places named in at least
# OWN_SHARE of its reports, and their own (lead) dates; names count only in cased text (a name
# recogniser reads case: lower-cased, cleaned headlines carry no names it can be trusted with).
# - Two groups without particulars ("bare") carry nothing that tells two happenings apart but their
#   words and meaning: they merge from BARE_LINK_THRESHOLD on, and from BARE_ESTABLISHED members
#   each they must reach BARE_RELATIVE of each one's cohesion (the cohesion rule, much looser than
#   RELATIVE_LINK: short, broad headline groups are loose, yet a tight group (a parody video's
#   reports) far below its own cohesion from a loose one (its star's other news) is another story).
#   Set on the odd-numbered MStream stories (bench/events_mstream.py, one run over all headlines,
#   each half scored; odd / even NMI / ARI): threshold alone .25 .896 / .721, .21 .923 / .856, .18
#   .924 / .862 (even .942 / .905, whole set .922 / .800), .13 .911 / .753; with the cohesion rule
#   at .18: relative .35 .923 / .857, .4 .923 / .875, .45 .910 / .814, .5 .894 / .753 (4 members);
#   at .4: 8 members .926 / .880, 12 and 16 .928 / .887; at .4 / .16: 8 members .927 / .882, 12 and
#   16 .929 / .890 (tie; 16 taken). Even stories .945 / .910, whole set .931 / .850 (12: .943 /
#   .905, .930 / .848). ECB+ and NewsWCL50 reports nearly always name someone or somewhere.
# - Two groups that each have particulars the other lacks (found in at most FOREIGN_SHARE of its
#   reports: Escalante's murder and Orozco's, two deputies of one county) come under the cohesion
#   rule from DISTINCT_ESTABLISHED members on, not only from ESTABLISHED. bench/events_pile.py, ECB+
#   dev: 3 leaves the odd topics as they were (.927 / .884, 14 of 16 apart; 2 lowers them to .914 /
#   .870), even topics .898 / .873 -> .904 / .880, apart 15 -> 16 of 17; all 33 topics .913 / .881,
#   29 apart -> .916 / .884, 30 apart. Organisations, nationalities and event names are left out
#   of the particulars: with them (spaCy tags "Parliament", "Soviet", "GMT") a Turkmen election's
#   reports split (odd topics .920 / .879).
# Tried and dropped: the cohesion rule only for groups that each have particulars of their own (ECB+
# dev: apart 29 -> 25 of 33, B3F1 .913 -> .901: two events of one type often share their names, an
# IE patch of Microsoft's, a quake on Qeshm island).
OWN_SHARE = 0.5
BARE_LINK_THRESHOLD = 0.16
FOREIGN_SHARE = 0.1
BARE_RELATIVE = 0.4
BARE_ESTABLISHED = 16
DISTINCT_ESTABLISHED = 3
PARTICULAR_LABELS = {"PERSON", "GPE", "LOC", "FAC"}
# Lead sentences offered as titles when no plain headline exists, and their least length in words.
TITLE_LEAD_SENTENCES = 3
TITLE_MIN_WORDS = 6
# Sentences of a segment that make its lead (with the headline).
LEAD_SENTENCES = 3
# Paragraphs of a segment whose dates are the event's own (the lead).
LEAD_UNITS = 2
# Sentences of each report of an event whose dates are the event's own, once the event is formed.
LEAD_DATE_SENTENCES = 4
# Names and places shared by at least this share of an event's segments describe the event.
DESCRIBE_SHARE = 0.34
MAX_NAMES = 6


# The terms of each report segment of a pile, by article id (segments in article order) -> the
# document frequencies to weigh them by: a collection's over all it stores (store.incremental).
TermSource = Callable[[dict[str, list[frozenset[str]]]], TermCounts]


def group_events(articles: list[Article], timexes: list[TimeExpression],
                 term_counts: TermCounts | TermSource | None = None) -> tuple[list[Event], list[MixedArticle]]:
    """Events (with their segments) and the articles that report more than one event.

    TF-IDF weights come from the document frequencies of the pile itself (`term_counts` None), or of
    the larger collection it is part of: given counts (which hold the pile's segments), or a
    `TermSource` asked with the pile's segment terms. The document of a frequency is a report
    segment, so a collection counting each article's segments once gives the counts one `analyze`
    of all its articles reads."""
    english = [a for a in articles if _is_english(a)]
    segments = _segments(english, timexes)
    segments.sort(key=_stream_order)
    labels = _cluster_segments(segments, term_counts)
    # other languages join by multilingual meaning only (events/crosslingual.py, issue 16)
    others = _whole_article_segments([a for a in articles if not _is_english(a)])
    labels += cross_language_labels(segments, labels, others)
    segments += others
    events = _describe_events(segments, labels)
    return events, _mixed_articles(segments, labels, events)


def _is_english(article: Article) -> bool:
    return article.language in (None, "en")


def _whole_article_segments(articles: Sequence[Article]) -> list[ArticleSegment]:
    segments = []
    vectors_of = sentence_vectors(articles) if articles else {}
    for article in articles:
        units = paragraph_units(article, [])
        segment = ArticleSegment(article=article, units=units)
        own = vectors_of[article.id]
        segment.vector = mean_vector(own) if len(own) else np.zeros(own.shape[1], dtype=np.float32)
        segments.append(segment)
    return segments


def _cluster_segments(segments: list[ArticleSegment], term_counts: TermCounts | TermSource | None = None) -> list[int]:
    """One label per segment (0, 1, ... in order of first appearance): average linkage over the
    whole pile on embeddings and TF-IDF, dates vetoing merges of different times."""
    if not segments:
        return []
    dense, lexical = _views(segments, term_counts)
    own_days = [_own_days(s) for s in segments]
    published = [day_ordinal(s.article.published.value) for s in segments]
    max_gap = DEFAULT_MAX_GAP_DAYS

    def compatible(a: list[int], b: list[int]) -> bool:
        days_a = {d for i in a for d in own_days[i]}
        days_b = {d for i in b for d in own_days[i]}
        if days_a and days_b and min(abs(x - y) for x in days_a for y in days_b) > max_gap:
            return False
        for days, others in ((days_a, b), (days_b, a)):
            if days and any(published[i] is not None and published[i] + PUBLISHED_SLACK_DAYS < min(days)
                            for i in others):
                return False
        return True

    particulars = [_particulars(s, days) for s, days in zip(segments, own_days)]

    def bare(a: list[int]) -> bool:
        return not _common_particulars(a, particulars)

    def distinct(a: list[int], b: list[int]) -> bool:
        return bool(_own_particulars(a, b, particulars)) and bool(_own_particulars(b, a, particulars))

    search = joined_search_vectors(dense, lexical, 1.0, 1.0)
    raw = cluster(dense, lexical, threshold=LINK_THRESHOLD, embedding_weight=1.0, tfidf_weight=1.0,
                  compatible=compatible, search_vectors=search, relative=RELATIVE_LINK, established=ESTABLISHED,
                  cohesion_cap=COHESION_CAP, bare=bare, bare_threshold=BARE_LINK_THRESHOLD,
                  distinct=distinct, distinct_established=DISTINCT_ESTABLISHED,
                  bare_relative=BARE_RELATIVE, bare_established=BARE_ESTABLISHED)
    renumber = {label: number for number, label in enumerate(dict.fromkeys(raw))}
    return [renumber[label] for label in raw]


def _particulars(segment: ArticleSegment, own_days: set[int]) -> frozenset:
    """What pins a report to one happening: its own (lead) dates, and the people and places its
    sentences name, when its text is cased (people by surname: "Reid" is "Tara Reid")."""
    found: set = {("day", d) for d in own_days}
    article = segment.article
    if article.text == article.text.lower():
        return frozenset(found)
    wanted = set(segment.sentences)
    for entity in article.entities:
        if entity.sentence not in wanted or entity.label not in PARTICULAR_LABELS:
            continue
        name = " ".join(entity.text.split()).removesuffix("'s").removesuffix("’s").lower()
        if entity.label == "PERSON":
            name = name.split()[-1] if name.split() else name
        if name:
            found.add(("name", name))
    return frozenset(found)


def _common_particulars(members: list[int], particulars: list[frozenset]) -> set:
    """Particulars found in at least OWN_SHARE of the reports of a group."""
    counts = Counter(p for i in members for p in particulars[i])
    return {p for p, c in counts.items() if c >= OWN_SHARE * len(members)}


def _own_particulars(a: list[int], b: list[int], particulars: list[frozenset]) -> set:
    """Particulars common in `a` (OWN_SHARE) and found in at most FOREIGN_SHARE of the reports of `b`
    (a day counts as found in a report giving the day before or after)."""
    common = _common_particulars(a, particulars)
    counts = Counter()
    for i in b:
        found = particulars[i]
        counts.update(p for p in common if p in found or p[0] == "day" and
                      any(("day", p[1] + k) in found for k in (-1, 1)))
    return {p for p in common if counts[p] <= FOREIGN_SHARE * len(b)}


def _views(segments: list[ArticleSegment], term_counts: TermCounts | TermSource | None = None
           ) -> tuple[np.ndarray, sparse.csr_matrix]:
    """Each segment as one dense and one sparse row whose inner products are the weighted sum of
    four similarities: embeddings of the whole segment and of its lead, TF-IDF of the whole segment
    and of its lead (news puts the happening in the headline and first sentences; the rest brings
    the specific names and numbers)."""
    headlines = [_headline(s) for s in segments]
    titled = [i for i, h in enumerate(headlines) if h]
    title_vectors = dict(zip(titled, embed([headlines[i] for i in titled]))) if titled else {}
    leads = []
    for i, segment in enumerate(segments):
        vectors = segment.article.sentence_vectors
        rows = [vectors[j] for j in segment.sentences[:LEAD_SENTENCES]] if vectors is not None else []
        if i in title_vectors:
            rows.append(title_vectors[i])
        leads.append(mean_vector(np.stack(rows)) if rows else segment.vector)
    whole = np.stack([s.vector for s in segments]).astype(np.float32)
    dense = np.hstack([whole * np.sqrt(EMBEDDING_WEIGHT), np.stack(leads).astype(np.float32) * np.sqrt(LEAD_EMBEDDING_WEIGHT)])
    whole_text, lead_text = zip(*((_segment_text(s, h), _lead_text(s, h)) for s, h in zip(segments, headlines)))
    counts = term_counts
    if counts is not None and not isinstance(counts, TermCounts):
        counts = counts(_terms_by_article(segments, document_terms(whole_text)))
    whole_rows, lead_rows = tfidf_rows(list(whole_text), list(lead_text), counts=counts)
    lexical = sparse.hstack([whole_rows * np.sqrt(TFIDF_WEIGHT), lead_rows * np.sqrt(LEAD_TFIDF_WEIGHT)]).tocsr()
    return dense, lexical


def _terms_by_article(segments: list[ArticleSegment], terms: list[frozenset[str]]) -> dict[str, list[frozenset[str]]]:
    """Each article's segment terms, its segments in article order."""
    found: dict[str, list[tuple[int, frozenset[str]]]] = {}
    for segment, own in zip(segments, terms):
        found.setdefault(segment.article.id, []).append((segment.sentences[0] if segment.sentences else 0, own))
    return {article: [t for _, t in sorted(parts, key=lambda part: part[0])] for article, parts in found.items()}


def segment_terms(articles: Sequence[Article], timexes: Sequence[TimeExpression]) -> dict[str, list[frozenset[str]]]:
    """The terms of each report segment of `articles` (English ones, as `group_events` cuts them),
    by article id: what document frequencies over a pile count."""
    segments = _segments([a for a in articles if _is_english(a)], timexes)
    return _terms_by_article(segments, document_terms([_segment_text(s, _headline(s)) for s in segments]))


def _headline(segment: ArticleSegment) -> str:
    """The article's headline when the segment opens the article and the headline is not already
    its first sentence."""
    article = segment.article
    sentences = segment.sentences
    if not (article.has_headline and article.title and sentences and sentences[0] == 0):
        return ""
    first = article.sentences[0].text if article.sentences else ""
    return "" if article.title.strip() in first else article.title.strip()


def _lead_text(segment: ArticleSegment, headline: str) -> str:
    return " ".join([headline] + [segment.article.sentences[i].text for i in segment.sentences[:LEAD_SENTENCES]])


def _segment_text(segment: ArticleSegment, headline: str) -> str:
    """What a segment says: its headline when it opens the article, then its sentences."""
    return " ".join([headline] + [segment.article.sentences[i].text for i in segment.sentences])


def _own_days(segment: ArticleSegment) -> set[int]:
    """The happening's own dates: those of the segment's lead (its first LEAD_UNITS paragraphs),
    where news says when the reported event took place; later dates are often background."""
    days: set[int] = set()
    for unit in segment.units[:LEAD_UNITS]:
        days |= unit.dates
    return days


def _segments(articles: Sequence[Article], timexes: Sequence[TimeExpression]) -> list[ArticleSegment]:
    per_article = [(a, paragraph_units(a, timexes)) for a in articles]
    # A paragraph is the mean of its sentence vectors rather than embedded whole: MiniLM reads only
    # 256 wordpieces of a long paragraph, and reuse and compare use the same vectors
    # (bench/throughput.py: events was 42 % of the run when paragraphs were embedded separately).
    vectors_of = sentence_vectors(articles)
    segments: list[ArticleSegment] = []
    for article, units in per_article:
        own = np.stack([mean_vector(vectors_of[article.id][u.sentences]) for u in units]) \
            if units else np.zeros((0, vectors_of[article.id].shape[1]), dtype=np.float32)
        for segment in split_by_dates(article, units, own, DEFAULT_MAX_GAP_DAYS):
            positions = [units.index(u) for u in segment.units]
            segment.vector = mean_vector(own[positions])
            segments.append(segment)
    return segments


def _stream_order(segment: ArticleSegment) -> tuple[int, str, int]:
    published = day_ordinal(segment.article.published.value)
    anchor = min(segment.dates) if segment.dates else published
    return (anchor if anchor is not None else 10**7, segment.article.id, segment.sentences[0] if segment.sentences else 0)


def _describe_events(segments: list[ArticleSegment], labels: list[int]) -> list[Event]:
    # one pass over the segments (was one pass per event: O(segments x events))
    by_label: dict[int, list[ArticleSegment]] = {}
    for segment, label in zip(segments, labels):
        by_label.setdefault(label, []).append(segment)
    groups = list(by_label.values())
    titles = _titles(groups)
    events = []
    for number, (members, title) in enumerate(zip(groups, titles), start=1):
        start, end = _date_span(members)
        events.append(Event(
            id=f"e{number}",
            title=title,
            articles=list(dict.fromkeys(s.article.id for s in members)),
            start=start,
            end=end,
            places=_common_names([s.places for s in members], fold=False),
            participants=_common_names([_people(s) for s in members], fold=True),
            segments=_merged_segments(members),
        ))
    return events


def redate_events(events: list[Event], timexes: Sequence[TimeExpression]) -> None:
    """Recompute each event's start/end from `timexes` (e.g. after undated articles were re-anchored
    on their event). The event's own dates are those its reports give in their leads (the first
    LEAD_DATE_SENTENCES sentences of each of its runs of sentences); the other dates of its
    sentences count only when no lead gives one (an obituary's birth date, a flashback are not the
    event's dates)."""
    # each article's expressions (with their place in `timexes`), grouped once: an event then reads
    # only its own articles' expressions, in `timexes` order (was every expression for every event:
    # O(events x expressions), bench/growth.py)
    by_article: dict[str, list[tuple[int, TimeExpression]]] = {}
    for number, expression in enumerate(timexes):
        by_article.setdefault(expression.article, []).append((number, expression))
    for event in events:
        scope, lead = set(), set()
        for segment in event.segments:
            for position, sentence in enumerate(segment.sentences):
                scope.add((segment.article, sentence))
                run_start = position == 0 or segment.sentences[position - 1] != sentence - 1
                if run_start:
                    lead.update((segment.article, sentence + k) for k in range(LEAD_DATE_SENTENCES))
        lead &= scope
        own = sorted((item for a in {s.article for s in event.segments} for item in by_article.get(a, [])),
                     key=lambda item: item[0])
        found = [(t.article, t.sentence, day_ordinal(t.value)) for _, t in own if (t.article, t.sentence) in scope]
        days = Counter(day for article, sentence, day in found if day is not None and (article, sentence) in lead)
        if not days:
            days = Counter(day for _, _, day in found if day is not None)
        if days:
            event.start, event.end = _span_of_days(days)


def _date_span(members: list[ArticleSegment]) -> tuple[str | None, str | None]:
    """The span of the members' own (lead) dates, or of all their dates when no lead has one."""
    own = Counter(day for s in members for day in _own_days(s))
    return _span_of_days(own or Counter(day for s in members for day in s.dates))


def _span_of_days(counts: Counter) -> tuple[str | None, str | None]:
    """First and last day within a week of the most-cited day (older background dates drop out)."""
    if not counts:
        return None, None
    mode = counts.most_common(1)[0][0]
    near = [d for d in counts if abs(d - mode) <= DEFAULT_MAX_GAP_DAYS]
    return dt.date.fromordinal(min(near)).isoformat(), dt.date.fromordinal(max(near)).isoformat()


def _titles(groups: list[list[ArticleSegment]]) -> list[str]:
    """Each event's title: the plainest candidate that is closest to the event's centroid.

    Candidates are the headlines of the event's reports (lead sentences when none has a plain one);
    a headline carrying loaded or opinion marks ("DESPERATION: DNC Files...", an opinion column's
    "Kim's talk is cheap...") is only used when no plain one exists. Headlines of events with
    several candidates are embedded in one batch; lead sentences bring their sentence vectors."""
    candidates = [_title_candidates(_in_main_language(members)) for members in groups]
    wanted = list(dict.fromkeys(text for options in candidates if len(options) > 1
                                for text, vector in options if vector is None))
    embedded = dict(zip(wanted, embed(wanted))) if wanted else {}
    titles = []
    for members, options in zip(groups, candidates):
        best = options[0][0] if options else ""
        if len(options) > 1:
            centroid = mean_vector(np.stack([s.vector for s in members]))
            best = min(options, key=lambda option: (
                _title_marks(option[0]),
                -float((option[1] if option[1] is not None else embedded[option[0]]) @ centroid)))[0]
        titles.append(best if len(best) <= 160 else best[:157].rsplit(" ", 1)[0] + "...")
    return titles


def _in_main_language(members: list[ArticleSegment]) -> list[ArticleSegment]:
    """The members in the language most of the event's reports are in (English on a tie, unknown
    counted as English): an event told mostly in German is titled by a German headline, one told
    mostly in English by an English one (issue 16)."""
    counts = Counter((s.article.language or "en").split("-")[0] for s in members)
    main = max(counts, key=lambda language: (counts[language], language == "en"))
    return [s for s in members if (s.article.language or "en").split("-")[0] == main]


def _title_candidates(members: list[ArticleSegment]) -> list[tuple[str, np.ndarray | None]]:
    """Headlines of the event's reports (opinion pieces left out), and their lead sentences (with
    their vectors) when no report has a plain headline. A headline of a mixed article speaks for its
    first event only, so only segments that open their article offer theirs."""
    found: dict[str, np.ndarray | None] = {}
    for s in members:
        opens = not s.units or not s.units[0].sentences or s.units[0].sentences[0] == 0
        if s.article.has_headline and opens and not _is_opinion(s.article) and (s.article.title or "").strip():
            found.setdefault(s.article.title.strip(), None)
    if not found or all(_title_marks(c) for c in found):
        # the lead sentences: the first of each segment, or its first TITLE_LEAD_SENTENCES when even
        # those carry loaded terms ("...held talks with Russian dictator Vladimir Putin...")
        for depth in (1, TITLE_LEAD_SENTENCES):
            for segment in members:
                if _is_opinion(segment.article):
                    continue
                for index in segment.sentences[:depth]:
                    text = _without_dateline(segment.article.sentences[index].text).strip()
                    vectors = segment.article.sentence_vectors
                    if len(text.split()) >= TITLE_MIN_WORDS or depth == 1 and text:
                        found.setdefault(text, vectors[index] if vectors is not None and len(vectors) > index else None)
            if found and not all(_title_marks(c) for c in found):
                break
    if not found:
        for s in members:
            if (s.article.title or "").strip():
                found.setdefault(s.article.title.strip(), None)
    return list(found.items())


_OPINION = re.compile(r"/(opinion|opinions|commentary|op-?ed|editorial|editorials|columns?|blogs?)/|"
                      r"^\s*(opinion|op-?ed|commentary|editorial|column|analysis)\s*[:|-]", re.I)
_SHOUT = re.compile(r"\b[A-Z]{4,}\b")
_DATELINE_OPENING = re.compile(r"^[A-Z][A-Z .,'-]{2,40}(?:\([A-Za-z .]+\))?\s*[—–-]+\s*")


def _is_opinion(article: Article) -> bool:
    return bool(_OPINION.search(article.url or "") or _OPINION.search(article.title or ""))


def _title_marks(text: str) -> int:
    """How many marks of a loaded headline `text` carries: a loaded term of the framing lexicon, a
    shouted word ("DESPERATION:"), an exclamation or a question, a quote as the whole headline."""
    marks = len(_loaded_terms().findall(text.lower()))
    shouted = [w for w in _SHOUT.findall(text) if not _is_acronym(w)]
    marks += bool(shouted) and not text.isupper()
    marks += "!" in text or text.rstrip().endswith("?")
    marks += text.lstrip()[:1] in "\"“‘'" and text.rstrip()[-1:] in "\"”’'"
    return marks


@lru_cache(maxsize=1)
def _loaded_terms() -> re.Pattern:
    from ..compare.framing import lexicon

    terms = "|".join(re.escape(term) for term in lexicon()["loaded"])
    return re.compile(rf"(?<![\w-])(?:{terms})(?![\w-])")


def _is_acronym(word: str) -> bool:
    # NATO, NASA, FEMA, UNESCO...: short capitals without vowels inside or of at most 5 letters
    return len(word) <= 5


def _without_dateline(sentence: str) -> str:
    return _DATELINE_OPENING.sub("", sentence, count=1) or sentence


def _people(segment: ArticleSegment) -> set[str]:
    wanted = set(segment.sentences)
    return {e.text for e in segment.article.entities if e.label == "PERSON" and e.sentence in wanted}


def _common_names(groups: list[set[str]], fold: bool) -> list[str]:
    """Names found in enough of the segments, most frequent first. For people, short forms are
    folded into the full name ("Xi" into "Xi Jinping"); places are not ("China" is not "Northeast
    China")."""
    counts: Counter = Counter()
    for names in groups:
        counts.update({canonical_name(without_possessive(n), names if fold else set(), verbatim=True) for n in names})
    folded: Counter = Counter()
    for name, count in counts.items():
        folded[canonical_name(without_possessive(name), set(counts) if fold else set(), verbatim=True)] += count
    needed = max(1, round(DESCRIBE_SHARE * len(groups)))
    # Ties broken by the name itself: the sets above iterate in hash order, which differs between
    # processes (a Spark worker and the driver), and the engines must agree.
    ranked = sorted(folded.items(), key=lambda item: (-item[1], item[0]))
    return [n for n, c in ranked if c >= needed][:MAX_NAMES]


def _merged_segments(members: list[ArticleSegment]) -> list[Segment]:
    by_article: dict[str, list[int]] = {}
    for segment in members:
        by_article.setdefault(segment.article.id, []).extend(segment.sentences)
    return [Segment(article=a, sentences=sorted(set(s))) for a, s in by_article.items()]


def _mixed_articles(segments: list[ArticleSegment], labels: list[int], events: list[Event]) -> list[MixedArticle]:
    event_of = {}
    for event in events:
        for segment in event.segments:
            for sentence in segment.sentences:
                event_of[(segment.article, sentence)] = event.id
    mixed = []
    events_by_id = {e.id: e for e in events}
    for article in {s.article.id: s.article for s in segments}.values():
        runs = _runs([event_of.get((article.id, s.index)) for s in article.sentences])
        distinct = list(dict.fromkeys(e for e, _, _ in runs if e))
        if len(distinct) < 2:
            continue
        explanation = "; ".join(
            f"sentences {first}-{last} report {event_id} ({_event_brief(events_by_id, event_id)})"
            for event_id, first, last in runs if event_id
        )
        switches = [f'switches at sentence {first}: "{_clip(article.sentences[first].text)}"'
                    for (_, _, _), (event_id, first, _) in zip(runs, runs[1:]) if event_id]
        mixed.append(MixedArticle(article=article.id, events=distinct,
                                  explanation=explanation + "; " + "; ".join(switches)))
    return mixed


def _runs(labels: list[str | None]) -> list[tuple[str | None, int, int]]:
    runs: list[tuple[str | None, int, int]] = []
    for index, label in enumerate(labels):
        if runs and runs[-1][0] == label:
            runs[-1] = (label, runs[-1][1], index)
        else:
            runs.append((label, index, index))
    return runs


def _event_brief(events: list[Event] | dict[str, Event], event_id: str) -> str:
    event = events[event_id] if isinstance(events, dict) else next(e for e in events if e.id == event_id)
    when = event.start if event.start == event.end else f"{event.start} to {event.end}"
    where = ", ".join(event.places[:2]) or "place unknown"
    return f"{when or 'date unknown'}, {where}"


def _clip(text: str, size: int = 140) -> str:
    return text if len(text) <= size else text[:size].rsplit(" ", 1)[0] + "..."
