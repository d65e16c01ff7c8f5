"""Page data: the catalog → one `PageSpec` per generated page (URL, template, data).

Adapters render each spec with the template it names (in `overrides/`); nothing here builds HTML
beyond the Markdown bodies. Every list a page shows is cut from the catalog's prepared indexes,
so a page's cost (and size) does not grow with the portal.
"""

from __future__ import annotations

import functools
import json
import math
import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, TypeVar

from markupsafe import Markup

from . import assets, images, links, model, nav, opendata, security, urls
from . import feeds as feeds_mod
from . import indices as indices_mod
from . import legal as legal_mod
from . import media as media_mod
from . import tracking as tracking_mod
from .bodies import BodyCache, Converter, headings
from .catalog import AgencyView, Backlink, Catalog
from .identity import Owner
from .legal import LegalStatus
from .model import Agency, Consultation, Document, MarkdownPage, NewsItem, Question, Source, Task
from .podcast import Podcast
from .render import BodyFailed, ConversionFailed, excerpt
from .settings import Settings
from .text import sort_key
from .vocab import KINDS, LEVELS, RELATIONS, TOPICS

Item = Document | NewsItem | Question  # a record with its own page and body

T = TypeVar("T")

LATEST = 4  # "Tin mới nhất" on a news page: bounded, so the page does not grow with the portal


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str  # root-relative, e.g. "co-quan/so-noi-vu/feed.xml"
    type: str = "application/rss+xml"
    scope: bool = False  # the feed of the page's own scope: its "Theo dõi RSS" link


@dataclass
class Pager:
    number: int
    count: int
    urls: list[str]  # root-relative URL of every page of the listing

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


class PageData:
    """What one kind of generated page shows; its template and kind are declared with it."""

    template: ClassVar[str]
    kind: ClassVar[str]  # "news", "document"…: what search and the writer ask of a page


@dataclass
class NewsPage(PageData):
    template = "cchc/news.html"
    kind = "news"
    item: NewsItem
    latest: list[NewsItem]  # the same agency's latest other items


@dataclass
class DocumentPage(PageData):
    template = "cchc/document.html"
    kind = "document"
    doc: Document
    backlinks: list[Backlink]
    diagram: Diagram
    legal: LegalStatus | None = None  # tình trạng hiệu lực on `today`
    consultation: ConsultationView | None = None  # when it is a draft put up for comment


@dataclass(frozen=True)
class Inheritance:
    """An agency whose duties this one took over (in whole, or with others)."""

    agency: Agency  # the predecessor
    since: date  # the day it ended
    shared_with: tuple[Agency, ...] = ()  # the other agencies that took over its duties


@dataclass
class AgencyPage(PageData):
    template = "cchc/agency.html"
    kind = "agency"
    agency: Agency
    view: AgencyView
    news: Sequence[NewsItem]  # this page's share of the agency's news, newest first
    ancestors: list[Agency]
    children: list[Agency]  # current on the build's day
    predecessors: list[Inheritance]
    quotas: list[tracking_mod.QuotaRow]
    progress: list[tracking_mod.Progress] = field(default_factory=list)  # per plan year
    former_children: list[Agency] = field(default_factory=list)  # ended by the build's day
    successors: list[Agency] = field(default_factory=list)
    former: bool = False  # it had ended by the build's day (`dissolved` in the past)
    indices: list[Any] = field(default_factory=list)  # its CCHC index results (cchc.indices)

    questions: list[Question] = field(default_factory=list)  # it answered, latest first
    more_questions: int = 0  # answered beyond those, on its page of the Q&A list

    pager: Pager | None = None  # page 1 shows the whole agency; pages 2… its older news


@dataclass(frozen=True)
class TreeNode:
    """An agency in the agency tree, with the note that explains where it stands."""

    agency: Agency
    children: tuple[TreeNode, ...] = ()
    # The parent it was under when that one has ended and it has not ("trước đây trực thuộc"),
    # or the current parent of an agency shown among the former ones.
    note: Agency | None = None


@dataclass
class AgencyTreePage(PageData):
    """/co-quan/: the agencies active on the build's day, then those that had ended (each under
    its former parent when they ended with it)."""

    template = "cchc/agencies.html"
    kind = "agency-tree"
    roots: list[TreeNode]
    former: list[TreeNode] = field(default_factory=list)


@dataclass
class YearPage(PageData):
    template = "cchc/year.html"
    kind = "year"
    year: int
    documents: Sequence[Document]  # this page's share of each list (see `paginate_many`)
    news: Sequence[NewsItem]
    tasks: Sequence[tuple[Document, Task]]
    pager: Pager | None = None
    totals: dict[str, int] = field(default_factory=dict)  # "documents", "news", "tasks"


@dataclass
class TopicPage(PageData):
    template = "cchc/topic.html"
    kind = "topic"
    topic: str
    label: str
    documents: Sequence[Document]  # this page's share of each list (see `paginate_many`)
    news: Sequence[NewsItem]
    pager: Pager | None = None
    totals: dict[str, int] = field(default_factory=dict)  # "documents", "news"


@dataclass
class IndicesPage(PageData):
    """/chi-so/: every index of the portal (PAR INDEX, SIPAS…), what it measures, its years."""

    template = "cchc/indices.html"
    kind = "indices"
    series: list[indices_mod.Series]


@dataclass
class IndexPage(PageData):
    """/chi-so/<index>/: the ranking of every year, each unit's history, the charts."""

    template = "cchc/index_page.html"
    kind = "index"
    series: indices_mod.Series
    others: list[indices_mod.Series]  # the portal's other indices (links)


@dataclass
class RadioPage(PageData):
    """/phat-thanh/: the radio programmes with a recording, newest first (the podcast's page)."""

    template = "cchc/radio.html"
    kind = "radio"
    items: list[NewsItem]


@dataclass
class NewsListPage(PageData):
    template = "cchc/news_list.html"
    kind = "listing"
    items: Sequence[NewsItem]
    pager: Pager


@dataclass
class Filters:
    """Choices of the document listing's filter, in Vietnamese order."""

    kinds: list[tuple[str, str]]
    agencies: list[tuple[str, str]]  # active on the build's day
    years: list[int]
    former_agencies: list[tuple[str, str]] = field(default_factory=list)  # ended by then


@dataclass
class DocumentListPage(PageData):
    template = "cchc/document_list.html"
    kind = "listing"
    items: Sequence[Document]
    pager: Pager
    filters: Filters


