"""compare_events on the sample corpus (examples/xi-putin-2024-05), after the real stages.

The fixture runs what `newsfuse analyze` runs before compare: ingest, nlp, time, events
(`group_events`), reuse (`find_reuse`). The stages find what the sample is known to hold: 000 is a
rewrite of 001; 003 mixes the May 2024 visit with Xi's May 2025 visit to Moscow, so it is split
between two events. Ingest numbers articles a1.. in file order; `ids` maps file prefixes to them.
"""
import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from newsfuse.compare import compare_events
from newsfuse.compare.claims import find_figures
from newsfuse.compare.conflicts import _agree
from newsfuse.events import group_events
from newsfuse.ingest import ingest
from newsfuse.models import Article, Event
from newsfuse.nlp import annotate
from newsfuse.reuse import find_reuse
from newsfuse.time import reanchor_with_event, resolve_articles

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "xi-putin-2024-05"
RUN_DATE = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def staged():
    articles = list(annotate([a for _, a in ingest([SAMPLE]) if a is not None]))
    timexes, _ = resolve_articles(articles, RUN_DATE)
    events, _ = group_events(articles, timexes)
    timexes = reanchor_with_event(articles, timexes, events)
    return articles, events, timexes, find_reuse(articles)


@pytest.fixture(scope="module")
def ids(staged):
    return {Path(a.path).name[:3]: a.id for a in staged[0]}


@pytest.fixture(scope="module")
def visit(staged, ids):
    """The May 2024 visit: the event every article reports."""
    (event,) = [e for e in staged[1] if set(ids.values()) <= set(e.articles)]
    return event.id


@pytest.fixture(scope="module")
def sample(staged):
    return compare_events(*staged)


def test_real_stages_split_the_mixed_report_and_find_the_rewrite(staged, ids, visit):
    articles, events, _, reuse = staged
    assert len(events) == 2
    (other,) = [e for e in events if e.id != visit]
    assert other.articles == [ids["003"]]  # Xi in Moscow, May 2025: only 003 reports it
    assert any({r.source, r.derived} == {ids["000"], ids["001"]} for r in reuse)


def _claims_mentioning(result, fragment, event):
    found = [c for c in result.claims if c.event == event and any(fragment in m.text for m in c.mentions)]
    assert found, f"no claim mentions {fragment!r}"
    return found


def test_anniversary_and_harbin_are_corroborated(sample, visit):
    for fragment in ("75th anniversary", "travel to Harbin"):
        best = max(_claims_mentioning(sample, fragment, visit), key=lambda c: c.independent_sources)
        assert best.status == "corroborated" and best.independent_sources >= 2, (fragment, best)


def test_trade_figure_is_single_source(sample, visit):
    (claim,) = _claims_mentioning(sample, "$240 billion", visit)
    assert claim.status == "single_source" and claim.independent_sources == 1
    assert claim.kind == "figure"


def test_rewrite_does_not_count_as_second_source(sample, ids):
    # 000 rewrites 001: a claim both make, and no one else, is still one source.
    both = [c for c in sample.claims if {m.article for m in c.mentions} == {ids["000"], ids["001"]}]
    assert both
    for claim in both:
        assert claim.independent_sources == 1 and claim.status != "corroborated"


def test_putin_quote_attributed_to_putin(sample, visit):
    quotes = [c for c in _claims_mentioning(sample, "not opportunistic", visit) if c.kind == "quote"]
    assert quotes and all(c.speaker == "Vladimir Putin" for c in quotes)


def test_dictator_is_loaded_framing(sample):
    entries = [f for f in sample.framing if "dictator" in f.term.lower()]
    assert entries and all(f.kind == "loaded" and f.target == "Vladimir Putin" for f in entries)
    # Xi's "old friend" is in quotation marks: the speaker's words, not the outlet's framing.
    assert not [f for f in sample.framing if "old friend" in f.term.lower()]
    putin = [f for f in sample.framing if f.target == "Vladimir Putin"]
    assert any("Russian President" in f.contrast for f in putin)  # what other outlets call him


def test_sub_event_venues_are_not_a_conflict(sample):
    # Zhongnanhai (001, evening) and "in Beijing" (003) score 0.84 as one act: only the event naming
    # them together ("at Zhongnanhai in Beijing", 000) tells the detector they are not rival places.
    venues = ("Great Hall", "Zhongnanhai", "Beijing")
    for conflict in sample.conflicts:
        assert not any(v in value for value in conflict.values for v in venues), conflict


def test_every_summary_sentence_cites_existing_claims(sample, visit):
    ids = {c.id: c for c in sample.claims}
    assert sample.summary
    for sentence in sample.summary:
        assert sentence.claims and all(cid in ids for cid in sentence.claims)
        claim = ids[sentence.claims[0]]
        marker = {"corroborated": "independent sources", "single_source": "single source",
                  "conflicting": "disputed"}[claim.status]
        assert marker in sentence.text
    statuses = [ids[s.claims[0]].status for s in sample.summaries[visit]]
    assert statuses[0] == "corroborated"  # corroborated facts come first


