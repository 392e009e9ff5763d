"""Reuse on the real sample: 000 rewrites Xinhua's 001 (and adds the Harbin leg); copies and shared
wire copy are built from the sample's own paragraphs. Independent outlets quoting the same tweet,
memo or state-media announcement (NewsWCL50 dev) are not reuse. LSH band-key buckets are checked
against datasketch's own index on the sample and PolNeAR texts."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from datasketch import MinHashLSH

from newsfuse import nlp
from newsfuse.embeddings import embed
from newsfuse.ingest import ingest
from newsfuse.ingest.attribution import attributed_sources
from newsfuse.models import Article, PublishedDate
from newsfuse.reuse import find_reuse, relation
from newsfuse.reuse.candidates import (LSH_THRESHOLD, NUM_PERM, VERIFY_JACCARD, band_pairs, candidate_pairs,
                                       fingerprint, jaccard, minhash)
from newsfuse.reuse.narrative import narrative_sentences, quoted_spans
from newsfuse.reuse.wire import wire_of

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "xi-putin-2024-05"
PUBLISHED = {"001": "2024-05-17", "003": "2025-05-08"}


def _article(id_: str, text: str, published: str | None = None) -> Article:
    return Article(id=id_, path=id_, item=id_, text=text, language="en",
                   published=PublishedDate(value=published), attributed_sources=attributed_sources(text))


@lru_cache(maxsize=1)
def sample() -> tuple[Article, ...]:
    articles = [_article(p.name[:3], p.read_text(encoding="utf-8"), PUBLISHED.get(p.name[:3]))
                for p in sorted(SAMPLE.glob("*.txt"))]
    return tuple(nlp.annotate(articles))


def _paragraphs(article_id: str) -> list[str]:
    text = next(a.text for a in sample() if a.id == article_id)
    return [p.strip() for p in text.split("\n") if len(p.split()) > 8]


def test_the_rewrite_is_found_with_its_source_and_aligned_sentences():
    found = find_reuse(list(sample()))
    (rewrite,) = [r for r in found if {r.source, r.derived} == {"000", "001"}]
    assert rewrite.kind == "rewrite"
    assert rewrite.source == "001" and rewrite.derived == "000"
    assert "more complete" in rewrite.direction_evidence
    by_id = {a.id: a for a in sample()}
    pairs = [(by_id["000"].sentences[d].text, by_id["001"].sentences[s].text) for d, s, _ in rewrite.aligned]
    assert any(d.startswith("Xi reiterated China’s consistent position")
               and s.startswith("Xi Jinping elaborated on China's consistent position") for d, s in pairs)
    assert len(rewrite.aligned) >= 4
    # the link says what it rests on and shows the narrative sentences behind it, in order
    assert rewrite.evidence.startswith("rewrite: a run of")
    assert len(rewrite.evidence_pairs) >= 4
    assert any(d.startswith("Xi proposed an international peace conference")
               and s.startswith("China supports the convening of an international peace conference")
               for d, s in rewrite.evidence_pairs)
    # the independent reports of the same visit are not reuse of each other
    assert all({r.source, r.derived} == {"000", "001"} for r in found)


def test_a_verbatim_copy_is_a_copy_and_the_earlier_date_is_the_source():
    original = _paragraphs("002")
    copied = original[1:] + ["The Kremlin did not comment on the report."]
    articles = list(nlp.annotate([
        _article("late", "\n\n".join(copied), "2024-05-18"),
        _article("early", "\n\n".join(original), "2024-05-16"),
    ]))
    (copy,) = find_reuse(articles)
    assert copy.kind == "copy" and copy.source == "early" and copy.derived == "late"
    assert copy.direction_evidence.startswith("dates")
    assert copy.score > 0.8
    assert all(sim == 1.0 for _, _, sim in copy.aligned[:5])


def test_two_outlets_repeating_the_same_wire_share_it():
    wire_part = _paragraphs("002")[:3]  # the AFP-credited lead of 002
    first = "\n\n".join(wire_part + _paragraphs("004")[2:6])
    second = "\n\n".join(wire_part + _paragraphs("000")[3:9])
    articles = list(nlp.annotate([_article("x", first), _article("y", second)]))
    (shared,) = find_reuse(articles)
    assert shared.kind == "shared_wire"
    assert "AFP" in shared.direction_evidence
    assert len(shared.aligned) >= 3


def test_candidates_pair_only_near_duplicates():
    texts = [a.text for a in sample()]
    pairs = candidate_pairs(texts + [texts[2]], embed(texts + [texts[2]]))
    assert (2, 5) in pairs  # an exact duplicate is always a candidate
    assert (0, 1) in pairs  # the rewrite: an embedding neighbour sharing enough word 3-grams
    assert (2, 4) not in pairs and (1, 3) not in pairs  # other reports of the visit


def _spliced(first: str, second: str, share: float) -> str:
    """The first `share` of one text's paragraphs followed by the rest of another's."""
    a, b = ([p for p in text.split("\n") if p.strip()] for text in (first, second))
    return "\n".join(a[:round(len(a) * share)] + b[round(len(b) * share):])


def test_band_key_buckets_pair_exactly_what_datasketch_lsh_queries_find(shared_data):
    """Both engines bucket articles on `fingerprint` band keys; those buckets must propose exactly
    the pairs that datasketch's own MinHashLSH (insert, then query) proposes, on real texts."""
    polnear = [p.read_text(encoding="utf-8") for p in sorted((shared_data / "polnear" / "dev" / "text").glob("*.txt"))]
    spliced = [_spliced(polnear[i], polnear[i + 1], share)
               for i, share in enumerate((0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.9))]
    texts = [a.text for a in sample()] + polnear + spliced
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    expected = set()
    for position, text in enumerate(texts):
        signature = minhash(text)
        expected |= {(int(other), position) for other in lsh.query(signature)}
        lsh.insert(str(position), signature)
    assert band_pairs([fingerprint(t) for t in texts]) == expected
    # Not vacuous: spliced copies collide, and so do pairs that verification then drops.
    similarities = [jaccard(texts[i], texts[j]) for i, j in expected]
    assert len(expected) >= 8
    assert min(similarities) < VERIFY_JACCARD < max(similarities)