@dataclass
class ProgressPage(PageData):
    """/tien-do/ (the current plan years, `year` None) or /tien-do/YYYY/ (one plan year)."""

    template = "cchc/progress.html"
    kind = "progress"
    tracking: tracking_mod.Tracking
    years: list[tracking_mod.Progress]  # shown in full
    others: list[tracking_mod.Progress]  # linked: their own pages
    year: int | None = None


PROGRESS_PREVIEW = 10  # rows a plan year's long table shows; all of them on their own pages
PROGRESS_LIST_SIZE = 25  # rows per page of those lists (a quota row is ~4 KB of HTML)


def progress_preview(rows: Sequence[T]) -> Sequence[T]:
    """The rows of a plan year's table that its progress shows: all of them, unless they are
    more than twice PROGRESS_PREVIEW (cutting 12 rows to 10 helps no one)."""
    return rows if len(rows) <= 2 * PROGRESS_PREVIEW else rows[:PROGRESS_PREVIEW]


@dataclass
class ProgressListPage(PageData):
    """One table of a plan year's progress in full, paginated — the tasks of one status, or
    the quotas — of all agencies or of one: a year's page shows the first PROGRESS_PREVIEW
    rows of each, so that no page grows with the portal (/tien-do/2024/qua-han/)."""

    template = "cchc/progress_list.html"
    kind = "progress"
    progress: tracking_mod.Progress
    slug: str  # a task status's slug, or urls.QUOTA_LIST
    heading: str
    states: Sequence[tracking_mod.TaskState]  # this page's tasks (a status's list)
    rows: Sequence[tracking_mod.QuotaRow]  # this page's quotas (the quotas' list)
    total: int
    first: int  # the number of this page's first row, from 1
    pager: Pager
    back: str  # the page showing the year's preview
    agency: Agency | None = None


# -- public consultation on drafts (SPEC §9) ----------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WEB = re.compile(r"https?://[^\s,;()<>]+[^\s,;()<>.]")
_CONTACT = re.compile(f"{_WEB.pattern}|{_EMAIL.pattern}")


def contact_parts(text: str) -> list[tuple[str, str | None]]:
    """How to send comments, as text with its addresses made links: `(text, href or None)`;
    an email becomes a `mailto:`, a web address a link."""
    out: list[tuple[str, str | None]] = []
    at = 0
    for m in _CONTACT.finditer(text):
        if m.start() > at:
            out.append((text[at:m.start()], None))
        found = m.group(0)
        out.append((found, found if found.startswith("http") else f"mailto:{found}"))
        at = m.end()
    if at < len(text):
        out.append((text[at:], None))
    return out


STATE_LABELS = {model.UPCOMING: "Sắp lấy ý kiến", model.OPEN: "Đang lấy ý kiến",
                model.CLOSED: "Đã hết thời gian lấy ý kiến"}


@dataclass(frozen=True)
class ConsultationView:
    """A draft's consultation as it stands on `today`, with what the drafting agency published
    on the comments (documents naming the draft with `relation: bao-cao`)."""

    doc: Document
    consultation: Consultation
    today: date
    reports: tuple[Document, ...] = ()

    @property
    def state(self) -> str:
        return self.consultation.state(self.today)

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def is_open(self) -> bool:
        return self.state == model.OPEN

    @property
    def is_upcoming(self) -> bool:
        return self.state == model.UPCOMING

    @property
    def is_closed(self) -> bool:
        return self.state == model.CLOSED

    @property
    def days_left(self) -> int:
        return self.consultation.days_left(self.today)

    @property
    def left(self) -> str:
        """"còn 10 ngày", "hôm nay là ngày cuối" (while open)."""
        days = self.days_left
        return "hôm nay là ngày cuối cùng" if days <= 0 else f"còn {days} ngày"

    @property
    def contact(self) -> list[tuple[str, str | None]]:
        return contact_parts(self.consultation.contact)


@dataclass
class ConsultationListPage(PageData):
    """/lay-y-kien/: drafts open for comment first (closing soonest first), then those about to
    open, then closed ones (latest first) with the drafting agency's report on the comments."""

    template = "cchc/consultations.html"
    kind = "consultations"
    open: list[ConsultationView]
    upcoming: list[ConsultationView]
    closed: list[ConsultationView]
    page: MarkdownPage | None = None  # content/lay-y-kien/index.md introduces the list


# -- questions and answers (SPEC §9) -------------------------------------------------------------

@dataclass
class QuestionFilters:
    """The static pages that filter the Q&A list: by topic, by answering agency."""

    topics: list[tuple[str, str, int]]  # id, label, questions
    agencies: list[tuple[str, str, int]]  # id, label, questions


@dataclass
class QuestionListPage(PageData):
    """/hoi-dap/ (newest first, unanswered marked) and its filters by topic and agency."""

    template = "cchc/questions.html"
    kind = "questions"
    items: Sequence[Question]
    pager: Pager
    filters: QuestionFilters
    total: int  # questions of this list (all pages)
    unanswered: int  # of them, not answered yet
    page: MarkdownPage | None = None  # content/hoi-dap/index.md introduces the list
    topic: str | None = None  # the list of one topic
    agency: Agency | None = None  # the list of one answering agency


@dataclass
class QuestionPage(PageData):
    template = "cchc/question.html"
    kind = "question"
    item: Question
    related: list[Question]  # other questions of its topics, latest first


@dataclass
class RedirectPage(PageData):
    """An old address of a page (`aliases`, SPEC §12): sends readers and search engines on."""

    template = "cchc/redirect.html"
    kind = "redirect"
    target: str  # root-relative URL of the page now
    title: str  # of the page now
    source: Source | None = None  # the file whose `aliases` list it, for messages


@dataclass
class HomePage(PageData):
    template = "cchc/home.html"
    kind = "home"
    news: list[NewsItem]
    documents: list[Document]
    deadlines: list[tracking_mod.TaskState]
    page: MarkdownPage | None = None  # content/index.md: its text introduces the portal
    consultations: list[ConsultationView] = field(default_factory=list)  # open today


@dataclass
class MarkdownPageData(PageData):
    """An ordinary page written by editors (giới thiệu, hỏi đáp…)."""

    template = "cchc/page.html"
    kind = "page"
    page: MarkdownPage

    @property
    def indexed(self) -> bool:
        """Whether search indexes it (`search: {exclude: true}` in its front matter, or
        `public: false`, leaves it out)."""
        search = self.page.meta.get("search")
        excluded = isinstance(search, dict) and search.get("exclude") is True
        return not excluded and self.public

    @property
    def public(self) -> bool:
        """False for pages kept off the menu, search and sitemap (the editors' guide)."""
        return self.page.meta.get("public") is not False


