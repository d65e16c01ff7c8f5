"""The head of a document as Nghị định 30/2020/NĐ-CP lays it out, in any textual form.

Two columns: on the left the issuing body (its parent body above it), "Số: 12/KH-UBND" and,
for a công văn, "V/v …"; on the right the national motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM /
Độc lập - Tự do - Hạnh phúc") and the place-and-date line ("Hà Tĩnh, ngày 30 tháng 6 năm
2021"). Then the kind's heading (KẾ HOẠCH, QUYẾT ĐỊNH…), the trích yếu and, in a quyết định,
the authority that decides ("ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG", "CHỦ TỊCH ỦY BAN NHÂN DÂN
TỈNH BẾN TRE"). Copied text turns the columns into pipe tables (with or without the outer
pipes), tab rows, runs of spaces, lines in either column order, cells split over lines and bold
markers; the reader works on fragments of lines, so the order and the splitting do not matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..refs import NUMBER_RE
from ..text import fold
from ..vocab import DOCUMENT_WORDS
from .agencies import is_agency_name, proper_case, split_job_title
from .textkit import (
    SEPARATOR,
    cells,
    folded_words,
    is_pipe_separator,
    is_upper,
    plain,
    starts_lower,
)

PREAMBLE_START = re.compile(
    r"^(?:căn cứ|thực hiện|kính gửi|triển khai|tiếp theo|theo đề nghị|theo chỉ đạo|xét đề nghị|"
    r"nhằm|để triển khai|trên cơ sở|ngày \d|n cứ\b)", re.I)
SECTION = re.compile(r"^(?:[IVX]{1,5}\s*[.:)]|Phần\s+[IVX\d]+|PHẦN\s+|A\s*[.:]\s*[A-ZĐ])\s*\S")
NUMBER_LINE = re.compile(r"^(?:Số|SỐ|số)\s*(?::|\s|$)\s*(?P<rest>.*)$")
_DATE_PHRASE = re.compile(
    r"ngày[\s.…_]*(?P<d>\d{1,2})?[\s.…_]*(?:tháng|/|-)[\s.…_]*(?P<m>\d{1,2})?[\s.…_]*"
    r"(?:năm|/|-)[\s.…_]*(?P<y>\d{4})", re.I)
_PLACE_DATE = re.compile(r"^(?P<place>[^\d,;:]{2,60}),\s*(?P<rest>ngày\b.*)$", re.I)
_PLACE_DATE_START = re.compile(r"^(?P<place>[^\d,;:]{2,60}),\s*ngày\b", re.I)
_MOTTO_TEXT = ("cong hoa xa hoi chu nghia viet nam", "doc lap tu do hanh phuc")
_MOTTO_WORDS = ("cong hoa", "chu nghia", "doc lap", "hanh phuc", "tu do")


@dataclass(frozen=True)
class DateInfo:
    """A date as written, blanks allowed: 'ngày tháng năm 2022', 'ngày /01/2024'."""

    text: str
    day: date | None = None
    month: int | None = None
    year: int | None = None


def parse_date(text: str) -> DateInfo | None:
    m = _DATE_PHRASE.search(text)
    if not m:
        return None
    year = int(m.group("y"))
    month = int(m.group("m")) if m.group("m") and 1 <= int(m.group("m")) <= 12 else None
    day = None
    if m.group("d") and month:
        try:
            day = date(year, month, int(m.group("d")))
        except ValueError:
            day = None
    return DateInfo(m.group(0), day, month, year)


def parse_number(rest: str) -> tuple[str | None, str | None]:
    """'107/KH-UBND' → (number, 'KH'); blanks 'KH-UBND', '     /BC-UBND' → (None, code)."""
    s = re.sub(r"\s*/\s*", "/", rest.strip()).strip(" .;:,|")
    s = s.split()[0] if s.split() else ""
    m = NUMBER_RE.match(s)
    if m and m.group(1) == s:
        parts = s.split("/")
        return s, parts[-1].split("-")[0] if len(parts) > 1 else None
    if party := re.fullmatch(r"\d{1,5}-(?P<code>[A-ZĐ]{1,5})/[A-ZĐ]{1,5}\d{0,2}", s):
        return s, party.group("code")  # the Party's form: "45-KH/TU"
    blank = re.fullmatch(r"[.…_]*/?(?P<code>[A-ZĐ][A-Za-zĐđ]*)(?:-[\wĐđ&.]+)*", s)
    if blank:
        return None, blank.group("code")
    return None, None


def is_damaged_number(written: str) -> bool:
    """'Số: 1281/-UBND': the type code was lost in copying (not a blank of a draft)."""
    return bool(re.search(r"\d+\s*/\s*-[A-ZĐ]", written))


def is_motto_part(text: str) -> bool:
    """A piece of the national motto, however the copy split it ("CỘNG HÒA XÃ HỘI" /
    "CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")."""
    f = folded_words(text)
    if not f:
        return False
    whole = any(f in m for m in _MOTTO_TEXT) and len(f.split()) >= 2
    return (whole and any(w in f for w in _MOTTO_WORDS)) or any(f.startswith(m) for m in
                                                                _MOTTO_TEXT)


def match_heading(text: str, *, strict: bool) -> tuple[str, str] | None:
    """'KẾ HOẠCH', 'KẾ HOẠCH Tuyên truyền…' (strict: the kind word in capitals), or, when not
    strict, a web page's 'Kế hoạch Tuyên truyền…' → (kind, the rest of the line)."""
    f = fold(text)
    for words, kind in DOCUMENT_WORDS:
        if f == words or f.startswith(words + " ") or f.startswith(words + ":"):
            head, rest = text[:len(words)], text[len(words):].strip(" :")
            if strict and not head.isupper():
                return None
            if strict and rest and is_upper(rest) and len(rest) > 60:
                return None  # an upper-case sentence, not a heading
            if re.match(r"^(?:số\s*)?\d+/", rest, re.I):
                return None  # "Kế hoạch 12/KH-UBND …" is a citation, not a heading
            return kind, rest
    return None


