"""Every URL of the built site, in one place (SPEC §5, §11).

URLs are root-relative without a leading slash ("tin-tuc/2024/x/"; "" is the home page); page
URLs end with a slash and are written to `<url>index.html`. The records' `.url`, the page data,
the feeds, the open data, the preview and the templates (as the global `urls`) all call these
functions, so changing the address of a kind of page is one edit here.
"""

from __future__ import annotations

import functools
import posixpath
from urllib.parse import quote

HOME = ""
NEWS = "tin-tuc/"
DOCUMENTS = "van-ban/"
AGENCIES = "co-quan/"
PROGRESS = "tien-do/"
YEARS = "nam/"
TOPICS = "linh-vuc/"
SEARCH = "tim-kiem/"
DATA = "du-lieu/"
INDICES = "chi-so/"  # CCHC indices (SPEC §9): /chi-so/, /chi-so/<index>/, /chi-so/<index>.csv
RADIO = "phat-thanh/"  # radio programmes (SPEC §10), and their podcast feed
CONSULTATIONS = "lay-y-kien/"  # drafts open for public comment (SPEC §9)
QUESTIONS = "hoi-dap/"  # questions and answers (SPEC §9)

FEED = "feed.xml"
ATOM = "atom.xml"
DOCUMENT_FEED = DOCUMENTS + FEED
PODCAST_FEED = RADIO + FEED
OPML = "feeds.opml"
API = "api/"  # open data (SPEC §5): api/<dataset>.json, api/<dataset>/<year>.json (`api_file`)
DATA = "du-lieu/"  # the open-data catalogue page (SPEC §11)
DATA_CATALOG = DATA + "catalog.json"  # the same as DCAT (Project Open Data v1.1)
DATA_SCHEMAS = DATA + "schema/"
DOCUMENT_FILTER = DOCUMENTS + "filter.json"
SEARCH_BUNDLE = "pagefind/"
NOT_FOUND = "404.html"
CONSULTATION_FEED = CONSULTATIONS + FEED
QUESTION_FEED = QUESTIONS + FEED
REDIRECT_MAP = "redirects.map"  # old path → new path of every alias, for nginx's `map` (§12)
# Every item's URL by its source file, read back by the next `cchc validate` to tell an editor
# that an edit moved a published page (see cchc.moved).
URL_MANIFEST = ".cchc/urls.json"


def news(item_id: str) -> str:
    """A news item: its id is "<year>/<slug>"."""
    return f"{NEWS}{item_id}/"


def document(doc_id: str) -> str:
    return f"{DOCUMENTS}{doc_id}/"


def question(item_id: str) -> str:
    """A question and its answer: its id is "<year asked>/<slug>"."""
    return f"{QUESTIONS}{item_id}/"


def questions_of_topic(topic_id: str) -> str:
    """The questions of one topic (a filter of the Q&A list, a static page)."""
    return f"{QUESTIONS}linh-vuc/{topic_id}/"


def questions_of_agency(agency_id: str) -> str:
    """The questions one agency answered or is to answer."""
    return f"{QUESTIONS}co-quan/{agency_id}/"


def alias(path: str) -> str:
    """An alias as written (`/tin-tuc/2024/ten-cu/`, SPEC §12) as a root-relative URL: the
    leading slash dropped, a directory URL given its trailing slash."""
    url = path.strip().lstrip("/")
    if url and not url.endswith("/") and not url.endswith((".html", ".htm")):
        url += "/"
    return url


def attachment(doc_id: str, name: str) -> str:
    """A document's attachment, published beside its page: its URL, the name percent-encoded
    (`tệp đính kèm #1 ?.pdf` is a valid link and enclosure)."""
    return document(doc_id) + quote(name, safe="")


def attachment_file(doc_id: str, name: str) -> str:
    """The file an attachment is written to (its name as it is)."""
    return document(doc_id) + name


def index(index_id: str) -> str:
    """One index's page: every year's ranking, each agency's history."""
    return f"{INDICES}{index_id}/"


def index_csv(index_id: str) -> str:
    """One index as open data: every result of every year (UTF-8 with a BOM)."""
    return f"{INDICES}{index_id}.csv"


