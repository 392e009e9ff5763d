"""Plain-text articles: title, header date line, and boilerplate lines removed and listed.

Text exports of news pages keep the page furniture: breadcrumbs, "Share on", comment forms, a
date banner. Each removed line is listed in `removed_boilerplate` so a reader can check the cut.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import dateparser

from ..models import PublishedDate

# Whole lines (case-insensitive) that are page furniture, not article text.
_BOILERPLATE_LINES = [
    r"leave a (comment|reply)", r"share( this)?( article| story| post)?( on)?( \w+)?:?",
    r"share on", r"related (news|articles|stories|posts|content)", r"suggest to a friend:?",
    r"scroll to top", r"back to top", r"latest news", r"read more:?", r"advertisement",
    r"post'?s author", r"(posted|written) by:?", r"comments?", r"\d+ comments?", r"print( this)?",
    r"email( this)?", r"tags?:.*", r"follow us( on .*)?", r"subscribe( now)?", r"sign up.*newsletter.*",
    r"click here.*", r"you may also like", r"most (read|popular)", r"trending( now)?", r"details",
    r"your email address will not be published\.?( required fields are marked \*?)?",
    r"required fields are marked \*", r"(name|email|website|comment)\s*\*?", r"post comment",
    r"save my name, email, and website in this browser for the next time i comment\.?",
    r"(facebook|twitter|x|whatsapp|telegram|linkedin|reddit|email)(\s*[|/,]\s*\w+)*",
    r"copyright .*", r"© .*", r"all rights reserved\.?",
]
_BOILERPLATE = re.compile(r"^\s*(?:" + "|".join(_BOILERPLATE_LINES) + r")\s*$", re.I)
# Breadcrumbs: "Home > China News", "Home » World » Asia", "News / Politics".
_BREADCRUMB = re.compile(r"^\s*(home|news|index)\s*(?:[>»›|/]\s*[\w .,&'-]+){1,5}$", re.I)
# A header line that is, or starts with, a date: "2024-05-17 02:14", "date 2025-05-08 ...",
# "Thursday, June, 20,2024", "Published: May 16, 2024".
_DATE_LABEL = r"(?:date|published(?: on)?|posted(?: on)?|updated(?: on)?|first published)\s*:?\s*"
_ISO_DATE = r"\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
_WORD_DATE = (r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:[a-z]{3,9}\.?,?\s+\d{1,2},?\s*\d{4}"
              r"|\d{1,2}\s+[a-z]{3,9}\.?,?\s+\d{4})(?:,?\s+\d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?)?")
_HEADER_DATE = re.compile(rf"^\s*(?:{_DATE_LABEL})?({_ISO_DATE}|{_WORD_DATE})\b", re.I)
_WEEKDAY = re.compile(r"^\s*(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", re.I)
# How far into the text a date line or title may sit (non-empty lines): headers are short.
HEADER_LINES = 6
# A title is one short line without a closing full stop; 25 words covers 99 % of headlines
# (PolNeAR metadata titles: max 24 words).
TITLE_MAX_WORDS = 25
FALLBACK_TITLE_WORDS = 14


@dataclass
class CleanText:
    text: str
    title: str | None
    title_evidence: str
    published: PublishedDate
    removed_boilerplate: list[str] = field(default_factory=list)


def clean_text(raw: str) -> CleanText:
    """Split a plain-text news export into title, publication date, clean body and removed lines."""
    lines = [line.strip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    removed: list[str] = []
    kept: list[str] = []
    for line in lines:
        if line and (_BOILERPLATE.match(line) or _BREADCRUMB.match(line)):
            removed.append(line)
            kept.append("\x00")  # remember where furniture stood: a date next to it is a banner
        else:
            kept.append(line)
    published, kept = _take_header_date(kept)
    title, title_evidence, kept = _take_title(kept)
    body = _join_paragraphs(kept)
    if title is None:
        title, title_evidence = _fallback_title(body)
    return CleanText(body, title, title_evidence, published, removed)


def _take_header_date(lines: list[str]) -> tuple[PublishedDate, list[str]]:
    nonempty = [i for i, line in enumerate(lines) if line and line != "\x00"][:HEADER_LINES]
    for pos, i in enumerate(nonempty):
        match = _HEADER_DATE.match(lines[i])
        if not match:
            continue
        parsed = _parse_date(match.group(1))
        if parsed is None:
            continue
        rest = lines[i][match.end():].strip()
        evidence = f"header line {pos + 1}: {lines[i][:match.end()].strip()!r}"
        lines = lines[:i] + ([rest] if rest else []) + lines[i + 1:]
        if _WEEKDAY.match(match.group(1)) and _next_to_furniture(lines, i):
            # A "Thursday, June 20, 2024" line beside site navigation is the page's "today" banner:
            # when the page was rendered, not when the story ran.
            return PublishedDate(rejected=[{"value": parsed, "evidence": evidence,
                                            "reason": "page banner: weekday date line beside site navigation"}],
                                 source="none"), lines
        return PublishedDate(value=parsed, evidence=evidence, source="header", confidence=0.8), lines
    return PublishedDate(source="none"), lines


def _next_to_furniture(lines: list[str], i: int) -> bool:
    window = [line for line in lines[max(0, i - 2):i + 3] if line]
    return "\x00" in window


def _parse_date(text: str) -> str | None:
    # Dates in headers are day-first only when written so ("16 May 2024"); ISO and "May 16" are
    # unambiguous, so strict parsing with dateparser's defaults is safe.
    cleaned = re.sub(r",\s*(\d{4})", r", \1", text.replace(" ,", ","))
    parsed = dateparser.parse(cleaned, languages=["en"], settings={"STRICT_PARSING": True})
    if parsed is None:
        return None
    has_time = bool(re.search(r"\d{1,2}:\d{2}", text))
    return parsed.strftime("%Y-%m-%dT%H:%M" if has_time else "%Y-%m-%d")


def _take_title(lines: list[str]) -> tuple[str | None, str, list[str]]:
    content = [i for i, line in enumerate(lines) if line and line != "\x00"]
    if not content:
        return None, "none", lines
    first = content[0]
    candidate = lines[first]
    if not _looks_like_title(candidate):
        return None, "none", lines
    # The same title often appears twice (page title, then headline): drop every repeat.
    rest = [line for line in lines[first + 1:] if line.casefold() != candidate.casefold()]
    return candidate, "first line", lines[:first] + rest


def _looks_like_title(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= TITLE_MAX_WORDS and not line.endswith((".", ":", ";", ","))


def _fallback_title(body: str) -> tuple[str | None, str]:
    words = body.split()
    if not words:
        return None, "none"
    first_sentence = re.split(r"(?<=[.!?])\s", body, maxsplit=1)[0].split()
    if len(first_sentence) <= FALLBACK_TITLE_WORDS:
        return " ".join(first_sentence), "first sentence (no title line)"
    return " ".join(first_sentence[:FALLBACK_TITLE_WORDS]) + "…", "start of first sentence (no title line)"


def _join_paragraphs(lines: list[str]) -> str:
    paragraphs: list[str] = []
    for line in lines:
        if line and line != "\x00":
            paragraphs.append(line)
    return "\n\n".join(paragraphs)
