"""Typed records of a portal: agencies, documents (văn bản), news items (tin bài), questions
and answers (hỏi đáp).

Their vocabularies (kinds, levels, topics…) are in `vocab`, their URLs in `urls`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from . import urls
from .dates import local_day
from .periods import Due, Period, Quota
from .vocab import DEFAULT_FORMAT, FORMATS, KINDS

Day = date  # NewsItem's field `date` hides the type inside its class


@dataclass
class Source:
    """Where a record was written, for messages and "edit this page" links."""

    path: Path
    line: int = 1
    # Line and column of top-level fields, for messages given after validation (catalog).
    fields: dict[str, tuple[int, int]] = field(default_factory=dict)

    def at(self, name: str) -> tuple[int, int]:
        return self.fields.get(name, (self.line, 1))


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
    # The agencies that took over its duties (one, or several: a district's went to the province
    # and to the communes of the 2025 reform), in the order the registry gives them.
    successor: list[str] = field(default_factory=list)
    address: str = ""
    phone: str = ""
    email: str = ""
    source: Source | None = None

    @property
    def label(self) -> str:
        return self.short or self.name

    @property
    def has_contact(self) -> bool:
        return bool(self.address or self.phone or self.email or self.website)

    @property
    def url(self) -> str:
        return urls.agency(self.id)

    def active_on(self, day: date) -> bool:
        return self.dissolved is None or day < self.dissolved

    def former_on(self, day: date) -> bool:
        """Whether it had ceased to exist on `day` (a later dissolution is still to come)."""
        return not self.active_on(day)


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
    doc_id: str | None = None  # a portal document named by its id (a draft has no number)
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
    id: str = ""  # lets news and documents name the task as evidence (SPEC §8)
    done: date | None = None  # the completion day the editor wrote
    result: str = ""  # what was delivered


@dataclass
class TaskRef:
    """A task of a plan named by a news item or a document as what it fulfils:
    "107/KH-UBND#tin-bai" (a số hiệu, or a document id, then # and the task id)."""

    text: str
    document: str  # the part before "#"
    task: str  # the task id
    pos: tuple[int, int] = (1, 1)  # where it is written, for messages
    target: str | None = None  # id of the document it resolves to (set by the catalog)


@dataclass
class Author:
    name: str
    share: float = 100.0  # percent of the item's royalty


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


# States of a consultation on a given day (SPEC §9).
UPCOMING = "sap-lay-y-kien"
OPEN = "dang-lay-y-kien"
CLOSED = "het-han"


@dataclass(frozen=True)
class Consultation:
    """A draft open for public comment (lấy ý kiến dự thảo): from `start` to `end`, both days
    included; `contact` says how to send comments."""

    start: date
    end: date
    contact: str

    def state(self, today: date) -> str:
        if today < self.start:
            return UPCOMING
        return OPEN if today <= self.end else CLOSED

    def is_open(self, today: date) -> bool:
        return self.state(today) == OPEN

    def days_left(self, today: date) -> int:
        """Days after today still open (0: today is the last day)."""
        return (self.end - today).days

    @property
    def days(self) -> int:
        """How long comments are taken, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def closed_on(self) -> date:
        """The first day comments are no longer taken."""
        return self.end + timedelta(days=1)


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
    fulfils: list[TaskRef] = field(default_factory=list)  # tasks of other plans it reports on
    effective: date | None = None  # ngày có hiệu lực, when written (default: issued)
    expires: date | None = None  # ngày hết hiệu lực
    consultation: Consultation | None = None  # a draft open for comment (SPEC §9)
    aliases: list[str] = field(default_factory=list)  # old URLs, root-relative (SPEC §12)
    draft: bool = False
    body: str = ""
    source: Source | None = None

    @property
    def url(self) -> str:
        return urls.document(self.id)

    @property
    def effective_day(self) -> date | None:
        """The day it takes effect: `effective`, else the day it was issued."""
        return self.effective or self.issued

    @property
    def evidence_day(self) -> date | None:
        """The day this document shows a task done: its issue date."""
        return self.issued

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def label(self) -> str:
        """"Kế hoạch 107/KH-UBND"; without a number, "Kế hoạch (chưa có số)", or "Dự thảo kế
        hoạch" for a draft put up for comment."""
        if self.number:
            return f"{self.kind_label} {self.number}"
        if self.consultation:
            return f"Dự thảo {self.kind_label.lower()}"
        return f"{self.kind_label} (chưa có số)"

    @property
    def sort_date(self) -> date:
        # A draft has no date of issue: it is dated by the day it was put up for comment.
        if self.issued:
            return self.issued
        return self.consultation.start if self.consultation else date(self.year, 1, 1)


@dataclass(frozen=True)
class Picture:
    """A news item's picture (`image`), as validation found it: the build resizes it
    (`cchc.images`)."""

    name: str  # as written in the front matter
    path: Path
    width: int  # pixels, after the camera's orientation is applied
    height: int
    digest: str  # of the file's bytes: resized copies are named by it
    alt: str  # `image_alt`: its text equivalent


@dataclass(frozen=True)
class Media:
    """A news item's recording (`media`): audio for `phat-thanh`, video for `video`."""

    name: str
    path: Path
    url: str  # root-relative: the file is published beside the item's Markdown
    size: int  # bytes (an RSS enclosure's length)
    mime: str
    duration: float | None = None  # seconds, when the container says (not for WebM)

    @property
    def is_video(self) -> bool:
        return self.mime.startswith("video/")


@dataclass(frozen=True)
class Transcript:
    """What a recording says, in words (`transcript`): plain text, Markdown or WebVTT captions;
    shown on the item's page beside the player."""

    name: str
    url: str  # root-relative: published beside the item's Markdown (not for Markdown files)
    kind: str  # txt | md | vtt
    text: str  # the file's text (NFC); for vtt, the captions' words without timings


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
    picture: Picture | None = None  # the validated `image` with `image_alt`
    media: Media | None = None
    transcript: Transcript | None = None
    format: str = DEFAULT_FORMAT  # tin | bai | anh | video | phat-thanh | tieu-pham | …
    tasks: list[TaskRef] = field(default_factory=list)  # plan tasks it fulfils
    grade: str = ""  # royalty grade (bảng nhuận bút)
    authors: list[Author] = field(default_factory=list)  # co-authors with shares
    aliases: list[str] = field(default_factory=list)  # old URLs, root-relative (SPEC §12)
    draft: bool = False
    body: str = ""
    source: Source | None = None

    @property
    def url(self) -> str:
        return urls.news(self.id)

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def format_label(self) -> str:
        return FORMATS[self.format]

    @property
    def evidence_day(self) -> Day:
        """The calendar day in Vietnam of its publication."""
        return local_day(self.date)

    @property
    def credits(self) -> list[Author]:
        """Who wrote it, with shares: `authors`, else `author` alone (empty: nobody named)."""
        if self.authors:
            return self.authors
        return [Author(self.author, 100.0)] if self.author else []


@dataclass(frozen=True)
class IndexResult:
    """One unit's result in one year of an index: a score, a rank among `rank_of`, or both."""

    agency: str
    score: float | None = None
    rank: int | None = None
    line: int = 1  # in its file, for messages


@dataclass
class IndexYear:
    """One file of content/chi-so/: an index's results for one year (SPEC §9)."""

    index: str  # par-index | sipas | … | a portal's own id
    name: str  # "PAR INDEX", or the portal's own index's name
    year: int
    scale: float  # the maximum score
    results: list[IndexResult]
    rank_of: int | None = None  # how many units were ranked (63 provinces, then 34…)
    source: str = ""  # the decision that published the results
    note: str = ""
    example: bool = False  # invented numbers (a demo): said on every page that shows them
    file: Source | None = None


@dataclass
class Question:
    """A citizen's question and the answering agency's answer (hỏi đáp,
    content/hoi-dap/**/*.md); the Markdown body is the answer."""

    id: str  # "<year asked>/<slug>"
    question: str
    asked: date
    slug: str
    title: str = ""  # a short heading, when the question is long (default: the question)
    answered: date | None = None
    agency: str | None = None  # the answering agency (required once answered)
    asker: str = ""  # a name, or "Công dân"
    topics: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    draft: bool = False
    body: str = ""
    source: Source | None = None

    @property
    def url(self) -> str:
        return urls.question(self.id)

    @property
    def year(self) -> int:
        return self.asked.year

    @property
    def heading(self) -> str:
        return self.title or self.question

    @property
    def is_answered(self) -> bool:
        return self.answered is not None

    @property
    def sort_date(self) -> date:
        return self.asked

    @property
    def latest(self) -> date:
        """The day of its last change: answered, else asked."""
        return self.answered or self.asked


Record = Document | NewsItem | Question  # a published item with its own page


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
