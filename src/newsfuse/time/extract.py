"""find_timexes: every time expression of a text with its TIMEX3 type, value, anchor and span."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass

from . import calendar as cal
from .grammar import Candidate, candidates, select
from .normalize import Context, resolve
from .tense import tense_from_doc, tense_from_words


@dataclass
class Timex:
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str
    anchor: str  # published | explicit | context | event

    def to_json(self) -> dict:
        return asdict(self)


# Words in front of a date that belong to its extent and keep its value: "the end of 1990",
# "late November", "the evening of May 16" (which also narrows the value to that part of the day).
_LEFT_MODIFIER = re.compile(
    r"(?i:(?:the\s+)?(?:(?P<edge>end|beginning|start|middle|close|first half|second half|rest|turn|spring|summer|fall|autumn|winter)|"
    r"(?P<pod>morning|afternoon|evening|night))\s+of\s+|(?P<early>early|late|mid)[- ]|(?P<pre>mid-))$")
_POD_CODES = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
MODIFIER_WINDOW = 30


def find_timexes(text: str, dct: dt.date | None, doc=None, anchor_kind: str = "published",
                 tense: Callable[[int, int], int] | None = None) -> list[Timex]:
    """Time expressions of `text`, resolved against `dct` (the document creation time) if given.

    `doc` is an optional spaCy Doc of `text`: its parse decides the tense of bare weekdays and months
    (else `tense`, a function of a span, or else the words of the clause). `anchor_kind` names where
    `dct` came from ("published", "context" or "event").
    """
    if tense is None:
        tense = tense_from_doc(doc) if doc is not None else tense_from_words(text)
    ctx = Context(anchor=dct, anchor_kind=anchor_kind, tense=tense)
    chosen = select([c for c in candidates(text) if _resolves(c, ctx)])
    timexes = []
    for cand in chosen:
        resolved = resolve(cand, ctx)
        if resolved is None:
            continue
        kind, value, anchor = resolved
        timex = _with_left_modifier(text, Timex(cand.start, cand.end, cand.text, kind, value, anchor))
        timexes.append(timex)
        if _names_a_reference_time(cand, kind, value):
            ctx.last_value = value[:10] if kind == "TIME" else value
    return timexes


# Expressions computed from another date ("a year earlier", "year-ago") do not move the story's time.
_DERIVED_KINDS = {"units_relative", "year_adj"}


def _names_a_reference_time(cand: Candidate, kind: str, value: str) -> bool:
    if kind not in ("DATE", "TIME") or cand.kind in _DERIVED_KINDS or "year-" in cand.text.lower():
        return False
    return cal.granularity_of(value[:10] if kind == "TIME" else value) is not None


def _resolves(cand: Candidate, ctx: Context) -> bool:
    return resolve(cand, Context(ctx.anchor, ctx.anchor_kind, ctx.tense)) is not None


def _with_left_modifier(text: str, timex: Timex) -> Timex:
    if timex.type not in ("DATE", "TIME"):
        return timex
    window = text[max(0, timex.start - MODIFIER_WINDOW):timex.start]
    match = _LEFT_MODIFIER.search(window)
    if not match:
        return timex
    start = timex.start - (len(window) - match.start())
    value, kind = timex.value, timex.type
    if match.group("pod") and cal.granularity_of(value) == "D":
        value, kind = f"{value}T{_POD_CODES[match.group('pod').lower()]}", "TIME"
    return Timex(start, timex.end, text[start:timex.end], kind, value, timex.anchor)
