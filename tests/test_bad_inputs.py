"""Every kind of bad input becomes an `inputs` entry with a status and a one-line reason, and the run
goes on: nothing the user gave disappears."""
import gzip
import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsfuse.ingest import ingest
from newsfuse.ingest.sources import SourceOptions

STORY = ("Rescue teams reached the flooded village of Brienz on Tuesday morning, officials said. "
         "The mayor told reporters that forty homes had been evacuated overnight and that no one was "
         "missing. Engineers will inspect the damaged bridge on Wednesday before traffic can resume.")
HTML_STORY = f"""<!doctype html><html><head><meta charset="utf-8"><title>Floods reach Brienz</title></head>
<body><nav>Home | World</nav><article><h1>Floods reach Brienz</h1><p>{STORY}</p>
<p>{STORY.replace('Brienz', 'Lienz')}</p></article><footer>Contact us</footer></body></html>"""


def run(*paths, **options):
    pairs = list(ingest([str(p) for p in paths], SourceOptions(**options) if options else None))
    return [record for record, _ in pairs], [article for _, article in pairs if article]


def only(records):
    assert len(records) == 1, records
    return records[0]


def test_empty_file_is_skipped_with_reason(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    record = only(run(path)[0])
    assert (record.status, record.reason) == ("skipped", "empty file")


def test_binary_file_is_skipped_as_binary(tmp_path):
    path = tmp_path / "photo.jpg.txt"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 20)
    record = only(run(path)[0])
    assert record.status == "skipped" and "binary" in record.reason


def test_undeclared_legacy_encoding_is_detected_and_said(tmp_path):
    path = tmp_path / "latin.txt"
    text = "Café owners in Zürich protested on Monday. " + STORY + " “Nous sommes fâchés,” a manager said."
    path.write_bytes(text.encode("cp1252"))
    records, articles = run(path)
    record = only(records)
    assert record.status == "ok"
    assert "not UTF-8" in record.reason
    assert "Café" in articles[0].text and "Zürich" in articles[0].text


def test_declared_charset_that_lies_falls_back_to_detection(tmp_path):
    path = tmp_path / "liar.html"
    path.write_bytes(HTML_STORY.replace('charset="utf-8"', 'charset="no-such-charset"').encode("utf-8"))
    records, articles = run(path)
    record = only(records)
    assert record.status == "ok"
    assert "declared charset 'no-such-charset' failed" in record.reason
    assert "Brienz" in articles[0].text


def test_html_without_an_article_is_skipped(tmp_path):
    path = tmp_path / "login.html"
    path.write_text("<html><head><title>Sign in</title></head><body><form><input name=user>"
                    "<input type=password><button>Log in</button></form></body></html>")
    record = only(run(path)[0])
    assert record.status == "skipped" and "no article text" in record.reason


def test_oversized_page_is_skipped_with_its_size(tmp_path):
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:
        handle.write(b"<html><body><p>")
        handle.write(b"word " * 10_000_000)  # 50 MB
        handle.write(b"</p></body></html>")
    record = only(run(path)[0])
    assert record.status == "skipped"
    assert "50.0 MB" in record.reason and "--max-mb" in record.reason


def test_jsonl_bad_lines_are_reported_per_line_and_good_lines_kept(tmp_path):
    path = tmp_path / "export.jsonl"
    lines = [json.dumps({"text": STORY, "title": "Floods", "published": "2024-05-16", "outlet": "Local Post"}),
             "{not json",
             json.dumps({"title": "no body here"}),
             json.dumps(["a", "list"]),
             "",
             json.dumps({"html": HTML_STORY, "url": "https://www.reuters.com/world/floods"})]
    path.write_text("\n".join(lines))
    records, articles = run(path)
    by_item = {r.item: r for r in records}
    assert [r.item for r in records] == ["line 1", "line 2", "line 3", "line 4", "line 6"]
    assert by_item["line 1"].status == "ok"
    assert by_item["line 2"].status == "error" and "not JSON" in by_item["line 2"].reason
    assert by_item["line 3"].status == "skipped" and "'text' or 'html'" in by_item["line 3"].reason
    assert by_item["line 4"].status == "error" and "not an object" in by_item["line 4"].reason
    assert by_item["line 6"].status == "ok"
    first, second = articles
    assert (first.title, first.outlet, first.published.value) == ("Floods", "Local Post", "2024-05-16")
    assert "JSONL field 'published'" in first.published.evidence
    assert second.outlet == "Reuters"