def fragments(line: str) -> list[str]:
    """The pieces of one header line: its cells, and the columns a PDF separates by runs of
    spaces, with a draft's blanks ("Số:      /BC-UBND", "ngày    tháng 6") kept together."""
    row = cells(line) or [line]
    out: list[str] = []
    for cell in row:
        for part in re.split(r" {4,}", cell):
            p = plain(part)
            if out and p and (re.search(r"(?:\bSố|SỐ|ngày|tháng|năm)\s*:?$", out[-1])
                              or re.match(r"^(?:tháng|năm|/)", p)):
                out[-1] = f"{out[-1]} {p}"
            elif p and not is_pipe_separator([p]) and p != "|":
                out.append(p)
    return out


def is_authority(text: str) -> bool:
    """'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẾN TRE', 'ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG': the
    line under a quyết định's trích yếu that names who decides (in capitals, or typed in
    ordinary case as a job title and its body)."""
    if len(text) > 160:
        return False
    title, body = split_job_title(proper_case(text))
    if not is_upper(text):
        return title is not None and is_agency_name(body) and not text.endswith((".", ";"))
    return is_agency_name(body) or (title is not None and bool(body))


@dataclass(frozen=True)
class Header:
    issuer_lines: tuple[str, ...] = ()
    number: str | None = None
    number_written: str | None = None
    code: str | None = None
    date: DateInfo | None = None
    place: str | None = None
    vv: str | None = None
    motto: bool = False
    authority: str | None = None
    kind: str | None = None  # from the heading
    title: str | None = None
    title_from: str | None = None  # heading | line | vv
    body_start: int = 0
    before: tuple[str, ...] = ()  # lines above the header: a page's own title
    noise: tuple[str, ...] = ()


@dataclass
class _Reading:
    """The header as it is read, fragment by fragment; frozen into a Header at the end."""

    issuer: list[str]
    unknown: list[str]
    number: str | None = None
    written: str | None = None
    code: str | None = None
    date: DateInfo | None = None
    place: str | None = None
    vv: str | None = None
    motto: bool = False
    authority: str | None = None
    pending: str = ""  # a place-date or "Số:" line split over two lines
    in_vv: bool = False  # the last fragment was the "V/v …" line

    def seen_numbers(self) -> bool:
        return self.written is not None or self.date is not None


def _issuer_like(cell: str, reading: _Reading) -> bool:
    if is_upper(cell):
        # The first capitals, a name, a place or a type ("ỦY BAN NHÂN DÂN"), or the rest of a
        # name split over lines ("SỞ THÔNG TIN VÀ" / "TRUYỀN THÔNG").
        return is_agency_name(proper_case(cell)) or not reading.issuer or bool(
            re.match(r"^(?:TỈNH|HUYỆN|XÃ|PHƯỜNG|THỊ|THÀNH PHỐ|QUẬN|SỞ|PHÒNG|BAN|VĂN PHÒNG|"
                     r"ỦY BAN|UỶ BAN|UBND|HỘI ĐỒNG)\b", cell)) or (
            not reading.seen_numbers() and len(cell.split()) <= 6 and not re.search(r"\d", cell))
    # A typed header in ordinary case ("Ủy ban nhân dân tỉnh Quảng Nam"): short, a name.
    return len(cell.split()) <= 10 and is_agency_name(cell) and not reading.unknown


def _classify(reading: _Reading, cell: str) -> None:
    if reading.pending:
        cell = f"{reading.pending} {cell}"
        reading.pending = ""
    if is_motto_part(cell):
        reading.motto = True
        return
    if SEPARATOR.match(cell):
        return
    if m := NUMBER_LINE.match(cell):
        if not m.group("rest").strip():
            reading.pending = cell  # "Số:" with the number on the next line
            return
        reading.written = cell
        reading.number, reading.code = parse_number(m.group("rest"))
        return
    if (m := _PLACE_DATE.match(cell)) and (info := parse_date(m.group("rest"))):
        reading.place, reading.date = m.group("place").strip(" *"), info
        return
    if _PLACE_DATE_START.match(cell) and len(cell) < 60:
        reading.pending = cell  # "Bình Định, ngày 21" / "tháng 11 năm 2012"
        return
    if m := re.match(r"^V/v\.?\s*(?P<t>.+)$", cell, re.I):
        reading.vv = m.group("t")
        reading.in_vv = True
        return
    if reading.in_vv and starts_lower(cell):
        reading.vv = f"{reading.vv} {cell}"  # the trích yếu of a công văn, wrapped
        return
    reading.in_vv = False
    if _issuer_like(cell, reading):
        if not reading.seen_numbers():
            reading.issuer.append(cell)
            return
        if reading.authority is None and is_authority(cell):
            reading.authority = cell
            return
    reading.unknown.append(cell)