def test_outlet_coverage_lists_exclusives(sample, ids, visit):
    # the sample's files name no outlet, so coverage is keyed by article id
    exclusive = sample.coverage[visit][ids["002"]]["exclusive"]
    trade = _claims_mentioning(sample, "$240 billion", visit)[0]
    assert trade.id in exclusive


def test_figures_and_rounding_tolerance():
    (approx,) = find_figures("bilateral trade reached nearly $240 billion in 2023")
    (exact,) = find_figures("trade hit $240 billion last year")
    assert approx.value == exact.value == 240e9 and approx.approximate
    assert _agree(approx, exact)
    (other,) = find_figures("trade hit $190 billion last year")
    assert not _agree(other, exact)
    (ordinal,) = find_figures("the fourth face-to-face meeting between Putin and Xi")
    assert ordinal.value == 4 and ordinal.unit == "ordinal:meeting"


def test_single_article_events_work():
    text = (SAMPLE / "002_5f0d9263cf5a718c.txt").read_text(encoding="utf-8")
    (article,) = annotate([Article(id="a", path="a", item="a", text=text, language="en", outlet="x")])
    result = compare_events([article], [Event(id="solo", title="t", articles=["a"])], [], [])
    assert result.claims and not result.conflicts
    assert all(c.status == "single_source" for c in result.claims)
    assert result.summary


def _synthetic_event(n_units=600, n_articles=30, n_topics=40, seed=7):
    """Units of many articles about a few topics: vectors are a topic's centre plus noise."""
    from newsfuse.compare.claims import Unit

    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n_topics, 384))
    topic = rng.integers(0, n_topics, n_units)
    vectors = centres[topic] + 0.6 * rng.normal(size=(n_units, 384))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    units = [Unit(article=f"a{rng.integers(0, n_articles)}", sentence=i, text=f"sentence {i}", kind="statement")
             for i in range(n_units)]
    return units, vectors


def test_large_events_use_neighbours_and_agree_with_all_pairs(monkeypatch):
    """Beyond FULL_MATRIX_UNITS, candidates come from each unit's nearest neighbours; with enough
    neighbours they are exactly the all-pairs candidates, so the claims are the same."""
    import importlib

    from newsfuse.compare.conflicts import _candidates

    align_module = importlib.import_module("newsfuse.compare.align")  # the package exports align()

    units, vectors = _synthetic_event()
    articles = [u.article for u in units]
    exact_pairs = align_module.similar_pairs(vectors, articles, 0.4)
    exact_groups = align_module.align(units, vectors, [])
    exact_conflict_pairs = [(s, a.sentence, b.sentence) for s, a, b in _candidates(units, vectors)]
    assert exact_pairs and any(len(g) > 1 for g in exact_groups)

    monkeypatch.setattr(align_module, "FULL_MATRIX_UNITS", 100)
    monkeypatch.setattr(align_module, "BLOCK_ROWS", 128)
    monkeypatch.setattr(align_module, "NEIGHBOURS", len(units))
    near = align_module.similar_pairs(vectors, articles, 0.4)
    assert [(i, j) for i, j, _ in near] == [(i, j) for i, j, _ in exact_pairs]
    assert np.allclose([s for *_, s in near], [s for *_, s in exact_pairs], atol=1e-5)
    assert align_module.align(units, vectors, []) == exact_groups
    # (the same pairs; near-ties may swap, the cosines being computed one pair at a time)
    assert sorted((a.sentence, b.sentence) for _, a, b in _candidates(units, vectors)) == \
        sorted((a, b) for _, a, b in exact_conflict_pairs)

    # With few neighbours each unit keeps only its closest candidates: about n * k pairs.
    monkeypatch.setattr(align_module, "NEIGHBOURS", 8)
    few = align_module.similar_pairs(vectors, articles, 0.4)
    assert len(few) <= len(units) * 8
    assert {(i, j) for i, j, _ in few} <= {(i, j) for i, j, _ in near}


def test_compare_reuses_the_docs_of_the_nlp_stage(monkeypatch):
    """compare parses nothing again: the nlp stage's Doc travels with the article (`Article.parse`)."""
    import dataclasses

    import newsfuse.nlp as nlp

    text = (SAMPLE / "002_5f0d9263cf5a718c.txt").read_text(encoding="utf-8")
    (article,) = annotate([Article(id="doc-cache", path="a", item="a", text=text, language="en", outlet="x")])
    expected = compare_events([article], [Event(id="solo", title="t", articles=["doc-cache"])], [], [])
    # an article whose text changed after the stage is not served the Doc of the old text
    changed = dataclasses.replace(article, text=text[:100])
    ((_, doc),) = list(nlp.parsed([changed]))
    assert doc.text == text[:100]

    class NoParse:
        vocab = nlp.load_nlp().vocab

        def pipe(self, texts, batch_size=16):
            assert not list(texts), "an article was parsed again"
            return iter(())

    monkeypatch.setattr(nlp, "load_nlp", lambda: NoParse())
    again = compare_events([article], [Event(id="solo", title="t", articles=["doc-cache"])], [], [])
    assert [c.text for c in again.claims] == [c.text for c in expected.claims]
    assert [(f.target, f.term) for f in again.framing] == [(f.target, f.term) for f in expected.framing]


