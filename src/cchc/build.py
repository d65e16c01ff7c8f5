"""Writing the site: the core decides every output path, then one writer writes each once.

Pelican's model: the whole context (catalog, page data) exists before anything is written;
`plan` lists every output of the portal — pages (generated and the editors' own), feeds, OPML,
open data, the filter index, sitemap, attachments, the theme's assets, the editors' static files
— and a path that two outputs (an editor's file and a generated page) would share is refused at
validation, naming the file. `write_site` renders the pages in parallel (`cchc.parallel`),
stages what search indexes, writes everything through a `Writer` that refuses a path twice, and
builds the search index. Publishing (a staging folder swapped in atomically) is `cchc.publish`.
Nothing here imports MkDocs: `cchc build` renders with `cchc.theme`, the MkDocs adapter with the
theme environment MkDocs made.
"""

from __future__ import annotations

import functools
import hashlib
import re
import shutil
from collections import Counter
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import (
    assets,
    compress,
    feeds,
    images,
    indices,
    moved,
    opendata,
    pagecache,
    parallel,
    search,
    seo,
    urls,
)
from . import pages as pages_mod
from .diagnostics import Report
from .load import INDEX_DIR
from .pages import MarkdownPageData, PageSpec, RedirectPage, Site
from .render import BodyFailed

Render = Callable[[PageSpec], str]
"""A page → its HTML (the theme's templates)."""

Progress = Callable[[str, int, int], None]

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
REGISTRY_FILE = "agencies.yml"


class OutputCollision(RuntimeError):
    """Two outputs would be written at the same path (a bug: validation refuses it first)."""


class BuildFailed(RuntimeError):
    """A step after validation failed (rendering, search index); the message is Vietnamese."""


def generated_files(site: Site, specs: Sequence[PageSpec] = (),
                    redirects: Sequence[PageSpec] = ()) -> dict[str, Callable[[], bytes]]:
    """Feeds, OPML, open data, the filter index, sitemap, robots.txt, the index CSVs, the
    resized pictures, the redirect map and the URL manifest: each path with the function
    making it. Feeds without items are not among them (`Site.feeds`)."""
    files: dict[str, Callable[[], bytes]] = {
        f.path: functools.partial(feeds.render, f, site) for f in site.feeds}
    files[urls.OPML] = functools.partial(feeds.opml, site.feeds, site,
                                         site.open_data.publisher.name)
    files.update(opendata.files(site))
    files[urls.DOCUMENT_FILTER] = functools.partial(pages_mod.document_index, site)
    files[SITEMAP] = functools.partial(seo.sitemap, list(specs), site)
    files[ROBOTS] = functools.partial(seo.robots, site)
    for series in site.indices:  # /chi-so/<index>.csv
        files[series.csv_url] = functools.partial(indices.to_csv, series)
    files.update(picture_files(site))
    if redirects:  # nginx includes it when it exists (cchc.deploy)
        files[urls.REDIRECT_MAP] = functools.partial(redirect_map, list(redirects))
    files[urls.URL_MANIFEST] = functools.partial(moved.manifest, site.catalog, site.settings.root)
    return files


def picture_files(site: Site) -> dict[str, Callable[[], bytes]]:
    """Every resized copy of the news pictures, made when written (or taken from the cache of
    an earlier build: `cchc.images`)."""
    cache = site.settings.root / images.CACHE_DIR
    return {v.path: functools.partial(images.render, v, cache)
            for r in site.pictures() for v in r.files}


def redirect_map(redirects: list[PageSpec]) -> bytes:
    """`/old/ /new/;` per alias, for an nginx `map` (SPEC §12): the server answers 301 itself,
    before the redirect page would."""
    lines = []
    for spec in sorted(redirects, key=lambda s: s.url):
        assert isinstance(spec.data, RedirectPage)
        lines.append(f"/{spec.url} /{spec.data.target};")
    return ("\n".join(lines) + "\n").encode("utf-8")


def attachments(site: Site) -> dict[str, Path]:
    """Every document's attachments, published beside its page."""
    return {urls.attachment_file(doc.id, att.name): att.path
            for doc in site.catalog.documents for att in doc.attachments}


