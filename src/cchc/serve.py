"""Live preview support (`cchc serve`): pages made when first asked for, and what the preview
shows when the content has errors.

A preview rebuild writes only what is cheap; each generated page (or feed) is rendered the first
time the browser asks for it (`LazyOutputs`), so an edit shows in seconds even with thousands of
items. A validation error must not stop the server: the error page (`overrides/cchc/errors.html`)
is shown, in Vietnamese, at the home page, at the pages of the files that have errors and for
every URL that does not exist (the 404 page); the editor's guide stays readable; the next save
that fixes the problem rebuilds the real site. Nothing here imports MkDocs: the adapter wraps
MkDocs' server around these.
"""

from __future__ import annotations

import html
import posixpath
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from markupsafe import Markup

from . import links, urls
from .diagnostics import Diagnostic, Report
from .load import NEWS_DIR, load_markdown
from .pages import ErrorPage
from .project import Portal
from .text import slugify

GUIDE = "huong-dan-bien-tap.md"  # the editor's guide: one section per CODE, anchored by CODE
_CODE_SPAN = re.compile(r"`([^`]+)`")


def inline_code(text: str) -> Markup:
    """Escape `text` and show its `back-quoted` parts as code, as messages are written."""
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", html.escape(text, quote=False)))


@dataclass
class FileProblems:
    path: str
    items: list[dict[str, object]] = field(default_factory=list)


def error_data(portal: Portal, *, guide_url: str | None = None,
               fallback: bool = False) -> ErrorPage:
    """What `cchc/errors.html` shows: the diagnostics grouped by file, errors first."""
    report = portal.report
    files: dict[str, FileProblems] = {}
    for d in sorted(report.sorted(), key=lambda d: (d.path, not d.is_error, d.line, d.column)):
        group = files.setdefault(d.path, FileProblems(d.path))
        group.items.append({
            "line": d.line, "column": d.column, "code": d.code, "error": d.is_error,
            "severity": d.severity.value, "message": inline_code(d.message),
            "hint": inline_code(d.hint) if d.hint else "",
            "text": d.format_text(),
        })
    ordered = sorted(files.values(), key=lambda f: not any(i["error"] for i in f.items))
    return ErrorPage(len(report.errors), len(report.warnings), ordered, guide_url, fallback)


def error_urls(portal: Portal) -> list[str]:
    """Best guess of the URLs of the news items and documents that have errors.

    So that the page the editor is looking at shows what is wrong with it. Only what can be
    read is used; anything unreadable is skipped (the home page and the 404 page still show
    every problem).
    """
    settings = portal.settings
    root = settings.root
    news_dir = (root / settings.docs_dir / NEWS_DIR).resolve()
    plans_dir = (root / settings.plans_dir).resolve()
    urls: list[str] = []
    for rel in sorted({d.path for d in portal.report.errors}):
        path = (root / rel).resolve()
        if path.suffix != ".md" or not path.is_file():
            continue
        try:
            if news_dir in path.parents:
                url = _news_url(path)
            elif plans_dir in path.parents:
                url = _document_url(path)
            else:
                continue
        except Exception:  # a guess: the content is broken by definition
            continue
        if url and url not in urls:
            urls.append(url)
    return urls


def _front_matter(path: Path) -> dict[str, object]:
    raw = load_markdown(path, Report(path.parent))
    return raw.data if raw else {}


def _year(value: object, path: Path) -> int | None:
    if isinstance(value, date):
        return value.year
    folder = path.parent.name
    return int(folder) if folder.isdigit() else None


def _news_url(path: Path) -> str | None:
    data = _front_matter(path)
    slug = data.get("slug") or slugify(str(data.get("title") or ""))
    year = _year(data.get("date"), path)
    return urls.news(f"{year}/{slug}") if slug and year and isinstance(slug, str) else None


def _document_url(path: Path) -> str | None:
    from .validate import document_id

    data = _front_matter(path)
    year = data.get("year") if isinstance(data.get("year"), int) else _year(data.get("issued"), path)
    number = data.get("number")
    agency = data.get("agency")
    if not year or (number and not agency):
        return None
    return urls.document(document_id(int(str(year)), str(number) if number else None,
                                     str(agency or ""), path.stem))


def watched_paths(root: Path, plans_dir: str, extra: Iterable[str | None]) -> list[Path]:
    """Folders the preview must watch besides docs_dir and mkdocs.yml (which MkDocs watches)."""
    out = []
    for p in [root / plans_dir, *(Path(e) for e in extra if e)]:
        p = p if p.is_absolute() else root / p
        if p.exists() and p not in out:
            out.append(p)
    return out


def summary_line(errors: list[Diagnostic]) -> str:
    files = len({d.path for d in errors})
    return (f"Nội dung có {len(errors)} lỗi trong {files} tệp: trang xem trước đang hiện danh "
            "sách lỗi. Sửa rồi lưu tệp, trang sẽ tự cập nhật.")


