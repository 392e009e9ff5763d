"""compare_events on the sample corpus (examples/xi-putin-2024-05).

Events and reuse are built by hand here: when this test was written src/newsfuse/events had no
group_events and src/newsfuse/reuse no find_reuse. The hand-built ones follow the brief: 000 is a
rewrite of 001; 003 mixes the May 2024 visit (sentences 0-6) with Xi's May 2025 visit (7-19).
"""
from pathlib import Path

import pytest

from newsfuse.compare import compare_events
from newsfuse.compare.claims import find_figures
from newsfuse.compare.conflicts import _agree
from newsfuse.models import Article, Event, Reuse, Segment
from newsfuse.nlp import annotate

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "xi-putin-2024-05"
LEADERS = ["Xi Jinping", "Vladimir Putin"]


@pytest.fixture(scope="module")
def sample():
    paths = sorted(SAMPLE.glob("*.txt"))
    articles = [Article(id=p.name[:3], path=str(p), item=str(p), text=p.read_text(encoding="utf-8"),
                        language="en", outlet=f"outlet-{p.name[:3]}") for p in paths]
    articles = list(annotate(articles))
    visit = Event(id="e1", title="Putin's state visit to China, May 2024", articles=[a.id for a in articles],
                  participants=LEADERS, segments=[Segment("003", list(range(0, 7)))])
    moscow = Event(id="e2", title="Xi's visit to Moscow, May 2025", articles=["003"], participants=LEADERS,
                   segments=[Segment("003", list(range(7, 20)))])
    reuse = [Reuse(source="001", derived="000", kind="rewrite", score=0.9)]
    return compare_events(articles, [visit, moscow], [], reuse)


def _claims_mentioning(result, fragment, event="e1"):
    found = [c for c in result.claims if c.event == event and any(fragment in m.text for m in c.mentions)]
    assert found, f"no claim mentions {fragment!r}"
    return found


def test_anniversary_and_harbin_are_corroborated(sample):
    for fragment in ("75th anniversary", "travel to Harbin"):
        best = max(_claims_mentioning(sample, fragment), key=lambda c: c.independent_sources)
        assert best.status == "corroborated" and best.independent_sources >= 2, (fragment, best)


def test_trade_figure_is_single_source(sample):
    (claim,) = _claims_mentioning(sample, "$240 billion")
    assert claim.status == "single_source" and claim.independent_sources == 1
    assert claim.kind == "figure"


def test_rewrite_does_not_count_as_second_source(sample):
    # 000 rewrites 001: a claim both make, and no one else, is still one source.
    for claim in sample.claims:
        articles = {m.article for m in claim.mentions}
        if articles == {"000", "001"}:
            assert claim.independent_sources == 1 and claim.status == "single_source"


def test_putin_quote_attributed_to_putin(sample):
    quotes = [c for c in _claims_mentioning(sample, "not opportunistic") if c.kind == "quote"]
    assert quotes and all(c.speaker == "Vladimir Putin" for c in quotes)


def test_dictator_is_loaded_framing(sample):
    entries = [f for f in sample.framing if "dictator" in f.term.lower()]
    assert entries and all(f.kind == "loaded" and f.target == "Vladimir Putin" for f in entries)
    friend = [f for f in sample.framing if f.term == "old friend"]
    assert friend and friend[0].kind == "honorific" and friend[0].target == "Vladimir Putin"
    assert any("Russian President" in f.contrast for f in friend)


def test_sub_event_venues_are_not_a_conflict(sample):
    venues = ("Great Hall", "Zhongnanhai", "Beijing")
    for conflict in sample.conflicts:
        assert not any(v in value for value in conflict.values for v in venues), conflict


def test_every_summary_sentence_cites_existing_claims(sample):
    ids = {c.id: c for c in sample.claims}
    assert sample.summary
    for sentence in sample.summary:
        assert sentence.claims and all(cid in ids for cid in sentence.claims)
        claim = ids[sentence.claims[0]]
        marker = {"corroborated": "independent sources", "single_source": "single source",
                  "conflicting": "disputed"}[claim.status]
        assert marker in sentence.text
    statuses = [ids[s.claims[0]].status for s in sample.summaries["e1"]]
    assert statuses[0] == "corroborated"  # corroborated facts come first


def test_outlet_coverage_lists_exclusives(sample):
    coverage = sample.coverage["e1"]
    exclusive = coverage["outlet-002"]["exclusive"]
    trade = _claims_mentioning(sample, "$240 billion")[0]
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
