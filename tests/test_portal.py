"""The cross-linked portal, asserted from the HTML of real builds (SPEC §5)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.support.portal import AGENCIES, DOC, dedent, news

REPORT = dedent("""
    ---
    number: 20/BC-UBND
    kind: bao-cao
    title: Báo cáo kết quả tuyên truyền quý I năm 2024
    agency: ubnd-xa-c
    issued: 2024-04-02
    period: Quý I/2024
    refs:
      - Kế hoạch số 15/KH-UBND ngày 19/01/2024 của UBND huyện B về tuyên truyền CCHC
      - {number: 1332/QĐ-BNV, agency: Bộ Nội vụ, issued: 2012-12-14, title: Đề án tuyên truyền}
    tasks:
      - task: Viết tin bài về CCHC
        lead: ubnd-huyen-b
        support: [so-noi-vu-a]
        due: Quý II/2024
        quota: mỗi quý 1 tin
    ---
    Báo cáo.
    """)

SORT_AGENCIES = AGENCIES + dedent("""
    - id: x-uong
      name: Xã Ương
      level: xa
      parent: ubnd-huyen-b
    - id: x-dong
      name: Xã Đông
      level: xa
      parent: ubnd-huyen-b
    - id: x-an
      name: Xã Ân
      level: xa
      parent: ubnd-huyen-b
    - id: x-an2
      name: Xã Ăn
      level: xa
      parent: ubnd-huyen-b
    - id: x-on
      name: Xã Ơn
      level: xa
      parent: ubnd-huyen-b
    - id: x-da
      name: Xã Dạ
      level: xa
      parent: ubnd-huyen-b
    - id: x-e
      name: Xã Êm
      level: xa
      parent: ubnd-huyen-b
    - id: x-a
      name: Xã Anh
      level: xa
      parent: ubnd-huyen-b
    - id: huyen-cu
      name: Ủy ban nhân dân huyện Cũ
      level: huyen
      parent: ubnd-tinh-a
      dissolved: 2025-07-01
      successor: ubnd-huyen-b
    """)


@pytest.fixture(scope="module")
def portal(tmp_path_factory) -> Path:
    from tests.support.portal import make_project
    p = make_project(tmp_path_factory.mktemp("portal"), {
        "plans/2024/ke-hoach.md": DOC,
        "plans/2024/bao-cao.md": REPORT,
        "content/tin-tuc/2024/a.md": news(**{"agency: ubnd-xa-c":
                                             "agency: ubnd-xa-c\ndocuments: [15/KH-UBND]"}),
        "content/tin-tuc/2024/b.md": news(**{"Xã C đẩy": "Xã C tiếp tục đẩy",
                                             "2024-03-28": "2024-04-28"}),
        "content/tin-tuc/2024/c.md": news(**{"Xã C đẩy": "Xã C lại đẩy",
                                             "2024-03-28": "2024-05-28",
                                             "title: ": "title: <b>Đậm</b> "}),
    }, agencies=SORT_AGENCIES, page_size=2)
    p.cchc("build", "--today", "2024-06-30", check=True)
    return p.root / "site"


def read(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def content(html: str) -> str:
    return html[html.index('<main'):]


PLAN = "van-ban/2024/15-kh-ubnd-ubnd-huyen-b/"
REPORT_URL = "van-ban/2024/20-bc-ubnd-ubnd-xa-c/"


def test_backlink_on_referenced_document(portal):
    html = content(read(portal, PLAN))
    section = html[html.index("Văn bản thực hiện, báo cáo về văn bản này"):]
    assert 'href="../20-bc-ubnd-ubnd-xa-c/"' in section
    assert "Báo cáo về" in section
    news_section = html[html.index("Tin bài liên quan"):]
    assert "xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh/" in news_section


def test_pasted_phrase_resolves_to_the_document(portal):
    html = content(read(portal, REPORT_URL))
    refs = html[html.index("Căn cứ, văn bản liên quan"):]
    assert '<a href="../15-kh-ubnd-ubnd-huyen-b/">Kế hoạch 15/KH-UBND</a> ngày 19/01/2024' in refs


def test_external_reference_shows_number_and_date(portal):
    html = content(read(portal, REPORT_URL))
    assert re.search(r"Quyết định số 1332/QĐ-BNV ngày 14/12/2012 của Bộ Nội vụ: Đề án tuyên "
                     r"truyền\s*<span class=\"cchc-small\">\(không đăng trên chuyên trang\)</span>",
                     html)


def test_metadata_table(portal):
    html = content(read(portal, REPORT_URL))
    for label, value in [("Số ký hiệu", "20/BC-UBND"), ("Loại văn bản", "Báo cáo"),
                         ("Ngày ban hành", "02/04/2024"), ("Kỳ báo cáo", "Quý I/2024")]:
        assert re.search(rf'<dt>{label}</dt><dd>(?:<[^>]+>)?[^<]*{re.escape(value)}', html), label


def test_agency_page_lists_task_assigned_as_support(portal):
    html = content(read(portal, "co-quan/so-noi-vu-a/"))
    tasks = html[html.index('id="nhiem-vu"'):]
    assert "Viết tin bài về CCHC" in tasks and "phối hợp" in tasks
    assert 'href="../../van-ban/2024/20-bc-ubnd-ubnd-xa-c/"' in tasks


def test_dissolved_agency_and_successor_link_each_other(portal):
    old = content(read(portal, "co-quan/huyen-cu/"))
    assert "01/07/2025" in old and 'href="../ubnd-huyen-b/"' in old
    new = content(read(portal, "co-quan/ubnd-huyen-b/"))
    assert "Tiếp nhận nhiệm vụ" in new and 'href="../huyen-cu/"' in new


def test_pagination_splits_at_page_size(portal):
    first = content(read(portal, "tin-tuc/"))
    second = content(read(portal, "tin-tuc/page/2/"))
    assert first.count('class="cchc-item"') == 2 and second.count('class="cchc-item"') == 1
    assert 'rel="next"' in first and 'href="page/2/"' in first
    assert 'rel="prev"' in second
    assert not (portal / "tin-tuc/page/3").exists()


def test_vietnamese_sort_order(portal):
    html = content(read(portal, "co-quan/ubnd-huyen-b/"))
    start = html.index('id="don-vi-truc-thuoc"')
    section = html[start:html.index("</section>", start)]
    names = re.findall(r">(Xã [^<]+|UBND xã C)</a>", section)
    assert names == ["UBND xã C", "Xã Anh", "Xã Ăn", "Xã Ân", "Xã Dạ", "Xã Đông", "Xã Êm",
                     "Xã Ơn", "Xã Ương"]


def test_agency_tree_orders_each_level(portal):
    html = content(read(portal, "co-quan/"))
    order = re.findall(r'href="(?:\.\./)*co-quan/(x-[a-z0-9]+)/"|href="(x-[a-z0-9]+)/"', html)
    ids = [a or b for a, b in order]
    assert ids == ["x-a", "x-an2", "x-an", "x-da", "x-dong", "x-e", "x-on", "x-uong"]


def test_editor_text_is_escaped(portal):
    page = portal / "tin-tuc/2024/b-dam-b-xa-c-lai-day-manh-tuyen-truyen-cai-cach-hanh-chinh"
    html = (page / "index.html").read_text(encoding="utf-8")
    assert "<b>Đậm</b>" not in html
    assert "<title>&lt;b&gt;Đậm&lt;/b&gt; Xã C lại" in html
    assert "<h1>&lt;b&gt;Đậm&lt;/b&gt; Xã C lại" in html


def test_year_and_topic_pages(portal):
    year = content(read(portal, "nam/2024/"))
    assert "Báo cáo kết quả tuyên truyền quý I năm 2024" in year and "Viết tin bài về CCHC" in year
    topic = content(read(portal, "linh-vuc/thu-tuc-hanh-chinh/"))
    assert "Xã C tiếp tục đẩy mạnh" in topic


def test_news_page_facts(portal):
    html = content(read(portal, "tin-tuc/2024/xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh/"))
    assert "28/03/2024" in html and "Cải cách thủ tục hành chính" in html
    assert 'href="../../../van-ban/2024/15-kh-ubnd-ubnd-huyen-b/"' in html
    assert "Tin mới nhất của UBND xã C" in html


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and ((tag == "a" and name == "href") or (name == "src")
                          or (tag == "link" and name == "href")):
                self.urls.append(value)


def test_demo_has_no_broken_internal_link(demo_site: Path):
    """Every internal href/src of every built page points to a file of the build."""
    broken: list[str] = []
    checked = 0
    for page in demo_site.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        page_url = "http://site/" + page.relative_to(demo_site).as_posix()
        for url in parser.urls:
            target = urljoin(page_url, url)
            parts = urlsplit(target)
            if parts.netloc != "site" or parts.scheme != "http":
                continue
            path = demo_site / unquote(parts.path).lstrip("/")
            if path.is_dir() or parts.path.endswith("/"):
                path = path / "index.html"
            checked += 1
            if not path.is_file():
                broken.append(f"{page.relative_to(demo_site)} → {url}")
    assert checked > 1000
    assert broken == []


def test_no_other_origin_in_html(demo_site: Path):
    """Nothing the pages load comes from elsewhere (no CDN, no Google Fonts)."""
    for page in demo_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
            src = re.search(r'(?:src|href)="(https?:)?//([^"/]+)', tag)
            if src and 'rel="alternate"' not in tag and 'rel="canonical"' not in tag:
                pytest.fail(f"{page}: {tag}")
