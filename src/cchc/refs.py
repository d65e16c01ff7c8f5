"""References to other documents, as editors paste them from the preamble of a document.

"Kế hoạch số 15/KH-UBND ngày 19/01/2024 của UBND huyện Hương Khê về …" becomes
number, kind, date, agency name and title. Resolving the agency name against the registry is
the caller's job (see `registry.AgencyNames`), so this module stays a pure text parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .text import fold, nfc
from .vocab import DOCUMENT_WORDS, KIND_OF_CODE

# A số hiệu: "107/KH-UBND", "61/2018/NĐ-CP", "136/KH-SLĐTBXH", "1332/QĐ-BNV", "09/KH-UBND".
NUMBER_RE = re.compile(
    r"(?<![\w/])(\d{1,6}[a-zA-Z]?(?:/\d{4})?/[A-ZĐa-zđ][\wĐđ&.]*(?:-[\wĐđ&.]+)*)(?![\w/])"
)

_DATE_RE = re.compile(
    r"ngày\s+(\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)\s*(\d{1,2})\s*(?:/|-|\.|\s+năm\s+)\s*(\d{4})",
    re.IGNORECASE,
)
# "về (việc)" introduces the title and is dropped; a verb such as "phê duyệt" starts it.
_TITLE_SPLIT = re.compile(
    r"\s+(?:về việc|về|v/v)\s+|\s+(?=(?:phê duyệt|ban hành|quy định|hướng dẫn)\s)", re.IGNORECASE
)


@dataclass(frozen=True)
class ParsedRef:
    """What a pasted reference phrase says; any part may be missing."""

    text: str
    number: str | None = None
    kind: str | None = None
    issued: date | None = None
    agency_name: str | None = None
    title: str | None = None


def kind_of_number(number: str) -> str | None:
    """The document kind implied by the type code of a số hiệu ('107/KH-UBND' → ke-hoach)."""
    parts = number.split("/")
    code = parts[-1].split("-")[0] if len(parts) > 1 else ""
    return KIND_OF_CODE.get(code)


def _kind_before(text: str, start: int) -> str | None:
    head = fold(text[:start]).rstrip()
    head = re.sub(r"\s*so\s*:?$", "", head).rstrip()
    for words, kind in DOCUMENT_WORDS:
        if head.endswith(words):
            return kind
    return None


def parse_phrase(text: str) -> ParsedRef:
    """Parse one reference phrase. Never fails: unknown parts stay None."""
    text = " ".join(nfc(text).strip().strip(";,.").split())
    m = NUMBER_RE.search(text)
    number = m.group(1).rstrip(".") if m else None
    kind = (_kind_before(text, m.start()) if m else None) or (kind_of_number(number) if number
                                                                else None)
    if kind is None:
        first = fold(text)
        kind = next((k for w, k in DOCUMENT_WORDS if first.startswith(w)), None)
    issued = None
    d = _DATE_RE.search(text)
    if d:
        try:
            issued = date(int(d.group(3)), int(d.group(2)), int(d.group(1)))
        except ValueError:
            issued = None
    agency_name = title = None
    c = re.search(r"\bcủa\s+", text, re.IGNORECASE)
    if c:
        rest = text[c.end():]
        parts = _TITLE_SPLIT.split(rest, maxsplit=1)
        agency_name = parts[0].strip(" ,;")
        if len(parts) > 1:
            title = parts[1].strip(" ,;")
    elif d or m:
        tail = text[(d or m).end():]  # type: ignore[union-attr]  # one of them matched
        parts = _TITLE_SPLIT.split(" " + tail, maxsplit=1)
        if len(parts) > 1:
            title = parts[1].strip(" ,;")
    if title:
        title = title[0].upper() + title[1:]
    return ParsedRef(text, number, kind, issued, agency_name or None, title or None)


_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d"})


def number_key(number: str) -> str:
    """The identity of a số hiệu: '107/kh-ubnd', '107/KH–UBND ' → '107/KH-UBND'.

    Two numbers that differ only in case, spaces or look-alike dashes (Word turns "-" into "–")
    name the same document, for references and for the check that numbers are unique.
    """
    return re.sub(r"\s+", "", nfc(number)).translate(_DASHES).upper()
