"""What readers see, in headless Chromium, on every page type of the demo at phone (390 px) and
desktop (1280 px) width: WCAG 2.1 AA by axe-core, nothing from another origin, no English,
tables readable on a phone, print on A4, the 404 page under a sub-path, first-visit weight,
the menu, and the screenshots an engineer looks at before saying a page is done."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.support.browser import serve
from tests.support.portal import REPO

pytestmark = pytest.mark.browser

SHOTS = REPO / "test-artifacts" / "screenshots"
DOCUMENT = "van-ban/2024/ke-hoach-tuyen-truyen-cchc-2024-kien-tuong/"
RADIO_ITEM = "tin-tuc/2024/chuyen-muc-cai-cach-hanh-chinh-so-45-nam-2024-tren-song-truyen-thanh-kien-tuong/"
PAGE_TYPES = {
    "home": "",
    "news-list": "tin-tuc/",
    "news": "tin-tuc/2024/can-bo-xa-huong-long-tham-gia-cuoc-thi-tim-hieu-ve-cai-cach-hanh-chinh/",
    "document-list": "van-ban/",
    "document": DOCUMENT,
    "agency": "co-quan/trung-tam-vhtttt-kien-tuong/",
    "agency-tree": "co-quan/",
    "year": "nam/2024/",
    "years": "nam/",
    "topic": "linh-vuc/chinh-quyen-so/",
    "topics": "linh-vuc/",
    "progress": "tien-do/",
    "page": "gioi-thieu/",
    "faq": "hoi-dap/",
    "question": "hoi-dap/2024/phan-anh-ho-so-tre-hen/",
    "question-unanswered": "hoi-dap/2024/gio-lam-viec-bo-phan-mot-cua-thu-bay/",
    "questions-of-topic": "hoi-dap/linh-vuc/thu-tuc-hanh-chinh/",
    "questions-of-agency": "hoi-dap/co-quan/phong-noi-vu-kien-tuong/",
    "consultations": "lay-y-kien/",
    "consultation-open": "van-ban/2025/du-thao-ke-hoach-tuyen-truyen-cchc-2025-kien-tuong/",
    "consultation-closed": "van-ban/2022/du-thao-ke-hoach-tuyen-truyen-cchc-2022-quang-tri/",
    "document-replaced": "van-ban/2020/1520-qd-ubnd-ubnd-thi-xa-kien-tuong/",
    "search": "tim-kiem/?q=cai+cach",
    "not-found": "khong-co-trang-nay/",
    "indices": "chi-so/",
    "index": "chi-so/par-index/",
    "radio": "phat-thanh/",
    "radio-item": RADIO_ITEM,
    "agency-former": "co-quan/ubnd-thi-xa-kien-tuong/",
}
WIDTHS = (390, 1280)
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# English a page must never show (SPEC §7: nothing on a page is in English): words of Material,
# MkDocs, Pagefind and the browser's defaults that a Vietnamese portal could leak.
ENGLISH = re.compile(r"\b(Skip to|Search|Menu|Made with|Material|MkDocs|Previous|Next|Back to "
                     r"top|Copy|Not found|Home|Table of contents|results?|Loading|Type to|Share|"
                     r"Print|Download|Page \d|Close|Open|Filter|Clear|Submit|Feed|Subscribe|"
                     r"Last updated|Edit|Contents|Navigation|Breadcrumb|Footer|Header|Language)\b")


@pytest.fixture(scope="module")
def site_url(demo_site: Path):
    with serve(demo_site) as url:
        yield url


def visit(browser, url: str, width: int = 1280, media: str | None = None):
    page = browser.new_page(viewport={"width": width, "height": 900})
    if media:
        page.emulate_media(media=media)
    page.goto(url, wait_until="load")
    return page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_accessibility_wcag21_aa(browser, site_url, name, width):
    """axe-core finds no violation of WCAG 2.0/2.1 A and AA."""
    from axe_playwright_python.sync_playwright import Axe

    page = visit(browser, site_url + PAGE_TYPES[name], width)
    if name == "search":
        page.wait_for_function("document.querySelector('[data-mode=page] "
                               ".cchc-search__results').dataset.query")
    # resultTypes: every violation is still found and reported in full; only the passes and
    # the rules that do not apply are not listed node by node (axe-core's advice for speed,
    # and the library's default, which `options` here replaces).
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG},
                                       "resultTypes": ["violations"]})
    page.close()
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_every_request_goes_to_the_same_origin(browser, site_url, name):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + PAGE_TYPES[name], wait_until="load")
    page.wait_for_timeout(200)
    page.close()
    origin = urlsplit(site_url).netloc
    assert requests
    assert [u for u in requests if urlsplit(u).netloc != origin and not u.startswith("data:")] == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_readable_at_every_width(browser, site_url, name, width):
    """No sideways scrolling of the page, no text under 12 px, no table cell cut off."""
    page = visit(browser, site_url + PAGE_TYPES[name], width)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at {width}px"
    small = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => {
        const s = getComputedStyle(e);
        if (s.display === 'none' || s.visibility === 'hidden' || !e.offsetParent) return false;
        const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        return own && parseFloat(s.fontSize) < 12 && !e.closest('.cchc-visually-hidden');
    }).map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 40))""")
    assert small == [], small
    # (On a phone a table's header row is visually hidden, each cell naming its column.)
    clipped = page.evaluate("""() => [...document.querySelectorAll('td, th')].filter(c => {
        const head = c.closest('thead');
        if (head && head.getBoundingClientRect().width <= 1) return false;
        const r = c.getBoundingClientRect();
        return r.width > 2 && (r.right > window.innerWidth + 1 || c.scrollWidth > c.clientWidth + 1);
    }).map(c => c.textContent.trim().slice(0, 30))""")
    assert clipped == [], f"{name} at {width}px: cells cut off {clipped[:5]}"
    assert page.locator("h1").first.is_visible()
    page.close()


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_english_on_any_page(browser, site_url, name):
    page = visit(browser, site_url + PAGE_TYPES[name])
    text = page.evaluate("document.body.innerText")
    attributes = page.evaluate("""() => [...document.querySelectorAll(
        '[aria-label], [title], [placeholder], [alt]')].flatMap(e => ['aria-label', 'title',
        'placeholder', 'alt'].map(a => e.getAttribute(a)).filter(Boolean))""")
    title = page.title()
    page.close()
    found = ENGLISH.findall(" ".join([text, title, *attributes]))
    assert found == [], found


