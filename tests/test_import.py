"""`cchc import`: the plain text of an official document → a `plans/` Markdown draft.

The repository's own texts in tests/fixtures/import/ (one per variant of header, date,
heading, web page, table, kind of issuer) and small inline texts: every importer path is
covered here, whether or not ../shared is present (the real seeds and corpus have their own
modules, test_import_seeds and test_import_corpus). Every imported draft must validate once
its agencies exist in the registry, and build into a page.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
import yaml

from cchc.diagnostics import Report
from cchc.importer import (
    Imported,
    NotADocument,
    Ref,
    Task,
    parse_document,
    proposals_yaml,
    render,
    run,
    suggested_path,
)
from cchc.load import load_agencies
from cchc.registry import Registry
from cchc.validate import validate_agencies

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
FIXTURES = REPO / "tests" / "fixtures" / "import"
REGISTRY = FIXTURES / "agencies.yml"
def _registry(path: Path) -> Registry:
    report = Report(path.parent)
    return Registry(validate_agencies(load_agencies(path, report), report))


NAMES, IDS = _registry(REGISTRY).names, set(_registry(REGISTRY).ids)
CCHC = Path(sys.executable).with_name("cchc")

def imported(path: Path, **kw) -> Imported:
    return parse_document(path.read_text(encoding="utf-8"), NAMES, source=path.name, **kw)


def front_matter(draft: str) -> dict:
    assert draft.startswith("---\n")
    return yaml.safe_load(draft.split("\n---\n", 1)[0][4:])


def refs_of(imp: Imported) -> list[tuple]:
    return [(r.number, r.issued, r.agency) for r in imp.refs]


def tasks_of(imp: Imported) -> list[dict]:
    return [t.as_yaml() for t in imp.tasks]


def proposals_of(imp: Imported) -> list[dict]:
    return [p.as_yaml() for p in imp.proposals]


def signer_of(imp: Imported) -> dict | None:
    return imp.signer.as_yaml() if imp.signer else None


# --- the repository's own fixtures: one per variant -------------------------------------------

def fixture(name: str, **kw) -> Imported:
    return imported(FIXTURES / name, **kw)


def test_blank_number_and_date_without_day() -> None:
    imp = fixture("bao-cao-xa-so-trong.txt")
    assert imp.number is None and "number" in imp.flags  # "Số:      /BC-UBND"
    assert imp.issued is None and "06/2024" in imp.flags["issued"]  # "ngày    tháng 6"
    assert (imp.kind, imp.year, imp.period) == ("bao-cao", 2024, "6 tháng/2024")
    assert signer_of(imp) == {"name": "Trần Văn Bình", "title": "Phó Chủ tịch"}  # KT. CHỦ TỊCH
    assert list(imp.recipients) == ["Ủy ban nhân dân huyện Hương Khê", "Như trên",
                                    "Phòng Nội vụ huyện", "Lưu: VT"]
    # An issuer missing from the registry: a proposed id, used in `agency` and in the refs.
    assert imp.agency == "ubnd-xa-huong-trach"
    assert proposals_of(imp) == [{"id": "ubnd-xa-huong-trach",
                              "name": "Ủy ban nhân dân xã Hương Trạch", "level": "xa",
                              "parent": None}]
    assert refs_of(imp) == [("21/KH-UBND", date(2024, 1, 10), "UBND xã Hương Trạch"),
                            ("112/UBND-NV", date(2024, 6, 3), "ubnd-huyen-huong-khe")]
    assert imp.refs[1].kind == "cong-van" and imp.refs[1].relation == "thuc-hien"
    body = imp.body_markdown
    assert "### 1. Công tác chỉ đạo, điều hành:" in body
    assert "\n### 2. Công tác tuyên truyền:\n" in body  # "…của xã.2. Công tác…"
    assert "\n#### 2.1. Tuyên truyền trên hệ thống truyền thanh:\n" in body
    assert "- Phát 24 tin, bài về cải cách hành chính trên hệ thống truyền thanh xã;\n" \
           "    - Tin về thủ tục hành chính: 10 tin;" in body
    assert "| Lĩnh vực | Tiếp nhận | Đúng hạn | Trễ hạn |\n|---|---|---|---|\n" \
           "| Hộ tịch | 120 | 120 | 0 |" in body
    assert imp.tasks == ()  # a statistics table is not a task table


def test_heading_and_title_on_one_line_pipe_header_and_spilled_table() -> None:
    imp = fixture("ke-hoach-phong-pipe.txt")
    assert imp.title == "Tuyên truyền cải cách hành chính trên địa bàn huyện Hương Khê năm 2024"
    assert (imp.number, imp.kind, imp.issued) == ("21/KH-PNV", "ke-hoach", date(2024, 3, 5))
    # "UBND HUYỆN HƯƠNG KHÊ" over "PHÒNG NỘI VỤ": the Phòng issues, in the huyện's place.
    assert imp.agency == "phong-noi-vu-huong-khe"
    assert signer_of(imp) == {"name": "Lê Thị Hoa", "title": "Trưởng phòng"}
    assert imp.refs[0].as_yaml() == {"issued": date(2015, 6, 19),
                           "title": "Luật Tổ chức chính quyền địa phương", "relation": "can-cu"}
    assert refs_of(imp)[1] == ("15/KH-UBND", date(2024, 1, 19), "ubnd-huyen-huong-khe")
    first, second, third = tasks_of(imp)
    assert first == {"task": "Viết tin bài về cải cách hành chính", "product": "Tin bài",
                     "lead": "phong-vhtt-huong-khe", "support": ["phong-noi-vu-huong-khe"],
                     "due": "Thường xuyên", "quota": "1 tin/quý"}
    assert second["task"] == ("Xây dựng chuyên mục cải cách hành chính trên hệ thống truyền "
                              "thanh và trên trang thông tin điện tử của huyện")
    assert second["lead"] == "trung-tam-vhtt-huong-khe"
    assert second["support"] == ["phong-noi-vu-huong-khe", "phong-vhtt-huong-khe"]  # <li>
    assert (second["due"], second["quota"]) == ("Quý II/2024", "2 tin/tháng")
    assert third["due"] == date(2024, 9, 30)
    assert third["support"] == ["phong-tu-phap-huyen-huong-khe"]
    assert "UBND các xã, thị trấn" in imp.tasks[2].comments["support"]
    assert imp.proposals[0].parent == "ubnd-huyen-huong-khe"
    assert "#### a) Tuyên truyền trên Trang thông tin điện tử của huyện" in imp.body_markdown


def test_web_page_with_chrome() -> None:
    imp = fixture("ke-hoach-web.txt")
    assert imp.published == date(2024, 12, 20)
    assert imp.attachments == ("kh-cchc-2025.pdf",)
    assert imp.kind == "ke-hoach"
    assert imp.title == "Cải cách hành chính năm 2025 của UBND huyện Hương Khê"
    assert imp.agency == "ubnd-huyen-huong-khe"
    assert imp.year == 2025  # from the title, although published in 2024
    assert imp.issued is None
    # "của UBND tỉnh": the province the document names ("tỉnh Hà Tĩnh").
    assert refs_of(imp) == [("98/QĐ-UBND", date(2024, 12, 2), "ubnd-tinh-ha-tinh"),
                            ("34/CTr-UBND", date(2021, 12, 15), "ubnd-tinh-ha-tinh")]
    assert imp.refs[1].title.startswith("Thực hiện Nghị quyết của Tỉnh ủy về đẩy mạnh")
    for chrome in ("Trang chủ", "Lượt xem", "Cỡ chữ", "In bài viết", "Gửi email", "Tin liên quan",
                   "File đính kèm", "Báo cáo kết quả cải cách hành chính năm 2023"):
        assert chrome not in imp.body_markdown
    draft = render(imp)
    assert "# Ngày đăng trên trang web: 20/12/2024" in draft
    assert "\n# attachments: [kh-cchc-2025.pdf]" in draft  # the file is not there yet
    assert "attachments" not in front_matter(draft)
    present = front_matter(render(imp, present_files={"kh-cchc-2025.pdf"}))
    assert present["attachments"] == ["kh-cchc-2025.pdf"]


def test_quyet_dinh_with_pdf_columns() -> None:
    imp = fixture("quyet-dinh-pdf.txt")
    assert (imp.number, imp.kind) == ("2890/QĐ-UBND", "quyet-dinh")
    assert imp.agency == "ubnd-tinh-quang-nam"
    assert imp.title == ("Ban hành Kế hoạch tuyên truyền cải cách hành chính trên địa bàn tỉnh "
                         "Quảng Nam năm 2024")
    assert (imp.issued, imp.year) == (date(2023, 12, 28), 2024)  # issued the year before
    assert signer_of(imp) == {"name": "Nguyễn Hồng Quang", "title": "Phó Chủ tịch"}
    assert [r.number for r in imp.refs] == [None, "76/NQ-CP", "1332/QĐ-BNV"]
    assert imp.refs[1].agency == "chinh-phu" and imp.refs[1].kind == "khac"
    assert list(imp.recipients) == ["Như Điều 3", "Bộ Nội vụ (b/c)", "Lưu: VT, NC"]
    assert any("Chuyển: P.NC" in n for n in imp.notes)
    body = imp.body_markdown
    assert "**QUYẾT ĐỊNH:**" in body and "**Điều 1.** Ban hành kèm theo" in body
    assert "\n2\n" not in body  # a page number
    assert "45/TTr-SNV" in body  # "Theo đề nghị …" is text, not a reference


def test_grouped_table_with_spilled_cells() -> None:
    imp = fixture("ke-hoach-thi-xa-grouped.txt")
    assert (imp.number, imp.issued, imp.year) == ("412/KH-UBND", date(2025, 1, 15), 2025)
    assert imp.agency == "ubnd-thi-xa-kien-tuong"
    assert refs_of(imp) == [("4100/KH-UBND", date(2024, 12, 30), "ubnd-thi-xa-kien-tuong")]
    assert signer_of(imp) == {"name": "Nguyễn Văn Vũ", "title": "Chủ tịch"}
    assert [(t.task, t.lead, t.due, t.quota) for t in imp.tasks] == [
        ("Xây dựng kế hoạch tuyên truyền cải cách hành chính", "phong-noi-vu-kien-tuong",
         "Quý I/2025", None),
        ("Tổng hợp kết quả thực hiện công tác tuyên truyền của các cơ quan, đơn vị",
         "phong-noi-vu-kien-tuong", "Quý IV/2025", None),
        ("Viết tin bài về cải cách hành chính", "trung-tam-vhtttt-kien-tuong", "Mỗi tháng 2 tin",
         "24 tin/năm"),
        ("Phát sóng chuyên mục cải cách hành chính trên Đài Truyền thanh thị xã",
         "trung-tam-vhtttt-kien-tuong", "Thường xuyên", None),
        ("Tổ chức tọa đàm về cải cách hành chính", "trung-tam-vhtttt-kien-tuong", "Quý III/2025",
         None),
        ("Tuyên truyền pháp luật về thủ tục hành chính", "phong-tu-phap-thi-xa-kien-tuong",
         "6 tháng/2025", None),
    ]
    assert proposals_of(imp) == [{"id": "phong-tu-phap-thi-xa-kien-tuong",
                              "name": "Phòng Tư pháp thị xã Kiến Tường", "level": "phong-ban",
                              "parent": "ubnd-thi-xa-kien-tuong", "aliases": ["Phòng Tư pháp"]}]


def test_cong_van_title_from_vv() -> None:
    imp = fixture("cong-van-vv.txt")
    assert (imp.kind, imp.number) == ("cong-van", "85/PNV")
    assert imp.title == "Đôn đốc báo cáo công tác cải cách hành chính quý III năm 2024"
    assert imp.agency == "phong-noi-vu-huong-khe"
    assert [r.as_yaml() for r in imp.refs] == [
        {"number": "15/KH-UBND", "agency": "ubnd-huyen-huong-khe", "issued": date(2024, 1, 19),
         "relation": "thuc-hien"}]


@pytest.mark.parametrize("text", [
    (FIXTURES / "khong-phai-van-ban.txt").read_text(encoding="utf-8"),
    "", "   \n\n", "Xin chào,\nhẹn gặp lại.\n",
])
def test_not_a_document(text: str) -> None:
    with pytest.raises(NotADocument) as err:
        parse_document(text, NAMES)
    assert "văn bản" in str(err.value)


def test_crlf_bom_nbsp_and_decomposed_text_read_the_same() -> None:
    text = (FIXTURES / "ke-hoach-thi-xa-grouped.txt").read_text(encoding="utf-8")
    messy = "\ufeff" + unicodedata.normalize("NFD", text).replace("\n", "\r\n").replace(
        "Số 412", "Số\u00a0412")
    a, b = parse_document(text, NAMES), parse_document(messy, NAMES)
    assert (b.number, b.title, b.agency, b.issued, b.tasks) == (
        a.number, a.title, a.agency, a.issued, a.tasks)


def test_forced_agency() -> None:
    imp = fixture("ke-hoach-web.txt", agency="phong-noi-vu-huong-khe")
    assert imp.agency == "phong-noi-vu-huong-khe"
    assert "agency" not in imp.flags
    assert refs_of(imp)[0][2] == "ubnd-tinh-ha-tinh"


def test_heading_variants_inline() -> None:
    text = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NAM\nSố: 15/TB-UBND\n"
            "Quảng Nam, ngày 02 tháng 3 năm 2024\n\nTHÔNG BÁO: Kết luận của Chủ tịch UBND tỉnh "
            "về công tác cải cách hành chính quý I năm 2024\n\nI. NỘI DUNG\n- Một.\n")
    imp = parse_document(text, NAMES)
    assert imp.kind == "thong-bao"
    assert imp.title.startswith("Kết luận của Chủ tịch UBND tỉnh")
    assert imp.year == 2024 and imp.issued == date(2024, 3, 2)


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_damaged_text_gives_a_draft_or_a_clear_refusal(name: str) -> None:
    """Cut, shuffled or tab-mangled copies never raise anything but NotADocument, and every
    draft is valid YAML front matter."""
    import random

    text = (FIXTURES / name).read_text(encoding="utf-8")
    rng = random.Random(name)
    lines = text.split("\n")
    variants = []
    for _ in range(8):
        cut = rng.randrange(len(text) + 1)
        shuffled = lines[:]
        rng.shuffle(shuffled)
        variants += [text[:cut], text[cut:], "\n".join(shuffled),
                     text.replace(" ", "\t", rng.randrange(30)), text.replace("\n", " ", 5)]
    for variant in variants:
        try:
            imp = parse_document(variant, NAMES)
        except NotADocument:
            continue
        assert front_matter(render(imp))["draft"] is True


# --- rendering --------------------------------------------------------------------------------

SPEC_ORDER = ["number", "kind", "title", "agency", "issued", "year", "period", "signer", "refs",
              "topics", "tags", "attachments", "tasks", "draft"]


@pytest.mark.parametrize("name", ["ke-hoach-phong-pipe.txt", "bao-cao-xa-so-trong.txt",
                                  "ke-hoach-web.txt"])
def test_render_front_matter(name: str) -> None:
    imp = fixture(name)
    draft = render(imp)
    data = front_matter(draft)
    keys = list(data)
    assert keys == [k for k in SPEC_ORDER if k in keys]
    assert data["draft"] is True
    assert data["kind"] == imp.kind and data["year"] == imp.year
    assert data.get("tasks", []) == tasks_of(imp)
    assert "\\u" not in draft and f"title: {imp.title}" in draft  # Vietnamese unescaped
    for message in imp.flags.values():
        assert f"# CẦN KIỂM TRA: {message}" in draft
    # The body follows the front matter.
    assert draft.split("\n---\n", 1)[1].strip().startswith(imp.body_markdown.strip()[:40])


def test_render_unread_fields_are_commented_placeholders() -> None:
    draft = render(fixture("bao-cao-xa-so-trong.txt"))
    assert "\n# number: <số hiệu" in draft
    assert "\n# issued: <YYYY-MM-DD>" in draft
    assert "# CẦN KIỂM TRA: các cơ quan dưới đây chưa có trong content/agencies.yml" in draft


def test_render_proposals_are_ready_to_paste() -> None:
    imp = fixture("ke-hoach-thi-xa-grouped.txt")
    draft = render(imp)
    block = [line[2:] for line in draft.split("\n")
             if line.startswith(("# - id:", "#   "))]
    assert yaml.safe_load("\n".join(block)) == proposals_of(imp)
    assert yaml.safe_load(proposals_yaml(imp)) == proposals_of(imp)


def test_render_values_are_yaml_safe() -> None:
    imp = Imported(kind="ke-hoach", title="Kế hoạch: tuyên truyền #CCHC - \"đợt 1\"",
                   agency="ubnd-tinh-quang-nam", year=2024,
                   tasks=(Task(task="- Viết: tin bài", lead="x", due="Quý I/2024",
                               quota="12 tin/năm"),),
                   refs=(Ref(title="Luật: A, B", issued=date(2015, 6, 19)),))
    data = front_matter(render(imp))
    assert data["title"] == imp.title
    assert data["tasks"] == tasks_of(imp)
    assert data["refs"] == [r.as_yaml() for r in imp.refs]


def test_suggested_path() -> None:
    assert suggested_path(fixture("ke-hoach-thi-xa-grouped.txt")) == \
        "plans/2025/412-kh-ubnd-ubnd-thi-xa-kien-tuong.md"
    assert suggested_path(fixture("ke-hoach-web.txt")).startswith("plans/2025/ke-hoach-")


# --- the drafts validate and build ------------------------------------------------------------

# The demo's configuration, without its podcast cover (a file of the demo's content/).
MKDOCS_YML = re.sub(r"\n +podcast:\n +image: [^\n]*", "", (REPO / "mkdocs.yml").read_text(
    encoding="utf-8").replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}"))

SOURCES = [pytest.param(FIXTURES / n, id=n) for n in sorted(
    p.name for p in FIXTURES.glob("*.txt") if p.name != "khong-phai-van-ban.txt")]


def _project(root: Path, drafts: list[tuple[Imported, str]], *, publish: bool = False,
             registry: Path = REGISTRY) -> Path:
    """A throwaway portal: the fixture registry plus the agencies each draft proposes (read back
    from the draft's comment block, as an editor would paste it), and the drafts in plans/."""
    (root / "content").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "content" / "index.md").write_text("---\ntitle: Trang chủ\n---\nXin chào.\n",
                                               encoding="utf-8")
    (root / "content" / "gioi-thieu.md").write_text("---\ntitle: Giới thiệu\n---\nGiới thiệu.\n",
                                                    encoding="utf-8")
    agencies = registry.read_text(encoding="utf-8")
    seen = set()
    for imp, draft in drafts:
        pasted = "\n".join(line[2:] for line in draft.split("\n")
                           if line.startswith(("# - id:", "#   ")))
        for entry in yaml.safe_load(pasted) or []:
            if entry["id"] not in seen:
                seen.add(entry["id"])
                agencies += "\n" + yaml.safe_dump([entry], allow_unicode=True, sort_keys=False)
        path = root / (suggested_path(imp) or "plans/van-ban.md")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(draft.replace("\ndraft: true\n", "\ndraft: false\n") if publish else draft,
                        encoding="utf-8")
    (root / "content" / "agencies.yml").write_text(agencies, encoding="utf-8")
    return root


