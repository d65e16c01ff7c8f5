"""Feeds of the built site, read by a real feed parser (feedparser), a real OPML reader
(listparser) and checked against the W3C feed validator's rules (tests/support/feedcheck)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser
import listparser
import pytest

from tests.support import feedcheck, files
from tests.support.portal import DOC, news

BASE = "https://cchc.example.gov.vn/"
SMALL_BASE = "https://example.gov.vn/cchc/"


def rss_feeds(site: Path) -> list[Path]:
    return sorted(site.rglob("feed.xml"))


def page_for(url: str, site: Path, base: str = BASE) -> Path:
    assert url.startswith(base), url
    rel = url[len(base):]
    return site / rel / "index.html" if rel.endswith("/") or not rel else site / rel


def url_of(path: Path, site: Path, base: str = BASE) -> str:
    return base + path.relative_to(site).as_posix()


def records(site: Path, dataset: str) -> list[dict]:
    """Every record of a dataset split by year (api/<dataset>.json is the index)."""
    index = json.loads((site / f"api/{dataset}.json").read_text(encoding="utf-8"))
    out = []
    for part in index["records"]:
        out += json.loads(page_for(part["json"], site).read_text(encoding="utf-8"))["records"]
    return out


def test_every_demo_feed_parses_and_links_resolve(demo_site: Path):
    feeds = [*rss_feeds(demo_site), demo_site / "atom.xml"]
    assert len(feeds) > 20
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.feed.get("language", "vi").startswith("vi")
        assert parsed.entries, f"{path} has no item: it should not be written"
        for entry in parsed.entries:
            assert page_for(entry.link, demo_site).is_file(), (path, entry.link)
            for enc in entry.get("enclosures", []):
                target = page_for(enc["href"], demo_site)
                assert target.is_file() and int(enc["length"]) == target.stat().st_size
            raw = entry.get("published") or entry.get("updated")
            assert raw is None or raw.endswith(("+0700", "+07:00")), raw
            assert entry.id == entry.link  # the GUID is the permanent URL


def test_every_demo_feed_passes_the_validator_rules(demo_site: Path):
    for path in rss_feeds(demo_site):
        assert feedcheck.check_rss(path.read_bytes(), url_of(path, demo_site)) == [], path
    atom = demo_site / "atom.xml"
    assert feedcheck.check_atom(atom.read_bytes(), url_of(atom, demo_site)) == []
    assert feedcheck.check_opml((demo_site / "feeds.opml").read_bytes()) == []


def test_the_rules_catch_what_the_validator_rejects():
    """The checks can fail: the portal's former Atom, OPML and RSS mistakes are caught."""
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi"><id>https://a.vn/atom.xml'
            b'</id><title>T</title><updated>2024-01-01T00:00:00+07:00</updated>'
            b'<link href="https://a.vn/atom.xml" rel="self"/><entry><id>https://a.vn/x/</id>'
            b'<title>X</title><updated>2024-01-01T00:00:00+07:00</updated><author><name>A'
            b'</name></author><content type="CDATA">&lt;p&gt;x&lt;/p&gt;</content></entry></feed>')
    found = " ".join(feedcheck.check_atom(atom, "https://a.vn/atom.xml"))
    assert "InvalidTextType: content type='CDATA'" in found
    assert "MissingSummary" in found and "UnexpectedContentType" in found
    rss = (b'<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T'
           b'</title><link>https://a.vn/</link><description>D</description><atom:link '
           b'href="https://a.vn/other.xml" rel="self"/><item><title>X</title><link>/x/</link>'
           b'<pubDate>2024-01-01</pubDate><enclosure url="https://a.vn/a.pdf" length="0" '
           b'type="application/pdf"/><enclosure url="https://a.vn/b.pdf" length="3" type="pdf"/>'
           b'<description>&lt;script&gt;x()&lt;/script&gt;</description></item></channel></rss>')
    found = " ".join(feedcheck.check_rss(rss, "https://a.vn/feed.xml"))
    for problem in ("MissingDCLanguage", "SelfDoesntMatchLocation", "InvalidURLAttribute: item",
                    "InvalidRFC2822Date", "DuplicateElement: item/enclosure",
                    "InvalidIntegerAttribute", "InvalidMIMEAttribute", "SecurityRisk"):
        assert problem in found, problem
    opml = (b'<opml version="2.0"><head><title>T</title></head><body><outline text="A" '
            b'title="A"><outline type="atom" text="x" xmlUrl="https://a.vn/atom.xml"/></outline>'
            b'</body></opml>')
    found = " ".join(feedcheck.check_opml(opml))
    assert "MissingOutlineType" in found and "InvalidOutlineType: 'atom'" in found


