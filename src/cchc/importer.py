"""Import: the plain text of an official document → a `plans/` Markdown draft (SPEC §2, §6).

Agencies already have their plans and reports as Word/PDF files or web pages. Their text, copied
out with all its noise (bold markers, table remnants, HTML list tags, a web page's chrome, a
clerk's note on top), is read here into the fields of a document: number, kind, title, issuing
agency, date, year, period, signer, references, the appendix's tasks and the body as Markdown.
What cannot be read is not guessed silently: it becomes a `# CẦN KIỂM TRA:` comment for the
editor, and agencies missing from the registry are proposed as ready-to-paste entries.

Pure core: no MkDocs. `parse_document` reads, `render` writes, `run` is the CLI boundary.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import re
import sys
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .periods import parse_due, parse_period, parse_quota
from .refs import NUMBER_RE, kind_of_number, parse_phrase
from .registry import AgencyNames
from .text import fold, nfc, normalise_name, slugify
from .vocab import KIND_OF_CODE as KIND_CODES

__all__ = ["Imported", "NotADocument", "add_parser", "parse_document",
           "proposals_yaml", "render", "run", "suggested_path"]

KIND_LABELS = {
    "ke-hoach": "Kế hoạch", "bao-cao": "Báo cáo", "quyet-dinh": "Quyết định",
    "cong-van": "Công văn", "thong-bao": "Thông báo", "chuong-trinh": "Chương trình",
    "de-an": "Đề án", "khac": "Văn bản",
}
TODO = "CẦN KIỂM TRA"


class NotADocument(ValueError):
    """The text does not look like an official document; the message says why, in Vietnamese."""


@dataclass
class Imported:
    """Everything read from one document; None / empty where nothing could be read."""

    number: str | None = None
    kind: str | None = None
    title: str | None = None
    agency: str | None = None  # registry id (resolved, forced, or a proposed new id)
    agency_text: str | None = None  # the issuing agency as the document writes it
    issued: date | None = None
    year: int | None = None
    period: str | None = None
    signer: dict[str, str] | None = None
    refs: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    published: date | None = None  # a web page's "Đăng ngày", not the issue date
    recipients: list[str] = field(default_factory=list)
    body_markdown: str = ""
    notes: list[str] = field(default_factory=list)  # for the editor: what could not be read
    unknown_agencies: list[str] = field(default_factory=list)
    proposals: list[dict[str, Any]] = field(default_factory=list)  # agencies.yml entries
    source: str | None = None
    # Where a note belongs: "number", "issued", "agency", ("task", i) … → message.
    field_notes: dict[Any, str] = field(default_factory=dict)
    # Per reference / task: a short comment written beside it (agency as written…).
    ref_comments: list[str] = field(default_factory=list)
    task_comments: list[dict[str, str]] = field(default_factory=list)

    def note(self, message: str, where: Any = None) -> None:
        self.notes.append(message)
        if where is not None:
            self.field_notes[where] = message


# --- small text helpers -----------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_TAG = re.compile(r"<[^>]{0,400}>")
_SEPARATOR = re.compile(r"^[\s\-_=*~.…]{3,}$")


def _clean_lines(text: str) -> list[str]:
    """NFC, LF, no BOM or zero-width characters, non-breaking spaces as spaces; tabs kept."""
    text = _SPACES.sub(" ", nfc(text).translate(_INVISIBLE))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [line.rstrip(" ") for line in text.split("\n")]


def _strip_html(text: str) -> str:
    """HTML remnants (`<ul style=…><li>`, `<i>`, `&amp;`) out of a cell or header line."""
    if "<" in text:
        text = re.sub(r"<\s*li\b[^>]*>", "\n- ", text, flags=re.I)
        text = re.sub(r"<\s*br\s*/?>", " ", text, flags=re.I)
        # Inline tags vanish ("(<i>lồng ghép</i>)" → "(lồng ghép)"); block tags leave a space.
        text = re.sub(r"</?\s*(?:i|b|u|em|strong|span|font|a)\b[^>]*>", "", text, flags=re.I)
        text = _TAG.sub(" ", text)
    return html.unescape(text) if "&" in text else text


def _plain(text: str) -> str:
    """A line or cell without Markdown emphasis, HTML, table pipes and extra spaces."""
    text = _strip_html(text).replace("**", "").replace("__", "")
    text = text.strip().strip("|").strip()
    if text.startswith("*") and text.endswith("*") and len(text) > 2:
        text = text.strip("*")
    return " ".join(text.split())


def _letters_upper_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def _is_upper(text: str) -> bool:
    return _letters_upper_ratio(text) >= 0.85


def _starts_lower(text: str) -> bool:
    return bool(text) and text[0].isalpha() and text[0].islower()


def _cells(line: str) -> list[str] | None:
    """Cells of a table row (tab-separated, or a Markdown `| a | b |` row); None if not one."""
    if "\t" in line:
        return line.split("\t")
    s = line.strip()
    if s.startswith("|") and s.count("|") >= 2:
        return s.strip("|").split("|")
    return None


def _columns(line: str) -> list[str]:
    """Side-by-side columns of a header or signature line: table cells, or the runs of spaces a
    PDF leaves between "Nơi nhận:" and "KT. CHỦ TỊCH"."""
    cells = _cells(line)
    if cells is not None:
        return cells
    parts = [p for p in re.split(r" {4,}", line.strip()) if p]
    return parts or [line]


def _is_pipe_separator(cells: list[str]) -> bool:
    return all(re.fullmatch(r"\s*:?-{2,}:?\s*", c) for c in cells if c.strip()) and any(
        c.strip() for c in cells)


def _comment(text: str) -> str:
    """One YAML comment line's text: no newlines."""
    return " ".join(str(text).split())


def _dump(value: Any) -> str:
    """A YAML-safe inline value, Vietnamese kept unescaped."""
    out = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, sort_keys=False,
                         width=1_000_000).strip()
    return out[:-4].rstrip() if out.endswith("\n...") else out


# --- agency names -----------------------------------------------------------------------------

# Words that begin an agency's name, as documents write them (capitalised).
_AGENCY_HEADS = (
    "UBND", "HĐND", "Ủy ban", "Uỷ ban", "Hội đồng", "Sở", "Phòng", "Bộ", "Ban", "Trung tâm",
    "Văn phòng", "Đài", "Báo", "Cục", "Chi cục", "Tổng cục", "Hội", "Liên đoàn", "Đoàn",
    "Mặt trận", "Thanh tra", "Công an", "Kho bạc", "Bảo hiểm", "Chính phủ", "Thủ tướng",
    "Tỉnh ủy", "Tỉnh uỷ", "Tỉnh đoàn", "Huyện ủy", "Thị ủy", "Thành ủy", "Viện", "Bưu điện",
    "Chi nhánh", "Ngân hàng", "Trường", "Bệnh viện", "Đảng ủy", "Các",
)
_AGENCY_HEAD_RE = "(?:" + "|".join(re.escape(h) for h in sorted(set(_AGENCY_HEADS), key=len,
                                                                    reverse=True)) + r")\b"
_AGENCY_HEAD_FOLDED = (*(fold(h) + " " for h in _AGENCY_HEADS if h != "Các"), "ubnd ")
_LEVELS_2 = {"thi xa": "thị xã", "thanh pho": "thành phố", "thi tran": "thị trấn"}
_LEVELS_1 = {"tinh": "tỉnh", "huyen": "huyện", "quan": "quận", "xa": "xã", "phuong": "phường"}
_ABBREVIATIONS = {
    "UBND", "HĐND", "MTTQ", "MTTQVN", "UBMTTQ", "TW", "CCHC", "TTHC", "HCC", "VH", "TT", "TH",
    "PT", "TDTT", "VHTT", "TNCS", "HCM", "LĐTBXH", "LĐ", "TB", "XH", "KH", "ĐT", "GD", "CNTT",
    "BCĐ", "VN", "PCT", "CT", "VP", "DL", "NN", "PTNT", "TN", "MT", "KT", "GTVT", "YT",
}
_COLLECTIVE = re.compile(
    r"\b(?:cac|nhung)\b|lien quan|tren dia ban|,\s*(?:phuong|thi tran|thi xa|thanh pho)\b")


def _is_abbreviation(token: str) -> bool:
    core = token.strip(",.;:()")
    parts = [p for p in re.split(r"[-&/]", core) if p]
    if not parts:
        return False
    return all(p in _ABBREVIATIONS or (p.isupper() and not re.search(r"[aeiouy]", fold(p)))
               for p in parts)


def _level_at(words: list[str], i: int) -> int:
    """Length (1 or 2 words) of an administrative level word at words[i], or 0."""
    # Compared with their marks: "quan" (cơ quan) is not "quận", "xa" not "xã".
    w = words[i].lower().strip(",.;:")
    if i + 1 < len(words) and f"{w} {words[i + 1].lower().strip(',.;:')}" in _LEVELS_2.values():
        return 2
    return 1 if w in _LEVELS_1.values() else 0


def _level_spans(words: list[str]) -> list[tuple[int, int]]:
    """(start, length) of each level word, 'thị xã' read as one (not as 'xã')."""
    spans, i = [], 0
    while i < len(words):
        n = _level_at(words, i)
        if n:
            spans.append((i, n))
        i += n or 1
    return spans


_TYPE_WORDS = {"sở", "phòng", "bộ", "ban", "cục", "đài", "báo", "hội", "đoàn", "viện", "trường"}
_TYPE_PAIRS = {("trung", "tâm"), ("văn", "phòng"), ("chi", "cục"), ("liên", "đoàn"),
               ("mặt", "trận"), ("ủy", "ban"), ("uỷ", "ban"), ("tổng", "cục"), ("thanh", "tra"),
               ("kho", "bạc"), ("bảo", "hiểm"), ("hội", "đồng")}


