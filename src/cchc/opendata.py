"""Open data: the portal's datasets as files other programs read (SPEC §5, §11).

Four datasets — news, documents, tasks (one record per task of a plan's table) and agencies —
each as JSON in an envelope that says what it is and under which terms it may be reused:

    {"$schema": <its published JSON Schema>, "version": "1.0", "generated": <date>,
     "licence": {…}, "publisher": {…}, "records": [… one record per line …]}

and as CSV for spreadsheets (the same records, one row each). The catalogue of all of them is
the page /du-lieu/ and, for harvesters, /du-lieu/catalog.json (DCAT-US, the Project Open Data
v1.1 `data.json` format: dcat:Dataset, dcat:Distribution); the JSON Schemas of the files are
published under /du-lieu/schema/ (sources: `data_schemas/`, one per record, the envelope added
here). Decisions:

- Collections that grow with the portal are split by year: api/<dataset>/<year>.json and .csv
  (a year of more than `Dataset.part_size` records in parts: 2024.json, 2024-2.json…), and
  api/<dataset>.json — /api/news.json, /api/documents.json of SPEC §5 — is the dataset's
  index: one record per file pair with its year, count, date and files. No file grows with the
  portal (at N = 10,000 the largest is 2.6 MB: docs/benchmark.md). /api/agencies.json is the
  whole list: the registry does not grow with the content.
- `generated` is the date of the newest content in the file (a news item's date, a document's
  issued date or the end of its period), never the clock: two builds of the same content give
  the same bytes whatever `--today`. Nothing here depends on today (tasks carry no status).
- The licence is the plugin option `data_licence` (an SPDX id from `LICENCES`, a URL, or a
  name), CC BY 4.0 by default; the publisher is the portal's owner agency (SPEC §7 `owner`).
- Strings are stripped of the characters XML cannot carry, as in the feeds, so the JSON, the
  CSV and the feeds of a record say the same thing.
- CSV: RFC 4180 (comma, CRLF, quotes), UTF-8 with a BOM so that Excel reads the diacritics;
  lists joined with "; "; nested values flattened as declared in `Column`; a text cell that
  would start with = + - @ gets a leading ' so that spreadsheets do not run it as a formula.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING, Any

from . import api, urls
from .feeds import document_day, record_day
from .vocab import KINDS, LEVELS, RELATIONS, TOPICS
from .xmltext import xml_text

if TYPE_CHECKING:
    from .pages import Site

DATA_VERSION = "1.0"  # of the files' format: a change that breaks readers raises it
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
POD = "https://project-open-data.cio.gov/v1.1/schema"
JSON_TYPE = "application/json"
CSV_TYPE = "text/csv"
SCHEMA_TYPE = "application/schema+json"
LIST_SEPARATOR = "; "  # between the values of a list in a CSV cell
INDEX = "index"  # the published schema of the index files


# -- licence and publisher ---------------------------------------------------------------------

@dataclass(frozen=True)
class Licence:
    id: str | None  # SPDX identifier, when the licence is a known one
    name: str
    url: str | None


LICENCES: dict[str, tuple[str, str]] = {
    "CC-BY-4.0": ("Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)",
                  "https://creativecommons.org/licenses/by/4.0/deed.vi"),
    "CC-BY-SA-4.0": ("Creative Commons Ghi công – Chia sẻ tương tự 4.0 Quốc tế (CC BY-SA 4.0)",
                     "https://creativecommons.org/licenses/by-sa/4.0/deed.vi"),
    "CC0-1.0": ("CC0 1.0 Phổ quát — dành cho công chúng (CC0 1.0)",
                "https://creativecommons.org/publicdomain/zero/1.0/deed.vi"),
    "ODC-By-1.0": ("Open Data Commons Attribution License 1.0 (ODC-By)",
                   "https://opendatacommons.org/licenses/by/1-0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License 1.0 (ODbL)",
                 "https://opendatacommons.org/licenses/odbl/1-0/"),
    "PDDL-1.0": ("Open Data Commons Public Domain Dedication and License 1.0 (PDDL)",
                 "https://opendatacommons.org/licenses/pddl/1-0/"),
}


def licence(value: str) -> Licence:
    """The `data_licence` option: a known SPDX id (any case), else a URL, else a name."""
    text = " ".join(str(value).split())
    for key, (name, url) in LICENCES.items():
        if text.casefold() == key.casefold():
            return Licence(key, name, url)
    if text.startswith(("https://", "http://")):
        return Licence(None, text, text)
    return Licence(None, text, None)


@dataclass(frozen=True)
class Publisher:
    name: str
    url: str  # the portal
    agency: str | None  # registry id of the owner agency
    email: str | None


def publisher(site: Site) -> Publisher:
    """The portal's owner (SPEC §7 `owner`: its agency, its email)."""
    owner = site.owner
    return Publisher(owner.name, site.settings.base_url, owner.agency.id, owner.email or None)