@dataclass
class TopicsPage(PageData):
    template = "cchc/topics.html"
    kind = "topics"
    topics: list[tuple[str, str, int, int]]  # id, label, documents, news


@dataclass
class YearsPage(PageData):
    template = "cchc/years.html"
    kind = "years"
    years: list[tuple[int, int, int, int]]  # year, documents, news, tasks due


@dataclass
class SearchPage(PageData):
    """/tim-kiem/: every result of a search (the search box of each page opens it)."""

    template = "cchc/search.html"
    kind = "search"


@dataclass
class NotFoundPage(PageData):
    """/404.html: served for every missing address, at any depth, so its links are absolute
    (from the path of site_url)."""

    template = "cchc/404.html"
    kind = "not-found"


@dataclass
class DataPage(PageData):
    """/du-lieu/ (SPEC §11): every dataset with its files, licence and fields, and every feed."""

    template = "cchc/data.html"
    kind = "data"
    open_data: opendata.OpenData
    feeds: list[tuple[str, list[feeds_mod.Feed]]]  # by group, as in the OPML
    opml: str  # root-relative URLs
    catalog_file: str


@dataclass
class ErrorPage(PageData):
    """The preview's page when the content has errors (see `serve.error_data`)."""

    template = "cchc/errors.html"
    kind = "errors"
    errors: int
    warnings: int
    files: list[Any]
    guide_url: str | None
    fallback: bool


@dataclass
class PageSpec:
    url: str  # root-relative directory URL with a trailing slash ("" for the home page)
    title: str
    data: PageData
    description: str = ""  # of the page; see `record`
    feeds: list[FeedLink] = field(default_factory=list)
    # The news item, document or question the page shows: its summary is the page's
    # description, made when the page is rendered (planning the pages, as validation does,
    # converts no body).
    record: Item | None = None

    @property
    def template(self) -> str:
        return self.data.template

    @property
    def scope_feed(self) -> FeedLink | None:
        """The feed of what the page lists (agency, year, topic, listing), when it has items."""
        return next((f for f in self.feeds if f.scope), None)

    @property
    def kind(self) -> str:
        return self.data.kind


@dataclass
class Body:
    """A record's Markdown converted once: root-relative HTML and a plain-text summary."""

    html: str
    summary: str
    toc: list[dict[str, Any]] = field(default_factory=list)  # of ordinary pages


