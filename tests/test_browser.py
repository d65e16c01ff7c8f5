"""What readers see, in headless Chromium: same-origin loading, phone and desktop screenshots,
the document filter and the relationship diagram."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.browser import serve
from tests.support.portal import REPO

pytestmark = pytest.mark.browser

SHOTS = REPO / "test-artifacts" / "screenshots"
PAGES = {
    "home": "",
    "document": "van-ban/2024/ke-hoach-tuyen-truyen-cchc-2024-kien-tuong/",
    "agency": "co-quan/trung-tam-vhtttt-kien-tuong/",
}


@pytest.fixture(scope="module")
def site_url(demo_site: Path):
    with serve(demo_site) as url:
        yield url


@pytest.mark.parametrize("name", list(PAGES))
def test_every_request_goes_to_the_same_origin(browser, site_url, name):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + PAGES[name], wait_until="networkidle")
    page.close()
    origin = urlsplit(site_url).netloc
    assert requests
    assert [u for u in requests if urlsplit(u).netloc != origin and not u.startswith("data:")] == []


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", list(PAGES))
def test_screenshots_readable(browser, site_url, name, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(site_url + PAGES[name], wait_until="networkidle")
    # Readable: no horizontal scrolling of the page itself and body text at a legible size.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at {width}px"
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset'))"
                         ".fontSize)")
    assert size >= 13
    h1 = page.locator("h1").first
    assert h1.is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.close()


def test_document_filter_without_server(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "van-ban/", wait_until="networkidle")
    total = page.locator(".cchc-filter__static .cchc-item").count()
    page.select_option("select[name=year]", "2013")
    page.wait_for_selector(".cchc-filter__results:not([hidden]) .cchc-item")
    titles = page.locator(".cchc-filter__results .cchc-item__title").all_inner_texts()
    assert titles and len(titles) < total + 10
    assert any("Quảng Nam" in t for t in titles)
    page.select_option("select[name=kind]", "quyet-dinh")
    page.wait_for_function("document.querySelectorAll('.cchc-filter__results .cchc-item')"
                           ".length === 1")
    assert "year=2013" in page.url and "kind=quyet-dinh" in page.url
    page.locator(".cchc-filter__results .cchc-item__title").first.click()
    page.wait_for_load_state()
    assert "/van-ban/2013/503-qd-ubnd-ubnd-tinh-quang-nam/" in page.url
    page.close()


def test_relationship_diagram_renders(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "van-ban/2024/15-kh-ubnd-ubnd-huyen-huong-khe/", wait_until="networkidle")
    # Material renders Mermaid into a closed shadow root: the rendered diagram gives the
    # container its height; the global comes from our vendored copy, not a CDN.
    page.wait_for_function("document.querySelector('div.mermaid') && "
                           "document.querySelector('div.mermaid').getBoundingClientRect()"
                           ".height > 60", timeout=15000)
    assert page.evaluate("typeof mermaid") == "object"
    page.close()