def _proper_case(text: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM' → 'Ủy ban nhân dân tỉnh Quảng Nam' (mixed case kept).

    Heuristic, for display and proposals only (resolving names ignores case): abbreviations stay
    upper case; the first word, agency types (Sở, Phòng, Trung tâm…), the first word of their
    field and of each part after 'và', '-' or ',' (Sở Lao động - Thương binh và Xã hội), and the
    place after the last level word (tỉnh, thị xã…) are capitalised.
    """
    if _letters_upper_ratio(text) < 0.6:
        return text
    words = text.split()
    spans = _level_spans(words)
    place_from = sum(spans[-1]) if spans else len(words) + 1
    lows = [w.lower().strip(",.;:") for w in words]
    out: list[str] = []
    in_field = cap_next = False
    for i, word in enumerate(words):
        low, prev = lows[i], lows[i - 1] if i else ""
        nxt = lows[i + 1] if i + 1 < len(words) else ""
        if not word.isupper() or _is_abbreviation(word) or len(word) == 1:
            out.append(word)
        elif i >= place_from:
            out.append(word[:1] + word[1:].lower())
        else:
            pair_head = (low, nxt) in _TYPE_PAIRS
            single = low in _TYPE_WORDS and (prev, low) not in _TYPE_PAIRS and prev != "xã"
            capital = i == 0 or cap_next or pair_head or single
            lowered = word.lower()
            out.append(lowered[:1].upper() + lowered[1:] if capital else lowered)
        cap_next = False
        if (low in _TYPE_WORDS and prev != "xã") or (prev, low) in _TYPE_PAIRS:
            in_field = cap_next = (prev, low) not in (("ủy", "ban"), ("uỷ", "ban"))
        elif in_field and (low in ("và", "-", "–", "&") or word.endswith(",")):
            cap_next = True
    return " ".join(out)


def _clean_agency_text(text: str) -> str:
    text = _plain(text).replace("&", " và ")
    text = re.sub(r"^[\-–+•*]\s*", "", text)
    text = re.sub(r"\s*\((?:chủ trì|phối hợp|b/c|để b/c|báo cáo|thực hiện)\)\s*$", "", text,
                  flags=re.I)
    text = " ".join(text.split()).strip(" .;,:")
    return _proper_case(text)


def _place_of(text: str) -> tuple[str, str] | None:
    """The place an agency name ends with: 'UBND thị xã Kiến Tường' → ('thị xã', 'Kiến Tường')."""
    words = _proper_case(text).split()
    found = None
    for i, n in _level_spans(words):
        if i + n < len(words) and (words[i + n][:1].isupper() or words[i + n][:1].isdigit()):
            name = []
            for w in words[i + n:]:
                if not (w[:1].isupper() or w[:1].isdigit()):
                    break
                name.append(w.strip(",.;:()"))
                if w.endswith((",", ";", ".")):
                    break
            found = (" ".join(words[i:i + n]).strip(",").lower(), " ".join(name))
    return found


class _Agencies:
    """Resolves agency names of one document and proposes registry entries for unknown ones.

    Documents write "Phòng Nội vụ" or "UBND thị xã" without the place; the place of the issuing
    agency ("thị xã Kiến Tường") completes them before looking them up.
    """

    def __init__(self, names: AgencyNames, text: str = "") -> None:
        self.names = names
        self.text = text  # the document, for places it names ("tỉnh Hà Tĩnh")
        self.exact: dict[str, str] = {}
        for key in names.names():
            if hit := names.resolve(key):
                self.exact[key] = hit
        self.ids = set(self.exact.values())
        self.place: tuple[str, str] | None = None
        self.proposals: dict[str, dict[str, Any]] = {}  # normalised name → entry
        self.unknown: list[str] = []
        self.issuer: str | None = None

    def complete(self, text: str) -> list[str]:
        """Spellings to try, most specific first: with the issuing agency's place, then as is."""
        t = _clean_agency_text(text)
        out = []
        words = t.split()
        bare = next((n for n in (2, 1) if len(words) > n and _level_at(words, len(words) - n) == n),
                    0)
        if bare and not _is_collective(t):
            # "UBND tỉnh": the province of the issuer, else the one the document names most.
            level = " ".join(words[-bare:]).lower()
            if self.place and self.place[0] == level:
                out.append(f"{t} {self.place[1]}")
            elif place := _dominant_place(self.text, level):
                out.append(f"{t} {place}")
        elif self.place and t and _place_of(t) is None:
            out.append(f"{t} {self.place[0]} {self.place[1]}")
        out.append(t)
        return [c for c in out if c]

    def resolve(self, text: str, *, prefix: bool = True) -> str | None:
        candidates = self.complete(text)
        for c in candidates:
            if hit := self.exact.get(normalise_name(c)):
                return hit
        if prefix:
            for c in candidates:
                # A prefix hit must cover a real name, not a bare "UBND"/"Sở" alias.
                if (hit := self.names.resolve(c)) and len(normalise_name(c).split()) >= 2:
                    return hit
        return None

    def propose(self, text: str) -> str:
        """A new registry entry for an agency the registry lacks; returns its proposed id."""
        name = self.complete(text)[0]
        key = normalise_name(name)
        if key in self.proposals:
            return self.proposals[key]["id"]
        written = _clean_agency_text(text)
        self.unknown.append(name)
        base = slugify(re.sub(r"^(?:Ủy|Uỷ) ban nhân dân\b", "UBND", name))[:60].strip("-")
        base = base or "co-quan-moi"
        taken = self.ids | {p["id"] for p in self.proposals.values()}
        pid, n = base, 2
        while pid in taken:
            pid, n = f"{base}-{n}", n + 1
        level = _guess_level(name)
        parent = None
        place = _place_of(name)
        if place and level not in ("tinh", "huyen", "xa", "khac") and not _is_collective(name):
            parent = self.resolve(f"Ủy ban nhân dân {place[0]} {place[1]}", prefix=False)
            if parent is None and self.issuer and self.issuer != pid and self.place == place:
                parent = self.issuer if self.issuer.startswith("ubnd") else None
        entry: dict[str, Any] = {"id": pid, "name": name, "level": level, "parent": parent}
        if written and normalise_name(written) != key:
            entry["aliases"] = [written]
        self.proposals[key] = entry
        return pid


def _is_collective(name: str) -> bool:
    """'UBND các xã, phường', 'Các cơ quan chuyên môn…': a group of agencies, not one."""
    return bool(_COLLECTIVE.search(fold(name)))


def _guess_level(name: str) -> str:
    n = normalise_name(name)
    if _is_collective(name):
        return "khac"
    if n.startswith(("bo ", "chinh phu", "thu tuong", "van phong chinh phu")):
        return "trung-uong"
    m = re.match(r"uy ban nhan dan (tinh|thanh pho|thi xa|huyen|quan|xa|phuong|thi tran)\b", n)
    if m:
        return {"tinh": "tinh", "xa": "xa", "phuong": "xa", "thi tran": "xa"}.get(m.group(1),
                                                                                  "huyen")
    if n.startswith(("bao ", "dai ")):
        return "bao-dai"
    if n.startswith(("hoi ", "doan ", "lien doan", "mat tran", "uy ban mat tran", "tinh doan")):
        return "doan-the"
    if n.startswith("so "):
        return "so-nganh"
    place = _place_of(name)
    if n.startswith(("phong ", "van phong", "trung tam", "ban ", "chi cuc", "cuc ")):
        return "so-nganh" if place and place[0] == "tỉnh" else "phong-ban"
    return "khac"


_SPLIT_BEFORE_AGENCY = re.compile(r"(?:\s+[-–]\s+|,\s+|;\s*)(?=" + _AGENCY_HEAD_RE + ")")
_SPLIT_AND = re.compile(r"\s+và\s+(?=" + _AGENCY_HEAD_RE + ")")


def _split_agency_cell(cell: str) -> list[str]:
    """'- Báo Quảng Trị - Đài PT-TH tỉnh; - Sở Nội vụ' → three names.

    A hyphen splits only between two agency names ("Sở Lao động - Thương binh và Xã hội" stays
    one); "và" splits only when both halves are agencies the caller can resolve (see caller).
    """
    text = _strip_html(cell).replace("**", "")
    parts: list[str] = []
    for chunk in re.split(r"[;\n]", text):
        chunk = chunk.strip(" .,:-–+•\t")
        if not chunk:
            continue
        parts.extend(p.strip(" .,:-–") for p in _SPLIT_BEFORE_AGENCY.split(chunk) if p.strip(" .,"))
    return parts


# --- web page chrome --------------------------------------------------------------------------

_PUBLISHED = re.compile(r"^(?:đăng ngày|ngày đăng|ngày cập nhật|cập nhật|thời gian đăng|"
                        r"ngày xuất bản|đăng lúc)\s*:?\s*(?P<rest>.*)$", re.I)
_LOOSE_DATE = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})")
_ATTACHMENT_LINE = re.compile(
    r"^(?:tải (?:kế hoạch|văn bản|báo cáo|về|tệp)[^:]*|tệp đính kèm|file đính kèm|"
    r"tài liệu đính kèm|văn bản đính kèm|đính kèm|tải về)\s*:?\s*(?P<rest>.*)$", re.I)
_FILE_NAME = re.compile(r"[\w().\- ]*?[\w)]\.(?:pdf|docx?|xlsx?|odt|rar|zip)\b", re.I)
_CHROME_DROP = re.compile(
    r"^(?:\d{1,3}\s*%|chào mừng (?:quý )?bạn đọc.*|trang chủ\s*[»>/›].*|.*\s[»›]\s.*|"
    r"lượt xem\s*:?.*|số lượt xem.*|in bài viết|bản in|in trang|gửi email|gửi bài viết|chia sẻ.*|"
    r"cỡ chữ.*|(?:a\s*){2,3}|quay lại|lên đầu trang|về đầu trang|facebook|zalo|twitter|tweet|"
    r"bình luận.*|đánh giá bài viết.*|xem thêm|tags?\s*:.*|từ khóa\s*:.*|nguồn\s*:.*)$", re.I)
_CHROME_TAIL = re.compile(r"^(?:tin mới nhất|tin mới|tin liên quan|các tin khác|tin khác|"
                          r"bài viết liên quan|tin cùng chuyên mục|các bài viết khác|"
                          r"văn bản liên quan|tin đã đưa)\s*:?$", re.I)
_SITE_OWNER = re.compile(r"^chào mừng (?:quý )?bạn đọc đến với (?:trang|cổng) thông tin "
                         r"điện tử (?P<owner>.+?)\.?$", re.I)


@dataclass
class _Chrome:
    lines: list[str]
    published: date | None = None
    attachments: list[str] = field(default_factory=list)
    owner: str | None = None
    dropped: list[str] = field(default_factory=list)


def _strip_chrome(lines: list[str]) -> _Chrome:
    """Drop a web page's menus and widgets; keep its publication date and attachment names."""
    out = _Chrome([])
    seen_text = False
    for line in lines:
        p = _plain(line)
        if not p:
            out.lines.append(line)
            continue
        if seen_text and _CHROME_TAIL.match(p):
            out.dropped.append(p)
            break  # "Tin mới nhất" and the list of other articles below it
        if m := _PUBLISHED.match(p):
            d = _LOOSE_DATE.search(m.group("rest"))
            if d and out.published is None:
                with contextlib.suppress(ValueError):
                    out.published = date(int(d.group(3)), int(d.group(2)), int(d.group(1)))
                continue
        if m := _ATTACHMENT_LINE.match(p):
            names = _FILE_NAME.findall(m.group("rest"))
            if names or not m.group("rest"):
                out.attachments.extend(n.strip() for n in names)
                continue
        if m := _SITE_OWNER.match(p):
            out.owner = m.group("owner")
            out.dropped.append(p)
            continue
        if _CHROME_DROP.match(p) and "\t" not in line:
            out.dropped.append(p)
            continue
        seen_text = True
        out.lines.append(line)
    return out


# --- header -----------------------------------------------------------------------------------

