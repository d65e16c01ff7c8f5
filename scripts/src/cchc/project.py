"""The pipeline in one place: files → records → validated catalog, for any adapter.

An adapter (the MkDocs plugin today, another generator tomorrow) builds a `Settings` from its
own configuration and calls `load_portal`; nothing here imports MkDocs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import catalog as catalog_mod
from .catalog import Catalog
from .diagnostics import Report
from .load import LoadCache, Progress, load_all
from .validate import Records, validate


@dataclass
class Settings:
    root: Path
    docs_dir: str = "content"
    plans_dir: str = "plans"
    site_url: str = ""
    site_name: str = "Chuyên trang Cải cách hành chính"
    page_size: int = 20
    feed_limit: int = 50
    today: date = field(default_factory=date.today)
    markdown_extensions: list[Any] = field(default_factory=list)
    markdown_configs: dict[str, Any] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        """site_url with exactly one trailing slash ('' when unset)."""
        return self.site_url.rstrip("/") + "/" if self.site_url else ""


@dataclass
class Portal:
    settings: Settings
    report: Report
    records: Records | None = None
    catalog: Catalog | None = None

    @property
    def ok(self) -> bool:
        return self.catalog is not None and not self.report.errors


def load_portal(settings: Settings, progress: Progress | None = None,
                cache: LoadCache | None = None) -> Portal:
    """Load and validate everything; the catalog is built only when there is no error.

    `progress(stage, done, total)`, if given, is called as files are read ("load") and
    checked ("validate"); the core never prints.
    """
    report = Report(settings.root)
    sources = load_all(settings.root, report, plans_dir=settings.plans_dir,
                       docs_dir=settings.docs_dir, progress=progress, cache=cache)
    records = validate(sources, report, progress)
    portal = Portal(settings, report, records)
    if not report.errors:
        portal.catalog = catalog_mod.build(records, report)
    return portal


def today_from_env(value: str | None = None) -> date:
    """`--today`, else CCHC_TODAY, else the real date (only for interactive use)."""
    value = value or os.environ.get("CCHC_TODAY")
    return date.fromisoformat(value) if value else date.today()
