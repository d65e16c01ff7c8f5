"""Site search (Pagefind, cchc.search, cchc-search.js): what is indexed, and real queries typed
into the header box of the built demo in headless Chromium, at the root and under /cchc/."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cchc import search
from tests.support.browser import serve

QUANG_NAM_PLAN = "van-ban/2013/107-kh-ubnd-ubnd-tinh-quang-nam/"
RESULTS = "#cchc-search-results"


# -- core ------------------------------------------------------------------------------------


def test_number_token_joins_and_folds():
    assert search.number_token("107/KH-UBND") == "sohieu107khubnd"
    assert search.number_token("503/QĐ-UBND") == "sohieu503qdubnd"
    assert search.number_token(None) == search.number_token("") == ""


def test_index_text_is_nfc_with_stroked_d():
    nfd = unicodedata.normalize("NFD", "Điện Biên đối thoại")
    text = search.index_text(nfd)
    assert text == "D\u0335iện Biên d\u0335ối thoại"
    assert unicodedata.is_normalized("NFC", text)
    # Pagefind folds by dropping combining marks: the stroke goes, leaving plain "d".
    folded = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    assert folded == "Dien Bien doi thoai"


def test_cbor_round_trip():
    value = ["1.5.2", [["vi_abc", 12], ["vi_def", 70000]], {"a": [1, -2, True, None]}, b"\x00"]
    assert search.cbor_decode(search.cbor_encode(value)) == value


def test_common_words_are_folded_and_on_a_tenth_of_the_pages():
    with search.Indexer() as indexer:
        for i in range(30):
            rare = " Điện Biên." if i < 3 else " Quảng Nam" if i < 5 else ""
            indexer.add(f"p{i}/index.html",
                        f"<main data-pagefind-body><p>Cải cách (hành chính) số {i}.{rare}</p></main>")
        common = indexer.common_words()
    assert {"cai", "cach", "hanh", "chinh", "so", "dien", "bien"} <= set(common)
    assert "quang" not in common  # 2 pages of 30
    assert "(hanh" not in common and "chinh)" not in common and "" not in common
    assert common == sorted(common)


def test_pages_are_dealt_to_shards_of_equal_size():
    with search.Indexer(shard_pages=4) as indexer:
        for i in range(9):
            indexer.add(f"p{i}/index.html", f"<main data-pagefind-body><p>trang {i}</p></main>")
        indexer._deal(3)
        counts = sorted(len(list((indexer.input / f"in-{k}").rglob("index.html"))) for k in range(3))
        assert (indexer.input / "in-1" / "p4" / "index.html").is_file()
    assert counts == [3, 3, 3]  # not 4, 4, 1: every shard ranks with like statistics


def test_pages_staged_by_several_processes_merge_in_their_order():
    page = "<main data-pagefind-body><p>{}</p></main>"
    with search.Indexer(shard_pages=2) as indexer:
        parts = [search.Staged(), search.Staged()]
        for number in range(4):  # as two rendering processes would: even and odd numbers
            indexer.stage(number, f"p{number}/index.html", page.format(number),
                          into=parts[number % 2])
        indexer.stage(4, "listing/index.html", "<main><p>no body mark</p></main>", into=parts[0])
        assert indexer.pages == 0
        for part in parts:
            indexer.merge(part)
        indexer.add("md/index.html", page.format("md"))  # after them all
        assert indexer.staged.pages == {0: "p0/index.html", 1: "p1/index.html",
                                        2: "p2/index.html", 3: "p3/index.html",
                                        4: "md/index.html"}
        assert {"0", "3", "md"} <= indexer.staged.words.keys()
        indexer._deal(2)
        assert (indexer.input / "in-0" / "md" / "index.html").is_file()  # the 5th page dealt
        assert (indexer.input / "in-1" / "p3" / "index.html").is_file()


@pytest.mark.parametrize(("pages", "shards"), [(1, 1), (2000, 1), (2001, 2), (4001, 4),
                                               (5688, 4), (11188, 6), (12001, 8)])
def test_shard_count_is_even_when_sharded(pages, shards):
    assert search.shard_count(pages, 2000) == shards


# -- what the built demo indexes ---------------------------------------------------------------


def _entry(site: Path) -> dict:
    return json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))


def test_bundle_has_only_what_the_portal_uses(demo_site: Path):
    bundle = demo_site / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-worker.js").is_file()
    for name in search.UNUSED_BUNDLE_FILES:
        assert not (bundle / name).exists(), name
    assert not (demo_site / "search" / "search_index.json").exists()  # no lunr index


def test_only_content_pages_are_marked(demo_site: Path):
    marked, unmarked = set(), set()
    for page in demo_site.rglob("index.html"):
        url = page.parent.relative_to(demo_site).as_posix() + "/"
        (marked if search.BODY_MARK in page.read_text(encoding="utf-8") else unmarked).add(url)
    assert QUANG_NAM_PLAN in marked
    assert "gioi-thieu/" in marked and "co-quan/ubnd-tinh-quang-nam/" in marked
    assert any(re.fullmatch(r"tin-tuc/\d{4}/[^/]+/", u) for u in marked)
    assert "hoi-dap/2024/noi-nop-ho-so-thu-tuc-hanh-chinh/" in marked  # a question and answer
    for listing in ("./", "tin-tuc/", "van-ban/", "co-quan/", "tien-do/", "nam/2013/",
                    "linh-vuc/the-che/", "tin-tuc/page/2/", "hoi-dap/", "lay-y-kien/",
                    "hoi-dap/linh-vuc/thu-tuc-hanh-chinh/",
                    "tin-tuc/2024/xa-huong-long-day-manh-tuyen-truyen-cchc-quy-i-2024/"):
        assert listing in unmarked, listing
    assert all(re.fullmatch(r"(tin-tuc|van-ban|hoi-dap)/\d{4}/[^/]+/|co-quan/[^/]+/|[a-z-]+/", u)
               for u in marked), sorted(marked)
    assert _entry(demo_site)["languages"]["vi"]["page_count"] == len(marked)


def test_document_page_carries_meta_and_filters(demo_site: Path):
    html = (demo_site / QUANG_NAM_PLAN / "index.html").read_text(encoding="utf-8")
    assert '<span data-pagefind-meta="kind" data-pagefind-filter="kind">Kế hoạch</span>' in html
    assert 'data-pagefind-meta="number_key">sohieu107khubnd<' in html
    assert '<span data-pagefind-filter="year">2013</span>' in html


# -- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_url(demo_site: Path):
    with serve(demo_site) as url:
        yield url


@pytest.fixture(scope="module")
def subpath_url(demo_site: Path):
    with serve(demo_site, "cchc") as url:
        yield url


@pytest.fixture
def page(browser, site_url):
    p = browser.new_page(viewport={"width": 1280, "height": 900})
    p.goto(site_url + "gioi-thieu/", wait_until="load")
    yield p
    p.close()


def run_query(page, query: str, *, typed: bool = False) -> list[dict]:
    """Type `query` into the header box; the results shown, first first."""
    box = page.locator("#cchc-q")
    if typed:
        box.click()
        box.fill("")
        page.keyboard.type(query, delay=40)
    else:
        box.fill(query)
    page.wait_for_function("q => document.querySelector('#cchc-search-results').dataset.query"
                           " === q", arg=query, timeout=10_000)
    return results(page)


def results(page) -> list[dict]:
    return page.eval_on_selector_all(f"{RESULTS} .cchc-result", """els => els.map(e => ({
        href: e.querySelector('a').getAttribute('href'),
        title: e.querySelector('.cchc-result__link').textContent,
        kind: (e.querySelector('.cchc-badge') || {}).textContent,
        excerpt: (e.querySelector('.cchc-result__excerpt') || {}).textContent || ''}))""")


@pytest.mark.browser
def test_without_diacritics_finds_cai_cach(page):
    found = run_query(page, "cai cach")
    assert len(found) >= 5
    assert all("cải cách" in r["title"].lower() for r in found[:3]), found[:3]
    assert "cải cách" in found[0]["excerpt"].lower()


@pytest.mark.browser
def test_dien_bien_in_every_form_gives_the_same_first_result(page):
    firsts = []
    for query in ("dien bien", "ĐIỆN BIÊN", unicodedata.normalize("NFD", "Điện Biên"),
                  "Điện Biên"):
        found = run_query(page, query)
        assert found, query
        firsts.append(found[0]["href"])
        assert "Điện Biên" in found[0]["title"]
    assert len(set(firsts)) == 1, firsts


@pytest.mark.browser
@pytest.mark.parametrize("query", ["107/KH-UBND", "107/kh-ubnd", "107 kh ubnd", "107 KH UBND"])
def test_document_number_finds_the_plan_first(page, query):
    found = run_query(page, query)
    assert found[0]["href"].endswith("/" + QUANG_NAM_PLAN), found[:3]
    assert found[0]["kind"] == "Kế hoạch"


@pytest.mark.browser
def test_exact_diacritics_rank_first(page):
    nam = run_query(page, "Nam")
    assert re.search(r"\bNam\b", nam[0]["title"]), nam[0]
    nam_year = run_query(page, "năm")
    assert "năm" in nam_year[0]["title"].lower(), nam_year[0]


@pytest.mark.browser
def test_kind_filter_narrows_the_results(page):
    everything = run_query(page, "tuyen truyen")
    page.wait_for_selector(".cchc-search__filters:not([hidden]) select[data-filter=kind] option >> nth=1",
                           state="attached")
    total = page.text_content(".cchc-search__status")
    page.select_option("select[data-filter=kind]", label="Kế hoạch")
    page.wait_for_function("document.querySelector('#cchc-search-results').dataset.filters"
                           ".includes('kind')")
    narrowed = results(page)
    assert narrowed and all(r["kind"] == "Kế hoạch" for r in narrowed), narrowed
    assert int(page.text_content(".cchc-search__status").split()[0]) < int(total.split()[0])
    assert {r["kind"] for r in everything} != {"Kế hoạch"}


NEWS = """\
---
title: {title}
date: 2024-05-02
agency: ubnd-tinh-a
draft: {draft}
---
{body}
"""


@pytest.mark.browser
def test_a_drafts_unique_word_finds_nothing(browser, project):
    portal = project({
        "content/tin-tuc/2024/da-dang.md": NEWS.format(
            title="Tỉnh A công bố chỉ số cải cách", draft="false",
            body="Kết quả chấm điểm Zephyrđiểm của tỉnh A năm 2024."),
        "content/tin-tuc/2024/ban-nhap.md": NEWS.format(
            title="Bản nháp chưa đăng", draft="true",
            body="Nội dung Quokkađịnh chưa được duyệt."),
    })
    portal.cchc("build", "--today", "2024-12-31", check=True)
    site = portal.root / "site"
    published = "tin-tuc/2024/tinh-a-cong-bo-chi-so-cai-cach/"
    assert (site / published / "index.html").exists()
    assert not (site / "tin-tuc/2024/ban-nhap-chua-dang").exists()
    with serve(site) as url:
        p = browser.new_page()
        p.goto(url, wait_until="load")
        for word in ("Quokkađịnh", "quokkadinh", "Quokka"):
            assert run_query(p, word) == [], word
            assert "Không tìm thấy" in p.text_content(".cchc-search__status")
        # Control: the published item is found by its own word, folded too.
        for word in ("Zephyrđiểm", "zephyrdiem"):
            found = run_query(p, word)
            assert [urlsplit(r["href"]).path for r in found] == ["/" + published], word
        p.close()


@pytest.mark.browser
def test_listing_pages_are_never_results(page):
    hrefs = [r["href"] for q in ("tin tuc", "van ban", "co quan", "nam 2024", "tien do")
             for r in run_query(page, q)]
    paths = [urlsplit(h).path for h in hrefs]
    assert paths
    listing = re.compile(r"^/(tin-tuc/(page/\d+/)?|van-ban/(page/\d+/)?|co-quan/|tien-do/|"
                         r"nam/\d+/|linh-vuc/[^/]+/)?$")
    assert [p for p in paths if listing.match(p)] == []


PANEL_OPEN = "!document.getElementById('cchc-search-panel').hidden"


@pytest.mark.browser
def test_keyboard(page):
    """"/" focuses the box; arrows move between the box and the results; Enter opens the search
    page with every result."""
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "cchc-q"
    page.keyboard.type("107/KH-UBND")
    page.wait_for_function("document.querySelector('#cchc-search-results').dataset.query"
                           " === '107/KH-UBND'")
    assert page.evaluate(PANEL_OPEN)
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    assert first.endswith(QUANG_NAM_PLAN)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.getAttribute('href')") == first
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "cchc-q"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/tim-kiem/?q=107%2FKH-UBND" in page.url
    page.wait_for_function("document.querySelector('[data-mode=page] .cchc-search__results')"
                           ".dataset.query === '107/KH-UBND'")
    hrefs = page.eval_on_selector_all("[data-mode=page] .cchc-result__link",
                                      "els => els.map(e => e.getAttribute('href'))")
    assert hrefs[0].endswith(QUANG_NAM_PLAN)
    assert page.input_value("#cchc-q-trang") == "107/KH-UBND"


@pytest.mark.browser
def test_escape_and_tab_close_the_panel(page):
    """Escape closes the results and gives the focus back to the box; Tab past the results
    closes them too, so the focus never reaches the page under an open panel."""
    run_query(page, "cai cach", typed=True)
    assert page.evaluate(PANEL_OPEN)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    assert not page.evaluate(PANEL_OPEN)
    assert page.evaluate("document.activeElement.id") == "cchc-q"
    page.keyboard.type(" hanh")
    page.wait_for_function(PANEL_OPEN)
    for _ in range(40):
        page.keyboard.press("Tab")
        inside = page.evaluate("document.querySelector('[data-cchc-search]')"
                               ".contains(document.activeElement)")
        if not inside:
            break
        assert page.evaluate(PANEL_OPEN)
    assert not inside, "Tab never left the search"
    assert not page.evaluate(PANEL_OPEN)


@pytest.mark.browser
def test_no_lunr_and_nothing_loaded_before_use(browser, site_url):
    p = browser.new_page(bypass_csp=True)
    requests: list[str] = []
    p.on("request", lambda r: requests.append(r.url))
    p.goto(site_url + "gioi-thieu/", wait_until="load")
    assert not [u for u in requests if "/pagefind/" in u], "the bundle loads on first use only"
    run_query(p, "cai cach")
    p.close()
    assert [u for u in requests if "search_index" in u or "/workers/search" in u] == []
    assert any(u.endswith("/pagefind/pagefind.js") for u in requests)


@pytest.mark.browser
def test_search_under_a_sub_path(browser, subpath_url):
    p = browser.new_page(bypass_csp=True)
    requests: list[str] = []
    p.on("request", lambda r: requests.append(urlsplit(r.url).path))
    p.goto(subpath_url + QUANG_NAM_PLAN, wait_until="load")
    found = run_query(p, "107 kh ubnd")
    assert found[0]["href"] == "/cchc/" + QUANG_NAM_PLAN
    bundle = [u for u in requests if "pagefind" in u]
    assert bundle and all(u.startswith("/cchc/pagefind/") for u in bundle), bundle
    with p.expect_navigation():
        p.locator(f"{RESULTS} a").first.click()
    assert urlsplit(p.url).path == "/cchc/" + QUANG_NAM_PLAN
    assert p.evaluate("document.getElementById('cchc-search-panel').hidden")
    p.close()


@pytest.mark.browser
def test_results_are_text_with_marks_only(page):
    run_query(page, "cai cach")
    tags = page.eval_on_selector_all(f"{RESULTS} li *", "els => [...new Set(els.map("
                                     "e => e.tagName))]")
    assert set(tags) <= {"A", "P", "SPAN", "MARK"}, tags
    assert page.locator(f"{RESULTS} .cchc-result__excerpt mark").count() > 0


# -- a sharded index (large portals): the demo re-indexed in shards of 40 pages ---------------


@pytest.fixture(scope="module")
def sharded_site(demo_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("sharded") / "site"
    shutil.copytree(demo_site, site)
    out = subprocess.run([sys.executable, "-m", "cchc.search", str(site), "--shard-pages", "40"],
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["shards"] > 1
    return site


@pytest.fixture(scope="module")
def sharded_url(sharded_site: Path):
    with serve(sharded_site) as url:
        yield url


@pytest.mark.browser
def test_sharded_index_answers_like_one_index(browser, site_url, sharded_url):
    answers: dict[str, dict] = {}
    totals: dict[str, dict] = {}
    for name, url in (("one", site_url), ("sharded", sharded_url)):
        p = browser.new_page()
        p.goto(url + "gioi-thieu/", wait_until="load")
        answers[name], totals[name] = {}, {}
        for q in ("cai cach", "dien bien", "107 kh ubnd", "107 xyzabc", "Quokkadinh"):
            answers[name][q] = run_query(p, q)
            totals[name][q] = p.text_content(".cchc-search__status")
        p.close()
    assert totals["sharded"] == totals["one"]  # "66 kết quả": the same pages match
    for q, found in answers["sharded"].items():
        assert not any(search.DICT_URL in r["href"] for r in found), q
    assert answers["sharded"]["107 kh ubnd"][0]["href"].endswith("/" + QUANG_NAM_PLAN)
    # Each shard ranks with its own statistics: the same pages, not always in the same order.
    assert "Điện Biên" in answers["sharded"]["dien bien"][0]["title"]
    assert answers["sharded"]["Quokkadinh"] == []


def test_sharded_index_file_tells_the_browser_everything(sharded_site: Path):
    info = json.loads((sharded_site / "pagefind" / search.INDEX_FILE).read_text(encoding="utf-8"))
    assert info["shards"][0] == "" and len(info["shards"]) > 2
    for shard, entry in zip(info["shards"], info["entries"], strict=True):
        path = sharded_site / "pagefind" / shard / "pagefind-entry.json"
        assert json.loads(path.read_text(encoding="utf-8")) == entry, shard
    assert len(info["skip"]) == 1  # the dictionary page: the same in every shard
    assert {"Kế hoạch", "Tin bài", "Cơ quan"} <= set(info["filters"]["kind"])
    assert "2013" in info["filters"]["year"]
    # Filter values are as indexed: "đ" written "d" + U+0335, as the browser sends them.
    assert any("d\u0335" in a for a in info["filters"]["agency"])
    assert re.fullmatch(r"[0-9a-f]{16}", info["tag"])
    assert {"cai", "cach"} <= set(info["common"])  # "cải cách": on most pages of the demo
    pages = [e["languages"]["vi"]["page_count"] for e in info["entries"]]
    assert max(pages) - min(pages) <= 1, pages


@pytest.mark.browser
def test_sharded_search_runs_in_module_workers(browser, sharded_url):
    p = browser.new_page(bypass_csp=True)
    requests: list[str] = []
    p.context.on("request", lambda r: requests.append(urlsplit(r.url).path))
    p.goto(sharded_url + "gioi-thieu/", wait_until="load")
    found = run_query(p, "cai cach")
    assert found and "cải cách" in found[0]["title"].lower()
    p.close()
    assert any(re.fullmatch(r"/assets/\w+/javascripts/cchc-search-worker\.js", u) for u in requests)
    assert "/pagefind/pagefind-worker.js" not in requests  # Pagefind runs inside ours
    assert not [u for u in requests if "/filter/" in u], "filter menus come with the index file"


@pytest.mark.browser
def test_more_results_come_from_every_shard(browser, sharded_url):
    p = browser.new_page(viewport={"width": 1280, "height": 900})
    p.goto(sharded_url + "gioi-thieu/", wait_until="load")
    run_query(p, "cai cach")
    total = int(p.text_content(".cchc-search__status").split()[0])
    first = len(results(p))
    assert total > 2 * first
    p.click(".cchc-search__more")
    p.wait_for_function("n => document.querySelectorAll('#cchc-search-results li').length >= n",
                        arg=2 * first)
    shown = results(p)
    assert len(shown) == 2 * first and len({r["href"] for r in shown}) == 2 * first
    assert all(r["title"] for r in shown)
    p.close()


@pytest.mark.browser
def test_a_newer_query_makes_the_worker_give_up_the_older(browser, sharded_url):
    """Straight to a worker: two searches posted back to back; the first is given up at its
    next shard and answered null, the second answered in full."""
    p = browser.new_page()
    p.goto(sharded_url + "gioi-thieu/", wait_until="load")
    answers = p.evaluate("""async () => {
      const root = document.querySelector('[data-cchc-search]');
      const bundle = new URL(root.dataset.pagefind, document.baseURI).pathname;
      const info = await (await fetch(bundle + 'cchc-search.json')).json();
      const w = new Worker(new URL(root.dataset.worker, document.baseURI), {type: 'module'});
      const got = {};
      w.onmessage = e => { got[e.data.re] = e.data; };
      const deadline = performance.now() + 15000;  // no loop without an end
      const until = async done => {
        while (!done()) {
          if (performance.now() > deadline) throw new Error('timeout');
          await new Promise(r => setTimeout(r, 20));
        }
      };
      w.postMessage({re: 0, type: 'open', options: {bundle, shards: info.shards, skip: info.skip,
                     entries: info.entries, ranking: {}, excerptLength: 24, separate: true}});
      await until(() => got[0]);
      for (const [id, query] of [[1, 'cai cach'], [2, 'dien bien']]) {
        w.postMessage({re: id, type: 'search', request: {id, query, key: null, filters: {}}});
      }
      await until(() => got[1] && got[2]);
      w.terminate();
      return [1, 2].map(re => [got[re].result && got[re].result.id,
                               got[re].result && got[re].result.hits.length]);
    }""")
    p.close()
    assert answers[0] == [None, None]  # given up: the result null
    assert answers[1][0] == 2 and answers[1][1] > 0


@pytest.mark.browser
def test_without_module_workers_the_page_searches_itself(browser, sharded_url):
    """An older browser that ignores `type: "module"` (Safari before 15): the worker fails to
    load, and one engine runs in the page over Pagefind's merged index, with the same answers."""
    p = browser.new_page(bypass_csp=True)
    p.add_init_script("""(() => {
      const W = window.Worker;
      window.Worker = function (url, options) { return new W(url); };  // a classic worker
    })()""")
    requests: list[str] = []
    p.context.on("request", lambda r: requests.append(urlsplit(r.url).path))
    p.goto(sharded_url + "gioi-thieu/", wait_until="load")
    found = {q: run_query(p, q) for q in ("cai cach", "107 kh ubnd", "Quokkadinh")}
    totals = p.text_content(".cchc-search__status")
    p.close()
    assert any(re.fullmatch(r"/assets/\w+/javascripts/cchc-search-engine\.js", u) for u in requests)
    assert "/pagefind/pagefind-worker.js" in requests  # Pagefind's own worker, merged index
    assert found["cai cach"] and "cải cách" in found["cai cach"][0]["title"].lower()
    assert found["107 kh ubnd"][0]["href"].endswith("/" + QUANG_NAM_PLAN)
    assert found["Quokkadinh"] == [] and "Không tìm thấy" in totals


