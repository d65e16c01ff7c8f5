"""YAML parsed with libyaml, keeping the line and column of every key and value.

PyYAML's loaders throw positions away once values are constructed; editors need them in every
message. We compose the node graph with the C loader (fast) and construct plain Python values
ourselves, recording `path -> (line, column)` on the way. Duplicate keys, which PyYAML silently
resolves to the last one, are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is an optional accelerator of PyYAML; the pure-Python loader gives the same nodes.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

Path_ = tuple[Any, ...]
Pos = tuple[int, int]


@dataclass
class Positions:
    """Where each value (and each mapping key) of a YAML document stands, 1-based."""

    values: dict[Path_, Pos] = field(default_factory=dict)
    keys: dict[Path_, Pos] = field(default_factory=dict)
    line_offset: int = 0  # lines before the YAML text in its file (front matter starts on line 2)

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

    def sub(self, *path: Any) -> Positions:
        """Positions relative to the sub-document at `path` (an item of a YAML list file)."""
        n = len(path)
        out = Positions(line_offset=self.line_offset)
        for k, v in self.values.items():
            if k[:n] == tuple(path):
                out.values[k[n:]] = v
        for k, v in self.keys.items():
            if k[:n] == tuple(path):
                out.keys[k[n:]] = v
        return out

    def _shift(self, pos: Pos) -> Pos:
        return pos[0] + self.line_offset, pos[1]


@dataclass
class YamlProblem:
    """A problem found while reading YAML: a syntax error, a duplicate key, a bad value."""

    pos: Pos
    code: str
    message: str
    hint: str = ""


class Reported(str):
    """A scalar that could not be read and has already been reported: checks skip it."""


def _mark(node: yaml.Node) -> Pos:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self) -> None:
        self.loader = _Loader("")
        self.positions = Positions()
        self.problems: list[YamlProblem] = []

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.positions.values[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, (str, int)):
                    self.problems.append(YamlProblem(_mark(key_node), "yaml-syntax",
                                                     "Tên trường phải là một chuỗi đơn giản.",
                                                     "Viết dạng `ten_truong: giá trị`."))
                    continue
                if isinstance(key, str):
                    key = key.strip()
                if key in out:
                    self.problems.append(YamlProblem(
                        _mark(key_node), "duplicate-key",
                        f"Trường `{key}` được khai báo hai lần; chỉ giá trị cuối được dùng.",
                        f"Xóa một trong hai dòng `{key}:`."))
                key_path = (*path, key)
                self.positions.keys[key_path] = _mark(key_node)
                out[key] = self.build(value_node, key_path)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        constructor = self.loader.yaml_constructors.get(node.tag)
        if constructor is None:
            self.problems.append(YamlProblem(
                _mark(node), "yaml-syntax", f"Thẻ YAML `{node.tag}` không được hỗ trợ.",
                "Bỏ thẻ bắt đầu bằng `!` và viết giá trị bình thường."))
            return node.value
        try:
            return constructor(self.loader, node)
        except (ValueError, yaml.YAMLError, OverflowError):
            if node.tag.endswith(":timestamp"):
                self.problems.append(YamlProblem(
                    _mark(node), "invalid-date", f"Ngày `{node.value}` không có thật.",
                    "Kiểm tra lại ngày và tháng (dạng YYYY-MM-DD, ví dụ 2024-03-28)."))
            else:
                self.problems.append(YamlProblem(
                    _mark(node), "yaml-syntax", f"Không đọc được giá trị `{node.value}`.",
                    "Đặt giá trị trong dấu nháy kép."))
            return Reported(node.value)


def parse(text: str) -> tuple[Any, Positions, list[YamlProblem]]:
    """Parse one YAML document; never raises on bad input (syntax errors become problems)."""
    builder = _Builder()
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = _translate_yaml_error(exc)
        return None, builder.positions, [YamlProblem(pos, "yaml-syntax", problem,
                                                     _YAML_HINT)]
    except yaml.YAMLError as exc:
        return None, builder.positions, [YamlProblem((1, 1), "yaml-syntax", str(exc), _YAML_HINT)]
    if node is None:
        return None, builder.positions, []
    data = builder.build(node, ())
    return data, builder.positions, builder.problems


_YAML_HINT = (
    "Kiểm tra dấu hai chấm sau tên trường, thụt lề bằng dấu cách (không dùng Tab) và đặt "
    "giá trị có dấu `:` hoặc `#` trong dấu nháy kép."
)

_YAML_MESSAGES = {
    "found character '\\t' that cannot start any token": "Có ký tự Tab; YAML chỉ cho thụt lề bằng dấu cách.",
    "mapping values are not allowed here": "Có dấu hai chấm `:` không hợp lệ (thường do giá trị chứa `: ` mà không đặt trong nháy).",
    "could not find expected ':'": "Thiếu dấu hai chấm `:` sau tên trường.",
    "did not find expected key": "Thụt lề không khớp với các dòng trên.",
    "found undefined alias": "Có ký tự `*` ở đầu giá trị; hãy đặt giá trị trong nháy kép.",
    "expected <block end>, but found": "Thụt lề không khớp với các dòng trên.",
    "found unexpected end of stream": "Thiếu dấu nháy đóng.",
    "did not find expected alphabetic or numeric character": "Giá trị có ký tự đặc biệt "
    "(`&`, `*`, `!`, `\"`) ở đầu; hãy đặt cả giá trị trong dấu nháy đơn `'…'`.",
    "found character that cannot start any token": "Giá trị bắt đầu bằng ký tự đặc biệt "
    "(`@`, `` ` ``, `%`); hãy đặt cả giá trị trong dấu nháy kép.",
    "did not find expected ',' or ']'": "Danh sách trong ngoặc vuông `[...]` chưa được đóng đúng.",
    "did not find expected ',' or '}'": "Ngoặc nhọn `{...}` chưa được đóng đúng.",
}


def _translate_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    for english, vietnamese in _YAML_MESSAGES.items():
        if problem.startswith(english):
            return f"Lỗi cú pháp YAML: {vietnamese}"
    return f"Lỗi cú pháp YAML ({problem})."
