"""What several commands parse the same way, and the process settings the command line owns."""
from __future__ import annotations

import datetime as dt
import os

import typer

from ..ingest.sources import DEFAULT_FIELDS


def parse_fields(mappings: list[str]) -> dict[str, str]:
    fields = dict(DEFAULT_FIELDS)
    for mapping in mappings:
        ours, sep, theirs = mapping.partition("=")
        if not sep or ours not in fields or not theirs:
            raise typer.BadParameter(f"{mapping!r}: expected NAME=FIELD with NAME one of {', '.join(fields)}")
        fields[ours] = theirs
    return fields


def parse_day(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint=option) from exc


def host_settings() -> None:
    """The `newsfuse` process never reaches a model hub: the models ship as packages. (A library
    user's process is left as it is until a model loads: see `embeddings.load_model`.)"""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
