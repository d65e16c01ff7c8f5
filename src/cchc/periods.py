"""Periods, deadlines (`due`) and quotas (`quota`) as plans write them.

"Quý I/2024", "6 tháng/2024", "Thường xuyên", "trước ngày 10/12/2024", "12 tin/năm",
"mỗi quý 1 tin", "ít nhất 4 tin bài/tháng", "Số lượng: 12tin/năm" … are parsed into small
values that tracking can count against; what cannot be parsed is kept as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .text import fold, nfc
from .vocab import DEFAULT_FORMAT, FORMAT_BY_ID, FORMAT_OF_WORD

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}
NUMBER_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6,
                "bay": 7, "tam": 8, "chin": 9, "muoi": 10}


@dataclass(frozen=True)
class Period:
    """A reporting or planning period: an ISO week, a month, quarter, half, nine months or a
    year."""

    kind: str  # week | month | quarter | half | nine | year
    year: int
    index: int = 1  # ISO week 1–53, month 1–12 or quarter 1–4; 1 for the others

    @property
    def start(self) -> date:
        if self.kind == "week":
            return date.fromisocalendar(self.year, self.index, 1)
        if self.kind == "month":
            return date(self.year, self.index, 1)
        if self.kind == "quarter":
            return date(self.year, 3 * self.index - 2, 1)
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        if self.kind == "week":
            return date.fromisocalendar(self.year, self.index, 7)
        if self.kind == "month":
            nxt = date(self.year + (self.index == 12), self.index % 12 + 1, 1)
            return nxt - timedelta(days=1)
        if self.kind == "quarter":
            nxt = date(self.year + (self.index == 4), (3 * self.index) % 12 + 1, 1)
            return nxt - timedelta(days=1)
        if self.kind == "half":
            return date(self.year, 6, 30)
        if self.kind == "nine":
            return date(self.year, 9, 30)
        return date(self.year, 12, 31)

    @property
    def label(self) -> str:
        if self.kind == "week":
            return f"Tuần {self.index}/{self.year}"
        if self.kind == "month":
            return f"Tháng {self.index}/{self.year}"
        if self.kind == "quarter":
            return f"Quý {ROMAN_OUT[self.index]}/{self.year}"
        if self.kind == "half":
            return f"6 tháng/{self.year}"
        if self.kind == "nine":
            return f"9 tháng/{self.year}"
        return f"Năm {self.year}"

    @property
    def short(self) -> str:
        """The label without its year ("Quý II", "Tháng 3", "Tuần 12"), within a plan year."""
        return self.label.split("/")[0]

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def weeks_in(year: int) -> int:
    """ISO weeks of a year (52 or 53): 28 December is always in the last one."""
    return date(year, 12, 28).isocalendar()[1]


def _num(token: str) -> int | None:
    token = fold(token.strip())
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS.get(token)


_PERIOD_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^quy\s+(i{1,3}|iv|[1-4])\s*(?:/|nam)\s*(\d{4})$"), "quarter"),
    (re.compile(r"^6\s*thang(?:\s+dau)?\s*(?:/|nam)\s*(\d{4})$"), "half"),
    (re.compile(r"^9\s*thang\s*(?:/|nam)\s*(\d{4})$"), "nine"),
    (re.compile(r"^thang\s+(\d{1,2})\s*(?:/|nam)\s*(\d{4})$"), "month"),
    (re.compile(r"^nam\s+(\d{4})$"), "year"),
]


def parse_period(text: str) -> Period | None:
    """'Quý I/2024', 'Quý 4/2022', 'Quý I năm 2024', '6 tháng/2024', 'Tháng 3/2024', 'Năm 2024'."""
    t = " ".join(fold(nfc(str(text))).split())
    for pattern, kind in _PERIOD_PATTERNS:
        m = pattern.match(t)
        if not m:
            continue
        if kind == "quarter":
            q = m.group(1)
            index = ROMAN.get(q) or int(q)
            return Period("quarter", int(m.group(2)), index)
        if kind == "month":
            month = int(m.group(1))
            return Period("month", int(m.group(2)), month) if 1 <= month <= 12 else None
        return Period(kind, int(m.group(1)))
    return None


@dataclass(frozen=True)
class Due:
    """A task's deadline: regular (thường xuyên), a period, a date, or free text kept as is."""

    text: str
    kind: str  # regular | period | date | text
    period: Period | None = None
    day: date | None = None

    @property
    def deadline(self) -> date | None:
        """The last day on which the task is still on time, when there is one."""
        if self.day:
            return self.day
        if self.period:
            return self.period.end
        return None

    @property
    def label(self) -> str:
        if self.kind == "date" and self.day:
            return f"Trước ngày {self.day.strftime('%d/%m/%Y')}"
        if self.kind == "period" and self.period:
            return self.period.label
        return self.text


_DATE_IN_TEXT = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")


