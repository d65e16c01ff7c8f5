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


@pytest.mark.parametrize("text, count, per, fmt, label", [
    ("4 tiểu phẩm/năm", 4, "year", "tieu-pham", "4 tiểu phẩm/năm"),
    ("1 phóng sự/quý", 1, "quarter", "phong-su", "1 phóng sự/quý"),
    ("mỗi tuần 1 chương trình phát thanh", 1, "week", "phat-thanh",
     "1 chương trình phát thanh/tuần"),
    ("Mỗi quý 1 tiểu phẩm", 1, "quarter", "tieu-pham", "1 tiểu phẩm/quý"),
    ("2 video/năm", 2, "year", "video", "2 video/năm"),
    ("ít nhất 4 tin bài/tháng", 4, "month", "tin", "4 tin/tháng"),
])
def test_product_quotas(text, count, per, fmt, label):
    q = parse_quota(text)
    assert q is not None and (q.count, q.per, q.format, q.label) == (count, per, fmt, label)


@pytest.mark.parametrize("text", ["vài tin mỗi khi rảnh", "0 tin/năm", "", "3 pano/năm"])
def test_quota_not_understood(text):
    assert parse_quota(text) is None


def test_unknown_product_is_named():
    from cchc.periods import unknown_product
    assert unknown_product("3 pano/năm") == "pano"
    assert unknown_product("mỗi quý 2 hội nghị") == "hội nghị"
    assert unknown_product("4 tiểu phẩm/năm") is None and unknown_product("vài tin") is None


def test_weeks_are_iso_weeks():
    assert [p.label for p in tracking.periods_of(parse_quota("mỗi tuần 1 tin"), 2024)][:2] == \
        ["Tuần 1/2024", "Tuần 2/2024"]
    assert len(tracking.periods_of(parse_quota("mỗi tuần 1 tin"), 2020)) == 53
    assert Period("week", 2024, 1).start == date(2024, 1, 1)
    assert Period("week", 2024, 52).end == date(2024, 12, 29)


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
    assert row.status_text == "chưa đạt — thiếu Quý II: 0/1"


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
    assert (row.published, row.credited, row.target) == (5, 5, 24)
    assert row.missing_label == ("thiếu Tháng 2: 1/2, Tháng 3: 0/2, Tháng 4: 0/2, Tháng 5: 0/2, "
                                 "Tháng 6: 0/2")


def test_dissolved_lead_stops_being_tracked(catalog):
    row = _rows(catalog)["ubnd-xa-d"]
    assert _statuses(row) == [
        ("Quý I/2024", "1/1", "đạt"),
        ("Quý II/2024", "0/1", "chưa đạt"),
        ("Quý III/2024", "0/1", "không theo dõi"),
        ("Quý IV/2024", "0/1", "không theo dõi"),
    ]
    assert (row.label, row.untracked_from) == ("1/2", date(2024, 7, 1))
    states = tracking.track(catalog, date.fromisoformat(TODAY)).states.values()
    assert {s.status for s in states if s.task.lead == "ubnd-xa-d"} == {"không theo dõi"}


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


def test_task_statuses_of_the_fixture(catalog):
    t = tracking.track(catalog, date.fromisoformat(TODAY))
    by_task = {s.task.task: s for s in t.states.values()}
    assert by_task["Xây dựng kế hoạch tuyên truyền của huyện"].status == "quá hạn"
    assert by_task["Sơ kết 6 tháng công tác tuyên truyền"].relative == "quá 15 ngày"  # 30/06
    soon = by_task["Gửi kết quả tuyên truyền để chấm điểm CCHC"]
    assert (soon.status, soon.relative, soon.soon) == ("đang thực hiện", "còn 26 ngày", True)
    assert by_task["Báo cáo kết quả tuyên truyền năm 2024"].status == "chưa đến hạn"
    assert by_task["Tham gia hội thi sáng kiến CCHC"].status == "đang thực hiện"  # free text
    assert by_task["Viết tin bài về CCHC năm 2023"].status == "hoàn thành"  # quota met
    assert by_task["Viết tin bài về CCHC năm 2023"].done_on == date(2023, 6, 1)
    assert [s.task.task for s in t.open_deadlines] == [
        "Gửi kết quả tuyên truyền để chấm điểm CCHC", "Báo cáo kết quả tuyên truyền năm 2024"]


