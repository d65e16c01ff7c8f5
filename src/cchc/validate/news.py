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
from .context import Context
from .fields import ID_RE, Checker
from .html import check_body


def validate_news(raw: RawRecord, ctx: Context) -> NewsItem | None:
    c = Checker(ctx.report, raw)
    v = c.fields(raw.data, schema.NEWS_FIELDS, what=" của tin bài")
    agency = ctx.agency(c, v.get("agency"), ("agency",), "cơ quan đưa tin")
    when = v.get("date")
    if isinstance(when, date) and not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day, tzinfo=VN_TZ)
    elif isinstance(when, datetime) and when.tzinfo is None:
        when = when.replace(tzinfo=VN_TZ)  # naive times are Vietnam time (SPEC §3)
    elif isinstance(when, datetime):
        when = when.astimezone(VN_TZ)
    slug = v.get("slug")
    if slug is not None and not ID_RE.match(slug):
        c.error(("slug",), "invalid-slug", f"Đường dẫn `{slug}` không hợp lệ.",
                f"Chỉ dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ `{slugify(slug)}`.")
    title = v.get("title")
    if slug is None and title:
        slug = slugify(title)
    documents = ctx.references(c, raw.data["documents"], ("documents",)) \
        if raw.data.get("documents") else []
    if v.get("image"):
        ctx.local_file(c, raw, v["image"], ("image",), "Ảnh")
    safe = check_body(ctx, raw, raw.path.parent.relative_to(ctx.docs_path).as_posix())
    if not (c.ok and safe and agency and when and title and slug):
        return None
    return NewsItem(
        id=f"{when.year}/{slug}", title=title, date=when, agency=agency, slug=slug,
        author=v.get("author", ""), topics=v.get("topics", []), tags=v.get("tags", []),
        documents=documents, description=v.get("description", ""), image=v.get("image", ""),
        draft=v.get("draft", False), body=raw.body, source=Source(raw.path, 1),
    )
