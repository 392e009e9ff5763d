"""Articles in other languages (issue 16): a German report of the sample's event joins it by
multilingual meaning, English-only stages yield nothing for it, and its dates resolve."""
from __future__ import annotations

import datetime as dt

from newsfuse import nlp
from newsfuse.compare import compare_events
from newsfuse.events import group_events
from newsfuse.models import Article, PublishedDate
from newsfuse.time.languages import foreign_timexes

from test_events import sample_articles, sample_timexes

# A German report of the sample's event (the 16 May 2024 talks of Xi and Putin in Beijing), and one
# of an unrelated happening.
GERMAN_SAME = ("Xi Jinping empfängt Putin in Peking\n\n"
               "Der chinesische Staatschef Xi Jinping hat am Abend des 16. Mai 2024 den russischen Präsidenten "
               "Wladimir Putin in Zhongnanhai in Peking zu Gesprächen im kleinen Kreis empfangen. Die beiden "
               "Staatschefs tranken gemeinsam Tee und sprachen über strategische Fragen von gemeinsamem Interesse. "
               "Putin ist zu einem zweitägigen Staatsbesuch in China, seiner ersten Auslandsreise seit seiner "
               "erneuten Amtseinführung.")
GERMAN_OTHER = ("Die Bahn hat am Montag neue Züge zwischen Berlin und Hamburg in Betrieb genommen. "
                "Die Fahrzeit sinkt um zwanzig Minuten, teilte das Unternehmen mit.")


def _german(article_id: str, text: str) -> Article:
    (article,) = nlp.annotate([Article(id=article_id, path="x", item="x", text=text, language="de",
                                       published=PublishedDate(value="2024-05-17"))])
    return article


def test_a_german_report_joins_the_english_event_and_an_unrelated_one_stays_apart():
    same, other = _german("de-same", GERMAN_SAME), _german("de-other", GERMAN_OTHER)
    events, _ = group_events(list(sample_articles()) + [same, other], sample_timexes())
    (visit,) = [e for e in events if "001" in e.articles]
    assert "de-same" in visit.articles and {"000", "002"} <= set(visit.articles)
    (own,) = [e for e in events if "de-other" in e.articles]
    assert own.articles == ["de-other"]
    assert all(any("not English (de)" in w for w in a.warnings) for a in (same, other))


def test_english_only_stages_yield_nothing_for_a_german_report():
    same = _german("de-compare", GERMAN_SAME)
    assert same.entities == [] and same.sentences  # sentences yes, English NER no
    articles = list(sample_articles()) + [same]
    events, _ = group_events(articles, sample_timexes())
    result = compare_events(articles, events, sample_timexes(), [])
    # no claim of its own: a German sentence only joins a claim English articles tell (compare.crosslingual)
    assert result.claims and all(any(m.article != "de-compare" for m in c.mentions) for c in result.claims)
    assert not any(f.article == "de-compare" for f in result.framing)


def test_german_dates_resolve_through_dateparser():
    found = {t.text: t.value for t in foreign_timexes(
        "Am 16. Mai 2024 traf Xi Putin. Gestern sagte der Sprecher, im März 2025 folge ein Besuch.",
        "de", dt.date(2024, 5, 17))}
    assert found.get("Am 16. Mai 2024") == "2024-05-16" or found.get("16. Mai 2024") == "2024-05-16"
    assert found.get("Gestern") == "2024-05-16"
    assert "2025-03" in found.values()
    assert not any(v.startswith("2024-05-17T") for v in found.values())  # no durations read as times


def test_similarity_of_a_german_and_an_english_report_uses_the_multilingual_model():
    from newsfuse.events.similarity import score_pair

    visit = next(a for a in sample_articles() if a.id == "001").text
    same, other = score_pair(GERMAN_SAME, visit), score_pair(GERMAN_OTHER, visit)
    assert same.score > 0.5 > other.score
    assert same.shared_entities == []  # English NER is not run on the German text


def _sentences(text: str, language: str) -> list[str]:
    from newsfuse import nlp
    from newsfuse.models import Article
    (article,) = nlp.annotate([Article(id=language, path="x", item="x", text=text, language=language)], vectors=False)
    return [s.text for s in article.sentences]


def test_chinese_sentences_end_at_their_marks_and_an_opening_quote_starts_the_next(shared_data):
    """A real Chinese report (SemEval-2022 T8 training set): every sentence ends at 。！？ (or a closing
    quote after one), and none ends with an opening quote mark."""
    import csv
    csv.field_size_limit(10 ** 9)
    with (shared_data / "semeval2022-task8" / "training_set.csv").open(encoding="utf-8") as handle:
        text = next(row["text1"] for row in csv.DictReader(handle) if row["lang1"] == "zh" and "“" in row["text1"])
    sentences = _sentences(text[:3000], "zh")
    assert len(sentences) >= text[:3000].count("。") * 0.8
    assert not any(s.rstrip().endswith(("“", "「")) for s in sentences)
    assert all(s.rstrip()[-1] in "。！？”」!?" for s in sentences[:-1])


def test_japanese_is_cut_into_sentences_without_a_word_segmenter():
    """Japanese written for this test (spaCy's Japanese tokenizer needs sudachipy, not installed):
    cut by character like Chinese, each sentence ending at its mark, 「 opening the next."""
    text = ("習近平国家主席は16日、北京でプーチン大統領と会談した。両首脳は共同声明に署名した！"
            "プーチン氏は17日にハルビンを訪れる予定だ。「会談は成功だった」と述べた。")
    assert _sentences(text, "ja") == ["習近平国家主席は16日、北京でプーチン大統領と会談した。", "両首脳は共同声明に署名した！",
                                      "プーチン氏は17日にハルビンを訪れる予定だ。", "「会談は成功だった」と述べた。"]