def _validate(root: Path) -> tuple[int, list[dict]]:
    result = subprocess.run([str(CCHC), "validate", "--format", "json"], cwd=root,
                            capture_output=True, text=True, timeout=300)
    return result.returncode, json.loads(result.stdout or "[]")


@pytest.mark.parametrize("source", SOURCES)
def test_imported_draft_validates(tmp_path: Path, source: Path) -> None:
    imp = imported(source)
    root = _project(tmp_path / "portal", [(imp, render(imp))])
    code, problems = _validate(root)
    errors = [p for p in problems if p["severity"] == "error"]
    assert code == 0 and not errors, errors


def test_imported_drafts_build_into_pages(tmp_path: Path) -> None:
    from cchc.validate import document_id

    paths = [p.values[0] for p in SOURCES]
    drafts = [(imp, render(imp)) for imp in (imported(p) for p in paths)]
    root = _project(tmp_path / "portal", drafts, publish=True)
    site = tmp_path / "site"
    result = subprocess.run([str(CCHC), "build", "--site-dir", str(site), "--today",
                             "2025-06-30"], cwd=root, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    for imp, _ in drafts:
        stem = Path(suggested_path(imp) or "").stem
        page = site / "van-ban" / document_id(imp.year, imp.number, imp.agency, stem) / "index.html"
        assert page.is_file(), page
        html = page.read_text(encoding="utf-8")
        assert imp.title.split()[0] in html
        for task in imp.tasks[:1]:
            assert task.task.split()[0] in html


# --- the command ------------------------------------------------------------------------------

def _args(file: Path | str, root: Path, **kw) -> argparse.Namespace:
    return argparse.Namespace(file=str(file), agency=kw.get("agency"), output=kw.get("output"),
                              force=kw.get("force", False), root=str(root))


@pytest.fixture
def portal(tmp_path: Path) -> Path:
    root = tmp_path / "portal"
    (root / "content").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "content" / "agencies.yml").write_text(REGISTRY.read_text(encoding="utf-8"),
                                                   encoding="utf-8")
    return root


