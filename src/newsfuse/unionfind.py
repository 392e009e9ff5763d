"""The project's one union-find: reuse components (articles joined by copies count as one source)
and the events of blocks that share a sentence (events/blocking.py) both call it."""
from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TypeVar

H = TypeVar("H", bound=Hashable)


def join(pairs: Iterable[tuple[H, H]], items: Iterable[H] = ()) -> dict[H, H]:
    """Each of `items` and of the pairs' members -> the representative of its connected group;
    a pair (a, b) puts a's group under b's representative."""
    parent: dict[H, H] = {item: item for item in items}

    def find(x: H) -> H:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    return {x: find(x) for x in list(parent)}
