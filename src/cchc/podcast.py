"""The podcast of the portal's radio programmes (`/phat-thanh/feed.xml`, SPEC §10): its cover,
from the plugin option `podcast`, checked once with the rest of the portal.

Podcast apps show a square cover of 1400–3000 pixels (JPEG or PNG: they read no other type);
the feed's author and contact are the portal's owner (SPEC §7).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import images, urls
from .diagnostics import Report
from .settings import Settings, option_position

FIELDS = ("image",)
COVER_TYPES = (".jpg", ".jpeg", ".png")
COVER_MIN, COVER_MAX = 1400, 3000


@dataclass(frozen=True)
class Podcast:
    image: str = ""  # root-relative URL of the cover ("" when none is configured)


def read(settings: Settings, report: Report) -> Podcast:
    config = settings.config_file or settings.root / "mkdocs.yml"
    raw = settings.podcast

    def at(*keys: str) -> tuple[int, int]:
        return option_position(config, "podcast", *keys)

    if not isinstance(raw, dict):
        report.error(config, at(), "invalid-podcast",
                     "Tùy chọn `podcast` của plugin cchc phải là các cặp `tên: giá trị`.",
                     "Viết hai dòng: `podcast:` rồi `  image: phat-thanh/bia.png` (ảnh bìa vuông "
                     "trong thư mục content/).")
        return Podcast()
    for key in raw:
        if key not in FIELDS:
            report.error(config, at(str(key)), "invalid-podcast",
                         f"Trường `{key}` không có trong tùy chọn `podcast`.",
                         "Trường hợp lệ: `image` (ảnh bìa của nguồn phát thanh).")
    name = str(raw.get("image") or "").strip().lstrip("/")
    if not name:
        return Podcast()
    path = settings.docs_path / name
    if Path(name).suffix.lower() not in COVER_TYPES:
        report.error(config, at("image"), "invalid-podcast",
                     f"Ảnh bìa `{name}` phải là ảnh JPEG hoặc PNG (ứng dụng podcast không đọc "
                     "loại khác).", "Xuất ảnh bìa ra tệp PNG vuông 1400×1400 điểm ảnh, ví dụ "
                     "`image: phat-thanh/bia.png`.")
        return Podcast()
    if not path.is_file():
        report.error(config, at("image"), "attachment-missing",
                     f"Không tìm thấy ảnh bìa `{name}` trong thư mục {settings.docs_dir}/.",
                     f"Chép tệp vào `{settings.docs_dir}/{name}` hoặc sửa đường dẫn.")
        return Podcast()
    try:
        width, height, _ = images.inspect(path)
    except images.Unreadable as exc:
        report.error(config, at("image"), "invalid-podcast",
                     f"Không đọc được ảnh bìa `{name}` ({exc}).",
                     "Mở ảnh bằng một chương trình xem ảnh; nếu không mở được, xuất lại tệp PNG.")
        return Podcast()
    if width != height or not COVER_MIN <= width <= COVER_MAX:
        report.warn(config, at("image"), "podcast-image-size",
                    f"Ảnh bìa `{name}` cỡ {width}×{height} điểm ảnh; ứng dụng podcast cần ảnh "
                    f"vuông từ {COVER_MIN}×{COVER_MIN} đến {COVER_MAX}×{COVER_MAX}.",
                    "Cắt ảnh thành hình vuông và lưu ở cỡ 1400×1400 điểm ảnh.")
    return Podcast(urls.content_file(name))
