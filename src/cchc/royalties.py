"""Royalties (nhuận bút) of the published items of a period, under the portal's table.

Under Nghị định 18/2014/NĐ-CP a portal pays by coefficient: one unit is a share (10 %) of the
lương cơ sở in force on the publication day; each category (tin, bài, ảnh, video…) and grade has
its coefficient; co-authors share the item's amount; tax (thuế TNCN) is withheld when what one
person is paid at once reaches a threshold (2 million đồng). Each province issues its own table,
so the table is a YAML file the portal configures (plugin option `royalties`), checked with the
same diagnostics as any content file.

Amounts are whole đồng, rounded half up per author and item (a payroll does not pay fractions).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from . import schema, yamlpos
from .diagnostics import Report
from .load import RawRecord, read_text
from .model import NewsItem
from .validate.fields import Checker, as_number


@dataclass(frozen=True)
class BaseSalary:
    start: date
    amount: int
    source: str = ""


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    formats: tuple[str, ...]
    grades: dict[str, float]
    range: tuple[float, float] | None = None


@dataclass
class RoyaltyTable:
    path: Path
    unit: float  # % of the lương cơ sở one coefficient is worth
    base_salary: list[BaseSalary]  # by start, oldest first
    categories: list[Category]
    name: str = ""
    source: str = ""
    tax_threshold: int | None = None
    tax_rate: float = 0.0
    default_grade: str = ""
    by_format: dict[str, Category] = field(default_factory=dict)

    def salary_on(self, day: date) -> BaseSalary | None:
        """The lương cơ sở in force on `day` (None before the first one listed)."""
        found = None
        for entry in self.base_salary:
            if entry.start <= day:
                found = entry
        return found

    def category_of(self, item: NewsItem) -> Category | None:
        return self.by_format.get(item.format)


def money(value: Decimal | float) -> int:
    """Whole đồng, half up."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# -- reading the table ----------------------------------------------------------------------------

def _number(c: Checker, value: Any, path: tuple[Any, ...], what: str) -> float | None:
    number = as_number(value)
    if number is None:
        c.error(path, "invalid-type", f"{what} phải là một số, nhưng đang là `{value!r}`.",
                "Viết số với dấu chấm thập phân, ví dụ `1.5` (không viết `1,5`).")
    return number


DEFAULT_TABLE = "nhuan-but.yml"  # read when present, without any option


def read_table(settings_root: Path, relpath: str | None, report: Report) -> RoyaltyTable | None:
    """The table at `relpath` (relative to the portal's root), else `nhuan-but.yml` beside
    mkdocs.yml when there is one; None when there is none or when it has errors (reported).
    A configured file that is missing is an error."""
    path = settings_root / (relpath or DEFAULT_TABLE)
    if not relpath and not path.is_file():
        return None
    if not path.is_file():
        report.error(settings_root / "mkdocs.yml", (1, 1), "royalty-table-missing",
                     f"Không tìm thấy bảng nhuận bút `{relpath}` (tùy chọn `royalties`).",
                     "Tạo tệp đó (xem hướng dẫn biên tập, mục Nhuận bút) hoặc bỏ dòng "
                     "`royalties:` trong mkdocs.yml.")
        return None
    text = read_text(path, report)
    if text is None:
        return None
    data, positions, problems = yamlpos.parse(text)
    for p in problems:
        report.error(path, p.pos, p.code, p.message, p.hint)
    if problems:
        return None
    if not isinstance(data, dict):
        report.error(path, (1, 1), "yaml-syntax", "Bảng nhuận bút phải là các cặp `tên: giá trị`.",
                     "Xem ví dụ trong hướng dẫn biên tập, mục Nhuận bút.")
        return None
    c = Checker(report, RawRecord(path, data, positions))
    v = c.fields(data, schema.ROYALTY_FIELDS, what=" của bảng nhuận bút")
    unit = _number(c, v["unit"], ("unit",), "`unit`") if "unit" in v else None
    salaries = _salaries(c, v.get("base_salary"))
    threshold, rate = _tax(c, v.get("tax"))
    indexed = _categories(c, v.get("categories"))
    categories = [cat for _, cat in indexed]
    by_format: dict[str, Category] = {}
    for i, cat in indexed:
        for fmt in cat.formats:
            if fmt in by_format:
                c.error(("categories", i, "formats"), "invalid-value",
                        f"Hình thức `{fmt}` đã thuộc thể loại `{by_format[fmt].id}`.",
                        "Mỗi hình thức tin bài chỉ thuộc một thể loại.")
            by_format.setdefault(fmt, cat)
    default = v.get("default_grade", "")
    if default:
        for i, cat in enumerate(categories):
            if default not in cat.grades:
                c.error(("default_grade",), "unknown-grade",
                        f"Thể loại `{cat.id}` không có loại `{default}` (`default_grade`).",
                        f"Thêm `{default}` vào `grades` của thể loại thứ {i + 1} hoặc đổi "
                        "`default_grade`.")
    if not c.ok or unit is None or not salaries or not categories:
        return None
    return RoyaltyTable(path, unit, salaries, categories, v.get("name", ""), v.get("source", ""),
                        threshold, rate, default, by_format)


