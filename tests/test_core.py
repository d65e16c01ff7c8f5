"""The core writer's guarantees, through the real commands: settings read once (with `--today`
over mkdocs.yml), every output path written once (an editor's file at a generated path is a
validation error), a failed build leaving the previous site as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cchc import build, settings
from cchc.adapters.mkdocs_plugin import CchcConfig
from tests.support import files
from tests.support.portal import DOC, news
from tests.support.tracking import make_tracking_portal

MKDOCS = Path(sys.executable).with_name("mkdocs")


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(root: Path) -> list[str]:
    """Folders a build left beside the site (staging, old site, search input)."""
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.name.startswith(".site."))


def test_plugin_options_are_declared_once():
    """The MkDocs adapter's option schema is made from the core's declarations."""
    assert [name for name, _ in CchcConfig._schema] == [o.name for o in settings.OPTIONS]
    defaults = settings.read(Path("/nonexistent"))
    for option in settings.OPTIONS:
        if option.name != "today":
            assert getattr(defaults, option.name) == option.default


def test_today_flag_wins_over_mkdocs_yml(project):
    """`cchc build --today` is the date of the build even when mkdocs.yml sets `today:`."""
    p = project({"plans/2024/a.md": DOC.replace("---\nTóm tắt.", "tasks:\n  - task: Báo cáo\n"
                                                "    lead: ubnd-huyen-b\n    due: Quý IV/2024\n"
                                                "---\nTóm tắt.")})
    yml = p.root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace(
        "plans_dir: plans", "plans_dir: plans\n      today: 2024-01-05"), encoding="utf-8")
    p.cchc("build", "--today", "2024-12-31", check=True)
    progress = (p.root / "site/tien-do/index.html").read_text(encoding="utf-8")
    assert "31/12/2024" in progress and "05/01/2024" not in progress
    # Without the flag the file's date holds; CCHC_TODAY beats the file too.
    assert settings.read(p.root).today.isoformat() == "2024-01-05"
    os.environ[settings.TODAY_ENV] = "2024-03-01"
    try:
        assert settings.read(p.root).today.isoformat() == "2024-03-01"
        assert settings.read(p.root, today="2024-04-01").today.isoformat() == "2024-04-01"
    finally:
        del os.environ[settings.TODAY_ENV]


@pytest.mark.parametrize(("rel", "url"), [
    ("content/tien-do.md", "/tien-do/"),
    ("content/van-ban.md", "/van-ban/"),
    ("content/co-quan/index.md", "/co-quan/"),
    ("content/van-ban/index.md", "/van-ban/"),
    ("content/pagefind/anh.png", "/pagefind/anh.png"),
])
def test_editor_file_at_a_generated_path_is_refused(project, rel, url):
    """Validation names the editor's file; the build writes nothing (the generated page would
    silently replace it, as Pelican's writer refuses)."""
    content = files.PNG if rel.endswith(".png") else "---\ntitle: Trang riêng\n---\nNội dung.\n"
    p = project({"content/tin-tuc/2024/a.md": news(), "plans/2024/a.md": DOC, rel: content})
    code, items = p.diagnostics()
    assert code == 1
    hit = [d for d in items if d["code"] == "url-collision"]
    assert hit and hit[0]["path"] == rel and url in hit[0]["message"], items
    result = p.cchc("build", "--today", "2024-06-30")
    assert result.returncode == 1 and f"{rel}:1:1: lỗi url-collision" in result.stderr
    assert not (p.root / "site").exists()


def test_mkdocs_build_refuses_the_same_collision(project):
    p = project({"content/tin-tuc/2024/a.md": news(), "content/tien-do.md": "# Của tôi\n"})
    result = subprocess.run([str(MKDOCS), "build"], cwd=p.root, capture_output=True, text=True)
    assert result.returncode != 0
    assert "url-collision" in result.stderr and "content/tien-do.md" in result.stderr
    assert not (p.root / "site").exists() and not leftovers(p.root)