def theme_assets(site: Site) -> dict[str, Path]:
    """The theme's stylesheets, scripts and images, under assets/<version>/."""
    theme_dir = site.settings.theme_path
    return {assets.url(theme_dir, rel): path for rel, path in assets.files(theme_dir)}


def editor_files(site: Site) -> dict[str, Path]:
    """Files under docs_dir published as they are (images, PDFs, news recordings): everything
    but Markdown, the agency registry, the index files (data that pages are made of) and the
    news pictures published only as resized copies."""
    docs = site.settings.docs_path
    skip = unlinked_pictures(site)
    out: dict[str, Path] = {}
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs)
        if path.is_file() and path.suffix != ".md" and path.name != REGISTRY_FILE \
                and not (rel.parts[0] == INDEX_DIR and path.suffix in (".yml", ".yaml")) \
                and not any(part.startswith(".") for part in rel.parts) \
                and path.resolve() not in skip:
            out[rel.as_posix()] = path
    return out


_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.S)


def unlinked_pictures(site: Site) -> set[Path]:
    """News pictures (`image`) that no Markdown text links to: they are published only as their
    resized copies, never as committed (a 6 MB photo, its EXIF with the camera's position).
    A picture that a body also shows (`![](anh.jpg)`) stays published as it is."""
    originals = {n.picture.path.resolve(): n.picture.path.name
                 for n in site.catalog.news if n.picture is not None}
    if not originals:
        return set()
    texts = []
    for root in (site.settings.docs_path, site.settings.plans_path):
        if root.is_dir():
            texts += [_FRONT_MATTER.sub("", p.read_text(encoding="utf-8", errors="replace"), 1)
                      for p in sorted(root.rglob("*.md"))]
    text = "\n".join(texts)
    return {path for path, name in originals.items()
            if name not in text and urls.content_file(name) not in text}


@dataclass
class Plan:
    """Every output of the portal by its path in the site."""

    pages: list[PageSpec]  # the portal's generated pages
    editor_pages: list[PageSpec]  # the editors' ordinary pages, the indexes, the 404 page
    files: dict[str, Callable[[], bytes]]
    copies: dict[str, Path]  # attachments and the theme's assets
    editor_copies: dict[str, Path] = field(default_factory=dict)  # the editors' static files
    redirects: list[PageSpec] = field(default_factory=list)  # the items' old addresses (§12)

    @property
    def all_pages(self) -> list[PageSpec]:
        return [*self.pages, *self.editor_pages, *self.redirects]

    def generated(self) -> dict[str, str]:
        """Each path the portal generates → what makes it, refusing a path claimed twice."""
        claims = [*((urls.output_file(p.url), f"trang {p.title}") for p in self.pages),
                  *((urls.output_file(p.url), f"trang {p.title}") for p in self.editor_pages
                    if not isinstance(p.data, MarkdownPageData) and p.kind != "home"),
                  *((path, "tệp do cchc tạo") for path in self.files),
                  *((path, f"tệp {src.name}") for path, src in self.copies.items())]
        return _claim(claims)

    def paths(self) -> dict[str, str]:
        """Every output path, refusing a path claimed twice."""
        claims = [*((urls.output_file(p.url), f"trang {p.title}") for p in self.all_pages),
                  *((path, "tệp do cchc tạo") for path in self.files),
                  *((path, f"tệp {src.name}") for path, src in
                    [*self.copies.items(), *self.editor_copies.items()])]
        return _claim(claims)


def _claim(claims: list[tuple[str, str]]) -> dict[str, str]:
    owners: dict[str, str] = {}
    for path, owner in claims:
        if path in owners:
            raise OutputCollision(f"hai đầu ra cùng ghi vào /{path}: {owners[path]} và {owner}")
        owners[path] = owner
    return owners


def plan(site: Site) -> Plan:
    generated = pages_mod.build_pages(site)
    extra = pages_mod.extra_pages(site)
    redirects = pages_mod.redirect_pages(site)
    site.page_urls = frozenset(p.url for p in [*generated, *extra])
    return Plan(generated, extra, generated_files(site, [*generated, *extra], redirects),
                {**attachments(site), **theme_assets(site)}, editor_files(site), redirects)


