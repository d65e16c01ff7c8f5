"""News items and notices that speak of a document, rather than being one.

A notice ("Văn phòng Bộ xin thông báo …") is a thông báo of its own: its speaker issues it.
A news item ("Sở Giao thông vận tải vừa ban hành văn bản báo cáo kết quả … quý III",
"UBND huyện đã ban hành Kế hoạch số 12/KH-UBND ngày …") announces a document: the draft is of
that document, with what the announcement says of it and the news item noted as its source.
Only a text that names no document at all is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..refs import NUMBER_RE, parse_phrase
from ..text import fold
from ..vocab import DOCUMENT_WORDS
from .agencies import HEAD_RE, is_agency_name, split_job_title

_SPEAKER = re.compile(r"(?:^|[.;]\s+)(?P<agency>" + HEAD_RE + r"[^,;:.()]{0,120}?)\s+"
                      r"(?:xin\s+)?thông báo\b", re.I)
_ANNOUNCE = re.compile(
    r"(?P<agency>" + HEAD_RE + r"[^,;:.()]{0,120}?)\s+(?:vừa|đã|mới|chính thức)?\s*"
    r"(?:ký\s+(?:ban hành\s+)?|ban hành\s+)(?P<doc>(?:[^.;]|\.(?!\s))" + r"{3,400})")
_DAY_BEFORE = re.compile(r"ngày\s+(\d{1,2}/\d{1,2}/\d{4})\s*,?\s*(?:[^,.;]{0,30})?$", re.I)
_DOC_HEAD = re.compile(r"^(?:văn bản\s+)?(?P<kind>kế hoạch|báo cáo|quyết định|công văn|thông báo|"
                       r"chương trình(?: hành động)?|đề án|chỉ thị|hướng dẫn)\b\s*(?P<rest>.*)$",
                       re.I)


@dataclass(frozen=True)
class Announcement:
    """What a news item or notice says of the document it is about."""

    kind: str | None
    agency: str | None
    number: str | None = None
    issued: date | None = None
    title: str | None = None
    notice: bool = False  # the text is a notice of its own (its speaker issues it)
    sentence: str = ""


def _kind_of(words: str) -> str | None:
    f = fold(words)
    return next((k for w, k in DOCUMENT_WORDS if f.startswith(w)), None)


def _clean_agency(text: str) -> str | None:
    _, body = split_job_title(" ".join(text.split()))
    return body if is_agency_name(body) else None


def read_announcement(text: str) -> Announcement | None:
    """The document a text announces, or the notice it is; None when it names neither."""
    flat = " ".join(text.split())
    if (m := _SPEAKER.search(flat)) and (agency := _clean_agency(m.group("agency"))):
        return Announcement("thong-bao", agency, notice=True, sentence=m.group(0).strip(" .;"))
    for m in _ANNOUNCE.finditer(flat):
        agency = _clean_agency(m.group("agency"))
        doc = m.group("doc")
        head = _DOC_HEAD.match(doc)
        if agency is None or head is None:
            continue
        parsed = parse_phrase(doc)
        issued = parsed.issued
        if issued is None and (day := _DAY_BEFORE.search(flat[max(0, m.start() - 40):m.start()])):
            issued = parse_phrase(f"ngày {day.group(1)}").issued  # "Ngày 20/3/2024, UBND …"
        kind = _kind_of(head.group("kind")) or parsed.kind
        title = None
        if not parsed.number:
            rest = re.sub(r"^(?:về\s+(?:việc\s+)?)", "", head.group("rest")).strip(" ,")
            title = rest[:1].upper() + rest[1:] if rest else None
        else:
            title = parsed.title
        return Announcement(kind, agency, parsed.number, issued, title, sentence=m.group(0))
    if m := NUMBER_RE.search(flat):
        # A document named in passing: "… theo Kế hoạch số 12/KH-UBND ngày … của UBND …".
        start = max(flat.rfind(". ", 0, m.start()) + 1, 0)
        end = flat.find(". ", m.end())
        parsed = parse_phrase(flat[start:end if end > 0 else start + 400])
        agency = _clean_agency(parsed.agency_name or "") if parsed.agency_name else None
        return Announcement(parsed.kind, agency, parsed.number, parsed.issued, parsed.title,
                            sentence=flat[start:m.end()].strip())
    return None
