"""report.html and report.md from report dicts: empty, full, and full of hostile HTML."""
from __future__ import annotations

import copy
import re
from html.parser import HTMLParser

from reader_helpers import empty_report, full_report

from newsfuse.report import render_html, render_markdown
from newsfuse.report.html import align_pair, source_matrix, view_model


class _Tags(HTMLParser):
    """Collects the tags a browser would build, to check no hostile element made it in."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_hostile_text_never_becomes_markup():
    html = render_html(full_report())
    tags = _tags(html)
    assert not [t for t, _ in tags if t in {"script", "iframe", "img", "object", "embed"}]
    assert not [a for _, attrs in tags for a in attrs if a.startswith("on")]  # no event handler attributes
    assert "&lt;script&gt;window.__pwned=3&lt;/script&gt;" in html
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    assert "pwned" not in style and "<" not in style  # report values never reach the CSS


def test_page_is_self_contained():
    html = render_html(full_report())
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing loaded from the network


def test_event_sections_of_a_full_report():
    html = render_html(full_report())
    # consolidated account with footnote links to the claims behind each sentence
    assert re.search(r'href="#e1-fn1"[^>]*>\[1\]', html) and 'id="e1-fn1"' in html
    # timeline: one SVG dot per dated day, undated values (PAST_REF) left out
    timeline = re.search(r'<svg class="timeline".*?</svg>', html, re.S).group(0)
    # the event is on 12 May 2025: the day before is its run-up, June 2025 is folded away as background
    assert timeline.count("<circle") == 2
    assert "PAST_REF" not in html and "2025-05-12" not in timeline
    assert "Monday 12 May 2025" in timeline and "Sunday 11 May 2025" in timeline
    assert "June 2025" not in timeline  # told in a sentence that carries none of the event's claims
    # conflicts side by side, with each side's value
    assert html.count('class="side"') == 2 and "twelve" in html
    # reuse graph drawn with an arrow, and said in words
    assert "marker-end" in html and "is a <b>rewrite</b> of" in html
    # framing table and the inputs appendix with every fate
    assert 'class="badge loaded"' in html and "sham" in html
    for status in ("ok", "skipped", "error"):
        assert f'<span class="badge {status}">{status}</span>' in html
    assert "empty file" in html


def test_source_matrix_marks_reported_missing_and_contradicting():
    report = full_report()
    matrix = source_matrix(report["claims"], ["a1", "a2", "a3"], report["conflicts"])
    rows = {row["claim"]["id"]: [cell["state"] for cell in row["cells"]] for row in matrix["shown"]}
    assert rows["c1"] == ["reported", "reported", "reported"]
    assert rows["c2"] == ["reported", "contradicts", "reported"]  # a2 reports twenty, not twelve
    assert rows["c3"] == ["contradicts", "reported", "contradicts"]
    assert rows["c4"] == ["not_reported", "reported", "not_reported"]
    assert [row["claim"]["id"] for row in matrix["shown"]][:2] == ["c2", "c3"]  # conflicts first


def test_side_by_side_aligns_shared_reworded_and_unique_sentences():
    report = full_report()
    articles = {a["id"]: a for a in report["articles"]}
    pair = align_pair(articles["a1"], articles["a2"], report["reuse"])
    kinds = [(row["left"][0] if row["left"] else None, row["right"][0] if row["right"] else None, row["kind"])
             for row in pair["rows"]]
    assert (0, 0, "same") in kinds  # identical sentence
    assert (1, 1, "reworded") in kinds  # from the reuse alignment
    assert (None, 3, "unique") in kinds  # only a2 calls the talks a sham
    every_left = sorted(r["left"][0] for r in pair["rows"] if r["left"])
    every_right = sorted(r["right"][0] for r in pair["rows"] if r["right"])
    assert every_left == [0, 1, 2, 3] and every_right == [0, 1, 2, 3]  # nothing lost or repeated


def test_side_by_side_picker_has_one_panel_per_pair():
    model = view_model(full_report())
    assert len(model["pairs"]) == 3  # a1-a2 (reuse), a1-a3, a2-a3
    html = render_html(full_report())
    assert html.count('class="pair"') == 3 and 'name="left"' in html and 'name="right"' in html


def test_empty_report_renders_with_explanations():
    html = render_html(empty_report())
    assert "No events" in html and "empty file" in html
    assert "Side-by-side reading needs two reports" in html
    md = render_markdown(empty_report())
    assert "## Appendix: every input" in md and "empty file" in md


def test_event_without_claims_dates_or_reuse_still_explains_itself():
    report = full_report()
    for key in ("claims", "conflicts", "framing", "summary", "reuse", "temporal"):
        report[key] = []
    html = render_html(report)
    assert "No claims were extracted for this event" in html
    assert "mentions a date newsfuse could resolve" in html
    assert "No report of this event copies or rewrites another one" in html


def test_markdown_carries_the_event_sections_escaped():
    md = render_markdown(full_report())
    for heading in ("What happened", "Timeline", "Source matrix", "Where reports disagree", "Framing", "Who copied whom",
                    "Appendix: every input"):
        assert heading in md, heading
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "[^e1-1]" in md  # footnote-style citations


# --- scale, index, outlet names, reuse evidence (issue 14 item 3) ---------------------------------

OUTLETS = ["Daily Star", "Wire Post", "Evening Herald", "Morning Call", "The Courier", "City Times", "Globe",
           "Tribune", "Gazette", "Observer", "Chronicle", "Sentinel", "Register", "Ledger", "Monitor"]


def _scaled_report(copies: int) -> dict:
    """The full report's three real-text reports copied `copies` times under 15 outlets, one event
    holding them all: every claim is told by every copy, every copy rewrites the first one."""
    base = full_report()
    report = copy.deepcopy(base)
    report["articles"], report["claims"], report["temporal"], report["reuse"], report["framing"] = [], [], [], [], []
    ids = []
    for k in range(copies):
        for i, article in enumerate(base["articles"]):
            new_id = f"{article['id']}-{k}"
            ids.append(new_id)
            report["articles"].append({**copy.deepcopy(article), "id": new_id, "path": f"in/{new_id}.txt",
                                       "outlet": OUTLETS[(3 * k + i) % len(OUTLETS)]})
            report["temporal"] += [{**t, "article": new_id} for t in base["temporal"] if t["article"] == article["id"]]
            report["framing"] += [{**f, "article": new_id} for f in base["framing"] if f["article"] == article["id"]]
            if new_id != "a1-0":
                report["reuse"].append({"source": "a1-0", "derived": new_id, "kind": "rewrite", "score": 0.5,
                                        "aligned": [[0, 0, 1.0]], "direction_evidence": "earlier",
                                        "evidence": "rewrite: 1 narrative sentence reworded"})
    for claim in base["claims"]:
        mentions = [{**m, "article": f"{m['article']}-{k}"} for k in range(copies) for m in claim["mentions"]]
        report["claims"].append({**claim, "mentions": mentions})
    for n in range(40):  # many more claims than the matrix shows
        report["claims"].append({"id": f"s{n}", "event": "e1", "text": f"Delegation {n} arrived in Geneva.",
                                 "kind": "statement", "speaker": None, "independent_sources": 1,
                                 "status": "single_source", "mentions": [{"article": "a3-0", "sentence": 0,
                                                                          "text": "Mediators in Geneva hosted a ceasefire meeting on Monday."}]})
    report["events"][0]["articles"] = ids
    small = {**copy.deepcopy(base["events"][0]), "id": "e2", "title": "A later, smaller event",
             "start": "2025-06-01", "end": "2025-06-01", "articles": ["a3-0"]}
    report["events"].append(small)
    report["events"].reverse()  # the small one first in the report: the index still puts the big one first
    report["inputs"] = [{"path": a["path"], "item": a["path"], "status": "ok", "reason": "", "article": a["id"]}
                        for a in report["articles"]]
    report["run"]["articles"] = len(report["articles"])
    return report


def test_report_size_grows_linearly_with_bounded_sections():
    from newsfuse.report.html import MATRIX_COLUMNS, MATRIX_ROWS_SHOWN, MENTIONS_SHOWN

    small, large = _scaled_report(20), _scaled_report(80)  # 60 and 240 reports of one event
    sizes = {}
    for name, report in (("small", small), ("large", large)):
        html, md = render_html(report), render_markdown(report)
        articles = len(report["articles"])
        sizes[name] = (len(html.encode()), len(md.encode()), articles)
        assert len(html.encode()) / articles < 50_000
        view = next(v for v in view_model(report)["events"] if v["event"]["id"] == "e1")
        assert len(view["matrix"]["shown"]) == MATRIX_ROWS_SHOWN and view["matrix"]["hidden"] == 44 - MATRIX_ROWS_SHOWN
        assert len(view["matrix"]["columns"]) <= MATRIX_COLUMNS  # outlets, not 240 columns
        assert all(len(n["mentions"]) <= MENTIONS_SHOWN for n in view["account"]["footnotes"])
        assert "leading claims of 44" in html and "Columns are outlets" in html
    # four times the reports: at most a little over four times the bytes (the claims × reports
    # sections no longer grow with the square)
    assert sizes["large"][0] / sizes["small"][0] < 4.4
    assert sizes["large"][1] / sizes["small"][1] < 4.4


def test_grouped_matrix_counts_each_outlets_reports():
    report = _scaled_report(20)
    view = next(v for v in view_model(report)["events"] if v["event"]["id"] == "e1")
    columns = view["matrix"]["columns"]
    assert sum(len(c["members"]) for c in columns) == 60  # every report in some column
    row = next(r for r in view["matrix"]["shown"] if r["claim"]["id"] == "c1")  # told by every report
    assert all(cell["state"] == "reported" and cell["count"] == cell["of"] for cell in row["cells"])
    row = next(r for r in view["matrix"]["shown"] if r["claim"]["id"] == "c3")  # twenty: only a2's copies
    assert sum(cell["count"] for cell in row["cells"] if cell["state"] == "reported") == 20


def test_index_of_events_largest_first_linked_to_each_event():
    report = _scaled_report(3)
    html, md = render_html(report), render_markdown(report)
    index = re.search(r'<table class="index">(.*?)</table>', html, re.S).group(1)
    links = re.findall(r'<a href="#(e\d)">', index)
    assert links == ["e1", "e2"]  # 9 reports before 1, though e2 comes first in report.json
    assert "Monday 12 May 2025" in index and "<td>9</td>" in index
    assert html.index('class="index"') < html.index('<section class="event" id="e1"')
    assert 'id="e1"' in html and 'id="e2"' in html
    assert md.index("## Events, largest first") < md.index('<a id="event-e1"></a>')
    assert "](#event-e1)" in md and "](#event-e2)" in md


def test_outlet_unknown_never_shown_title_or_file_name_instead():
    report = full_report()  # a3 has no outlet
    html, md = render_html(report), render_markdown(report)
    assert "outlet unknown" not in html and "Outlet: unknown" not in md
    assert "a3.html" in re.search(r'<details id="a3">(.*?)</summary>', html, re.S).group(1)
    assert "Mediators host" in re.search(r'<table class="matrix">.*?</tr>', html, re.S).group(0)  # its column


def test_reuse_section_shows_the_evidence_of_each_pair():
    report = full_report()
    report["reuse"][0]["evidence"] = "rewrite: a run of 2 narrative sentences of a1 reworded from a2 in the same order"
    html, md = render_html(report), render_markdown(report)
    assert "Evidence: rewrite: a run of 2 narrative sentences" in html
    assert "Evidence: rewrite: a run of 2 narrative sentences" in md


def test_a_quote_claim_reads_as_its_speakers_sentence_in_both_reports():
    """Reported speech is shown as "X said that …" (as the account renders it), not as a bare
    "that …" fragment with the speaker after it; words the source quotes keep their marks."""
    report = copy.deepcopy(full_report())
    claims = [c for c in report["claims"] if c["event"] == report["events"][0]["id"]]
    reported, direct = claims[0], claims[1]
    reported.update(kind="quote", speaker="The Red Cross", quote_kind="indirect",
                    text="that it will donate 2.6 million to the flood victims")
    direct.update(kind="quote", speaker="Jane Doe", quote_kind="direct", text="We will rebuild every house")
    for rendered in (render_markdown(report), render_html(report)):
        assert "The Red Cross said that it will donate 2.6 million to the flood victims." in rendered
        assert "Jane Doe said: “We will rebuild every house”" in rendered
        assert "— The Red Cross" not in rendered and "“that it will donate" not in rendered
    assert report["claims"][report["claims"].index(reported)]["text"].startswith("that it will")  # JSON as said
