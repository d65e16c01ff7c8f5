"""`cchc import` reads the files agencies have: .docx (paragraphs and tables, merged cells),
.pdf with a text layer (text and ruled tables; a scan is refused with what to do), saved
.html pages, plain text in UTF-8, UTF-16 and Windows-1258. A format it cannot read is named.

The documents are the repository's own fixture texts, made into files here."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from cchc.importer import SourceError, parse_document, read_bytes, read_path, run
from cchc.importer.sources import decode
from tests.import_support import FIXTURES, docx_bytes, pdf_bytes, scanned_pdf_bytes
from tests.test_import import NAMES, _cp1258, refs_of, tasks_of

GROUPED = (FIXTURES / "ke-hoach-thi-xa-grouped.txt").read_text(encoding="utf-8")
FIELDS = ("number", "kind", "title", "agency", "issued", "year", "period", "signer")


def _fields(text: str) -> tuple[list[object], list[tuple], list[dict]]:
    imp = parse_document(text, NAMES)
    return [getattr(imp, f) for f in FIELDS], refs_of(imp), tasks_of(imp)


def _body_only(text: str) -> tuple[list[list[str]], str]:
    """The header of the grouped fixture as a two-column table, and the rest of the text."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("KẾ HOẠCH"))
    header = [["ỦY BAN NHÂN DÂN\nTHỊ XÃ KIẾN TƯỜNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
               "Độc lập - Tự do - Hạnh phúc"],
              ["Số: 412/KH-UBND", "Kiến Tường, ngày 15 tháng 01 năm 2025"]]
    return header, "\n".join(lines[start:])


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_docx_and_pdf_with_a_header_table_and_a_task_table(fmt: str) -> None:
    header, rest = _body_only(GROUPED)
    made = docx_bytes(rest, header) if fmt == "docx" else pdf_bytes(rest, header)
    source = read_bytes(made, f"ke-hoach.{fmt}")
    assert source.format == ("Word (.docx)" if fmt == "docx" else "PDF")
    assert _fields(source.text) == _fields(GROUPED)
    assert len(tasks_of(parse_document(source.text, NAMES))) == 6


def test_docx_merged_cells() -> None:
    """A lead merged down two rows leads both tasks; a group row merged across the table is a
    heading, not a task."""
    import docx

    document = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN THỊ XÃ KIẾN TƯỜNG", "Số: 77/KH-UBND",
                 "Kiến Tường, ngày 02 tháng 02 năm 2025", "KẾ HOẠCH",
                 "Tuyên truyền cải cách hành chính năm 2025",
                 "Thực hiện Kế hoạch số 4100/KH-UBND ngày 30/12/2024 của UBND thị xã Kiến Tường, "
                 "UBND thị xã ban hành Kế hoạch như sau:", "PHỤ LỤC"):
        document.add_paragraph(line)
    table = document.add_table(rows=4, cols=4)
    for c, value in enumerate(["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"]):
        table.cell(0, c).text = value
    group = table.cell(1, 0).merge(table.cell(1, 3))
    group.text = "I. CÔNG TÁC TUYÊN TRUYỀN"
    for r, (n, task, due) in enumerate([("1", "Viết tin bài về CCHC (2 tin/tháng)", "Thường xuyên"),
                                        ("2", "Phát thanh chuyên mục CCHC", "Quý II")], start=2):
        table.cell(r, 0).text, table.cell(r, 1).text, table.cell(r, 3).text = n, task, due
    lead = table.cell(2, 2).merge(table.cell(3, 2))
    lead.text = "Trung tâm Văn hóa, Thông tin và Truyền thanh thị xã"
    buf = io.BytesIO()
    document.save(buf)
    imp = parse_document(read_bytes(buf.getvalue(), "kh.docx").text, NAMES)
    assert imp.agency == "ubnd-thi-xa-kien-tuong" and imp.number == "77/KH-UBND"
    assert tasks_of(imp) == [
        {"task": "Viết tin bài về CCHC", "lead": "trung-tam-vhtttt-kien-tuong",
         "due": "Thường xuyên", "quota": "2 tin/tháng"},
        {"task": "Phát thanh chuyên mục CCHC", "lead": "trung-tam-vhtttt-kien-tuong",
         "due": "Quý II/2025"}]


def test_pdf_without_text_layer_is_refused_with_what_to_do() -> None:
    with pytest.raises(SourceError) as err:
        read_bytes(scanned_pdf_bytes(), "quet.pdf")
    message = str(err.value)
    assert "không có lớp chữ" in message and "bản quét" in message and ".docx" in message


def test_pdf_with_a_scanned_page_says_which() -> None:
    header, rest = _body_only(GROUPED)
    source = read_bytes(pdf_bytes(rest, header, scanned_page=True), "ghep.pdf")
    assert any("Trang" in w and "không có lớp chữ" in w for w in source.warnings)
    imp = parse_document(source.text, NAMES, warnings=source.warnings)
    assert imp.number == "412/KH-UBND"
    assert any("không có lớp chữ" in n for n in imp.notes)


