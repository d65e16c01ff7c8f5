"""The MkDocs adapter: thin glue between MkDocs events and the cchc core.

Each event does one thing: `on_config` validates (and refuses to build on errors, before MkDocs
touches `site_dir`), `on_files` takes news sources out of MkDocs' page pipeline, `on_nav` adds the
portal's sections, `on_env` exposes the catalog to templates, `on_post_build` renders the
generated pages. Generated pages are rendered straight from their templates with the theme's
environment: they need no Markdown pass and must not enter MkDocs' navigation, whose handling is
quadratic in the number of pages.
"""

from __future__ import annotations

import functools
import logging
import os
import posixpath
import shutil
import threading
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.commands.build import get_context
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from .. import api, feeds, parallel, search
from .. import pages as pages_mod
from .. import serve as serve_mod
from ..diagnostics import render, summary
from ..load import LoadCache
from ..project import Portal, Settings, load_portal, today_from_env
from ..text import format_date

log = logging.getLogger("mkdocs.plugins.cchc")

SECTIONS = [("Tin tức", "tin-tuc/"), ("Văn bản", "van-ban/"), ("Cơ quan", "co-quan/"),
            ("Tiến độ", "tien-do/")]


def _ours(name: str | None) -> bool:
    return bool(name) and (name == "main.html" or name.startswith("cchc/"))


class CchcConfig(base.Config):
    plans_dir = c.Type(str, default="plans")
    page_size = c.Type(int, default=20)
    feed_limit = c.Type(int, default=50)
    today = c.Optional(c.Type(str))  # YYYY-MM-DD; `cchc build --today` sets CCHC_TODAY


class ValidationFailed(PluginError):
    """Raised from on_config so that MkDocs stops before it cleans or writes `site_dir`."""


