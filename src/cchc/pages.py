"""Page data: the catalog → one `PageSpec` per generated page (URL, template, data).

Adapters render each spec with the template it names (in `overrides/`); nothing here builds HTML
beyond the Markdown bodies. Every list a page shows is cut from the catalog's prepared indexes,
so a page's cost (and size) does not grow with the portal.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from markupsafe import Markup

from . import links, urls
from . import tracking as tracking_mod
from .catalog import AgencyView, Backlink, Catalog
from .model import Agency, Document, NewsItem, Task
from .render import BodyFailed, ConversionFailed, MarkdownRenderer, excerpt
from .settings import Settings
from .text import sort_key
from .vocab import KINDS, LEVELS, RELATIONS, TOPICS

T = TypeVar("T")

LATEST = 4  # "Tin mới nhất" on a news page: bounded, so the page does not grow with the portal


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str  # root-relative, e.g. "co-quan/so-noi-vu/feed.xml"
    type: str = "application/rss+xml"


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
    graph: str  # the relationship diagram (empty: none)


@dataclass
class AgencyPage(PageData):
    template = "cchc/agency.html"
    kind = "agency"
    agency: Agency
    view: AgencyView
    news: list[NewsItem]
    ancestors: list[Agency]
    children: list[Agency]
    predecessors: list[Agency]
    quotas: list[tracking_mod.QuotaRow]


@dataclass
class AgencyTreePage(PageData):
    template = "cchc/agencies.html"
    kind = "agency-tree"
    roots: list[Agency]


@dataclass
class YearPage(PageData):
    template = "cchc/year.html"
    kind = "year"
    year: int
    documents: list[Document]
    news: list[NewsItem]
    tasks: list[tuple[Document, Task]]


@dataclass
class TopicPage(PageData):
    template = "cchc/topic.html"
    kind = "topic"
    topic: str
    label: str
    documents: list[Document]
    news: list[NewsItem]


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
    agencies: list[tuple[str, str]]
    years: list[int]


@dataclass
class DocumentListPage(PageData):
    template = "cchc/document_list.html"
    kind = "listing"
    items: Sequence[Document]
    pager: Pager
    filters: Filters


@dataclass
class ProgressPage(PageData):
    template = "cchc/progress.html"
    kind = "progress"
    tracking: tracking_mod.Tracking


@dataclass
class HomePage(PageData):
    template = "cchc/home.html"
    kind = "home"
    news: list[NewsItem]
    documents: list[Document]
    deadlines: list[tuple[Document, Task]]


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
    # The news item or document the page shows: its summary is the page's description, made
    # when the page is rendered (planning the pages, as validation does, converts no body).
    record: Document | NewsItem | None = None

    @property
    def template(self) -> str:
        return self.data.template

    @property
    def kind(self) -> str:
        return self.data.kind


@dataclass
class Body:
    """A record's Markdown converted once: root-relative HTML and a plain-text summary."""

    html: str
    summary: str


class Site:
    """What every template may ask of the portal; exposed to templates as `cchc`."""

    kinds = KINDS
    topics = TOPICS
    levels = LEVELS
    relations = RELATIONS

    def __init__(self, catalog: Catalog, settings: Settings,
                 cache: BodyCache | None = None) -> None:
        self.catalog = catalog
        self.settings = settings
        self.today = settings.today
        self._bodies = Bodies(settings, cache)

    @functools.cached_property
    def tracking(self) -> tracking_mod.Tracking:
        """Quotas and deadlines relative to today, computed once for every page that shows them."""
        return tracking_mod.track(self.catalog, self.today)

    def agency(self, agency_id: str | None) -> Agency | None:
        return self.catalog.agency(agency_id)

    def document(self, doc_id: str | None) -> Document | None:
        return self.catalog.documents_by_id.get(doc_id) if doc_id else None

    def body(self, record: Document | NewsItem, page_url: str) -> Markup:
        """The record's HTML for the page at `page_url` (checked safe by validation)."""
        return Markup(links.relative_to(self._bodies.of(record).html, page_url))

    def bodies_html(self, record: Document | NewsItem) -> str:
        """Root-relative body HTML (see `links`), for feeds and open data."""
        return self._bodies.of(record).html

    def summary(self, record: Document | NewsItem) -> str:
        return self._bodies.of(record).summary

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
        self._bodies.prune()


def _key(record: Document | NewsItem) -> str:
    return ("d:" if isinstance(record, Document) else "n:") + record.id


BodyCache = dict[tuple[str, str, str], str]
"""Converted HTML by (record key, Markdown, folder its links are relative to): a live preview
keeps it across rebuilds, so only edited bodies are converted again."""


