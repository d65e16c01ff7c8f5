"""Validate: raw records → typed records, collecting every problem (never only the first).

Generic checks (required fields, unknown keys, types, enums) are driven by `schema`; the checks
that need the whole portal (agencies that exist, cycles, unique numbers and URLs) run after
every record has been read.
"""

from __future__ import annotations

import difflib
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from . import schema, yamlpos
from .dates import VN_TZ
from .diagnostics import Report
from .load import Progress, RawRecord, Sources
from .model import (
    Agency,
    Attachment,
    Document,
    MarkdownPage,
    NewsItem,
    Reference,
    Signer,
    Source,
    Task,
)
from .periods import QUOTA_FORMS, parse_due, parse_period, parse_quota
from .refs import kind_of_number, number_key, parse_phrase
from .registry import Registry
from .text import nfc, normalise_name, slugify
from .vocab import KINDS

_ID_RE = re.compile(schema.ID_PATTERN)


@dataclass
class Records:
    """Every typed record of a portal, drafts included (the catalog decides what is published)."""

    root: Path
    agencies: dict[str, Agency] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    news: list[NewsItem] = field(default_factory=list)
    pages: list[MarkdownPage] = field(default_factory=list)
    registry: Registry | None = None


def _suggest(value: str, options: list[str]) -> str:
    match = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    return f" Có phải `{match[0]}`?" if match else ""


class _Checker:
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
                           + _suggest(str(key), list(spec)),
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
        suggestion = f" Có phải `{guess}`?" if guess else _suggest(slug, list(f.choices))
        self.error(path, "invalid-choice",
                   f"Giá trị `{text}` không hợp lệ cho `{f.name}`.{suggestion}",
                   "Chọn một trong: " + ", ".join(f"`{k}` ({v})" for k, v in f.choices.items())
                   + ".")
        return None

    def _bad_type(self, value: Any, f: schema.Field, path: tuple[Any, ...], expected: str) -> None:
        self.error(path, "invalid-type",
                   f"Trường `{f.name}` phải là {expected}, nhưng đang là `{value!r}`.",
                   f"{f.description} Ví dụ: `{f.name}: {_example(f)}`.")
        return None


def _example(f: schema.Field) -> str:
    if isinstance(f.example, list):
        return "[" + ", ".join(str(x) for x in f.example) + "]"
    if isinstance(f.example, bool):
        return "true" if f.example else "false"
    return str(f.example)


# --- unsafe HTML -------------------------------------------------------------------------------

_DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base",
                   "form", "meta", "link", "style"}
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
_BAD_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)
_MD_LINK = re.compile(r"\]\(\s*<?\s*((?:javascript|vbscript):[^)\s]*)", re.IGNORECASE)


class _UnsafeHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, col = self.getpos()
        if tag in _DANGEROUS_TAGS:
            self.found.append((line, col + 1, f"thẻ `<{tag}>`"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, col + 1, f"thuộc tính sự kiện `{name}=`"))
            elif name in _URL_ATTRS and value and _BAD_SCHEME.match(value):
                self.found.append((line, col + 1, f"đường dẫn `{value.split(':')[0]}:`"))

    handle_startendtag = handle_starttag


def check_body(report: Report, raw: RawRecord) -> bool:
    """Reject raw HTML that could run code in a reader's browser; True if the body is safe."""
    body = raw.body
    found: list[tuple[int, int, str]] = []
    if "<" in body:
        parser = _UnsafeHtml()
        parser.feed(body)
        parser.close()
        found.extend(parser.found)
    if ":" in body:
        for m in _MD_LINK.finditer(body):
            line = body.count("\n", 0, m.start()) + 1
            col = m.start() - (body.rfind("\n", 0, m.start()) + 1) + 1
            found.append((line, col, "đường dẫn `javascript:`"))
    for line, col, what in found:
        report.error(raw.path, (raw.body_line + line - 1, col), "unsafe-html",
                     f"Nội dung có {what} — mã có thể chạy trên máy người đọc, không được đăng.",
                     "Xóa đoạn HTML này; để nhúng video hoặc bản đồ, hãy đặt liên kết thường.")
    return not found


# --- agencies ----------------------------------------------------------------------------------

