"""Markdown → HTML, once per record; the HTML is reused by its page, listings and feeds.

One `markdown.Markdown` instance is reused with `reset()`: building a new instance per page (as
MkDocs does) costs more than converting a short news item.
"""

from __future__ import annotations

import html
import re
from typing import Any

import markdown

_FIRST_P = re.compile(r"<p>(.*?)</p>", re.S)
_TAGS = re.compile(r"<[^>]+>")


class MarkdownRenderer:
    def __init__(self, extensions: list[Any], configs: dict[str, Any]) -> None:
        self._md = markdown.Markdown(extensions=extensions, extension_configs=configs)

    def convert(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)


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
