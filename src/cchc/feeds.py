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

from . import __version__, links, media, urls
from .dates import VN_TZ
from .model import Document, NewsItem
from .pages import Site
from .vocab import KINDS, TOPICS

Record = Document | NewsItem


@dataclass(frozen=True)
class Feed:
    path: str  # root-relative, e.g. "co-quan/so-noi-vu/feed.xml"
    title: str
    description: str
    page: str  # root-relative URL of the HTML page of the same scope
    items: tuple[Record, ...]
    atom: bool = False
    podcast: bool = False  # radio programmes: an enclosure per item and the iTunes tags


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
    if site.radio:  # SPEC §10: the radio programmes as a podcast
        feeds.append(Feed(urls.PODCAST_FEED, f"{name} — Phát thanh",
                          "Chương trình phát thanh về cải cách hành chính.", urls.RADIO,
                          _newest(site.radio, limit), podcast=True))
    return feeds


def _entry(fg: FeedGenerator, record: Record, site: Site) -> FeedEntry:
    base = site.settings.base_url
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
    fe.description(site.summary_html(record) or html.escape(record.title, quote=False))
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
        fe = _entry(fg, record, site)
        if feed.podcast and isinstance(record, NewsItem) and record.media is not None:
            _episode(fe, record, site)
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
