"""The fields of a document, each read from the best evidence the text has: the header
first, then the page's headline or metadata, a preamble's clause, a news item's date. Each
returns a `Found`: the value and, when the importer is not sure of it, why (a flag).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ..periods import parse_period
from ..refs import NUMBER_RE, number_key
from ..text import fold
from ..vocab import DOCUMENT_WORDS, KIND_OF_CODE, KINDS
from . import agencies as ag
from .casing import sentence_case
from .chrome import HEADLINE, Chrome
from .header import DateInfo, Header, is_authority, is_damaged_number, parse_date, parse_number
from .model import Signer
from .refs import Subject
from .tail import Tail, signer_title
from .textkit import is_upper, plain


@dataclass(frozen=True)
class Found:
    """A value and, when the importer is not sure of it, why."""

    value: object = None
    flag: str | None = None


def flags_of(**found: Found) -> dict[str, str]:
    return {k: f.flag for k, f in found.items() if f.flag}


def read_kind(header: Header, subject: Subject | None, kinh_gui: bool, full_text: str,
              chrome: Chrome, number: str | None) -> Found:
    """The heading, else the number's type code (BC → báo cáo), else the preamble's verb, a
    letter's "Kính gửi", the page's metadata."""
    if header.kind:
        return Found(header.kind)
    for code in (header.code, (number or "").split("/")[-1].split("-")[0] if number else None):
        if code and (kind := KIND_OF_CODE.get(code)):
            return Found(kind)
    if subject and subject.kind:
        return Found(subject.kind, f"không có tiêu đề loại văn bản; đoán là "
                     f"“{KINDS[subject.kind]}” từ câu “{subject.agency} …”")
    if kinh_gui:
        return Found("cong-van", "không có tiêu đề loại văn bản; văn bản có “Kính gửi” nên "
                     "đoán là công văn")
    if "tren day la ket qua" in fold(full_text) or "tren day la bao cao" in fold(full_text):
        return Found("bao-cao", "đoán là báo cáo từ câu “Trên đây là …”")
    if chrome.meta.kind and (kind := next((k for w, k in DOCUMENT_WORDS
                                           if fold(chrome.meta.kind).startswith(w)), None)):
        return Found(kind, "loại văn bản lấy từ dòng “Loại văn bản” của trang web")
    return Found(None, "không nhận ra loại văn bản: chọn `kind`")


def _page_numbers(chrome: Chrome) -> list[str]:
    found = [chrome.meta.number] if chrome.meta.number else []
    for line in chrome.headlines:
        found += [m.group(1) for m in NUMBER_RE.finditer(line)]
    return found


def read_number(header: Header, chrome: Chrome, appendix: Mapping[str, object]) -> Found:
    """Số hiệu: the header's; a damaged one ("1281/-UBND") repaired from the page's headline
    or metadata when they agree on its digits; else the page's, else the appendix's."""
    if header.number:
        page = [n for n in _page_numbers(chrome) if number_key(n) != number_key(header.number)
                and n.split("/")[0] == header.number.split("/")[0]]
        flag = f"trang web ghi số hiệu “{page[0]}”" if page else None
        return Found(header.number, flag)
    written = header.number_written or ""
    if written and is_damaged_number(written):
        digits = re.search(r"\d+", written)
        tail = written.rsplit("-", 1)[-1].strip()
        for n in _page_numbers(chrome):
            if digits and n.split("/")[0] == digits.group(0) and n.endswith(tail):
                return Found(n, f"số hiệu trong văn bản bị hỏng (“{written}”); đã lấy “{n}” từ "
                             "tiêu đề trang web")
        return Found(None, f"số hiệu trong văn bản bị hỏng (“{written}”): điền số hiệu đúng")
    if chrome.meta.number:
        return Found(chrome.meta.number, "số hiệu lấy từ dòng “Số hiệu” của trang web")
    if appendix.get("number"):
        return Found(appendix["number"])
    if written or appendix.get("number_written"):
        return Found(None, f"số hiệu để trống (“{written or appendix.get('number_written')}”): "
                     "văn bản dự thảo hoặc chưa vào số; điền số khi văn bản được ban hành")
    if chrome.headlines and (nums := _page_numbers(chrome)):
        return Found(nums[0], "số hiệu lấy từ tiêu đề trang web")
    return Found(None, "không thấy số hiệu trong văn bản")


def read_issued(header: Header, chrome: Chrome, appendix: Mapping[str, object]) -> \
        tuple[Found, DateInfo | None]:
    """Ngày ban hành from the place-and-date line; else the page's metadata, the appendix's
    "(Ban hành kèm theo … ngày …)". Never the page's own date."""
    info = header.date
    if info is None and isinstance(appendix.get("date"), DateInfo):
        info = appendix["date"]  # type: ignore[assignment]
    if info and info.day:
        flag = None
        if chrome.meta.issued and chrome.meta.issued != info.day:
            flag = f"trang web ghi ngày ban hành {chrome.meta.issued:%d/%m/%Y}"
        return Found(info.day, flag), info
    if chrome.meta.issued:
        return Found(chrome.meta.issued, "ngày ban hành lấy từ dòng “Ngày ban hành” của trang "
                     "web"), info
    page = (f"; trang web đăng ngày {chrome.published:%d/%m/%Y}, đó không phải ngày ban hành"
            if chrome.published else "")
    if info:
        known = f"tháng {info.month:02d}/{info.year}" if info.month else f"năm {info.year}"
        return Found(None, f"ngày ban hành để trống (“{info.text}”): chỉ biết {known}{page}"), info
    return Found(None, f"không thấy ngày ban hành{page}"), None


