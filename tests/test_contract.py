"""docs/contract.md says what the code does: its fields are `cchc.schema`'s, its commands are
`cchc`'s, its URLs exist in a real build of the demo, its limits are the code's. The README
links nothing outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from cchc import render, schema
from cchc.cli import parser
from cchc.validate import agencies, body
from tests.support.portal import REPO

CONTRACT = (REPO / "docs/contract.md").read_text(encoding="utf-8")


def section(number: int) -> str:
    return CONTRACT.split(f"\n## {number}. ", 1)[1].split("\n## ", 1)[0]


def yaml_keys(text: str) -> set[str]:
    keys: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                keys.add(str(k))
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for block in re.findall(r"```yaml\n(.*?)```", text, re.S):
        walk(yaml.load(block.replace("---\n", ""), Loader=yaml.BaseLoader))
    return keys


def test_fields_are_the_schemas():
    declared = {
        1: {f.name for f in schema.AGENCY_FIELDS},
        2: {f.name for fs in (schema.DOCUMENT_FIELDS, schema.TASK_FIELDS, schema.REF_FIELDS,
                              schema.SIGNER_FIELDS, schema.CONSULTATION_FIELDS) for f in fs},
        3: {f.name for f in schema.NEWS_FIELDS},
    }
    for number, names in declared.items():
        written = yaml_keys(section(number))
        assert written == names, (number, sorted(written ^ names))


def test_commands_are_the_clis():
    sub = next(a for a in parser()._actions if a.dest == "command")
    commands = set(sub.choices)  # type: ignore[union-attr]
    written = set(re.findall(r"^- `cchc (\w+)", section(6), re.M))
    assert written == commands


def test_urls_exist_in_the_demo_build(demo_site: Path):
    rows = re.findall(r"^\| (`/[^|]+)\|", section(5), re.M)
    assert len(rows) >= 15
    for row in rows:
        for path in re.findall(r"`(/[^`]*)`", row):
            if "/page/N/" in path:  # pagination: only with more items than a page holds
                continue
            pattern = path.lstrip("/").replace("<document id>", "*/*")  # "<year>/<slug>"
            pattern = re.sub(r"<[^>]+>|YYYY|N(?=/)", "*", pattern)
            pattern = pattern + "index.html" if pattern.endswith("/") or not pattern else pattern
            assert list(demo_site.glob(pattern)), path


def test_limits_are_the_codes():
    text = " ".join(section(0).split() + section(3).split() + section(1).split())
    assert f"{schema.MAX_FRONT_MATTER // 1024} KB" in text
    assert f"{schema.MAX_BODY // 1024 // 1024} MB" in text
    assert f"{schema.MAX_LIST_FILE // 1024 // 1024} MB" in text
    assert f"{schema.YEAR_MIN}–{schema.YEAR_MAX}" in text
    assert f"beyond {body.MAX_NESTING} levels" in text
    assert f"more than {body.MAX_UNMATCHED} unmatched" in text
    assert f"at most {render.TIME_BUDGET:.0f} seconds" in text
    assert f"at most {agencies.MAX_AGENCY_DEPTH} levels" in text


def test_readme_links_stay_in_the_repository():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]+)\)", readme)
    local = [link for link in links if not re.match(r"https?://", link)]
    assert "docs/contract.md" in local
    for link in local:
        target = link.split("#", 1)[0]
        assert not target.startswith(("../", "/")), link
        assert (REPO / target).exists(), link
    assert "../shared" not in readme