class Site:
    """What every template may ask of the portal; exposed to templates as `cchc`."""

    kinds = KINDS
    topics = TOPICS
    levels = LEVELS
    relations = RELATIONS
    progress_preview = staticmethod(progress_preview)
    # What the page cache (`cchc.pagecache`) need not record page by page, being a function of
    # what its key holds (settings, date, cchc's code) — BUILD_WIDE: the same on every page —
    # or of that and the arguments alone, which come from the page or from recorded answers
    # (PURE: a record's body, summary, picture…; not a lookup in the catalog).
    BUILD_WIDE = frozenset({"settings", "today", "csp", "kinds", "topics", "levels", "relations"})
    PURE = frozenset({"absolute", "body", "summary", "bodies_html", "description", "page_html",
                      "page_toc", "picture", "transcript_html"})

    def __init__(self, catalog: Catalog, settings: Settings, owner: Owner,
                 cache: BodyCache | Converter | None = None) -> None:
        self.catalog = catalog
        self.settings = settings
        self.owner = owner
        self.today = settings.today
        self._bodies = Bodies(settings, cache)
        self._pictures: dict[str, images.Rendition] = {}
        self.podcast = Podcast()  # the cover of /phat-thanh/feed.xml (`cchc.podcast.read`)
        self._legal: dict[str, LegalStatus | None] = {}
        self.page_urls: frozenset[str] = frozenset()  # every page of the site, once planned

    def has_page(self, url: str) -> bool:
        """Whether the site publishes a page at `url` (links to optional sections use it)."""
        return url in self.page_urls

    @functools.cached_property
    def sections(self) -> list[nav.Section]:
        """The menu: the portal's sections, then the pages mkdocs.yml's `nav:` lists."""
        return nav.sections(self.catalog, self.settings)

    def section(self, spec: PageSpec) -> nav.Section | None:
        """The menu entry the page belongs to (highlighted, `aria-current`)."""
        return nav.current(self.sections, spec.url)

    def crumbs(self, spec: PageSpec) -> list[nav.Crumb]:
        """Where the page stands: Trang chủ › section › … (not the page itself)."""
        return nav.crumbs(spec, self.catalog)

    @property
    def logo(self) -> str:
        """The root-relative URL of the logo: the owner's, else the theme's emblem."""
        return self.owner.logo or assets.url(self.settings.theme_path, assets.EMBLEM)

    def absolute(self, url: str) -> str:
        """A root-relative URL as an absolute one (site_url), for canonical links and sharing;
        root-relative again (with a leading slash) when site_url is not set."""
        return (self.settings.base_url or "/") + url

    def page_html(self, page: MarkdownPage, page_url: str) -> Markup:
        """An ordinary page's HTML for the page at `page_url`."""
        return Markup(links.relative_to(self._bodies.page(page).html, page_url))

    def page_toc(self, page: MarkdownPage) -> list[dict[str, Any]]:
        """The second-level headings of an ordinary page (its table of contents)."""
        return self._bodies.page(page).toc

    @functools.cached_property
    def feeds(self) -> list[feeds_mod.Feed]:
        """Every feed that has items (the others are neither written nor linked)."""
        return feeds_mod.scopes(self)

    @functools.cached_property
    def feeds_by_path(self) -> dict[str, feeds_mod.Feed]:
        return {f.path: f for f in self.feeds}

    def feed_link(self, path: str) -> FeedLink | None:
        """The feed at `path` as a link, when it is written (it has items)."""
        feed = self.feeds_by_path.get(path)
        return FeedLink(feed.name, path, feed.mime) if feed else None

    @functools.cached_property
    def open_data(self) -> opendata.OpenData:
        """The open-data datasets and their files (records are made when a file is written)."""
        return opendata.catalogue(self)

    @functools.cached_property
    def tracking(self) -> tracking_mod.Tracking:
        """Quotas and deadlines relative to today, computed once for every page that shows them."""
        return tracking_mod.track(self.catalog, self.today)

    def agency(self, agency_id: str | None) -> Agency | None:
        return self.catalog.agency(agency_id)

    def agencies_of(self, ids: list[str]) -> list[Agency]:
        return [a for i in ids if (a := self.catalog.agency(i)) is not None]

    # -- indices (SPEC §9) and media (SPEC §10) -------------------------------------------------

    @functools.cached_property
    def indices(self) -> list[indices_mod.Series]:
        """Every index of the portal, with its tables, histories and charts (once per build)."""
        return indices_mod.series(self.catalog.indices, self.catalog.agencies)

    def indices_of(self, agency_id: str) -> list[indices_mod.AgencyIndex]:
        """An agency's results in every index, for its page."""
        return indices_mod.of_agency(self.indices, agency_id)

    @functools.cached_property
    def radio(self) -> list[NewsItem]:
        """Published radio programmes with their recording, newest first (the podcast)."""
        return [n for n in self.catalog.news if n.format == "phat-thanh" and n.media is not None
                and not n.media.is_video]

    def picture(self, item: NewsItem) -> images.Rendition | None:
        """The resized copies of a news item's picture (their files are in the build's plan)."""
        if item.picture is None:
            return None
        done = self._pictures.get(item.id)
        if done is None:
            done = self._pictures[item.id] = images.rendition(item.picture, item.url)
        return done

    def pictures(self) -> list[images.Rendition]:
        return [r for n in self.catalog.news if (r := self.picture(n)) is not None]

    @staticmethod
    def duration(item: NewsItem) -> str:
        """"1 phút 5 giây" ("" when the recording's length is not known)."""
        length = item.media.duration if item.media else None
        return media_mod.spoken(length) if length else ""

    def transcript_html(self, item: NewsItem, page_url: str) -> Markup:
        """What the recording says, as HTML for the page at `page_url`: Markdown converted and
        cleaned as bodies are; plain text and captions a paragraph per block, escaped."""
        t = item.transcript
        if t is None:
            return Markup("")
        if t.kind == "md":
            html = self._bodies.converter.convert(t.text, source_dir(item, self.settings)).html
            return Markup(links.relative_to(html, page_url))
        paragraphs = [" ".join(p.split()) for p in t.text.split("\n\n") if p.strip()]
        return Markup("\n").join(Markup("<p>{}</p>").format(p) for p in paragraphs)
    def legal(self, doc: Document) -> LegalStatus | None:
        """Its tình trạng hiệu lực on `today` (`cchc.legal`), None when nothing dated is known;
        computed once per document (lists show it too)."""
        if doc.id not in self._legal:
            self._legal[doc.id] = legal_mod.status(doc, self.catalog.backlinks.get(doc.id, []),
                                                   self.today)
        return self._legal[doc.id]

    def consultation(self, doc: Document) -> ConsultationView | None:
        """The draft's consultation on `today`, with the reports on its comments."""
        if doc.consultation is None:
            return None
        reports = tuple(b.source for b in self.catalog.backlinks.get(doc.id, [])
                        if b.relation == "bao-cao" and isinstance(b.source, Document))
        return ConsultationView(doc, doc.consultation, self.today, reports)

    @functools.cached_property
    def consultations(self) -> list[ConsultationView]:
        views = [self.consultation(d) for d in self.catalog.consultations]
        return [v for v in views if v is not None]

    @property
    def open_consultations(self) -> list[ConsultationView]:
        """Open today, the one closing soonest first."""
        return sorted((v for v in self.consultations if v.is_open),
                      key=lambda v: (v.consultation.end, v.doc.id))

    @property
    def feedback(self) -> str:
        """Where citizens send questions and comments (`feedback` option, else the owner's
        email): a URL for the link "Gửi câu hỏi, góp ý"; "" when there is none. The portal
        only links there: a static site collects nothing."""
        value = self.settings.feedback or self.owner.email
        if not value:
            return ""
        return value if ":" in value else f"mailto:{value}"

    def document(self, doc_id: str | None) -> Document | None:
        return self.catalog.documents_by_id.get(doc_id) if doc_id else None

    def body(self, record: Item, page_url: str) -> Markup:
        """The record's HTML for the page at `page_url`: cleaned by `security.sanitize`, and
        validation refused whatever the cleaning would have removed."""
        return Markup(links.relative_to(self._bodies.of(record).html, page_url))

    def bodies_html(self, record: Item) -> str:
        """Root-relative body HTML (see `links`), cleaned as on the page: for feeds and open
        data."""
        return self._bodies.of(record).html

    def summary(self, record: Item) -> str:
        """Plain text (templates escape it)."""
        return self._bodies.of(record).summary

    @property
    def csp(self) -> str:
        """The Content-Security-Policy of every page (`security.csp`), for the layout's
        `<meta http-equiv="Content-Security-Policy">`."""
        return security.csp()

    def description(self, spec: PageSpec) -> str:
        """The page's description (its record's summary, when it shows one)."""
        if spec.record is not None:
            return self.summary(spec.record) or spec.description
        return spec.description

    def convert_all(self) -> None:
        """Convert every published body now (before forking renderers, which then share them)
        and let the cache keep only these."""
        for doc in self.catalog.documents:
            self._bodies.of(doc)
        for item in self.catalog.news:
            self._bodies.of(item)
            if item.transcript is not None and item.transcript.kind == "md":
                self.transcript_html(item, item.url)
        for question in self.catalog.questions:
            self._bodies.of(question)
        for page in self.catalog.pages:
            self._bodies.page(page)
        self._bodies.prune()


class Bodies:
    """Each published record's body as published: converted and cleaned once per run (by
    validation, which shares its `Converter`), its summary made from the same HTML."""

    def __init__(self, settings: Settings, cache: BodyCache | Converter | None) -> None:
        self.settings = settings
        self.converter = cache if isinstance(cache, Converter) else converter_for(settings, cache)
        self._done: dict[int, Body] = {}

    def of(self, record: Item) -> Body:
        body = self._done.get(id(record))
        if body is None:
            try:
                html = self.converter.convert(record.body, source_dir(record, self.settings)).html
            except ConversionFailed as exc:
                raise BodyFailed.of(record, str(exc), self.settings.root) from None
            summary = record.description if isinstance(record, NewsItem) else ""
            summary = summary or excerpt(html)
            body = self._done[id(record)] = Body(html, summary)
        return body

    def page(self, page: MarkdownPage) -> Body:
        """An ordinary page, its links relative to its own folder (as MkDocs makes them)."""
        body = self._done.get(id(page))
        if body is None:
            html = self.converter.convert(page.body, posixpath.dirname(page.src_uri)).html
            body = self._done[id(page)] = Body(html, page.description or excerpt(html),
                                               headings(html))
        return body

    def prune(self) -> None:
        self.converter.prune()


