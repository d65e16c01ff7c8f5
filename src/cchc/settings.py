"""The portal's settings, built once, in one place, from `mkdocs.yml`.

`cchc` reads the file itself (as plain YAML: validating and building must not need MkDocs), and
the MkDocs adapter calls the same `read`, so both paths see the same values. The plugin's
options and their defaults are declared once, in `OPTIONS`; the adapter builds MkDocs' option
schema from it. "Today" comes from `--today`, else CCHC_TODAY, else the file's `today:`, else
the real date (only for interactive use: builds pass `--today`).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

import yaml

CONFIG_FILE = "mkdocs.yml"
TODAY_ENV = "CCHC_TODAY"
PLUGIN = "cchc"


@dataclass(frozen=True)
class Option:
    """An option of the `cchc` plugin in mkdocs.yml."""

    name: str
    type: type | tuple[type, ...]
    default: Any
    description: str


OPTIONS: tuple[Option, ...] = (
    Option("plans_dir", str, "plans", "Thư mục chứa văn bản (kế hoạch, báo cáo…)."),
    Option("page_size", int, 20, "Số mục trên một trang danh sách."),
    Option("feed_limit", int, 50, "Số mục mới nhất trong mỗi nguồn tin RSS/Atom."),
    Option("today", (str, date), None, "Ngày hiện tại cố định (YYYY-MM-DD); `--today` ghi đè."),
    Option("owner", dict, {}, "Cơ quan chủ quản của chuyên trang: `agency` (mã trong "
           "agencies.yml), `address`, `phone`, `email`, `responsible`, `licence`, `logo`."),
    Option("links", list, [], "Liên kết hữu ích ở chân trang: danh sách {title, url}."),
    Option("feedback", str, "", "Nơi người dân gửi câu hỏi, góp ý (SPEC §9): địa chỉ trang web "
           "(https://…) hoặc thư điện tử; hiện thành liên kết “Gửi câu hỏi, góp ý” ở chân mọi "
           "trang và trang Hỏi đáp. Mặc định: thư điện tử của cơ quan chủ quản."),
    Option("scoring", dict, None, "Cách chấm tiêu chí tuyên truyền của chỉ số CCHC "
           "(`cchc report --kind cham-diem`): `completion` {points, full, threshold} và `forms` "
           "(mỗi hình thức: id, label, points, formats); mặc định: quy định của huyện Xuân Lộc."),
    Option("podcast", dict, {}, "Nguồn phát thanh (podcast) `/phat-thanh/feed.xml`: `image` "
           "(ảnh bìa vuông JPEG/PNG 1400–3000 điểm ảnh, đường dẫn trong content/, ví dụ "
           "`phat-thanh/bia.png`); tác giả và thư điện tử là của cơ quan chủ quản."),
    Option("royalties", str, None, "Tệp bảng nhuận bút (YAML, so với thư mục gốc của chuyên "
           "trang) cho `cchc report --kind nhuan-but`; mặc định: `nhuan-but.yml` cạnh mkdocs.yml "
           "nếu có."),
    Option("precompress", bool, False,
           "Ghi sẵn bản nén `.gz` và `.br` cạnh mỗi tệp văn bản của trang, để máy chủ nginx gửi "
           "thẳng, không nén lại mỗi lần (`cchc deploy nginx`); GitHub Pages, kho lưu trữ đối "
           "tượng và máy chủ tự nén không dùng tới, nên mặc định tắt (lần xây dựng nhanh hơn, "
           "ít tệp hơn ba lần)."),
    Option("data_licence", str, "CC-BY-4.0",
           "Giấy phép của dữ liệu mở (/du-lieu/, /api/): mã SPDX như CC-BY-4.0, CC0-1.0, "
           "ODbL-1.0, hoặc địa chỉ URL, hoặc tên giấy phép."),
)
DEFAULTS: dict[str, Any] = {o.name: o.default for o in OPTIONS}


@dataclass
class Settings:
    root: Path
    docs_dir: str = "content"
    site_dir: str = "site"
    theme_dir: str = "overrides"
    site_url: str = ""
    site_name: str = "Chuyên trang Cải cách hành chính"
    plans_dir: str = DEFAULTS["plans_dir"]
    page_size: int = DEFAULTS["page_size"]
    feed_limit: int = DEFAULTS["feed_limit"]
    scoring: dict[str, Any] | None = DEFAULTS["scoring"]
    royalties: str | None = DEFAULTS["royalties"]
    data_licence: str = DEFAULTS["data_licence"]
    precompress: bool = DEFAULTS["precompress"]
    podcast: Any = field(default_factory=dict)  # SPEC §10, checked by `cchc.podcast`
    feedback: str = DEFAULTS["feedback"]
    today: date = field(default_factory=date.today)
    markdown_extensions: list[Any] = field(default_factory=list)
    markdown_configs: dict[str, Any] = field(default_factory=dict)
    extra_css: list[str] = field(default_factory=list)
    owner: dict[str, Any] = field(default_factory=dict)  # SPEC §7, checked by `identity`
    links: list[Any] = field(default_factory=list)
    nav: list[tuple[str, str]] = field(default_factory=list)  # (title, Markdown file) of mkdocs.yml
    config_file: Path | None = None

    @property
    def base_url(self) -> str:
        """site_url with exactly one trailing slash ('' when unset)."""
        return self.site_url.rstrip("/") + "/" if self.site_url else ""

    @property
    def docs_path(self) -> Path:
        return self.root / self.docs_dir

    @property
    def plans_path(self) -> Path:
        return self.root / self.plans_dir

    @property
    def theme_path(self) -> Path:
        return self.root / self.theme_dir

    @property
    def site_path(self) -> Path:
        return (self.root / self.site_dir).resolve()


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding mkdocs.yml (else `start`)."""
    for folder in [start, *start.parents]:
        if (folder / CONFIG_FILE).is_file():
            return folder
    return start


