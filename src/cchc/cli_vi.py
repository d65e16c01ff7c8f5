"""The command line in Vietnamese: argparse's own words (usage, options, errors) translated.

argparse marks every text it writes with gettext (`_('usage: ')`, `_('the following arguments
are required: %s')`…) and looks `_` and `ngettext` up in its module when it writes them; while a
`Parser` is built or parses, `vietnamese()` points them at the table below, so its help, usage
lines and errors are Vietnamese, and argparse is left as it was afterwards (no global change).
Metavars argparse would derive from option names (`--site-dir SITE_DIR`) are Vietnamese too.

Also here: what `cchc` alone prints, and how to look at a built site (for the build command).
"""

from __future__ import annotations

import argparse
import contextlib
import textwrap
from collections.abc import Iterator, Sequence
from typing import Any

# msgid (as argparse writes it, Python 3.10–3.13) → Vietnamese.
MESSAGES = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",  # Python < 3.10
    "show this help message and exit": "xem hướng dẫn này rồi thoát",
    "show program's version number and exit": "xem số phiên bản rồi thoát",
    "subcommands": "lệnh",
    "%(prog)s: error: %(message)s\n":
        "%(prog)s: lỗi: %(message)s\nXem hướng dẫn: %(prog)s --help\n",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "còn thiếu: %s",
    "one of the arguments %s is required": "cần một trong các tham số: %s",
    "unrecognized arguments: %s": "không hiểu các tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "lựa chọn %(value)r không có (chọn một trong: %(choices)s)",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ",
    "expected one argument": "cần một giá trị sau tùy chọn này",
    "expected at most one argument": "chỉ nhận nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "ambiguous option: %(option)s could match %(matches)s":
        "tùy chọn %(option)s chưa rõ: có thể là %(matches)s",
    "not allowed with argument %s": "không dùng được cùng với %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị %r",
    "unexpected option string: %s": "tùy chọn không đúng chỗ: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "không có lệnh %(parser_name)r (các lệnh: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "không mở được tệp '%(filename)s': %(error)s",
    "argument \"-\" with mode %r": "không dùng được \"-\" với chế độ %r",
    "cannot have multiple subparser arguments": "chỉ được một nhóm lệnh",
    "conflicting subparser: %s": "lệnh bị khai báo hai lần: %s",
    "conflicting subparser alias: %s": "tên khác của lệnh bị khai báo hai lần: %s",
    "conflicting option string: %s": "tùy chọn bị khai báo hai lần: %s",
    "conflicting option strings: %s": "các tùy chọn bị khai báo hai lần: %s",
    "%r is not callable": "%r không gọi được",
}

# What argparse would write as the metavar of an option without one (its dest, upper case).
METAVARS = {
    "site_dir": "THƯ_MỤC", "out": "THƯ_MỤC", "today": "NGÀY", "date": "NGÀY",
    "issued": "NGÀY", "dev_addr": "ĐỊA_CHỈ:CỔNG", "year": "NĂM", "agency": "CƠ_QUAN",
    "output": "TỆP", "file": "TỆP", "title": "TIÊU_ĐỀ", "topics": "LĨNH_VỰC", "kind": "LOẠI",
    "number": "SỐ_HIỆU", "format": "DẠNG",
}


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


@contextlib.contextmanager
def vietnamese() -> Iterator[None]:
    """argparse writes Vietnamese inside this block (re-entrant; restored on leaving)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = gettext, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class Formatter(argparse.HelpFormatter):
    """Vietnamese metavars; lines never broken inside ids and paths (`thu-tuc-hanh-chinh`)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return textwrap.fill(" ".join(text.split()), width, initial_indent=indent,
                             subsequent_indent=indent, break_on_hyphens=False)

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        return METAVARS.get(action.dest, "GIÁ_TRỊ")

    def _get_default_metavar_for_positional(self, action: argparse.Action) -> str:
        return METAVARS.get(action.dest, action.dest.upper())


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Vietnamese; its sub-parsers are Parsers too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        with vietnamese():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        with vietnamese():
            return super().add_subparsers(**kwargs)

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        with vietnamese():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None
                         ) -> tuple[argparse.Namespace, list[str]]:
        with vietnamese():
            return super().parse_known_args(args, namespace)

    def format_help(self) -> str:
        with vietnamese():
            return super().format_help()

    def format_usage(self) -> str:
        with vietnamese():
            return super().format_usage()

    def error(self, message: str) -> Any:
        with vietnamese():
            super().error(message)


WELCOME = """\
cchc — chuyên trang cải cách hành chính.

Việc thường làm (chạy trong thư mục của chuyên trang):
  cchc new news         tạo tin bài mới (chương trình hỏi lần lượt tiêu đề, cơ quan, ngày)
  cchc new document     tạo văn bản mới (kế hoạch, báo cáo, quyết định…)
  cchc validate         kiểm tra toàn bộ nội dung; mỗi lỗi ghi tệp, dòng và cách sửa
  cchc serve            xem trước tại http://127.0.0.1:8000/ (tự cập nhật khi lưu tệp)
  cchc build            xây dựng trang để đăng (vào thư mục site/)

Mọi lệnh: cchc --help. Hướng dẫn một lệnh: cchc LỆNH --help, ví dụ cchc new --help.
Hướng dẫn biên tập: tệp content/huong-dan-bien-tap.md (trang /huong-dan-bien-tap/ khi xem trước).
"""

HOW_TO_VIEW_SITE = """\
Xem trang vừa xây dựng: chạy
    python3 -m http.server --directory {site_dir} 8000
rồi mở http://127.0.0.1:8000/ trong trình duyệt. (Mở thẳng tệp index.html từ ổ đĩa thì các liên
kết và ô tìm kiếm không hoạt động.) Khi đang biên tập, dùng "cchc serve" để xem trước."""
"""For `cchc build` to print after a build (`.format(site_dir=…)`): how to look at the site."""