class Bodies:
    """Each published record's Markdown converted once, when first asked for (or reused from
    the preview's cache when unchanged)."""

    def __init__(self, settings: Settings, cache: BodyCache | None) -> None:
        self.settings = settings
        self.cache = cache
        self._md: MarkdownRenderer | None = None
        self._done: dict[str, Body] = {}
        self._used: BodyCache = {}

    def of(self, record: Document | NewsItem) -> Body:
        key = _key(record)
        body = self._done.get(key)
        if body is None:
            try:
                html = self._convert(key, record.body, self._source_dir(record))
            except ConversionFailed as exc:
                raise BodyFailed.of(record, str(exc), self.settings.root) from None
            summary = excerpt(html) if isinstance(record, Document) else \
                record.description or excerpt(html)
            body = self._done[key] = Body(html, summary)
        return body

    def _source_dir(self, record: Document | NewsItem) -> str:
        if isinstance(record, Document):
            # Attachments and images of a document are published next to its page.
            return record.url.rstrip("/")
        assert record.source is not None
        # Sources were found under docs_dir, so no (slow, per item) resolve() is needed.
        return record.source.path.parent.relative_to(self.settings.docs_path).as_posix()

    def _convert(self, key: str, markdown: str, source_dir: str) -> str:
        cache_key = (key, markdown, source_dir)
        html = self.cache.get(cache_key) if self.cache is not None else None
        if html is None:
            self._md = self._md or MarkdownRenderer(self.settings.markdown_extensions,
                                                    self.settings.markdown_configs)
            html = links.anchor_to_root(self._md.convert(markdown), source_dir)
        self._used[cache_key] = html
        return html

    def prune(self) -> None:
        """Keep in the cache only what this build used: it never outgrows the portal."""
        if self.cache is not None:
            self.cache.clear()
            self.cache.update(self._used)


def paginate(items: Sequence[T], size: int, base: str) -> Iterator[tuple[Sequence[T], Pager]]:
    """Split `items` into pages: base/, base/page/2/, …; always at least one (maybe empty) page."""
    count = max(1, math.ceil(len(items) / size))
    pages = [urls.listing_page(base, n) for n in range(1, count + 1)]
    for n in range(1, count + 1):
        yield items[(n - 1) * size: n * size], Pager(n, count, pages)


GRAPH_LIMIT = 12  # nodes on each side of a document's diagram, to keep the page lean


def _mermaid_label(*lines: str) -> str:
    text = "<br/>".join(line.replace('"', "#quot;") for line in lines if line)
    return f'["{text}"]'


def relation_graph(doc: Document, catalog: Catalog) -> str:
    """Mermaid flowchart of a document, what it refers to and what refers to it.

    Empty when the document has no relation; links are relative to the document's page.
    """
    back = [b for b in catalog.backlinks.get(doc.id, []) if isinstance(b.source, Document)]
    if not doc.refs and not back:
        return ""
    up = "../" * doc.url.count("/")
    agency = catalog.agencies[doc.agency].label
    lines = ["graph LR", f"  D0{_mermaid_label(doc.label, agency)}", "  class D0 current"]
    for i, ref in enumerate(doc.refs[:GRAPH_LIMIT], 1):
        target = catalog.documents_by_id.get(ref.target) if ref.target else None
        if target:
            who = catalog.agencies[target.agency].label
            lines.append(f"  R{i}{_mermaid_label(target.label, who)}")
            lines.append(f'  click R{i} href "{up}{target.url}"')
        else:
            who = (catalog.agencies[ref.agency].label if ref.agency else ref.agency_name) or ""
            kind = KINDS.get(ref.kind or "", "Văn bản")
            number = ref.number or ""
            lines.append(f"  R{i}{_mermaid_label(f'{kind} {number}'.strip(), who)}")
            lines.append(f"  class R{i} external")
        lines.append(f'  D0 -- "{RELATIONS[ref.relation]}" --> R{i}')
    for i, b in enumerate(back[:GRAPH_LIMIT], 1):
        src = b.source
        assert isinstance(src, Document)  # `back` holds documents only
        lines.append(f"  B{i}{_mermaid_label(src.label, catalog.agencies[src.agency].label)}")
        lines.append(f'  click B{i} href "{up}{src.url}"')
        lines.append(f'  B{i} -- "{RELATIONS.get(b.relation, b.relation)}" --> D0')
    return "\n".join(lines)


SITE_FEED = FeedLink("Tin tức", urls.FEED)


def site_feeds(*extra: FeedLink) -> list[FeedLink]:
    return [SITE_FEED, *extra]


