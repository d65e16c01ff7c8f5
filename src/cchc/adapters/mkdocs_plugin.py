"""The MkDocs adapter: MkDocs' events mapped to calls of the cchc core.

`mkdocs build` and `cchc serve` (MkDocs' live-reload server) run the same core as `cchc build`:
`on_config` reads the settings (`cchc.settings.read`) and validates, refusing to build on errors
before MkDocs touches `site_dir`, and stages the output (`cchc.publish`); `on_files` leaves
MkDocs nothing to write, since the core writes every file; `on_env` hands the theme environment
MkDocs made to the core's renderer; `on_post_build` has the core write the site (`cchc.build`)
and publishes it. In the preview, pages are made when first requested and errors are shown as a
page (`cchc.serve`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from .. import build, serve, settings, theme
from ..diagnostics import summary
from ..load import LoadCache
from ..pages import BodyCache
from ..project import Portal, load_portal
from ..publish import Staging

log = logging.getLogger("mkdocs.plugins.cchc")

# MkDocs' option schema of the plugin, from the core's declarations (defaults applied there).
CchcConfig: type[base.Config] = type(
    "CchcConfig", (base.Config,), {o.name: c.Optional(c.Type(o.type)) for o in settings.OPTIONS})


class ValidationFailed(PluginError):
    """Raised from on_config so that MkDocs stops before it cleans or writes `site_dir`."""


class CchcPlugin(BasePlugin):  # options: settings.OPTIONS (CchcConfig)
    config_class = CchcConfig
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.portal: Portal | None = None
        self.render: build.Render | None = None
        self.print_diagnostics = True
        self.progress: Any = None
        self.staging: Staging | None = None
        self.serving = False
        self.lazy = serve.LazyOutputs()
        # Live preview: what survives rebuilds (files not changed, bodies not changed).
        self.load_cache: LoadCache | None = None
        self.body_cache: BodyCache | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance across serve's rebuilds.
        self.serving = command == "serve"
        if self.serving:
            self.load_cache, self.body_cache = LoadCache(), {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.serving:
            self.lazy.start()
        config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
        s = settings.read(config_file.parent, site_dir=config.site_dir, config_file=config_file)
        s.markdown_extensions = list(config.markdown_extensions)  # as MkDocs resolved them
        s.markdown_configs = dict(config.mdx_configs)
        self.portal = load_portal(s, self.progress, self.load_cache, self.body_cache)
        report = self.portal.report
        if self.print_diagnostics:
            for d in report.sorted():
                (log.error if d.is_error else log.warning)(d.format_text())
        if not self.portal.ok and not self.serving:
            raise ValidationFailed(f"cchc: nội dung có lỗi, không xây dựng trang. "
                                   f"{summary(report.items)}")
        if not self.portal.ok:
            log.error(serve.summary_line(report.errors))
        config.theme.static_templates.clear()  # 404.html and sitemap.xml are the core's
        config["nav"] = None  # the core makes the menu (from the same `nav:`)
        if not self.serving:
            self.staging = Staging(Path(config.site_dir))
            config.site_dir = str(self.staging.open())
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        return Files([])  # the core writes every page and file of the site

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        assert self.portal
        site = self.portal.site
        if site is not None:
            self.render = theme.Renderer(theme.install(env, site, site.settings.theme_path), site)
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.portal
        site_dir = Path(config.site_dir)
        if self.serving:
            self._preview(site_dir)
            return
        assert self.portal.site and self.portal.plan and self.render and self.staging
        try:
            build.write_site(self.portal.site, self.portal.plan, self.render, site_dir,
                             progress=self.progress, workdir=self.staging.search_dir)
        except build.BuildFailed as exc:
            raise PluginError(f"cchc: {exc}") from exc
        self.staging.commit()
        self.staging = None

    def _preview(self, site_dir: Path) -> None:
        """Write what is cheap now (assets, attachments, or the error pages); the rest when
        asked for."""
        assert self.portal
        writer = build.Writer(site_dir)
        if not self.portal.ok:
            for path, data in serve.error_outputs(self.portal).items():
                writer.write(path, data)
            self.lazy.done()
            return
        assert self.portal.plan and self.render
        for path, source in [*self.portal.plan.copies.items(),
                             *self.portal.plan.editor_copies.items()]:
            writer.copy(path, source)
        self.lazy.done(build.lazy_outputs(self.portal.plan, self.render))

    def on_build_error(self, *, error: Exception) -> None:
        if self.staging is not None:
            self.staging.discard()
            self.staging = None
        if self.serving:
            self.lazy.done()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild on changes of plans and the theme too (MkDocs watches docs_dir and
        mkdocs.yml), and make each page when the browser first asks for it."""
        assert self.portal
        s = self.portal.settings
        for path in serve.watched_paths(s.root, s.plans_dir, [s.theme_dir]):
            server.watch(str(path))
        app: Callable[..., Any] = server.get_app()
        site_dir, mount = Path(config.site_dir), server.mount_path

        def respond(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
            path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
            if path.startswith(mount):
                self.lazy.materialise(site_dir, path[len(mount):])
            return app(environ, start_response)

        server.set_app(respond)
        return server
