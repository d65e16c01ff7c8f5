"""Documents (văn bản, plans/**/*.md): fields, signer, references, tasks, attachments."""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import schema, urls
from ..load import RawRecord
from ..model import (
    Consultation,
    Document,
    Signer,
    Source,
    Task,
    TaskRef,
)
from ..periods import QUOTA_FORMS, Due, Quota, parse_due, parse_period, parse_quota, unknown_product
from ..text import nfc, slugify
from ..vocab import PRODUCT_WORDS
from . import files
from .aliases import aliases as check_aliases
from .aliases import positions as alias_positions
from .body import check_content, check_placeholder_fields
from .context import Context
from .fields import ID_RE, Checker
from .html import check_body
from .tasks import task_ref

# Dashes that look like "-" (Word's autocorrect, PDFs): the same number, written with "-".
_DASHES = str.maketrans({ch: "-" for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
                         "\ufe58\ufe63\uff0d"})


def document_id(year: int, number: str | None, agency: str, stem: str) -> str:
    return f"{year}/{slugify(number)}-{agency}" if number else f"{year}/{slugify(stem)}"


def validate_document(raw: RawRecord, ctx: Context) -> Document | None:
    c = Checker(ctx.report, raw)
    v = c.fields(raw.data, schema.DOCUMENT_FIELDS, what=" của văn bản")
    draft = v.get("draft", False)
    body = check_content(c, raw, draft, "văn bản")
    check_placeholder_fields(c, v, draft)
    agency = ctx.agency(c, v.get("agency"), ("agency",), "cơ quan ban hành")
    issued: date | None = v.get("issued")
    year = v.get("year") or (issued.year if issued else None)
    if year is None and "year" not in raw.data and "issued" not in raw.data:
        c.error((), "missing-field", "Thiếu năm của văn bản: cần `issued` hoặc `year`.",
                "Thêm `year: 2024` (năm của kế hoạch/kỳ báo cáo) hoặc `issued: YYYY-MM-DD`.")
    if year is not None and not schema.YEAR_MIN <= year <= schema.YEAR_MAX:
        c.error(("year",), "invalid-value", f"Năm `{year}` không hợp lệ.",
                f"Ghi năm bốn chữ số, từ {schema.YEAR_MIN} đến {schema.YEAR_MAX}, ví dụ 2024.")
        year = None
    number = _number(c, v.get("number"))
    if number is None and v.get("number") is None and not slugify(raw.path.stem):
        c.error(("title",), "empty-slug",
                f"Tên tệp `{raw.path.name}` không có chữ hoặc số nào để làm địa chỉ của văn bản "
                "chưa có số hiệu.",
                "Đổi tên tệp thành trích yếu bỏ dấu, ví dụ "
                f"`{slugify(v.get('title', '')) or 'du-thao-ke-hoach'}.md`.")
    ctx.check_active(c, agency, issued, ("agency",), "Văn bản ban hành")
    period = None
    if v.get("period"):
        period = parse_period(v["period"])
        if period is None:
            c.error(("period",), "invalid-period", f"Kỳ báo cáo `{v['period']}` không đúng dạng.",
                    "Dùng một trong: Quý I/2024 … Quý IV/2024, 6 tháng/2024, 9 tháng/2024, "
                    "Năm 2024.")
    signer = _signer(c, raw.data.get("signer"))
    # A report's pasted references are, unless it says otherwise, what it reports on.
    relation = "bao-cao" if v.get("kind") == "bao-cao" else "can-cu"
    refs = ctx.references(c, raw.data["refs"], ("refs",), relation) if raw.data.get("refs") else []
    tasks, fulfils = _tasks(c, ctx, raw.data.get("tasks"), year)
    attachments = []
    for i, name in enumerate(v.get("attachments", [])):
        if att := files.attachment(c, ctx, raw, name, ("attachments", i)):
            attachments.append(att)
    number = " ".join(v["number"].split()) if v.get("number") else None
    doc_id = document_id(year or 0, number, agency or "", raw.path.stem)
    # Links of a document's body are relative to its page, where its attachments are.
    safe = check_body(ctx, raw, urls.document(doc_id).rstrip("/"), body)
    effective, expires = v.get("effective"), v.get("expires")
    if effective and expires and expires <= effective:
        c.error(("expires",), "expires-before-effective",
                f"Ngày hết hiệu lực {expires:%d/%m/%Y} không sau ngày có hiệu lực "
                f"{effective:%d/%m/%Y}.",
                "Kiểm tra lại hai ngày: `effective:` là ngày có hiệu lực, `expires:` là ngày văn "
                "bản hết hiệu lực.")
    elif issued and expires and expires <= issued and not effective:
        c.error(("expires",), "expires-before-effective",
                f"Ngày hết hiệu lực {expires:%d/%m/%Y} không sau ngày ban hành {issued:%d/%m/%Y}.",
                "Kiểm tra lại `expires:` (ngày hết hiệu lực) và `issued:` (ngày ban hành).")
    consultation = _consultation(c, raw.data.get("consultation"))
    found = check_aliases(c, raw.data.get("aliases"), urls.document(doc_id))
    if not (c.ok and safe and agency and year and "kind" in v and "title" in v):
        return None
    return Document(
        id=doc_id, kind=v["kind"], title=v["title"],
        agency=agency, year=year, number=number, issued=issued, period=period,
        period_text=v.get("period", ""), signer=signer, refs=refs, topics=v.get("topics", []),
        tags=v.get("tags", []), attachments=attachments, tasks=tasks, fulfils=fulfils,
        effective=effective, expires=expires, consultation=consultation,
        aliases=[url for url, _ in found], draft=draft, body=body,
        source=Source(raw.path, 1, {
            **{k: raw.positions.of(k) for k in ("period", "refs", "tasks", "title")
               if k in raw.data}, **alias_positions(found)}),
    )


