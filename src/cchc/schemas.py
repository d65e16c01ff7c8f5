"""JSON Schemas of the content format, generated from `schema` (the validator's declarations).

Editors' YAML language servers read them for completion, hover help and red underlines while
typing. They are generated, never written by hand: `cchc schema` writes `schemas/*.schema.json`
and a test checks that the committed files equal the generated output, so the schemas and the
validator cannot drift apart.

The schemas see YAML the way a YAML language server does (YAML 1.2 core schema): dates are
strings, so `date` fields are strings of the form YYYY-MM-DD, in the years the validator
accepts (`schema.YEAR_MIN`–`YEAR_MAX`); `31/12/2024` is refused by both. The validator reads
plain scalars by the same core schema (`yamlpos`), except that only plain decimal integers are
numbers: `010` or `1.10` stays the text it is. They accept what the validator
accepts (an empty optional field, a single value where a list is expected, a number where text
is expected) and reject what it rejects at the level of one file: missing fields, unknown keys,
wrong types, values outside a vocabulary, malformed ids. Checks that need the whole portal (does
this agency exist, is this number unique) stay with `cchc validate`.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from . import schema
from .schema import Field

DRAFT = "http://json-schema.org/draft-07/schema#"  # the draft YAML language servers know best
BASE_ID = "https://cchc.example.gov.vn/schemas/"

# The years of `schema.YEAR_MIN`–`YEAR_MAX` (1945–2100; a test checks every year against them).
YEAR_PATTERN = r"(?:194[5-9]|19[5-9]\d|20\d\d|2100)"
DATE_PATTERN = rf"^{YEAR_PATTERN}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$"
DATETIME_PATTERN = (rf"^{YEAR_PATTERN}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
                    r"(?:[Tt ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{1,2}(?::?\d{2})?)?)?$")

_TEXT = {"type": ["string", "number"]}  # the validator reads a number as text (`number: 107`)


def _enum(f: Field) -> dict[str, Any]:
    assert f.choices is not None
    return {
        "type": "string",
        "enum": list(f.choices),
        "enumDescriptions": list(f.choices.values()),  # shown by VS Code's YAML extension
    }


def _id() -> dict[str, Any]:
    return {"type": "string", "pattern": schema.ID_PATTERN}


def _task_ref() -> dict[str, Any]:
    """"<số hiệu or document id>#<task id>": a task of another document this one fulfils."""
    return {"type": "string", "pattern": r"^.+#[a-z0-9]+(?:-[a-z0-9]+)*$",
            "examples": [schema.TASK_REF_EXAMPLE]}


def _one_or_list(item: dict[str, Any]) -> dict[str, Any]:
    """A list, or one value alone (the validator reads `topics: the-che` as `[the-che]`)."""
    return {"anyOf": [{"type": "array", "items": item}, item]}


def _object(fields: tuple[Field, ...], title: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object"}
    if title:
        out["title"] = title
    out["properties"] = {f.name: _property(f) for f in fields}
    required = [f.name for f in fields if f.required]
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    return out


def _value(f: Field) -> dict[str, Any]:
    """The schema of a field's value, without its documentation."""
    t = f.type
    if t in ("str", "due"):
        return dict(_TEXT)
    if t == "id":
        return _id()
    if t == "int":
        return {"type": "integer"}
    if t == "number":
        return {"type": "number"}
    if t == "bool":
        return {"type": "boolean"}
    if t == "date":
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    if t == "datetime":
        return {"type": "string", "pattern": DATETIME_PATTERN}
    if t == "enum":
        return _enum(f)
    if t == "str-list":
        return _one_or_list(dict(_TEXT))
    if t == "enum-list":
        return _one_or_list(_enum(f))
    if t == "id-list":
        return _one_or_list(_id())
    if t == "signer":
        return {"anyOf": [_object(schema.SIGNER_FIELDS, "Người ký"), {"type": "string"}]}
    if t == "refs":
        mapping = _object(schema.REF_FIELDS, "Văn bản dẫn chiếu")
        mapping["anyOf"] = [{"required": ["number"]}, {"required": ["title"]},
                            {"required": ["id"]}]
        item = {"anyOf": [dict(_TEXT), mapping]}
        return _one_or_list(item)
    if t == "tasks":
        return {"type": "array", "items": {"anyOf": [_object(schema.TASK_FIELDS, "Nhiệm vụ"),
                                                     _task_ref()]}}
    if t == "task-refs":
        return _one_or_list(_task_ref())
    if t == "index-results":
        item = _object(schema.INDEX_RESULT_FIELDS, "Kết quả của một đơn vị")
        item["anyOf"] = [{"required": ["score"]}, {"required": ["rank"]}]
        return {"type": "array", "minItems": 1, "items": item}
    if t == "consultation":
        return _object(schema.CONSULTATION_FIELDS, "Lấy ý kiến dự thảo")
    if t == "aliases":  # a path of the portal: /…/ or /….html (checked further by validation)
        return _one_or_list({"type": "string", "pattern": r"^/[A-Za-z0-9._~/-]*$",
                             "examples": ["/tin-tuc/2024/ten-cu/"]})
    if t == "authors":
        item = {"anyOf": [{"type": "string", "minLength": 1},
                          _object(schema.AUTHOR_FIELDS, "Tác giả")]}
        return {"type": "array", "items": item}
    raise ValueError(f"unknown field type {t!r} of {f.name!r}")  # pragma: no cover


