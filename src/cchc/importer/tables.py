"""Tables of a document, and the phụ lục's task table (nhiệm vụ, cơ quan chủ trì, phối hợp,
thời gian, sản phẩm) read into `tasks`.

Tables come as rows of cells whatever the source: pipe or tab rows of copied text, a .docx
table, a PDF's ruled table. Copies spill cells over lines and rows over page breaks; the
rows are put back together before the columns are read by their header words.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from ..periods import parse_due, parse_period, parse_quota
from ..text import fold
from .agencies import SPLIT_AND, AgencyBook, clean_name, is_collective, split_cell
from .model import Task, frozen_map
from .textkit import TODO, cells, is_pipe_separator, is_upper, plain

_ROLES = [
    ("stt", re.compile(r"^(?:stt|tt|so tt|so thu tu)$")),
    ("due", re.compile(r"thoi gian|thoi han|tien do|hoan thanh")),
    ("support", re.compile(r"phoi hop")),
    ("lead", re.compile(r"chu tri|thuc hien|don vi|co quan|trach nhiem|phan cong")),
    ("product", re.compile(r"san pham|ket qua")),
    ("task", re.compile(r"nhiem vu|noi dung|cong viec|hoat dong")),
    ("note", re.compile(r"ghi chu")),
]


def roles(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        f = fold(plain(cell)).strip(" .:")
        for role, pattern in _ROLES:
            if role not in found and pattern.search(f):
                found[role] = i
                break
    return found


def is_task_header(row: list[str]) -> bool:
    found = roles(row)
    return "task" in found and ("stt" in found or "due" in found or "lead" in found)


def table_rows(lines: list[str]) -> list[list[str]]:
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
        row = cells(line)
        if row is not None and is_pipe_separator(row):
            continue
        cur = rows[-1] if rows else None
        if row is None:
            if cur is not None:
                col = len(cur) - 1 if len(cur) < width else min(1, len(cur) - 1)
                cur[col] = f"{cur[col]} {line.strip()}"
            else:
                rows.append([line.strip()])
            continue
        row = [c.strip() for c in row]
        if not rows:
            width = len(row)
            rows.append(row)
            continue
        assert cur is not None
        if len(cur) < width:
            cur[-1] = f"{cur[-1]} {row[0]}".strip()
            cur.extend(row[1:])
            continue
        if not row[0] and any(row[1:]) and not _is_new_unnumbered_row(cur, row):
            for i, c in enumerate(row):
                if c and i < len(cur):
                    cur[i] = f"{cur[i]} {c}".strip()
                elif c:
                    cur.append(c)
            continue
        rows.append(row)
    return rows


def _is_new_unnumbered_row(cur: list[str], row: list[str]) -> bool:
    """An unnumbered row that is a row of its own, not the rest of the row above: it has its
    own text in every column the row above filled."""
    filled_above = [i for i, c in enumerate(cur) if c and i > 0]
    return len(row) >= len(cur) and bool(filled_above) and all(
        i < len(row) and row[i] for i in filled_above)


_QUOTA_IN_TEXT = re.compile(
    r"\((?P<paren>[^()]*)\)|(?P<count>(?:số lượng\s*:?\s*)?(?:ít nhất|tối thiểu)?\s*\d+\s*"
    r"(?:tin bài|tin|bài viết|bài)\s*(?:/|mỗi|một|trên)\s*(?:năm|quý|tháng))|"
    r"(?P<every>(?:mỗi|hàng)\s+(?:năm|quý|tháng)\s+(?:ít nhất\s+)?\w+\s+(?:tin bài|tin|bài))",
    re.I)


def find_quota(text: str) -> tuple[str | None, str]:
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


def normalise_due(text: str, year: int | None) -> str | date | None:
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
                if period := parse_period(form.format(value, year)):
                    return period.label
    return text


_ROMAN_CELL = re.compile(r"^[IVX]{1,5}\.?$|^[A-Z]\.?$")


def _is_group_row(row: list[str], found: dict[str, int]) -> bool:
    stt = plain(row[found["stt"]]) if "stt" in found and found["stt"] < len(row) else ""
    filled = [i for i, c in enumerate(row) if plain(c) and i != found.get("stt")]
    if _ROMAN_CELL.match(stt):
        return len(filled) <= 1
    texts = [plain(c) for c in row if plain(c)]
    if len(texts) == 1 and (re.match(r"^[IVX]{1,5}\.\s*\S", texts[0])
                            or (is_upper(texts[0]) and not stt)):
        return True  # a group heading merged across the row ("I. CÔNG TÁC TUYÊN TRUYỀN")
    if not stt and len(filled) == 1:
        return is_upper(plain(row[filled[0]]))
    return False


@dataclass(frozen=True)
class TableContext:
    issuer: str | None  # the lead when a row names none
    year: int | None  # completes "Quý I" in the deadline column
    first: int  # the number of the table's first task in the document


@dataclass(frozen=True)
class TableReading:
    rows: tuple[tuple[str, ...], ...]
    groups: tuple[int, ...]
    tasks: tuple[Task, ...]
    notes: tuple[str, ...]


def _two_row_header(rows: list[list[str]]) -> list[list[str]]:
    """A header in two rows ("Cơ quan thực hiện" over "Chủ trì | Phối hợp", the other cells
    merged down or empty) as one."""
    if len(rows) < 2:
        return rows
    width = max(len(rows[0]), len(rows[1]))
    top, below = rows[0] + [""] * (width - len(rows[0])), rows[1] + [""] * (width - len(rows[1]))
    new = [b for a, b in zip(top, below, strict=True) if plain(b) and plain(b) != plain(a)]
    if not new or not all(roles([b]) for b in new):
        return rows
    merged = [a if plain(a) == plain(b) else f"{a} {b}".strip()
              for a, b in zip(top, below, strict=True)]
    return [merged, *rows[2:]]


def read_table(lines: list[str], book: AgencyBook, ctx: TableContext) -> TableReading:
    rows = _two_row_header(table_rows(lines))
    frozen_rows = tuple(tuple(r) for r in rows)
    if not rows or not is_task_header(rows[0]):
        return TableReading(frozen_rows, (), (), ())
    found = roles(rows[0])
    groups: list[int] = []
    tasks: list[Task] = []
    notes: list[str] = []
    group: str | None = None

    def cell(row: list[str], role: str, *, keep_markup: bool = False) -> str:
        i = found.get(role)
        if i is None or i >= len(row):
            return ""
        # Agency cells keep their HTML list markup: `<li>` separates names.
        return row[i].strip() if keep_markup else plain(row[i])

    for r, row in enumerate(rows[1:], start=1):
        if _is_group_row(row, found):
            groups.append(r)
            others = [plain(c) for i, c in enumerate(row) if plain(c) and i != found.get("stt")]
            group = others[0] if others else re.sub(r"^[IVX]{1,5}\.\s*", "", plain(row[0]))
            continue
        text = cell(row, "task")
        if not text:
            continue
        number = ctx.first + len(tasks)
        quota, text = find_quota(text)
        product = cell(row, "product")
        due_cell = cell(row, "due")
        if quota is None:
            for other in (product, due_cell):
                if other and (q := find_quota(other)[0]):
                    quota = q
                    break
        comments: dict[str, str] = {}
        lead, co_leads, note = _lead(cell(row, "lead", keep_markup=True) or group, book, ctx,
                                     number, comments, split="lead" in found)
        if note:
            notes.append(note)
        support, support_comment = _support(cell(row, "support", keep_markup=True), book)
        support = [s for s in co_leads + support if s != lead]
        if co_leads:
            comments["support"] = f"đồng chủ trì: {', '.join(co_leads)}"
        if support_comment:
            comments["support"] = "; ".join(filter(None, [comments.get("support"),
                                                         support_comment]))
        if not support and support_comment:
            comments["support_only"] = support_comment
        tasks.append(Task(
            task=re.sub(r"^[-–•]\s*", "", text).rstrip(" .;"), lead=lead,
            product=re.sub(r"^[-–•]\s*", "", product).rstrip(" ;") or None,
            support=tuple(dict.fromkeys(support)), due=normalise_due(due_cell, ctx.year),
            quota=quota, comments=frozen_map(comments),
            note=note if note and "nhiều cơ quan chủ trì" in note else None))
    return TableReading(frozen_rows, tuple(groups), tuple(tasks), tuple(notes))


def _lead(text: str | None, book: AgencyBook, ctx: TableContext, number: int,
          comments: dict[str, str], *, split: bool) -> tuple[str, list[str], str | None]:
    """The lead's id (resolved or proposed), any co-leads written in the same cell, a note."""
    if not text:
        if ctx.issuer:
            comments["lead"] = f"{TODO}: bảng không ghi cơ quan chủ trì, tạm lấy cơ quan ban hành"
            return ctx.issuer, [], (f"Nhiệm vụ {number}: không ghi cơ quan chủ trì, tạm lấy cơ "
                                    "quan ban hành.")
        comments["lead"] = f"{TODO}: không đọc được cơ quan chủ trì"
        return "chua-ro-co-quan", [], None
    names = resolve_names(text, book) if split else [(text, book.resolve(text))]
    ids: list[str] = []
    for name, hit in names:
        if hit is None:
            hit = book.propose(name)
            written = clean_name(name)
            what = "nhóm cơ quan" if is_collective(written) else "cơ quan"
            if hit is None:
                comments["lead"] = f"{TODO}: “{written}” không phải tên một cơ quan, ghi mã cơ quan"
                continue
            comments["lead"] = (f"{TODO}: {what} “{written}” chưa có trong danh mục, "
                                "mã đề xuất ở cuối phần đầu trang")
        ids.append(hit)
    ids = list(dict.fromkeys(ids)) or [ctx.issuer or "chua-ro-co-quan"]
    note = None
    if len(ids) > 1:
        note = (f"Nhiệm vụ {number} có nhiều cơ quan chủ trì ({plain(text)}): cơ quan đầu tiên "
                "làm chủ trì, các cơ quan còn lại ghi vào phối hợp.")
    return ids[0], ids[1:], note


