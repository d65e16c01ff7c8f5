"""Converted bodies kept between runs of `cchc build`, so that a rebuild converts only the
Markdown that changed (Python-Markdown was a sixth of a clean build at 10,000 items).

A conversion is a pure function of the Markdown, the folder its links are relative to, the
Markdown extensions with their options, the libraries that convert and clean it and cchc's own
code: the store is written under a key hashing all but the first two (each entry's own key), and
a store under another key is ignored, so a stored body is always the one a clean build would
make. Only the bodies a build used are kept: the store never outgrows the portal. It lives in
`.cchc-cache/` (ignored by Git, safe to delete); `cchc build --clean` does not read it, and
replaces it with its own.
"""

from __future__ import annotations

import hashlib
import json

from . import __version__, cachefile, fingerprint
from .bodies import BodyCache, Converted
from .security import Finding
from .settings import Settings

STORE = ".cchc-cache/bodies.json.gz"
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


def load(settings: Settings, store_key: str) -> BodyCache:
    """The bodies an earlier build stored under `store_key` (`key`); none when there are none
    (a first build, another cchc or settings, a damaged file)."""
    data = cachefile.read(settings.root / STORE)
    if not isinstance(data, dict) or data.get("key") != store_key:
        return {}
    try:
        return {(md, folder): Converted(html, tuple(Finding(c, w, tuple(n)) for c, w, n in found))
                for md, folder, html, found in data["bodies"]}
    except (KeyError, TypeError, ValueError):
        return {}


def save(settings: Settings, store_key: str, bodies: BodyCache) -> None:
    """Store `bodies` (those the build used) under `store_key` for the next build, replacing
    the old store."""
    entries = [[md, folder, c.html, [[f.code, f.what, list(f.needles)] for f in c.findings]]
               for (md, folder), c in sorted(bodies.items())]
    cachefile.write(settings.root / STORE, {"key": store_key, "bodies": entries})
