"""`cchc import` on the five real documents of ../shared/seeds: every field, both task-table
layouts, and the same fields and tasks when the seed comes as a .docx or a .pdf.

Skipped as a whole, on one line, where ../shared/seeds is absent; the fixture texts of
test_import keep every importer path covered then.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cchc.importer import parse_document, read_bytes, render
from tests.import_support import SHARED, docx_bytes, pdf_bytes
from tests.test_import import (
    NAMES,
    _project,
    _validate,
    imported,
    proposals_of,
    refs_of,
    signer_of,
    tasks_of,
)

SEEDS = SHARED / "seeds"
if not SEEDS.is_dir():
    pytest.skip(f"không có thư mục văn bản mẫu {SEEDS} (../shared/seeds cạnh bản checkout): "
                "bỏ qua các phép thử trên văn bản thật", allow_module_level=True)


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


# --- the five seed documents ------------------------------------------------------------------

SEED_CASES = {
    # Kiến Tường: no header at all; "UBND thị xã" completed from the text; grouped appendix.
    "000": dict(
        number=None, kind="ke-hoach", agency="ubnd-thi-xa-kien-tuong", issued=None, year=2024,
        period=None, signer={"name": "Nguyễn Văn Vũ", "title": "Chủ tịch"},
        refs=[("3838/KH-UBND", date(2023, 12, 28), "ubnd-thi-xa-kien-tuong")],
        leads=["phong-noi-vu-kien-tuong"] * 5 + ["van-phong-hdnd-ubnd-kien-tuong"] * 2
        + ["phong-vhtt-kien-tuong"] * 3 + ["trung-tam-vhtttt-kien-tuong"] * 4
        + ["cac-co-quan-chuyen-mon-trung-tam-hcc-thi-xa-kien-tuong"] * 4
        + ["ubnd-cac-xa-phuong-thi-xa-kien-tuong"] * 4,
        quotas={10: "12 tin/năm", 11: "4 tiểu phẩm/năm", 16: "1 tin/năm", 20: "4 tin/năm"},
    ),
    # Hương Long: a report without heading, number or date; the kind from "… báo cáo kết quả".
    "001": dict(
        number=None, kind="bao-cao", agency="ubnd-xa-huong-long", issued=None, year=2024,
        period="Quý I/2024", signer=None,
        refs=[("15/KH-UBND", date(2024, 1, 19), "ubnd-huyen-huong-khe"),
              ("09/KH-UBND", date(2024, 2, 7), "ubnd-xa-huong-long")],
        leads=[], quotas={},
    ),
    # Điện Biên: a web page; the Sở named in the preamble's last clause.
    "002": dict(
        number=None, kind="ke-hoach", agency="so-ldtbxh-dien-bien", issued=None, year=2022,
        period=None, signer=None,
        refs=[("4289/KH-UBND", date(2021, 12, 21), "ubnd-tinh-dien-bien"),
              ("136/KH-SLĐTBXH", date(2022, 1, 19), "so-ldtbxh-dien-bien"),
              ("42/KH-STTTT", date(2022, 1, 10), "so-tttt-dien-bien")],
        leads=[], quotas={},
    ),
    # Quảng Nam: "Số 107/KH-UBND" without colon, heading and title on one line, a clerk's note.
    "003": dict(
        number="107/KH-UBND", kind="ke-hoach", agency="ubnd-tinh-quang-nam",
        issued=date(2013, 4, 24), year=2013, period=None, signer=None,
        refs=[("1332/QĐ-BNV", date(2012, 12, 14), "bo-noi-vu"),
              ("503/QĐ-UBND", date(2013, 2, 6), "ubnd-tinh-quang-nam")],
        leads=[], quotas={},
    ),
    # Quảng Trị: a draft ("Số: KH-UBND", "ngày tháng năm 2022"); column layout appendix.
    "004": dict(
        number=None, kind="ke-hoach", agency="ubnd-tinh-quang-tri", issued=None, year=2022,
        period=None, signer={"name": "Võ Văn Hưng", "title": "Chủ tịch"},
        refs=[("3647/QĐ-UBND", date(2021, 11, 17), "ubnd-tinh-quang-tri"),
              ("204/KH-UBND", date(2021, 12, 24), "ubnd-tinh-quang-tri")],
        leads=["so-tttt-quang-tri", "so-tttt-quang-tri", "bao-quang-tri", "so-noi-vu-quang-tri"],
        quotas={},
    ),
}


@pytest.mark.parametrize("prefix", sorted(SEED_CASES))
def test_seed_fields(prefix: str) -> None:
    want = SEED_CASES[prefix]
    imp = imported(seed(prefix))
    assert imp.number == want["number"]
    assert imp.kind == want["kind"]
    assert imp.agency == want["agency"]
    assert imp.issued == want["issued"]
    assert imp.year == want["year"]
    assert imp.period == want["period"]
    assert signer_of(imp) == want["signer"]
    assert refs_of(imp) == want["refs"]
    assert [t.lead for t in imp.tasks] == want["leads"]
    assert {i: t.quota for i, t in enumerate(imp.tasks) if t.quota} == want["quotas"]


def test_seed_kien_tuong_appendix_details() -> None:
    imp = imported(seed("000"))
    tasks = tasks_of(imp)
    assert tasks[0] == {"task": "Kế hoạch tuyên truyền năm 2024", "lead": "phong-noi-vu-kien-tuong",
                        "due": "Quý I/2024"}
    # The quota leaves the task text; the frequency column stays as written.
    assert tasks[10]["task"] == "Viết tin bài về CCHC năm 2024"
    assert tasks[10]["due"] == "Mỗi tháng 1 tin"
    # A quota of a product (tiểu phẩm), counted from items of that format (SPEC §8).
    assert tasks[11]["quota"] == "4 tiểu phẩm/năm"
    # HTML remnants: "(<i>lồng ghép …</i>)" → "(lồng ghép …)".
    assert tasks[15]["task"] == "Báo cáo kết quả thực hiện (lồng ghép trong báo cáo chuyên đề CCHC)"
    assert "due" not in tasks[15]
    assert "/KH-UBND" in imp.flags["number"]  # the blank number of the appendix
    assert "01/2024" in imp.flags["issued"]  # "ngày /01/2024": a date without day
    groups = {p.name for p in imp.proposals}
    assert groups == {"Các cơ quan chuyên môn, Trung tâm HCC thị xã Kiến Tường",
                      "UBND các xã, phường thị xã Kiến Tường"}
    assert {p.level for p in imp.proposals} == {"khac"}


def test_seed_quang_tri_column_table() -> None:
    imp = imported(seed("004"))
    third = tasks_of(imp)[2]
    # "- Báo Quảng Trị - Đài PT-TH tỉnh; - Sở Nội vụ": first is the lead, co-leads go to support.
    assert third["support"] == ["dai-ptth-quang-tri", "so-noi-vu-quang-tri"]
    # A row that spilled over a page break is put back together.
    assert third["task"].endswith("UBND xã, phường, thị trấn")
    assert third["product"].endswith("báo cáo UBND tỉnh theo quy định.")
    # `<ul><li>` remnants; groups ("UBND các huyện…") are not agencies.
    assert tasks_of(imp)[3]["support"] == ["bao-quang-tri", "dai-ptth-quang-tri"]
    assert [t.due for t in imp.tasks] == ["Quý I/2022", "Thường xuyên trong năm",
                                            "Thường xuyên trong năm 2022", "Quý IV/2022"]
    assert imp.proposals == ()


def test_seed_web_page_chrome() -> None:
    imp = imported(seed("002"))
    assert imp.published == date(2022, 1, 29)
    assert imp.attachments == ("224.pdf",)
    assert imp.title == ("Tuyên truyền Cải cách hành chính Nhà nước năm 2022 tại Sở Lao động - "
                         "Thương binh và Xã hội")
    for chrome in ("Tin mới nhất", "Đăng ngày", "100%", "Chào mừng", "Tải Kế hoạch"):
        assert chrome not in imp.body_markdown
    assert "(27/01/2023 5:35 CH)" not in imp.body_markdown


def test_seed_quang_nam_noise_and_body() -> None:
    imp = imported(seed("003"))
    assert imp.title == "Tuyên truyền cải cách hành chính trên địa bàn tỉnh Quảng Nam năm 2013"
    assert any("Kính! A. Gang" in n for n in imp.notes)
    assert any("KH tuyen truyen CCHC 2013.doc" in n for n in imp.notes)
    assert "Kính! A. Gang" not in imp.body_markdown
    assert imp.recipients[0] == "Bộ Nội vụ (HN, ĐN)"
    body = imp.body_markdown
    assert "## I. MỤC ĐÍCH, YÊU CẦU VÀ ĐỐI TƯỢNG" in body
    assert "#### b) Tổ chức đối thoại trực tiếp" in body
    assert "\n    - Phối hợp chặt chẽ với Sở Nội vụ" in body  # "+" items nest under "-"


def test_seed_report_body_sections_run_together() -> None:
    body = imported(seed("001")).body_markdown
    # "…người đứng đầu cơ quan.II. Những thuận lợi, khó khăn: 1. Thuận lợi:" on one PDF line.
    assert "\n## II. Những thuận lợi, khó khăn:\n" in body
    assert "\n### 1. Thuận lợi:\n" in body
    assert "\n#### 2.1. Tuyên truyền cổ động trực quan:\n" in body


FIELDS = ("number", "kind", "title", "agency", "issued", "year", "period", "signer")


@pytest.mark.parametrize("prefix", sorted(SEED_CASES))
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_seed_as_docx_or_pdf_reads_the_same(prefix: str, fmt: str) -> None:
    text = seed(prefix).read_text(encoding="utf-8")
    made = docx_bytes(text) if fmt == "docx" else pdf_bytes(text)
    source = read_bytes(made, f"{prefix}.{fmt}")
    a, b = parse_document(text, NAMES), parse_document(source.text, NAMES)
    assert [getattr(b, f) for f in FIELDS] == [getattr(a, f) for f in FIELDS]
    assert refs_of(b) == refs_of(a)
    assert tasks_of(b) == tasks_of(a)


@pytest.mark.parametrize("prefix", sorted(SEED_CASES))
def test_seed_draft_validates(tmp_path: Path, prefix: str) -> None:
    imp = imported(seed(prefix))
    root = _project(tmp_path / "portal", [(imp, render(imp))])
    code, problems = _validate(root)
    errors = [p for p in problems if p["severity"] == "error"]
    assert code == 0 and not errors, errors


def test_seed_proposals_are_agencies() -> None:
    for prefix in SEED_CASES:
        for p in proposals_of(imported(seed(prefix))):
            assert not p["name"].lower().startswith(("luật", "trưởng", "bộ trưởng", "chủ tịch"))
    assert date(2024, 1, 19) in {r[1] for r in refs_of(imported(seed("001")))}
    assert signer_of(imported(seed("000"))) == {"name": "Nguyễn Văn Vũ", "title": "Chủ tịch"}
