"""The body of a document or news item: what is unfinished, hidden or too complex to publish.

- Unfinished: the sentences `cchc new` writes for the editor to replace, `<…>` placeholders
  uncommented from a draft, `TODO` / `CẦN KIỂM TRA` markers (left by editors and by
  `cchc import`), an empty body. In a draft (`draft: true`) they are expected and not reported.
- Hidden: editors' notes in HTML comments `<!-- … -->` are taken out of the body here, so they
  never reach a page, a feed, the open data or the search index; a non-draft file that has some
  is warned about (the note is still in the repository, which is public too).
- Too complex: Python-Markdown nests lists and quotes by recursion and matches brackets in time
  quadratic in the unmatched ones; a body beyond `MAX_NESTING` levels or with more than
  `MAX_UNMATCHED` unmatched openers in one paragraph is refused with its line, before the
  build would hang or crash on it. (`render.MarkdownRenderer` still bounds each conversion in
  time, for what these rules do not foresee.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .. import schema
from ..load import RawRecord, normalise_body
from .fields import Checker

MAX_NESTING = 12  # nested lists / quotes; legal texts need six (phần, chương, điều, khoản…)
MAX_UNMATCHED = 200  # unmatched `[`, `(` or `<` in one paragraph
MAX_BRACKET_DEPTH = 32  # `[[[…]]]` nested in one paragraph

MARKERS = re.compile(r"\bTODO\b|\bFIXME\b|CẦN KIỂM TRA")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTES = re.compile(r"^(?:[ \t]*>)+")
_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_PLACEHOLDER_VALUE = re.compile(r"^<[^<>]{1,80}>$")
# `<Tên cơ quan>` is a blank left to fill; `<img src=x …>` is markup (escaped where printed).
_TAG_NAMES = frozenset((
    "a", "abbr", "animate", "applet", "audio", "b", "base", "body", "br", "button", "div", "em",
    "embed", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr",
    "html", "i", "iframe", "image", "img", "input", "li", "link", "marquee", "math", "meta",
    "noembed", "noscript", "object", "ol", "option", "p", "script", "select", "source", "span",
    "strong", "style", "svg", "table", "template", "textarea", "title", "u", "ul", "use",
    "video", "xmp"))


def _is_placeholder(value: str) -> bool:
    if not _PLACEHOLDER_VALUE.match(value):
        return False
    first = value[1:-1].strip().split(None, 1)
    return not first or first[0].lower().rstrip("/") not in _TAG_NAMES


@dataclass(frozen=True)
class Comment:
    line: int  # 0-based line of the body where `<!--` stands
    column: int  # 1-based
    text: str
    closed: bool
    abrupt: bool = False  # `<!-->` or `<!--->`: closed at once, to a browser


def _comment_end(line: str, i: int) -> tuple[int, int]:
    """Where the open comment ends on this line and the closer's length: `-->`, or `--!>`,
    which browsers also accept; (-1, 0) when it goes on."""
    ends = [(at, len(c)) for c in ("-->", "--!>") if (at := line.find(c, i)) >= 0]
    return min(ends) if ends else (-1, 0)


def strip_comments(body: str) -> tuple[str, list[Comment]]:
    """The body without its HTML comments (outside code), each comment's newlines kept so that
    lines do not move; and the comments found."""
    if "<!--" not in body:
        return body, []
    out: list[str] = []
    found: list[Comment] = []
    fence = ""
    start: tuple[int, int] | None = None  # where the open comment began
    buf: list[str] = []
    for n, line in enumerate(body.split("\n")):
        if start is None:
            m = _FENCE.match(line)
            if fence:
                if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                    fence = ""
                out.append(line)
                continue
            if m:
                fence = m.group(1)
                out.append(line)
                continue
        kept: list[str] = []
        i = 0
        while i < len(line):
            if start is not None:
                end, size = _comment_end(line, i)
                if end < 0:
                    buf.append(line[i:])
                    i = len(line)
                    break
                buf.append(line[i:end])
                found.append(Comment(start[0], start[1], "\n".join(buf).strip(), True))
                start, buf = None, []
                i = end + size
                continue
            ch = line[i]
            if ch == "`":  # an inline code span: copied as it is
                run = len(line[i:]) - len(line[i:].lstrip("`"))
                close = line.find("`" * run, i + run)
                stop = len(line) if close < 0 else close + run
                kept.append(line[i:stop])
                i = stop
                continue
            if line.startswith("<!--", i):
                start, buf = (n, i + 1), []
                # `<!-->` and `<!--->` are whole (empty) comments to a browser: what follows them
                # is published, so it must not be hidden from the checks as a note.
                i += 4
                for abrupt in (">", "->"):
                    if line.startswith(abrupt, i):
                        found.append(Comment(n, start[1], "", True, abrupt=True))
                        start, i = None, i + len(abrupt)
                        break
                continue
            kept.append(ch)
            i += 1
        if start is not None:
            buf.append("")
        out.append("".join(kept))
    if start is not None:
        found.append(Comment(start[0], start[1], "\n".join(buf).strip(), False))
    return "\n".join(out), found


def _placeholders() -> list[str]:
    """The sentences `cchc new` writes for the editor to replace (declared in `schema`)."""
    return [s.split(". ")[0].strip().rstrip(".") for s in schema.PLACEHOLDER_BODIES]


def check_content(c: Checker, raw: RawRecord, draft: bool, what: str) -> str:
    """Every check of the body; returns the body as it is published (normalised, without HTML
    comments)."""
    body = normalise_body(raw.body)
    body, comments = strip_comments(body)
    _complexity(c, raw)
    for cm in comments:
        pos = (raw.body_line + cm.line, cm.column)
        if cm.abrupt:
            c.report.error(raw.path, pos, "html-comment-abrupt",
                           "`<!-->` không mở một ghi chú: trình duyệt coi nó là ghi chú rỗng đã "
                           "đóng, và hiện (hoặc chạy) mọi thứ viết sau nó như nội dung trang.",
                           "Viết ghi chú đầy đủ `<!-- nội dung ghi chú -->` (có dấu cách sau "
                           "`<!--`), hoặc xóa dòng này.")
            c.ok = False
        elif not cm.closed:
            c.report.error(raw.path, pos, "html-comment-unclosed",
                           "Ghi chú `<!--` không có dấu đóng `-->`: mọi nội dung phía sau nó "
                           "bị ẩn khỏi trang.",
                           "Thêm `-->` ở cuối ghi chú, hoặc xóa dòng `<!--`.")
            c.ok = False
        elif not draft:
            shown = cm.text if len(cm.text) <= 60 else cm.text[:57] + "…"
            c.report.warn(raw.path, pos, "html-comment",
                          f"Ghi chú trong `<!-- … -->` ({shown or 'trống'}) không được đăng lên "
                          "trang, nguồn tin hay dữ liệu mở, nhưng vẫn nằm trong kho nội dung "
                          "công khai.",
                          "Nếu là ghi chú nội bộ, xóa khỏi tệp (ghi vào phiếu việc hoặc pull "
                          "request); nếu là nội dung cho người đọc, bỏ `<!--` và `-->`.")
    if draft:
        return body
    for sentence in _placeholders():
        at = raw.body.find(sentence)
        if at >= 0:
            line = raw.body.count("\n", 0, at)
            c.report.error(raw.path, (raw.body_line + line, at - raw.body.rfind("\n", 0, at)),
                           "placeholder-text",
                           f"Nội dung {what} vẫn còn câu mẫu “{sentence}.” do lệnh `cchc new` "
                           "viết sẵn.",
                           "Thay câu mẫu bằng nội dung thật; nếu chưa viết xong, thêm "
                           "`draft: true` để chưa đăng.")
            c.ok = False
    _markers(c, raw)
    if not body.strip():
        c.report.warn(raw.path, (raw.body_line, 1), "empty-body",
                      f"{what.capitalize()} không có nội dung: trang chỉ hiện các trường thông "
                      "tin.",
                      "Viết nội dung (hoặc tóm tắt) bên dưới dòng `---` đóng phần thông tin; nếu "
                      "chưa xong, thêm `draft: true`.")
    return body


def check_placeholder_fields(c: Checker, data: dict[str, Any], draft: bool) -> None:
    """`title: <trích yếu>`: a placeholder of a draft uncommented and left unfilled."""
    if draft:
        return
    for key, value in data.items():
        if isinstance(value, str) and _is_placeholder(value.strip()):
            c.error((key,), "placeholder-text",
                    f"Trường `{key}` vẫn là chỗ trống của bản nháp: `{value.strip()}`.",
                    f"Điền giá trị thật cho `{key}`, hoặc giữ `draft: true` cho đến khi điền xong.")


def _markers(c: Checker, raw: RawRecord) -> None:
    shown = 0
    for text, first_line in ((raw.front, 2), (raw.body, raw.body_line)):
        if "TODO" not in text and "FIXME" not in text and "CẦN KIỂM TRA" not in text:
            continue
        for m in MARKERS.finditer(text):
            line = text.count("\n", 0, m.start())
            col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
            c.report.warn(raw.path, (first_line + line, col), "leftover-marker",
                          f"Còn dấu `{m.group()}`: một chỗ cần kiểm tra lại chưa được xử lý, "
                          "nhưng tệp không phải bản nháp nên sẽ được đăng.",
                          f"Kiểm tra chỗ này, sửa nếu cần, rồi xóa dấu `{m.group()}`; nếu chưa "
                          "xong, thêm `draft: true`.")
            shown += 1
            if shown >= 10:
                return


def _complexity(c: Checker, raw: RawRecord) -> None:
    """Nesting of lists and quotes, and unmatched brackets per paragraph (see the module).

    Linear and cheap on ordinary text: brackets are only matched in a paragraph that has more
    openers than the limit (unmatched ones are never more than all of them)."""
    body = raw.body
    if not body:
        return
    fence = ""
    para: list[str] = []
    para_start = 0
    lines = body.split("\n")
    for n, line in enumerate([*lines, ""]):
        m = _FENCE.match(line) if "`" in line or "~" in line else None
        if fence:
            if m and m.group(1)[0] == fence[0]:
                fence = ""
            continue
        if m:
            fence = m.group(1)
            continue
        if not line.strip():
            if para and _too_complex(c, raw, para, para_start):
                return
            para, para_start = [], n + 1
            continue
        para.append(line)
        indent = len(line) - len(line.lstrip(" \t"))
        if (indent >= MAX_NESTING or line.count(">") > MAX_NESTING) and \
                _nesting(line) > MAX_NESTING:
            c.report.error(raw.path, (raw.body_line + n, 1), "markdown-too-deep",
                           f"Danh sách hoặc trích dẫn lồng nhau {_nesting(line)} cấp, quá giới "
                           f"hạn {MAX_NESTING} cấp.",
                           "Giảm số cấp thụt lề (mỗi cấp là bốn khoảng trắng hoặc một dấu `>`); "
                           "văn bản hành chính thường chỉ cần đến ba, bốn cấp.")
            c.ok = False
            return


def _too_complex(c: Checker, raw: RawRecord, para: list[str], start: int) -> bool:
    text = "\n".join(para)
    counts = [text.count(ch) for ch in "[(<"]
    if max(counts) <= min(MAX_UNMATCHED, MAX_BRACKET_DEPTH):
        return False
    opens = [0, 0, 0]
    for line in para:
        _count(line, opens)
    depth = deepest = 0
    for line in para:
        depth, deepest = _depth(line, depth, deepest)
    worst = max(opens)
    if worst <= MAX_UNMATCHED and deepest <= MAX_BRACKET_DEPTH:
        return False
    sign = "[(<"[opens.index(worst)] if worst > MAX_UNMATCHED else "["
    c.report.error(raw.path, (raw.body_line + start, 1), "markdown-too-complex",
                   f"Đoạn văn này có {max(worst, deepest)} dấu `{sign}` không được đóng (hoặc "
                   "lồng vào nhau quá sâu); chương trình chuyển Markdown sang trang web sẽ chạy "
                   "rất lâu với đoạn như vậy.",
                   f"Đóng các dấu `{sign}` hoặc xóa bớt; nếu cần viết dấu này như chữ thường, "
                   f"đặt dấu `\\` trước nó (`\\{sign}`).")
    c.ok = False
    return True


def _nesting(line: str) -> int:
    """Levels of quotes (`>`) and list items (by four-space indentation) a line opens."""
    quotes = _QUOTES.match(line)
    rest = line[quotes.end():] if quotes else line
    item = _ITEM.match(rest)
    return (quotes.group().count(">") if quotes else 0) + \
        (len(item.group(1).expandtabs(4)) // 4 + 1 if item else 0)


def _count(line: str, opens: list[int]) -> None:
    """Add the line's unmatched `[`, `(`, `<` to `opens` (escaped ones do not count)."""
    if not any(ch in line for ch in "[(<"):
        for i, close in enumerate("])>"):
            if close in line:
                opens[i] = max(0, opens[i] - line.count(close))
        return
    prev = ""
    for ch in line:
        if prev == "\\":
            prev = ""
            continue
        if ch in "[(<":
            opens["[(<".index(ch)] += 1
        elif ch in "])>":
            i = "])>".index(ch)
            opens[i] = max(0, opens[i] - 1)
        prev = ch


def _depth(line: str, depth: int, deepest: int) -> tuple[int, int]:
    if "[" not in line and "]" not in line:
        return depth, deepest
    for ch in line:
        if ch == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == "]":
            depth = max(0, depth - 1)
    return depth, deepest
