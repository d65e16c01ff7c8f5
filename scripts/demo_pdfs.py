"""The demo portal's attachments: each document's PDF, laid out as an official document.

`python -m scripts.demo_pdfs` (needs the `demo` extra: `pip install -e '.[demo]'`, and a
Vietnamese-capable TrueType font: DejaVu Serif from Debian's `fonts-dejavu-core`) writes, for
each document below, the PDF its `attachments:` names: the header of an administrative document
(issuing agency and number on the left, the national motto on the right, place and date), the
kind and title, the full text (`scripts/demo_texts/`, the public text of the real document),
the recipients and the signature block. Metadata comes from the document's own front matter and
`content/agencies.yml`, so the PDF and the page always agree. Output is deterministic (fixed
creation date, fonts subset to the characters used), a few pages and tens of kilobytes each.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from cchc.diagnostics import Report
from cchc.load import load_agencies, load_markdown
from cchc.vocab import KINDS

REPO = Path(__file__).resolve().parents[1]
TEXTS = Path(__file__).resolve().parent / "demo_texts"
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/Library/Fonts"), Path("C:/Windows/Fonts")]


@dataclass(frozen=True)
class Attachment:
    document: str  # the Markdown file, relative to the repository
    pdf: str  # the attachment it names
    text: str  # the body, in scripts/demo_texts/
    place: str  # địa danh of the date line
    signer_role: str  # the signature block: "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    code: str = ""  # the number's suffix for a document without number ("KH-SLĐTBXH")
    month: int = 0  # the month of issue, when only that is known


DEMO = [
    Attachment("plans/2013/107-kh-ubnd-quang-nam.md", "plans/2013/107-kh-ubnd.pdf",
               "107-kh-ubnd.txt", "Quảng Nam", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"),
    Attachment("plans/2022/ke-hoach-tuyen-truyen-cchc-2022-so-ldtbxh-dien-bien.md",
               "plans/2022/224.pdf", "224.txt", "Điện Biên", "GIÁM ĐỐC",
               code="KH-SLĐTBXH", month=1),
]

FIXED_DATE = datetime(2024, 1, 1, tzinfo=timezone.utc)  # PDF metadata: the same bytes each run


def find_font(name: str) -> Path:
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return folder / name
    raise SystemExit(f"Không tìm thấy phông chữ {name}: cài gói fonts-dejavu-core "
                     "(apt-get install fonts-dejavu-core).")


class Official(FPDF):
    """A4, margins of Decree 30/2020/NĐ-CP (left 30 mm, right 15–20 mm), page numbers."""

    def __init__(self) -> None:
        super().__init__(format="A4", unit="mm")
        self.set_margins(30, 20, 18)
        self.set_auto_page_break(True, margin=20)
        self.add_font("serif", "", str(find_font("DejaVuSerif.ttf")))
        self.add_font("serif", "B", str(find_font("DejaVuSerif-Bold.ttf")))
        self.add_font("serif", "I", str(find_font("DejaVuSerif-Italic.ttf")))
        self.set_creation_date(FIXED_DATE)

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font("serif", "", 10)
            self.cell(0, 6, str(self.page_no()), align=Align.C, new_x=XPos.LMARGIN,
                      new_y=YPos.NEXT)
            self.ln(2)


def _date_line(place: str, issued: date | None, year: int, month: int) -> str:
    if issued:
        return f"{place}, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}"
    return f"{place}, ngày      tháng {month:02d} năm {year}" if month else \
        f"{place}, ngày      tháng      năm {year}"


_HEADING = re.compile(r"^(?:[IVX]+\.|\d+\.|[a-zđ]\))\s")


def render(item: Attachment, root: Path = REPO) -> bytes:
    report = Report(root)
    agencies = {r.data["id"]: r.data for r in load_agencies(root / "content/agencies.yml", report)}
    raw = load_markdown(root / item.document, report)
    if raw is None or report.errors:
        raise SystemExit("\n".join(d.format_text() for d in report.errors))
    meta = raw.data
    agency = agencies[meta["agency"]]
    parent = agencies.get(agency.get("parent") or "")
    issued = meta.get("issued")
    year = meta.get("year") or issued.year
    number = meta.get("number") or f"     /{item.code}"

    pdf = Official()
    pdf.set_title(f"{KINDS[meta['kind']]} {number}: {meta['title']}")
    pdf.set_author(agency["name"])
    pdf.set_subject(meta["title"])
    pdf.add_page()
    left_w, gap = 62, 2
    right_x = pdf.l_margin + left_w + gap
    right_w = pdf.w - pdf.r_margin - right_x
    top = pdf.get_y()
    # Left: the agency above (when the issuer is a department), the issuer, the number.
    pdf.set_font("serif", "", 11)
    if parent and agency["level"] in ("so-nganh", "phong-ban"):
        pdf.multi_cell(left_w, 5, parent["name"].upper(), align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font("serif", "B", 11)
    pdf.multi_cell(left_w, 5, agency["name"].upper(), align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font("serif", "", 11)
    pdf.ln(1)
    pdf.multi_cell(left_w, 6, f"Số: {number}", align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
    bottom_left = pdf.get_y()
    # Right: the national name and motto, then place and date.
    pdf.set_xy(right_x, top)
    pdf.set_font("serif", "B", 10.5)
    pdf.multi_cell(right_w, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font("serif", "B", 11)
    pdf.multi_cell(right_w, 5, "Độc lập - Tự do - Hạnh phúc", align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
    line_y = pdf.get_y()
    pdf.line(right_x + right_w / 2 - 25, line_y, right_x + right_w / 2 + 25, line_y)
    pdf.set_xy(right_x, line_y + 3)
    pdf.set_font("serif", "I", 11)
    pdf.multi_cell(right_w, 5, _date_line(item.place, issued, year, item.month), align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_y(max(bottom_left, pdf.get_y()) + 8)
    # Kind and title.
    pdf.set_font("serif", "B", 14)
    pdf.cell(0, 8, KINDS[meta["kind"]].upper(), align=Align.C, new_x=XPos.LMARGIN,
             new_y=YPos.NEXT)
    pdf.set_font("serif", "B", 12)
    pdf.multi_cell(0, 6, meta["title"], align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    # The text: headings bold, paragraphs justified with a first-line indent.
    text = (TEXTS / item.text).read_text(encoding="utf-8")
    body, _, recipients = text.partition("\nNơi nhận:\n")
    for para in (p.strip() for p in body.split("\n\n")):
        if not para:
            continue
        heading = bool(_HEADING.match(para)) and len(para) < 140 and not para.endswith(";")
        pdf.set_font("serif", "B" if heading and para[0] in "IVX0123456789" else "", 12)
        indent = "" if para.startswith("-") else "    "
        pdf.multi_cell(0, 6.2, indent + " ".join(para.split()), align=Align.J,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)
    # Recipients (left, small) and the signature block (right).
    pdf.ln(4)
    if pdf.get_y() > pdf.h - 70:
        pdf.add_page()
    top = pdf.get_y()
    if recipients.strip():
        pdf.set_font("serif", "B", 10)
        pdf.multi_cell(left_w, 5, "Nơi nhận:", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font("serif", "", 9)
        for line in recipients.strip().splitlines():
            pdf.multi_cell(left_w, 4.5, line.strip(), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_xy(right_x, top)
    pdf.set_font("serif", "B", 12)
    pdf.multi_cell(right_w, 6, item.signer_role, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_x(right_x)
    pdf.set_font("serif", "I", 11)
    pdf.multi_cell(right_w, 12, "(Đã ký)", align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
    return bytes(pdf.output())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Tạo các tệp PDF đính kèm của chuyên trang mẫu.")
    ap.add_argument("--check", action="store_true",
                    help="chỉ kiểm tra các tệp đã có giống hệt bản tạo lại (mã thoát 1 nếu khác)")
    args = ap.parse_args(argv)
    stale = []
    for item in DEMO:
        data = render(item)
        path = REPO / item.pdf
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(item.pdf)
            continue
        path.write_bytes(data)
        print(f"{item.pdf}: {len(data) // 1024} KB", file=sys.stderr)
    for name in stale:
        print(f"{name}: khác bản tạo lại; chạy python -m scripts.demo_pdfs", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
