"""Feeds of the built site, read by a real feed parser (feedparser)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from tests.support import files
from tests.support.portal import DOC, news

BASE = "https://cchc.example.gov.vn/"


def all_feeds(site: Path) -> list[Path]:
    return sorted([*site.rglob("feed.xml"), site / "atom.xml"])


def page_for(url: str, site: Path, base: str = BASE) -> Path:
    assert url.startswith(base), url
    rel = url[len(base):]
    return site / rel / "index.html" if rel.endswith("/") or not rel else site / rel


def test_every_demo_feed_parses_and_links_resolve(demo_site: Path):
    feeds = all_feeds(demo_site)
    assert len(feeds) > 20
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.feed.get("language", "vi").startswith("vi")
        for entry in parsed.entries:
            assert page_for(entry.link, demo_site).is_file(), (path, entry.link)
            for enc in entry.get("enclosures", []):
                target = page_for(enc["href"], demo_site)
                assert target.is_file() and int(enc["length"]) == target.stat().st_size
            raw = entry.get("published") or entry.get("updated")
            assert raw.endswith(("+0700", "+07:00")), raw
            assert entry.id == entry.link  # the GUID is the permanent URL


def test_titles_round_trip_exactly(demo_site: Path):
    news_data = json.loads((demo_site / "api/news.json").read_text(encoding="utf-8"))
    by_url = {n["url"]: n["title"] for n in news_data}
    tricky = [t for t in by_url.values() if "&" in t or '"' in t or "“" in t]
    assert tricky, "the demo should have titles with & and quotes"
    for feed_name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((demo_site / feed_name).read_bytes())
        for entry in parsed.entries:
            assert entry.title == by_url[entry.link]


def _links(path: Path) -> set[str]:
    return {e.link for e in feedparser.parse(path.read_bytes()).entries}


def test_agency_and_year_feeds_are_scoped(demo_site: Path):
    docs = json.loads((demo_site / "api/documents.json").read_text(encoding="utf-8"))
    items = json.loads((demo_site / "api/news.json").read_text(encoding="utf-8"))
    agency = "trung-tam-vhtttt-kien-tuong"
    expected = {n["url"] for n in items if n["agency"] == agency} | \
        {d["url"] for d in docs if d["agency"] == agency}
    assert expected and _links(demo_site / f"co-quan/{agency}/feed.xml") == expected
    expected_year = {n["url"] for n in items if n["date"].startswith("2013")} | \
        {d["url"] for d in docs if d["year"] == 2013}
    assert expected_year and _links(demo_site / "nam/2013/feed.xml") == expected_year


def test_opml_lists_exactly_the_feeds_written(demo_site: Path):
    tree = ET.parse(demo_site / "feeds.opml")
    listed = {o.get("xmlUrl") for o in tree.iter("outline")}
    written = {BASE + p.relative_to(demo_site).as_posix() for p in all_feeds(demo_site)}
    assert listed == written
    assert all(o.get("title") for o in tree.iter("outline"))


def test_pages_announce_their_feeds(demo_site: Path):
    def alternates(rel: str) -> list[str]:
        html = (demo_site / rel).read_text(encoding="utf-8")
        return re.findall(r'<link rel="alternate" type="application/rss\+xml"[^>]*href="([^"]+)"',
                          html)

    assert "feed.xml" in alternates("index.html")
    assert "../../feed.xml" in alternates("co-quan/bo-noi-vu/index.html")
    assert "feed.xml" in alternates("co-quan/bo-noi-vu/index.html")
    assert "feed.xml" in alternates("nam/2024/index.html")
    for rel in ("co-quan/bo-noi-vu/index.html", "nam/2024/index.html",
                "linh-vuc/the-che/index.html", "tin-tuc/index.html", "van-ban/index.html"):
        assert "Theo dõi RSS" in (demo_site / rel).read_text(encoding="utf-8"), rel


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
    base = "https://example.gov.vn/cchc/"
    rss = feedparser.parse((site / "feed.xml").read_bytes())
    assert not rss.bozo
    assert [e.title for e in rss.entries] == ["Xã C tiếp tục đẩy mạnh tuyên truyền cải cách hành chính",
                                              "\"Một cửa\" & <dịch vụ công> ở Xã C"]
    assert rss.entries[0].published == "Thu, 02 May 2024 08:30:00 +0700"
    docs = feedparser.parse((site / "van-ban/feed.xml").read_bytes())
    enclosures = docs.entries[0].enclosures
    assert [(e["href"], e["type"], int(e["length"])) for e in enclosures] == [
        (base + "van-ban/2024/15-kh-ubnd-ubnd-huyen-b/a.pdf", "application/pdf", 13),
        (base + "van-ban/2024/15-kh-ubnd-ubnd-huyen-b/b.docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         len(files.docx()))]
    everything = b"".join(p.read_bytes() for p in [*site.rglob("*.xml"), *site.rglob("*.json"),
                                                     site / "feeds.opml"])
    assert "tuyệtmật".encode() not in everything


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