def converter_for(settings: Settings, cache: BodyCache | None = None) -> Converter:
    return Converter(settings.markdown_extensions, settings.markdown_configs, cache)


def source_dir(record: Item, settings: Settings) -> str:
    """The folder a record's relative links (images, attachments) are resolved in."""
    if isinstance(record, Document):
        # Attachments and images of a document are published next to its page.
        return record.url.rstrip("/")
    assert record.source is not None
    # Sources were found under docs_dir, so no (slow, per item) resolve() is needed.
    return record.source.path.parent.relative_to(settings.docs_path).as_posix()


def paginate(items: Sequence[T], size: int, base: str) -> Iterator[tuple[Sequence[T], Pager]]:
    """Split `items` into pages: base/, base/page/2/, …; always at least one (maybe empty) page."""
    count = max(1, math.ceil(len(items) / size))
    pages = [urls.listing_page(base, n) for n in range(1, count + 1)]
    for n in range(1, count + 1):
        yield items[(n - 1) * size: n * size], Pager(n, count, pages)


def paginate_many(lists: Sequence[Sequence[Any]], size: int, base: str
                  ) -> Iterator[tuple[list[Sequence[Any]], Pager]]:
    """Several lists of one scope page (a year's documents, tasks and news) cut in step: page
    k shows the k-th `size` items of each, as many pages as the longest list needs, so no page
    grows with the portal."""
    count = max(1, *(math.ceil(len(items) / size) for items in lists))
    pages = [urls.listing_page(base, n) for n in range(1, count + 1)]
    for n in range(1, count + 1):
        yield [items[(n - 1) * size: n * size] for items in lists], Pager(n, count, pages)


def numbered(title: str, pager: Pager) -> str:
    """A listing page's title: "Tin tức", "Tin tức — trang 2"."""
    return title + (f" — trang {pager.number}" if pager.number > 1 else "")


GRAPH_LIMIT = 12  # documents on each side of a document's diagram, to keep the page lean


@dataclass(frozen=True)
class DiagramNode:
    label: str  # "Quyết định 1332/QĐ-BNV"
    agency: str  # who issued it, as readers know it
    relation: str  # "Căn cứ", "Thực hiện", …
    url: str | None = None  # root-relative, when the document is on the portal


@dataclass(frozen=True)
class Diagram:
    """A document between what it refers to and what refers to it, drawn by the template with
    HTML and CSS at build time (no script, nothing from another origin)."""

    refs: tuple[DiagramNode, ...]
    back: tuple[DiagramNode, ...]
    more_refs: int = 0  # beyond GRAPH_LIMIT
    more_back: int = 0

    def __bool__(self) -> bool:
        return bool(self.refs or self.back)


def relation_diagram(doc: Document, catalog: Catalog) -> Diagram:
    """The document's relations at a glance; empty when it has none."""
    refs = []
    for ref in doc.refs:
        target = catalog.documents_by_id.get(ref.target) if ref.target else None
        if target:
            refs.append(DiagramNode(target.label, catalog.agencies[target.agency].label,
                                    RELATIONS[ref.relation], target.url))
        else:
            who = (catalog.agencies[ref.agency].label if ref.agency else ref.agency_name) or ""
            kind = KINDS.get(ref.kind or "", "Văn bản")
            refs.append(DiagramNode(f"{kind} {ref.number or ''}".strip(), who,
                                    RELATIONS[ref.relation]))
    back = [DiagramNode(b.source.label, catalog.agencies[b.source.agency].label,
                        RELATIONS.get(b.relation, b.relation), b.source.url)
            for b in catalog.backlinks.get(doc.id, []) if isinstance(b.source, Document)]
    return Diagram(tuple(refs[:GRAPH_LIMIT]), tuple(back[:GRAPH_LIMIT]),
                   max(0, len(refs) - GRAPH_LIMIT), max(0, len(back) - GRAPH_LIMIT))


SITE_FEEDS = (("Tin tức", urls.FEED), ("Tin tức (Atom)", urls.ATOM))
"""The feeds every page announces, when they have items."""
PODCAST = ("Phát thanh (podcast)", urls.PODCAST_FEED)
CONSULTATION_FEED = ("Lấy ý kiến dự thảo", urls.CONSULTATION_FEED)
QUESTION_FEED = ("Hỏi đáp", urls.QUESTION_FEED)
AGENCY_QUESTIONS = 10  # answered questions on an agency's page (the rest on its Q&A list)
RELATED_QUESTIONS = 5  # on a question's page
# Generated lists an editor may introduce with the index.md of their folder (SPEC §9): its
# title and text head the list instead of being a page of their own.
INTRODUCED = (urls.QUESTIONS, urls.CONSULTATIONS)


def site_feeds(site: Site, scope: str | None = None, title: str = "",
               also: Sequence[tuple[str, str]] = ()) -> list[FeedLink]:
    """The page's `<link rel="alternate">` feeds: the site's news (RSS and Atom), `also`
    (title, path) and the feed at `scope`, the page's own (marked `scope`); a feed without
    items is left out."""
    written = site.feeds_by_path
    out = [FeedLink(t, p, written[p].mime, scope=p == scope) for t, p in (*SITE_FEEDS, *also)
           if p in written]
    if scope in written and all(f.url != scope for f in out):
        out.append(FeedLink(title or written[scope].title, scope, written[scope].mime, True))
    return out


