"""Converted bodies kept between runs of `cchc build`, so that a rebuild converts only the
Markdown that changed (Python-Markdown was a sixth of a clean build at 10,000 items).

A conversion is a pure function of the Markdown, the folder its links are relative to, the
Markdown extensions with their options, the libraries that convert and clean it and cchc's own
code: the store is written under a key hashing all but the first two (each entry's own key), and
a store under another key is ignored, so a stored body is always the one a clean build would
make. Only the bodies a build used are kept: the store never outgrows the portal. It lives in
`.cchc-cache/bodies/` (ignored by Git, safe to delete), in SHARDS files so that a rebuild after
one edit rewrites one or two; `cchc build --clean` does not read it, and replaces it with its
own.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import __version__, cachefile, fingerprint
from .bodies import BodyCache, Converted
from .security import Finding
from .settings import Settings

STORE = ".cchc-cache/bodies"  # SHARDS files, by the first hex digit of each body's digest
SHARDS = 16  # a rebuild rewrites only the files whose bodies changed
# The libraries a conversion goes through (Markdown, its extensions, the cleaner).
LIBRARIES = ("markdown", "pymdown-extensions", "nh3", "pygments")


def key(settings: Settings) -> str:
    """What every stored conversion depends on besides its own Markdown and folder."""
    h = hashlib.sha256(f"cchc {__version__}\n".encode())
    h.update(json.dumps([settings.markdown_extensions, settings.markdown_configs],
                        sort_keys=True, default=repr, ensure_ascii=False).encode())
    fingerprint.versions(h, LIBRARIES)
    fingerprint.code(h)  # cchc's own code: an edit to the cleaner changes every body
    return h.hexdigest()


def shard_of(markdown: str, folder: str) -> str:
    """The file (a hex digit) a body is stored in."""
    return hashlib.sha256(f"{folder}\0{markdown}".encode("utf-8", "surrogatepass")).hexdigest()[0]


def _path(settings: Settings, shard: str) -> Path:
    return settings.root / STORE / f"{shard}.json.gz"


# What each file held when this process loaded it, with its key: what `save` need not write.
_loaded: dict[Path, tuple[str, frozenset[tuple[str, str]]]] = {}


def load(settings: Settings, store_key: str) -> BodyCache:
    """The bodies an earlier build stored under `store_key` (`key`); none of a file that holds
    none (a first build, another cchc or settings, a damaged file)."""
    bodies: BodyCache = {}
    for shard in (f"{n:x}" for n in range(SHARDS)):
        path = _path(settings, shard)
        data = cachefile.read(path)
        if not isinstance(data, dict) or data.get("key") != store_key:
            continue
        try:
            found = {(md, folder): Converted(html, tuple(Finding(c, w, tuple(n))
                                                         for c, w, n in findings))
                     for md, folder, html, findings in data["bodies"]}
        except (KeyError, TypeError, ValueError):
            continue
        bodies.update(found)
        _loaded[path] = (store_key, frozenset(found))
    return bodies


def save(settings: Settings, store_key: str, bodies: BodyCache) -> None:
    """Store `bodies` (those the build used) under `store_key` for the next build: each file
    whose bodies are not those it held when loaded (the same Markdown and folder under the same
    key: the same conversions)."""
    shards: dict[str, BodyCache] = {f"{n:x}": {} for n in range(SHARDS)}
    for (md, folder), converted in bodies.items():
        shards[shard_of(md, folder)][md, folder] = converted
    for shard, held in shards.items():
        path = _path(settings, shard)
        if _loaded.get(path) == (store_key, frozenset(held)):
            continue
        entries = [[md, folder, c.html, [[f.code, f.what, list(f.needles)] for f in c.findings]]
                   for (md, folder), c in sorted(held.items())]
        cachefile.write(path, {"key": store_key, "bodies": entries})
        _loaded[path] = (store_key, frozenset(held))