def validate_agencies(raws: list[RawRecord], report: Report) -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    checkers: dict[str, _Checker] = {}
    for raw in raws:
        c = _Checker(report, raw)
        v = c.fields(raw.data, schema.AGENCY_FIELDS, what=" của cơ quan")
        agency_id = v.get("id")
        if agency_id is None:
            continue
        if not _ID_RE.match(agency_id):
            c.error(("id",), "invalid-id", f"Mã cơ quan `{agency_id}` không hợp lệ.",
                    f"Chỉ dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ "
                    f"`{slugify(agency_id) or 'ubnd-xa-huong-long'}`.")
            continue
        if agency_id in agencies:
            first = agencies[agency_id].source
            c.error(("id",), "duplicate-id", f"Mã cơ quan `{agency_id}` bị trùng "
                    f"(đã khai báo ở dòng {first.line if first else '?'}).",
                    "Mỗi cơ quan cần một mã riêng; đổi mã hoặc xóa mục trùng.")
            continue
        if "name" not in v or "level" not in v:
            continue
        agencies[agency_id] = Agency(
            id=agency_id, name=v["name"], level=v["level"], short=v.get("short", ""),
            parent=v.get("parent"), aliases=v.get("aliases", []), website=v.get("website", ""),
            dissolved=v.get("dissolved"), successor=v.get("successor"),
            source=Source(raw.path, raw.positions.of()[0]),
        )
        checkers[agency_id] = c
    ids = list(agencies)
    for agency in agencies.values():
        c = checkers[agency.id]
        for key in ("parent", "successor"):
            target = getattr(agency, key)
            if target and target not in agencies:
                c.error((key,), "unknown-agency", f"Cơ quan `{target}` ({key}) không có trong "
                        f"danh mục.{_suggest(target, ids)}",
                        "Dùng mã của một cơ quan đã khai báo trong content/agencies.yml.")
                setattr(agency, key, None)
        if agency.successor and not agency.dissolved:
            c.error(("successor",), "successor-without-dissolved",
                    "Có `successor` nhưng thiếu ngày `dissolved`.",
                    "Thêm `dissolved: YYYY-MM-DD` (ngày cơ quan chấm dứt hoạt động).")
        if agency.website and not re.match(r"^https?://", agency.website):
            c.error(("website",), "invalid-url", f"Địa chỉ `{agency.website}` không hợp lệ.",
                    "Viết đầy đủ, bắt đầu bằng `https://`.")
    for key in ("parent", "successor"):
        for agency_id in _cycles(agencies, key):
            checkers[agency_id].error(
                (key,), "agency-cycle",
                f"Vòng lặp `{key}`: cơ quan `{agency_id}` là {key} gián tiếp của chính nó.",
                f"Sửa `{key}` để chuỗi cơ quan dừng ở một cơ quan không có `{key}`.")
            setattr(agencies[agency_id], key, None)
    _check_aliases(agencies, checkers)
    return agencies


def _cycles(agencies: dict[str, Agency], key: str) -> list[str]:
    """Agencies that lie on a cycle of `key` links (each reported once)."""
    on_cycle: set[str] = set()
    state: dict[str, int] = {}
    for start in agencies:
        path: list[str] = []
        node: str | None = start
        while node and node in agencies and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = getattr(agencies[node], key)
        if node and state.get(node) == 1 and node in path:
            on_cycle.update(path[path.index(node):])
        for n in path:
            state[n] = 2
    return sorted(on_cycle)


def _check_aliases(agencies: dict[str, Agency], checkers: dict[str, _Checker]) -> None:
    owner: dict[str, str] = {}
    for agency in agencies.values():
        for i, alias in enumerate([agency.name, agency.short, *agency.aliases]):
            key = normalise_name(alias)
            if not key:
                continue
            other = owner.setdefault(key, agency.id)
            if other != agency.id:
                path = ("aliases", i - 2) if i >= 2 else (("name",) if i == 0 else ("short",))
                checkers[agency.id].warn(
                    path, "ambiguous-alias",
                    f"Tên `{alias}` trùng với tên của cơ quan `{other}`; trích dẫn dùng tên này "
                    "sẽ không xác định được cơ quan.",
                    "Đổi bí danh cho cụ thể hơn, ví dụ thêm tên địa phương.")


