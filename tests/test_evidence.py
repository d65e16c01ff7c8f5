"""Task evidence and status (SPEC §8): `tasks:` on news and documents, `id`/`done`/`result` on
tasks, the status rules with hand-computed dates, the validator's messages, and the demo built
at two dates (a plan year current, then archived)."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cchc import tracking
from cchc.tracking import task_status
from tests.support.portal import REPO, dedent

PLAN = """\
---
number: 20/KH-UBND
kind: ke-hoach
title: Tuyên truyền CCHC năm 2024
agency: ubnd-huyen-b
issued: 2024-01-10
tasks:
  - task: Báo cáo kết quả tuyên truyền năm 2024
    lead: ubnd-huyen-b
    due: Quý IV/2024
    id: bao-cao-nam
  - task: Báo cáo kết quả tuyên truyền quý I
    product: Báo cáo
    lead: ubnd-xa-c
    due: Quý I/2024
    id: bao-cao-quy-i
  - task: Lập kế hoạch
    lead: ubnd-huyen-b
    due: Quý I/2024
    done: 2024-02-01
    result: Ban hành Kế hoạch 21/KH-UBND
  - task: Dàn dựng tiểu phẩm
    lead: ubnd-xa-c
    quota: 2 tiểu phẩm/năm
    id: tieu-pham