@pytest.mark.browser
@pytest.mark.parametrize("native", [True, False])
def test_the_worker_hands_pagefind_its_files_inflated(browser, sharded_url, native):
    """Pagefind's files are gzip files (signed "pagefind_dcd" inside), which Pagefind inflates in
    JavaScript: the worker has the browser do it, where it can (DecompressionStream)."""
    p = browser.new_page()
    p.goto(sharded_url + "gioi-thieu/", wait_until="load")
    head = p.evaluate("""async native => {
      const root = document.querySelector('[data-cchc-search]');
      const worker = new URL(root.dataset.worker, document.baseURI).href;
      const bundle = new URL(root.dataset.pagefind, document.baseURI).pathname;
      const info = await (await fetch(bundle + 'cchc-search.json')).json();
      const lang = Object.values(info.entries[1].languages)[0];
      const file = new URL(bundle + info.shards[1] + 'pagefind.' + lang.hash + '.pf_meta',
                           document.baseURI).href;
      const src = (native ? '' : 'delete self.DecompressionStream;\\n') +
        `await import(${JSON.stringify(worker)});\\n` +
        `const r = await fetch(${JSON.stringify(file)});\\n` +
        'postMessage(Array.from(new Uint8Array(await r.arrayBuffer()).slice(0, 12)));';
      const url = URL.createObjectURL(new Blob([src], {type: 'text/javascript'}));
      const w = new Worker(url, {type: 'module'});
      const got = await new Promise((resolve, reject) => {
        w.onmessage = e => resolve(e.data);
        w.onerror = e => reject(new Error(e.message));
      });
      w.terminate();
      return got;
    }""", native)
    p.close()
    if native:
        assert bytes(head) == b"pagefind_dcd"
    else:  # passed on as fetched: Pagefind inflates it itself
        assert bytes(head[:2]) == b"\x1f\x8b"


