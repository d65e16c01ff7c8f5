"""Pages stay lean: a news page's HTML does not grow with the number of items in the portal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from scripts import synth


def _probe_items(root: Path) -> None:
    """The same five news items of one agency in any portal: the measured page and its
    "Tin mới nhất" neighbours are then identical input whatever the portal's size."""
    agencies = yaml.safe_load((root / "content/agencies.yml").read_text(encoding="utf-8"))
    agency = agencies[0]["id"]
    for i in range(5):
        (root / f"content/tin-tuc/2026/do-kich-thuoc-{i}.md").parent.mkdir(exist_ok=True)
        (root / f"content/tin-tuc/2026/do-kich-thuoc-{i}.md").write_text(
            f"---\ntitle: Đo kích thước trang tin số {i}\ndate: 2026-01-0{i + 1}\n"
            f"agency: {agency}\ntopics: [chinh-quyen-so]\n---\n"
            + "Nội dung cố định để đo kích thước trang, không đổi theo số tin bài.\n" * 5,
            encoding="utf-8")


def _build(root: Path, n: int) -> Path:
    synth.generate(root, n)
    _probe_items(root)
    exe = Path(sys.executable).with_name("cchc")
    subprocess.run([str(exe), "build", "--today", "2026-12-31", "--site-dir", str(root / "site")],
                   cwd=root, check=True, capture_output=True, timeout=900)
    return root / "site"


def test_news_page_size_independent_of_portal_size(tmp_path: Path):
    page = "tin-tuc/2026/do-kich-thuoc-trang-tin-so-0/index.html"
    small = (_build(tmp_path / "n200", 200) / page).stat().st_size
    large = (_build(tmp_path / "n2000", 2000) / page).stat().st_size
    assert abs(large - small) / small <= 0.10, (small, large)
