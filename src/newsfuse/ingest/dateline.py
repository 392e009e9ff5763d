"""Header date lines of plain-text articles: "May 2, 2013 | 5:03pm", "PUBLISHED: 22:07 GMT, 7 July 2012".

A line is a date line when, once its dates are read, nothing is left but labels ("Published:",
"Updated"), weekdays, time zones, small words and at most a dateline's place or agency name
("WASHINGTON, DC, April 28, 2009"). Each part of the line (split at "|" and at its labels) is read
with python-dateutil's fuzzy parser, which takes the date's pieces in any order ("7:15 a.m. Dec. 7,
2009", "Fri., May. 3, 2013 11:45 AM PDT") and reports the words it skipped. The publication is the
part labelled published/posted when there is one, else the first unlabelled part, else an update
(an upper bound). A part labelled downloaded/retrieved is the export's crawl date, never the
publication; "Posted 1 year, 160 days ago [downloaded on 2 October 2013]" is read back from it.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import dateparser
from dateutil import parser as dateutil_parser

# Header lines are short: the longest ECB+ header date line has 17 words / 95 characters.
MAX_LINE_CHARS = 140
MAX_LINE_WORDS = 24
# Words a dateline may carry besides the date: a place and an agency ("WASHINGTON, DC", "TNN ... MUMBAI").
MAX_NAME_WORDS = 3

PUBLISHED, UPDATED, RETRIEVED = "published", "updated", "retrieved"
_LABELS = [
    (RETRIEVED, r"(?:downloaded|retrieved|accessed|crawled|printed|captured)(?:\s+on)?"),
    (UPDATED, r"(?:last\s+)?(?:updated|modified|edited|revised)(?:\s+(?:on|at))?"),
    (PUBLISHED, r"(?:first\s+|originally\s+)?(?:published|posted|created|released?|filed|dated?)(?:\s+(?:on|at|time))?"
                r"|story\s+created|publication\s+date|for\s+immediate\s+release"),
]
_LABEL = re.compile("|".join(rf"(?P<{kind}{i}>\b(?:{pattern})\b)" for i, (kind, pattern) in enumerate(_LABELS)), re.I)
# Words a date line may hold besides the date itself.
_ALLOWED = {w.lower() for w in """
    published posted updated update last first originally created story article release released filed
    modified edited revised date dated time on at by in the of and for immediate publication downloaded retrieved
    accessed crawled printed captured hrs hr h local time gmt utc et pt ct mt est edt pst pdt cst cdt mst mdt
    bst cet cest ist aest aedt akdt akst hkt sgt jst kst uk us am pm a m p noon midnight
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    """.split()}
_WEEKDAY_FIRST = re.compile(r"^\W*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", re.I)
_TIME = re.compile(r"(?<![.\d])\d{1,2}[:.]\d{2}\b(?![.\d])|\b\d{1,2}\s*[ap]\.?m\b|\bnoon\b", re.I)
_MONTH_WORD = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)


@dataclass
class DatePart:
    """One date a header line states."""
    text: str  # the part of the line, as written
    label: str | None  # published | updated | retrieved | None
    value: str | None  # ISO day or minute; None when the year is not written
    month_day: tuple[int, int] | None = None  # (month, day) when only the year is missing


@dataclass
class DateLine:
    line: str
    parts: list[DatePart] = field(default_factory=list)

    def publication(self) -> DatePart | None:
        """The part that states the publication: labelled published, else unlabelled, else an update."""
        for wanted in (PUBLISHED, None, UPDATED):
            for part in self.parts:
                if part.label == wanted:
                    return part
        return None

    def banner_like(self) -> bool:
        """A bare weekday-first date with no label and no time: how sites print the day a page was served."""
        return (len(self.parts) == 1 and self.parts[0].label is None and bool(_WEEKDAY_FIRST.match(self.line))
                and not _TIME.search(self.line))


def read_date_line(line: str, allow_names: bool = True) -> DateLine | None:
    """The dates `line` states, or None when it is not a date line (it says something besides dates).

    `allow_names`: whether a dateline's place or agency name may stand beside the date."""
    if not line or len(line) > MAX_LINE_CHARS or len(line.split()) > MAX_LINE_WORDS:
        return None
    if not re.search(r"\d", line) or not (_MONTH_WORD.search(line) or re.search(r"\d[/.\-]\d", line)):
        return None
    parts: list[DatePart] = []
    leftover: list[str] = []
    for label, text in _segments(_normalise(line)):
        if _AGO.search(text):  # "1 year, 160 days ago": relative, read against a retrieval date below
            leftover.extend(_words(_AGO.sub(" ", text)))
            continue
        read = _read_part(text)
        if read is None and label is None and _time_only(text) and parts and _untimed(parts[-1]):
            # "May 2, 2013 | 5:03pm": the time printed apart belongs to the date before it
            read = _read_part(f"{parts[-1].text} {text}")
            if read is not None:
                parts[-1].value = read[0].value
                continue
        if read is None:
            if re.search(r"\d", text) and not _time_only(text):
                return None  # digits that are no date: a sentence or a score, not a date line
            leftover.extend(_words(text))
            continue
        part, skipped = read
        part.label = label
        parts.append(part)
        leftover.extend(skipped)
    names = [w for w in leftover if w.lower() not in _ALLOWED]
    if not parts or (names and not (allow_names and _dateline_names(names, line, parts))):
        return None
    _relative_to_retrieval(parts, line)
    return DateLine(line, parts)


