"""Scope pages (topic, year, agency) are paginated like the lists: page k at the listing URL
pattern of `urls.listing_page`, linked by rel="prev"/"next", listed in the sitemap, each item on
exactly one page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.portal import make_project

SIZE = 2
NEWS_COUNT = 5  # → 3 pages of news at SIZE 2
DOC_COUNT = 3  # → 2 pages of documents


def _news(i: int) -> str:
    return (f"---\ntitle: Tin phân trang số {i}\ndate: 2024-03-{10 + i:02d}\n"
            "agency: ubnd-xa-c\ntopics: [thu-tuc-hanh-chinh]\n---\nNội dung tin bài.\n")


def _doc(i: int) -> str:
    return (f"---\nnumber: {i}/KH-UBND\nkind: ke-hoach\ntitle: Kế hoạch phân trang số {i}\n"
            f"agency: ubnd-xa-c\nissued: 2024-01-{10 + i:02d}\ntopics: [thu-tuc-hanh-chinh]\n"
            "---\nTóm tắt.\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pagination")
    files: dict[str, str | bytes] = {f"content/tin-tuc/2024/tin-{i}.md": _news(i)
                                     for i in range(NEWS_COUNT)}
    files.update({f"plans/2024/ke-hoach-{i}.md": _doc(i) for i in range(DOC_COUNT)})
    project = make_project(root, files, page_size=SIZE)
    project.cchc("build", "--today", "2024-12-31", check=True)
    return root / "site"


def _read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def _main(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def _titles(html: str) -> list[str]:
    return re.findall(r"Tin phân trang số (\d)", _main(html))


def _numbers(html: str) -> list[str]:
    return re.findall(r"(\d)/KH-UBND", _main(html))


@pytest.mark.parametrize("base", ["linh-vuc/thu-tuc-hanh-chinh/", "nam/2024/"])
def test_scope_pages_split_every_list(site: Path, base: str):
    pages = [_read(site, base), _read(site, base + "page/2/"), _read(site, base + "page/3/")]
    assert not (site / base / "page/4").exists()
    news = [_titles(p) for p in pages]
    # Newest first, SIZE a page, each item once.
    assert news == [["4", "3"], ["2", "1"], ["0"]]
    docs = [sorted(set(_numbers(p))) for p in pages]
    assert [len(d) for d in docs] == [2, 1, 0]
    assert sorted(n for d in docs for n in d) == ["0", "1", "2"]
    # The totals stay those of the whole scope on every page.
    assert "Tin bài (5)" in pages[0] and "Tin bài (5)" in pages[2]
    assert "Văn bản (3)" in pages[1]
    # Page 3 has no documents left: no empty section there.
    assert 'id="van-ban"' not in pages[2]


@pytest.mark.parametrize("base", ["linh-vuc/thu-tuc-hanh-chinh/", "nam/2024/",
                                  "co-quan/ubnd-xa-c/"])
def test_scope_pages_are_linked_and_in_the_sitemap(site: Path, base: str):
    first, second = _read(site, base), _read(site, base + "page/2/")
    assert 'rel="next"' in first and 'href="page/2/"' in first
    assert 'rel="prev"' in second and 'href="../../"' in second
    assert 'aria-label="Phân trang"' in second
    assert "— trang 2" in second  # its own title
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>https://example.gov.vn/cchc/{base}page/2/</loc>" in sitemap
    assert f"<loc>https://example.gov.vn/cchc/{base}</loc>" in sitemap


def test_agency_news_pages(site: Path):
    base = "co-quan/ubnd-xa-c/"
    pages = [_read(site, base), _read(site, base + "page/2/"), _read(site, base + "page/3/")]
    assert [_titles(p) for p in pages] == [["4", "3"], ["2", "1"], ["0"]]
    # Page 1 is the agency's page; the next pages continue only its news.
    assert 'id="van-ban"' in pages[0] and 'id="van-ban"' not in pages[1]
    # Only page 1 is indexed by search (the later pages repeat it).
    assert "data-pagefind-body" in pages[0] and "data-pagefind-body" not in pages[1]
    crumbs = _main(pages[1])
    assert 'href="../../"' in crumbs


def test_no_page_grows_without_bound(site: Path):
    """Every page of a scope shows at most SIZE of each list."""
    for path in site.glob("**/page/*/index.html"):
        html = path.read_text(encoding="utf-8")
        assert len(_titles(html)) <= SIZE and len(set(_numbers(html))) <= SIZE, path