_KIND_WORDS = [
    ("chuong trinh hanh dong", "chuong-trinh"), ("ke hoach", "ke-hoach"), ("bao cao", "bao-cao"),
    ("quyet dinh", "quyet-dinh"), ("cong van", "cong-van"), ("thong bao", "thong-bao"),
    ("chuong trinh", "chuong-trinh"), ("de an", "de-an"), ("to trinh", "khac"),
    ("huong dan", "khac"), ("chi thi", "khac"), ("nghi quyet", "khac"), ("cong dien", "khac"),
]
_PREAMBLE_START = re.compile(
    r"^(?:căn cứ|thực hiện|kính gửi|triển khai|tiếp theo|theo đề nghị|theo chỉ đạo|"
    r"nhằm|để triển khai|trên cơ sở|ngày \d)", re.I)
_ROMAN = re.compile(r"^(?P<n>[IVX]{1,5})\s*[.:)]\s*(?P<t>\S.*)$")
_ARTICLE = re.compile(r"^(?:Điều|ĐIỀU)\s+\d+\s*[.:]")
_NUMBER_LINE = re.compile(r"^(?:Số|SỐ|số)\s*(?::|\s)\s*(?P<rest>.*)$")
_DATE_PHRASE = re.compile(
    r"ngày[\s.…_]*(?P<d>\d{1,2})?[\s.…_]*(?:tháng|/|-)[\s.…_]*(?P<m>\d{1,2})?[\s.…_]*"
    r"(?:năm|/|-)[\s.…_]*(?P<y>\d{4})", re.I)
_PLACE_DATE = re.compile(r"^(?P<place>[^\d,;:]{2,60}),\s*(?P<rest>ngày\b.*)$", re.I)
_MOTTO = ("cong hoa xa hoi chu nghia", "doc lap - tu do", "doc lap tu do", "doc lap – tu do")
_SECTION = re.compile(r"^(?:[IVX]{1,5}\s*[.:)]|Phần\s+[IVX\d]+|PHẦN\s+|A\s*[.:]\s*[A-ZĐ])\s*\S")


@dataclass
class _DateInfo:
    """A date as written, blanks allowed: 'ngày tháng năm 2022', 'ngày /01/2024'."""

    text: str
    day: date | None = None
    month: int | None = None
    year: int | None = None


def _parse_date(text: str) -> _DateInfo | None:
    m = _DATE_PHRASE.search(text)
    if not m:
        return None
    info = _DateInfo(m.group(0), year=int(m.group("y")))
    if m.group("m"):
        info.month = int(m.group("m")) if 1 <= int(m.group("m")) <= 12 else None
    if m.group("d") and info.month:
        try:
            info.day = date(int(m.group("y")), info.month, int(m.group("d")))
        except ValueError:
            info.day = None
    return info


def _parse_number(rest: str) -> tuple[str | None, str | None]:
    """'107/KH-UBND' → (number, 'KH'); blanks 'KH-UBND', '     /BC-UBND' → (None, code)."""
    s = re.sub(r"\s*/\s*", "/", rest.strip()).strip(" .;:,")
    s = s.split()[0] if s.split() else ""
    m = NUMBER_RE.match(s)
    if m and m.group(1) == s:
        return s, s.split("/")[-1].split("-")[0]
    blank = re.fullmatch(r"[.…_]*/?(?P<code>[A-ZĐ][A-Za-zĐđ]*)(?:-[\wĐđ&.]+)*", s)
    if blank:
        return None, blank.group("code")
    return None, None


def _match_heading(text: str, *, strict: bool) -> tuple[str, str] | None:
    """'KẾ HOẠCH', 'KẾ HOẠCH Tuyên truyền…' (strict: the kind word in capitals), or, when not
    strict, a web page's 'Kế hoạch Tuyên truyền…' → (kind, the rest of the line)."""
    f = fold(text)
    for words, kind in _KIND_WORDS:
        if f == words or f.startswith(words + " ") or f.startswith(words + ":"):
            head, rest = text[:len(words)], text[len(words):].strip(" :")
            if strict and not head.isupper():
                return None
            if strict and rest and _is_upper(rest) and len(rest) > 60:
                return None  # an upper-case sentence, not a heading
            return kind, rest
    return None


@dataclass
class _Header:
    agency_lines: list[str] = field(default_factory=list)
    number: str | None = None
    number_written: str | None = None
    code: str | None = None
    date: _DateInfo | None = None
    place: str | None = None
    vv: str | None = None
    motto: bool = False
    noise: list[str] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)


def _header_cells(line: str) -> list[str]:
    cells = _cells(line) or [line]
    out: list[str] = []
    for cell in cells:
        # Columns copied from a PDF are separated by runs of spaces instead of tabs.
        for part in re.split(r" {4,}", cell):
            p = _plain(part)
            # Blanks of a draft are runs of spaces too: "Số:      /BC-UBND", "ngày    tháng 6".
            if out and p and (re.search(r"(?:\bSố|SỐ|ngày|tháng|năm)\s*:?$", out[-1])
                              or re.match(r"^(?:tháng|năm|/)", p)):
                out[-1] = f"{out[-1]} {p}"
            elif p and not (len(out) and _is_pipe_separator([p])):
                out.append(p)
    return out


def _classify_header_cell(h: _Header, idx: int, cell: str) -> None:
    f = fold(cell)
    if f.startswith(_MOTTO) or "tu do - hanh phuc" in f or "tu do – hanh phuc" in f:
        h.motto = True
        return
    if _SEPARATOR.match(cell):
        return
    if m := _NUMBER_LINE.match(cell):
        h.number_written = cell
        h.number, h.code = _parse_number(m.group("rest"))
        return
    if (m := _PLACE_DATE.match(cell)) and (info := _parse_date(m.group("rest"))):
        h.place, h.date = m.group("place").strip(), info
        return
    if m := re.match(r"^V/v\.?\s*(?P<t>.+)$", cell, re.I):
        h.vv = m.group("t")
        return
    agency_like = _is_upper(cell) or f.startswith(_AGENCY_HEAD_FOLDED)
    if agency_like and h.number is None and h.date is None:
        h.agency_lines.append(cell)
        return
    h.unknown.append((idx, cell))


def _agency_from_header(lines: list[str]) -> str | None:
    """Agency lines → the issuing agency's name. 'ỦY BAN NHÂN DÂN' + 'TỈNH QUẢNG NAM' join; with
    'UBND HUYỆN HƯƠNG KHÊ' + 'PHÒNG NỘI VỤ' the lower unit issues, in the upper one's place."""
    units: list[str] = []
    for line in lines:
        words = line.split()
        # "TỈNH QUẢNG NAM" under "ỦY BAN NHÂN DÂN" completes it rather than naming a unit.
        if units and words and (_level_at(words, 0) or fold(units[-1]) in (
                "uy ban nhan dan", "hoi dong nhan dan", "ubnd")):
            units[-1] = f"{units[-1]} {line}"
        else:
            units.append(line)
    if not units:
        return None
    issuer = _proper_case(units[-1])
    if len(units) > 1 and _place_of(issuer) is None and (place := _place_of(units[-2])):
        issuer = f"{issuer} {place[0]} {place[1]}"
    return issuer


# --- references -------------------------------------------------------------------------------

_REF_LEAD = re.compile(r"^\s*(?P<lead>căn cứ(?: vào)?|thực hiện|triển khai|tiếp theo)\s+", re.I)
_DOC_WORDS = (r"(?:Quyết định|Kế hoạch|Công văn|Thông báo|Chương trình(?: hành động)?|Đề án|"
              r"Nghị quyết|Nghị định|Thông tư|Chỉ thị|Hướng dẫn|Báo cáo|Luật|Bộ luật|Pháp lệnh|"
              r"Văn bản|Tờ trình|Công điện|Kết luận)")
_SPLIT_DOCS = re.compile(r"(?:,|\s+và)\s+(?=" + _DOC_WORDS + r"\s+(?:số\s*:?\s*)?\d)")
_LAW = re.compile(r"^(?:Luật|Bộ luật|Pháp lệnh|Hiến pháp)\b")
_SUBJECT = re.compile(
    r"(?:^|[,;.]\s*)(?P<agency>" + _AGENCY_HEAD_RE + r"[^,;:.]{0,150}?)\s+"
    r"(?P<verb>xây dựng|ban hành|báo cáo|triển khai|thông báo|hướng dẫn|đề ra|lập|tổng kết)\b"
    r"(?P<after>[^;]{0,80})")
_CLOSING_AGENCY = re.compile(r"Trên đây là .{5,300}? của (?P<agency>" + _AGENCY_HEAD_RE +
                             r"[^;,./]{2,120}?)\s*(?:[;,]|\./\.|\.?$|\./)")
_REL_OF_LEAD = {"can cu": "can-cu", "can cu vao": "can-cu", "thuc hien": "thuc-hien",
                "trien khai": "thuc-hien", "tiep theo": "can-cu"}


@dataclass
class _Subject:
    """The clause that names the issuing agency: '…, UBND xã Hương Long báo cáo kết quả …'."""

    agency: str
    kind: str | None
    start: int


def _find_subject(text: str) -> _Subject | None:
    found = None
    for m in _SUBJECT.finditer(text):
        after = fold(m.group("verb") + m.group("after"))
        kind = next((k for w, k in _KIND_WORDS if w in after), None)
        start = m.start("agency")
        found = _Subject(m.group("agency").strip(), kind, start)
    return found


def _ref_phrases(paragraph: str, relation: str) -> tuple[list[tuple[str, str]], str]:
    """'Căn cứ A; B; Thực hiện C, UBND … xây dựng …' → [(A, can-cu), (B, can-cu), (C, …)]."""
    out: list[tuple[str, str]] = []
    if subject := _find_subject(paragraph):
        paragraph = paragraph[:subject.start]
    for segment in paragraph.split(";"):
        segment = segment.strip(" ,.")
        if m := _REF_LEAD.match(segment):
            relation = _REL_OF_LEAD.get(fold(m.group("lead")).strip(), relation)
            segment = segment[m.end():]
        for phrase in _SPLIT_DOCS.split(segment):
            # "… của UBND huyện Hương Khê, Phòng Nội vụ đề nghị …": a new clause, not the title.
            if (c := re.search(r"\bcủa\s", phrase)) and (
                    cut := re.search(r",\s+(?=" + _AGENCY_HEAD_RE + ")", phrase[c.end():])):
                phrase = phrase[:c.end() + cut.start()]
            phrase = phrase.strip(" ,.")
            if NUMBER_RE.search(phrase) or (_LAW.match(phrase) and len(phrase) < 300):
                out.append((phrase, relation))
    return out, relation


_TITLE_VERB = re.compile(r"^(?P<agency>.+?)\s+(?P<title>(?:thực hiện|triển khai|sửa đổi|bổ sung|"
                         r"thay thế|quy định|phê duyệt|ban hành)\b.*)$", re.I)