def test_news_index_scales_with_bisect():
    from datetime import datetime, timedelta, timezone

    from cchc.model import NewsItem
    tz = timezone(timedelta(hours=7))
    items = [NewsItem(f"2024/n{i}", "t", datetime(2024, 1, 1, tzinfo=tz) + timedelta(hours=i),
                      f"a{i % 50}", f"n{i}") for i in range(10_000)]
    index = tracking.NewsIndex(items)
    days = [index.days_of(f"a{k}", {"tin", "bai"}) for k in range(50)]
    assert sum(len(d) for d in days) == 10_000 and all(d == sorted(d) for d in days)
    assert days[0][:2] == [date(2024, 1, 1), date(2024, 1, 3)]  # hours 0 and 50


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
    assert 'style="' not in html[html.index("<article"):html.index("</article>")]
    xa_c = _row_html(html, "Viết tin bài về CCHC của xã C")
    assert "Quý II/2024 0/1 chưa đạt" not in xa_c  # the chart's title uses the short names
    assert "<title" in xa_c and "1 tin/quý: Quý I 1/1 đạt; Quý II 0/1 chưa đạt; Quý III 0/1 " \
        "đang thực hiện; Quý IV 0/1 chưa đến hạn." in xa_c
    assert '<meter class="cchc-meter" min="0" max="4" value="1"' in xa_c
    assert 'aria-label="Cả năm: 1/4, chưa đạt — thiếu Quý II: 0/1"' in xa_c
    assert '<span class="cchc-status cchc-status--chua-dat">chưa đạt</span>' in xa_c
    assert "thiếu Quý II: 0/1" in xa_c
    assert "UBND xã C</a>" in xa_c and "mỗi quý 1 tin" in xa_c

    snv = _row_html(html, "Viết tin bài về CCHC của Sở Nội vụ")
    assert "12 tin/năm" in snv and "<span>5/12</span>" in snv

    huyen = _row_html(html, "Viết tin bài về CCHC của huyện")
    assert len(re.findall(r'class="cchc-period ', huyen)) == 12
    assert len(re.findall(r"<rect ", huyen)) == 12  # one bar a month

    xa_d = _row_html(html, "Viết tin bài về CCHC của xã D")
    assert "Quý III 0/1 không theo dõi" in xa_d
    assert "Không theo dõi từ 01/07/2024" in xa_d and "<span>1/2</span>" in xa_d

    year = _section(html, 'id="nam-2024"', 'id="nam-2023"')
    assert "Năm 2024: 8 nhiệm vụ được theo dõi — 5 đang thực hiện, 1 chưa đến hạn, 2 quá hạn." \
        in year
    overdue = _section(year, 'id="qua-han-2024"', 'id="dang-thuc-hien-2024"')
    assert "Quá hạn (2)" in overdue and "quá 15 ngày" in overdue  # 30/06 → 15/07
    running = _section(year, 'id="dang-thuc-hien-2024"', 'id="chua-den-han-2024"')
    assert "Gửi kết quả tuyên truyền để chấm điểm CCHC" in running and "còn 26 ngày" in running
    assert "Tham gia hội thi sáng kiến CCHC" in running  # free text: the plan year
    gone = year[year.index('id="khong-theo-doi-2024"'):]
    assert "Báo cáo kết quả tuyên truyền của xã D" in gone  # lead dissolved


def test_chart_has_the_numbers_in_a_table(built: Path):
    html = (built / "tien-do" / "2024" / "index.html").read_text(encoding="utf-8")
    fig = _section(html, '<figure class="cchc-chart', "</figure>")
    assert '<svg viewBox="0 0 100 6"' in fig and 'role="img"' in fig
    assert re.search(r'<title id="bieu-do-2024-title">Năm 2024: 8 nhiệm vụ', fig)
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="0" width="([\d.]+)"', fig)]
    assert widths == [62.5, 12.5, 25.0]  # 5, 1 and 2 of 8
    assert '<th scope="row">' in fig and re.search(r"quá hạn</th><td class=\"cchc-num\">2<", fig)


def test_progress_in_navigation(built: Path):
    html = (built / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="tien-do/"[^>]*>\s*(?:<[^>]+>\s*)*Tiến độ', html)


def test_agency_page_shows_its_own_rows(built: Path):
    html = (built / "co-quan" / "ubnd-xa-c" / "index.html").read_text(encoding="utf-8")
    section = _section(html, 'id="tien-do"', 'id="tin-bai"')
    assert "Tiến độ thực hiện" in section and 'id="tien-do-2024"' in section
    assert "Viết tin bài về CCHC của xã C" in section
    assert "Viết tin bài về CCHC năm 2023" in section
    quotas = _section(section, 'id="cq-chi-tieu-2024"', 'id="cq-')
    assert "Sở Nội vụ" not in quotas  # only its own quotas (the support role is not a quota)
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
    html = (demo_site / "tien-do" / "2024" / "index.html").read_text(encoding="utf-8")
    ttvh = _row_html(html, "Viết tin bài về CCHC năm 2024 (mỗi tháng 1 tin)<br>")
    assert "Trung tâm VH-TT và TT thị xã" in ttvh and "12 tin/năm" in ttvh
    m = re.search(r"<span>(\d+)/12</span>", ttvh)
    assert m and 0 < int(m.group(1)) < 12

    phuong_1 = _row_html(html, "ubnd-phuong-1-kien-tuong/")
    assert "1 tin/quý" in phuong_1 and "mỗi quý 1 tin" in phuong_1
    assert len(re.findall(r"Quý (?:I|II|III|IV)</span> 1/1 <span class=\"cchc-period__status\">"
                          r"đạt", phuong_1)) == 4

    # Hương Long: Q1 2/1, Q2 0/1: the year is 3/4 and names the missing quarter.
    huong_long = _row_html(html, "Viết tin bài về CCHC đăng trên Trang thông tin điện tử xã")
    assert "<span>3/4</span>" in huong_long and "thiếu Quý II: 0/1" in huong_long
    assert "Đã đăng 4 tin" in huong_long

    agency = (demo_site / "co-quan" / "trung-tam-vhtttt-kien-tuong" / "index.html").read_text(
        encoding="utf-8")
    assert "Tiến độ thực hiện" in agency and f"<span>{m.group(1)}/12</span>" in agency