def is_time_line(line: str) -> bool:
    """A short line that states only a time, perhaps labelled: "Updated 4:08 p.m.ET" under a date line."""
    if not line or len(line.split()) > 8:
        return False
    text = _normalise(line)
    return _time_only(text) and all(w.lower() in _ALLOWED for w in _words(_TIME.sub(" ", text)))


def _dateline_names(names: list[str], line: str, parts: list[DatePart]) -> bool:
    """Whether the words beside the date are a dateline's place or agency ("WASHINGTON, DC", "TNN",
    "End of Watch:") and not a headline that happens to hold a date ("Obama Sworn In, January 20, 2009")."""
    if len(names) > MAX_NAME_WORDS or any(not w[0].isupper() for w in names):
        return False
    labelled = any(p.label for p in parts) or bool(_TIME.search(line))
    # "End of Watch: Friday, June 24, 2005", or a byline "By John Smith, May 2, 2013"
    own_label = re.match(r"^\W*(?:[A-Z][A-Za-z ]{0,30}:\s|by\s)", line, re.I) is not None
    return labelled or own_label or len(names) == 1 or all(w.isupper() for w in names)


def _normalise(line: str) -> str:
    """The line with the spellings dateutil misreads made plain (a.m., 22.34, "GMT+05: 00", @)."""
    text = line.replace("\u2013", "-").replace("\u2014", "-").replace("@", " ")
    text = re.sub(r"[\[\]{}]", " ", text)
    text = re.sub(r",(\d{4})\b", r", \1", text)  # "June, 20,2024"
    text = re.sub(r"\(?\b(?:GMT|UTC)\s*[+-]\s*\d{1,2}:?\s*\d{0,2}\)?", " ", text)  # offsets: local time is kept
    text = re.sub(r"\(\s*\d{3,4}\s+[A-Z]{2,4}\s*\)", " ", text)  # "(1852 HKT)": the same moment elsewhere
    text = re.sub(r"[()]", " ", text)
    text = re.sub(r"\b(\d{1,2})(\d{2})\s+(GMT|UTC)\b", r"\1:\2 \3", text)  # "1052 GMT"
    text = re.sub(r"(?i)\b([ap])\.\s?m\.?", r"\1m ", text)  # "4:08 p.m.ET"
    text = re.sub(r"(?i)(\d:\d{2})\s?([ap])\b(?!\.)", r"\1\2m", text)  # "5:55p"
    text = re.sub(r"(?i)\b(\d{1,2})\.\s?(\d{2})(?=\s*(?:[ap]m\b|[A-Z]{2,4}\b|$))(?!\.\d)", r"\1:\2", text)
    text = re.sub(r"(?i)\b([a-z]{3,9})-(\d{1,2})-(\d{2,4})\b", r"\1 \2 \3", text)  # "Dec-19-05"
    text = re.sub(r"\b(\d{4})\s*-\s*(\d{1,2}:\d{2})", r"\1 \2", text)  # "2012-5:46 pm"
    text = re.sub(r"(?i)\b(\d{1,2})-(\d{4})\b", r"\1 \2", text)  # "November 27-2005"
    text = re.sub(r"(?i)(?<=[a-z])-(?=[A-Z][a-z]+ \d)", " ", text)  # "WASHINGTON-April 27"
    return re.sub(r"\s+", " ", text).strip()


