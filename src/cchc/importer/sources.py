"""Reading the files agencies have into text lines: plain text (UTF-8, UTF-16 as Notepad
saves "Unicode", Windows-1258), Word .docx (paragraphs and tables, merged cells included), PDF
with a text layer (text and ruled tables), saved HTML pages.

Tables come out in two forms. A layout table (the two-column header, the signature block
beside "Nơi nhận") is written cell by cell as lines, which is how the header and tail readers
expect a copied document; a data table (a phụ lục's tasks) as `| a | b |` rows.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..text import fold

_LAYOUT = re.compile(r"cong hoa xa hoi|doc lap\W+tu do|^so\s*:|noi nhan|^(?:tm|kt|tl|tuq)\s*\.",
                     re.M)
_FORMATS = {
    ".doc": "Word 97–2003 (.doc)", ".odt": "OpenDocument (.odt)", ".rtf": "RTF (.rtf)",
    ".xls": "Excel (.xls)", ".xlsx": "Excel (.xlsx)", ".ppt": "PowerPoint (.ppt)",
    ".pptx": "PowerPoint (.pptx)", ".jpg": "ảnh JPEG", ".jpeg": "ảnh JPEG", ".png": "ảnh PNG",
    ".tif": "ảnh TIFF", ".tiff": "ảnh TIFF", ".zip": "tệp nén ZIP", ".rar": "tệp nén RAR",
}


class SourceError(ValueError):
    """The file cannot be read as a document; the message names the format and what to do."""


@dataclass(frozen=True)
class Source:
    text: str
    name: str
    format: str  # for messages: "văn bản thuần (UTF-8)", "Word (.docx)", "PDF", "HTML"
    warnings: tuple[str, ...] = ()


def read_path(path: Path) -> Source:
    return read_bytes(path.read_bytes(), path.name)


def read_bytes(raw: bytes, name: str) -> Source:
    suffix = Path(name).suffix.lower()
    if raw.startswith(b"%PDF") or suffix == ".pdf":
        return _pdf(raw, name)
    if raw.startswith(b"PK\x03\x04"):
        if b"word/document.xml" in raw[:200_000] or suffix == ".docx":
            return _docx(raw, name)
        raise SourceError(f"Tệp {name} là tệp nén ({_FORMATS.get(suffix, 'ZIP')}), không phải "
                          "văn bản Word .docx: mở bằng chương trình tạo ra nó và lưu thành "
                          ".docx hoặc .pdf.")
    if raw.startswith(b"\xd0\xcf\x11\xe0") or suffix in _FORMATS:
        what = _FORMATS.get(suffix, "Word 97–2003 (.doc)")
        raise SourceError(f"Chưa đọc được tệp {what} “{name}”: mở tệp bằng Word (hoặc "
                          "LibreOffice) rồi lưu thành .docx, hoặc xuất ra PDF có lớp chữ.")
    text, encoding = decode(raw)
    if suffix in (".html", ".htm") or re.match(r"\s*<(?:!doctype html|html)\b", text[:500], re.I):
        return Source(html_text(text), name, "HTML")
    return Source(text, name, f"văn bản thuần ({encoding})")


def decode(raw: bytes) -> tuple[str, str]:
    """Text of a plain-text file: UTF-8 (with or without BOM), UTF-16 with its BOM or without
    (Notepad's "Unicode"), else Windows-1258, the usual older encoding of Vietnamese."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "UTF-8"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace"), "UTF-16"
    if len(raw) >= 4 and raw[1::2].count(0) > len(raw) // 4:
        return raw.decode("utf-16-le", errors="replace"), "UTF-16"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return raw.decode("cp1258", errors="replace"), "Windows-1258"


# --- tables -----------------------------------------------------------------------------------

Cell = list[str]  # the lines (paragraphs) of one cell


def _is_layout(rows: list[list[Cell]]) -> bool:
    text = "\n".join(fold(line.strip()) for row in rows for cell in row for line in cell)
    return bool(_LAYOUT.search(text)) and len(rows) <= 4


def _cell_text(cell: Cell) -> str:
    parts = [" ".join(p.split()) for p in cell if p.strip()]
    return " ".join(parts).replace("|", "/")


def table_lines(rows: list[list[Cell]]) -> list[str]:
    """A table as text lines: a layout table cell by cell, a data table as pipe rows."""
    if not rows:
        return []
    if _is_layout(rows):
        out: list[str] = []
        for row in rows:
            for cell in row:
                out.extend(p.strip() for p in cell if p.strip())
                out.append("")
        return out
    return ["| " + " | ".join(_cell_text(c) or " " for c in row) + " |" for row in rows] + [""]


# --- Word ---------------------------------------------------------------------------------------

def _docx(raw: bytes, name: str) -> Source:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - a runtime dependency
        raise SourceError("Chưa cài thư viện đọc tệp Word (python-docx).") from exc
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # a damaged or renamed file: python-docx raises many kinds
        raise SourceError(f"Không mở được tệp Word “{name}”: tệp hỏng hoặc không phải .docx.") \
            from exc
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            lines.extend(table_lines(_docx_rows(Table(child, document))))
    return Source("\n".join(lines), name, "Word (.docx)")


def _docx_rows(table: Any) -> list[list[Cell]]:
    """Rows of cells; a cell merged across columns is written once (the others empty), one
    merged down rows is repeated in each (every task of the group has that lead)."""
    rows: list[list[Cell]] = []
    for row in table.rows:
        cells: list[Cell] = []
        previous = None
        for cell in row.cells:
            if previous is not None and cell._tc is previous:
                cells.append([])
                continue
            previous = cell._tc
            paragraphs = [p.text for p in cell.paragraphs]
            for inner in cell.tables:  # a table nested in a cell: its text, row by row
                paragraphs += [" ".join(c.text for c in r.cells) for r in inner.rows]
            cells.append(paragraphs)
        rows.append(cells)
    return rows


# --- PDF ----------------------------------------------------------------------------------------

_COLUMN_GAP = 18.0  # points between two words that are in different columns of a line


def _pdf(raw: bytes, name: str) -> Source:
    try:
        import pdfplumber
    except ImportError as exc:  # pragma: no cover - a runtime dependency
        raise SourceError("Chưa cài thư viện đọc tệp PDF (pdfplumber).") from exc
    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
    except Exception as exc:  # pdfminer raises many kinds on a damaged file
        raise SourceError(f"Không mở được tệp PDF “{name}”: tệp hỏng hoặc không phải PDF.") \
            from exc
    lines: list[str] = []
    chars = 0
    empty: list[int] = []
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            chars += len(page.chars)
            if not page.chars:
                empty.append(number)
            lines.extend(_pdf_page(page))
    if chars == 0:
        raise SourceError(
            f"Tệp PDF “{name}” không có lớp chữ (có lẽ là bản quét hoặc ảnh chụp), nên không đọc "
            "được nội dung. Hãy xin cơ quan ban hành tệp Word (.docx) hoặc PDF xuất từ Word; "
            "hoặc nhận dạng chữ (OCR) tệp quét rồi nhập tệp kết quả.")
    warnings = () if not empty else (
        f"Trang {', '.join(map(str, empty))} của tệp PDF không có lớp chữ (ảnh quét): nội dung "
        "các trang đó không được đọc, hãy bổ sung bằng tay.",)
    return Source("\n".join(lines), name, "PDF", warnings)


def _pdf_page(page: Any) -> list[str]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    words = [w for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
             if outside(w)]
    items: list[tuple[float, list[str]]] = []
    for top, line in _pdf_lines(words):
        items.append((top, [line]))
    for table in tables:
        rows = [[(c or "").split("\n") for c in row] for row in table.extract()]
        items.append((table.bbox[1], table_lines(rows)))
    out: list[str] = []
    for _, block in sorted(items, key=lambda item: item[0]):
        out.extend(block)
    out.append("")
    return out


def _pdf_lines(words: Iterable[dict[str, Any]]) -> list[tuple[float, str]]:
    """Words → (top, line) with columns separated by four spaces (see header.fragments)."""
    rows: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - w["top"]) <= 3:
            rows[-1].append(w)
        else:
            rows.append([w])
    out: list[tuple[float, str]] = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        text = row[0]["text"]
        for prev, w in itertools.pairwise(row):
            text += ("    " if w["x0"] - prev["x1"] > _COLUMN_GAP else " ") + w["text"]
        out.append((row[0]["top"], text))
    return out


