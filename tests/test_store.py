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


def test_the_collection_counts_terms_batch_by_batch_as_over_all_its_reports(built):
    """The document frequencies a collection keeps, one batch's reports added at a time, are those
    of all its reports counted at once (what `analyze` of them weighs words by)."""
    from newsfuse.events.grouping import segment_terms
    from newsfuse.events.linkage import TermCounts
    from newsfuse.store import schema
    from newsfuse.store.incremental import load_articles, load_times

    with Collection(built["db"]).connect() as con:
        ids = {row[0] for row in con.execute("SELECT id FROM articles").fetchall()}
        articles, times = load_articles(con, ids), load_times(con, ids)
        stored = dict(con.execute("SELECT term, documents FROM term_documents").fetchall())
        documents = schema.get(con, "term_documents")
    own = [t for article in ids for t in times[article].own]
    whole = TermCounts.of([terms for parts in segment_terms(list(articles.values()), own).values() for terms in parts])
    assert documents == whole.documents >= len(ids)
    assert stored == dict(whole.counts)


def test_a_later_batch_compares_stored_reports_on_their_stored_parses(built):
    """Stored reports come back with the parse the nlp stage attached when they were new, so
    re-comparing their event parses only the new report."""
    from newsfuse.nlp import MAX_PARSE_CHARS, doc_from_bytes

    _, second, _ = built["runs"]
    collection = Collection(built["db"])
    report = collection.report()
    compared = set(second.stats["compared_events"])
    stored = {a for e in report["events"] if e["id"] in compared for a in e["articles"]} & set(built["runs"][0].added)
    assert stored and second.stats["docs_restored"] == len(stored)
    texts = {a["id"]: a["text"] for a in report["articles"]}
    with collection.connect() as con:
        rows = con.execute("SELECT article, data FROM article_docs").fetchall()
    assert {a for a, _ in rows} == set(texts)
    assert all(doc_from_bytes(bytes(data)).text == texts[a][:MAX_PARSE_CHARS] for a, data in rows)


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


# --- incremental batches on real PolNeAR reports --------------------------------------------------
# Two days far apart in the first batch; the second batch is from the day after the later one, with a
# rewrite of one of its reports. Only the later day's events and those of the new reports' nearest
# stored reports may be regrouped; the early events keep their ids and rows.

EARLY, LATE, NEXT = "2015-11-18", "2016-09-28", "2016-09-29"


def _polnear_reports(data, day: str, count: int) -> list[dict]:
    """The `count` shortest PolNeAR texts (of at least 800 characters) published on `day`."""
    import csv

    folder = data / "polnear"
    paths = {p.stem: p for p in folder.glob("*/text/*.txt")}
    with open(folder / "metadata.tsv", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t")
                if r["publication_date"] == day and r["filename"] in paths]
    reports = [{"text": paths[r["filename"]].read_text(encoding="utf-8"), "title": r["title"],
                "outlet": r["publisher"], "published": day, "url": f"https://polnear.example/{r['filename']}"}
               for r in rows]
    reports = sorted((r for r in reports if len(r["text"]) >= 800), key=lambda r: len(r["text"]))[:count]
    if len(reports) < count:
        pytest.skip(f"PolNeAR has fewer than {count} usable reports on {day}")
    return reports


def _rewrite(report: dict) -> dict:
    """The report as another outlet runs it the next day, its last paragraph cut."""
    paragraphs = [p for p in report["text"].split("\n\n") if p.strip()]
    return {**report, "text": "\n\n".join(paragraphs[:-1] if len(paragraphs) > 2 else paragraphs),
            "outlet": "Rewrite Daily", "published": NEXT, "url": report["url"] + "/rewrite"}


def _jsonl(path, reports: list[dict], broken: bool = False):
    import json

    lines = [json.dumps(r) for r in reports] + (['{"text": "unterminated'] if broken else [])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def growing(shared_data, tmp_path_factory):
    root = tmp_path_factory.mktemp("growing")
    early, late = _polnear_reports(shared_data, EARLY, 2), _polnear_reports(shared_data, LATE, 3)
    original = max(late, key=lambda r: r["text"].count("\n\n"))
    first = _jsonl(root / "first.jsonl", early + late, broken=True)
    second = _jsonl(root / "second.jsonl", _polnear_reports(shared_data, NEXT, 2) + [_rewrite(original)])
    collection = Collection(root / "news.duckdb")
    runs = [collection.add([first])]
    before = collection.report()
    runs.append(collection.add([second]))
    after = collection.report()
    by_url = {a["url"]: a["id"] for a in after["articles"]}
    return {"runs": runs, "before": before, "after": after, "collection": collection,
            "early": {by_url[r["url"]] for r in early}, "late": {by_url[r["url"]] for r in late},
            "original": by_url[original["url"]], "rewrite": by_url[original["url"] + "/rewrite"]}


def _events_of(report: dict, articles: set[str]) -> dict[str, dict]:
    return {e["id"]: e for e in report["events"] if articles & set(e["articles"])}


