"""Plain data records that flow between pipeline stages.

Each stage is a function from these records to these records, so the same code runs in the CLI,
the API and Spark. Field names follow the JSON contract in SPEC.md where one exists.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

InputStatus = Literal["ok", "skipped", "error"]
Anchor = Literal["published", "explicit", "event", "context"]


@dataclass
class InputRecord:
    """The fate of one input item (a file, a JSONL line, a WARC record)."""

    path: str
    item: str  # the path itself, "line 12", or "record 3 <url>"
    status: InputStatus
    reason: str = ""
    article: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    """One article given in memory (the Python API): its text or HTML and what is known about it.

    The same fields as a JSONL input line; `text` or `html` is required."""

    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None  # a calendar date, e.g. "2024-05-16"
    outlet: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class RawDocument:
    """One readable input item before extraction: HTML or plain text plus what its container said."""

    path: str
    item: str
    content: str
    kind: Literal["html", "text"]
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # as given by the container (JSONL field, WARC date)
    published_source: str | None = None  # e.g. "jsonl field 'published'", "WARC-Date (crawl date)"
    notes: list[str] = field(default_factory=list)  # e.g. how the bytes were decoded


@dataclass
class PublishedDate:
    value: str | None = None
    evidence: str | None = None
    source: str | None = None  # metadata | header | jsonl | warc | none
    confidence: float = 0.0
    rejected: list[dict[str, str]] = field(default_factory=list)  # [{"value","evidence","reason"}]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Entity:
    text: str
    label: str
    sentence: int
    start: int  # character offsets into Article.text
    end: int


@dataclass
class Sentence:
    index: int
    text: str
    start: int  # character offsets into Article.text
    end: int


@dataclass
class TimeExpression:
    """A time expression found in an article and resolved to a TIMEX3-style value."""

    article: str
    sentence: int
    text: str
    value: str | None
    type: str  # DATE | TIME | DURATION | SET
    anchor: Anchor
    start: int  # character offsets into Article.text
    end: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Article:
    id: str
    path: str
    item: str
    text: str
    title: str | None = None
    # Where the title came from: "metadata", "given", "first line", or "first sentence (no title
    # line)" when the text had no headline and one had to be cut from the lead.
    title_evidence: str = ""
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: PublishedDate = field(default_factory=PublishedDate)
    language: str | None = None
    language_confidence: float | None = None
    removed_boilerplate: list[str] = field(default_factory=list)
    attributed_sources: list[str] = field(default_factory=list)
    extraction: str = ""  # which extractor produced the text
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # What the nlp stage (`nlp.annotate`) read of the text, carried by the article to every later
    # stage and engine (a Spark partition, a collection batch) instead of being computed again;
    # never part of a report. MiniLM vectors of `sentences` (float32, one row each):
    sentence_vectors: Any = field(default=None, repr=False, compare=False)
    # ...and the spaCy Doc of the text, compressed (`nlp.doc_bytes`; read it with `nlp.parsed`):
    parse: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def has_headline(self) -> bool:
        """True when the title is a real headline, not one cut from the first sentence."""
        return bool(self.title) and "sentence" not in self.title_evidence

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "item": self.item,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "title_evidence": self.title_evidence,
            "author": self.author,
            "published": self.published.to_json(),
            "language": self.language,
            "language_confidence": self.language_confidence,
            "text": self.text,
            "sentences": [s.text for s in self.sentences],
            "entities": [asdict(e) for e in self.entities],
            "removed_boilerplate": self.removed_boilerplate,
            "attributed_sources": self.attributed_sources,
            "extraction": self.extraction,
            "warnings": self.warnings,
        }


@dataclass
class Segment:
    article: str
    sentences: list[int]


@dataclass
class Event:
    id: str
    title: str
    articles: list[str]
    start: str | None = None
    end: str | None = None
    places: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MixedArticle:
    article: str
    events: list[str]
    explanation: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Reuse:
    """`derived` copies or rewrites `source` (or both repeat one wire)."""

    source: str
    derived: str
    kind: Literal["copy", "rewrite", "shared_wire"]  # the SPEC's values, which other tools switch on
    score: float
    aligned: list[tuple[int, int, float]] = field(default_factory=list)  # derived, source, similarity
    direction_evidence: str = ""  # what decided which one is the source
    # What the link rests on, in one line: the kind and the narrative sentences behind it
    # ("rewrite: a run of 6 narrative sentences of a1 reworded from a2 in the same order ...").
    evidence: str = ""
    # Those sentences as compared, quotations taken out: [derived text, source text] per pair.
    evidence_pairs: list[list[str]] = field(default_factory=list)
    # A rewrite in another language (issue 16): kind stays "rewrite", so SPEC readers count it as
    # reuse; this names the two languages, "de<-en" (derived<-source), "" for same-language reuse.
    translated: str = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["aligned"] = [list(pair) for pair in self.aligned]
        return data


@dataclass
class Mention:
    article: str
    sentence: int
    text: str


@dataclass
class Claim:
    id: str
    event: str
    text: str
    kind: Literal["statement", "quote", "figure"]
    mentions: list[Mention]
    speaker: str | None = None
    # "direct" when the source has the words in quotation marks, "indirect" for reported speech:
    # the account quotes only the former (an extension of the SPEC claim record)
    quote_kind: str | None = None
    independent_sources: int = 0
    status: Literal["corroborated", "single_source", "conflicting"] = "single_source"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Conflict:
    id: str
    event: str
    slot: Literal["date", "number", "place", "speaker", "other"]
    claims: list[str]
    values: list[str]
    explanation: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FramingEntry:
    article: str
    sentence: int
    target: str
    term: str
    kind: Literal["loaded", "neutral", "honorific"]
    contrast: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SummarySentence:
    text: str
    claims: list[str]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
