"""Relative links in bodies, made right wherever the HTML is shown.

A news item written at content/tin-tuc/2024/x.md is published at /tin-tuc/2024/<slug>/, so its
`anh.jpg` must become `../anh.jpg` on its page and an absolute URL in feeds. Bodies are stored
with root-relative links (marked `cchc:/…`) and rebased per use.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

_ATTR = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
ROOT = "cchc:/"


def _is_local(url: str) -> bool:
    if not url or url.startswith(("#", "/", "mailto:", "tel:", "data:")):
        return False
    return not urlsplit(url).scheme


def anchor_to_root(body_html: str, source_dir: str) -> str:
    """Turn links relative to the source file's folder into root-relative `cchc:/` links."""

    def fix(m: re.Match[str]) -> str:
        url = m.group(2)
        if not _is_local(url):
            return m.group(0)
        path, _, frag = url.partition("#")
        joined = posixpath.normpath(posixpath.join(source_dir, path)) if path else source_dir
        if path.endswith(".md"):  # a link to another Markdown page: its directory URL
            joined = joined[:-3]
            joined = joined[:-5] if joined.endswith("index") else joined + "/"
        return f"{m.group(1)}{ROOT}{joined.lstrip('./')}{'#' + frag if frag else ''}{m.group(3)}"

    return _ATTR.sub(fix, body_html)


def relative_to(body_html: str, page_url: str) -> str:
    """Root-relative links → relative to the page at `page_url` (works under any sub-path)."""
    if ROOT not in body_html:
        return body_html
    depth = page_url.count("/")
    prefix = "../" * depth
    return body_html.replace(ROOT, prefix)


def absolute(body_html: str, base_url: str) -> str:
    """Root-relative links → absolute URLs (feeds are read outside the site)."""
    return body_html.replace(ROOT, base_url)