# --- shared pieces of documents and news --------------------------------------------------------

class _Context:
    def __init__(self, root: Path, report: Report, registry: Registry) -> None:
        self.root = root
        self.report = report
        self.registry = registry
        self.agencies = registry.agencies
        self.names = registry.names
        self.ids = registry.ids

    def agency(self, c: _Checker, value: str | None, path: tuple[Any, ...], role: str) -> str | None:
        if not value:
            return None
        if value in self.agencies:
            return value
        by_name = self.names.resolve(value)
        hint = (f"Dùng mã `{by_name}` thay cho tên." if by_name else
                "Dùng mã của một cơ quan trong content/agencies.yml, hoặc thêm cơ quan mới vào đó.")
        c.error(path, "unknown-agency",
                f"Cơ quan `{value}` ({role}) không có trong danh mục."
                + ("" if by_name else _suggest(value, self.ids)), hint)
        return None

    def references(self, c: _Checker, value: Any, path: tuple[Any, ...],
                   default_relation: str = "can-cu") -> list[Reference]:
        items = value if isinstance(value, list) else [value]
        refs: list[Reference] = []
        for i, item in enumerate(items):
            p = (*path, i) if isinstance(value, list) else path
            if isinstance(item, (str, int)) and not isinstance(item, bool):
                refs.append(self._phrase_ref(c, nfc(str(item)).strip(), p, default_relation))
            elif isinstance(item, dict):
                if ref := self._mapping_ref(c, item, p):
                    refs.append(ref)
            else:
                c.error(p, "invalid-type", "Mỗi văn bản dẫn chiếu phải là một câu trích dẫn hoặc "
                        "một mục {number, agency, issued, title}.",
                        "Ví dụ: `- Kế hoạch số 15/KH-UBND ngày 19/01/2024 của UBND huyện Hương Khê`.")
        return refs

    def _phrase_ref(self, c: _Checker, text: str, path: tuple[Any, ...],
                    default_relation: str) -> Reference:
        parsed = parse_phrase(text)
        # The preamble's own words say how the documents relate ("Thực hiện …", "Căn cứ …").
        head = text.casefold()
        relation = ("thuc-hien" if head.startswith("thực hiện") else
                    "can-cu" if head.startswith("căn cứ") else default_relation)
        agency = self.names.resolve(parsed.agency_name) if parsed.agency_name else None
        if parsed.number is None:
            c.warn(path, "ref-without-number",
                   f"Không tìm thấy số hiệu trong `{text}`; văn bản sẽ hiện như dẫn chiếu ngoài.",
                   "Ghi rõ số hiệu, ví dụ `Kế hoạch số 15/KH-UBND ngày 19/01/2024 của UBND "
                   "huyện Hương Khê`.")
        return Reference(text=text, number=parsed.number, kind=parsed.kind, agency=agency,
                         agency_name=None if agency else parsed.agency_name,
                         issued=parsed.issued, title=parsed.title, relation=relation)

    def _mapping_ref(self, c: _Checker, item: dict[str, Any], path: tuple[Any, ...]
                     ) -> Reference | None:
        v = c.fields(item, schema.REF_FIELDS, path, " của văn bản dẫn chiếu")
        if not v.get("number") and not v.get("title"):
            c.error(path, "missing-field", "Văn bản dẫn chiếu cần ít nhất `number` hoặc `title`.",
                    "Thêm `number: 1332/QĐ-BNV` (số hiệu) hoặc `title: …` (trích yếu).")
            return None
        agency_text = v.get("agency")
        agency = None
        if agency_text:
            if agency_text in self.agencies:
                agency = agency_text
            elif _ID_RE.match(agency_text):
                # Looks like an id, so most likely a typo of one.
                c.warn((*path, "agency"), "unknown-agency",
                       f"Cơ quan `{agency_text}` không có trong danh mục."
                       + _suggest(agency_text, self.ids),
                       "Dùng mã trong content/agencies.yml, hoặc ghi tên đầy đủ của cơ quan.")
            else:
                agency = self.names.resolve(agency_text)
        number = v.get("number")
        parts = [KINDS.get(v.get("kind") or (kind_of_number(number) if number else "") or "", "")]
        text = " ".join(p for p in [*parts, f"số {number}" if number else ""] if p)
        return Reference(text=text or v.get("title", ""), number=number,
                         kind=v.get("kind") or (kind_of_number(number) if number else None),
                         agency=agency, agency_name=None if agency else agency_text,
                         issued=v.get("issued"), title=v.get("title"),
                         relation=v.get("relation") or "can-cu")

    def local_file(self, c: _Checker, raw: RawRecord, name: str, path: tuple[Any, ...],
                   what: str) -> Path | None:
        """A file next to the record that must exist and stay inside the repository."""
        candidate = Path(name)
        target = (raw.path.parent / candidate).resolve()
        root = self.root.resolve()
        if candidate.is_absolute() or (root not in target.parents and target != root):
            c.error(path, "attachment-outside",
                    f"{what} `{name}` nằm ngoài thư mục của cổng thông tin.",
                    "Chép tệp vào cùng thư mục với tệp Markdown và ghi tên tệp, không ghi "
                    "đường dẫn tuyệt đối hay `../`.")
            return None
        if not target.is_file():
            siblings = [p.name for p in raw.path.parent.iterdir() if p.is_file()]
            c.error(path, "attachment-missing",
                    f"Không tìm thấy {what.lower()} `{name}` cạnh tệp này."
                    + _suggest(candidate.name, siblings),
                    f"Chép tệp vào thư mục `{raw.path.parent.relative_to(root).as_posix()}` "
                    "hoặc sửa lại tên tệp (phân biệt chữ hoa, chữ thường).")
            return None
        return target


