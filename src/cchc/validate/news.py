"""News items (tin bài, content/tin-tuc/**/*.md)."""

from __future__ import annotations

from datetime import date, datetime

from .. import schema
from ..dates import VN_TZ
from ..load import RawRecord
from ..model import (
    NewsItem,
    Source,
)
from ..text import slugify
from .body import check_content, check_placeholder_fields
from .context import Context
from .fields import ID_RE, Checker
from .html import check_body


def validate_news(raw: RawRecord, ctx: Context) -> NewsItem | None:
    c = Checker(ctx.report, raw)
    v = c.fields(raw.data, schema.NEWS_FIELDS, what=" của tin bài")
    draft = v.get("draft", False)
    safe = check_body(ctx.report, raw)
    body = check_content(c, raw, draft, "tin bài")
    check_placeholder_fields(c, v, draft)
    agency = ctx.agency(c, v.get("agency"), ("agency",), "cơ quan đưa tin")
    when = v.get("date")  # in the portal's years (checked), so every conversion below is safe
    if isinstance(when, date) and not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day, tzinfo=VN_TZ)
    elif isinstance(when, datetime) and when.tzinfo is None:
        when = when.replace(tzinfo=VN_TZ)  # naive times are Vietnam time (SPEC §3)
    elif isinstance(when, datetime):
        when = when.astimezone(VN_TZ)
    slug = v.get("slug")
    if slug is not None and not ID_RE.match(slug):
        fixed = slugify(slug) or _fallback_slug(raw, when)
        c.error(("slug",), "invalid-slug", f"Đường dẫn `{slug}` không hợp lệ.",
                f"Chỉ dùng chữ thường không dấu, số và dấu gạch ngang: `slug: {fixed}`.")
    title = v.get("title")
    if slug is None and title:
        slug = slugify(title)
        if not slug:
            c.error(("title",), "empty-slug",
                    f"Tiêu đề `{title}` không có chữ hoặc số nào để làm đường dẫn của tin bài "
                    "(đường dẫn lấy từ tiêu đề bỏ dấu), nên tin bài sẽ không có địa chỉ.",
                    f"Thêm dòng `slug: {_fallback_slug(raw, when)}` (chữ thường không dấu, số, "
                    "dấu gạch nối).")
    documents = ctx.references(c, raw.data["documents"], ("documents",)) \
        if raw.data.get("documents") else []
    if v.get("image"):
        ctx.local_file(c, raw, v["image"], ("image",), "Ảnh")
    if not (c.ok and safe and agency and when and title and slug):
        return None
    return NewsItem(
        id=f"{when.year}/{slug}", title=title, date=when, agency=agency, slug=slug,
        author=v.get("author", ""), topics=v.get("topics", []), tags=v.get("tags", []),
        documents=documents, description=v.get("description", ""), image=v.get("image", ""),
        draft=draft, body=body, source=Source(raw.path, 1),
    )


def _fallback_slug(raw: RawRecord, when: datetime | None) -> str:
    """A slug to suggest: the file's name when it is one, else "tin-<date>"."""
    stem = slugify(raw.path.stem)
    if stem:
        return stem
    return f"tin-{when.date().isoformat()}" if when else "tin-moi"