def test_wire_copy_is_recognised_from_dateline_and_sign_off():
    assert wire_of("WASHINGTON (AP) — The Latest on the U.S. presidential race") == "AP"
    assert wire_of("New York (AFP) – Oscar-winning actress Susan Sarandon") == "AFP"
    assert wire_of("HEMPSTEAD, N.Y., Sept. 26 (UPI) — Green Party candidate") == "UPI"
    assert wire_of("The rules face a test.\n\n(Reporting by Valerie Volcovici; Editing by Will Dunham.)") == "Reuters"
    assert wire_of("Xi told his old friend Putin, AFP reported.") is None  # a citation, not wire copy


# Real sentences of NewsWCL50 dev (1_R, Fox News): a tweet quoted over several sentences, a memo
# quoted with its attribution, and a narrative sentence around a quote.
TWEET = ("“James Comey Memos just out show clearly that there was NO COLLUSION and NO OBSTRUCTION. Also, he "
         "leaked classified information. WOW! Will the Witch Hunt continue?” Trump tweeted.")
MEMO = ('"I replied that he would always get honesty from me," said Comey. "[Trump] paused and said that\'s '
        "what he wants, 'honest loyalty.' I replied, 'you will get that from me.'\"")
FRAMING = ('House Minority Leader Nancy Pelosi, D-Calif., disagreed, tweeting that the memos "are further proof '
           'of the President\'s efforts to obstruct the investigation."')


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    doc = nlp.load_nlp()(text)
    return [(s.start_char, s.end_char) for s in doc.sents]


def test_quotations_are_left_out_and_only_the_reporters_words_remain():
    text = "\n\n".join((TWEET, MEMO, FRAMING))
    spans = quoted_spans(text)
    assert [text[s:e][:12] for s, e in spans][:2] == ["“James Comey", '"I replied t']
    narrative = dict(zip((text[s:e] for s, e in _sentence_bounds(text)),
                         narrative_sentences(text, _sentence_bounds(text))))
    # every sentence of the tweet and the memo is the speaker's, so none is narrative
    assert narrative["Also, he leaked classified information."] == ""
    assert all(v == "" for k, v in narrative.items() if "Comey" in k or "honest loyalty" in k)
    # the reporter's sentence around a quote keeps its own words only
    (pelosi,) = [v for k, v in narrative.items() if k.startswith("House Minority Leader")]
    assert pelosi == "House Minority Leader Nancy Pelosi, D-Calif., disagreed, tweeting that the memos"
    # apostrophes are not quotation marks
    text = "Trump's aides and the players' union said 'no way' to the ’90s rules."
    assert [text[s:e] for s, e in quoted_spans(text)] == ["'no way'"]


@lru_cache(maxsize=1)
def _newswcl50(shared_data: Path) -> dict[str, Article]:
    names = ("1_LL", "1_R", "1_RR", "2_L", "2_LL", "2_M")
    paths = [str(shared_data / "newswcl50-dev" / f"event_{n[0]}" / f"{n}.txt") for n in names]
    articles = [a for _, a in ingest(paths) if a is not None]
    return {Path(a.path).stem: a for a in nlp.annotate(articles)}


def test_outlets_quoting_the_same_tweet_memo_or_announcement_are_not_reuse(shared_data):
    """Gate on NewsWCL50 dev (no two texts share copy): these four pairs were reported as rewrites
    when quotations counted (Trump's tweet, Comey's memo lines, KCNA's announcement told twice).
    Checked on the relation itself, not only on the candidate filter."""
    articles = _newswcl50(shared_data)
    for first, second in (("1_LL", "1_R"), ("1_R", "1_RR"), ("2_L", "2_M"), ("2_LL", "2_M")):
        assert relation(articles[first], articles[second]) is None, (first, second)
    assert find_reuse(list(articles.values())) == []
