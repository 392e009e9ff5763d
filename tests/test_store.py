"""The DuckDB collection on real sample reports: new texts are added once, ever."""
from __future__ import annotations

import pytest
from reader_helpers import built_collection
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.store import Collection, event_report


@pytest.fixture(scope="module")
def built():
    return built_collection()


def test_second_ingest_adds_only_the_new_reports(built):
    first, second, _ = built["runs"]
    assert first.added == ["a1", "a2"]
    assert second.added == ["a3", "a4"]  # the third sample report and the hostile one
    copy = [r for r in second.duplicates if r.path.endswith("copy-of-first.txt")]
    assert copy and copy[0].article == "a1" and "already in the collection" in copy[0].reason
    assert any(r.status == "skipped" and r.path.endswith("empty.txt") for r in second.failed)


def test_ingesting_the_same_folder_again_adds_nothing(built):
    _, _, third = built["runs"]
    assert third.added == []
    counts = built["counts"]
    assert counts[2]["articles"] == counts[1]["articles"] == 4
    assert counts[2]["events"] == counts[1]["events"] and counts[2]["claims"] == counts[1]["claims"]
    assert counts[2]["inputs"] == counts[1]["inputs"]  # re-reading an input does not add a row


def test_events_and_claims_cover_the_whole_collection(built):
    report = Collection(built["db"]).report()
    assert {a["id"] for a in report["articles"]} == {"a1", "a2", "a3", "a4"}
    covered = {a for event in report["events"] for a in event["articles"]}
    assert covered == {"a1", "a2", "a3", "a4"}
    xi_putin = [e for e in report["events"] if {"a1", "a2", "a3"} <= set(e["articles"])]
    assert xi_putin, "the three Xi–Putin reports form one event across two ingest runs"
    assert report["claims"] and all(c["event"] in {e["id"] for e in report["events"]} for c in report["claims"])
    sliced = event_report(report, xi_putin[0]["id"])
    assert {a["id"] for a in sliced["articles"]} == set(xi_putin[0]["articles"])
    assert event_report(report, "no-such-event") is None


def test_every_input_keeps_its_fate(built):
    report = Collection(built["db"]).report()
    fates = {r["path"].rsplit("/", 1)[-1]: r for r in report["inputs"]}
    assert fates["empty.txt"]["status"] == "skipped" and fates["empty.txt"]["reason"]
    assert fates["copy-of-first.txt"]["status"] == "skipped" and fates["copy-of-first.txt"]["article"] == "a1"
    assert sum(1 for r in report["inputs"] if r["status"] == "ok") == 4


def test_search_by_text_entity_and_literal_wildcards(built):
    collection = Collection(built["db"])
    assert collection.search_articles(q="zhongnanhai")  # case-insensitive text search
    assert collection.search_articles(q="Geneva") == ["a4"]
    assert set(collection.search_articles(entity="Putin")) >= {"a1", "a2", "a3"}
    assert collection.search_articles(q="%") == []  # a typed % is a character, not a wildcard


def test_cli_ingest_twice_reports_nothing_new(built, tmp_path):
    """The command a user runs, on the already built collection: nothing new, exit 0."""
    result = CliRunner().invoke(app, ["ingest", str(built["inputs"]), "--db", str(built["db"])])
    assert result.exit_code == 0, result.output
    assert "0 new articles, 5 already in the collection" in result.output.replace("\n", " ")
