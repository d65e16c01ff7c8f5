"""Typed records of a portal: agencies, documents (văn bản), news items (tin bài).

Their vocabularies (kinds, levels, topics…) are in `vocab`, their URLs in `urls`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from . import urls
from .periods import Due, Period, Quota
from .vocab import KINDS


@dataclass
class Source:
    """Where a record was written, for messages and "edit this page" links."""

    path: Path
    line: int = 1


@dataclass
class Agency:
    id: str
    name: str
    level: str
    short: str = ""
    parent: str | None = None
    aliases: list[str] = field(default_factory=list)
    website: str = ""
    dissolved: date | None = None
    successor: str | None = None
    source: Source | None = None

    @property
    def label(self) -> str:
        return self.short or self.name

    @property
    def url(self) -> str:
        return urls.agency(self.id)

    def active_on(self, day: date) -> bool:
        return self.dissolved is None or day < self.dissolved


@dataclass
class Reference:
    """A document this one refers to (căn cứ, thực hiện…), resolved or external."""

    text: str  # as written (the pasted phrase, or a rebuilt description)
    number: str | None = None
    kind: str | None = None
    agency: str | None = None  # registry id when the agency is known
    agency_name: str | None = None  # as written, when not in the registry
    issued: date | None = None
    title: str | None = None
    relation: str = "can-cu"
    target: str | None = None  # id of the portal document it resolves to (set by catalog)


@dataclass
class Task:
    task: str
    lead: str
    support: list[str] = field(default_factory=list)
    product: str = ""
    due: Due | None = None
    quota: Quota | None = None
    index: int = 0


@dataclass
class Signer:
    name: str
    title: str = ""


@dataclass
class Attachment:
    name: str
    path: Path
    size: int
    mime: str


@dataclass
class Document:
    id: str
    kind: str
    title: str
    agency: str
    year: int
    number: str | None = None
    issued: date | None = None
    period: Period | None = None
    period_text: str = ""
    signer: Signer | None = None
    refs: list[Reference] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    draft: bool = False
    body: str = ""
    source: Source | None = None

    @property
    def url(self) -> str:
        return urls.document(self.id)

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def label(self) -> str:
        """"Kế hoạch 107/KH-UBND" or, for a draft without number, "Kế hoạch (dự thảo)"."""
        return f"{self.kind_label} {self.number}" if self.number else f"{self.kind_label} (chưa có số)"

    @property
    def sort_date(self) -> date:
        return self.issued or date(self.year, 1, 1)


@dataclass
class NewsItem:
    id: str  # "<year>/<slug>"
    title: str
    date: datetime  # timezone-aware (+07:00 when written without zone)
    agency: str
    slug: str
    author: str = ""
    topics: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    documents: list[Reference] = field(default_factory=list)
    description: str = ""
    image: str = ""
    draft: bool = False
    body: str = ""
    source: Source | None = None

    @property
    def url(self) -> str:
        return urls.news(self.id)

    @property
    def year(self) -> int:
        return self.date.year


@dataclass
class MarkdownPage:
    """An ordinary page written by editors (giới thiệu, hỏi đáp…): any Markdown file of docs_dir
    outside the news folder."""

    src_uri: str  # relative to docs_dir, "gioi-thieu.md"
    title: str
    body: str
    template: str = ""
    description: str = ""
    meta: dict[str, Any] = field(default_factory=dict)  # the whole front matter
    source: Source | None = None

    @property
    def url(self) -> str:
        return urls.markdown_page(self.src_uri)