def test_atom_entries_carry_html_content_and_a_summary(demo_site: Path):
    raw = (demo_site / "atom.xml").read_bytes()
    assert b"CDATA" not in raw
    tree = ET.fromstring(raw)
    ns = {"a": feedcheck.ATOM}
    entries = tree.findall("a:entry", ns)
    assert len(entries) > 10
    for entry in entries:
        (content,) = entry.findall("a:content", ns)
        assert content.get("type") == "html"
        (summary,) = entry.findall("a:summary", ns)
        assert summary.get("type", "text") == "text" and summary.text.strip()
    parsed = feedparser.parse(raw)  # how SimplePie-style readers see it: HTML, not Base64
    first = parsed.entries[0]
    assert first.content[0].type == "text/html" and first.content[0].value.startswith("<p>")
    assert first.summary and "<" not in first.summary


def test_no_invented_document_date(demo_site: Path):
    """A document is dated by `issued`, else the end of its period, else the opening of its
    consultation, else not at all: the undated Quý I/2024 report is dated 31/03/2024; undated
    plans have no pubDate, after the dated items."""
    docs = {d["url"]: d for d in records(demo_site, "documents")}
    assert sum(1 for d in docs.values() if d["issued"] is None) >= 4
    entries = feedparser.parse((demo_site / "van-ban/feed.xml").read_bytes()).entries
    assert {e.link for e in entries} == set(docs)
    seen_undated = False
    for entry in entries:
        doc = docs[entry.link]
        published = parsedate_to_datetime(entry.published) if "published" in entry else None
        if doc["issued"]:
            assert published and published.date() == date.fromisoformat(doc["issued"])
        elif doc["period"]:
            assert doc["period"] == "Quý I/2024"
            assert entry.published == "Sun, 31 Mar 2024 00:00:00 +0700"
            assert doc["date"] == "2024-03-31"
        elif doc["date"]:  # a draft put up for comment: the day its consultation opened
            assert published and published.date() == date.fromisoformat(doc["date"])
        else:
            assert published is None, entry.link
        if published is None:
            seen_undated = True
        else:
            assert not seen_undated, "dated items come before undated ones"
            assert (published.month, published.day) != (1, 1) or doc["issued"]


def test_opml_is_a_clean_subscription_list(demo_site: Path):
    raw = (demo_site / "feeds.opml").read_bytes()
    parsed = listparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    written = {url_of(p, demo_site) for p in rss_feeds(demo_site)}
    listed = [f.url for f in parsed.feeds]
    assert sorted(listed) == sorted(written)  # every RSS feed once, no Atom twin
    assert BASE + "atom.xml" not in listed
    tree = ET.fromstring(raw)
    folders = tree.findall("body/outline")
    assert [f.get("text") for f in folders] == ["Toàn trang", "Cơ quan", "Năm", "Lĩnh vực",
                                                "Lấy ý kiến", "Hỏi đáp", "Phát thanh"]
    for folder in folders:
        assert set(folder.attrib) == {"text"}
        for outline in folder:
            assert outline.get("type") == "rss" and outline.get("version") == "RSS2"
            assert outline.get("title") and outline.get("text")
            assert page_for(outline.get("htmlUrl"), demo_site).is_file()
            items = feedparser.parse(page_for(outline.get("xmlUrl"), demo_site).read_bytes())
            assert items.entries, outline.get("xmlUrl")  # no empty feed
    by_folder = {f.url: f.categories[0][0] for f in parsed.feeds}
    assert by_folder[BASE + "feed.xml"] == "Toàn trang"
    assert by_folder[BASE + "co-quan/trung-tam-vhtttt-kien-tuong/feed.xml"] == "Cơ quan"
    assert by_folder[BASE + "nam/2024/feed.xml"] == "Năm"