# -- collisions with editors' files -------------------------------------------------------------

def reserved_dirs(site: Site) -> tuple[str, ...]:
    """Folders the build writes whole: the search index, this theme version's assets, the open
    data."""
    return urls.SEARCH_BUNDLE, assets.url(site.settings.theme_path, ""), urls.API


def check_collisions(site: Site, site_plan: Plan, report: Report) -> None:
    """An editor's page or file at a path the portal generates is an error naming the file:
    the generated page would silently replace it (Pelican's writer refuses the same)."""
    generated = site_plan.generated()
    docs = site.settings.docs_path
    mine = {urls.output_file(p.url): docs / p.data.page.src_uri
            for p in site_plan.editor_pages if isinstance(p.data, MarkdownPageData)}
    home = next((p for p in site_plan.editor_pages if p.kind == "home"), None)
    if home is not None and isinstance(home.data, pages_mod.HomePage) and home.data.page:
        mine[urls.output_file(home.url)] = docs / home.data.page.src_uri
    mine.update(site_plan.editor_copies)
    for path, source in sorted(mine.items()):
        owner = generated.get(path)
        reserved = next((d for d in reserved_dirs(site) if path.startswith(d)), None)
        if owner is None and reserved is None:
            continue
        what = owner or f"thư mục /{reserved} do cchc tạo"
        where = path.removesuffix("index.html")
        hint = ("Đổi tên tệp (hoặc chuyển vào thư mục khác) để có địa chỉ khác; các địa chỉ "
                "/tin-tuc/, /van-ban/, /co-quan/, /nam/, /linh-vuc/, /tien-do/, /lay-y-kien/, "
                "/hoi-dap/, /chi-so/, /phat-thanh/, /du-lieu/, /api/ là của chuyên trang.")
        if where in pages_mod.INTRODUCED and source.suffix == ".md":
            folder = where.rstrip("/")
            hint = (f"Chuyển tệp thành `{site.settings.docs_dir}/{folder}/index.md`: nội dung của "
                    f"nó sẽ là phần giới thiệu ở đầu trang /{where} (xem hướng dẫn biên tập).")
        report.error(source, (1, 1), "url-collision",
                     f"Tệp này được xuất bản tại /{where}, trùng với {what}; trang do cchc tạo "
                     "sẽ thay thế nó.", hint)
    _check_aliases(site, site_plan, generated, mine, report)
    for page in site.catalog.pages:
        if page.template and page.template != pages_mod.HomePage.template:
            report.error(docs / page.src_uri, (1, 1), "unknown-template",
                         f"Mẫu giao diện `{page.template}` không có; trang thường dùng mẫu chung.",
                         "Xóa dòng `template:` (hoặc dùng `template: cchc/home.html` cho trang "
                         "chủ `content/index.md`).")


def _check_aliases(site: Site, site_plan: Plan, generated: dict[str, str],
                   mine: dict[str, Path], report: Report) -> None:
    """An old address (`aliases`) at the path of a page or file of the portal is an error
    naming the alias's line: the redirect would replace that page, or never be served."""
    for spec in site_plan.redirects:
        assert isinstance(spec.data, RedirectPage)
        path = urls.output_file(spec.url)
        source = spec.data.source
        owner = generated.get(path)
        if owner is None and path in mine:
            owner = f"tệp {mine[path].relative_to(site.settings.root).as_posix()}" \
                if mine[path].is_relative_to(site.settings.root) else f"tệp {mine[path].name}"
        reserved = next((d for d in reserved_dirs(site) if path.startswith(d)), None)
        if owner is None and reserved:
            owner = f"thư mục /{reserved} do cchc tạo"
        if owner is None or source is None:
            continue
        report.error(source.path, source.at(f"alias:{spec.url}"), "alias-collision",
                     f"Địa chỉ cũ /{spec.url} trùng với {owner}, một trang đang có trên chuyên "
                     "trang; không thể vừa là trang đó vừa chuyển tới trang này.",
                     "Xóa địa chỉ này khỏi `aliases` (địa chỉ đang dùng cho trang khác thì không "
                     "chuyển hướng được).")


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
    reused: int = 0  # pages taken from the last site (`cchc.pagecache`)
    entries: dict[str, pagecache.Entry] = field(default_factory=dict)  # to store for the next
    # the pages staged to index and the counts of their words, to store (`pagecache.Store`)
    searched: dict[str, tuple[str, str]] = field(default_factory=dict)
    words: Counter[str] = field(default_factory=Counter)
    folded: Counter[str] = field(default_factory=Counter)


