"""`cchc build` keeps the converted bodies in `.cchc-cache/` (`cchc.bodystore`): a rebuild
converts only the Markdown that changed, and writes the same bytes as a clean build."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from cchc import bodystore
from cchc import settings as settings_mod
from cchc.project import load_portal
from tests.support.portal import NEWS, make_project, tree_bytes

TODAY = "2024-12-31"


@pytest.fixture
def project(tmp_path: Path):
    second = NEWS.replace("Xã C đẩy mạnh", "Phường D tổ chức")
    return make_project(tmp_path / "portal", {"content/tin-tuc/2024/tin.md": NEWS,
                                              "content/tin-tuc/2024/tin-hai.md": second})


def _stored(root: Path) -> dict:
    settings = settings_mod.read(root)
    return bodystore.load(settings, bodystore.key(settings))


def _files(root: Path) -> list[Path]:
    return sorted((root / bodystore.STORE).glob("*.json.gz"))


def _conversions(root: Path) -> int:
    """Markdown conversions a validation of the project makes with the stored bodies."""
    portal = load_portal(settings_mod.read(root), bodies=_stored(root))
    assert portal.site is not None
    portal.site.convert_all()
    return portal.site._bodies.converter.conversions


def test_a_rebuild_converts_only_what_changed_and_matches_a_clean_build(project):
    root = project.root
    project.cchc("build", "--today", TODAY, check=True)
    assert len(_files(root)) == bodystore.SHARDS
    assert _conversions(root) == 0  # every body is stored

    news = root / "content/tin-tuc/2024/tin.md"
    news.write_text(news.read_text(encoding="utf-8").replace(
        "Nội dung tin bài.", "Nội dung **đã sửa** của tin bài."), encoding="utf-8")
    assert _conversions(root) == 1  # only the edited one
    before = {path: path.stat().st_ino for path in _files(root)}
    project.cchc("build", "--today", TODAY, check=True)
    # The files of the old body and of the new one are written again (replaced), no other.
    rewritten = [path for path, inode in before.items() if path.stat().st_ino != inode]
    assert 1 <= len(rewritten) <= 2
    assert any("<strong>đã sửa</strong>" in p.read_text(encoding="utf-8")
               for p in (root / "site/tin-tuc").rglob("index.html"))
    incremental = tree_bytes(root / "site")

    project.cchc("build", "--today", TODAY, "--clean", "--site-dir", str(root / "clean"),
                 check=True)
    assert tree_bytes(root / "clean") == incremental


def test_a_store_of_other_settings_or_damaged_is_ignored(project):
    root = project.root
    project.cchc("build", "--today", TODAY, check=True)
    before = tree_bytes(root / "site")
    # Another key (other extensions, another cchc): its bodies are not this build's.
    tampered = 0
    for store in _files(root):
        with gzip.open(store, "rt", encoding="utf-8") as f:
            text = f.read()
        if "<p>Nội dung tin bài.</p>" in text:
            tampered += 1
            with gzip.open(store, "wt", encoding="utf-8") as f:
                f.write(text.replace("<p>Nội dung tin bài.</p>", "<p>KHÁC</p>")
                        .replace('"key": "', '"key": "x', 1))
    assert tampered == 1
    assert _conversions(root) > 0
    project.cchc("build", "--today", TODAY, "--site-dir", str(root / "other"), check=True)
    assert tree_bytes(root / "other") == before
    for store in _files(root):
        store.write_bytes(b"\x1f\x8b not gzip")  # damaged: built as if there were none
    assert _stored(root) == {}
    project.cchc("build", "--today", TODAY, "--clean", check=True)
    assert tree_bytes(root / "site") == before


def test_clean_forgets_the_store(project):
    root = project.root
    project.cchc("build", "--today", TODAY, check=True)
    shutil.rmtree(root / "site")
    for store in _files(root):
        store.write_bytes(b"old")
    project.cchc("build", "--today", TODAY, "--clean", check=True)
    assert _stored(root) != {}  # written afresh, not the old one
