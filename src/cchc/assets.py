"""The theme's static files (overrides/assets/): what they are and where they are published.

They are published under `assets/<version>/`, the version a hash of every file, so that a
server may let browsers keep them for a year: a changed file is a new address.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from pathlib import Path

FOLDER = "assets"  # under the theme folder and in the site
EMBLEM = "images/emblem.svg"  # the neutral emblem shipped with cchc (a portal may set a logo)


def files(theme_dir: Path) -> Iterator[tuple[str, Path]]:
    """The theme's static files as (path under assets/, file)."""
    base = theme_dir / FOLDER
    for path in sorted(base.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            yield path.relative_to(base).as_posix(), path


@functools.lru_cache(maxsize=8)
def version(theme_dir: Path) -> str:
    """A hash of every asset (read once per build and theme folder)."""
    digest = hashlib.sha256()
    for rel, path in files(theme_dir):
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:10]


def url(theme_dir: Path, rel: str) -> str:
    """The root-relative URL of an asset in the built site."""
    return f"{FOLDER}/{version(theme_dir)}/{rel}"
