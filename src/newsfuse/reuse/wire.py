"""Is an article wire copy, and of which agency?

A wire story announces itself in its dateline ("WASHINGTON (AP) —", "Dec 29 (Reuters) -",
"New York (AFP) –") or in the agency's sign-off ("(Reporting by ...; Editing by ...)" is Reuters'
house style). A mere citation ("AP reported") does not make an article wire copy; those are in
`newsfuse.ingest.attribution.attributed_sources`, which this module uses only to name the wire two
articles both cite.
"""
from __future__ import annotations

import re

from ..ingest.attribution import attributed_sources

WIRES = ("AP", "AFP", "Reuters", "UPI", "Xinhua", "TASS", "dpa", "EFE", "ANSA", "Kyodo", "Yonhap",
         "PTI", "ANI", "Bloomberg", "Interfax")
_ALIASES = {"associated press": "AP", "agence france-presse": "AFP", "agence france presse": "AFP"}
# The dateline sits in the first lines; 600 characters cover a title and a byline before it.
DATELINE_CHARS = 600
_DATELINE = re.compile(
    r"\((" + "|".join(WIRES) + r"|Associated Press|Agence France-Presse)\)\s*[-—–]", re.I
)
_REUTERS_SIGNOFF = re.compile(r"\(\s*(?:Additional )?Reporting by [^)]*(?:Editing|Writing) by", re.I)
_BYLINE = re.compile(r"^\s*(?:By\s+)?(?:The\s+)?(Associated Press|AFP|Reuters|UPI)\s*$", re.M)


def _canonical(name: str) -> str:
    lowered = name.lower()
    if lowered in _ALIASES:
        return _ALIASES[lowered]
    return next((w for w in WIRES if w.lower() == lowered), name)


def wire_of(text: str) -> str | None:
    """The agency whose copy `text` is, from its dateline, byline or sign-off; None if none."""
    head = text[:DATELINE_CHARS]
    match = _DATELINE.search(head) or _BYLINE.search(head)
    if match:
        return _canonical(match.group(1))
    if _REUTERS_SIGNOFF.search(text[-800:]):
        return "Reuters"
    return None


def cited_wires(text: str, attributed: list[str] | None = None) -> set[str]:
    """Wires the article is copy of or cites as its source."""
    sources = attributed if attributed else attributed_sources(text)
    found = {s for s in sources if s in WIRES}
    own = wire_of(text)
    return found | ({own} if own else set())
