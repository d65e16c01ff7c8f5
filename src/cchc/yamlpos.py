"""YAML parsed with libyaml, keeping the line and column of every key and value, safely.

PyYAML's loaders throw positions away once values are constructed; editors need them in every
message. We read libyaml's parser events (fast, C) and build plain Python values ourselves,
without recursion, recording `path -> (line, column)` on the way. What editors write is content,
not a program, so the reader is stricter than PyYAML's:

- anchors (`&a`) and aliases (`*a`) are refused: they are never needed in content, a value
  that starts with `&` or `*` is almost always a slip, and expanding them is how 563 bytes
  become a billion strings (or a structure that contains itself);
- nesting deeper than `MAX_DEPTH` is refused (the content format needs four levels);
- plain scalars follow the YAML 1.2 core schema, minus the number forms that surprise editors:
  `true`/`false` and `null`/`~` are read as such, a plain decimal integer (`2024`, `107`) as an
  integer, `YYYY-MM-DD` (with an optional time) as a date; everything else stays the text it is
  — `010`, `0x1F`, `1.10`, `10:30`, `yes`, `No` (YAML 1.1 would read 8, 31, 1.1, 630, True,
  False);
- explicit tags other than `!!str` are refused.

Duplicate keys, which PyYAML silently resolves to the last one, are reported. Common slips are
explained by `yamlslips` before the parser sees them; what it does not recognise is translated
here, so no English message of libyaml ever reaches an editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

import yaml

try:  # libyaml is an optional accelerator of PyYAML; the pure-Python parser gives the same events.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

Path_ = tuple[Any, ...]
Pos = tuple[int, int]

MAX_DEPTH = 12  # nested lists and mappings (the format's deepest is tasks → task → support)


@dataclass
class Positions:
    """Where each value (and each mapping key) of a YAML document stands, 1-based."""

    values: dict[Path_, Pos] = field(default_factory=dict)
    keys: dict[Path_, Pos] = field(default_factory=dict)
    line_offset: int = 0  # lines before the YAML text in its file (front matter starts on line 2)
    # The text of plain scalars read as something else (`107` → 107, `2024-03-28` → a date), so
    # a text field shows exactly what was written.
    sources: dict[Path_, str] = field(default_factory=dict)
    flow_keys: set[Path_] = field(default_factory=set)  # keys written inside `{…}`
    _heads: dict[Any, Positions] | None = field(default=None, repr=False, compare=False)

    def of(self, *path: Any) -> Pos:
        """Position of the value at `path`, or of its nearest ancestor that has one."""
        p: Path_ = tuple(path)
        while p:
            if p in self.values:
                return self._shift(self.values[p])
            p = p[:-1]
        return self._shift(self.values.get((), (1, 1)))

    def key(self, *path: Any) -> Pos:
        p: Path_ = tuple(path)
        if p in self.keys:
            return self._shift(self.keys[p])
        return self.of(*path)

    def source(self, *path: Any) -> str | None:
        return self.sources.get(tuple(path))

    def sub(self, *path: Any) -> Positions:
        """Positions relative to the sub-document at `path` (an item of a YAML list file).

        The first call splits every table by its first path element once, so taking the
        positions of each of n items costs O(n) in all (not O(n²)).
        """
        if not path:
            return self
        if self._heads is None:
            self._heads = {}
            for name in ("values", "keys", "sources"):
                for k, v in getattr(self, name).items():
                    if k:
                        part = self._heads.setdefault(k[0], Positions(line_offset=self.line_offset))
                        getattr(part, name)[k[1:]] = v
            for k in self.flow_keys:
                if k:
                    part = self._heads.setdefault(k[0], Positions(line_offset=self.line_offset))
                    part.flow_keys.add(k[1:])
        head = self._heads.get(path[0], Positions(line_offset=self.line_offset))
        return head.sub(*path[1:])

    def _shift(self, pos: Pos) -> Pos:
        return pos[0] + self.line_offset, pos[1]


@dataclass
class YamlProblem:
    """A problem found while reading YAML: a syntax error, a duplicate key, a bad value."""

    pos: Pos
    code: str
    message: str
    hint: str = ""
    warning: bool = False
    fatal: bool = False  # the parser stopped here: nothing of the document could be read


class Reported(str):
    """A scalar that could not be read and has already been reported: checks skip it."""


# --- plain scalars ----------------------------------------------------------------------------

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True,
         "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^(?:0|-?[1-9][0-9]*)$")
_TIMESTAMP = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?"
    r"(?:[ \t]*(Z|z|[-+]\d{1,2}(?::?\d{2})?))?)?$")


def parse_timestamp(text: str) -> date | datetime | None:
    """`YYYY-MM-DD`, or with a time (`2024-03-28T08:30:00+07:00`, `2024-03-28 08:30`): a date
    or a datetime (aware when a zone is written). None when the text has another form;
    ValueError when it has this form but names no real day or time (`2024-02-30`)."""
    m = _TIMESTAMP.match(text.strip())
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m.group(4) is None:
        return date(year, month, day)
    fraction = (m.group(7) or "0")[:6].ljust(6, "0")
    tz = None
    if zone := m.group(8):
        if zone in "Zz":
            tz = timezone.utc
        else:
            digits = zone[1:].replace(":", "")
            hours, minutes = (int(digits), 0) if len(digits) <= 2 else \
                (int(digits[:-2]), int(digits[-2:]))
            if hours > 14 or minutes > 59:
                raise ValueError(zone)
            sign = -1 if zone[0] == "-" else 1
            tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return datetime(year, month, day, int(m.group(4)), int(m.group(5)), int(m.group(6) or 0),
                    int(fraction), tzinfo=tz)


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar: see the module's rules."""
    if text in _NULLS:
        return None
    if text in _BOOL:
        return _BOOL[text]
    first = text[0]
    if not (first.isdigit() or first == "-"):
        return text  # most values: words
    if len(text) < 19 and _INT.match(text):
        return int(text)
    if first.isdigit() and len(text) >= 10:
        try:
            stamp = parse_timestamp(text)
        except ValueError:
            return text  # an impossible date stays text: the field's check explains it
        if stamp is not None:
            return stamp
    return text


