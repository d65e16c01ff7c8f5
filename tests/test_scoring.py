"""`cchc report --kind cham-diem` and `--kind nhuan-but`: the 90 % rule, the forms score, the
evidence list, a royalty computation by hand (shares, the lương cơ sở of the publication day,
the tax threshold), the royalty table's diagnostics, and the xlsx holding the csv's numbers."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from cchc.scoring import DEFAULT_RULES, ScoringRules, completion_score, forms_score
from tests.support.portal import dedent, make_project

# -- the rules, by hand -----------------------------------------------------------------------


@pytest.mark.parametrize("met, total, expected", [
    (5, 5, 1.0),  # 100 %
    (9, 10, 0.9),  # 90 %: in proportion
    (19, 20, 0.95),
    (4, 5, 0.0),  # 80 % is under 90 %
    (0, 0, 0.0),  # nothing set, nothing scored
])
def test_completion_with_the_90_percent_rule(met, total, expected):
    assert completion_score(met, total) == expected


def test_completion_rule_is_configurable():
    eighty = ScoringRules(1.0, 100.0, 80.0, DEFAULT_RULES.forms)
    assert completion_score(4, 5, eighty) == 0.8  # 4 of 5 targets → 0.8
    assert completion_score(3, 5, eighty) == 0.0
    two = ScoringRules(2.0, 100.0, 90.0, DEFAULT_RULES.forms)
    assert completion_score(9, 10, two) == 1.8


def test_forms_score_of_xuan_loc():
    assert forms_score(set()) == 0.0
    assert forms_score({"trang-thong-tin"}) == 0.25  # website only
    assert forms_score({"trang-thong-tin", "man-hinh-dien-tu"}) == 0.5  # online in full
    assert forms_score({"trang-thong-tin", "man-hinh-dien-tu", "truyen-thong"}) == 1.0
    assert DEFAULT_RULES.form_of("tieu-pham").id == "truyen-thong"
    assert DEFAULT_RULES.form_of("video").id == "man-hinh-dien-tu"


# -- a portal -----------------------------------------------------------------------------------

PLAN = """\
---
number: 20/KH-UBND
kind: ke-hoach
title: Tuyên truyền CCHC năm 2024
agency: ubnd-huyen-b
issued: 2024-01-10
tasks:
  - task: Lập kế hoạch
    lead: ubnd-xa-c
    due: Quý I/2024
    done: 2024-01-20
    result: Kế hoạch 3/KH-UBND
  - task: Đối thoại với người dân
    lead: ubnd-xa-c
    due: Quý II/2024
    id: doi-thoai
  - task: Tiểu phẩm
    lead: ubnd-xa-c
    quota: 1 tiểu phẩm/năm
  - task: Tin bài
    lead: ubnd-xa-c
    quota: 2 tin/năm
  - task: Báo cáo năm
    lead: ubnd-xa-c
    due: 2024-12-10
---
Kế hoạch.
"""

TABLE = """\
name: Bảng thử
unit: 10
base_salary:
  - {from: 2023-07-01, amount: 1800000}
  - {from: 2024-07-01, amount: 2340000}
tax: {threshold: 2000000, rate: 10}
categories:
  - {id: tin, label: Tin, formats: [tin], range: [1, 10], grades: {A: 3, B: 2}}
  - {id: bai, label: Bài, formats: [bai], grades: {A: 8}}
  - {id: tp, label: Tiểu phẩm, formats: [tieu-pham], grades: {A: 10}}
