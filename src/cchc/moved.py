"""Published pages that an edit moved (SPEC §12).

A news item's address is its title's slug unless `slug` is written, a question's is its file's
name, a document's its number: editing one of these moves a published page, and readers, feed
readers and search engines that knew the old address get a 404. Each build writes the URL of
every item it published, by source file, into the site (`urls.URL_MANIFEST`); the next
validation of the same repository reads the previous site's file and warns, at the item's
file, of every published item whose address changed without an `aliases` entry for the old
one. Where there is no previous build (a fresh clone in CI), there is nothing to compare with.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import urls
from .catalog import Catalog
from .diagnostics import Report
from .model import Document, NewsItem, Question

Item = Document | NewsItem | Question
VERSION = 1


def _items(catalog: Catalog) -> list[Item]:
    return [*catalog.documents, *catalog.news, *catalog.questions]


def _key(item: Item, root: Path) -> str | None:
    if item.source is None:
        return None
    try:
        return item.source.path.relative_to(root).as_posix()
    except ValueError:
        return None


def manifest(catalog: Catalog, root: Path) -> bytes:
    """Every published item's URL by its source file (relative to the repository)."""
    items = {key: item.url for item in _items(catalog) if (key := _key(item, root))}
    data = {"version": VERSION, "items": dict(sorted(items.items()))}
    return (json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n").encode()


def previous(site_dir: Path) -> dict[str, str]:
    """The previous build's URLs by source file ({} when there is none or it is unreadable)."""
    try:
        data = json.loads((site_dir / urls.URL_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, dict):
        return {}
    return {str(k): str(v) for k, v in items.items() if isinstance(v, str)}


def _field(item: Item) -> str:
    """The field whose edit moved the page, where the message points."""
    if isinstance(item, NewsItem):
        return "slug" if item.source and "slug" in item.source.fields else "title"
    if isinstance(item, Question):
        return "slug" if item.source and "slug" in item.source.fields else "asked"
    return "title"


def check(catalog: Catalog, root: Path, site_dir: Path, report: Report) -> None:
    """Warn of each published item whose URL changed since the previous build of `site_dir`."""
    before = previous(site_dir)
    if not before:
        return
    live = {item.url for item in _items(catalog)}
    for item in _items(catalog):
        key = _key(item, root)
        old = before.get(key or "")
        if not old or old == item.url or old in item.aliases or old in live:
            continue
        assert item.source is not None
        keep = ""
        if isinstance(item, NewsItem) and old.startswith(urls.NEWS):
            keep = f", hoặc giữ địa chỉ cũ bằng dòng `slug: {old.rstrip('/').rsplit('/', 1)[-1]}`"
        report.warn(item.source.path, item.source.at(_field(item)), "url-changed",
                    f"Địa chỉ của trang này đã đổi từ /{old} (lần xây dựng trước) thành "
                    f"/{item.url}: ai mở địa chỉ cũ sẽ gặp trang “Không tìm thấy”.",
                    f"Thêm dòng `aliases: [/{old}]` để địa chỉ cũ chuyển tới địa chỉ mới{keep}.")
