"""The agency registry (content/agencies.yml): ids, parents, successors, names."""

from __future__ import annotations

import re

from .. import schema
from ..diagnostics import Report
from ..load import RawRecord
from ..model import (
    Agency,
    Source,
)
from ..text import normalise_name, slugify
from .fields import ID_RE, Checker, suggest


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
                        f"danh mục.{suggest(target, ids)}",
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


def _cycles(agencies: dict[str, Agency], key: str) -> list[str]:
    """Agencies that lie on a cycle of `key` links (each reported once); linear time."""
    on_cycle: set[str] = set()
    state: dict[str, int] = {}
    for start in agencies:
        path: dict[str, int] = {}  # node → its index on the path walked from `start`
        node: str | None = start
        while node and node in agencies and state.get(node) is None:
            state[node] = 1
            path[node] = len(path)
            node = getattr(agencies[node], key)
        if node and state.get(node) == 1 and node in path:
            on_cycle.update(list(path)[path[node]:])
        for n in path:
            state[n] = 2
    return sorted(on_cycle)


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