def _units_of(text: str):
    """Claim units of one real-style article, as compare cuts them."""
    from newsfuse.compare.claims import article_units
    from newsfuse.nlp import parsed

    (article,) = annotate([Article(id="u", path="u", item="u", text=text, language="en", outlet="x")])
    ((_, doc),) = list(parsed([article]))
    return article_units(article, doc, None, [], [])


def test_dateline_is_not_part_of_what_the_sentence_asserts():
    units = _units_of("WEST PALM BEACH, Fla. — President Trump began meetings with the leader of Japan on "
                      "Tuesday at his Florida resort.\n\nThe two leaders discussed trade and security for hours.")
    (lead,) = [u for u in units if u.sentence == 0 and not u.clause]
    assert lead.text.startswith("WEST PALM BEACH")  # what a reader is shown stays the sentence
    assert not lead.embed_text.startswith("WEST") and lead.embed_text.startswith("President Trump")
    assert "beach" not in lead.lemmas and "palm" not in lead.lemmas
    assert "PALM" not in lead.agent and "WEST PALM BEACH" not in lead.names


def _reported(text: str, speaker: str, cue: str):
    """A parsed sentence and the reported-speech quote `speaker` `cue` ... running to its end."""
    from newsfuse.compare.quotes import Quote
    from newsfuse.nlp import load_nlp

    doc = load_nlp()(text)
    start = text.index(cue) + len(cue) + 1
    end = len(text.rstrip("."))
    return doc, Quote(speaker=speaker, cue=cue, content=text[start:end], start=start, end=end, kind="indirect")


def test_reported_speech_ends_at_a_semicolon_that_opens_a_new_clause():
    from newsfuse.compare.claims import _cut_at_semicolons

    doc, quote = _reported("Aides said the president himself has not spoken with the rebel leader; The Guardian "
                           "reported that the envoy made a secret visit to the capital over the weekend.",
                           "Aides", "said")
    (kept,), (tail,) = _cut_at_semicolons([quote], doc)
    assert kept.speaker == "Aides" and kept.content.endswith("the rebel leader")
    assert doc.text[kept.start:kept.end] == kept.content
    assert tail.text.startswith("The Guardian reported that the envoy")


def test_semicolon_in_a_list_keeps_the_quote_whole():
    from newsfuse.compare.claims import _cut_at_semicolons

    doc, quote = _reported("The minister said the talks covered three fields: trade; energy; and security.",
                           "The minister", "said")
    (kept,), tails = _cut_at_semicolons([quote], doc)
    assert kept is quote and not tails


def test_quotes_credited_to_reports_align_with_the_named_speakers_words():
    from newsfuse.compare.align import _speaker_words
    from newsfuse.compare.claims import Unit

    named = Unit(article="a", sentence=0, text="North Korea will suspend its tests", kind="quote",
                 speaker="Kim Jong Un", speaker_is_person=True)
    report = Unit(article="b", sentence=0, text="North Korea halted its tests", kind="quote",
                  speaker="Various reports", speaker_is_person=False)
    other = Unit(article="c", sentence=0, text="North Korea will suspend its tests", kind="quote",
                 speaker="Moon Jae-in", speaker_is_person=True)
    # a report's sourcing holds no claim apart; two named people's words are two claims
    assert _speaker_words(report) is None
    assert _speaker_words(named) and not _speaker_words(named) & _speaker_words(other)


# A real NewsWCL50 wording (Comey memos event) that claims showed broken before claim_text.
def test_a_clause_with_a_broken_subject_is_shown_as_its_sentence():
    from newsfuse.compare.align import claim_text
    from newsfuse.compare.claims import Unit

    sentence = ("Former Director Comey leaked at least one of these memos for the stated purpose of spurring "
                "the appointment of Special Counsel.")
    clause = Unit(article="a2", sentence=7, text="He to spur the appointment of Special Counsel", kind="statement",
                  sentence_text=sentence, clause=True)
    assert claim_text(clause) == sentence
    whole = Unit(article="a2", sentence=3, text="Trump said five locations are being considered for the summit",
                 kind="statement", sentence_text="", clause=True)
    assert claim_text(whole) == whole.text  # reads on its own (a clause needs no final stop)
