"""The golden portal: a small fixture whose whole built text (pages, feeds, open data, sitemap)
is committed under `expected/`, as Pelican keeps its functional-test output. Any change of
output shows as a diff; when the change is meant, regenerate and review it:

    python -m tests.golden --update      # then: git diff tests/golden/expected
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.support.portal import DOC, make_project, news

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "expected"
TODAY = "2024-12-31"
# Not compared: the search index (Pagefind's binary shards, tested in test_search), the theme's
# assets (copied as they are), and the .gz/.br copies of the compared files (test_files).
SKIPPED_DIRS = ("pagefind", "assets")
SKIPPED_SUFFIXES = (".gz", ".br")

FILES = {
    "content/tin-tuc/2024/a.md": news(),
    "content/tin-tuc/2024/b.md": news(**{
        "Xã C đẩy mạnh tuyên truyền cải cách hành chính": "Huyện B tập huấn dịch vụ công",
        "date: 2024-03-28": "date: 2024-05-02",
        "agency: ubnd-xa-c": "agency: ubnd-huyen-b"}),
    "plans/2024/a.md": DOC,
}


def build(root: Path) -> Path:
    """The golden portal built in `root`; its site folder."""
    make_project(root, dict(FILES))
    exe = Path(sys.executable).with_name("cchc")
    subprocess.run([str(exe), "build", "--today", TODAY], cwd=root, check=True,
                   capture_output=True, text=True, timeout=600)
    return root / "site"


def compared(site: Path) -> dict[str, Path]:
    """The files of a built site that the golden tree holds, by their path in the site."""
    out = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and rel.split("/", 1)[0] not in SKIPPED_DIRS \
                and not rel.endswith(SKIPPED_SUFFIXES):
            out[rel] = path
    return out


def update() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = compared(build(Path(tmp) / "portal"))
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for rel, path in files.items():
            target = EXPECTED / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    print(f"{len(files)} tệp trong {EXPECTED}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Sinh lại cây kết quả mẫu của tests/golden.")
    parser.add_argument("--update", action="store_true", required=True)
    parser.parse_args()
    update()
