"""Checking one record against its field declarations (`cchc.schema`): required fields,
unknown keys, types and choices, each reported at the line and column of the value."""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime
from typing import Any

from .. import schema, yamlpos
from ..diagnostics import Report
from ..load import RawRecord
from ..text import nfc, slugify

ID_RE = re.compile(schema.ID_PATTERN)


def suggest(value: str, options: list[str]) -> str:
    match = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    return f" Có phải `{match[0]}`?" if match else ""


class Checker:
    """Checks one raw record against its field declarations, reporting at the right line."""

    def __init__(self, report: Report, raw: RawRecord) -> None:
        self.report = report
        self.raw = raw
        self.ok = True

    def error(self, path: tuple[Any, ...], code: str, message: str, hint: str = "",
              *, key: bool = False) -> None:
        pos = self.raw.positions.key(*path) if key else self.raw.positions.of(*path)
        self.report.error(self.raw.path, pos, code, message, hint)
        self.ok = False

    def warn(self, path: tuple[Any, ...], code: str, message: str, hint: str = "") -> None:
        self.report.warn(self.raw.path, self.raw.positions.of(*path), code, message, hint)

    def fields(self, data: dict[str, Any], fields: tuple[schema.Field, ...],
               path: tuple[Any, ...] = (), what: str = "") -> dict[str, Any]:
        """Required fields, unknown keys, types and enums; returns the well-typed values."""
        spec = schema.by_name(fields)
        out: dict[str, Any] = {}
        for key in data:
            if key not in spec and " " in str(key):
                # `{title: a, b}`: a comma inside a {…} value splits it into a bogus key.
                self.error((*path, key), "unknown-key",
                           f"`{key}` bị hiểu thành một trường riêng: giá trị phía trước có dấu "
                           "phẩy nằm trong cặp ngoặc `{…}`.",
                           "Đặt giá trị có dấu phẩy trong dấu nháy kép, ví dụ "
                           '`title: "thông tin, tuyên truyền"`, hoặc viết mỗi trường một dòng.',
                           key=True)
            elif key not in spec:
                self.error((*path, key), "unknown-key",
                           f"Trường `{key}` không có trong định dạng{what}."
                           + suggest(str(key), list(spec)),
                           "Các trường hợp lệ: " + ", ".join(f"`{k}`" for k in spec) + ".",
                           key=True)
        for f in fields:
            value = data.get(f.name)
            if value is None or value == "" or value == []:
                if f.required:
                    self.error(path, "missing-field", f"Thiếu trường bắt buộc `{f.name}`{what}.",
                               f"Thêm dòng `{f.name}: …` — {f.description}")
                continue
            typed = self.typed(value, f, (*path, f.name))
            if typed is not None:
                out[f.name] = typed
        return out

    def typed(self, value: Any, f: schema.Field, path: tuple[Any, ...]) -> Any:
        if isinstance(value, yamlpos.Reported):  # the YAML reader has said what is wrong
            self.ok = False
            return None
        t = f.type
        if t in ("str", "id", "due"):
            if t == "due" and isinstance(value, (date, datetime)):
                return value
            if isinstance(value, (bool, dict, list)):
                return self._bad_type(value, f, path, "một đoạn chữ")
            return nfc(str(value)).strip()
        if t == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                return self._bad_type(value, f, path, "một số nguyên, ví dụ 2024")
            return value
        if t == "bool":
            if not isinstance(value, bool):
                return self._bad_type(value, f, path, "`true` hoặc `false`")
            return value
        if t in ("date", "datetime"):
            if isinstance(value, datetime):
                return value if t == "datetime" else value.date()
            if isinstance(value, date):
                return value
            if isinstance(value, str) and value.startswith(("20", "19")) and "-" in value:
                self.error(path, "invalid-date", f"Ngày `{value}` không có thật hoặc sai dạng.",
                           "Viết ngày dạng YYYY-MM-DD, ví dụ 2024-03-28.")
                return None
            return self._bad_type(value, f, path, "một ngày dạng YYYY-MM-DD (ví dụ 2024-03-28)")
        if t == "enum":
            return self.choice(value, f, path)
        if t in ("str-list", "enum-list", "id-list"):
            items = value if isinstance(value, list) else [value] if isinstance(value, str) else None
            if items is None:
                return self._bad_type(value, f, path, "một danh sách, ví dụ `[a, b]`")
            out = []
            for i, item in enumerate(items):
                if not isinstance(item, (str, int)) or isinstance(item, bool):
                    self._bad_type(item, f, (*path, i), "một đoạn chữ")
                    continue
                item = nfc(str(item)).strip()
                if t == "enum-list":
                    item = self.choice(item, f, (*path, i))
                if item:
                    out.append(item)
            return out
        return value  # structured fields (signer, refs, tasks) are checked by their owners

    def choice(self, value: Any, f: schema.Field, path: tuple[Any, ...]) -> str | None:
        assert f.choices is not None
        text = nfc(str(value)).strip()
        if text in f.choices:
            return text
        slug = slugify(text)
        by_label = {slugify(label): key for key, label in f.choices.items()}
        guess = slug if slug in f.choices else by_label.get(slug)
        suggestion = f" Có phải `{guess}`?" if guess else suggest(slug, list(f.choices))
        self.error(path, "invalid-choice",
                   f"Giá trị `{text}` không hợp lệ cho `{f.name}`.{suggestion}",
                   "Chọn một trong: " + ", ".join(f"`{k}` ({v})" for k, v in f.choices.items())
                   + ".")
        return None

    def _bad_type(self, value: Any, f: schema.Field, path: tuple[Any, ...], expected: str) -> None:
        self.error(path, "invalid-type",
                   f"Trường `{f.name}` phải là {expected}, nhưng đang là `{value!r}`.",
                   f"{f.description} Ví dụ: `{f.name}: {example(f)}`.")
        return None


def example(f: schema.Field) -> str:
    if isinstance(f.example, list):
        return "[" + ", ".join(str(x) for x in f.example) + "]"
    if isinstance(f.example, bool):
        return "true" if f.example else "false"
    return str(f.example)
