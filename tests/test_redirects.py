"""Old addresses (SPEC §12, issue 20): every path in an item's `aliases` gets a small page that
sends readers and search engines to the item's current URL, and a line of /redirects.map for
nginx; an alias that is also a page is an error at its line; `cchc validate` warns when an edit
moved a published page since the previous build; `cchc new news` pins the slug."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.support.browser import serve
from tests.support.portal import DOC, make_project, news

OLD = "/tin-tuc/2024/ten-cu/"
NEWS_URL = "tin-tuc/2024/xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh/"
ALIASED = news(**{"topics: [thu-tuc-hanh-chinh]":
                  f"topics: [thu-tuc-hanh-chinh]\naliases: [{OLD}, /tin-tuc/cu.html]"})
DOC_ALIASED = DOC.replace("issued: 2024-01-19", "issued: 2024-01-19\naliases: [/van-ban/ke-hoach-15/]")
QUESTION = """\
---
question: Câu hỏi?
asked: 2024-03-04
aliases: [/hoi-dap/cau-hoi-cu/]
---
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("redirects") / "p", {
        "content/tin-tuc/2024/a.md": ALIASED, "plans/2024/15.md": DOC_ALIASED,
        "content/hoi-dap/2024/cau-hoi.md": QUESTION})
    project.cchc("build", "--today", "2024-06-30", check=True)
    return project.root / "site"


def test_an_alias_is_a_page_that_sends_readers_on(site):
    page = lxml_html.fromstring((site / "tin-tuc/2024/ten-cu/index.html").read_bytes())
    refresh = page.xpath("//meta[@http-equiv='refresh']")[0].get("content")
    assert refresh == "0; url=../xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh/"
    assert page.xpath("//link[@rel='canonical']")[0].get("href") == \
        "https://example.gov.vn/cchc/" + NEWS_URL
    assert page.xpath("//meta[@name='robots']")[0].get("content") == "noindex"
    assert page.xpath("//a")[0].get("href") == "../xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh/"
    # Under the portal's policy, and nothing inline a policy would block.
    assert page.xpath("//meta[@http-equiv='Content-Security-Policy']")
    assert not page.xpath("//script") and not page.xpath("//*[@style]")
    # An .html alias is a file of that name.
    flat = lxml_html.fromstring((site / "tin-tuc/cu.html").read_bytes())
    assert flat.xpath("//meta[@http-equiv='refresh']")[0].get("content") == \
        "0; url=2024/xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh/"


def test_documents_and_questions_have_aliases_too(site):
    assert "url=../2024/15-kh-ubnd-ubnd-huyen-b/" in \
        (site / "van-ban/ke-hoach-15/index.html").read_text(encoding="utf-8")
    assert "url=../2024/cau-hoi/" in \
        (site / "hoi-dap/cau-hoi-cu/index.html").read_text(encoding="utf-8")


def test_the_redirect_map_lists_every_alias(site):
    assert (site / "redirects.map").read_text(encoding="utf-8").splitlines() == [
        "/hoi-dap/cau-hoi-cu/ /hoi-dap/2024/cau-hoi/;",
        f"/tin-tuc/2024/ten-cu/ /{NEWS_URL};",
        f"/tin-tuc/cu.html /{NEWS_URL};",
        "/van-ban/ke-hoach-15/ /van-ban/2024/15-kh-ubnd-ubnd-huyen-b/;",
    ]


