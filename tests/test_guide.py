"""The editor's guide (content/huong-dan-bien-tap.md) explains every diagnostic CODE.

CODEs are collected from the source: every string literal shaped like a CODE passed to
`error`/`warn`/`add` (Report and the validator's checker), to `YamlProblem` or to the
YAML readers' `problem` and `slip`. A new CODE
without a section in the guide fails this test.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.portal import REPO

SOURCE = REPO / "src/cchc"
GUIDE = REPO / "content/huong-dan-bien-tap.md"
CODE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
REPORTERS = {"error", "warn", "add", "YamlProblem", "problem", "slip"}  # + the YAML readers


def source_codes() -> dict[str, set[str]]:
    """CODE → the modules that report it."""
    found: dict[str, set[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in REPORTERS:
                continue
            for arg in node.args[:4]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) \
                        and CODE.fullmatch(arg.value):
                    found.setdefault(arg.value, set()).add(path.name)
    return found


def test_codes_are_found_in_the_source():
    codes = source_codes()
    # A sanity check of the scan itself: codes from each reporting module.
    assert {"not-utf8", "yaml-syntax", "duplicate-key", "unknown-agency", "missing-field",
            "url-collision"} <= set(codes)
    assert len(codes) >= 25


def test_every_code_has_a_section_with_an_example_fix():
    text = GUIDE.read_text(encoding="utf-8")
    sections = dict(re.findall(r"^### `([a-z0-9-]+)` .*\{#([a-z0-9-]+)\}$", text, re.M))
    missing = sorted(set(source_codes()) - set(sections))
    assert not missing, f"add a section to {GUIDE.name} for: {missing}"
    assert all(code == anchor for code, anchor in sections.items())
    for code in source_codes():
        body = text.split(f"{{#{code}}}", 1)[1].split("\n### ", 1)[0]
        assert "**Sửa:**" in body, code  # every section says how to fix it


def test_guide_is_a_page_of_the_demo_portal(demo_site):
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"),
                       Loader=yaml.BaseLoader)
    # For editors: published, but kept off the citizens' menu, the search and the sitemap.
    assert {"Hướng dẫn biên tập": "huong-dan-bien-tap.md"} not in config["nav"]
    page = (demo_site / "huong-dan-bien-tap/index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in page and "data-pagefind-body" not in page
    assert "huong-dan-bien-tap" not in (demo_site / "sitemap.xml").read_text(encoding="utf-8")
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    assert "huong-dan-bien-tap" not in home
    for code in source_codes():
        assert f'id="{code}"' in page, code


# --- the workflow the guide and the README document: pre-commit, CI, editor settings ----------

BIN = Path(sys.executable).parent


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command as the hook or workflow writes it, with this environment's `cchc`."""
    args = shlex.split(command)
    if args[0] == "cchc":
        args[0] = str(BIN / "cchc")
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=900)


def repo_copy(dest: Path) -> Path:
    for name in ("content", "plans", "schemas"):
        shutil.copytree(REPO / name, dest / name)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(text.replace("custom_dir: overrides",
                                                  f"custom_dir: {REPO / 'overrides'}"),
                                     encoding="utf-8")
    return dest


def hook_commands() -> list[str]:
    out = []
    for name in (".pre-commit-config.yaml", ".pre-commit-hooks.yaml"):
        data = yaml.safe_load((REPO / name).read_text(encoding="utf-8"))
        hooks = data if isinstance(data, list) else [h for r in data["repos"] for h in r["hooks"]]
        assert {h["id"] for h in hooks} == {"cchc-validate", "cchc-schema"}, name
        out += [h["entry"] for h in hooks]
    return sorted(set(out))


def test_pre_commit_hooks_pass_on_the_demo_and_block_an_error(tmp_path):
    commands = hook_commands()
    assert commands == ["cchc schema --check", "cchc validate"]
    src = repo_copy(tmp_path / "repo")
    for command in commands:
        result = run(command, src)
        assert result.returncode == 0, (command, result.stderr)
    bad = src / "content/tin-tuc/2024/huong-long-quy-i.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("agency: ", "agency: x", 1),
                   encoding="utf-8")
    result = run("cchc validate", src)
    assert result.returncode == 1 and "unknown-agency" in result.stderr


