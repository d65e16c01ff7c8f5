"""Documents (văn bản, plans/**/*.md): fields, signer, references, tasks, attachments."""

from __future__ import annotations

import mimetypes
from datetime import date
from typing import Any

from .. import schema
from ..load import RawRecord
from ..model import (
    Attachment,
    Document,
    Signer,
    Source,
    Task,
)
from ..periods import QUOTA_FORMS, parse_due, parse_period, parse_quota
from ..text import nfc, slugify
from .body import check_content, check_placeholder_fields
from .context import Context
from .fields import Checker
from .html import check_body

# Dashes that look like "-" (Word's autocorrect, PDFs): the same number, written with "-".
_DASHES = str.maketrans({ch: "-" for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
                         "\ufe58\ufe63\uff0d"})


def document_id(year: int, number: str | None, agency: str, stem: str) -> str:
    return f"{year}/{slugify(number)}-{agency}" if number else f"{year}/{slugify(stem)}"


def validate_document(raw: RawRecord, ctx: Context) -> Document | None:
    c = Checker(ctx.report, raw)
    v = c.fields(raw.data, schema.DOCUMENT_FIELDS, what=" của văn bản")
    draft = v.get("draft", False)
    safe = check_body(ctx.report, raw)
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
    tasks = _tasks(c, ctx, raw.data.get("tasks"))
    attachments = []
    for i, name in enumerate(v.get("attachments", [])):
        if target := ctx.local_file(c, raw, name, ("attachments", i), "Tệp đính kèm"):
            mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            attachments.append(Attachment(target.name, target, target.stat().st_size, mime))
    if not (c.ok and safe and agency and year and "kind" in v and "title" in v):
        return None
    return Document(
        id=document_id(year, number, agency, raw.path.stem), kind=v["kind"], title=v["title"],
        agency=agency, year=year, number=number, issued=issued, period=period,
        period_text=v.get("period", ""), signer=signer, refs=refs, topics=v.get("topics", []),
        tags=v.get("tags", []), attachments=attachments, tasks=tasks,
        draft=draft, body=body,
        source=Source(raw.path, 1),
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


def _tasks(c: Checker, ctx: Context, value: Any) -> list[Task]:
    if value is None:
        return []
    if not isinstance(value, list):
        c.error(("tasks",), "invalid-type", "Trường `tasks` phải là một danh sách nhiệm vụ.",
                "Mỗi nhiệm vụ bắt đầu bằng `- task: …` với `lead:`, `due:` thụt lề bên dưới.")
        return []
    tasks = []
    for i, item in enumerate(value):
        path = ("tasks", i)
        if not isinstance(item, dict):
            c.error(path, "invalid-type", "Mỗi nhiệm vụ phải có các trường `task`, `lead`…",
                    "Viết dạng `- task: Viết tin bài về CCHC` rồi `lead: <mã cơ quan>`.")
            continue
        v = c.fields(item, schema.TASK_FIELDS, path, " của nhiệm vụ")
        lead = ctx.agency(c, v.get("lead"), (*path, "lead"), "cơ quan chủ trì")
        support = [s for j, s in enumerate(v.get("support", []))
                   if ctx.agency(c, s, (*path, "support", j), "cơ quan phối hợp")]
        quota = None
        if v.get("quota"):
            quota = parse_quota(v["quota"])
            if quota is None:
                c.warn((*path, "quota"), "invalid-quota",
                       f"Không hiểu chỉ tiêu `{v['quota']}`; nhiệm vụ này sẽ không được theo dõi "
                       "tiến độ tự động.",
                       "Dùng một trong các dạng: " + ", ".join(QUOTA_FORMS) + ".")
        if "task" in v and lead:
            tasks.append(Task(task=v["task"], lead=lead, support=support,
                              product=v.get("product", ""),
                              due=parse_due(v["due"]) if "due" in v else None,
                              quota=quota, index=i))
    return tasks
