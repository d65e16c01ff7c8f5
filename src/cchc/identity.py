"""Whose portal this is (SPEC §7): the owner agency and its contact block, the footer links.

State portals must say who runs them (Nghị định 42/2022/NĐ-CP, Điều 4): every page shows the
owner's name in its header and the whole block in its footer. The options are read from
mkdocs.yml (`cchc.settings`) and checked here against the agency registry, each problem
reported at its line of mkdocs.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Report
from .model import Agency
from .registry import Registry
from .settings import Settings, option_position

LOGO_TYPES = (".png", ".jpg", ".jpeg", ".webp")
_URL = re.compile(r"^(https?://|mailto:|tel:)\S+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass
class Owner:
    """The cơ quan chủ quản and what the footer says about it."""

    agency: Agency
    address: str = ""
    phone: str = ""
    email: str = ""
    responsible: str = ""  # người chịu trách nhiệm chính
    licence: str = ""  # giấy phép
    logo: str = ""  # root-relative URL of the portal's logo ("": the theme's emblem)
    links: list[Link] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.agency.name


_FIELDS = ("agency", "address", "phone", "email", "responsible", "licence", "logo")


def read_owner(settings: Settings, registry: Registry, report: Report) -> Owner | None:
    """The owner of the portal, or None (with errors) when `owner.agency` is missing or unknown."""
    config = settings.config_file or settings.root / "mkdocs.yml"
    raw: dict[str, Any] = settings.owner or {}

    def at(*keys: str) -> tuple[int, int]:
        return option_position(config, "owner", *keys)

    ok = True
    for key in raw:
        if key not in _FIELDS:
            report.error(config, at(key), "unknown-key",
                         f"Trường `{key}` không có trong `owner` của plugin cchc.",
                         "Các trường hợp lệ: " + ", ".join(f"`{k}`" for k in _FIELDS) + ".")
            ok = False
    agency_id = str(raw.get("agency") or "").strip()
    agency = registry.get(agency_id)
    if not agency_id:
        report.error(config, at(), "owner-missing",
                     "Chưa khai báo cơ quan chủ quản của chuyên trang (`owner.agency`).",
                     "Thêm vào mkdocs.yml, dưới `plugins: - cchc:`, hai dòng `owner:` và "
                     "`  agency: <mã cơ quan trong content/agencies.yml>`, kèm địa chỉ, điện "
                     "thoại, thư điện tử và người chịu trách nhiệm (SPEC §7).")
        return None
    if agency is None:
        guess = registry.closest_id(agency_id) or registry.lookup(agency_id)
        hint = (f"Có phải `{guess}`? " if guess else "") + \
            "Dùng mã của một cơ quan trong content/agencies.yml."
        report.error(config, at("agency"), "unknown-agency",
                     f"Cơ quan chủ quản `{agency_id}` không có trong danh mục cơ quan.", hint)
        return None
    text = {k: " ".join(str(raw.get(k) or "").split()) for k in _FIELDS}
    if text["email"] and not _EMAIL.match(text["email"]):
        report.error(config, at("email"), "invalid-url",
                     f"Địa chỉ thư điện tử `{text['email']}` không hợp lệ.",
                     "Viết dạng `vanphong@kientuong.gov.vn`.")
        ok = False
    logo = ""
    if text["logo"]:
        logo = text["logo"].lstrip("/")
        path = settings.docs_path / logo
        if Path(logo).suffix.lower() not in LOGO_TYPES:
            report.error(config, at("logo"), "invalid-logo",
                         f"Biểu trưng `{logo}` phải là ảnh PNG, JPEG hoặc WebP.",
                         "Xuất biểu trưng ra tệp PNG (ví dụ 256×256 điểm ảnh) và ghi đường dẫn "
                         "của nó trong thư mục content/.")
            ok = False
        elif not path.is_file():
            report.error(config, at("logo"), "attachment-missing",
                         f"Không tìm thấy biểu trưng `{logo}` trong thư mục "
                         f"{settings.docs_dir}/.",
                         f"Chép tệp vào `{settings.docs_dir}/{logo}` hoặc sửa đường dẫn.")
            ok = False
    links = _links(settings, config, report)
    ok = _feedback(settings, config, report) and ok
    if not ok or links is None:
        return None
    return Owner(agency, text["address"], text["phone"], text["email"], text["responsible"],
                 text["licence"], logo, links)


def _feedback(settings: Settings, config: Path, report: Report) -> bool:
    """`feedback`: where citizens send questions (a web address or an email), linked from every
    page; the portal itself collects nothing."""
    value = settings.feedback
    if not value or re.match(r"^(https?://|mailto:)\S+$", value) or _EMAIL.match(value):
        return True
    report.error(config, option_position(config, "feedback"), "invalid-url",
                 f"Nơi gửi câu hỏi, góp ý `feedback: {value}` không phải một địa chỉ trang web "
                 "hay thư điện tử.",
                 "Viết `feedback: https://dichvucong.gov.vn/p/phananhkiennghi/` (trang tiếp nhận "
                 "phản ánh, kiến nghị) hoặc `feedback: gopy@example.gov.vn`.")
    return False


def _links(settings: Settings, config: Path, report: Report) -> list[Link] | None:
    out: list[Link] = []
    ok = True
    for i, item in enumerate(settings.links):
        pos = option_position(config, "links")
        title = str(item.get("title") or "").strip() if isinstance(item, dict) else ""
        url = str(item.get("url") or "").strip() if isinstance(item, dict) else ""
        if not title or not _URL.match(url):
            report.error(config, (pos[0] + i + 1, pos[1]), "invalid-url",
                         f"Liên kết thứ {i + 1} trong `links` cần `title` và `url` hợp lệ "
                         f"(đang là `{item}`).",
                         "Viết dạng `- {title: Cổng Dịch vụ công quốc gia, url: "
                         "https://dichvucong.gov.vn}`.")
            ok = False
            continue
        out.append(Link(title, url))
    return out if ok else None
