"""Old addresses of a page (`aliases`, SPEC §12): each gets a redirect to the current URL.

An alias is a path of the portal as readers saw it (`/tin-tuc/2024/ten-cu/`), so that a title
edit, a new slug or a moved file does not break links, bookmarks and search engines. The path
must be one a static site can answer: a folder (`/…/`) or an `.html` page. Whether it collides
with a page of the portal is decided by the writer's plan (`build.check_collisions`), where every
output path is known.
"""

from __future__ import annotations

import re
from typing import Any

from .. import urls
from .fields import Checker

Alias = tuple[str, tuple[int, int]]  # root-relative URL, and where it is written

_PATH = re.compile(r"^/[A-Za-z0-9._~/-]*$")
_SCHEME = re.compile(r"^[a-z]+://[^/]+(/.*)?$", re.I)
HINT = ("Ghi đường dẫn từ gốc của chuyên trang, bắt đầu bằng `/`, kết thúc bằng `/` hoặc "
        "`.html`, chỉ gồm chữ không dấu, số, `-`, `_`, `.`: ví dụ "
        "`aliases: [/tin-tuc/2024/ten-cu/]`.")


def aliases(c: Checker, value: Any, current: str) -> list[Alias]:
    """The record's aliases as root-relative URLs (`urls.alias`) with their positions, each
    checked; `current` is the record's own URL (an alias equal to it is dropped, with a
    warning)."""
    if value is None or value == "" or value == []:
        return []
    items = value if isinstance(value, list) else [value]
    out: list[Alias] = []
    for i, item in enumerate(items):
        path = ("aliases", i) if isinstance(value, list) else ("aliases",)
        if not isinstance(item, str) or not item.strip():
            c.error(path, "invalid-alias", f"Địa chỉ cũ `{item!r}` phải là một đường dẫn.", HINT)
            continue
        text = item.strip()
        if m := _SCHEME.match(text):
            c.error(path, "invalid-alias",
                    f"Địa chỉ cũ `{text}` là một địa chỉ đầy đủ; chỉ ghi phần đường dẫn.",
                    f"Viết `{m.group(1) or '/'}`. " + HINT)
            continue
        if not _PATH.match(text) or "//" in text or "/../" in text + "/" or "/./" in text + "/":
            c.error(path, "invalid-alias", f"Địa chỉ cũ `{text}` không phải một đường dẫn hợp lệ.",
                    HINT)
            continue
        last = text.rstrip("/").rsplit("/", 1)[-1]
        if not text.endswith("/") and "." in last and not last.endswith((".html", ".htm")):
            c.error(path, "invalid-alias",
                    f"Địa chỉ cũ `{text}` là một tệp `.{last.rsplit('.', 1)[-1]}`: trang tĩnh chỉ "
                    "chuyển hướng được các địa chỉ kết thúc bằng `/` hoặc `.html`.",
                    "Địa chỉ của hệ thống cũ dạng `.aspx`, `.php` (có `?…`) cần được chuyển "
                    "hướng trên máy chủ web; bỏ dòng này khỏi `aliases`.")
            continue
        url = urls.alias(text)
        if url == current:
            c.warn(path, "alias-self",
                   f"Địa chỉ cũ `{text}` chính là địa chỉ hiện tại của trang này; bỏ qua.",
                   "Xóa địa chỉ này khỏi `aliases` (có thể tiêu đề hoặc `slug` đã được đổi lại "
                   "như cũ).")
            continue
        if url not in (a for a, _ in out):
            out.append((url, c.raw.positions.of(*path)))
    return out


def positions(found: list[Alias]) -> dict[str, tuple[int, int]]:
    """What `Source.fields` keeps of them, for messages given after validation (a collision
    found by the writer's plan): the key `alias:<url>`."""
    return {f"alias:{url}": pos for url, pos in found}
