"""Fixtures shared by every test module (helpers live in tests/support)."""

from __future__ import annotations

import compileall
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from tests.support.browser import ARGS, CHROMIUM
from tests.support.portal import REPO, Project, make_project


def pytest_sessionstart(session: pytest.Session) -> None:
    """Byte-compile the project's own modules once, before the workers start: with
    PYTHONDONTWRITEBYTECODE set (as on the CI machines) every `cchc` child the suite runs
    would otherwise compile src/cchc again (~0.1 s each, hundreds of times). Python checks
    each .pyc against its source, so an edited module is still compiled afresh."""
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller did it
    for folder in ("src/cchc", "scripts", "tests"):
        compileall.compile_dir(REPO / folder, quiet=1, workers=1)


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Project]:
    def factory(files: dict[str, str | bytes] | None = None, **kw: Any) -> Project:
        return make_project(tmp_path / "portal", files, **kw)
    return factory


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo portal of the repository, built once for the whole run: the first xdist
    worker to need it builds it (under a file lock), the others wait and read the same tree.
    Tests only read it; one that changes a built tree copies it first."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, shared by its workers
    out, done = base / "demo" / "site", base / "demo" / "built"
    with FileLock(str(base / "demo.lock")):
        if not done.exists():
            shutil.rmtree(out, ignore_errors=True)
            exe = Path(sys.executable).with_name("cchc")
            result = subprocess.run(
                [str(exe), "build", "--site-dir", str(out), "--today", "2024-12-31"],
                cwd=REPO, capture_output=True, text=True, timeout=900)
            assert result.returncode == 0, result.stderr
            done.touch()
    return out


class _Browser:
    """Chromium whose pages ignore the portal's Content-Security-Policy unless asked: Playwright
    evaluates its string predicates (`wait_for_function("…")`) with eval, which the policy
    forbids. tests/test_csp.py opens its pages with `bypass_csp=False` and tests the policy."""

    def __init__(self, chromium: Any) -> None:
        self._chromium = chromium

    def new_page(self, **options: Any) -> Any:
        options.setdefault("bypass_csp", True)
        return self._chromium.new_page(**options)

    def new_context(self, **options: Any) -> Any:
        options.setdefault("bypass_csp", True)
        return self._chromium.new_context(**options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._chromium, name)


@pytest.fixture(scope="session")
def browser() -> Any:
    """One headless Chromium (Debian's, driven by Playwright) per test worker."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium (see README)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield _Browser(chromium)
        chromium.close()
