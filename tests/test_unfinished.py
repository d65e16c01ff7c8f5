"""Nothing unfinished is published (issue 21): the scaffold's placeholder sentences, `TODO` /
`CẦN KIỂM TRA` markers, empty bodies and editors' notes in HTML comments. Each case: what
`cchc validate` says, and — for what may be built — that it is absent from every page, feed and
open-data file of the real build."""

from __future__ import annotations

from pathlib import Path

from cchc import schema
from tests.support.portal import DOC, news

NOTE = "ghi chú nội bộ: số liệu quý I chưa đối chiếu"


def site_texts(site: Path) -> dict[str, str]:
    """Every text file of a built site (the search index's compressed fragments aside)."""
    out = {}
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".opml", ".txt", ".js") \
                and "pagefind" not in path.parts:
            out[path.relative_to(site).as_posix()] = path.read_text(encoding="utf-8")
    return out


def codes(items: list[dict]) -> list[tuple[str, str, int]]:
    return [(d["code"], d["severity"], d["line"]) for d in items]


def test_the_scaffolds_placeholder_is_refused(project):
    p = project({"content/tin-tuc/2024/a.md": news(**{"Nội dung tin bài.\n": schema.NEWS_BODY}),
                 "plans/2024/a.md": DOC.replace("Tóm tắt.\n", schema.DOCUMENT_BODY)})
    rc, items = p.diagnostics()
    assert rc == 1
    assert sorted(codes(items)) == [("placeholder-text", "error", 7),
                                    ("placeholder-text", "error", 8)]
    assert p.cchc("build", "--today", "2024-12-31").returncode == 1
    assert not (p.root / "site").exists()


def test_a_draft_may_keep_its_placeholder_and_is_not_published(project):
    p = project({"content/tin-tuc/2024/a.md": news(**{
        "agency: ubnd-xa-c": "agency: ubnd-xa-c\ndraft: true",
        "Nội dung tin bài.\n": schema.NEWS_BODY + "TODO: thêm ảnh\n"})})
    assert p.diagnostics() == (0, [])
    p.cchc("build", "--today", "2024-12-31", check=True)
    for rel, text in site_texts(p.root / "site").items():
        assert "Viết nội dung tin bài" not in text, rel
        assert "đẩy mạnh tuyên truyền cải cách" not in text, rel  # the draft's title


def test_a_placeholder_field_of_a_draft_is_refused_once_published(project):
    p = project({"plans/2024/a.md": DOC.replace("title: Tuyên truyền cải cách hành chính năm 2024",
                                                "title: <trích yếu>")})
    rc, items = p.diagnostics()
    assert rc == 1 and codes(items) == [("placeholder-text", "error", 4)]


def test_leftover_markers_and_empty_bodies_are_warned_about(project):
    p = project({
        "content/tin-tuc/2024/a.md": news(**{
            "agency: ubnd-xa-c": "# CẦN KIỂM TRA: tên cơ quan\nagency: ubnd-xa-c",
            "Nội dung tin bài.": "Nội dung tin bài. TODO: số liệu"}),
        "content/tin-tuc/2024/b.md": news(**{"Xã C đẩy mạnh": "Xã C tiếp tục đẩy mạnh",
                                              "Nội dung tin bài.\n": ""}),
    })
    rc, items = p.diagnostics()
    assert rc == 0
    by_file = {d["path"].rsplit("/", 1)[1]: [] for d in items}
    for d in items:
        by_file[d["path"].rsplit("/", 1)[1]].append((d["code"], d["line"], d["column"]))
    assert sorted(by_file["a.md"]) == [("leftover-marker", 4, 3), ("leftover-marker", 8, 19)]
    assert by_file["b.md"] == [("empty-body", 7, 1)]
    assert all(d["severity"] == "warning" for d in items)


def test_html_comments_never_reach_the_site_feeds_or_api(project):
    p = project({
        "content/tin-tuc/2024/a.md": news(**{
            "Nội dung tin bài.": f"Đoạn đầu của tin bài.\n\n<!-- {NOTE} -->\n\nĐoạn hai, "
                                 "có `<!-- trong mã -->` và<!--\nnhiều dòng\n--> ở giữa."}),
        "plans/2024/a.md": DOC.replace("Tóm tắt.", f"Tóm tắt văn bản. <!-- {NOTE} -->"),
        "content/gioi-thieu.md": f"# Giới thiệu\n\nTrang giới thiệu.\n\n<!-- {NOTE} -->\n",
    })
    rc, items = p.diagnostics()
    assert rc == 0
    assert sorted(codes(items)) == [("html-comment", "warning", 8),
                                    ("html-comment", "warning", 9),
                                    ("html-comment", "warning", 11)]
    p.cchc("build", "--today", "2024-12-31", check=True)
    texts = site_texts(p.root / "site")
    assert {"feed.xml", "atom.xml", "api/news.json", "api/documents.json"} <= set(texts)
    for rel, text in texts.items():
        assert "chưa đối chiếu" not in text and "nhiều dòng" not in text, rel
        assert "<!-- ghi chú" not in text, rel
    page = texts["tin-tuc/2024/xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh/index.html"]
    assert "Đoạn đầu của tin bài." in page and "ở giữa." in page
    assert "&lt;!-- trong mã --&gt;" in page  # a comment shown as code stays: it is text
    assert "Trang giới thiệu." in texts["gioi-thieu/index.html"]


def test_an_unclosed_comment_is_an_error(project):
    p = project({"content/tin-tuc/2024/a.md": news(**{
        "Nội dung tin bài.": "Đoạn đầu.\n\n<!-- ghi chú chưa đóng\n\nĐoạn bị ẩn."})})
    rc, items = p.diagnostics()
    assert rc == 1 and codes(items) == [("html-comment-unclosed", "error", 9)]
