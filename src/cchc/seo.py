"""What search engines and sharing read: sitemap.xml, robots.txt, each page's Open Graph and
JSON-LD description. Dates come from the content (never the clock), so builds stay identical."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from . import urls
from .dates import VN_TZ
from .model import Document, NewsItem
from .pages import (
    AgencyPage,
    ConsultationListPage,
    DocumentListPage,
    DocumentPage,
    HomePage,
    MarkdownPageData,
    NewsListPage,
    NewsPage,
    PageSpec,
    QuestionListPage,
    QuestionPage,
    Site,
    TopicPage,
    YearPage,
)


def _day(record: Document | NewsItem) -> date | None:
    """The content's own date: a news item's, a document's issue day (never an invented one)."""
    if isinstance(record, NewsItem):
        return record.date.astimezone(VN_TZ).date()
    return record.issued


def _newest(records: Any) -> date | None:
    days = [d for d in (_day(r) for r in records) if d]
    return max(days) if days else None


def lastmod(spec: PageSpec) -> date | None:
    """When the page's content last changed, as far as the content says; None when unknown."""
    data = spec.data
    if isinstance(data, NewsPage):
        return _day(data.item)
    if isinstance(data, DocumentPage):
        return _newest([data.doc, *(b.source for b in data.backlinks)])
    if isinstance(data, AgencyPage):
        return _newest([*data.view.news[:1], *data.view.documents])
    if isinstance(data, (YearPage, TopicPage)):
        return _newest([*data.news[:1], *data.documents])
    if isinstance(data, (NewsListPage, DocumentListPage)):
        return _newest(data.items)
    if isinstance(data, HomePage):
        return _newest([*data.news[:1], *data.documents[:1]])
    if isinstance(data, QuestionPage):
        return data.item.latest
    if isinstance(data, QuestionListPage):
        return max((q.latest for q in data.items), default=None)
    if isinstance(data, ConsultationListPage):
        return max((v.consultation.start for v in [*data.open, *data.upcoming, *data.closed]),
                   default=None)
    if isinstance(data, MarkdownPageData):
        value = data.page.meta.get("updated") or data.page.meta.get("date")
        if isinstance(value, datetime):
            return value.date()
        return value if isinstance(value, date) else None
    return None


def listed(spec: PageSpec) -> bool:
    """Pages search engines are told about: every HTML page but the 404 page and pages kept
    off the menu (`public: false`)."""
    if spec.kind in ("not-found", "search", "redirect"):
        return False
    return not (isinstance(spec.data, MarkdownPageData) and not spec.data.public)


