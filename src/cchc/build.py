"""Writing the site: the core decides every output path, then one writer writes each once.

Pelican's model: the whole context (catalog, page data) exists before anything is written;
`plan` lists every output of the portal — generated pages, feeds, OPML, open data, the filter
index, attachments — and a path that two outputs (or an output and an editor's file) would share
is refused, at validation, naming the file. `write_site` renders the pages in parallel
(`cchc.parallel`), stages what search indexes, writes everything through a `Writer` that
refuses a path twice, and builds the search index. Publishing (a staging folder swapped in
atomically) is `cchc.publish`. Nothing here imports MkDocs: the adapter (or `cchc build`) gives
a `Render`, which turns a page into HTML with the theme's templates.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import api, feeds, parallel, search, urls
from . import pages as pages_mod
from .catalog import Catalog
from .diagnostics import Report
from .load import NEWS_DIR
from .pages import PageSpec, Site
from .render import BodyFailed
from .settings import Settings

Render = Callable[[PageSpec], str]
"""A page → its HTML (the adapter's templates and context)."""

Progress = Callable[[str, int, int], None]


class OutputCollision(RuntimeError):
    """Two outputs would be written at the same path (a bug: validation refuses it first)."""


class BuildFailed(RuntimeError):
    """A step after validation failed (rendering, search index); the message is Vietnamese."""


def generated_files(site: Site) -> dict[str, Callable[[], bytes]]:
    """Feeds, OPML, open data and the filter index: each path with the function making it."""
    scopes = feeds.scopes(site)
    files: dict[str, Callable[[], bytes]] = {
        f.path: functools.partial(feeds.render, f, site) for f in scopes}
    files[urls.OPML] = functools.partial(feeds.opml, scopes, site)
    open_data = functools.cache(lambda: dict(api.build_api(site)))
    for path in (urls.API_DOCUMENTS, urls.API_NEWS, urls.API_AGENCIES):
        files[path] = functools.partial(lambda p: open_data()[p], path)
    files[urls.DOCUMENT_FILTER] = functools.partial(pages_mod.document_index, site)
    return files


def attachments(site: Site) -> dict[str, Path]:
    """Every document's attachments, published beside its page."""
    return {urls.attachment(doc.id, att.name): att.path
            for doc in site.catalog.documents for att in doc.attachments}


@dataclass
class Plan:
    """Every output of the portal by its path in the site."""

    pages: list[PageSpec]  # generated pages (ordinary Markdown pages are listed by the adapter)
    files: dict[str, Callable[[], bytes]]
    copies: dict[str, Path]

    def paths(self) -> dict[str, str]:
        """Each output path → what makes it (in words), refusing a path claimed twice."""
        owners: dict[str, str] = {}
        claims = [*((urls.output_file(p.url), f"trang {p.title}") for p in self.pages),
                  *((path, "tệp do cchc tạo") for path in self.files),
                  *((path, f"tệp đính kèm {src.name}") for path, src in self.copies.items())]
        for path, owner in claims:
            if path in owners:
                raise OutputCollision(f"hai đầu ra cùng ghi vào /{path}: {owners[path]} và "
                                      f"{owner}")
            owners[path] = owner
        return owners


def plan(site: Site) -> Plan:
    return Plan(pages_mod.build_pages(site), generated_files(site), attachments(site))


# -- collisions with editors' files -------------------------------------------------------------

RESERVED_DIRS = (urls.SEARCH_BUNDLE,)  # folders the build writes whole


def editor_outputs(catalog: Catalog, settings: Settings) -> dict[str, Path]:
    """What editors' files under docs_dir become in the site: each ordinary Markdown page at its
    URL, every other file (images, PDFs) at its own path. News items are generated pages."""
    docs = settings.docs_path
    out: dict[str, Path] = {}
    for page in catalog.pages:
        out[urls.output_file(page.url)] = docs / page.src_uri
    news = docs / NEWS_DIR
    for path in sorted(docs.rglob("*")):
        if path.is_file() and path.suffix != ".md" and path.name != "agencies.yml":
            rel = path.relative_to(docs).as_posix()
            if news not in path.parents:
                out[rel] = path
    return out


def check_collisions(site: Site, report: Report) -> None:
    """An editor's page or file at a path the portal generates is an error naming the file:
    the generated page would silently replace it (Pelican's writer refuses the same)."""
    generated = plan(site).paths()
    for path, source in editor_outputs(site.catalog, site.settings).items():
        owner = generated.get(path)
        reserved = next((d for d in RESERVED_DIRS if path.startswith(d)), None)
        if owner is None and reserved is None:
            continue
        what = owner or f"thư mục /{reserved} do cchc tạo"
        report.error(source, (1, 1), "url-collision",
                     f"Tệp này được xuất bản tại /{path}, trùng với {what}; trang do cchc tạo "
                     "sẽ thay thế nó.",
                     "Đổi tên tệp (hoặc chuyển vào thư mục khác) để có địa chỉ khác; các địa chỉ "
                     "/tin-tuc/, /van-ban/, /co-quan/, /nam/, /linh-vuc/, /tien-do/ là của "
                     "chuyên trang.")


# -- the writer ---------------------------------------------------------------------------------

class Writer:
    """Writes files under `root`, each path at most once (OutputCollision otherwise)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.written: set[str] = set()

    def claim(self, path: str) -> Path:
        if path in self.written:
            raise OutputCollision(f"/{path} được ghi hai lần")
        self.written.add(path)
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write(self, path: str, data: bytes) -> None:
        self.claim(path).write_bytes(data)

    def copy(self, path: str, source: Path) -> None:
        shutil.copyfile(source, self.claim(path))


@dataclass
class Written:
    pages: int
    files: int
    search: search.IndexStats | None


def _render_part(specs: list[PageSpec], render: Render, root: Path, indexer: search.Indexer,
                 progress: Progress | None, part: int, parts: int) -> search.Staged:
    """Render and write every `parts`-th page from the `part`-th, staging those to index
    (numbered by their place in `specs`): one process's share of the work. The paths were
    claimed by the parent's writer before forking."""
    staged = search.Staged()
    total = len(specs)
    for i in range(part, total, parts):
        spec = specs[i]
        if progress and part == 0:
            progress("render", min(i + parts, total), total)
        html = render(spec)
        path = urls.output_file(spec.url)
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        if spec.kind in search.INDEXED_KINDS:
            indexer.stage(i, path, html, into=staged)
    return staged


def write_site(site: Site, site_plan: Plan, render: Render, root: Path, *,
               indexed: Sequence[str] = (), progress: Progress | None = None,
               writer: Writer | None = None, workdir: Path | None = None) -> Written:
    """Write every planned output under `root` and the search index of the generated pages
    plus the already written pages `indexed` (paths under `root`)."""
    writer = writer or Writer(root)
    site_plan.paths()  # refuses a path twice before anything is written
    for spec in site_plan.pages:
        writer.claim(urls.output_file(spec.url))
    try:
        site.convert_all()  # once, here: the forked renderers share the converted bodies
    except BodyFailed as exc:
        raise BuildFailed(str(exc)) from None
    with search.Indexer(workdir=workdir) as indexer:
        try:
            staged = parallel.fork_map(
                functools.partial(_render_part, site_plan.pages, render, root, indexer, progress),
                parallel.parts())
        except parallel.PartFailed as exc:
            raise BuildFailed(f"lỗi khi tạo các trang:\n{exc}") from exc
        for part in staged:
            indexer.merge(part)
        for path in indexed:
            target = root / path
            if target.suffix == ".html" and target.exists():
                indexer.add(path, target.read_text(encoding="utf-8"))
        try:
            stats = indexer.build(root)
        except search.SearchIndexError as exc:
            raise BuildFailed(str(exc)) from exc
    for path, produce in site_plan.files.items():
        writer.write(path, produce())
    for path, source in site_plan.copies.items():
        writer.copy(path, source)
    return Written(len(site_plan.pages), len(site_plan.files) + len(site_plan.copies), stats)


def lazy_outputs(site: Site, site_plan: Plan, render: Render) -> dict[str, Callable[[], bytes]]:
    """The preview's outputs, each made when first requested: pages and generated files."""
    lazy: dict[str, Callable[[], bytes]] = {
        urls.output_file(spec.url): functools.partial(_encode, render, spec)
        for spec in site_plan.pages}
    lazy.update(site_plan.files)
    return lazy


def _encode(render: Render, spec: PageSpec) -> bytes:
    return render(spec).encode("utf-8")
