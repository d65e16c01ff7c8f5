"""Markdown bodies: what the portal's HTML policy would remove is an error at its source line.

The body is rendered (every Markdown extension the portal enables: reference links, attr_list,
raw HTML…) and cleaned by `security.clean`; each thing the cleaning removes — a tag, an event
attribute, a `javascript:` link, an image from another site, a Mermaid fence — is reported at
the line and column of the text that produced it, with the fix. Checking the rendered HTML, not
the source, is what makes the check complete: the same HTML is what gets published.
"""

from __future__ import annotations

from ..load import RawRecord
from ..render import ConversionFailed
from ..security import Finding, locate
from .context import Context

_HINTS = {
    "unsafe-html": "Xóa đoạn HTML này hoặc viết lại bằng Markdown thường: liên kết "
                   "`[tên](https://…)`, ảnh `![mô tả](anh.jpg)`; muốn giới thiệu video hay bản "
                   "đồ của trang khác, đặt một liên kết thường: `[Xem video](https://…)`.",
    "external-media": "Tải tệp về, đặt cùng thư mục với tệp Markdown và ghi tên tệp, ví dụ "
                      "`![Quang cảnh hội nghị](hoi-nghi.jpg)`; hoặc đặt một liên kết thường: "
                      "`[Xem ảnh](https://…)`.",
    "diagram-fence": "Chuyên trang không vẽ sơ đồ từ nội dung. Thay khối ```mermaid bằng ảnh "
                     "sơ đồ đặt cùng thư mục (`![Sơ đồ quy trình](so-do.png)`) hoặc bằng danh "
                     "sách các bước.",
}

_MESSAGES = {
    "unsafe-html": "Nội dung có {what} — mã có thể chạy trên máy người đọc, không được đăng.",
    "external-media": "Nội dung có {what}: trình duyệt của người đọc sẽ tự tải từ trang đó "
                      "khi mở trang, không được đăng.",
    "diagram-fence": "Nội dung có {what}: chuyên trang không vẽ sơ đồ từ nội dung "
                     "(cần tải mã từ trang khác), không được đăng.",
}


def check_body(ctx: Context, raw: RawRecord, source_dir: str, body: str | None = None) -> bool:
    """Convert and clean the body as it is published (`body`: without editors' comments; the
    build prints the same conversion); report what the cleaning removes, at its line of the
    file. True if nothing is removed."""
    try:
        found = ctx.bodies.convert(raw.body if body is None else body, source_dir).findings
    except ConversionFailed as exc:  # what validate.body's limits did not foresee
        ctx.report.error(raw.path, (raw.body_line, 1), "markdown-too-complex", str(exc),
                         "Chia đoạn văn dài thành nhiều đoạn; bỏ bớt các dấu [ ( < liền nhau.")
        return False
    for finding in found:
        line, col = _position(raw.body, finding)
        ctx.report.error(raw.path, (raw.body_line + line - 1, col), finding.code,
                         _MESSAGES[finding.code].format(what=finding.what), _HINTS[finding.code])
    return not found


def _position(body: str, finding: Finding) -> tuple[int, int]:
    return locate(body, finding.needles) or (1, 1)