# --- documents ---------------------------------------------------------------------------------

def document_id(year: int, number: str | None, agency: str, stem: str) -> str:
    return f"{year}/{slugify(number)}-{agency}" if number else f"{year}/{slugify(stem)}"


def _validate_document(raw: RawRecord, ctx: _Context) -> Document | None:
    c = _Checker(ctx.report, raw)
    v = c.fields(raw.data, schema.DOCUMENT_FIELDS, what=" của văn bản")
    safe = check_body(ctx.report, raw)
    agency = ctx.agency(c, v.get("agency"), ("agency",), "cơ quan ban hành")
    issued: date | None = v.get("issued")
    year = v.get("year") or (issued.year if issued else None)
    if year is None and "year" not in raw.data:
        c.error((), "missing-field", "Thiếu năm của văn bản: cần `issued` hoặc `year`.",
                "Thêm `year: 2024` (năm của kế hoạch/kỳ báo cáo) hoặc `issued: YYYY-MM-DD`.")
    if year is not None and not 1945 <= year <= 2100:
        c.error(("year",), "invalid-value", f"Năm `{year}` không hợp lệ.",
                "Ghi năm bốn chữ số, ví dụ 2024.")
    period = None
    if v.get("period"):
        period = parse_period(v["period"])
        if period is None:
            c.error(("period",), "invalid-period", f"Kỳ báo cáo `{v['period']}` không đúng dạng.",
                    "Dùng một trong: Quý I/2024 … Quý IV/2024, 6 tháng/2024, 9 tháng/2024, "
                    "Năm 2024.")
    signer = _signer(c, raw.data.get("signer"))
    # A report's pasted references are, unless it says otherwise, what it reports on.
    relation = "bao-cao" if v.get("kind") == "bao-cao" else "can-cu"
    refs = ctx.references(c, raw.data["refs"], ("refs",), relation) if raw.data.get("refs") else []
    tasks = _tasks(c, ctx, raw.data.get("tasks"))
    attachments = []
    for i, name in enumerate(v.get("attachments", [])):
        if target := ctx.local_file(c, raw, name, ("attachments", i), "Tệp đính kèm"):
            mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            attachments.append(Attachment(target.name, target, target.stat().st_size, mime))
    if not (c.ok and safe and agency and year and "kind" in v and "title" in v):
        return None
    number = " ".join(v["number"].split()) if v.get("number") else None
    return Document(
        id=document_id(year, number, agency, raw.path.stem), kind=v["kind"], title=v["title"],
        agency=agency, year=year, number=number, issued=issued, period=period,
        period_text=v.get("period", ""), signer=signer, refs=refs, topics=v.get("topics", []),
        tags=v.get("tags", []), attachments=attachments, tasks=tasks,
        draft=v.get("draft", False), body=raw.body,
        source=Source(raw.path, 1),
    )


