"""Events on the real sample: the May 2024 Xi–Putin visit in five reports, one of which (003) also
reports the May 2025 Moscow visit."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from newsfuse import nlp
from newsfuse.embeddings import embed
from newsfuse.events import group_events
from newsfuse.events.online import Item, OnlineClusterer
from newsfuse.models import Article, PublishedDate, TimeExpression

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "xi-putin-2024-05"
PUBLISHED = {"001": "2024-05-17", "003": "2025-05-08"}  # 000, 002, 004 carry no date


@lru_cache(maxsize=1)
def sample_articles() -> tuple[Article, ...]:
    articles = [
        Article(id=p.name[:3], path=str(p), item=str(p), text=p.read_text(encoding="utf-8"),
                language="en", published=PublishedDate(value=PUBLISHED.get(p.name[:3])))
        for p in sorted(SAMPLE.glob("*.txt"))
    ]
    return tuple(nlp.annotate(articles))


def _timex(article: Article, phrase: str, value: str, nth: int = 0) -> TimeExpression:
    start = -1
    for _ in range(nth + 1):
        start = article.text.index(phrase, start + 1)
    return TimeExpression(article=article.id, sentence=nlp.sentence_index_at(article.sentences, start),
                          text=phrase, value=value, type="DATE", anchor="explicit",
                          start=start, end=start + len(phrase))


def sample_timexes() -> list[TimeExpression]:
    """What the time stage resolves in the sample, including the traps: 003's header stamp and
    004's page banner, which date the page and not the visit."""
    a = {article.id: article for article in sample_articles()}
    return [
        _timex(a["001"], "2024-05-17", "2024-05-17"),
        _timex(a["001"], "May 16, 2024", "2024-05-16"),
        _timex(a["003"], "date 2025-05-08", "2025-05-08"),
        _timex(a["003"], "Thursday, May 16", "2024-05-16"),
        _timex(a["003"], "on Thursday", "2025-05-08", nth=1),
        _timex(a["003"], "on Wednesday", "2025-05-07"),
        _timex(a["003"], "May 9", "2025-05-09"),
        _timex(a["004"], "Thursday, June, 20,2024", "2024-06-20"),
    ]


@lru_cache(maxsize=1)
def grouped():
    return group_events(list(sample_articles()), sample_timexes())


def _event_with(events, article_id, sentence):
    return next(e for e in events for s in e.segments if s.article == article_id and sentence in s.sentences)


def test_four_reports_of_the_may_2024_visit_share_one_event():
    events, _ = grouped()
    visit = _event_with(events, "001", 0)
    assert {"000", "001", "002", "004"} <= set(visit.articles)
    assert visit.start == "2024-05-16"
    assert {"Xi Jinping", "Vladimir Putin"} <= set(visit.participants)
    assert "Beijing" in visit.places


def test_the_report_that_mixes_two_visits_is_split_where_it_switches():
    events, mixed = grouped()
    first = _event_with(events, "003", 0)
    text = next(a for a in sample_articles() if a.id == "003")
    moscow_sentence = next(s.index for s in text.sentences if "80th anniversary" in s.text)
    second = _event_with(events, "003", moscow_sentence)
    assert first.id != second.id
    assert first.id == _event_with(events, "001", 0).id
    assert second.articles == ["003"] and second.start == "2025-05-07" and second.end == "2025-05-09"
    (entry,) = [m for m in mixed if m.article == "003"]
    assert entry.events == [first.id, second.id]
    assert "switches at sentence 9" in entry.explanation and "in Russia on Thursday" in entry.explanation
    # each event gets only its own sentences of the mixed article
    own = {s.article: set(s.sentences) for s in first.segments}["003"]
    assert moscow_sentence not in own and 0 in own


def test_without_time_expressions_the_visit_is_still_one_event():
    events, mixed = group_events(list(sample_articles()), [])
    visit = _event_with(events, "001", 0)
    assert {"000", "001", "002", "004"} <= set(visit.articles)
    assert mixed == []  # without dates, nothing tells the two visits apart


def test_online_clusterer_takes_new_items_into_existing_clusters():
    texts = ["Xi Jinping and Vladimir Putin hold talks in Beijing on the Ukraine crisis",
             "Earthquake of magnitude 7.1 strikes off the coast of Japan, tsunami warning issued",
             "Putin and Xi sign a joint statement deepening the China-Russia partnership in Beijing",
             "Tsunami warning lifted after strong quake hits Japan's northeast coast"]
    vectors = embed(texts)
    clusterer = OnlineClusterer()
    first = clusterer.add([Item(vector=v) for v in vectors[:2]])
    later = clusterer.add([Item(vector=v) for v in vectors[2:]])
    assert first[0] != first[1]
    assert later == first  # the new reports join the events already there
    assert len(clusterer.clusters) == 2


