"""`newsfuse analyze` end to end, as a user runs it: the sample plus bad inputs in one run."""
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app

SPEC_KEYS = {"schema_version", "generated_at", "inputs", "articles", "temporal", "events", "mixed_articles",
             "reuse", "claims", "conflicts", "framing", "summary"}
HOSTILE = ("Officials met in Geneva on Monday to discuss the ceasefire, the ministry said. "
           "<script>alert('owned')</script> The talks ended without agreement, <b>bold</b> delegates said, "
           "and a new round was planned. ![x](javascript:alert(1)) [click](http://evil.example)")


@pytest.fixture(scope="module")
def run(tmp_path_factory, sample_dir):
    root = tmp_path_factory.mktemp("cli")
    inputs = root / "inputs"
    inputs.mkdir()
    for path in sample_dir.iterdir():
        (inputs / path.name).write_bytes(path.read_bytes())
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "hostile.txt").write_text("Ceasefire talks end <script>alert(2)</script> without deal\n\n" + HOSTILE)
    (inputs / "broken.jsonl").write_text('{"text": "fine but short"}\n{oops\n')
    (inputs / "future.jsonl").write_text(json.dumps({"text": HOSTILE.replace("<script>", ""), "published": "2031-03-01"}) + "\n")
    out = root / "out"
    result = CliRunner().invoke(app, ["analyze", str(inputs), "--out", str(out)])
    return result, out, json.loads((out / "report.json").read_text())


def test_exit_code_is_zero_when_something_was_analysed(run):
    result, _, _ = run
    assert result.exit_code == 0, result.output


def test_every_spec_key_is_present(run):
    _, _, report = run
    assert SPEC_KEYS <= set(report)
    assert report["schema_version"] == "1"


def test_every_input_item_is_accounted_for(run):
    _, _, report = run
    items = {(Path(r["path"]).name, r["item"].rsplit("/", 1)[-1]): r for r in report["inputs"]}
    assert len(report["inputs"]) == 5 + 1 + 1 + 2 + 1
    assert items[("empty.txt", "empty.txt")]["status"] == "skipped"
    assert items[("broken.jsonl", "line 1")]["status"] == "skipped"
    assert items[("broken.jsonl", "line 2")]["status"] == "error"
    ok_ids = {r["article"] for r in report["inputs"] if r["status"] == "ok"}
    assert ok_ids == {a["id"] for a in report["articles"]}
    assert all(r["reason"] for r in report["inputs"] if r["status"] != "ok")


def test_warnings_name_the_bad_inputs_on_stderr(run):
    result, _, _ = run
    assert "empty.txt" in result.stderr and "broken.jsonl" in result.stderr


def test_future_publication_date_is_rejected_and_said(run):
    result, _, report = run
    future = next(a for a in report["articles"] if a["path"].endswith("future.jsonl"))
    assert future["published"]["value"] != "2031-03-01"
    assert future["published"]["rejected"][0]["value"].startswith("2031-03-01")
    assert "future.jsonl" in result.stderr and "2031-03-01" in result.stderr


def test_sample_articles_have_titles_texts_and_sentences(run):
    _, _, report = run
    sample = [a for a in report["articles"] if re.match(r"00\d_", Path(a["path"]).name)]
    assert len(sample) == 5
    for article in sample:
        assert article["title"] and len(article["text"]) > 500 and len(article["sentences"]) > 5
        assert article["language"] == "en"


def test_every_article_has_at_least_one_event(run):
    _, _, report = run
    covered = {a for event in report["events"] for a in event["articles"]}
    assert covered == {a["id"] for a in report["articles"]}


def test_temporal_values_point_at_real_sentences(run):
    _, _, report = run
    articles = {a["id"]: a for a in report["articles"]}
    assert report["temporal"]
    for expression in report["temporal"]:
        sentence = articles[expression["article"]]["sentences"][expression["sentence"]]
        assert expression["text"] in sentence
        assert expression["anchor"] in {"published", "explicit", "event", "context"}


def test_html_report_escapes_article_text(run):
    _, out, _ = run
    html = (out / "report.html").read_text()
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(" in html
    assert "<b>bold</b>" not in html


def test_markdown_report_escapes_article_html(run):
    _, out, _ = run
    md = (out / "report.md").read_text()
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "## Appendix: every input" in md


def test_nothing_analysable_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 1
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert [r["status"] for r in report["inputs"]] == ["skipped"]


def test_jsonl_field_mapping_is_validated(tmp_path):
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "--field", "body"])
    assert result.exit_code != 0 and "NAME=FIELD" in result.output + result.stderr


def test_text_inputs_are_named_by_title_or_file_never_outlet_unknown(run):
    _, out, report = run
    html, md = (out / "report.html").read_text(), (out / "report.md").read_text()
    assert "outlet unknown" not in html and "Outlet: unknown" not in md
    for article in report["articles"]:
        if not article["outlet"]:  # a text input: its summary line names the file
            summary = re.search(rf'<details id="{article["id"]}">\s*<summary>(.*?)</summary>', html, re.S).group(1)
            assert Path(article["path"]).name in summary


def test_index_of_events_opens_the_report_largest_first(run):
    _, out, report = run
    html, md = (out / "report.html").read_text(), (out / "report.md").read_text()
    index = re.search(r'<table class="index">(.*?)</table>', html, re.S).group(1)
    linked = re.findall(r'<a href="#([^"]+)">', index)
    assert sorted(linked) == sorted(e["id"] for e in report["events"])
    sizes = [len(next(e for e in report["events"] if e["id"] == i)["articles"]) for i in linked]
    assert sizes == sorted(sizes, reverse=True)
    assert html.index('class="index"') < html.index('<section class="event"')
    assert md.index("## Events, largest first") < md.index("## Articles")