def _number(c: Checker, value: str | None) -> str | None:
    """The số hiệu with spaces collapsed and look-alike dashes written "-" (with a warning:
    `107/KH–UBND` and `107/KH-UBND` are one number, and the file should say it one way)."""
    if not value:
        return None
    number = " ".join(value.split())
    plain = number.translate(_DASHES)
    if plain != number:
        odd = sorted({ch for ch in number if ch.translate(_DASHES) != ch})
        names = ", ".join(f"U+{ord(ch):04X} `{ch}`" for ch in odd)
        c.warn(("number",), "number-dash",
               f"Số hiệu `{number}` có dấu gạch dài hoặc dấu trừ ({names}) thay cho dấu gạch nối "
               "`-`; chương trình đọc đó là cùng một số hiệu.",
               f"Viết `number: {plain}` để số hiệu giống hệt văn bản gốc và các trích dẫn.")
    if not slugify(plain):
        c.error(("number",), "empty-slug",
                f"Số hiệu `{number}` không có chữ hoặc số nào để làm địa chỉ của văn bản.",
                "Ghi số hiệu như trên văn bản gốc, ví dụ `number: 107/KH-UBND`, hoặc bỏ dòng "
                "`number:` nếu văn bản chưa có số.")
        return None
    return plain


CONSULTATION_HINT = ("Viết dạng `consultation: {from: 2024-03-01, to: 2024-03-31, contact: "
                     "\"Phòng Nội vụ, email noivu@example.gov.vn\"}`.")


def _consultation(c: Checker, value: Any) -> Consultation | None:
    """The window of public comment on a draft (SPEC §9), both days included."""
    if value is None or value == "":
        return None
    if not isinstance(value, dict):
        c.error(("consultation",), "invalid-type",
                "Trường `consultation` phải có ba trường `from`, `to`, `contact`.",
                CONSULTATION_HINT)
        return None
    v = c.fields(value, schema.CONSULTATION_FIELDS, ("consultation",), " của đợt lấy ý kiến")
    start, end, contact = v.get("from"), v.get("to"), v.get("contact")
    if start and end and end < start:
        c.error(("consultation", "to"), "consultation-dates",
                f"Ngày kết thúc lấy ý kiến {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}.",
                "`from:` là ngày bắt đầu nhận ý kiến, `to:` là ngày cuối cùng (cả hai ngày đều "
                "được tính); kiểm tra lại năm và tháng.")
        return None
    if not (start and end and contact):
        return None
    return Consultation(start, end, contact)


def _signer(c: Checker, value: Any) -> Signer | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return Signer(nfc(value).strip())
    if not isinstance(value, dict):
        c.error(("signer",), "invalid-type", "Trường `signer` phải có dạng {name: …, title: …}.",
                "Ví dụ: `signer: {name: Nguyễn Văn Vũ, title: Chủ tịch}`.")
        return None
    v = c.fields(value, schema.SIGNER_FIELDS, ("signer",), " của người ký")
    return Signer(v["name"], v.get("title", "")) if "name" in v else None


