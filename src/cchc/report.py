"""`cchc report`: what the office needs from the portal, as Markdown, CSV or a spreadsheet.

Three kinds (SPEC §6):
- `tien-do`: the quotas of a plan year with their progress per period, the status of every task
  and the published news per agency and author;
- `cham-diem`: the propaganda criterion of the CCHC index per agency (targets met / targets set
  under the 90 % rule, forms used) with the evidence list (title, date, URL, task), ready to
  attach to a self-assessment;
- `nhuan-but`: what each author is owed for a period under the portal's royalty table.

Each kind builds its tables once (`ReportData`); `to_markdown`, `to_csv` and `to_xlsx` only lay
them out, so every format holds the same cells. Money is written 1.234.567 đ in Markdown and as
whole đồng (a number) in CSV and spreadsheets.

The CSV is meant to open in a spreadsheet set up for Vietnam by double-clicking it: UTF-8 with a
BOM (so Vietnamese letters are read right), `;` between fields (the list separator of the
Vietnamese regional settings, where `,` is the decimal separator), decimals written with a comma
(0,8), whole numbers without grouping, dates as YYYY-MM-DD, CRLF line ends.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from .catalog import Catalog, Evidence
from .model import Agency, Document, NewsItem
from .periods import ROMAN_OUT, Period
from .royalties import RoyaltyTable, compute
from .scoring import DEFAULT_RULES, ScoringRules, completion_score, forms_score
from .text import format_date, sort_key
from .tracking import (
    DONE,
    UNTRACKED,
    NewsIndex,
    TaskState,
    counted_days,
    local_day,
    quota_rows,
    task_state,
)
from .vocab import FORMATS, accepted_formats

NO_AUTHOR = "(không ghi tác giả)"
KINDS = ("tien-do", "cham-diem", "nhuan-but")
CSV_DELIMITER = ";"


class Money(int):
    """A sum in đồng: 1.234.567 đ in Markdown, a plain number elsewhere."""


Cell = str | int | float | date  # dates: dd/mm/yyyy in Markdown, ISO in CSV, dates in xlsx


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
    title_text: str = ""
    notes: list[str] = field(default_factory=list)  # lines under the title (rules applied…)

    @property
    def title(self) -> str:
        return self.title_text or (
            f"Báo cáo tiến độ chỉ tiêu tin bài cải cách hành chính năm {self.year}")


def _doc_label(doc: Document) -> str:
    """"Kế hoạch 107/KH-UBND"; a document without number is named by its title."""
    return doc.label if doc.number else f"{doc.kind_label}: {doc.title}"


def _quarter(day: date) -> int:
    return (day.month - 1) // 3 + 1


def _url(base_url: str, item: Evidence | Document) -> str:
    return (base_url or "/") + item.url


def _news_between(catalog: Catalog, start: date, end: date, agency: str | None) -> list[NewsItem]:
    items = catalog.by_agency[agency].news if agency is not None else catalog.news
    items = [n for n in items if start <= local_day(n) <= end]
    names = {a: sort_key(catalog.agencies[a].name) for a in {n.agency for n in items}}
    return sorted(items, key=lambda n: (names[n.agency], not n.author, sort_key(n.author),
                                        local_day(n), sort_key(n.title), n.id))


def _states(catalog: Catalog, year: int, agency: str | None, today: date,
            index: NewsIndex) -> list[TaskState]:
    rows = {(r.document.id, r.task.index): r
            for r in quota_rows(catalog, today, year=year, agency=agency, index=index)}
    out = []
    for doc, task in catalog.tasks:
        if doc.year != year or (agency is not None and task.lead != agency):
            continue
        out.append(task_state(catalog, doc, task, today, rows.get((doc.id, task.index))))
    return out


# -- tien-do ---------------------------------------------------------------------------------

def report_table(catalog: Catalog, year: int, agency: str | None = None, *,
                 today: date | None = None, base_url: str = "") -> ReportData:
    """The progress report of plan `year` (of one lead agency when given), on `today`.

    `base_url` (the site's URL with a trailing slash) makes the addresses absolute.
    """
    today = today or date.today()
    index = NewsIndex(catalog.news)
    rows = quota_rows(catalog, today, year=year, agency=agency, index=index)

    quotas = Table("Chỉ tiêu",
                   ["STT", "Cơ quan chủ trì", "Nhiệm vụ", "Văn bản giao", "Chỉ tiêu",
                    "Đã đăng", "Tính vào chỉ tiêu", "Phải đạt", "Trạng thái"],
                   numeric=frozenset({0, 5, 6, 7}))
    periods = Table("Tiến độ theo kỳ",
                    ["STT", "Cơ quan chủ trì", "Kỳ", "Từ ngày", "Đến ngày", "Đã đăng",
                     "Phải đạt", "Trạng thái"], numeric=frozenset({0, 5, 6}))
    for n, row in enumerate(rows, 1):
        lead = row.lead.label
        quotas.rows.append([n, lead, row.task.task, _doc_label(row.document), row.quota.label,
                            row.published, row.credited, row.target, row.status_text])
        for p in row.periods:
            periods.rows.append([n, lead, p.period.label, p.period.start, p.period.end,
                                 p.count, p.target, p.status])

    tasks = Table("Tình trạng nhiệm vụ",
                  ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Văn bản giao", "Thời hạn",
                   "Tình trạng", "Ngày hoàn thành", "Tài liệu kiểm chứng"],
                  numeric=frozenset({0}))
    for n, st in enumerate(_states(catalog, year, agency, today, index), 1):
        proof = _url(base_url, st.proof) if st.proof else st.task.result
        tasks.rows.append([n, st.task.task, st.lead.label, _doc_label(st.document),
                           st.deadline if st.concrete else st.deadline_label, st.status_text,
                           st.done_on or "", proof or ""])

    news = [n for n in _news_between(catalog, date(year, 1, 1), date(year, 12, 31), agency)
            if local_day(n) <= today]
    quarters = [f"Quý {ROMAN_OUT[q]}" for q in range(1, 5)]
    authors = Table("Tin bài đã đăng theo cơ quan và tác giả",
                    ["Cơ quan", "Tác giả", *quarters, "Cả năm"],
                    numeric=frozenset(range(2, 7)))
    listing = Table("Danh sách tin bài đã đăng",
                    ["STT", "Cơ quan", "Tác giả", "Ngày đăng", "Kỳ", "Hình thức", "Tiêu đề",
                     "Địa chỉ"], numeric=frozenset({0}))
    counts: dict[tuple[str, str], list[int]] = {}
    for n, item in enumerate(news, 1):
        day = local_day(item)
        author = ", ".join(a.name for a in item.credits) or NO_AUTHOR
        label = catalog.agencies[item.agency].label
        per_quarter = counts.setdefault((label, author), [0, 0, 0, 0])
        per_quarter[_quarter(day) - 1] += 1
        listing.rows.append([n, label, author, day, f"Quý {ROMAN_OUT[_quarter(day)]}",
                             item.format_label, item.title, _url(base_url, item)])
    for (label, author), per_quarter in counts.items():  # insertion order = sorted news order
        authors.rows.append([label, author, *per_quarter, sum(per_quarter)])

    return ReportData(year, today, catalog.agencies[agency] if agency else None,
                      [quotas, periods, tasks, authors, listing])


# -- cham-diem -------------------------------------------------------------------------------

@dataclass
class AgencyScore:
    """The propaganda criterion of one agency in one plan year."""

    agency: Agency
    states: list[TaskState]
    forms: dict[str, list[Evidence]]  # form id → items of that form
    met: int
    total: int
    completion: float
    variety: float

    @property
    def percent(self) -> float:
        return round(100 * self.met / self.total, 2) if self.total else 0.0

    @property
    def score(self) -> float:
        return round(self.completion + self.variety, 2)


def _format_of(item: Evidence) -> str:
    return item.format if isinstance(item, NewsItem) else "khac"


def score_agency(catalog: Catalog, agency: Agency, year: int, states: list[TaskState],
                 index: NewsIndex, today: date, rules: ScoringRules = DEFAULT_RULES
                 ) -> tuple[AgencyScore, list[tuple[Evidence, list[str]]]]:
    """The agency's score and its evidence: each item with the tasks it counts for."""
    tracked = [s for s in states if s.status != UNTRACKED]
    met = sum(1 for s in tracked if s.status == DONE)
    start, end = date(year, 1, 1), min(date(year, 12, 31), today)
    tasks_of: dict[str, list[str]] = defaultdict(list)  # item key → task names
    items: dict[str, Evidence] = {}

    def add(item: Evidence, task: str | None) -> None:
        key = ("d:" if isinstance(item, Document) else "n:") + item.id
        items.setdefault(key, item)
        if task and task not in tasks_of[key]:
            tasks_of[key].append(task)

    for st in tracked:
        for e in st.evidence:
            add(e, st.task.task)
        if st.task.quota is not None:
            formats = accepted_formats(st.task.quota.format)
            days = set(counted_days(catalog, st.document, st.task, index, today))
            for n in catalog.by_agency[agency.id].news:
                if n.format in formats and local_day(n) in days and start <= local_day(n) <= end:
                    add(n, st.task.task)
    for n in catalog.by_agency[agency.id].news:
        if start <= local_day(n) <= end:
            add(n, None)
    forms: dict[str, list[Evidence]] = defaultdict(list)
    for item in items.values():
        rule = rules.form_of(_format_of(item))
        if rule is not None:
            forms[rule.id].append(item)
    score = AgencyScore(agency, tracked, dict(forms), met, len(tracked),
                        completion_score(met, len(tracked), rules), forms_score(set(forms), rules))
    evidence = sorted(((item, tasks_of[k]) for k, item in items.items()),
                      key=lambda p: (p[0].evidence_day or date(year, 12, 31), p[0].id))
    return score, evidence


def scoring_report(catalog: Catalog, year: int, agency: str | None = None, *,
                   today: date | None = None, base_url: str = "",
                   rules: ScoringRules = DEFAULT_RULES) -> ReportData:
    """The criterion per agency leading tasks of plan `year` (or `agency` alone)."""
    today = today or date.today()
    index = NewsIndex(catalog.news)
    states = _states(catalog, year, agency, today, index)
    by_lead: dict[str, list[TaskState]] = defaultdict(list)
    for st in states:
        by_lead[st.lead.id].append(st)
    leads = [catalog.agencies[agency]] if agency else [a for a in catalog.agencies.values()
                                                       if a.id in by_lead]
    summary = Table("Tổng hợp điểm",
                    ["STT", "Cơ quan", "Nhiệm vụ được giao", "Đã hoàn thành", "Tỷ lệ (%)",
                     f"Điểm hoàn thành kế hoạch (tối đa {_num(rules.completion_points)})",
                     "Hình thức đã sử dụng",
                     f"Điểm đa dạng hình thức (tối đa {_num(rules.forms_points)})", "Tổng điểm"],
                    numeric=frozenset({0, 2, 3, 4, 5, 7, 8}))
    detail = Table("Chi tiết nhiệm vụ",
                   ["STT", "Cơ quan", "Nhiệm vụ", "Văn bản giao", "Thời hạn", "Tình trạng",
                    "Ngày hoàn thành", "Tài liệu kiểm chứng"], numeric=frozenset({0}))
    forms = Table("Hình thức tuyên truyền",
                  ["Cơ quan", "Hình thức", "Điểm tối đa", "Số tin bài, văn bản", "Điểm"],
                  numeric=frozenset({2, 3, 4}))
    evidence = Table("Tài liệu kiểm chứng",
                     ["STT", "Cơ quan", "Tiêu đề", "Ngày", "Hình thức", "Địa chỉ", "Nhiệm vụ"],
                     numeric=frozenset({0}))
    n_detail = n_evidence = 0
    for n, lead in enumerate(leads, 1):
        score, items = score_agency(catalog, lead, year, by_lead.get(lead.id, []), index, today,
                                    rules)
        used = [f.label for f in rules.forms if f.id in score.forms]
        summary.rows.append([n, lead.label, score.total, score.met, score.percent,
                             score.completion, "; ".join(used) or "—", score.variety,
                             score.score])
        for st in score.states:
            n_detail += 1
            proof = _url(base_url, st.proof) if st.proof else st.task.result
            detail.rows.append([n_detail, lead.label, st.task.task, _doc_label(st.document),
                                st.deadline if st.concrete else st.deadline_label,
                                st.status_text, st.done_on or "", proof or ""])
        for f in rules.forms:
            got = score.forms.get(f.id, [])
            forms.rows.append([lead.label, f.label, f.points, len(got), f.points if got else 0.0])
        for item, tasks in items:
            n_evidence += 1
            day = item.evidence_day or ""
            evidence.rows.append([n_evidence, lead.label, item.title, day,
                                  FORMATS[_format_of(item)] if isinstance(item, NewsItem)
                                  else item.kind_label, _url(base_url, item),
                                  "; ".join(tasks) or "—"])
        for st in score.states:  # completion written in the plan, without an item
            if st.status == DONE and not st.evidence and st.task.done:
                n_evidence += 1
                evidence.rows.append([n_evidence, lead.label, st.task.result or st.task.task,
                                      st.task.done, "Ghi trong kế hoạch",
                                      _url(base_url, st.document), st.task.task])
    notes = [f"Hoàn thành kế hoạch: đạt {_num(rules.full)}% chỉ tiêu trở lên được "
             f"{_num(rules.completion_points)} điểm; từ {_num(rules.threshold)}% đến dưới "
             f"{_num(rules.full)}% tính theo tỷ lệ; dưới {_num(rules.threshold)}% không có điểm.",
             "Đa dạng hình thức: " + "; ".join(f"{f.label} {_num(f.points)} điểm"
                                                for f in rules.forms) + "."]
    return ReportData(year, today, catalog.agencies[agency] if agency else None,
                      [summary, detail, forms, evidence],
                      f"Chấm điểm tiêu chí tuyên truyền cải cách hành chính năm {year}", notes)


# -- nhuan-but -------------------------------------------------------------------------------

def royalty_report(catalog: Catalog, table: RoyaltyTable, period: Period,
                   agency: str | None = None, *, today: date | None = None,
                   base_url: str = "") -> ReportData:
    """What each author is owed for the items published in `period` (up to today)."""
    today = today or date.today()
    news = [n for n in _news_between(catalog, period.start, period.end, agency)
            if local_day(n) <= today]
    news.sort(key=lambda n: (local_day(n), n.id))
    lines, unpaid, totals = compute(table, news, local_day)
    items = Table("Bảng kê nhuận bút",
                  ["STT", "Ngày đăng", "Tiêu đề", "Cơ quan", "Thể loại", "Loại", "Hệ số",
                   "Lương cơ sở", "Giá trị một hệ số", "Nhuận bút tin bài", "Tác giả",
                   "Tỷ lệ (%)", "Số tiền", "Địa chỉ"],
                  numeric=frozenset({0, 6, 7, 8, 9, 11, 12}))
    for n, line in enumerate(lines, 1):
        items.rows.append([n, line.day, line.item.title, catalog.agencies[line.item.agency].label,
                           line.category.label, line.grade, line.coefficient,
                           Money(line.salary.amount), Money(int(line.unit_value)),
                           Money(line.item_amount), line.author, round(line.share, 2),
                           Money(line.amount), _url(base_url, line.item)])
    authors = Table("Tổng hợp theo tác giả",
                    ["Tác giả", "Số tin bài", "Nhuận bút", "Khấu trừ thuế TNCN", "Thực nhận",
                     "Thuộc diện khấu trừ thuế"], numeric=frozenset({1, 2, 3, 4}))
    for t in sorted(totals, key=lambda t: sort_key(t.author)):
        authors.rows.append([t.author, t.items, Money(t.amount), Money(t.tax), Money(t.net),
                             "có" if t.taxed else "không"])
    if totals:
        authors.rows.append(["Tổng cộng", sum(t.items for t in totals),
                             Money(sum(t.amount for t in totals)),
                             Money(sum(t.tax for t in totals)),
                             Money(sum(t.net for t in totals)), ""])
    skipped = Table("Tin bài chưa tính nhuận bút", ["STT", "Ngày đăng", "Tiêu đề", "Lý do",
                                                    "Địa chỉ"], numeric=frozenset({0}))
    for n, u in enumerate(unpaid, 1):
        skipped.rows.append([n, u.day, u.item.title, u.reason, _url(base_url, u.item)])
    notes = [f"Kỳ: {period.label} ({format_date(period.start)}–{format_date(period.end)}).",
             f"Bảng nhuận bút: {table.name or table.path.name}"
             + (f" ({table.source})" if table.source else "") + ".",
             f"Một hệ số bằng {_num(table.unit)}% mức lương cơ sở áp dụng tại ngày đăng: "
             + "; ".join(f"{_money(s.amount)} từ {format_date(s.start)}"
                         + (f" ({s.source})" if s.source else "") for s in table.base_salary)
             + "."]
    if table.tax_threshold is not None:
        notes.append(f"Khấu trừ thuế thu nhập cá nhân {_num(table.tax_rate)}% khi tổng nhuận bút "
                     f"của một người trong kỳ (một lần chi trả) từ {_money(table.tax_threshold)}"
                     " trở lên.")
    return ReportData(period.year, today, catalog.agencies[agency] if agency else None,
                      [items, authors, skipped],
                      f"Bảng thanh toán nhuận bút tin bài cải cách hành chính — {period.label}",
                      notes)


# -- layouts ---------------------------------------------------------------------------------

def _num(value: float) -> str:
    """0.8 → "0,8"; 1.0 → "1": Vietnamese decimals."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _money(value: int) -> str:
    """1234567 → "1.234.567 đ"."""
    return f"{value:,}".replace(",", ".") + " đ"


def _md_cell(value: Cell) -> str:
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Money):
        return _money(value)
    if isinstance(value, float):
        return _num(value)
    return " ".join(str(value).split()).replace("|", "\\|")


def _csv_cell(value: Cell) -> str | int:
    """ISO dates (read as dates by every spreadsheet, whatever its locale), decimals with a
    comma; text that a spreadsheet would take for a formula is quoted with an apostrophe."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return _num(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return int(value) if isinstance(value, int) else value


def _header(data: ReportData) -> list[tuple[str, str]]:
    return [("Tính đến ngày", format_date(data.today)),
            ("Cơ quan", data.agency.name if data.agency else "Tất cả cơ quan")]


def to_markdown(data: ReportData) -> str:
    lines = [f"# {data.title}", "", *(f"- {k}: {v}" for k, v in _header(data)),
             *(f"- {note}" for note in data.notes), ""]
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
    """UTF-8 with a BOM, `;` between fields, CRLF line ends (see the module's docstring).

    The tables follow one another, each as a title line, a header line and its rows, with an
    empty line in between.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([data.title])
    writer.writerow(["Tính đến ngày", data.today.isoformat()])
    writer.writerow(["Cơ quan", data.agency.name if data.agency else "Tất cả cơ quan"])
    for note in data.notes:
        writer.writerow([note])
    for n, table in enumerate(data.tables, 1):
        writer.writerow([])
        writer.writerow([f"{n}. {table.title}"])
        writer.writerow(table.headers)
        writer.writerows([_csv_cell(c) for c in row] for row in table.rows)
    return out.getvalue().encode("utf-8-sig")


def _sheet_name(n: int, title: str) -> str:
    """Excel's limits: 31 characters, none of []:*?/\\."""
    clean = "".join(ch for ch in title if ch not in "[]:*?/\\")
    return f"{n}. {clean}"[:31]


def to_xlsx(data: ReportData) -> bytes:
    """One sheet per table, typed cells (numbers, dates, đồng with grouping), headers bold
    and frozen; byte-identical for the same report (the creation time is `today`)."""
    import xlsxwriter  # type: ignore[import-untyped]

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    book.set_properties({"title": data.title, "created": datetime(data.today.year,
                                                                  data.today.month,
                                                                  data.today.day)})
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    dong = book.add_format({"num_format": "#,##0"})
    decimal = book.add_format({"num_format": "0.##"})
    for n, table in enumerate(data.tables, 1):
        sheet = book.add_worksheet(_sheet_name(n, table.title))
        sheet.write_string(0, 0, f"{data.title} — {table.title}", bold)
        for i, (key, text) in enumerate(_header(data), 1):
            sheet.write_string(i, 0, key)
            sheet.write_string(i, 1, text)
        top = len(_header(data)) + 2
        for i, note in enumerate(data.notes):
            sheet.write_string(top + i, 0, note)
        top += len(data.notes) + (1 if data.notes else 0)
        for col, name in enumerate(table.headers):
            sheet.write_string(top, col, name, head)
            sheet.set_column(col, col, max(10, min(40, len(name) + 2)))
        for r, row in enumerate(table.rows, top + 1):
            for col, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(r, col, datetime(value.year, value.month, value.day),
                                         day)
                elif isinstance(value, Money):
                    sheet.write_number(r, col, int(value), dong)
                elif isinstance(value, float):
                    sheet.write_number(r, col, value, decimal)
                elif isinstance(value, int):
                    sheet.write_number(r, col, value)
                else:
                    sheet.write_string(r, col, str(value))
        sheet.freeze_panes(top + 1, 0)
    book.close()
    return out.getvalue()
