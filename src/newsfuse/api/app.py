"""The web app behind `newsfuse serve`: HTML pages for people, a paginated JSON API for programs.

HTML: `/` (events, with search by text, entity, outlet and date range; found reports link to their
pages), `/ui/events/{id}` (one event's report), `/ui/articles/{id}` (one report: its text, its claims
and their status, its events), `/ui/report` (the whole collection, small collections only),
`/ui/compare?left=&right=` (any two articles side by side). JSON: `/events`, `/events/{id}`,
`/articles`, `/articles/{id}`, `/claims`, `/conflicts`, `POST /articles` (upload); the OpenAPI schema
is at `/openapi.json`.

Every page reads only the rows it shows from DuckDB (store.views), so a page costs the same in a
collection of 20 or 20,000 reports. The file is opened per request: while `newsfuse ingest` holds
it, a request waits up to READ_LOCK_WAIT seconds and is then answered 503 with Retry-After, never
500. No answer carries a server path (a file's name or an upload's label instead) or quotes more
than QUOTE_LIMIT characters of what a client sent.
"""
from __future__ import annotations

import datetime as dt
import hmac
import json
import threading
from pathlib import Path
from typing import Any, Literal, Optional

from fastapi import Body, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field, model_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..report.html import align_pair, render_html, render_page
from ..store import views
from ..store.collection import Collection, CollectionBusy, ConcurrentIngestError
from ..store.names import matching_names

MAX_PER_PAGE = 100
MAX_UPLOAD = 50
MAX_TEXT = 2_000_000
# A whole upload: MAX_UPLOAD articles of a long report each fit well inside; anything bigger is
# refused before it is parsed (a 2 MB text per article is allowed, 50 of them at once is not).
MAX_BODY = 20_000_000
QUOTE_LIMIT = 80
READ_LOCK_WAIT = 15.0
RETRY_AFTER = 5
# The whole collection on one page: report.html grows with claims × reports (1.5 GB at 1,000
# PolNeAR articles, issue 14), so above this many reports /ui/report points to the event pages.
WHOLE_REPORT_MAX_ARTICLES = 150
# An event page shows at most this many claims (those in its conflicts and account, then the best
# supported): the report writer's page grows with claims × reports, and the largest event of 200
# PolNeAR articles (144 reports, 5,471 claims) rendered whole is 61 MB in 13 s (bench/ui_pages.py).
# Every claim stays in /events/{id} and /claims?event=.
SERVED_CLAIMS = 300

MAX_PAGE = 1_000_000  # keeps OFFSET inside DuckDB's integers
PageNumber = Query(1, ge=1, le=MAX_PAGE, description="1-based page number.")
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


def quoted(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """A client's value as quoted back in an error: repr, cut to `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _WholeReportCache:
    """The whole collection's report dict for /ui/report, rebuilt when the collection changes."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self._lock = threading.Lock()
        self._version = -1
        self._html = ""

    def get(self, render: Any) -> str:
        version = self.collection.version()
        with self._lock:
            if version != self._version:
                self._html, self._version = render(self.collection.report()), version
            return self._html


class _VersionCache:
    """Results per (key, collection version), least recently used dropped first; a result over
    `max_bytes` (a huge event page) is not kept. The version is read on the request's connection."""

    def __init__(self, entries: int = 64, max_bytes: int = 8_000_000) -> None:
        from collections import OrderedDict

        self.entries, self.max_bytes = entries, max_bytes
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, con: Any, key: Any, compute: Any, size: Any = len) -> Any:
        version = con.execute("SELECT coalesce(max(id), 0) FROM runs").fetchone()[0]
        with self._lock:
            if (key, version) in self._items:
                self._items.move_to_end((key, version))
                return self._items[(key, version)]
        value = compute()
        if value is not None and size(value) <= self.max_bytes:
            with self._lock:
                self._items[(key, version)] = value
                while len(self._items) > self.entries:
                    self._items.popitem(last=False)
        return value