def _headline_title(chrome: Chrome) -> str | None:
    """'Quyết định 95/QĐ-UBND năm 2022 phê duyệt …' → 'Phê duyệt …'."""
    for line in sorted(chrome.headlines, key=len, reverse=True):
        if (m := HEADLINE.match(line)) and m.group("rest"):
            rest = re.sub(r"^(?:về\s+(?:việc\s+)?)", "", m.group("rest")).strip()
            if len(rest.split()) >= 3:
                return rest[:1].upper() + rest[1:]
    return None


def _bad_title(title: str) -> str | None:
    """Why a title cannot be a trích yếu, or None."""
    words = title.split()
    if len(words) < 3:
        return f"tiêu đề “{title}” quá ngắn"
    if is_authority(title) or (is_upper(title) and ag.is_agency_name(ag.proper_case(title))):
        return f"“{title}” là tên cơ quan, không phải trích yếu"
    if re.match(r"^[-–•]\s*\d*", title):
        return f"“{title}” là một mục danh sách"
    return None


def read_title(header: Header, chrome: Chrome) -> Found:
    title, flag = header.title, None
    if title and (why := _bad_title(title)):
        title, flag = None, why
    if title and header.title_from == "line" and not re.match(
            r"^(?:kế hoạch|báo cáo|quyết định|thông báo|chương trình|công văn|đề án)\b",
            title, re.I):
        flag = "trích yếu lấy từ dòng trước phần mở đầu (văn bản không có tiêu đề loại văn bản)"
    if title and is_upper(title):
        title = sentence_case(title)
        flag = "trích yếu viết hoa trong văn bản, đã chuyển sang chữ thường: kiểm tra tên riêng"
    if title:
        return Found(title, flag)
    if headline := _headline_title(chrome):
        return Found(headline, "trích yếu lấy từ tiêu đề trang web, văn bản không ghi")
    if chrome.meta.title:
        return Found(chrome.meta.title, "trích yếu lấy từ dòng “Trích yếu” của trang web")
    return Found(None, "; ".join(filter(None, [flag, "không đọc được trích yếu (tên) văn bản: "
                                               "điền `title`"])))


_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def period_in(text: str, year: int | None = None) -> str | None:
    """'… Quý I năm 2024' → 'Quý I/2024'; '6 tháng đầu năm 2024' → '6 tháng/2024'; 'quý III'
    with the year given."""
    for m in re.finditer(r"(quý\s+(?:i{1,3}|iv|[1-4])|[69] tháng(?: đầu| cuối)?|tháng\s+\d{1,2}|"
                         r"năm)\s*(?:/|năm)?\s*(\d{4})", text, re.I):
        if "cuối" in m.group(1):
            continue
        head = re.sub(r"\s+đầu$", "", m.group(1), flags=re.I)
        for candidate in (f"{head}/{m.group(2)}", f"{head} năm {m.group(2)}",
                          f"{head} {m.group(2)}"):
            if p := parse_period(candidate):
                return p.label
    if year and (q := re.search(r"\bquý\s+(i{1,3}|iv|[1-4])\b", text, re.I)):
        value = _ROMAN.get(q.group(1), q.group(1).upper())
        if p := parse_period(f"Quý {value}/{year}"):
            return p.label
    return None