def test_no_item_reachable_twice_through_rss(demo_site: Path):
    """Each scope is listed once, in RSS only; and within a folder whose feeds partition the
    portal (the site, its agencies, its years), an item is in exactly one feed. Only topics
    overlap: an item may belong to several."""
    parsed = listparser.parse((demo_site / "feeds.opml").read_bytes())
    assert len({f.url for f in parsed.feeds}) == len(parsed.feeds)
    folder_of_item: dict[str, Counter[str]] = {}
    for f in parsed.feeds:
        group = f.categories[0][0]
        for entry in feedparser.parse(page_for(f.url, demo_site).read_bytes()).entries:
            folder_of_item.setdefault(entry.id, Counter())[group] += 1
    everything = {r["url"] for r in records(demo_site, "news")} | \
        {r["url"] for r in records(demo_site, "documents")}
    limit_hit = len(records(demo_site, "news")) > 50
    for guid, folders in folder_of_item.items():
        for group in ("Toàn trang", "Cơ quan", "Năm"):
            assert folders[group] <= 1, (guid, group)
    # every item is reachable through its agency's and its year's feed
    for guid in everything:
        assert folder_of_item[guid]["Cơ quan"] == 1 and folder_of_item[guid]["Năm"] == 1, guid
    assert limit_hit or all(folder_of_item[g]["Toàn trang"] == 1 for g in everything)


def test_agency_and_year_feeds_are_scoped(demo_site: Path):
    docs, items = records(demo_site, "documents"), records(demo_site, "news")
    agency = "trung-tam-vhtttt-kien-tuong"
    expected = {n["url"] for n in items if n["agency"] == agency} | \
        {d["url"] for d in docs if d["agency"] == agency}

    def links(path: Path) -> set[str]:
        return {e.link for e in feedparser.parse(path.read_bytes()).entries}

    assert expected and links(demo_site / f"co-quan/{agency}/feed.xml") == expected
    expected_year = {n["url"] for n in items if n["date"].startswith("2013")} | \
        {d["url"] for d in docs if d["year"] == 2013}
    assert expected_year and links(demo_site / "nam/2013/feed.xml") == expected_year


def test_titles_round_trip_exactly(demo_site: Path):
    by_url = {n["url"]: n["title"] for n in records(demo_site, "news")}
    tricky = [t for t in by_url.values() if "&" in t or '"' in t or "“" in t]
    assert tricky, "the demo should have titles with & and quotes"
    for feed_name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((demo_site / feed_name).read_bytes())
        for entry in parsed.entries:
            assert entry.title == by_url[entry.link]


ALTERNATE = re.compile(r'<link rel="alternate" type="([^"]+)"[^>]*href="([^"]+)"')
RSS_LINK = re.compile(r'<a class="cchc-rss" href="([^"]+)"')


