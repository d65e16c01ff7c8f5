"""One document's reading, step by step: chrome → header → issuer → kind, number, date,
title, year, period → references → signer → body and tasks → one frozen `Imported`.

Each step is a small function of what the earlier ones returned; each value it is not sure of
comes with a reason (a flag) rather than a silent guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..refs import NUMBER_RE, number_key
from ..registry import AgencyNames
from ..text import fold
from ..vocab import INDEX_TAGS, KINDS
from . import agencies as ag
from .body import is_article, read_body
from .chrome import Chrome, strip_chrome
from .fields import (
    Found,
    appendix_meta,
    flags_of,
    period_in,
    read_issued,
    read_kind,
    read_number,
    read_signer,
    read_title,
    read_year,
    stand_in_title,
    stand_in_year,
)
from .header import (
    PREAMBLE_START,
    SECTION,
    Header,
    read_header,
)
from .issuer import Issuer, read_issuer_name, resolve_issuer
from .model import (
    ORIGIN_ANNOUNCED,
    ORIGIN_DOCUMENT,
    Imported,
    NotADocument,
    Ref,
    Signer,
    frozen_map,
)
from .news import Announcement, read_announcement
from .refs import Subject, dedupe, find_subject, make_ref, own_plans, ref_phrases
from .tail import PAGE_NOISE, Tail, items, split_tail
from .textkit import SEPARATOR, clean_lines, plain, starts_lower

_TOPIC_WORDS = {
    "the-che": ("cai cach the che", "xay dung va hoan thien the che"),
    "thu-tuc-hanh-chinh": ("thu tuc hanh chinh", "tthc", "mot cua"),
    "to-chuc-bo-may": ("to chuc bo may",),
    "che-do-cong-vu": ("che do cong vu", "cong vu, cong chuc"),
    "tai-chinh-cong": ("tai chinh cong",),
    "chinh-quyen-so": ("chinh quyen so", "chinh quyen dien tu", "chinh phu dien tu",
                       "chuyen doi so", "dich vu cong truc tuyen"),
}


def _continues(prev: str, line: str) -> bool:
    """Whether a line goes on with the paragraph above it: a copy wrapped it (lower case, or
    the line above ends with no stop and this one starts no new item)."""
    if line.startswith(("-", "–", "+")) and fold(prev).startswith("kinh gui"):
        return True
    if starts_lower(line):
        return True
    if prev.endswith((".", ";", ":", "!", "?", "|")) or len(prev) < 30:
        return False
    return not (PREAMBLE_START.match(line) or line.startswith(("-", "–", "+", "•", "*"))
                or SECTION.match(line) or re.match(r"^\d{1,2}(?:\.\d{1,2})*\.\s", line))


def preamble(body_lines: list[str]) -> list[str]:
    """Paragraphs before the first section heading (I., 1., Điều 1, QUYẾT ĐỊNH:)."""
    out: list[str] = []
    for line in body_lines:
        p = plain(line)
        if not p or SEPARATOR.match(p) or PAGE_NOISE.match(p):
            continue
        if (SECTION.match(p) or is_article(p) or re.match(r"^\d{1,2}\.\s+\S", p)
                or fold(p).rstrip(": ") in ("quyet dinh", "quyet nghi")):
            break
        if out and _continues(out[-1], p):
            # The items of "Kính gửi:" on lines of their own stay items once joined.
            item = p.startswith(("-", "–", "+")) and not out[-1].endswith((";", ":"))
            out[-1] = f"{out[-1]}{';' if item else ''} {p}"
            continue
        out.append(p)
        if len(out) > 12:
            break
    return out


def _not_a_document() -> NotADocument:
    return NotADocument(
        "Không nhận ra đây là văn bản hành chính: không thấy tiêu đề loại văn bản (KẾ HOẠCH, "
        "BÁO CÁO, QUYẾT ĐỊNH…), số hiệu, ngày ban hành, căn cứ hay các mục I., II.…, và văn "
        "bản cũng không nêu tên một văn bản nào (như “Kế hoạch số 12/KH-UBND ngày …”). Hãy "
        "chép toàn văn văn bản (kể cả phần đầu) vào tệp.")


def _is_formal(header: Header, tail: Tail, refs: bool, kind: object, sections: int,
               letter: bool) -> bool:
    signals = [kind is not None, bool(header.number_written), header.date is not None,
               header.motto, refs, sections >= 2, bool(tail.signer_lines),
               bool(tail.recipients), letter]
    return sum(signals) >= 2


def _refs(paragraphs: list[str], book: ag.AgencyBook, *, report: bool) -> list[Ref]:
    relation = "can-cu"
    out: list[Ref] = []
    for paragraph in paragraphs:
        subject = find_subject(paragraph)
        if subject and subject.start == 0:
            # "Bộ trưởng Bộ Tư pháp đã ban hành Quyết định số …": the documents follow the verb.
            paragraph = re.split(r"\b(?:ban hành|báo cáo|thông báo)\b", paragraph, maxsplit=1)[-1]
        phrases, relation = ref_phrases(paragraph, relation)
        out += [make_ref(phrase, rel, book, report=report) for phrase, rel in phrases]
    return out


def _lost_task_table(tail: Tail, tasks: tuple[object, ...]) -> bool:
    """An appendix that speaks of a task table ("Cơ quan chủ trì", "Nhiệm vụ") of which no row
    was read: a copy that flattened the table."""
    if tasks or not tail.appendices:
        return False
    text = fold(" ".join(plain(x) for a in tail.appendices for x in a))
    return "chu tri" in text and ("nhiem vu" in text or "noi dung" in text)


@dataclass(frozen=True)
class _Reading:
    """What the text shows before any field is decided: its parts and their evidence."""

    chrome: Chrome
    full_text: str
    header: Header
    body_lines: list[str]
    tail: Tail
    paragraphs: list[str]
    kinh_gui: list[str]
    ref_paragraphs: list[str]
    subject: Subject | None
    issuer_clause: bool  # "Thực hiện Kế hoạch số …, UBND xã X báo cáo …"
    body_text: str
    appendix: dict[str, object]


def _read(text: str) -> _Reading:
    chrome = strip_chrome(clean_lines(text))
    lines = list(chrome.lines)
    full_text = "\n".join(plain(line) for line in lines)
    if not full_text.strip():
        raise NotADocument("Tệp không có nội dung văn bản.")
    header = read_header(lines)
    body_lines, tail = split_tail(lines, header.body_start)
    paragraphs = preamble(body_lines)
    ref_paragraphs = [p for p in paragraphs
                      if not fold(p).startswith(("kinh gui", "theo de nghi", "xet de nghi"))]
    subject = None
    issuer_clause = False
    for paragraph in ref_paragraphs:
        if found := find_subject(paragraph):
            subject = found
            issuer_clause = issuer_clause or bool(NUMBER_RE.search(paragraph[:found.start])
                                                  and not NUMBER_RE.search(paragraph[found.start:]))
    return _Reading(chrome, full_text, header, body_lines, tail, paragraphs,
                    [p for p in paragraphs if fold(p).startswith("kinh gui")], ref_paragraphs,
                    subject, issuer_clause, " ".join(plain(x) for x in body_lines),
                    appendix_meta(tail.appendices))


def _announcement(r: _Reading, kind: Found) -> Announcement | None:
    """None for a document in its own form; what a news item or notice announces otherwise.
    A text that is neither is refused."""
    header = r.header
    # A document shows its own form: a header, a heading, "Kính gửi", or a preamble that ends
    # in its issuer's clause ("Thực hiện …, UBND xã X báo cáo …"). News and notices do not.
    own_form = bool(header.kind or header.issuer_lines or header.number_written or header.date
                    or header.motto or r.kinh_gui or r.issuer_clause)
    sections = sum(1 for line in r.body_lines if SECTION.match(plain(line)))
    refs_seen = any(NUMBER_RE.search(p) for p in r.ref_paragraphs)
    sure_kind = kind.value if kind.flag is None else None
    if own_form and _is_formal(header, r.tail, refs_seen, sure_kind or header.kind, sections,
                               bool(r.kinh_gui) or r.issuer_clause):
        return None
    if announcement := read_announcement(r.body_text or r.full_text):
        return announcement
    raise _not_a_document()


def _read_period(r: _Reading, kind: str | None, title: object, origin: str,
                 announcement: Announcement | None, year_hint: int | None) -> Found:
    """A report's period: in its title or preamble; a news item's from its words and date."""
    if kind != "bao-cao":
        return Found()
    missing = "không đọc được kỳ báo cáo: điền `period` (Quý I/2024, 6 tháng/2024…)"
    p = period_in(str(title or "")) or period_in(" ".join(r.ref_paragraphs))
    if p is None and origin == ORIGIN_ANNOUNCED:
        p = period_in(announcement.sentence if announcement else "", year_hint) \
            or period_in(r.body_text, year_hint)
        return Found(p, "kỳ báo cáo đoán từ tin bài (năm lấy từ ngày đăng)" if p else missing)
    return Found(p, None if p else missing)


def _read_refs(r: _Reading, book: ag.AgencyBook, kind: str | None, origin: str,
               announcement: Announcement | None, issuer: str | None) -> list[Ref]:
    refs = _refs(r.ref_paragraphs if announcement is None else [r.body_text], book,
                 report=kind == "bao-cao")
    if kind == "bao-cao" and origin == ORIGIN_DOCUMENT:
        refs += own_plans([plain(x) for x in r.body_lines if plain(x) not in r.paragraphs],
                          {x.number for x in refs if x.number}, issuer)
    if announcement is not None and announcement.number:
        key = number_key(announcement.number)
        refs = [x for x in refs if not x.number or number_key(x.number) != key]
    return dedupe(refs)


def _notes(r: _Reading, issuer: Issuer, origin: str, announced_in: str | None,
           body_notes: tuple[str, ...], lost_table: bool, warnings: tuple[str, ...]
           ) -> tuple[str, ...]:
    """What the editor reads at the top of the draft: what was dropped, what was lost."""
    header, notes = r.header, list(body_notes)
    if announced_in:
        notes.insert(0, announced_in)
    if issuer.text and header.place and issuer.place and header.issuer_lines and \
            fold(header.place) not in fold(issuer.text) and not ag.is_central(issuer.text):
        notes.append(f"Dòng địa danh ghi “{header.place}” nhưng cơ quan ban hành là "
                     f"“{issuer.text}”: kiểm tra lại (bản chép trên trang web có thể sai).")
    if lost_table:
        notes.append("Phụ lục có bảng phân công nhiệm vụ nhưng không đọc được cột nào của bảng "
                     "(văn bản chép từ PDF, như pdftotext, làm mất bảng): chưa có nhiệm vụ nào "
                     "trong `tasks`. Hãy nhập thẳng tệp .pdf hoặc .docx gốc.")
    if origin == ORIGIN_DOCUMENT:
        dropped = [*header.noise, *r.tail.noise, *(header.before if header.kind else ())]
        notes += [f"Đã bỏ dòng không thuộc văn bản: “{x}”." for x in dropped]
        if r.chrome.published:
            notes.append(f"Trang web đăng văn bản ngày {r.chrome.published:%d/%m/%Y}; đó không "
                         "phải ngày ban hành.")
    return tuple(dict.fromkeys([*notes, *warnings]))


def parse_document(text: str, names: AgencyNames, *, agency: str | None = None,
                   source: str | None = None, warnings: tuple[str, ...] = ()) -> Imported:
    """Read the text of an official document. Raises NotADocument when it names none.

    `agency` forces the issuing agency (a registry id); `source` names the input in comments;
    `warnings` are what reading the file lost (see `sources`).
    """
    r = _read(text)
    book = ag.AgencyBook(names, r.full_text)
    number = read_number(r.header, r.chrome, r.appendix)
    kind = read_kind(r.header, r.subject, bool(r.kinh_gui), r.full_text, r.chrome,
                     str(number.value) if number.value else None)
    announcement = _announcement(r, kind)
    name = read_issuer_name(r.header, r.chrome, r.subject, r.body_text, r.full_text)
    title = read_title(r.header, r.chrome)
    issued, info = read_issued(r.header, r.chrome, r.appendix)
    origin, announced_in = ORIGIN_DOCUMENT, None
    if announcement is not None:
        name, kind, number, title, issued, origin, announced_in = _announced(
            announcement, r.chrome, r.header, source, name, kind, number, title, issued)
        info = None
    issuer = resolve_issuer(name, book, agency, names, r.full_text)
    book.issuer = issuer.id
    kind_value = str(kind.value) if kind.value else None
    day = issued.value if isinstance(issued.value, date) else None
    year_hint = day.year if day else (r.chrome.published.year if r.chrome.published else None)
    period = _read_period(r, kind_value, title.value, origin, announcement, year_hint)
    year = read_year(str(title.value) if title.value else None, str(period.value or "") or None,
                     day, info, r.chrome.published, r.full_text)
    refs = _read_refs(r, book, kind_value, origin, announcement, issuer.id)
    signer = read_signer(r.tail, r.chrome, r.header) if origin == ORIGIN_DOCUMENT else Found()
    body = read_body(r.body_lines, r.tail, book, issuer=issuer.id,
                     year=year.value if isinstance(year.value, int) else None)
    title = stand_in_title(title, kind_value, number.value, issuer.text)
    if year.value is None:
        year = stand_in_year(year, r.full_text)
    flags = flags_of(number=number, kind=kind, title=title, issued=issued, year=year,
                   period=period, signer=signer)
    if issuer.flag:
        flags["agency"] = issuer.flag
    recipients = [*(items(r.kinh_gui[0].split(":", 1)[-1]) if r.kinh_gui else []),
                  *r.tail.recipients]
    folded = fold(r.full_text)
    return Imported(
        number=str(number.value) if number.value else None,
        kind=kind_value, title=str(title.value) if title.value else None,
        agency=issuer.id, agency_text=issuer.text, issued=day,
        year=year.value if isinstance(year.value, int) else None,
        period=str(period.value) if period.value else None,
        signer=signer.value if isinstance(signer.value, Signer) else None,
        refs=tuple(refs), tasks=body.tasks,
        topics=tuple(t for t, words in _TOPIC_WORDS.items() if any(w in folded for w in words)),
        tags=tuple(t for t in INDEX_TAGS if re.search(rf"\b{re.escape(t)}\b", r.full_text)),
        attachments=r.chrome.attachments, published=r.chrome.published,
        recipients=tuple(recipients), body_markdown=body.markdown,
        notes=_notes(r, issuer, origin, announced_in, body.notes,
                     _lost_task_table(r.tail, body.tasks), warnings),
        flags=frozen_map(flags), proposals=tuple(book.proposals.values()), source=source,
        origin=origin, announced_in=announced_in, source_warnings=warnings)


def _announced(a: Announcement, chrome: Chrome, header: Header, source: str | None,
               name: Found, kind: Found, number: Found, title: Found, issued: Found
               ) -> tuple[Found, Found, Found, Found, Found, str, str]:
    """The fields of the document a news item or notice announces, each flagged with where
    it comes from."""
    where = f"“{source}”" if source else "văn bản này"
    if a.notice:
        note = (f"{where} là một thông báo không có phần đầu văn bản (số hiệu, ngày ban hành): "
                f"bản nháp là của thông báo đó, do “{a.agency}” ra.")
        return (Found(a.agency, "cơ quan lấy từ câu “… thông báo” của thông báo"),
                Found("thong-bao", "thông báo không có tiêu đề loại văn bản"),
                Found(None, "thông báo không ghi số hiệu"),
                Found(None, "thông báo không có trích yếu: điền `title`"),
                Found(None, "thông báo không ghi ngày ban hành"), ORIGIN_DOCUMENT, note)
    headline = header.title
    note = (f"{where} là tin bài về một văn bản, không phải toàn văn: bản nháp là của văn bản "
            f"được đưa tin (“{a.sentence[:160]}”)" + (f", tin “{headline}”" if headline else "")
            + (f", đăng ngày {chrome.published:%d/%m/%Y}" if chrome.published else "")
            + ". Nên lấy toàn văn văn bản để nhập lại.")
    kind_label = KINDS.get(a.kind or "", "văn bản")
    return (Found(a.agency, "cơ quan lấy từ tin bài"),
            Found(a.kind, f"loại văn bản lấy từ tin bài (“{kind_label}”)" if a.kind else
                  "tin bài không nói loại văn bản: chọn `kind`"),
            Found(a.number, "số hiệu lấy từ tin bài" if a.number else
                  "tin bài không ghi số hiệu văn bản"),
            Found(a.title, "trích yếu lấy từ tin bài" if a.title else
                  "tin bài không ghi trích yếu văn bản: điền `title`"),
            Found(a.issued, "ngày ban hành lấy từ tin bài" if a.issued else
                  "tin bài không ghi ngày ban hành" + (
                      f" (ngày đăng tin {chrome.published:%d/%m/%Y} không phải ngày ban hành)"
                      if chrome.published else "")),
            ORIGIN_ANNOUNCED, note)


__all__ = ["parse_document", "period_in", "preamble"]
