"""The YAML slips editors make, found line by line before the parser sees them.

A parser stops where the text stops making sense, which is rarely where the mistake is, and it
names the mistake in its own terms ("mapping values are not allowed here"). The slips civil
servants make are few and recognisable from the line alone: a Tab, a colon or a `#` inside a
title, a title that starts with `[Video]` or `*`, a missing space after the colon or after a
list dash, a quote left open or closed too early, Word's curly quotes, an indentation that
matches no line above, a `---` in the middle. `scan` finds them, each with the column where
the editor should look (the start of the offending value) and the corrected line written out.

Two kinds of slip:
- *breaking* slips make the parser fail; they are reported only when it does (so a valid file
  is never blamed), and replace its message;
- *silent* slips parse, into a value the editor did not mean (`title: Hội nghị lần #2` is
  "Hội nghị lần"; `title: [Video]` is a list; `-the-che` is not a list item); they are always
  reported.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Slip:
    line: int  # 1-based, in the YAML text
    column: int
    code: str
    message: str
    hint: str
    fixed: str | None  # the corrected line; None when no single line can say it
    silent: bool = False  # parses, but into another value: reported even when parsing succeeds
    warning: bool = False


_SMART = "“”‘’„«»"
_KEY = re.compile(
    r"^(?P<lead>[ ]*(?:-[ ]+)*)"
    r"(?P<key>[^\s#'\"\[\]{},&*!|>%@`\-“”‘’][^:#\t]*?|\"[^\"\n]*\"|'[^'\n]*')"
    r"[ ]*:(?P<sep>[ \t]+|$)(?P<rest>.*)$")
_NO_SPACE = re.compile(r"^(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>[A-Za-z_][A-Za-z0-9_]*):(?P<rest>[^\s:].*)$")
_ITEM = re.compile(r"^(?P<lead>[ ]*)-(?P<sep>[ ]+|$)(?P<rest>.*)$")
_ITEM_NO_SPACE = re.compile(r"^(?P<lead>[ ]*)-(?P<rest>[^\s\-].*)$")
_BLOCK_HEADER = re.compile(r"^[|>][-+]?[1-9]?[-+]?[ \t]*(?:#.*)?$")
_DOC_MARK = re.compile(r"^(?:---|\.\.\.)(?:[ \t].*)?$")
_COMMENT = re.compile(r"[ \t]#")


def code(text: str) -> str:
    """`text` as a Markdown code span (doubled backticks when it holds one)."""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def double_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def quoted(text: str) -> str:
    """`text` as one YAML string: double quotes, or single quotes when it has `"` or `\\`."""
    text = text.strip()
    if '"' in text or "\\" in text:
        return single_quoted(text)
    return double_quoted(text)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _close_quote(value: str, q: str) -> int:
    """Index of the quote closing `value[0]`, or -1."""
    i = 1
    while i < len(value):
        ch = value[i]
        if q == '"' and ch == "\\":
            i += 2
            continue
        if ch == q:
            if q == "'" and value[i + 1: i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return -1


def _bracket_balance(text: str) -> tuple[int, int]:
    """(open brackets left at the end, index just after the outer collection closes or -1)."""
    depth, q, i, end = 0, "", 0, -1
    while i < len(text):
        ch = text[i]
        if q:
            if q == '"' and ch == "\\":
                i += 1
            elif ch == q:
                q = ""
        elif ch in "\"'" and (i == 0 or text[i - 1] in " ,[{"):
            q = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0 and end < 0:
                end = i + 1
        elif ch == "#" and i > 0 and text[i - 1] in " \t":
            break
        i += 1
    return depth, end


def _is_comment(text: str) -> bool:
    return not text.strip() or bool(re.match(r"^[ \t]+#", text))


@dataclass
class _Line:
    number: int
    text: str


class _Scanner:
    def __init__(self, text: str, text_keys: frozenset[str], known_keys: frozenset[str]):
        self.lines = text.split("\n")
        self.text_keys = text_keys
        self.known_keys = known_keys
        self.slips: list[Slip] = []
        self.stack: list[int] = []  # columns of the mapping keys open above
        self.expect_child = False  # the previous line opened a block (`key:` with no value)

    # -- reporting ------------------------------------------------------------------------
    def slip(self, n: int, col: int, code: str, message: str, hint: str, fixed: str | None,
             *, silent: bool = False, warning: bool = False) -> None:
        self.slips.append(Slip(n, col, code, message, hint, fixed, silent, warning))

    def next_content(self, i: int) -> str | None:
        for line in self.lines[i + 1:]:
            if line.strip() and not line.lstrip().startswith("#"):
                return line
        return None

    # -- the scan ---------------------------------------------------------------------------
    def run(self) -> list[Slip]:
        skip_until: tuple[str, int] | None = None  # ("quote", char) / ("flow", depth) / block
        block_indent = -1
        first = True
        for i, line in enumerate(self.lines):
            n = i + 1
            if skip_until is not None:
                kind, state = skip_until
                if kind == "quote":
                    q = chr(state)
                    close = _close_quote(q + line, q)
                    if close >= 0:
                        skip_until = None
                    continue
                depth, _ = _bracket_balance(line)
                state += depth
                skip_until = None if state <= 0 else ("flow", state)
                continue
            if block_indent >= 0:
                if not line.strip() or _indent(line) > block_indent:
                    continue
                block_indent = -1
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if _DOC_MARK.match(line) and not first:
                self.slip(n, 1, "yaml-second-document",
                          f"Dòng `{stripped}` ở giữa phần thông tin đầu trang bắt đầu một khối "
                          "thứ hai; chỉ dòng `---` cuối cùng đóng phần này.",
                          "Xóa dòng này (gộp các trường vào một khối duy nhất giữa hai dòng "
                          "`---`).", "")
                continue
            first = False
            line = self.fix_tabs(n, line)
            then = self.check(n, i, line)
            if then is None:
                continue
            what, value = then
            if what == "quote":
                skip_until = ("quote", ord(str(value)))
            elif what == "flow":
                skip_until = ("flow", int(str(value)))
            elif what == "block":
                block_indent = int(str(value))
        return self.slips

    def fix_tabs(self, n: int, line: str) -> str:
        lead = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" not in lead:
            return line
        content = line.lstrip(" \t")
        if not self.expect_child and (not self.stack or self.stack[-1] == 0):
            width = 0  # nothing above opens a block: the line belongs at the left margin
        else:
            width = len(lead.replace("\t", "  "))
        fixed = " " * width + content
        self.slip(n, lead.index("\t") + 1, "yaml-tab",
                  "Dòng được thụt lề bằng phím Tab; phần thông tin đầu trang chỉ cho thụt lề "
                  "bằng khoảng trắng.",
                  f"Thay Tab bằng khoảng trắng: {code(fixed.strip())} bắt đầu ở cột {width + 1}.", fixed)
        return fixed

    def check(self, n: int, i: int, line: str) -> tuple[str, object] | None:
        """Check one line (not blank, not a comment); what the following lines continue."""
        m = _NO_SPACE.match(line)
        if m and m.group("key") in self.known_keys:
            fixed = f"{m.group('lead')}{m.group('key')}: {m.group('rest')}"
            self.slip(n, len(m.group("lead")) + len(m.group("key")) + 2, "yaml-no-space",
                      f"Thiếu khoảng trắng sau dấu hai chấm của `{m.group('key')}:`; không có dấu "
                      "cách, YAML không nhận ra đây là một trường.",
                      f"Thêm một khoảng trắng sau dấu hai chấm: {code(fixed.strip())}.", fixed, silent=True)
            line = fixed
        m = _ITEM_NO_SPACE.match(line)
        rest_key = _KEY.match(m.group("rest")) if m else None
        if m and (self.expect_child or self.prev_item(i, len(m.group("lead")))
                  or (rest_key is not None and rest_key.group("key") in self.known_keys)):
            fixed = f"{m.group('lead')}- {m.group('rest')}"
            self.slip(n, len(m.group("lead")) + 1, "yaml-list-item",
                      "Thiếu khoảng trắng sau dấu gạch đầu dòng `-`; YAML đọc cả dòng là chữ, không "
                      "phải một mục của danh sách.",
                      f"Viết {code(fixed.strip())} (dấu gạch, một khoảng trắng, rồi giá trị).", fixed,
                      silent=True)
            line = fixed
        m = _KEY.match(line)
        if m:
            return self.key_line(n, i, line, m)
        m = _ITEM.match(line)
        if m:
            return self.item_line(n, i, line, m)
        if _indent(line) == 0 or not self.stack:
            word, _, rest = line.strip().partition(" ")
            if word in self.known_keys:
                fixed = f"{word}: {rest}"
                self.slip(n, len(word) + 1, "yaml-missing-colon",
                          f"Thiếu dấu hai chấm `:` sau tên trường `{word}`.",
                          f"Viết `{fixed}`.", fixed)
            else:
                self.slip(n, _indent(line) + 1, "yaml-missing-colon",
                          "Dòng này không có dạng `tên_trường: giá trị` (thiếu dấu hai chấm, hoặc "
                          "là nội dung bị đặt vào phần thông tin đầu trang).",
                          "Thêm dấu hai chấm sau tên trường, hoặc chuyển dòng này xuống dưới "
                          "dòng `---` đóng phần thông tin.", None)
        return None  # an indented continuation of the value above

    def prev_item(self, i: int, col: int) -> bool:
        for line in reversed(self.lines[:i]):
            if line.strip() and not line.lstrip().startswith("#"):
                return _indent(line) == col and line.lstrip().startswith("-")
        return False

    def indentation(self, n: int, line: str, col: int, dash: int | None) -> str:
        """Keep the stack of key columns; a key that matches no column above is a slip."""
        if dash is not None:
            while self.stack and self.stack[-1] > dash:
                self.stack.pop()
            self.stack.append(col)
            return line
        if col in self.stack:
            while self.stack[-1] != col:
                self.stack.pop()
            return line
        if (self.expect_child and (not self.stack or col > self.stack[-1])) or not self.stack:
            self.stack.append(col)
            return line
        # The nearest column above (the larger on a tie) is what the editor meant.
        want = min(self.stack, key=lambda c: (abs(c - col), -c))
        while self.stack[-1] != want:
            self.stack.pop()
        fixed = " " * want + line.lstrip(" ")
        self.slip(n, col + 1, "yaml-indent",
                  f"Dòng này thụt lề {col} khoảng trắng, không khớp với các dòng cùng cấp phía trên "
                  f"({want} khoảng trắng).",
                  f"Thụt lề bằng đúng số khoảng trắng như các dòng cùng cấp: {code(fixed.strip())} bắt "
                  f"đầu ở cột {want + 1}.", fixed)
        return fixed

    def key_line(self, n: int, i: int, line: str, m: re.Match[str]) -> tuple[str, object] | None:
        lead, key, sep, rest = m.group("lead"), m.group("key").strip(), m.group("sep"), \
            m.group("rest")
        dashes = lead.count("-")
        col = len(lead)
        if dashes and key not in self.known_keys:
            # `- Kế hoạch số 15: tuyên truyền`: an item of a list of text with `: ` inside.
            return self.item_line(n, i, line, _ITEM.match(line))  # type: ignore[arg-type]
        fixed_line = self.indentation(n, line, col, lead.index("-") if dashes else None)
        if fixed_line != line:
            m = _KEY.match(fixed_line) or m
            lead, col = m.group("lead"), len(m.group("lead"))
        if "\t" in sep:
            fixed = f"{lead}{key}: {rest}"
            self.slip(n, col + len(key) + 2, "yaml-tab",
                      f"Có ký tự Tab sau `{key}:`; chương trình vẫn đọc được, nhưng nhiều trình "
                      "soạn thảo và công cụ YAML báo lỗi ở đây.",
                      f"Thay Tab bằng một khoảng trắng: {code(fixed.strip())}.", fixed, warning=True,
                      silent=True)
        value_col = col + len(m.group("key")) + 1 + len(sep) + 1
        self.expect_child = not rest.strip() or rest.lstrip().startswith("#")
        if self.expect_child and not rest.strip().startswith("#"):
            return None
        prefix = f"{lead}{key}: "
        return self.value(n, i, prefix, rest, value_col, key, col)

    def item_line(self, n: int, i: int, line: str, m: re.Match[str]) -> tuple[str, object] | None:
        dash = len(m.group("lead"))
        while self.stack and self.stack[-1] > dash:
            self.stack.pop()
        rest = m.group("rest")
        self.expect_child = not rest.strip()
        if self.expect_child:
            return None
        prefix = f"{m.group('lead')}- "
        value_col = dash + 1 + len(m.group("sep")) + 1
        return self.value(n, i, prefix, rest, value_col, None, dash)

    def value(self, n: int, i: int, prefix: str, value: str, col: int, key: str | None,
              key_col: int) -> tuple[str, object] | None:
        """Check a value (after `key: ` or `- `) beginning at column `col`."""
        what = f"`{key}`" if key else "mục này"
        text = key in self.text_keys if key else True
        c = value[0]
        if c in "\"'":
            close = _close_quote(value, c)
            if close < 0:
                after = self.next_content(i)
                if after is None or _indent(after) <= key_col or _KEY.match(after):
                    fixed = prefix + value.rstrip() + c
                    self.slip(n, col, "yaml-quote",
                              f"Giá trị của {what} mở dấu nháy `{c}` mà không đóng.",
                              f"Thêm dấu nháy đóng ở cuối giá trị: {code(fixed.strip())}.", fixed)
                    return None
                return ("quote", c)
            after_quote = value[close + 1:]
            if not _is_comment(after_quote):
                fixed = prefix + (single_quoted(value.strip()) if c == '"'
                                  else double_quoted(value.strip()))
                self.slip(n, col, "yaml-quote",
                          f"Giá trị của {what} bắt đầu bằng dấu nháy, nhưng dấu nháy đóng lại ở "
                          "giữa giá trị; phần phía sau không đọc được.",
                          f"Đặt cả giá trị trong một cặp nháy khác loại: {code(fixed.strip())}.", fixed)
            return None
        if c in "[{":
            if text and key:
                fixed = prefix + quoted(value)
                kind = "một danh sách" if c == "[" else "một nhóm trường"
                self.slip(n, col, "yaml-special-start",
                          f"Giá trị của {what} bắt đầu bằng `{c}`: YAML hiểu đó là {kind}, "
                          "không phải một đoạn chữ.",
                          f"Đặt cả giá trị trong dấu nháy kép: {code(fixed.strip())}.", fixed,
                          silent=True)
                return None
            depth, end = _bracket_balance(value)
            if depth > 0:
                return ("flow", depth)
            if end > 0 and not _is_comment(value[end:]):
                self.slip(n, col + end, "yaml-bracket",
                          f"Sau dấu đóng ngoặc của {what} còn chữ; YAML chỉ cho một danh sách "
                          "`[…]` (hoặc một nhóm `{…}`) đứng riêng.",
                          "Đưa phần chữ đó vào trong ngoặc (cách nhau bằng dấu phẩy), hoặc đặt "
                          "cả giá trị trong dấu nháy kép nếu đó là một đoạn chữ.", None)
            return None
        if c in "|>" and _BLOCK_HEADER.match(value):
            return ("block", key_col)
        special = c in "*&!@`%|>" or value.startswith(("- ", "? ", ", ")) or value in "-?,"
        if special:
            fixed = prefix + quoted(value)
            sign = "dấu huyền ngược" if c == "`" else f"`{c}`"
            self.slip(n, col, "yaml-special-start",
                      f"Giá trị của {what} bắt đầu bằng {sign}, một ký tự có nghĩa riêng trong "
                      "YAML.",
                      f"Đặt cả giá trị trong dấu nháy kép: {code(fixed.strip())}.", fixed,
                      silent=c in "&!")
            return None
        if c == "#":
            if text and key:
                self.comment_slip(n, col, prefix, value, what, whole=True)
            return None
        comment = _COMMENT.search(value)
        plain = value[: comment.start()] if comment else value
        colon = re.search(r":(?:[ \t]|$)", plain)
        smart = c in _SMART
        if colon:
            real_comment = comment is not None and not self.hashtag(value, comment)
            body = plain if real_comment else value
            tail = value[len(plain):] if real_comment else ""
            inner = body.strip()
            if smart and len(inner) > 1 and inner[-1] in _SMART:
                inner = inner[1:-1]
            fixed = prefix + quoted(inner) + tail
            cause = ("Dấu nháy cong “ ” (thường do Word tự đổi) không phải dấu nháy của YAML, "
                     "nên g" if smart else "G")
            self.slip(n, col, "yaml-colon",
                      f"{cause}iá trị của {what} có dấu hai chấm kèm khoảng trắng (`: `); YAML hiểu "
                      "phần trước dấu hai chấm là tên một trường mới.",
                      f"Đặt cả giá trị trong dấu nháy kép (nháy thẳng): {code(fixed.strip())}.",
                      fixed, silent=key is None)  # an item `- a: b` parses, as a mapping
            return None
        if comment and text and key and not self.deliberate(value, comment):
            self.comment_slip(n, col + comment.start() + 1, prefix, value, what, whole=False)
            return None
        if smart and key and text and len(plain.strip()) > 1 and plain.strip()[-1] in _SMART:
            inner = plain.strip()[1:-1]
            fixed = prefix + quoted(inner) + (value[len(plain):] if comment else "")
            self.slip(n, col, "yaml-smart-quotes",
                      f"Giá trị của {what} nằm trong dấu nháy cong “ ”; đó không phải dấu nháy "
                      "của YAML nên chúng sẽ hiện trên trang như một phần của giá trị.",
                      "Nếu chỉ muốn đặt giá trị trong nháy, dùng nháy thẳng: "
                      f"{code(fixed.strip())}; nếu muốn hiện dấu nháy, giữ nguyên.", fixed,
                      silent=True, warning=True)
        return None

    @staticmethod
    def deliberate(value: str, comment: re.Match[str]) -> bool:
        """`title: Hội nghị  # ghi chú`: two spaces, `#`, a space is how notes are written
        (`cchc new` writes them so); a `#` after a single space is most often text."""
        return value[comment.start() - 1: comment.start()] in (" ", "\t") \
            and value[comment.end(): comment.end() + 1] in (" ", "")

    @staticmethod
    def hashtag(value: str, comment: re.Match[str]) -> bool:
        """`#2`, `#CCHC`: a `#` stuck to a word is text, not the start of a note."""
        return value[comment.end(): comment.end() + 1] not in ("", " ", "\t")

    def comment_slip(self, n: int, col: int, prefix: str, value: str, what: str,
                     *, whole: bool) -> None:
        comment = _COMMENT.search(" " + value if whole else value)
        assert comment is not None
        hashtag = self.hashtag(" " + value if whole else value, comment)
        fixed = prefix + quoted(value)
        lost = "cả giá trị" if whole else "phần từ dấu `#` trở đi"
        self.slip(n, col, "yaml-comment",
                  f"Trong giá trị của {what}, dấu `#` đứng sau khoảng trắng bắt đầu một ghi chú: "
                  f"{lost} bị bỏ, không hiện trên trang.",
                  f"Nếu `#` là một phần của giá trị, đặt cả giá trị trong dấu nháy kép: "
                  f"{code(fixed.strip())}; nếu là ghi chú, viết nó trên một dòng riêng.",
                  fixed, silent=True, warning=not hashtag)


def might_slip(text: str, text_keys: frozenset[str], known_keys: frozenset[str]) -> bool:
    """Whether `text` has anything a silent slip is made of (most files have not): when it
    parses and this is False, `scan` would find nothing to report."""
    return bool(_suspect(text_keys, known_keys).search(text))


@functools.lru_cache(maxsize=4)
def _suspect(text_keys: frozenset[str], known_keys: frozenset[str]) -> re.Pattern[str]:
    keys = "|".join(sorted(map(re.escape, text_keys)))
    known = "|".join(sorted(map(re.escape, known_keys)))
    return re.compile(
        r"\t|[“”‘’]"                                   # a Tab, curly quotes
        r"|^[ ]*(?:-[ ]+)*[A-Za-z_]\w*:[^\s]"          # no space after the colon
        r"|^[ ]*-[^\s-]"                                # no space after a list dash
        rf"|^[ ]*-[ ]+(?!(?:{known}):)[^\n]*?:[ \t]"     # `- a: b`: an item with a colon
        r"|[^\s#][ \t]+#"                               # a `#` after text
        r"|(?::|^[ ]*-)[ \t]+[&!*]"                      # a value starting with `&`, `!`, `*`
        rf"|^[ ]*(?:-[ ]+)*(?:{keys}):[ \t]+[\[{{#]",     # a text value starting `[`, `{{`, `#`
        re.M)


def scan(text: str, text_keys: frozenset[str], known_keys: frozenset[str]) -> list[Slip]:
    """Every slip of a YAML text, in line order (at most a few per line)."""
    return _Scanner(text, text_keys, known_keys).run()
