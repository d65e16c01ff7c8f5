"""One document's reading, step by step: chrome → header → issuer → kind, number, date,
title, year, period → references → signer → body and tasks → one frozen `Imported`.

Each step is a small function of what the earlier ones returned; each value it is not sure of
comes with a reason (a flag) rather than a silent guess.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ..periods import parse_period
from ..refs import NUMBER_RE, number_key
from ..registry import AgencyNames
from ..text import fold, normalise_name
from ..vocab import DOCUMENT_WORDS, INDEX_TAGS, KIND_OF_CODE, KINDS
from . import agencies as ag
from .body import is_article, read_body
from .casing import sentence_case
from .chrome import HEADLINE, Chrome, strip_chrome
from .header import (
    PREAMBLE_START,
    SECTION,
    DateInfo,
    Header,
    is_authority,
    is_damaged_number,
    parse_date,
    parse_number,
    read_header,
)
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
from .refs import Subject, closing_agency, dedupe, find_subject, make_ref, own_plans, ref_phrases
from .tail import PAGE_NOISE, Tail, items, signer_title, split_tail
from .textkit import SEPARATOR, clean_lines, is_upper, plain, starts_lower

_TOPIC_WORDS = {
    "the-che": ("cai cach the che", "xay dung va hoan thien the che"),
    "thu-tuc-hanh-chinh": ("thu tuc hanh chinh", "tthc", "mot cua"),
    "to-chuc-bo-may": ("to chuc bo may",),
    "che-do-cong-vu": ("che do cong vu", "cong vu, cong chuc"),
    "tai-chinh-cong": ("tai chinh cong",),
    "chinh-quyen-so": ("chinh quyen so", "chinh quyen dien tu", "chinh phu dien tu",
                       "chuyen doi so", "dich vu cong truc tuyen"),
}


@dataclass(frozen=True)
class Found:
    """A value and, when the importer is not sure of it, why."""

    value: object = None
    flag: str | None = None


def _flags(**found: Found) -> dict[str, str]:
    return {k: f.flag for k, f in found.items() if f.flag}


# --- paragraphs ----------------------------------------------------------------------------

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


# --- issuer ---------------------------------------------------------------------------------

def issuer_from_lines(lines: tuple[str, ...]) -> str | None:
    """Agency lines → the issuing agency's name. 'ỦY BAN NHÂN DÂN' + 'TỈNH QUẢNG NAM' join; with
    'UBND HUYỆN HƯƠNG KHÊ' + 'PHÒNG NỘI VỤ' the lower unit issues, in the upper one's place."""
    units: list[str] = []
    for line in lines:
        words = line.split()
        if units and normalise_name(line) in ("uy ban nhan dan", "hoi dong nhan dan") and \
                ag.level_at(units[-1].split(), 0):
            # "TỈNH QUẢNG TRỊ" over "ỦY BAN NHÂN DÂN": the body of that place.
            units[-1] = f"{line} {units[-1]}"
            continue
        if units and normalise_name(line) in ag.BARE_UNITS:
            # "UBND TỈNH QUẢNG NAM" over "VĂN PHÒNG": the Văn phòng of that UBND.
            units.append(f"{ag.proper_case(line)} {ag.proper_case(units[-1])}")
            continue
        # "TỈNH QUẢNG NAM" under "ỦY BAN NHÂN DÂN" completes it rather than naming a unit.
        if units and words and (ag.level_at(words, 0) or fold(units[-1]) in (
                "uy ban nhan dan", "hoi dong nhan dan", "ubnd") or not ag.is_agency_name(
                ag.proper_case(line))):
            units[-1] = f"{units[-1]} {line}"
        else:
            units.append(line)
    if not units:
        return None
    issuer = ag.proper_case(units[-1])
    if len(units) > 1 and ag.place_of(issuer) is None and (place := ag.place_of(units[-2])):
        issuer = f"{issuer} {place[0]} {place[1]}"
    return issuer


def _needs_place(name: str) -> bool:
    """'Ủy ban nhân dân', 'Ủy ban nhân dân tỉnh': a local body written without its place."""
    key = normalise_name(name)
    local = key.startswith(("uy ban nhan dan", "hoi dong nhan dan"))
    return local and ag.place_of(name) is None


def _level_for(place: str, text: str) -> str:
    """The level of a place the place-and-date line names: as the text writes it ("tỉnh Hà
    Tĩnh", "UBND tỉnh"), else tỉnh."""
    for level in ag.PLACE_WORDS:
        if re.search(rf"\b{level}\s+{re.escape(place)}\b", text, re.I):
            return level
    counts = Counter(m.group(1).lower() for m in re.finditer(
        r"\b(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(" + "|".join(ag.PLACE_WORDS) + r")\b",
        text, re.I))
    return counts.most_common(1)[0][0] if counts else "tỉnh"


