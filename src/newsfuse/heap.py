"""Give freed heap back to the operating system between units of work.

Each event's compare (and the nlp stage's batches) allocates and frees hundreds of MB of small
blocks (spaCy Docs decoded one at a time, clause vectors, alignment matrices); glibc keeps the freed
memory in its arenas, so the process's RSS climbed with every event although what stays alive is
small: at 250 whole articles (bench/growth.py), RSS after compare 1,614 MB, after `malloc_trim`
973 MB, live Python objects 129 MB. On another C library this does nothing.
"""
from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache


@lru_cache(maxsize=1)
def _malloc_trim():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # not glibc (musl, macOS, Windows)
        return None


def release_freed_memory() -> bool:
    """Return freed heap to the OS (glibc's malloc_trim); True when the C library did."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False