def test_pages_announce_their_feeds_rss_and_atom(demo_site: Path):
    def alternates(rel: str) -> list[tuple[str, str]]:
        return ALTERNATE.findall((demo_site / rel).read_text(encoding="utf-8"))

    home = alternates("index.html")
    assert ("application/rss+xml", "feed.xml") in home
    assert ("application/atom+xml", "atom.xml") in home
    agency = alternates("co-quan/trung-tam-vhtttt-kien-tuong/index.html")
    assert ("application/rss+xml", "../../feed.xml") in agency
    assert ("application/atom+xml", "../../atom.xml") in agency
    assert ("application/rss+xml", "feed.xml") in agency
    assert ("application/rss+xml", "feed.xml") in alternates("nam/2024/index.html")
    for rel in ("co-quan/trung-tam-vhtttt-kien-tuong/index.html", "nam/2024/index.html",
                "linh-vuc/the-che/index.html", "tin-tuc/index.html", "van-ban/index.html"):
        assert "Theo dõi RSS" in (demo_site / rel).read_text(encoding="utf-8"), rel


def test_no_page_links_a_feed_that_is_not_written(demo_site: Path):
    """Empty feeds are not written, and no page (<link rel="alternate"> or "Theo dõi RSS")
    points at one; a scope without items shows no RSS link."""
    empty_agency_pages = 0
    has_entries: dict[Path, bool] = {}  # each feed parsed once: most pages link the same ones
    for page in demo_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        targets = [href for _, href in ALTERNATE.findall(html)] + RSS_LINK.findall(html)
        for href in targets:
            # 404.html links from the root (it is served at any depth)
            target = demo_site / href[1:] if href.startswith("/") else (page.parent / href).resolve()
            assert target.is_file(), (page, href)
            if target not in has_entries:
                has_entries[target] = bool(feedparser.parse(target.read_bytes()).entries)
            assert has_entries[target], (page, href)
        rel = page.relative_to(demo_site).as_posix()
        if rel.startswith("co-quan/") and rel.count("/") == 2 and \
                not (page.parent / "feed.xml").exists():
            empty_agency_pages += 1
            assert "Theo dõi RSS" not in html
    assert empty_agency_pages, "the demo should have an agency without items"
    assert not (demo_site / "co-quan/bo-noi-vu/feed.xml").exists()  # cited, publishes nothing


@pytest.fixture
def small(project):
    p = project({
        "content/tin-tuc/2024/a.md": news(**{
            "Xã C đẩy mạnh tuyên truyền cải cách hành chính":
            "'\"Một cửa\" & <dịch vụ công> ở Xã C'"}),
        "content/tin-tuc/2024/b.md": news(**{"Xã C đẩy": "Xã C tiếp tục đẩy",
                                             "2024-03-28": "2024-05-02T08:30:00"}),
        "content/tin-tuc/2024/draft.md": news(**{"Xã C đẩy": "Bản nháp tuyệtmật",
                                                 "agency: ubnd-xa-c": "agency: ubnd-xa-c\ndraft: true"}),
        "plans/2024/a.md": DOC.replace("issued: 2024-01-19",
                                       "issued: 2024-01-19\nattachments: [a.pdf, b.docx]"),
        "plans/2024/a.pdf": b"%PDF-1.4 demo",
        "plans/2024/b.docx": files.docx(),  # a real one: attachments are checked by content
    })
    return p


def test_fixture_feed_details(small):
    small.cchc("build", "--today", "2024-06-30", check=True)
    site = small.root / "site"
    rss = feedparser.parse((site / "feed.xml").read_bytes())
    assert not rss.bozo
    assert [e.title for e in rss.entries] == ["Xã C tiếp tục đẩy mạnh tuyên truyền cải cách hành chính",
                                              "\"Một cửa\" & <dịch vụ công> ở Xã C"]
    assert rss.entries[0].published == "Thu, 02 May 2024 08:30:00 +0700"
    docs = feedparser.parse((site / "van-ban/feed.xml").read_bytes())
    doc_url = SMALL_BASE + "van-ban/2024/15-kh-ubnd-ubnd-huyen-b/"
    # RSS allows one enclosure: the first attachment; the content links every attachment.
    assert [(e["href"], e["type"], int(e["length"])) for e in docs.entries[0].enclosures] == [
        (doc_url + "a.pdf", "application/pdf", 13)]
    content = docs.entries[0].content[0].value
    assert f'href="{doc_url}a.pdf"' in content and f'href="{doc_url}b.docx"' in content
    for path in rss_feeds(site):
        assert feedcheck.check_rss(path.read_bytes(), url_of(path, site, SMALL_BASE)) == []
    everything = b"".join(p.read_bytes() for p in [*site.rglob("*.xml"), *site.rglob("*.json"),
                                                     *site.rglob("*.csv"), site / "feeds.opml"])
    assert "tuyệtmật".encode() not in everything


