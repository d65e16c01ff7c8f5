"""Accessibility of the tracking pages' own content (the <article> of /tien-do/, a year page
and an agency page) with axe-core, on a phone and a desktop viewport. The page layout around
it is the lead's (it is being replaced); this checks what the tracking templates render."""

from __future__ import annotations

import pytest

from tests.support.browser import serve
from tests.support.portal import Project
from tests.support.tracking import TODAY, make_tracking_portal

pytestmark = pytest.mark.browser

PAGES = {
    "progress": ("tien-do/", "article.cchc-tracking"),
    "progress-year": ("tien-do/2024/", "article.cchc-tracking"),
    "agency": ("co-quan/ubnd-huyen-b/", "article.cchc-agency"),
}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory):
    root = make_tracking_portal(tmp_path_factory.mktemp("a11y") / "portal").root
    Project(root).cchc("build", "--today", TODAY, check=True)
    with serve(root / "site") as url:
        yield url


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violation(browser, site_url, name, width):
    from axe_playwright_python.sync_playwright import Axe

    path, selector = PAGES[name]
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(site_url + path, wait_until="networkidle")
    assert page.locator(selector).count() == 1
    results = Axe().run(page, context=selector)
    violations = results.response["violations"]
    page.close()
    assert violations == [], results.generate_report()


def test_charts_have_text_equivalents(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "tien-do/", wait_until="networkidle")
    charts = page.locator("article svg[role=img]")
    assert charts.count() >= 5
    for i in range(charts.count()):
        name = page.evaluate(
            "(el) => { const id = el.getAttribute('aria-labelledby');"
            " return document.getElementById(id).textContent; }", charts.nth(i).element_handle())
        assert len(name) > 10
    # No inline style attributes: the portal's Content-Security-Policy forbids them.
    assert page.locator("article [style]").count() == 0
    page.close()