def build_pages(site: Site) -> list[PageSpec]:
    """Every generated page of the portal (ordinary Markdown pages are the adapter's)."""
    cat = site.catalog
    size = site.settings.page_size
    pages: list[PageSpec] = []

    radio = set(map(id, site.radio))
    for item in cat.news:
        same_agency = [n for n in cat.by_agency[item.agency].news[: LATEST + 1] if n is not item]
        extra = [PODCAST] if id(item) in radio else []
        pages.append(PageSpec(
            item.url, item.title, NewsPage(item, same_agency[:LATEST]), "",
            site_feeds(site, urls.feed_of(urls.agency(item.agency)),
                       f"Tin của {cat.agencies[item.agency].label}", also=extra),
            record=item,
        ))
    for doc in cat.documents:
        doc_feeds = [CONSULTATION_FEED] if doc.consultation else []
        pages.append(PageSpec(
            doc.url, f"{doc.label}: {doc.title}",
            DocumentPage(doc, cat.backlinks.get(doc.id, []), relation_diagram(doc, cat),
                         site.legal(doc), site.consultation(doc)),
            doc.title, site_feeds(site, urls.DOCUMENT_FEED, "Văn bản", also=doc_feeds),
            record=doc,
        ))
    today = site.today
    for agency in cat.agencies.values():
        view = cat.by_agency[agency.id]
        children = cat.children.get(agency.id, [])
        answered = sorted((q for q in cat.questions_by_agency.get(agency.id, []) if q.answered),
                          key=lambda q: (q.latest, q.id), reverse=True)
        agency_feeds = site_feeds(site, urls.feed_of(agency.url), agency.label)
        ancestors = cat.ancestors(agency.id)
        current_children = [c for c in children if c.active_on(today)]
        quotas = site.tracking.by_lead.get(agency.id, [])
        progress = site.tracking.of_agency(agency.id, [(a.document, a.task)
                                                        for a in view.assignments])
        for p in progress:
            pages += progress_lists(site, p, agency.url, agency)
        for news_chunk, pager in paginate(view.news, size, agency.url):
            pages.append(PageSpec(
                pager.urls[pager.number - 1], numbered(agency.name, pager),
                AgencyPage(agency, view, news_chunk, ancestors, current_children,
                           inheritances(cat, agency), quotas, progress,
                           former_children=[c for c in children if c.former_on(today)],
                           successors=[cat.agencies[s] for s in agency.successor],
                           former=agency.former_on(today),
                           indices=site.indices_of(agency.id),
                           questions=answered[:AGENCY_QUESTIONS],
                           more_questions=max(0, len(answered) - AGENCY_QUESTIONS),
                           pager=pager),
                f"Văn bản, tin bài và nhiệm vụ của {agency.name}.", agency_feeds,
            ))
    current, former = agency_trees(cat, today)
    pages.append(PageSpec(urls.AGENCIES, "Cơ quan", AgencyTreePage(current, former),
                          "Hệ thống cơ quan, đơn vị trên cổng thông tin.", site_feeds(site)))
    for year in cat.years:
        lists: list[Sequence[Any]] = [cat.docs_by_year.get(year, []),
                                      cat.news_by_year.get(year, []),
                                      cat.tasks_by_year.get(year, [])]
        totals = dict(zip(("documents", "news", "tasks"), map(len, lists), strict=True))
        year_feeds = site_feeds(site, urls.feed_of(urls.year(year)), f"Năm {year}")
        for (docs, news, tasks), pager in paginate_many(lists, size, urls.year(year)):
            pages.append(PageSpec(
                pager.urls[pager.number - 1], numbered(f"Năm {year}", pager),
                YearPage(year, docs, news, tasks, pager, totals),
                f"Văn bản, tin bài và nhiệm vụ năm {year}.", year_feeds,
            ))
    for topic, label in TOPICS.items():
        lists = [cat.docs_by_topic.get(topic, []), cat.news_by_topic.get(topic, [])]
        totals = dict(zip(("documents", "news"), map(len, lists), strict=True))
        topic_feeds = site_feeds(site, urls.feed_of(urls.topic(topic)), label)
        for (docs, news), pager in paginate_many(lists, size, urls.topic(topic)):
            pages.append(PageSpec(
                pager.urls[pager.number - 1], numbered(label, pager),
                TopicPage(topic, label, docs, news, pager, totals),
                f"Văn bản và tin bài về {label.lower()}.", topic_feeds,
            ))
    for news_chunk, pager in paginate(cat.news, size, urls.NEWS):
        pages.append(PageSpec(pager.urls[pager.number - 1], numbered("Tin tức", pager),
                              NewsListPage(news_chunk, pager),
                              "Tin bài cải cách hành chính, mới nhất trước.",
                              site_feeds(site, urls.FEED)))
    filters = listing_filters(site)
    for doc_chunk, pager in paginate(cat.documents, size, urls.DOCUMENTS):
        pages.append(PageSpec(pager.urls[pager.number - 1], numbered("Văn bản", pager),
                              DocumentListPage(doc_chunk, pager, filters),
                              "Kế hoạch, báo cáo, quyết định về cải cách hành chính.",
                              site_feeds(site, urls.DOCUMENT_FEED, "Văn bản")))
    pages.extend(progress_pages(site))
    pages.append(PageSpec(urls.DATA, "Dữ liệu mở",
                          DataPage(site.open_data, feeds_mod.grouped(site.feeds), urls.OPML,
                                   urls.DATA_CATALOG),
                          "Dữ liệu mở của chuyên trang: tin bài, văn bản, nhiệm vụ và cơ quan "
                          "(JSON, CSV), nguồn tin RSS, giấy phép và mô tả các trường.",
                          site_feeds(site)))
    pages.extend(index_pages(site))
    if site.radio:
        pages.append(PageSpec(urls.RADIO, "Phát thanh", RadioPage(site.radio),
                              "Các chương trình phát thanh về cải cách hành chính: nghe trên "
                              "trang, đọc lời, theo dõi bằng ứng dụng podcast.",
                              site_feeds(site, urls.PODCAST_FEED, PODCAST[0])))
    pages.append(consultation_page(site))
    pages.extend(question_pages(site))
    return pages


def index_pages(site: Site) -> list[PageSpec]:
    """/chi-so/ and one page per index, when the portal publishes any (content/chi-so/)."""
    every = site.indices
    if not every:
        return []
    pages = [PageSpec(urls.INDICES, "Chỉ số cải cách hành chính", IndicesPage(every),
                      "Kết quả PAR INDEX, SIPAS, PAPI, PCI, DDCI của các cơ quan, đơn vị qua "
                      "các năm: điểm, thứ hạng và số đơn vị được xếp hạng.", site_feeds(site))]
    for s in every:
        pages.append(PageSpec(
            s.url, f"{s.name}: {s.label}" if s.label != s.name else s.name,
            IndexPage(s, [o for o in every if o is not s]),
            f"{s.label} ({s.name}) qua các năm {s.columns[0]}–{s.columns[-1]}: bảng xếp hạng "
            "từng năm, diễn biến của từng đơn vị, tải dữ liệu CSV.", site_feeds(site)))
    return pages


