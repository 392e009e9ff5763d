"""Publication dates: header date lines as real pages print them, and supplied dates the text never overrules."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newsfuse.ingest import ingest
from newsfuse.ingest.dateline import read_date_line
from newsfuse.ingest.text import clean_text
from newsfuse.time import resolve_articles

RUN_DATE = dt.date(2026, 12, 2)
WCL = Path(__file__).resolve().parents[2] / "shared" / "data" / "newswcl50-dev"

# Header date lines found under real headlines (ECB+ texts), with the publication they state.
REAL_HEADER_LINES = [
    ("04/28/09 07:35 PM ET", "2009-04-28T19:35"),
    ("April 7th, 2012 12:30pm EDT", "2012-04-07T12:30"),
    ("7:15 a.m. Dec. 7, 2009", "2009-12-07T07:15"),
    ("PUBLISHED: 22:07 GMT, 7 July 2012 | UPDATED: 22:07 GMT, 7 July 2012", "2012-07-07T22:07"),
    ("Tuesday, May 24, 2005", "2005-05-24"),
    ("May 2, 2013 | 5:03pm", "2013-05-02T17:03"),
    ("Updated: May 24, 2005, 3:23 PM ET", "2005-05-24T15:23"),
    ("First Posted: 10/25/11 06:44 PM ET Updated: 12/25/11 05:12 AM ET", "2011-10-25T18:44"),
    ("UPDATED 05/03/2013 at 11:00 AM EDT | Originally published 05/03/2013 at 10:20 AM EDT", "2013-05-03T10:20"),
    ("Article posted on 08.07.2012", "2012-07-08"),
    ("Tuesday 28 April 2009 22.34 BST", "2009-04-28T22:34"),
    ("POSTED: 1052 GMT (1852 HKT), April 10, 2007", "2007-04-10T10:52"),
    ("26 September 2013, 10:00 (GMT+05: 00)", "2013-09-26T10:00"),
    ("Fri., May. 3, 2013 11:45 AM PDT", "2013-05-03T11:45"),
    ("August 7, 2012-5:46 pm", "2012-08-07T17:46"),
    ("TNN Nov 12, 2011, 05. 51AM IST MUMBAI:", "2011-11-12T05:51"),
    ("WASHINGTON, DC, April 28, 2009", "2009-04-28"),
    ("Edited on Mon Dec-19-05 03:49 PM", "2005-12-19T15:49"),
    ("Posted 1 year, 160 days ago [downloaded on 2 October 2013]", "2012-04-25"),
]


@pytest.mark.parametrize("line,expected", REAL_HEADER_LINES)
def test_real_header_lines_state_their_publication(line, expected):
    dateline = read_date_line(line)
    assert dateline is not None, line
    assert dateline.publication().value == expected


@pytest.mark.parametrize("line", [
    # First lines of real ECB+ reports: sentences and headlines that hold a date are not date lines.
    "Vincent 'The Chin' Gigante died while in prison custody on December 19, 2005.",
    "Zurana Horton, 34, was killed on Oct. 21, 2011 while walking near an intersection in Brownsville after 2 p.m.",
    "Page was born on April 22, 1923, in Nashville, Tenn.",
    "Seacom operations fully restored: 4 November 2011",
    "Watergate figure Fred LaRue, July 24",
    "Interior and Commerce Secretaries Must Act by May 9",
    "On behalf of Howard R. Sanders, Esq. posted in Pedestrian Accidents on Wednesday, September 18, 2013.",
])
def test_sentences_holding_a_date_are_not_date_lines(line):
    assert read_date_line(line) is None


def test_yearless_header_line_is_kept_aside_not_guessed():
    dateline = read_date_line("Mar. 8 5:46 PM EST")
    assert dateline.publication().value is None and dateline.publication().month_day == (3, 8)


def test_weekday_header_under_a_headline_is_the_publication_date():
    cleaned = clean_text("Sixers fire Jim O'Brien and hire Mo Cheeks\n\nTuesday, May 24, 2005\n\n"
                         "Mo ran the Sixers in the 1980s as their point guard. He looks to be a perfect coach.")
    assert cleaned.published.value == "2005-05-24"
    assert cleaned.title == "Sixers fire Jim O'Brien and hire Mo Cheeks"
    assert "Tuesday" not in cleaned.text


def test_weekday_date_beside_site_navigation_is_a_banner():
    cleaned = clean_text("Thursday, June, 20,2024\n\nLatest News\n\nXi-Putin sign joint statement\n\n"
                         "Beijing: Xi Jinping and Vladimir Putin on Thursday signed a joint statement.")
    assert cleaned.published.value is None
    assert "banner" in cleaned.published.rejected[0]["reason"]


def test_crawl_date_printed_by_the_export_is_never_the_publication():
    cleaned = clean_text("Gary Ross still in talks for Catching Fire\n\ndownloaded on 2 October 2013\n\n"
                         "As I said many times in my review, the direction was the strongest element of the film.")
    assert cleaned.published.value is None
    assert "retrieved" in cleaned.published.rejected[0]["reason"]


def _jsonl(tmp_path: Path, records: list[dict]) -> list:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    articles = [a for _, a in ingest([path]) if a is not None]
    resolve_articles(articles, RUN_DATE)
    return articles


def test_yearless_header_takes_the_year_of_the_dates_the_text_writes(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Obama picks Sebelius for health secretary\n\nMar. 8 5:46 PM EST\n\n"
        "President Barack Obama on March 2, 2009 named Kansas Governor Kathleen Sebelius to lead the "
        "Department of Health and Human Services.", encoding="utf-8")
    articles = [a for _, a in ingest([tmp_path / "a.txt"]) if a is not None]
    resolve_articles(articles, RUN_DATE)
    published = articles[0].published
    assert published.value == "2009-03-08" and published.source == "header"
    assert "2009-03-02" in published.evidence


@pytest.mark.skipif(not (WCL / "event_1" / "1_L.txt").exists(), reason="NewsWCL50 dev data not present")
def test_supplied_date_is_kept_though_the_text_dates_older_events(tmp_path):
    # The NYT report of the Comey memos (2018-04-19) quotes notes dated 1/5/17 and calls the release
    # "Thursday": the text must not re-date the supplied publication date.
    text = (WCL / "event_1" / "1_L.txt").read_text(encoding="utf-8")
    article = _jsonl(tmp_path, [{"text": text, "published": "2018-04-19"}])[0]
    assert article.published.value == "2018-04-19" and article.published.source == "jsonl"
    assert not article.published.rejected


def test_supplied_date_wins_over_a_header_line_that_disagrees(tmp_path):
    text = ("Lawyer: Lindsay Lohan checks into rehab facility\n\nMay 3, 2013 | 8:20 am\n\n"
            "Lindsay Lohan has checked into a rehab facility in Malibu, her lawyer said on Thursday.")
    article = _jsonl(tmp_path, [{"text": text, "published": "2013-05-02"}])[0]
    assert article.published.value == "2013-05-02"
    assert any("differs from the supplied" in w for w in article.warnings)


def test_supplied_date_in_the_future_or_incomplete_is_rejected(tmp_path):
    text = "Lindsay Lohan has checked into a rehab facility in Malibu, her lawyer said on Thursday."
    future, year_only = _jsonl(tmp_path, [{"text": text, "published": "2031-05-02"},
                                          {"text": text, "published": "2013"}])
    assert future.published.value is None and "future" in future.published.rejected[-1]["reason"]
    assert year_only.published.value is None and "calendar date" in year_only.published.rejected[-1]["reason"]


def test_publication_on_the_line_under_an_update_is_taken_and_both_lines_leave_the_text():
    cleaned = clean_text("Lindsay Lohan Checks Into Betty Ford Rehab\n\nUPDATED 05/03/2013 at 11:00 AM EDT\n"
                         "Originally published 05/03/2013 at 10:20 AM EDT\n\n"
                         "Lindsay Lohan checked into the Betty Ford Clinic in Rancho Mirage, Calif., on Thursday.")
    assert cleaned.published.value == "2013-05-03T10:20"
    assert cleaned.text.startswith("Lindsay Lohan checked into")


def test_update_time_printed_under_the_date_line_leaves_the_text():
    cleaned = clean_text("Lawyer: Lindsay Lohan checks into rehab facility\n\nMay 2, 2013, 1:12 PM\nUpdated 4:08 p.m.ET\n\n"
                         "Lindsay Lohan's attorney said Thursday the actress checked into a rehab facility.")
    assert cleaned.published.value == "2013-05-02T13:12"
    assert "Updated" not in cleaned.text
