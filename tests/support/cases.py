"""Validation cases: one defect each (files, expected CODE, file, line, exit code), shared by the
validator's tests and the JSON Schema tests."""

from __future__ import annotations

from .portal import AGENCIES, DOC, news

# (id, files, expected code, expected path, expected line, exit code)
CASES = [
    ("not-utf8", {"content/tin-tuc/2024/a.md": news().replace(
        "Nội dung tin bài.", "Nội dung").encode("utf-8") + b"\nTuy\xean truy\xeen"},
     "not-utf8", "content/tin-tuc/2024/a.md", 9, 1),
    ("front-matter-missing", {"content/tin-tuc/2024/a.md": "# Tin\n\nKhông có front matter.\n"},
     "front-matter-missing", "content/tin-tuc/2024/a.md", 1, 1),
    ("yaml-syntax-tab", {"content/tin-tuc/2024/a.md": news(**{"topics:": "\ttopics:"})},
     "yaml-tab", "content/tin-tuc/2024/a.md", 5, 1),
    ("yaml-syntax-colon", {"content/tin-tuc/2024/a.md": news(**{
        "title: Xã C đẩy mạnh tuyên truyền cải cách hành chính":
        "title: Kết quả: xã C: đạt"})},
     "yaml-colon", "content/tin-tuc/2024/a.md", 2, 1),
    ("duplicate-key", {"content/tin-tuc/2024/a.md": news(**{"agency: ubnd-xa-c":
                                                          "agency: ubnd-xa-c\nagency: ubnd-xa-c"})},
     "duplicate-key", "content/tin-tuc/2024/a.md", 5, 1),
    ("invalid-date", {"content/tin-tuc/2024/a.md": news(**{"2024-03-28": "2024-02-30"})},
     "invalid-date", "content/tin-tuc/2024/a.md", 3, 1),
    ("date-wrong-format", {"content/tin-tuc/2024/a.md": news(**{"2024-03-28": "28/03/2024"})},
     "date-format", "content/tin-tuc/2024/a.md", 3, 1),
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