def inheritances(cat: Catalog, agency: Agency) -> list[Inheritance]:
    """What `agency` took over: each predecessor, the day it ended, who else took over."""
    out = []
    for p in cat.predecessors.get(agency.id, []):
        assert p.dissolved is not None  # validation: a successor comes with `dissolved`
        others = tuple(cat.agencies[s] for s in p.successor if s != agency.id)
        out.append(Inheritance(p, p.dissolved, others))
    return sorted(out, key=lambda i: (i.since, sort_key(i.agency.label)))


def agency_trees(cat: Catalog, today: date) -> tuple[list[TreeNode], list[TreeNode]]:
    """The agency tree on `today`, in two parts: current agencies (each under its nearest
    current ancestor: a commune whose district has ended stands under the province), and former
    ones (each under its parent when that one has ended too, so that a district's offices show
    with it). Both in Vietnamese order, as the catalog's lists are."""

    def is_current(a: Agency) -> bool:
        return a.active_on(today)

    def placed(a: Agency) -> tuple[str | None, Agency | None]:
        """(the parent it is shown under, the agency its note names)."""
        parent = cat.agency(a.parent)
        if is_current(a):
            seen = 0
            while parent is not None and not is_current(parent) and seen < 50:
                parent, seen = cat.agency(parent.parent), seen + 1
            moved = cat.agency(a.parent) if parent is not cat.agency(a.parent) else None
            return (parent.id if parent else None), moved
        if parent is None or is_current(parent):
            return None, parent  # among the former ones, naming the current parent
        return parent.id, None

    kids: dict[tuple[bool, str | None], list[Agency]] = {}
    notes: dict[str, Agency | None] = {}
    for a in cat.agencies.values():  # in Vietnamese order, so every list stays sorted
        under, note = placed(a)
        kids.setdefault((is_current(a), under), []).append(a)
        notes[a.id] = note

    def nodes(current: bool, parent: str | None, depth: int = 0) -> list[TreeNode]:
        if depth > 50:  # parents were checked for cycles; this only bounds the recursion
            return []
        return [TreeNode(a, tuple(nodes(current, a.id, depth + 1)), notes[a.id])
                for a in kids.get((current, parent), [])]

    return nodes(True, None), nodes(False, None)


def introduction(catalog: Catalog, url: str) -> MarkdownPage | None:
    """The editor's index.md of a generated list's folder (`content/hoi-dap/index.md`)."""
    return next((p for p in catalog.pages if p.url == url and p.url in INTRODUCED
                 and p.src_uri.endswith("index.md")), None)


def consultation_page(site: Site) -> PageSpec:
    views = site.consultations
    open_ = site.open_consultations
    upcoming = sorted((v for v in views if v.is_upcoming),
                      key=lambda v: (v.consultation.start, v.doc.id))
    closed = sorted((v for v in views if v.is_closed),
                    key=lambda v: (v.consultation.end, v.doc.id), reverse=True)
    intro = introduction(site.catalog, urls.CONSULTATIONS)
    return PageSpec(urls.CONSULTATIONS, intro.title if intro else "Lấy ý kiến dự thảo",
                    ConsultationListPage(open_, upcoming, closed, intro),
                    "Dự thảo văn bản đang lấy ý kiến nhân dân, thời hạn góp ý và cách gửi ý kiến; "
                    "kết quả tiếp thu ý kiến của các dự thảo đã hết hạn.",
                    site_feeds(site, urls.CONSULTATION_FEED, CONSULTATION_FEED[0]))


def question_filters(catalog: Catalog) -> QuestionFilters:
    topics = [(t, label, len(catalog.questions_by_topic[t])) for t, label in TOPICS.items()
              if catalog.questions_by_topic.get(t)]
    agencies = sorted(((a, catalog.agencies[a].label, len(qs))
                       for a, qs in catalog.questions_by_agency.items()),
                      key=lambda row: sort_key(row[1]))
    return QuestionFilters(topics, agencies)


def question_pages(site: Site) -> list[PageSpec]:
    """Each question's page, and the Q&A list with its filters (paginated, newest first)."""
    cat = site.catalog
    size = site.settings.page_size
    out: list[PageSpec] = []
    for q in cat.questions:
        by_id = {o.id: o for t in q.topics for o in cat.questions_by_topic.get(t, [])
                 if o is not q}
        related = sorted(by_id.values(), key=lambda o: (o.asked, o.id), reverse=True)
        out.append(PageSpec(q.url, q.heading, QuestionPage(q, related[:RELATED_QUESTIONS]),
                            q.question, site_feeds(site, urls.QUESTION_FEED, QUESTION_FEED[0]), record=q))
    intro = introduction(cat, urls.QUESTIONS)
    filters = question_filters(cat)
    title = (intro.title if intro else None) or "Hỏi đáp"
    about = "Câu hỏi của người dân, doanh nghiệp về cải cách hành chính và trả lời của cơ quan."
    lists: list[tuple[str, str, list[Question], str | None, Agency | None]] = [
        (urls.QUESTIONS, title, cat.questions, None, None)]
    for topic_id, label, _ in filters.topics:
        lists.append((urls.questions_of_topic(topic_id), f"Hỏi đáp: {label}",
                      cat.questions_by_topic[topic_id], topic_id, None))
    for agency_id, label, _ in filters.agencies:
        lists.append((urls.questions_of_agency(agency_id), f"Hỏi đáp: {label}",
                      cat.questions_by_agency[agency_id], None, cat.agencies[agency_id]))
    for base, heading, items, topic, agency in lists:
        unanswered = sum(1 for q in items if not q.is_answered)
        for chunk, pager in paginate(items, size, base):
            page_title = heading + (f" — trang {pager.number}" if pager.number > 1 else "")
            out.append(PageSpec(pager.urls[pager.number - 1], page_title, QuestionListPage(
                chunk, pager, filters, len(items), unanswered,
                intro if base == urls.QUESTIONS else None, topic, agency),
                about, site_feeds(site, urls.QUESTION_FEED, QUESTION_FEED[0])))
    return out


def progress_pages(site: Site) -> list[PageSpec]:
    """/tien-do/ on the current plan years, one page per plan year (the archive), and the
    tables those show only the start of."""
    tracking = site.tracking
    current = tracking.current_years
    pages = [PageSpec(urls.PROGRESS, "Tiến độ thực hiện",
                      ProgressPage(tracking, current, tracking.archive_years),
                      "Tình trạng nhiệm vụ và chỉ tiêu tuyên truyền cải cách hành chính của "
                      "các cơ quan trong năm kế hoạch hiện tại.", site_feeds(site))]
    for progress in tracking.years:
        others = [p for p in tracking.years if p.year != progress.year]
        pages.append(PageSpec(
            urls.progress_year(progress.year), f"Tiến độ thực hiện năm {progress.year}",
            ProgressPage(tracking, [progress], others, progress.year),
            f"Nhiệm vụ và chỉ tiêu của các kế hoạch năm {progress.year}: đã hoàn thành, "
            "đang thực hiện, quá hạn.", site_feeds(site)))
        pages += progress_lists(site, progress, urls.progress_year(progress.year))
    return pages


