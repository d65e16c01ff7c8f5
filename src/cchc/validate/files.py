"""Files the portal publishes as they are: documents' attachments and files under `content/`.

Only the types of `security.PUBLISHED_TYPES` (PDF, office documents, images, audio, video),
recognised by their content as well as their name, so that nothing published from the
portal's own origin can run in a reader's browser (an HTML or SVG file would). An attachment
comes from its document's own folder, never from elsewhere in the repository (`.git/config`
can hold a CI job's token) nor a hidden file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import security
from ..diagnostics import Report
from ..load import NEWS_DIR, RawRecord
from ..model import Attachment
from .context import Context
from .fields import Checker

TYPES_TEXT = "PDF, DOCX, XLSX, ODT, ODS, ảnh PNG/JPEG/GIF/WebP, âm thanh MP3/M4A/OGG, video MP4/WebM"
_RUNS = {".html", ".htm", ".xhtml", ".svg", ".svgz", ".xml", ".js", ".mjs", ".swf"}


def attachment(c: Checker, ctx: Context, raw: RawRecord, name: str,
               path: tuple[Any, ...]) -> Attachment | None:
    """The attachment `name` of the document `raw`, or None (and a diagnostic)."""
    folder = raw.path.parent
    here = folder.relative_to(ctx.root).as_posix() if folder.is_relative_to(ctx.root) else folder
    plain = "/" not in name and "\\" not in name
    if plain and name.startswith("."):
        c.error(path, "attachment-place", f"Tệp đính kèm `{name}` là tệp ẩn, không được đăng.",
                f"Đặt tệp cần đăng (PDF, DOCX…) vào thư mục `{here}` với tên không bắt đầu "
                "bằng dấu chấm, ví dụ `ke-hoach.pdf`.")
        return None
    if not plain and ".." not in Path(name).parts and not Path(name).is_absolute():
        c.error(path, "attachment-place",
                f"Tệp đính kèm `{name}` không nằm ngay trong thư mục của văn bản.",
                f"Chép tệp vào thư mục `{here}` (cùng thư mục với tệp Markdown) và ghi tên "
                f"tệp: `{Path(name).name}`.")
        return None
    target = ctx.local_file(c, raw, name, path, "Tệp đính kèm")
    if target is None:
        return None
    if target.parent != folder.resolve():  # `../x.pdf`, or a link to a file elsewhere
        c.error(path, "attachment-place",
                f"Tệp đính kèm `{name}` không nằm trong thư mục của văn bản.",
                f"Chép tệp vào thư mục `{here}` (cùng thư mục với tệp Markdown) và ghi tên "
                f"tệp: `{target.name}`.")
        return None
    kind = type_problem(target, target.name)
    if kind is not None:
        c.error(path, "attachment-type", f"Tệp đính kèm `{name}` {kind}.",
                f"Chỉ đính kèm các loại tệp: {TYPES_TEXT}. Lưu văn bản thành PDF (Tệp → Lưu "
                "thành → PDF) rồi ghi tên tệp mới, ví dụ `ke-hoach.pdf`.")
        return None
    ftype = security.published_type(target.name)
    assert ftype is not None
    return Attachment(target.name, target, target.stat().st_size, ftype.mime)


def type_problem(target: Path, name: str) -> str | None:
    """Why the file cannot be published as it is named (None: it can)."""
    ext = Path(name).suffix.lower()
    ftype = security.published_type(name)
    if ftype is None:
        if ext in _RUNS:
            return (f"là tệp `{ext}` — trình duyệt sẽ chạy mã trong đó trên trang của cổng, "
                    "không được đăng")
        return f"có loại `{ext or 'không có đuôi'}` không được đăng"
    found = security.sniff(target)
    if not security.same_kind(ext, found):
        actual = security.BY_EXTENSION[found].label if found else "một loại tệp không được đăng"
        return f"có tên là tệp {ftype.label} nhưng nội dung là {actual}"
    return None


def check_static(report: Report, docs_path: Path) -> None:
    """Every file under `content/` that the site generator copies as it is must be of a
    published type (hidden files and folders are not copied; data files are read by cchc)."""
    if not docs_path.is_dir():
        return
    for path in sorted(docs_path.rglob("*")):
        rel = path.relative_to(docs_path)
        if not path.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        if path.suffix in (".md", ".yml", ".yaml") or rel.as_posix() in security.STATIC_NAMES:
            continue
        if path.is_symlink():
            report.error(path, None, "static-file-type",
                         "Tệp này là liên kết (symlink) tới tệp khác, không được đăng.",
                         "Chép chính tệp đó vào đây thay cho liên kết.")
            continue
        problem = type_problem(path, path.name)
        if problem is not None:
            where = "tin bài" if rel.parts[0] == NEWS_DIR else "trang"
            report.error(path, None, "static-file-type", f"Tệp `{rel.as_posix()}` {problem}.",
                         f"Chỉ đặt cạnh các {where} các loại tệp: {TYPES_TEXT}. Xóa tệp này, "
                         "hoặc đổi sang PDF/ảnh; mẫu giao diện, mã và kiểu trình bày thuộc "
                         "thư mục `overrides/`.")
