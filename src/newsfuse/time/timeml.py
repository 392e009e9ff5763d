"""TimeML (.tml) documents: the plain text, the document creation time and the gold TIMEX3s."""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimeMLDocument:
    name: str
    text: str
    dct: dt.date | None
    timexes: list[GoldTimex] = field(default_factory=list)


def read_timeml(path: Path) -> TimeMLDocument:
    """The TEXT element's characters (tags removed), its DCT and its TIMEX3s with offsets into it."""
    root = ET.parse(path).getroot()
    text_element = root.find("TEXT")
    pieces: list[str] = []
    timexes: list[GoldTimex] = []
    if text_element is not None:
        _walk(text_element, pieces, timexes, top=True)
    return TimeMLDocument(path.stem, "".join(pieces), _creation_time(root), timexes)


def _walk(element: ET.Element, pieces: list[str], timexes: list[GoldTimex], top: bool = False) -> None:
    start = sum(len(p) for p in pieces)
    if element.text:
        pieces.append(element.text)
    for child in element:
        _walk(child, pieces, timexes)
        if child.tail:
            pieces.append(child.tail)
    if element.tag == "TIMEX3" and not top and element.get("functionInDocument") != "CREATION_TIME":
        end = sum(len(p) for p in pieces)
        text = "".join(pieces)[start:end]
        timexes.append(GoldTimex(start, end, text, element.get("type", ""), element.get("value", "")))


def _creation_time(root: ET.Element) -> dt.date | None:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            value = timex.get("value", "")
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                return None
    return None