def parse_due(value: object) -> Due:
    """Never fails: what is not recognised is kept as text (e.g. 'Khi có KH của thị xã')."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return Due(value.isoformat(), "date", day=value)
    text = " ".join(nfc(str(value)).split())
    folded = fold(text)
    if folded.startswith("thuong xuyen") or folded in {"hang nam", "hang thang", "hang quy"}:
        return Due(text, "regular")
    if period := parse_period(text):
        return Due(text, "period", period=period)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):  # a quoted ISO date: "2024-12-10"
        try:
            return Due(text, "date", day=date.fromisoformat(text))
        except ValueError:
            return Due(text, "text")
    m = re.match(r"^(?:truoc|cham nhat|han)?\s*(?:ngay)?\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$",
                 folded)
    if m:
        try:
            return Due(text, "date", day=date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
        except ValueError:
            return Due(text, "text")
    return Due(text, "text")


@dataclass(frozen=True)
class Quota:
    """A number of published items of one format per year, quarter, month or week."""

    text: str
    count: int
    per: str  # year | quarter | month | week
    format: str = DEFAULT_FORMAT  # the product the unit names (vocab.FORMAT_LIST)

    @property
    def unit(self) -> str:
        return FORMAT_BY_ID[self.format].unit

    @property
    def label(self) -> str:
        per = {"year": "năm", "quarter": "quý", "month": "tháng", "week": "tuần"}[self.per]
        return f"{self.count} {self.unit}/{per}"


_N = r"(?P<n>\d+|[a-z]+)"
_UNIT = r"(?P<unit>[a-z][a-z ]*?)"
_PER = {"nam": "year", "quy": "quarter", "thang": "month", "tuan": "week"}
_QUOTA_PATTERNS = [
    # "12 tin/năm", "ít nhất 4 tin bài/tháng", "12tin/năm", "01 tin/năm", "4 tin mỗi quý",
    # "4 tiểu phẩm/năm"
    re.compile(rf"^(?:it nhat|toi thieu)?\s*{_N}\s*{_UNIT}\s*"
               r"(?:/|mot|moi|trong\s+\w+|tren)\s*(?P<per>nam|quy|thang|tuan)$"),
    # "mỗi quý 1 tin", "mỗi tháng ít nhất 1 tin bài", "mỗi tuần 1 chương trình phát thanh"
    re.compile(rf"^(?:moi|hang)\s+(?P<per>nam|quy|thang|tuan)\s+(?:it nhat|toi thieu)?\s*"
               rf"{_N}\s*{_UNIT}$"),
]

QUOTA_FORMS = ("N tin/năm", "N tin/quý", "N tin/tháng", "mỗi quý N tin", "mỗi tháng N tin",
               "ít nhất N tin bài/tháng", "N tiểu phẩm/năm", "N phóng sự/quý",
               "mỗi tuần N chương trình phát thanh")


def _quota_parts(value: object) -> tuple[str, int | None, str, str] | None:
    """(text, count, folded unit, per) of a quota-shaped text, whatever its unit."""
    text = " ".join(nfc(str(value)).split())
    folded = fold(text).strip(" .;()")
    folded = re.sub(r"^so luong\s*:?\s*", "", folded)
    folded = re.sub(r"\s*/\s*", "/", folded)
    for pattern in _QUOTA_PATTERNS:
        m = pattern.match(folded)
        if m:
            return text, _num(m.group("n")), m.group("unit").strip(), _PER[m.group("per")]
    return None


def format_of_unit(unit: str) -> str | None:
    """The news format a quota's unit names ("tieu pham" → tieu-pham), None if unknown."""
    return next((f for w, f in FORMAT_OF_WORD if unit == w), None)


def parse_quota(value: object) -> Quota | None:
    """A quota such as '12 tin/năm', 'Số lượng: 12tin/năm' or '4 tiểu phẩm/năm'; None when it
    is not one of the forms (or names an unknown product, see `unknown_product`)."""
    parts = _quota_parts(value)
    if parts is None:
        return None
    text, n, unit, per = parts
    fmt = format_of_unit(unit)
    if n is None or n <= 0 or fmt is None:
        return None
    return Quota(text, n, per, fmt)


def unknown_product(value: object) -> str | None:
    """The unit of a quota-shaped text whose product is not a known one ("3 pano/năm" →
    "pano"); None otherwise."""
    parts = _quota_parts(value)
    if parts is None or parts[1] is None or format_of_unit(parts[2]) is not None:
        return None
    # The unit as written (with its diacritics), found back in the text by its folded form.
    text = parts[0]
    words = text.split()
    for size in range(len(words), 0, -1):
        for i in range(len(words) - size + 1):
            chunk = " ".join(words[i:i + size]).strip(" .;()/")
            if fold(chunk) == parts[2]:
                return chunk
    return parts[2]