def _signer(c: _Checker, value: Any) -> Signer | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return Signer(nfc(value).strip())
    if not isinstance(value, dict):
        c.error(("signer",), "invalid-type", "Trường `signer` phải có dạng {name: …, title: …}.",
                "Ví dụ: `signer: {name: Nguyễn Văn Vũ, title: Chủ tịch}`.")
        return None
    v = c.fields(value, schema.SIGNER_FIELDS, ("signer",), " của người ký")
    return Signer(v["name"], v.get("title", "")) if "name" in v else None


def _tasks(c: _Checker, ctx: _Context, value: Any) -> list[Task]:
    if value is None:
        return []
    if not isinstance(value, list):
        c.error(("tasks",), "invalid-type", "Trường `tasks` phải là một danh sách nhiệm vụ.",
                "Mỗi nhiệm vụ bắt đầu bằng `- task: …` với `lead:`, `due:` thụt lề bên dưới.")
        return []
    tasks = []
    for i, item in enumerate(value):
        path = ("tasks", i)
        if not isinstance(item, dict):
            c.error(path, "invalid-type", "Mỗi nhiệm vụ phải có các trường `task`, `lead`…",
                    "Viết dạng `- task: Viết tin bài về CCHC` rồi `lead: <mã cơ quan>`.")
            continue
        v = c.fields(item, schema.TASK_FIELDS, path, " của nhiệm vụ")
        lead = ctx.agency(c, v.get("lead"), (*path, "lead"), "cơ quan chủ trì")
        support = [s for j, s in enumerate(v.get("support", []))
                   if ctx.agency(c, s, (*path, "support", j), "cơ quan phối hợp")]
        quota = None
        if v.get("quota"):
            quota = parse_quota(v["quota"])
            if quota is None:
                c.warn((*path, "quota"), "invalid-quota",
                       f"Không hiểu chỉ tiêu `{v['quota']}`; nhiệm vụ này sẽ không được theo dõi "
                       "tiến độ tự động.",
                       "Dùng một trong các dạng: " + ", ".join(QUOTA_FORMS) + ".")
        if "task" in v and lead:
            tasks.append(Task(task=v["task"], lead=lead, support=support,
                              product=v.get("product", ""),
                              due=parse_due(v["due"]) if "due" in v else None,
                              quota=quota, index=i))
    return tasks


# --- news --------------------------------------------------------------------------------------

def _validate_news(raw: RawRecord, ctx: _Context) -> NewsItem | None:
    c = _Checker(ctx.report, raw)
    v = c.fields(raw.data, schema.NEWS_FIELDS, what=" của tin bài")
    safe = check_body(ctx.report, raw)
    agency = ctx.agency(c, v.get("agency"), ("agency",), "cơ quan đưa tin")
    when = v.get("date")
    if isinstance(when, date) and not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day, tzinfo=VN_TZ)
    elif isinstance(when, datetime) and when.tzinfo is None:
        when = when.replace(tzinfo=VN_TZ)  # naive times are Vietnam time (SPEC §3)
    elif isinstance(when, datetime):
        when = when.astimezone(VN_TZ)
    slug = v.get("slug")
    if slug is not None and not _ID_RE.match(slug):
        c.error(("slug",), "invalid-slug", f"Đường dẫn `{slug}` không hợp lệ.",
                f"Chỉ dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ `{slugify(slug)}`.")
    title = v.get("title")
    if slug is None and title:
        slug = slugify(title)
    documents = ctx.references(c, raw.data["documents"], ("documents",)) \
        if raw.data.get("documents") else []
    if v.get("image"):
        ctx.local_file(c, raw, v["image"], ("image",), "Ảnh")
    if not (c.ok and safe and agency and when and title and slug):
        return None
    return NewsItem(
        id=f"{when.year}/{slug}", title=title, date=when, agency=agency, slug=slug,
        author=v.get("author", ""), topics=v.get("topics", []), tags=v.get("tags", []),
        documents=documents, description=v.get("description", ""), image=v.get("image", ""),
        draft=v.get("draft", False), body=raw.body, source=Source(raw.path, 1),
    )


