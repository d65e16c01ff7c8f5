"""Citizens' navigation: the menu's sections, which one a page belongs to, breadcrumbs.

The menu is the portal's own sections (Tin tức, Văn bản, Cơ quan, Tiến độ) followed by the
ordinary pages mkdocs.yml's `nav:` lists (Hỏi đáp, Giới thiệu…); a page not listed there (the
editors' guide) is published but kept off the menu.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import urls
from .catalog import Catalog
from .settings import Settings

if TYPE_CHECKING:
    from .pages import PageSpec


@dataclass(frozen=True)
class Section:
    title: str
    url: str  # root-relative


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str


HOME = Section("Trang chủ", urls.HOME)
PORTAL_SECTIONS = (
    Section("Tin tức", urls.NEWS),
    Section("Văn bản", urls.DOCUMENTS),
    Section("Cơ quan", urls.AGENCIES),
    Section("Tiến độ", urls.PROGRESS),
)
INDICES = Section("Chỉ số", urls.INDICES)  # in the menu when the portal publishes indices


# Generated lists a `nav:` entry leads to even without the index.md that may introduce them
# (`- Hỏi đáp: hoi-dap/index.md`).
LISTS = (urls.QUESTIONS, urls.CONSULTATIONS)


def sections(catalog: Catalog, settings: Settings) -> list[Section]:
    """Trang chủ, the portal's sections, then the listed ordinary pages that exist."""
    pages = {p.src_uri: p.url for p in catalog.pages}
    pages.update({src: urls.markdown_page(src) for _, src in settings.nav
                  if urls.markdown_page(src) in LISTS})
    listed = [Section(title, pages[src]) for title, src in settings.nav
              if src in pages and pages[src] != urls.HOME]
    own = [*PORTAL_SECTIONS, *([INDICES] if catalog.indices else [])]
    taken = {s.url for s in own}
    return [HOME, *own, *(s for s in listed if s.url not in taken)]


def current(menu: list[Section], page_url: str) -> Section | None:
    """The entry whose URL is the longest prefix of the page's (the home page only for itself)."""
    if page_url == urls.HOME:
        return HOME
    hits = [s for s in menu if s.url and page_url.startswith(s.url)]
    return max(hits, key=lambda s: len(s.url)) if hits else None


def crumbs(spec: PageSpec, catalog: Catalog) -> list[Crumb]:
    """Trang chủ › section › … for item pages; empty on the home page and the 404 page."""
    from .pages import (
        AgencyPage,
        DocumentListPage,
        DocumentPage,
        IndexPage,
        NewsListPage,
        NewsPage,
        ProgressListPage,
        ProgressPage,
        QuestionListPage,
        QuestionPage,
        TopicPage,
        YearPage,
    )

    data = spec.data
    home = Crumb(HOME.title, urls.HOME)
    if spec.kind in ("home", "not-found"):
        return []
    if isinstance(data, NewsPage):
        return [home, Crumb("Tin tức", urls.NEWS)]
    if isinstance(data, DocumentPage):
        return [home, Crumb("Văn bản", urls.DOCUMENTS)]
    # Page 2… of a scope page: its first page is one step up.
    first: list[Crumb] = []
    if isinstance(data, (AgencyPage, YearPage, TopicPage)) and data.pager \
            and data.pager.number > 1:
        label = data.agency.label if isinstance(data, AgencyPage) else \
            f"Năm {data.year}" if isinstance(data, YearPage) else data.label
        first = [Crumb(label, data.pager.urls[0])]
    if isinstance(data, AgencyPage):
        return [home, Crumb("Cơ quan", urls.AGENCIES),
                *(Crumb(a.label, a.url) for a in data.ancestors), *first]
    if isinstance(data, IndexPage):
        return [home, Crumb(INDICES.title, urls.INDICES)]
    if isinstance(data, QuestionPage) or (isinstance(data, QuestionListPage) and (
            data.topic or data.agency or data.pager.number > 1)):
        return [home, Crumb("Hỏi đáp", urls.QUESTIONS)]
    if isinstance(data, ProgressPage) and data.year:
        return [home, Crumb("Tiến độ", urls.PROGRESS)]
    if isinstance(data, ProgressListPage):
        up = Crumb(data.agency.label, data.agency.url) if data.agency else \
            Crumb(f"Năm {data.progress.year}", urls.progress_year(data.progress.year))
        above = [Crumb("Cơ quan", urls.AGENCIES), *(Crumb(a.label, a.url) for a in
                                                    catalog.ancestors(data.agency.id))] \
            if data.agency else [Crumb("Tiến độ", urls.PROGRESS)]
        return [home, *above, up]
    if isinstance(data, YearPage):
        return [home, Crumb("Theo năm", urls.YEARS), *first]
    if isinstance(data, TopicPage):
        return [home, Crumb("Lĩnh vực", urls.TOPICS), *first]
    if isinstance(data, (NewsListPage, DocumentListPage)) and data.pager.number > 1:
        section = urls.NEWS if isinstance(data, NewsListPage) else urls.DOCUMENTS
        return [home, Crumb("Tin tức" if section == urls.NEWS else "Văn bản", section)]
    return [home]
