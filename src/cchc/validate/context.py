"""What documents and news share: the agencies they name, references, local files."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from .. import schema
from ..bodies import Converter
from ..diagnostics import Report
from ..load import RawRecord
from ..model import (
    Agency,
    Reference,
)
from ..refs import kind_of_number, parse_phrase
from ..registry import Registry
from ..text import nfc
from ..vocab import KINDS
from .fields import ID_RE, Checker, suggest


class Context:
    def __init__(self, root: Path, report: Report, registry: Registry,
                 bodies: Converter, docs_path: Path | None = None) -> None:
        self.root = root
        self.docs_path = docs_path or root / "content"
        self.bodies = bodies  # converts and cleans Markdown bodies (`validate.html`)
        self.report = report
        self.registry = registry
        self.agencies = registry.agencies
        self.names = registry.names
        self.ids = registry.ids

    def agency(self, c: Checker, value: str | None, path: tuple[Any, ...], role: str) -> str | None:
        if not value:
            return None
        if value in self.agencies:
            return value
        by_name = self.names.resolve(value)
        hint = (f"Dùng mã `{by_name}` thay cho tên." if by_name else
                "Dùng mã của một cơ quan trong content/agencies.yml, hoặc thêm cơ quan mới vào đó.")
        c.error(path, "unknown-agency",
                f"Cơ quan `{value}` ({role}) không có trong danh mục."
                + ("" if by_name else suggest(value, self.ids)), hint)
        return None

    def check_active(self, c: Checker, agency_id: str | None, day: date | None,
                     path: tuple[Any, ...], what: str, when: str | None = None) -> None:
        """A warning when `what` (dated `day`) names an agency that had ended by then: its
        successors (those active on that day) are the fix."""
        agency = self.agencies.get(agency_id or "")
        if agency is None or day is None or agency.active_on(day):
            return
        assert agency.dissolved is not None
        field = path[-1] if isinstance(path[-1], str) else path[-2]
        successors = self.registry.successors_on(agency.id, day)

        def line(a: Agency) -> str:
            value = f"[{a.id}]" if isinstance(path[-1], int) else a.id
            return f"`{field}: {value}` ({a.label})"

        if len(successors) == 1:
            hint = f"Ghi cơ quan tiếp nhận nhiệm vụ: {line(successors[0])}."
        elif successors:
            hint = ("Ghi cơ quan tiếp nhận phụ trách việc này, một trong: "
                    + "; ".join(line(s) for s in successors) + ".")
        else:
            hint = ("Ghi cơ quan thực hiện việc này vào ngày đó; nếu đã có cơ quan tiếp nhận, "
                    f"thêm `successor:` cho `{agency.id}` trong content/agencies.yml.")
        c.warn(path, "agency-dissolved",
               f"{what}{f' ngày {day:%d/%m/%Y}' if when is None else when} ghi cơ quan "
               f"`{agency.id}` ({agency.label}), nhưng "
               f"cơ quan này đã chấm dứt hoạt động từ ngày {agency.dissolved:%d/%m/%Y}.", hint)

    def references(self, c: Checker, value: Any, path: tuple[Any, ...],
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

    def _phrase_ref(self, c: Checker, text: str, path: tuple[Any, ...],
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

    def _mapping_ref(self, c: Checker, item: dict[str, Any], path: tuple[Any, ...]
                     ) -> Reference | None:
        v = c.fields(item, schema.REF_FIELDS, path, " của văn bản dẫn chiếu")
        if not v.get("number") and not v.get("title") and not v.get("id"):
            c.error(path, "missing-field", "Văn bản dẫn chiếu cần ít nhất `number` hoặc `title`.",
                    "Thêm `number: 1332/QĐ-BNV` (số hiệu) hoặc `title: …` (trích yếu); văn bản "
                    "chưa có số trên chuyên trang thì ghi mã của nó: `id: <năm>/<tên tệp>`.")
            return None
        agency_text = v.get("agency")
        agency = None
        if agency_text:
            if agency_text in self.agencies:
                agency = agency_text
            elif ID_RE.match(agency_text):
                # Looks like an id, so most likely a typo of one.
                c.warn((*path, "agency"), "unknown-agency",
                       f"Cơ quan `{agency_text}` không có trong danh mục."
                       + suggest(agency_text, self.ids),
                       "Dùng mã trong content/agencies.yml, hoặc ghi tên đầy đủ của cơ quan.")
            else:
                agency = self.names.resolve(agency_text)
        number = v.get("number")
        parts = [KINDS.get(v.get("kind") or (kind_of_number(number) if number else "") or "", "")]
        text = " ".join(p for p in [*parts, f"số {number}" if number else ""] if p)
        return Reference(text=text or v.get("title") or v.get("id", ""), number=number,
                         kind=v.get("kind") or (kind_of_number(number) if number else None),
                         agency=agency, agency_name=None if agency else agency_text,
                         issued=v.get("issued"), title=v.get("title"),
                         relation=v.get("relation") or "can-cu", doc_id=v.get("id"))

    def local_file(self, c: Checker, raw: RawRecord, name: str, path: tuple[Any, ...],
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
                    + suggest(candidate.name, siblings),
                    f"Chép tệp vào thư mục `{raw.path.parent.relative_to(root).as_posix()}` "
                    "hoặc sửa lại tên tệp (phân biệt chữ hoa, chữ thường).")
            return None
        return target