"""


def _news(slug: str, day: str, extra: str) -> tuple[str, str]:
    return (f"content/tin-tuc/2024/{slug}.md",
            f"---\ntitle: Tin {slug}\ndate: {day}\nagency: ubnd-xa-c\n{extra}---\nNội dung.\n")


NEWS = dict([
    # 30/06: lương cơ sở 1.800.000 → one coefficient 180.000; grade A of tin = 3 → 540.000,
    # shared 60/40: 324.000 and 216.000.
    _news("a", "2024-06-30", "grade: A\nauthors:\n  - {name: Xuân, share: 60}\n"
          "  - {name: Yến, share: 40}\ntasks: [\"20/KH-UBND#doi-thoai\"]\n"),
    # 01/07: 2.340.000 → 234.000; bài A = 8 → 1.872.000, Xuân alone.
    _news("b", "2024-07-01", "format: bai\ngrade: A\nauthor: Xuân\n"),
    # A tiểu phẩm of grade A (10 × 234.000 = 2.340.000) for Yến; then an item without grade
    # (no default grade: not paid) and a video (no category: not paid).
    _news("c", "2024-08-01", "format: tieu-pham\ngrade: A\nauthor: Yến\n"),
    _news("d", "2024-08-02", "author: Xuân\n"),
    _news("e", "2024-08-03", "format: video\ngrade: A\nauthor: Xuân\n"),
])

MKDOCS_EXTRA = "      royalties: nhuan-but.yml\n"  # the default name, configured explicitly


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = make_project(tmp_path_factory.mktemp("scoring") / "portal",
                     {"plans/2024/kh.md": PLAN, "nhuan-but.yml": TABLE, **NEWS})
    cfg = p.root / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + MKDOCS_EXTRA, encoding="utf-8")
    return p.root


def run(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    exe = Path(sys.executable).with_name("cchc")
    return subprocess.run([str(exe), "report", "--today", "2024-12-31", *args], cwd=root,
                          capture_output=True, timeout=600)


def _csv(root: Path, *args: str) -> list[list[str]]:
    result = run(root, *args, "--format", "csv")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(result.stdout.decode("utf-8-sig"), newline=""),
                           delimiter=";"))


def _table(rows: list[list[str]], title: str) -> list[list[str]]:
    start = next(i for i, r in enumerate(rows) if r and r[0].endswith(f". {title}"))
    out = []
    for r in rows[start + 1:]:
        if not r:
            break
        out.append(r)
    return out


def test_royalties_by_hand(root: Path):
    rows = _csv(root, "--year", "2024", "--kind", "nhuan-but")
    lines = _table(rows, "Bảng kê nhuận bút")
    assert lines[0][:7] == ["STT", "Ngày đăng", "Tiêu đề", "Cơ quan", "Thể loại", "Loại", "Hệ số"]
    got = [(r[2], r[7], r[8], r[9], r[10], r[11], r[12]) for r in lines[1:]]
    assert got == [
        ("Tin a", "1800000", "180000", "540000", "Xuân", "60", "324000"),
        ("Tin a", "1800000", "180000", "540000", "Yến", "40", "216000"),
        ("Tin b", "2340000", "234000", "1872000", "Xuân", "100", "1872000"),
        ("Tin c", "2340000", "234000", "2340000", "Yến", "100", "2340000"),
    ]
    authors = _table(rows, "Tổng hợp theo tác giả")
    assert authors[1:] == [
        # 324.000 + 1.872.000 = 2.196.000 ≥ 2.000.000: 10 % withheld.
        ["Xuân", "2", "2196000", "219600", "1976400", "có"],
        ["Yến", "2", "2556000", "255600", "2300400", "có"],
        ["Tổng cộng", "4", "4752000", "475200", "4276800", ""],
    ]
    unpaid = {r[2]: r[3] for r in _table(rows, "Tin bài chưa tính nhuận bút")[1:]}
    assert unpaid == {"Tin d": "chưa xếp loại (`grade`)",
                      "Tin e": "hình thức `video` không có trong bảng"}


def test_royalties_of_one_quarter_and_the_threshold(root: Path):
    rows = _csv(root, "--year", "2024", "--kind", "nhuan-but", "--period", "Quý II/2024")
    assert _table(rows, "Tổng hợp theo tác giả")[1:3] == [
        ["Xuân", "1", "324000", "0", "324000", "không"],  # under 2.000.000: no tax
        ["Yến", "1", "216000", "0", "216000", "không"]]


def test_royalties_in_markdown_use_vietnamese_numbers(root: Path):
    md = run(root, "--year", "2024", "--kind", "nhuan-but").stdout.decode("utf-8")
    assert "| Xuân | 2 | 2.196.000 đ | 219.600 đ | 1.976.400 đ | có |" in md
    assert "1.800.000 đ từ 01/07/2023" in md


def test_scoring_report(root: Path):
    rows = _csv(root, "--year", "2024", "--kind", "cham-diem")
    summary = _table(rows, "Tổng hợp điểm")
    # 5 tasks: plan (done:), dialogue (news a names it), tiểu phẩm 1/1, tin 2/2 (a and d;
    # b is a bài and counts too: tin 3/2 → done), the annual report not done: 4/5 = 80 %.
    assert summary[1][:6] == ["1", "UBND xã C", "5", "4", "80", "0"]
    assert summary[1][6:] == [
        "Màn hình điện tử (trực tuyến); Trang thông tin điện tử, mạng xã hội (trực tuyến); "
        "Hình thức truyền thống (truyền thanh, tiểu phẩm, phóng sự, pano, hội nghị)", "1", "1"]
    evidence = _table(rows, "Tài liệu kiểm chứng")
    assert evidence[0] == ["STT", "Cơ quan", "Tiêu đề", "Ngày", "Hình thức", "Địa chỉ",
                           "Nhiệm vụ"]
    by_title = {r[2]: r for r in evidence[1:]}
    assert by_title["Tin a"][3:] == ["2024-06-30", "Tin",
                                     "https://example.gov.vn/cchc/tin-tuc/2024/tin-a/",
                                     "Đối thoại với người dân; Tin bài"]
    assert by_title["Tin c"][6] == "Tiểu phẩm"
    assert by_title["Kế hoạch 3/KH-UBND"][3:5] == ["2024-01-20", "Ghi trong kế hoạch"]


def test_scoring_threshold_from_mkdocs_yml(root: Path, tmp_path: Path):
    import shutil

    copy = tmp_path / "portal"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site"))
    cfg = copy / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8")
                   + "      scoring: {completion: {threshold: 80}}\n", encoding="utf-8")
    summary = _table(_csv(copy, "--year", "2024", "--kind", "cham-diem"), "Tổng hợp điểm")
    assert summary[1][4:6] == ["80", "0,8"]  # 4 of 5 → 0.8, a decimal comma
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("threshold: 80", "threshold: 120"),
                   encoding="utf-8")
    result = run(copy, "--year", "2024", "--kind", "cham-diem")
    assert result.returncode == 1 and b"invalid-scoring" in result.stderr


@pytest.mark.parametrize("kind", ["tien-do", "cham-diem", "nhuan-but"])
def test_xlsx_holds_the_csv_numbers(root: Path, tmp_path: Path, kind: str):
    out = tmp_path / f"{kind}.xlsx"
    result = run(root, "--year", "2024", "--kind", kind, "--format", "xlsx", "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    book = openpyxl.load_workbook(out)
    rows = _csv(root, "--year", "2024", "--kind", kind)
    titles = [r[0] for r in rows if r and r[0][:1].isdigit() and ". " in r[0][:4]]
    assert len(book.sheetnames) == len(titles)
    for sheet, title in zip(book.worksheets, titles, strict=True):
        expected = _table(rows, title.split(". ", 1)[1])
        cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
        start = next(i for i, r in enumerate(cells) if list(r[:len(expected[0])]) == expected[0])
        for want, got in zip(expected[1:], cells[start + 1:], strict=False):
            for w, g in zip(want, got, strict=False):
                if isinstance(g, (int, float)) and not isinstance(g, bool):
                    assert float(w.replace(",", ".")) == pytest.approx(g), (title, want)
                elif hasattr(g, "date"):
                    assert g.date().isoformat() == w
                else:
                    assert (g or "") == w.removeprefix("'"), (title, want)
    # Same input, same bytes.
    again = tmp_path / "again.xlsx"
    run(root, "--year", "2024", "--kind", kind, "--format", "xlsx", "-o", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_csv_for_a_vietnamese_spreadsheet(root: Path):
    data = run(root, "--year", "2024", "--kind", "nhuan-but", "--format", "csv").stdout
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Vietnamese letters
    text = data.decode("utf-8-sig")
    assert "\r\n" in text and text.count("\n") == text.count("\r\n")
    assert ";Xuân;60;324000;" in text  # `;` fields, integers without grouping
    # No field needs quoting for a decimal point: decimals are written with a comma.
    assert ";0.3;" not in text


def test_royalty_table_diagnostics(project):
    bad = dedent("""\
        unit: 10
        base_salary:
          - {from: 2024-07-01, amount: 2340000}
        categories:
          - {id: tin, label: Tin, formats: [tin, bai], range: [1, 10], grades: {A: 12}}
          - {id: bai, label: Bài, formats: [video], grades: {A: x}}
          - {id: anh, label: Ảnh, formats: [bai], grades: {A: 1}}
        """)
    p = project({"nhuan-but.yml": bad, "plans/2024/kh.md": PLAN,
                 "content/tin-tuc/2024/a.md": "---\ntitle: A\ndate: 2024-08-01\n"
                 "agency: ubnd-xa-c\ngrade: Z\n---\nNội dung.\n"})
    cfg = p.root / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + MKDOCS_EXTRA, encoding="utf-8")
    code, items = p.diagnostics()
    assert code == 1
    found = {(d["code"], d["line"]) for d in items if d["path"] == "nhuan-but.yml"}
    assert ("invalid-value", 5) in found  # 12 outside 1–10
    assert ("invalid-type", 6) in found  # A: x
    assert ("invalid-value", 7) in found  # bai in two categories
    fixed = bad.replace("A: 12", "A: 3").replace("A: x", "A: 8").replace("[tin, bai]", "[tin]")
    p.write("nhuan-but.yml", fixed)
    code, items = p.diagnostics()
    (grade,) = [d for d in items if d["code"] == "unknown-grade"]
    assert (grade["path"], grade["line"]) == ("content/tin-tuc/2024/a.md", 5)
    assert "`A`" in grade["hint"]
    (cfg.parent / "nhuan-but.yml").unlink()
    code, items = p.diagnostics()
    assert "royalty-table-missing" in {d["code"] for d in items}  # configured, so required
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(MKDOCS_EXTRA, ""), encoding="utf-8")
    code, items = p.diagnostics()
    assert "royalty-table-missing" not in {d["code"] for d in items}  # not configured: none


def test_authors_shares_must_add_up(project):
    p = project({"content/tin-tuc/2024/a.md": "---\ntitle: A\ndate: 2024-08-01\n"
                 "agency: ubnd-xa-c\nauthors:\n  - {name: X, share: 60}\n"
                 "  - {name: Y, share: 30}\n---\nNội dung.\n"})
    code, items = p.diagnostics()
    (shares,) = [d for d in items if d["code"] == "author-shares"]
    assert code == 1 and shares["line"] == 6 and "90%" in shares["message"]
