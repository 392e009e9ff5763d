"""Entity search that folds spelling variants of one name.

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

from rapidfuzz import fuzz, process

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
