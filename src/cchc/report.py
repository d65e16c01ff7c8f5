"""`cchc report`: the tracking table of a plan year, as Markdown or as CSV for spreadsheets.

What the office needs for scoring (chấm điểm CCHC) and for paying writers (quyết toán nhuận
bút): the quotas of the year with their progress per period, the deadlines, and the published
news per agency and author. `report_table` builds the tables once; `to_markdown` and `to_csv`
only lay them out, so both formats always hold the same cells.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from .catalog import Catalog
from .model import Agency, Document, NewsItem
from .periods import ROMAN_OUT
from .text import format_date, sort_key
from .tracking import GROUPS, NewsIndex, deadline_groups, local_day, quota_rows

NO_AUTHOR = "(không ghi tác giả)"

Cell = str | int | date  # dates are laid out per format: dd/mm/yyyy in Markdown, ISO in CSV


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    numeric: frozenset[int] = frozenset()  # column indices aligned right in Markdown


@dataclass
class ReportData:
    year: int
    today: date
    agency: Agency | None
    tables: list[Table]

    @property
    def title(self) -> str:
        return f"Báo cáo tiến độ chỉ tiêu tin bài cải cách hành chính năm {self.year}"


def _doc_label(doc: Document) -> str:
    """"Kế hoạch 107/KH-UBND"; a document without number is named by its title."""
    return doc.label if doc.number else f"{doc.kind_label}: {doc.title}"


def _quarter(day: date) -> int:
    return (day.month - 1) // 3 + 1


def _news_of_year(catalog: Catalog, year: int, agency: str | None) -> list[NewsItem]:
    if agency is not None:
        items = [n for n in catalog.by_agency[agency].news if local_day(n).year == year]
    else:
        items = [n for n in catalog.news if local_day(n).year == year]
    names = {a: sort_key(catalog.agencies[a].name) for a in {n.agency for n in items}}
    return sorted(items, key=lambda n: (names[n.agency], not n.author, sort_key(n.author),
                                        local_day(n), sort_key(n.title), n.id))


def report_table(catalog: Catalog, year: int, agency: str | None = None, *,
                 today: date | None = None, base_url: str = "") -> ReportData:
    """The report of plan `year` (of one lead agency when given), relative to `today`.

    `base_url` (the site's URL with a trailing slash) makes the news addresses absolute.
    """
    today = today or date.today()
    index = NewsIndex(catalog.news)
    rows = quota_rows(catalog, today, year=year, agency=agency, index=index)

    quotas = Table("Chỉ tiêu tin bài",
                   ["STT", "Cơ quan chủ trì", "Nhiệm vụ", "Văn bản giao", "Chỉ tiêu",
                    "Đã đăng", "Phải đạt", "Trạng thái"], numeric=frozenset({0, 5, 6}))
    periods = Table("Tiến độ theo kỳ",
                    ["STT", "Cơ quan chủ trì", "Kỳ", "Từ ngày", "Đến ngày", "Đã đăng",
                     "Phải đạt", "Trạng thái"], numeric=frozenset({0, 5, 6}))
    for n, row in enumerate(rows, 1):
        lead = row.lead.label
        quotas.rows.append([n, lead, row.task.task, _doc_label(row.document), row.quota.label,
                            row.total, row.target, row.status])
        for p in row.periods:
            periods.rows.append([n, lead, p.period.label, p.period.start, p.period.end,
                                 p.count, p.target, p.status])

    deadlines = Table("Thời hạn nhiệm vụ",
                      ["Nhóm", "Thời hạn", "Số ngày còn lại", "Nhiệm vụ", "Cơ quan chủ trì",
                       "Văn bản giao"], numeric=frozenset({2}))
    for group, items in deadline_groups(catalog, today, year=year, agency=agency).items():
        for d in items:
            deadlines.rows.append([GROUPS[group], d.deadline, d.days, d.task.task,
                                   catalog.agencies[d.task.lead].label, _doc_label(d.document)])

    news = _news_of_year(catalog, year, agency)
    quarters = [f"Quý {ROMAN_OUT[q]}" for q in range(1, 5)]
    authors = Table("Tin bài đã đăng theo cơ quan và tác giả",
                    ["Cơ quan", "Tác giả", *quarters, "Cả năm"],
                    numeric=frozenset(range(2, 7)))
    listing = Table("Danh sách tin bài đã đăng",
                    ["STT", "Cơ quan", "Tác giả", "Ngày đăng", "Kỳ", "Tiêu đề", "Địa chỉ"],
                    numeric=frozenset({0}))
    counts: dict[tuple[str, str], list[int]] = {}
    for n, item in enumerate(news, 1):
        day = local_day(item)
        author = item.author or NO_AUTHOR
        label = catalog.agencies[item.agency].label
        per_quarter = counts.setdefault((label, author), [0, 0, 0, 0])
        per_quarter[_quarter(day) - 1] += 1
        url = (base_url or "/") + item.url
        listing.rows.append([n, label, author, day,
                             f"Quý {ROMAN_OUT[_quarter(day)]}", item.title, url])
    for (label, author), per_quarter in counts.items():  # insertion order = sorted news order
        authors.rows.append([label, author, *per_quarter, sum(per_quarter)])

    return ReportData(year, today, catalog.agencies[agency] if agency else None,
                      [quotas, periods, deadlines, authors, listing])


def _md_cell(value: Cell) -> str:
    if isinstance(value, date):
        return format_date(value)
    return " ".join(str(value).split()).replace("|", "\\|")


def _csv_cell(value: Cell) -> str | int:
    """ISO dates (read as dates by every spreadsheet, whatever its locale); text that a
    spreadsheet would take for a formula is quoted with an apostrophe."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_markdown(data: ReportData) -> str:
    lines = [f"# {data.title}", "",
             f"- Tính đến ngày: {format_date(data.today)}",
             f"- Cơ quan: {data.agency.name if data.agency else 'Tất cả cơ quan'}", ""]
    for n, table in enumerate(data.tables, 1):
        lines += [f"## {n}. {table.title}", ""]
        if not table.rows:
            lines += ["Không có.", ""]
            continue
        lines.append("| " + " | ".join(table.headers) + " |")
        lines.append("|" + "|".join("---:" if i in table.numeric else "---"
                                    for i in range(len(table.headers))) + "|")
        for row in table.rows:
            lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
        lines.append("")
    return "\n".join(lines)


def to_csv(data: ReportData) -> bytes:
    """UTF-8 with a BOM and CRLF line ends, so spreadsheet software reads Vietnamese right.

    The tables follow one another, each as a title line, a header line and its rows, with an
    empty line in between; dates are written YYYY-MM-DD.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([data.title])
    writer.writerow(["Tính đến ngày", data.today.isoformat()])
    writer.writerow(["Cơ quan", data.agency.name if data.agency else "Tất cả cơ quan"])
    for n, table in enumerate(data.tables, 1):
        writer.writerow([])
        writer.writerow([f"{n}. {table.title}"])
        writer.writerow(table.headers)
        writer.writerows([_csv_cell(c) for c in row] for row in table.rows)
    return out.getvalue().encode("utf-8-sig")
