"""Throwaway portals for tests: a project from a dict of files (MkDocs' test helpers do the same),
the real `cchc` command run in it, and the demo portal copied elsewhere."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

MKDOCS_YML = """\
site_name: Cổng thử nghiệm
site_url: https://example.gov.vn/cchc/
docs_dir: content
theme:
  name: material
  custom_dir: {overrides}
  language: vi
  font: false
extra_css:
  - assets/stylesheets/cchc.css
markdown_extensions:
  - tables
  - attr_list
plugins:
  - cchc:
      plans_dir: plans
      page_size: {page_size}
      precompress: {precompress}
      owner:
        agency: ubnd-tinh-a
        address: Số 1 đường Trần Phú, thành phố A
        phone: 0123 456 789
        email: vanphong@tinh-a.example.gov.vn
        responsible: Nguyễn Văn A, Chánh Văn phòng
"""

AGENCIES = """\
- id: ubnd-tinh-a
  name: Ủy ban nhân dân tỉnh A
  short: UBND tỉnh A
  level: tinh
  aliases: [UBND tỉnh A]
- id: so-noi-vu-a
  name: Sở Nội vụ tỉnh A
  level: so-nganh
  parent: ubnd-tinh-a
- id: ubnd-huyen-b
  name: Ủy ban nhân dân huyện B
  short: UBND huyện B
  level: huyen
  parent: ubnd-tinh-a
- id: ubnd-xa-c
  name: Ủy ban nhân dân xã C
  short: UBND xã C
  level: xa
  parent: ubnd-huyen-b
"""


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@dataclass
class Project:
    root: Path

    def write(self, rel: str, content: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(dedent(content), encoding="utf-8")
        return path

    def cchc(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        """Run the real `cchc` console script in the project folder."""
        exe = Path(sys.executable).with_name("cchc")
        result = subprocess.run([str(exe), *args], cwd=self.root, capture_output=True,
                                text=True, timeout=600)
        if check and result.returncode != 0:
            raise AssertionError(f"cchc {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def diagnostics(self) -> tuple[int, list[dict]]:
        """`cchc validate --format json`: exit code and the parsed diagnostics."""
        result = self.cchc("validate", "--format", "json")
        return result.returncode, json.loads(result.stdout or "[]")


def make_project(root: Path, files: dict[str, str | bytes] | None = None, *,
                 agencies: str | None = AGENCIES, page_size: int = 20,
                 precompress: bool = False) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    project = Project(root)
    project.write("mkdocs.yml", MKDOCS_YML.format(overrides=REPO / "overrides",
                                                 page_size=page_size,
                                                 precompress=str(precompress).lower()))
    project.write("content/index.md", "---\ntitle: Trang chủ\ntemplate: cchc/home.html\n---\n"
                  "Xin chào.\n")
    if agencies is not None:
        project.write("content/agencies.yml", agencies)
    for rel, content in (files or {}).items():
        project.write(rel, content)
    return project


def copy_demo(dest: Path) -> Path:
    """A copy of the demo portal's sources (content, plans, mkdocs.yml) to build elsewhere."""
    for name in ("content", "plans"):
        shutil.copytree(REPO / name, dest / name)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    (dest / "mkdocs.yml").write_text(text, encoding="utf-8")
    return dest


NEWS = """\
---
title: Xã C đẩy mạnh tuyên truyền cải cách hành chính
date: 2024-03-28
agency: ubnd-xa-c
topics: [thu-tuc-hanh-chinh]
---
Nội dung tin bài.
"""

DOC = """\
---
number: 15/KH-UBND
kind: ke-hoach
title: Tuyên truyền cải cách hành chính năm 2024
agency: ubnd-huyen-b
issued: 2024-01-19
---
Tóm tắt.
"""


def news(**replace: str) -> str:
    text = NEWS
    for old, new in replace.items():
        text = text.replace(old, new)
    return text


def tree_bytes(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path: two builds compare byte for byte."""
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}
