"""Precompressed copies of the site's text files: `x.html.gz` and `x.html.br` beside `x.html`.

A server then sends the copy the browser accepts as it is (nginx `gzip_static` and
`brotli_static`, see `cchc.deploy`) instead of compressing every response on the fly; an object
store or GitHub Pages ignores them. The copies are deterministic (gzip header with mtime 0 and
no file name), so two builds of the same input are byte-identical. Levels: gzip 9 (as small as
gzip gets, and fast); Brotli 6, which is already smaller than gzip 9 and as fast: quality 11
is 40 times slower (36 s for the demo's 8.8 MB, most of it the vendored Mermaid).
"""

from __future__ import annotations

import functools
import gzip
from collections.abc import Container, Iterable
from dataclasses import dataclass
from pathlib import Path

import brotli

from . import parallel

TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".xml", ".txt", ".opml",
                           ".svg", ".map", ".csv", ".vtt", ".webmanifest"})
MIN_SIZE = 512  # bytes: below this a compressed copy saves less than its own request headers
GZIP_LEVEL = 9
BROTLI_QUALITY = 6


@dataclass
class Compressed:
    files: int = 0  # text files given copies
    size: int = 0  # their bytes
    gzip: int = 0  # bytes of the .gz copies
    brotli: int = 0  # bytes of the .br copies

    def add(self, other: Compressed) -> None:
        self.files += other.files
        self.size += other.size
        self.gzip += other.gzip
        self.brotli += other.brotli


def wanted(path: str) -> bool:
    """Whether a file of the site gets compressed copies (if large enough), by its name."""
    return Path(path).suffix in TEXT_SUFFIXES


def write_copies(path: Path, data: bytes, name: str, taken: Container[str] = (),
                 into: Compressed | None = None) -> Compressed:
    """Write the `.gz` and `.br` copies of the file `name` of the site (at `path`, holding
    `data`), each only when smaller, and never at a path in `taken`: one the site generator
    writes itself (sitemap.xml.gz)."""
    out = into if into is not None else Compressed()
    if len(data) < MIN_SIZE or not wanted(name):
        return out
    out.files += 1
    out.size += len(data)
    for suffix, packed in ((".gz", gzip.compress(data, GZIP_LEVEL, mtime=0)),
                           (".br", brotli.compress(data, quality=BROTLI_QUALITY))):
        if len(packed) >= len(data) or name + suffix in taken:
            continue
        path.with_name(path.name + suffix).write_bytes(packed)
        if suffix == ".gz":
            out.gzip += len(packed)
        else:
            out.brotli += len(packed)
    return out


def _compress(root: Path, names: list[str], taken: Container[str], part: int,
              parts: int) -> Compressed:
    out = Compressed()
    for name in names[part::parts]:
        path = root / name
        write_copies(path, path.read_bytes(), name, taken, out)
    return out


def compress_files(root: Path, names: Iterable[str], taken: Container[str] = ()) -> Compressed:
    """Write `.gz` and `.br` copies of the text files among `names` (paths under `root`), in
    parallel; never at a path in `taken`."""
    todo = sorted(n for n in names if wanted(n))
    total = Compressed()
    for part in parallel.fork_map(functools.partial(_compress, root, todo, taken),
                                  parallel.parts()):
        total.add(part)
    return total

