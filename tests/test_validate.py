"""Every defect an editor can make: exit code, CODE, file and line of the message.

Each case builds a small portal with exactly that defect and runs the real `cchc validate`.
"""

from __future__ import annotations

import json

import pytest

from conftest import AGENCIES, dedent

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


# (id, files, expected code, expected path, expected line, exit code)
CASES = [
    ("not-utf8", {"content/tin-tuc/2024/a.md": news().replace(
        "Nội dung tin bài.", "Nội dung").encode("utf-8") + b"\nTuy\xean truy\xeen"},
     "not-utf8", "content/tin-tuc/2024/a.md", 9, 1),
    ("front-matter-missing", {"content/tin-tuc/2024/a.md": "# Tin\n\nKhông có front matter.\n"},
     "front-matter-missing", "content/tin-tuc/2024/a.md", 1, 1),
    ("yaml-syntax-tab", {"content/tin-tuc/2024/a.md": news(**{"agency: ubnd-xa-c":
                                                            "agency:\tubnd-xa-c\n\ttopics: x"})},
     "yaml-syntax", "content/tin-tuc/2024/a.md", 5, 1),
    ("yaml-syntax-colon", {"content/tin-tuc/2024/a.md": news(**{
        "title: Xã C đẩy mạnh tuyên truyền cải cách hành chính":
        "title: Kết quả: xã C: đạt"})},
     "yaml-syntax", "content/tin-tuc/2024/a.md", 2, 1),
    ("duplicate-key", {"content/tin-tuc/2024/a.md": news(**{"agency: ubnd-xa-c":
                                                          "agency: ubnd-xa-c\nagency: ubnd-xa-c"})},
     "duplicate-key", "content/tin-tuc/2024/a.md", 5, 1),
    ("invalid-date", {"content/tin-tuc/2024/a.md": news(**{"2024-03-28": "2024-02-30"})},
     "invalid-date", "content/tin-tuc/2024/a.md", 3, 1),
    ("date-wrong-format", {"content/tin-tuc/2024/a.md": news(**{"2024-03-28": "28/03/2024"})},
     "invalid-type", "content/tin-tuc/2024/a.md", 3, 1),
    ("missing-field", {"content/tin-tuc/2024/a.md": news(**{"agency: ubnd-xa-c\n": ""})},
     "missing-field", "content/tin-tuc/2024/a.md", 2, 1),
    ("unknown-key", {"content/tin-tuc/2024/a.md": news(**{"topics:": "tpoics:"})},
     "unknown-key", "content/tin-tuc/2024/a.md", 5, 1),
    ("invalid-type-year", {"plans/2024/a.md": DOC.replace("issued: 2024-01-19",
                                                           "year: hai nghìn")},
     "invalid-type", "plans/2024/a.md", 6, 1),
    ("invalid-choice-kind", {"plans/2024/a.md": DOC.replace("kind: ke-hoach", "kind: Kế hoạch x")},
     "invalid-choice", "plans/2024/a.md", 3, 1),
    ("invalid-choice-topic", {"content/tin-tuc/2024/a.md": news(
        **{"[thu-tuc-hanh-chinh]": "[thu-tuc-hanh-chinh, cai-cach-so]"})},
     "invalid-choice", "content/tin-tuc/2024/a.md", 5, 1),
    ("unknown-agency", {"content/tin-tuc/2024/a.md": news(**{"agency: ubnd-xa-c":
                                                           "agency: ubnd-xa-cc"})},
     "unknown-agency", "content/tin-tuc/2024/a.md", 4, 1),
    ("unknown-agency-task-support", {"plans/2024/a.md": DOC.replace(
        "issued: 2024-01-19", "issued: 2024-01-19\ntasks:\n  - task: Viết tin\n"
        "    lead: ubnd-xa-c\n    support: [so-noi-vu-a, phong-khong-co]")},
     "unknown-agency", "plans/2024/a.md", 10, 1),
    ("missing-year", {"plans/2024/a.md": DOC.replace("issued: 2024-01-19\n", "")},
     "missing-field", "plans/2024/a.md", 2, 1),
    ("duplicate-number", {"plans/2024/a.md": DOC, "plans/2024/b.md": DOC.replace(
        "năm 2024", "năm 2024 (bản sao)")},
     "duplicate-number", "plans/2024/b.md", 2, 1),
    ("attachment-missing", {"plans/2024/a.md": DOC.replace(
        "issued: 2024-01-19", "issued: 2024-01-19\nattachments: [ke-hoach.pdf]")},
     "attachment-missing", "plans/2024/a.md", 7, 1),
    ("attachment-outside", {"secret.pdf": b"%PDF-1.4", "plans/2024/a.md": DOC.replace(
        "issued: 2024-01-19", "issued: 2024-01-19\nattachments: [../../../secret.pdf]")},
     "attachment-outside", "plans/2024/a.md", 7, 1),
    ("url-collision-diacritics", {
        "content/tin-tuc/2024/a.md": news(),
        "content/tin-tuc/2024/b.md": news(**{"Xã C đẩy mạnh": "Xa C day manh"})},
     "url-collision", "content/tin-tuc/2024/b.md", 2, 1),
    ("unsafe-script", {"content/tin-tuc/2024/a.md": news(
        **{"Nội dung tin bài.": "Nội dung.\n\n<script>alert(1)</script>"})},
     "unsafe-html", "content/tin-tuc/2024/a.md", 9, 1),
    ("unsafe-iframe", {"content/tin-tuc/2024/a.md": news(
        **{"Nội dung tin bài.": "<iframe src='https://x.example'></iframe>"})},
     "unsafe-html", "content/tin-tuc/2024/a.md", 7, 1),
    ("unsafe-onclick", {"content/tin-tuc/2024/a.md": news(
        **{"Nội dung tin bài.": "Dòng 1\n\n<img src=a.png onerror=\"alert(1)\">"})},
     "unsafe-html", "content/tin-tuc/2024/a.md", 9, 1),
    ("unsafe-javascript-link", {"content/tin-tuc/2024/a.md": news(
        **{"Nội dung tin bài.": "Xem [tại đây](javascript:alert(1))."})},
     "unsafe-html", "content/tin-tuc/2024/a.md", 7, 1),
    ("invalid-period", {"plans/2024/a.md": DOC.replace(
        "kind: ke-hoach", "kind: bao-cao").replace("issued: 2024-01-19",
                                                   "issued: 2024-04-01\nperiod: Quý 5/2024")},
     "invalid-period", "plans/2024/a.md", 7, 1),
    ("invalid-slug", {"content/tin-tuc/2024/a.md": news(**{"agency: ubnd-xa-c":
                                                         "agency: ubnd-xa-c\nslug: Tin Mới"})},
     "invalid-slug", "content/tin-tuc/2024/a.md", 5, 1),
    ("invalid-quota-warning", {"plans/2024/a.md": DOC.replace(
        "issued: 2024-01-19", "issued: 2024-01-19\ntasks:\n  - task: Viết tin\n"
        "    lead: ubnd-xa-c\n    quota: vài tin mỗi khi rảnh")},
     "invalid-quota", "plans/2024/a.md", 10, 0),
    ("ref-without-number-warning", {"plans/2024/a.md": DOC.replace(
        "issued: 2024-01-19", "issued: 2024-01-19\nrefs:\n  - Chương trình tổng thể CCHC")},
     "ref-without-number", "plans/2024/a.md", 8, 0),
    ("bool-draft", {"content/tin-tuc/2024/a.md": news(**{"agency: ubnd-xa-c":
                                                       "agency: ubnd-xa-c\ndraft: có"})},
     "invalid-type", "content/tin-tuc/2024/a.md", 5, 1),
]