def _looks_like_prose(text: str) -> bool:
    """A sentence of running text (a news item's lead), where a header never is."""
    return len(text) > 200 or (text.endswith(".") and len(text.split()) > 14)


def read_header(lines: list[str]) -> Header:
    """The header (agency, number, place and date), the heading (kind) and the title."""
    reading = _Reading([], [])
    kind: str | None = None
    heading_rest = ""
    stop = len(lines)
    for idx, line in enumerate(lines):
        p = plain(line)
        if not p:
            continue
        if PREAMBLE_START.match(p) or SECTION.match(p) or idx > 80 or _looks_like_prose(p):
            stop = idx
            break
        h = match_heading(p, strict=True)
        if h is None and reading.seen_numbers() and (bare := match_heading(p, strict=False)) \
                and not bare[1]:
            h = bare  # "Quyết định" typed in ordinary case under the number and date
        if h:
            kind, heading_rest = h
            stop = idx
            break
        for cell in fragments(line):
            _classify(reading, cell)
    if reading.pending:
        reading.unknown.append(reading.pending)
    title_parts: list[str] = []
    body_start = stop
    title_from = None
    noise = [u for u in reading.unknown if not SEPARATOR.match(u)]
    before: list[str] = []
    if kind is not None:
        title_parts = [heading_rest] if heading_rest else []
        more, body_start, authority = collect_title(lines, stop + 1, bool(title_parts))
        title_parts += more
        title_from = "heading"
        reading.authority = reading.authority or authority
        before, noise = noise, []
    elif reading.vv:
        title_parts, title_from = [reading.vv], "vv"
        kind = "cong-van"
    elif noise:
        # No heading: the title is the last line before the preamble; a web page writes it
        # as "Kế hoạch Tuyên truyền …" in ordinary case.
        last = noise.pop()
        if h := match_heading(last, strict=False):
            kind, last = h
        title_parts, title_from = [last], "line"
        if not reading.issuer and not reading.seen_numbers():
            before, noise = noise, []  # a page's chrome over text with no header at all
    if not title_parts and reading.vv:
        title_parts, title_from = [reading.vv], "vv"
        kind = kind or "cong-van"
    title = clean_title(" ".join(title_parts)) or None
    return Header(tuple(reading.issuer), reading.number, reading.written, reading.code,
                  reading.date, reading.place, reading.vv, reading.motto, reading.authority,
                  kind, title, title_from if title else None, body_start, tuple(before),
                  tuple(noise))


def collect_title(lines: list[str], start: int, have: bool) -> tuple[list[str], int, str | None]:
    """The trích yếu under the heading: the next lines up to a blank line, the preamble, a
    section or the authority line; a line broken by a blank line continues when the next
    starts in lower case. Returns the parts, where the body starts, and the authority line."""
    parts: list[str] = []
    j = start
    while j < len(lines) and not plain(lines[j]):
        j += 1
    if have and j < len(lines) and not starts_lower(plain(lines[j])):
        return parts, start, _authority_at(lines, j)
    while j < len(lines):
        p = plain(lines[j])
        if not p:
            k = j + 1
            while k < len(lines) and not plain(lines[k]):
                k += 1
            if parts and k < len(lines) and starts_lower(plain(lines[k])):
                j = k
                continue
            break
        if parts and ((is_upper(p) and not is_upper(parts[0])) or is_authority(p)):
            break
        # "Thực hiện công tác cải cách hành chính năm 2023" can be the trích yếu itself: the
        # first line under the heading is, unless it cites a document or greets.
        first = not parts and not have and not NUMBER_RE.search(p) and len(p) < 250 and not \
            re.match(r"^(?:căn cứ|kính gửi|n cứ)\b", p, re.I)
        if ((PREAMBLE_START.match(p) and not first) or SECTION.match(p) or SEPARATOR.match(p)
                or p.startswith("(") or NUMBER_LINE.match(p)):
            break
        parts.append(p)
        j += 1
        if sum(len(x) for x in parts) > 400:
            break
    return parts, j, _authority_at(lines, j)


def _authority_at(lines: list[str], j: int) -> str | None:
    while j < len(lines) and not plain(lines[j]):
        j += 1
    if j < len(lines) and is_authority(p := plain(lines[j])):
        return p
    return None


def clean_title(text: str) -> str:
    text = " ".join(text.replace("**", "").split()).strip(" .:;*")
    text = re.sub(r"^(?:về việc|v/v\.?|về)\s+", "", text, flags=re.I)
    return text[:1].upper() + text[1:]
