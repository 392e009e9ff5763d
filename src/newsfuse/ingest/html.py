"""Main text and metadata of a news page, from HTML.

trafilatura finds the article text, title, site name, author and URL; its publication date is
htmldate's `find_date(tree, original_date=True, extensive_search=True)`, run on the same tree, so
the page is parsed once. Settings and the post-cleaning below were chosen on the
article-extraction-benchmark (181 pages, `python bench/extraction.py`, trafilatura 2.3.1):

    trafilatura.extract defaults                          F1 .953
    favor_precision, no comments                          F1 .964
    + recall fallback when precision mode finds < 50 words F1 .969
    + leftover boilerplate lines removed                  F1 .971
    + a first line repeating the headline dropped         F1 .973 (precision .969, recall .977)

Paragraphs stay on separate lines: sentence splitting downstream relies on them.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib.metadata import version

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

_TRAFILATURA = f"trafilatura {version('trafilatura')}"
# favor_precision + no comments: F1 .964 vs .953 for the defaults (article-extraction-benchmark,
# all 181 pages). deduplicate lowered it (.961), include_tables=False too (.957): both left off.
PRECISION = {"favor_precision": True, "include_comments": False}
RECALL = {"favor_recall": True, "include_comments": False}
# Precision mode sometimes keeps only a caption or a teaser of a real article (benchmark page
# f8ff621a: 24 of 368 words). Below 50 words, try recall mode: F1 .964 -> .969. Thresholds 30-50
# scored the same; 80 and above let recall mode add boilerplate to short articles (.968 at 80,
# .966 at 200).
MIN_PRECISION_WORDS = 50
# ... and take the recall text only when it is clearly more (2x): the same page said twice over.
FALLBACK_GAIN = 2.0
# Article text has at least one line that is a sentence; a login form or a menu has none (the
# longest line of a typical sign-in page is 5 words). Every benchmark page passes.
MIN_SENTENCE_WORDS = 8

# Lines that trafilatura leaves in and that are page furniture, not article text. Whole lines,
# case-insensitive. Together they raise benchmark F1 .9688 -> .9711 (precision .962 -> .966);
# each group was measured alone and none lowered it.
_LEFTOVER_LINES = [
    # furniture: "Comments", "3 comments", "Tags", "Advertisement", "Share on Facebook"
    r"\d*\s*comments?", r"tags?:?", r"advertisement", r"share( this)?( article| story| post)?( on \w+)?:?",
    r"leave a (comment|reply)", r"related (news|articles|stories|posts|content|coverage):?",
    r"print( this)?( article)?",
    # list headings of links to other stories
    r"you (may|might) also like\W*", r"(don'?t|do not) miss\W*", r"most (read|popular|viewed)\b.*",
    r"(more|also|related|read more|see more|read also|also read):?",
    # one-line teasers for other stories: "Read more: ...", "[Related: ...]", "Also on rt.com ..."
    r"\[?(related|read more|see more|read also|also read|more)\s*:\s.*", r"also on [\w.-]+\.\w+\s.*",
    # calls to action
    r"like this (story|article)\?.*", r"tell us what you think.*", r"subscribe to .*newsletters?\.?",
    r"(sign up|subscribe) (for|to) .*", r"filed under:.*", r"get the latest .* in your inbox.*",
    # headline links tagged in capitals: "Hong Kong 'threatened with ...' [REACTION]"
    r".*\s\[(news|video|reaction|insight|pictures|pics|latest|poll|analysis|reveal|exclusive|live)\]\s*\|?",
]
_LEFTOVER = re.compile(r"^\s*(?:" + "|".join(_LEFTOVER_LINES) + r")\s*$", re.I)


@dataclass
class HtmlExtraction:
    text: str
    title: str | None = None
    site_name: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    published_evidence: str | None = None  # e.g. 'htmldate: <meta property="article:published_time" ...>'
    extractor: str = ""  # the extractor and settings that produced `text`
    language: str | None = None
    removed_boilerplate: list[str] = field(default_factory=list)


def extract_html(html: str, url: str | None = None) -> HtmlExtraction | None:
    """The article in `html`, or None when the page holds no article text."""
    tree = load_html(html)
    if tree is None:
        return None
    document, settings = _extract_text(tree, url)
    if document is None:
        return None
    text, removed = strip_leftovers(document.text or "")
    text = _drop_title_line(text, document.title)
    if not _has_sentence(text):
        return None
    published, evidence = _published(tree, document.date, url or document.url)
    return HtmlExtraction(
        text=text, title=document.title, site_name=document.sitename, url=url or document.url,
        author=document.author, published=published, published_evidence=evidence,
        extractor=f"{_TRAFILATURA} ({settings})", language=document.language or _html_lang(tree),
        removed_boilerplate=removed,
    )


def _extract_text(tree: HtmlElement, url: str | None):
    """trafilatura's Document in precision mode, or in recall mode when precision finds too little."""
    document = _bare(tree, url, PRECISION)
    words = _words(document.text) if document is not None else 0
    if words >= MIN_PRECISION_WORDS:
        return document, "favor_precision, no comments"
    fallback = _bare(tree, url, RECALL)
    if fallback is not None and _words(fallback.text) > FALLBACK_GAIN * words and _has_sentence(fallback.text):
        return fallback, f"favor_recall, no comments: precision mode found {words} words"
    return document, "favor_precision, no comments"


