"""The attack corpus: every payload is either refused by `cchc validate` (naming its file and
line) or built into pages, feeds and open data that hold no executable form of it — and in
headless Chromium no dialog opens, no error is thrown and no script runs on any built page.

Payloads run `window.__pwned=1;alert(1)`: a dialog, or the canary global, is a script that ran.
The browser loads the pages with their Content-Security-Policy bypassed, so what is tested
here is the cleaning alone (the CSP is tested on its own in test_csp.py).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest

from cchc import security
from tests.support.browser import serve
from tests.support.portal import AGENCIES, DOC, REPO, Project, make_project, news

P = "window.__pwned=1;alert(1)"

# Markdown bodies (of news items unless marked): reference links, autolinks, attr_list, raw HTML
# in every variant, parser differentials (mutation XSS), media from other origins, diagrams.
BODIES: list[tuple[str, str]] = [
    ("reference-link", f"[bấm vào đây][1]\n\n[1]: javascript:{P}"),
    ("reference-link-title", f"[bấm][x]\n\n[x]: javascript:{P} \"Tiêu đề\""),
    ("inline-link", f"[tại đây](javascript:{P})"),
    ("inline-link-case", f"[tại đây](JaVaScRiPt:{P})"),
    ("autolink", f"<javascript:{P}>"),
    ("data-link", "[mở](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    ("vbscript-link", "[mở](vbscript:msgbox(1))"),
    ("attr-list-onclick", f"Đoạn văn\n{{: onclick=\"{P}\" }}"),
    ("attr-list-autofocus", f"Đoạn văn\n{{: autofocus tabindex=\"1\" onfocus=\"{P}\" }}"),
    ("attr-list-href", f"[liên kết](https://example.gov.vn){{: href=\"javascript:{P}\" }}"),
    ("attr-list-style-overlay", "[bấm](https://evil.example){: style=\"position:fixed;top:0;"
                                "left:0;width:100%;height:100%;opacity:0\" }"),
    ("attr-list-onmouseover-heading", f"## Tiêu đề {{: onmouseover=\"{P}\" }}"),
    ("svg-onload", f"<svg onload={P}>"),
    ("svg-script", f"<svg><script>{P}</script></svg>"),
    ("script", f"<script>{P}</script>"),
    ("script-upper", f"<SCRIPT>{P}</SCRIPT>"),
    ("href-mixed-case", f'<a href="JaVaScRiPt:{P}">x</a>'),
    ("href-entity-tab", f'<a href="java&#x09;script:{P}">x</a>'),
    ("href-entity-letter", f'<a href="&#106;avascript:{P}">x</a>'),
    ("href-entity-no-semicolon", f'<a href="&#x6A&#x61vascript:{P}">x</a>'),
    ("href-newline-in-scheme", f'<a href="java\nscript:{P}">x</a>'),
    ("href-leading-space", f'<a href=" \tjavascript:{P}">x</a>'),
    ("href-data-html", '<a href="data:text/html,<script>alert(1)</script>">x</a>'),
    ("img-onerror", f"<img src=x onerror={P}>"),
    ("img-onerror-quoted", f'<img src="x" onerror="{P}">'),
    ("img-onerror-upper", f"<IMG SRC=x ONERROR={P}>"),
    ("img-onerror-mixed", f"<img src=x OnErRoR={P}>"),
    ("img-self-closing", f'<br/><img src="x" onerror="{P}"/>'),
    ("body-onload", f"<body onload={P}>"),
    ("details-ontoggle", f"<details open ontoggle={P}><summary>x</summary></details>"),
    ("input-autofocus", f"<input autofocus onfocus={P}>"),
    ("object", f'<object data="javascript:{P}"></object>'),
    ("embed", f'<embed src="javascript:{P}">'),
    ("form", f'<form action="javascript:{P}"><button>Gửi</button></form>'),
    ("button-formaction", f'<button formaction="javascript:{P}">Gửi</button>'),
    ("meta-refresh", f'<meta http-equiv="refresh" content="0;url=javascript:{P}">'),
    ("base-href", '<base href="https://evil.example/">'),
    ("style-element", "<style>body{background:url(https://evil.example/x.png)}</style>"),
    ("style-attribute-url", f'<div style="background:url(javascript:{P})">x</div>'),
    ("link-stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">'),
    ("iframe-srcdoc", f'<iframe srcdoc="<script>{P}</script>"></iframe>'),
    ("iframe-src", '<iframe src="https://evil.example/"></iframe>'),
    ("comment-differential", f"<!--><img src=x onerror={P}>-->"),
    ("noscript-mxss", f'<noscript><p title="</noscript><img src=x onerror={P}>"></noscript>'),
    ("xmp-mxss", f'<xmp><p title="</xmp><img src=x onerror={P}>"></xmp>'),
    ("noembed-mxss", f'<noembed><p title="</noembed><img src=x onerror={P}>"></noembed>'),
    ("title-mxss", f'<title><p title="</title><img src=x onerror={P}>"></title>'),
    ("math-style-mxss", f"<math><mtext><table><mglyph><style><img src=x onerror={P}>"),
    ("svg-animate-href", f'<svg><animate attributeName=href values="javascript:{P}"/>'
                         '<a><text y="20">x</text></a></svg>'),
    ("mermaid-fence", "```mermaid\ngraph LR\n  A --> B\n```"),
    ("external-image", "![Ảnh](https://evil.example/a.png)"),
    ("external-image-raw", '<img src="https://evil.example/a.png" alt="x">'),
    ("external-video", '<video src="https://evil.example/v.mp4" controls></video>'),
    ("protocol-relative-image", '<img src="//evil.example/a.png" alt="x">'),
    ("md-in-html-onclick", f'<div markdown="1" onclick="{P}">\n**x**\n</div>'),
]
# The same kinds of payload in a document's body and in ordinary pages' bodies.
DOCUMENT_BODIES = [("doc-svg-onload", f"<svg onload={P}>"),
                   ("doc-reference-link", f"[x][1]\n\n[1]: javascript:{P}")]
PAGE_BODIES = [("page-attr-list", f"Đoạn văn\n{{: onclick=\"{P}\" }}"),
               ("page-img-onerror", f'<img src="x" onerror="{P}">'),
               ("page-mermaid", "```mermaid\ngraph LR\n  A --> B\n```")]

# Front-matter strings that reach a page, a feed or the open data: escaped wherever printed.
TAG = f"<svg onload={P}>"
QUOTE = f'"><img src=x onerror={P}>'
FIELDS = {
    "news-title": ("title", f"Tin {TAG}"),
    "news-description": ("description", f"<img src=x onerror={P}>"),
    "news-author": ("author", f"Tác giả {QUOTE}"),
    "news-tag": ("tags", f"['<script>{P}</script>']"),
    "news-document-ref": ("documents", f"['Kế hoạch <script>{P}</script>']"),
}
DOC_FIELDS = {
    "doc-title": ("title", f"Kế hoạch {QUOTE}"),
    "doc-signer": ("signer", f"{{name: 'Nguyễn <b onmouseover={P}>A', title: '{QUOTE}'}}"),
    "doc-tag": ("tags", f"['{TAG}']"),
    "doc-ref": ("refs", f"['Căn cứ <script>{P}</script> của Bộ Nội vụ']"),
}
TASKS = (f"tasks:\n  - task: 'Việc {TAG}'\n    product: '{QUOTE}'\n    lead: ubnd-xa-c\n"
         f"    due: Thường xuyên\n")
AGENCY = (f"- id: co-quan-x\n  name: 'Cơ quan {TAG}'\n  short: 'CQ {QUOTE}'\n  level: xa\n"
          f"  parent: ubnd-huyen-b\n  aliases: ['<script>{P}</script>']\n"
          f"  website: 'https://example.gov.vn/\"><script>{P}</script>'\n")
PAGE_FIELDS = (f"---\ntitle: 'Trang {TAG}'\ndescription: '{QUOTE}'\nauthor: '{QUOTE}'\n---\n"
               "Nội dung.\n")
HEADING_TITLE_PAGE = f"# Trang &lt;img src=x onerror={P}&gt;\n\nNội dung.\n"

BODY_LINE = 9  # news(): the payload starts on this line of its file

# The Markdown extensions of the demo portal's mkdocs.yml (attr_list, md_in_html, the Mermaid
# fence of pymdownx.superfences…): the payloads meet what a real portal enables.
DEMO_EXTENSIONS = (REPO / "mkdocs.yml").read_text(encoding="utf-8").split(
    "markdown_extensions:\n", 1)[1].split("\nplugins:", 1)[0]


def _portal(root: Path, files: dict[str, str]) -> Project:
    project = make_project(root, files, agencies=AGENCIES + AGENCY)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    head, rest = config.split("markdown_extensions:\n", 1)
    project.write("mkdocs.yml", head + "markdown_extensions:\n" + DEMO_EXTENSIONS + "\nplugins:"
                  + rest.split("\nplugins:", 1)[1])
    return project


def _news_file(i: int, payload: str) -> str:
    return news(**{"Xã C đẩy mạnh tuyên truyền cải cách hành chính": f"Tin thử số {i}",
                   "Nội dung tin bài.": f"Mở đầu.\n\n{payload}"})


def _doc_file(number: int, payload: str, extra: str = "") -> str:
    return DOC.replace("15/KH-UBND", f"{number}/KH-UBND").replace(
        "issued: 2024-01-19", "issued: 2024-01-19" + extra).replace("Tóm tắt.", payload)


def corpus() -> dict[str, tuple[str, str, range]]:
    """name → (file, content, the lines of the payload in the file)."""
    out: dict[str, tuple[str, str, range]] = {}
    for i, (name, payload) in enumerate(BODIES):
        n = payload.count("\n") + 1
        out[name] = (f"content/tin-tuc/2024/p{i:02d}.md", _news_file(i, payload),
                     range(BODY_LINE, BODY_LINE + n))
    for i, (name, payload) in enumerate(DOCUMENT_BODIES):
        text = _doc_file(100 + i, payload)
        first = text.split("\n").index(payload.split("\n")[0]) + 1
        out[name] = (f"plans/2024/d{i}.md", text, range(first, first + payload.count("\n") + 1))
    for i, (name, payload) in enumerate(PAGE_BODIES):
        text = f"---\ntitle: Trang thử {i}\n---\nMở đầu.\n\n{payload}\n"
        out[name] = (f"content/trang-{i}.md", text, range(6, 7 + payload.count("\n")))
    return out


def field_files() -> dict[str, str]:
    files: dict[str, str] = {}
    for i, (key, value) in enumerate(FIELDS.values()):
        text = _news_file(200 + i, "Nội dung.")
        if key == "title":
            text = text.replace(f"title: Tin thử số {200 + i}", f"title: '{value}'\nslug: f{i}")
        else:
            text = text.replace("topics:", f"{key}: {value if value.startswith('[') else repr(value)}\ntopics:", 1)
        files[f"content/tin-tuc/2024/f{i}.md"] = text
    for i, (key, value) in enumerate(DOC_FIELDS.values()):
        text = _doc_file(300 + i, "Tóm tắt.")
        if key == "title":
            text = text.replace("title: Tuyên truyền cải cách hành chính năm 2024",
                                f"title: '{value}'")
        else:
            text = text.replace("issued: 2024-01-19", f"issued: 2024-01-19\n{key}: {value}")
        files[f"plans/2024/f{i}.md"] = text
    files["plans/2024/tasks.md"] = _doc_file(399, "Tóm tắt.", "\n" + TASKS.rstrip("\n"))
    files["content/tin-tuc/2024/agency.md"] = _news_file(299, "Tin của cơ quan X.").replace(
        "agency: ubnd-xa-c", "agency: co-quan-x")
    files["content/trang-truong.md"] = PAGE_FIELDS
    files["content/trang-tieu-de.md"] = HEADING_TITLE_PAGE
    return files


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory):
    """Validate every payload at once; build what validation accepts, with the fields."""
    cases = corpus()
    root = tmp_path_factory.mktemp("attacks")
    checked = _portal(root / "all", {f: c for f, c, _ in cases.values()})
    _, problems = checked.diagnostics()
    by_file: dict[str, list[dict]] = defaultdict(list)
    for p in problems:
        if p["severity"] == "error":
            by_file[p["path"]].append(p)
    accepted = {name: cases[name] for name in cases if cases[name][0] not in by_file}
    built = _portal(root / "built", {**{f: c for f, c, _ in accepted.values()},
                                     **field_files()})
    result = built.cchc("build", "--today", "2024-06-30")
    return cases, by_file, accepted, built, result


def test_corpus_is_large_enough():
    assert len(corpus()) + len(FIELDS) + len(DOC_FIELDS) + 5 >= 40


def test_each_refused_payload_is_named_at_its_file_and_line(outcome):
    cases, by_file, accepted, _, _ = outcome
    codes = {"unsafe-html", "external-media", "diagram-fence", "html-comment-abrupt"}
    for name, (path, _, lines) in cases.items():
        if name in accepted:
            continue
        found = by_file[path]
        assert any(p["line"] in lines and p["code"] in codes for p in found), (name, found)
        for p in found:
            assert p["hint"], p  # every refusal says how to fix it
    # What this policy refuses outright (regressions would let these through to a page).
    for name in ("reference-link", "attr-list-onclick", "href-entity-tab", "data-link",
                 "style-attribute-url", "comment-differential", "noscript-mxss",
                 "svg-animate-href", "mermaid-fence", "external-image", "img-self-closing", "img-onerror-quoted",
                 "doc-reference-link", "page-attr-list", "page-img-onerror", "page-mermaid"):
        assert name not in accepted, name


def test_mermaid_and_external_media_have_their_own_codes(outcome):
    cases, by_file, _, _, _ = outcome
    assert {p["code"] for p in by_file[cases["mermaid-fence"][0]]} == {"diagram-fence"}
    assert {p["code"] for p in by_file[cases["external-video"][0]]} == {"external-media"}
    assert {p["code"] for p in by_file[cases["page-mermaid"][0]]} == {"diagram-fence"}


def test_accepted_payloads_build(outcome):
    result = outcome[4]
    assert result.returncode == 0, result.stderr


class _Executable(HTMLParser):
    """What in an HTML text could run script or load from elsewhere (pages: the theme's own
    scripts from the site itself are allowed)."""

    DANGEROUS: ClassVar[set[str]] = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "svg",
                 "math", "noscript", "xmp", "noembed"}

    # The layout's data blocks (JSON-LD), which browsers never run.
    DATA_TYPES = ("application/json", "application/ld+json")

    def __init__(self, page: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.found: list[str] = []
        self.script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in self.DANGEROUS and not (self.page and tag == "svg"):
            self.found.append(f"<{tag}>")
        if tag == "script" and not (self.page and (values.get("src") or values.get("type") in
                                                   self.DATA_TYPES)):
            self.script = ""
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.found.append("meta refresh")
        if tag == "form" and not self.page:
            self.found.append("<form>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in security.URL_ATTRIBUTES and value:
                scheme = re.sub(r"[\s\x00-\x1f]", "", value).split(":", 1)
                if len(scheme) == 2 and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme[0]) \
                        and scheme[0].lower() not in security.URL_SCHEMES:
                    self.found.append(f"{tag} {name}={value[:30]}")
            if name == "style" and value and not self.page:
                self.found.append(f"{tag} style")

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self.found.append(f"<script> inline: {self.script[:40]}")
            self.script = None


def _executable(text: str, page: bool) -> list[str]:
    parser = _Executable(page)
    parser.feed(text)
    parser.close()
    return parser.found


def test_feeds_carry_no_executable_html(outcome):
    site = outcome[3].root / "site"
    feeds = [*site.rglob("*.xml")]
    assert len(feeds) > 5
    for path in feeds:
        if path.name == "sitemap.xml":
            continue
        for el in ET.parse(path).iter():
            tag = el.tag.rsplit("}", 1)[-1]
            # RSS descriptions and content, Atom content and summary of type html: HTML that
            # readers render (an Atom text construct without type="html" is text, RFC 4287 §3.1).
            atom_text = tag in ("content", "summary") and el.get("type", "text") == "text"
            if tag in ("description", "encoded", "content", "summary") and el.text \
                    and not atom_text:
                assert _executable(el.text, page=False) == [], (path, el.text[:200])


def test_open_data_is_text(outcome):
    site = outcome[3].root / "site"
    for path in (site / "api").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))["records"]
        assert data
        # Summaries are plain text made from cleaned HTML: no markup of a body survives.
        for record in data:
            summary = record.get("summary") or ""
            assert "onerror" not in summary or "<img src=x onerror" in \
                (record.get("title", "") + summary), (path, summary)


def test_pages_hold_no_executable_markup(outcome):
    site = outcome[3].root / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        found = _executable(path.read_text(encoding="utf-8"), page=True)
        assert found == [], (path.relative_to(site).as_posix(), found)


HOOKS = """
window.__dialogs = 0;
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  const original = window[name];
  window[name] = function () { window.__pwned = window.__pwned || 'dialog'; window.__dialogs++; };
}
"""

DOM_CHECK = """() => {
  const bad = [];
  const allowed = new Set(['http:', 'https:', 'mailto:', 'tel:']);
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) bad.push(el.tagName + ' ' + a.name);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster'].includes(a.name)) {
        try {
          const u = new URL(a.value, location.href);
          if (!allowed.has(u.protocol)) bad.push(el.tagName + ' ' + a.name + '=' + u.protocol);
        } catch (e) {}
      }
    }
  }
  for (const el of document.querySelectorAll('iframe, object, embed, base, form[action^="javascript"]'))
    bad.push(el.tagName);
  return bad;
}"""


@pytest.mark.browser
def test_no_script_runs_on_any_built_page(outcome, browser):
    site = outcome[3].root / "site"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    pages.append("404.html")
    context = browser.new_context(bypass_csp=True)
    context.add_init_script(HOOKS)
    origin = ""
    problems: list[str] = []
    requests: list[str] = []
    with serve(site) as url:
        origin = urlsplit(url).netloc
        page = context.new_page()
        page.on("dialog", lambda d: (problems.append(f"dialog {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e: problems.append(f"pageerror {e}"))
        page.on("request", lambda r: requests.append(r.url))
        for rel in pages:
            page.goto(url + rel.removesuffix("index.html"), wait_until="load")
            page.wait_for_timeout(50)  # autofocus and load handlers fire after load
            if page.evaluate("window.__pwned") is not None:
                problems.append(f"{rel}: canary set")
            bad = page.evaluate(DOM_CHECK)
            problems.extend(f"{rel}: {b}" for b in bad)
        page.close()
    context.close()
    assert problems == []
    # No page made the reader's browser contact another origin.
    assert [u for u in requests if urlsplit(u).netloc not in (origin, "")
            and not u.startswith(("data:", "blob:"))] == []


@pytest.mark.browser
def test_cleaned_html_of_every_payload_is_inert(browser, tmp_path):
    """Whatever validation refuses is also cleaned: the published form of every payload's body
    (as `cchc.bodies` makes it) runs nothing in a browser either."""
    from cchc.bodies import Converter
    from cchc.settings import read

    project = _portal(tmp_path / "p", {})
    s = read(project.root)
    converter = Converter(s.markdown_extensions, s.markdown_configs)
    fragments = [converter.convert(payload, "tin-tuc/2024").html
                 for _, payload in BODIES + DOCUMENT_BODIES + PAGE_BODIES]
    html = "<!doctype html><meta charset=utf-8><title>x</title>" + "\n<hr>\n".join(fragments)
    for fragment in fragments:
        assert _executable(fragment.replace("cchc:/", "/"), page=False) == [], fragment
    (tmp_path / "site").mkdir()
    (tmp_path / "site/index.html").write_text(html.replace("cchc:/", "/"), encoding="utf-8")
    context = browser.new_context(bypass_csp=True)
    context.add_init_script(HOOKS)
    problems: list[str] = []
    with serve(tmp_path / "site") as url:
        page = context.new_page()
        page.on("dialog", lambda d: (problems.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(url, wait_until="load")
        page.wait_for_timeout(100)
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate(DOM_CHECK) == []
        page.close()
    context.close()
    assert problems == []


def test_field_payloads_are_escaped_where_printed(outcome):
    site = outcome[3].root / "site"
    text = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    # The titles, names and texts are there, as text.
    assert "Tin &lt;svg onload=" in text
    assert "Cơ quan &lt;svg onload=" in text
    assert "Việc &lt;svg onload=" in text
    assert "Trang &lt;svg onload=" in text
    rss = (site / "feed.xml").read_text(encoding="utf-8")
    # A description that looks like markup is escaped twice in RSS: readers show it as text.
    assert "&amp;lt;img src=x onerror=" in rss
    assert Path(site / "trang-tieu-de/index.html").is_file()