def test_pre_commit_itself_when_installed(tmp_path):
    exe = shutil.which("pre-commit") or (BIN / "pre-commit" if (BIN / "pre-commit").exists()
                                         else None)
    if not exe:
        pytest.skip("pre-commit is not installed")
    src = repo_copy(tmp_path / "repo")
    shutil.copy(REPO / ".pre-commit-config.yaml", src)
    subprocess.run(["git", "init", "-q"], cwd=src, check=True)
    subprocess.run(["git", "add", "-A"], cwd=src, check=True)
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}",
           "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    result = subprocess.run([str(exe), "run", "--all-files"], cwd=src, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "cchc validate" in result.stdout


def workflow() -> dict:
    return yaml.load((REPO / ".github/workflows/cchc.yml").read_text(encoding="utf-8"),
                     Loader=yaml.BaseLoader)  # BaseLoader: `on` stays a string key


def test_ci_workflow_validates_pull_requests_and_publishes_main():
    wf = workflow()
    assert "pull_request" in wf["on"] and wf["on"]["push"]["branches"] == ["main"]
    jobs = wf["jobs"]
    runs = [s.get("run", "") for s in jobs["validate"]["steps"]]
    assert "cchc validate --format github" in runs
    assert "pull_request" in jobs["build"]["if"] and "refs/heads/main" in jobs["build"]["if"]
    uses = [s.get("uses", "") for job in jobs.values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    # The build keeps its cache between runs (cchc.bodystore, cchc.images), restored before it.
    steps = jobs["build"]["steps"]
    cache = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache@"))
    build = next(i for i, s in enumerate(steps) if s.get("run", "").startswith("cchc build"))
    # The stores and the site folder the page cache links unchanged pages from.
    assert cache < build and steps[cache]["with"]["path"].split() == [".cchc-cache", "_site"]
    assert steps[cache]["with"]["restore-keys"] == "cchc-${{ runner.os }}-"


def test_ci_workflow_commands_run_locally(tmp_path):
    src = repo_copy(tmp_path / "repo")
    commands = [s["run"] for job in workflow()["jobs"].values() for s in job["steps"]
                if "run" in s and not s["run"].startswith("pip ")]
    assert commands == ["cchc validate --format github", "cchc schema --check",
                        "cchc build --site-dir _site"]
    for command in commands:
        result = run(command, src)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
    assert (src / "_site/index.html").is_file()
    # On a pull request with an error, the annotation names the file and line.
    bad = src / "content/tin-tuc/2024/huong-long-quy-i.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("agency: ", "agency: x", 1),
                   encoding="utf-8")
    result = run("cchc validate --format github", src)
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=content/tin-tuc/2024/huong-long-quy-i.md,line=")


def jsonc(path: Path) -> dict:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if not line.lstrip().startswith("//")]
    return json.loads("\n".join(lines))


def test_vscode_maps_the_registry_to_its_schema():
    settings = jsonc(REPO / ".vscode/settings.json")
    (schema_path, globs), = settings["yaml.schemas"].items()
    assert (REPO / schema_path).is_file() and globs == ["content/agencies.yml"]
    assert "redhat.vscode-yaml" in jsonc(REPO / ".vscode/extensions.json")["recommendations"]


def test_vscode_problem_matchers_read_real_output(project):
    """The tasks' patterns match what `cchc validate` and `cchc serve` really print."""
    import re as regex

    tasks = {t["label"]: t for t in jsonc(REPO / ".vscode/tasks.json")["tasks"]}
    p = project({"content/tin-tuc/2024/a.md": "---\ntitle: Tin\ndate: 2024-01-02\n"
                 "agency: ubnd-xa-cc\n---\nNội dung.\n"})
    validate = tasks["cchc: kiểm tra"]
    assert validate["args"] == ["validate", "--format", "github"]
    out = p.cchc(*validate["args"]).stdout.splitlines()
    m = regex.match(validate["problemMatcher"]["pattern"]["regexp"], out[0])
    assert m and m.group(2) == "content/tin-tuc/2024/a.md" and m.group(3) == "4"
    assert m.group(5) == "unknown-agency"
    # `cchc serve` logs each problem through MkDocs' logger as "ERROR   -  <text format>".
    from cchc.project import load_portal
    from cchc.settings import read as settings_for

    line = "ERROR   -  " + load_portal(settings_for(p.root)).report.errors[0].format_text()
    serve_error = tasks["cchc: xem trước"]["problemMatcher"][0]
    m = regex.match(serve_error["pattern"]["regexp"], line.splitlines()[0])
    assert m and m.groups()[:4] == ("content/tin-tuc/2024/a.md", "4", "9", "unknown-agency")