def content_file(rel: str) -> str:
    """A file under docs_dir published as it is (a news item's audio, its transcript): its URL,
    each part of the path percent-encoded."""
    return quote(rel, safe="/")


def image_variant(page: str, name: str) -> str:
    """One resized copy of a news item's picture, published beside the item's page
    (`cchc.images` names it by its content)."""
    return page + quote(name, safe="")


def agency(agency_id: str) -> str:
    return f"{AGENCIES}{agency_id}/"


def year(value: int) -> str:
    return f"{YEARS}{value}/"


def topic(topic_id: str) -> str:
    return f"{TOPICS}{topic_id}/"


def progress_year(value: int) -> str:
    """The tracking of one plan year (the archive of past years): /tien-do/2024/."""
    return f"{PROGRESS}{value}/"


QUOTA_LIST = "chi-tieu"  # the quotas' list of a plan year, beside its tasks' (by status slug)


def progress_list(value: int, slug: str, agency_id: str | None = None) -> str:
    """Every task of one status (`slug`: "qua-han"…), or every quota (QUOTA_LIST), of a plan
    year, of all agencies or of one, where the year's progress shows only the first rows:
    /tien-do/2024/qua-han/, /co-quan/so-noi-vu/tien-do/2024/chi-tieu/."""
    return f"{agency(agency_id) if agency_id else ''}{PROGRESS}{value}/{slug}/"


def feed_of(page: str) -> str:
    """The RSS feed of a scope page (agency, year, topic): `<page>feed.xml`."""
    return page + FEED


def api_file(dataset: str, ext: str = "json") -> str:
    """A dataset's file: api/agencies.json, or the index of a dataset split by year."""
    return f"{API}{dataset}.{ext}"


def api_year(dataset: str, year: int, ext: str = "json", part: int = 1) -> str:
    """One year of a dataset split by year: api/documents/2024.json, api/documents/2024.csv;
    a year too large for one file continues in api/documents/2024-2.json…"""
    return f"{API}{dataset}/{year}{f'-{part}' if part > 1 else ''}.{ext}"


def data_schema(name: str) -> str:
    """The published JSON Schema of an open-data file: du-lieu/schema/news.schema.json."""
    return f"{DATA_SCHEMAS}{name}.schema.json"


def listing_page(base: str, number: int) -> str:
    """Page `number` (from 1) of a paginated listing at `base`: base/, base/page/2/, …"""
    return base if number <= 1 else f"{base}page/{number}/"


def markdown_page(src_uri: str) -> str:
    """The URL of an ordinary Markdown page under docs_dir (directory URLs, as MkDocs makes
    them): "gioi-thieu.md" → "gioi-thieu/", "a/index.md" → "a/", "index.md" → ""."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index") or stem == "README" or stem.endswith("/README"):
        return posixpath.dirname(stem) + "/" if "/" in stem else ""
    return stem + "/"


def output_file(url: str) -> str:
    """The file a URL is written to: page URLs get index.html."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def to_root(page_url: str) -> str:
    """The relative path from the page at `page_url` back to the site root ("" at the root)."""
    return "../" * page_url.count("/")


@functools.lru_cache(maxsize=1 << 16)
def relative(target: str, page_url: str) -> str:
    """`target` (root-relative) as the shortest link from the page at `page_url` (as MkDocs
    writes them), so the site works under any sub-path and from a file system."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    path, hash_, fragment = target.partition("#")
    rel = _relpath(path, base)
    if path.endswith("/") or not path:
        rel = "./" if rel == "." else rel + "/"
    return rel + hash_ + fragment


def _relpath(path: str, base: str) -> str:
    """`posixpath.relpath(path or ".", base or ".")` for root-relative paths, by comparing their
    segments: a page prints hundreds of links, and `relpath` (which resolves both against the
    working folder) was a fifth of the render time."""
    to = [p for p in path.split("/") if p]
    start = [p for p in base.split("/") if p]
    if "." in to or ".." in to or "." in start or ".." in start:
        return posixpath.relpath(path or ".", base.rstrip("/") or ".")
    common = 0
    for a, b in zip(to, start, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(start) - common) + to[common:]
    return "/".join(parts) or "."