def _make_ref(phrase: str, relation: str, agencies: _Agencies, *, report: bool = False
              ) -> tuple[dict[str, Any], str]:
    """A SPEC ref mapping and a comment for the editor (the agency as written).

    In a report, "Thực hiện Kế hoạch số …" names the plan it reports on: relation bao-cao.
    """
    parsed = parse_phrase(phrase)
    agency_name, title = parsed.agency_name, parsed.title
    if agency_name and (m := _TITLE_VERB.match(agency_name)):
        # "của UBND tỉnh thực hiện Nghị quyết của Tỉnh ủy về …": the agency ends at the verb.
        agency_name = m.group("agency")
        title = m.group("title") + (f" về {title[:1].lower()}{title[1:]}" if title else "")
    if report and relation == "thuc-hien" and parsed.kind in ("ke-hoach", "chuong-trinh",
                                                              "de-an"):
        relation = "bao-cao"
    ref: dict[str, Any] = {}
    comment = ""
    if parsed.number:
        ref["number"] = parsed.number
    if parsed.kind and parsed.kind != kind_of_number(parsed.number or ""):
        ref["kind"] = parsed.kind
    if agency_name:
        name = re.sub(r"\s+(?:tại|theo)\s+.*$", "", agency_name)
        hit = agencies.resolve(name)
        if hit:
            ref["agency"] = hit
        else:
            # A name (not an id) is valid here and resolves by itself once the agency is added.
            completed = agencies.complete(name)[0]
            ref["agency"] = completed
            agencies.propose(name)
            comment = f"{TODO}: “{completed}” chưa có trong danh mục cơ quan"
    if parsed.issued:
        ref["issued"] = parsed.issued
    if not parsed.number and not title:
        # A law without number: "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015".
        title = re.split(r"\s+ngày\b", parsed.text, maxsplit=1)[0]
    if title:
        title = title.rstrip(" .;,")
        ref["title"] = title[:1].upper() + title[1:]
    ref["relation"] = relation
    return ref, comment


# --- body -------------------------------------------------------------------------------------

# Sections run together when a PDF loses its line breaks: "…cơ quan.II. Những thuận lợi: 1. Thuận
# lợi:", "…của xã.2. Công tác tuyên truyền: 2.1. Tuyên truyền …". Not "95.5. Trong" (a number).
_INLINE_SECTION = re.compile(
    r"(?<=[.:;])\s*(?=[IVX]{1,4}\.\s+[A-ZĐÀ-Ỹ])"
    r"|(?<=[.:;])\s+(?=\d{1,2}(?:\.\d{1,2})*\.\s+\S)"
    r"|(?<=[^\W\d_][.:;])(?=\d{1,2}(?:\.\d{1,2})*\.\s+[A-ZĐÀ-Ỹ])")
_LIST_ITEM = re.compile(r"^[-–•]\s*(?P<t>\S.*)$")
_SUB_ITEM = re.compile(r"^\+\s*(?P<t>\S.*)$")
_NUMBERED = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+(?P<t>\S.*)$")
_LETTERED = re.compile(r"^(?P<n>[a-zđ])\)\s*(?P<t>\S.*)$")


def _inline_md(text: str) -> str:
    """HTML emphasis to Markdown, other tags out; '<' that is not a tag is kept."""
    if "<" in text:
        text = re.sub(r"</?\s*(?:i|em)\s*>", "*", text, flags=re.I)
        text = re.sub(r"</?\s*(?:b|strong)\s*>", "**", text, flags=re.I)
        text = re.sub(r"<\s*br\s*/?>", " ", text, flags=re.I)
        text = _TAG.sub("", text)
    return " ".join(html.unescape(text).split())


def _headingish(text: str) -> bool:
    t = text.replace("*", "")
    if t.endswith((";", ",")) or len(t) > 200:
        return False
    return not t.endswith(".") or len(t) <= 100


def _split_heading(prefix: str, text: str, level: int) -> list[str]:
    """A numbered line as a heading; 'Đối tượng: Cán bộ, …' as a heading and a paragraph."""
    head, sep, rest = text.partition(":")
    if sep and len(head) <= 80 and len(rest.strip()) >= 20 and not _headingish(text):
        return ["#" * level + f" {prefix} {head.strip()}:", rest.strip()]
    if _headingish(text):
        return ["#" * level + f" {prefix} {text}"]
    return [f"{prefix.replace('.', chr(92) + '.', 1) if prefix[0].isdigit() else prefix} {text}"]


class _Body:
    """Markdown blocks, joined so that a list is one list and a wrapped line one paragraph."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, str]] = []  # (kind, markdown): p | h | li | table

    def add(self, kind: str, text: str, *, join: bool = False) -> None:
        if not text:
            return
        # A line broken inside a sentence (PDF, page break) continues the paragraph above it.
        if join and self.blocks and self.blocks[-1][0] in ("p", "li") and _starts_lower(text):
            prev_kind, prev = self.blocks[-1]
            self.blocks[-1] = (prev_kind, f"{prev} {text}")
            return
        self.blocks.append((kind, text))

    def markdown(self) -> str:
        out: list[str] = []
        for i, (kind, text) in enumerate(self.blocks):
            if i and not (kind == "li" and self.blocks[i - 1][0] == "li"):
                out.append("")
            out.append(text)
        return "\n".join(out).strip() + "\n" if out else ""


def _body_line(body: _Body, text: str) -> None:
    for piece in _INLINE_SECTION.split(text):
        piece = piece.strip()
        if not piece or _SEPARATOR.match(piece):
            continue
        bare = piece.replace("**", "")
        if (m := _ROMAN.match(bare)) and (m.group("t")[:1].isupper()
                                          or m.group("t")[:1].isdigit()):
            for block in _split_heading(f"{m.group('n')}.", m.group("t"), 2):
                body.add("h" if block.startswith("#") else "p", block)
            continue
        if m := _NUMBERED.match(bare):
            level = 3 + m.group("n").count(".")
            prefix = m.group("n") + "."
            for block in _split_heading(prefix, m.group("t"), level):
                body.add("h" if block.startswith("#") else "p", block)
            continue
        if fold(bare).rstrip(": ") in ("quyet dinh", "quyet nghi", "chi thi"):
            body.add("p", f"**{bare}**")
            continue
        if _ARTICLE.match(bare):
            head, _, rest = bare.partition(".")
            body.add("p", f"**{head}.** {rest.strip()}".strip())
            continue
        if m := _LETTERED.match(bare):
            for block in _split_heading(f"{m.group('n')})", m.group("t"), 4):
                body.add("h" if block.startswith("#") else "p", block)
            continue
        if m := re.match(r"^(?P<h>Kính gửi|Nơi nhận)\s*:\s*(?P<rest>.*)$", bare, re.I):
            body.add("p", f"**{m.group('h')}:**")
            for item in _items(m.group("rest")):
                body.add("li", f"- {item}")
            continue
        if m := _LIST_ITEM.match(piece):
            body.add("li", f"- {m.group('t')}")
            continue
        if m := _SUB_ITEM.match(piece):
            nested = body.blocks and body.blocks[-1][0] == "li"
            body.add("li", f"    - {m.group('t')}" if nested else f"- {m.group('t')}")
            continue
        if piece.startswith(("#", ">", "=")):
            piece = "\\" + piece
        if _is_upper(piece) and len(piece) <= 120 and "**" not in piece:
            piece = f"**{piece}**"  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …", a centred line
        body.add("p", piece, join=True)


def _md_cell(text: str) -> str:
    return _plain(text).replace("|", "\\|") or " "


def _md_table(rows: list[list[str]], groups: Collection[int] = ()) -> str:
    width = max(len(r) for r in rows)
    lines = []
    for i, row in enumerate(rows):
        cells = [_md_cell(c) for c in row] + [" "] * (width - len(row))
        if i in groups:
            cells = [f"**{c}**" if c.strip() else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
        if i == 0:
            lines.append("|" + "|".join(["---"] * width) + "|")
    return "\n".join(lines)


# --- tables and tasks -------------------------------------------------------------------------

_ROLES = [
    ("stt", re.compile(r"^(?:stt|tt|so tt|so thu tu)$")),
    ("due", re.compile(r"thoi gian|thoi han|tien do|hoan thanh")),
    ("support", re.compile(r"phoi hop")),
    ("lead", re.compile(r"chu tri|thuc hien|don vi|co quan|trach nhiem|phan cong")),
    ("product", re.compile(r"san pham|ket qua")),
    ("task", re.compile(r"nhiem vu|noi dung|cong viec|hoat dong")),
    ("note", re.compile(r"ghi chu")),
]


def _roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for i, cell in enumerate(header):
        f = fold(_plain(cell)).strip(" .:")
        for role, pattern in _ROLES:
            if role not in roles and pattern.search(f):
                roles[role] = i
                break
    return roles


def _is_table_header(cells: list[str]) -> bool:
    roles = _roles(cells)
    return "task" in roles and ("stt" in roles or "due" in roles or "lead" in roles)


def _table_rows(lines: list[str]) -> list[list[str]]:
    """Rows of a copied table, with cells that spilled over lines put back together.

    A row with fewer cells than the header continues on the next line (its first cell joins the
    last open one); a row whose first cell (STT) is empty continues the row above, column by
    column (a page break inside a row); a line without separators continues the open cell.
    """
    rows: list[list[str]] = []
    width = 0
    for line in lines:
        if not line.strip():
            continue
        cells = _cells(line)
        if cells is not None and _is_pipe_separator(cells):
            continue
        cur = rows[-1] if rows else None
        if cells is None:
            if cur is not None:
                col = len(cur) - 1 if len(cur) < width else min(1, len(cur) - 1)
                cur[col] = f"{cur[col]} {line.strip()}"
            else:
                rows.append([line.strip()])
            continue
        cells = [c.strip() for c in cells]
        if not rows:
            width = len(cells)
            rows.append(cells)
            continue
        assert cur is not None
        if len(cur) < width:
            cur[-1] = f"{cur[-1]} {cells[0]}".strip()
            cur.extend(cells[1:])
            continue
        if not cells[0] and any(cells[1:]) and not _is_new_unnumbered_row(cur, cells):
            for i, c in enumerate(cells):
                if c and i < len(cur):
                    cur[i] = f"{cur[i]} {c}".strip()
                elif c:
                    cur.append(c)
            continue
        rows.append(cells)
    return rows


def _is_new_unnumbered_row(cur: list[str], cells: list[str]) -> bool:
    """An unnumbered row that is a row of its own, not the rest of the row above: it has its
    own text in every column the row above filled."""
    filled_above = [i for i, c in enumerate(cur) if c and i > 0]
    return len(cells) >= len(cur) and bool(filled_above) and all(
        i < len(cells) and cells[i] for i in filled_above)


_QUOTA_IN_TEXT = re.compile(
    r"\((?P<paren>[^()]*)\)|(?P<count>(?:số lượng\s*:?\s*)?(?:ít nhất|tối thiểu)?\s*\d+\s*"
    r"(?:tin bài|tin|bài viết|bài)\s*(?:/|mỗi|một|trên)\s*(?:năm|quý|tháng))|"
    r"(?P<every>(?:mỗi|hàng)\s+(?:năm|quý|tháng)\s+(?:ít nhất\s+)?\w+\s+(?:tin bài|tin|bài))",
    re.I)


def _find_quota(text: str) -> tuple[str | None, str]:
    """('12 tin/năm', the text without the quota) from 'Viết tin bài (Số lượng: 12tin/năm)'."""
    for m in _QUOTA_IN_TEXT.finditer(text):
        candidate = m.group("paren") if m.group("paren") is not None else m.group(0)
        q = parse_quota(candidate)
        if q is None and m.group("paren") is not None:
            inner = re.search(r"(?:số lượng\s*:?\s*)?(?:ít nhất\s*)?\d+\s*\w+\s*/\s*\w+", candidate,
                              re.I)
            q = parse_quota(inner.group(0)) if inner else None
        if q is not None:
            rest = (text[:m.start()] + text[m.end():]).strip(" ,;:")
            return q.label, " ".join(rest.split())
    return None, text


_YEARLESS = [
    (re.compile(r"^quý\s+(i{1,3}|iv|[1-4])$", re.I), "Quý {}/{}"),
    (re.compile(r"^6 tháng(?: đầu năm)?$", re.I), "6 tháng/{1}"),
    (re.compile(r"^9 tháng(?: đầu năm)?$", re.I), "9 tháng/{1}"),
    (re.compile(r"^tháng\s+(\d{1,2})$", re.I), "Tháng {}/{}"),
]
_ROMAN_OF = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def _normalise_due(text: str, year: int | None) -> Any:
    """'Quý 4/2022' → 'Quý IV/2022'; 'Quý I' → 'Quý I/<year of the plan>'; '10/12/2024' → a
    date; anything else kept as written ('Thường xuyên', 'Khi có KH của thị xã')."""
    text = " ".join(text.split()).strip(" .;")
    if not text:
        return None
    due = parse_due(text)
    if due.kind == "period" and due.period:
        return due.period.label
    if due.kind == "date" and due.day:
        return due.day
    if due.kind == "text" and year:
        for pattern, form in _YEARLESS:
            if m := pattern.match(text):
                value = m.group(1).upper() if m.groups() else ""
                value = _ROMAN_OF.get(value, value)
                label = form.format(value, year)
                if parse_period(label):
                    return parse_period(label).label  # type: ignore[union-attr]
    return text


_ROMAN_CELL = re.compile(r"^[IVX]{1,5}\.?$|^[A-Z]\.?$")


def _is_group_row(row: list[str], roles: dict[str, int]) -> bool:
    stt = _plain(row[roles["stt"]]) if "stt" in roles and roles["stt"] < len(row) else ""
    filled = [i for i, c in enumerate(row) if _plain(c) and i != roles.get("stt")]
    if _ROMAN_CELL.match(stt):
        return len(filled) <= 1
    if not stt and len(filled) == 1:
        return _is_upper(_plain(row[filled[0]]))
    return False


@dataclass
class _Table:
    rows: list[list[str]]
    groups: list[int]
    tasks: list[dict[str, Any]]
    comments: list[dict[str, str]]


def _read_table(lines: list[str], agencies: _Agencies, imp: Imported) -> _Table:
    rows = _table_rows(lines)
    if not rows or not _is_table_header(rows[0]):
        return _Table(rows, [], [], [])
    roles = _roles(rows[0])
    table = _Table(rows, [], [], [])
    group: str | None = None

    def cell(row: list[str], role: str, *, plain: bool = True) -> str:
        i = roles.get(role)
        if i is None or i >= len(row):
            return ""
        # Agency cells keep their HTML list markup: `<li>` separates names.
        return _plain(row[i]) if plain else row[i].strip()

    for r, row in enumerate(rows[1:], start=1):
        if _is_group_row(row, roles):
            table.groups.append(r)
            group = next(_plain(c) for i, c in enumerate(row)
                         if _plain(c) and i != roles.get("stt"))
            continue
        text = cell(row, "task")
        if not text:
            continue
        number = len(imp.tasks) + len(table.tasks) + 1
        quota, text = _find_quota(text)
        product = cell(row, "product")
        due_cell = cell(row, "due")
        if quota is None:
            for other in (product, due_cell):
                if other and (found := _find_quota(other)[0]):
                    quota = found
                    break
        task: dict[str, Any] = {"task": re.sub(r"^[-–•]\s*", "", text).rstrip(" .;")}
        comments: dict[str, str] = {}
        if product:
            task["product"] = re.sub(r"^[-–•]\s*", "", product).rstrip(" ;")
        lead_text = cell(row, "lead", plain=False) or group
        lead, co_leads = _task_lead(lead_text, agencies, imp, number, comments,
                                    split="lead" in roles)
        task["lead"] = lead
        support, support_comment = _task_support(cell(row, "support", plain=False), agencies)
        support = [s for s in co_leads + support if s != lead]
        if co_leads:
            comments["support"] = f"đồng chủ trì: {', '.join(co_leads)}"
        if support_comment:
            comments["support"] = "; ".join(filter(None, [comments.get("support"),
                                                         support_comment]))
        if support:
            task["support"] = list(dict.fromkeys(support))
        elif support_comment:
            comments["support_only"] = support_comment
        due = _normalise_due(due_cell, imp.year)
        if due is not None:
            task["due"] = due
        if quota:
            task["quota"] = quota
        table.tasks.append(task)
        table.comments.append(comments)
    return table


def _task_lead(text: str | None, agencies: _Agencies, imp: Imported, number: int,
               comments: dict[str, str], *, split: bool) -> tuple[str, list[str]]:
    """The lead's id (resolved or proposed) and any co-leads written in the same cell."""
    if not text:
        if imp.agency:
            comments["lead"] = f"{TODO}: bảng không ghi cơ quan chủ trì, tạm lấy cơ quan ban hành"
            imp.note(f"Nhiệm vụ {number}: không ghi cơ quan chủ trì, tạm lấy cơ quan ban hành.")
            return imp.agency, []
        comments["lead"] = f"{TODO}: không đọc được cơ quan chủ trì"
        return "chua-ro-co-quan", []
    names = _resolve_names(text, agencies) if split else [(text, agencies.resolve(text))]
    ids: list[str] = []
    for name, hit in names:
        if hit is None:
            hit = agencies.propose(name)
            written = _clean_agency_text(name)
            what = "nhóm cơ quan" if _is_collective(written) else "cơ quan"
            comments["lead"] = (f"{TODO}: {what} “{written}” chưa có trong danh mục, "
                                "mã đề xuất ở cuối phần đầu trang")
        ids.append(hit)
    ids = list(dict.fromkeys(ids))
    if len(ids) > 1:
        imp.note(f"Nhiệm vụ {number} có nhiều cơ quan chủ trì ({text}): cơ quan đầu tiên làm "
                 "chủ trì, các cơ quan còn lại ghi vào phối hợp.", ("task", number - 1))
    return ids[0], ids[1:]


