"""Helpers of the importer's tests: the fixture registry, and .docx / .pdf files made from a
text the way Word and a PDF printer would lay it out (paragraphs, and the text's tables as
real tables)."""

from __future__ import annotations

import io
from pathlib import Path

from cchc.diagnostics import Report
from cchc.importer.tables import table_rows
from cchc.importer.textkit import cells, clean_lines, plain
from cchc.load import load_agencies
from cchc.registry import Registry
from cchc.validate import validate_agencies

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = REPO / "tests" / "fixtures" / "import"
REGISTRY = FIXTURES / "agencies.yml"
DEMO_REGISTRY = REPO / "content" / "agencies.yml"
# A Vietnamese-capable TTF for the PDFs the tests write (Debian's fonts-dejavu-core; .ci/run
# installs it where it is missing).
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def needs_font() -> None:
    import pytest

    if not FONT.is_file():
        pytest.skip(f"không có phông chữ {FONT} để viết PDF thử (apt-get install "
                    "fonts-dejavu-core)")


def registry(path: Path = REGISTRY) -> Registry:
    report = Report(path.parent)
    return Registry(validate_agencies(load_agencies(path, report), report))


def blocks(text: str) -> list[str | list[list[str]]]:
    """A text as paragraphs and tables (runs of tab or pipe rows, cells put back together)."""
    out: list[str | list[list[str]]] = []
    run: list[str] = []
    for line in [*clean_lines(text), ""]:
        if cells(line) is not None:
            run.append(line)
            continue
        if run and (not line.strip()) and len(run) > 1:
            out.append([[plain(c) for c in row] for row in table_rows(run)])
            run = []
            continue
        if run:
            out.extend(run)
            run = []
        out.append(line)
    return out


def docx_bytes(text: str, header: list[list[str]] | None = None) -> bytes:
    """A .docx of the text; `header`, when given, is the two-column header table on top."""
    import docx

    document = docx.Document()
    if header:
        table = document.add_table(rows=len(header), cols=len(header[0]))
        for r, row in enumerate(header):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                lines = value.split("\n")
                cell.paragraphs[0].text = lines[0]
                for more in lines[1:]:
                    cell.add_paragraph(more)
    for block in blocks(text):
        if isinstance(block, list):
            width = max(len(r) for r in block)
            table = document.add_table(rows=len(block), cols=width)
            for r, row in enumerate(block):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        else:
            document.add_paragraph(plain(block) if block.strip() else "")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def pdf_bytes(text: str, header: list[list[str]] | None = None, *,
              scanned_page: bool = False) -> bytes:
    """A PDF with a text layer: paragraphs wrapped to the page, tables ruled; `header` lays
    its rows out in two columns, as the header of a document is printed; `scanned_page` adds
    a last page that is a picture only."""
    from fpdf import FPDF

    needs_font()
    pdf = FPDF(orientation="L", format="A4")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=8)
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for row in header or []:
        lines = [cell.split("\n") for cell in row]
        for i in range(max(len(x) for x in lines)):
            for c, column in enumerate(lines):
                pdf.cell(width / len(row), 5, column[i] if i < len(column) else "",
                         new_x="RIGHT" if c < len(lines) - 1 else "LMARGIN",
                         new_y="TOP" if c < len(lines) - 1 else "NEXT")
    for block in blocks(text):
        if isinstance(block, list):
            with pdf.table(repeat_headings=0, first_row_as_headings=False) as table:
                for row in block:
                    cells_row = table.row()
                    for value in row:
                        cells_row.cell(value)
            pdf.ln(3)
        elif block.strip():
            pdf.multi_cell(0, 4.5, plain(block), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(2)
    if scanned_page:
        pdf.add_page()
        pdf.set_fill_color(200, 200, 200)
        for y in range(20, 180, 8):
            pdf.rect(20, y, 250, 4, style="F")
    return bytes(pdf.output())


def scanned_pdf_bytes() -> bytes:
    """A page with a picture and no text layer, as a scanner makes it."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(200, 200, 200)
    for y in range(20, 260, 8):
        pdf.rect(20, y, 170, 4, style="F")
    return bytes(pdf.output())
