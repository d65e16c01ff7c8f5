"""The body as Markdown, in the document's order; task tables also become `tasks`.

Numbered sections become headings (I. → ##, 1. → ###, 1.1. → ####, a) → ####), "-" and "+"
items lists, runs of table rows Markdown tables, articles (Điều 1.) bold leads. Lines a PDF
broke inside a sentence are joined back into their paragraph.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..text import fold
from .agencies import AgencyBook
from .model import Task
from .tables import TableContext, md_table, read_table
from .tail import PAGE_NOISE, Tail, items
from .textkit import SEPARATOR, cells, is_upper, plain, starts_lower

_TAG = re.compile(r"<[^>]{0,400}>")
# Sections run together when a PDF loses its line breaks: "…cơ quan.II. Những thuận lợi: 1. Thuận
# lợi:", "…của xã.2. Công tác tuyên truyền: 2.1. Tuyên truyền …". Not "95.5. Trong" (a number).
_INLINE_SECTION = re.compile(
    r"(?<=[.:;])\s*(?=[IVX]{1,4}\.\s+[A-ZĐÀ-Ỹ])"
    r"|(?<=[.:;])\s+(?=\d{1,2}(?:\.\d{1,2})*\.\s+\S)"
    r"|(?<=[^\W\d_][.:;])(?=\d{1,2}(?:\.\d{1,2})*\.\s+[A-ZĐÀ-Ỹ])")
_ROMAN = re.compile(r"^(?P<n>[IVX]{1,5})\s*[.:)]\s*(?P<t>\S.*)$")
_ARTICLE = re.compile(r"^(?:Điều|ĐIỀU)\s+\d+\s*[.:]")
_LIST_ITEM = re.compile(r"^[-–•]\s*(?P<t>\S.*)$")
_SUB_ITEM = re.compile(r"^\+\s*(?P<t>\S.*)$")
_NUMBERED = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+(?P<t>\S.*)$")
_LETTERED = re.compile(r"^(?P<n>[a-zđ])\)\s*(?P<t>\S.*)$")


def inline_md(text: str) -> str:
    """HTML emphasis to Markdown, other tags out; '<' that is not a tag is kept."""
    if "<" in text:
        text = re.sub(r"</?\s*(?:i|em)\s*>", "*", text, flags=re.I)
        text = re.sub(r"</?\s*(?:b|strong)\s*>", "**", text, flags=re.I)
        text = re.sub(r"<\s*br\s*/?>", " ", text, flags=re.I)
        text = _TAG.sub("", text)
    return " ".join(html.unescape(text).split())


def _headingish(text: str) -> bool:
    t = text.replace("*", "")
    if t.endswith((";", ",")) or len(t) > 200:
        return False
    return not t.endswith(".") or len(t) <= 100


def _split_heading(prefix: str, text: str, level: int) -> list[str]:
    """A numbered line as a heading; 'Đối tượng: Cán bộ, …' as a heading and a paragraph."""
    head, sep, rest = text.partition(":")
    if sep and len(head) <= 80 and len(rest.strip()) >= 20 and not _headingish(text):
        return ["#" * level + f" {prefix} {head.strip()}:", rest.strip()]
    if _headingish(text):
        return ["#" * level + f" {prefix} {text}"]
    return [f"{prefix.replace('.', chr(92) + '.', 1) if prefix[0].isdigit() else prefix} {text}"]


@dataclass
class _Writer:
    """Markdown blocks, joined so that a list is one list and a wrapped line one paragraph;
    the tasks of the task tables met on the way."""

    book: AgencyBook
    issuer: str | None
    year: int | None
    blocks: list[tuple[str, str]] = field(default_factory=list)  # (kind, markdown)
    tasks: list[Task] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, kind: str, text: str, *, join: bool = False) -> None:
        if not text or (self.blocks and self.blocks[-1] == (kind, text) and kind == "p"):
            return  # a web page repeats its lead paragraph under the headline
        # A line broken inside a sentence (PDF, page break) continues the paragraph above it.
        if join and self.blocks and self.blocks[-1][0] in ("p", "li") and starts_lower(text):
            prev_kind, prev = self.blocks[-1]
            self.blocks[-1] = (prev_kind, f"{prev} {text}")
            return
        self.blocks.append((kind, text))

    def markdown(self) -> str:
        out: list[str] = []
        for i, (kind, text) in enumerate(self.blocks):
            if i and not (kind == "li" and self.blocks[i - 1][0] == "li"):
                out.append("")
            out.append(text)
        return "\n".join(out).strip() + "\n" if out else ""

    def line(self, text: str) -> None:
        for piece in _INLINE_SECTION.split(text):
            self._piece(piece.strip())

    def _headings(self, prefix: str, text: str, level: int) -> None:
        for block in _split_heading(prefix, text, level):
            self.add("h" if block.startswith("#") else "p", block)

    def _piece(self, piece: str) -> None:
        if not piece or SEPARATOR.match(piece):
            return
        bare = piece.replace("**", "")
        if (m := _ROMAN.match(bare)) and (m.group("t")[:1].isupper()
                                          or m.group("t")[:1].isdigit()):
            self._headings(f"{m.group('n')}.", m.group("t"), 2)
        elif m := _NUMBERED.match(bare):
            self._headings(m.group("n") + ".", m.group("t"), 3 + m.group("n").count("."))
        elif fold(bare).rstrip(": ") in ("quyet dinh", "quyet nghi", "chi thi"):
            self.add("p", f"**{bare}**")
        elif _ARTICLE.match(bare):
            head, _, rest = bare.partition(".")
            self.add("p", f"**{head}.** {rest.strip()}".strip())
        elif m := _LETTERED.match(bare):
            self._headings(f"{m.group('n')})", m.group("t"), 4)
        elif m := re.match(r"^(?P<h>Kính gửi|Nơi nhận)\s*:\s*(?P<rest>.*)$", bare, re.I):
            self.add("p", f"**{m.group('h')}:**")
            for item in items(m.group("rest")):
                self.add("li", f"- {item}")
        elif m := _LIST_ITEM.match(piece):
            self.add("li", f"- {m.group('t')}")
        elif m := _SUB_ITEM.match(piece):
            nested = self.blocks and self.blocks[-1][0] == "li"
            self.add("li", f"    - {m.group('t')}" if nested else f"- {m.group('t')}")
        else:
            if piece.startswith(("#", ">", "=")):
                piece = "\\" + piece
            if is_upper(piece) and len(piece) <= 120 and "**" not in piece:
                piece = f"**{piece}**"  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …", a centred line
            self.add("p", piece, join=True)

    def lines(self, lines: list[str]) -> None:
        """Body lines to Markdown; runs of table rows become tables (and tasks)."""
        i = 0
        while i < len(lines):
            row = cells(lines[i])
            if row is not None and sum(1 for c in row if c.strip()) >= 2:
                j = last = i
                while j < len(lines):
                    if cells(lines[j]) is not None:
                        last = j
                    elif lines[j].strip() and j - last > 2:
                        break
                    j += 1
                self.table(lines[i:last + 1])
                i = last + 1
                continue
            text = inline_md(lines[i].strip())
            if text and not PAGE_NOISE.match(text) and plain(text):
                self.line(text)
            i += 1

    def table(self, lines: list[str]) -> None:
        ctx = TableContext(self.issuer, self.year, len(self.tasks) + 1)
        reading = read_table(lines, self.book, ctx)
        self.tasks.extend(reading.tasks)
        self.notes.extend(reading.notes)
        if reading.rows:
            self.add("table", md_table(reading.rows, reading.groups))

    def appendix(self, lines: list[str]) -> None:
        first_row = next((k for k, line in enumerate(lines) if (c := cells(line)) is not None
                          and sum(1 for x in c if x.strip()) >= 2), len(lines))
        heading = [p for p in (plain(x) for x in lines[:first_row]) if p]
        if heading:
            self.add("h", "## " + heading[0])
            for h in heading[1:]:
                self.add("p", f"*{h}*" if h.startswith("(") else f"**{h}**")
        rest = lines[first_row:]
        last = max((k for k, line in enumerate(rest) if cells(line) is not None), default=-1)
        if last >= 0:
            self.table(rest[:last + 1])
        self.lines(rest[last + 1:])


@dataclass(frozen=True)
class BodyReading:
    markdown: str
    tasks: tuple[Task, ...]
    notes: tuple[str, ...]


def read_body(lines: list[str], tail: Tail, book: AgencyBook, *, issuer: str | None,
              year: int | None) -> BodyReading:
    writer = _Writer(book, issuer, year)
    writer.lines(lines)
    if tail.recipients:
        writer.add("p", "**Nơi nhận:**")
        for r in tail.recipients:
            writer.add("li", f"- {r}")
    for appendix in tail.appendices:
        writer.appendix(list(appendix))
    if tail.extra:
        writer.lines(list(tail.extra))
    return BodyReading(writer.markdown(), tuple(writer.tasks), tuple(writer.notes))


def is_article(text: str) -> bool:
    return bool(_ARTICLE.match(text))