_SERVE_MESSAGES = [
    (re.compile(r"^(\[[\d:]+\] )?Serving on (\S+)"),
     r"\1Xem trước tại \2 — nhấn Ctrl+C để dừng."),
    (re.compile(r"^(\[[\d:]+\] )?Detected file changes"),
     r"\1Phát hiện tệp thay đổi, đang xây dựng lại…"),
    (re.compile(r"^(\[[\d:]+\] )?Reloading browsers"), r"\1Đã cập nhật trang xem trước."),
    (re.compile(r"^Documentation built in ([\d.]+) seconds"), r"Xây dựng xong trong \1 giây."),
    (re.compile(r"^Building documentation\.\.\."), "Đang xây dựng trang xem trước…"),
]


class ServeMessages:
    """A logging filter for `cchc serve`: MkDocs' progress lines in Vietnamese, other
    informational lines dropped; warnings and errors pass unchanged."""

    def filter(self, record: object) -> bool:
        import logging

        assert isinstance(record, logging.LogRecord)
        text = record.getMessage()
        if record.name == "mkdocs.livereload" and '" code ' in text:
            return False  # one line per request (404 of a favicon…) is noise for editors
        if record.levelno >= logging.WARNING:
            return True
        for pattern, replacement in _SERVE_MESSAGES:
            if pattern.search(text):
                record.msg, record.args = pattern.sub(replacement, text), None
                return True
        return record.name == "mkdocs.plugins.cchc"


def port_problem(dev_addr: str) -> str | None:
    """Why the preview cannot listen on `dev_addr` (checked before the first, long build)."""
    import socket

    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        return f"Địa chỉ `{dev_addr}` không hợp lệ; viết dạng 127.0.0.1:8000."
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host.strip("[]"), int(port)))
        except OSError as exc:
            return (f"Không mở được {dev_addr} ({exc.strerror}). Có thể một bản xem trước khác "
                    f"đang chạy; chọn cổng khác, ví dụ `cchc serve --dev-addr {host}:"
                    f"{int(port) + 1}`.")
    return None


# -- the pages of a preview with errors -----------------------------------------------------------

def error_outputs(portal: Portal) -> dict[str, bytes]:
    """The error page at the home page, at the pages of the files in error and as 404.html,
    and the editor's guide (readable while the rest is not)."""
    from . import theme
    from .pages import Bodies, PageSpec

    s = portal.settings
    env = theme.install(theme.environment(s.theme_path), None, s.theme_path, s.site_url)
    pages = portal.records.pages if portal.records else []
    guide = next((p for p in pages if p.src_uri == GUIDE), None)
    guide_url = guide.url if guide else None
    out: dict[str, bytes] = {}
    # The home page, the pages of the files in error, and the editors' other pages: whatever the
    # editor is looking at says what is wrong.
    others = [p.url for p in pages if p is not guide]
    for url in dict.fromkeys(["", *error_urls(portal), *others]):
        spec = PageSpec(url, "Nội dung có lỗi", error_data(portal, guide_url=guide_url))
        out[urls.output_file(url)] = theme.render_bare(env, spec).encode("utf-8")
    spec = PageSpec(urls.NOT_FOUND, "Nội dung có lỗi",
                    error_data(portal, guide_url=guide_url, fallback=True))
    out[urls.NOT_FOUND] = theme.render_bare(env, spec).encode("utf-8")
    if guide is not None:
        from .pages import MarkdownPageData

        body = Bodies(s, None).page(guide)
        spec = PageSpec(guide.url, guide.title, MarkdownPageData(guide))
        html_text = env.get_template("cchc/bare_page.html").render(
            cchc_page=spec, description="", html=Markup(links.relative_to(body.html, guide.url)))
        out[urls.output_file(guide.url)] = html_text.encode("utf-8")
    return out


class LazyOutputs:
    """Outputs of a preview build made when first requested, thread-safe against rebuilds: a
    request waits while a rebuild cleans or fills the folder."""

    def __init__(self) -> None:
        self._ready = threading.Condition()
        self._building = False
        self._lazy: dict[str, Callable[[], bytes]] = {}

    def start(self) -> None:
        """A rebuild begins: forget the previous build's outputs."""
        with self._ready:
            self._building, self._lazy = True, {}

    def done(self, lazy: dict[str, Callable[[], bytes]] | None = None) -> None:
        with self._ready:
            self._lazy = lazy or {}
            self._building = False
            self._ready.notify_all()

    def materialise(self, site_dir: Path, request_path: str) -> None:
        """Write the output a request for `request_path` (under the site's root) needs."""
        rel = posixpath.normpath("/" + request_path + (
            "index.html" if request_path.endswith("/") or not request_path else "")).lstrip("/")
        with self._ready:
            self._ready.wait_for(lambda: not self._building)
            for candidate in (rel, f"{rel}/index.html"):
                produce = self._lazy.pop(candidate, None)
                if produce is not None:
                    target = site_dir / candidate
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(produce())
                    return
