"""Stage records to and from what the collection stores (JSON text, float32 BLOBs)."""
from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import Any

import numpy as np

from ..embeddings import DIMENSIONS
from ..models import (Article, Entity, Event, MixedArticle, PublishedDate, Reuse, Segment, Sentence,
                      TimeExpression)

# Kept out of the stored record: vectors and the parse go to their own BLOB columns, not into JSON.
NOT_IN_RECORD = {"sentence_vectors", "parse"}


def article_record(article: Article) -> dict[str, Any]:
    """The article as stored: every field except the vectors and the parse."""
    return {f.name: _plain(getattr(article, f.name)) for f in fields(article) if f.name not in NOT_IN_RECORD}


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    return value


def article_from_dict(data: dict[str, Any]) -> Article:
    """Rebuild an Article stored with `article_record` (or dataclasses.asdict); fields the record
    lacks (vectors, fields added later) take their defaults, fields it has that Article no longer
    has are dropped."""
    known = {f.name for f in fields(Article)}
    data = {k: v for k, v in data.items() if k in known and k not in NOT_IN_RECORD}
    data["published"] = PublishedDate(**data.get("published") or {})
    data["sentences"] = [Sentence(**s) for s in data.get("sentences", [])]
    data["entities"] = [Entity(**e) for e in data.get("entities", [])]
    return Article(**data)


def to_blob(vectors: np.ndarray) -> bytes:
    return np.ascontiguousarray(vectors, dtype=np.float32).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32).reshape(-1, DIMENSIONS).copy()


def timexes_json(expressions: list[TimeExpression]) -> str:
    return json.dumps([t.to_json() for t in expressions], ensure_ascii=False)


def timexes_from(text: str) -> list[TimeExpression]:
    return [TimeExpression(**t) for t in json.loads(text)]


def event_from(data: dict[str, Any]) -> Event:
    data = dict(data)
    data["segments"] = [Segment(**s) for s in data.get("segments", [])]
    return Event(**data)


def reuse_from(data: dict[str, Any]) -> Reuse:
    data = dict(data)
    data["aligned"] = [tuple(pair) for pair in data.get("aligned", [])]
    return Reuse(**data)


def mixed_from(data: dict[str, Any]) -> MixedArticle:
    return MixedArticle(**data)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
