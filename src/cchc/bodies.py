"""Markdown bodies → the HTML that is published: converted, cleaned, links made root-relative.

Each body is converted once per run, at validation (which reports what the cleaner removes, at
the line of the source), and the same result is what pages, feeds and open data print: what is
published is exactly what was checked. A live preview keeps the results across rebuilds, so
only edited bodies are converted again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import links, security
from .render import MarkdownRenderer


@dataclass(frozen=True)
class Converted:
    html: str  # cleaned (`security.sanitize`), links root-relative (`links.ROOT`)
    findings: tuple[security.Finding, ...]  # what the cleaner removed (validation refuses it)


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
            done = Converted(links.anchor_to_root(clean, source_dir), tuple(found))
        self._used[key] = done
        return done

    def prune(self) -> None:
        """Keep in the cache only what this run used: it never outgrows the portal."""
        if self.cache is not None:
            self.cache.clear()
            self.cache.update(self._used)
