"""Every defect an editor can make: exit code, CODE, file and line of the message.

Each case builds a small portal with exactly that defect and runs the real `cchc validate`.
"""

from __future__ import annotations

import json

import pytest

from tests.support.cases import AGENCY_CASES, CASES
from tests.support.portal import DOC, dedent, news


def _find(items: list[dict], code: str) -> dict:
    hits = [d for d in items if d["code"] == code]
    assert hits, f"no {code} in {json.dumps(items, ensure_ascii=False, indent=1)}"
    return hits[0]


@pytest.mark.parametrize(("name", "files", "code", "path", "line", "exit_code"), CASES,
                         ids=[c[0] for c in CASES])
def test_defect(project, name, files, code, path, line, exit_code):
    p = project(files)
    rc, items = p.diagnostics()
    d = _find(items, code)
    assert rc == exit_code
    assert (d["path"], d["line"]) == (path, line), d
    assert d["severity"] == ("error" if exit_code else "warning")
    assert d["message"] and d["hint"]


@pytest.mark.parametrize(("name", "agencies", "code", "line"), AGENCY_CASES,
                         ids=[c[0] for c in AGENCY_CASES])
def test_agency_defect(project, name, agencies, code, line):
    p = project(agencies=agencies)
    rc, items = p.diagnostics()
    d = _find(items, code)
    assert rc == 1
    assert (d["path"], d["line"]) == ("content/agencies.yml", line), d


def test_missing_registry(project):
    rc, items = project(agencies=None).diagnostics()
    assert rc == 1
    assert _find(items, "agencies-missing")["path"] == "content/agencies.yml"


def test_suggestions_in_vietnamese(project):
    p = project({"content/tin-tuc/2024/a.md": news(**{"agency: ubnd-xa-c": "agency: ubnd-xa-cc",
                                                      "topics:": "tpoics:"})})
    _, items = p.diagnostics()
    assert "Có phải `ubnd-xa-c`?" in _find(items, "unknown-agency")["message"]
    assert "Có phải `topics`?" in _find(items, "unknown-key")["message"]


def test_collects_every_problem(project):
    p = project({
        "content/tin-tuc/2024/a.md": news(**{"agency: ubnd-xa-c": "agency: khong-co"}),
        "content/tin-tuc/2024/b.md": "không có front matter\n",
        "plans/2024/a.md": DOC.replace("kind: ke-hoach", "kind: sai"),
    })
    rc, items = p.diagnostics()
    assert rc == 1
    assert {d["code"] for d in items} >= {"unknown-agency", "front-matter-missing",
                                          "invalid-choice"}


def test_impossible_date_reported_once(project):
    p = project({"content/tin-tuc/2024/a.md": news(**{"2024-03-28": "2024-02-30"})})
    _, items = p.diagnostics()
    assert [d["code"] for d in items] == ["invalid-date"]


def test_text_format_names_file_line_and_fix(project):
    p = project({"content/tin-tuc/2024/a.md": news(**{"2024-03-28": "2024-02-30"})})
    result = p.cchc("validate")
    assert result.returncode == 1
    # Plain quotes on a terminal (the JSON output and the preview keep Markdown code spans).
    assert "content/tin-tuc/2024/a.md:3:7: lỗi invalid-date: Ngày “2024-02-30” không có thật" \
        in result.stderr
    assert "`" not in result.stderr
    assert "Cách sửa:" in result.stderr
    assert "Traceback" not in result.stderr


def test_github_format(project):
    p = project({"content/tin-tuc/2024/a.md": news(**{"agency: ubnd-xa-c": "agency: x"})})
    result = p.cchc("validate", "--format", "github")
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=content/tin-tuc/2024/a.md,line=4,col=9,"
                                    "title=unknown-agency::")


def test_usage_error_exits_2(project):
    assert project().cchc("validate", "--format", "xml").returncode == 2


def test_crlf_bom_and_nfd_are_accepted(project):
    import unicodedata

    text = ("\ufeff" + news().replace("\n", "\r\n")).encode("utf-8")
    nfd = unicodedata.normalize("NFD", news(**{"agency: ubnd-xa-c": "agency: ubnd-xa-c\n"
                                               "author: Trần Thị Bích",
                                               "Xã C đẩy": "Xã C tiếp tục đẩy"}))
    p = project({"content/tin-tuc/2024/a.md": text, "content/tin-tuc/2024/b.md": nfd})
    rc, items = p.diagnostics()
    assert rc == 0, items


def test_valid_portal_has_no_diagnostics(project):
    rc, items = project({"content/tin-tuc/2024/a.md": news(), "plans/2024/a.md": DOC}).diagnostics()
    assert (rc, items) == (0, [])


def test_pasted_reference_resolves(project):
    """A pasted phrase with an agency alias resolves (no ambiguity warning, no error)."""
    p = project({"plans/2024/a.md": DOC, "plans/2024/b.md": dedent("""
        ---
        number: 20/BC-UBND
        kind: bao-cao
        title: Báo cáo kết quả tuyên truyền quý I năm 2024
        agency: ubnd-xa-c
        issued: 2024-04-02
        period: Quý I/2024
        refs:
          - Kế hoạch số 15/KH-UBND ngày 19/01/2024 của UBND huyện B
        ---
        Báo cáo.
        """)})
    rc, items = p.diagnostics()
    assert (rc, items) == (0, [])