# --- building values from parser events -------------------------------------------------------

def _mark(event: Any) -> Pos:
    return event.start_mark.line + 1, event.start_mark.column + 1


_STR_TAGS = {"!", "tag:yaml.org,2002:str"}
_FRAMING = {yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent,
            yaml.StreamEndEvent}
_STARTS = {yaml.MappingStartEvent, yaml.SequenceStartEvent}
_ENDS = {yaml.MappingEndEvent, yaml.SequenceEndEvent}
_NO_KEY = object()


@dataclass
class _Frame:
    container: Any  # dict or list
    path: Path_
    flow: bool = False
    key: Any = _NO_KEY  # mappings: the key waiting for its value
    key_ok: bool = True  # False: the pending key was refused, its value is dropped
    is_list: bool = False


class _Builder:
    def __init__(self, reported_lines: frozenset[int] = frozenset()) -> None:
        self.positions = Positions()
        self.problems: list[YamlProblem] = []
        self.reported_lines = reported_lines  # lines whose slips were already reported
        self._deep_reported = False

    def problem(self, pos: Pos, code: str, message: str, hint: str) -> None:
        if pos[0] not in self.reported_lines:
            self.problems.append(YamlProblem(pos, code, message, hint))

    def run(self, loader: Any) -> Any:
        """Consume the events of one document; the value of its root node.

        One loop over the parser's events with an explicit stack (no recursion, whatever the
        nesting); dispatch on the event's exact type, as this loop runs for every scalar of
        every file.
        """
        stack: list[_Frame] = []
        root: Any = None
        skip = 0  # > 0: inside a refused subtree (too deep, or a complex key)
        skipped_value = False  # the refused subtree is a value (not a key): it becomes Reported
        values = self.positions.values
        get_event = loader.get_event
        while (event := get_event()) is not None:
            kind = type(event)
            if kind in _FRAMING:
                continue
            if skip:
                if kind in _STARTS:
                    skip += 1
                elif kind in _ENDS:
                    skip -= 1
                    if skip == 0 and skipped_value:
                        self._attach(stack, Reported(""), None)
                continue
            if kind in _ENDS:
                done = stack.pop()
                if stack:
                    self._attach(stack, done.container, None)
                else:
                    root = done.container
                continue
            if not stack:
                path: Path_ | None = ()
            else:
                top = stack[-1]
                if top.is_list:
                    path = (*top.path, len(top.container))
                elif top.key is _NO_KEY:
                    path = None  # a mapping key
                else:
                    path = (*top.path, top.key)
            mark = event.start_mark
            pos = (mark.line + 1, mark.column + 1)
            if path is not None:
                values[path] = pos
            if kind is yaml.AliasEvent:
                self._alias(event, pos)
                value: Any = Reported("*" + str(event.anchor))
            else:
                if event.anchor is not None:
                    self._alias(event, pos)
                if kind is yaml.ScalarEvent:
                    value = self._scalar(event, path, pos)
                else:  # the start of a mapping or a sequence
                    if path is None:  # a collection as a mapping key
                        self.problem(pos, "yaml-syntax", "Tên trường phải là một chữ đơn giản, "
                                     "không phải một danh sách hay một nhóm trường.",
                                     "Viết dạng `ten_truong: giá trị`.")
                        stack[-1].key, stack[-1].key_ok = "", False
                        skip, skipped_value = 1, False
                        continue
                    if len(stack) >= MAX_DEPTH:
                        if not self._deep_reported:
                            self.problems.append(YamlProblem(
                                pos, "yaml-too-deep",
                                f"Các danh sách, nhóm trường lồng vào nhau quá {MAX_DEPTH} cấp.",
                                "Định dạng nội dung chỉ cần vài cấp (ví dụ `tasks:` → một nhiệm "
                                "vụ → `support:`); kiểm tra lại thụt lề của các dòng này."))
                            self._deep_reported = True
                        skip, skipped_value = 1, bool(stack)
                        continue
                    is_list = kind is yaml.SequenceStartEvent
                    stack.append(_Frame([] if is_list else {}, path, bool(event.flow_style),
                                        is_list=is_list))
                    continue
            if not stack:
                root = value
                continue
            self._attach(stack, value, event)
        return root

    def _attach(self, stack: list[_Frame], value: Any, event: Any) -> None:
        top = stack[-1]
        if top.is_list:
            top.container.append(value)
            return
        if top.key is _NO_KEY:  # this scalar is a key
            pos = _mark(event) if event is not None else (1, 1)
            key = value
            if isinstance(key, bool) or key is None or not isinstance(key, (str, int)):
                self.problem(pos, "yaml-syntax", "Tên trường phải là một chữ đơn giản.",
                             "Viết dạng `ten_truong: giá trị`.")
                top.key, top.key_ok = "", False
                return
            if isinstance(key, str):
                key = key.strip()
            if key in top.container:
                self.problem(pos, "duplicate-key",
                             f"Trường `{key}` được khai báo hai lần; chỉ giá trị cuối được dùng.",
                             f"Xóa một trong hai dòng `{key}:`.")
            key_path = (*top.path, key)
            self.positions.keys[key_path] = pos
            if top.flow:
                self.positions.flow_keys.add(key_path)
            top.key, top.key_ok = key, True
            return
        if top.key_ok:
            top.container[top.key] = value
        top.key = _NO_KEY

    def _alias(self, event: Any, pos: Pos) -> None:
        sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
        self.problem(pos, "yaml-alias",
                     f"Giá trị bắt đầu bằng `{sign}{event.anchor}`: YAML hiểu `{sign}` là "
                     + ("tham chiếu tới một giá trị khác" if sign == "*" else
                        "dấu đặt tên (neo) cho giá trị, và bỏ phần đó khỏi giá trị")
                     + "; nội dung của chuyên trang không dùng cách viết này.",
                     "Đặt cả giá trị trong dấu nháy kép, ví dụ "
                     f"`title: \"{sign}{event.anchor} …\"`; viết lại giá trị thay cho tham chiếu.")

    def _scalar(self, event: Any, path: Path_ | None, pos: Pos) -> Any:
        text = event.value
        if pos[0] in self.reported_lines:
            return Reported(text)
        if event.tag is not None and event.tag not in _STR_TAGS:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(pos, "yaml-tag", f"Thẻ YAML `{tag}` không được dùng trong nội dung.",
                         "Bỏ phần bắt đầu bằng `!`, hoặc đặt cả giá trị trong dấu nháy kép.")
            return Reported(text)
        if event.style or event.tag is not None:  # quoted, block or `!!str`
            return text
        value = resolve_plain(text)
        if not isinstance(value, str) and value is not None and path is not None:
            self.positions.sources[path] = text
        return value


