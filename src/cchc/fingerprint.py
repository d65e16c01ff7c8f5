"""Whether a build's inputs are exactly those of the site it built last: then `cchc build`
leaves that site as it is, since the same inputs give the same bytes (builds are deterministic).

The inputs are everything a build may read: every file under the project's folder (content,
plans, mkdocs.yml and the tables beside it) but the site itself, caches, Git's and tools'
folders; the theme folder, wherever it is; cchc's own code and the versions of the libraries
that shape the output; the date the build is for; the CCHC_* and PAGEFIND_* settings of the environment. Files
are compared by content, so a checkout that only touches them still counts as unchanged.

The last build's fingerprint is kept in `.cchc-cache/last-builds.json`, by site folder, with
that folder's identity (device and inode): a site replaced since — by another build, `mkdocs
build`, a copy — is built again. `cchc build --clean` always builds.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterator
from datetime import date
from importlib import metadata
from pathlib import Path

from . import __version__
from .settings import Settings

RECORD = ".cchc-cache/last-builds.json"
# The libraries whose version changes the bytes of a build (HTML, feeds, index, copies).
LIBRARIES = ("jinja2", "markupsafe", "markdown", "pymdown-extensions", "nh3", "feedgen",
             "pyyaml", "pagefind", "pagefind-bin", "pillow", "brotli", "python-slugify")
# Folders of a project no build reads (besides dot-folders: Git's, caches, staging folders).
SKIPPED = frozenset({"node_modules", "__pycache__"})
ENV_PREFIXES = ("CCHC_", "PAGEFIND_")  # the settings, and the Pagefind the build runs
ENV_IGNORED = frozenset({"CCHC_JOBS"})  # how many processes: the same output either way
PACKAGE = Path(__file__).parent


def _files(top: Path, skip: set[Path]) -> Iterator[Path]:
    """Every file under `top` in a fixed order, without dot-files, dot-folders, SKIPPED and
    `skip`."""
    for dirpath, dirnames, filenames in os.walk(top):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIPPED
                             and (here / d).resolve() not in skip)
        for name in sorted(filenames):
            if not name.startswith("."):  # as the build: lock files, editors' settings
                yield here / name


def _tree(h: hashlib._Hash, top: Path, skip: set[Path]) -> None:
    if not top.is_dir():
        return
    for path in _files(top, skip):
        try:
            data = path.read_bytes()
        except OSError:  # vanished, or unreadable: the build would meet it too
            data = b"\0unreadable"
        h.update(path.relative_to(top).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(data).digest())


def of(settings: Settings, site_dir: Path, tools: str) -> str:
    """The fingerprint of every input of a build of `settings` into `site_dir`, `tools` being
    what `tooling` gives for its date."""
    h = hashlib.sha256(f"{tools}\n[project]\n".encode())
    _tree(h, settings.root, {site_dir.resolve(), settings.theme_path.resolve()})
    return h.hexdigest()


def tooling(settings: Settings, today: date) -> str:
    """What every output of a build depends on besides the project's content: cchc's version
    and code, the date, the CCHC_*/PAGEFIND_* environment, the libraries, the theme folder and
    mkdocs.yml. Computed once per build: `of` and the page cache's key (`cchc.pagecache`)
    start from it."""
    h = hashlib.sha256(f"cchc {__version__} {today.isoformat()}\n".encode())
    for key in sorted(k for k in os.environ if k.startswith(ENV_PREFIXES) and k not in ENV_IGNORED):
        h.update(f"{key}={os.environ[key]}\n".encode())
    versions(h, LIBRARIES)
    h.update(b"\n[theme]\n")
    _tree(h, settings.theme_path, set())
    code(h)
    if settings.config_file is not None and settings.config_file.is_file():
        h.update(b"\n[config]\n" + hashlib.sha256(settings.config_file.read_bytes()).digest())
    return h.hexdigest()


def versions(h: hashlib._Hash, libraries: tuple[str, ...]) -> None:
    """Add the installed version of each library to `h` ("-" for one that is missing)."""
    for lib in libraries:
        try:
            h.update(f"{lib} {metadata.version(lib)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib} -\n".encode())


def code(h: hashlib._Hash) -> None:
    """Add cchc's own code (its package folder) to `h`."""
    h.update(b"\n[cchc]\n" + code_digest())


@functools.cache
def code_digest() -> bytes:
    """The digest of cchc's package folder, read once per run (several keys hash it)."""
    h = hashlib.sha256()
    _tree(h, PACKAGE, set())
    return h.digest()


def _identity(site_dir: Path) -> list[int] | None:
    try:
        st = site_dir.stat()
    except OSError:
        return None
    return [st.st_dev, st.st_ino]


def _records(root: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads((root / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def unchanged(root: Path, site_dir: Path, fingerprint: str) -> bool:
    """Whether the site at `site_dir` is the one built last from these very inputs."""
    record = _records(root).get(str(site_dir.resolve()))
    return isinstance(record, dict) and record.get("fingerprint") == fingerprint \
        and record.get("site") == _identity(site_dir) and _identity(site_dir) is not None


def remember(root: Path, site_dir: Path, fingerprint: str) -> None:
    """Record that the site now at `site_dir` was built from inputs with `fingerprint`."""
    records = _records(root)
    records[str(site_dir.resolve())] = {"fingerprint": fingerprint, "site": _identity(site_dir)}
    path = root / RECORD
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + f".{os.getpid()}")
        tmp.write_text(json.dumps(records, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(path)
    except OSError:  # a read-only project: the next build simply builds again
        pass
