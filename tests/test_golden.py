"""The golden portal's output is byte for byte the committed tree (tests/golden): a change of
any page, feed or data file shows here as a diff; regenerate with `python -m tests.golden
--update` when the change is meant, and review `git diff tests/golden/expected`."""

from __future__ import annotations

import difflib
from pathlib import Path

from tests import golden


def test_the_golden_portal_builds_the_committed_tree(tmp_path: Path):
    built = golden.compared(golden.build(tmp_path / "portal"))
    expected = golden.compared(golden.EXPECTED)
    assert len(expected) > 40
    missing, extra = sorted(expected.keys() - built.keys()), sorted(built.keys() - expected.keys())
    changed = [rel for rel in sorted(expected.keys() & built.keys())
               if expected[rel].read_bytes() != built[rel].read_bytes()]
    report = []
    for rel in changed[:3]:
        report += difflib.unified_diff(
            expected[rel].read_text(encoding="utf-8").splitlines(),
            built[rel].read_text(encoding="utf-8").splitlines(),
            f"expected/{rel}", f"built/{rel}", n=1, lineterm="")
    assert not (missing or extra or changed), (
        f"thiếu {missing[:5]}, thừa {extra[:5]}, khác {len(changed)} tệp {changed[:5]}; "
        "nếu thay đổi là chủ ý: python -m tests.golden --update\n" + "\n".join(report[:80]))
