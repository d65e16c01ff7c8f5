"""Files published as they are: attachments and files under content/ only of the portal's types,
recognised by content as well as name, attachments only from their document's folder; the
build's compressed copies; annotations that file names cannot forge; bodies converted once."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli
import feedparser
import pytest

from cchc import compress, security
from cchc.diagnostics import Diagnostic
from tests.support import files
from tests.support.portal import DOC, news


def _doc(number: str, attachments: str) -> str:
    return DOC.replace("15/KH-UBND", number).replace(
        "issued: 2024-01-19", f"issued: 2024-01-19\nattachments: {attachments}")


ATTACHMENT_CASES = {
    # name → (document file, its attachments line, other files, expected code)
    "svg": ("plans/2024/a.md", "[so-do.svg]", {"plans/2024/so-do.svg": files.SVG},
            "attachment-type"),
    "html": ("plans/2024/b.md", "[trang.html]", {"plans/2024/trang.html": files.HTML},
             "attachment-type"),
    "index-html": ("plans/2024/c.md", "[index.html]", {"plans/2024/index.html": files.HTML},
                   "attachment-type"),
    "html-named-pdf": ("plans/2024/d.md", "[bao-cao.pdf]",
                       {"plans/2024/bao-cao.pdf": files.HTML}, "attachment-type"),
    "svg-named-png": ("plans/2024/e.md", "[anh.png]", {"plans/2024/anh.png": files.SVG},
                      "attachment-type"),
    "zip-named-docx": ("plans/2024/f.md", "[phu-luc.docx]",
                       {"plans/2024/phu-luc.docx": files._zip({"x.txt": b"x"})},
                       "attachment-type"),
    "git-config": ("plans/2024/g.md", "[../../.git/config]",
                   {".git/config": "[remote]\n  url = https://x-access-token:SECRET@host/r\n"},
                   "attachment-place"),
    "dotenv": ("plans/2024/h.md", "[.env]", {"plans/2024/.env": "TOKEN=SECRET\n"},
               "attachment-place"),
    "other-folder": ("plans/2024/i.md", "[../2023/cu.pdf]", {"plans/2023/cu.pdf": files.PDF},
                     "attachment-place"),
    "sub-folder": ("plans/2024/j.md", "[phu-luc/a.pdf]", {"plans/2024/phu-luc/a.pdf": files.PDF},
                   "attachment-place"),
    "outside": ("plans/2024/k.md", "[../../../secret.pdf]", {}, "attachment-outside"),
}


@pytest.fixture(scope="module")
def attachment_problems(tmp_path_factory):
    from tests.support.portal import make_project

    tree: dict[str, str | bytes] = {}
    for i, (doc, line, extra, _) in enumerate(ATTACHMENT_CASES.values()):
        tree[doc] = _doc(f"{i + 1}/KH-UBND", line)
        tree.update(extra)
    root = tmp_path_factory.mktemp("attachments")
    (root / "secret.pdf").write_bytes(files.PDF)
    project = make_project(root / "portal", tree)
    code, problems = project.diagnostics()
    assert code == 1
    return problems


@pytest.mark.parametrize("name", list(ATTACHMENT_CASES))
def test_attachment_refused(attachment_problems, name):
    doc, _, _, expected = ATTACHMENT_CASES[name]
    found = [p for p in attachment_problems if p["path"] == doc]
    assert [p["code"] for p in found] == [expected], found
    assert found[0]["line"] == 7  # the `attachments:` line
    assert found[0]["hint"]


def test_attachment_symlink_outside_is_refused(project, tmp_path):
    secret = tmp_path / "outside.pdf"
    secret.write_bytes(files.PDF)
    p = project({"plans/2024/a.md": _doc("15/KH-UBND", "[lien-ket.pdf]")})
    os.symlink(secret, p.root / "plans/2024/lien-ket.pdf")
    code, problems = p.diagnostics()
    assert code == 1
    assert [d["code"] for d in problems if d["severity"] == "error"] == ["attachment-outside"]


def test_published_types_are_recognised_by_content(tmp_path):
    samples = {"a.pdf": files.PDF, "a.png": files.PNG, "a.docx": files.docx(),
               "a.xlsx": files.xlsx(), "a.odt": files.odt(), "a.jpg": b"\xff\xd8\xff\xe0JFIF",
               "a.txt": "Văn bản thuần.\n".encode()}
    for name, data in samples.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert security.same_kind(path.suffix, security.sniff(path)), name
    for name, data in {"x.svg": files.SVG, "x.html": files.HTML}.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert security.sniff(path) is None, name
        assert security.published_type(name) is None


def test_good_attachments_publish_with_encoded_urls(project):
    name = "tệp đính kèm #1 ?.pdf"
    p = project({"plans/2024/a.md": _doc("15/KH-UBND", f"['{name}', phu-luc.docx, bang.xlsx]"),
                 f"plans/2024/{name}": files.PDF, "plans/2024/phu-luc.docx": files.docx(),
                 "plans/2024/bang.xlsx": files.xlsx()})
    p.cchc("build", "--today", "2024-06-30", check=True)
    site = p.root / "site"
    folder = site / "van-ban/2024/15-kh-ubnd-ubnd-huyen-b"
    assert (folder / name).read_bytes() == files.PDF
    encoded = "t%E1%BB%87p%20%C4%91%C3%ADnh%20k%C3%A8m%20%231%20%3F.pdf"
    assert f'href="{encoded}"' in (folder / "index.html").read_text(encoding="utf-8")
    feed = feedparser.parse((site / "van-ban/feed.xml").read_bytes())
    assert not feed.bozo
    hrefs = [e["href"] for e in feed.entries[0].enclosures]
    assert hrefs[0] == f"https://example.gov.vn/cchc/van-ban/2024/15-kh-ubnd-ubnd-huyen-b/{encoded}"
    # RSS carries one enclosure (the first attachment); the item's content links them all.
    assert [e["type"] for e in feed.entries[0].enclosures] == ["application/pdf"]
    content = feed.entries[0].content[0].value
    for file in (encoded, "phu-luc.docx", "bang.xlsx"):
        assert f'href="https://example.gov.vn/cchc/van-ban/2024/15-kh-ubnd-ubnd-huyen-b/{file}"' \
            in content, file


def test_static_files_under_content_only_of_published_types(project):
    p = project({"content/bieu-mau.html": files.HTML.decode(),
                 "content/tin-tuc/2024/logo.svg": files.SVG.decode(),
                 "content/tin-tuc/2024/anh.png": files.PNG,
                 "content/tin-tuc/2024/gia.png": files.HTML,
                 "content/script.js": "alert(1)\n",
                 "content/tin-tuc/2024/a.md": news(),
                 "content/.an/ghi-chu.html": files.HTML.decode()})  # hidden: not published
    code, problems = p.diagnostics()
    assert code == 1
    refused = sorted(d["path"] for d in problems if d["code"] == "static-file-type")
    assert refused == ["content/bieu-mau.html", "content/script.js",
                       "content/tin-tuc/2024/gia.png", "content/tin-tuc/2024/logo.svg"]


def test_github_annotations_escape_properties():
    d = Diagnostic("content/a\n::error file=x.md::giả mạo,b:c.md", 3, 1, "unsafe-html",
                   "Dòng 1\nDòng 2 100%")
    line = d.format_github()
    assert "\n" not in line
    assert line.startswith("::error file=content/a%0A%3A%3Aerror file=x.md%3A%3Agi")
    assert "%2Cb%3Ac.md,line=3,col=1,title=unsafe-html::Dòng 1%0ADòng 2 100%25" in line


def test_compressed_copies_are_deterministic(project):
    p = project({"content/tin-tuc/2024/a.md": news()}, precompress=True)
    sites = []
    for out in ("site-a", "site-b"):
        p.cchc("build", "--site-dir", out, "--today", "2024-06-30", check=True)
        sites.append(p.root / out)
    page = sites[0] / "tin-tuc/index.html"
    assert gzip.decompress((sites[0] / "tin-tuc/index.html.gz").read_bytes()) == page.read_bytes()
    assert brotli.decompress((sites[0] / "tin-tuc/index.html.br").read_bytes()) == \
        page.read_bytes()
    assert (sites[0] / "tin-tuc/index.html.gz").read_bytes()[4:8] == b"\0\0\0\0"  # mtime 0
    copies = sorted(q.relative_to(sites[0]) for q in sites[0].rglob("*.br"))
    assert len(copies) > 20
    for rel in copies:
        assert (sites[0] / rel).read_bytes() == (sites[1] / rel).read_bytes(), rel
    # Only text files, only when large enough to gain.
    assert all(Path(str(c)[:-3]).suffix in compress.TEXT_SUFFIXES for c in copies)
    assert not list(sites[0].rglob("*.pdf.gz"))


def test_each_body_is_converted_once_per_build(tmp_path):
    from cchc import settings
    from cchc.project import load_portal
    from tests.support.portal import make_project

    p = make_project(tmp_path / "p", {"content/tin-tuc/2024/a.md": news(),
                                      "plans/2024/a.md": DOC,
                                      "content/gioi-thieu.md": "# Giới thiệu\n\nTrang.\n"})
    portal = load_portal(settings.read(p.root, today="2024-06-30"))
    assert portal.ok and portal.site
    converter = portal.site._bodies.converter
    after_validation = converter.conversions
    assert after_validation == 4  # home page, about page, the news item, the document
    portal.site.convert_all()
    for record in [*portal.site.catalog.news, *portal.site.catalog.documents]:
        portal.site.body(record, record.url)
        portal.site.summary(record)
    assert converter.conversions == after_validation


def test_no_compressed_copies_unless_asked(project):
    """`precompress` is off by default: hosts that compress themselves (GitHub Pages, object
    stores, nginx with `gzip on`) get a site of a third of the files."""
    p = project({"content/tin-tuc/2024/a.md": news()})
    p.cchc("build", "--today", "2024-06-30", check=True)
    site = p.root / "site"
    assert (site / "tin-tuc/index.html").is_file()
    assert not [q for q in site.rglob("*") if q.suffix in (".gz", ".br")]