# -- datasets ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """A CSV column: the value at `path` in the JSON record ("signer.name" in an object,
    "refs[].text" in each element of a list)."""

    name: str
    path: str


def _columns(*spec: str) -> tuple[Column, ...]:
    """"name" (the field of the same name) or "name=path"."""
    return tuple(Column(*s.split("=")) if "=" in s else Column(s, s) for s in spec)


@dataclass(frozen=True)
class Item:
    """What one record is made from, with the file it goes to and its date (cheap: no body is
    converted until a file is written)."""

    source: Any
    year: int | None
    day: date | None


@dataclass(frozen=True)
class Dataset:
    id: str  # file and schema names: api/<id>.json, du-lieu/schema/<id>.schema.json
    anchor: str  # its section of /du-lieu/
    title: str
    description: str
    keywords: tuple[str, ...]
    columns: tuple[Column, ...]
    by_year: bool
    items: Callable[[Site], list[Item]]
    record: Callable[[Any, Site], dict[str, Any]]
    # At most this many records per file: a larger year is split into parts (2024.json,
    # 2024-2.json…), each under ~2.5 MB for records of twice the size seen at N = 10,000.
    part_size: int = 2_000


def _news_items(site: Site) -> list[Item]:
    return [Item(n, n.year, record_day(n)) for n in site.catalog.news]


def _document_items(site: Site) -> list[Item]:
    return [Item(d, d.year, document_day(d)) for d in site.catalog.documents]


def _task_items(site: Site) -> list[Item]:
    return [Item((d, t), d.year, document_day(d)) for d, t in site.catalog.tasks]


def _agency_items(site: Site) -> list[Item]:
    return [Item(a, None, None) for a in site.catalog.agencies.values()]


DATASETS: tuple[Dataset, ...] = (
    Dataset("news", "tin-bai", "Tin bài",
            "Tin bài cải cách hành chính đã đăng: tiêu đề, ngày, cơ quan đưa tin, lĩnh vực, "
            "tóm tắt và các văn bản liên quan.",
            ("tin bài", "cải cách hành chính", "tuyên truyền"),
            _columns("id", "url", "title", "date", "agency", "agency_name", "author", "topics",
                     "tags", "summary", "documents=documents[].text"),
            True, _news_items, lambda n, site: api.news_record(n, site)),
    Dataset("documents", "van-ban", "Văn bản",
            "Kế hoạch, báo cáo, quyết định… về cải cách hành chính: số hiệu, trích yếu, cơ "
            "quan ban hành, ngày, kỳ báo cáo, người ký, dẫn chiếu (căn cứ, thực hiện) và tệp "
            "đính kèm.",
            ("văn bản", "kế hoạch", "báo cáo", "cải cách hành chính"),
            _columns("id", "url", "number", "kind", "kind_label", "title", "agency",
                     "agency_name", "issued", "year", "period", "date",
                     "signer_name=signer.name", "signer_title=signer.title", "topics", "tags",
                     "summary", "refs=refs[].text", "referenced_by=referenced_by[].url",
                     "attachments=attachments[].url"),
            True, _document_items, lambda d, site: api.document_record(d, site), 500),
    Dataset("tasks", "nhiem-vu", "Nhiệm vụ",
            "Nhiệm vụ trong bảng phân công của các kế hoạch: nội dung, cơ quan chủ trì và "
            "phối hợp, thời hạn, chỉ tiêu; mỗi dòng một nhiệm vụ.",
            ("nhiệm vụ", "phân công", "kế hoạch", "cải cách hành chính"),
            _columns("id", "document", "document_url", "document_number", "document_title",
                     "year", "number", "task", "product", "lead", "lead_name", "support",
                     "due", "deadline", "quota"),
            True, _task_items, lambda dt, site: api.task_record(dt[0], dt[1], site), 4_000),
    Dataset("agencies", "co-quan", "Cơ quan",
            "Danh mục cơ quan, đơn vị: tên, cấp, cơ quan cấp trên, cơ quan tiếp nhận khi giải "
            "thể, văn bản đã ban hành và số tin bài.",
            ("cơ quan", "đơn vị hành chính", "cải cách hành chính"),
            _columns("id", "url", "name", "short", "level", "parent", "aliases", "website",
                     "dissolved", "successor", "predecessors", "address", "phone", "email",
                     "children", "documents", "news_count", "feed"),
            False, _agency_items, lambda a, site: api.agency_record(a, site)),
)


# -- what is published -------------------------------------------------------------------------

@dataclass(frozen=True)
class Distribution:
    """One file of a dataset."""

    path: str  # root-relative
    title: str
    format: str  # "JSON" | "CSV"
    schema: str | None  # root-relative path of the JSON Schema it follows (JSON files)
    count: int  # records
    generated: date | None
    year: int | None = None

    @property
    def media_type(self) -> str:
        return JSON_TYPE if self.format == "JSON" else CSV_TYPE


@dataclass(frozen=True)
class Part:
    """The records of one file pair (a year's, or the whole dataset's): its JSON and CSV."""

    year: int | None
    items: list[Item]
    generated: date | None
    json: Distribution
    csv: Distribution
    number: int = 1  # of the year's parts, when a year holds more than `part_size` records
    count: int = 1  # parts of the year


@dataclass(frozen=True)
class FieldDoc:
    name: str  # "title", "signer.name", "refs[].number"
    type: str  # in Vietnamese
    description: str
    column: str | None  # the CSV column holding it


@dataclass
class Published:
    """A dataset as published: its parts (newest year first), its index file when it is split
    by year, and the description of its fields."""

    dataset: Dataset
    parts: list[Part]
    index: Distribution | None
    generated: date | None
    fields: list[FieldDoc]

    @property
    def count(self) -> int:
        return sum(len(p.items) for p in self.parts)

    @property
    def schema(self) -> str:
        return urls.data_schema(self.dataset.id)

    @property
    def distributions(self) -> list[Distribution]:
        files = [d for p in self.parts for d in (p.json, p.csv)]
        return [self.index, *files] if self.index else files


@dataclass
class OpenData:
    datasets: list[Published]
    licence: Licence
    publisher: Publisher
    generated: date | None  # the newest content of the portal
    schemas: list[str]  # names: du-lieu/schema/<name>.schema.json
    _records: dict[tuple[str, int | None, int], list[Row]] = field(default_factory=dict,
                                                                   repr=False)


def _newest(days: Iterator[date | None]) -> date | None:
    return max((d for d in days if d is not None), default=None)


def catalogue(site: Site) -> OpenData:
    """Every dataset and file, from the catalog alone (no body is converted). Use
    `Site.open_data`, computed once per build."""
    items = {ds.id: ds.items(site) for ds in DATASETS}
    portal = _newest(i.day for ds in DATASETS for i in items[ds.id])
    published = []
    for ds in DATASETS:
        published.append(_publish(ds, items[ds.id], portal))
    return OpenData(published, licence(site.settings.data_licence), publisher(site), portal,
                    [INDEX, *(ds.id for ds in DATASETS)])


def _publish(ds: Dataset, items: list[Item], portal: date | None) -> Published:
    schema = urls.data_schema(ds.id)
    fields = field_docs(ds)
    if not ds.by_year:
        generated = _newest(i.day for i in items) or portal
        json_file = Distribution(urls.api_file(ds.id), f"{ds.title} (JSON)", "JSON", schema,
                                 len(items), generated)
        csv_file = Distribution(urls.api_file(ds.id, "csv"), f"{ds.title} (CSV)", "CSV", None,
                                len(items), generated)
        return Published(ds, [Part(None, items, generated, json_file, csv_file)], None,
                         generated, fields)
    by_year: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        assert item.year is not None
        by_year[item.year].append(item)
    parts = []
    for year in sorted(by_year, reverse=True):
        members_of_year = by_year[year]
        count = -(-len(members_of_year) // ds.part_size)  # parts of equal size, not 2,000 + 3
        size = -(-len(members_of_year) // count)
        chunks = [members_of_year[i:i + size] for i in range(0, len(members_of_year), size)]
        for n, members in enumerate(chunks, 1):
            day = _newest(i.day for i in members)
            name = f"{ds.title} năm {year}" + (f", phần {n}" if len(chunks) > 1 else "")
            parts.append(Part(
                year, members, day,
                Distribution(urls.api_year(ds.id, year, part=n), f"{name} (JSON)", "JSON",
                             schema, len(members), day, year),
                Distribution(urls.api_year(ds.id, year, "csv", part=n), f"{name} (CSV)",
                             "CSV", None, len(members), day, year), n, len(chunks)))
    generated = _newest(p.generated for p in parts)
    index = Distribution(urls.api_file(ds.id), f"{ds.title}: mục lục theo năm (JSON)", "JSON",
                         urls.data_schema(INDEX), len(parts), generated)
    return Published(ds, parts, index, generated, fields)


# -- records and files -------------------------------------------------------------------------

def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


# In compact JSON, a character XML cannot carry shows as a \u00XX escape (C0 controls other
# than tab, LF, CR) or as itself (U+FFFE, U+FFFF, surrogates); a false alarm only costs time.
_SUSPECT = re.compile(r"\\u00(?:0[0-8bcef]|1[0-9a-f])|[\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Row:
    record: dict[str, Any]
    line: str  # the record as one line of compact JSON


def records(site: Site, pub: Published, part: Part) -> list[Row]:
    """The records of one part, made once (its JSON and CSV files share them); each is
    serialised once, and cleaned only when its JSON shows a suspect character."""
    od = site.open_data
    key = (pub.dataset.id, part.year, part.number)
    if key not in od._records:
        rows = []
        for item in part.items:
            record = pub.dataset.record(item.source, site)
            line = _compact(record)
            if _SUSPECT.search(line):
                record = _clean(record)
                line = _compact(record)
            rows.append(Row(record, line))
        od._records[key] = rows
    return od._records[key]


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _envelope(site: Site, schema: str, generated: date | None, lines: list[str]) -> bytes:
    """The wrapped file, one record per line (compact, yet readable and diff-friendly)."""
    od = site.open_data
    base = site.settings.base_url
    head = {
        "$schema": base + schema, "version": DATA_VERSION,
        "generated": generated.isoformat() if generated else None,
        "licence": {"id": od.licence.id, "name": od.licence.name, "url": od.licence.url},
        "publisher": {"name": od.publisher.name, "url": od.publisher.url,
                      "agency": od.publisher.agency},
    }
    body = ",\n".join(lines)
    text = _compact(head)[:-1] + ',"records":[' + (f"\n{body}\n" if lines else "") + "]}\n"
    return text.encode("utf-8")


def _index_lines(site: Site, pub: Published) -> list[str]:
    base = site.settings.base_url
    return [_compact({"year": p.year, "part": p.number, "count": len(p.items),
                      "generated": p.generated.isoformat() if p.generated else None,
                      "json": base + p.json.path, "csv": base + p.csv.path})
            for p in pub.parts]


def pick(record: Any, path: str) -> Any:
    """The value at `path` ("a", "a.b", "a[].b") in a JSON record."""
    head, _, rest = path.partition(".")
    if head.endswith("[]"):
        return [pick(x, rest) if rest else x for x in record.get(head[:-2]) or []]
    value = record.get(head) if isinstance(record, dict) else None
    return pick(value, rest) if rest and value is not None else value


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """A JSON value as a CSV cell."""
    if type(value) is str:
        return "'" + value if value.startswith(_FORMULA) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        text = LIST_SEPARATOR.join(cell(v) for v in value if v is not None)
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _getter(path: str) -> Callable[[dict[str, Any]], Any]:
    if "." in path:
        return lambda r: pick(r, path)
    return lambda r: r.get(path)


def csv_bytes(columns: tuple[Column, ...], rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    getters = [_getter(c.path) for c in columns]
    for r in rows:
        writer.writerow([cell(get(r)) for get in getters])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def files(site: Site) -> dict[str, Callable[[], bytes]]:
    """Every open-data file with the function making it: the datasets' JSON and CSV, their
    indexes, the JSON Schemas and the DCAT catalogue."""
    od = site.open_data
    out: dict[str, Callable[[], bytes]] = {}
    for pub in od.datasets:
        if pub.index:
            out[pub.index.path] = functools.partial(
                lambda p: _envelope(site, urls.data_schema(INDEX), p.generated,
                                    _index_lines(site, p)), pub)
        for part in pub.parts:
            out[part.json.path] = functools.partial(
                lambda p, q: _envelope(site, p.schema, q.generated,
                                       [r.line for r in records(site, p, q)]), pub, part)
            out[part.csv.path] = functools.partial(
                lambda p, q: csv_bytes(p.dataset.columns,
                                       [r.record for r in records(site, p, q)]), pub, part)
    for name in od.schemas:
        out[urls.data_schema(name)] = functools.partial(
            lambda n: _pretty(published_schema(n, site)), name)
    out[urls.DATA_CATALOG] = lambda: _pretty(dcat(site))
    return out


def _pretty(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# -- schemas -----------------------------------------------------------------------------------

VOCABS: dict[str, dict[str, str]] = {"kinds": KINDS, "topics": TOPICS, "levels": LEVELS,
                                     "relations": RELATIONS}


@functools.cache
def _source(name: str) -> str:
    return resources.files("cchc").joinpath(f"data_schemas/{name}.json").read_text("utf-8")


def _vocab(node: Any) -> Any:
    """`"x-vocab": "topics"` → the vocabulary's ids as an `enum` (declared once, in vocab)."""
    if isinstance(node, list):
        return [_vocab(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _vocab(v) for k, v in node.items() if k != "x-vocab"}
    if "x-vocab" in node:
        types = node.get("type")
        nullable = isinstance(types, list) and "null" in types
        out["enum"] = [*VOCABS[node["x-vocab"]], *([None] if nullable else [])]
    return out


def record_schema(name: str, *, vocab: bool = True) -> tuple[dict[str, Any], dict[str, Any]]:
    """A record's schema and the definitions it may refer to (`#/$defs/…`); `vocab=False`
    keeps the `x-vocab` marks (for the page, which names each value)."""
    def read(source: str) -> Any:
        data = json.loads(_source(source))
        return _vocab(data) if vocab else data

    record = read(name)
    defs = {**read("common")["$defs"], **record.pop("$defs", {})}
    return record, defs


_TITLES = {INDEX: "Mục lục theo năm"}


def published_schema(name: str, site: Site) -> dict[str, Any]:
    """The JSON Schema of a published file: the envelope around `name`'s records."""
    base = site.settings.base_url
    own = base + urls.data_schema(name)
    record, defs = record_schema(name)
    title = _TITLES.get(name) or next(d.title for d in DATASETS if d.id == name)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": own,
        "title": f"{title} — {site.settings.site_name}",
        "description": f"Tệp dữ liệu mở ({title.lower()}) của {site.settings.site_name}: "
                       "phần đầu cho biết lược đồ, phiên bản, ngày, giấy phép và đơn vị công "
                       "bố; `records` là các bản ghi.",
        "type": "object",
        "additionalProperties": False,
        "required": ["$schema", "version", "generated", "licence", "publisher", "records"],
        "properties": {
            "$schema": {"const": own, "description": "Địa chỉ của lược đồ này."},
            "version": {"const": DATA_VERSION, "description": "Phiên bản định dạng tệp."},
            "generated": {"type": ["string", "null"], "format": "date",
                          "description": "Ngày của nội dung mới nhất trong tệp (YYYY-MM-DD)."},
            "licence": {"$ref": "#/$defs/licence"},
            "publisher": {"$ref": "#/$defs/publisher"},
            "records": {"type": "array", "items": record},
        },
        "$defs": {
            **defs,
            "licence": {
                "type": "object", "description": "Giấy phép sử dụng dữ liệu.",
                "additionalProperties": False, "required": ["id", "name", "url"],
                "properties": {
                    "id": {"type": ["string", "null"], "description": "Mã SPDX, ví dụ CC-BY-4.0."},
                    "name": {"type": "string", "description": "Tên giấy phép."},
                    "url": {"type": ["string", "null"], "format": "uri",
                            "description": "Văn bản giấy phép."}}},
            "publisher": {
                "type": "object", "description": "Đơn vị công bố dữ liệu.",
                "additionalProperties": False, "required": ["name", "url", "agency"],
                "properties": {
                    "name": {"type": "string", "description": "Tên đơn vị."},
                    "url": {"type": "string", "description": "Địa chỉ chuyên trang."},
                    "agency": {"type": ["string", "null"],
                               "description": "Mã cơ quan chủ quản trong tập dữ liệu Cơ quan."}}},
        },
    }


