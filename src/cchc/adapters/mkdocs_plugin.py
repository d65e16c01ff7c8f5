"""The MkDocs adapter: thin glue between MkDocs events and the cchc core.

Each event does one thing: `on_config` reads the settings (`cchc.settings.read`, as `cchc`
does), validates (refusing to build on errors, before MkDocs touches `site_dir`) and stages the
output; `on_files` takes news sources out of MkDocs' page pipeline; `on_env` takes the theme's
environment as the renderer; `on_post_build` has the core write every generated output
(`cchc.build`) and publishes the staging folder. Generated pages are rendered straight from
their templates: they must not enter MkDocs' navigation, whose handling is quadratic.
"""

from __future__ import annotations

import logging
import os
import posixpath
import threading
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

from .. import build, search, serve, settings, urls
from .. import pages as pages_mod
from ..diagnostics import summary
from ..load import NEWS_DIR, LoadCache
from ..project import Portal, load_portal
from ..publish import Staging
from ..text import format_date
from ..validate.body import strip_comments

log = logging.getLogger("mkdocs.plugins.cchc")

SECTIONS = [("Tin tức", urls.NEWS), ("Văn bản", urls.DOCUMENTS), ("Cơ quan", urls.AGENCIES),
            ("Tiến độ", urls.PROGRESS)]

# MkDocs' option schema of the plugin, from the core's declarations (defaults applied there).
CchcConfig = type("CchcConfig", (base.Config,),
                  {o.name: c.Optional(c.Type(o.type)) for o in settings.OPTIONS})


def _ours(name: str | None) -> bool:
    return bool(name) and (name == "main.html" or str(name).startswith("cchc/"))


class ValidationFailed(PluginError):
    """Raised from on_config so that MkDocs stops before it cleans or writes `site_dir`."""


