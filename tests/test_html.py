"""Valid HTML: the Nu HTML checker (vnu.jar, npm `vnu-jar`, run with the JRE) finds no error on
any page of the demo."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.portal import REPO

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_no_page_of_the_demo_has_an_html_error(demo_site: Path):
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail("the Nu HTML checker needs Java and vnu.jar: `make test` installs them "
                    "(npm ci; apt-get install -y default-jre-headless)")
    pages = sorted(str(p) for p in demo_site.rglob("*.html")
                   if "pagefind" not in p.relative_to(demo_site).parts)
    assert len(pages) > 100
    # One short run: the JIT's quick tier alone (TieredStopAtLevel=1) halves the checker's
    # time, with the same messages; its bigger frames need the -Xss the checker asks for.
    result = subprocess.run([java, "-Xss4m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU),
                             "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") == "error"]
    assert errors == [], "\n".join(errors[:20])
