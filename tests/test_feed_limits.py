"""Feeds and open data under hostile content (issue 17): control characters, tens of thousands
of tags, a huge body. Each at a size that runs in seconds, through the real pipeline (the
project's files loaded, validated and catalogued by `load_portal`, then the real writers)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import feedparser
import pytest

from cchc import feeds, opendata, settings
from cchc.pages import Site
from cchc.project import load_portal
from tests.support import feedcheck
from tests.support.portal import DOC, NEWS, Project

BASE = "https://example.gov.vn/cchc/"
CONTROL = "\x00\x0b\x0c\x1b\ufffe"


def load_site(p: Project) -> Site:
    portal = load_portal(settings.read(p.root, today="2024-06-30"))
    assert portal.ok and portal.site, [d.format_text() for d in portal.report.sorted()]
    return portal.site


@pytest.fixture
def site(project: Callable[..., Project]) -> Site:
    return load_site(project({"content/tin-tuc/2024/a.md": NEWS,
                              "plans/2024/a.md": DOC.replace("issued: 2024-01-19", "year: 2024")}))


def test_control_characters_never_reach_a_feed_or_open_data(site: Site):
    """NUL, U+000B, U+000C, ESC, U+FFFE in a title, a body, a tag or an agency name: lxml would
    refuse them ("All strings must be XML compatible"); they are removed at the boundary."""
    item, doc = site.catalog.news[0], site.catalog.documents[0]
    item.title = f"Tin{CONTROL} có ký tự lạ"
    item.body = f"Đoạn một{CONTROL}.\n\nĐoạn hai."
    item.tags = [f"thẻ{CONTROL}", CONTROL]
    item.author = f"Tác giả{CONTROL}"
    doc.title = f"Kế hoạch{CONTROL} năm 2024"
    site.catalog.agencies[item.agency].name = f"Ủy ban{CONTROL} xã C"
    written = {path: produce() for path, produce in _generated(site).items()
               if path != "van-ban/filter.json"}  # the listing's own index: not a feed or data
    for path, data in written.items():
        assert not any(c.encode() in data for c in CONTROL if c != "\x00") and b"\x00" not in data
        assert b"\\u0000" not in data and b"\\u000b" not in data, path
    rss = feedparser.parse(written["feed.xml"])
    assert not rss.bozo and rss.entries[0].title == "Tin có ký tự lạ"
    assert rss.entries[0].author == "Tác giả"
    assert [t.term for t in rss.entries[0].tags][:1] == ["Cải cách thủ tục hành chính"]
    assert "thẻ" in [t.term for t in rss.entries[0].tags]
    assert feedcheck.check_atom(written["atom.xml"], BASE + "atom.xml") == []
    assert feedcheck.check_opml(written["feeds.opml"]) == []
    news = json.loads(written["api/news/2024.json"])["records"][0]
    assert news["title"] == "Tin có ký tự lạ" and news["tags"] == ["thẻ", ""]


def test_control_characters_in_a_build_never_crash_it(project: Callable[..., Project]):
    """End to end: the build either succeeds with clean feeds or (once validation refuses such
    characters) stops with a Vietnamese diagnostic — never with feedgen's ValueError."""
    p = project({"content/tin-tuc/2024/a.md": NEWS.replace(
        "Nội dung tin bài.", "Nội dung\x0c tin\x1b bài\x0b.")})
    result = p.cchc("build", "--today", "2024-06-30")
    assert "Traceback" not in result.stderr and "XML compatible" not in result.stderr
    if result.returncode == 0:
        for path in (p.root / "site").rglob("feed.xml"):
            assert b"\x0c" not in path.read_bytes() and b"\x1b" not in path.read_bytes()
            assert not feedparser.parse(path.read_bytes()).bozo
    else:
        assert result.returncode == 1 and "lỗi" in result.stdout + result.stderr


def test_thirty_thousand_tags_are_set_once_in_linear_time(site: Site,
                                                          monkeypatch: pytest.MonkeyPatch):
    """feedgen's category() rebuilds its list on every call (quadratic: 356 s for 30,000 tags);
    the feed sets each item's categories once."""
    from feedgen.entry import FeedEntry

    item = site.catalog.news[0]
    item.tags = [f"Thẻ số {i}" for i in range(30_000)]
    calls: list[int] = []
    original = FeedEntry.category

    def counting(self, category=None, replace=False, **kwargs):
        if category is not None or kwargs:
            calls.append(len(category) if isinstance(category, list) else 1)
        return original(self, category, replace, **kwargs)

    monkeypatch.setattr(FeedEntry, "category", counting)
    feed = site.feeds_by_path["feed.xml"]
    start = time.perf_counter()
    data = feeds.render(feed, site)
    elapsed = time.perf_counter() - start
    assert calls == [30_000 + 2]  # the topic, 30,000 tags, "Tin bài": one call
    assert data.count(b"<category>") == 30_002
    assert elapsed < 30, f"{elapsed:.1f} s"