def test_html_page() -> None:
    source = read_path(FIXTURES / "ke-hoach-phuong.html")
    assert source.format == "HTML"
    assert "var x" not in source.text and "Giới thiệu" not in source.text
    imp = parse_document(source.text, NAMES, source=source.name)
    assert (imp.number, imp.kind, imp.issued.isoformat(), imp.year) == (
        "17/KH-UBND", "ke-hoach", "2025-02-14", 2025)
    assert imp.title == "Tuyên truyền cải cách hành chính năm 2025"
    assert imp.agency == "ubnd-phuong-an-khanh"
    assert imp.signer is not None and imp.signer.as_yaml() == {"name": "Trần Quốc Bảo",
                                                              "title": "Chủ tịch"}
    assert [(t.task, t.lead, t.due, t.quota) for t in imp.tasks] == [
        ("Viết tin bài về cải cách hành chính", "van-phong-hdnd-va-ubnd-phuong-an-khanh",
         "Thường xuyên", "2 tin/tháng"),
        ("Tổ chức hội nghị đối thoại về thủ tục hành chính", "ubnd-phuong-an-khanh",
         "Quý III/2025", None)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig", "cp1258"])
def test_plain_text_encodings(encoding: str) -> None:
    raw = _cp1258(GROUPED) if encoding == "cp1258" else GROUPED.encode(encoding)
    text, _ = decode(raw)
    assert _fields(text) == _fields(GROUPED)


@pytest.mark.parametrize(("name", "raw", "named"), [
    ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "Word 97–2003 (.doc)"),
    ("vb.odt", b"PK\x03\x04" + b"\0" * 64, "OpenDocument (.odt)"),
    ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "ảnh PNG"),
    ("hong.docx", b"PK\x03\x04word/document.xml" + b"\0" * 64, "Word"),
    ("hong.pdf", b"%PDF-1.4\n%%EOF", "PDF"),
])
def test_unreadable_formats_are_named(name: str, raw: bytes, named: str) -> None:
    with pytest.raises(SourceError) as err:
        read_bytes(raw, name)
    assert named in str(err.value) and name in str(err.value)


def test_flattened_task_table_is_reported() -> None:
    """pdftotext's copy of a phụ lục: the table's words without its columns."""
    text = GROUPED.split("PHỤ LỤC")[0] + ("PHỤ LỤC\nPHÂN CÔNG NHIỆM VỤ\nSTT\nNhiệm vụ\nCơ quan "
                                         "chủ trì\nThời gian\n1\nViết tin bài\nTrung tâm\n")
    imp = parse_document(text, NAMES)
    assert imp.tasks == ()
    assert any("không đọc được cột nào" in n and ".pdf" in n for n in imp.notes)


def test_run_refuses_a_scan_with_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    pdf = tmp_path / "quet.pdf"
    pdf.write_bytes(scanned_pdf_bytes())
    (tmp_path / "content").mkdir()
    args = argparse.Namespace(file=str(pdf), agency=None, output=None, force=False,
                              root=str(tmp_path))
    assert run(args) == 1
    err = capsys.readouterr().err
    assert "không có lớp chữ" in err and "Traceback" not in err


def test_run_reads_a_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header, rest = _body_only(GROUPED)
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(docx_bytes(rest, header))
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "agencies.yml").write_text(
        (FIXTURES / "agencies.yml").read_text(encoding="utf-8"), encoding="utf-8")
    args = argparse.Namespace(file=str(path), agency=None, output=None, force=False,
                              root=str(tmp_path))
    assert run(args) == 0
    out, err = capsys.readouterr()
    assert "number: 412/KH-UBND" in out and "Word (.docx)" in err and "6 nhiệm vụ" in err


def test_help_has_no_english_of_ours() -> None:
    import re
    import subprocess
    import sys

    cchc = Path(sys.executable).with_name("cchc")
    out = subprocess.run([str(cchc), "import", "--help"], capture_output=True, text=True).stdout
    # argparse's own words ("usage:", "options:", "show this help…") are translated elsewhere.
    ours = re.sub(r"usage:|positional arguments:|options:|show this help message and exit|"
                  r"-h, --help|--agency|--output|--force|-o\b|\[-h\]", "", out)
    words = {w.lower() for w in re.findall(r"\b[a-zA-Z]+\b", ours)}
    english = {"file", "the", "and", "of", "to", "read", "write", "output", "agency", "force",
               "overwrite", "default", "from", "stdin", "input", "document", "draft", "id",
               "text", "plain", "page", "web", "or", "into", "if", "not"}
    assert not words & english, words & english


def test_docx_task_table_with_a_two_row_header() -> None:
    import docx

    document = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN THỊ XÃ KIẾN TƯỜNG", "Số: 78/KH-UBND",
                 "Kiến Tường, ngày 03 tháng 02 năm 2025", "KẾ HOẠCH", "Tuyên truyền năm 2025",
                 "Căn cứ Kế hoạch số 4100/KH-UBND ngày 30/12/2024 của UBND thị xã Kiến Tường;",
                 "PHỤ LỤC"):
        document.add_paragraph(line)
    table = document.add_table(rows=3, cols=5)
    for c, value in enumerate(["STT", "Nội dung", "Cơ quan thực hiện", "", "Thời gian"]):
        table.cell(0, c).text = value
    table.cell(0, 2).merge(table.cell(0, 3))
    for c in (0, 1, 4):
        table.cell(0, c).merge(table.cell(1, c))
    table.cell(1, 2).text, table.cell(1, 3).text = "Chủ trì", "Phối hợp"
    for c, value in enumerate(["1", "Viết tin bài về CCHC", "Phòng Nội vụ", "Phòng Văn hóa và "
                               "Thông tin", "Quý I"]):
        table.cell(2, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    imp = parse_document(read_bytes(buf.getvalue(), "kh.docx").text, NAMES)
    assert tasks_of(imp) == [{"task": "Viết tin bài về CCHC", "lead": "phong-noi-vu-kien-tuong",
                              "support": ["phong-vhtt-kien-tuong"], "due": "Quý I/2025"}]