def test_dates_a_year_apart_keep_the_same_words_apart():
    vector = embed(["Xi Jinping held talks with Vladimir Putin"])[0]
    clusterer = OnlineClusterer()
    may_2024, may_2025 = 739022, 739379  # 2024-05-16 and 2025-05-08
    labels = clusterer.add([Item(vector=vector, dates=frozenset({may_2024})),
                            Item(vector=vector, dates=frozenset({may_2025})),
                            Item(vector=vector, dates=frozenset({may_2024 + 1}))])
    assert labels == [0, 1, 0]


def test_an_article_cannot_report_an_event_after_its_publication():
    vector = embed(["Xi Jinping held talks with Vladimir Putin"])[0]
    clusterer = OnlineClusterer()
    labels = clusterer.add([Item(vector=vector, dates=frozenset({739379})),
                            Item(vector=vector, published=739022)])
    assert labels[0] != labels[1]


def test_similarity_scores_same_visit_above_other_stories_and_writes_csv(tmp_path):
    from newsfuse.cli.similarity import score_pairs_csv
    from newsfuse.events.similarity import score_pair

    a = {x.id: x.text for x in sample_articles()}
    same = score_pair(a["001"], a["002"])
    other = score_pair(a["001"], "Heavy rain flooded the streets of Milan on Sunday, the city's mayor said.")
    assert same.score > 0.5 > other.score
    assert "putin" in " ".join(same.shared_entities).lower() and same.reasons
    source = tmp_path / "pairs.csv"
    source.write_text('text1,text2\n"Xi met Putin in Beijing.","Putin held talks with Xi in Beijing."\n')
    assert score_pairs_csv(source, tmp_path / "out.csv") == 1
    assert "score" in (tmp_path / "out.csv").read_text().splitlines()[0]


def test_consolidate_merges_what_arrival_order_split_and_respects_dates():
    texts = ["Xi Jinping and Vladimir Putin hold talks in Beijing on the Ukraine crisis",
             "Earthquake of magnitude 7.1 strikes off the coast of Japan, tsunami warning issued",
             "Putin and Xi sign a joint statement deepening the China-Russia partnership in Beijing",
             "Tsunami warning lifted after strong quake hits Japan's northeast coast",
             "Putin and Xi meet again, a year later, in Moscow"]
    vectors = embed(texts)
    may_2024, may_2025 = 739022, 739379
    dates = [may_2024, None, may_2024, None, may_2025]
    items = [Item(vector=v, tokens=frozenset(t.lower().split()), dates=frozenset({d} if d else ()))
             for v, t, d in zip(vectors, texts, dates)]
    clusterer = OnlineClusterer(threshold=0.95)  # a strict single pass: every report alone
    assert clusterer.add(items) == [0, 1, 2, 3, 4]
    mapping = clusterer.consolidate()
    labels = clusterer.assignments
    assert labels[0] == labels[2] and labels[1] == labels[3]  # same story, merged
    assert labels[0] != labels[1] and labels[4] != labels[0]  # other story; the same leaders a year later
    assert mapping == {2: 0, 3: 1}
    # later reports still join the merged events incrementally
    clusterer.threshold = 0.55
    later = clusterer.add([Item(vector=embed(["Japan quake: tsunami warning issued for the coast"])[0])])
    assert later == [labels[1]]


def test_a_lone_paragraph_in_another_time_does_not_split_the_report():
    """A background or closing paragraph dated years away (here a date put on 001's last sentence)
    is part of the story, not a second happening (issue 13: obituaries cut at the birth date)."""
    a = {article.id: article for article in sample_articles()}
    last = a["001"].sentences[-1]
    background = TimeExpression(article="001", sentence=last.index, text=last.text[:10], value="1952-10-07",
                                type="DATE", anchor="explicit", start=last.start, end=last.start + 10)
    events, mixed = group_events(list(sample_articles()), sample_timexes() + [background])
    assert "001" not in {m.article for m in mixed}
    visit = _event_with(events, "001", 0)
    assert last.index in {s.article: set(s.sentences) for s in visit.segments}["001"]
    assert visit.start == "2024-05-16"  # the background date does not date the event


def test_articles_not_in_english_stand_alone_with_a_warning():
    texts = ["Die Bahn hat am Montag neue Züge zwischen Berlin und Hamburg in Betrieb genommen. "
             "Die Fahrzeit sinkt um zwanzig Minuten.",
             "Ein Unternehmen in Sachsen will künftig Lithium aus alten Batterien zurückgewinnen. "
             "Die Anlage soll 2026 in Betrieb gehen."]
    german = [Article(id=f"de{i}", path="x", item="x", text=t, language="de") for i, t in enumerate(texts)]
    articles = list(nlp.annotate(german)) + list(sample_articles())
    events, _ = group_events(articles, sample_timexes())
    for article in german:
        (own,) = [e for e in events if article.id in e.articles]
        assert own.articles == [article.id]
        assert any("not English (de)" in w for w in article.warnings)
    assert {"000", "001", "002", "004"} <= set(_event_with(events, "001", 0).articles)


