"""The build through its real paths: `cchc build`, `mkdocs build`, the demo portal."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.support.portal import DOC, REPO, copy_demo, news


def tree_hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_demo_validates_without_errors():
    exe = Path(sys.executable).with_name("cchc")
    result = subprocess.run([str(exe), "validate", "--format", "json"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert '"severity": "error"' not in result.stdout


def test_failed_build_leaves_previous_site_untouched(project):
    p = project({"content/tin-tuc/2024/a.md": news(), "plans/2024/a.md": DOC})
    site = p.root / "site"
    p.cchc("build", "--today", "2024-06-30", check=True)
    before = tree_hashes(site)
    assert "index.html" in before and "tin-tuc/2024/xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh/index.html" in before
    p.write("content/tin-tuc/2024/b.md", news(**{"agency: ubnd-xa-c": "agency: khong-co",
                                                 "Xã C": "Xã D"}))
    result = p.cchc("build", "--today", "2024-06-30")
    assert result.returncode == 1
    assert "content/tin-tuc/2024/b.md:4:9: lỗi unknown-agency" in result.stderr
    assert tree_hashes(site) == before
    assert not [d for d in p.root.glob(".site.*") if d.is_dir()], "staging folder left behind"


def test_mkdocs_build_refuses_the_same_way(project):
    p = project({"content/tin-tuc/2024/a.md": news()})
    p.cchc("build", "--today", "2024-06-30", check=True)
    before = tree_hashes(p.root / "site")
    p.write("content/tin-tuc/2024/a.md", news(**{"2024-03-28": "2024-02-30"}))
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run([str(mkdocs), "build"], cwd=p.root, capture_output=True, text=True)
    assert result.returncode != 0
    assert "invalid-date" in result.stderr
    assert tree_hashes(p.root / "site") == before


def test_two_builds_are_byte_identical(tmp_path):
    """The same input, the same bytes: also when the pages are rendered by one process (a) or
    three (b) (cchc.parallel)."""
    src = copy_demo(tmp_path / "demo")
    exe = Path(sys.executable).with_name("cchc")
    for name, jobs in (("a", "1"), ("b", "3")):
        subprocess.run([str(exe), "build", "--site-dir", str(tmp_path / name),
                        "--today", "2024-12-31"], cwd=src, check=True, capture_output=True,
                       env={**os.environ, "CCHC_JOBS": jobs})
    a, b = tree_hashes(tmp_path / "a"), tree_hashes(tmp_path / "b")
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


def test_no_news_or_document_in_navigation(demo_site: Path):
    pages = list(demo_site.rglob("index.html"))
    assert len(pages) > 50
    nav_link = re.compile(r'<nav class="cchc-nav".*?</nav>', re.S)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for nav in nav_link.findall(html):
            hrefs = re.findall(r'href="([^"]+)"', nav)
            bad = [h for h in hrefs if re.search(r"(tin-tuc|van-ban)/\d{4}/", h)]
            assert not bad, f"{page}: {bad}"


def test_demo_pages_exist(demo_site: Path):
    for rel in ("index.html", "tin-tuc/index.html", "van-ban/index.html", "co-quan/index.html",
                "van-ban/2013/107-kh-ubnd-ubnd-tinh-quang-nam/index.html",
                "co-quan/trung-tam-vhtttt-kien-tuong/index.html", "nam/2024/index.html",
                "linh-vuc/chinh-quyen-so/index.html"):
        assert (demo_site / rel).is_file(), rel
    assert not (demo_site / "agencies.yml").exists()
    news_pages = list((demo_site / "tin-tuc").glob("20*/*/index.html"))
    assert len(news_pages) >= 30
