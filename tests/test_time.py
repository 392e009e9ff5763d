"""The time stage on the Xi–Putin sample (five real reports of 16–17 May 2024) and on short texts."""
from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from newsfuse.ingest import ingest
from newsfuse.models import Article, Event, PublishedDate
from newsfuse.nlp import annotate
from newsfuse.time import find_timexes, reanchor_with_event, resolve_articles
from newsfuse.cli.timex import timex_lines

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "xi-putin-2024-05"
RUN_DATE = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def sample() -> dict[str, Article]:
    """The five reports, ingested and annotated, keyed by file-name prefix ("000" ... "004")."""
    articles = list(annotate([a for _, a in ingest([SAMPLE]) if a is not None]))
    return {Path(a.path).name[:3]: a for a in articles}


@pytest.fixture(scope="module")
def resolved(sample):
    articles = copy.deepcopy(list(sample.values()))
    expressions, problems = resolve_articles(articles, RUN_DATE)
    event = Event(id="e1", title="Putin's state visit to China", articles=[a.id for a in articles])
    expressions = reanchor_with_event(articles, expressions, [event])
    by_file = {Path(a.path).name[:3]: a.id for a in articles}
    return {"articles": {Path(a.path).name[:3]: a for a in articles}, "expressions": expressions,
            "problems": problems, "ids": by_file}


def values(resolved, prefix: str, text: str) -> list[str]:
    article_id = resolved["ids"][prefix]
    return [e.value for e in resolved["expressions"] if e.article == article_id and e.text == text]


def test_dated_report_keeps_header_date_and_resolves_explicit_evening(resolved):
    article = resolved["articles"]["001"]
    assert article.published.value.startswith("2024-05-17")
    assert values(resolved, "001", "the evening of May 16, 2024") == ["2024-05-16TEV"]


def test_weekday_with_date_takes_the_year_its_weekday_fits(resolved):
    # Published 2025-05-08, yet "Thursday, May 16" can only be 2024 (16 May 2025 is a Friday).
    assert values(resolved, "003", "Thursday, May 16") == ["2024-05-16"]


def test_mixed_report_resolves_its_2025_part_against_publication(resolved):
    assert values(resolved, "003", "Wednesday") == ["2025-05-07"]
    assert values(resolved, "003", "Thursday") == ["2025-05-08"]
    assert values(resolved, "003", "May 9") == ["2025-05-09"]


def test_mixed_dates_are_flagged_in_the_report_that_carries_them(resolved):
    flagged = {p["article"] for p in resolved["problems"]}
    assert flagged == {resolved["ids"]["003"]}
    weekday_flag = next(p for p in resolved["problems"] if "Friday" in p["explanation"])
    assert "Thursday, May 16" in weekday_flag["text"]
    assert weekday_flag["sentence"] == 0


def test_page_banner_is_not_the_publication_date(resolved):
    published = resolved["articles"]["004"].published
    assert published.value is None
    assert any(r["value"].startswith("2024-06-20") and "banner" in r["reason"] for r in published.rejected)


def test_bare_weekday_header_is_rejected_as_banner_when_the_text_dates_its_events_weeks_before(sample):
    # 004's own banner date over a text that writes out the summit day and calls it "Thursday".
    article = copy.deepcopy(sample["004"])
    article.text = ("On Thursday, May 16, 2024, Xi Jinping and Vladimir Putin signed a joint statement in Beijing. "
                    + article.text)
    article.sentences = []
    article.published = PublishedDate(value="2024-06-20", evidence="header line 1: 'Thursday, June, 20,2024'",
                                      source="header", confidence=0.8)
    resolve_articles([article], RUN_DATE)
    assert article.published.value is None
    assert "banner" in article.published.rejected[-1]["reason"]


def test_bare_weekday_header_is_kept_when_nothing_in_the_text_contradicts_it(sample):
    # "Tuesday, May 24, 2005" under a headline is how many sites print the publication day.
    article = copy.deepcopy(sample["004"])
    article.published = PublishedDate(value="2024-05-16", evidence="header line 2: 'Thursday, May 16, 2024'",
                                      source="header", confidence=0.8)
    resolve_articles([article], RUN_DATE)
    assert article.published.value == "2024-05-16"


