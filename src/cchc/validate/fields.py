"""Checking one record against its field declarations (`cchc.schema`): required fields,
unknown keys, types, choices and dates, each reported at the line and column of the value."""

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
_DECIMAL = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def as_number(value: Any) -> float | None:
    """A number as the content's YAML gives it: a whole number, or a decimal that the reader
    keeps as written (`1.5` stays text, YAML 1.1's float rules being full of surprises)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and _DECIMAL.match(value.strip()):
        return float(value.strip())
    return None



def suggest(value: str, options: list[str]) -> str:
    match = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    return f" Có phải `{match[0]}`?" if match else ""


def nearest_field(key: str, spec: dict[str, schema.Field]) -> str | None:
    """The field an unknown key most likely means: a misspelling (`tpoics`), the Vietnamese name
    of a field (`ngày đăng` → `date`), a different case (`Title`)."""
    folded = slugify(key)
    names: dict[str, str] = {}
    for f in spec.values():
        names[f.name] = f.name
        for vi in f.vi:
            names.setdefault(slugify(vi), f.name)
    if folded in names:
        return names[folded]
    folded_u = folded.replace("-", "_")
    if folded_u in names:
        return names[folded_u]
    match = difflib.get_close_matches(folded, list(names), n=1, cutoff=0.6)
    return names[match[0]] if match else None


def show(value: Any) -> str:
    """A value as an editor would write it in YAML (never Python's repr: `False`, `['a']`)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    return str(value)


_TRUE_WORDS = {"yes", "y", "on", "co", "dung", "1"}
_FALSE_WORDS = {"no", "n", "off", "khong", "sai", "0"}


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

    def written(self, value: Any, path: tuple[Any, ...]) -> str:
        """The value as the editor wrote it (`0700` stays `0700`, not 448 or 700)."""
        source = self.raw.positions.source(*path)
        return source if source is not None else show(value)

    def fields(self, data: dict[str, Any], fields: tuple[schema.Field, ...],
               path: tuple[Any, ...] = (), what: str = "") -> dict[str, Any]:
        """Required fields, unknown keys, types and enums; returns the well-typed values."""
        spec = schema.by_name(fields)
        out: dict[str, Any] = {}
        for key in data:
            if key in spec:
                continue
            if (*path, key) in self.raw.positions.flow_keys and " " in str(key):
                # `{title: a, b}`: a comma inside a {…} value splits it into a bogus key.
                self.error((*path, key), "unknown-key",
                           f"`{key}` bị hiểu thành một trường riêng: giá trị phía trước có dấu "
                           "phẩy nằm trong cặp ngoặc `{…}`.",
                           "Đặt giá trị có dấu phẩy trong dấu nháy kép, ví dụ "
                           '`title: "thông tin, tuyên truyền"`, hoặc viết mỗi trường một dòng.',
                           key=True)
                continue
            guess = nearest_field(str(key), spec)
            value = data[key]
            shown = self.written(value, (*path, key)) if not isinstance(value, (dict, list)) \
                else "…"
            if guess and guess not in data:
                hint = (f"Tên trường viết bằng tiếng Anh, chữ thường, không dấu: "
                        f"`{guess}: {shown}`." if guess != slugify(str(key)) or " " in str(key)
                        else f"Sửa thành `{guess}: {shown}`.")
            else:
                hint = "Các trường hợp lệ: " + ", ".join(f"`{k}`" for k in spec) + "."
            self.error((*path, key), "unknown-key",
                       f"Trường `{key}` không có trong định dạng{what}."
                       + (f" Có phải `{guess}`?" if guess else ""), hint, key=True)
        for f in fields:
            value = data.get(f.name)
            if isinstance(value, yamlpos.Reported):  # the YAML reader has said what is wrong
                self.ok = False
                continue
            if value is None or value == "" or value == []:
                if f.required:
                    self.error(path, "missing-field", f"Thiếu trường bắt buộc `{f.name}`{what}.",
                               f"Thêm dòng `{f.name}: {example(f)}` — {f.description}")
                continue
            typed = self.typed(value, f, (*path, f.name))
            if typed is not None:
                out[f.name] = typed
        return out

    def typed(self, value: Any, f: schema.Field, path: tuple[Any, ...]) -> Any:
        if isinstance(value, yamlpos.Reported):
            self.ok = False
            return None
        t = f.type
        if t in ("str", "id", "due"):
            if t == "due" and isinstance(value, (date, datetime)):
                return self.in_range(value, f, path)
            if isinstance(value, (bool, dict, list)):
                return self._bad_type(value, f, path, "một đoạn chữ")
            return nfc(self.written(value, path)).strip()
        if t == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                return self._bad_type(value, f, path, "một số nguyên, ví dụ 2024")
            return value
        if t == "bool":
            if not isinstance(value, bool):
                return self._bad_bool(value, f, path)
            return value
        if t in ("date", "datetime"):
            return self.date_value(value, f, path)
        if t == "enum":
            if isinstance(value, (bool, dict, list)):
                return self._bad_type(value, f, path, "một giá trị trong danh sách")
            return self.choice(self.written(value, path), f, path)
        if t in ("str-list", "enum-list", "id-list"):
            items = value if isinstance(value, list) else [value] if isinstance(value, str) else None
            if items is None:
                return self._bad_type(value, f, path, "một danh sách, ví dụ `[a, b]`")
            out = []
            for i, item in enumerate(items):
                if isinstance(item, yamlpos.Reported):
                    self.ok = False
                    continue
                if isinstance(item, (date, datetime)) or (isinstance(item, int)
                                                          and not isinstance(item, bool)):
                    item = self.written(item, (*path, i) if isinstance(value, list) else path)
                if not isinstance(item, str):
                    self._bad_type(item, f, (*path, i), "một đoạn chữ")
                    continue
                item = nfc(item).strip()
                if t == "enum-list":
                    item = self.choice(item, f, (*path, i))
                if item:
                    out.append(item)
            return out
        return value  # structured fields (signer, refs, tasks) are checked by their owners

    def date_value(self, value: Any, f: schema.Field, path: tuple[Any, ...]) -> Any:
        """A date (or, for a datetime field, a date or a date and time) in the portal's range.

        Written unquoted or quoted (`"2024-06-01"`, as JSON-minded tools write it), it is read
        alike; `31/12/2024` and other orders are explained with the ISO form written out."""
        when: Any = value
        if isinstance(value, str):
            text = value.strip()
            try:
                when = yamlpos.parse_timestamp(text)
            except ValueError:
                self.error(path, "invalid-date", f"Ngày `{text}` không có thật.",
                           "Kiểm tra lại ngày và tháng. " + schema.DATE_RULE)
                return None
            if when is None:
                return self._date_text(text, f, path)
        if not isinstance(when, (date, datetime)):
            return self._bad_type(value, f, path, "một ngày dạng YYYY-MM-DD (ví dụ 2024-03-28)")
        if isinstance(when, datetime) and f.type == "date":
            when = when.date()
        return self.in_range(when, f, path)

    def _date_text(self, text: str, f: schema.Field, path: tuple[Any, ...]) -> None:
        other = schema.other_date_form(text)
        if other is None:
            return self._bad_type(text, f, path, "một ngày dạng YYYY-MM-DD (ví dụ 2024-03-28)")
        order, meant = other
        if meant is None:
            self.error(path, "invalid-date", f"Ngày `{text}` không có thật.",
                       "Kiểm tra lại ngày và tháng. " + schema.DATE_RULE)
            return None
        self.error(path, "date-format",
                   f"Ngày `{text}` viết theo thứ tự {order}; trong tệp nội dung, ngày luôn "
                   "viết theo dạng năm-tháng-ngày (YYYY-MM-DD) để mọi công cụ đọc giống nhau.",
                   f"Viết `{f.name}: {meant.isoformat()}` (trên trang, ngày vẫn hiện là "
                   f"{meant:%d/%m/%Y}).")
        return None

    def in_range(self, when: date, f: schema.Field, path: tuple[Any, ...]) -> date | None:
        if schema.YEAR_MIN <= when.year <= schema.YEAR_MAX:
            return when
        self.error(path, "date-out-of-range",
                   f"Ngày `{self.written(when, path)}` của `{f.name}` nằm ngoài các năm "
                   f"{schema.YEAR_MIN}–{schema.YEAR_MAX}; có lẽ năm bị gõ nhầm.",
                   f"Kiểm tra lại năm, ví dụ `{f.name}: {example(f)}`. {schema.DATE_RULE}")
        return None

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

    def _bad_bool(self, value: Any, f: schema.Field, path: tuple[Any, ...]) -> None:
        word = slugify(self.written(value, path))
        guess = "true" if word in _TRUE_WORDS else "false" if word in _FALSE_WORDS else None
        self.error(path, "invalid-type",
                   f"Trường `{f.name}` chỉ nhận `true` hoặc `false`, nhưng đang là "
                   f"`{self.written(value, path)}`." + (f" Có phải `{guess}`?" if guess else ""),
                   f"{f.description} Viết `{f.name}: {guess or 'true'}`.")
        return None

    def _bad_type(self, value: Any, f: schema.Field, path: tuple[Any, ...], expected: str) -> None:
        self.error(path, "invalid-type",
                   f"Trường `{f.name}` phải là {expected}, nhưng đang là "
                   f"`{self.written(value, path)}`.",
                   f"{f.description} Ví dụ: `{f.name}: {example(f)}`.")
        return None


def example(f: schema.Field) -> str:
    if isinstance(f.example, list):
        return "[" + ", ".join(str(x) for x in f.example) + "]"
    if isinstance(f.example, bool):
        return "true" if f.example else "false"
    if isinstance(f.example, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in f.example.items()) + "}"
    if f.example is None:
        return "…"
    return str(f.example)
