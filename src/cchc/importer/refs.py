"""References: the documents a document's preamble names (căn cứ, thực hiện, nhằm thực hiện).

"Căn cứ A; B; Thực hiện C, UBND … xây dựng …" gives A and B (căn cứ) and C (thực hiện); the
clause that names the issuing agency ends the list. Laws are cited by name and date and have
no agency; a job title names its body ("của Trưởng Ban Chỉ đạo …" → the Ban Chỉ đạo); a
number may be the Party's form ("27-NQ/TW"). The same document cited twice is listed once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..refs import NUMBER_RE, kind_of_number, number_key, parse_phrase
from ..text import fold
from ..vocab import DOCUMENT_TYPE_NAMES, DOCUMENT_WORDS, LAW_WORDS, RELATION_LEADS
from .agencies import HEAD_RE, AgencyBook, is_agency_name, split_job_title
from .model import Ref
from .textkit import TODO

_LEADS = "|".join(sorted({re.escape(k) for k in RELATION_LEADS} | {"nham thuc hien"},
                         key=len, reverse=True))
_DOC_WORDS = "(?:" + "|".join(re.escape(w) for w in DOCUMENT_TYPE_NAMES) + ")"
_SPLIT_DOCS = re.compile(r"(?:,|\s+và)\s+(?=" + _DOC_WORDS + r"\s+(?:số\s*:?\s*)?\d)")
_LAW = re.compile(r"^(?:Luật|Bộ luật|Pháp lệnh|Hiến pháp)\b")
_LAW_FOLDED = tuple(w + " " for w in LAW_WORDS)
# The Party's numbers: "27-NQ/TW", "05-CT/TU".
PARTY_NUMBER = re.compile(r"(?<![\w/])(\d{1,4}-[A-ZĐ]{1,5}/[A-ZĐ]{1,5}\d{0,2})(?![\w/])")
_SUBJECT = re.compile(
    r"(?:^|[,;.]\s*)(?P<agency>" + HEAD_RE + r"[^,;:.]{0,150}?)\s+"
    r"(?P<verb>xây dựng|ban hành|báo cáo|triển khai|thông báo|hướng dẫn|đề ra|lập|tổng kết|"
    r"đề nghị|yêu cầu|xin thông báo)\b(?P<after>[^;]{0,80})")
_CLOSING_AGENCY = re.compile(r"Trên đây là .{5,300}? của (?P<agency>" + HEAD_RE +
                             r"[^;,./]{2,120}?)\s*(?:[;,]|\./\.|\.?$|\./)")
_ALIAS_NOTE = re.compile(r"\s*\((?:sau đây gọi (?:tắt )?là|gọi tắt là|viết tắt là)[^)]*\)", re.I)
_TITLE_VERB = re.compile(r"^(?P<agency>.+?)\s+(?P<title>(?:thực hiện|triển khai|sửa đổi|bổ sung|"
                         r"thay thế|quy định|phê duyệt|ban hành)\b.*)$", re.I)


@dataclass(frozen=True)
class Subject:
    """The clause that names the issuing agency: '…, UBND xã Hương Long báo cáo kết quả …'."""

    agency: str
    kind: str | None
    start: int
    verb: str


def find_subject(text: str) -> Subject | None:
    text = _ALIAS_NOTE.sub(lambda m: " " * len(m.group(0)), text)
    found = None
    for m in _SUBJECT.finditer(text):
        after = fold(m.group("verb") + m.group("after"))
        kind = next((k for w, k in DOCUMENT_WORDS if w in after), None)
        found = Subject(" ".join(m.group("agency").split()), kind, m.start("agency"),
                        fold(m.group("verb")))
    return found


def closing_agency(text: str) -> str | None:
    """'Trên đây là báo cáo … của UBND xã X./.' → 'UBND xã X'."""
    m = _CLOSING_AGENCY.search(text)
    return m.group("agency") if m else None


def ref_phrases(paragraph: str, relation: str) -> tuple[list[tuple[str, str]], str]:
    """'Căn cứ A; B; Thực hiện C, UBND … xây dựng …' → [(A, can-cu), (B, can-cu), (C, …)]."""
    out: list[tuple[str, str]] = []
    if subject := find_subject(paragraph):
        paragraph = paragraph[:subject.start]
    for segment in paragraph.split(";"):
        segment = segment.strip(" ,.")
        f = fold(segment)
        if m := re.match(r"(?:" + _LEADS + r")(?:\s+vao)?\s+", f):
            lead = " ".join(m.group(0).split())
            relation = RELATION_LEADS.get(lead.removeprefix("nham "), relation)
            segment = segment[m.end():]
        for phrase in _SPLIT_DOCS.split(segment):
            # "… của UBND huyện Hương Khê, Phòng Nội vụ đề nghị …": a new clause, not the title.
            if (c := re.search(r"\bcủa\s", phrase)) and (
                    cut := re.search(r",\s+(?=" + HEAD_RE + ")", phrase[c.end():])):
                phrase = phrase[:c.end() + cut.start()]
            phrase = phrase.strip(" ,.")
            if NUMBER_RE.search(phrase) or PARTY_NUMBER.search(phrase) or (
                    _LAW.match(phrase) and len(phrase) < 300):
                out.append((phrase, relation))
    return out, relation


def _agency_of(name: str) -> str | None:
    """The agency part of 'của …': cut at the number, date or place of issue; its body when a
    job title leads it; None when it is not an agency's name."""
    name = re.split(r"\s+(?:số\b|ngày\b|tại\b|theo\b|đã\b)|[:;(]|\.\s|,\s+(?!" + HEAD_RE +
                    r"|[A-ZĐ]{2,})", name)[0].strip(" ,.")
    if m := _TITLE_VERB.match(name):
        name = m.group("agency")
    _, body = split_job_title(name)
    return body if is_agency_name(body) else None


