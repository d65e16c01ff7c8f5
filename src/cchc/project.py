"""The pipeline in one place: files → records → validated catalog, for any front end.

`cchc build`, `cchc validate`, `cchc report`, the preview and the MkDocs adapter all read the
settings with `settings.read` and call `load_portal`; nothing here imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import build, moved
from . import catalog as catalog_mod
from . import podcast as podcast_mod
from .catalog import Catalog
from .diagnostics import Report
from .identity import read_owner
from .load import LoadCache, Progress, load_agencies, load_all
from .pages import BodyCache, Site, converter_for
from .registry import Registry
from .royalties import RoyaltyTable, check_grades, read_table
from .scoring import DEFAULT_RULES, ScoringRules, read_rules
from .settings import Settings
from .validate import Records, validate, validate_agencies


@dataclass
class Portal:
    settings: Settings
    report: Report
    records: Records | None = None
    catalog: Catalog | None = None
    site: Site | None = None  # what pages and feeds are made from, when there is no error
    plan: build.Plan | None = None  # every output of the site
    scoring: ScoringRules = DEFAULT_RULES  # `cchc report --kind cham-diem`
    royalties: RoyaltyTable | None = None  # `cchc report --kind nhuan-but`

    @property
    def ok(self) -> bool:
        return self.site is not None and not self.report.errors


def load_portal(settings: Settings, progress: Progress | None = None,
                cache: LoadCache | None = None, bodies: BodyCache | None = None) -> Portal:
    """Load and validate everything; the catalog is built only when there is no error.

    `progress(stage, done, total)`, if given, is called as files are read ("load") and
    checked ("validate"); the core never prints.
    """
    report = Report(settings.root)
    sources = load_all(settings.root, report, plans_dir=settings.plans_dir,
                       docs_dir=settings.docs_dir, progress=progress, cache=cache)
    # Bodies are converted and cleaned once, here, by validation; the site prints the same.
    converter = converter_for(settings, bodies)
    records = validate(sources, report, progress, converter)
    portal = Portal(settings, report, records)
    portal.scoring = read_rules(settings.scoring, settings.config_file or settings.root
                                / "mkdocs.yml", report)
    portal.royalties = read_table(settings.root, settings.royalties, report)
    if portal.royalties is not None:
        check_grades(portal.royalties, records.news, report)
    owner = read_owner(settings, records.registry, report) if records.registry else None
    podcast = podcast_mod.read(settings, report)
    if not report.errors and owner is not None:
        catalog = catalog_mod.build(records, report)
        site = Site(catalog, settings, owner, converter)
        site.podcast = podcast
        site_plan = build.plan(site)
        build.check_collisions(site, site_plan, report)
        moved.check(catalog, settings.root, settings.site_path, report)
        if not report.errors:
            portal.catalog, portal.site, portal.plan = catalog, site, site_plan
    return portal


def load_registry(settings: Settings) -> tuple[Registry | None, Report]:
    """The validated agency registry alone (for `cchc new` and `cchc import`); None when the
    file is missing. Problems in it are in the report."""
    report = Report(settings.root)
    path = settings.docs_path / "agencies.yml"
    if not path.is_file():
        return None, report
    return Registry(validate_agencies(load_agencies(path, report), report)), report