# -- reading mkdocs.yml ------------------------------------------------------------------------

class _Loader(yaml.SafeLoader):
    """SafeLoader with the tags mkdocs.yml uses: `!!python/name:` (a Python object, as MkDocs
    resolves it: the file is the portal's own configuration), `!ENV`; other tags read as None."""


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    module, _, attr = suffix.rpartition(".")
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError, ValueError):
        return None


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names = (loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode)
             else [loader.construct_scalar(node)])  # type: ignore[arg-type]
    *variables, default = names if len(names) > 1 else [*names, None]
    return next((os.environ[str(v)] for v in variables if str(v) in os.environ), default)


def _unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("", _unknown)


def read_config(path: Path) -> dict[str, Any]:
    """mkdocs.yml as a mapping ({} when missing or not a mapping)."""
    if not path.is_file():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_Loader)
    return data if isinstance(data, dict) else {}


def plugin_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """The `cchc` plugin's options as written in the file ({} when absent)."""
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and PLUGIN in entry:
            return dict(entry[PLUGIN] or {})
    return {}


# Extensions MkDocs always enables, before the configured ones (as MkDocs orders them).
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


def _markdown(config: Mapping[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    """MkDocs' `markdown_extensions` (names, or one-key mappings of name → options)."""
    names: list[Any] = list(BUILTIN_EXTENSIONS)
    configs: dict[str, Any] = {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict):
            for name, options in entry.items():
                names.append(name)
                if options:
                    configs[name] = options
        elif entry:
            names.append(entry)
    return list(dict.fromkeys(names)), configs


def _nav(value: Any) -> list[tuple[str, str]]:
    """The pages mkdocs.yml's `nav:` lists (`- Giới thiệu: gioi-thieu.md`), in order: the portal's
    menu shows them after its own sections."""
    out: list[tuple[str, str]] = []
    for entry in value if isinstance(value, list) else []:
        if isinstance(entry, dict):
            for title, target in entry.items():
                if isinstance(target, str) and target.endswith(".md"):
                    out.append((str(title), target))
    return out


def option_position(config_file: Path, *keys: str) -> tuple[int, int]:
    """Line and column of a `cchc` plugin option in mkdocs.yml (`owner`, `agency`…), for
    messages; (1, 1) when it cannot be found."""
    try:
        node = yaml.compose(config_file.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return 1, 1
    found = _child(node, "plugins")
    if isinstance(found, yaml.SequenceNode):
        found = next((_child(item, PLUGIN) for item in found.value
                      if _child(item, PLUGIN) is not None), None)
    best = found
    for key in keys:
        found = _child(found, key) if found is not None else None
        if found is not None:
            best = found
    if best is None:
        return 1, 1
    return best.start_mark.line + 1, best.start_mark.column + 1


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def resolve_today(flag: str | None = None, configured: Any = None) -> date:
    """`--today`, else CCHC_TODAY, else the file's `today:`, else the real date."""
    for value in (flag, os.environ.get(TODAY_ENV), configured):
        if value:
            return value if isinstance(value, date) else date.fromisoformat(str(value))
    return date.today()


def read(root: Path, *, today: str | None = None, site_dir: str | Path | None = None,
         config_file: Path | None = None) -> Settings:
    """The settings of the portal at `root` (its mkdocs.yml, or `config_file`)."""
    path = config_file or root / CONFIG_FILE
    config = read_config(path)
    options = {**DEFAULTS, **plugin_options(config)}
    theme: dict[str, Any] = config["theme"] if isinstance(config.get("theme"), dict) else {}
    extensions, configs = _markdown(config)
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in options.items()
              if k in known and k not in ("today", "owner", "links", "podcast", "feedback")}
    return Settings(
        root=root,
        docs_dir=str(config.get("docs_dir") or "content"),
        site_dir=str(site_dir or config.get("site_dir") or "site"),
        theme_dir=str(theme.get("custom_dir") or "overrides"),
        site_url=str(config.get("site_url") or ""),
        site_name=str(config.get("site_name") or Settings.site_name),
        today=resolve_today(today, options.get("today")),
        markdown_extensions=extensions,
        markdown_configs=configs,
        extra_css=[str(c) for c in config.get("extra_css") or []],
        owner=options["owner"] if isinstance(options.get("owner"), dict) else {},
        links=options["links"] if isinstance(options.get("links"), list) else [],
        podcast=options.get("podcast") or {},  # as written: `podcast.read` checks it
        feedback=" ".join(str(options.get("feedback") or "").split()),
        nav=_nav(config.get("nav")),
        config_file=path,
        **values,
    )
