"""Public consultation on drafts (SPEC §9, issue 20): a document with `consultation` shows a
banner on its page (open: days left on `--today`, how to comment; closed: since when, and the
drafting agency's report on the comments), is listed on /lay-y-kien/ (open first) and in
/lay-y-kien/feed.xml, heads the home page while open, and its tasks are not tracked."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from lxml import html as lxml_html

from tests.support.portal import DOC, make_project

DRAFT = """\
---
kind: ke-hoach
title: Tuyên truyền cải cách hành chính năm 2025
agency: ubnd-huyen-b
year: 2025
consultation:
  from: 2024-12-20
  to: 2025-01-10
  contact: Phòng Nội vụ huyện B, thư điện tử noivu@huyen-b.example.gov.vn
tasks:
  - task: Viết tin bài về CCHC
    lead: ubnd-xa-c
    due: Quý I/2024
    quota: mỗi quý 3 tin
---
Dự thảo kế hoạch.
"""

REPORT = """\
---
kind: bao-cao
title: Tổng hợp, tiếp thu ý kiến góp ý dự thảo kế hoạch tuyên truyền năm 2025
agency: ubnd-huyen-b
issued: 2025-01-20
refs:
  - {id: 2025/du-thao, relation: bao-cao}
---
Báo cáo tiếp thu ý kiến.
"""

OTHER = """\
---
kind: ke-hoach
title: Chuyển đổi số năm 2025
agency: so-noi-vu-a
year: 2025
consultation: {from: 2024-12-01, to: 2024-12-31, contact: "https://gopy.tinh-a.example.gov.vn/du-thao"}
---
Dự thảo thứ hai.
"""

DRAFT_URL = "van-ban/2025/du-thao/"


def page(site: Path, url: str):
    return lxml_html.fromstring((site / url / "index.html").read_bytes())


def text(el) -> str:
    return " ".join(el.text_content().split())


def build(tmp: Path, today: str, files: dict[str, str]) -> Path:
    project = make_project(tmp, files)
    project.cchc("build", "--today", today, check=True)
    return project.root / "site"


FILES = {"plans/2025/du-thao.md": DRAFT, "plans/2025/khac.md": OTHER,
         "plans/2024/15.md": DOC}


@pytest.fixture(scope="module")
def open_site(tmp_path_factory) -> Path:
    """Built on 31/12/2024: the first draft open (10 days left), the second on its last day."""
    return build(tmp_path_factory.mktemp("open") / "p", "2024-12-31", FILES)


@pytest.fixture(scope="module")
def closed_site(tmp_path_factory) -> Path:
    """Built on 01/02/2025: both closed; the drafting agency reported on the first."""
    return build(tmp_path_factory.mktemp("closed") / "p", "2025-02-01",
                 {**FILES, "plans/2025/tiep-thu.md": REPORT})


def test_an_open_draft_says_how_long_and_how_to_comment(open_site):
    doc = page(open_site, DRAFT_URL)
    banner = doc.xpath("//section[contains(@class,'cchc-banner--consultation')]")[0]
    assert "cchc-banner--dang-lay-y-kien" in banner.get("class")
    said = text(banner)
    assert "Dự thảo đang lấy ý kiến nhân dân" in said
    assert "từ ngày 20/12/2024 đến hết ngày 10/01/2025" in said
    assert "còn 10 ngày" in said
    assert banner.xpath(".//a[@href='mailto:noivu@huyen-b.example.gov.vn']")
    assert text(doc.xpath("//h1")[0]) == "Tuyên truyền cải cách hành chính năm 2025"
    assert "Dự thảo" in text(doc.xpath("//p[@class='cchc-page-head__kicker']")[0])
    # Its feed is linked from its page.
    assert doc.xpath("//link[@rel='alternate'][@href='../../../lay-y-kien/feed.xml']")


def test_the_last_day_is_still_open(open_site):
    banner = page(open_site, "van-ban/2025/khac/").xpath(
        "//section[contains(@class,'cchc-banner--consultation')]")[0]
    assert "hôm nay là ngày cuối cùng" in text(banner)
    link = banner.xpath(".//a[starts-with(@href,'https://gopy.tinh-a')]")[0]
    assert link.get("href") == "https://gopy.tinh-a.example.gov.vn/du-thao"


def test_a_closed_draft_says_since_when_and_links_the_report(closed_site):
    banner = page(closed_site, DRAFT_URL).xpath(
        "//section[contains(@class,'cchc-banner--consultation')]")[0]
    said = text(banner)
    assert "Đã hết thời gian lấy ý kiến" in said
    assert "từ ngày 11/01/2025 không nhận thêm ý kiến" in said
    assert "còn" not in said
    report = banner.xpath(".//a[contains(@href,'tiep-thu')]")[0]
    assert "Tổng hợp, tiếp thu ý kiến" in text(report)
    # The second draft has no report yet: the banner says so.
    other = page(closed_site, "van-ban/2025/khac/")
    assert "chưa đăng báo cáo tổng hợp" in text(other.xpath("//section[contains(@class,"
                                                           "'cchc-banner--consultation')]")[0])


def test_a_draft_before_its_window_is_announced(tmp_path):
    site = build(tmp_path / "p", "2024-12-10", FILES)
    banner = page(site, DRAFT_URL).xpath(
        "//section[contains(@class,'cchc-banner--consultation')]")[0]
    assert "Dự thảo sắp lấy ý kiến nhân dân" in text(banner)
    listing = page(site, "lay-y-kien/")
    sections = [text(h) for h in listing.xpath("//main//h2")]
    assert sections == ["Đang lấy ý kiến (1)", "Sắp lấy ý kiến (1)",
                        "Đã hết thời gian lấy ý kiến (0)"]


def test_the_list_puts_open_drafts_first_closing_soonest_first(open_site, closed_site):
    listing = page(open_site, "lay-y-kien/")
    opened = listing.xpath("//section[@aria-labelledby='dang-lay-y-kien']//h3/a")
    # Both open on 31/12/2024: the one closing that day first.
    assert [a.get("href") for a in opened] == ["../van-ban/2025/khac/", "../van-ban/2025/du-thao/"]
    assert "còn 10 ngày" in text(listing)
    closed = page(closed_site, "lay-y-kien/")
    assert closed.xpath("//section[@aria-labelledby='dang-lay-y-kien']//p[@class='cchc-empty']")
    done = closed.xpath("//section[@aria-labelledby='da-het-han']//li")
    assert len(done) == 2
    assert "Kết quả tiếp thu ý kiến" in text(done[0])  # closed last first: du-thao (10/01)


def test_the_home_page_shows_open_drafts_only_while_open(open_site, closed_site):
    home = page(open_site, "")
    block = home.xpath("//section[@aria-labelledby='lay-y-kien']")
    assert block and len(block[0].xpath(".//li")) == 2
    assert not page(closed_site, "").xpath("//section[@aria-labelledby='lay-y-kien']")


def test_the_feed_lists_drafts_with_their_window(open_site):
    parsed = feedparser.parse((open_site / "lay-y-kien/feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title.endswith("Lấy ý kiến dự thảo")
    assert [e.link for e in parsed.entries] == [
        "https://example.gov.vn/cchc/van-ban/2025/du-thao/",
        "https://example.gov.vn/cchc/van-ban/2025/khac/"]  # opened 20/12, then 01/12
    first = parsed.entries[0]
    assert first.title.startswith("Dự thảo kế hoạch: ")
    assert "từ ngày 20/12/2024 đến hết ngày 10/01/2025" in first.summary
    assert first.published.startswith("Fri, 20 Dec 2024 00:00:00 +0700"), first.published


def test_a_draft_is_not_tracked_as_a_late_plan(open_site):
    """Its tasks are proposals: not on /tien-do/, not overdue, not assigned to anyone."""
    progress = (open_site / "tien-do/index.html").read_text(encoding="utf-8")
    assert "Viết tin bài về CCHC" not in progress
    doc = page(open_site, DRAFT_URL)
    tasks = doc.xpath("//section[@aria-labelledby='phan-cong']")[0]
    assert "Phân công nhiệm vụ (dự kiến)" in text(tasks)
    assert "chưa được theo dõi tiến độ" in text(tasks)
    assert not tasks.xpath(".//*[contains(@class,'cchc-status--qua-han')]")
    assert "Tình trạng" not in [text(th) for th in tasks.xpath(".//th")]
    agency = (open_site / "co-quan/ubnd-xa-c/index.html").read_text(encoding="utf-8")
    assert "Viết tin bài về CCHC" not in agency


def test_the_demo_carries_one_open_and_one_closed_consultation(demo_site):
    """The demo at the tests' date, 31/12/2024 (`make site` builds it on the real date, when
    the 2027 draft of phường Kiến Tường is the open one)."""
    listing = page(demo_site, "lay-y-kien/")
    opened = listing.xpath("//section[@aria-labelledby='dang-lay-y-kien']//li")
    closed = listing.xpath("//section[@aria-labelledby='da-het-han']//li")
    assert len(opened) == 1 and "năm 2025 trên địa bàn thị xã Kiến Tường" in text(opened[0])
    assert "còn 10 ngày" in text(opened[0])
    assert len(closed) == 1 and "tỉnh Quảng Trị năm 2022" in text(closed[0])
    assert "Tổng hợp, tiếp thu, giải trình ý kiến" in text(closed[0])
    draft = page(demo_site, "van-ban/2022/du-thao-ke-hoach-tuyen-truyen-cchc-2022-quang-tri/")
    assert "Đã hết thời gian lấy ý kiến" in text(draft)
    # Seed 004's draft is no longer tracked as an overdue plan.
    progress = (demo_site / "tien-do/2022/index.html").read_text(encoding="utf-8")
    assert "du-thao-ke-hoach-tuyen-truyen-cchc-2022-quang-tri" not in progress


@pytest.mark.parametrize(("consultation", "code"), [
    ("{from: 2025-01-10, to: 2024-12-20, contact: Phòng Nội vụ}", "consultation-dates"),
    ("{from: 2024-12-20, to: 2025-01-10}", "missing-field"),
    ("{from: 2024-12-20, to: 2025-01-10, contact: X, den: 2025-01-11}", "unknown-key"),
    ("2024-12-20", "invalid-type"),
    ("{from: 2024-12-32, to: 2025-01-10, contact: X}", "invalid-date"),
])
def test_a_wrong_consultation_is_an_error_at_its_line(project, consultation, code):
    text_ = DRAFT.replace("""consultation:
  from: 2024-12-20
  to: 2025-01-10
  contact: Phòng Nội vụ huyện B, thư điện tử noivu@huyen-b.example.gov.vn
""", f"consultation: {consultation}\n")
    p = project({"plans/2025/du-thao.md": text_})
    rc, items = p.diagnostics()
    assert rc == 1
    hit = [d for d in items if d["code"] == code]
    assert hit, items
    assert hit[0]["path"] == "plans/2025/du-thao.md" and hit[0]["line"] == 6
    assert hit[0]["hint"]


def test_a_report_naming_an_unknown_draft_id_is_an_error(project):
    p = project({"plans/2025/du-thao.md": DRAFT,
                 "plans/2025/tiep-thu.md": REPORT.replace("2025/du-thao,", "2025/du-thao-cu,")})
    rc, items = p.diagnostics()
    hit = [d for d in items if d["code"] == "unknown-ref-id"]
    assert rc == 1 and hit and hit[0]["line"] == 7
    assert "Có phải `2025/du-thao`?" in hit[0]["message"]  # the close match is suggested
