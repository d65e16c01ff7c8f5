"""The YAML and format slips editors make (issue 21), each typed as an editor would type it.

Every mistake is one file of one portal, validated once by the real `cchc validate`; each gives
its CODE at the line and column where the editor should look (the start of the offending value,
not where the parser gave up), a fix that writes the corrected line out, and no English.
"""

from __future__ import annotations

import json

import pytest

from cchc.diagnostics import plain
from tests.support.english import english_words
from tests.support.portal import DOC, make_project

HEAD = """\
---
title: Xã C đẩy mạnh tuyên truyền cải cách hành chính
date: 2024-03-28
agency: ubnd-xa-c
topics: [thu-tuc-hanh-chinh]
---
Nội dung tin bài.
"""


def news_with(old: str, new: str) -> str:
    assert old in HEAD
    return HEAD.replace(old, new, 1)


TITLE = "title: Xã C đẩy mạnh tuyên truyền cải cách hành chính"
TOPICS = "topics: [thu-tuc-hanh-chinh]"
AGENCY = "agency: ubnd-xa-c"

# (name, the file as the editor left it, CODE, line, column, error?, a text the fix must show)
MISTAKES: list[tuple[str, str, str, int, int, bool, str]] = [
    ("tab-indent", news_with(TOPICS, "\t" + TOPICS), "yaml-tab", 5, 1, True,
     "topics: [thu-tuc-hanh-chinh]"),
    ("tab-after-colon", news_with(TOPICS, "topics:\t[thu-tuc-hanh-chinh]"), "yaml-tab", 5, 8,
     False, "topics: [thu-tuc-hanh-chinh]"),
    ("colon-in-title", news_with(TITLE, "title: Hương Long: kết quả tuyên truyền quý I"),
     "yaml-colon", 2, 8, True, 'title: "Hương Long: kết quả tuyên truyền quý I"'),
    ("colon-in-smart-quotes", news_with(TITLE, "title: “Hương Long: kết quả quý I”"),
     "yaml-colon", 2, 8, True, 'title: "Hương Long: kết quả quý I"'),
    ("colon-in-task", DOC.replace("issued: 2024-01-19", "issued: 2024-01-19\ntasks:\n"
                                  "  - task: Viết tin: mỗi quý một bài\n    lead: ubnd-xa-c"),
     "yaml-colon", 8, 11, True, '- task: "Viết tin: mỗi quý một bài"'),
    ("hash-in-title", news_with(TITLE, "title: Hội nghị lần #2 về cải cách hành chính"),
     "yaml-comment", 2, 21, True, 'title: "Hội nghị lần #2 về cải cách hành chính"'),
    ("hash-at-start", news_with(TITLE, "title: #CCHC Xã C đẩy mạnh tuyên truyền"),
     "yaml-comment", 2, 8, True, 'title: "#CCHC Xã C đẩy mạnh tuyên truyền"'),
    ("starts-with-bracket", news_with(TITLE, "title: [Video] Hội nghị trực tuyến về CCHC"),
     "yaml-special-start", 2, 8, True, 'title: "[Video] Hội nghị trực tuyến về CCHC"'),
    ("starts-with-brace", news_with(TITLE, "title: {Mới} Lịch tiếp công dân"),
     "yaml-special-start", 2, 8, True, 'title: "{Mới} Lịch tiếp công dân"'),
    ("starts-with-star", news_with(TITLE, "title: *Quan trọng* Lịch tiếp công dân"),
     "yaml-special-start", 2, 8, True, 'title: "*Quan trọng* Lịch tiếp công dân"'),
    ("starts-with-ampersand", news_with(TITLE, "title: &Co xã C tuyên truyền"),
     "yaml-special-start", 2, 8, True, 'title: "&Co xã C tuyên truyền"'),
    ("starts-with-bang", news_with(TITLE, "title: !Thông báo khẩn về thủ tục đất đai"),
     "yaml-special-start", 2, 8, True, 'title: "!Thông báo khẩn về thủ tục đất đai"'),
    ("starts-with-at", news_with(AGENCY, AGENCY + "\nauthor: @tranthib"),
     "yaml-special-start", 5, 9, True, 'author: "@tranthib"'),
    ("starts-with-backtick", news_with(TITLE, "title: `Một cửa` thân thiện"),
     "yaml-special-start", 2, 8, True, 'title: "`Một cửa` thân thiện"'),
    ("starts-with-percent", news_with(TITLE, "title: %50 hồ sơ nộp trực tuyến"),
     "yaml-special-start", 2, 8, True, 'title: "%50 hồ sơ nộp trực tuyến"'),
    ("starts-with-pipe", news_with(TITLE, "title: | Hội nghị tổng kết"),
     "yaml-special-start", 2, 8, True, 'title: "| Hội nghị tổng kết"'),
    ("starts-with-greater", news_with(TITLE, "title: > 50 hồ sơ trực tuyến mỗi tháng"),
     "yaml-special-start", 2, 8, True, 'title: "> 50 hồ sơ trực tuyến mỗi tháng"'),
    ("no-space-after-colon", news_with(TITLE, "title:Xã C đẩy mạnh tuyên truyền"),
     "yaml-no-space", 2, 7, True, "title: Xã C đẩy mạnh tuyên truyền"),
    ("missing-colon", news_with(AGENCY, AGENCY + "\nauthor Trần Thị B"),
     "yaml-missing-colon", 5, 7, True, "author: Trần Thị B"),
    ("unclosed-quote", news_with(TITLE, 'title: "Hội nghị tổng kết công tác CCHC'),
     "yaml-quote", 2, 8, True, 'title: "Hội nghị tổng kết công tác CCHC"'),
    ("quote-closed-early", news_with(TITLE, 'title: "Một cửa" thân thiện tại xã C'),
     "yaml-quote", 2, 8, True, "title: '\"Một cửa\" thân thiện tại xã C'"),
    ("list-item-without-space", news_with(TOPICS, "topics:\n  -thu-tuc-hanh-chinh"),
     "yaml-list-item", 6, 3, True, "- thu-tuc-hanh-chinh"),
    ("smart-quotes-around-value", news_with(TITLE, "title: “Một cửa thân thiện”"),
     "yaml-smart-quotes", 2, 8, False, 'title: "Một cửa thân thiện"'),
    ("indent-under-task", DOC.replace("issued: 2024-01-19", "issued: 2024-01-19\ntasks:\n"
                                      "  - task: Viết tin bài\n   lead: ubnd-xa-c"),
     "yaml-indent", 9, 4, True, "lead: ubnd-xa-c"),
    ("indented-field", news_with(AGENCY, "  " + AGENCY), "yaml-indent", 4, 3, True,
     "agency: ubnd-xa-c"),
    ("closing-line-missing", HEAD.replace("---\nNội dung", "\nNội dung"),
     "front-matter-unclosed", 7, 1, True, "---"),
    ("closing-line-four-dashes", HEAD.replace("---\nNội dung", "----\nNội dung"),
     "front-matter-delimiter", 6, 1, True, "---"),
    ("closing-line-em-dash", HEAD.replace("---\nNội dung", "—\nNội dung"),
     "front-matter-delimiter", 6, 1, True, "---"),
    ("dashes-in-the-middle", news_with(AGENCY, AGENCY + "\n--- thông tin thêm"),
     "yaml-second-document", 5, 1, True, ""),
    ("front-matter-twice", HEAD.replace("Nội dung tin bài.", "---\ntitle: Bản cũ\n---\n"
                                        "Nội dung tin bài."),
     "yaml-second-document", 7, 1, True, ""),
    ("nul-in-the-middle", news_with(AGENCY, AGENCY + "\nauthor: Trần\x00 Thị B"),
     "control-character", 5, 13, True, ""),
    ("escape-from-a-terminal", news_with(TITLE, "title: \x1b[1mXã C đẩy mạnh tuyên truyền"),
     "control-character", 2, 8, True, ""),
    ("date-day-month-year", news_with("date: 2024-03-28", "date: 31/12/2024"),
     "date-format", 3, 7, True, "date: 2024-12-31"),
    ("date-with-dashes", news_with("date: 2024-03-28", "date: 31-12-2024"),
     "date-format", 3, 7, True, "date: 2024-12-31"),
    ("date-one-digit", news_with("date: 2024-03-28", "date: 2024-3-8"),
     "date-format", 3, 7, True, "date: 2024-03-08"),
    ("date-year-typo", news_with("date: 2024-03-28", "date: 0224-03-28"),
     "date-out-of-range", 3, 7, True, "1945–2100"),
    ("field-in-vietnamese", news_with("date: 2024-03-28", "ngày đăng: 2024-03-28"),
     "unknown-key", 3, 1, True, "date: 2024-03-28"),
    ("field-capitalised", news_with(AGENCY, AGENCY + "\nAuthor: Trần Thị B"),
     "unknown-key", 5, 1, True, "author: Trần Thị B"),
    ("draft-yes", news_with(AGENCY, AGENCY + "\ndraft: yes"), "invalid-type", 5, 8, True,
     "draft: true"),
    ("title-without-letters", news_with(TITLE, "title: 🎉🎉🎉"), "empty-slug", 2, 8, True,
     "slug: "),
    ("number-with-en-dash", DOC.replace("15/KH-UBND", "15/KH–UBND"), "number-dash", 2, 9,
     False, "number: 15/KH-UBND"),
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    """Every mistake in a file of its own, one `cchc validate` for all of them."""
    files: dict[str, str | bytes] = {}
    for name, text, *_ in MISTAKES:
        folder = "plans/2024" if text.startswith("---\nnumber:") else "content/tin-tuc/2024"
        files[f"{folder}/{name}.md"] = text.encode("utf-8")
    p = make_project(tmp_path_factory.mktemp("mistakes") / "portal", files)
    result = p.cchc("validate", "--format", "json")
    assert "Traceback" not in result.stderr, result.stderr
    by_file: dict[str, list[dict]] = {}
    for d in json.loads(result.stdout):
        by_file.setdefault(d["path"].rsplit("/", 1)[-1].removesuffix(".md"), []).append(d)
    return by_file


def test_there_are_enough_mistakes():
    assert len(MISTAKES) >= 25
    assert len({m[0] for m in MISTAKES}) == len(MISTAKES)


@pytest.mark.parametrize(("name", "text", "code", "line", "column", "error", "fix"), MISTAKES,
                         ids=[m[0] for m in MISTAKES])
def test_mistake(results, name, text, code, line, column, error, fix):
    items = results.get(name, [])
    hits = [d for d in items if d["code"] == code]
    assert hits, (name, items)
    d = hits[0]
    assert (d["line"], d["column"]) == (line, column), d
    assert d["severity"] == ("error" if error else "warning"), d
    assert fix in d["hint"] + d["message"], d  # the corrected line, written out
    for part in (d["message"], d["hint"]):
        assert not english_words(part), (part, english_words(part))
        assert not english_words(plain(part)), plain(part)
    # The slip is named once: no second, misleading message from the parser on that line.
    assert not [x for x in items if x["line"] == line and x["code"] == "yaml-syntax"], items


def test_unknown_fields_suggest_the_nearest(results):
    vi = next(d for d in results["field-in-vietnamese"] if d["code"] == "unknown-key")
    assert "Có phải `date`?" in vi["message"]
    assert "phẩy" not in vi["message"]  # not the message about commas inside `{…}`
    cap = next(d for d in results["field-capitalised"] if d["code"] == "unknown-key")
    assert "Có phải `author`?" in cap["message"]


def test_text_output_has_no_backticks(project):
    p = project({"content/tin-tuc/2024/a.md": news_with(TITLE, "title: Hương Long: kết quả")})
    result = p.cchc("validate")
    assert result.returncode == 1
    assert "`" not in result.stderr
    assert 'title: "Hương Long: kết quả"' in result.stderr
    assert "mapping" not in result.stderr and "Traceback" not in result.stderr


def test_values_are_what_was_written(project):
    """YAML 1.1 would read 010 as 8, 0700 as 448, 1.10 as 1.1, No as false, 10:30 as 630."""
    p = project({
        "content/tin-tuc/2024/a.md": news_with(
            TOPICS, TOPICS + "\ntags: [010, 0x1F, 10:30, No]\nauthor: No"
        ).replace(TITLE, "title: 1.10"),
        "content/tin-tuc/2024/b.md": news_with("date: 2024-03-28", 'date: "2024-06-01"')
        .replace("Xã C đẩy mạnh", "Xã C tiếp tục đẩy mạnh"),
        "plans/2024/a.md": DOC.replace("15/KH-UBND", "0700"),
    })
    rc, items = p.diagnostics()
    assert (rc, items) == (0, [])
    p.cchc("build", "--today", "2024-12-31", check=True)
    news = json.loads((p.root / "site/api/news/2024.json").read_text(encoding="utf-8"))
    items = news["records"]
    a = next(n for n in items if n["title"] == "1.10")
    assert a["tags"] == ["010", "0x1F", "10:30", "No"] and a["author"] == "No"
    b = next(n for n in items if n["title"] != "1.10")
    assert str(b["date"]).startswith("2024-06-01")  # a quoted date is a date
    docs = json.loads((p.root / "site/api/documents/2024.json").read_text(encoding="utf-8"))
    docs = docs["records"]
    assert docs[0]["number"] == "0700" and "/0700-" in json.dumps(docs[0])


def test_a_bom_in_the_middle_is_dropped(project):
    p = project({"content/tin-tuc/2024/a.md": news_with(TITLE, TITLE.replace("C đẩy",
                                                                             "C\ufeff đẩy"))})
    assert p.diagnostics() == (0, [])


def test_look_alike_dashes_name_one_number(project):
    """`15/KH–UBND` (Word's en dash) is `15/KH-UBND`: a second file with it is a duplicate
    number, said as such (not an address collision whose hint does not apply)."""
    p = project({"plans/2024/a.md": DOC,
                 "plans/2024/b.md": DOC.replace("15/KH-UBND", "15/KH–UBND")
                 .replace("năm 2024", "năm 2024 (bản sao)")})
    rc, items = p.diagnostics()
    assert rc == 1
    assert sorted(d["code"] for d in items) == ["duplicate-number", "number-dash"]


def test_numbers_differing_in_punctuation_say_so(project):
    p = project({"plans/2024/a.md": DOC,
                 "plans/2024/b.md": DOC.replace("15/KH-UBND", "15-KH-UBND")
                 .replace("năm 2024", "năm 2024 (bản sao)")})
    rc, items = p.diagnostics()
    (d,) = [d for d in items if d["code"] == "url-collision"]
    assert rc == 1 and d["line"] == 2 and "chỉ khác nhau ở dấu câu" in d["message"]
