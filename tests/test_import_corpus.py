"""`cchc import` on the ten real texts of ../shared/corpus against their truth.yaml.

Every field of the truth is right, or absent and flagged `CẦN KIỂM TRA`, never wrong and
unflagged; every numbered reference is found with its date; no proposed agency is a job
title, a law, a date or a fragment; the draft of each formal document validates once its
proposed agencies are pasted into the registry. Skipped as a whole, on one line, where
../shared/corpus is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from scripts.import_accuracy import ABSENT, RIGHT, WRONG, corpus_results, score

from cchc.importer import render
from tests.import_support import DEMO_REGISTRY, SHARED, registry
from tests.test_import import _project, _validate

CORPUS = SHARED / "corpus"
if not (CORPUS / "truth.yaml").is_file():
    pytest.skip(f"không có {CORPUS}/truth.yaml (../shared/corpus cạnh bản checkout): bỏ qua "
                "các phép thử trên văn bản thật", allow_module_level=True)

TRUTH = yaml.safe_load((CORPUS / "truth.yaml").read_text(encoding="utf-8"))
KEYS = sorted(f"{int(k):02d}" if isinstance(k, int) else str(k) for k in TRUTH)
NAMES = registry(DEMO_REGISTRY).names


def truth(key: str) -> dict:
    return next(v for k, v in TRUTH.items() if (f"{int(k):02d}" if isinstance(k, int)
                                               else str(k)) == key)


@pytest.mark.parametrize("key", KEYS)
def test_corpus_text(key: str) -> None:
    want = truth(key)
    path = CORPUS / f"{key}.txt"
    result = score(path.read_text(encoding="utf-8"), want, NAMES, path.name)
    assert result.refused == bool(want.get("refuse"))
    assert result.imp is not None
    for name, outcome in result.fields.items():
        assert outcome != WRONG, (name, result.imp)
        if outcome == ABSENT:
            flag = "signer" if name == "signer_name" else name
            assert flag in result.imp.flags, name
    assert result.refs_found == result.refs_total, [r.as_yaml() for r in result.imp.refs]
    assert result.bad_proposals == []


def test_corpus_accuracy() -> None:
    results = corpus_results(CORPUS)
    outcomes = [o for r in results for o in r.fields.values()]
    assert outcomes.count(RIGHT) / len(outcomes) >= 0.9
    assert WRONG not in outcomes


@pytest.mark.parametrize("key", [k for k in KEYS if truth(k).get("type", "").startswith("formal")])
def test_corpus_draft_validates(tmp_path: Path, key: str) -> None:
    result = score((CORPUS / f"{key}.txt").read_text(encoding="utf-8"), truth(key), NAMES, key)
    assert result.imp is not None
    root = _project(tmp_path / "portal", [(result.imp, render(result.imp))],
                    registry=DEMO_REGISTRY)
    code, problems = _validate(root)
    errors = [p for p in problems if p["severity"] == "error"]
    assert code == 0 and not errors, errors
