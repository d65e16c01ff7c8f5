"""A web page's chrome around a document: removed, but what it says is kept as evidence.

State portals and legal-document aggregators wrap a document in menus, view counters, a
headline ("Quyết định 95/QĐ-UBND năm 2022 phê duyệt …"), a metadata block (Số hiệu, Loại văn
bản, Nơi ban hành, Người ký, Ngày ban hành…), "related documents" lists and status lines
("đã được thay thế bởi …"). None of it is the document; the headline and the metadata are
used as evidence where the document itself is silent or damaged, and flagged as such.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date

from ..text import fold
from ..vocab import DOCUMENT_TYPE_NAMES
from .header import parse_number
from .textkit import cells, plain

_PUBLISHED = re.compile(r"^(?:đăng ngày|ngày đăng|ngày cập nhật|cập nhật|thời gian đăng|"
                        r"ngày xuất bản|đăng lúc)\s*:?\s*(?P<rest>.*)$", re.I)
_LOOSE_DATE = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})")
# "10.03.2025 15:02 11 đã xem", "08:09, 22/09/2021", "Thứ Hai, 22/09/2021 - 08:09".
_STAMP = re.compile(
    r"^(?:(?:thứ\s+\w+|chủ nhật)\s*,?\s*)?(?:\d{1,2}:\d{2}(?::\d{2})?\s*,?\s*)?"
    r"\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}\s*(?:[-|,]?\s*\d{1,2}:\d{2}(?::\d{2})?)?"
    r"\s*(?:(?:GMT|SA|CH|AM|PM)\S*)?\s*(?:\d+\s*(?:đã xem|lượt xem|lượt đọc))?\s*$", re.I)
_ATTACHMENT_LINE = re.compile(
    r"^(?:tải (?:kế hoạch|văn bản|báo cáo|về|tệp)[^:]*|tệp đính kèm|file đính kèm|"
    r"tài liệu đính kèm|văn bản đính kèm|đính kèm|tải về)\s*:?\s*(?P<rest>.*)$", re.I)
_FILE_NAME = re.compile(r"[\w().\- ]*?[\w)]\.(?:pdf|docx?|xlsx?|odt|rar|zip)\b", re.I)
_DROP = re.compile(
    r"^(?:\d{1,3}\s*%|chào mừng (?:quý )?bạn đọc.*|trang chủ\s*[»>/›].*|.*\s[»›]\s.*|"
    r"lượt xem\s*:?.*|số lượt xem.*|\d+\s*(?:lượt xem|đã xem|lượt đọc)|in bài viết|bản in|"
    r"in trang|gửi email|gửi bài viết|chia sẻ.*|cỡ chữ.*|(?:a\s*){2,3}|quay lại|lên đầu trang|"
    r"về đầu trang|facebook|zalo|twitter|tweet|bình luận.*|đánh giá bài viết.*|xem thêm|"
    r"tags?\s*:.*|từ khóa\s*:.*|nguồn\s*:.*|nội dung toàn văn .*|tải văn bản.*|"
    r"văn bản gốc.*|lược đồ|tình trạng hiệu lực.*|"
    r".*(?:đã được thay thế bởi|bị thay thế bởi|đã bị bãi bỏ|được sửa đổi,? bổ sung bởi|"
    r"hết hiệu lực).*)$", re.I)
_TAIL = re.compile(r"^(?:tin mới nhất|tin mới|tin liên quan|các tin khác|tin khác|"
                   r"bài viết liên quan|tin cùng chuyên mục|các bài viết khác|"
                   r"văn bản liên quan|tin đã đưa|văn bản cùng lĩnh vực)\s*:?$", re.I)
_SITE_OWNER = re.compile(r"^chào mừng (?:quý )?bạn đọc đến với (?:trang|cổng) thông tin "
                         r"điện tử (?P<owner>.+?)\.?$", re.I)
# An aggregator's list of related documents: "- 5Quyết định 468/QĐ-TTg năm 2021 …".
_RELATED_ITEM = re.compile(r"^[-•]\s*\d{1,3}(?=[A-ZĐÀ-Ỹ])")
_DOC_NAME = "(?:" + "|".join(re.escape(w) for w in DOCUMENT_TYPE_NAMES) + ")"
# "Quyết định 95/QĐ-UBND năm 2022 phê duyệt …": an aggregator's headline of the document.
HEADLINE = re.compile(r"^(?P<kind>" + _DOC_NAME + r")\s+(?:số\s*)?(?P<number>\d[\w/.\-Đđ&]*/"
                      r"[\w.\-Đđ&]+)(?:\s+(?:năm\s+)?(?P<year>\d{4}))?(?:\s+(?P<rest>\S.*))?$",
                      re.I)

# Aggregator metadata keys, folded → field.
_META_KEYS = {
    "so hieu": "number", "so ky hieu": "number", "ky hieu": "number",
    "loai van ban": "kind", "noi ban hanh": "agency", "co quan ban hanh": "agency",
    "nguoi ky": "signer", "ngay ban hanh": "issued", "ngay ky": "issued",
    "ngay co hieu luc": "effective", "ngay hieu luc": "effective", "linh vuc": "other",
    "tinh trang": "other", "tinh trang hieu luc": "other", "ngay cong bao": "other",
    "so cong bao": "other", "ngay het hieu luc": "other", "chuc danh": "signer_title",
    "chuc vu": "signer_title", "trich yeu": "title",
}
_META = re.compile(r"^(?P<key>" + "|".join(sorted(_META_KEYS, key=len, reverse=True)) +
                   r")\s*(?::|\||\t|\s)\s*(?P<value>.*)$")


@dataclass(frozen=True)
class PageMeta:
    """What an aggregator's metadata block says of the document."""

    number: str | None = None
    kind: str | None = None
    agency: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    issued: date | None = None
    title: str | None = None


