"""The web app behind `newsfuse serve`: HTML pages for people, a paginated JSON API for programs.

HTML: `/` (events, with search by text, entity, outlet and date range), `/ui/events/{id}` (the
event's full report page), `/ui/report` (the whole collection), `/ui/compare?left=&right=` (any two
articles side by side). JSON: `/events`, `/events/{id}`, `/articles`, `/articles/{id}`, `/claims`,
`/conflicts`, `POST /articles` (upload); the OpenAPI schema is at `/openapi.json`.

The collection report is rebuilt from DuckDB only when the collection changed (one run = one
version), so browsing costs no analysis.
"""
from __future__ import annotations

import datetime as dt
import json
import tempfile
import threading
from pathlib import Path
from typing import Any, Literal, Optional

from fastapi import Body, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field, model_validator

from ..report.html import align_pair, render_html, render_page
from ..store.collection import Collection
from ..store.views import event_report, search_events

MAX_PER_PAGE = 100
MAX_UPLOAD = 50
MAX_TEXT = 2_000_000

PageNumber = Query(1, ge=1, description="1-based page number.")
PerPage = Query(20, ge=1, le=MAX_PER_PAGE, description=f"Items per page, at most {MAX_PER_PAGE}.")


class ArticleIn(BaseModel):
    """One uploaded article: `text` or `html` is required; the rest is optional metadata."""

    text: Optional[str] = Field(None, max_length=MAX_TEXT)
    html: Optional[str] = Field(None, max_length=MAX_TEXT)
    title: Optional[str] = Field(None, max_length=2000)
    url: Optional[str] = Field(None, max_length=4000)
    outlet: Optional[str] = Field(None, max_length=500)
    published: Optional[str] = Field(None, max_length=100)

    @model_validator(mode="after")
    def _needs_content(self) -> "ArticleIn":
        if not (self.text or self.html):
            raise ValueError("each article needs 'text' or 'html'")
        return self


class Upload(BaseModel):
    articles: list[ArticleIn] = Field(..., min_length=1, max_length=MAX_UPLOAD)


