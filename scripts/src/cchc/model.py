"""Typed records of a portal and the vocabularies (enums) the content format allows.

The vocabularies carry their Vietnamese labels: validation, JSON Schemas, templates and feeds
all read them from here, so a value is declared once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .periods import Due, Period, Quota

TOPICS: dict[str, str] = {
    "the-che": "Cải cách thể chế",
    "thu-tuc-hanh-chinh": "Cải cách thủ tục hành chính",
    "to-chuc-bo-may": "Cải cách tổ chức bộ máy",
    "che-do-cong-vu": "Cải cách chế độ công vụ",
    "tai-chinh-cong": "Cải cách tài chính công",
    "chinh-quyen-so": "Xây dựng chính quyền điện tử, chính quyền số",
}

KINDS: dict[str, str] = {
    "ke-hoach": "Kế hoạch",
    "bao-cao": "Báo cáo",
    "quyet-dinh": "Quyết định",
    "cong-van": "Công văn",
    "thong-bao": "Thông báo",
    "chuong-trinh": "Chương trình",
    "de-an": "Đề án",
    "khac": "Văn bản khác",
}

LEVELS: dict[str, str] = {
    "trung-uong": "Trung ương",
    "tinh": "Cấp tỉnh",
    "so-nganh": "Sở, ban, ngành",
    "huyen": "Cấp huyện",
    "phong-ban": "Phòng, ban, đơn vị",
    "xa": "Cấp xã",
    "bao-dai": "Báo, đài",
    "doan-the": "Đoàn thể",
    "khac": "Khác",
}

RELATIONS: dict[str, str] = {
    "can-cu": "Căn cứ",
    "thuc-hien": "Thực hiện",
    "bao-cao": "Báo cáo về",
    "sua-doi": "Sửa đổi",
    "thay-the": "Thay thế",
}


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
        return f"co-quan/{self.id}/"

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
        return f"van-ban/{self.id}/"

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
        return f"tin-tuc/{self.id}/"

    @property
    def year(self) -> int:
        return self.date.year