def test_the_section_and_crumbs_of_a_page(browser, site_url):
    page = visit(browser, site_url + DOCUMENT)
    assert page.get_attribute(".cchc-nav a[aria-current]", "href") == "../../"
    assert page.inner_text(".cchc-nav a[aria-current]") == "Văn bản"
    assert page.eval_on_selector_all(".cchc-crumbs a", "els => els.map(e => e.textContent)") \
        == ["Trang chủ", "Văn bản"]
    # Skip link first, to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Bỏ qua, đến nội dung chính"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung-chinh"
    page.close()


def test_menu_on_a_phone(browser, site_url):
    page = visit(browser, site_url + DOCUMENT, 390)
    toggle = page.locator(".cchc-nav__toggle")
    assert toggle.is_visible() and not page.locator("#cchc-menu").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("#cchc-menu").is_visible()
    assert page.evaluate("document.activeElement.textContent") == "Trang chủ"
    page.keyboard.press("Escape")
    assert not page.locator("#cchc-menu").is_visible()
    assert page.evaluate("document.activeElement.className") == "cchc-nav__toggle"
    page.close()


def test_a_document_page_starts_with_the_document(browser, site_url):
    """Its text and files come before its metadata, references and tasks (on a phone too)."""
    page = visit(browser, site_url + DOCUMENT, 390)
    top = page.evaluate("""() => Object.fromEntries(['.cchc-prose', '.cchc-downloads',
        '#thong-tin', '#can-cu', '#phan-cong'].map(s => [s, document.querySelector(s) ?
        document.querySelector(s).getBoundingClientRect().top + scrollY : null]))""")
    page.close()
    assert top[".cchc-prose"] < top["#thong-tin"] < top["#phan-cong"]
    if top[".cchc-downloads"] is not None:
        assert top[".cchc-downloads"] < top["#thong-tin"]


