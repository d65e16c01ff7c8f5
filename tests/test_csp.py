"""The Content-Security-Policy holds: every page type of the demo carries it in a <meta> and
works under it in Chromium (search, the document filter, the relationship diagram, audio and
video, print), and Chromium reports no violation (`securitypolicyviolation` events and console
messages, which the policy is enforced from the <meta> only: the test server sends no header).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from cchc import security
from tests.support import files
from tests.support.browser import serve

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "news": "tin-tuc/2024/huong-long-quy-i/",
    "news-list": "tin-tuc/",
    "document": "van-ban/2024/15-kh-ubnd-ubnd-huyen-huong-khe/",
    "document-list": "van-ban/",
    "agency": "co-quan/trung-tam-vhtttt-kien-tuong/",
    "agency-tree": "co-quan/",
    "year": "nam/2024/",
    "topic": "linh-vuc/thu-tuc-hanh-chinh/",
    "progress": "tien-do/",
    "page": "gioi-thieu/",
    "guide": "huong-dan-bien-tap/",
    "questions": "hoi-dap/",
    "question": "hoi-dap/2024/phan-anh-ho-so-tre-hen/",
    "questions-of-topic": "hoi-dap/linh-vuc/thu-tuc-hanh-chinh/",
    "consultations": "lay-y-kien/",
    "consultation": "van-ban/2025/du-thao-ke-hoach-tuyen-truyen-cchc-2025-kien-tuong/",
    "document-replaced": "van-ban/2020/1520-qd-ubnd-ubnd-thi-xa-kien-tuong/",
    "search": "tim-kiem/",
    "404": "404.html",
    "indices": "chi-so/",
    "index": "chi-so/par-index/",
    "radio": "phat-thanh/",
    "radio-item": "tin-tuc/2024/chuyen-muc-cai-cach-hanh-chinh-so-45-nam-2024-tren-song-"
                  "truyen-thanh-kien-tuong/",
    "agency-former": "co-quan/ubnd-thi-xa-kien-tuong/",
}

LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push({
  directive: e.violatedDirective, blocked: e.blockedURI, line: e.lineNumber,
  source: e.sourceFile, sample: e.sample}));
"""


def _inline_script_lines(html: str) -> dict[int, str]:
    lines = {}
    # Data blocks (JSON-LD) are not scripts: the policy does not apply to them.
    for m in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", html):
        lines[html.count("\n", 0, m.end()) + 1] = html[m.end(): m.end() + 60]
    return lines


@pytest.fixture(scope="module")
def site_url(demo_site: Path):
    with serve(demo_site) as url:
        yield url


def _open(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=False)
    context.add_init_script(LISTEN)
    page = context.new_page()
    console: list[str] = []
    errors: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text
            else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load")
    return context, page, console, errors


def _wait(page, predicate: str, timeout: float = 15.0) -> None:
    """Poll `predicate` (Playwright's wait_for_function evaluates a string, which the policy
    forbids: it has no 'unsafe-eval')."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate):
        assert time.monotonic() < deadline, predicate
        page.wait_for_timeout(50)


def _check(page, html: str, console: list[str], errors: list[str]) -> None:
    assert _inline_script_lines(html) == {}, "an inline script: the policy forbids it"
    assert page.evaluate("window.__violations") == []
    assert errors == [], errors
    assert console == [], console


def test_every_page_carries_the_policy(demo_site: Path):
    for name, rel in PAGES.items():
        path = rel if rel.endswith(".html") else rel + "index.html"
        html = (demo_site / path).read_text(encoding="utf-8")
        m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert m, name
        policy = m.group(1).replace("&#39;", "'")
        assert policy == security.csp(), name
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
        for directive in ("object-src 'none'", "base-uri 'self'", "form-action 'self'"):
            assert directive in policy
        # The <meta> comes before every script it governs.
        assert html.index("Content-Security-Policy") < html.index("<script")


@pytest.mark.parametrize("name", list(PAGES))
def test_page_works_under_the_policy(browser, site_url, demo_site, name):
    rel = PAGES[name]
    context, page, console, errors = _open(browser, site_url + rel)
    try:
        if name == "document":  # the relationship diagram, drawn at build time
            assert page.locator(".cchc-diagram__node").count() > 0
        if name == "document-list":  # the filter reads filter.json
            page.select_option("select[name=year]", "2013")
            page.wait_for_selector(".cchc-filter__results:not([hidden]) tbody tr")
        if name == "page":  # search: workers, WebAssembly, the index's fetches
            page.locator("#cchc-q").fill("cai cach")
            _wait(page, "document.querySelector('#cchc-search-results')"
                        ".dataset.query === 'cai cach'")
            assert page.locator("#cchc-search-results .cchc-result").count() > 0
        if name == "radio-item":  # the player, under the policy's media-src
            page.evaluate("() => { const a = document.querySelector('audio'); a.muted = true; "
                          "return a.play(); }")
            _wait(page, "document.querySelector('audio').currentTime > 0.2")
        if name in ("home", "news"):  # the menu button and the print button
            page.set_viewport_size({"width": 390, "height": 800})
            page.locator(".cchc-nav__toggle").click()
            assert page.locator("#cchc-menu").is_visible()
        page.emulate_media(media="print")
        page.pdf()  # printing runs under the same policy
        page.wait_for_timeout(100)
        path = rel if rel.endswith(".html") else rel + "index.html"
        html = (demo_site / path).read_text(encoding="utf-8")
        _check(page, html, console, errors)
    finally:
        context.close()


def test_audio_and_video_of_the_portal_play_under_the_policy(browser, project):
    webm = b"\x1a\x45\xdf\xa3" + b"\x00" * 60
    p = project({
        "content/tin-tuc/2024/a.md": dedent_news(
            "<audio controls src=\"ban-tin.mp3\"></audio>\n\n"
            "<video controls src=\"clip.webm\"></video>"),
        "content/tin-tuc/2024/ban-tin.mp3": b"ID3" + b"\x00" * 60,
        "content/tin-tuc/2024/clip.webm": webm,
        "content/tin-tuc/2024/anh.png": files.PNG,
    })
    p.cchc("build", "--today", "2024-06-30", check=True)
    site = p.root / "site"
    rel = "tin-tuc/2024/xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh/"
    with serve(site) as url:
        context, page, console, errors = _open(browser, url + rel)
        try:
            assert page.locator("audio").count() == 1 and page.locator("video").count() == 1
            page.evaluate("Promise.all([...document.querySelectorAll('audio, video')]"
                          ".map(m => { m.load(); return new Promise(r => setTimeout(r, 300)); }))")
            _check(page, (site / rel / "index.html").read_text(encoding="utf-8"), console, errors)
        finally:
            context.close()


def dedent_news(body: str) -> str:
    from tests.support.portal import news

    return news(**{"Nội dung tin bài.": "Mở đầu.\n\n" + body + "\n\n![Ảnh](anh.png)"})