def test_a_huge_body_is_cut_in_feeds_with_a_link_to_the_page(project: Callable[..., Project]):
    """A long body is cut at CONTENT_LIMIT characters (an element boundary, well formed) and
    ends with a link to the page: one huge item cannot make every feed it is in huge."""
    paragraph = "Nội dung rất dài về cải cách hành chính, " * 40
    # ~0.85 MB: under the file limit (schema.MAX_BODY), ~15 times the feed's limit
    body = "\n\n".join(f"{paragraph} đoạn {i}." for i in range(400))
    p = project({"content/tin-tuc/2024/a.md": NEWS.replace("Nội dung tin bài.", body)})
    p.cchc("build", "--today", "2024-06-30", check=True)
    site = p.root / "site"
    page = BASE + "tin-tuc/2024/xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh/"
    for path in [*site.rglob("feed.xml"), site / "atom.xml"]:
        data = path.read_bytes()
        assert len(data) < 5 * feeds.CONTENT_LIMIT, (path, len(data))
        entry = feedparser.parse(data).entries[0]
        html = entry.content[0].value
        assert len(html) <= feeds.CONTENT_LIMIT + 500
        assert html.rstrip().endswith(f'<a href="{page}">Đọc toàn văn trên chuyên trang</a></p>')
        assert html.count("<p>") == html.count("</p>")
        assert "đoạn 0." in html and "đoạn 399." not in html
        rel = path.relative_to(site).as_posix()
        check = feedcheck.check_atom if rel == "atom.xml" else feedcheck.check_rss
        assert check(data, BASE + rel) == []
    page_html = (site / "tin-tuc/2024/xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh/index.html")
    assert "đoạn 399." in page_html.read_text(encoding="utf-8")  # the page keeps it all


def test_truncation_keeps_html_well_formed():
    html = "<p>Một <strong>hai</strong></p>\n<ul><li>ba</li><li>bốn năm sáu</li></ul>\n<p>bảy</p>"
    cut = feeds.truncate_html(html, 50)  # inside the list
    assert cut == "<p>Một <strong>hai</strong></p>\n"
    one = feeds.truncate_html("<p>" + "chữ " * 100 + "</p>", 40)  # a single long paragraph
    assert one.startswith("<p>chữ chữ") and one.endswith("</p>") and len(one) < 60
    assert feeds.truncate_html("văn bản thuần " * 10, 30).startswith("văn bản thuần")


def _generated(site: Site) -> dict[str, Callable[[], bytes]]:
    from cchc.build import generated_files

    site.convert_all()
    files = generated_files(site)
    assert set(opendata.files(site)) <= set(files)
    return files


def test_new_feed_groups_slot_in_after_the_declared_ones(site: Site):
    base = site.feeds_by_path["feed.xml"]

    def feed(group: str, path: str) -> feeds.Feed:
        return feeds.Feed(path, path, "", "", base.items, group)

    order = feeds.grouped([feed("Mới", "a.xml"), feed(feeds.QUESTIONS, "b.xml"),
                           feed(feeds.SITE, "c.xml"), feed(feeds.CONSULTATION, "d.xml"),
                           feed("Mới", "e.xml")])
    assert [(g, [f.path for f in fs]) for g, fs in order] == [
        ("Toàn trang", ["c.xml"]), ("Lấy ý kiến", ["d.xml"]), ("Hỏi đáp", ["b.xml"]),
        ("Mới", ["a.xml", "e.xml"])]


def test_a_scope_of_undated_documents_has_no_build_date(site: Site):
    """No lastBuildDate rather than the clock when no item of a feed is dated."""
    feed = site.feeds_by_path["van-ban/feed.xml"]
    assert feeds.feed_date(feed.items[0]) is None
    data = feeds.render(feed, site)
    assert b"lastBuildDate" not in data and b"pubDate" not in data
    assert feedcheck.check_rss(data, BASE + "van-ban/feed.xml") == []
