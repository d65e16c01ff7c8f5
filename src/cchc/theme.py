"""The theme: the Jinja environment over `overrides/` and how a page is rendered.

`cchc build` makes its own environment here (nothing of MkDocs); the MkDocs adapter hands in the
theme environment MkDocs made (same templates) and `install` gives it the same globals and
filters, so both render a page to the same HTML. Templates get `cchc_page` (the page), `cchc`
(the site), `urls` and the filters `url` (a root-relative URL as a link from the page) and
`vn_date` — see overrides/README.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

import jinja2
from jinja2.utils import htmlsafe_json_dumps

from . import assets, fingerprint, search, seo, urls
from .pages import PageSpec, Site
from .settings import Settings
from .text import format_date

if TYPE_CHECKING:
    from .pagecache import Trace


def environment(theme_dir: Path, compiled: Path | None = None) -> jinja2.Environment:
    """Jinja over the theme folder, every value escaped (titles and names come from editors).
    With `compiled`, the templates compiled by earlier builds are kept there (`compiled_dir`)."""
    cache = None
    if compiled is not None:
        with contextlib.suppress(OSError):  # a read-only project compiles every time
            compiled.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(compiled))
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(theme_dir)),
                              undefined=jinja2.StrictUndefined, bytecode_cache=cache)


COMPILED_DIR = ".cchc-cache/templates"


def compiled_dir(settings: Settings) -> Path:
    """Where `cchc build` keeps its compiled templates. Jinja checks each against its
    template's source and its own version; the folder's name adds cchc's code, which sets the
    environment's options the code is compiled with. Folders of other code are removed."""
    key = hashlib.sha256(fingerprint.code_digest() + jinja2.__version__.encode())
    top = settings.root / COMPILED_DIR
    with contextlib.suppress(OSError):
        for old in top.iterdir():
            if old.name != key.hexdigest()[:16]:
                shutil.rmtree(old, ignore_errors=True)
    return top / key.hexdigest()[:16]


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: str) -> str:
    """`target` (root-relative) as a link from the page being rendered."""
    spec = context.get("cchc_page")
    if spec is None:
        return target
    if spec.url == urls.NOT_FOUND:  # served at any depth: absolute from site_url's path
        return (context["cchc_base_path"] or "/") + target
    return urls.relative(target, spec.url)


def install(env: jinja2.Environment, site: Site | None, theme_dir: Path,
            site_url: str = "") -> jinja2.Environment:
    """Give an environment the portal's globals and filters (the adapter's, or ours). Without a
    site (content with errors), only what the preview's error page needs."""
    url = site.settings.site_url if site else site_url
    env.autoescape = True  # every template is the portal's, and every value an editor's
    env.globals.update(
        cchc=site,
        urls=urls,
        cchc_base_path=urlsplit(url or "/").path or "/",
        asset=lambda rel: assets.url(theme_dir, rel),
        seo=seo,
        **search.template_globals(lambda: site),
    )
    env.filters["url"] = _url
    env.filters["vn_date"] = format_date
    env.filters["tojson"] = htmlsafe_json_dumps  # MkDocs' own would not escape "<"
    return env


class Renderer:
    """Renders a page with its template: `render(spec) -> html`."""

    def __init__(self, env: jinja2.Environment, site: Site) -> None:
        self.env = env
        self.site = site

    def __call__(self, spec: PageSpec) -> str:
        template = self.env.get_template(spec.template)
        return template.render(cchc_page=spec, description=self.site.description(spec))


def native_renderer(site: Site, trace: Trace | None = None,
                    compiled: Path | None = None) -> Renderer:
    """The renderer of `cchc build`: the theme folder of the settings, nothing else. With a
    `trace`, templates ask the portal through a `Recorder`, which notes what each page asked
    (`cchc.pagecache`); with `compiled`, compiled templates are kept there (`environment`)."""
    from .pagecache import Recorder

    theme_dir = site.settings.theme_path
    seen = cast(Site, Recorder(site, trace)) if trace is not None else site
    env = environment(theme_dir, compiled)
    # A build reads each template once: no check of its file for every page that includes it.
    env.auto_reload = False
    return Renderer(install(env, seen, theme_dir), site)


def render_bare(env: jinja2.Environment, spec: PageSpec) -> str:
    """A page of the preview without the portal's data (its error page)."""
    return env.get_template(spec.template).render(cchc_page=spec, description="")



def template_exists(theme_dir: Path, name: str) -> bool:
    return (theme_dir / name).is_file() and not os.path.isabs(name)
