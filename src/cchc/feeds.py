"""Feeds: the catalog → RSS 2.0 / Atom bytes for every scope, and the OPML list of them.

A pure function of records (feedgen, as in its own docs): dates come from the items, never the
clock, so two builds give the same bytes. GUIDs are the items' permanent URLs, which do not
depend on pagination or on other items. What readers and the W3C feed validator expect, and
how it is met here:

- Dates are the content's own: a news item's `date`; a document's `issued`, else the last day
  of its `period` (a "Quý I/2024" report: 31/03/2024); a draft put up for comment, the day
  its consultation opened; else none — the RSS item has no `pubDate` and comes after the dated
  ones. No day is invented (1 January of the year was). A question is dated by its answer,
  else by the day it was asked.
- A feed with no item is not written, not linked from any page and not in the OPML: a reader
  who subscribes always gets something (the scope's page says there is nothing yet).
- Atom carries `content type="html"` and a plain-text `summary`; RSS a `description` (the
  summary) and `content:encoded`. One `<enclosure>` per RSS item (the validator refuses more):
  a document's first attachment; every attachment is listed, linked, in the content.
- Limits: an item's content is at most `CONTENT_LIMIT` characters of HTML — a longer body is
  cut at an element boundary and ends with a link to the page — and its summary at most
  `SUMMARY_LIMIT`, so one huge body cannot make every feed it is in huge. Characters XML cannot
  carry are removed (`xmltext`). Categories are set once per item: feedgen's `category()`
  rebuilds its list on every call, quadratic in the number of tags.

Each feed declares its group (a folder of the OPML, a section of /du-lieu/): `GROUPS` fixes
their order, and a new kind of feed is a function added to `SCOPES`.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from lxml import etree
from lxml import html as lxml_html
from lxml.html import builder as E

from . import __version__, links, media, urls
from .dates import local_day, start_of_day
from .model import Document, NewsItem, Question
from .render import plain_text
from .text import format_date
from .vocab import KINDS, TOPICS
from .xmltext import xml_text

if TYPE_CHECKING:
    from .pages import Site

Record = Document | NewsItem | Question

RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"

CONTENT_LIMIT = 50_000  # characters of HTML in one item's content (a long article is ~30,000)
SUMMARY_LIMIT = 1_000  # characters of an item's summary

# Groups of feeds, in the order readers see them (OPML folders, sections of /du-lieu/). A group
# not listed here comes after these, in the order its first feed appears.
SITE = "Toàn trang"
AGENCIES = "Cơ quan"
YEARS = "Năm"
TOPIC_GROUP = "Lĩnh vực"
CONSULTATION = "Lấy ý kiến"
QUESTIONS = "Hỏi đáp"
RADIO = "Phát thanh"
GROUPS = (SITE, AGENCIES, YEARS, TOPIC_GROUP, CONSULTATION, QUESTIONS, RADIO)


@dataclass(frozen=True)
class Feed:
    path: str  # root-relative, e.g. "co-quan/so-noi-vu/feed.xml"
    title: str
    description: str
    page: str  # root-relative URL of the HTML page of the same scope
    items: tuple[Record, ...]
    group: str  # one of GROUPS, or a new group
    format: str = "rss"  # "rss" | "atom" (the same scope as an RSS feed: not in the OPML)
    label: str = ""  # its name within its group ("Năm 2024"), on /du-lieu/; default: title
    podcast: bool = False  # radio programmes: an enclosure per item and the iTunes tags

    @property
    def name(self) -> str:
        return self.label or self.title

    @property
    def mime(self) -> str:
        return ATOM_TYPE if self.format == "atom" else RSS_TYPE

    @property
    def updated(self) -> datetime | None:
        """The newest item's date (items are newest first, undated last)."""
        return feed_date(self.items[0]) if self.items else None


# -- dates --------------------------------------------------------------------------------------