def test_undated_reports_resolve_weekdays_against_their_event(resolved):
    for prefix in ("000", "002", "004"):
        assert values(resolved, prefix, "Thursday") == ["2024-05-16"], prefix
    assert values(resolved, "004", "Thursday morning") == ["2024-05-16TMO"]
    # "concluded his visit on Friday" (past) and "is due to travel ... on Friday" (future): both the 17th.
    assert values(resolved, "000", "Friday") == ["2024-05-17"]
    assert values(resolved, "002", "Friday") == ["2024-05-17"]
    anchors = {e.anchor for e in resolved["expressions"]
               if e.article == resolved["ids"]["000"] and e.text == "Thursday"}
    assert anchors == {"event"}


def test_years_durations_and_anniversaries(resolved):
    assert values(resolved, "002", "2023") == ["2023"]
    assert values(resolved, "002", "last year") == ["2023"]
    assert values(resolved, "000", "two-day") == ["P2D"]
    assert any(v == "P75Y" for v in values(resolved, "000", "the\xa075th anniversary")
               + values(resolved, "000", "the 75th anniversary"))


def test_bare_weekday_follows_the_verb_tense():
    dct = dt.date(2024, 5, 17)  # a Friday
    past = find_timexes("The leaders met on Thursday.", dct)
    future = find_timexes("The leaders will meet on Thursday.", dct)
    assert [t.value for t in past] == ["2024-05-16"]
    assert [t.value for t in future] == ["2024-05-23"]


def test_relative_expressions_against_the_publication_date():
    found = find_timexes("Yesterday he said sales fell last year and would rise two days later; "
                         "earlier this month prices fell, three years ago they rose.", dt.date(2024, 5, 17))
    got = {t.text: t.value for t in found}
    assert got["Yesterday"] == "2024-05-16"
    assert got["last year"] == "2023"
    assert got["earlier this month"] == "2024-05"
    assert got["three years ago"] == "2021"


def test_yearless_date_takes_the_year_nearest_the_anchor():
    found = find_timexes("The deal was signed on Dec. 30.", dt.date(2025, 1, 5))
    assert [(t.text, t.value) for t in found] == [("Dec. 30", "2024-12-30")]


def test_duration_is_not_a_date():
    found = find_timexes("Putin arrived for a two-day state visit.", dt.date(2024, 5, 16))
    assert [(t.text, t.type, t.value) for t in found] == [("two-day", "DURATION", "P2D")]


def test_future_publication_date_is_rejected(sample):
    article = copy.deepcopy(sample["001"])
    article.published = PublishedDate(value="2030-01-01", evidence="jsonl field 'published'", source="jsonl")
    resolve_articles([article], RUN_DATE)
    assert article.published.value is None
    assert "future" in article.published.rejected[-1]["reason"]


def test_timex_command_reads_dct_from_the_header(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Summit ends\n2024-05-17 02:14\n\nThe two leaders met on Thursday in Beijing.\n")
    lines = list(timex_lines(path, None, timeml=False))
    thursday = next(line for line in lines if line["text"] == "Thursday")
    assert thursday["value"] == "2024-05-16"
    assert path.read_text()[thursday["start"]:thursday["end"]] == "Thursday"
    assert set(thursday) == {"start", "end", "text", "type", "value"}
    json.dumps(lines)


def test_timex_command_reads_timeml_text_and_dct(tmp_path):
    path = tmp_path / "doc.tml"
    path.write_text('<?xml version="1.0" ?><TimeML><DOCID>d</DOCID><DCT><TIMEX3 tid="t0" type="DATE" '
                    'value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>'
                    '<TEXT>Stocks <EVENT eid="e1">fell</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-01-07">'
                    'yesterday</TIMEX3>.</TEXT></TimeML>')
    lines = list(timex_lines(path, None, timeml=True))
    assert [(line["text"], line["value"], line["start"]) for line in lines] == [("yesterday", "1998-01-07", 12)]


def test_relative_years_in_an_undated_text_resolve_against_its_own_dates():
    # PolNeAR breitbart "the-latest-kasich...": "four years later" with no publication date crashed once.
    found = find_timexes("Romney won in 2012. Four years later, Kasich ran. Two years earlier he had won Ohio.", None,
                         anchor_kind="context")
    values = {t.text.lower(): t.value for t in found}
    assert values["2012"] == "2012"
    assert "four years later" in values and "two years earlier" in values