def indexed(spec: PageSpec) -> bool:
    """Pages search indexes: news, documents, agencies and the public ordinary pages."""
    if isinstance(spec.data, MarkdownPageData):
        return spec.data.indexed
    pager = getattr(spec.data, "pager", None)  # page 2… of an agency repeats its page 1
    return spec.kind in search.INDEXED_KINDS and not (pager and pager.number > 1)


@dataclass
class Rendered:
    """One process's share of the pages: what it staged to index, the questions each page it
    rendered asked (None: not to be stored, see `cchc.pagecache`), the pages it took from the
    last site, and of each page it staged to index the digests of its bytes and of what
    Pagefind reads (`search.Indexer.stage`)."""

    staged: search.Staged
    traced: dict[str, tuple[str, str, list[pagecache.Call]] | None] = \
        field(default_factory=dict)
    reused: list[str] = field(default_factory=list)
    searched: dict[str, tuple[str, str]] = field(default_factory=dict)


def _render_part(specs: list[PageSpec], render: Render, root: Path, indexer: search.Indexer,
                 taken: Container[str] | None, cache: pagecache.PageCache | None,
                 progress: Progress | None, part: int, parts: int) -> Rendered:
    """Render and write every `parts`-th page from the `part`-th, with its compressed copies
    (made here, from the HTML in hand), staging those to index (numbered by their place in
    `specs`): one process's share of the work. With a `cache`, a page the last build wrote the
    same is linked from there instead, and noted for the index without being read again. The
    paths were claimed by the parent's writer before forking; `taken` is every path the build
    writes, None when it writes no copies."""
    out = Rendered(search.Staged())
    total = len(specs)
    for i in range(part, total, parts):
        spec = specs[i]
        if progress and part == 0:
            progress("render", min(i + parts, total), total)
        path = urls.output_file(spec.url)
        if cache is None:
            html = render(spec)
        else:
            digest = cache.digest(spec, cache.trace.site.description(spec))
            if cache.reuse(spec, digest, path, root, taken):
                out.reused.append(spec.url)
                searched = cache.store.searched.get(spec.url)
                if searched is not None and indexed(spec):
                    indexer.keep(i, path, searched[1], root / path, into=out.staged)
                    out.searched[spec.url] = searched
                continue
            html, calls = cache.render(render, spec)
        data = html.encode("utf-8")
        (root / path).write_bytes(data)
        if taken is not None:
            compress.write_copies(root / path, data, path, taken)
        sums = indexer.stage(i, path, html, into=out.staged) if indexed(spec) else None
        if cache is not None:
            sha = hashlib.sha256(data).hexdigest()
            out.traced[spec.url] = None if digest is None or calls is None else \
                (digest, sha, calls)
            if sums is not None:
                out.searched[spec.url] = (sha, sums)
    return out


def _count_kept(indexer: search.Indexer, cache: pagecache.PageCache,
                parts: list[Rendered]) -> None:
    """Count the words of the pages kept for the index (`search.Indexer.keep`): from the last
    build's counts, less the pages it indexed that are not kept now, or from their files,
    whichever reads fewer files."""
    kept = {url for part in parts for url in part.reused if url in part.searched}
    if not kept:
        return
    dropped = cache.dropped(kept, most=len(kept))
    if dropped is None:
        indexer.count_kept()
    else:
        indexer.carry(cache.store.words, cache.store.folded, dropped)