def document_day(doc: Document) -> date | None:
    """A document's own date: `issued`, else the end of its `period`, else (a draft put up for
    comment) the day its consultation opened, else none: no date is invented."""
    if doc.issued:
        return doc.issued
    if doc.period:
        return doc.period.end
    return doc.consultation.start if doc.consultation else None


def feed_date(record: Record) -> datetime | None:
    if isinstance(record, NewsItem):
        return record.date
    if isinstance(record, Question):  # an answer is news to a reader who asked
        return start_of_day(record.latest)
    day = document_day(record)
    return start_of_day(day) if day else None


def record_day(record: Record) -> date | None:
    """The calendar day (in Vietnam) a record is dated, as open data states it."""
    when = feed_date(record)
    return local_day(when) if when else None


def newest(items: Iterable[Record], limit: int) -> tuple[Record, ...]:
    """The `limit` newest records: dated ones newest first, then undated ones (newest year
    first). Ties are broken by URL, so the order never depends on the input's."""
    dated: list[tuple[datetime, str, Record]] = []
    undated: list[Record] = []
    for r in items:
        when = feed_date(r)
        if when is None:
            undated.append(r)
        else:
            dated.append((when, r.url, r))
    dated.sort(key=lambda t: (t[0], t[1]), reverse=True)
    undated.sort(key=lambda r: (r.year, r.url), reverse=True)
    return tuple([r for _, _, r in dated[:limit]] + undated[: max(0, limit - len(dated))])


# -- scopes -------------------------------------------------------------------------------------

def _site_scopes(site: Site) -> Iterator[Feed]:
    cat, name, limit = site.catalog, site.settings.site_name, site.settings.feed_limit
    news = newest(cat.news, limit)
    about = "Tin bài cải cách hành chính mới nhất."
    yield Feed(urls.FEED, f"{name} — Tin tức", about, urls.NEWS, news, SITE, label="Tin tức")
    yield Feed(urls.ATOM, f"{name} — Tin tức", about, urls.NEWS, news, SITE, "atom",
               "Tin tức (Atom)")
    yield Feed(urls.DOCUMENT_FEED, f"{name} — Văn bản",
               "Kế hoạch, báo cáo, quyết định về cải cách hành chính mới nhất.",
               urls.DOCUMENTS, newest(cat.documents, limit), SITE, label="Văn bản")


def _agency_scopes(site: Site) -> Iterator[Feed]:
    cat, name, limit = site.catalog, site.settings.site_name, site.settings.feed_limit
    for agency in cat.agencies.values():
        view = cat.by_agency[agency.id]
        yield Feed(urls.feed_of(agency.url), f"{agency.name} — {name}",
                   f"Tin bài và văn bản của {agency.name}.", agency.url,
                   newest([*view.news, *view.documents], limit), AGENCIES,
                   label=agency.name)


def _year_scopes(site: Site) -> Iterator[Feed]:
    cat, name, limit = site.catalog, site.settings.site_name, site.settings.feed_limit
    for year in cat.years:
        yield Feed(urls.feed_of(urls.year(year)), f"Năm {year} — {name}",
                   f"Tin bài và văn bản năm {year}.", urls.year(year),
                   newest([*cat.news_by_year.get(year, []), *cat.docs_by_year.get(year, [])],
                          limit), YEARS, label=f"Năm {year}")


def _topic_scopes(site: Site) -> Iterator[Feed]:
    cat, name, limit = site.catalog, site.settings.site_name, site.settings.feed_limit
    for topic, label in TOPICS.items():
        yield Feed(urls.feed_of(urls.topic(topic)), f"{label} — {name}",
                   f"Tin bài và văn bản về {label.lower()}.", urls.topic(topic),
                   newest([*cat.news_by_topic.get(topic, []), *cat.docs_by_topic.get(topic, [])],
                          limit), TOPIC_GROUP, label=label)


def _radio_scopes(site: Site) -> Iterator[Feed]:
    """SPEC §10: the radio programmes as a podcast."""
    if site.radio:
        name, limit = site.settings.site_name, site.settings.feed_limit
        yield Feed(urls.PODCAST_FEED, f"{name} — Phát thanh",
                   "Chương trình phát thanh về cải cách hành chính.", urls.RADIO,
                   newest(site.radio, limit), RADIO, label="Chương trình phát thanh",
                   podcast=True)