def _years_in(text: str) -> list[int]:
    return [int(y) for y in re.findall(r"\bnăm\s+(\d{4})\b", text, re.I)]


def read_year(title: str | None, period: str | None, issued: date | None,
              info: DateInfo | None, published: date | None, text: str) -> Found:
    """The year of the plan is in its title ("… năm 2024"), even when it was issued the year
    before; a report's in its period; else the issue date's, the page's (flagged)."""
    if years := _years_in(title or ""):
        return Found(years[-1])
    if period and (p := parse_period(period)):
        return Found(p.year)
    if issued:
        return Found(issued.year)
    if info:
        return Found(info.year)
    if published:
        return Found(published.year, f"năm lấy từ ngày đăng trên trang web "
                     f"({published:%d/%m/%Y})")
    if years := _years_in(text):
        common = Counter(years).most_common(1)[0][0]
        return Found(common, "năm đoán từ nội dung (năm được nhắc nhiều nhất)")
    return Found(None, "không xác định được năm của văn bản: điền `year`")


def appendix_meta(appendices: tuple[tuple[str, ...], ...]) -> dict[str, object]:
    """'(Ban hành kèm theo Kế hoạch số: /KH-UBND ngày /01/2024 của UBND thị xã)'."""
    for appendix in appendices:
        for line in appendix[:8]:
            p = plain(line)
            if not re.search(r"kèm theo", p, re.I):
                continue
            out: dict[str, object] = {}
            if m := re.search(r"\bsố\s*:?\s*(?P<rest>\S*\s*/\s*\S+|\S+)", p, re.I):
                number, _ = parse_number(m.group("rest").rstrip(")"))
                out["number"] = number
                if number is None:
                    out["number_written"] = f"số {m.group('rest')}"
            if info := parse_date(p):
                out["date"] = info
            return out
    return {}


def read_signer(tail: Tail, chrome: Chrome, header: Header) -> Found:
    """"TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / name": the last title signs; else
    the page's "Người ký" line, with the authority's title."""
    if tail.signer_name:
        titles = [t for t in (signer_title(x) for x in tail.signer_lines) if t]
        return Found(Signer(tail.signer_name, titles[-1] if titles else None))
    if chrome.meta.signer and len(chrome.meta.signer.split()) >= 2:
        title = chrome.meta.signer_title
        if title is None and header.authority:
            title = ag.split_job_title(ag.proper_case(header.authority))[0]
        return Found(Signer(chrome.meta.signer, title), "người ký lấy từ dòng “Người ký” của "
                     "trang web (văn bản chép không có khối chữ ký)")
    if tail.signer_lines:
        return Found(None, "có khối chữ ký nhưng không đọc được tên người ký")
    return Found(None, "không thấy khối chữ ký (người ký)")


def stand_in_title(title: Found, kind: str | None, number: object, agency: str | None
                    ) -> Found:
    """A title the draft can be validated with when the text has none ("Kế hoạch số 223/KH-UBND
    của Ủy ban nhân dân tỉnh Hà Tĩnh"), flagged for the editor to replace."""
    if title.value:
        return title
    words = [KINDS.get(kind or "", "Văn bản") if kind != "khac" else "Văn bản"]
    if number:
        words.append(f"số {number}")
    if agency:
        words.append(f"của {agency}")
    stand_in = " ".join(words)
    return Found(stand_in, "; ".join(filter(None, [title.flag, f"tạm ghi “{stand_in}” để bản nháp "
                                                   "hợp lệ: thay bằng trích yếu của văn bản"])))


def stand_in_year(year: Found, text: str) -> Found:
    """The latest year of any date the text writes, when it says nothing of its own year."""
    years = [int(y) for y in re.findall(r"(?:/|năm\s+)((?:19|20)\d{2})\b", text)]
    if not years:
        return year
    return Found(max(years), f"văn bản không ghi năm; tạm ghi {max(years)}, năm của ngày mới nhất "
                 "nêu trong văn bản: sửa lại")
