"""Markdown → HTML, once per record; the HTML is reused by its page, listings and feeds.

One `markdown.Markdown` instance is reused with `reset()`: building a new instance per page (as
MkDocs does) costs more than converting a short news item.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import re
import signal
import threading
from collections.abc import Iterator
from typing import Any, cast

import markdown
from markdown.treeprocessors import InlineProcessor

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


# Python-Markdown tries every inline pattern on every text of the tree, a Python call per pair:
# 40 % of converting the synthetic portal's bodies. No core pattern can match a text without one
# of the characters they start with (code, escape, links and images, autolinks, mail, raw HTML,
# entities, emphasis) or a hard line break, so such a text is left as it is, untried.
# Python-Markdown 3.11's core patterns, as analysed (their kinds and regexes, digested): with
# any other set (another version, an extension's pattern) every text is tried as before.
_INLINE_STARTS = re.compile(r"[`\\\[<&*_]|  \n")
CORE_INLINE = "ad75b317747a34114459ece9ace0487125dc1b3fbfbc16bb80e6525fe12288ad"


def inline_patterns_digest(md: markdown.Markdown) -> str:
    """The digest of the kinds and regexes of `md`'s inline patterns, in their order."""
    text = "\n".join(f"{type(pattern).__name__} {getattr(pattern, 'pattern', None)}"
                     for pattern in md.inlinePatterns)
    return hashlib.sha256(text.encode()).hexdigest()


class _PlainTextsUntried(InlineProcessor):
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if patternIndex == 0 and not _INLINE_STARTS.search(data):
            return data
        handle = InlineProcessor._InlineProcessor__handleInline  # type: ignore[attr-defined]
        return cast(str, handle(self, data, patternIndex))


def new_markdown(extensions: list[Any], configs: dict[str, Any]) -> markdown.Markdown:
    """A Markdown instance of these extensions; plain texts untried where that is sound."""
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    if inline_patterns_digest(md) == CORE_INLINE and "inline" in md.treeprocessors:
        priority = next(item.priority for item in md.treeprocessors._priority  # type: ignore[attr-defined]
                        if item.name == "inline")
        md.treeprocessors.register(_PlainTextsUntried(md), "inline", priority)
    return md


class MarkdownRenderer:
    def __init__(self, extensions: list[Any], configs: dict[str, Any]) -> None:
        self._extensions, self._configs = extensions, configs
        self._md = new_markdown(extensions, configs)

    def convert(self, text: str, budget: float | None = None) -> str:
        self._md.reset()
        try:
            with _budget(TIME_BUDGET if budget is None else budget):
                return self._md.convert(text)
        except RecursionError:
            raise ConversionFailed("nội dung lồng nhau quá sâu") from None
        except ConversionFailed:
            # Interrupted halfway, the instance's state is not to be trusted: start afresh.
            self._md = new_markdown(self._extensions, self._configs)
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
