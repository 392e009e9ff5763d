"""The JSON API over a real collection, through httpx against the running server on loopback."""
from __future__ import annotations

import shutil

import httpx
import pytest
from reader_helpers import LiveServer, built_collection


@pytest.fixture(scope="module")
def api():
    with LiveServer(built_collection()["db"]) as server, httpx.Client(base_url=server.url, timeout=120) as client:
        yield client


def test_openapi_schema_lists_the_endpoints(api):
    schema = api.get("/openapi.json").json()
    for path in ("/events", "/events/{event_id}", "/articles", "/articles/{article_id}", "/claims", "/conflicts"):
        assert path in schema["paths"], path
    assert "post" in schema["paths"]["/articles"]


def test_events_list_and_one_event(api):
    page = api.get("/events").json()
    assert page["total"] >= 1 and page["page"] == 1
    event_id = next(e["id"] for e in page["items"] if {"a1", "a2", "a3"} <= set(e["articles"]))
    event = api.get(f"/events/{event_id}").json()
    assert event["claims"] and all(c["event"] == event_id for c in event["claims"])
    assert {a["id"] for a in event["article_records"]} == set(event["articles"])


def test_pagination_walks_every_item_once(api):
    total = api.get("/articles").json()["total"]
    seen = []
    for number in range(1, total + 1):
        page = api.get("/articles", params={"per_page": 1, "page": number}).json()
        assert page["pages"] == total
        seen += [a["id"] for a in page["items"]]
    assert sorted(seen) == sorted(set(seen)) and len(seen) == total
    assert api.get("/articles", params={"page": total + 1, "per_page": 1}).json()["items"] == []


def test_article_by_id_keeps_hostile_text_as_data(api):
    hostile = api.get("/articles", params={"q": "Geneva"}).json()["items"]
    assert [a["id"] for a in hostile] == ["a4"]
    article = api.get("/articles/a4").json()
    assert "<script>window.__pwned=1" in article["text"] and article["events"]


def test_search_by_entity_outlet_and_dates(api):
    assert {a["id"] for a in api.get("/articles", params={"entity": "putin"}).json()["items"]} >= {"a1", "a2", "a3"}
    assert api.get("/articles", params={"outlet": "no such outlet"}).json()["total"] == 0
    assert api.get("/events", params={"q": "Zhongnanhai"}).json()["total"] >= 1
    assert api.get("/events", params={"q": "Zhongnanhai", "date_from": "1990-01-01", "date_to": "1990-12-31"}).json()["total"] == 0


def test_claims_filtered_by_status(api):
    for status in ("corroborated", "single_source", "conflicting"):
        page = api.get("/claims", params={"status": status, "per_page": 100}).json()
        assert all(c["status"] == status for c in page["items"])
    assert api.get("/claims", params={"status": "single_source"}).json()["total"] > 0


@pytest.mark.parametrize("path, params, code, says", [
    ("/events/e-nope", {}, 404, "no event with id 'e-nope'"),
    ("/articles/a999", {}, 404, "no article with id 'a999'"),
    ("/claims", {"event": "e-nope"}, 404, "no event"),
    ("/events", {"date_from": "2024-13-45"}, 422, "date_from"),
    ("/articles", {"date_to": "yesterday"}, 422, "date_to"),
    ("/events", {"per_page": 1000000}, 422, "less than or equal to 100"),
    ("/events", {"page": 0}, 422, "greater than or equal to 1"),
    ("/claims", {"status": "true"}, 422, "corroborated"),
    ("/articles", {"date_from": "2024-06-01", "date_to": "2024-05-01"}, 400, "is after"),
])
def test_bad_requests_get_clear_4xx(api, path, params, code, says):
    response = api.get(path, params=params)
    assert response.status_code == code
    assert says in response.text


def test_bad_uploads_are_refused(api):
    assert api.post("/articles", json={"articles": []}).status_code == 422
    response = api.post("/articles", json={"articles": [{"title": "no body"}]})
    assert response.status_code == 422 and "needs 'text' or 'html'" in response.text
    assert api.post("/articles", content=b"{not json", headers={"content-type": "application/json"}).status_code == 422


def test_upload_adds_an_article_once(tmp_path):
    """On a copy of the collection, so the other tests see the collection as built."""
    db = tmp_path / "copy.duckdb"
    shutil.copy(built_collection()["db"], db)
    text = ("Chinese President Xi Jinping and Russian President Vladimir Putin met in Beijing on Thursday, "
            "16 May 2024, and signed a joint statement on deepening their partnership, state media reported. "
            "The two leaders discussed the war in Ukraine and trade between their countries.")
    body = {"articles": [{"title": "Xi and Putin sign joint statement", "text": text, "outlet": "Test Wire",
                          "published": "2024-05-16"}]}
    with LiveServer(db) as server, httpx.Client(base_url=server.url, timeout=300) as client:
        first = client.post("/articles", json=body)
        assert first.status_code == 201 and first.json()["added"] == ["a5"]
        again = client.post("/articles", json=body).json()
        assert again["added"] == [] and again["duplicates"][0]["article"] == "a5"
        article = client.get("/articles/a5").json()
        assert article["outlet"] == "Test Wire" and article["events"]
        assert client.get("/articles", params={"outlet": "test wire"}).json()["total"] == 1