def _salaries(c: Checker, value: Any) -> list[BaseSalary]:
    if not isinstance(value, list) or not value:
        if value is not None:
            c.error(("base_salary",), "invalid-type", "`base_salary` phải là danh sách mức lương "
                    "cơ sở theo thời kỳ.", "Ví dụ: `- {from: 2024-07-01, amount: 2340000}`.")
        return []
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            c.error(("base_salary", i), "invalid-type", "Mỗi mức lương cơ sở có `from` và "
                    "`amount`.", "Ví dụ: `- {from: 2024-07-01, amount: 2340000}`.")
            continue
        v = c.fields(item, schema.BASE_SALARY_FIELDS, ("base_salary", i), " của lương cơ sở")
        if "from" in v and "amount" in v:
            out.append(BaseSalary(v["from"], v["amount"], v.get("source", "")))
    out.sort(key=lambda s: s.start)
    for a, b in itertools.pairwise(out):
        if a.start == b.start:
            c.error(("base_salary",), "invalid-value",
                    f"Hai mức lương cơ sở cùng áp dụng từ {a.start.strftime('%d/%m/%Y')}.",
                    "Mỗi ngày bắt đầu chỉ ghi một mức.")
    return out


def _tax(c: Checker, value: Any) -> tuple[int | None, float]:
    if value is None:
        return None, 0.0
    if not isinstance(value, dict):
        c.error(("tax",), "invalid-type", "`tax` phải có dạng `{threshold: 2000000, rate: 10}`.",
                "Ví dụ: `tax: {threshold: 2000000, rate: 10}`.")
        return None, 0.0
    v = c.fields(value, schema.TAX_FIELDS, ("tax",), " của thuế")
    rate = _number(c, v["rate"], ("tax", "rate"), "`rate`") if "rate" in v else None
    if rate is not None and not 0 <= rate <= 100:
        c.error(("tax", "rate"), "invalid-value", f"Thuế suất {rate:g}% ngoài khoảng 0–100.",
                "Ghi thuế suất tính bằng %, ví dụ `rate: 10`.")
    return v.get("threshold"), rate or 0.0


def _categories(c: Checker, value: Any) -> list[tuple[int, Category]]:
    """The valid categories, each with its place in the file (for messages)."""
    if not isinstance(value, list) or not value:
        if value is not None:
            c.error(("categories",), "invalid-type", "`categories` phải là danh sách thể loại.",
                    "Ví dụ: `- {id: tin, label: Tin, formats: [tin], grades: {A: 3, B: 2}}`.")
        return []
    out = []
    for i, item in enumerate(value):
        path = ("categories", i)
        if not isinstance(item, dict):
            c.error(path, "invalid-type", "Mỗi thể loại có `id`, `label`, `formats`, `grades`.",
                    "Ví dụ: `- {id: tin, label: Tin, formats: [tin], grades: {A: 3, B: 2}}`.")
            continue
        v = c.fields(item, schema.CATEGORY_FIELDS, path, " của thể loại")
        bounds = None
        if "range" in v:
            r = v["range"]
            low, high = (as_number(x) for x in r) if isinstance(r, list) and len(r) == 2 \
                else (None, None)
            if low is None or high is None or low > high:
                c.error((*path, "range"), "invalid-value", f"Khung hệ số `{r!r}` sai dạng.",
                        "Viết `[thấp nhất, cao nhất]`, ví dụ `range: [1, 10]`.")
            else:
                bounds = (low, high)
        grades: dict[str, float] = {}
        raw = v.get("grades")
        if raw is not None and not isinstance(raw, dict):
            c.error((*path, "grades"), "invalid-type", "`grades` phải có dạng `{A: 3, B: 2}`.",
                    "Mỗi loại một hệ số, ví dụ `grades: {A: 3, B: 2, C: 1}`.")
        for grade, coef in (raw or {}).items():
            number = _number(c, coef, (*path, "grades", grade), f"Hệ số loại `{grade}`")
            if number is None:
                continue
            if bounds and not bounds[0] <= number <= bounds[1]:
                c.error((*path, "grades", grade), "invalid-value",
                        f"Hệ số {number:g} của loại `{grade}` ngoài khung {bounds[0]:g}–"
                        f"{bounds[1]:g} của thể loại.",
                        "Sửa hệ số cho nằm trong khung `range`, hoặc sửa khung theo quy định.")
            grades[str(grade)] = number
        if "id" in v and "label" in v and grades:
            out.append((i, Category(v["id"], v["label"], tuple(v.get("formats", [])), grades,
                                    bounds)))
    return out


