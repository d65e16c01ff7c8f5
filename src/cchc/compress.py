"""Precompressed copies of the site's text files: `x.html.gz` and `x.html.br` beside `x.html`.

A server then sends the copy the browser accepts as it is (nginx `gzip_static` and
`brotli_static`, see `cchc.deploy`) instead of compressing every response on the fly; an object
store or GitHub Pages ignores them. The copies are deterministic (gzip header with mtime 0 and
no file name), so two builds of the same input are byte-identical. Levels: gzip 9 (as small as
gzip gets, and fast); Brotli 6, which is already smaller than gzip 9 and as fast: quality 11
is 40 times slower (36 s for the demo's 8.8 MB, most of it the vendored Mermaid).
"""

from __future__ import annotations

import gzip
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


def candidates(root: Path) -> list[Path]:
    """The text files of the site worth compressing, in a stable order."""
    return sorted(p for p in root.rglob("*")
                  if p.suffix in TEXT_SUFFIXES and p.is_file() and not p.is_symlink()
                  and p.stat().st_size >= MIN_SIZE)


def _compress(paths: list[Path], part: int, parts: int) -> Compressed:
    out = Compressed()
    for path in paths[part::parts]:
        data = path.read_bytes()
        out.files += 1
        out.size += len(data)
        for suffix, packed in ((".gz", gzip.compress(data, GZIP_LEVEL, mtime=0)),
                               (".br", brotli.compress(data, quality=BROTLI_QUALITY))):
            target = path.with_name(path.name + suffix)
            # Only when smaller; never over a copy the site generator wrote (sitemap.xml.gz).
            if len(packed) < len(data) and not target.exists():
                target.write_bytes(packed)
                if suffix == ".gz":
                    out.gzip += len(packed)
                else:
                    out.brotli += len(packed)
    return out


def compress_site(root: Path) -> Compressed:
    """Write `.gz` and `.br` copies of every text file under `root`, in parallel."""
    paths = candidates(root)
    total = Compressed()
    for part in parallel.fork_map(lambda i, n: _compress(paths, i, n), parallel.parts()):
        total.files += part.files
        total.size += part.size
        total.gzip += part.gzip
        total.brotli += part.brotli
    return total