@pytest.mark.browser
def test_search_works_where_the_browser_cannot_inflate(browser, sharded_url):
    p = browser.new_page(bypass_csp=True)

    def without_inflater(route):
        body = route.fetch().text()
        route.fulfill(body="delete self.DecompressionStream;\n" + body,
                      headers={"Content-Type": "text/javascript"})

    p.route("**/cchc-search-worker.js*", without_inflater)
    requests: list[str] = []
    p.context.on("request", lambda r: requests.append(urlsplit(r.url).path))
    p.goto(sharded_url + "gioi-thieu/", wait_until="load")
    found = run_query(p, "cai cach")
    p.close()
    assert found and "cải cách" in found[0]["title"].lower()
    assert "/pagefind/pagefind-worker.js" not in requests  # our workers searched, not the page


@pytest.mark.browser
def test_a_word_still_growing_waits_for_a_pause(browser, sharded_url):
    """"cải các" may be on its way to the common "cải cách": the box asks the workers only once
    the reader pauses (at least 120 ms), while "cải cách" is asked at once. When each query is
    asked is read from the page's messages to the workers."""
    p = browser.new_page(bypass_csp=True)
    p.add_init_script("""(() => {
      window.__asked = [];
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (m) {
        if (m && m.type === 'search') window.__asked.push([m.request.query, performance.now()]);
        return post.apply(this, arguments);
      };
    })()""")
    p.goto(sharded_url + "gioi-thieu/", wait_until="load")
    run_query(p, "dien bien")  # the index is open
    waited = p.evaluate("""async () => {
      const box = document.querySelector('#cchc-q');
      const asked = q => window.__asked.find(a => a[0] === q);
      const deadline = performance.now() + 15000;  // no loop without an end
      const tick = async () => {
        if (performance.now() > deadline) throw new Error('timeout');
        await new Promise(r => setTimeout(r, 5));
      };
      const waited = {};
      for (const q of ['cải các', 'cải cách']) {
        const start = performance.now();
        box.value = q;
        box.dispatchEvent(new Event('input'));
        while (!asked(q)) await tick();
        waited[q] = asked(q)[1] - start;
        while (document.querySelector('#cchc-search-results').dataset.query !== q) await tick();
      }
      return waited;
    }""")
    p.close()
    assert waited["cải các"] >= 110, waited
    assert waited["cải cách"] < waited["cải các"], waited