def test_document_filter_without_server(browser, site_url):
    page = visit(browser, site_url + "van-ban/")
    total = page.locator(".cchc-filter__static tbody tr").count()
    page.select_option("select[name=year]", "2013")
    page.wait_for_selector(".cchc-filter__results:not([hidden]) tbody tr")
    titles = page.locator(".cchc-filter__results .cchc-docs__title a").all_inner_texts()
    assert titles and len(titles) < total + 10
    assert any("Quảng Nam" in t for t in titles)
    page.select_option("select[name=kind]", "quyet-dinh")
    page.wait_for_function("document.querySelectorAll('.cchc-filter__results tbody tr')"
                           ".length === 1")
    assert "year=2013" in page.url and "kind=quyet-dinh" in page.url
    with page.expect_navigation():
        page.locator(".cchc-filter__results .cchc-docs__title a").first.click()
    assert "/van-ban/2013/503-qd-ubnd-ubnd-tinh-quang-nam/" in page.url
    page.close()


def test_relationship_diagram_is_in_the_page(browser, site_url):
    """Drawn at build time: boxes and links, no script, nothing downloaded for it."""
    page = visit(browser, site_url + "van-ban/2024/15-kh-ubnd-ubnd-huyen-huong-khe/")
    figure = page.locator(".cchc-diagram")
    assert figure.is_visible()
    assert figure.locator(".cchc-diagram__node").count() >= 1
    assert figure.locator(".cchc-diagram__current").inner_text().startswith("Kế hoạch 15/KH-UBND")
    page.close()


# -- 404 -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def subpath_url(tmp_path_factory):
    """A portal published at https://example.gov.vn/cchc/ (its site_url), served under /cchc/."""
    from tests.support.portal import DOC, make_project, news

    p = make_project(tmp_path_factory.mktemp("subpath") / "portal", {
        "content/tin-tuc/2024/a.md": news(),
        "plans/2013/107.md": DOC.replace("15/KH-UBND", "107/KH-UBND").replace(
            "issued: 2024-01-19", "issued: 2013-04-24")})
    p.cchc("build", "--today", "2024-12-31", check=True)
    with serve(p.root / "site", "cchc") as url:
        yield url


@pytest.mark.parametrize("missing", ["khong-co/", "van-ban/2099/khong-co/", "a/b/c/d.html"])
def test_404_in_vietnamese_with_search_under_a_sub_path(browser, subpath_url, missing):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    response = page.goto(subpath_url + missing, wait_until="load")
    assert response is not None and response.status == 404
    assert page.inner_text("h1") == "Không tìm thấy trang"
    header = page.evaluate("getComputedStyle(document.querySelector('.cchc-header'))"
                           ".backgroundColor")
    assert header == "rgb(139, 26, 26)", "the stylesheet did not load"
    links = page.eval_on_selector_all(".cchc-nav a", "els => els.map(e => e.getAttribute('href'))")
    assert links[:3] == ["/cchc/", "/cchc/tin-tuc/", "/cchc/van-ban/"]
    page.fill("#cchc-q", "107 kh ubnd")
    page.wait_for_function("document.querySelector('#cchc-search-results').dataset.query")
    first = page.get_attribute("#cchc-search-results .cchc-result__link", "href")
    assert first == "/cchc/van-ban/2013/107-kh-ubnd-ubnd-huyen-b/"
    page.close()


# -- print -------------------------------------------------------------------------------------

A4_CSS_PX = 700  # 210 mm less 2 × 12 mm margins ≈ 186 mm ≈ 703 CSS px


PRINTED = {"document": "van-ban/2013/107-kh-ubnd-ubnd-tinh-quang-nam/", "progress": "tien-do/"}


@pytest.mark.parametrize("name", list(PRINTED))
def test_print_on_a4(browser, site_url, name, tmp_path):
    """Printed on A4: no element wider than the page, no chrome, the page's address at its
    foot, the document's text and files before its metadata."""
    page = visit(browser, site_url + PRINTED[name], A4_CSS_PX, media="print")
    wide = page.evaluate("""w => [...document.querySelectorAll('main *')].filter(e => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.right > w + 1;
    }).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 30))""",
        A4_CSS_PX)
    assert wide == [], wide[:5]
    assert not page.locator(".cchc-nav").is_visible()
    assert not page.locator(".cchc-search").is_visible()
    assert page.locator(".cchc-print-url").is_visible()
    pdf = tmp_path / f"{name}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    assert pdf.stat().st_size > 10_000
    if name == "document":
        text = page.evaluate("document.querySelector('main').innerText")
        assert text.index("Thông tin văn bản") > text.index("Tải văn bản") > 0
    page.close()


def test_print_button(browser, site_url):
    page = visit(browser, site_url + DOCUMENT)
    button = page.locator("[data-cchc-print]")
    assert button.is_visible() and button.inner_text() == "In trang"
    page.evaluate("window.print = () => { window.printed = true; }")
    button.click()
    assert page.evaluate("window.printed") is True
    page.close()