def _segments(line: str) -> list[tuple[str | None, str]]:
    """(label, text) pieces of the line, cut at "|" and before each label."""
    pieces: list[tuple[str | None, str]] = []
    for chunk in line.split("|"):
        cuts = [m for m in _LABEL.finditer(chunk)]
        if not cuts:
            pieces.append((None, chunk))
            continue
        if chunk[:cuts[0].start()].strip():
            pieces.append((None, chunk[:cuts[0].start()]))
        for here, after in zip(cuts, cuts[1:] + [None]):
            kind = re.sub(r"\d+$", "", here.lastgroup or "")
            pieces.append((kind, chunk[here.start():after.start() if after else len(chunk)]))
    return [(label, text.strip(" ,;:-")) for label, text in pieces if text.strip(" ,;:-")]


def _read_part(text: str) -> tuple[DatePart, list[str]] | None:
    """The date of one part and the words dateutil skipped, or None when it holds no month and day."""
    if not re.search(r"\d", text):
        return None
    dayfirst = bool(re.search(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b", text))  # 08.07.2012: dotted dates are day-first
    try:
        first, skipped = dateutil_parser.parse(text, fuzzy_with_tokens=True, ignoretz=True, dayfirst=dayfirst,
                                               default=dt.datetime(1, 1, 1))
        second = dateutil_parser.parse(text, fuzzy=True, ignoretz=True, dayfirst=dayfirst,
                                       default=dt.datetime(2, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    if first.month != second.month or first.day != second.day:
        return None  # no month or no day written: a time alone, a year alone
    skipped_words = [w for chunk in skipped for w in _words(chunk)]
    if first.year != second.year:
        return DatePart(text, None, None, (first.month, first.day)), skipped_words
    if not 1900 <= first.year <= 2100:
        return None
    fmt = "%Y-%m-%dT%H:%M" if _TIME.search(text) else "%Y-%m-%d"
    return DatePart(text, None, first.strftime(fmt)), skipped_words


def _untimed(part: DatePart) -> bool:
    return part.label is None and part.value is not None and "T" not in part.value


def _time_only(text: str) -> bool:
    return bool(_TIME.search(text)) and not _MONTH_WORD.search(text) and not re.search(r"\d[/.\-]\d{1,2}[/.\-]\d", text)


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]+", text)


_AGO = re.compile(r"(?i)\b(\d+\s+(?:years?|months?|weeks?|days?|hours?)(?:,?\s+(?:and\s+)?\d+\s+"
                  r"(?:years?|months?|weeks?|days?|hours?))*\s+ago)\b")


def _relative_to_retrieval(parts: list[DatePart], line: str) -> None:
    """'Posted 1 year, 160 days ago [downloaded on 2 October 2013]': the posting day, counted back from
    the download day the export printed."""
    retrieved = next((p for p in parts if p.label == RETRIEVED and p.value), None)
    ago = _AGO.search(line)
    if retrieved is None or ago is None or any(p.label == PUBLISHED for p in parts):
        return
    base = dt.datetime.fromisoformat(retrieved.value)
    posted = dateparser.parse(ago.group(1).replace(",", ""), languages=["en"], settings={"RELATIVE_BASE": base})
    if posted is not None:
        parts.insert(0, DatePart(ago.group(1), PUBLISHED, posted.strftime("%Y-%m-%d")))
