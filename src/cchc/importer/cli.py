"""`cchc import FILE`: the command-line boundary (reads the file and the registry, prints)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..registry import AgencyNames
from .document import parse_document
from .draft import render, suggested_path
from .model import ORIGIN_ANNOUNCED, Imported, NotADocument
from .sources import Source, SourceError, decode, read_path
from .textkit import TODO


def _read_input(name: str) -> Source:
    if name == "-":
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else None
        if data is None:
            return Source(sys.stdin.read(), "stdin", "văn bản thuần")
        text, encoding = decode(data)
        return Source(text, "stdin", f"văn bản thuần ({encoding})")
    return read_path(Path(name))


def run(args: argparse.Namespace) -> int:
    """`cchc import FILE [--agency ID] [-o FILE] [--force]`: 0 ok, 1 not a document, an
    unreadable format or would overwrite, 2 usage (missing input, unknown agency id)."""
    from .. import settings as settings_mod
    from ..project import load_registry

    root = settings_mod.find_root(Path(getattr(args, "root", None) or Path.cwd()))
    settings = settings_mod.read(root)
    registry = settings.docs_path / "agencies.yml"
    try:
        source = _read_input(args.file)
    except OSError as exc:
        print(f"Không đọc được tệp `{args.file}`: {exc.strerror}.", file=sys.stderr)
        return 2
    except SourceError as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 1
    loaded, report = load_registry(settings)
    if report.errors:
        print(f"Danh mục cơ quan {registry} có lỗi; các cơ quan lỗi bị bỏ qua. Chạy "
              "`cchc validate` để xem chi tiết.", file=sys.stderr)
    names = loaded.names if loaded else AgencyNames([])
    ids = set(loaded.ids) if loaded else set()
    if not ids:
        print(f"Cảnh báo: không có danh mục cơ quan {registry}; mọi cơ quan sẽ được đề xuất mới.",
              file=sys.stderr)
    if args.agency and args.agency not in ids:
        print(f"Không có cơ quan mã `{args.agency}` trong {registry}.", file=sys.stderr)
        return 2
    output = Path(args.output) if getattr(args, "output", None) else None
    if output is not None and output.exists() and not getattr(args, "force", False):
        print(f"Tệp {output} đã có; không ghi đè. Thêm --force để ghi đè.", file=sys.stderr)
        return 1
    try:
        imp = parse_document(source.text, names, agency=args.agency, source=source.name,
                             warnings=source.warnings)
    except NotADocument as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 1
    present = {p.name for p in output.parent.iterdir()} if output and output.parent.is_dir() \
        else set()
    draft = render(imp, present_files=present)
    if output is None:
        sys.stdout.write(draft)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(draft, encoding="utf-8")
    print(summary(imp, output, source.format), file=sys.stderr)
    return 0


def summary(imp: Imported, output: Path | None, fmt: str = "") -> str:
    where = f"Đã ghi {output}" if output else "Đã đọc văn bản"
    if fmt:
        where += f" ({fmt})"
    parts = [f"{len(imp.refs)} căn cứ", f"{len(imp.tasks)} nhiệm vụ"]
    if imp.proposals:
        parts.append(f"{len(imp.proposals)} cơ quan đề xuất thêm vào danh mục")
    checks = len(imp.notes) + len(imp.flags)
    todo = f"; {checks} mục cần kiểm tra (dòng “# {TODO}”)" if checks else ""
    what = ""
    if imp.origin == ORIGIN_ANNOUNCED:
        what = ("\nĐây là tin bài về một văn bản: bản nháp là của văn bản được đưa tin (lưu vào "
                "plans/), nguồn tin ghi ở đầu bản nháp. Nếu muốn đăng chính tin này, tạo tin bài "
                "trong content/tin-tuc/ và ghi số hiệu văn bản vào `documents:`.")
    path = suggested_path(imp)
    hint = f"\nGợi ý nơi lưu: {path}" if path and output is None else ""
    return f"{where}: {', '.join(parts)}{todo}.{what}{hint}"


def add_parser(sub: Any) -> None:
    """Register `cchc import FILE [--agency ID] [-o FILE] [--force]` on the CLI's sub-parsers."""
    p = sub.add_parser("import", help="chuyển văn bản (tệp Word, PDF, trang web đã lưu, văn bản "
                       "thuần) thành bản nháp trong plans/",
                       description="Đọc một văn bản hành chính và viết bản nháp Markdown cho "
                       "thư mục plans/. Mục nào chưa chắc được đánh dấu “# CẦN KIỂM TRA”.")
    p.add_argument("file", metavar="TỆP",
                   help="tệp .docx, .pdf (có lớp chữ), .html hoặc văn bản thuần (UTF-8, UTF-16, "
                   "Windows-1258); dấu - để đọc từ đầu vào chuẩn")
    p.add_argument("--agency", metavar="MÃ", help="mã cơ quan ban hành (nếu không tự nhận ra)")
    p.add_argument("-o", "--output", metavar="TỆP_NHÁP",
                   help="ghi vào tệp này (mặc định: in ra màn hình)")
    p.add_argument("--force", action="store_true", help="ghi đè tệp đã có")
    p.set_defaults(func=run)
