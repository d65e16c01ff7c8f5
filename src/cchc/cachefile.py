"""The files of `.cchc-cache/` (`cchc.bodystore`, `cchc.pagecache`): gzip JSON, written whole
and atomically (a killed build leaves the old file or the new one), read as None when missing
or damaged — a cache is always safe to lose."""

from __future__ import annotations

import gzip
import json
import os
import zlib
from pathlib import Path
from typing import Any


def read(path: Path) -> Any:
    """The file's value; None when it is missing or not what `write` writes."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return json.loads(f.read())
    except (OSError, ValueError, EOFError, zlib.error):
        return None


def write(path: Path, value: Any) -> None:
    """Replace the file with `value`; nothing when the project is read-only (the next build
    does the work again)."""
    # One string: json.dump would encode it piece by piece, in Python (seconds at 10,000 pages).
    text = json.dumps(value, ensure_ascii=False)
    tmp = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=1) as f:
            f.write(text)
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)