class _BodyLimit:
    """ASGI middleware: a request body over `limit` bytes is answered 413 before anything parses it
    (checked on Content-Length, and counted for a chunked body)."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            return await _too_large(self.limit, send)
        if declared is not None or scope["method"] in ("GET", "HEAD"):
            return await self.app(scope, receive, send)
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                return await _too_large(self.limit, send)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> dict:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


async def _too_large(limit: int, send: Any) -> None:
    body = json.dumps({"detail": f"request body over {limit:,} bytes; send at most {MAX_UPLOAD} articles "
                                 "per request, split larger batches"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def create_app(db: str | Path | Collection, token: str | None = None,
               read_lock_wait: float = READ_LOCK_WAIT) -> FastAPI:
    """The app over the collection `db`. With `token`, POST /articles needs
    `Authorization: Bearer <token>` (serve sets it for a non-loopback host)."""
    collection = db if isinstance(db, Collection) else Collection(db)
    collection.lock_wait = read_lock_wait
    whole = _WholeReportCache(collection)
    app = FastAPI(title="newsfuse", version="1",
                  description="What many news reports of the same events say, and how well each part is "
                              "established. All lists are paginated with `page` and `per_page`.",
                  docs_url=None, redoc_url=None)  # the docs pages load scripts from a CDN; the schema suffices
    app.add_middleware(_BodyLimit, limit=MAX_BODY)
    _error_handlers(app)

    cache = _VersionCache()
    # Rendered event pages: few, but a large event's page is several MB and slow to render (the
    # largest of 349 PolNeAR articles: 11.9 MB, 24-36 s; bench/ui_pages.py), so keep up to 32 MB each.
    pages = _VersionCache(entries=16, max_bytes=32_000_000)

    def read(work: Any) -> Any:
        """Everything one request reads, through one short connection."""
        with collection.connect() as con:
            return work(con)

    def summaries(con: Any) -> list[dict[str, Any]]:
        return cache.get(con, "summaries", lambda: views.event_summaries(con), size=lambda _: 0)

    def event_slice(con: Any, event_id: str) -> dict[str, Any] | None:
        return cache.get(con, ("slice", event_id), lambda: views.event_slice(con, event_id),
                         size=lambda s: 1000 * len(s["claims"]))  # ~1 KB per claim: slices of up to ~8,000 claims are kept

    def found(con: Any, q: str | None, entity: str | None, outlet: str | None, date_from: dt.date | None,
              date_to: dt.date | None) -> tuple[list[dict[str, Any]], list[str] | None]:
        """Events matching the filters (newest first) and the matching article ids (None: no filter)."""
        if date_from and date_to and date_from > date_to:
            raise HTTPException(400, f"date_from {date_from} is after date_to {date_to}")
        events = summaries(con)
        if not any((q, entity, outlet, date_from, date_to)):
            return _newest_first(events), None
        hits = collection.search_in(con, q, entity, outlet, date_from, date_to)
        names = set(matching_names(entity, {n for e in events for n in e["places"] + e["participants"]})) \
            if entity else set()
        matched = _search_events(events, set(hits) if any((q, entity, outlet)) else None, q, names,
                                 bool(entity), date_from, date_to, strict=bool(outlet))
        if (date_from or date_to) and hits:  # an event also matches when one of its reports is dated in range
            matched += [e for e in events if e not in matched and set(e["articles"]) & set(hits)]
        return _newest_first(matched), hits

    # --- JSON API ----------------------------------------------------------------------------

    @app.get("/events", tags=["events"], summary="Events, newest first, optionally searched")
    def list_events(q: Optional[str] = Query(None, max_length=500, description="Text in a report or the event."),
                    entity: Optional[str] = Query(None, max_length=200,
                                                  description="A person, place or organisation; spelling variants "
                                                              "(hyphens, accents, case, Mr./Mrs.) fold together."),
                    outlet: Optional[str] = Query(None, max_length=200),
                    date_from: Optional[dt.date] = Query(None, description="YYYY-MM-DD"),
                    date_to: Optional[dt.date] = Query(None, description="YYYY-MM-DD"),
                    page: int = PageNumber, per_page: int = PerPage) -> dict[str, Any]:
        events, _ = read(lambda con: found(con, q, entity, outlet, date_from, date_to))
        return _page(events, page, per_page)

    @app.get("/events/{event_id}", tags=["events"], summary="One event with its claims and conflicts")
    def get_event(event_id: str) -> dict[str, Any]:
        sliced = _event_or_404(read(lambda con: event_slice(con, event_id)), event_id)
        return {**sliced["events"][0], "claims": sliced["claims"], "conflicts": sliced["conflicts"],
                "summary": sliced["summary"], "reuse": sliced["reuse"],
                "article_records": [_article_summary(a) for a in sliced["articles"]]}

    @app.get("/articles", tags=["articles"], summary="Articles, optionally searched")
    def list_articles(q: Optional[str] = Query(None, max_length=500), entity: Optional[str] = Query(None, max_length=200),
                      outlet: Optional[str] = Query(None, max_length=200),
                      date_from: Optional[dt.date] = Query(None, description="YYYY-MM-DD"),
                      date_to: Optional[dt.date] = Query(None, description="YYYY-MM-DD"),
                      page: int = PageNumber, per_page: int = PerPage) -> dict[str, Any]:
        if date_from and date_to and date_from > date_to:
            raise HTTPException(400, f"date_from {date_from} is after date_to {date_to}")
        def articles(con: Any) -> dict[str, Any]:
            paged = _page(collection.search_in(con, q, entity, outlet, date_from, date_to), page, per_page)
            paged["items"] = views.article_rows(con, paged["items"])
            return paged
        return read(articles)

    @app.get("/articles/{article_id}", tags=["articles"],
             summary="One article: clean text, sentences, entities, dates, its events and its claims with their status")
    def get_article(article_id: str) -> dict[str, Any]:
        return _article_or_404(read(lambda con: views.article_view(con, article_id)), article_id)

    @app.post("/articles", tags=["articles"], status_code=201,
              summary="Add articles to the collection (only new texts are analysed)",
              responses={200: {"description": "Nothing new: every article was already in the collection"},
                         401: {"description": "This server needs a token for writes"},
                         413: {"description": "Body too large"},
                         422: {"description": "Nothing could be read"},
                         503: {"description": "The collection is busy; retry after Retry-After seconds"}})
    def upload(body: Upload = Body(...), authorization: Optional[str] = Header(None)) -> Any:
        _check_token(token, authorization)
        result = _add_upload(collection, body)
        answer = result.to_json()
        if result.added:
            answer["message"] = f"added {len(result.added)} new article(s)"
            return JSONResponse(answer, status_code=201)
        if result.duplicates:
            answer["message"] = (f"nothing added: {len(result.duplicates)} article(s) already in the collection"
                                 + (f", {len(result.failed)} not readable" if result.failed else ""))
            return JSONResponse(answer, status_code=200)
        answer["message"] = "nothing added: no article could be read"
        return JSONResponse(answer, status_code=422)

    @app.get("/claims", tags=["claims"], summary="Claims, filtered by status and event")
    def list_claims(status: Optional[Literal["corroborated", "single_source", "conflicting"]] = None,
                    event: Optional[str] = Query(None, max_length=200),
                    page: int = PageNumber, per_page: int = PerPage) -> dict[str, Any]:
        def claims(con: Any) -> dict[str, Any]:
            if event is not None and not con.execute("SELECT 1 FROM events WHERE id = ?", [event]).fetchone():
                raise HTTPException(404, f"no event with id {quoted(event)}")
            where = "WHERE (? IS NULL OR c.status = ?) AND (? IS NULL OR c.event = ?)"
            params = [status, status, event, event]
            total = con.execute(f"SELECT count(*) FROM claims c {where}", params).fetchone()[0]
            rows = con.execute(
                f"SELECT c.data FROM claims c JOIN events e ON e.id = c.event {where} "
                "ORDER BY e.number, try_cast(split_part(c.id, '-c', 2) AS INTEGER), c.id LIMIT ? OFFSET ?",
                [*params, per_page, (page - 1) * per_page]).fetchall()
            return {"items": [json.loads(r[0]) for r in rows], "page": page, "per_page": per_page,
                    "total": total, "pages": max(1, -(-total // per_page))}
        return read(claims)

    @app.get("/conflicts", tags=["claims"], summary="Conflicts between claims")
    def list_conflicts(event: Optional[str] = Query(None, max_length=200),
                       page: int = PageNumber, per_page: int = PerPage) -> dict[str, Any]:
        rows = read(lambda con: con.execute(
            "SELECT c.conflicts FROM event_compare c JOIN events e ON e.id = c.event "
            "WHERE ? IS NULL OR c.event = ? ORDER BY e.number", [event, event]).fetchall())
        return _page([c for (data,) in rows for c in json.loads(data)], page, per_page)

    # --- HTML pages --------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, q: Optional[str] = Query(None, max_length=500),
              entity: Optional[str] = Query(None, max_length=200), outlet: Optional[str] = Query(None, max_length=200),
              date_from: Optional[str] = Query(None, max_length=100), date_to: Optional[str] = Query(None, max_length=100),
              page: int = Query(1, ge=1, le=MAX_PAGE)) -> HTMLResponse:
        # Dates come from a form: an empty field means no filter, a bad one is shown, not a JSON 422.
        start, error_start = _form_date(date_from, "from")
        end, error_end = _form_date(date_to, "to")
        error = error_start or error_end
        if not error and start and end and start > end:
            error = f"The from date {start} is after the to date {end}."
        searching = any((q, entity, outlet, date_from, date_to))

        def index_data(con: Any) -> tuple:
            events, hits = found(con, q, entity, outlet, start, end) if not error else ([], [])
            shown = (hits or [])[:50]
            return (events, hits, _counts(con), views.article_rows(con, shown), views.article_events(con, shown))
        events, hits, counts, found_rows, article_events = read(index_data)
        html = render_page("index.html.j2", counts=counts, page=_page(events, page, 20), error=error,
                           searching=searching,
                           form={"q": q or "", "entity": entity or "", "outlet": outlet or "",
                                 "date_from": date_from or "", "date_to": date_to or ""},
                           found=found_rows, found_total=len(hits or []), article_events=article_events,
                           whole_report=counts["articles"] <= WHOLE_REPORT_MAX_ARTICLES)
        return HTMLResponse(html)

    @app.get("/ui/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(event_id: str) -> HTMLResponse:
        def page(con: Any) -> str | None:
            sliced = event_slice(con, event_id)
            if sliced is None:
                return None
            shown = _leading_claims(sliced, SERVED_CLAIMS)
            heading = "One event, every report"
            if len(shown["claims"]) < len(sliced["claims"]):
                heading += (f" · its {len(shown['claims']):,} best-supported claims of {len(sliced['claims']):,} "
                            f"(all in /events/{event_id})")
            return render_html(shown, page={"home": "/", "title": sliced["events"][0]["title"], "heading": heading})
        html = read(lambda con: pages.get(con, event_id, lambda: page(con)))
        return HTMLResponse(_event_or_404(html, event_id))

    @app.get("/ui/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str) -> HTMLResponse:
        def both(con: Any) -> tuple:
            article = _article_or_404(views.article_view(con, article_id), article_id)
            others = sorted({a for c in article["claims"] for a in c["other_articles"]})
            return article, {r["id"]: r for r in views.article_rows(con, others)}
        article, names = read(both)
        return HTMLResponse(render_page("article.html.j2", article=article, others=names,
                                        claimed=_claims_by_sentence(article["claims"]),
                                        paragraphs=_paragraphs(article)))

    @app.get("/ui/report", response_class=HTMLResponse, include_in_schema=False)
    def whole_report() -> HTMLResponse:
        articles = read(_counts)["articles"]
        if articles > WHOLE_REPORT_MAX_ARTICLES:
            return HTMLResponse(render_page("too_big.html.j2", articles=articles, limit=WHOLE_REPORT_MAX_ARTICLES))
        return HTMLResponse(whole.get(lambda report: render_html(views.public_report(report), page={"home": "/"})))

    @app.get("/ui/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(left: str = Query(..., max_length=100), right: str = Query(..., max_length=100)) -> HTMLResponse:
        def pair(con: Any) -> tuple[dict, dict, list]:
            records = {}
            for article_id in (left, right):
                view = views.article_view(con, article_id)
                if view is None:
                    raise HTTPException(404, f"no article with id {quoted(article_id)}")
                records[article_id] = view
            reuse = [json.loads(r[0]) for r in con.execute(
                "SELECT data FROM reuse WHERE (source = ? AND derived = ?) OR (source = ? AND derived = ?)",
                [left, right, right, left]).fetchall()]
            return records, reuse, views.article_rows(con, [r[0] for r in con.execute(
                "SELECT id FROM articles ORDER BY seq LIMIT 2000").fetchall()])
        records, reuse, everyone = read(pair)
        aligned = align_pair(records[left], records[right], reuse)
        return HTMLResponse(render_page("compare.html.j2", pair=aligned, articles=records, all_articles=everyone))

    return app


def _leading_claims(sliced: dict[str, Any], limit: int) -> dict[str, Any]:
    """The event's report with at most `limit` claims (more only if its conflicts and account cite
    more): those cited first, then by independent sources and mentions; claim order is kept."""
    claims = sliced["claims"]
    if len(claims) <= limit:
        return sliced
    keep = {c for conflict in sliced["conflicts"] for c in conflict["claims"]}
    keep |= {c for line in sliced["summary"] for c in line["claims"]}
    for claim in sorted(claims, key=lambda c: (-c["independent_sources"], -len(c["mentions"]))):
        if len(keep) >= limit:
            break
        keep.add(claim["id"])
    return {**sliced, "claims": [c for c in claims if c["id"] in keep]}


def _add_upload(collection: Collection, body: Upload) -> Any:
    """Store an upload; a batch that raced a `newsfuse ingest` is analysed again (its ids would clash)."""
    records = [article.model_dump(exclude_none=True) for article in body.articles]
    label = f"upload {dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')}"
    for attempt in range(3):
        try:
            return collection.add(records, source_label=label)
        except ConcurrentIngestError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _check_token(token: str | None, authorization: str | None) -> None:
    if token is None:
        return
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(401, "this server needs a token for writes: send 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(CollectionBusy)
    async def busy(request: Request, error: CollectionBusy) -> JSONResponse:
        return JSONResponse({"detail": f"the collection is being updated by {error.holder}; "
                                       f"try again in {RETRY_AFTER} seconds"},
                            status_code=503, headers={"Retry-After": str(RETRY_AFTER)})

    @app.exception_handler(ConcurrentIngestError)
    async def raced(request: Request, error: ConcurrentIngestError) -> JSONResponse:
        return JSONResponse({"detail": "the collection kept changing while this upload was analysed; send it again"},
                            status_code=503, headers={"Retry-After": str(RETRY_AFTER)})

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        # FastAPI's default echoes each bad input whole (a 1 MB text back to its sender): keep
        # where and what, and at most QUOTE_LIMIT characters of the value.
        problems = []
        if any(tuple(p.get("loc", ())) == ("body",) and p.get("type") == "model_attributes_type"
               for p in error.errors()):
            problems.append({"loc": ["body"], "type": "body_not_json",
                             "msg": 'send a JSON object {"articles": [{"text": ...}, ...]} with '
                                    "Content-Type: application/json"})
        for problem in error.errors()[:20]:
            entry = {"loc": [str(part)[:QUOTE_LIMIT] for part in problem.get("loc", ())][:10],
                     "msg": str(problem.get("msg", ""))[:300], "type": problem.get("type")}
            if "input" in problem and problem["input"] is not None and not isinstance(problem["input"], (dict, list)):
                entry["input"] = quoted(problem["input"])
            problems.append(entry)
        return JSONResponse({"detail": problems}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        detail = error.detail if isinstance(error.detail, str) else "request refused"
        return JSONResponse({"detail": detail[:500]}, status_code=error.status_code, headers=error.headers)


def _counts(con: Any) -> dict[str, int]:
    return dict(zip(("articles", "events", "claims"), con.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), (SELECT count(*) FROM claims)"
    ).fetchone()))


def _search_events(events: list[dict[str, Any]], article_hits: set[str] | None, q: str | None, names: set[str],
                   by_entity: bool, date_from: dt.date | None, date_to: dt.date | None,
                   strict: bool) -> list[dict[str, Any]]:
    """Events matching every filter: one of their reports matches the text, entity and outlet
    filters, or (without an outlet filter) the event's own title, places and participants name
    the text and entity searched. Dates: the event's span overlaps the range."""
    matched = []
    for event in events:
        if article_hits is not None and not article_hits & set(event["articles"]):
            title = " ".join([event["title"] or "", *event["places"], *event["participants"]]).lower()
            own = (not q or q.lower() in title) and (not by_entity or names & set(event["places"] + event["participants"]))
            if strict or not (q or by_entity) or not own:
                continue
        if (date_from or date_to) and not views._overlaps(event, date_from, date_to):
            continue
        matched.append(event)
    return matched