def test_jsonl_field_names_can_be_mapped(tmp_path):
    path = tmp_path / "other.jsonl"
    path.write_text(json.dumps({"body": STORY, "headline": "Floods", "date": "16 May 2024"}) + "\n")
    fields = {"text": "body", "html": "html", "title": "headline", "url": "url", "published": "date", "outlet": "outlet"}
    records, articles = run(path, fields=fields)
    assert only(records).status == "ok"
    assert articles[0].title == "Floods" and articles[0].published.value == "2024-05-16"


def test_truncated_gzip_is_an_error(tmp_path):
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress((STORY * 50).encode())[:-30])
    record = only(run(path)[0])
    assert record.status == "error" and "truncated or corrupt gzip" in record.reason


def test_gzip_of_html_is_read(tmp_path):
    path = tmp_path / "story.html.gz"
    path.write_bytes(gzip.compress(HTML_STORY.encode()))
    records, articles = run(path)
    assert only(records).status == "ok"
    assert "Brienz" in articles[0].text


def test_truncated_gzip_jsonl_keeps_lines_read_before_the_cut(tmp_path):
    path = tmp_path / "export.jsonl.gz"
    body = "\n".join(json.dumps({"text": STORY + f" Item {i}."}) for i in range(200)).encode()
    path.write_bytes(gzip.compress(body)[:-200])
    records, articles = run(path)
    assert articles and all(r.status == "ok" for r in records[:-1])
    assert records[-1].status == "error" and "truncated or corrupt gzip" in records[-1].reason


def _warc(path, records):
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.suffix == ".gz")
        for url, content_type, payload, rec_type in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            if rec_type == "request":
                headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, rec_type, payload=io.BytesIO(payload),
                                                          http_headers=headers))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_records_are_articles_and_others_are_listed(tmp_path, name):
    path = tmp_path / name
    _warc(path, [
        ("https://www.example-news.com/floods", "text/html; charset=utf-8", HTML_STORY.encode(), "response"),
        ("https://www.example-news.com/floods", "", b"", "request"),
        ("https://www.example-news.com/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100), "response"),
    ])
    records, articles = run(path)
    statuses = [(r.item.split(" ")[0], r.status) for r in records]
    assert statuses == [("record", "ok"), ("record", "skipped"), ("non-content", "skipped")]
    assert "not HTML (image/png)" in records[1].reason
    assert "1 request" in records[2].reason
    article = articles[0]
    assert article.url == "https://www.example-news.com/floods"
    assert article.outlet  # from the page or its domain, never invented
    assert article.published.value is not None and article.published.source in {"metadata", "warc"}


def test_missing_path_and_empty_folder_are_reported(tmp_path):
    (tmp_path / "empty-folder").mkdir()
    records, _ = run(tmp_path / "nope.txt", tmp_path / "empty-folder")
    assert [(r.status, r.reason) for r in records] == [("error", "no such file or folder"),
                                                       ("skipped", "folder holds no files")]


def test_too_short_text_is_skipped_not_lost(tmp_path):
    path = tmp_path / "stub.txt"
    path.write_text("Share on\nRead more\nBreaking:")
    record = only(run(path)[0])
    assert record.status == "skipped" and "words of text" in record.reason


def test_non_english_article_is_ingested_and_marked(tmp_path):
    path = tmp_path / "de.txt"
    path.write_text("Der Bundestag hat am Donnerstag ein neues Gesetz zur Energiewende beschlossen. "
                    "Die Opposition kritisierte die Abstimmung scharf und kündigte eine Klage an. "
                    "Nach Angaben der Regierung sollen die Maßnahmen im kommenden Jahr in Kraft treten.")
    records, articles = run(path)
    record = only(records)
    assert record.status == "ok" and "language de" in record.reason
    assert articles[0].language == "de"


def test_parquet_rows_are_articles_like_jsonl_lines(tmp_path):
    import duckdb

    path = tmp_path / "shard.parquet"
    duckdb.execute(f"COPY (SELECT * FROM (VALUES ('{STORY}', 'Floods', '2024-05-16'), (NULL, 'No body', NULL)) "
                   f"AS t(text, title, published)) TO '{path}' (FORMAT PARQUET)")
    records, articles = run(path)
    assert [(r.item, r.status) for r in records] == [("row 1", "ok"), ("row 2", "skipped")]
    assert articles[0].title == "Floods" and articles[0].published.value == "2024-05-16"
    assert "Parquet field 'published'" in articles[0].published.evidence


def test_corrupt_parquet_is_an_error(tmp_path):
    path = tmp_path / "bad.parquet"
    path.write_bytes(b"PAR1 this is not really parquet PAR1")
    record = only(run(path)[0])
    assert record.status == "error" and "unreadable Parquet" in record.reason
