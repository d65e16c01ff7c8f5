"""`cchc build` leaves the site as it is when none of its inputs changed since it built that
site (`cchc.fingerprint`), and builds whenever any did: content, theme, date, environment, the
site folder itself; `--clean` always builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.portal import NEWS, REPO, make_project, tree_bytes

SKIPPED = "không thay đổi từ lần xây dựng trước"


@pytest.fixture
def project(tmp_path: Path):
    shutil.copytree(REPO / "overrides", tmp_path / "theme")
    p = make_project(tmp_path / "portal", {"content/tin-tuc/2024/tin.md": NEWS})
    config = p.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        str(REPO / "overrides"), str(tmp_path / "theme")), encoding="utf-8")
    return p


def _build(project, *args: str):
    result = project.cchc("build", "--today", "2024-12-31", *args, check=True)
    return result.stderr


def test_an_unchanged_build_keeps_the_site_and_any_change_builds(project, tmp_path: Path):
    site = project.root / "site"
    assert SKIPPED not in _build(project)
    before, inode = tree_bytes(site), site.stat().st_ino
    assert SKIPPED in _build(project)
    assert site.stat().st_ino == inode and tree_bytes(site) == before  # not even swapped
    # A clean build of the same input: the same bytes as the site that was kept.
    assert SKIPPED not in _build(project, "--clean")
    assert site.stat().st_ino != inode and tree_bytes(site) == before

    news = project.root / "content/tin-tuc/2024/tin.md"
    news.write_text(news.read_text(encoding="utf-8").replace(
        "Xã C đẩy mạnh", "Xã C tiếp tục đẩy mạnh"), encoding="utf-8")
    assert SKIPPED not in _build(project)
    assert "tiếp tục đẩy mạnh" in (site / "tin-tuc/index.html").read_text(encoding="utf-8")
    os.utime(news)  # touched, not changed
    assert SKIPPED in _build(project)

    footer = tmp_path / "theme/cchc/_footer.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "<!-- đổi -->\n", encoding="utf-8")
    assert SKIPPED not in _build(project)
    assert "<!-- đổi -->" in (site / "index.html").read_text(encoding="utf-8")

    assert SKIPPED not in project.cchc("build", "--today", "2025-01-01", check=True).stderr
    assert SKIPPED in project.cchc("build", "--today", "2025-01-01", check=True).stderr


def test_a_replaced_site_folder_is_built_again(project):
    site = project.root / "site"
    _build(project)
    shutil.rmtree(site)
    assert SKIPPED not in _build(project)
    assert (site / "index.html").is_file()
    moved = project.root / "elsewhere"
    shutil.copytree(site, moved)
    shutil.rmtree(site)
    moved.rename(site)  # the same files, another folder: not the site this build made
    assert SKIPPED not in _build(project)
    other = project.root / "out"
    result = project.cchc("build", "--today", "2024-12-31", "--site-dir", str(other), check=True)
    assert SKIPPED not in result.stderr  # each site folder has its own record


def test_a_failed_build_is_not_recorded(project):
    """A build that failed (here: the search indexer) leaves the last site and its record: the
    same build is tried again, and the earlier inputs still find their site."""
    _build(project)
    env = {**os.environ, "PAGEFIND_BINARY_PATH": "/bin/false"}  # an input: the indexer
    exe = Path(sys.executable).with_name("cchc")
    for _ in range(2):
        failed = subprocess.run([str(exe), "build", "--today", "2024-12-31"], cwd=project.root,
                                env=env, capture_output=True, text=True, timeout=600)
        assert failed.returncode == 1 and SKIPPED not in failed.stderr
    assert SKIPPED in _build(project)