def _resolve_names(text: str, agencies: _Agencies) -> list[tuple[str, str | None]]:
    """Split a cell into agency names and resolve each. 'Báo Quảng Trị và Đài PT-TH tỉnh' is
    split at 'và' only if both halves resolve ('Văn phòng HĐND và UBND' stays one)."""
    out: list[tuple[str, str | None]] = []
    for part in _split_agency_cell(text):
        hit = agencies.resolve(part, prefix=False)
        if hit is None and _SPLIT_AND.search(part):
            halves = _SPLIT_AND.split(part)
            hits = [agencies.resolve(h, prefix=False) for h in halves]
            if all(hits):
                out.extend(zip(halves, hits, strict=True))
                continue
        out.append((part, hit or agencies.resolve(part)))
    return out


def _task_support(text: str, agencies: _Agencies) -> tuple[list[str], str]:
    """Support ids; groups ('UBND các huyện…') and unknown names are kept in a comment."""
    if not text:
        return [], ""
    ids: list[str] = []
    left: list[str] = []
    for name, hit in _resolve_names(text, agencies):
        written = _clean_agency_text(name)
        if hit:
            ids.append(hit)
        elif _is_collective(written):
            left.append(written)
        else:
            ids.append(agencies.propose(name))
    comment = f"phối hợp (nhóm cơ quan, chưa ghi mã): {'; '.join(left)}" if left else ""
    return ids, comment


# --- the tail: recipients, signer, appendices -------------------------------------------------

_SIGNER_MARK = re.compile(r"^(?:TM|KT|TL|TUQ|Q|PP)\s*\.\s*\S")
_TITLES = {
    "chu tich": "Chủ tịch", "pho chu tich": "Phó Chủ tịch", "giam doc": "Giám đốc",
    "pho giam doc": "Phó Giám đốc", "truong phong": "Trưởng phòng",
    "pho truong phong": "Phó Trưởng phòng", "chanh van phong": "Chánh Văn phòng",
    "pho chanh van phong": "Phó Chánh Văn phòng", "truong ban": "Trưởng ban",
    "pho truong ban": "Phó Trưởng ban", "bo truong": "Bộ trưởng", "thu truong": "Thứ trưởng",
    "cuc truong": "Cục trưởng", "chi cuc truong": "Chi cục trưởng", "bi thu": "Bí thư",
    "pho bi thu": "Phó Bí thư", "tong bien tap": "Tổng Biên tập", "hieu truong": "Hiệu trưởng",
    "chanh thanh tra": "Chánh Thanh tra", "thu truong co quan": "Thủ trưởng cơ quan",
    "nguoi ky": "Người ký",
}
_SIGNED = re.compile(r"^[(\[]?\s*(?:đã ký|da ky|ký tên|ký, ghi rõ họ tên|daky)[^)\]]*[)\]]?$",
                     re.I)
_PATH_NOISE = re.compile(r"^(?:[A-Za-z]:\\|\\\\|/(?:home|Users)/|file:/)|\.(?:docx?|pdf)$", re.I)
_PAGE_NOISE = re.compile(r"^(?:-\s*\d{1,3}\s*-|\d{1,3}|trang \d+(?:/\d+)?|page \d+(?: of \d+)?)$",
                         re.I)


def _signer_title(text: str) -> str | None:
    f = fold(re.sub(r"^(?:TM|KT|TL|TUQ|Q|PP)\s*\.\s*", "", text)).strip(" .")
    return _TITLES.get(f)


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 6 or len(text) > 45 or re.search(r"[\d:;,/()]", text):
        return False
    if fold(text).startswith(_AGENCY_HEAD_FOLDED):
        return False
    return all(w[:1].isupper() and (w[1:].islower() or w.isupper() or len(w) == 1 or
                                     w.endswith(".")) for w in words)


def _title_case_name(text: str) -> str:
    return " ".join(w[:1] + w[1:].lower() if w.isupper() and len(w) > 1 else w
                    for w in text.split())


@dataclass
class _Tail:
    recipients: list[str] = field(default_factory=list)
    signer_lines: list[str] = field(default_factory=list)
    signer_name: str | None = None
    appendices: list[list[str]] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)


def _is_end_marker(plain: str) -> bool:
    f = fold(plain)
    return (f.startswith(("noi nhan", "noi nhan:")) or bool(_SIGNER_MARK.match(plain))
            or (plain.isupper() and _signer_title(plain) is not None)
            or bool(re.match(r"^PHỤ LỤC\b", plain)))


