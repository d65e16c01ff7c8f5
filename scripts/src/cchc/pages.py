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
from typing import Any, TypeVar

from markupsafe import Markup

from . import links
from . import tracking as tracking_mod
from .catalog import Catalog
from .model import KINDS, LEVELS, RELATIONS, TOPICS, Agency, Document, NewsItem
from .project import Settings
from .render import MarkdownRenderer, excerpt
from .text import sort_key

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


@dataclass
class PageSpec:
    url: str  # root-relative directory URL with a trailing slash ("" for the home page)
    template: str
    title: str
    kind: str
    description: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    feeds: list[FeedLink] = field(default_factory=list)


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

    def __init__(self, catalog: Catalog, settings: Settings, bodies: dict[str, Body]) -> None:
        self.catalog = catalog
        self.settings = settings
        self.bodies = bodies
        self.today = settings.today

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
        return Markup(links.relative_to(self.bodies[_key(record)].html, page_url))

    def bodies_html(self, record: Document | NewsItem) -> str:
        """Root-relative body HTML (see `links`), for feeds and open data."""
        return self.bodies[_key(record)].html

    def summary(self, record: Document | NewsItem) -> str:
        return self.bodies[_key(record)].summary


def _key(record: Document | NewsItem) -> str:
    return ("d:" if isinstance(record, Document) else "n:") + record.id


BodyCache = dict[tuple[str, str, str], str]
"""Converted HTML by (record key, Markdown, folder its links are relative to): a live preview
keeps it across rebuilds, so only edited bodies are converted again."""


def render_bodies(catalog: Catalog, settings: Settings,
                  cache: BodyCache | None = None) -> dict[str, Body]:
    """Convert every published record's Markdown exactly once (or reuse an unchanged one)."""
    md: MarkdownRenderer | None = None
    fresh: BodyCache = {}

    def convert(key: str, markdown: str, source_dir: str) -> str:
        nonlocal md
        cache_key = (key, markdown, source_dir)
        html = cache.get(cache_key) if cache is not None else None
        if html is None:
            md = md or MarkdownRenderer(settings.markdown_extensions, settings.markdown_configs)
            html = links.anchor_to_root(md.convert(markdown), source_dir)
        fresh[cache_key] = html
        return html

    bodies: dict[str, Body] = {}
    for doc in catalog.documents:
        # Attachments and images of a document are published next to its page.
        html = convert(_key(doc), doc.body, doc.url.rstrip("/"))
        bodies[_key(doc)] = Body(html, excerpt(html))
    docs_dir = settings.root / settings.docs_dir
    for item in catalog.news:
        assert item.source is not None
        # Sources were found under docs_dir, so no (slow, per item) resolve() is needed.
        source_dir = item.source.path.parent.relative_to(docs_dir).as_posix()
        html = convert(_key(item), item.body, source_dir)
        bodies[_key(item)] = Body(html, item.description or excerpt(html))
    if cache is not None:  # keep only what this build used: the cache never outgrows the portal
        cache.clear()
        cache.update(fresh)
    return bodies


def paginate(items: Sequence[T], size: int, base: str) -> Iterator[tuple[Sequence[T], Pager]]:
    """Split `items` into pages: base/, base/page/2/, …; always at least one (maybe empty) page."""
    count = max(1, math.ceil(len(items) / size))
    urls = [base] + [f"{base}page/{n}/" for n in range(2, count + 1)]
    for n in range(1, count + 1):
        yield items[(n - 1) * size: n * size], Pager(n, count, urls)


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
        lines.append(f"  B{i}{_mermaid_label(src.label, catalog.agencies[src.agency].label)}")
        lines.append(f'  click B{i} href "{up}{src.url}"')
        lines.append(f'  B{i} -- "{RELATIONS.get(b.relation, b.relation)}" --> D0')
    return "\n".join(lines)