---
Kế hoạch.
"""


def _news(title: str, day: str, agency: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {day}\nagency: {agency}\n{extra}---\nNội dung.\n"


# -- the status rules, by hand ----------------------------------------------------------------

Q1 = (date(2024, 1, 1), date(2024, 3, 31))


@pytest.mark.parametrize("today, done_on, expected", [
    (date(2023, 12, 31), None, "chưa đến hạn"),  # before its window
    (date(2024, 1, 1), None, "đang thực hiện"),
    (date(2024, 3, 31), None, "đang thực hiện"),  # the deadline itself is on time
    (date(2024, 4, 1), None, "quá hạn"),
    (date(2025, 12, 31), None, "quá hạn"),  # the year after the plan year
    (date(2026, 1, 1), None, "không hoàn thành"),  # then the archive
    (date(2024, 2, 1), date(2024, 2, 1), "hoàn thành"),
    (date(2024, 1, 31), date(2024, 2, 1), "đang thực hiện"),  # done later than "today"
    (date(2030, 1, 1), date(2024, 5, 2), "hoàn thành"),  # late, but done
])
def test_status_rules(today, done_on, expected):
    assert task_status(*Q1, done_on, 2024, today) == expected


def test_status_of_a_deadline_in_the_next_year_and_a_dissolved_lead():
    # A report of plan 2024 due 15/01/2025 is overdue through 2025 and 2026.
    window = (date(2024, 1, 1), date(2025, 1, 15))
    assert task_status(*window, None, 2024, date(2026, 6, 1)) == "quá hạn"
    assert task_status(*window, None, 2024, date(2027, 1, 1)) == "không hoàn thành"
    assert task_status(*Q1, None, 2024, date(2024, 6, 1), dissolved=date(2024, 3, 1)) \
        == "không theo dõi"


def test_relative_time_only_while_the_plan_year_is_not_over(project):
    p = project({"plans/2024/kh.md": PLAN})
    from cchc.project import load_portal
    from cchc.settings import read

    def states(today: str) -> dict[str, tracking.TaskState]:
        portal = load_portal(read(p.root, today=today))
        assert portal.ok, portal.report.sorted()
        assert portal.catalog is not None
        t = tracking.track(portal.catalog, date.fromisoformat(today))
        return {s.task.task: s for s in t.states.values()}

    now = states("2024-04-10")["Báo cáo kết quả tuyên truyền quý I"]
    assert (now.status, now.relative) == ("quá hạn", "quá 10 ngày")
    later = states("2025-02-01")["Báo cáo kết quả tuyên truyền quý I"]
    assert (later.status, later.relative) == ("quá hạn", "")
    done = states("2024-04-10")["Lập kế hoạch"]
    assert (done.status, done.done_on, done.status_text) == (
        "hoàn thành", date(2024, 2, 1), "hoàn thành ngày 01/02/2024")


# -- evidence through the real build ----------------------------------------------------------

def test_news_and_documents_show_tasks_done(project):
    report = dedent("""\
        ---
        number: 5/BC-UBND
        kind: bao-cao
        title: Báo cáo kết quả tuyên truyền năm 2024
        agency: ubnd-huyen-b
        issued: 2024-12-05
        period: Năm 2024
        refs:
          - {number: 20/KH-UBND, agency: ubnd-huyen-b, relation: bao-cao}
        tasks:
          - "20/KH-UBND#bao-cao-nam"
        ---
        Báo cáo.
        """)
    p = project({
        "plans/2024/kh.md": PLAN, "plans/2024/bc.md": report,
        # Another agency's item naming the task counts for it (and shows it done).
        "content/tin-tuc/2024/tp1.md": _news("Tiểu phẩm một", "2024-03-01", "so-noi-vu-a",
                                             'format: tieu-pham\ntasks: ["20/KH-UBND#tieu-pham"]\n'),
        "content/tin-tuc/2024/tp2.md": _news("Tiểu phẩm hai", "2024-09-01", "ubnd-xa-c",
                                             "format: tieu-pham\n"),
        "content/tin-tuc/2024/tin.md": _news("Một tin", "2024-09-02", "ubnd-xa-c"),  # not a tp
    })
    p.cchc("build", "--today", "2024-12-31", check=True)
    doc = (p.root / "site/van-ban/2024/20-kh-ubnd-ubnd-huyen-b/index.html").read_text("utf-8")
    doc = doc[doc.index('id="phan-cong"'):]
    row = doc[doc.index("Báo cáo kết quả tuyên truyền năm 2024"):]
    row = row[:row.index("</tr>")]
    assert "hoàn thành" in row and "ngày <time datetime=\"2024-12-05\">05/12/2024</time>" in row
    assert 'Kết quả: <a href="../5-bc-ubnd-ubnd-huyen-b/"' in row  # the evidence, linked
    plan_row = doc[doc.index("Lập kế hoạch"):]
    assert "Ban hành Kế hoạch 21/KH-UBND" in plan_row[:plan_row.index("</tr>")]
    tp = doc[doc.index("Dàn dựng tiểu phẩm"):]
    tp = tp[:tp.index("</tr>")]
    assert "2 tiểu phẩm/năm" in tp and "hoàn thành" in tp and "Tiểu phẩm một" in tp
    progress = (p.root / "site/tien-do/index.html").read_text("utf-8")
    quota = progress[progress.index("Dàn dựng tiểu phẩm"):]
    assert "<span>2/2</span>" in quota[:quota.index("</tr>")]  # the tin is not counted
    # The report's page says which task it is the result of; so does the agency page.
    bc = (p.root / "site/van-ban/2024/5-bc-ubnd-ubnd-huyen-b/index.html").read_text("utf-8")
    assert "Kết quả của nhiệm vụ" in bc and "Báo cáo kết quả tuyên truyền năm 2024 — " in bc
    agency = (p.root / "site/co-quan/ubnd-huyen-b/index.html").read_text("utf-8")
    assert "5-bc-ubnd-ubnd-huyen-b/" in agency


def _codes(p) -> list[tuple[str, str, int, str]]:
    _, items = p.diagnostics()
    return [(d["code"], d["path"], d["line"], d["message"] + " " + d["hint"]) for d in items]


def test_task_references_are_checked(project):
    p = project({
        "plans/2024/kh.md": PLAN,
        "content/tin-tuc/2024/a.md": _news("A", "2024-03-01", "ubnd-xa-c",
                                           'tasks: ["20/KH-UBND#bao-cao-nma"]\n'),
        "content/tin-tuc/2024/b.md": _news("B", "2024-03-01", "ubnd-xa-c",
                                           'tasks: ["20/KH-UBDN#bao-cao-nam"]\n'),
        "content/tin-tuc/2024/c.md": _news("C", "2024-03-01", "ubnd-xa-c",
                                           "tasks: [bao-cao-nam]\n"),
    })
    found = {(c, path): (line, text) for c, path, line, text in _codes(p)}
    line, text = found[("unknown-task", "content/tin-tuc/2024/a.md")]
    assert line == 5 and "Có phải `bao-cao-nam`?" in text
    line, text = found[("unknown-task-document", "content/tin-tuc/2024/b.md")]
    assert line == 5 and "Có phải `20/KH-UBND`?" in text
    assert ("invalid-task-ref", "content/tin-tuc/2024/c.md") in found


def test_unknown_product_lists_the_known_ones(project):
    plan = PLAN.replace("quota: 2 tiểu phẩm/năm", "quota: 3 pano/năm")
    p = project({"plans/2024/kh.md": plan})
    (_, path, line, text), = [c for c in _codes(p) if c[0] == "unknown-product"]
    assert path == "plans/2024/kh.md" and line == 24
    assert "`pano`" in text and "tiểu phẩm" in text and "chương trình phát thanh" in text
    assert p.cchc("validate").returncode == 1


def test_duplicate_task_id(project):
    plan = PLAN.replace("    id: bao-cao-quy-i", "    id: bao-cao-nam")
    p = project({"plans/2024/kh.md": plan})
    assert [c[2] for c in _codes(p) if c[0] == "duplicate-task-id"] == [16]


def test_a_matching_report_is_offered_as_evidence_never_counted(project):
    report = dedent("""\
        ---
        kind: bao-cao
        title: Báo cáo quý I/2024 của xã C
        agency: ubnd-xa-c
        year: 2024
        period: Quý I/2024
        refs:
          - {number: 20/KH-UBND, agency: ubnd-huyen-b, relation: bao-cao}
        ---
        Báo cáo.
        """)
    p = project({"plans/2024/kh.md": PLAN, "plans/2024/bc-xa-c.md": report})
    code, items = p.diagnostics()
    assert code == 0
    (w,) = [d for d in items if d["code"] == "report-as-evidence"]
    assert (w["severity"], w["path"], w["line"]) == ("warning", "plans/2024/bc-xa-c.md", 8)
    assert "Báo cáo kết quả tuyên truyền quý I" in w["message"]
    assert 'tasks: ["20/KH-UBND#bao-cao-quy-i"]' in w["hint"]
    p.cchc("build", "--today", "2024-06-01", check=True)
    html = (p.root / "site/tien-do/index.html").read_text("utf-8")
    row = html[html.index("Báo cáo kết quả tuyên truyền quý I"):]
    assert "quá hạn" in row[:row.index("</tr>")]  # not counted silently


# -- the demo at two dates --------------------------------------------------------------------

def _build_demo(tmp: Path, today: str) -> Path:
    out = tmp / f"site-{today}"
    exe = Path(sys.executable).with_name("cchc")
    result = subprocess.run([str(exe), "build", "--site-dir", str(out), "--today", today],
                            cwd=REPO, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    return out


def _text(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    body = html[html.index("<main"):html.index("</main>")]
    body = re.sub(r"<title[^>]*>.*?</title>", " ", body, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


@pytest.fixture(scope="module")
def demo_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("demo-dates")
    return {d: _build_demo(tmp, d) for d in ("2024-06-15", "2026-12-01")}


def test_demo_mid_2024_shows_overdue_and_open_tasks(demo_sites):
    site = demo_sites["2024-06-15"]
    text = _text(site / "tien-do" / "index.html")
    year = text[text.index("Năm 2024:"):]
    assert "quá hạn" in year and "đang thực hiện" in year and "chưa đến hạn" in year
    assert re.search(r"quá \d+ ngày", year) and re.search(r"còn \d+ ngày", year)
    assert "Xây dựng Kế hoạch tuyên truyền CCHC năm 2024 của xã, phường" in year
    assert "Các năm trước (lưu trữ)" in text and "Năm 2013" in text
    home = _text(site / "index.html") if (site / "index.html").exists() else ""
    assert "Không có nhiệm vụ nào có thời hạn" not in home


def test_demo_end_2026_archives_2024(demo_sites):
    site = demo_sites["2026-12-01"]
    index = _text(site / "tien-do" / "index.html")
    assert "Năm 2026:" in index and "Năm 2024:" in index.split("Các năm trước (lưu trữ)")[1]
    live = index.split("Các năm trước")[0]
    assert "quá hạn" in live and "quá 62 ngày" in live  # pano, Quý III/2026
    assert "còn 9 ngày" in live and "hoàn thành" in live and "2 tiểu phẩm/năm" in live
    archive = _text(site / "tien-do" / "2024" / "index.html")
    assert "không hoàn thành" in archive and "Năm kế hoạch đã kết thúc" in archive
    assert not re.search(r"(?:quá|còn) \d+ ngày", archive)
    # The 2024 annual report task is done by the news item of 20/12/2024, linked.
    html = (site / "tien-do" / "2024" / "index.html").read_text(encoding="utf-8")
    assert "cchc-status--qua-han" not in html and "cchc-status--khong-hoan-thanh" in html
    assert re.search(r"quá hạn</th><td class=\"cchc-num\">0<", html)
    row = html[html.index("Báo cáo kết quả thực hiện công tác tuyên truyền CCHC năm 2024</td>"):]
    row = row[:row.index("</tr>")]
    assert "hoàn thành" in row and "ubnd-thi-xa-kien-tuong-danh-gia-ket-qua" in row
    assert (site / "tien-do" / "2013" / "index.html").is_file()
    home = _text(site / "index.html")
    assert "Báo cáo kết quả tuyên truyền CCHC năm 2026 để chấm điểm Chỉ số CCHC" in home
