"""Shared by the reader-side tests (store, API, browser, HTML report): a real collection built once
per test session, a live server on a free loopback port, headless Chromium, and report dicts
(empty, and full of hostile HTML) for the writers."""
from __future__ import annotations

import copy
import os
import shutil
import socket
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "examples" / "xi-putin-2024-05"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")

HOSTILE_TITLE = "<script>window.__pwned_title=1</script>Ceasefire <b>talks</b>"
HOSTILE_TEXT = ("Officials met in Geneva on Monday, 12 May 2025, to discuss the ceasefire, the ministry said. "
                "<script>window.__pwned=1;document.title='PWNED'</script> "
                "The talks ended without agreement, <img src=x onerror=\"window.__pwned=2\"> delegates said, "
                "and a new round of ceasefire talks was planned for June in Geneva. "
                "<iframe src=\"http://evil.example/\"></iframe> [click](javascript:alert(1)) </textarea></style>")


@lru_cache(maxsize=1)
def built_collection() -> dict[str, Any]:
    """Ingest two sample reports, then the folder again with a third report and a hostile one, then
    the same folder once more; returns the db path and what each run did. Built once per session
    (the models load once), shared by the store, API and browser tests."""
    from newsfuse.store import Collection

    root = Path(os.environ.get("PYTEST_TMP", "/tmp")) / f"newsfuse-reader-{os.getpid()}"
    shutil.rmtree(root, ignore_errors=True)
    inputs = root / "inputs"
    inputs.mkdir(parents=True)
    sample = sorted(SAMPLE.glob("*.txt"))
    for path in sample[:2]:
        shutil.copy(path, inputs / path.name)
    db = root / "collection.duckdb"
    collection = Collection(db)
    first = collection.add([inputs])
    counts_first = collection.counts()
    shutil.copy(sample[2], inputs / sample[2].name)
    shutil.copy(sample[0], inputs / "copy-of-first.txt")  # same text under another name
    (inputs / "hostile.txt").write_text(f"{HOSTILE_TITLE}\n\n{HOSTILE_TEXT}", encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    second = collection.add([inputs])
    counts_second = collection.counts()
    third = collection.add([inputs])
    return {"db": db, "inputs": inputs, "runs": [first, second, third],
            "counts": [counts_first, counts_second, collection.counts()]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """The real app under uvicorn in a thread, on a free loopback port."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        from newsfuse.api import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:  # readiness, not a timing assumption: bail out only if it never starts
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def chromium_driver() -> Any:
    """Headless Debian Chromium through the distribution's chromedriver (nothing downloaded)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))


def _article(article_id: str, title: str, outlet: str | None, sentences: list[str], published: str | None) -> dict[str, Any]:
    return {"id": article_id, "path": f"inputs/{article_id}.html", "item": f"inputs/{article_id}.html", "url": None,
            "outlet": outlet, "title": title, "author": None,
            "published": {"value": published, "evidence": "meta", "source": "metadata", "confidence": 1.0,
                          "rejected": []},
            "language": "en", "language_confidence": 1.0, "text": " ".join(sentences), "sentences": sentences,
            "entities": [], "removed_boilerplate": [], "attributed_sources": [], "extraction": "test", "warnings": []}


def empty_report() -> dict[str, Any]:
    """What a run that read nothing produces: every list empty, one failed input."""
    return {"schema_version": "1", "generated_at": "2025-05-13T10:00:00+00:00",
            "inputs": [{"path": "in/empty.txt", "item": "in/empty.txt", "status": "skipped",
                        "reason": "empty file", "article": None}],
            "articles": [], "temporal": [], "events": [], "mixed_articles": [], "reuse": [], "claims": [],
            "conflicts": [], "framing": [], "summary": [], "time_inconsistencies": [],
            "run": {"newsfuse_version": "test", "inputs": {"skipped": 1}, "articles": 0, "seconds_per_stage": {}}}


def full_report() -> dict[str, Any]:
    """Every section filled, with hostile HTML in every free-text field a report can carry."""
    evil = "<script>window.__pwned=3</script><img src=x onerror=window.__pwned=4>"
    a1 = ["Officials met in Geneva on Monday to discuss the ceasefire, the ministry said.",
          f"The talks ended without agreement, delegates said. {evil}",
          "Twelve people were killed in the shelling on Sunday.",
          "A new round is planned for June."]
    a2 = ["Officials met in Geneva on Monday to discuss the ceasefire, the ministry said.",
          "The talks ended without any agreement, several delegates told reporters.",
          "Twenty people were killed in the shelling on Sunday.",
          "The foreign minister called the talks a sham."]
    a3 = ["Mediators in Geneva hosted a ceasefire meeting on Monday.", "Twelve people died in Sunday's shelling."]
    report = empty_report()
    report["inputs"] = [
        {"path": "inputs/a1.html", "item": "inputs/a1.html", "status": "ok", "reason": "", "article": "a1"},
        {"path": "inputs/a2.html", "item": "inputs/a2.html", "status": "ok", "reason": "", "article": "a2"},
        {"path": "inputs/a3.html", "item": "inputs/a3.html", "status": "ok", "reason": "", "article": "a3"},
        {"path": f"inputs/{evil}.jsonl", "item": "line 2", "status": "error", "reason": f"bad JSON {evil}", "article": None},
        {"path": "inputs/empty.txt", "item": "inputs/empty.txt", "status": "skipped", "reason": "empty file", "article": None},
    ]
    report["articles"] = [_article("a1", f"Ceasefire talks fail {evil}", f"Daily {evil}", a1, "2025-05-12"),
                          _article("a2", "Geneva talks end without deal", "Wire Post", a2, "2025-05-12T18:00"),
                          _article("a3", "Mediators host Geneva meeting", None, a3, None)]
    report["temporal"] = [
        {"article": "a1", "sentence": 0, "text": "on Monday", "value": "2025-05-12", "type": "DATE", "anchor": "published", "start": 0, "end": 1},
        {"article": "a1", "sentence": 2, "text": "on Sunday", "value": "2025-05-11", "type": "DATE", "anchor": "published", "start": 0, "end": 1},
        {"article": "a2", "sentence": 0, "text": "on Monday", "value": "2025-05-12", "type": "DATE", "anchor": "published", "start": 0, "end": 1},
        {"article": "a1", "sentence": 3, "text": f"June {evil}", "value": "2025-06", "type": "DATE", "anchor": "published", "start": 0, "end": 1},
        {"article": "a2", "sentence": 1, "text": "recently", "value": "PAST_REF", "type": "DATE", "anchor": "context", "start": 0, "end": 1},
    ]
    report["events"] = [{"id": "e1", "title": f"Geneva ceasefire talks {evil}", "start": "2025-05-12", "end": "2025-05-12",
                         "places": ["Geneva"], "participants": [f"Foreign minister {evil}"],
                         "articles": ["a1", "a2", "a3"], "segments": []}]
    report["reuse"] = [{"source": "a2", "derived": "a1", "kind": "rewrite", "score": 0.62,
                        "aligned": [[0, 0, 1.0], [1, 1, 0.8]], "direction_evidence": f"earlier {evil}"}]
    mention = lambda a, s, text: {"article": a, "sentence": s, "text": text}  # noqa: E731
    report["claims"] = [
        {"id": "c1", "event": "e1", "text": "Officials met in Geneva on Monday to discuss the ceasefire.", "kind": "statement",
         "speaker": None, "mentions": [mention("a1", 0, a1[0]), mention("a2", 0, a2[0]), mention("a3", 0, a3[0])],
         "independent_sources": 2, "status": "corroborated"},
        {"id": "c2", "event": "e1", "text": "Twelve people were killed in the shelling.", "kind": "figure", "speaker": None,
         "mentions": [mention("a1", 2, a1[2]), mention("a3", 1, a3[1])], "independent_sources": 1, "status": "conflicting"},
        {"id": "c3", "event": "e1", "text": "Twenty people were killed in the shelling.", "kind": "figure", "speaker": None,
         "mentions": [mention("a2", 2, a2[2])], "independent_sources": 1, "status": "conflicting"},
        {"id": "c4", "event": "e1", "text": f"The talks were a sham {evil}", "kind": "quote", "speaker": f"Minister {evil}",
         "mentions": [mention("a2", 3, a2[3])], "independent_sources": 1, "status": "single_source"},
    ]
    report["conflicts"] = [{"id": "x1", "event": "e1", "slot": "number", "claims": ["c2", "c3"],
                            "values": ["twelve", f"twenty {evil}"], "explanation": f"Death toll differs {evil}"}]
    report["framing"] = [
        {"article": "a2", "sentence": 3, "target": "the talks", "term": "sham", "kind": "loaded", "contrast": ["talks"]},
        {"article": "a1", "sentence": 1, "target": "the talks", "term": f"talks {evil}", "kind": "neutral", "contrast": []},
    ]
    report["summary"] = [{"text": f"Officials met in Geneva on Monday to discuss a ceasefire. {evil}", "claims": ["c1"]},
                         {"text": "Reports disagree on the death toll: twelve or twenty.", "claims": ["c2", "c3"]}]
    report["mixed_articles"] = [{"article": "a3", "events": ["e1"], "explanation": f"test {evil}"}]
    report["run"] = {"newsfuse_version": "test", "inputs": {"ok": 3, "error": 1, "skipped": 1}, "articles": 3,
                     "seconds_per_stage": {}}
    return copy.deepcopy(report)
