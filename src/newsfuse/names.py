"""Names of people written several ways: the one place that folds them.

- `canonical_name`: the fullest form of a short name among the names around it ("Putin" ->
  "Vladimir Putin"), used by events (an event's participants), quotes (speakers) and framing
  (who a naming describes); `same_person` is its test, `person_titles` / `match_title` resolve
  "the Russian president" to the person a text introduced as "Russian President X".
- `fold_name` / `NameIndex`: entity search that folds spelling variants of one name.

Search folding:

"Kim Jong-un", "Kim Jong Un", "KIM JONG-UN", "Mr. Kim Jong Un's" and "Kim Jongun" share one key;
accents fold too ("Zelenskyy" typed without its diacritics on "Zélenskyy" still matches). Folding is
Unicode compatibility decomposition with combining marks dropped, case folding, punctuation and
hyphens as word breaks, courtesy titles and a possessive ending dropped. Keys are compared with the
spaces taken out (so a joined or split name matches), then with rapidfuzz for one-letter spelling
differences in longer names ("Zelensky" / "Zelenskyy").
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Courtesy titles only: "President", "Senator" and the like are part of how outlets name someone
# and a user may search by them.
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "madam", "mme", "prof", "herr", "frau"})
_POSSESSIVE = re.compile(r"['’]s\b|(?<=s)['’](?=\s|$)")
_WORD = re.compile(r"[^\W_]+")
# partial_ratio floor for names the plain key does not contain: 90 lets one letter differ in a
# 10+-letter key ("zelenskyy" / "zelensky") but not in "kimjongun" / "kimjongil" (88.9).
FUZZY_FLOOR = 90
FUZZY_MIN_LENGTH = 7


def fold_words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", _POSSESSIVE.sub("", text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = _WORD.findall(plain)
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return words


def fold_name(text: str) -> str:
    """The spelling-free key of a name: folded words joined without spaces."""
    return "".join(fold_words(text))


class NameIndex:
    """Stored names by their folded key, for repeated searches over one set of names."""

    def __init__(self, names: Iterable[str]) -> None:
        self.keys: dict[str, list[str]] = {}
        for name in names:
            self.keys.setdefault(fold_name(name), []).append(name)

    def matching(self, query: str) -> list[str]:
        """The names a user typing `query` means: the folded query inside the folded name, or (for a
        query of FUZZY_MIN_LENGTH letters or more) within one spelling difference of a part of it."""
        key = fold_name(query)
        if not key:
            return []
        found = [k for k in self.keys if key in k]
        if len(key) >= FUZZY_MIN_LENGTH:
            # A name shorter than the query cannot be "the query, misspelt" (partial_ratio would align
            # the query's part "kim" of "kimjongun" with the name "Kim").
            rest = [k for k in self.keys if key not in k and len(k) >= len(key) - 1]
            found += [k for k, _, _ in process.extract(key, rest, scorer=fuzz.partial_ratio,
                                                          score_cutoff=FUZZY_FLOOR, limit=None)]
        return [name for k in found for name in self.keys[k]]


def matching_names(query: str, names: Iterable[str]) -> list[str]:
    """The `names` a user typing `query` means (see NameIndex.matching)."""
    return NameIndex(names).matching(query)


# --- the fullest form of a person's name ----------------------------------------------------------

_POSSESSIVE_END = ("'s", "’s")


def canonical_name(name: str, *pools: Iterable[str], verbatim: bool = False) -> str:
    """The longest form of `name` among the first of `pools` that holds one ("Putin" ->
    "Vladimir Putin"); `name` itself when none does. Quotes and framing look among the event's
    participants, then the text's persons, for any form `same_person` allows; events fold a
    segment's names `verbatim` only: a one-word name into a name holding that very word."""
    for pool in pools:
        longer = [p for p in pool if (name in p.split() if verbatim else same_person(name, p))]
        if longer:
            return max(longer, key=lambda p: (len(p), p))  # ties by spelling: never by set order
    return name


def without_possessive(name: str) -> str:
    """"Putin's" -> "Putin" (surrounding spaces dropped)."""
    clean = name.strip()
    for ending in _POSSESSIVE_END:
        clean = clean.removesuffix(ending)
    return clean


def same_person(short: str, full: str) -> bool:
    """`short` can name whoever `full` names: its last word is one of full's, and it is no longer."""
    s, f = short.split(), full.split()
    return bool(s) and bool(f) and s[-1].lower() in (w.lower() for w in f) and len(s) <= len(f)


def person_titles(doc: Doc) -> dict[str, str]:
    """Descriptive words written before each person's name: {"chinese": "Xi Jinping", "president": ...}.

    Built from "Chinese President Xi Jinping", "Russian leader Vladimir Putin"; a word that
    introduces two different people is ambiguous and kept for neither.
    """
    found: dict[str, set[str]] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        i = ent.start - 1
        while i >= 0 and doc[i].pos_ in ("PROPN", "ADJ", "NOUN") and doc[i].ent_type_ in ("", "NORP", "GPE"):
            found.setdefault(doc[i].lower_, set()).add(ent.text)
            i -= 1
    return {w: next(iter(n)) for w, n in found.items() if len(n) == 1}


def match_title(written: str, titles: dict[str, str]) -> str | None:
    """The person a title phrase means: "the Russian president" -> whoever was "Russian President X".

    Capitalised words (nationalities, ranks written as names) decide first, since "leader" or
    "president" alone often fit both leaders of a summit.
    """
    words = [w for w in re.findall(r"\w+", written) if w.lower() not in ("the", "a", "an", "his", "her", "its")]
    for group in ([w for w in words if w[0].isupper()], words):
        known = {titles[w.lower()] for w in group if w.lower() in titles}
        if len(known) == 1:
            return known.pop()
    return None
