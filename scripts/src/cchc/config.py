"""Read the portal's settings from `mkdocs.yml` without importing MkDocs.

`cchc validate` must be fast and must not depend on the site generator; it only needs the
folders and a few plugin options, so it reads them as plain YAML (ignoring `!!python/…` tags).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .project import Settings, today_from_env


class _Lenient(yaml.SafeLoader):
    """SafeLoader that turns any unknown tag (mkdocs.yml uses `!!python/name:`) into None."""


def _ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_Lenient.add_multi_constructor("", _ignore)


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding mkdocs.yml (else `start`)."""
    for folder in [start, *start.parents]:
        if (folder / "mkdocs.yml").is_file():
            return folder
    return start


def read_mkdocs_yml(root: Path) -> dict[str, Any]:
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_Lenient)
    return data if isinstance(data, dict) else {}


def plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "cchc" in entry:
            return entry["cchc"] or {}
    return {}


def settings_for(root: Path, today: str | None = None) -> Settings:
    config = read_mkdocs_yml(root)
    options = plugin_options(config)
    return Settings(
        root=root,
        docs_dir=str(config.get("docs_dir", "content")),
        plans_dir=str(options.get("plans_dir", "plans")),
        site_url=str(config.get("site_url") or ""),
        site_name=str(config.get("site_name") or Settings.site_name),
        page_size=int(options.get("page_size", 20)),
        feed_limit=int(options.get("feed_limit", 50)),
        today=today_from_env(today or options.get("today")),
    )