def test_titles_prefer_plain_headlines_over_loaded_or_opinion_ones():
    from newsfuse.events.grouping import _is_opinion, _title_marks

    assert _title_marks("DESPERATION: DNC Files Lawsuit Against Trump Campaign, Russia, WikiLeaks") > 0
    assert _title_marks("Kim's talk is cheap, it's his actions that count!") > 0
    assert _title_marks("North Korea suspends nuclear and missile tests, shuts down test site") == 0
    assert _title_marks("NATO allies meet in Brussels") == 0  # an acronym is not shouting
    opinion = Article(id="x", path="x", item="x", text="", title="Beware North Korea's pledge",
                      url="http://www.foxnews.com/opinion/2018/04/20/beware-north-koreas-pledge.html")
    assert _is_opinion(opinion)


def test_particulars_are_names_and_dates_of_cased_text_only():
    """A report's particulars (what pins it to one happening) are the names spaCy finds in cased
    text; the same headline lower-cased, as cleaned headline sets give it, carries none."""
    from newsfuse.events.grouping import _particulars
    from newsfuse.events.segments import ArticleSegment, paragraph_units

    text = "Tara Reid checked into the Promises Treatment Center in Malibu, her publicist Jack Ketsoyan said."
    cased, lowered = nlp.annotate([Article(id="c", path="c", item="c", text=text, language="en"),
                                   Article(id="l", path="l", item="l", text=text.lower(), language="en")])
    found = _particulars(ArticleSegment(article=cased, units=paragraph_units(cased, [])), {738000})
    assert ("name", "reid") in found and ("name", "malibu") in found and ("day", 738000) in found
    assert _particulars(ArticleSegment(article=lowered, units=paragraph_units(lowered, [])), set()) == frozenset()


def test_bare_groups_merge_from_the_lower_threshold_and_others_do_not():
    """Two reports whose similarity lies between the bare and the normal threshold merge only when
    neither carries particulars."""
    from scipy import sparse

    from newsfuse.events.linkage import cluster

    texts = ["xbox one sale record launch weekend", "microsoft console xbox one sold million unit day"]
    dense = embed(texts)
    lexical = sparse.csr_matrix(np.zeros((2, 1)))
    link = float(dense[0] @ dense[1])
    assert 0.2 < link < 0.9
    common = dict(threshold=link + 0.05, embedding_weight=1.0, tfidf_weight=0.0, bare_threshold=link - 0.05)
    assert cluster(dense, lexical, bare=lambda members: True, **common) == [0, 0]
    assert cluster(dense, lexical, bare=lambda members: False, **common) == [0, 1]


def test_a_part_of_the_pile_weighs_words_as_the_whole_pile_does_given_its_counts():
    """TF-IDF rows of two reports read with the whole pile's document frequencies are as alike as in
    the whole pile (what a collection's window needs); fitted on the two alone they are not."""
    from newsfuse.events.linkage import TermCounts, document_terms, tfidf_rows

    texts = [a.text for a in sample_articles()]
    (whole,) = tfidf_rows(texts)
    (part,) = tfidf_rows(texts[:2], counts=TermCounts.of(document_terms(texts)))
    (alone,) = tfidf_rows(texts[:2])
    assert part[0].multiply(part[1]).sum() == pytest.approx(whole[0].multiply(whole[1]).sum(), abs=1e-9)
    assert abs(alone[0].multiply(alone[1]).sum() - whole[0].multiply(whole[1]).sum()) > 0.01


def test_the_piles_own_segment_counts_give_the_piles_own_events():
    """`segment_terms` counts the documents `group_events` weighs words over: given as the
    collection's counts, the pile's own change nothing."""
    from newsfuse.events.grouping import segment_terms
    from newsfuse.events.linkage import TermCounts

    by_article = segment_terms(list(sample_articles()), sample_timexes())
    assert len(by_article["003"]) == 2  # the report that switches to another visit: two documents
    counts = TermCounts.of([terms for parts in by_article.values() for terms in parts])
    events, mixed = group_events(list(sample_articles()), sample_timexes(), counts)
    expected, expected_mixed = grouped()
    assert [e.to_json() for e in events] == [e.to_json() for e in expected]
    assert [m.to_json() for m in mixed] == [m.to_json() for m in expected_mixed]