# -- weight of a first visit ---------------------------------------------------------------------

LIMIT = 300 * 1024
SEARCH = re.compile(r"/pagefind/|cchc-search-(engine|worker)\.js")


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_first_visit_under_300_kb(browser, site_url, demo_site, name):
    """Every file a first visit downloads, gzipped as a server sends it; the search index is
    left out (it loads when the reader searches)."""
    if name == "search":
        pytest.skip("the search page is search")
    page = browser.new_page()
    urls: list[str] = []
    page.on("response", lambda r: urls.append(r.url))
    page.goto(site_url + PAGE_TYPES[name], wait_until="load")
    page.wait_for_timeout(300)
    page.close()
    total = 0
    for url in urls:
        path = unquote(urlsplit(url).path).lstrip("/")
        if SEARCH.search("/" + path):
            continue
        file = demo_site / path
        if file.is_dir() or path.endswith("/") or not path:
            file = file / "index.html"
        if not file.is_file():
            file = demo_site / "404.html"
        total += len(gzip.compress(file.read_bytes(), 6))
    assert total <= LIMIT, f"{name}: {total / 1024:.0f} KB"


# -- media ---------------------------------------------------------------------------------------

def test_the_radio_item_plays_and_has_its_transcript(browser, site_url):
    page = visit(browser, site_url + RADIO_ITEM, 390)
    audio = page.locator("audio.cchc-player__media")
    assert audio.count() == 1
    page.evaluate("() => { const a = document.querySelector('audio'); a.muted = true; "
                  "return a.play(); }")
    page.wait_for_function("document.querySelector('audio').currentTime > 0.5", timeout=10000)
    assert page.evaluate("document.querySelector('audio').duration") > 30
    transcript = page.locator("#loi-chuong-trinh")
    assert transcript.is_visible() and "Kính thưa quý thính giả" in transcript.inner_text()
    page.locator("a[href='#loi-chuong-trinh']").click()
    assert page.evaluate("location.hash") == "#loi-chuong-trinh"
    page.close()


def _oversized(page) -> list[str]:
    """Pictures the browser took wider than needed: for each loaded <img>, the candidate it
    shows must be the narrowest of its srcset that covers its displayed width on this screen."""
    return page.evaluate("""() => [...document.querySelectorAll('picture img')].filter(img => {
        if (!img.complete || !img.currentSrc || !img.getBoundingClientRect().width) return false;
        const need = img.getBoundingClientRect().width * devicePixelRatio;
        const set = img.parentElement.querySelector('source').getAttribute('srcset')
            .split(', ').map(c => parseInt(c.split(' ')[1]));
        const enough = set.filter(w => w >= need);
        const best = enough.length ? Math.min(...enough) : Math.max(...set);
        return img.naturalWidth > best;
    }).map(img => img.currentSrc + ' ' + img.naturalWidth + ' for ' +
        img.getBoundingClientRect().width)""")


@pytest.mark.parametrize("scale", (1, 2))
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["home", "news-list", "news"])
def test_no_picture_is_served_wider_than_shown(browser, site_url, name, width, scale):
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  device_scale_factor=scale)
    page = context.new_page()
    responses: list[str] = []
    page.on("response", lambda r: responses.append(r.url))
    page.goto(site_url + PAGE_TYPES[name], wait_until="load")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # the lazy ones too
    page.wait_for_timeout(500)
    shown = page.evaluate("[...document.querySelectorAll('picture img')]"
                          ".filter(i => i.complete && i.naturalWidth).length")
    assert shown > 0, name
    assert _oversized(page) == []
    # Only resized copies are fetched: never a picture as the editor committed it.
    pictures = [u for u in responses if re.search(r"\.(jpe?g|png|webp)$", u)
                and "/assets/" not in u]
    assert pictures and all(re.search(r"-[0-9a-f]{10}-\d+\.(webp|jpg)$", u) for u in pictures)
    context.close()


# -- screenshots ---------------------------------------------------------------------------------

@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["home", "document", "agency", "progress", "not-found",
                                  "document-list", "news", "indices", "index", "radio",
                                  "radio-item", "agency-former", "news-list"])
def test_screenshots(browser, site_url, name, width):
    page = visit(browser, site_url + PAGE_TYPES[name], width)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.close()
