"""Feeds: the catalog → RSS 2.0 / Atom bytes for every scope, and the OPML list of them.

A pure function of records (feedgen, as in its own docs): dates come from the items, never the
clock, so two builds give the same bytes. GUIDs are the items' permanent URLs, which do not
depend on pagination or on other items.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from xml.sax.saxutils import quoteattr

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedEntry, FeedGenerator
from lxml import etree

from . import __version__, links, urls
from .dates import VN_TZ
from .model import Document, NewsItem, Question
from .pages import Site
from .text import format_date
from .vocab import KINDS, TOPICS

Record = Document | NewsItem | Question


@dataclass(frozen=True)
class Feed:
    path: str  # root-relative, e.g. "co-quan/so-noi-vu/feed.xml"
    title: str
    description: str
    page: str  # root-relative URL of the HTML page of the same scope
    items: tuple[Record, ...]
    atom: bool = False


class _Enclosures(BaseEntryExtension):
    """RSS allows feedgen one <enclosure> per item; documents may have several attachments."""

    def __init__(self) -> None:
        self.extra: list[tuple[str, int, str]] = []

    def extend_rss(self, entry: etree._Element) -> etree._Element:
        for url, length, mime in self.extra:
            el = etree.SubElement(entry, "enclosure")
            el.attrib.update({"url": url, "length": str(length), "type": mime})
        return entry

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        return entry


def _when(record: Record) -> datetime:
    if isinstance(record, NewsItem):
        return record.date
    if isinstance(record, Question):  # an answer is news to a reader who asked
        return datetime.combine(record.latest, time(0, 0), VN_TZ)
    return datetime.combine(record.sort_date, time(0, 0), VN_TZ)


def _newest(items: Sequence[Record], limit: int) -> tuple[Record, ...]:
    ordered = sorted(items, key=lambda r: (_when(r), r.url), reverse=True)
    return tuple(ordered[:limit])


def scopes(site: Site) -> list[Feed]:
    """Every feed of the site (SPEC §5), items newest first, at most `feed_limit` each."""
    cat = site.catalog
    limit = site.settings.feed_limit
    name = site.settings.site_name
    feeds = [
        Feed("feed.xml", f"{name} — Tin tức", "Tin bài cải cách hành chính mới nhất.",
             "tin-tuc/", _newest(cat.news, limit)),
        Feed("atom.xml", f"{name} — Tin tức", "Tin bài cải cách hành chính mới nhất.",
             "tin-tuc/", _newest(cat.news, limit), atom=True),
        Feed("van-ban/feed.xml", f"{name} — Văn bản",
             "Kế hoạch, báo cáo, quyết định về cải cách hành chính mới nhất.",
             "van-ban/", _newest(cat.documents, limit)),
    ]
    for agency in cat.agencies.values():
        view = cat.by_agency[agency.id]
        feeds.append(Feed(f"{agency.url}feed.xml", f"{agency.name} — {name}",
                          f"Tin bài và văn bản của {agency.name}.", agency.url,
                          _newest([*view.news, *view.documents], limit)))
    for year in cat.years:
        feeds.append(Feed(f"nam/{year}/feed.xml", f"Năm {year} — {name}",
                          f"Tin bài và văn bản năm {year}.", f"nam/{year}/",
                          _newest([*cat.news_by_year.get(year, []),
                                   *cat.docs_by_year.get(year, [])], limit)))
    for topic, label in TOPICS.items():
        feeds.append(Feed(f"linh-vuc/{topic}/feed.xml", f"{label} — {name}",
                          f"Tin bài và văn bản về {label.lower()}.", f"linh-vuc/{topic}/",
                          _newest([*cat.news_by_topic.get(topic, []),
                                   *cat.docs_by_topic.get(topic, [])], limit)))
    feeds.extend(_participation_scopes(site))
    return feeds


def _participation_scopes(site: Site) -> list[Feed]:
    """Drafts put up for comment, by the day each opened; questions, by their latest change
    (SPEC §9)."""
    cat, name, limit = site.catalog, site.settings.site_name, site.settings.feed_limit
    return [
        Feed(urls.CONSULTATION_FEED, f"{name} — Lấy ý kiến dự thảo",
             "Dự thảo văn bản lấy ý kiến nhân dân: thời hạn và cách gửi ý kiến.",
             urls.CONSULTATIONS, _newest(cat.consultations, limit)),
        Feed(urls.QUESTION_FEED, f"{name} — Hỏi đáp",
             "Câu hỏi của người dân, doanh nghiệp và trả lời của cơ quan nhà nước.",
             urls.QUESTIONS, _newest(cat.questions, limit)),
    ]


def _consultation_text(doc: Document) -> str:
    c = doc.consultation
    assert c is not None
    return (f"Lấy ý kiến từ ngày {format_date(c.start)} đến hết ngày {format_date(c.end)}. "
            f"Cách gửi ý kiến: {c.contact}.")


def _entry(fg: FeedGenerator, record: Record, site: Site) -> FeedEntry:
    base = site.settings.base_url
    if isinstance(record, Question):
        return _question_entry(fg, record, site)
    agency = site.catalog.agencies[record.agency]
    fe = fg.add_entry(order="append")  # feedgen prepends by default
    url = base + record.url
    fe.id(url)
    fe.guid(url, permalink=True)
    fe.link(href=url, rel="alternate")
    when = _when(record)
    fe.published(when)
    fe.updated(when)  # feedgen would stamp the clock otherwise
    if isinstance(record, NewsItem):
        fe.title(record.title)
        author = record.author or agency.label
        categories = [TOPICS[t] for t in record.topics] + record.tags + ["Tin bài"]
    else:
        fe.title(f"{record.label}: {record.title}")
        author = agency.label
        categories = [KINDS[record.kind]] + [TOPICS[t] for t in record.topics] + record.tags
    fe.author(name=author)
    fe.dc.dc_creator(author)
    fe.dc.dc_publisher(agency.name)
    for term in dict.fromkeys(categories):
        fe.category(term=term)
    # RSS descriptions are HTML to feed readers: the plain-text summary goes in escaped.
    summary = site.summary_html(record) or html.escape(record.title, quote=False)
    if isinstance(record, Document) and record.consultation:
        summary = html.escape(_consultation_text(record), quote=False) + " " + summary
    fe.description(summary)
    fe.content(links.absolute(site.bodies_html(record), base), type="CDATA")
    if isinstance(record, Document) and record.attachments:
        first, *rest = record.attachments
        for att in record.attachments:  # Atom: every attachment is a rel="enclosure" link
            fe.link(href=base + urls.attachment(record.id, att.name), rel="enclosure", type=att.mime,
                    length=str(att.size))
        fe.enclosure(base + urls.attachment(record.id, first.name), str(first.size), first.mime)
        fe.cchc_enclosures.extra = [(base + urls.attachment(record.id, a.name), a.size, a.mime)
                                    for a in rest]
    return fe


def _question_entry(fg: FeedGenerator, q: Question, site: Site) -> FeedEntry:
    """A question, with its answer when there is one (the answer's date is the item's)."""
    base = site.settings.base_url
    fe = fg.add_entry(order="append")
    url = base + q.url
    fe.id(url)
    fe.guid(url, permalink=True)
    fe.link(href=url, rel="alternate")
    when = _when(q)
    fe.published(datetime.combine(q.asked, time(0, 0), VN_TZ))
    fe.updated(when)
    fe.title(q.heading)
    agency = site.catalog.agency(q.agency)
    author = q.asker or "Công dân"
    fe.author(name=author)
    fe.dc.dc_creator(author)
    if agency:
        fe.dc.dc_publisher(agency.name)
    for term in dict.fromkeys([TOPICS[t] for t in q.topics] + ["Hỏi đáp"]):
        fe.category(term=term)
    status = (f"Đã trả lời ngày {format_date(q.answered)}" +
              (f" ({agency.label})" if agency else "") if q.answered else "Chưa trả lời")
    fe.description(html.escape(f"{q.question} — {status}.", quote=False))
    question = f"<p><strong>Hỏi:</strong> {html.escape(q.question, quote=False)}</p>"
    answer = links.absolute(site.bodies_html(q), base) if q.answered else \
        "<p><em>Chưa trả lời.</em></p>"
    fe.content(question + answer, type="CDATA")
    return fe


def render(feed: Feed, site: Site) -> bytes:
    base = site.settings.base_url
    fg = FeedGenerator()
    fg.load_extension("dc", atom=True, rss=True)
    fg.register_extension("cchc_enclosures", BaseExtension, _Enclosures, atom=False)
    fg.id(base + feed.path)
    fg.title(feed.title)
    if feed.atom:
        fg.subtitle(feed.description)  # Atom: text
    else:  # RSS: HTML to feed readers, so the text goes in escaped
        fg.description(html.escape(feed.description, quote=False))
    fg.language("vi")
    fg.generator("cchc", version=__version__)
    # RSS takes the channel link from the *last* link() set: add rel="self" first.
    fg.link(href=base + feed.path, rel="self")
    fg.link(href=base + feed.page, rel="alternate")
    newest = _when(feed.items[0]) if feed.items else datetime(2000, 1, 1, tzinfo=VN_TZ)
    fg.updated(newest)
    fg.lastBuildDate(newest)
    for record in feed.items:
        _entry(fg, record, site)
    return fg.atom_str(pretty=True) if feed.atom else fg.rss_str(pretty=True)


def opml(feeds: Sequence[Feed], site: Site) -> bytes:
    """Every feed of the site, so a reader can subscribe to all of them at once."""
    base = site.settings.base_url
    name = site.settings.site_name
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             f"  <head><title>{_esc(name)} — nguồn tin</title></head>", "  <body>"]
    for f in feeds:
        kind = "atom" if f.atom else "rss"
        lines.append(f"    <outline type={quoteattr(kind)} text={quoteattr(f.title)} "
                     f"title={quoteattr(f.title)} xmlUrl={quoteattr(base + f.path)} "
                     f"htmlUrl={quoteattr(base + f.page)}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines).encode("utf-8")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
