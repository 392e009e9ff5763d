"""`newsfuse serve` as a user meets it: ingest while it runs, every bad request a 4xx (never 500), no
server paths, no large echo, the token off loopback, spelling variants of names found together."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from reader_helpers import SAMPLE, built_collection, free_port
from typer.testing import CliRunner

from newsfuse.api import create_app
from newsfuse.cli import app as cli
from newsfuse.store import Collection
from newsfuse.store.collection import CollectionBusy
from newsfuse.store.names import fold_name, matching_names

NEWSFUSE = [sys.executable, "-m", "newsfuse.cli"]


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(built_collection()["db"]), raise_server_exceptions=False) as test_client:
        yield test_client


# --- names ------------------------------------------------------------------------------------------

def test_spelling_variants_of_a_name_fold_together():
    variants = ["Kim Jong-un", "Kim Jong Un", "Kim Jong-Un", "KIM JONG UN", "Mr. Kim Jong Un's", "Kim Jongun"]
    assert len({fold_name(v) for v in variants}) == 1
    assert fold_name("Volodymyr Zelenskyy") == fold_name("Volodymyr Zélenskyy")
    names = variants + ["Kim Jong Il", "Kim Yo Jong", "Volodymyr Zelenskyy"]
    assert matching_names("kim jong-un", names) == variants  # not his father, not his sister
    assert matching_names("Zelensky", names) == ["Volodymyr Zelenskyy"]  # one letter short still found


def test_entity_search_in_the_collection_ignores_spelling(client):
    plain = client.get("/articles", params={"entity": "Xi Jinping", "per_page": 100}).json()
    assert plain["total"] >= 3
    for variant in ("xi-jinping", "XI JINPING", "Mr. Xi Jinping", "Xi Jinping's", "XiJinping"):
        assert client.get("/articles", params={"entity": variant, "per_page": 100}).json() == plain, variant


# --- pages read from the store ------------------------------------------------------------------

def test_article_page_shows_text_claims_with_status_and_events(client):
    article = client.get("/articles/a1").json()
    assert article["claims"] and article["event_records"]
    assert all(c["status"] in ("corroborated", "single_source", "conflicting") for c in article["claims"])
    assert all(s < len(article["sentences"]) for c in article["claims"] for s in c["sentences"])
    page = client.get("/ui/articles/a1").text
    assert article["sentences"][0][:40] in page
    assert f'href="/ui/events/{article["events"][0]}' in page
    assert "corroborated" in page or "single source" in page


def test_search_results_link_to_article_pages(client):
    page = client.get("/", params={"q": "Geneva"}).text
    assert 'href="/ui/articles/a4"' in page


def test_event_page_matches_the_whole_report_slice(client):
    from newsfuse.store import event_report

    db = built_collection()["db"]
    whole = Collection(db).report()
    event = next(e for e in whole["events"] if {"a1", "a2", "a3"} <= set(e["articles"]))
    api = client.get(f"/events/{event['id']}").json()
    sliced = event_report(whole, event["id"])
    assert [c["id"] for c in api["claims"]] == [c["id"] for c in sliced["claims"]]
    assert api["conflicts"] == sliced["conflicts"] and api["summary"] == sliced["summary"]


def test_no_answer_shows_a_server_path(client):
    root = str(built_collection()["inputs"].parent)
    event = client.get("/events").json()["items"][0]["id"]
    for path in ("/articles/a1", "/articles", f"/events/{event}", f"/ui/events/{event}", "/ui/articles/a1",
                 "/ui/report", "/?q=Putin", "/ui/compare?left=a1&right=a2"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert root not in response.text, path
    assert client.get("/articles/a1").json()["path"].endswith(".txt")


# --- never a 500 --------------------------------------------------------------------------------

BAD_GETS = [
    "/articles/" + "x" * 5000, "/events/%00", "/events/..%2F..%2Fetc%2Fpasswd", "/ui/events/%ff", "/ui/articles/'%22<b>",
    "/?page=abc", "/?page=-1", "/?page=100000000000", "/?entity=---", "/?entity=%25", "/?q=%5C%25_",
    "/?date_from=9999-99-99", "/?date_from=2024-06-01&date_to=2024-05-01", "/?q=" + "a" * 600,
    "/events?entity=" + "é" * 150, "/events?date_from=2024-02-30", "/claims?page=99999999999999999999",
    "/claims?status=maybe", "/claims?event=" + "e" * 300, "/articles?per_page=0", "/articles?per_page=abc",
    "/conflicts?page=abc", "/ui/compare?left=a1", "/ui/compare?left=a1&right=nope", "/events?q=%00",
    "/articles?outlet=%27%3B%20DROP%20TABLE%20articles%3B--",
]


@pytest.mark.parametrize("path", BAD_GETS)
def test_bad_requests_never_get_500(client, path):
    response = client.get(path)
    assert response.status_code < 500, (path, response.text[:300])
    assert len(response.content) < 20_000 or response.headers["content-type"].startswith("text/html")
    assert client.get("/articles/a1").status_code == 200  # the table survived the outlet "injection"


BAD_POSTS = [
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422),
    ({"content": b"\xff\xfe\x00", "headers": {"content-type": "application/json"}}, 400),
    ({"content": b'{"articles": [{"text": "x"}]}', "headers": {"content-type": "text/plain"}}, 422),
    ({"content": b"articles=1", "headers": {"content-type": "application/x-www-form-urlencoded"}}, 422),
    ({"content": b"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n",
      "headers": {"content-type": "multipart/form-data; boundary=x"}}, 422),
    ({"content": b"<articles/>", "headers": {"content-type": "application/xml"}}, 422),
    ({"json": [1, 2, 3]}, 422),
    ({"json": {"articles": "nope"}}, 422),
    ({"json": {"articles": [None]}}, 422),
    ({"json": {"articles": [{"text": 5}]}}, 422),
    ({"json": {"articles": [{"text": "t"}] * 51}}, 422),
    ({"json": {"articles": [{"text": "x" * 2_000_001}]}}, 422),
    ({"content": b"{}" + b" " * 21_000_000, "headers": {"content-type": "application/json"}}, 413),
]


@pytest.mark.parametrize("request_kwargs, code", BAD_POSTS)
def test_bad_uploads_get_a_short_4xx(client, request_kwargs, code):
    response = client.post("/articles", **request_kwargs)
    assert response.status_code == code, response.text[:300]
    assert len(response.content) < 5_000  # the 2 MB text is not sent back
    assert response.json()["detail"]


def test_upload_of_known_or_unreadable_articles_is_not_201(tmp_path):
    db = tmp_path / "c.duckdb"
    text = (SAMPLE / sorted(p.name for p in SAMPLE.glob("*.txt"))[0]).read_text(encoding="utf-8")
    with TestClient(create_app(db)) as fresh:
        added = fresh.post("/articles", json={"articles": [{"text": text, "outlet": "Wire"}]})
        assert added.status_code == 201 and added.json()["added"] == ["a1"]
        again = fresh.post("/articles", json={"articles": [{"text": text}]})
        assert again.status_code == 200 and again.json()["added"] == []
        assert "already in the collection" in again.json()["message"]
        unreadable = fresh.post("/articles", json={"articles": [{"html": "<html><body><script>x</script></body></html>"}]})
        assert unreadable.status_code == 422 and "no article could be read" in unreadable.json()["message"]
        assert "/tmp" not in unreadable.text and str(tmp_path) not in again.text


def test_writes_need_the_token_when_one_is_set(tmp_path):
    with TestClient(create_app(tmp_path / "c.duckdb", token="s3cret")) as guarded:
        body = {"articles": [{"text": "too short to matter"}]}
        assert guarded.post("/articles", json=body).status_code == 401
        assert guarded.post("/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert guarded.post("/articles", json=body, headers={"Authorization": "Bearer s3cret"}).status_code != 401
        assert guarded.get("/events").status_code == 200  # reading needs no token


def test_serve_refuses_a_public_host_without_a_token(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "c.duckdb"), "--host", "0.0.0.0"],
                                env={"NEWSFUSE_TOKEN": ""})
    assert result.exit_code == 2 and "--token" in result.output


# --- the file lock ------------------------------------------------------------------------------

def _hold_lock(db: Path, seconds: float) -> subprocess.Popen:
    """Another process with the collection open for `seconds` (as an ingest storing a batch)."""
    code = f"import duckdb, sys, time; c = duckdb.connect({str(db)!r}); print('held', flush=True); time.sleep({seconds})"
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_locked_collection_is_waited_for_then_refused_with_503(tmp_path):
    db = tmp_path / "c.duckdb"
    Collection(db)
    told = []
    holder = _hold_lock(db, 1.5)
    try:
        waiting = Collection(db, on_wait=told.append)
        assert waiting.version() == 0  # waited for the other process, then read
        assert told and f"PID {holder.pid}" in told[0]
    finally:
        holder.wait(timeout=30)
    impatient, app = Collection(db, lock_wait=0.3), create_app(db, read_lock_wait=0.3)
    holder = _hold_lock(db, 20)
    try:
        with pytest.raises(CollectionBusy):
            impatient.version()
        with TestClient(app) as busy:
            for path in ("/events", "/", "/articles/a1"):
                response = busy.get(path)
                assert response.status_code == 503 and response.headers["Retry-After"]
                assert "being updated" in response.json()["detail"]
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_ingest_while_serve_runs_loses_nothing_and_never_answers_500(tmp_path):
    """A real `newsfuse serve` and a real `newsfuse ingest` on one file, with readers hammering the
    server all the while: the ingest finishes, every report lands, no answer is a 500."""
    db, port = tmp_path / "c.duckdb", free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parents[1] / "src"),
                                                                    os.environ.get("PYTHONPATH")]))}
    serve = subprocess.Popen([*NEWSFUSE, "serve", "--db", str(db), "--port", str(port)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    statuses: list[int] = []
    stop = threading.Event()
    try:
        line = serve.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line, line + serve.stderr.read()
        url = re.search(r"http://\S+/", line)[0]

        def read_all_the_time() -> None:
            with httpx.Client(base_url=url, timeout=60) as reader:
                while not stop.is_set():
                    for path in ("/", "/events", "/articles?entity=Putin", "/articles/a1", "/claims"):
                        statuses.append(reader.get(path).status_code)

        readers = [threading.Thread(target=read_all_the_time) for _ in range(3)]
        for reader in readers:
            reader.start()
        ingest = subprocess.run([*NEWSFUSE, "ingest", str(SAMPLE), "--db", str(db)], env=env,
                                capture_output=True, text=True, timeout=900)
        stop.set()
        for reader in readers:
            reader.join(timeout=120)
        assert ingest.returncode == 0, ingest.stderr[-2000:]
        assert "Traceback" not in ingest.stderr
        with httpx.Client(base_url=url, timeout=60) as reader:
            listed = reader.get("/articles", params={"per_page": 100}).json()
        assert listed["total"] == len(list(SAMPLE.glob("*.txt")))
        assert statuses and 500 not in statuses, sorted(set(statuses))
        assert set(statuses) <= {200, 404, 503}  # a1 is 404 until the batch is stored
        waits = ingest.stderr.count("waiting for the collection lock held by")
        print(f"{len(statuses)} reads during the ingest: " + json.dumps({s: statuses.count(s) for s in set(statuses)})
              + f"; the ingest waited for the server's lock {waits} times")
    finally:
        stop.set()
        serve.terminate()
        serve.wait(timeout=30)
