"""Wires, outlets and official readouts that an article cites as its source.

Only citations count, not mere mentions: "AFP reported", "according to CNN", "Xinhua said",
"a Kremlin readout", "footage by state broadcaster CCTV", "(AP) —". A name alone ("CNN's
headquarters") is not a citation.
"""
from __future__ import annotations

import re

# Canonical name -> surface forms. Wires first: they decide independence later (issue #5/#6).
KNOWN_SOURCES: dict[str, tuple[str, ...]] = {
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "AP": ("AP", "Associated Press"),
    "Reuters": ("Reuters",),
    "Xinhua": ("Xinhua", "Xinhua News Agency"),
    "TASS": ("TASS", "Tass"),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "Interfax": ("Interfax",),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "EFE": ("EFE",),
    "ANSA": ("ANSA",),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "Yonhap": ("Yonhap",),
    "PTI": ("PTI", "Press Trust of India"),
    "ANI": ("ANI",),
    "UNN": ("UNN",),
    "Bloomberg": ("Bloomberg",),
    "CNN": ("CNN",),
    "BBC": ("BBC",),
    "CCTV": ("CCTV",),
    "CGTN": ("CGTN",),
    "Global Times": ("Global Times",),
    "People's Daily": ("People's Daily", "People’s Daily"),
    "RT": ("RT", "Russia Today"),
    "Sputnik": ("Sputnik",),
    "Al Jazeera": ("Al Jazeera",),
    "The New York Times": ("The New York Times", "New York Times", "NYT"),
    "The Washington Post": ("The Washington Post", "Washington Post"),
    "The Wall Street Journal": ("The Wall Street Journal", "Wall Street Journal", "WSJ"),
    "The Guardian": ("The Guardian",),
    "Politico": ("Politico", "POLITICO"),
    "Fox News": ("Fox News",),
    "NBC News": ("NBC News", "NBC"),
    "CBS News": ("CBS News", "CBS"),
    "ABC News": ("ABC News",),
    "Axios": ("Axios",),
    "Kremlin readout": ("Kremlin readout", "readout from the Kremlin", "Kremlin statement"),
    "White House readout": ("White House readout", "readout from the White House"),
}
# Verbs and phrases that make a name a citation when next to it.
_AFTER = r"(?:reported|reports|said|says|quoted|cited|showed|shows|wrote|writes|added|noted|announced|confirmed)"
_BEFORE = (r"(?:according to|reported by|as reported by|quoted by|cited by|told|footage by|footage from|"
           r"broadcast by|via|citing|by state broadcaster|by state media|state media|state broadcaster|"
           r"state news agency|news agency)")
# A readout or statement from a named body: "a readout from China's Foreign Ministry".
_READOUT = re.compile(
    r"\b(?:readout|statement) (?:from|by|of) (?:the )?((?:[A-Z][\w’'-]*\s?){1,5})", re.U
)
# Other organisations cited with a reporting verb: "UNN reports", "Kommersant reported".
_CAPITALISED_THEN_VERB = re.compile(
    r"\b((?:[A-Z][A-Za-z’'-]+\s){0,3}[A-Z][A-Za-z’'-]+),? (?:reported|reports)\b"
)
_DATELINE_WIRE = re.compile(r"\((AP|AFP|Reuters|Xinhua|TASS|dpa|EFE|ANSA|Kyodo|Yonhap|PTI|ANI)\)\s*[-—–]")
# Words that start a sentence or name a person/group rather than an outlet in "X reported".
_NOT_OUTLETS = {"He", "She", "They", "It", "We", "I", "Officials", "Police", "Media", "The", "This",
                "Chinese", "Russian", "American", "State", "Local", "Some", "Many", "Witnesses"}


def _name_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    canonical: dict[str, str] = {}
    for name, forms in KNOWN_SOURCES.items():
        for form in forms:
            canonical[form.lower()] = name
    forms = sorted(canonical, key=len, reverse=True)
    alternation = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I), canonical


_NAMES, _CANONICAL = _name_pattern()
_CITED_AFTER = re.compile(rf"^[\s,’'s]*(?:\w+\s){{0,2}}?{_AFTER}\b", re.I)
_CITED_BEFORE = re.compile(rf"{_BEFORE}\s+(?:(?:a|an|the)\s+)?(?:[\w’'-]+\s){{0,2}}$", re.I)


def attributed_sources(text: str) -> list[str]:
    """Canonical names of the sources `text` cites, in order of first citation."""
    found: dict[str, None] = {}
    for match in _NAMES.finditer(text):
        surface = match.group(0)
        # Short all-caps acronyms must be written in capitals: "ap" or "Ani" are words, not wires.
        if len(surface) <= 4 and not surface.isupper() and surface.lower() not in {"dpa", "tass"}:
            continue
        before = text[max(0, match.start() - 60):match.start()]
        after = text[match.end():match.end() + 40]
        if _CITED_AFTER.search(after) or _CITED_BEFORE.search(before) or _is_readout(surface):
            found.setdefault(_CANONICAL[surface.lower()], None)
    for match in _DATELINE_WIRE.finditer(text):
        found.setdefault(_CANONICAL[match.group(1).lower()], None)
    for match in _READOUT.finditer(text):
        body = match.group(1).strip().rstrip(",.")
        if body:
            found.setdefault(f"{body} readout", None)
    for match in _CAPITALISED_THEN_VERB.finditer(text):
        name = match.group(1).strip()
        if name.split()[0] in _NOT_OUTLETS or name.lower() in _CANONICAL:
            continue
        found.setdefault(name, None)
    return list(found)


def _is_readout(surface: str) -> bool:
    return "readout" in surface.lower() or "statement" in surface.lower()