def _participation_scopes(site: Site) -> Iterator[Feed]:
    """Drafts put up for comment, by the day each opened; questions, by their latest change
    (SPEC §9)."""
    cat, name, limit = site.catalog, site.settings.site_name, site.settings.feed_limit
    yield Feed(urls.CONSULTATION_FEED, f"{name} — Lấy ý kiến dự thảo",
               "Dự thảo văn bản lấy ý kiến nhân dân: thời hạn và cách gửi ý kiến.",
               urls.CONSULTATIONS, newest(cat.consultations, limit), CONSULTATION,
               label="Lấy ý kiến dự thảo")
    yield Feed(urls.QUESTION_FEED, f"{name} — Hỏi đáp",
               "Câu hỏi của người dân, doanh nghiệp và trả lời của cơ quan nhà nước.",
               urls.QUESTIONS, newest(cat.questions, limit), QUESTIONS, label="Hỏi đáp")


SCOPES: tuple[Callable[[Site], Iterable[Feed]], ...] = (
    _site_scopes, _agency_scopes, _year_scopes, _topic_scopes, _participation_scopes,
    _radio_scopes)
"""Every kind of feed of the site (SPEC §5); a new kind is a function added here."""


def scopes(site: Site) -> list[Feed]:
    """Every feed that has at least one item, items newest first, at most `feed_limit` each.
    Use `Site.feeds` (computed once per build)."""
    return [f for scope in SCOPES for f in scope(site) if f.items]


def grouped(feeds: Iterable[Feed]) -> list[tuple[str, list[Feed]]]:
    """Feeds by group, groups in `GROUPS` order, then new groups in order of appearance."""
    by_group: dict[str, list[Feed]] = {}
    for f in feeds:
        by_group.setdefault(f.group, []).append(f)
    order = [g for g in GROUPS if g in by_group] + [g for g in by_group if g not in GROUPS]
    return [(g, by_group[g]) for g in order]


# -- items --------------------------------------------------------------------------------------

def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _html(element: etree._Element) -> str:
    return lxml_html.tostring(element, encoding="unicode")


def truncate_html(body: str, limit: int) -> str:
    """The first `limit` characters of an HTML fragment, well formed: parsed with lxml's
    recovering parser (which closes what the cut left open); the last top-level element,
    which the cut may have split, is dropped when there are others."""
    head = xml_text(body[:limit])
    parts: list[Any]
    try:
        parts = list(lxml_html.fragments_fromstring(head))
    except etree.ParserError:
        parts = []
    if len(parts) > 1:
        parts = parts[:-1]
    out = "".join(p if isinstance(p, str) else _html(p) for p in parts)
    return out or _html(E.P(plain_text(head)))


def _content(record: Record, site: Site) -> str:
    """The item's HTML with absolute links: the body (cut past CONTENT_LIMIT, with a link to
    the whole page) and, for a document, its attachments."""
    base = site.settings.base_url
    page = base + record.url
    out = links.absolute(site.bodies_html(record), base)
    if len(out) > CONTENT_LIMIT:
        out = truncate_html(out, CONTENT_LIMIT) + _html(E.P(
            E.EM("Nội dung dài, nguồn tin chỉ đăng phần đầu. "),
            E.A("Đọc toàn văn trên chuyên trang", href=page)))
    if isinstance(record, Document) and record.attachments:
        out += _html(E.P(E.STRONG("Tệp đính kèm:"))) + _html(E.UL(*[
            E.LI(E.A(att.name, href=base + urls.attachment(record.id, att.name)))
            for att in record.attachments]))
    return xml_text(out)