def _property(f: Field) -> dict[str, Any]:
    value = _value(f)
    if f.required and f.type == "str":
        value["minLength"] = 1  # an empty value is a missing field for the validator
    if not f.required:
        # `author:` with nothing after it is YAML null: the validator treats it as absent.
        if "anyOf" in value:
            value["anyOf"] = [*value["anyOf"], {"type": "null"}]
        elif "enum" in value:
            value = {"anyOf": [value, {"type": "null"}]}
        else:
            types = value["type"] if isinstance(value["type"], list) else [value["type"]]
            value["type"] = [*types, "null"]
    doc: dict[str, Any] = {"description": _describe(f)}
    if f.example is not None:  # a date example is written as YAML reads it: YYYY-MM-DD
        doc["examples"] = [_as_yaml(f.example)]
    return {**doc, **value}


def _as_yaml(value: Any) -> Any:
    """An example as a YAML language server reads it: dates as YYYY-MM-DD strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _as_yaml(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_yaml(v) for v in value]
    return value


def _describe(f: Field) -> str:
    text = ("(Bắt buộc) " if f.required else "") + f.description
    if f.choices:
        text += " Giá trị: " + "; ".join(f"{k} — {v}" for k, v in f.choices.items()) + "."
    return text


def _document(name: str, title: str, description: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": DRAFT, "$id": BASE_ID + name, "title": title,
            "description": description, **body}


def news_schema() -> dict[str, Any]:
    return _document(
        "news.schema.json", "Tin bài (content/tin-tuc/**/*.md)",
        "Phần thông tin đầu trang (front matter) của một tin bài. Địa chỉ tin bài: "
        "/tin-tuc/<năm của date>/<slug>/.",
        _object(schema.NEWS_FIELDS))


def document_schema() -> dict[str, Any]:
    body = _object(schema.DOCUMENT_FIELDS)
    # A document needs a year: `issued` (its year) or `year`.
    body["anyOf"] = [{"required": ["issued"]}, {"required": ["year"]}]
    return _document(
        "document.schema.json", "Văn bản (plans/**/*.md)",
        "Phần thông tin đầu trang (front matter) của một văn bản: kế hoạch, báo cáo, quyết "
        "định… Cần `issued` (ngày ban hành) hoặc `year` (năm).", body)


def question_schema() -> dict[str, Any]:
    return _document(
        "question.schema.json", "Hỏi đáp (content/hoi-dap/**/*.md)",
        "Phần thông tin đầu trang (front matter) của một câu hỏi; nội dung bên dưới là câu trả "
        "lời. Địa chỉ: /hoi-dap/<năm của asked>/<slug, mặc định tên tệp>/.",
        _object(schema.QUESTION_FIELDS))


def agency_schema() -> dict[str, Any]:
    return _document(
        "agency.schema.json", "Cơ quan (một mục của content/agencies.yml)",
        "Một cơ quan, đơn vị trong danh mục.", _object(schema.AGENCY_FIELDS))


def agencies_schema() -> dict[str, Any]:
    item = _object(schema.AGENCY_FIELDS, "Cơ quan")
    return _document(
        "agencies.schema.json", "Danh mục cơ quan (content/agencies.yml)",
        "Danh sách các cơ quan, đơn vị; mỗi cơ quan bắt đầu bằng `- id:`.",
        {"type": "array", "items": item})


def index_schema() -> dict[str, Any]:
    body = _object(schema.INDEX_FIELDS)
    body["properties"]["index"]["pattern"] = schema.ID_PATTERN
    return _document(
        "index.schema.json", "Chỉ số CCHC (content/chi-so/*.yml)",
        "Kết quả một năm của một chỉ số (PAR INDEX, SIPAS, PAPI, PCI, DDCI hoặc chỉ số riêng "
        "của địa phương): điểm và thứ hạng của từng đơn vị.", body)


def all_schemas() -> dict[str, dict[str, Any]]:
    """File name → schema, for every file `cchc schema` writes."""
    return {
        "news.schema.json": news_schema(),
        "document.schema.json": document_schema(),
        "question.schema.json": question_schema(),
        "agency.schema.json": agency_schema(),
        "agencies.schema.json": agencies_schema(),
        "index.schema.json": index_schema(),
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write(out: Path) -> list[Path]:
    """Write every schema into `out`; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in all_schemas().items():
        path = out / name
        path.write_text(dumps(data), encoding="utf-8")
        written.append(path)
    return written


def stale(out: Path) -> list[str]:
    """Names of the schema files in `out` that differ from the generated output."""
    return [name for name, data in all_schemas().items()
            if not (out / name).is_file()
            or (out / name).read_text(encoding="utf-8") != dumps(data)]


def add_parser(sub: Any) -> None:
    """Register `cchc schema [--out DIR] [--check]` on the CLI's sub-parsers."""
    s = sub.add_parser("schema", help="sinh JSON Schema cho trình soạn thảo (schemas/*.schema.json)")
    s.add_argument("--out", help="thư mục ghi (mặc định: schemas/ của chuyên trang)")
    s.add_argument("--check", action="store_true",
                   help="chỉ kiểm tra các tệp đã có khớp với định dạng hiện tại (mã thoát 1 nếu "
                   "không khớp)")
    s.set_defaults(func=cmd_schema)


def cmd_schema(args: Any) -> int:
    import sys

    from .settings import find_root

    out = Path(args.out) if args.out else find_root(Path.cwd()) / "schemas"
    if args.check:
        names = stale(out)
        for name in names:
            print(f"{out / name}: chưa cập nhật; chạy `cchc schema` để sinh lại.", file=sys.stderr)
        return 1 if names else 0
    for path in write(out):
        print(path, file=sys.stderr)
    return 0