def test_pagefind_input_is_staged_in_memory_where_there_is_room(tmp_path, monkeypatch):
    """The copies Pagefind reads go to a folder in memory (removed with the indexer), the
    bundle beside the site; with too little memory free, everything stays on the disk."""
    memory = tmp_path / "shm"
    memory.mkdir()
    monkeypatch.setattr(search, "MEMORY_DIR", memory)
    monkeypatch.setattr(search, "MEMORY_NEEDED", 1)
    leftover = memory / f"{search._SCRATCH_PREFIX}999999999-x"  # a killed build's
    leftover.mkdir()
    with search.Indexer(workdir=tmp_path / "work") as indexer:
        indexer.add("a/index.html", "<main data-pagefind-body><p>trang</p></main>")
        assert indexer.input.parent == memory and indexer.base == tmp_path / "work"
        assert (indexer.input / "in" / "0.html").is_file()
        assert not leftover.exists()
        staged_in = indexer.input
    assert not staged_in.exists()
    monkeypatch.setattr(search, "MEMORY_NEEDED", 1 << 62)
    with search.Indexer(workdir=tmp_path / "work2") as indexer:
        assert indexer.input == indexer.base == tmp_path / "work2"


# -- the dictionary page: each word as Pagefind reads it ----------------------------------------

