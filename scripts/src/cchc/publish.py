"""Replace the published folder only once a new build has fully succeeded.

The build writes into a sibling temporary folder; on success the old `site/` is swapped out by
two renames on the same file system, so readers (and editors' previews) never see a half-built
site and a failed build leaves the previous one byte-for-byte intact.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def staging_dir(site_dir: Path) -> Path:
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = site_dir.parent / f".{site_dir.name}.building-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    return staging


def swap_in(staging: Path, site_dir: Path) -> None:
    old = site_dir.parent / f".{site_dir.name}.old-{os.getpid()}"
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    if old.exists():
        shutil.rmtree(old)


def discard(staging: Path) -> None:
    if staging.exists():
        shutil.rmtree(staging)
