"""What the importer reads from one document: typed, immutable records.

Each step returns its own frozen result; `document.parse_document` assembles them into one
`Imported` at the end. A field the importer is not sure of has a reason in `flags` (the
draft writes it as `# CẦN KIỂM TRA: …` above the field): every value is right or marked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from .agencies import Proposal


class NotADocument(ValueError):
    """The text names no document; the message says why, in Vietnamese."""


def frozen_map(data: Mapping[str, str] | None = None) -> Mapping[str, str]:
    return MappingProxyType(dict(data or {}))


@dataclass(frozen=True)
class Signer:
    name: str
    title: str | None = None

    def as_yaml(self) -> dict[str, str]:
        return {"name": self.name, **({"title": self.title} if self.title else {})}


@dataclass(frozen=True)
class Ref:
    """A căn cứ / thực hiện reference (SPEC §2 `refs`)."""

    number: str | None = None
    kind: str | None = None
    agency: str | None = None  # a registry id, or the name as written when it has none
    issued: date | None = None
    title: str | None = None
    relation: str = "can-cu"
    comment: str = ""  # for the editor, beside the agency

    def as_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("number", "kind", "agency", "issued", "title"):
            if (value := getattr(self, key)) is not None:
                out[key] = value
        out["relation"] = self.relation
        return out


@dataclass(frozen=True)
class Task:
    """A row of a phụ lục's task table (SPEC §2 `tasks`)."""

    task: str
    lead: str
    product: str | None = None
    support: tuple[str, ...] = ()
    due: str | date | None = None
    quota: str | None = None
    # Comments written beside a key ("lead", "support") and under the task ("support_only").
    comments: Mapping[str, str] = field(default_factory=frozen_map)
    note: str | None = None  # a flag over the whole task

    def as_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {"task": self.task}
        if self.product:
            out["product"] = self.product
        out["lead"] = self.lead
        if self.support:
            out["support"] = list(self.support)
        if self.due is not None:
            out["due"] = self.due
        if self.quota:
            out["quota"] = self.quota
        return out


# What the draft is: the document itself, or the document a news item / notice announces.
ORIGIN_DOCUMENT = "van-ban"
ORIGIN_ANNOUNCED = "van-ban-duoc-dua-tin"


@dataclass(frozen=True)
class Imported:
    """Everything read from one document; None / empty where nothing could be read."""

    number: str | None = None
    kind: str | None = None
    title: str | None = None
    agency: str | None = None  # registry id (resolved, forced, or a proposed new id)
    agency_text: str | None = None  # the issuing agency as the document writes it
    issued: date | None = None
    year: int | None = None
    period: str | None = None
    signer: Signer | None = None
    refs: tuple[Ref, ...] = ()
    tasks: tuple[Task, ...] = ()
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    published: date | None = None  # a web page's date, not the issue date
    recipients: tuple[str, ...] = ()
    body_markdown: str = ""
    notes: tuple[str, ...] = ()  # for the editor, at the top of the draft
    flags: Mapping[str, str] = field(default_factory=frozen_map)  # field → why to check it
    proposals: tuple[Proposal, ...] = ()
    source: str | None = None
    origin: str = ORIGIN_DOCUMENT
    announced_in: str | None = None  # the news item or notice the document was read from
    source_warnings: tuple[str, ...] = ()  # what reading the file lost (a PDF's tables…)

    @property
    def unknown_agencies(self) -> list[str]:
        return [p.name for p in self.proposals]
