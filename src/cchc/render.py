"""Markdown → HTML, once per record; the HTML is reused by its page, listings and feeds.

One `markdown.Markdown` instance is reused with `reset()`: building a new instance per page (as
MkDocs does) costs more than converting a short news item.
"""

from __future__ import annotations

import contextlib
import html
import re
import signal
import threading
from collections.abc import Iterator
from typing import Any

import markdown

_FIRST_P = re.compile(r"<p>(.*?)</p>", re.S)
_TAGS = re.compile(r"<[^>]+>")

TIME_BUDGET = 20.0  # seconds for one body; a megabyte of ordinary Markdown takes about one


class ConversionFailed(RuntimeError):
    """A body that Python-Markdown cannot convert within the budget (or without exhausting the
    stack): validation's limits (`validate.body`) did not foresee it. The message is Vietnamese."""


class BodyFailed(RuntimeError):
    """ConversionFailed of one record's body: the message names its file and line, as a
    diagnostic does, so the build's failure says where to look."""

    @classmethod
    def of(cls, record: Any, reason: str, root: Any) -> BodyFailed:
        source = getattr(record, "source", None)
        where = "?"
        if source is not None:
            try:
                where = source.path.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                where = source.path.as_posix()
        return cls(f"{where}:{getattr(source, 'line', 1)}:1: lỗi markdown-too-complex: Không "
                   f"tạo được trang từ nội dung này ({reason}).\n    → Cách sửa: tìm đoạn có "
                   "nhiều dấu ngoặc `[`, `(`, `<` không đóng hoặc danh sách lồng nhau nhiều cấp, "
                   "rồi đóng ngoặc hoặc giảm số cấp.")


@contextlib.contextmanager
def _budget(seconds: float) -> Iterator[None]:
    """Raise ConversionFailed after `seconds` (where a timer can interrupt: the main thread)."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise ConversionFailed(f"chuyển Markdown sang HTML quá {seconds:.0f} giây")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class MarkdownRenderer:
    def __init__(self, extensions: list[Any], configs: dict[str, Any]) -> None:
        self._extensions, self._configs = extensions, configs
        self._md = markdown.Markdown(extensions=extensions, extension_configs=configs)

    def convert(self, text: str, budget: float | None = None) -> str:
        self._md.reset()
        try:
            with _budget(TIME_BUDGET if budget is None else budget):
                return self._md.convert(text)
        except RecursionError:
            raise ConversionFailed("nội dung lồng nhau quá sâu") from None
        except ConversionFailed:
            # Interrupted halfway, the instance's state is not to be trusted: start afresh.
            self._md = markdown.Markdown(extensions=self._extensions,
                                         extension_configs=self._configs)
            raise


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())


def excerpt(body_html: str, limit: int = 280) -> str:
    """The first paragraph as plain text, cut at a word boundary."""
    m = _FIRST_P.search(body_html)
    text = plain_text(m.group(1) if m else body_html)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