def resolve_names(text: str, book: AgencyBook) -> list[tuple[str, str | None]]:
    """Split a cell into agency names and resolve each. 'Báo Quảng Trị và Đài PT-TH tỉnh' is
    split at 'và' only if both halves resolve ('Văn phòng HĐND và UBND' stays one)."""
    out: list[tuple[str, str | None]] = []
    for part in split_cell(text):
        hit = book.resolve(part, prefix=False)
        if hit is None and SPLIT_AND.search(part):
            halves = SPLIT_AND.split(part)
            hits = [book.resolve(h, prefix=False) for h in halves]
            if all(hits):
                out.extend(zip(halves, hits, strict=True))
                continue
        out.append((part, hit or book.resolve(part)))
    return out


def _support(text: str, book: AgencyBook) -> tuple[list[str], str]:
    """Support ids; groups ('UBND các huyện…') and unknown names are kept in a comment."""
    if not text:
        return [], ""
    ids: list[str] = []
    left: list[str] = []
    for name, hit in resolve_names(text, book):
        written = clean_name(name)
        if hit:
            ids.append(hit)
        elif is_collective(written) or (proposed := book.propose(name)) is None:
            left.append(written)
        else:
            ids.append(proposed)
    comment = f"phối hợp (nhóm cơ quan, chưa ghi mã): {'; '.join(left)}" if left else ""
    return ids, comment


def md_table(table: Collection[tuple[str, ...]], groups: Collection[int] = ()) -> str:
    """A Markdown table; group rows ("I. CÔNG TÁC CHỈ ĐẠO") in bold."""
    rows = list(table)
    width = max(len(r) for r in rows)
    lines = []
    for i, row in enumerate(rows):
        out = [_md_cell(c) for c in row] + [" "] * (width - len(row))
        if i in groups:
            out = [f"**{c}**" if c.strip() else c for c in out]
        lines.append("| " + " | ".join(out) + " |")
        if i == 0:
            lines.append("|" + "|".join(["---"] * width) + "|")
    return "\n".join(lines)


def _md_cell(text: str) -> str:
    return plain(text).replace("|", "\\|") or " "