AGENCY_CASES = [
    ("invalid-id", AGENCIES + "- id: Phòng-Nội-vụ\n  name: Phòng Nội vụ\n  level: phong-ban\n",
     "invalid-id", 20),
    ("duplicate-id", AGENCIES + "- id: ubnd-xa-c\n  name: Xã C khác\n  level: xa\n",
     "duplicate-id", 20),
    ("invalid-level", AGENCIES + "- id: so-y-te\n  name: Sở Y tế\n  level: so\n",
     "invalid-choice", 22),
    ("unknown-parent", AGENCIES + "- id: so-y-te\n  name: Sở Y tế\n  level: so-nganh\n"
     "  parent: ubnd-tinh-aa\n", "unknown-agency", 23),
    ("parent-cycle", AGENCIES.replace("  aliases: [UBND tỉnh A]",
                                      "  aliases: [UBND tỉnh A]\n  parent: ubnd-xa-c"),
     "agency-cycle", 6),
    ("successor-cycle", AGENCIES + "- id: x1\n  name: X1\n  level: khac\n  dissolved: 2025-07-01\n"
     "  successor: x2\n- id: x2\n  name: X2\n  level: khac\n  dissolved: 2025-07-01\n"
     "  successor: x1\n", "agency-cycle", 24),
    ("successor-without-dissolved", AGENCIES + "- id: x1\n  name: X1\n  level: khac\n"
     "  successor: ubnd-tinh-a\n", "successor-without-dissolved", 23),
    ("invalid-url", AGENCIES + "- id: x1\n  name: X1\n  level: khac\n  website: quangnam.gov.vn\n",
     "invalid-url", 23),
]


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
    assert "content/tin-tuc/2024/a.md:3:7: lỗi invalid-date: Ngày `2024-02-30` không có thật" \
        in result.stderr
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