def test_feeds_and_open_data_do_not_depend_on_today(small):
    def outputs() -> dict[str, bytes]:
        site = small.root / "site"
        return {p.relative_to(site).as_posix(): p.read_bytes()
                for pattern in ("*.xml", "*.json", "*.csv", "*.opml") for p in site.rglob(pattern)
                if "pagefind" not in p.parts and p.name != "sitemap.xml"}

    small.cchc("build", "--today", "2024-06-30", check=True)
    first = outputs()
    small.cchc("build", "--today", "2031-01-01", check=True)
    assert outputs() == first
    assert "api/documents/2024.csv" in first and "du-lieu/catalog.json" in first


def test_new_item_changes_no_other_guid(small):
    small.cchc("build", "--today", "2024-06-30", check=True)
    site = small.root / "site"

    def guids() -> dict[str, str]:
        parsed = feedparser.parse((site / "feed.xml").read_bytes())
        return {e.title: e.id for e in parsed.entries}

    before = guids()
    small.write("content/tin-tuc/2024/c.md", news(**{"Xã C đẩy": "Xã C lần nữa đẩy",
                                                     "2024-03-28": "2024-06-01"}))
    small.cchc("build", "--today", "2024-06-30", check=True)
    after = guids()
    assert len(after) == len(before) + 1
    assert all(after[t] == g for t, g in before.items())


def test_content_links_are_absolute(project):
    p = project({"content/tin-tuc/2024/a.md": news(**{"Nội dung tin bài.":
                                                     "![Ảnh](anh.png) và [giới thiệu](../../index.md)"}),
                 "content/tin-tuc/2024/anh.png": files.PNG})
    p.cchc("build", "--today", "2024-06-30", check=True)
    site = p.root / "site"
    entry = feedparser.parse((site / "feed.xml").read_bytes()).entries[0]
    html = entry.content[0].value
    assert 'src="https://example.gov.vn/cchc/tin-tuc/2024/anh.png"' in html
    assert 'href="https://example.gov.vn/cchc/"' in html
    page = (site / "tin-tuc/2024/xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh/index.html")
    assert 'src="../../../tin-tuc/2024/anh.png"' in page.read_text(encoding="utf-8")
    assert (site / "tin-tuc/2024/anh.png").is_file()


def test_portal_without_news_writes_and_links_no_news_feed(project):
    p = project({"plans/2024/a.md": DOC})
    p.cchc("build", "--today", "2024-06-30", check=True)
    site = p.root / "site"
    assert not (site / "feed.xml").exists() and not (site / "atom.xml").exists()
    assert (site / "van-ban/feed.xml").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert not ALTERNATE.findall(home)
    listing = (site / "van-ban/index.html").read_text(encoding="utf-8")
    assert ("application/rss+xml", "feed.xml") in ALTERNATE.findall(listing)
    assert not (site / "linh-vuc/the-che/feed.xml").exists()  # the topic has no item
    assert "Theo dõi RSS" not in (site / "linh-vuc/the-che/index.html").read_text(encoding="utf-8")
    assert feedcheck.check_opml((site / "feeds.opml").read_bytes()) == []
    listed = {f.url for f in listparser.parse((site / "feeds.opml").read_bytes()).feeds}
    assert listed == {url_of(f, site, SMALL_BASE) for f in rss_feeds(site)}
