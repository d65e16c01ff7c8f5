"""Raw HTML in Markdown bodies that could run code in a reader's browser."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..diagnostics import Report
from ..load import RawRecord

_DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base",
                   "form", "meta", "link", "style"}
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
_BAD_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)
_MD_LINK = re.compile(r"\]\(\s*<?\s*((?:javascript|vbscript):[^)\s]*)", re.IGNORECASE)


class _UnsafeHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, col = self.getpos()
        if tag in _DANGEROUS_TAGS:
            self.found.append((line, col + 1, f"thẻ `<{tag}>`"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, col + 1, f"thuộc tính sự kiện `{name}=`"))
            elif name in _URL_ATTRS and value and _BAD_SCHEME.match(value):
                self.found.append((line, col + 1, f"đường dẫn `{value.split(':')[0]}:`"))

    handle_startendtag = handle_starttag


def check_body(report: Report, raw: RawRecord) -> bool:
    """Reject raw HTML that could run code in a reader's browser; True if the body is safe."""
    body = raw.body
    found: list[tuple[int, int, str]] = []
    if "<" in body:
        parser = _UnsafeHtml()
        parser.feed(body)
        parser.close()
        found.extend(parser.found)
    if ":" in body:
        for m in _MD_LINK.finditer(body):
            line = body.count("\n", 0, m.start()) + 1
            col = m.start() - (body.rfind("\n", 0, m.start()) + 1) + 1
            found.append((line, col, "đường dẫn `javascript:`"))
    for line, col, what in found:
        report.error(raw.path, (raw.body_line + line - 1, col), "unsafe-html",
                     f"Nội dung có {what} — mã có thể chạy trên máy người đọc, không được đăng.",
                     "Xóa đoạn HTML này; để nhúng video hoặc bản đồ, hãy đặt liên kết thường.")
    return not found