def _parse_tail(lines: list[str]) -> _Tail:
    tail = _Tail()
    in_recipients = False
    i = 0
    while i < len(lines):
        line = lines[i]
        p = _plain(line)
        if re.match(r"^PHỤ LỤC\b", p):
            j = i + 1
            while j < len(lines) and not re.match(r"^PHỤ LỤC\b", _plain(lines[j])):
                j += 1
            tail.appendices.append(lines[i:j])
            i = j
            continue
        i += 1
        if not p:
            continue
        cells = _columns(line)
        for cell in cells:
            c = _plain(cell)
            if not c:
                continue
            f = fold(c)
            if f.startswith("noi nhan"):
                in_recipients = True
                rest = c.split(":", 1)[1] if ":" in c else ""
                tail.recipients.extend(_items(rest))
            elif _SIGNER_MARK.match(c) or (c.isupper() and _signer_title(c)):
                # Beside "Nơi nhận:" in a two-column layout: the list goes on below it.
                tail.signer_lines.append(c)
            elif in_recipients and re.match(r"^[-–+•]", c):
                tail.recipients.extend(_items(c))
            elif tail.signer_lines and tail.signer_name is None and _looks_like_name(c):
                tail.signer_name = _title_case_name(c)
            elif _SIGNED.match(c):
                continue
            elif _PATH_NOISE.search(c) or _PAGE_NOISE.match(c):
                tail.noise.append(c)
            else:
                in_recipients = False
                tail.extra.append(cell if len(cells) == 1 else c)
    return tail


def _items(text: str) -> list[str]:
    parts = re.split(r"(?:^|;|\s)[-–+•]\s+", " " + text)
    return [p.strip(" ;.,") for p in parts if p.strip(" ;.,")]


# --- the whole document -----------------------------------------------------------------------

_TAG_WORDS = ["PAR INDEX", "SIPAS", "PAPI", "PCI", "DDCI"]
_TOPIC_WORDS = {
    "the-che": ("cai cach the che", "xay dung va hoan thien the che"),
    "thu-tuc-hanh-chinh": ("thu tuc hanh chinh", "tthc", "mot cua"),
    "to-chuc-bo-may": ("to chuc bo may",),
    "che-do-cong-vu": ("che do cong vu", "cong vu, cong chuc"),
    "tai-chinh-cong": ("tai chinh cong",),
    "chinh-quyen-so": ("chinh quyen so", "chinh quyen dien tu", "chinh phu dien tu",
                       "chuyen doi so", "dich vu cong truc tuyen"),
}


def _years_in(text: str) -> list[int]:
    return [int(y) for y in re.findall(r"\bnăm\s+(\d{4})\b", text, re.I)]


def _period_in(text: str) -> str | None:
    """'… Quý I năm 2024' → 'Quý I/2024'; '6 tháng đầu năm 2024' → '6 tháng/2024'."""
    for m in re.finditer(r"(quý\s+(?:i{1,3}|iv|[1-4])|[69] tháng(?: đầu| cuối)?|tháng\s+\d{1,2}|"
                         r"năm)\s*(?:/|năm)?\s*(\d{4})", text, re.I):
        if "cuối" in m.group(1):
            continue
        for candidate in (f"{m.group(1)}/{m.group(2)}", f"{m.group(1)} năm {m.group(2)}"):
            if p := parse_period(candidate):
                return p.label
    return None


def _dominant_place(text: str, level: str) -> str | None:
    """The place most often written after a level word: 'thị xã' → 'Kiến Tường'."""
    counts: Counter[str] = Counter()
    pattern = re.compile(r"\b" + re.escape(level) + r"\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s?){1,4})")
    for m in pattern.finditer(text):
        words = []
        for w in m.group(1).split():
            if not w[:1].isupper():
                break
            words.append(w)
        if words:
            counts[" ".join(words)] += 1
    return counts.most_common(1)[0][0] if counts else None


def _complete_generic(name: str, text: str) -> str:
    """'UBND thị xã' (no place) → 'UBND thị xã Kiến Tường' from the rest of the document."""
    words = name.split()
    for i in range(len(words)):
        n = _level_at(words, i)
        if n and i + n == len(words):
            level = " ".join(words[i:]).lower()
            if place := _dominant_place(text, level):
                return f"{name} {place}"
    return name


def parse_document(text: str, names: AgencyNames, *, agency: str | None = None,
                   source: str | None = None) -> Imported:
    """Read the plain text of an official document. Raises NotADocument when it is not one.

    `agency` forces the issuing agency (a registry id); `source` names the input in comments.
    """
    imp = Imported(source=source)
    chrome = _strip_chrome(_clean_lines(text))
    lines = chrome.lines
    imp.published, imp.attachments = chrome.published, list(dict.fromkeys(chrome.attachments))
    full_text = "\n".join(_plain(line) for line in lines)
    if not full_text.strip():
        raise NotADocument("Tệp không có nội dung văn bản.")
    agencies = _Agencies(names, full_text)

    head = _read_head(lines, imp)
    body_lines, tail = _split_tail(lines, head.body_start)
    preamble = _preamble(body_lines)
    kinh_gui = [p for p in preamble if fold(p).startswith("kinh gui")]
    ref_paragraphs = [p for p in preamble if not fold(p).startswith(("kinh gui", "theo de nghi"))]
    subject = None
    for paragraph in ref_paragraphs:
        subject = _find_subject(paragraph) or subject

    _read_issuer(imp, agencies, forced=agency, names=names, header=head.header, subject=subject,
                 body_lines=body_lines, owner=chrome.owner)
    _read_kind(imp, head, subject, full_text)
    date_info = _read_number_and_date(imp, head.header, tail)
    _read_year_and_period(imp, ref_paragraphs, date_info)
    _read_refs(imp, agencies, ref_paragraphs, body_lines, preamble)
    _read_signer(imp, tail, kinh_gui)
    _read_body(imp, agencies, body_lines, tail)
    _suggest_labels(imp, full_text)
    imp.unknown_agencies = list(agencies.unknown)
    imp.proposals = list(agencies.proposals.values())
    _check_is_document(imp, head.header, tail, body_lines)
    if imp.kind is None:
        imp.note("Không nhận ra loại văn bản: chọn `kind`.", "kind")
    if not imp.title:
        imp.note("Không đọc được trích yếu (tên) văn bản: điền `title`.", "title")
    return imp


@dataclass
class _Head:
    header: _Header
    kind: str | None
    body_start: int


def _read_head(lines: list[str], imp: Imported) -> _Head:
    """The header (agency, number, place and date), the heading (kind) and the title."""
    header = _Header()
    kind: str | None = None
    heading_rest = ""
    stop = len(lines)
    for idx, line in enumerate(lines):
        p = _plain(line)
        if not p:
            continue
        if _PREAMBLE_START.match(p) or _SECTION.match(p) or idx > 60:
            stop = idx
            break
        if h := _match_heading(p, strict=True):
            kind, heading_rest = h
            stop = idx
            break
        for cell in _header_cells(line):
            _classify_header_cell(header, idx, cell)
    title_parts: list[str] = []
    body_start = stop
    noise = [u for _, u in header.unknown if not _SEPARATOR.match(u)]
    if kind is not None:
        title_parts = [heading_rest] if heading_rest else []
        more, body_start = _collect_title(lines, stop + 1, bool(title_parts))
        title_parts += more
    elif noise:
        # No heading: the title is the last line before the preamble; a web page writes it
        # as "Kế hoạch Tuyên truyền …" in ordinary case.
        last = noise.pop()
        if h := _match_heading(last, strict=False):
            kind, last = h
        title_parts = [last]
    elif header.vv:
        title_parts, kind = [header.vv], "cong-van"
    for line in noise:
        imp.note(f"Đã bỏ dòng không thuộc văn bản: “{line}”.")
    imp.title = _clean_title(" ".join(title_parts)) or None
    return _Head(header, kind, body_start)


def _split_tail(lines: list[str], start: int) -> tuple[list[str], _Tail]:
    """The body, and the tail from the first of "Nơi nhận", a signature or "PHỤ LỤC"."""
    for j in range(start, len(lines)):
        cells = _cells(lines[j])
        first = _plain(cells[0] if cells else lines[j])
        if first and _is_end_marker(first):
            return lines[start:j], _parse_tail(lines[j:])
    return lines[start:], _Tail()


def _read_issuer(imp: Imported, agencies: _Agencies, *, forced: str | None, names: AgencyNames,
                 header: _Header, subject: _Subject | None, body_lines: list[str],
                 owner: str | None) -> None:
    """The issuing agency: header lines, else the preamble's "…, UBND xã X báo cáo …", else
    "Trên đây là … của X", else the web site's owner. Its place completes other names."""
    text = _agency_from_header(header.agency_lines)
    if text is None and subject:
        text = subject.agency
    if text is None and (m := _CLOSING_AGENCY.search(" ".join(_plain(x) for x in body_lines))):
        text = m.group("agency")
    text = text or owner
    if text:
        text = _complete_generic(_clean_agency_text(text), agencies.text)
    imp.agency_text = text
    if forced:
        imp.agency = forced
        agencies.place = _place_of(text or "") or _place_from_registry(forced, names,
                                                                        agencies.text)
    elif text:
        agencies.place = _place_of(text)
        imp.agency = agencies.resolve(text)
        if imp.agency is None:
            imp.agency = agencies.propose(text)
            imp.note(f"Cơ quan ban hành “{text}” chưa có trong content/agencies.yml: đã đề xuất "
                     f"mã `{imp.agency}` (mục đề xuất ở cuối phần đầu trang), hoặc dùng "
                     "`cchc import --agency MÃ`.", "agency")
    else:
        imp.note("Không nhận ra cơ quan ban hành: ghi mã cơ quan vào `agency` hoặc dùng "
                 "`cchc import --agency MÃ`.", "agency")
    agencies.issuer = imp.agency


def _read_kind(imp: Imported, head: _Head, subject: _Subject | None, full_text: str) -> None:
    """The heading, else the number's type code (BC → báo cáo), else the preamble's verb."""
    kind = head.kind
    if kind is None and head.header.code:
        kind = KIND_CODES.get(head.header.code)
    if kind is None and subject and subject.kind:
        kind = subject.kind
        imp.note(f"Không có tiêu đề loại văn bản; đoán là “{KIND_LABELS[kind]}” từ câu "
                 f"“{subject.agency} …”.", "kind")
    if kind is None and "tren day la ket qua" in fold(full_text):
        kind = "bao-cao"
    imp.kind = kind