def test_two_documents_at_one_url_are_refused(project):
    """Two documents without number and with the same file name in one year."""
    draft = DOC.replace("number: 15/KH-UBND\n", "")
    p = project({"plans/2024/du-thao.md": draft, "plans/2024/huyen/du-thao.md": draft})
    code, items = p.diagnostics()
    assert code == 1
    hit = [d for d in items if d["code"] == "url-collision"]
    assert len(hit) == 1 and "/van-ban/2024/du-thao/" in hit[0]["message"]


def test_report_of_an_agency_leaves_out_tasks_it_only_supports(tmp_path):
    """`cchc report --agency` lists the tasks the agency leads, not those it supports."""
    p = make_tracking_portal(tmp_path / "portal")
    out = p.cchc("report", "--year", "2024", "--agency", "so-noi-vu-a", "--today", "2024-07-15",
                 check=True).stdout
    assert "Viết tin bài về CCHC của Sở Nội vụ" in out
    assert "Gửi kết quả tuyên truyền để chấm điểm CCHC" in out
    assert "Viết tin bài về CCHC của xã C" not in out  # it only supports this one


@pytest.mark.parametrize("command", ["cchc", "mkdocs"])
def test_a_failure_after_validation_keeps_the_previous_site(project, command):
    """Search indexing fails once the pages are written: the old site is byte-identical and no
    staging folder is left (building straight into site/ would destroy it)."""
    p = project({"content/tin-tuc/2024/a.md": news(), "plans/2024/a.md": DOC})
    p.cchc("build", "--today", "2024-06-30", check=True)
    before = tree_bytes(p.root / "site")
    p.write("content/tin-tuc/2024/b.md", news(**{"Xã C đẩy mạnh": "Xã C tiếp tục đẩy mạnh"}))
    env = {**os.environ, "PAGEFIND_BINARY_PATH": "/bin/false", "CCHC_TODAY": "2024-06-30"}
    args = ["build", "--today", "2024-06-30"] if command == "cchc" else ["build"]
    exe = Path(sys.executable).with_name(command)
    result = subprocess.run([str(exe), *args], cwd=p.root, capture_output=True, text=True,
                            env=env, timeout=300)
    assert result.returncode != 0
    assert "pagefind" in (result.stderr + result.stdout).lower()
    assert tree_bytes(p.root / "site") == before
    assert not leftovers(p.root)


def test_writer_refuses_a_path_twice(tmp_path):
    writer = build.Writer(tmp_path)
    writer.write("feed.xml", b"a")
    with pytest.raises(build.OutputCollision):
        writer.write("feed.xml", b"b")
    assert (tmp_path / "feed.xml").read_bytes() == b"a"


def test_mkdocs_build_writes_the_same_site_as_cchc_build(project, tmp_path):
    """The adapter is thin: through MkDocs' events the core writes the same bytes."""
    p = project({"content/tin-tuc/2024/a.md": news(), "plans/2024/a.md": DOC,
                 "content/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n## Mục\n\nVăn bản.\n"})
    p.cchc("build", "--today", "2024-06-30", "--site-dir", str(tmp_path / "a"), check=True)
    env = {**os.environ, "CCHC_TODAY": "2024-06-30"}
    subprocess.run([str(MKDOCS), "build", "-d", str(tmp_path / "b")], cwd=p.root, env=env,
                   check=True, capture_output=True)
    a, b = tree_bytes(tmp_path / "a"), tree_bytes(tmp_path / "b")
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    assert "gioi-thieu/index.html" in a and "index.html" in a


def test_cchc_build_imports_no_mkdocs(project):
    """The core writes the site without MkDocs (Material for MkDocs reaches end of life on
    5 May 2027): `cchc build` succeeds with MkDocs made unimportable."""
    p = project({"content/tin-tuc/2024/a.md": news()})
    blocker = p.root / "blocker"
    blocker.mkdir()
    (blocker / "mkdocs.py").write_text("raise ImportError('no MkDocs here')\n", encoding="utf-8")
    (blocker / "material.py").write_text("raise ImportError('no Material here')\n",
                                         encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(blocker)}
    exe = Path(sys.executable).with_name("cchc")
    result = subprocess.run([str(exe), "build", "--today", "2024-06-30"], cwd=p.root, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (p.root / "site/tin-tuc/2024/xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh/"
            "index.html").is_file()