_TYPES = {"string": "chuỗi", "integer": "số nguyên", "number": "số", "boolean": "đúng/sai",
          "object": "đối tượng", "array": "danh sách"}
_FORMATS = {"date": "ngày", "date-time": "ngày giờ", "uri": "URL"}


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        return {**defs[ref.rsplit("/", 1)[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _type_label(node: dict[str, Any], defs: dict[str, Any]) -> str:
    types = node.get("type", "string")
    types = types if isinstance(types, list) else [types]
    main = next((t for t in types if t != "null"), "string")
    label = _FORMATS.get(node.get("format", ""), _TYPES.get(main, main))
    if main == "array":
        items = _resolve(node.get("items", {}), defs)
        label += " " + _type_label(items, defs)
    return label + (", có thể trống" if "null" in types else "")


def field_docs(ds: Dataset) -> list[FieldDoc]:
    """Every field of a dataset's records, nested ones as `a.b` / `a[].b`, with the CSV
    column that holds it."""
    record, defs = record_schema(ds.id, vocab=False)
    columns = {c.path: c.name for c in ds.columns}
    out: list[FieldDoc] = []

    def walk(node: dict[str, Any], prefix: str) -> None:
        for name, prop in node.get("properties", {}).items():
            prop = _resolve(prop, defs)
            path = prefix + name
            text = prop.get("description", "")
            items = _resolve(prop.get("items", {}), defs)
            vocab = VOCABS.get(prop.get("x-vocab") or items.get("x-vocab") or "")
            values = [f"{k} ({v})" for k, v in vocab.items()] if vocab else \
                prop.get("enum") or items.get("enum") or []
            if values:
                text += " Giá trị: " + ", ".join(values) + "."
            out.append(FieldDoc(path, _type_label(prop, defs), text, columns.get(path)))
            if "properties" in prop:
                walk(prop, path + ".")
            if "properties" in items:
                walk(items, path + "[].")

    walk(record, "")
    return out


# -- DCAT --------------------------------------------------------------------------------------

def dcat(site: Site) -> dict[str, Any]:
    """/du-lieu/catalog.json: every dataset and file in the Project Open Data v1.1 format
    (DCAT-US), which data.gov-style harvesters (CKAN's datajson) read."""
    od = site.open_data
    base = site.settings.base_url
    landing = base + urls.DATA
    contact: dict[str, Any] = {"@type": "vcard:Contact", "fn": od.publisher.name}
    if od.publisher.email:
        contact["hasEmail"] = "mailto:" + od.publisher.email
    datasets = []
    for pub in od.datasets:
        ds = pub.dataset
        entry: dict[str, Any] = {
            "@type": "dcat:Dataset",
            "identifier": f"{landing}#{ds.anchor}",
            "title": f"{ds.title} — {site.settings.site_name}",
            "description": ds.description,
            "keyword": list(ds.keywords),
            "publisher": {"@type": "org:Organization", "name": od.publisher.name},
            "contactPoint": contact,
            "accessLevel": "public",
            "landingPage": f"{landing}#{ds.anchor}",
            "language": ["vi"],
            "describedBy": base + pub.schema,
            "describedByType": SCHEMA_TYPE,
        }
        if pub.generated:
            entry["modified"] = pub.generated.isoformat()
        if od.licence.url:
            entry["license"] = od.licence.url
        years = [p.year for p in pub.parts if p.year is not None]
        if years:
            entry["temporal"] = f"{min(years)}-01-01/{max(years)}-12-31"
        entry["distribution"] = [_distribution(d, base, landing, ds) for d in pub.distributions]
        datasets.append(entry)
    return {
        "@context": f"{POD}/catalog.jsonld",
        "@id": base + urls.DATA_CATALOG,
        "@type": "dcat:Catalog",
        "conformsTo": POD,
        "describedBy": f"{POD}/catalog.json",
        "dataset": datasets,
    }


def _distribution(d: Distribution, base: str, landing: str, ds: Dataset) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "dcat:Distribution", "title": d.title,
                           "downloadURL": base + d.path, "mediaType": d.media_type,
                           "format": d.format}
    if d.schema:
        out["describedBy"], out["describedByType"] = base + d.schema, SCHEMA_TYPE
    else:  # CSV: the columns are described on the page
        out["describedBy"], out["describedByType"] = f"{landing}#{ds.anchor}", "text/html"
    return out
