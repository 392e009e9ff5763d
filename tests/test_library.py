"""The public Python API: the README example runs as written, inputs of every kind, no global effects."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Python API", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The README's Python API block, run in a folder holding the repo's examples/."""
    folder = tmp_path_factory.mktemp("readme")
    (folder / "examples").symlink_to(ROOT / "examples")
    here = os.getcwd()
    os.chdir(folder)
    try:
        scope: dict = {}
        exec(compile(_readme_example(), "README.md", "exec"), scope)
    finally:
        os.chdir(here)
    return scope


def test_readme_example_analyses_every_kind_of_input(example):
    analysis = example["analysis"]
    records = analysis.inputs
    by_item = {r.item: r for r in records}
    # Five files of the example folder, then three in-memory inputs numbered in order.
    assert [r.status for r in records if r.path.endswith(".txt")] == ["ok"] * 5
    assert by_item["item 1"].status == "ok" and by_item["item 2"].status == "ok"
    assert by_item["item 3"].status == "skipped"  # a page of navigation only: no article text
    assert len(analysis.articles) == 7
    dict_article = next(a for a in analysis.articles if a.outlet == "Reuters")
    assert dict_article.published.value == "2024-05-16"
    # The five reports of the Xi-Putin meeting are one event, with claims and a report.
    assert analysis.events and max(len(e.articles) for e in analysis.events) >= 5
    report = analysis.to_json()
    assert report["schema_version"] == "1" and len(report["articles"]) == 7
    assert report["events"][0]["id"] == analysis.events[0].id
    assert "<html" in example["page"].lower() and analysis.events[0].title in analysis.to_markdown()


def test_readme_example_collection(example):
    events, articles = example["events"], example["articles"]
    assert events and all("Putin" in " ".join([e.title or "", *e.participants, *e.places]) or e.articles
                          for e in events)
    assert articles and all("Xi" in a.text for a in articles)


def test_settings_hold_todays_values_with_provenance(example):
    from newsfuse.reuse import candidates

    settings = example["settings"]
    assert settings["reuse.candidates.LSH_THRESHOLD"] == candidates.LSH_THRESHOLD
    assert "bench/reuse.py" in settings.provenance("reuse.candidates.LSH_THRESHOLD")
    with example["stricter"].applied():
        assert candidates.LSH_THRESHOLD == 0.3
    assert candidates.LSH_THRESHOLD == settings["reuse.candidates.LSH_THRESHOLD"]


def test_import_changes_nothing_global():
    """Importing newsfuse and reaching its API loads no model and leaves the environment alone."""
    code = ("import os, sys; before = dict(os.environ); import newsfuse; newsfuse.analyze; newsfuse.Collection; "
            "newsfuse.Settings; assert dict(os.environ) == before, set(os.environ) ^ set(before); "
            "assert 'torch' not in sys.modules and 'sentence_transformers' not in sys.modules; print('ok')")
    env = {k: v for k, v in os.environ.items() if k not in {"HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"}}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_bad_inputs_never_crash():
    import newsfuse

    analysis = newsfuse.analyze(["", 42, {"title": "no text"}, "no/such/file.txt", newsfuse.Document(title="t")])
    reasons = [(r.status, r.reason) for r in analysis.inputs]
    assert reasons[0] == ("skipped", "empty text")
    assert reasons[1][0] == "error" and "not a path, text, dict or Document" in reasons[1][1]
    # told in Python's terms, not the CLI's
    assert reasons[2][0] == "skipped" and "'text' or 'html'" in reasons[2][1]
    assert "fields=" in reasons[2][1] and "--field" not in reasons[2][1]
    assert reasons[3] == ("error", "no such file or folder")
    assert reasons[4] == ("skipped", "Document has no text or html")
    assert analysis.articles == [] and analysis.to_json()["run"]["articles"] == 0


def test_collection_and_analyze_agree_on_one_batch(example):
    """The same articles through `Collection.add` (one batch) and `analyze`: the same events, reuse
    and claims, since both run `stages.run_stages` (the batch's window is then the whole pile)."""
    import newsfuse

    stored = example["collection"].to_json()
    analysis = newsfuse.analyze([ROOT / "examples" / "xi-putin-2024-05"]).to_json()

    def events(report):
        return sorted(sorted(e["articles"]) for e in report["events"])

    def reuse(report):
        return sorted((r["source"], r["derived"], r["kind"]) for r in report["reuse"])

    def claims(report):
        return sorted((c["text"], c["status"], c["independent_sources"]) for c in report["claims"])

    assert events(stored) == events(analysis) and events(analysis)
    assert reuse(stored) == reuse(analysis)
    assert claims(stored) == claims(analysis) and claims(analysis)