class _ReportCache:
    """The collection's report dict, rebuilt when the collection's version changes."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self._lock = threading.Lock()
        self._version = -1
        self._report: dict[str, Any] = {}

    def get(self) -> dict[str, Any]:
        version = self.collection.version()
        with self._lock:
            if version != self._version:
                self._report, self._version = self.collection.report(), version
            return self._report


def create_app(db: str | Path) -> FastAPI:
    collection = Collection(db)
    cache = _ReportCache(collection)
    app = FastAPI(title="newsfuse", version="1",
                  description="What many news reports of the same events say, and how well each part is "
                              "established. All lists are paginated with `page` and `per_page`.",
                  docs_url=None, redoc_url=None)  # the docs pages load scripts from a CDN; the schema suffices

    def filters(q: str | None, entity: str | None, outlet: str | None, date_from: dt.date | None,
                date_to: dt.date | None) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
        if date_from and date_to and date_from > date_to:
            raise HTTPException(400, f"date_from {date_from} is after date_to {date_to}")
        report = cache.get()
        searching = any((q, entity, outlet, date_from, date_to))
        hits = collection.search_articles(q, entity, outlet, date_from, date_to) if searching else None
        article_filter = set(hits) if any((q, entity, outlet)) else None
        events = search_events(report, article_filter, q, entity, date_from, date_to, strict=bool(outlet))
        if (date_from or date_to) and hits:  # an event also matches when one of its reports is dated in range
            extra = [e for e in report["events"] if e not in events and set(e["articles"]) & set(hits)]
            events += extra
        return report, events, hits if hits is not None else [a["id"] for a in report["articles"]]

    # --- JSON API ----------------------------------------------------------------------------

    @app.get("/events", tags=["events"], summary="Events, newest first, optionally searched")
    def list_events(q: Optional[str] = Query(None, max_length=500, description="Text in a report or the event."),
                    entity: Optional[str] = Query(None, max_length=200, description="A person, place or organisation."),
                    outlet: Optional[str] = Query(None, max_length=200),
                    date_from: Optional[dt.date] = Query(None, description="YYYY-MM-DD"),
                    date_to: Optional[dt.date] = Query(None, description="YYYY-MM-DD"),
                    page: int = PageNumber, per_page: int = PerPage) -> dict[str, Any]:
        report, events, _ = filters(q, entity, outlet, date_from, date_to)
        counts = _claim_counts(report)
        items = [{**_event_summary(e), **counts.get(e["id"], {})} for e in _newest_first(events)]
        return _page(items, page, per_page)

    @app.get("/events/{event_id}", tags=["events"], summary="One event with its claims and conflicts")
    def get_event(event_id: str) -> dict[str, Any]:
        sliced = _event_or_404(cache.get(), event_id)
        return {**sliced["events"][0], "claims": sliced["claims"], "conflicts": sliced["conflicts"],
                "summary": sliced["summary"], "reuse": sliced["reuse"],
                "article_records": [_article_summary(a) for a in sliced["articles"]]}

    @app.get("/articles", tags=["articles"], summary="Articles, optionally searched")
    def list_articles(q: Optional[str] = Query(None, max_length=500), entity: Optional[str] = Query(None, max_length=200),
                      outlet: Optional[str] = Query(None, max_length=200),
                      date_from: Optional[dt.date] = Query(None, description="YYYY-MM-DD"),
                      date_to: Optional[dt.date] = Query(None, description="YYYY-MM-DD"),
                      page: int = PageNumber, per_page: int = PerPage) -> dict[str, Any]:
        report, _, hits = filters(q, entity, outlet, date_from, date_to)
        by_id = {a["id"]: a for a in report["articles"]}
        return _page([_article_summary(by_id[a]) for a in hits if a in by_id], page, per_page)

    @app.get("/articles/{article_id}", tags=["articles"], summary="One article: text, sentences, entities, dates")
    def get_article(article_id: str) -> dict[str, Any]:
        report = cache.get()
        article = next((a for a in report["articles"] if a["id"] == article_id), None)
        if article is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        events = [e["id"] for e in report["events"] if article_id in e["articles"]]
        return {**article, "events": events}

    @app.post("/articles", tags=["articles"], status_code=201,
              summary="Add articles to the collection (only new texts are analysed)")
    def upload(body: Upload = Body(...)) -> dict[str, Any]:
        with tempfile.TemporaryDirectory(prefix="newsfuse-upload-") as folder:
            path = Path(folder) / "upload.jsonl"
            with path.open("w", encoding="utf-8") as out:
                for article in body.articles:
                    out.write(json.dumps(article.model_dump(exclude_none=True), ensure_ascii=False) + "\n")
            label = f"upload {dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')}"
            result = collection.add([path], source_label=label)
        return result.to_json()

    @app.get("/claims", tags=["claims"], summary="Claims, filtered by status and event")
    def list_claims(status: Optional[Literal["corroborated", "single_source", "conflicting"]] = None,
                    event: Optional[str] = Query(None, max_length=200),
                    page: int = PageNumber, per_page: int = PerPage) -> dict[str, Any]:
        report = cache.get()
        if event is not None and not any(e["id"] == event for e in report["events"]):
            raise HTTPException(404, f"no event with id {event!r}")
        claims = [c for c in report["claims"] if (status is None or c["status"] == status)
                  and (event is None or c["event"] == event)]
        return _page(claims, page, per_page)

    @app.get("/conflicts", tags=["claims"], summary="Conflicts between claims")
    def list_conflicts(event: Optional[str] = Query(None, max_length=200),
                       page: int = PageNumber, per_page: int = PerPage) -> dict[str, Any]:
        conflicts = [c for c in cache.get()["conflicts"] if event is None or c["event"] == event]
        return _page(conflicts, page, per_page)

    # --- HTML pages --------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, q: Optional[str] = Query(None, max_length=500),
              entity: Optional[str] = Query(None, max_length=200), outlet: Optional[str] = Query(None, max_length=200),
              date_from: Optional[str] = None, date_to: Optional[str] = None,
              page: int = Query(1, ge=1)) -> HTMLResponse:
        # Dates come from a form: an empty field means no filter, a bad one is shown, not a JSON 422.
        start, error_start = _form_date(date_from, "from")
        end, error_end = _form_date(date_to, "to")
        error = error_start or error_end
        report, events, hits = filters(q, entity, outlet, start, end) if not error else (cache.get(), [], [])
        counts = _claim_counts(report)
        items = [{**_event_summary(e), **counts.get(e["id"], {})} for e in _newest_first(events)]
        paged = _page(items, page, 20)
        by_id = {a["id"]: a for a in report["articles"]}
        searching = any((q, entity, outlet, date_from, date_to))
        found = [by_id[a] for a in hits if a in by_id] if searching else []
        html = render_page("index.html.j2", report=report, page=paged, error=error, searching=searching,
                           form={"q": q or "", "entity": entity or "", "outlet": outlet or "",
                                 "date_from": date_from or "", "date_to": date_to or ""},
                           found=found[:50], found_total=len(found), article_events=_article_events(report),
                           query=request.url.query)
        return HTMLResponse(html)

    @app.get("/ui/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(event_id: str) -> HTMLResponse:
        sliced = _event_or_404(cache.get(), event_id)
        return HTMLResponse(render_html(sliced, page={"home": "/", "title": sliced["events"][0]["title"],
                                                      "heading": "One event, every report"}))

    @app.get("/ui/report", response_class=HTMLResponse, include_in_schema=False)
    def whole_report() -> HTMLResponse:
        return HTMLResponse(render_html(cache.get(), page={"home": "/"}))

    @app.get("/ui/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(left: str = Query(..., max_length=100), right: str = Query(..., max_length=100)) -> HTMLResponse:
        report = cache.get()
        by_id = {a["id"]: a for a in report["articles"]}
        for article_id in (left, right):
            if article_id not in by_id:
                raise HTTPException(404, f"no article with id {article_id!r}")
        pair = align_pair(by_id[left], by_id[right], report["reuse"])
        return HTMLResponse(render_page("compare.html.j2", pair=pair, articles=by_id, all_articles=report["articles"]))

    return app


def _event_or_404(report: dict[str, Any], event_id: str) -> dict[str, Any]:
    sliced = event_report(report, event_id)
    if sliced is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    return sliced


def _page(items: list[Any], page: int, per_page: int) -> dict[str, Any]:
    """One page of a list, with what a client needs to fetch the next one."""
    start = (page - 1) * per_page
    pages = max(1, -(-len(items) // per_page))
    return {"items": items[start:start + per_page], "page": page, "per_page": per_page,
            "total": len(items), "pages": pages}


def _newest_first(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(events, key=lambda e: (e.get("start") or "", e["id"]), reverse=True)


def _event_summary(event: dict[str, Any]) -> dict[str, Any]:
    return {key: event[key] for key in ("id", "title", "start", "end", "places", "participants", "articles")}


def _claim_counts(report: dict[str, Any]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for claim in report["claims"]:
        entry = counts.setdefault(claim["event"], {"claims": 0, "corroborated": 0, "conflicting": 0})
        entry["claims"] += 1
        if claim["status"] in entry:
            entry[claim["status"]] += 1
    return counts


def _article_summary(article: dict[str, Any]) -> dict[str, Any]:
    return {"id": article["id"], "title": article["title"], "outlet": article["outlet"], "url": article["url"],
            "published": article["published"]["value"], "path": article["path"], "language": article["language"]}


def _article_events(report: dict[str, Any]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for event in report["events"]:
        for article_id in event["articles"]:
            found.setdefault(article_id, []).append(event["id"])
    return found


def _form_date(value: str | None, which: str) -> tuple[dt.date | None, str | None]:
    if not value:
        return None, None
    try:
        return dt.date.fromisoformat(value), None
    except ValueError:
        return None, f"“{value}” is not a date: write the {which} date as YYYY-MM-DD."
