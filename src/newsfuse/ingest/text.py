"""Plain-text articles: title, header date line, and boilerplate lines removed and listed.

Text exports of news pages keep the page furniture: breadcrumbs, "Share on", comment forms, a
date banner. Each removed line is listed in `removed_boilerplate` so a reader can check the cut.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import PublishedDate
from .dateline import DateLine, is_time_line, read_date_line

# The reason recorded for a header date whose year is not written ("APR 28"): the time stage reads it.
YEARLESS_REASON = "header date without a year"

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
# A line that starts with a labelled or ISO date and runs on into the story ("date 2025-05-08 Xi Jinping
# held talks..."): only its leading date is the header. Unlabelled word dates at the start of a line are
# left alone: "May 16, 2024 was..." can be a sentence.
_DATE_FIRST = re.compile(r"^\W*(?:date|published|posted|updated|first published|\d{4}-\d{2}-\d{2})\b", re.I)
# Words of a leading date to try, longest first: "Published: Thursday, May 2, 2013, 1:32 PM EDT" is 9.
PREFIX_WORDS = 10
# Date lines that may follow the first one (publication, update, and a time printed apart).
FOLLOWING_DATE_LINES = 2
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
    """The publication date stated by a date line among the first lines, and the lines without it."""
    nonempty = [i for i, line in enumerate(lines) if line and line != "\x00"][:HEADER_LINES]
    for pos, i in enumerate(nonempty):
        found = _date_line_at(lines[i])
        if found is None:
            continue
        dateline, rest = found
        lines = lines[:i] + ([rest] if rest else []) + lines[i + 1:]
        if not rest:
            dateline, lines = _with_following_date_lines(dateline, lines, i)
        return _published_from(dateline, f"header line {pos + 1}: {dateline.line!r}",
                               beside_furniture=_next_to_furniture(lines, i)), lines
    return PublishedDate(source="none"), lines


def _with_following_date_lines(dateline: DateLine, lines: list[str], i: int) -> tuple[DateLine, list[str]]:
    """The date line merged with the date lines right under it ("UPDATED 05/03/2013 at 11:00 AM EDT" over
    "Originally published 05/03/2013 at 10:20 AM EDT"), those lines taken out of the text."""
    j = i
    for _ in range(FOLLOWING_DATE_LINES):
        j = next((k for k in range(j, len(lines)) if lines[k] and lines[k] != "\x00"), None)
        following = read_date_line(lines[j]) if j is not None else None
        if following is None:
            if j is not None and is_time_line(lines[j]):  # "Updated 4:08 p.m.ET": furniture, not text
                dateline = DateLine(f"{dateline.line} | {lines[j]}", dateline.parts)
                lines = lines[:j] + lines[j + 1:]
                continue
            break
        dateline = DateLine(f"{dateline.line} | {following.line}", dateline.parts + following.parts)
        lines = lines[:j] + lines[j + 1:]
    return dateline, lines


def _date_line_at(line: str) -> tuple[DateLine, str] | None:
    """The date line `line` is, or the labelled date it starts with and the text after it."""
    whole = read_date_line(line)
    if whole is not None:
        return whole, ""
    if not _DATE_FIRST.match(line):
        return None
    words = line.split()
    for n in range(min(PREFIX_WORDS, len(words) - 1), 0, -1):
        head = read_date_line(" ".join(words[:n]), allow_names=False)
        if head is not None:
            return head, " ".join(words[n:])
    return None


def _published_from(dateline: DateLine, evidence: str, beside_furniture: bool) -> PublishedDate:
    part = dateline.publication()
    if part is None:
        retrieved = dateline.parts[0]
        return PublishedDate(source="none", rejected=[{
            "value": retrieved.value or "", "evidence": evidence,
            "reason": f"{retrieved.label} date printed by the export or site, not the publication"}])
    if part.value is None:
        month, day = part.month_day or (0, 0)
        # ISO 8601 writes a day without its year as --MM-DD; the time stage may complete it from the text.
        return PublishedDate(source="none", rejected=[{"value": f"--{month:02d}-{day:02d}", "evidence": evidence,
                                                       "reason": YEARLESS_REASON}])
    if dateline.banner_like() and beside_furniture:
        # A "Thursday, June 20, 2024" line beside site navigation is the page's "today" banner:
        # when the page was rendered, not when the story ran.
        return PublishedDate(source="none", rejected=[{
            "value": part.value, "evidence": evidence,
            "reason": "page banner: weekday date line beside site navigation"}])
    # An update time is only an upper bound on publication.
    confidence = 0.6 if part.label == "updated" else 0.8
    return PublishedDate(value=part.value, evidence=evidence, source="header", confidence=confidence)


def _next_to_furniture(lines: list[str], i: int) -> bool:
    window = [line for line in lines[max(0, i - 2):i + 3] if line]
    return "\x00" in window


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