def test_run_prints_to_stdout(portal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(_args(FIXTURES / "ke-hoach-thi-xa-grouped.txt", portal)) == 0
    out, err = capsys.readouterr()
    assert out.startswith("---\n") and "number: 412/KH-UBND" in out
    assert "6 nhiệm vụ" in err and "plans/2025/412-kh-ubnd-ubnd-thi-xa-kien-tuong.md" in err


def test_run_writes_and_never_overwrites(portal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = portal / "plans" / "2025" / "kh.md"
    src = FIXTURES / "ke-hoach-thi-xa-grouped.txt"
    assert run(_args(src, portal, output=str(out))) == 0
    first = out.read_text(encoding="utf-8")
    assert front_matter(first)["number"] == "412/KH-UBND"
    out.write_text("sửa tay", encoding="utf-8")
    assert run(_args(src, portal, output=str(out))) == 1
    assert "--force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "sửa tay"
    assert run(_args(src, portal, output=str(out), force=True)) == 0
    assert out.read_text(encoding="utf-8") == first


def test_run_attachment_beside_the_output(portal: Path) -> None:
    out = portal / "plans" / "2025" / "kh.md"
    out.parent.mkdir(parents=True)
    (out.parent / "kh-cchc-2025.pdf").write_bytes(b"%PDF-1.4\n")
    assert run(_args(FIXTURES / "ke-hoach-web.txt", portal, output=str(out))) == 0
    assert front_matter(out.read_text(encoding="utf-8"))["attachments"] == ["kh-cchc-2025.pdf"]


def test_run_messages_not_tracebacks(portal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(_args(FIXTURES / "khong-phai-van-ban.txt", portal)) == 1
    err = capsys.readouterr().err
    assert "Không nhận ra đây là văn bản hành chính" in err and "Traceback" not in err
    assert run(_args(portal / "khong-co.txt", portal)) == 2
    assert "Không đọc được tệp" in capsys.readouterr().err
    assert run(_args(FIXTURES / "cong-van-vv.txt", portal, agency="khong-co-ma")) == 2
    assert "khong-co-ma" in capsys.readouterr().err


def _cp1258(text: str) -> bytes:
    """Windows-1258 as old Word saves it: base letters precomposed (â, ơ), tones combining."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in "\u0300\u0301"
                                                        "\u0303\u0309\u0323"))
            tones = "".join(c for c in d if c in "\u0300\u0301\u0303\u0309\u0323")
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def test_run_forced_agency_and_windows_1258(portal: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "cp1258.txt"
    text = (FIXTURES / "cong-van-vv.txt").read_text(encoding="utf-8")
    src.write_bytes(_cp1258(text))
    assert run(_args(src, portal, agency="ubnd-huyen-huong-khe")) == 0
    data = front_matter(capsys.readouterr().out)
    assert data["agency"] == "ubnd-huyen-huong-khe"
    assert data["title"] == "Đôn đốc báo cáo công tác cải cách hành chính quý III năm 2024"


def test_console_script(portal: Path) -> None:
    help_text = subprocess.run([str(CCHC), "--help"], capture_output=True, text=True).stdout
    if " import" not in help_text:
        pytest.fail("`cchc import` chưa có trong cchc/cli.py")
    src = FIXTURES / "ke-hoach-thi-xa-grouped.txt"
    result = subprocess.run([str(CCHC), "import", str(src), "-o", "plans/2025/kh.md"],
                            cwd=portal, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (portal / "plans" / "2025" / "kh.md").is_file()
    again = subprocess.run([str(CCHC), "import", str(src), "-o", "plans/2025/kh.md"],
                           cwd=portal, capture_output=True, text=True, timeout=120)
    assert again.returncode == 1 and "Traceback" not in again.stderr


def test_run_reads_stdin_and_works_without_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    import io

    text = (FIXTURES / "ke-hoach-phong-pipe.txt").read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    assert run(_args("-", tmp_path)) == 0  # no content/agencies.yml here
    out, err = capsys.readouterr()
    assert "không có danh mục cơ quan" in err
    data = front_matter(out)
    assert data["number"] == "21/KH-PNV"
    # Every agency is proposed; the draft uses the proposed ids.
    assert data["agency"] == "phong-noi-vu-huyen-huong-khe"
    assert "# - id: phong-noi-vu-huyen-huong-khe\n#   name: Phòng Nội vụ huyện Hương Khê" in out


# --- other layouts and issuers: a ministry, a Sở, a Văn phòng, a commune, news, aggregators ----

def test_ministry_decision_with_deputy_signer() -> None:
    imp = fixture("quyet-dinh-bo.txt")
    assert (imp.number, imp.kind, imp.agency, imp.issued, imp.year) == (
        "1234/QĐ-BNV", "quyet-dinh", "bo-noi-vu", date(2023, 8, 15), 2023)
    assert imp.title == ("Ban hành Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2023 "
                         "của Bộ Nội vụ")
    assert signer_of(imp) == {"name": "Trần Văn Minh", "title": "Thứ trưởng"}  # KT. BỘ TRƯỞNG
    # "của Trưởng Ban Chỉ đạo …": the Ban, proposed at the central level; "Theo đề nghị" is no ref.
    assert refs_of(imp) == [
        ("63/2022/NĐ-CP", date(2022, 9, 12), "chinh-phu"),
        ("76/NQ-CP", date(2021, 7, 15), "chinh-phu"),
        ("25/QĐ-BCĐCCHC", date(2023, 2, 10), "Ban Chỉ đạo cải cách hành chính của Chính phủ")]
    assert proposals_of(imp) == [{"id": "ban-chi-dao-cai-cach-hanh-chinh-cua-chinh-phu",
                                  "name": "Ban Chỉ đạo cải cách hành chính của Chính phủ",
                                  "level": "trung-uong", "parent": None}]
    assert dict(imp.flags) == {}  # a clean document: nothing to check


def test_report_with_the_date_split_over_two_lines() -> None:
    imp = fixture("bao-cao-so-ngay-xuong-dong.txt")
    assert (imp.number, imp.kind, imp.issued, imp.year, imp.period) == (
        "215/BC-SNV", "bao-cao", date(2024, 6, 21), 2024, "6 tháng/2024")
    assert imp.agency == "so-noi-vu-tinh-binh-dinh" and "agency" in imp.flags
    assert proposals_of(imp)[0]["level"] == "so-nganh"
    assert signer_of(imp) == {"name": "Phạm Thị Lan", "title": "Giám đốc"}
    assert [r.relation for r in imp.refs] == ["bao-cao", "thuc-hien"]


def test_notice_of_a_provincial_office() -> None:
    imp = fixture("thong-bao-van-phong.txt")
    assert (imp.number, imp.kind, imp.issued) == ("77/TB-VP", "thong-bao", date(2024, 4, 4))
    # "UBND TỈNH QUẢNG NAM" over "VĂN PHÒNG": the Văn phòng of that UBND.
    assert imp.agency == "van-phong-ubnd-tinh-quang-nam"
    assert imp.title == ("Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp về công tác cải cách "
                         "hành chính quý I năm 2024")
    assert "chữ thường" in imp.flags["title"]  # re-cased from capitals: flagged
    assert signer_of(imp) == {"name": "Lê Văn Dũng", "title": "Chánh Văn phòng"}


def test_commune_letter_with_a_wrapped_vv_line() -> None:
    imp = fixture("cong-van-xa-moi.txt")
    assert (imp.number, imp.kind, imp.issued) == ("45/UBND-VP", "cong-van", date(2025, 9, 3))
    assert imp.title == "Triển khai tuyên truyền cải cách hành chính năm 2025"
    assert imp.agency == "ubnd-xa-phu-hoa-dong"
    assert {p.id: p.level for p in imp.proposals} == {
        "ubnd-xa-phu-hoa-dong": "xa", "ubnd-thanh-pho-ho-chi-minh": "tinh"}
    assert list(imp.recipients) == ["Các ấp trên địa bàn xã", "Công chức Văn hóa - Xã hội xã",
                                    "Như trên", "Lưu: VT"]


def test_news_item_announcing_a_plan_gives_the_plans_draft() -> None:
    imp = fixture("tin-bai-ban-hanh-ke-hoach.txt")
    assert imp.origin == "van-ban-duoc-dua-tin"
    assert (imp.number, imp.kind, imp.agency, imp.issued, imp.year) == (
        "98/KH-UBND", "ke-hoach", "ubnd-huyen-tuy-phuoc", date(2024, 3, 8), 2024)
    assert imp.title == "Tuyên truyền cải cách hành chính năm 2024 trên địa bàn huyện"
    assert imp.published == date(2024, 3, 12)  # the article's date, not the plan's
    for name in ("number", "kind", "title", "agency", "issued"):
        assert "tin bài" in imp.flags[name]
    draft = render(imp)
    assert "là tin bài về một văn bản" in draft and "tin-bai-ban-hanh-ke-hoach" in draft
    assert "Tin liên quan" not in imp.body_markdown


def test_news_item_about_a_report_without_number_or_date() -> None:
    text = ("14:20, 05/10/2023\n\nSở Tư pháp ban hành báo cáo cải cách hành chính quý III\n\n"
            "Sở Tư pháp tỉnh Ninh Thuận vừa ban hành báo cáo kết quả công tác cải cách hành "
            "chính quý III năm 2023.\n\nTheo báo cáo, trong quý, Sở đã tiếp nhận 2.315 hồ sơ, "
            "100% được giải quyết đúng hạn.\n\nP.LINH\n")
    imp = parse_document(text, NAMES)
    assert (imp.kind, imp.agency, imp.year, imp.period) == (
        "bao-cao", "so-tu-phap-tinh-ninh-thuan", 2023, "Quý III/2023")
    assert imp.number is None and "number" in imp.flags
    assert imp.issued is None and "05/10/2023" in imp.flags["issued"]


def test_notice_without_header_is_its_speakers_thong_bao() -> None:
    text = ("Thực hiện Kế hoạch số 56/KH-UBND ngày 20/01/2024 của UBND tỉnh Quảng Nam, trong quý I "
            "năm 2024 các sở còn 5 nhiệm vụ chưa hoàn thành.\nVăn phòng UBND tỉnh xin thông báo "
            "để các cơ quan, đơn vị biết, thực hiện.\n")
    imp = parse_document(text, NAMES)
    assert (imp.kind, imp.agency, imp.year) == ("thong-bao", "van-phong-ubnd-tinh-quang-nam", 2024)
    assert refs_of(imp) == [("56/KH-UBND", date(2024, 1, 20), "ubnd-tinh-quang-nam")]
    assert {"number", "issued", "title", "kind", "agency"} <= set(imp.flags)


def test_aggregator_metadata_is_evidence() -> None:
    imp = fixture("trang-tong-hop-dien-bien.txt")
    assert (imp.number, imp.kind, imp.agency, imp.issued) == (
        "56/KH-UBND", "ke-hoach", "ubnd-tinh-dien-bien", date(2024, 1, 10))
    assert imp.title == "Tuyên truyền cải cách hành chính trên địa bàn tỉnh Điện Biên năm 2024"
    # The signer is only in the page's "Người ký" line: taken, and flagged as such.
    assert imp.signer is not None and imp.signer.name == "Lò Văn Tiến"
    assert "Người ký" in imp.flags["signer"]
    # The related-documents list is not a reference; the plan cited twice is listed once.
    assert refs_of(imp) == [("4289/KH-UBND", date(2021, 12, 21), "ubnd-tinh-dien-bien")]
    assert "Đề án tăng cường" not in imp.body_markdown


def test_damaged_number_repaired_from_the_headline_and_flagged() -> None:
    text = ("Quyết định 77/QĐ-UBND năm 2023 công bố thủ tục hành chính của tỉnh Quảng Nam\n"
            "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NAM\nSố: 77/-UBND\nQuảng Nam, ngày 05 tháng 01 năm 2023\n"
            "QUYẾT ĐỊNH\nVỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n"
            "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ;\nQUYẾT ĐỊNH:\n"
            "Điều 1. Công bố.\n")
    imp = parse_document(text, NAMES)
    assert imp.number == "77/QĐ-UBND" and "bị hỏng" in imp.flags["number"]
    assert imp.agency == "ubnd-tinh-quang-nam" and imp.kind == "quyet-dinh"
    assert imp.title == "Công bố thủ tục hành chính"


@pytest.mark.parametrize("title", ["CẢI", "ỦY BAN NHÂN DÂN TỈNH KON TUM",
                                   "- 5Quyết định 468/QĐ-TTg năm 2021 phê duyệt Đề án"])
def test_garbage_titles_are_refused_and_flagged(title: str) -> None:
    text = (f"ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NAM\nSố: 12/KH-UBND\nQuảng Nam, ngày 05 tháng 01 năm "
            f"2023\nKẾ HOẠCH\n{title}\nCăn cứ Quyết định số 1332/QĐ-BNV ngày 14/12/2012 của Bộ "
            "Nội vụ;\nI. MỤC ĐÍCH\n- Một.\n")
    imp = parse_document(text, NAMES)
    assert imp.title is None or imp.title.startswith("Kế hoạch số 12/KH-UBND")
    assert "title" in imp.flags


def test_place_and_date_in_a_table_cell_split_over_lines() -> None:
    text = ("| ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n| TỈNH QUẢNG NAM | Độc lập "
            "- Tự do - Hạnh phúc |\n| Số: 88/KH-UBND | Quảng Nam, ngày 21 |\n| | tháng 11 năm 2012 "
            "|\nKẾ HOẠCH\nTuyên truyền cải cách hành chính năm 2013\nI. MỤC ĐÍCH\n- Một.\n")
    imp = parse_document(text, NAMES)
    assert (imp.issued, imp.year, imp.agency) == (date(2012, 11, 21), 2013, "ubnd-tinh-quang-nam")


def test_a_text_that_names_no_document_is_refused() -> None:
    with pytest.raises(NotADocument) as err:
        parse_document("Sáng nay trời mưa to ở thành phố.\nNhiều tuyến đường bị ngập.\n", NAMES)
    assert "không nêu tên một văn bản nào" in str(err.value)


# --- more layouts read by the same rules ----------------------------------------------------

DEMO = _registry(REPO / "content" / "agencies.yml").names
TITLE_THUC_HIEN = (
    'ỦY BAN NHÂN DÂN\n'
    'HUYỆN CAM LỘ\n'
    'Số: 45/KH-UBND\n'
    'Cam Lộ, ngày 10 tháng 02 năm 2023\n'
    'KẾ HOẠCH\n'
    'Thực hiện công tác cải cách hành chính năm 2023\n'
    'Căn cứ Quyết định số 3647/QĐ-UBND ngày 17/11/2021 của UBND tỉnh Quảng Trị;\n'
    'I. MỤC ĐÍCH\n'
    '- Một.\n'
)
ANNUAL_REPORT = (
    'UBND TỈNH QUẢNG TRỊ\n'
    'SỞ NỘI VỤ\n'
    'Số: 88/BC-SNV\n'
    'Quảng Trị, ngày 10 tháng 12 năm 2023\n'
    'BÁO CÁO\n'
    'Tình hình, kết quả thực hiện công tác cải cách hành chính năm 2023\n'
    'Thực hiện Kế hoạch số 204/KH-UBND ngày 24/12/2022 của UBND tỉnh, Sở Nội vụ báo cáo như sau:\n'
    'I. KẾT QUẢ\n'
    '- Một.\n'
)
FOUR_CELL_META = (
    'Quyết định 1234/QĐ-UBND năm 2024 phê duyệt Kế hoạch cải cách hành chính tỉnh Quảng Ngãi\n'
    'Số hiệu: | 1234/QĐ-UBND | Loại văn bản: | Quyết định |\n'
    'Nơi ban hành: | Tỉnh Quảng Ngãi | Người ký: | Trần Phước Hiền |\n'
    'Ngày ban hành: | 20/12/2023 | Ngày hiệu lực: | Đã biết |\n'
    'ỦY BAN NHÂN DÂN\n'
    'TỈNH QUẢNG NGÃI\n'
    '-------\n'
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n'
    'Độc lập - Tự do - Hạnh phúc\n'
    '---------------\n'
    'Số: 1234/QĐ-UBND\n'
    'Quảng Ngãi, ngày 20 tháng 12 năm 2023\n'
    'QUYẾT ĐỊNH\n'
    'PHÊ DUYỆT KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC TỈNH QUẢNG NGÃI NĂM 2024\n'
    'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\n'
    'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n'
    'Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;\n'
    'Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 99/TTr-SNV ngày 10/12/2023.\n'
    'QUYẾT ĐỊNH:\n'
    'Điều 1. Phê duyệt.\n'
)
NEWS_SIGNED = (
    '(Chinhphu.vn) – Thủ tướng Chính phủ vừa ký Quyết định số 1291/QĐ-TTg ngày 7/11/2023 phê '
    'duyệt Đề án tăng cường công tác thông tin, tuyên truyền cải cách hành chính giai đoạn '
    '2023-2030.\n'
    'Theo Đề án, mục tiêu đến năm 2025 là 100% cơ quan hành chính nhà nước công khai thủ tục '
    'hành chính.\n'
)
NEWS_DAY_FIRST = (
    'Ngày 15/3, UBND tỉnh Quảng Nam ban hành Kế hoạch số 78/KH-UBND về tuyên truyền cải cách '
    'hành chính năm 2024.\n'
    'Kế hoạch đặt mục tiêu mỗi sở, ngành đăng ít nhất 4 tin, bài mỗi quý.\n'
)
PDF_COLUMNS = (
    'ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n'
    'HUYỆN HƯƠNG KHÊ                          Độc lập - Tự do - Hạnh phúc\n'
    'Số: 102/BC-UBND                    Hương Khê, ngày 25 tháng 9 năm 2024\n'
    'BÁO CÁO\n'
    'Kết quả công tác cải cách hành chính 9 tháng đầu năm 2024\n'
    'Thực hiện Công văn số 2201/SNV-CCHC ngày 10/9/2024 của Sở Nội vụ tỉnh Hà Tĩnh, UBND huyện '
    'báo cáo như sau:\n'
    'I. KẾT QUẢ\n'
    '- Một.\n'
    'Nơi nhận:                                    TM. ỦY BAN NHÂN DÂN\n'
    '- Sở Nội vụ;                                      KT. CHỦ TỊCH\n'
    '- Lưu: VT.                                        PHÓ CHỦ TỊCH\n'
    '                                                  Nguyễn Văn Hải\n'
)
SO_SPLIT = (
    'UBND TỈNH QUẢNG TRỊ\n'
    'SỞ THÔNG TIN VÀ\n'
    'TRUYỀN THÔNG\n'
    'Số:     /KH-STTTT\n'
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n'
    'Độc lập - Tự do - Hạnh phúc\n'
    'Quảng Trị, ngày    tháng    năm 2024\n'
    'KẾ HOẠCH\n'
    'Tuyên truyền cải cách hành chính, chuyển đổi số năm 2024\n'
    'Thực hiện Kế hoạch số 12/KH-UBND ngày 15/01/2024 của UBND tỉnh Quảng Trị, Sở Thông tin và '
    'Truyền thông xây dựng Kế hoạch như sau:\n'
    'I. MỤC ĐÍCH\n'
    '- Một.\n'
)
PLACE_OVER_BODY = (
    'TỈNH QUẢNG TRỊ\n'
    'ỦY BAN NHÂN DÂN\n'
    'Số: 88/CTr-UBND\n'
    'Quảng Trị, ngày 10 tháng 4 năm 2022\n'
    'CHƯƠNG TRÌNH\n'
    'Hành động thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ\n'
    'Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;\n'
    'I. MỤC TIÊU\n'
    '- Một.\n'
)
PORTAL_PAGE = (
    'Trang chủ > Tin tức > Văn bản\n'
    'Ngày đăng: 12/03/2024 | Lượt xem: 123\n'
    'Kế hoạch tuyên truyền cải cách hành chính năm 2024 của UBND huyện Vĩnh Linh\n'
    'ỦY BAN NHÂN DÂN HUYỆN VĨNH LINH\n'
    'Số: 33/KH-UBND\n'
    'Vĩnh Linh, ngày 05 tháng 3 năm 2024\n'
    'KẾ HOẠCH\n'
    'Tuyên truyền cải cách hành chính năm 2024\n'
    'Căn cứ Kế hoạch số 12/KH-UBND ngày 15/01/2024 của UBND tỉnh Quảng Trị;\n'
    'I. MỤC ĐÍCH\n'
    '- Một.\n'
    'KT. CHỦ TỊCH\n'
    'PHÓ CHỦ TỊCH\n'
    'Lê Văn Hùng\n'
)
CITY_SO = (
    'UBND THÀNH PHỐ ĐÀ NẴNG\n'
    'SỞ NỘI VỤ\n'
    '-------\n'
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n'
    'Độc lập - Tự do - Hạnh phúc\n'
    'Số: 1520/KH-SNV\n'
    'Đà Nẵng, ngày 02 tháng 6 năm 2023\n'
    'KẾ HOẠCH\n'
    'Tuyên truyền cải cách hành chính năm 2023\n'
    'Căn cứ Kế hoạch số 35/KH-UBND ngày 20/02/2023 của UBND thành phố về cải cách hành chính '
    'năm 2023;\n'
    'I. MỤC ĐÍCH\n'
    '- Một.\n'
)


@pytest.mark.parametrize(("text", "names", "want"), [
    pytest.param(TITLE_THUC_HIEN, NAMES, {
        'number': '45/KH-UBND',
        'title': 'Thực hiện công tác cải cách hành chính năm 2023',
        'agency': 'ubnd-huyen-cam-lo',
        'year': 2023,
    }, id='title_thuc_hien'),
    pytest.param(ANNUAL_REPORT, NAMES, {
        'kind': 'bao-cao',
        'period': 'Năm 2023',
        'agency': 'so-noi-vu-quang-tri',
    }, id='annual_report'),
    pytest.param(FOUR_CELL_META, NAMES, {
        'number': '1234/QĐ-UBND',
        'kind': 'quyet-dinh',
        'agency': 'ubnd-tinh-quang-ngai',
        'year': 2024,
    }, id='four_cell_meta'),
    pytest.param(NEWS_SIGNED, NAMES, {
        'number': '1291/QĐ-TTg',
        'kind': 'quyet-dinh',
        'agency': 'chinh-phu',
        'year': 2023,
        'title': ('Phê duyệt Đề án tăng cường công tác thông tin, tuyên truyền '
            'cải cách hành chính giai đoạn 2023-2030'),
    }, id='news_signed'),
    pytest.param(NEWS_DAY_FIRST, NAMES, {
        'number': '78/KH-UBND',
        'kind': 'ke-hoach',
        'agency': 'ubnd-tinh-quang-nam',
        'issued': None,
        'year': 2024,
    }, id='news_day_first'),
    pytest.param(PDF_COLUMNS, NAMES, {
        'number': '102/BC-UBND',
        'period': '9 tháng/2024',
        'agency': 'ubnd-huyen-huong-khe',
    }, id='pdf_columns'),
    pytest.param(SO_SPLIT, DEMO, {
        'number': None,
        'agency': 'so-tttt-quang-tri',
        'year': 2024,
    }, id='so_split'),
    pytest.param(PLACE_OVER_BODY, DEMO, {
        'kind': 'chuong-trinh',
        'agency': 'ubnd-tinh-quang-tri',
    }, id='place_over_body'),
    pytest.param(PORTAL_PAGE, DEMO, {
        'number': '33/KH-UBND',
        'agency': 'ubnd-huyen-vinh-linh',
        'issued': '2024-03-05',
    }, id='portal_page'),
    pytest.param(CITY_SO, DEMO, {'agency': 'so-noi-vu-da-nang'}, id='city_so'),
])
def test_more_layouts(text: str, names: object, want: dict) -> None:
    imp = parse_document(text, names)  # type: ignore[arg-type]
    for key, value in want.items():
        got = getattr(imp, key)
        assert (got.isoformat() if isinstance(got, date) else got) == value, key
        if value is None:
            assert key in imp.flags, key


TAB_COLUMNS = (
    'ỦY BAN NHÂN DÂN\n'
    'TỈNH BÌNH DƯƠNG\n'
    '-------\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n'
    'Độc lập - Tự do - Hạnh phúc\n'
    '---------------\n'
    'Số: 1234/QĐ-UBND\tBình Dương, ngày 12 tháng 5 năm 2023\n'
    ' \n'
    'QUYẾT ĐỊNH\n'
    'VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH\n'
    'THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA SỞ NỘI VỤ TỈNH BÌNH DƯƠNG\n'
    'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG\n'
    'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n'
    'Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ về kiểm soát '
    'thủ tục hành chính;\n'
    'Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 55/TTr-SNV ngày 02 tháng 5 năm '
    '2023,\n'
    'QUYẾT ĐỊNH:\n'
    'Điều 1. Công bố kèm theo Quyết định này.\n'
    'Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n'
    ' \n'
    'Nơi nhận:\n'
    '- Như Điều 3;\n'
    '- Lưu: VT.\tKT. CHỦ TỊCH\n'
    'PHÓ CHỦ TỊCH\n'
    '\n'
    '\n'
    '\n'
    '\n'
    'Nguyễn Lộc Hà\n'
)


def test_tab_columns_of_a_legal_library_copy() -> None:
    imp = parse_document(TAB_COLUMNS, DEMO)
    assert (imp.number, imp.kind, imp.issued) == ("1234/QĐ-UBND", "quyet-dinh", date(2023, 5, 12))
    assert imp.agency == "ubnd-tinh-binh-duong"
    assert imp.title == ("Công bố danh mục thủ tục hành chính mới ban hành thuộc thẩm quyền giải "
                         "quyết của Sở Nội vụ tỉnh Bình Dương")
    assert signer_of(imp) == {"name": "Nguyễn Lộc Hà", "title": "Phó Chủ tịch"}
    assert [r.number for r in imp.refs] == [None, "63/2010/NĐ-CP"]  # not the Tờ trình


def test_news_naming_a_body_without_its_place() -> None:
    text = ("(Baoquangtri.vn) - UBND tỉnh vừa ban hành Kế hoạch số 123/KH-UBND về tuyên truyền "
            "cải cách hành chính năm 2024.\nTheo đó, các sở, ngành đẩy mạnh tuyên truyền.\n")
    imp = parse_document(text, DEMO)
    assert imp.agency is None and "không ghi địa danh" in imp.flags["agency"]
    assert imp.proposals == ()  # never a "ubnd-tinh" of no province
    placed = parse_document("Quảng Trị đẩy mạnh tuyên truyền\n" + text.replace(
        "năm 2024.", "năm 2024 trên địa bàn tỉnh Quảng Trị."), DEMO)
    assert placed.agency == "ubnd-tinh-quang-tri" and "agency" in placed.flags


def test_a_decision_typed_in_ordinary_case() -> None:
    text = ("Ủy ban nhân dân tỉnh Quảng Trị\nSố: 12/QĐ-UBND\nQuảng Trị, ngày 05 tháng 01 năm 2024\n"
            "Quyết định\nVề việc ban hành Kế hoạch cải cách hành chính năm 2024\n"
            "Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị\nCăn cứ Luật Tổ chức chính quyền địa phương "
            "ngày 19 tháng 6 năm 2015;\nQuyết định:\nĐiều 1. Ban hành.\n")
    imp = parse_document(text, DEMO)
    assert (imp.kind, imp.agency, imp.title) == (
        "quyet-dinh", "ubnd-tinh-quang-tri", "Ban hành Kế hoạch cải cách hành chính năm 2024")


def test_news_with_the_day_before_the_issuer() -> None:
    text = ("Ngày 20/3/2024, Chủ tịch UBND tỉnh Kon Tum ký Quyết định số 220/QĐ-UBND phê duyệt Kế "
            "hoạch tuyên truyền cải cách hành chính năm 2024.\nCác sở, ngành thực hiện nghiêm túc.\n")
    imp = parse_document(text, DEMO)
    assert (imp.number, imp.kind, imp.agency, imp.issued) == (
        "220/QĐ-UBND", "quyet-dinh", "ubnd-tinh-kon-tum", date(2024, 3, 20))
    assert "tin bài" in imp.flags["issued"]


def test_a_portal_banner_above_the_header_is_not_the_issuer() -> None:
    text = ("CỔNG THÔNG TIN ĐIỆN TỬ TỈNH QUẢNG NAM\nỦY BAN NHÂN DÂN\nTỈNH QUẢNG NAM\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 56/KH-UBND\n"
            "Quảng Nam, ngày 20 tháng 01 năm 2024\nKẾ HOẠCH\nTuyên truyền cải cách hành chính "
            "năm 2024\nI. MỤC ĐÍCH\n- Một.\n")
    imp = parse_document(text, NAMES)
    assert imp.agency == "ubnd-tinh-quang-nam" and imp.proposals == ()