def _task_start(due: Due | None, year: int | None) -> date | None:
    """The first day of a task's window (its period, else its plan year), as tracking counts
    it: a task whose whole window comes after its agency ended cannot be done by it."""
    if due is not None and due.period is not None:
        return due.period.start
    if year is None:
        return None
    if due is not None and due.day is not None:
        return min(date(year, 1, 1), due.day)
    return date(year, 1, 1)


def _tasks(c: Checker, ctx: Context, value: Any,
           year: int | None = None) -> tuple[list[Task], list[TaskRef]]:
    """The appendix (mappings: tasks assigned) and the tasks of other plans this document
    fulfils (lines "<số hiệu>#<mã nhiệm vụ>")."""
    if value is None:
        return [], []
    if not isinstance(value, list):
        c.error(("tasks",), "invalid-type", "Trường `tasks` phải là một danh sách nhiệm vụ.",
                "Mỗi nhiệm vụ bắt đầu bằng `- task: …` với `lead:`, `due:` thụt lề bên dưới.")
        return [], []
    tasks: list[Task] = []
    fulfils: list[TaskRef] = []
    ids: dict[str, int] = {}
    for i, item in enumerate(value):
        path = ("tasks", i)
        if isinstance(item, str):
            if ref := task_ref(c, item, path):
                fulfils.append(ref)
            continue
        if not isinstance(item, dict):
            c.error(path, "invalid-type", "Mỗi nhiệm vụ phải có các trường `task`, `lead`…",
                    "Viết dạng `- task: Viết tin bài về CCHC` rồi `lead: <mã cơ quan>`.")
            continue
        v = c.fields(item, schema.TASK_FIELDS, path, " của nhiệm vụ")
        lead = ctx.agency(c, v.get("lead"), (*path, "lead"), "cơ quan chủ trì")
        support = [s for j, s in enumerate(v.get("support", []))
                   if ctx.agency(c, s, (*path, "support", j), "cơ quan phối hợp")]
        quota = _quota(c, v.get("quota"), (*path, "quota"))
        task_id = v.get("id", "")
        if task_id and not ID_RE.match(task_id):
            c.error((*path, "id"), "invalid-id", f"Mã nhiệm vụ `{task_id}` sai dạng.",
                    f"Chỉ dùng chữ thường không dấu, số và dấu gạch ngang: `id: {slugify(task_id)}`.")
            task_id = ""
        if task_id:
            if task_id in ids:
                c.error((*path, "id"), "duplicate-task-id",
                        f"Mã nhiệm vụ `{task_id}` đã dùng cho nhiệm vụ thứ {ids[task_id] + 1} "
                        "của văn bản này.",
                        f"Đặt một mã khác, ví dụ `id: {task_id}-{i + 1}`.")
            ids.setdefault(task_id, i)
        due = parse_due(v["due"]) if "due" in v else None
        start = _task_start(due, year)
        what = f"Nhiệm vụ “{_short(v.get('task', ''))}” bắt đầu"
        ctx.check_active(c, lead, start, (*path, "lead"), what)
        for j, s in enumerate(v.get("support", [])):
            if s in support:
                ctx.check_active(c, s, start, (*path, "support", j), what)
        if "task" in v and lead:
            tasks.append(Task(task=v["task"], lead=lead, support=support,
                              product=v.get("product", ""), due=due,
                              quota=quota, index=i, id=task_id, done=v.get("done"),
                              result=v.get("result", "")))
    return tasks, fulfils


def _quota(c: Checker, text: str | None, path: tuple[Any, ...]) -> Quota | None:
    if not text:
        return None
    quota = parse_quota(text)
    if quota is not None:
        return quota
    if unit := unknown_product(text):
        c.error(path, "unknown-product",
                f"Chỉ tiêu `{text}` đếm `{unit}`, không phải một hình thức tin bài đã biết.",
                "Dùng một trong: " + ", ".join(PRODUCT_WORDS) + " — ví dụ `quota: 4 tiểu "
                "phẩm/năm`; sản phẩm khác (pano, hội nghị…) ghi ở `product:` và báo kết quả bằng "
                "`done:`.")
        return None
    c.warn(path, "invalid-quota",
           f"Không hiểu chỉ tiêu `{text}`; nhiệm vụ này sẽ không được theo dõi tiến độ tự động.",
           "Dùng một trong các dạng: " + ", ".join(QUOTA_FORMS) + ".")
    return None


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
