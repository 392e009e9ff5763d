"""Issue 16: a translation of another outlet's report is reuse (a rewrite marked `translated`), and its sentences
join the English claims they tell (compare.crosslingual), shown in the original language.

TRANSLATION is a German translation (made for this test, sentence by sentence) of the first
paragraphs of the sample's report 001 (Xi's small-group talks with Putin at Zhongnanhai)."""
from __future__ import annotations

from newsfuse import nlp
from newsfuse.compare import compare_events
from newsfuse.events import group_events
from newsfuse.models import Article, PublishedDate
from newsfuse.reuse import find_reuse
from newsfuse.reuse.translated import translated_copies

from test_crosslingual import GERMAN_SAME
from test_events import sample_articles, sample_timexes

TRANSLATION = (
    "Xi Jinping führt Gespräche im kleinen Kreis mit dem russischen Präsidenten Wladimir Putin in Zhongnanhai\n\n"
    "Am Abend des 16. Mai 2024 führte Staatspräsident Xi Jinping in Zhongnanhai Gespräche im kleinen Kreis "
    "mit dem russischen Präsidenten Wladimir Putin.\n\n"
    "Im Frühsommer schmückt sich Zhongnanhai mit einer sanften Brise und schimmerndem Wasser.\n\n"
    "Xi Jinping begrüßte Putin vor der Yingtai-Brücke. Während die beiden Staatschefs gingen und sich "
    "unterhielten, bewunderten sie die Pavillons und Türme und schätzten die Schönheit der Natur und ihre "
    "Wunder.\n\n"
    "Am Wasser sitzend tranken Xi Jinping und Putin gemeinsam Tee und tauschten sich in entspannter "
    "Atmosphäre eingehend über strategische Fragen von gemeinsamem Interesse aus.\n\n"
    "Die beiden Staatschefs tauschten sich eingehend über die Ukraine-Krise aus.\n\n"
    "Als die Nacht hereinbrach, leuchteten die Lichter hell.\n\n"
    "Cai Qi und Wang Yi nahmen an der oben genannten Veranstaltung teil.")


def _article(article_id: str, text: str, language: str, day: str) -> Article:
    (article,) = nlp.annotate([Article(id=article_id, path="x", item="x", text=text, language=language,
                                       published=PublishedDate(value=day))])
    return article


def _english_report() -> Article:
    return next(a for a in sample_articles() if a.id == "001")


def test_a_translation_is_reuse_of_kind_translated_with_aligned_sentences():
    english = _english_report()
    translation = _article("de-translation", TRANSLATION, "de", "2024-05-18")
    (link,) = translated_copies([english, translation])
    assert (link.kind, link.source, link.derived) == ("rewrite", "001", "de-translation")
    assert link.translated == "de<-en"  # a rewrite in another language, SPEC kind kept
    assert link.score >= 0.6 and len(link.aligned) >= 5
    first_german, first_english = link.evidence_pairs[0]
    assert "Zhongnanhai" in first_german and "Zhongnanhai" in first_english
    assert all(derived < len(translation.sentences) and source < len(english.sentences)
               for derived, source, _ in link.aligned)
    assert link in find_reuse([english, translation]) or any(
        r.translated for r in find_reuse([english, translation]))


def test_an_independent_german_report_of_the_same_talks_is_no_translated_copy():
    english = _english_report()
    retold = _article("de-retold", GERMAN_SAME, "de", "2024-05-17")
    assert translated_copies([english, retold]) == []
    assert translated_copies([english]) == []  # one language: nothing to compare


def test_german_sentences_join_the_english_claims_they_tell():
    translation = _article("de-claims", TRANSLATION, "de", "2024-05-17")
    articles = list(sample_articles()) + [translation]
    events, _ = group_events(articles, sample_timexes())
    (visit,) = [e for e in events if "001" in e.articles]
    assert "de-claims" in visit.articles
    result = compare_events(articles, events, sample_timexes(), [])
    german = [(c, m) for c in result.claims for m in c.mentions if m.article == "de-claims"]
    assert len(german) >= 2
    for claim, mention in german:
        # the original German sentence, joined to a claim that English articles tell
        assert mention.text == translation.sentences[mention.sentence].text
        assert any(m.article != "de-claims" for m in claim.mentions)
    assert any("Yingtai" in m.text and "Brücke" in m.text for _, m in german)


def test_an_event_told_mostly_in_german_is_titled_by_a_german_headline():
    english = _english_report()
    german = [_article("de-a", TRANSLATION, "de", "2024-05-17"), _article("de-b", GERMAN_SAME, "de", "2024-05-17")]
    for article in german:
        article.title, article.title_evidence = article.text.split("\n")[0], "first line"
    events, _ = group_events([english] + german, [])
    (event,) = [e for e in events if "001" in e.articles]
    assert {"de-a", "de-b"} <= set(event.articles)
    assert event.title in {a.title for a in german}
    # told mostly in English (the sample's other reports of the talks), it keeps an English title
    events, _ = group_events(list(sample_articles()) + german[:1], sample_timexes())
    (event,) = [e for e in events if "001" in e.articles]
    assert "de-a" in event.articles and event.title != german[0].title
