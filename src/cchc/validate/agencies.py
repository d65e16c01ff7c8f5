"""The agency registry (content/agencies.yml): ids, parents, successors, names."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .. import schema
from ..diagnostics import Report
from ..load import RawRecord
from ..model import (
    Agency,
    Source,
)
from ..text import normalise_name, slugify
from .fields import ID_RE, Checker, suggest

EMAIL = re.compile(r"^[^@\s:,;<>]+@[^@\s:,;<>]+\.[^@\s:,;<>]+$")


def validate_agencies(raws: list[RawRecord], report: Report) -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    checkers: dict[str, Checker] = {}
    for raw in raws:
        c = Checker(report, raw)
        v = c.fields(raw.data, schema.AGENCY_FIELDS, what=" của cơ quan")
        agency_id = v.get("id")
        if agency_id is None:
            continue
        if not ID_RE.match(agency_id):
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
            dissolved=v.get("dissolved"), successor=list(dict.fromkeys(v.get("successor", []))),
            address=v.get("address", ""), phone=v.get("phone", ""), email=v.get("email", ""),
            source=Source(raw.path, raw.positions.of()[0]),
        )
        checkers[agency_id] = c
    ids = list(agencies)
    for agency in agencies.values():
        c = checkers[agency.id]
        if agency.parent and agency.parent not in agencies:
            c.error(("parent",), "unknown-agency", f"Cơ quan `{agency.parent}` (parent) không có "
                    f"trong danh mục.{suggest(agency.parent, ids)}",
                    "Dùng mã của một cơ quan đã khai báo trong content/agencies.yml.")
            agency.parent = None
        known = []
        for target in agency.successor:
            if target in agencies:
                known.append(target)
                continue
            c.error(_successor_path(c, target), "unknown-agency",
                    f"Cơ quan `{target}` (successor) không có trong danh mục."
                    f"{suggest(target, ids)}",
                    "Dùng mã của một cơ quan đã khai báo trong content/agencies.yml.")
        agency.successor = known
        if agency.successor and not agency.dissolved:
            c.error(("successor",), "successor-without-dissolved",
                    "Có `successor` nhưng thiếu ngày `dissolved`.",
                    "Thêm `dissolved: YYYY-MM-DD` (ngày cơ quan chấm dứt hoạt động).")
        if agency.website and not re.match(r"^https?://", agency.website):
            c.error(("website",), "invalid-url", f"Địa chỉ `{agency.website}` không hợp lệ.",
                    "Viết đầy đủ, bắt đầu bằng `https://`.")
        if agency.email and not EMAIL.match(agency.email):
            c.error(("email",), "invalid-url",
                    f"Thư điện tử `{agency.email}` không đúng dạng.",
                    "Viết một địa chỉ thư, ví dụ `email: vanphong@kientuong.gov.vn` (không ghi "
                    "`mailto:`, không ghi hai địa chỉ trên một dòng).")
    for agency_id in _cycles(agencies, lambda a: [a.parent] if a.parent else []):
        checkers[agency_id].error(
            ("parent",), "agency-cycle",
            f"Vòng lặp `parent`: cơ quan `{agency_id}` là parent gián tiếp của chính nó.",
            "Sửa `parent` để chuỗi cơ quan dừng ở một cơ quan không có `parent`.")
        agencies[agency_id].parent = None
    for agency_id in _cycles(agencies, lambda a: a.successor):
        checkers[agency_id].error(
            ("successor",), "agency-cycle",
            f"Vòng lặp `successor`: cơ quan `{agency_id}` là successor gián tiếp của chính nó.",
            "Sửa `successor` để chuỗi cơ quan dừng ở một cơ quan không có `successor`.")
        agencies[agency_id].successor = []
    _check_successors_alive(agencies, checkers)
    for agency_id in _too_deep(agencies):
        checkers[agency_id].error(
            ("parent",), "agency-too-deep",
            f"Cơ quan `{agency_id}` nằm ở cấp thứ {MAX_AGENCY_DEPTH + 1} của chuỗi cơ quan cấp "
            f"trên (`parent`), quá giới hạn {MAX_AGENCY_DEPTH} cấp.",
            "Kiểm tra `parent` của các cơ quan trong chuỗi này: bộ máy hành chính chỉ có vài cấp "
            "(trung ương, tỉnh, huyện, xã và các đơn vị trực thuộc).")
        agencies[agency_id].parent = None
    _check_aliases(agencies, checkers)
    return agencies


MAX_AGENCY_DEPTH = 12  # levels of `parent`; the state has five or six


def _successor_path(c: Checker, target: str) -> tuple[Any, ...]:
    """Where `successor: target` is written: its item in a list, or the field itself."""
    value = c.raw.data.get("successor")
    if isinstance(value, list):
        for i, item in enumerate(value):
            if str(item).strip() == target:
                return ("successor", i)
    return ("successor",)


def _cycles(agencies: dict[str, Agency], links: Callable[[Agency], list[str]]) -> list[str]:
    """Agencies that lie on a cycle of links (`parent`, or the `successor`s), each reported
    once; links to unknown agencies have been dropped already."""
    on_cycle: set[str] = set()
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(start: str) -> None:
        # Iterative depth-first search: a registry of thousands must not hit the recursion limit.
        path: list[str] = [start]
        todo: list[list[str]] = [list(links(agencies[start]))]
        state[start] = 1
        while path:
            if not todo[-1]:
                state[path.pop()] = 2
                todo.pop()
                continue
            node = todo[-1].pop(0)
            if node not in agencies:
                continue
            if state.get(node) == 1:
                on_cycle.update(path[path.index(node):])
            elif state.get(node) is None:
                state[node] = 1
                path.append(node)
                todo.append(list(links(agencies[node])))

    for agency_id in agencies:
        if state.get(agency_id) is None:
            visit(agency_id)
    return sorted(on_cycle)


def _check_successors_alive(agencies: dict[str, Agency], checkers: dict[str, Checker]) -> None:
    """A successor takes over on the day the agency ends: one that had itself ended by then
    cannot (the editor most likely meant that one's own successor)."""
    for agency in agencies.values():
        if agency.dissolved is None:
            continue
        for target in agency.successor:
            other = agencies[target]
            if other.dissolved is None or other.dissolved > agency.dissolved:
                continue
            later = [s for s in other.successor if s != agency.id]
            hint = (f"Ghi cơ quan đã tiếp nhận nhiệm vụ của `{target}`: "
                    + ", ".join(f"`{s}`" for s in later) + "; hoặc sửa lại ngày `dissolved` "
                    "của một trong hai cơ quan." if later else
                    f"Ghi cơ quan còn hoạt động sau ngày {agency.dissolved:%d/%m/%Y}, hoặc sửa "
                    f"lại ngày `dissolved` của `{target}`.")
            checkers[agency.id].error(
                _successor_path(checkers[agency.id], target), "successor-dissolved",
                f"Cơ quan tiếp nhận `{target}` đã chấm dứt hoạt động từ ngày "
                f"{other.dissolved:%d/%m/%Y}, không thể tiếp nhận nhiệm vụ của cơ quan này "
                f"từ ngày {agency.dissolved:%d/%m/%Y}.", hint)


def _too_deep(agencies: dict[str, Agency]) -> list[str]:
    """Agencies at level MAX_AGENCY_DEPTH + 1 of the parent tree (cycles already cut), each
    the first one too deep on its branch; linear time (each level is computed once)."""
    level: dict[str, int] = {}
    for start in agencies:
        chain: list[str] = []
        node: str | None = start
        while node and node in agencies and node not in level:
            chain.append(node)
            node = agencies[node].parent
        base = level.get(node, 0) if node else 0
        for n in reversed(chain):
            base += 1
            level[n] = base
    return [a for a, n in level.items() if n == MAX_AGENCY_DEPTH + 1]


def _check_aliases(agencies: dict[str, Agency], checkers: dict[str, Checker]) -> None:
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