class CchcPlugin(BasePlugin[CchcConfig]):  # type: ignore[type-var,valid-type]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.portal: Portal | None = None
        self.plan: build.Plan | None = None
        self.env: Environment | None = None
        self.nav: Navigation | None = None
        self.doc_files: list[File] = []
        self.print_diagnostics = True  # the CLI prints them itself, in the chosen format
        self.progress: Any = None  # the CLI's progress(stage, done, total), on a terminal
        self.stage = True  # publish through a staging folder (the CLI may stage itself)
        self.staging: Staging | None = None
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
        assert self.portal
        s = self.portal.settings
        for path in serve.watched_paths(s.root, s.plans_dir, [config.theme.custom_dir]):
            server.watch(str(path))
        server.set_app(self._on_request(server.get_app(), Path(config.site_dir),
                                        server.mount_path))
        return server

    def _on_request(self, app: Callable[..., Any], site_dir: Path, mount: str
                    ) -> Callable[..., Any]:
        """WSGI wrapper of the preview server: writes a generated page (or feed) the first time
        it is asked for, then lets MkDocs serve the file as usual (with its reload script)."""

        def respond(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
            path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
            if path.startswith(mount):
                rel = path[len(mount):]
                rel = posixpath.normpath("/" + rel + ("index.html" if rel.endswith("/") or not rel
                                                      else "")).lstrip("/")
                self._materialise(site_dir, rel, f"{rel}/index.html")
            return app(environ, start_response)

        return respond

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
        config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
        s = settings.read(config_file.parent, site_dir=config.site_dir, config_file=config_file)
        # MkDocs dates the sitemap and its gzip header with SOURCE_DATE_EPOCH when set: tie them
        # to "today" so that two builds of the same input are byte-identical.
        midnight = datetime(s.today.year, s.today.month, s.today.day, tzinfo=timezone.utc)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
        s.markdown_extensions = list(config.markdown_extensions)  # as MkDocs resolved them
        s.markdown_configs = dict(config.mdx_configs)
        self.portal = load_portal(s, self.progress, self.load_cache, self.body_cache)
        report = self.portal.report
        if self.print_diagnostics:
            for d in report.sorted():
                (log.error if d.is_error else log.warning)(d.format_text())
        self.failed = self.serving and not self.portal.ok
        if self.failed:
            self.plan = None
            log.error(serve.summary_line(report.errors))
            return config
        if not self.portal.ok:
            raise ValidationFailed(f"cchc: nội dung có lỗi, không xây dựng trang. {summary(report.items)}")
        if self.stage and not self.serving:
            self.staging = Staging(Path(config.site_dir))
            config.site_dir = str(self.staging.open())
        return config

    # -- files and navigation -----------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """News sources become generated pages at /tin-tuc/<year>/<slug>/, not MkDocs pages."""
        for file in list(files):
            if file.src_uri == "agencies.yml" or (
                file.is_documentation_page() and file.src_uri.startswith(NEWS_DIR + "/")
            ):
                files.remove(file)
        if not self.failed:
            assert self.portal and self.portal.site
            self.plan = build.plan(self.portal.site)
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
        env.globals["cchc"] = self.portal.site if self.portal else None
        env.globals["urls"] = urls
        env.filters["vn_date"] = format_date
        env.globals.update(search.template_globals(lambda: self.portal.site if self.portal
                                                   else None))
        self.env = env
        self.doc_files = list(files.documentation_pages())
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if self.failed and page.file.src_uri != serve.GUIDE:
            page.meta["template"] = "cchc/errors.html"  # the guide stays readable
        # Editors' notes in HTML comments are never published (as for news and documents).
        return strip_comments(markdown)[0]

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> Any:
        if self.failed and page.meta.get("template") == "cchc/errors.html":
            context["cchc_page"] = self._error_spec(page.url)
            return context
        if page.meta.get("template") == "cchc/home.html" and self.portal and self.portal.site:
            context["cchc_page"] = pages_mod.PageSpec(
                page.url, page.title or "", pages_mod.home_data(self.portal.site),
                feeds=pages_mod.site_feeds())
        return context

    # -- generated pages ----------------------------------------------------------------------

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        try:
            if self.failed:
                self._write_error_pages(site_dir, config)
            elif self.serving:
                assert self.portal and self.portal.site and self.plan
                lazy = build.lazy_outputs(self.portal.site, self.plan, self._renderer(config))
                writer = build.Writer(site_dir)  # attachments at once: MkDocs serves them
                for path, source in self.plan.copies.items():
                    writer.copy(path, source)
                with self._ready:
                    self.lazy = lazy
            else:
                self._write_generated(site_dir, config)
        finally:
            self._built()

    def on_build_error(self, *, error: Exception) -> None:
        if self.staging is not None:
            self.staging.discard()
            self.staging = None
        self._built()

    def _built(self) -> None:
        if self.serving:
            with self._ready:
                self._building = False
                self._ready.notify_all()

    def _write_generated(self, site_dir: Path, config: MkDocsConfig) -> None:
        assert self.portal and self.portal.site and self.plan
        indexed = [f.dest_uri for f in self.doc_files]
        try:
            written = build.write_site(self.portal.site, self.plan, self._renderer(config),
                                       site_dir, indexed=indexed, progress=self.progress,
                                       workdir=self.staging.search_dir if self.staging else None)
        except build.BuildFailed as exc:
            raise PluginError(f"cchc: {exc}") from exc
        if written.search:
            log.info("cchc: chỉ mục tìm kiếm %d trang, %.1f giây", written.search.pages,
                     written.search.seconds)
        if self.staging is not None:
            self.staging.commit()
            self.staging = None

    def _renderer(self, config: MkDocsConfig) -> build.Render:
        return lambda spec: self._render(spec, config)

    def _render(self, spec: pages_mod.PageSpec, config: MkDocsConfig) -> str:
        assert self.env is not None and self.nav is not None and self.portal and self.portal.site
        src_uri = (spec.url.rstrip("/") or "index") + ".md"
        title = Markup.escape(spec.title)  # Material prints page.title unescaped
        page = Page(title, File.generated(config, src_uri, content=""), config)
        page.content = ""
        description = self.portal.site.description(spec)
        page.meta = {"description": Markup.escape(description)} if description else {}
        context: Any = get_context(self.nav, self.doc_files, config, page)
        context["cchc_page"] = spec
        return self.env.get_template(spec.template).render(context)

    def _error_spec(self, url: str, fallback: bool = False) -> pages_mod.PageSpec:
        assert self.portal
        guide = next((f.url for f in self.doc_files if f.src_uri == serve.GUIDE), None)
        data = serve.error_data(self.portal, guide_url=guide, fallback=fallback)
        return pages_mod.PageSpec(url, "Nội dung có lỗi", data)

    def _write_error_pages(self, site_dir: Path, config: MkDocsConfig) -> None:
        """The error page at the home page, at the pages of the files in error, and as 404."""
        assert self.portal and self.env and self.nav is not None
        for url in ["", *serve.error_urls(self.portal)]:
            write_file(self._render_error(self._error_spec(url), config).encode("utf-8"),
                       str(site_dir / url / "index.html"))
        # The 404 page is served at any depth: its links are absolute, like MkDocs' own 404.
        context: Any = get_context(self.nav, self.doc_files, config, None,
                                   base_url=urlsplit(config.site_url or "/").path)
        context["cchc_page"] = self._error_spec("404.html", fallback=True)
        html = self.env.get_template("cchc/errors.html").render(context)
        write_file(html.encode("utf-8"), str(site_dir / "404.html"))

    def _render_error(self, spec: pages_mod.PageSpec, config: MkDocsConfig) -> str:
        assert self.env is not None and self.nav is not None
        src_uri = (spec.url.rstrip("/") or "index") + ".md"
        page = Page(Markup.escape(spec.title), File.generated(config, src_uri, content=""), config)
        page.content = ""
        page.meta = {}
        context: Any = get_context(self.nav, self.doc_files, config, page)
        context["cchc_page"] = spec
        return self.env.get_template(spec.template).render(context)
