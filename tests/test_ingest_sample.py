"""Ingest of the five real sample reports: titles, header dates, page furniture, cited sources."""
import pytest

from newsfuse.ingest import ingest


@pytest.fixture(scope="module")
def sample(sample_dir):
    pairs = list(ingest([sample_dir]))
    return {record.path.rsplit("/", 1)[-1][:3]: (record, article) for record, article in pairs}


def test_every_sample_report_is_ingested_ok(sample):
    assert len(sample) == 5
    assert all(record.status == "ok" and article is not None for record, article in sample.values())


def test_titles_come_from_title_lines_and_duplicates_are_dropped(sample):
    _, a000 = sample["000"]
    assert a000.title == "Xi Jinping and Vladimir Putin Meet to Discuss Ukraine Crisis and Strengthen Bilateral Ties"
    # 000 repeats its headline; the body must start with the standfirst, not the headline again.
    assert a000.text.startswith("Xi Jinping and Vladimir Putin discussed the Ukraine crisis")
    assert sample["001"][1].title.startswith("Xi Jinping Holds Small-group Talks")
    assert sample["004"][1].title == "Xi-Putin sign, issue joint statement on deepening China-Russia ties"
    assert all(sample[key][1].has_headline for key in ("000", "001", "004"))


def test_reports_without_a_title_line_get_a_marked_fallback_title(sample):
    for key in ("002", "003"):
        article = sample[key][1]
        assert article.title and "first sentence" in article.title_evidence
        assert not article.has_headline


def test_header_dates_are_read_with_evidence(sample):
    a001 = sample["001"][1]
    assert a001.published.value == "2024-05-17T02:14"
    assert "2024-05-17 02:14" in a001.published.evidence
    a003 = sample["003"][1]
    assert a003.published.value == "2025-05-08"
    assert not a003.text.lstrip().startswith("date")


def test_page_banner_date_is_not_taken_as_publication_date(sample):
    published = sample["004"][1].published
    assert published.value is None
    assert published.rejected and published.rejected[0]["value"] == "2024-06-20"
    assert "banner" in published.rejected[0]["reason"]


def test_undated_reports_have_no_invented_date_or_outlet(sample):
    for key in ("000", "002"):
        article = sample[key][1]
        assert article.published.value is None
        assert article.outlet is None


def test_boilerplate_lines_are_removed_and_listed(sample):
    a000 = sample["000"][1]
    for line in ("Leave a Comment", "Scroll to Top", "Post's Author"):
        assert line in a000.removed_boilerplate
        assert line not in a000.text
    a001 = sample["001"][1]
    assert any(line.startswith("Home") and "China News" in line for line in a001.removed_boilerplate)
    assert "Suggest To a Friend" not in a001.text
    a004 = sample["004"][1]
    assert {"Share on", "Related News", "Latest News"} <= set(a004.removed_boilerplate)
    assert "Related News" not in a004.text


def test_cited_wires_and_readouts_are_attributed(sample):
    assert {"AFP", "Xinhua", "Kremlin readout"} <= set(sample["002"][1].attributed_sources)
    assert {"CNN", "Xinhua"} <= set(sample["004"][1].attributed_sources)
    assert "UNN" in sample["003"][1].attributed_sources
    # 001 cites nobody: mentioning China is not citing a source.
    assert sample["001"][1].attributed_sources == []


def test_language_is_detected(sample):
    assert all(article.language == "en" for _, article in sample.values())


def test_mojibake_in_a_real_dataset_text_is_repaired_and_said(shared_data):
    # PolNeAR's NYT text holds UTF-8 once decoded as Windows-1252, some of it NFKC-split after.
    path = shared_data / "polnear/train/text/nyt_2016-04-23_even-signed-climate-deal-won-t-e.txt"
    (record, article), = ingest([path])
    assert "Ségolène Royal" in article.text and "François Delattre" in article.text
    assert "Ã" not in article.text
    assert "mis-decoded characters repaired" in record.reason and article.warnings


def test_clean_text_is_left_as_it_is(sample):
    record, article = sample["000"]
    assert "repaired" not in record.reason and not article.warnings
