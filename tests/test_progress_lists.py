"""A plan year's long tables (tasks of one status, quotas) show their first rows on the progress
and agency pages and are listed in full, paginated, on their own pages — so that no page grows
with the portal — while short tables stay whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cchc import pages, urls
from tests.support.portal import make_project

OPEN = 60  # not yet due: cut to PROGRESS_PREVIEW, listed on 3 pages of 25
QUOTAS = 30  # quotas of ubnd-xa-c: cut, 2 pages
DONE = 2 * pages.PROGRESS_PREVIEW  # done: just short enough to stay whole


def _plan() -> str:
    tasks = [f"  - task: Nhiệm vụ mở số {i:03d}\n    lead: ubnd-xa-c\n    due: Quý IV/2024\n"
             for i in range(OPEN)]
    tasks += [f"  - task: Nhiệm vụ xong số {i:03d}\n    lead: ubnd-huyen-b\n    due: Quý I/2024\n"
              f"    done: 2024-02-01\n" for i in range(DONE)]
    tasks += [f"  - task: Chỉ tiêu số {i:03d}\n    lead: ubnd-xa-c\n    quota: 2 tin/năm\n"
              for i in range(QUOTAS)]
    return ("---\nnumber: 20/KH-UBND\nkind: ke-hoach\ntitle: Tuyên truyền CCHC năm 2024\n"
            "agency: ubnd-huyen-b\nissued: 2024-01-10\ntasks:\n" + "".join(tasks)
            + "---\nKế hoạch.\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("progress-lists")
    project = make_project(root, {"plans/2024/ke-hoach.md": _plan()})
    project.cchc("build", "--today", "2024-06-30", check=True)
    return root / "site"


def _main(site: Path, url: str) -> str:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    return html[html.index("<main"):html.index("</main>")]


def _rows(html: str, word: str) -> list[str]:
    return re.findall(rf"{word} số (\d+)", html)


def test_year_page_shows_the_start_of_long_tables_and_links_the_rest(site: Path):
    html = _main(site, "tien-do/2024/")
    assert _rows(html, "Nhiệm vụ mở") == [f"{i:03d}" for i in range(pages.PROGRESS_PREVIEW)]
    assert f"Xem đủ {OPEN} nhiệm vụ chưa đến hạn năm 2024" in html
    assert 'href="chua-den-han/"' in html
    assert html.count('class="cchc-quota ') == pages.PROGRESS_PREVIEW
    assert f'href="{urls.QUOTA_LIST}/"' in html and f"Chỉ tiêu ({QUOTAS})" in html
    # A table of twice the preview or fewer rows is shown whole, with no page of its own.
    assert len(_rows(html, "Nhiệm vụ xong")) == DONE
    assert not (site / "tien-do/2024/hoan-thanh").exists()


def test_the_lists_hold_every_row_once_in_order_over_their_pages(site: Path):
    base = "tien-do/2024/chua-den-han/"
    lists = [_main(site, base), _main(site, base + "page/2/"), _main(site, base + "page/3/")]
    assert not (site / base / "page/4").exists()
    assert [n for html in lists for n in _rows(html, "Nhiệm vụ mở")] == \
        [f"{i:03d}" for i in range(OPEN)]
    assert len(_rows(lists[0], "Nhiệm vụ mở")) == pages.PROGRESS_LIST_SIZE
    assert "dòng 1–25 trong 60" in lists[0] and "dòng 51–60 trong 60" in lists[2]
    assert 'rel="next"' in lists[0] and 'rel="prev"' in lists[2]
    assert "<h1>Nhiệm vụ chưa đến hạn năm 2024 — trang 2</h1>" in lists[1]
    quotas = [_main(site, f"tien-do/2024/{urls.QUOTA_LIST}/"),
              _main(site, f"tien-do/2024/{urls.QUOTA_LIST}/page/2/")]
    assert sum(q.count('class="cchc-quota ') for q in quotas) == QUOTAS
    # Numbered on from one page to the next.
    assert [n for q in quotas for n in re.findall(r'data-label="STT">(\d+)<', q)] == \
        [str(i + 1) for i in range(QUOTAS)]


def test_agency_page_links_its_own_lists(site: Path):
    html = _main(site, "co-quan/ubnd-xa-c/")
    # The tasks assigned (every year) and those of 2024 by status: the first rows of each.
    assigned = html[html.index('id="nhiem-vu"'):html.index('id="van-ban"')]
    assert len(_rows(assigned, "Nhiệm vụ mở")) == pages.PROGRESS_PREVIEW
    assert f"{pages.PROGRESS_PREVIEW} trong {OPEN + QUOTAS} nhiệm vụ" in assigned
    assert 'href="#tien-do"' in assigned
    progress = html[html.index('id="tien-do"'):html.index('id="nhiem-vu"')]
    assert len(_rows(progress, "Nhiệm vụ mở")) == pages.PROGRESS_PREVIEW
    assert 'href="tien-do/2024/chua-den-han/"' in progress
    own = _main(site, "co-quan/ubnd-xa-c/tien-do/2024/chua-den-han/")
    assert "Nhiệm vụ chưa đến hạn năm 2024 của UBND xã C" in own
    assert len(_rows(own, "Nhiệm vụ mở")) == pages.PROGRESS_LIST_SIZE
    full = (site / "co-quan/ubnd-xa-c/tien-do/2024/chua-den-han/index.html").read_text("utf-8")
    crumbs = full[full.index('class="cchc-crumbs'):full.index("<main")]
    assert '<a href="../../../">UBND xã C</a>' in crumbs  # back to the agency's page
    # ubnd-huyen-b leads only the done tasks: short, so no list of its own.
    assert not (site / "co-quan/ubnd-huyen-b/tien-do").exists()


def test_lists_are_in_the_sitemap(site: Path):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("tien-do/2024/chua-den-han/", "tien-do/2024/chua-den-han/page/3/",
                f"tien-do/2024/{urls.QUOTA_LIST}/", "co-quan/ubnd-xa-c/tien-do/2024/chua-den-han/"):
        assert f"/{url}</loc>" in sitemap