class CchcPlugin(BasePlugin[CchcConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.portal: Portal | None = None
        self.site: pages_mod.Site | None = None
        self.specs: list[pages_mod.PageSpec] = []
        self.env: Environment | None = None
        self.nav: Navigation | None = None
        self.doc_files: list[File] = []
        self.print_diagnostics = True  # the CLI prints them itself, in the chosen format
        self.progress: Any = None  # the CLI's progress(stage, done, total), on a terminal
        self.serving = False  # `serve`: errors show as a page instead of stopping the server
        self.failed = False  # this (serve) build shows the error page
        # Live preview: what survives rebuilds, and the pages rendered when first requested.
        self.load_cache: LoadCache | None = None
        self.body_cache: pages_mod.BodyCache | None = None
        self.lazy: dict[str, Callable[[], bytes]] = {}
        self._ready = threading.Condition()
        self._building = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance across serve's rebuilds.
        self.serving = command == "serve"
        if self.serving:
            self.load_cache, self.body_cache = LoadCache(), {}

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild on changes of plans and overrides too (MkDocs watches docs_dir, mkdocs.yml)."""
        root = Path(config.config_file_path or ".").resolve().parent
        for path in serve_mod.watched_paths(root, self.config.plans_dir,
                                            [config.theme.custom_dir]):
            server.watch(str(path))
        server.set_app(self._on_request(server.get_app(), Path(config.site_dir),
                                        server.mount_path))
        return server

    def _on_request(self, app: Callable[..., Any], site_dir: Path, mount: str
                    ) -> Callable[..., Any]:
        """WSGI wrapper of the preview server: writes a generated page (or feed) the first time
        it is asked for, then lets MkDocs serve the file as usual (with its reload script).

        A preview rebuild then costs what changed plus the page being looked at, instead of
        every page of the portal: an edit shows in seconds even with thousands of items.
        """

        def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
            path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
            if path.startswith(mount):
                rel = path[len(mount):]
                rel = posixpath.normpath("/" + rel + ("index.html" if rel.endswith("/") or not rel
                                                      else "")).lstrip("/")
                self._materialise(site_dir, rel, f"{rel}/index.html")
            return app(environ, start_response)

        return serve

    def _materialise(self, site_dir: Path, *candidates: str) -> None:
        with self._ready:
            # Never write into a site that a rebuild is cleaning or filling.
            self._ready.wait_for(lambda: not self._building)
            for rel in candidates:
                produce = self.lazy.pop(rel, None)
                if produce is not None:
                    write_file(produce(), str(site_dir / rel))
                    return

    # -- configuration and validation ---------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.serving:
            with self._ready:
                self._building, self.lazy = True, {}
        root = Path(config.config_file_path or ".").resolve().parent
        today = today_from_env(self.config.today)
        # MkDocs dates the sitemap and its gzip header with SOURCE_DATE_EPOCH when set: tie them
        # to --today so that two builds of the same input are byte-identical.
        midnight = datetime(today.year, today.month, today.day, tzinfo=timezone.utc)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
        settings = Settings(
            root=root,
            docs_dir=Path(config.docs_dir).resolve().relative_to(root).as_posix(),
            plans_dir=self.config.plans_dir,
            site_url=config.site_url or "",
            site_name=config.site_name,
            page_size=self.config.page_size,
            feed_limit=self.config.feed_limit,
            today=today,
            markdown_extensions=list(config.markdown_extensions),
            markdown_configs=dict(config.mdx_configs),
        )
        self.portal = load_portal(settings, self.progress, self.load_cache)
        report = self.portal.report
        if self.print_diagnostics:
            for d in report.sorted():
                (log.error if d.is_error else log.warning)(d.format_text())
        self.failed = self.serving and not self.portal.ok
        if self.failed:
            self.site, self.specs = None, []
            log.error(serve_mod.summary_line(report.errors))
            return config
        if not self.portal.ok:
            raise ValidationFailed(f"cchc: nội dung có lỗi, không xây dựng trang. {summary(report.items)}")
        return config

    # -- files and navigation -----------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """News sources become generated pages at /tin-tuc/<year>/<slug>/, not MkDocs pages."""
        for file in list(files):
            if file.src_uri == "agencies.yml" or (
                file.is_documentation_page() and file.src_uri.startswith("tin-tuc/")
            ):
                files.remove(file)
        if self.failed:
            return files
        assert self.portal and self.portal.catalog
        bodies = pages_mod.render_bodies(self.portal.catalog, self.portal.settings,
                                         self.body_cache)
        self.site = pages_mod.Site(self.portal.catalog, self.portal.settings, bodies)
        self.specs = pages_mod.build_pages(self.site)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        present = {getattr(item, "url", None) for item in nav.items}
        for title, url in SECTIONS:
            if url not in present:
                nav.items.append(Link(title, url))
        self.nav = nav
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # Our templates escape every value (titles and names come from editors); Material's
        # own templates keep MkDocs' setting, as they print ready-made HTML.
        env.autoescape = _ours
        env.globals["cchc"] = self.site
        env.filters["vn_date"] = format_date
        env.globals.update(search.template_globals(lambda: self.site))
        self.env = env
        self.doc_files = files.documentation_pages()
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if self.failed and page.file.src_uri != serve_mod.GUIDE:
            page.meta["template"] = "cchc/errors.html"  # the guide stays readable
        return markdown

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any]:
        if self.failed and page.meta.get("template") == "cchc/errors.html":
            context["cchc_page"] = self._error_spec(page.url)
            return context
        if page.meta.get("template") == "cchc/home.html" and self.site:
            context["cchc_page"] = pages_mod.PageSpec(
                page.url, "cchc/home.html", page.title or "", "home",
                data=pages_mod.home_data(self.site), feeds=pages_mod.site_feeds())
        return context

    # -- generated pages ----------------------------------------------------------------------

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        if self.failed:
            self._write_error_pages(site_dir, config)
        elif self.serving:
            self._defer_generated(site_dir, config)
        else:
            self._write_generated(site_dir, config)
        self._built()

    def on_build_error(self, *, error: Exception) -> None:
        self._built()

    def _built(self) -> None:
        if self.serving:
            with self._ready:
                self._building = False
                self._ready.notify_all()

    def _generated_files(self) -> dict[str, Callable[[], bytes]]:
        """Feeds, open data and the filter index, each as a function that makes its bytes."""
        assert self.site
        site = self.site
        scopes = feeds.scopes(site)
        files: dict[str, Callable[[], bytes]] = {
            f.path: functools.partial(feeds.render, f, site) for f in scopes}
        files["feeds.opml"] = functools.partial(feeds.opml, scopes, site)
        open_data = functools.cache(lambda: dict(api.build_api(site)))
        for path in ("api/documents.json", "api/news.json", "api/agencies.json"):
            files[path] = functools.partial(lambda p: open_data()[p], path)
        files["van-ban/filter.json"] = functools.partial(pages_mod.document_index, site)
        return files

    def _defer_generated(self, site_dir: Path, config: MkDocsConfig) -> None:
        """Preview: every generated page and feed is made when first requested (no search
        index: the preview is for checking pages; `cchc build` makes the searchable site)."""
        lazy = {f"{spec.url}index.html": functools.partial(self._render_bytes, spec, config)
                for spec in self.specs}
        lazy.update(self._generated_files())
        self._copy_attachments(site_dir)
        with self._ready:
            self.lazy = lazy

    def _render_bytes(self, spec: pages_mod.PageSpec, config: MkDocsConfig) -> bytes:
        return self._render(spec, config).encode("utf-8")

    def _write_generated(self, site_dir: Path, config: MkDocsConfig) -> None:
        assert self.env and self.nav is not None and self.site
        urls = [spec.url for spec in self.specs]
        if len(set(urls)) != len(urls):  # the core guarantees unique URLs; guards regressions
            twice = min(u for u, n in Counter(urls).items() if n > 1)
            raise PluginError(f"cchc: hai trang cùng ghi vào /{twice}")
        with search.Indexer() as indexer:
            try:
                staged = parallel.fork_map(
                    functools.partial(self._write_part, site_dir, config, indexer),
                    parallel.parts())
            except parallel.PartFailed as exc:
                raise PluginError(f"cchc: lỗi khi tạo các trang:\n{exc}") from exc
            for part in staged:
                indexer.merge(part)
            self._index(indexer, site_dir)
        for path, produce in self._generated_files().items():
            write_file(produce(), str(site_dir / path))
        self._copy_attachments(site_dir)

    def _write_part(self, site_dir: Path, config: MkDocsConfig, indexer: search.Indexer,
                    part: int, parts: int) -> search.Staged:
        """Render and write every `parts`-th generated page from the `part`-th, staging those
        to index (numbered by their place in `self.specs`): one process's share of the work."""
        staged = search.Staged()
        total = len(self.specs)
        for i in range(part, total, parts):
            spec = self.specs[i]
            if self.progress and part == 0:
                self.progress("render", min(i + parts, total), total)
            html = self._render(spec, config)
            write_file(html.encode("utf-8"), str(site_dir / spec.url / "index.html"))
            if spec.kind in search.INDEXED_KINDS:
                indexer.stage(i, f"{spec.url}index.html", html, into=staged)
        return staged

    def _index(self, indexer: search.Indexer, site_dir: Path) -> None:
        """The search index (site/pagefind/): generated pages, then ordinary Markdown pages."""
        for file in self.doc_files:
            path = site_dir / file.dest_uri
            if path.suffix == ".html" and path.exists():
                indexer.add(file.dest_uri, path.read_text(encoding="utf-8"))
        try:
            stats = indexer.build(site_dir)
        except search.SearchIndexError as exc:
            raise PluginError(f"cchc: {exc}") from exc
        log.info("cchc: chỉ mục tìm kiếm %d trang, %.1f giây", stats.pages, stats.seconds)

    def _render(self, spec: pages_mod.PageSpec, config: MkDocsConfig) -> str:
        src_uri = (spec.url.rstrip("/") or "index") + ".md"
        title = Markup.escape(spec.title)  # Material prints page.title unescaped
        page = Page(title, File.generated(config, src_uri, content=""), config)
        page.content = ""
        page.meta = {"description": Markup.escape(spec.description)} if spec.description else {}
        context = get_context(self.nav, self.doc_files, config, page)
        context["cchc_page"] = spec
        assert self.env is not None
        return self.env.get_template(spec.template).render(context)

    def _error_spec(self, url: str, fallback: bool = False) -> pages_mod.PageSpec:
        assert self.portal
        guide = next((f.url for f in self.doc_files if f.src_uri == serve_mod.GUIDE), None)
        data = serve_mod.error_data(self.portal, guide_url=guide, fallback=fallback)
        return pages_mod.PageSpec(url, "cchc/errors.html", "Nội dung có lỗi", "errors", data=data)

    def _write_error_pages(self, site_dir: Path, config: MkDocsConfig) -> None:
        """The error page at the home page, at the pages of the files in error, and as 404."""
        assert self.portal and self.env
        for url in ["", *serve_mod.error_urls(self.portal)]:
            write_file(self._render(self._error_spec(url), config).encode("utf-8"),
                       str(site_dir / url / "index.html"))
        # The 404 page is served at any depth: its links are absolute, like MkDocs' own 404.
        context = get_context(self.nav, self.doc_files, config, None,
                              base_url=urlsplit(config.site_url or "/").path)
        context["cchc_page"] = self._error_spec("404.html", fallback=True)
        html = self.env.get_template("cchc/errors.html").render(context)
        write_file(html.encode("utf-8"), str(site_dir / "404.html"))

    def _copy_attachments(self, site_dir: Path) -> None:
        assert self.site
        for doc in self.site.catalog.documents:
            for att in doc.attachments:
                target = site_dir / doc.url / att.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(att.path, target)

    def diagnostics_text(self, fmt: str = "text") -> str:
        return render(self.portal.report.sorted(), fmt) if self.portal else ""