def read_issuer_name(header: Header, chrome: Chrome, subject: Subject | None, body: str,
                     full_text: str) -> Found:
    """The issuing agency's name: the header, completed by the authority line or the
    place-and-date line; else the preamble's subject, a closing sentence, the page's
    metadata, the site's owner."""
    name = issuer_from_lines(header.issuer_lines)
    authority = ag.split_job_title(ag.proper_case(header.authority))[1] if header.authority \
        else None
    if authority and not ag.is_agency_name(authority):
        authority = None
    if name and _needs_place(name):
        if authority and ag.place_of(authority) and normalise_name(authority).startswith(
                normalise_name(name)):
            return Found(authority)
        if header.place:
            level = _level_for(header.place, full_text)
            base = name if ag.place_of(name) is None and not ag.level_spans(name.split()) \
                else " ".join(name.split()[:-1])
            return Found(f"{base} {level} {header.place}",
                         f"phần đầu chỉ ghi “{name}”; địa danh lấy từ dòng địa danh, ngày tháng "
                         f"(“{header.place}”)")
    if name:
        return Found(name)
    if authority:
        return Found(authority)
    if subject:
        return Found(subject.agency)
    if closing := closing_agency(body):
        return Found(closing)
    if chrome.meta.agency and ag.is_agency_name(chrome.meta.agency):
        return Found(chrome.meta.agency, "cơ quan ban hành lấy từ dòng “Cơ quan ban hành” của "
                     "trang web")
    if chrome.owner:
        return Found(chrome.owner, "cơ quan ban hành lấy từ tên trang web")
    return Found()


@dataclass(frozen=True)
class Issuer:
    id: str | None
    text: str | None
    flag: str | None
    place: tuple[str, str] | None


def resolve_issuer(found: Found, book: ag.AgencyBook, forced: str | None, names: AgencyNames,
                   full_text: str) -> Issuer:
    text = ag.complete_generic(ag.clean_name(str(found.value)), full_text) if found.value \
        else None
    if text:
        text = ag.split_job_title(text)[1]
    if forced:
        return Issuer(forced, text, None, ag.place_of(text or "") or
                      _place_from_registry(forced, names, full_text))
    if not text:
        return Issuer(None, None, "không nhận ra cơ quan ban hành: ghi mã cơ quan vào `agency` "
                      "hoặc dùng `cchc import --agency MÃ`", None)
    book.place = ag.place_of(text)
    hit, known = book.resolve_or_propose(text)
    flag = found.flag
    if hit and not known:
        flag = "; ".join(filter(None, [flag, f"cơ quan ban hành “{text}” chưa có trong "
                                       f"content/agencies.yml: đã đề xuất mã `{hit}` (mục đề xuất "
                                       "ở cuối phần đầu trang), hoặc dùng `cchc import --agency "
                                       "MÃ`"]))
    elif hit is None:
        flag = f"“{text}” không phải tên một cơ quan: ghi mã cơ quan ban hành vào `agency`"
    return Issuer(hit, text, flag, book.place)


def _place_from_registry(agency: str, names: AgencyNames, text: str) -> tuple[str, str] | None:
    """The place of a forced agency, from its registry names (folded), shown as the document
    writes it when it does."""
    levels = {fold(w): w for w in ag.PLACE_WORDS}
    for key in names.names():
        if names.resolve(key) != agency:
            continue
        found = list(re.finditer(r"\b(" + "|".join(levels) + r")\s+([a-z0-9 ]+)$", key))
        if found:
            m = found[-1]
            level, folded_place = levels[m.group(1)], m.group(2).strip()
            for hit in re.finditer(r"\b" + re.escape(level) + r"\s+((?:\S+\s?){1,4})", text):
                words = hit.group(1).split()
                for n in range(len(words), 0, -1):
                    if fold(" ".join(words[:n])).strip(",.;") == folded_place:
                        return level, " ".join(words[:n]).strip(",.;")
            return level, folded_place.title()
    return None


# --- kind, number, date, title, year, period -------------------------------------------------

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


def _appendix_meta(appendices: tuple[tuple[str, ...], ...]) -> dict[str, object]:
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


# --- signer ---------------------------------------------------------------------------------

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


# --- the whole document ----------------------------------------------------------------------

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


def _stand_in_title(title: Found, kind: str | None, number: object, agency: str | None
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


def _stand_in_year(year: Found, text: str) -> Found:
    """The latest year of any date the text writes, when it says nothing of its own year."""
    years = [int(y) for y in re.findall(r"(?:/|năm\s+)((?:19|20)\d{2})\b", text)]
    if not years:
        return year
    return Found(max(years), f"văn bản không ghi năm; tạm ghi {max(years)}, năm của ngày mới nhất "
                 "nêu trong văn bản: sửa lại")


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
                    _appendix_meta(tail.appendices))


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
    title = _stand_in_title(title, kind_value, number.value, issuer.text)
    if year.value is None:
        year = _stand_in_year(year, r.full_text)
    flags = _flags(number=number, kind=kind, title=title, issued=issued, year=year,
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