# --- HTML ---------------------------------------------------------------------------------------

_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
           "article", "header", "footer", "blockquote", "ul", "ol", "table", "title", "dd", "dt"}
_SKIP = {"script", "style", "noscript", "nav", "svg", "form", "button", "select", "iframe",
         "footer", "aside"}


class _Html(HTMLParser):
    """Text of a page: blocks as lines, list items as "- ", tables kept as rows of cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.skip = 0
        self.tables: list[list[list[Cell]]] = []

    def _cell(self) -> Cell | None:
        if self.tables and self.tables[-1] and self.tables[-1][-1]:
            return self.tables[-1][-1][-1]
        return None

    def _newline(self) -> None:
        if (cell := self._cell()) is not None:
            cell.append("")
        elif self.lines[-1].strip():
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif self.skip:
            return
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            if not self.tables[-1]:
                self.tables[-1].append([])
            self.tables[-1][-1].append([""])
        elif tag in _BLOCKS:
            self._newline()
            if tag == "li":
                self._text("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif self.skip:
            return
        elif tag == "table" and self.tables:
            rows = self.tables.pop()
            lines = table_lines([r for r in rows if r])
            if (cell := self._cell()) is not None:
                cell.extend(lines)
            else:
                self.lines.extend(["", *lines, ""])
        elif tag in _BLOCKS and tag not in ("tr",):
            self._newline()

    def _text(self, data: str) -> None:
        if (cell := self._cell()) is not None:
            cell[-1] += data
        else:
            self.lines[-1] += data

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self._text(re.sub(r"\s+", " ", data))


def html_text(page: str) -> str:
    parser = _Html()
    parser.feed(page)
    parser.close()
    return "\n".join(" ".join(line.split()) for line in parser.lines)