def progress_lists(site: Site, progress: tracking_mod.Progress, back: str,
                   agency: Agency | None = None) -> list[PageSpec]:
    """The pages of each table of `progress` longer than a preview (`ProgressListPage`)."""
    tables: list[tuple[str, str, Sequence[Any]]] = [
        (urls.QUOTA_LIST, "Chỉ tiêu", progress.rows), *progress.sections]
    of = f" của {agency.label}" if agency else ""
    out = []
    for slug, heading, items in tables:
        if len(progress_preview(items)) == len(items):
            continue
        base = urls.progress_list(progress.year, slug, agency.id if agency else None)
        quotas = slug == urls.QUOTA_LIST
        title = f"{'Chỉ tiêu' if quotas else 'Nhiệm vụ ' + heading.lower()} năm " \
                f"{progress.year}{of}"
        for chunk, pager in paginate(items, PROGRESS_LIST_SIZE, base):
            out.append(PageSpec(
                pager.urls[pager.number - 1], numbered(title, pager),
                ProgressListPage(progress, slug, heading, [] if quotas else chunk,
                                 chunk if quotas else [], len(items),
                                 (pager.number - 1) * PROGRESS_LIST_SIZE + 1, pager, back,
                                 agency),
                f"{title}: {len(items)}.", site_feeds(site)))
    return out


def redirect_pages(site: Site) -> list[PageSpec]:
    """A small page at each old address (`aliases`) of a published item, sending readers to its
    current URL (SPEC §12). Not listed in the sitemap, not indexed."""
    cat = site.catalog
    out: list[PageSpec] = []
    records: list[Item] = [*cat.documents, *cat.news, *cat.questions]
    for record in records:
        if isinstance(record, Document):
            title = f"{record.label}: {record.title}"
        else:
            title = record.heading if isinstance(record, Question) else record.title
        for alias in record.aliases:
            out.append(PageSpec(alias, title, RedirectPage(record.url, title, record.source),
                                f"Trang đã chuyển đến địa chỉ mới: {title}"))
    return sorted(out, key=lambda s: s.url)


def extra_pages(site: Site) -> list[PageSpec]:
    """The editors' ordinary pages (the home page among them), the index pages of topics and
    years, and the 404 page."""
    cat = site.catalog
    out: list[PageSpec] = []
    for page in cat.pages:
        if introduction(cat, page.url) is page:
            continue  # the introduction of a generated list: shown at its head
        if page.url == urls.HOME and page.template == HomePage.template:
            out.append(PageSpec(page.url, page.title, home_data(site, page), page.description,
                                site_feeds(site)))
        else:
            out.append(PageSpec(page.url, page.title, MarkdownPageData(page), page.description,
                                site_feeds(site)))
    topics = [(t, label, len(cat.docs_by_topic.get(t, [])), len(cat.news_by_topic.get(t, [])))
              for t, label in TOPICS.items()]
    out.append(PageSpec(urls.TOPICS, "Lĩnh vực cải cách hành chính", TopicsPage(topics),
                        "Văn bản và tin bài theo sáu lĩnh vực cải cách hành chính.", site_feeds(site)))
    years = [(y, len(cat.docs_by_year.get(y, [])), len(cat.news_by_year.get(y, [])),
              len(cat.tasks_by_year.get(y, []))) for y in cat.years]
    out.append(PageSpec(urls.YEARS, "Theo năm", YearsPage(years),
                        "Văn bản, tin bài và nhiệm vụ của từng năm.", site_feeds(site)))
    out.append(PageSpec(urls.SEARCH, "Tìm kiếm", SearchPage(),
                        "Tìm văn bản, tin bài, cơ quan trên chuyên trang.", site_feeds(site)))
    out.append(PageSpec(urls.NOT_FOUND, "Không tìm thấy trang", NotFoundPage(),
                        "Địa chỉ này không có trên chuyên trang.", []))
    return out


def document_index(site: Site) -> bytes:
    """The compact list the document listing filters in the browser (no server needed)."""
    cat = site.catalog
    rows = [[d.url, d.title, d.number or "", d.kind, d.agency, d.year,
             d.issued.strftime("%d/%m/%Y") if d.issued else (d.period.label if d.period else ""),
             [[urls.attachment(d.id, a.name), a.name.rsplit(".", 1)[-1].upper(),
               max(1, round(a.size / 1024))] for a in d.attachments], legal_note(site, d)]
            for d in cat.documents]
    agencies = {a: cat.agencies[a].label for a in sorted({d.agency for d in cat.documents})}
    data = {"fields": ["url", "title", "number", "kind", "agency", "year", "date", "files",
                       "status"],
            "kinds": KINDS, "agencies": agencies, "documents": rows}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def legal_note(site: Site, doc: Document) -> list[str]:
    """[status slug, the status in words] of a document not simply in force, for the list's
    mark ("Hết hiệu lực từ 01/09/2024"); [] otherwise."""
    st = site.legal(doc)
    if st is None or not st.notable:
        return []
    return [st.slug, st.text]


def listing_filters(site: Site) -> Filters:
    cat = site.catalog
    used = sorted((cat.agencies[i] for i in {d.agency for d in cat.documents}),
                  key=lambda a: sort_key(a.label))
    return Filters(
        kinds=[(k, v) for k, v in KINDS.items() if any(d.kind == k for d in cat.documents)],
        agencies=[(a.id, a.label) for a in used if a.active_on(site.today)],
        years=sorted(cat.docs_by_year, reverse=True),
        former_agencies=[(a.id, a.label) for a in used if a.former_on(site.today)],
    )


def home_data(site: Site, page: MarkdownPage | None = None) -> HomePage:
    """Data of the home page (an ordinary Markdown page with `template: cchc/home.html`)."""
    cat = site.catalog
    # Open deadlines from tracking: earliest first, leads dissolved before the deadline left out.
    return HomePage(cat.news[:8], cat.documents[:6], site.tracking.open_deadlines[:10], page,
                    site.open_consultations)