def sitemap(specs: list[PageSpec], site: Site) -> bytes:
    """sitemaps.org 0.9: every listed page with its content's date."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for spec in sorted((s for s in specs if listed(s)), key=lambda s: s.url):
        day = lastmod(spec)
        mod = f"<lastmod>{day.isoformat()}</lastmod>" if day else ""
        lines.append(f"  <url><loc>{escape(site.absolute(spec.url))}</loc>{mod}</url>")
    lines += ["</urlset>", ""]
    return "\n".join(lines).encode("utf-8")


def robots(site: Site) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if site.settings.base_url:
        lines.append(f"Sitemap: {site.settings.base_url}sitemap.xml")
    return ("\n".join(lines) + "\n").encode("utf-8")


def open_graph(spec: PageSpec, site: Site) -> dict[str, str]:
    """og:* properties of the page (Facebook, Zalo and chat apps read them when shared)."""
    kind = "article" if isinstance(spec.data, (NewsPage, DocumentPage)) else "website"
    props = {
        "og:type": kind,
        "og:title": site.settings.site_name if spec.kind == "home" else spec.title,
        "og:url": site.absolute(spec.url),
        "og:site_name": site.settings.site_name,
        "og:locale": "vi_VN",
        "og:image": site.absolute(site.logo),
    }
    description = site.description(spec)
    if description:
        props["og:description"] = description
    if isinstance(spec.data, NewsPage):
        props["article:published_time"] = spec.data.item.date.isoformat()
        picture = site.picture(spec.data.item)
        if picture is not None:  # the item's own picture, as a JPEG sharing sites read
            props["og:image"] = site.absolute(picture.share.url)
            props["og:image:type"] = picture.share.mime
            props["og:image:width"] = str(picture.share.width)
            props["og:image:height"] = str(picture.share.height)
            props["og:image:alt"] = picture.alt
    return props


def structured_data(spec: PageSpec, site: Site) -> dict[str, Any] | None:
    """schema.org JSON-LD: NewsArticle for news, GovernmentOrganization for agencies (and the
    portal's owner), DigitalDocument for documents."""
    data = spec.data
    owner = site.owner.agency
    publisher = {"@type": "GovernmentOrganization", "name": owner.name,
                 "url": site.absolute(urls.HOME)}
    if isinstance(data, NewsPage):
        item = data.item
        agency = site.catalog.agencies[item.agency]
        return {"@context": "https://schema.org", "@type": "NewsArticle",
                "headline": item.title, "datePublished": item.date.isoformat(),
                "inLanguage": "vi", "mainEntityOfPage": site.absolute(item.url),
                "author": {"@type": "Person", "name": item.author} if item.author else
                {"@type": "GovernmentOrganization", "name": agency.name},
                "publisher": publisher,
                **({"image": [site.absolute(v.url) for v in (picture.share, picture.webp[-1])]}
                   if (picture := site.picture(item)) else {})}
    if isinstance(data, DocumentPage):
        doc = data.doc
        agency = site.catalog.agencies[doc.agency]
        out: dict[str, Any] = {
            "@context": "https://schema.org", "@type": "DigitalDocument", "name": doc.title,
            "inLanguage": "vi", "url": site.absolute(doc.url),
            "author": {"@type": "GovernmentOrganization", "name": agency.name},
            "publisher": publisher, "genre": doc.kind_label}
        if doc.number:
            out["identifier"] = doc.number
        if doc.issued:
            out["dateCreated"] = doc.issued.isoformat()
        return out
    if isinstance(data, AgencyPage) and not (data.pager and data.pager.number > 1):
        agency = data.agency
        org: dict[str, Any] = {"@context": "https://schema.org",
                               "@type": "GovernmentOrganization", "name": agency.name,
                               "url": site.absolute(agency.url)}
        if agency.website:
            org["sameAs"] = agency.website
        if agency.parent:
            parent = site.catalog.agencies[agency.parent]
            org["parentOrganization"] = {"@type": "GovernmentOrganization", "name": parent.name}
        if agency.dissolved:
            org["dissolutionDate"] = agency.dissolved.isoformat()
        return org
    if isinstance(data, QuestionPage):
        return _qa_page(data, site, publisher)
    if isinstance(data, HomePage):
        site_info = {"@context": "https://schema.org", "@type": "WebSite",
                     "name": site.settings.site_name, "inLanguage": "vi",
                     "url": site.absolute(urls.HOME), "publisher": publisher}
        return site_info
    return None


def _qa_page(data: QuestionPage, site: Site, publisher: dict[str, Any]) -> dict[str, Any]:
    """schema.org QAPage: the question, and the agency's answer once there is one."""
    q = data.item
    question: dict[str, Any] = {"@type": "Question", "name": q.heading, "text": q.question,
                                "dateCreated": q.asked.isoformat(),
                                "answerCount": 1 if q.answered else 0,
                                "author": {"@type": "Person", "name": q.asker or "Công dân"}}
    agency = site.catalog.agency(q.agency)
    if q.answered and agency:
        question["acceptedAnswer"] = {
            "@type": "Answer", "text": site.summary(q), "dateCreated": q.answered.isoformat(),
            "url": site.absolute(q.url),
            "author": {"@type": "GovernmentOrganization", "name": agency.name}}
    return {"@context": "https://schema.org", "@type": "QAPage", "inLanguage": "vi",
            "url": site.absolute(q.url), "mainEntity": question, "publisher": publisher}
