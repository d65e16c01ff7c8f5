"""Quota and deadline tracking (/tien-do/, agency pages, home page) with a fixed `--today`.

One fixture portal holds every case: a quarterly quota met in Q1 and missed in Q2, a yearly
quota 5/12 mid-year, a monthly quota, a lead dissolved mid-year, a draft, a news item of a
support agency, a news item written in UTC near midnight. It is built once through the real
`cchc build`; the core is also checked directly through the real loader.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from cchc import tracking
from cchc.periods import Period, parse_due, parse_quota
from cchc.project import load_portal
from cchc.settings import read as settings_for
from tests.support.portal import Project
from tests.support.tracking import TODAY, make_tracking_portal


@pytest.fixture(scope="module")
def portal_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_tracking_portal(tmp_path_factory.mktemp("tracking") / "portal").root


@pytest.fixture(scope="module")
def built(portal_root: Path) -> Path:
    Project(portal_root).cchc("build", "--today", TODAY, check=True)
    return portal_root / "site"


@pytest.fixture(scope="module")
def catalog(portal_root: Path):
    portal = load_portal(settings_for(portal_root, today=TODAY))
    assert portal.ok, portal.report.sorted()
    return portal.catalog


def _rows(catalog, **kw) -> dict[str, tracking.QuotaRow]:
    return {r.lead.id: r for r in tracking.quota_rows(catalog, date.fromisoformat(TODAY), **kw)
            if r.year == 2024}


def _statuses(row: tracking.QuotaRow) -> list[tuple[str, str, str]]:
    return [(p.period.label, p.label, p.status) for p in row.periods]


# -- parsing (periods.py) -------------------------------------------------------------------

@pytest.mark.parametrize("text, count, per", [
    ("12 tin/năm", 12, "year"),
    ("4 tin/quý", 4, "quarter"),
    ("3 tin/tháng", 3, "month"),
    ("mỗi quý 1 tin", 1, "quarter"),
    ("Mỗi tháng 1 tin", 1, "month"),
    ("ít nhất 4 tin bài/tháng", 4, "month"),
    ("Số lượng: 12tin/năm", 12, "year"),
    ("(Số lượng: ít nhất 01 tin/năm)", 1, "year"),
    ("Số lượng: 4tin/năm", 4, "year"),
    ("12 tin / năm", 12, "year"),
])
def test_quota_forms(text, count, per):
    q = parse_quota(text)
    assert q is not None and (q.count, q.per) == (count, per)


@pytest.mark.parametrize("text", ["4 tiểu phẩm/năm", "vài tin mỗi khi rảnh", "0 tin/năm", ""])
def test_quota_not_understood(text):
    assert parse_quota(text) is None


@pytest.mark.parametrize("value, kind, deadline", [
    ("Thường xuyên", "regular", None),
    ("Quý I/2024", "period", date(2024, 3, 31)),
    ("Quý IV/2024", "period", date(2024, 12, 31)),
    ("6 tháng/2024", "period", date(2024, 6, 30)),
    (date(2024, 12, 10), "date", date(2024, 12, 10)),
    ("2024-12-10", "date", date(2024, 12, 10)),
    ("trước ngày 10/12/2024", "date", date(2024, 12, 10)),
    ("Khi có KH của thị xã", "text", None),
])
def test_due_forms(value, kind, deadline):
    due = parse_due(value)
    assert (due.kind, due.deadline) == (kind, deadline)
    if kind == "text":
        assert due.label == value


# -- the core, through the real loader ------------------------------------------------------

def test_quarterly_met_then_missed(catalog):
    row = _rows(catalog)["ubnd-xa-c"]
    assert _statuses(row) == [
        ("Quý I/2024", "1/1", "đạt"),
        ("Quý II/2024", "0/1", "chưa đạt"),  # the draft and the support agency's item: no
        ("Quý III/2024", "0/1", "đang thực hiện"),
        ("Quý IV/2024", "0/1", "chưa đến hạn"),
    ]
    assert (row.label, row.status) == ("1/4", "chưa đạt")


def test_yearly_quota_in_progress(catalog):
    row = _rows(catalog)["so-noi-vu-a"]
    assert _statuses(row) == [("Năm 2024", "5/12", "đang thực hiện")]
    assert (row.label, row.status, row.quota.label) == ("5/12", "đang thực hiện", "12 tin/năm")


def test_monthly_quota_counts_per_month(catalog):
    row = _rows(catalog)["ubnd-huyen-b"]
    got = _statuses(row)
    assert len(got) == 12
    assert got[0] == ("Tháng 1/2024", "2/2", "đạt")
    assert got[1] == ("Tháng 2/2024", "1/2", "chưa đạt")  # 2024-01-31T20:00Z is 1/2 in Vietnam
    assert got[2] == ("Tháng 3/2024", "0/2", "chưa đạt")
    assert got[6] == ("Tháng 7/2024", "2/2", "đạt")  # current month, target already reached
    assert got[7] == ("Tháng 8/2024", "0/2", "chưa đến hạn")
    assert (row.total, row.target) == (5, 24)


def test_dissolved_lead_stops_being_tracked(catalog):
    row = _rows(catalog)["ubnd-xa-d"]
    assert _statuses(row) == [
        ("Quý I/2024", "1/1", "đạt"),
        ("Quý II/2024", "0/1", "chưa đạt"),
        ("Quý III/2024", "0/1", "không theo dõi"),
        ("Quý IV/2024", "0/1", "không theo dõi"),
    ]
    assert (row.label, row.untracked_from) == ("1/2", date(2024, 7, 1))
    deadlines = tracking.deadline_rows(catalog, date.fromisoformat(TODAY))
    assert all(d.task.lead != "ubnd-xa-d" for d in deadlines)


def test_status_rules():
    q1 = Period("quarter", 2024, 1)
    today = date(2024, 2, 1)
    assert tracking.period_status(q1, 0, 1, today) == "đang thực hiện"
    assert tracking.period_status(q1, 1, 1, today) == "đạt"
    assert tracking.period_status(q1, 0, 1, date(2024, 3, 31)) == "đang thực hiện"
    assert tracking.period_status(q1, 0, 1, date(2024, 4, 1)) == "chưa đạt"
    assert tracking.period_status(q1, 5, 1, date(2023, 12, 31)) == "chưa đến hạn"
    assert tracking.period_status(q1, 1, 1, today, dissolved=date(2024, 1, 1)) == "không theo dõi"
    assert tracking.period_status(q1, 1, 1, today, dissolved=date(2024, 1, 2)) == "đạt"


def test_filters_and_plan_years(catalog):
    today = date.fromisoformat(TODAY)
    assert [r.year for r in tracking.quota_rows(catalog, today)] == [2024] * 4 + [2023]
    only = tracking.quota_rows(catalog, today, year=2023, agency="ubnd-xa-c")
    assert [(r.year, r.label, r.status) for r in only] == [(2023, "1/1", "đạt")]
    assert tracking.quota_rows(catalog, today, agency="ubnd-tinh-a") == []


def test_deadline_groups(catalog):
    groups = tracking.deadline_groups(catalog, date.fromisoformat(TODAY))
    names = {g: [r.task.task for r in rows] for g, rows in groups.items()}
    assert names == {
        "qua-han": ["Sơ kết 6 tháng công tác tuyên truyền",  # most recent first
                    "Xây dựng kế hoạch tuyên truyền của huyện"],
        "sap-den-han": ["Gửi kết quả tuyên truyền để chấm điểm CCHC"],  # 10/08: 26 days
        "con-lai": ["Báo cáo kết quả tuyên truyền năm 2024"],
    }
    assert groups["sap-den-han"][0].days == 26


def test_news_index_scales_with_bisect():
    from datetime import datetime, timedelta, timezone

    from cchc.model import NewsItem
    tz = timezone(timedelta(hours=7))
    items = [NewsItem(f"2024/n{i}", "t", datetime(2024, 1, 1, tzinfo=tz) + timedelta(hours=i),
                      f"a{i % 50}", f"n{i}") for i in range(10_000)]
    index = tracking.NewsIndex(items)
    assert sum(index.count(f"a{k}", date(2024, 1, 1), date(2025, 12, 31)) for k in range(50)) \
        == 10_000
    assert index.count("a0", date(2024, 1, 1), date(2024, 1, 1)) == 1  # hours 0 (and 50 → 3/1)


# -- the built site --------------------------------------------------------------------------

def _section(html: str, start: str, end: str) -> str:
    i = html.index(start)
    j = html.index(end, i)
    return html[i:j]


def _row_html(html: str, task: str) -> str:
    i = html.index(task)
    return html[html.rindex("<tr", 0, i): html.index("</tr>", i)]


def test_progress_page(built: Path):
    html = (built / "tien-do" / "index.html").read_text(encoding="utf-8")
    assert "Tính đến ngày <time datetime=\"2024-07-15\">15/07/2024</time>" in html
    assert html.index('id="nam-2024"') < html.index('id="nam-2023"')
    xa_c = _row_html(html, "Viết tin bài về CCHC của xã C")
    assert 'aria-label="Quý I/2024: 1/1 tin, đạt"' in xa_c
    assert 'aria-label="Quý II/2024: 0/1 tin, chưa đạt"' in xa_c
    assert 'aria-label="Quý III/2024: 0/1 tin, đang thực hiện"' in xa_c
    assert 'aria-label="Quý IV/2024: 0/1 tin, chưa đến hạn"' in xa_c
    assert '<progress class="cchc-progress' in xa_c and 'max="1"' in xa_c
    assert '<span class="cchc-status cchc-status--chua-dat">chưa đạt</span>' in xa_c
    assert "UBND xã C</a>" in xa_c and "mỗi quý 1 tin" in xa_c

    snv = _row_html(html, "Viết tin bài về CCHC của Sở Nội vụ")
    assert "12 tin/năm" in snv and "<span>5/12</span>" in snv
    assert 'aria-label="Năm 2024: 5/12 tin, đang thực hiện"' in snv
    assert 'max="12" value="5"' in snv and "style=" not in snv

    huyen = _row_html(html, "Viết tin bài về CCHC của huyện")
    assert len(re.findall(r'class="cchc-period ', huyen)) == 12
    assert 'aria-label="Tháng 2/2024: 1/2 tin, chưa đạt"' in huyen

    xa_d = _row_html(html, "Viết tin bài về CCHC của xã D")
    assert 'aria-label="Quý III/2024: 0/1 tin, không theo dõi"' in xa_d
    assert "Không theo dõi từ 01/07/2024" in xa_d and "<span>1/2</span>" in xa_d

    deadlines = _section(html, 'id="thoi-han-2024"', 'id="nam-2023"')
    soon = _section(deadlines, 'id="sap-den-han-2024"', 'id="con-lai-2024"')
    assert "Sắp đến hạn (1)" in soon and "Gửi kết quả tuyên truyền để chấm điểm CCHC" in soon
    assert "còn 26 ngày" in soon
    overdue = _section(deadlines, 'id="qua-han-2024"', 'id="sap-den-han-2024"')
    assert "Quá hạn (2)" in overdue and "quá 15 ngày" in overdue  # 30/06 → 15/07
    assert "Tham gia hội thi sáng kiến CCHC" not in deadlines  # free-text deadline
    assert "Báo cáo kết quả tuyên truyền của xã D" not in deadlines  # lead dissolved


def test_progress_in_navigation(built: Path):
    html = (built / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="tien-do/"[^>]*>\s*(?:<[^>]+>\s*)*Tiến độ', html)


def test_agency_page_shows_its_own_rows(built: Path):
    html = (built / "co-quan" / "ubnd-xa-c" / "index.html").read_text(encoding="utf-8")
    section = _section(html, 'id="tien-do"', 'id="nhiem-vu"')
    assert "Tiến độ chỉ tiêu" in section
    assert "Viết tin bài về CCHC của xã C" in section
    assert "Viết tin bài về CCHC năm 2023" in section
    assert "Sở Nội vụ" not in section  # only its own rows (the support role is not a quota)
    other = (built / "co-quan" / "ubnd-tinh-a" / "index.html").read_text(encoding="utf-8")
    assert 'id="tien-do"' not in other


def test_home_page_shows_open_deadlines(built: Path):
    html = (built / "index.html").read_text(encoding="utf-8")
    section = html[html.index('id="sap-den-han"'):]
    assert "Gửi kết quả tuyên truyền để chấm điểm CCHC" in section
    assert "Báo cáo kết quả tuyên truyền năm 2024" in section
    assert "Sơ kết 6 tháng công tác tuyên truyền" not in section  # overdue
    assert "Báo cáo kết quả tuyên truyền của xã D" not in section  # lead dissolved
    assert section.index("Gửi kết quả") < section.index("Báo cáo kết quả tuyên truyền năm")


# -- the demo portal ------------------------------------------------------------------------

def test_demo_progress_page(demo_site: Path):
    html = (demo_site / "tien-do" / "index.html").read_text(encoding="utf-8")
    ttvh = _row_html(html, "Viết tin bài về CCHC năm 2024 (mỗi tháng 1 tin)")
    assert "Trung tâm VH-TT và TT thị xã" in ttvh and "12 tin/năm" in ttvh
    m = re.search(r"<span>(\d+)/12</span>", ttvh)
    assert m and 0 < int(m.group(1)) < 12
    assert f'aria-label="Năm 2024: {m.group(1)}/12 tin, đang thực hiện"' in ttvh

    phuong_1 = _row_html(html, "ubnd-phuong-1-kien-tuong/")
    assert "1 tin/quý" in phuong_1 and "mỗi quý 1 tin" in phuong_1
    assert len(re.findall(r'aria-label="Quý (?:I|II|III|IV)/2024: 1/1 tin, đạt"', phuong_1)) == 4

    agency = (demo_site / "co-quan" / "trung-tam-vhtttt-kien-tuong" / "index.html").read_text(
        encoding="utf-8")
    assert "Tiến độ chỉ tiêu" in agency and f"<span>{m.group(1)}/12</span>" in agency
