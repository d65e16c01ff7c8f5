"""Markdown bodies → the HTML that is published: converted, cleaned, links made root-relative.

Each body is converted once per run, at validation (which reports what the cleaner removes, at
the line of the source), and the same result is what pages, feeds and open data print: what is
published is exactly what was checked. A live preview keeps the results across rebuilds, so
only edited bodies are converted again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import links, security
from .render import MarkdownRenderer, plain_text


@dataclass(frozen=True)
class Converted:
    html: str  # cleaned (`security.sanitize`), links root-relative (`links.ROOT`)
    findings: tuple[security.Finding, ...]  # what the cleaner removed (validation refuses it)


# Table cells' alignment (the one style the cleaner keeps) becomes a class of the stylesheet:
# the pages' policy allows no inline style.
_ALIGN = re.compile(r'\sstyle="text-align:\s*(left|right|center|justify);?"')

BodyCache = dict[tuple[str, str], Converted]
"""Converted bodies by (Markdown, folder its links are relative to)."""


class Converter:
    def __init__(self, extensions: list[Any], configs: dict[str, Any],
                 cache: BodyCache | None = None) -> None:
        self.extensions = extensions
        self.configs = configs
        self.cache = cache
        self._md: MarkdownRenderer | None = None
        self._used: BodyCache = {}
        self.conversions = 0  # Markdown conversions this run (a test holds it to one per body)

    def convert(self, markdown: str, source_dir: str) -> Converted:
        key = (markdown, source_dir)
        done = self._used.get(key)
        if done is None and self.cache is not None:
            done = self.cache.get(key)
        if done is None:
            self._md = self._md or MarkdownRenderer(self.extensions, self.configs)
            self.conversions += 1
            raw = self._md.convert(markdown)
            clean, found = security.clean(raw)
            # After cleaning: its output quotes every attribute, so every link is rebased.
            html = unique_ids(_ALIGN.sub(r' class="cchc-align-\1"', clean))
            done = Converted(links.anchor_to_root(html, source_dir), tuple(found))
        self._used[key] = done
        return done

    def used(self) -> BodyCache:
        """What this run converted or reused so far."""
        return dict(self._used)

    def adopt(self, converted: BodyCache) -> None:
        """Take conversions another process made of this run's bodies (`validate`)."""
        self.conversions += sum(key not in self._used for key in converted)
        self._used.update(converted)

    def prune(self) -> None:
        """Keep in the cache only what this run used: it never outgrows the portal."""
        if self.cache is not None:
            self.cache.clear()
            self.cache.update(self._used)


# Ids the templates give their own sections and the layout its landmarks: a body heading that
# would take one of them ("## Căn cứ" in a document's text) gets a suffix, so that every id of a
# page is unique and the page's own links go where they say.
RESERVED_IDS = frozenset({
    "noi-dung", "tai-ve", "thong-tin", "can-cu", "van-ban-thuc-hien", "tin-bai-lien-quan",
    "so-do", "phan-cong", "dinh-kem", "muc-luc", "tin-moi", "van-ban-moi", "sap-den-han",
    "van-ban", "tin-bai", "nhiem-vu", "tien-do", "don-vi-truc-thuoc", "lien-he",
    "ket-qua-nhiem-vu", "noi-dung-chinh", "cchc-q", "cchc-q-trang", "cchc-search-hint",
    "cchc-search-panel", "cchc-search-status", "cchc-search-results", "cchc-search-page-status",
    "cchc-menu", "cchc-footer-owner", "cchc-footer-links", "cchc-footer-data",
    # indices, media, succession (issue 20)
    "chi-so", "tiep-nhan", "don-vi-truc-thuoc-cu", "loi-chuong-trinh", "loi-chuong-trinh-tieu-de",
    "trinh-phat-tieu-de", "dien-bien", "xep-hang", "muc-luc-chi-so", "doc-thu-hang",
    "dang-hoat-dong", "da-cham-dut",
})
_ID = re.compile(r'(\s(?:id|href)=")(#?)([^"]+)(")')
_HEADING = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)


def unique_ids(body_html: str) -> str:
    """Rename the body's ids (and its links to them) that the page's own sections use."""
    if 'id="' not in body_html:
        return body_html

    def fix(m: re.Match[str]) -> str:
        attr, hash_, value, end = m.groups()
        is_id = attr.strip().startswith("id")
        if (is_id or hash_) and value in RESERVED_IDS:
            return f"{attr}{hash_}{value}-2{end}"
        return m.group(0)

    return _ID.sub(fix, body_html)


def headings(body_html: str) -> list[dict[str, Any]]:
    """The second-level headings of a body, as a table of contents: [{"id", "title"}]."""
    return [{"id": m.group(1), "title": plain_text(m.group(2))}
            for m in _HEADING.finditer(body_html)]