# --- whole portal ------------------------------------------------------------------------------

def validate(sources: Sources, report: Report, progress: Progress | None = None) -> Records:
    """Every check; problems go to `report`, valid records are returned."""
    registry = Registry(validate_agencies(sources.agencies, report))
    ctx = _Context(sources.root, report, registry)
    records = Records(sources.root, registry.agencies, registry=registry)
    total = len(sources.documents) + len(sources.news)
    by_raw_doc: dict[int, RawRecord] = {}
    for i, raw in enumerate(sources.documents):
        if doc := _validate_document(raw, ctx):
            records.documents.append(doc)
            by_raw_doc[id(doc)] = raw
        if progress:
            progress("validate", i + 1, total)
    by_raw_news: dict[int, RawRecord] = {}
    for i, raw in enumerate(sources.news, len(sources.documents)):
        if item := _validate_news(raw, ctx):
            records.news.append(item)
            by_raw_news[id(item)] = raw
        if progress:
            progress("validate", i + 1, total)
    docs_dir = sources.root / sources.docs_dir
    for raw in sources.pages:
        records.pages.append(_validate_page(raw, docs_dir))
    _check_unique_documents(records.documents, by_raw_doc, report)
    _check_unique_news(records.news, by_raw_news, report)
    return records


_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)


def _validate_page(raw: RawRecord, docs_dir: Path) -> MarkdownPage:
    """An ordinary page: its title from the front matter, else its first heading, else its
    file name (as MkDocs names pages)."""
    data = raw.data
    src_uri = raw.path.relative_to(docs_dir).as_posix()
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        heading = _H1.search(raw.body)
        title = heading.group(1) if heading else raw.path.stem.replace("-", " ").capitalize()
    return MarkdownPage(src_uri=src_uri, title=nfc(str(title)).strip(), body=raw.body,
                        template=str(data.get("template") or ""),
                        description=str(data.get("description") or ""), meta=dict(data),
                        source=Source(raw.path, 1))


def _check_unique_documents(docs: list[Document], raws: dict[int, RawRecord],
                            report: Report) -> None:
    seen_number: dict[tuple[str, str], Document] = {}
    seen_id: dict[str, Document] = {}
    for doc in docs:
        raw = raws[id(doc)]
        if doc.number:
            key = (doc.agency, number_key(doc.number))
            if key in seen_number:
                other = seen_number[key]
                report.error(raw.path, raw.positions.of("number"), "duplicate-number",
                             f"Số hiệu `{doc.number}` của `{doc.agency}` đã dùng cho văn bản "
                             f"`{_rel(other, report)}`.",
                             "Mỗi văn bản của một cơ quan có một số hiệu riêng; kiểm tra lại số.")
                continue
            seen_number[key] = doc
        if doc.id in seen_id:
            report.error(raw.path, raw.positions.of("title"), "url-collision",
                         f"Văn bản này và `{_rel(seen_id[doc.id], report)}` cùng có địa chỉ "
                         f"/van-ban/{doc.id}/.",
                         "Đổi tên tệp (với văn bản chưa có số) hoặc kiểm tra văn bản bị trùng.")
            continue
        seen_id[doc.id] = doc


def _check_unique_news(items: list[NewsItem], raws: dict[int, RawRecord], report: Report) -> None:
    seen: dict[str, NewsItem] = {}
    for item in items:
        if item.id in seen:
            raw = raws[id(item)]
            field_name = "slug" if "slug" in raw.data else "title"
            report.error(raw.path, raw.positions.of(field_name), "url-collision",
                         f"Tin bài này và `{_rel(seen[item.id], report)}` cùng có địa chỉ "
                         f"/tin-tuc/{item.id}/ (tiêu đề giống nhau khi bỏ dấu).",
                         "Thêm trường `slug:` với một đường dẫn khác cho một trong hai tin, "
                         "hoặc đổi tiêu đề.")
            continue
        seen[item.id] = item


def _rel(record: Document | NewsItem, report: Report) -> str:
    return report.relpath(record.source.path) if record.source else "?"