def test_aliases_are_not_in_the_sitemap_or_the_search_index(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "ten-cu" not in sitemap and NEWS_URL in sitemap
    assert "data-pagefind-body" not in (site / "tin-tuc/2024/ten-cu/index.html").read_text(
        encoding="utf-8")


def test_a_browser_lands_on_the_current_page_under_the_policy(browser, site):
    with serve(site) as url:
        context = browser.new_context(bypass_csp=False)
        page = context.new_page()
        violations: list[str] = []
        page.on("console", lambda m: violations.append(m.text)
                if "Content Security Policy" in m.text else None)
        page.goto(url + "tin-tuc/2024/ten-cu/", wait_until="load")
        page.wait_for_url(url + NEWS_URL)
        assert page.locator("h1").inner_text() == "Xã C đẩy mạnh tuyên truyền cải cách hành chính"
        page.goto(url + "tin-tuc/cu.html", wait_until="load")
        page.wait_for_url(url + NEWS_URL)
        context.close()
    assert violations == []


def test_an_alias_that_is_a_page_is_an_error_at_its_line(project):
    p = project({
        "content/tin-tuc/2024/a.md": news(**{"topics: [thu-tuc-hanh-chinh]":
                                             "topics: [thu-tuc-hanh-chinh]\n"
                                             "aliases: [/tin-tuc/2024/ten-cu/, /van-ban/]"}),
        "plans/2024/15.md": DOC})
    rc, items = p.diagnostics()
    hit = [d for d in items if d["code"] == "alias-collision"]
    assert rc == 1 and len(hit) == 1
    assert hit[0]["path"] == "content/tin-tuc/2024/a.md" and hit[0]["line"] == 6
    assert "/van-ban/" in hit[0]["message"] and "Văn bản" in hit[0]["message"]
    # Nothing is built while it stands.
    assert p.cchc("build", "--today", "2024-06-30").returncode == 1
    assert not (p.root / "site").exists()


def test_an_alias_that_is_an_editors_page_or_another_item_is_an_error(project):
    p = project({
        "content/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nGiới thiệu.\n",
        "content/tin-tuc/2024/a.md": news(**{"topics: [thu-tuc-hanh-chinh]":
                                             "topics: [thu-tuc-hanh-chinh]\n"
                                             "aliases: [/gioi-thieu/]"}),
        "content/tin-tuc/2024/b.md": news(**{
            "title: Xã C đẩy mạnh tuyên truyền cải cách hành chính": "title: Tin thứ hai",
            "topics: [thu-tuc-hanh-chinh]": "topics: [thu-tuc-hanh-chinh]\naliases: "
            "[/tin-tuc/2024/xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh/]"})})
    rc, items = p.diagnostics()
    hits = sorted((d["path"], d["code"]) for d in items if d["code"] == "alias-collision")
    assert rc == 1
    assert hits == [("content/tin-tuc/2024/a.md", "alias-collision"),
                    ("content/tin-tuc/2024/b.md", "alias-collision")]
    messages = " ".join(d["message"] for d in items if d["code"] == "alias-collision")
    assert "content/gioi-thieu.md" in messages


def test_two_items_keeping_one_old_address_is_an_error(project):
    alias = {"topics: [thu-tuc-hanh-chinh]": f"topics: [thu-tuc-hanh-chinh]\naliases: [{OLD}]"}
    p = project({"content/tin-tuc/2024/a.md": news(**alias),
                 "content/tin-tuc/2024/b.md": news(**{**alias, "title: Xã C": "title: Xã D"})})
    rc, items = p.diagnostics()
    hit = [d for d in items if d["code"] == "duplicate-alias"]
    assert rc == 1 and len(hit) == 1 and hit[0]["line"] == 6


@pytest.mark.parametrize(("alias", "code"), [
    ("https://example.gov.vn/cchc/tin-tuc/cu/", "invalid-alias"),
    ("tin-tuc/cu/", "invalid-alias"),
    ("/Pages/TinTuc.aspx", "invalid-alias"),
    ("/tin-tuc/../cu/", "invalid-alias"),
    ("/tin tuc/cu/", "invalid-alias"),
])
def test_a_malformed_alias_is_an_error(project, alias, code):
    p = project({"content/tin-tuc/2024/a.md": news(**{
        "topics: [thu-tuc-hanh-chinh]": f"topics: [thu-tuc-hanh-chinh]\naliases: ['{alias}']"})})
    rc, items = p.diagnostics()
    hit = [d for d in items if d["code"] == code]
    assert rc == 1 and len(hit) == 1 and hit[0]["line"] == 6
    assert "/tin-tuc/" in hit[0]["hint"] or "aliases" in hit[0]["hint"]


def test_an_alias_that_is_the_current_address_is_dropped_with_a_warning(project):
    p = project({"content/tin-tuc/2024/a.md": news(**{
        "topics: [thu-tuc-hanh-chinh]":
        f"topics: [thu-tuc-hanh-chinh]\naliases: [/{NEWS_URL.rstrip('/')}]"})})
    rc, items = p.diagnostics()
    assert rc == 0 and [d["code"] for d in items] == ["alias-self"]
    p.cchc("build", "--today", "2024-06-30", check=True)
    assert not (p.root / "site/redirects.map").exists()


def test_an_edit_that_moves_a_published_page_is_warned_of(project):
    """The build writes every item's URL; the next validation compares (the same repository,
    its previous site/), and `aliases` is the fix."""
    p = project({"content/tin-tuc/2024/a.md": news(), "plans/2024/15.md": DOC})
    p.cchc("build", "--today", "2024-06-30", check=True)
    rc, items = p.diagnostics()
    assert rc == 0 and items == []
    p.write("content/tin-tuc/2024/a.md", news(**{"title: Xã C đẩy mạnh":
                                                 "title: Xã C tiếp tục đẩy mạnh"}))
    rc, items = p.diagnostics()
    assert rc == 0
    hit = [d for d in items if d["code"] == "url-changed"]
    assert len(hit) == 1 and hit[0]["path"] == "content/tin-tuc/2024/a.md"
    assert hit[0]["line"] == 2  # the title moved it
    assert f"aliases: [/{NEWS_URL}]" in hit[0]["hint"]
    assert "slug: xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh" in hit[0]["hint"]
    # The fix it names silences it, and the old address then redirects.
    p.write("content/tin-tuc/2024/a.md", news(**{
        "title: Xã C đẩy mạnh": "title: Xã C tiếp tục đẩy mạnh",
        "topics: [thu-tuc-hanh-chinh]": f"topics: [thu-tuc-hanh-chinh]\naliases: [/{NEWS_URL}]"}))
    rc, items = p.diagnostics()
    assert rc == 0 and items == []
    built = p.cchc("build", "--today", "2024-06-30", check=True)
    assert "url-changed" not in built.stderr
    assert "url=../xa-c-tiep-tuc-day-manh-tuyen-truyen-cai-cach-hanh-chinh/" in (
        p.root / "site" / NEWS_URL / "index.html").read_text(encoding="utf-8")


def test_the_manifest_follows_the_chosen_site_folder(project, tmp_path):
    p = project({"content/tin-tuc/2024/a.md": news()})
    out = tmp_path / "elsewhere"
    p.cchc("build", "--site-dir", str(out), "--today", "2024-06-30", check=True)
    assert (out / ".cchc/urls.json").is_file()
    p.write("content/tin-tuc/2024/a.md", news(**{"title: Xã C": "title: Xã Cờ"}))
    built = p.cchc("build", "--site-dir", str(out), "--today", "2024-06-30", check=True)
    assert "url-changed" in built.stderr


def test_new_news_pins_its_slug(project):
    p = project()
    p.cchc("new", "news", "--title", "Xã C đẩy mạnh tuyên truyền", "--agency", "ubnd-xa-c",
           "--date", "2024-03-28", check=True)
    path = p.root / "content/tin-tuc/2024/xa-c-day-manh-tuyen-truyen.md"
    front = path.read_text(encoding="utf-8")
    assert re.search(r"^slug: xa-c-day-manh-tuyen-truyen\b", front, re.M)
    path.write_text(front.replace("title: Xã C đẩy mạnh tuyên truyền", "title: Xã C đổi tiêu đề")
                    .replace("Viết nội dung tin bài ở đây.", "Nội dung."), encoding="utf-8")
    p.cchc("build", "--today", "2024-06-30", check=True)
    assert (p.root / "site/tin-tuc/2024/xa-c-day-manh-tuyen-truyen/index.html").is_file()
