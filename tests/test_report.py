"""`cchc report`: the tracking table of a plan year as Markdown and as CSV, byte for byte.

The fixture portal is the one of test_tracking (quarterly, yearly, monthly quotas, a dissolved
lead, a draft, a support agency's item); the expected outputs are in tests/fixtures/report/.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cchc.report import ReportData, Table, to_csv, to_markdown
from tests.support.portal import REPO
from tests.support.tracking import TODAY, make_tracking_portal

EXPECTED = REPO / "tests" / "fixtures" / "report"


def run(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The real `cchc` script, with stdout kept as bytes (CSV line ends and BOM intact)."""
    exe = Path(sys.executable).with_name("cchc")
    return subprocess.run([str(exe), *args], cwd=root, capture_output=True, timeout=600)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_tracking_portal(tmp_path_factory.mktemp("report") / "portal").root


@pytest.mark.parametrize("args, expected", [
    (("--year", "2024"), "tracking-2024.md"),
    (("--year", "2024", "--format", "md", "--agency", "ubnd-xa-c"), "ubnd-xa-c-2024.md"),
    (("--year", "2024", "--format", "csv"), "tracking-2024.csv"),
])
def test_report_matches_expected(root: Path, args, expected):
    result = run(root, "report", "--today", TODAY, *args)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == (EXPECTED / expected).read_bytes()


def test_csv_opens_in_spreadsheets(root: Path, tmp_path: Path):
    out = tmp_path / "bao-cao.csv"
    result = run(root, "report", "--year", "2024", "--today", TODAY, "--format", "csv",
                 "-o", str(out))
    assert result.returncode == 0 and result.stdout == b""
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Vietnamese right
    assert data.count(b"\n") == data.count(b"\r\n") > 0
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Báo cáo tiến độ chỉ tiêu tin bài cải cách hành chính năm 2024"]
    quotas = rows[rows.index(["1. Chỉ tiêu"]) + 1:]
    assert quotas[0][:2] == ["STT", "Cơ quan chủ trì"]
    assert quotas[1] == ["1", "UBND xã C", "Viết tin bài về CCHC của xã C",
                         "Kế hoạch 20/KH-UBND", "1 tin/quý", "1", "1", "4",
                         "chưa đạt — thiếu Quý II: 0/1"]
    assert ["2", "Sở Nội vụ tỉnh A", "Viết tin bài về CCHC của Sở Nội vụ", "Kế hoạch 20/KH-UBND",
            "12 tin/năm", "5", "5", "12", "đang thực hiện"] in rows
    # The writers' list: the draft and the 2023 item are not in it; dates are ISO.
    titles = [r[6] for r in rows if len(r) == 8 and r[0].isdigit()]
    assert "Tin xa-c-nhap" not in titles and "Tin xa-c-2023" not in titles
    assert ["11", "UBND xã C", "Trần Thị B", "2024-02-10", "Quý I", "Tin", "Tin xa-c-quy-1",
            "https://example.gov.vn/cchc/tin-tuc/2024/tin-xa-c-quy-1/"] in rows


def test_unknown_agency_is_a_usage_error(root: Path):
    result = run(root, "report", "--year", "2024", "--agency", "ubnd-xa-cc")
    assert result.returncode == 2 and result.stdout == b""
    message = result.stderr.decode("utf-8")
    assert "Không có cơ quan mã `ubnd-xa-cc`" in message and "ubnd-xa-c" in message


def test_year_is_required(root: Path):
    result = run(root, "report")
    assert result.returncode == 2 and b"--year" in result.stderr


def test_refuses_a_portal_with_errors(project):
    p = project({"content/tin-tuc/2024/a.md": "---\ntitle: T\ndate: 2024-02-30\nagency: ubnd-xa-c\n"
                 "---\nNội dung.\n"})
    result = run(p.root, "report", "--year", "2024")
    assert result.returncode == 1 and result.stdout == b""
    assert "content/tin-tuc/2024/a.md:3" in result.stderr.decode("utf-8")
    assert "invalid-date" in result.stderr.decode("utf-8")


def test_cells_are_safe_in_both_formats():
    table = Table("Danh sách", ["Tiêu đề", "Ngày", "Số"],
                  [["=HYPERLINK(\"x\")", date(2024, 2, 1), -3], ["a | b\nc", date(2024, 12, 31), 4]])
    data = ReportData(2024, date(2024, 7, 15), None, [table])
    rows = list(csv.reader(io.StringIO(to_csv(data).decode("utf-8-sig"), newline=""),
                           delimiter=";"))
    assert rows[-2:] == [["'=HYPERLINK(\"x\")", "2024-02-01", "-3"], ["a | b\nc", "2024-12-31", "4"]]
    md = to_markdown(data)
    assert "| =HYPERLINK(\"x\") | 01/02/2024 | -3 |" in md
    assert "| a \\| b c | 31/12/2024 | 4 |" in md