def _entry(fg: FeedGenerator, record: Record, site: Site) -> FeedEntry:
    if isinstance(record, Question):
        return _question_entry(fg, record, site)
    base = site.settings.base_url
    agency = site.catalog.agencies[record.agency]
    if isinstance(record, NewsItem):
        title = record.title
        author = record.author or agency.label
        categories = [TOPICS[t] for t in record.topics] + record.tags + ["Tin bài"]
    else:
        title = f"{record.label}: {record.title}"
        author = agency.label
        categories = [KINDS[record.kind]] + [TOPICS[t] for t in record.topics] + record.tags
    when = feed_date(record)  # None: no pubDate, RSS allows it (Atom feeds hold dated news only)
    note = _consultation_text(record) if isinstance(record, Document) and record.consultation \
        else ""
    fe = _item(fg, site, record, title, author, agency.name, categories,
               site.summary(record) or record.title, _content(record, site), when, when, note)
    if isinstance(record, Document):
        files = [a for a in record.attachments if a.size > 0]  # length must be positive
        # Atom lists every attachment; RSS keeps the enclosure set last: the first one.
        for att in [*files[1:], *files[:1]]:
            fe.enclosure(xml_text(base + urls.attachment(record.id, att.name)), str(att.size),
                         att.mime)
    return fe


def _item(fg: FeedGenerator, site: Site, record: Record, title: str, author: str,
          publisher: str | None, categories: list[str], summary: str, content: str,
          published: datetime | None, updated: datetime | None, note: str = "") -> FeedEntry:
    """What every item carries: its page as id, guid and link; dates (feedgen would stamp the
    clock when none is set); title, author, publisher, categories; a plain-text summary (Atom)
    and the same escaped as the RSS description, which readers render as HTML, after `note`
    (a draft's consultation window); the content as HTML."""
    fe = fg.add_entry(order="append")  # feedgen prepends by default
    url = site.settings.base_url + record.url
    fe.id(url)
    fe.guid(url, permalink=True)
    fe.link(href=url, rel="alternate", type="text/html")
    if published is not None:
        fe.published(published)
        fe.updated(updated or published)
    fe.title(xml_text(title))
    fe.author(name=xml_text(author))
    fe.dc.dc_creator(xml_text(author))
    if publisher:
        fe.dc.dc_publisher(xml_text(publisher))
    terms = [t for t in dict.fromkeys(xml_text(c).strip() for c in categories) if t]
    if terms:
        fe.category([{"term": t} for t in terms])  # once: each call rebuilds feedgen's list
    plain = xml_text(_cut(summary, SUMMARY_LIMIT))
    fe.summary(plain)
    fe.description(html.escape(f"{note} {plain}" if note else plain, quote=False))
    fe.content(content, type="html")
    return fe


def _consultation_text(doc: Document) -> str:
    c = doc.consultation
    assert c is not None
    return (f"Lấy ý kiến từ ngày {format_date(c.start)} đến hết ngày {format_date(c.end)}. "
            f"Cách gửi ý kiến: {c.contact}.")


def _question_entry(fg: FeedGenerator, q: Question, site: Site) -> FeedEntry:
    """A question, with its answer when there is one (the answer's date is the item's)."""
    agency = site.catalog.agency(q.agency)
    status = (f"Đã trả lời ngày {format_date(q.answered)}" +
              (f" ({agency.label})" if agency else "") if q.answered else "Chưa trả lời")
    question = _html(E.P(E.STRONG("Hỏi: "), xml_text(q.question)))
    answer = links.absolute(site.bodies_html(q), site.settings.base_url) if q.answered else \
        _html(E.P(E.EM("Chưa trả lời.")))
    return _item(fg, site, q, q.heading, q.asker or "Công dân", agency.name if agency else None,
                 [TOPICS[t] for t in q.topics] + ["Hỏi đáp"], f"{q.question} — {status}.",
                 xml_text(question + answer), start_of_day(q.asked), feed_date(q))