def _read_number_and_date(imp: Imported, header: _Header, tail: _Tail) -> _DateInfo | None:
    """Số hiệu and ngày ban hành from the header, else from the appendix's "(Ban hành kèm theo
    Kế hoạch số … ngày …)"; blanks of a draft are noted, not guessed."""
    meta = _appendix_meta(tail.appendices)
    imp.number = header.number or meta.get("number")
    info: _DateInfo | None = header.date or meta.get("date")
    if imp.number is None:
        if written := header.number_written or meta.get("number_written"):
            imp.note(f"Số hiệu để trống (“{written}”): văn bản dự thảo hoặc chưa vào số; điền "
                     "số khi văn bản được ban hành.", "number")
        else:
            imp.note("Không thấy số hiệu trong văn bản.", "number")
    if info and info.day:
        imp.issued = info.day
    elif info:
        known = f"tháng {info.month:02d}/{info.year}" if info.month else f"năm {info.year}"
        imp.note(f"Ngày ban hành để trống (“{info.text}”): chỉ biết {known}.", "issued")
    else:
        imp.note("Không thấy ngày ban hành.", "issued")
    if imp.published:
        imp.note(f"Trang web đăng văn bản ngày {imp.published:%d/%m/%Y}; đó không hẳn là ngày "
                 "ban hành.")
    return info


def _read_year_and_period(imp: Imported, ref_paragraphs: list[str],
                          info: _DateInfo | None) -> None:
    """The year of the plan is in its title ("… năm 2024"), even when it was issued the year
    before; a report's period ("Quý I năm 2024") too, or in its preamble."""
    title = imp.title or ""
    if imp.kind == "bao-cao":
        imp.period = _period_in(title) or _period_in(" ".join(ref_paragraphs))
        if imp.period is None:
            imp.note("Không đọc được kỳ báo cáo: điền `period` (Quý I/2024, 6 tháng/2024…).",
                     "period")
    if years := _years_in(title):
        imp.year = years[-1]
    elif imp.period and (p := parse_period(imp.period)):
        imp.year = p.year
    elif imp.issued or info:
        imp.year = imp.issued.year if imp.issued else info.year  # type: ignore[union-attr]
    elif imp.published:
        imp.year = imp.published.year
    else:
        imp.note("Không xác định được năm của văn bản: điền `year`.", "year")


def _read_refs(imp: Imported, agencies: _Agencies, ref_paragraphs: list[str],
               body_lines: list[str], preamble: list[str]) -> None:
    relation = "can-cu"
    for paragraph in ref_paragraphs:
        phrases, relation = _ref_phrases(paragraph, relation)
        for phrase, rel in phrases:
            ref, comment = _make_ref(phrase, rel, agencies, report=imp.kind == "bao-cao")
            imp.refs.append(ref)
            imp.ref_comments.append(comment)
    if imp.kind == "bao-cao":
        _own_plans(imp, body_lines, preamble)


def _read_signer(imp: Imported, tail: _Tail, kinh_gui: list[str]) -> None:
    """"TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / name": the last title signs."""
    if tail.signer_name:
        titles = [t for t in (_signer_title(x) for x in tail.signer_lines) if t]
        imp.signer = {"name": tail.signer_name}
        if titles:
            imp.signer["title"] = titles[-1]
    elif tail.signer_lines:
        imp.note("Có khối chữ ký nhưng không đọc được tên người ký.", "signer")
    else:
        imp.note("Không thấy khối chữ ký (người ký).", "signer")
    imp.recipients = [*(_items(kinh_gui[0].split(":", 1)[-1]) if kinh_gui else []),
                      *tail.recipients]
    for noise in tail.noise:
        imp.note(f"Đã bỏ dòng không thuộc văn bản: “{noise}”.")


def _read_body(imp: Imported, agencies: _Agencies, body_lines: list[str], tail: _Tail) -> None:
    """The body as Markdown, in the document's order; task tables also become `tasks`."""
    body = _Body()
    _render_lines(body, body_lines, agencies, imp)
    if tail.recipients:
        body.add("p", "**Nơi nhận:**")
        for r in tail.recipients:
            body.add("li", f"- {r}")
    for appendix in tail.appendices:
        _render_appendix(body, appendix, agencies, imp)
    if tail.extra:
        _render_lines(body, tail.extra, agencies, imp)
    imp.body_markdown = body.markdown()


def _suggest_labels(imp: Imported, full_text: str) -> None:
    """Tags and topics the text speaks of: suggestions the editor trims."""
    folded = fold(full_text)
    imp.tags = [t for t in _TAG_WORDS if re.search(rf"\b{re.escape(t)}\b", full_text)]
    imp.topics = [t for t, words in _TOPIC_WORDS.items() if any(w in folded for w in words)]


def _collect_title(lines: list[str], start: int, have: bool) -> tuple[list[str], int]:
    """The trích yếu under the heading: the next lines up to a blank line, the preamble or a
    section; a line broken by a blank line continues when the next starts in lower case."""
    parts: list[str] = []
    j = start
    while j < len(lines) and not _plain(lines[j]):
        j += 1
    if have and j < len(lines) and not _starts_lower(_plain(lines[j])):
        return parts, start
    while j < len(lines):
        p = _plain(lines[j])
        if not p:
            k = j + 1
            while k < len(lines) and not _plain(lines[k]):
                k += 1
            if parts and k < len(lines) and _starts_lower(_plain(lines[k])):
                j = k
                continue
            break
        if (_PREAMBLE_START.match(p) or _SECTION.match(p) or _SEPARATOR.match(p)
                or (parts and _is_upper(p)) or p.startswith("(") or _NUMBER_LINE.match(p)):
            break
        parts.append(p)
        j += 1
        if sum(len(x) for x in parts) > 400:
            break
    return parts, j


def _clean_title(text: str) -> str:
    text = " ".join(text.replace("**", "").split()).strip(" .:;*")
    text = re.sub(r"^(?:về việc|v/v\.?|về)\s+", "", text, flags=re.I)
    return text[:1].upper() + text[1:]


def _preamble(body_lines: list[str]) -> list[str]:
    """Paragraphs before the first section heading (I., 1., Điều 1, QUYẾT ĐỊNH:)."""
    out: list[str] = []
    for line in body_lines:
        p = _plain(line)
        if not p or _SEPARATOR.match(p) or _PAGE_NOISE.match(p):
            continue
        if (_SECTION.match(p) or _ARTICLE.match(p) or re.match(r"^\d{1,2}\.\s+\S", p)
                or fold(p).rstrip(": ") in ("quyet dinh", "quyet nghi")):
            break
        if out and ((p.startswith(("-", "–", "+")) and fold(out[-1]).startswith("kinh gui"))
                    or _starts_lower(p)):
            out[-1] = f"{out[-1]} {p}"
            continue
        out.append(p)
        if len(out) > 12:
            break
    return out


def _own_plans(imp: Imported, body_lines: list[str], preamble: list[str]) -> None:
    """A report that names the plan it reports on: 'Ban hành Kế hoạch số 09/KH-UBND ngày …'."""
    known = {r.get("number") for r in imp.refs}
    pattern = re.compile(r"(?:ban hành|xây dựng)\s+(?P<phrase>Kế hoạch\s+số\s*:?\s*\S+\s+ngày\s+"
                         r"[^;]{4,200})", re.I)
    for line in body_lines:
        p = _plain(line)
        if p in preamble:
            continue
        for m in pattern.finditer(p):
            phrase = re.split(r"\s+và\s+(?:các|những)\s+|;", m.group("phrase"))[0]
            parsed = parse_phrase(phrase)
            if not parsed.number or parsed.number in known or parsed.agency_name:
                continue
            ref: dict[str, Any] = {"number": parsed.number}
            if imp.agency:
                ref["agency"] = imp.agency
            if parsed.issued:
                ref["issued"] = parsed.issued
            if parsed.title:
                ref["title"] = parsed.title
            ref["relation"] = "bao-cao"
            imp.refs.append(ref)
            imp.ref_comments.append("kế hoạch của chính cơ quan, được báo cáo trong văn bản này")
            known.add(parsed.number)


def _appendix_meta(appendices: list[list[str]]) -> dict[str, Any]:
    """'(Ban hành kèm theo Kế hoạch số: /KH-UBND ngày /01/2024 của UBND thị xã)'."""
    for appendix in appendices:
        for line in appendix[:8]:
            p = _plain(line)
            if not re.search(r"kèm theo", p, re.I):
                continue
            out: dict[str, Any] = {}
            if m := re.search(r"\bsố\s*:?\s*(?P<rest>\S*\s*/\s*\S+|\S+)", p, re.I):
                number, _ = _parse_number(m.group("rest").rstrip(")"))
                out["number"] = number
                if number is None:
                    out["number_written"] = f"số {m.group('rest')}"
            if info := _parse_date(p):
                out["date"] = info
            return out
    return {}


def _place_from_registry(agency: str, names: AgencyNames, text: str) -> tuple[str, str] | None:
    """The place of a forced agency, from its registry names (folded), shown as the document
    writes it when it does."""
    for key in names.names():
        if names.resolve(key) != agency:
            continue
        found_levels = list(re.finditer(
            r"\b(thanh pho|thi xa|thi tran|tinh|huyen|quan|xa|phuong)\s+([a-z0-9 ]+)$", key))
        if found_levels:
            m = found_levels[-1]
            level = _LEVELS_2.get(m.group(1)) or _LEVELS_1.get(m.group(1), m.group(1))
            folded_place = m.group(2).strip()
            for found in re.finditer(r"\b" + re.escape(level) + r"\s+((?:\S+\s?){1,4})", text):
                words = found.group(1).split()
                for n in range(len(words), 0, -1):
                    if fold(" ".join(words[:n])).strip(",.;") == folded_place:
                        return level, " ".join(words[:n]).strip(",.;")
            return level, folded_place.title()
    return None


def _render_lines(body: _Body, lines: list[str], agencies: _Agencies, imp: Imported) -> None:
    """Body lines to Markdown; runs of table rows become tables (and tasks, if they are a task
    table)."""
    i = 0
    while i < len(lines):
        line = lines[i]
        cells = _cells(line)
        if cells is not None and sum(1 for c in cells if c.strip()) >= 2:
            j = i
            last = i
            while j < len(lines):
                c = _cells(lines[j])
                if c is not None:
                    last = j
                elif lines[j].strip() and j - last > 2:
                    break
                j += 1
            _render_table(body, lines[i:last + 1], agencies, imp)
            i = last + 1
            continue
        text = _inline_md(line.strip())
        if text and not _PAGE_NOISE.match(text):
            _body_line(body, text)
        i += 1


def _render_table(body: _Body, lines: list[str], agencies: _Agencies, imp: Imported) -> None:
    table = _read_table(lines, agencies, imp)
    if table.tasks:
        imp.tasks.extend(table.tasks)
        imp.task_comments.extend(table.comments)
    if table.rows:
        body.add("table", _md_table(table.rows, table.groups))


def _render_appendix(body: _Body, lines: list[str], agencies: _Agencies, imp: Imported) -> None:
    first_row = next((k for k, line in enumerate(lines)
                      if (c := _cells(line)) is not None and sum(1 for x in c if x.strip()) >= 2),
                     len(lines))
    heading = [p for p in (_plain(x) for x in lines[:first_row]) if p]
    if heading:
        body.add("h", "## " + heading[0])
        for h in heading[1:]:
            body.add("p", f"*{h}*" if h.startswith("(") else f"**{h}**")
    rest = lines[first_row:]
    last = max((k for k, line in enumerate(rest) if _cells(line) is not None), default=-1)
    if last >= 0:
        _render_table(body, rest[:last + 1], agencies, imp)
    _render_lines(body, rest[last + 1:], agencies, imp)


