"""News items (tin bài, content/tin-tuc/**/*.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .. import schema, urls
from ..dates import VN_TZ
from ..load import RawRecord
from ..model import (
    Author,
    NewsItem,
    Source,
)
from ..text import nfc, slugify
from ..vocab import DEFAULT_FORMAT
from .aliases import aliases as check_aliases
from .aliases import positions as alias_positions
from .context import Context
from .fields import ID_RE, Checker
from .html import check_body
from .tasks import task_refs


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
    tasks = task_refs(c, raw.data.get("tasks"), ("tasks",))
    authors = _authors(c, raw.data.get("authors"))
    if authors and v.get("author"):
        c.error(("authors",), "author-and-authors",
                "Tin bài ghi cả `author` và `authors`.",
                "Giữ một trong hai: `author: Trần Thị B` (một tác giả) hoặc `authors:` (các đồng "
                "tác giả, mỗi người một dòng `- {name: …, share: …}`).")
    item_id = f"{when.year}/{slug}" if when and slug else ""
    found = check_aliases(c, raw.data.get("aliases"), urls.news(item_id)) if item_id else []
    if not (c.ok and safe and agency and when and title and slug):
        return None
    return NewsItem(
        id=item_id, title=title, date=when, agency=agency, slug=slug,
        author=v.get("author", ""), topics=v.get("topics", []), tags=v.get("tags", []),
        documents=documents, description=v.get("description", ""), image=v.get("image", ""),
        format=v.get("format", DEFAULT_FORMAT), tasks=tasks, grade=v.get("grade", ""),
        authors=authors, aliases=[url for url, _ in found], draft=v.get("draft", False),
        body=raw.body,
        source=Source(raw.path, 1, {
            **{k: raw.positions.of(k) for k in ("grade", "format", "date", "title", "slug")
               if k in raw.data}, **alias_positions(found)}),
    )


AUTHORS_HINT = ("Viết mỗi tác giả một dòng: `- {name: Trần Thị B, share: 60}`, phần (`share`, "
                "tính bằng %) cộng lại 100; bỏ `share` ở mọi dòng để chia đều.")


def _authors(c: Checker, value: Any) -> list[Author]:
    """Co-authors: names (shared equally) or {name, share} with shares summing to 100 %."""
    if value is None or value == "" or value == []:
        return []
    if not isinstance(value, list):
        c.error(("authors",), "invalid-type", "Trường `authors` phải là một danh sách tác giả.",
                AUTHORS_HINT)
        return []
    names: list[str] = []
    shares: list[float | None] = []
    for i, item in enumerate(value):
        path = ("authors", i)
        if isinstance(item, str) and item.strip():
            names.append(nfc(item).strip())
            shares.append(None)
        elif isinstance(item, dict):
            a = c.fields(item, schema.AUTHOR_FIELDS, path, " của tác giả")
            if "name" not in a:
                continue
            share = a.get("share")
            if share is not None and not 0 < share <= 100:
                c.error((*path, "share"), "invalid-value",
                        f"Phần nhuận bút `{share}` phải lớn hơn 0 và không quá 100 (%).",
                        AUTHORS_HINT)
                share = None
            names.append(a["name"])
            shares.append(float(share) if share is not None else None)
        else:
            c.error(path, "invalid-type", "Mỗi tác giả là một tên hoặc `{name: …, share: …}`.",
                    AUTHORS_HINT)
    if not names:
        return []
    given = [s for s in shares if s is not None]
    if not given:
        return [Author(n, 100.0 / len(names)) for n in names]
    if len(given) != len(shares) or abs(sum(given) - 100) > 1e-9:
        c.error(("authors",), "author-shares",
                f"Phần nhuận bút của các tác giả cộng lại {_pct(sum(given))}%"
                + (", có người chưa ghi phần" if len(given) != len(shares) else "")
                + "; phải đủ 100%.", AUTHORS_HINT)
        return []
    return [Author(n, s) for n, s in zip(names, given, strict=True)]


def _pct(value: float) -> str:
    return f"{value:g}".replace(".", ",")