def _cbor_texts(data: bytes, at: int = 0, out: set[str] | None = None) -> tuple[int, set[str]]:
    """Every text string of a CBOR item (Pagefind's index chunks are CBOR): the words."""
    out = set() if out is None else out
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        arg = info
    else:
        size = 1 << (info - 24)
        arg, at = int.from_bytes(data[at:at + size], "big"), at + size
    if major in (2, 3):
        if major == 3:
            out.add(data[at:at + arg].decode("utf-8"))
        return at + arg, out
    if major in (4, 5):
        for _ in range(arg * (2 if major == 5 else 1)):
            at, _ = _cbor_texts(data, at, out)
    elif major == 6:
        at, _ = _cbor_texts(data, at, out)
    return at, out


def _pagefind_words(tmp_path: Path, name: str, text: str) -> set[str]:
    import gzip

    with search.Indexer() as indexer:
        indexer.add("a/index.html", f"<main data-pagefind-body>{text}</main>")
        indexer.build(tmp_path / name)
    words: set[str] = set()
    for chunk in (tmp_path / name / "pagefind" / "index").glob("*.pf_index"):
        data = gzip.decompress(chunk.read_bytes()).removeprefix(search.SIGNATURE)
        words |= _cbor_texts(data)[1]
    return words


def test_the_dictionary_holds_each_word_as_pagefind_reads_it(tmp_path):
    """A word of the dictionary page gives Pagefind the words the page's own word gives: ASCII
    punctuation dropped, Latin letters lowercased, the rest (Greek's final sigma, "İ", curly
    quotes, "_") as written — a shard that lacked one would answer with unrelated pages."""
    written = ["Thêm.", "(sửa", "0)", "107/KH-UBND.", "ĐOẠN", "“trích”", "…gì?", "a-b", "ll_",
               "nn&", "oo+", "ΣΟΦΟΣ", "İstanbul", "Straße", "ẞ", "Ánh,", "đ."]
    held = [search.dictionary_word(w) for w in written]
    assert held[:3] == ["thêm", "sửa", "0"] and "ΣΟΦΟΣ" in held and "İstanbul" in held
    assert _pagefind_words(tmp_path, "page", " ".join(written)) == \
        _pagefind_words(tmp_path, "dictionary", " ".join(held))
