"""Bytes to text: the declared charset first, then UTF-8, then charset detection.

News pages lie about their encoding often enough that a declared charset which fails to decode is
not fatal; charset-normalizer then picks the most plausible one and the article says so.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes
from ftfy import fix_encoding

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Share of control bytes (other than tab/newline/CR/form feed) above which a file is binary.
# 5 % keeps legacy-encoded text (which has none) and rejects images, PDFs and archives (tens of %).
BINARY_CONTROL_SHARE = 0.05
_TEXT_CONTROLS = {9, 10, 12, 13, 27}


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we can identify."""


@dataclass
class Decoded:
    text: str
    encoding: str
    note: str  # empty when the bytes were what they said they were


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset an HTTP Content-Type header or an HTML <meta> tag declares, if any."""
    if content_type:
        match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.I)
        if match:
            return match.group(1)
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def binary_reason(data: bytes) -> str | None:
    """Why `data` looks like a binary file rather than text, or None when it looks like text."""
    sample = data[:8192]
    if not sample:
        return None
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 with a BOM: text, full of NUL bytes
    if b"\x00" in sample:
        return "binary file (contains NUL bytes)"
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    if controls / len(sample) > BINARY_CONTROL_SHARE:
        return f"binary file ({controls / len(sample):.0%} control bytes)"
    return None


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode `data`, trying the declared charset, a BOM, UTF-8, then charset detection."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return Decoded(data.decode(encoding, errors="replace"), encoding, "")
    note = ""
    if declared:
        try:
            return Decoded(data.decode(_python_codec(declared)), declared.lower(), "")
        except (LookupError, UnicodeDecodeError) as exc:
            note = f"declared charset {declared!r} failed ({type(exc).__name__}); "
    try:
        return Decoded(data.decode("utf-8"), "utf-8", note.rstrip("; "))
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise UndecodableError(note + "not UTF-8 and no encoding could be detected")
    return Decoded(str(best), best.encoding, note + f"not UTF-8; decoded as {best.encoding} by charset detection")


MOJIBAKE_NOTE = "mis-decoded characters repaired (text had been decoded with the wrong charset upstream)"


def repair_mojibake(text: str) -> str:
    """`text` with mojibake undone ("rÃ©sumÃ©" -> "résumé", "â€œ" -> "“"), else unchanged.

    Bytes can be right and the text still wrong: feeds and datasets (PolNeAR's NYT texts among
    them) hold UTF-8 that was once decoded as Windows-1252. ftfy's fix_encoding repairs only
    that (no quote straightening or other normalisation), and leaves clean text as it is.
    """
    if not text:
        return text
    return fix_encoding(_COMPAT_SPLIT.sub(lambda m: m.group(1) + _SPACING_MARK[m.group(2)], text))


# A later Unicode compatibility normalisation (NFKC) splits the spacing marks that mojibake leaves
# after a UTF-8 lead byte read as Windows-1252 ("è" -> "Ã¨" -> "Ã ̈"): put them back first, or
# ftfy cannot see the two bytes. Only right after such a lead character, so real text is untouched.
_SPACING_MARK = {"\u0308": "\u00a8", "\u0301": "\u00b4", "\u0327": "\u00b8", "\u0304": "\u00af"}
_COMPAT_SPLIT = re.compile("([\u00c2-\u00c5]) ([\u0308\u0301\u0327\u0304])")


def _python_codec(name: str) -> str:
    # Browsers treat iso-8859-1 as windows-1252; so do we, or curly quotes become control codes.
    name = name.strip().lower()
    return "cp1252" if name in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"} else name