def _event_or_404(sliced: dict[str, Any] | None, event_id: str) -> dict[str, Any]:
    if sliced is None:
        raise HTTPException(404, f"no event with id {quoted(event_id)}")
    return sliced


def _article_or_404(article: dict[str, Any] | None, article_id: str) -> dict[str, Any]:
    if article is None:
        raise HTTPException(404, f"no article with id {quoted(article_id)}")
    return article


def _claims_by_sentence(claims: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    by_sentence: dict[int, list[dict[str, Any]]] = {}
    for number, claim in enumerate(claims, 1):
        for sentence in claim["sentences"]:
            by_sentence.setdefault(sentence, []).append({"n": number, "status": claim["status"]})
    return by_sentence


def _paragraphs(article: dict[str, Any]) -> list[list[tuple[int, str]]]:
    """The article's sentences, numbered, in the paragraphs of its clean text (a blank line, or a
    line break, between two sentences starts a new one)."""
    text, at, paragraphs = article.get("text") or "", 0, [[]]
    for number, sentence in enumerate(article.get("sentences") or []):
        found = text.find(sentence, at)
        if found >= 0:
            if "\n" in text[at:found] and paragraphs[-1]:
                paragraphs.append([])
            at = found + len(sentence)
        paragraphs[-1].append((number, sentence))
    return [p for p in paragraphs if p]


def _page(items: list[Any], page: int, per_page: int) -> dict[str, Any]:
    """One page of a list, with what a client needs to fetch the next one."""
    start = (page - 1) * per_page
    pages = max(1, -(-len(items) // per_page))
    return {"items": items[start:start + per_page], "page": page, "per_page": per_page,
            "total": len(items), "pages": pages}


def _newest_first(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(events, key=lambda e: (e.get("start") or "", e["id"]), reverse=True)


def _article_summary(article: dict[str, Any]) -> dict[str, Any]:
    return {"id": article["id"], "title": article["title"], "outlet": article["outlet"], "url": article["url"],
            "published": article["published"]["value"], "path": views.display_path(article["path"]),
            "language": article["language"]}


def _form_date(value: str | None, which: str) -> tuple[dt.date | None, str | None]:
    if not value:
        return None, None
    try:
        return dt.date.fromisoformat(value), None
    except ValueError:
        return None, f"{quoted(value)} is not a date: write the {which} date as YYYY-MM-DD."