def parse(text: str, reported_lines: frozenset[int] = frozenset()
          ) -> tuple[Any, Positions, list[YamlProblem]]:
    """Parse one YAML document; never raises on bad input (syntax errors become problems).

    Values on `reported_lines` (slips `yamlslips` already explained) are marked `Reported`.
    """
    builder = _Builder(reported_lines)
    loader = _Loader(text)
    try:
        data = builder.run(loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = syntax_problem(exc, pos, text)
        problem.fatal = True
        if pos[0] in reported_lines:  # the slip reported on this line is the cause
            problem.message, problem.code = "", ""
        return None, builder.positions, [*builder.problems, problem]
    except yaml.YAMLError:
        return None, builder.positions, [*builder.problems, YamlProblem(
            (1, 1), "yaml-syntax", "Không đọc được phần thông tin này.", _YAML_HINT, fatal=True)]
    finally:
        loader.dispose()
    return data, builder.positions, builder.problems


_YAML_HINT = (
    "Kiểm tra dấu hai chấm và khoảng trắng sau tên trường, thụt lề bằng khoảng trắng (không dùng Tab), "
    "và đặt giá trị có dấu `:` hoặc `#` trong dấu nháy kép."
)

# libyaml's problems (English) → what they mean for the content editors write.
_YAML_MESSAGES = [
    ("found a tab character", "Có ký tự Tab ở chỗ thụt lề; YAML chỉ cho thụt lề bằng khoảng trắng."),
    ("found character '\\t'", "Có ký tự Tab ở chỗ thụt lề; YAML chỉ cho thụt lề bằng khoảng trắng."),
    ("mapping values are not allowed", "Có dấu hai chấm kèm khoảng trắng (`: `) ở giữa một giá trị."),
    ("could not find expected ':'", "Dòng này thiếu dấu hai chấm `:` sau tên trường."),
    ("did not find expected key", "Dòng này không bắt đầu đúng chỗ: thụt lề không khớp với các "
     "dòng trên, hoặc giá trị phía trước chưa kết thúc."),
    ("did not find expected '-' indicator", "Thụt lề không khớp với các mục của danh sách phía "
     "trên."),
    ("expected <block end>", "Thụt lề không khớp với các dòng trên."),
    ("found unexpected end of stream", "Có dấu nháy hoặc dấu ngoặc mở mà chưa đóng."),
    ("found unknown escape character", "Trong dấu nháy kép, dấu `\\` phải đi với một ký tự đặc "
     "biệt; hãy viết `\\\\` hoặc dùng dấu nháy đơn."),
    ("did not find expected ',' or ']'", "Danh sách trong ngoặc vuông `[...]` chưa được đóng "
     "đúng."),
    ("did not find expected ',' or '}'", "Cặp ngoặc nhọn `{...}` chưa được đóng đúng."),
    ("but found another document", "Có dòng `---` ở giữa phần thông tin đầu trang."),
    ("did not find expected <document start>", "Có dòng `...` hoặc `---` ở giữa phần thông tin "
     "đầu trang."),
    ("block sequence entries are not allowed", "Có dấu gạch đầu dòng `- ` ở chỗ không phải đầu "
     "một mục danh sách."),
    ("found undefined alias", "Có giá trị bắt đầu bằng dấu `*`."),
    ("found character that cannot start any token", "Có giá trị bắt đầu bằng một ký tự đặc biệt "
     "(`@`, dấu huyền ngược, `%`)."),
    ("did not find expected comment or line break", "Sau dấu `|` hoặc `>` ở đầu giá trị không "
     "được viết tiếp trên cùng dòng."),
]


def syntax_problem(exc: yaml.MarkedYAMLError, pos: Pos, text: str) -> YamlProblem:
    """A Vietnamese message for a parser error no slip explained, naming the line as written."""
    problem = str(exc.problem or "")
    meaning = next((vi for en, vi in _YAML_MESSAGES if problem.startswith(en)),
                   "Dòng này viết sai quy tắc của phần thông tin đầu trang.")
    lines = text.split("\n")
    shown = lines[pos[0] - 1].strip() if 0 < pos[0] <= len(lines) else ""
    hint = _YAML_HINT + (f" Dòng đang viết: `{shown}`." if shown and "`" not in shown else "")
    return YamlProblem(pos, "yaml-syntax", f"Lỗi cú pháp: {meaning}", hint)