def test_a_batch_regroups_only_the_events_of_its_window(growing):
    """The window: the events of the batch's date window and of each new report's nearest stored
    reports (a report whose lead gives no date may join an event of an earlier day), no others."""
    stats = growing["runs"][1].stats
    loaded, regrouped = set(stats["loaded_articles"]), set(stats["recomputed_events"])
    near = set(stats["nearest_stored"])
    assert growing["late"] <= loaded, "the stored reports of the late day were regrouped"
    assert loaded <= growing["late"] | near, "no stored report outside the dates and the neighbours"
    early_events = set(_events_of(growing["before"], growing["early"]))
    assert not (regrouped & early_events) or near & growing["early"]
    assert set(stats["compared_events"]) <= set(stats["events_after"]), "compare reran only regrouped events"


def test_events_outside_the_window_keep_their_ids_and_rows(growing):
    before, after = growing["before"], growing["after"]
    regrouped = set(growing["runs"][1].stats["recomputed_events"])
    untouched = {e["id"]: e for e in before["events"] if e["id"] not in regrouped}
    kept = {e["id"]: e for e in after["events"]}
    assert all(kept.get(event_id) == event for event_id, event in untouched.items())
    claims = lambda report: [c for c in report["claims"] if c["event"] in untouched]  # noqa: E731
    assert claims(after) == claims(before)
    # a regrouped event that comes out with the same reports keeps its id
    same = [(e["id"], a["id"]) for e in before["events"] for a in after["events"] if set(e["articles"]) == set(a["articles"])]
    assert same and all(old == new for old, new in same)


def test_a_regrouped_event_keeps_its_id_and_new_events_take_fresh_ones(growing):
    before, after = growing["before"], growing["after"]
    home = next(e["id"] for e in before["events"] if growing["original"] in e["articles"])
    now = next(e for e in after["events"] if e["id"] == home)
    assert growing["original"] in now["articles"], "the event keeps its id while its reports stay together"
    numbers = lambda report: {int(e["id"][1:]) for e in report["events"]}  # noqa: E731
    fresh = numbers(after) - numbers(before)
    assert all(n > max(numbers(before)) for n in fresh), "ids of replaced events are never handed out again"


def test_reuse_between_a_new_and_a_stored_report_is_found(growing):
    pairs = {(r["source"], r["derived"]): r for r in growing["after"]["reuse"]}
    relation = pairs.get((growing["original"], growing["rewrite"]))
    assert relation and relation["kind"] in {"copy", "rewrite"}
    assert "dates" in relation["direction_evidence"]


def test_the_report_lists_every_input_and_every_article_in_an_event(growing):
    report = growing["after"]
    assert len(report["inputs"]) == 2 + 3 + 1 + 3  # both files' lines, the broken one included
    assert [r["status"] for r in report["inputs"]].count("error") == 1
    ids = {a["id"] for a in report["articles"]}
    assert ids == {r["article"] for r in report["inputs"] if r["status"] == "ok"}
    assert ids == {a for e in report["events"] for a in e["articles"]}
    assert {t["article"] for t in report["temporal"]} <= ids
    assert all(c["event"] in {e["id"] for e in report["events"]} for c in report["claims"])


def test_the_collection_report_has_every_key_of_a_pipeline_report(growing):
    from newsfuse.pipeline import Analysis
    from newsfuse.report import build_report

    report = growing["after"]
    assert list(report) == list(build_report(Analysis()))
    assert set(report["outlet_coverage"]) == {e["id"] for e in report["events"]}
    for key in ("events", "reuse", "claims", "temporal", "articles"):
        assert report[key], key


def test_stable_ids_follow_the_majority_of_each_stored_event():
    from newsfuse.models import Event, MixedArticle
    from newsfuse.store.window import rename, stable_ids

    old = {"e3": {"a1", "a2", "a3"}, "e4": {"a4"}, "e5": {"a5", "a6"}}
    # e3 grows, e4 merges into e3's successor (the larger share wins), e5 splits evenly (no majority)
    events = [Event(id="e1", title="", articles=["a1", "a2", "a3", "a4", "a9"]),
              Event(id="e2", title="", articles=["a5"]), Event(id="e3", title="", articles=["a6"])]
    mapping, next_number = stable_ids(events, old, 6)
    assert mapping == {"e1": "e3", "e2": "e6", "e3": "e7"} and next_number == 8
    mixed = [MixedArticle(article="a5", events=["e2", "e3"],
                          explanation='sentences 0-3 report e2 (date unknown, Paris); sentences 4-6 report e3 '
                                      '(2016-01-02, Rome); switches at sentence 4: "Meanwhile in Rome"')]
    rename(events, mixed, mapping)
    assert [e.id for e in events] == ["e3", "e6", "e7"] and mixed[0].events == ["e6", "e7"]
    assert "report e6 (date" in mixed[0].explanation and "report e7 (2016" in mixed[0].explanation


def test_events_grouped_when_the_collection_was_much_smaller_are_stale():
    """An event is regrouped once the collection's document frequencies count more than
    REGROUP_GROWTH times the segments they counted when it was grouped."""
    import duckdb

    from newsfuse.store import schema, window

    con = duckdb.connect()
    schema.create(con)
    for number, documents in ((1, 40), (2, 80), (3, 100)):
        con.execute("INSERT INTO events VALUES (?, ?, NULL, NULL, NULL, '{}', ?)", [f"e{number}", number, documents])
    grown = 80 * window.REGROUP_GROWTH
    assert window.stale_events(con, int(grown)) == {"e1"}  # e2's counts grew by exactly the factor
    assert window.stale_events(con, int(grown) + 1) == {"e1", "e2"}
    assert window.stale_events(con, 40) == set()