@dataclass(frozen=True)
class Chrome:
    lines: tuple[str, ...]
    published: date | None = None  # the page's date: not the document's
    attachments: tuple[str, ...] = ()
    owner: str | None = None
    headlines: tuple[str, ...] = ()
    meta: PageMeta = PageMeta()
    dropped: tuple[str, ...] = ()


def loose_date(text: str) -> date | None:
    if d := _LOOSE_DATE.search(text):
        with contextlib.suppress(ValueError):
            return date(int(d.group(3)), int(d.group(2)), int(d.group(1)))
    return None


def _meta_pairs(line: str) -> list[tuple[str, str]]:
    """[('number', '95/QĐ-UBND')] from 'Số hiệu | 95/QĐ-UBND |' or 'Số hiệu 95/QĐ-UBND'; a row
    of two pairs ('Số hiệu: | 1/QĐ | Loại văn bản: | Quyết định |') gives both."""
    row = [c.strip() for c in cells(line) or [] if c.strip()]
    if len(row) >= 4 and len(row) % 2 == 0:
        pairs = [_meta_pairs(f"{row[i]} | {row[i + 1]}") for i in range(0, len(row), 2)]
        return [p for found in pairs for p in found] if all(pairs) else []
    text = " | ".join(row) if row else line.strip()
    m = _META.match(fold(text))
    if not m:
        return []
    value = plain(text[len(m.group("key")):]).strip(" :|")
    return [(_META_KEYS[m.group("key")], value)] if value else []


def _read_meta(found: dict[str, str]) -> PageMeta:
    issued = loose_date(found.get("issued", ""))
    number = parse_number(found["number"])[0] if "number" in found else None
    return PageMeta(number=number, kind=found.get("kind"), agency=found.get("agency"),
                    signer=found.get("signer"), signer_title=found.get("signer_title"),
                    issued=issued, title=found.get("title"))


def strip_chrome(lines: list[str]) -> Chrome:
    """Drop a web page's menus and widgets; keep its dates, headline, metadata, attachments."""
    kept: list[str] = []
    published: date | None = None
    attachments: list[str] = []
    headlines: list[str] = []
    dropped: list[str] = []
    meta: dict[str, str] = {}
    owner = None
    seen_text = False
    for line in lines:
        p = plain(line)
        if not p:
            kept.append(line)
            continue
        if seen_text and _TAIL.match(p):
            dropped.append(p)
            break  # "Tin mới nhất" and the list of other articles below it
        if (m := _PUBLISHED.match(p)) and (d := loose_date(m.group("rest"))):
            published = published or d
            continue
        if cells(line) is None and _STAMP.match(p) and (d := loose_date(p)):
            published = published or d
            dropped.append(p)
            continue
        if m := _ATTACHMENT_LINE.match(p):
            names = _FILE_NAME.findall(m.group("rest"))
            if names or not m.group("rest"):
                attachments.extend(n.strip() for n in names)
                continue
        if m := _SITE_OWNER.match(p):
            owner = m.group("owner")
            dropped.append(p)
            continue
        if not seen_text and (found := _meta_pairs(line)) and len(p) < 300:
            for key, value in found:
                meta.setdefault(key, value)
            dropped.append(p)
            continue
        if (not seen_text and _RELATED_ITEM.match(p)) or (_DROP.match(p) and "\t" not in line):
            dropped.append(p)
            continue
        if not seen_text and HEADLINE.match(p) and len(p) < 400:
            headlines.append(p)
            dropped.append(p)
            continue
        seen_text = True
        kept.append(line)
    return Chrome(tuple(kept), published, tuple(dict.fromkeys(attachments)), owner,
                  tuple(headlines), _read_meta(meta), tuple(dropped))