def check_grades(table: RoyaltyTable, news: list[NewsItem], report: Report) -> None:
    """A news item's `grade` must be one of its category's grades."""
    for item in news:
        if not item.grade or item.source is None:
            continue
        cat = table.category_of(item)
        if cat is None or item.grade in cat.grades:
            continue
        report.error(item.source.path, item.source.at("grade"), "unknown-grade",
                     f"Bảng nhuận bút không có loại `{item.grade}` cho thể loại {cat.label}.",
                     "Dùng một trong: " + ", ".join(f"`{g}`" for g in cat.grades)
                     + f" (xem {table.path.name}).")


# -- computing ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    """What one author is owed for one item."""

    item: NewsItem
    day: date
    category: Category
    grade: str
    coefficient: float
    salary: BaseSalary
    unit_value: Decimal  # đồng per coefficient on that day
    item_amount: int  # the whole item, before shares
    author: str
    share: float  # %
    amount: int


@dataclass(frozen=True)
class Unpaid:
    item: NewsItem
    day: date
    reason: str


@dataclass
class AuthorTotal:
    author: str
    items: int
    amount: int
    tax: int
    taxed: bool

    @property
    def net(self) -> int:
        return self.amount - self.tax


def compute(table: RoyaltyTable, items: list[NewsItem], day_of: Any) -> tuple[
        list[Line], list[Unpaid], list[AuthorTotal]]:
    """Lines per (item, author), the items nothing is paid for (and why), totals per author
    with the tax withheld when the author's total for the period (one payment) reaches the
    threshold."""
    lines: list[Line] = []
    unpaid: list[Unpaid] = []
    for item in items:
        day = day_of(item)
        cat = table.category_of(item)
        grade = item.grade or table.default_grade
        salary = table.salary_on(day)
        if cat is None:
            unpaid.append(Unpaid(item, day, f"hình thức `{item.format}` không có trong bảng"))
            continue
        if not grade or grade not in cat.grades:
            unpaid.append(Unpaid(item, day, "chưa xếp loại (`grade`)"))
            continue
        if salary is None:
            unpaid.append(Unpaid(item, day, "trước mức lương cơ sở đầu tiên của bảng"))
            continue
        if not item.credits:
            unpaid.append(Unpaid(item, day, "không ghi tác giả"))
            continue
        coef = cat.grades[grade]
        unit_value = Decimal(salary.amount) * Decimal(str(table.unit)) / 100
        whole = Decimal(str(coef)) * unit_value
        for author in item.credits:
            amount = money(whole * Decimal(str(author.share)) / 100)
            lines.append(Line(item, day, cat, grade, coef, salary, unit_value, money(whole),
                              author.name, author.share, amount))
    totals: dict[str, AuthorTotal] = {}
    for line in lines:
        t = totals.setdefault(line.author, AuthorTotal(line.author, 0, 0, 0, False))
        t.items += 1
        t.amount += line.amount
    for t in totals.values():
        t.taxed = table.tax_threshold is not None and t.amount >= table.tax_threshold
        t.tax = money(Decimal(t.amount) * Decimal(str(table.tax_rate)) / 100) if t.taxed else 0
    return lines, unpaid, list(totals.values())