SITE_FEED = FeedLink("Tin tức", "feed.xml")


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
            item.url, "cchc/news.html", item.title, "news", site.summary(item),
            {"item": item, "latest": same_agency[:LATEST]},
            site_feeds(FeedLink(f"Tin của {cat.agencies[item.agency].label}",
                            f"co-quan/{item.agency}/feed.xml")),
        ))
    for doc in cat.documents:
        pages.append(PageSpec(
            doc.url, "cchc/document.html", f"{doc.label}: {doc.title}", "document",
            site.summary(doc) or doc.title,
            {"doc": doc, "backlinks": cat.backlinks.get(doc.id, []),
             "graph": relation_graph(doc, cat)},
            site_feeds(FeedLink("Văn bản", "van-ban/feed.xml")),
        ))
    for agency in cat.agencies.values():
        view = cat.by_agency[agency.id]
        pages.append(PageSpec(
            agency.url, "cchc/agency.html", agency.name, "agency",
            f"Văn bản, tin bài và nhiệm vụ của {agency.name}.",
            {"agency": agency, "view": view, "news": view.news[:10],
             "ancestors": cat.ancestors(agency.id),
             "children": cat.children.get(agency.id, []),
             "predecessors": cat.predecessors.get(agency.id, []),
             "quotas": site.tracking.by_lead.get(agency.id, [])},
            site_feeds(FeedLink(f"{agency.label}", f"{agency.url}feed.xml")),
        ))
    pages.append(PageSpec("co-quan/", "cchc/agencies.html", "Cơ quan", "agency-tree",
                          "Hệ thống cơ quan, đơn vị trên cổng thông tin.",
                          {"roots": cat.children.get(None, [])}, site_feeds()))
    for year in cat.years:
        pages.append(PageSpec(
            f"nam/{year}/", "cchc/year.html", f"Năm {year}", "year",
            f"Văn bản, tin bài và nhiệm vụ năm {year}.",
            {"year": year, "documents": cat.docs_by_year.get(year, []),
             "news": cat.news_by_year.get(year, []),
             "tasks": cat.tasks_by_year.get(year, [])},
            site_feeds(FeedLink(f"Năm {year}", f"nam/{year}/feed.xml")),
        ))
    for topic, label in TOPICS.items():
        pages.append(PageSpec(
            f"linh-vuc/{topic}/", "cchc/topic.html", label, "topic",
            f"Văn bản và tin bài về {label.lower()}.",
            {"topic": topic, "label": label, "documents": cat.docs_by_topic.get(topic, []),
             "news": cat.news_by_topic.get(topic, [])},
            site_feeds(FeedLink(label, f"linh-vuc/{topic}/feed.xml")),
        ))
    for chunk, pager in paginate(cat.news, size, "tin-tuc/"):
        title = "Tin tức" + (f" — trang {pager.number}" if pager.number > 1 else "")
        pages.append(PageSpec(pager.urls[pager.number - 1], "cchc/news_list.html", title,
                              "listing", "Tin bài cải cách hành chính, mới nhất trước.",
                              {"items": chunk, "pager": pager}, site_feeds()))
    doc_feed = FeedLink("Văn bản", "van-ban/feed.xml")
    filters = listing_filters(site)
    for chunk, pager in paginate(cat.documents, size, "van-ban/"):
        title = "Văn bản" + (f" — trang {pager.number}" if pager.number > 1 else "")
        pages.append(PageSpec(pager.urls[pager.number - 1], "cchc/document_list.html", title,
                              "listing", "Kế hoạch, báo cáo, quyết định về cải cách hành chính.",
                              {"items": chunk, "pager": pager, "filters": filters},
                              site_feeds(doc_feed)))
    pages.append(PageSpec("tien-do/", "cchc/progress.html", "Tiến độ thực hiện", "progress",
                          "Chỉ tiêu tin bài và thời hạn nhiệm vụ của các cơ quan, theo từng kỳ.",
                          {"tracking": site.tracking}, site_feeds()))
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


def listing_filters(site: Site) -> dict[str, Any]:
    """Choices of the document listing's filter, in Vietnamese order."""
    cat = site.catalog
    used = {d.agency for d in cat.documents}
    return {
        "kinds": [(k, v) for k, v in KINDS.items() if any(d.kind == k for d in cat.documents)],
        "agencies": [(a.id, a.label) for a in sorted((cat.agencies[i] for i in used),
                                                      key=lambda a: sort_key(a.label))],
        "years": sorted(cat.docs_by_year, reverse=True),
    }


def home_data(site: Site) -> dict[str, Any]:
    """Data of the home page (an ordinary Markdown page with `template: cchc/home.html`)."""
    cat = site.catalog
    # Open deadlines from tracking: earliest first, leads dissolved before the deadline left out.
    open_tasks = [(r.document, r.task) for r in site.tracking.open_deadlines[:10]]
    return {"news": cat.news[:8], "documents": cat.documents[:6], "deadlines": open_tasks}