def _episode(fe: FeedEntry, item: NewsItem, site: Site) -> None:
    """A radio programme as podcast apps read it: its recording, length, duration, summary."""
    assert item.media is not None
    base = site.settings.base_url
    fe.enclosure(base + item.media.url, str(item.media.size), item.media.mime)
    fe.podcast.itunes_summary(site.summary(item) or item.title)
    fe.podcast.itunes_explicit("no")
    fe.podcast.itunes_episode_type("full")
    if item.media.duration:
        fe.podcast.itunes_duration(media.clock(item.media.duration))
    if item.transcript is not None and item.transcript.kind == "vtt":
        fe.podcast.itunes_is_closed_captioned(True)
    picture = site.picture(item)
    if picture is not None:
        fe.podcast.itunes_image(base + picture.share.url)


def _show(fg: FeedGenerator, site: Site) -> None:
    """The podcast's own iTunes tags: who makes it, its cover, its category."""
    owner = site.owner
    base = site.settings.base_url
    fg.podcast.itunes_author(owner.agency.name)
    if owner.email:
        fg.podcast.itunes_owner(name=owner.agency.name, email=owner.email)
    fg.podcast.itunes_category("Government")
    fg.podcast.itunes_explicit("no")
    fg.podcast.itunes_type("episodic")
    fg.podcast.itunes_summary("Chương trình phát thanh về cải cách hành chính của "
                              f"{owner.agency.name}.")
    if site.podcast.image:  # (RSS's own <image> is at most 144 px wide: not the cover)
        fg.podcast.itunes_image(base + site.podcast.image)


def render(feed: Feed, site: Site) -> bytes:
    base = site.settings.base_url
    fg = FeedGenerator()
    fg.load_extension("dc", atom=True, rss=True)
    if feed.podcast:
        fg.load_extension("podcast")
        _show(fg, site)
    fg.id(base + feed.path)
    fg.title(xml_text(feed.title))
    if feed.format == "atom":
        fg.subtitle(xml_text(feed.description))  # Atom: text
    else:  # RSS: HTML to feed readers, so the text goes in escaped
        fg.description(html.escape(xml_text(feed.description), quote=False))
    fg.language("vi")
    fg.generator("cchc", version=__version__)
    # RSS takes the channel link from the *last* link() set: add rel="self" first.
    fg.link(href=base + feed.path, rel="self", type=feed.mime)
    fg.link(href=base + feed.page, rel="alternate", type="text/html")
    updated = feed.updated
    if updated is not None:
        fg.updated(updated)
    else:
        # Only undated documents: no lastBuildDate rather than the clock, feedgen's default.
        assert feed.format == "rss", "Atom requires a date: Atom feeds hold news items"
        fg._FeedGenerator__rss_lastBuildDate = None
    for record in feed.items:
        fe = _entry(fg, record, site)
        if feed.podcast and isinstance(record, NewsItem) and record.media is not None:
            _episode(fe, record, site)
    return bytes(fg.atom_str(pretty=True) if feed.format == "atom" else fg.rss_str(pretty=True))


# -- OPML ---------------------------------------------------------------------------------------

def opml(feeds: Sequence[Feed], site: Site, owner: str) -> bytes:
    """The RSS feeds of the site in OPML 2.0, one folder per group, so that a reader imports
    them cleanly: no Atom twin of an RSS feed (each scope once), no empty feed."""
    base = site.settings.base_url
    rss = [f for f in feeds if f.format == "rss"]
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = xml_text(f"{site.settings.site_name} — nguồn tin")
    dates = [d for f in rss if (d := f.updated)]
    if dates:
        etree.SubElement(head, "dateModified").text = format_datetime(max(dates))
    etree.SubElement(head, "ownerName").text = xml_text(owner)
    body = etree.SubElement(root, "body")
    for group, members in grouped(rss):
        folder = etree.SubElement(body, "outline", text=group)  # a folder: `text` only
        for f in members:
            etree.SubElement(folder, "outline", type="rss", version="RSS2",
                             text=xml_text(f.title), title=xml_text(f.title),
                             description=xml_text(f.description), language="vi",
                             xmlUrl=base + f.path, htmlUrl=base + f.page)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))