def make_ref(phrase: str, relation: str, book: AgencyBook, *, report: bool = False) -> Ref:
    """A SPEC ref and a comment for the editor (the agency as written).

    In a report, "Thực hiện Kế hoạch số …" names the plan it reports on: relation bao-cao.
    """
    parsed = parse_phrase(phrase)
    number, kind = parsed.number, parsed.kind
    if number is None and (m := PARTY_NUMBER.search(phrase)):
        number = m.group(1)
        head = fold(phrase[:m.start()]).rstrip()
        head = re.sub(r"\s*so\s*:?$", "", head).rstrip()
        kind = next((k for w, k in DOCUMENT_WORDS if head.endswith(w)), "khac")
    law = fold(parsed.text).startswith(_LAW_FOLDED) and number is None
    agency_name, title = parsed.agency_name, parsed.title
    if agency_name and (m := _TITLE_VERB.match(agency_name)):
        # "của UBND tỉnh thực hiện Nghị quyết của Tỉnh ủy về …": the agency ends at the verb.
        title = m.group("title") + (f" về {title[:1].lower()}{title[1:]}" if title else "")
    if report and relation == "thuc-hien" and kind in ("ke-hoach", "chuong-trinh", "de-an"):
        relation = "bao-cao"
    agency = comment = None
    if agency_name and not law and (name := _agency_of(agency_name)):
        hit, known = book.resolve_or_propose(name)
        if known:
            agency = hit
        elif hit:
            # A name (not an id) is valid here and resolves by itself once the agency is added.
            agency = book.complete(name)[0]
            comment = f"{TODO}: “{agency}” chưa có trong danh mục cơ quan"
    if law:
        # A law without number: "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015".
        title = re.split(r"\s+ngày\b", parsed.text, maxsplit=1)[0]
    elif not number and not title:
        title = re.split(r"\s+ngày\b", parsed.text, maxsplit=1)[0]
    if title:
        title = title.rstrip(" .;,")
        title = title[:1].upper() + title[1:]
    return Ref(number=number, kind=kind if kind and kind != kind_of_number(number or "") else None,
               agency=agency, issued=parsed.issued, title=title or None, relation=relation,
               comment=comment or "")


def dedupe(refs: list[Ref]) -> list[Ref]:
    """The same document cited twice (in the căn cứ and again in the text) is listed once,
    with what either citation knew."""
    out: list[Ref] = []
    where: dict[str, int] = {}
    for ref in refs:
        key = number_key(ref.number) if ref.number else f"{fold(ref.title or '')}|{ref.issued}"
        if key in where:
            i = where[key]
            old = out[i]
            out[i] = replace(old, issued=old.issued or ref.issued, agency=old.agency or ref.agency,
                             title=old.title or ref.title)
            continue
        where[key] = len(out)
        out.append(ref)
    return out


def own_plans(lines: list[str], known: set[str], agency: str | None) -> list[Ref]:
    """A report that names the plan it reports on: 'Ban hành Kế hoạch số 09/KH-UBND ngày …'."""
    out: list[Ref] = []
    pattern = re.compile(r"(?:ban hành|xây dựng)\s+(?P<phrase>Kế hoạch\s+số\s*:?\s*\S+\s+ngày\s+"
                         r"[^;]{4,200})", re.I)
    for p in lines:
        for m in pattern.finditer(p):
            phrase = re.split(r"\s+và\s+(?:các|những)\s+|;", m.group("phrase"))[0]
            parsed = parse_phrase(phrase)
            if not parsed.number or parsed.number in known or parsed.agency_name:
                continue
            out.append(Ref(number=parsed.number, agency=agency, issued=parsed.issued,
                           title=parsed.title, relation="bao-cao",
                           comment="kế hoạch của chính cơ quan, được báo cáo trong văn bản này"))
            known.add(parsed.number)
    return out