def _check_is_document(imp: Imported, header: _Header, tail: _Tail, body: list[str]) -> None:
    """Refuse text that is not an official document, rather than write an empty draft."""
    sections = sum(1 for line in body if _SECTION.match(_plain(line)))
    signals = [
        imp.kind is not None, bool(header.number_written), header.date is not None,
        header.motto, bool(imp.refs), sections >= 2, bool(tail.signer_lines),
        bool(tail.recipients), bool(imp.tasks),
    ]
    if sum(signals) < 2:
        raise NotADocument(
            "Không nhận ra đây là văn bản hành chính: không thấy tiêu đề loại văn bản (KẾ HOẠCH, "
            "BÁO CÁO, QUYẾT ĐỊNH…), số hiệu, ngày ban hành, căn cứ hay các mục I., II.… "
            "Hãy chép toàn văn văn bản (kể cả phần đầu) vào tệp văn bản thuần (UTF-8).")


# --- rendering --------------------------------------------------------------------------------

def suggested_path(imp: Imported) -> str | None:
    """Where the draft belongs: plans/<year>/<số hiệu>-<agency>.md, or by kind and title."""
    if not imp.year:
        return None
    if imp.number and imp.agency:
        stem = f"{slugify(imp.number)}-{imp.agency}"
    else:
        words = slugify(f"{KIND_LABELS.get(imp.kind or 'khac', '')} {imp.title or ''}").split("-")
        stem = "-".join(words[:10]) or "van-ban"
    return f"plans/{imp.year}/{stem}.md"


def render(imp: Imported, *, present_files: Collection[str] | None = None) -> str:
    """The Markdown draft: front matter in SPEC §2 order with `draft: true`, `# CẦN KIỂM TRA:`
    comments for what could not be read and proposed agencies, then the body.

    Attachments are written as a field only when the file is present beside the draft
    (`present_files`); otherwise as a comment, since a missing attachment fails validation.
    """
    out = ["---"]
    source = f" từ `{imp.source}`" if imp.source else ""
    out.append(f"# Bản nháp do `cchc import` tạo{source}. Đọc lại, sửa các dòng “{TODO}”, rồi "
               "đổi `draft: true` thành `draft: false`.")
    if path := suggested_path(imp):
        out.append(f"# Gợi ý nơi lưu: {path}")
    placed = set(imp.field_notes.values())
    for note in imp.notes:
        if note not in placed:
            out.append(f"# {TODO}: {_comment(note)}")

    def scalar(key: str, value: Any, placeholder: str) -> None:
        if (note := imp.field_notes.get(key)) is not None:
            out.append(f"# {TODO}: {_comment(note)}")
        out.append(f"{key}: {_dump(value)}" if value not in (None, "", []) else
                   f"# {key}: {placeholder}")

    scalar("number", imp.number, "<số hiệu, ví dụ 107/KH-UBND>")
    scalar("kind", imp.kind, "<ke-hoach | bao-cao | quyet-dinh | cong-van | thong-bao | khac>")
    scalar("title", imp.title, "<trích yếu>")
    scalar("agency", imp.agency, "<mã cơ quan ban hành>")
    if imp.agency_text and imp.agency and imp.agency_text:
        out[-1] += f"  # {_comment(imp.agency_text)}"
    if imp.published:
        out.append(f"# Ngày đăng trên trang web: {imp.published:%d/%m/%Y}")
    scalar("issued", imp.issued, "<YYYY-MM-DD>")
    scalar("year", imp.year, "<YYYY>")
    if imp.period or imp.kind == "bao-cao":
        scalar("period", imp.period, "<Quý I/2024 | 6 tháng/2024 | 9 tháng/2024 | Năm 2024>")
    scalar("signer", imp.signer, "{name: <họ tên>, title: <chức vụ>}")
    if imp.refs:
        out.append("refs:")
        for i, ref in enumerate(imp.refs):
            comment = imp.ref_comments[i] if i < len(imp.ref_comments) else ""
            first = True
            for key in ("number", "kind", "agency", "issued", "title", "relation"):
                if key not in ref:
                    continue
                line = f"  {'- ' if first else '  '}{key}: {_dump(ref[key])}"
                if key == "agency" and comment:
                    line += f"  # {_comment(comment)}"
                out.append(line)
                first = False
    else:
        out.append("refs: []  # không thấy căn cứ nào trong phần mở đầu")
    if imp.topics:
        out.append(f"topics: {_dump(imp.topics)}  # gợi ý theo nội dung, bỏ bớt nếu thừa")
    if imp.tags:
        out.append(f"tags: {_dump(imp.tags)}")
    present = set(present_files or ())
    if imp.attachments:
        here = [a for a in imp.attachments if a in present]
        missing = [a for a in imp.attachments if a not in present]
        if here:
            out.append(f"attachments: {_dump(here)}")
        if missing:
            out.append(f"# {TODO}: chép tệp đính kèm {', '.join(missing)} vào cùng thư mục với "
                       "tệp này rồi bỏ dấu # ở dòng dưới")
            out.append(f"# attachments: {_dump(imp.attachments)}")
    if imp.tasks:
        out.append("tasks:")
        for i, task in enumerate(imp.tasks):
            comments = imp.task_comments[i] if i < len(imp.task_comments) else {}
            if (task_note := imp.field_notes.get(("task", i))) is not None:
                out.append(f"  # {TODO}: {_comment(task_note)}")
            first = True
            for key in ("task", "product", "lead", "support", "due", "quota"):
                if key not in task:
                    continue
                line = f"  {'- ' if first else '  '}{key}: {_dump(task[key])}"
                if comments.get(key):
                    line += f"  # {_comment(comments[key])}"
                out.append(line)
                first = False
            if comments.get("support_only"):
                out.append(f"    # {_comment(comments['support_only'])}")
    out.append("draft: true")
    if imp.proposals:
        out.append(f"# {TODO}: các cơ quan dưới đây chưa có trong content/agencies.yml. Kiểm tra "
                   "tên, cấp, cơ quan cấp trên rồi chép vào danh mục (bỏ dấu # đầu dòng):")
        for entry in imp.proposals:
            out.extend("# " + line for line in _agency_entry(entry))
    out.append("---")
    out.append("")
    if imp.body_markdown:
        out.append(imp.body_markdown.rstrip("\n"))
        out.append("")
    return "\n".join(out)


def _agency_entry(entry: dict[str, Any]) -> list[str]:
    lines = [f"- id: {entry['id']}", f"  name: {_dump(entry['name'])}",
             f"  level: {entry['level']}", f"  parent: {entry['parent'] or 'null'}"]
    if entry.get("aliases"):
        lines.append(f"  aliases: {_dump(entry['aliases'])}")
    return lines


def proposals_yaml(imp: Imported) -> str:
    """The proposed agencies as agencies.yml text (what the comment block says, uncommented)."""
    return "\n".join(line for e in imp.proposals for line in _agency_entry(e)) + "\n"


# --- CLI boundary -----------------------------------------------------------------------------

def _read_input(name: str) -> tuple[str, str]:
    if name == "-":
        return sys.stdin.read(), "stdin"
    raw = Path(name).read_bytes()
    try:
        return raw.decode("utf-8-sig"), Path(name).name
    except UnicodeDecodeError:
        # Old Word exports: Windows-1258 is the usual non-UTF-8 encoding of Vietnamese text.
        return raw.decode("cp1258", errors="replace"), Path(name).name


def run(args: argparse.Namespace) -> int:
    """`cchc import FILE [--agency ID] [-o FILE] [--force]`: 0 ok, 1 not a document or would
    overwrite, 2 usage (missing input, unknown agency id)."""
    from . import settings as settings_mod
    from .project import load_registry

    root = settings_mod.find_root(Path(getattr(args, "root", None) or Path.cwd()))
    settings = settings_mod.read(root)
    registry = settings.docs_path / "agencies.yml"
    try:
        text, source = _read_input(args.file)
    except OSError as exc:
        print(f"Không đọc được tệp `{args.file}`: {exc.strerror}.", file=sys.stderr)
        return 2
    loaded, report = load_registry(settings)
    if report.errors:
        print(f"Danh mục cơ quan {registry} có lỗi; các cơ quan lỗi bị bỏ qua. Chạy "
              "`cchc validate` để xem chi tiết.", file=sys.stderr)
    names = loaded.names if loaded else AgencyNames([])
    ids = set(loaded.ids) if loaded else set()
    if not ids:
        print(f"Cảnh báo: không có danh mục cơ quan {registry}; mọi cơ quan sẽ được đề xuất mới.",
              file=sys.stderr)
    if args.agency and args.agency not in ids:
        print(f"Không có cơ quan mã `{args.agency}` trong {registry}.", file=sys.stderr)
        return 2
    output = Path(args.output) if getattr(args, "output", None) else None
    if output is not None and output.exists() and not getattr(args, "force", False):
        print(f"Tệp {output} đã có; không ghi đè. Thêm --force để ghi đè.", file=sys.stderr)
        return 1
    try:
        imp = parse_document(text, names, agency=args.agency, source=source)
    except NotADocument as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 1
    present = {p.name for p in output.parent.iterdir()} if output and output.parent.is_dir() \
        else set()
    draft = render(imp, present_files=present)
    if output is None:
        sys.stdout.write(draft)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(draft, encoding="utf-8")
    print(_summary(imp, output), file=sys.stderr)
    return 0


def _summary(imp: Imported, output: Path | None) -> str:
    where = f"Đã ghi {output}" if output else "Đã đọc văn bản"
    parts = [f"{len(imp.refs)} căn cứ", f"{len(imp.tasks)} nhiệm vụ"]
    if imp.proposals:
        parts.append(f"{len(imp.proposals)} cơ quan đề xuất thêm vào danh mục")
    todo = f"; {len(imp.notes)} mục cần kiểm tra (dòng “# {TODO}”)" if imp.notes else ""
    path = suggested_path(imp)
    hint = f"\nGợi ý nơi lưu: {path}" if path and output is None else ""
    return f"{where}: {', '.join(parts)}{todo}.{hint}"


def add_parser(sub: Any) -> None:
    """Register `cchc import FILE [--agency ID] [-o FILE] [--force]` on the CLI's sub-parsers."""
    p = sub.add_parser("import", help="chuyển văn bản (chép từ Word, PDF, trang web) thành bản "
                       "nháp trong plans/")
    p.add_argument("file", help="tệp văn bản thuần (UTF-8) chép từ Word, PDF hoặc trang web; "
                   "`-` để đọc từ đầu vào chuẩn")
    p.add_argument("--agency", help="mã cơ quan ban hành (nếu không tự nhận ra)")
    p.add_argument("-o", "--output", help="ghi vào tệp này (mặc định: in ra màn hình)")
    p.add_argument("--force", action="store_true", help="ghi đè tệp đã có")
    p.set_defaults(func=run)