def build_pages(site: Site) -> list[PageSpec]:
    """Every generated page of the portal (ordinary Markdown pages are the adapter's)."""
    cat = site.catalog
    size = site.settings.page_size
    pages: list[PageSpec] = []

    for item in cat.news:
        same_agency = [n for n in cat.by_agency[item.agency].news[: LATEST + 1] if n is not item]
        pages.append(PageSpec(
            item.url, item.title, NewsPage(item, same_agency[:LATEST]), "",
            site_feeds(FeedLink(f"Tin của {cat.agencies[item.agency].label}",
                                urls.feed_of(urls.agency(item.agency)))),
            record=item,
        ))
    for doc in cat.documents:
        pages.append(PageSpec(
            doc.url, f"{doc.label}: {doc.title}",
            DocumentPage(doc, cat.backlinks.get(doc.id, []), relation_graph(doc, cat)),
            doc.title, site_feeds(FeedLink("Văn bản", urls.DOCUMENT_FEED)), record=doc,
        ))
    for agency in cat.agencies.values():
        view = cat.by_agency[agency.id]
        pages.append(PageSpec(
            agency.url, agency.name,
            AgencyPage(agency, view, view.news[:10], cat.ancestors(agency.id),
                       cat.children.get(agency.id, []), cat.predecessors.get(agency.id, []),
                       site.tracking.by_lead.get(agency.id, [])),
            f"Văn bản, tin bài và nhiệm vụ của {agency.name}.",
            site_feeds(FeedLink(f"{agency.label}", urls.feed_of(agency.url))),
        ))
    pages.append(PageSpec(urls.AGENCIES, "Cơ quan", AgencyTreePage(cat.children.get(None, [])),
                          "Hệ thống cơ quan, đơn vị trên cổng thông tin.", site_feeds()))
    for year in cat.years:
        pages.append(PageSpec(
            urls.year(year), f"Năm {year}",
            YearPage(year, cat.docs_by_year.get(year, []), cat.news_by_year.get(year, []),
                     cat.tasks_by_year.get(year, [])),
            f"Văn bản, tin bài và nhiệm vụ năm {year}.",
            site_feeds(FeedLink(f"Năm {year}", urls.feed_of(urls.year(year)))),
        ))
    for topic, label in TOPICS.items():
        pages.append(PageSpec(
            urls.topic(topic), label,
            TopicPage(topic, label, cat.docs_by_topic.get(topic, []),
                      cat.news_by_topic.get(topic, [])),
            f"Văn bản và tin bài về {label.lower()}.",
            site_feeds(FeedLink(label, urls.feed_of(urls.topic(topic)))),
        ))
    for news_chunk, pager in paginate(cat.news, size, urls.NEWS):
        title = "Tin tức" + (f" — trang {pager.number}" if pager.number > 1 else "")
        pages.append(PageSpec(pager.urls[pager.number - 1], title,
                              NewsListPage(news_chunk, pager),
                              "Tin bài cải cách hành chính, mới nhất trước.", site_feeds()))
    doc_feed = FeedLink("Văn bản", urls.DOCUMENT_FEED)
    filters = listing_filters(site)
    for doc_chunk, pager in paginate(cat.documents, size, urls.DOCUMENTS):
        title = "Văn bản" + (f" — trang {pager.number}" if pager.number > 1 else "")
        pages.append(PageSpec(pager.urls[pager.number - 1], title,
                              DocumentListPage(doc_chunk, pager, filters),
                              "Kế hoạch, báo cáo, quyết định về cải cách hành chính.",
                              site_feeds(doc_feed)))
    pages.append(PageSpec(urls.PROGRESS, "Tiến độ thực hiện", ProgressPage(site.tracking),
                          "Chỉ tiêu tin bài và thời hạn nhiệm vụ của các cơ quan, theo từng kỳ.",
                          site_feeds()))
    return pages


def document_index(site: Site) -> bytes:
    """The compact list the document listing filters in the browser (no server needed)."""
    cat = site.catalog
    rows = [[d.url, d.title, d.number or "", d.kind, d.agency, d.year,
             d.issued.strftime("%d/%m/%Y") if d.issued else ""] for d in cat.documents]
    agencies = {a: cat.agencies[a].label for a in sorted({d.agency for d in cat.documents})}
    data = {"fields": ["url", "title", "number", "kind", "agency", "year", "issued"],
            "kinds": KINDS, "agencies": agencies, "documents": rows}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def listing_filters(site: Site) -> Filters:
    cat = site.catalog
    used = {d.agency for d in cat.documents}
    return Filters(
        kinds=[(k, v) for k, v in KINDS.items() if any(d.kind == k for d in cat.documents)],
        agencies=[(a.id, a.label) for a in sorted((cat.agencies[i] for i in used),
                                                   key=lambda a: sort_key(a.label))],
        years=sorted(cat.docs_by_year, reverse=True),
    )


def home_data(site: Site) -> HomePage:
    """Data of the home page (an ordinary Markdown page with `template: cchc/home.html`)."""
    cat = site.catalog
    # Open deadlines from tracking: earliest first, leads dissolved before the deadline left out.
    open_tasks = [(r.document, r.task) for r in site.tracking.open_deadlines[:10]]
    return HomePage(cat.news[:8], cat.documents[:6], open_tasks)