def write_site(site: Site, site_plan: Plan, render: Render, root: Path, *,
               progress: Progress | None = None, writer: Writer | None = None,
               workdir: Path | None = None, cache: pagecache.PageCache | None = None
               ) -> Written:
    """Write every planned output under `root`, and the search index of the indexed pages.
    With a `cache` (whose trace `render` reports to), unchanged pages come from the last site
    and `Written.entries` holds what to store for the next build."""
    writer = writer or Writer(root)
    specs = site_plan.all_pages
    taken = site_plan.paths()  # refuses a path twice before anything is written
    pages = [urls.output_file(spec.url) for spec in specs]
    for path in pages:
        writer.claim(path)
    try:
        site.convert_all()  # once, here: the forked renderers share the converted bodies
    except BodyFailed as exc:
        raise BuildFailed(str(exc)) from None
    # .gz and .br copies of the text files, for servers (cchc.compress; `precompress`): of the
    # pages as they are rendered, of the rest once written.
    copies = taken if site.settings.precompress else None
    # With a cache, search shards whose pages did not change come from earlier builds too.
    shards = site.settings.root / search.SHARD_STORE if cache is not None else None
    with search.Indexer(workdir=workdir, cache=shards,
                        read_cache=cache is not None and not cache.clean) as indexer:
        try:
            # All in children: what rendering allocates (templates, digests) is gone before
            # Pagefind, whose runs then share the memory with a smaller parent.
            parts = parallel.fork_map(
                functools.partial(_render_part, specs, render, root, indexer, copies, cache,
                                  progress),
                parallel.parts(), here=not parallel.forking())
        except parallel.PartFailed as exc:
            raise BuildFailed(f"lỗi khi tạo các trang:\n{exc}") from exc
        for part in parts:
            indexer.merge(part.staged)
        if cache is not None:
            _count_kept(indexer, cache, parts)
        try:
            indexer.start()  # Pagefind indexes while the other files are written
            files = _write_files(site_plan, writer)
            if copies is not None:
                compress.compress_files(root, files, copies)
            stats = indexer.build(root)
        except search.SearchIndexError as exc:
            raise BuildFailed(str(exc)) from exc
    bundle = root / urls.SEARCH_BUNDLE
    if copies is not None and bundle.is_dir():
        compress.compress_files(root, (p.relative_to(root).as_posix()
                                       for p in bundle.rglob("*") if p.is_file()), taken)
    written = Written(len(specs), len(site_plan.files) + len(site_plan.copies), stats)
    if cache is not None:
        written.entries = _entries(cache, parts)
        written.reused = sum(len(part.reused) for part in parts)
        written.searched = {url: sums for part in parts for url, sums in part.searched.items()}
        written.words, written.folded = indexer.staged.words, indexer.staged.folded
    return written


def _entries(cache: pagecache.PageCache, parts: list[Rendered]) -> dict[str, pagecache.Entry]:
    """What to store of each page for the next build: the last build's entry of a page taken
    from it, the questions of one rendered."""
    entries: dict[str, pagecache.Entry] = {}
    for part in parts:
        for url in part.reused:
            entries[url] = cache.store.entry(url)
        for url, traced in part.traced.items():
            if traced is not None:
                entries[url] = pagecache.Entry(*traced)
    return entries


def _write_files(site_plan: Plan, writer: Writer) -> list[str]:
    """Write the generated files and copy the others; their paths."""
    for path, produce in site_plan.files.items():
        writer.write(path, produce())
    for path, source in [*site_plan.copies.items(), *site_plan.editor_copies.items()]:
        writer.copy(path, source)
    return [*site_plan.files, *site_plan.copies, *site_plan.editor_copies]


def lazy_outputs(site_plan: Plan, render: Render) -> dict[str, Callable[[], bytes]]:
    """The preview's outputs, each made when first requested: pages and generated files."""
    lazy: dict[str, Callable[[], bytes]] = {
        urls.output_file(spec.url): functools.partial(_encode, render, spec)
        for spec in site_plan.all_pages}
    lazy.update(site_plan.files)
    return lazy


def _encode(render: Render, spec: PageSpec) -> bytes:
    return render(spec).encode("utf-8")