def _bare(tree: HtmlElement, url: str | None, settings: dict):
    # trafilatura copies a tree it is given, so the same parse serves both modes and the date check.
    return trafilatura.bare_extraction(tree, url=url, with_metadata=True, **settings)


def strip_leftovers(text: str) -> tuple[str, list[str]]:
    """`text` without page-furniture lines, and the lines removed."""
    kept, removed = [], []
    for line in text.split("\n"):
        (removed if _LEFTOVER.match(line) else kept).append(line)
    return "\n".join(kept).strip(), [line.strip() for line in removed]


# Chinese and Japanese write no spaces between words; about two characters make a word.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_CHARS_PER_WORD = 2


def _drop_title_line(text: str, title: str | None) -> str:
    """`text` without a first line that repeats the headline: the title is a field of its own, and
    the benchmark's bodies leave it out (F1 .971 -> .973)."""
    first, _, rest = text.partition("\n")
    if title and _squash(first) == _squash(title) and rest.strip():
        return rest.strip()
    return text


def _squash(line: str) -> str:
    return " ".join(re.findall(r"\w+", line.lower()))


def _words(text: str | None) -> int:
    text = text or ""
    cjk = len(_CJK.findall(text))
    return len(_CJK.sub(" ", text).split()) + cjk // CJK_CHARS_PER_WORD


def _has_sentence(text: str) -> bool:
    return any(_words(line) >= MIN_SENTENCE_WORDS for line in text.split("\n"))


def _html_lang(tree: HtmlElement) -> str | None:
    """Primary subtag of <html lang="en-GB">, when trafilatura gave no language."""
    lang = (tree.get("lang") or tree.get("xml:lang") or "").strip()
    return lang.split("-")[0].split("_")[0].lower() or None


# --- where the publication date came from -------------------------------------------------------
# htmldate does not say which element it used; these look, in htmldate's own order (URL, <meta>,
# JSON-LD, <time>/<abbr>), for the first place on the page that states the date it returned.
_PUBLISHED_META = ("publish", "created", "issued")
_DATE_META = ("date", "modified", "time")
_TEXT_EVIDENCE = "htmldate (original date): page text, extensive search"
_JSON_DATE_KEYS = re.compile(r'"(date(?:Published|Created|Modified)|uploadDate)"\s*:\s*"([^"]+)"')


def _published(tree: HtmlElement, date: str | None, url: str | None) -> tuple[str | None, str | None]:
    """htmldate's date and its evidence; None for a bare January 1st that nothing on the page states:
    that is htmldate's last resort, the copyright year ("© 2024" -> 2024-01-01), not a publication date."""
    if not date:
        return None, None
    evidence = date_evidence(tree, date, url)
    if evidence == _TEXT_EVIDENCE and date.endswith("-01-01"):
        return None, None
    return date, evidence


def date_evidence(tree: HtmlElement, date: str, url: str | None) -> str:
    """A short, checkable statement of where `date` (YYYY-MM-DD) stands on the page."""
    for find in (_in_url, _in_meta, _in_json_ld, _in_time_elements):
        found = find(tree, date, url)
        if found:
            return f"htmldate (original date): {found}"
    return _TEXT_EVIDENCE


def _states(raw: str | None, date: str) -> bool:
    """Whether a raw attribute value holds `date`, as 2019-11-19, 2019/11/19 or 20191119."""
    if not raw:
        return False
    y, m, d = date.split("-")
    return any(form in raw for form in (date, f"{y}/{m}/{d}", f"{y}{m}{d}"))


def _in_url(tree: HtmlElement, date: str, url: str | None) -> str | None:
    if not url:
        canonical = tree.find('.//link[@rel="canonical"]')
        url = canonical.get("href") if canonical is not None else None
    return f"URL {url}" if _states(url, date) else None


def _in_meta(tree: HtmlElement, date: str, url: str | None) -> str | None:
    # Publication keys first: a page often states the same day as published and as modified.
    for words in (_PUBLISHED_META, _DATE_META):
        for meta in tree.iter("meta"):
            key_attr = next((a for a in ("property", "name", "itemprop", "http-equiv") if meta.get(a)), None)
            if key_attr is None:
                continue
            key = meta.get(key_attr)
            if any(word in key.lower() for word in words) and _states(meta.get("content"), date):
                return f'<meta {key_attr}="{key}" content="{meta.get("content")}">'
    return None


def _in_json_ld(tree: HtmlElement, date: str, url: str | None) -> str | None:
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        for key, value in _JSON_DATE_KEYS.findall(script.text or ""):
            if _states(value, date):
                return f"JSON-LD {json.dumps({key: value})}"
    return None


def _in_time_elements(tree: HtmlElement, date: str, url: str | None) -> str | None:
    for element in tree.iter("time", "abbr"):
        for attr in ("datetime", "title", "data-utime"):
            if _states(element.get(attr), date):
                return f'<{element.tag} {attr}="{element.get(attr)}">'
    return None
