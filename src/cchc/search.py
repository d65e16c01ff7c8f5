"""Site search with Pagefind: what each page tells the index, and building the index.

The pages carry the Pagefind markup themselves (templates in `overrides/`): `data-pagefind-body`
on the content of news, documents, agencies and ordinary pages (listings, year, topic, tree and
progress pages have none, so Pagefind leaves them out), `data-pagefind-ignore` on side lists,
and hidden `data-pagefind-meta`/`data-pagefind-filter` elements whose values come from
`page_info`. Drafts are never rendered, so they are never indexed.

Pagefind (>= 1.5) folds diacritics (query "cai cach" finds "cải cách", exact forms rank higher)
but keeps "đ" apart from "d": "đ" is a letter, not "d" plus a mark. The index is therefore built
from a copy of the indexed pages in which "đ"/"Đ" are written "d"/"D" followed by U+0335
(combining short stroke overlay): Pagefind strips that mark when folding, so "dien" finds
"Điện", and keeps it in the exact form, so "Điện" still ranks "Điện" above "Diên". The browser
script (`overrides/assets/javascripts/cchc-search.js`) writes queries the same way and turns the
mark back into "đ" in what it shows. The copy is also NFC, so pages pasted in NFD rank like any
other, and holds only the marked element of each page (Pagefind reads nothing else).

Large portals are indexed in shards that the browser searches in parallel (see SHARD_PAGES), and
Pagefind's filter files are rewritten in a fixed order so that two builds are byte-identical
(see `canonicalise_filters`).

No MkDocs here: the adapter hands rendered pages to an `Indexer` (each rendering process stages
its own, see `Staged`) and calls its `build`.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import string
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape, unescape
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import parallel
from .publish import link_tree
from .text import fold, format_date
from .vocab import SEARCH_AGENCY, SEARCH_KINDS, SEARCH_NEWS, SEARCH_PAGE, SEARCH_QUESTION

if TYPE_CHECKING:
    from .pages import PageSpec, Site

log = logging.getLogger("cchc.search")

# PageSpec.kind; plus Markdown pages
INDEXED_KINDS = frozenset({"news", "document", "agency", "question"})
BODY_MARK = "data-pagefind-body"
STROKE = "\u0335"  # combining short stroke overlay: "d" + STROKE stands for "đ" in the index
# Pagefind writes these for its own UIs; the portal uses its API only (pagefind.js + worker).
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)

KIND_NEWS = SEARCH_NEWS
KIND_AGENCY = SEARCH_AGENCY
KIND_PAGE = SEARCH_PAGE


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed; the message says which, in Vietnamese."""


@dataclass(frozen=True)
class SearchInfo:
    """What a page tells the search index besides its text (meta shown in results, filters)."""

    kind: str  # "Tin bài", "Kế hoạch", "Báo cáo", …, "Cơ quan", "Trang"
    agency: str = ""  # the agency's short label
    date: str = ""  # dd/mm/yyyy
    year: str = ""
    number: str = ""  # "107/KH-UBND"
    number_key: str = ""  # "sohieu107khubnd": what the browser searches for a typed number
    author: str = ""  # of a news item: searchable, not shown

    @property
    def meta(self) -> dict[str, str]:
        """`data-pagefind-meta` values (empty ones left out)."""
        fields = {"kind": self.kind, "agency": self.agency, "date": self.date,
                  "number": self.number, "number_key": self.number_key, "author": self.author}
        return {k: v for k, v in fields.items() if v}

    @property
    def filters(self) -> dict[str, str]:
        """`data-pagefind-filter` values: the filters of the search results."""
        fields = {"kind": self.kind, "agency": self.agency, "year": self.year}
        return {k: v for k, v in fields.items() if v}


NUMBER_PREFIX = "sohieu"


def number_token(number: str | None) -> str:
    """A document number as one word no text produces: "107/KH-UBND" → "sohieu107khubnd".

    Pages that merely cite "107/KH-UBND" match a search for it as well as the document does
    (Pagefind also indexes the number joined, "107khubnd"); the browser script searches this
    word too when a query looks like a number ("107/kh-ubnd", "107 KH UBND") and puts what it
    finds, the document, first.
    """
    joined = re.sub(r"[^a-z0-9]+", "", fold(number or ""))
    return NUMBER_PREFIX + joined if joined else ""


def page_info(spec: PageSpec | None, site: Site | None) -> SearchInfo:
    """Search metadata of a page; ordinary Markdown pages (no spec) are "Trang"."""
    from .pages import AgencyPage, DocumentPage, NewsPage, QuestionPage

    if spec is None or site is None:
        return SearchInfo(KIND_PAGE)
    data = spec.data
    if isinstance(data, NewsPage):
        item = data.item
        agency = site.agency(item.agency)
        return SearchInfo(KIND_NEWS, agency.label if agency else "", format_date(item.date),
                          str(item.year), author=item.author)
    if isinstance(data, DocumentPage):
        doc = data.doc
        agency = site.agency(doc.agency)
        return SearchInfo(doc.kind_label, agency.label if agency else "",
                          format_date(doc.issued), str(doc.year), doc.number or "",
                          number_token(doc.number))
    if isinstance(data, AgencyPage):
        return SearchInfo(KIND_AGENCY, data.agency.label)
    if isinstance(data, QuestionPage):
        q = data.item
        agency = site.agency(q.agency)
        return SearchInfo(SEARCH_QUESTION, agency.label if agency else "",
                          format_date(q.answered or q.asked), str(q.year))
    return SearchInfo(KIND_PAGE)


def index_text(html: str) -> str:
    """The page as Pagefind should read it: NFC, and "đ" as "d" + STROKE (see module doc)."""
    html = unicodedata.normalize("NFC", html)
    return html.replace("đ", "d" + STROKE).replace("Đ", "D" + STROKE)


def body_html(html: str) -> str | None:
    """The element marked `data-pagefind-body` (the only part Pagefind reads), or None."""
    at = html.find(BODY_MARK)
    if at < 0:
        return None
    start = html.rfind("<", 0, at)
    tag = re.match(r"<([A-Za-z][A-Za-z0-9]*)", html[start:])
    if start < 0 or not tag:
        return None
    depth = 0
    for m in re.compile(rf"<(/?){tag.group(1)}\b[^>]*>", re.I).finditer(html, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return html[start:m.end()]
    return html[start:]


def shadow_page(body: str) -> str:
    """What Pagefind reads for a page: its marked content, NFC, "đ" as "d" + STROKE."""
    return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title></title></head>'
            f"<body>{index_text(body)}</body></html>")


@dataclass
class IndexStats:
    pages: int
    seconds: float  # how long the build waited for the index once the pages were written
    bytes: int  # the whole bundle written under site/pagefind/
    shards: int = 1
    reused: int = 0  # shards taken from an earlier build (`Indexer.cache`)


# Pagefind's search time grows faster than the number of pages a word is on (a word on every
# page, here: about 15 ms on 1,000 pages, 35 ms on 2,000, 80 ms on 3,000, over a second on
# 10,000 in one index), and its indexer needs ~200 MB per 1,000 pages. The index is therefore
# built in shards of at most SHARD_PAGES pages (an even number, see `shard_count`), one
# Pagefind run each, at pagefind/, pagefind/1/, …; the browser searches them one by one, in
# several workers at once, and gives up a stale query between two shards
# (overrides/assets/javascripts/cchc-search-engine.js).
# The shards are of one size, the pages dealt to them in turn: each shard ranks with its own
# statistics (pages holding a word, mean page length), which then match, so that scores from
# different shards compare.
# Smaller shards search faster, index again faster when one page changed, and need less
# memory to build (Pagefind's grows with its shard's text), but each downloads its own index
# chunk for a word. For the 10,000-item benchmark (11,188 pages, two Pagefind runs at a time):
# twelve shards of 933 pages, 2.9 MB for the first query and about 200 MB per Pagefind run;
# eight of 1,399 (SHARD_PAGES), 1.5 MB and 295 MB; six of 1,865, 1.0 MB and 400 MB.
# INDEX_FILE in the bundle tells the browser the shards and their entry files, the ids never to
# show ("skip"), every filter's values (so that the filter menus cost no download), the words
# on a tenth of the pages ("common", see `common_words`) and a hash of the index ("tag").
#
# Pagefind leaves out of a query the words its index does not know ("107 xyz" searches "107")
# and falls back to shorter prefixes for an unknown single word: a shard lacking a word would
# answer with unrelated pages. Every shard of a sharded index therefore also holds a dictionary
# page (DICT_URL) with every word of the site, so that each shard knows every word; the browser
# drops that page from the results (its id is in "skip").
SHARD_PAGES = 1500
# Fewer pages per shard, for a machine short of memory (Pagefind's grows with its shard's
# text); more shards make the first query download more. A whole number ≥ 2.
SHARD_PAGES_ENV = "CCHC_SEARCH_SHARD_PAGES"
SHARD_STORE = ".cchc-cache/search"  # shards kept between builds (`Indexer`), by their key
INDEX_FILE = "cchc-search.json"
SHARD_FILES = ("pagefind-entry.json", "index", "fragment", "filter")  # + pagefind.*.pf_meta
DICT_URL = "_cchc-tu-dien/"
_TAG = re.compile(r"<[^>]*>")
_EDGES = "\"'“”‘’()[]{}.,;:!?…«»/-–—"  # stripped from a word before it is counted
_PAGEFIND_DROPS = string.punctuation.replace("_", "")  # ASCII punctuation but "_" (kept)
# Latin letters (Vietnamese's among them), which Python lowercases as Pagefind (Rust) does;
# not "İ", nor other scripts (Greek's final sigma), where the two differ.
_SAME_LOWER = re.compile("[\x00-\u012f\u0131-\u024f\u1e00-\u1eff]+")


def dictionary_word(word: str) -> str:
    """A word of a page as the dictionary page holds it: as Pagefind reads it, so that each
    word is there once, and a sentence that starts or ends on a known word ("Thêm", "thêm.")
    adds none — the dictionary, and with it every shard, stays the same after such an edit.
    Pagefind drops ASCII punctuation but "_" from words and lowercases them."""
    word = word.strip(_PAGEFIND_DROPS)
    return word.lower() if _SAME_LOWER.fullmatch(word) else word


def shard_pages_wanted() -> int:
    """SHARD_PAGES, or what SHARD_PAGES_ENV sets."""
    wanted = os.environ.get(SHARD_PAGES_ENV, "")
    return int(wanted) if wanted.isdigit() and int(wanted) >= 2 else SHARD_PAGES


COMMON_SHARE = 0.1  # a word on this share of the pages is "common" (INDEX_FILE "common")
KEPT_IN_PARTS = 400  # kept pages to write out for Pagefind from which it pays to fork


def page_words(body: str) -> set[str]:
    """The words of a page's marked element, as written (the dictionary is made from them)."""
    return set(unescape(_TAG.sub(" ", body)).split())


_FOLDED: dict[str, str] = {}  # word → folded (a process meets each word on many pages)


def folded_words(words: Iterable[str]) -> set[str]:
    """A page's words folded, edge punctuation stripped (what `common_words` counts)."""
    out = set()
    for word in words:
        folded = _FOLDED.get(word)
        if folded is None:
            folded = _FOLDED[word] = fold(word.strip(_EDGES))
        out.add(folded)
    out.discard("")
    return out


@dataclass
class Staged:
    """Pages written out for Pagefind, by one process: the build renders its pages in several
    (`cchc.parallel`), each staging what it renders, and the indexer merges them (`merge`).

    A page taken from the last site (`Indexer.keep`) is noted with the digest the last build
    stored, and written out only if its shard is to be indexed again; its words are counted
    from the last build's counts (`Indexer.carry`) or from its file (`Indexer.count_kept`)."""

    pages: dict[int, str] = field(default_factory=dict)  # number → dest ("van-ban/x/index.html")
    sums: dict[int, str] = field(default_factory=dict)  # number → digest of what Pagefind reads
    words: Counter[str] = field(default_factory=Counter)  # word → pages it is on
    folded: Counter[str] = field(default_factory=Counter)  # folded word → pages it is on
    kept: dict[int, Path] = field(default_factory=dict)  # number → the page's file in the site

    def count(self, body: str) -> None:
        """Count the words of a page's marked element."""
        words = page_words(body)
        self.words.update(words)
        self.folded.update(folded_words(words))


class Indexer:
    """Collects the pages to index (as Pagefind should read them) and builds the bundle.

    Each page has a number, its place in the order of the pages (`add` numbers them as they
    come; `stage` takes the number given), and the pages are dealt to shards in that order. Use
    as a context manager: the copies live in a temporary folder, removed on exit.
    """

    def __init__(self, shard_pages: int | None = None, jobs: int | None = None,
                 workdir: Path | None = None, cache: Path | None = None,
                 read_cache: bool = True) -> None:
        # A build gives a folder beside its staging folder (removed with it, and by the next
        # build if this one is killed); elsewhere a temporary folder.
        if workdir is None:
            self._tmp: tempfile.TemporaryDirectory[str] | None = \
                tempfile.TemporaryDirectory(prefix="cchc-search-")
            self.base = Path(self._tmp.name)
        else:
            self._tmp = None
            workdir.mkdir(parents=True, exist_ok=True)
            self.base = workdir
        # The copies Pagefind reads (one file per page, read once, then thrown away) go to
        # memory where there is room: on a disk, creating and deleting those thousands of files
        # was a third of the indexing time. The bundle Pagefind writes stays beside the site,
        # to be moved into it (a rename, not a copy).
        self._memory = memory_scratch()
        self.input = Path(self._memory.name) if self._memory else self.base
        (self.input / "in").mkdir()
        self.shard_pages = shard_pages or shard_pages_wanted()
        self.jobs = jobs or parallel.cores()  # Pagefind runs at once
        self.staged = Staged()
        self._next = 0  # the number `add` gives: after every page added, staged or merged
        self._running: list[tuple[int, subprocess.Popen[bytes], Path]] = []
        self._shards: int | None = None  # once `start`ed
        self._next_shard = 0  # the first shard `start` left for `build`
        self._started = 0.0
        # Shards indexed by earlier builds, by the digest of what Pagefind read (`_keys`): a
        # shard whose pages did not change is taken from there (`read_cache`), not indexed.
        self.cache = cache
        self.read_cache = read_cache
        self._keys: list[str] = []
        self.reused = 0  # shards taken from the cache

    def __enter__(self) -> Indexer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for _, proc, _ in self._running:
            proc.kill()
            proc.wait()
        self._running.clear()
        if self._memory is not None:
            self._memory.cleanup()
        if self._tmp is not None:
            self._tmp.cleanup()
        else:
            shutil.rmtree(self.base, ignore_errors=True)

    def add(self, dest: str, html: str) -> None:
        """Add the page written at `dest` in the site ("van-ban/x/index.html"), if it is marked
        for search (`data-pagefind-body`), after every page added or staged so far."""
        self.stage(self._next, dest, html)

    def stage(self, number: int, dest: str, html: str, into: Staged | None = None
              ) -> str | None:
        """Write page `number` for Pagefind, if it is marked for search, recording it in `into`
        (another process's, to `merge` here) or in this indexer; the digest of what Pagefind
        reads of it (None: not marked)."""
        body = body_html(html)
        if body is None:
            return None
        staged = self.staged if into is None else into
        self._next = max(self._next, number + 1)
        # Staged flat, by number: the page's folders are made once, in its shard (see `_deal`).
        shadow = shadow_page(body)
        (self.input / "in" / f"{number}.html").write_text(shadow, encoding="utf-8")
        staged.pages[number] = dest
        digest = staged.sums[number] = hashlib.sha256(shadow.encode("utf-8")).hexdigest()
        staged.count(body)
        return digest

    def keep(self, number: int, dest: str, digest: str, path: Path,
             into: Staged | None = None) -> None:
        """Note page `number`, taken unchanged from the last site (its file at `path` now),
        whose digest the last build's `stage` gave; see `Staged`."""
        staged = self.staged if into is None else into
        self._next = max(self._next, number + 1)
        staged.pages[number] = dest
        staged.sums[number] = digest
        staged.kept[number] = path

    def merge(self, other: Staged) -> None:
        """Take in the pages another process staged (see `Staged`)."""
        self.staged.pages.update(other.pages)
        self._next = max(self._next, max(other.pages, default=-1) + 1)
        self.staged.sums.update(other.sums)
        self.staged.words.update(other.words)
        self.staged.folded.update(other.folded)
        self.staged.kept.update(other.kept)

    def carry(self, words: dict[str, int], folded: dict[str, int], gone: Iterable[str]) -> None:
        """Count the words of the kept pages as the last build's counts over all its pages
        (`words`, `folded`) less those of its pages that are not kept (`gone`: their HTML)."""
        last_words, last_folded = Counter(words), Counter(folded)
        for html in gone:
            body = body_html(html)
            if body is not None:
                page = page_words(body)
                last_words.subtract(page)
                last_folded.subtract(folded_words(page))
        self.staged.words.update(+last_words)
        self.staged.folded.update(+last_folded)

    def count_kept(self) -> None:
        """Count the words of the kept pages from their files (what `carry` saves reading)."""
        for path in self.staged.kept.values():
            body = body_html(path.read_text(encoding="utf-8"))
            if body is not None:
                self.staged.count(body)

    @property
    def pages(self) -> int:
        return len(self.staged.pages)

    def common_words(self) -> list[str]:
        """The folded words on at least COMMON_SHARE of the pages: the search box waits for the
        reader to pause before searching a last word that may still grow into one of them
        ("các" on the way to "cách"), whose search is as slow as theirs and soon stale."""
        least = max(2, COMMON_SHARE * self.pages)
        return sorted(w for w, n in self.staged.folded.items() if n >= least and len(w) > 1)

    def _deal(self, shards: int, dictionary: str = "") -> None:
        """Deal the added pages to `shards` folders of equal size, in turn: each shard holds
        the same mix of kinds and lengths, so its word statistics (which Pagefind's ranking
        weighs) match the others' and their scores compare when merged. Each shard's key
        digests its pages (in the order Pagefind reads them), the dictionary page and the
        Pagefind run. Only the shards to index (not in the cache) are written out."""
        run = hashlib.sha256(" ".join([*PAGEFIND_RUN, pagefind_version()]).encode())
        run.update(hashlib.sha256(dictionary.encode("utf-8")).digest())
        keys = [run.copy() for _ in range(shards)]
        order = sorted(self.staged.pages.items())
        for i, (number, dest) in enumerate(order):
            keys[i % shards].update(f"{dest}\0{self.staged.sums[number]}\n".encode())
        self._keys = [h.hexdigest() for h in keys]
        todo = {shard for shard in range(shards) if self._kept_shard(shard) is None}
        self._write_kept([number for i, (number, _) in enumerate(order)
                          if i % shards in todo and number in self.staged.kept])
        for i, (number, dest) in enumerate(order):
            if i % shards in todo:  # in this order: the order Pagefind lists them (see above)
                target = self.input / f"in-{i % shards}" / dest
                target.parent.mkdir(parents=True, exist_ok=True)
                (self.input / "in" / f"{number}.html").replace(target)

    def _write_kept(self, numbers: list[int]) -> None:
        """Write out the kept pages `numbers` as `stage` does, in several processes if many."""
        def write(part: int, parts: int) -> None:
            for number in numbers[part::parts]:
                body = body_html(self.staged.kept[number].read_text(encoding="utf-8")) or ""
                (self.input / "in" / f"{number}.html").write_text(shadow_page(body),
                                                                   encoding="utf-8")
        parallel.fork_map(write, parallel.parts() if len(numbers) >= KEPT_IN_PARTS else 1)

    def _kept_shard(self, shard: int) -> Path | None:
        """The bundle of `shard` an earlier build indexed, if the cache is read and has it."""
        kept = self.cache / self._keys[shard] if self.cache else None
        return kept if kept is not None and self.read_cache and kept.is_dir() else None

    def add_many(self, pages: Iterable[tuple[str, str]]) -> None:
        for dest, html in pages:
            self.add(dest, html)

    def _start(self, shard: int) -> None:
        out = self.base / f"out-{shard}"
        kept = self._kept_shard(shard)
        if kept is not None:
            link_tree(kept, out)
            self.reused += 1
            return
        while len(self._running) >= self.jobs:
            self._wait_one()
        log_path = self.base / f"log-{shard}.txt"
        with log_path.open("wb") as log_file:
            proc = subprocess.Popen(pagefind_command(self.input / f"in-{shard}", out),
                                    stdout=log_file, stderr=subprocess.STDOUT)
        self._running.append((shard, proc, log_path))

    def _wait_one(self) -> None:
        shard, proc, log_path = self._running.pop(0)
        if proc.wait() != 0:
            text = log_path.read_text(encoding="utf-8", errors="replace")
            raise SearchIndexError(f"pagefind không tạo được chỉ mục tìm kiếm:\n{text}")
        shutil.rmtree(self.input / f"in-{shard}", ignore_errors=True)
        out = self.base / f"out-{shard}"
        for name in UNUSED_BUNDLE_FILES:
            (out / name).unlink(missing_ok=True)
        canonicalise_filters(out)
        if self.cache is not None and not (self.cache / self._keys[shard]).is_dir():
            # Kept for the next build (files shared, never rewritten), complete or not at all.
            tmp = self.cache / f".{self._keys[shard]}.{os.getpid()}"
            try:
                self.cache.mkdir(parents=True, exist_ok=True)
                link_tree(out, tmp)
                tmp.rename(self.cache / self._keys[shard])
            except OSError:  # a read-only project: the next build indexes this shard again
                shutil.rmtree(tmp, ignore_errors=True)

    def start(self) -> None:
        """Deal the pages to shards and set the first Pagefind processes going (as many as run
        at once): the caller writes the rest of the site meanwhile, then calls `build`."""
        if self._shards is not None or not self.pages:
            return
        self._started = time.perf_counter()
        shards = self._shards = shard_count(self.pages, self.shard_pages)
        dictionary = ""
        if shards > 1:
            # Once per distinct word, not per page: the pages hold the same words many times.
            held = {dictionary_word(w) for w in self.staged.words} - {""}
            words = escape(" ".join(sorted(held)), quote=False)
            dictionary = shadow_page(f"<main data-pagefind-body>{words}</main>")
        self._deal(shards, dictionary)
        if dictionary:
            for shard in range(shards):
                path = self.input / f"in-{shard}" / DICT_URL / "index.html"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(dictionary, encoding="utf-8")
        shard = 0
        while shard < shards and len(self._running) < self.jobs:
            self._start(shard)
            shard += 1
        self._next_shard = shard

    def prune(self) -> None:
        """Forget the cached shards this build did not use (the cache never outgrows it)."""
        if self.cache is None or not self.cache.is_dir():
            return
        for path in self.cache.iterdir():
            if path.name not in self._keys:
                shutil.rmtree(path, ignore_errors=True)

    def build(self, site_dir: Path, output: Path | None = None) -> IndexStats:
        """Write the bundle to `site_dir/pagefind/` or `output` (replacing an older one)."""
        self.start()
        start = self._started or time.perf_counter()
        out = output or site_dir / "pagefind"
        if out.exists():
            shutil.rmtree(out)
        if not self.pages:  # Pagefind refuses to index nothing; the search box says so
            log.warning("cchc: không có trang nào để tìm kiếm; không tạo chỉ mục")
            return IndexStats(0, time.perf_counter() - start, 0, 0)
        assert self._shards is not None
        shards = self._shards
        for shard in range(self._next_shard, shards):
            self._start(shard)
        while self._running:
            self._wait_one()
        self.prune()
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(self.base / "out-0"), str(out))
        for shard in range(1, shards):
            target = out / str(shard)
            target.mkdir()
            for path in (self.base / f"out-{shard}").iterdir():
                if path.name in SHARD_FILES or path.suffix == ".pf_meta":
                    shutil.move(str(path), str(target / path.name))
        bundles = [out / (str(s) if s else "") for s in range(shards)]
        # Each shard's pagefind-entry.json: the browser has them at once, instead of asking for
        # each before it can ask for the files it names.
        entries = [json.loads((b / "pagefind-entry.json").read_text(encoding="utf-8"))
                   for b in bundles]
        info = {
            "shards": [f"{s}/" if s else "" for s in range(shards)],
            "entries": entries,
            "skip": sorted(i for i in {page_id(b, "/" + DICT_URL) for b in bundles} if i)
            if shards > 1 else [],
            "filters": filter_values(bundles),
            "tag": index_tag(entries),
            "common": self.common_words(),
            "kinds": list(SEARCH_KINDS),
        }
        (out / INDEX_FILE).write_text(json.dumps(info, ensure_ascii=False, sort_keys=True),
                                      encoding="utf-8")
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        return IndexStats(self.pages, time.perf_counter() - start, size, shards, self.reused)


MEMORY_DIR = Path("/dev/shm")  # Linux's file system in memory
MEMORY_NEEDED = 1 << 30  # free bytes it must have: the copies of 10,000 pages take ~150 MB
_SCRATCH_PREFIX = "cchc-search-"


def memory_scratch() -> tempfile.TemporaryDirectory[str] | None:
    """A temporary folder in memory for Pagefind's input, or None where there is none with room
    (a container's /dev/shm is often 64 MB). Folders that killed builds left there go first.
    Pagefind numbers pages in the order it lists their folders: in memory that order follows
    the order they were written (`_deal`, sorted), where a disk's follows its own hash seed —
    the bundle's bytes differ between the two, each the same from build to build."""
    try:
        if not MEMORY_DIR.is_dir() or shutil.disk_usage(MEMORY_DIR).free < MEMORY_NEEDED:
            return None
        for old in MEMORY_DIR.glob(f"{_SCRATCH_PREFIX}*"):
            pid = old.name.removeprefix(_SCRATCH_PREFIX).split("-", 1)[0]
            if pid.isdigit() and not Path(f"/proc/{pid}").exists():
                shutil.rmtree(old, ignore_errors=True)
        return tempfile.TemporaryDirectory(prefix=f"{_SCRATCH_PREFIX}{os.getpid()}-",
                                           dir=MEMORY_DIR)
    except OSError:  # not writable: the disk will do
        return None


def page_id(bundle: Path, url: str) -> str | None:
    """The result id (fragment name) of the page at `url` in a Pagefind bundle."""
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes()).removeprefix(SIGNATURE)
        if json.loads(data).get("url") == url:
            return path.name.removesuffix(".pf_fragment")
    return None


def filter_values(bundles: Iterable[Path]) -> dict[str, list[str]]:
    """Every value of every filter across the bundles, sorted (as indexed: "đ" is "d" + STROKE)."""
    values: dict[str, set[str]] = {}
    try:
        for bundle in bundles:
            for path in sorted((bundle / "filter").glob("*.pf_filter")):
                name, entries = _read_bundle_file(path)
                values.setdefault(name, set()).update(value for value, _pages in entries)
    except (OSError, ValueError, TypeError, gzip.BadGzipFile) as exc:
        log.warning("cchc: không đọc được các giá trị lọc của chỉ mục tìm kiếm (%s); ô lọc sẽ "
                    "trống", exc)
        return {}
    return {name: sorted(found) for name, found in sorted(values.items())}


def shard_count(pages: int, shard_pages: int) -> int:
    """Shards of at most `shard_pages` pages, an even number of them when more than one: the
    build runs Pagefind twice at a time (or four) and the browser searches with two workers (or
    four), so an even count keeps both busy to the end."""
    shards = -(-pages // shard_pages)
    return shards + 1 if shards > 1 and shards % 2 else shards


def index_tag(entries: list[dict[str, Any]]) -> str:
    """A hash of the shards' entry files, which name every other file by its content."""
    data = json.dumps(entries, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def index_site(site_dir: Path, output: Path | None = None,
               shard_pages: int | None = None) -> IndexStats:
    """Index an already built site, as `cchc build` does once it has written the pages;
    `seconds` is then the whole time, reading the pages included."""
    bundle = site_dir / "pagefind"
    start = time.perf_counter()
    with Indexer(shard_pages) as indexer:
        for page in sorted(site_dir.rglob("*.html")):
            if bundle not in page.parents:
                indexer.add(page.relative_to(site_dir).as_posix(),
                            page.read_text(encoding="utf-8"))
        stats = indexer.build(site_dir, output)
    stats.seconds = time.perf_counter() - start
    return stats


def pagefind_executable() -> Path:
    """The Pagefind binary of the `pagefind[bin]` package (or PAGEFIND_BINARY_PATH)."""
    try:
        from pagefind.service import get_executable
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise SearchIndexError("thiếu gói pagefind: pip install 'pagefind[bin]'") from exc
    exe = get_executable()
    if exe is None:
        raise SearchIndexError("không tìm thấy chương trình pagefind: pip install 'pagefind[bin]'")
    return exe


PAGEFIND_RUN = ("--force-language", "vi", "--silent")  # the options of every run


def pagefind_command(site: Path, output: Path) -> list[str]:
    return [str(pagefind_executable()), "--site", str(site), "--output-path", str(output),
            *PAGEFIND_RUN]


def pagefind_version() -> str:
    """The Pagefind that indexes (a cached shard is only valid for it): the package's version,
    or the bytes of the binary PAGEFIND_BINARY_PATH names."""
    if not os.environ.get("PAGEFIND_BINARY_PATH"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            return metadata.version("pagefind-bin")
    return hashlib.sha256(pagefind_executable().read_bytes()).hexdigest()


# -- deterministic output -------------------------------------------------------------------
#
# Pagefind 1.5.2 writes the values of each filter, and the list of filters in its meta file, in
# hash-map order, which changes from run to run: two builds of the same site would differ in
# pagefind/filter/*.pf_filter, pagefind.*.pf_meta and pagefind-entry.json (everything else is
# already byte-identical). `canonicalise_filters` sorts them and renames the files after their
# new content (the names are only content hashes to Pagefind's loader). The files are gzip, then
# "pagefind_dcd", then CBOR; the small codec below reads and writes the subset Pagefind uses.

SIGNATURE = b"pagefind_dcd"


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError("integer too large for CBOR")


def cbor_encode(value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        return bytes([0xF5 if value is True else 0xF4 if value is False else 0xF6])
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _cbor_head(3, len(raw)) + raw
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return _cbor_head(5, len(value)) + b"".join(
            cbor_encode(k) + cbor_encode(v) for k, v in value.items())
    raise ValueError(f"cannot encode {type(value).__name__} as CBOR")


def cbor_decode(data: bytes) -> Any:
    pos = 0

    def item() -> Any:
        nonlocal pos
        head = data[pos]
        pos += 1
        major, info = head >> 5, head & 31
        if major == 7:
            if info in (20, 21, 22):
                return {20: False, 21: True, 22: None}[info]
            raise ValueError("unsupported CBOR simple value")
        if info < 24:
            n = info
        elif info in (24, 25, 26, 27):
            size = 1 << (info - 24)
            n = int.from_bytes(data[pos:pos + size], "big")
            pos += size
        else:
            raise ValueError("indefinite-length CBOR is not supported")
        if major == 0:
            return n
        if major == 1:
            return -1 - n
        if major in (2, 3):
            raw = data[pos:pos + n]
            pos += n
            return raw.decode("utf-8") if major == 3 else raw
        if major == 4:
            return [item() for _ in range(n)]
        if major == 5:
            return {item(): item() for _ in range(n)}
        raise ValueError("CBOR tags are not supported")

    value = item()
    if pos != len(data):
        raise ValueError("trailing bytes after CBOR item")
    return value


def _read_bundle_file(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name}: no Pagefind signature")
    body = data[len(SIGNATURE):]
    value = cbor_decode(body)
    if cbor_encode(value) != body:  # a format this codec would not write back unchanged
        raise ValueError(f"{path.name}: unexpected encoding")
    return value


def _write_bundle_file(value: Any) -> bytes:
    return gzip.compress(SIGNATURE + cbor_encode(value), compresslevel=9, mtime=0)


def _content_name(lang: str, data: bytes, length: int) -> str:
    return f"{lang}_{hashlib.sha256(data).hexdigest()[:length]}"


def canonicalise_filters(bundle: Path) -> None:
    """Sort filter values and filters so that the bundle is the same on every run (see above).

    Leaves the bundle as Pagefind wrote it (and says so) if its files are not as expected.
    """
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        for lang, info in entry["languages"].items():
            meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
            meta = _read_bundle_file(meta_path)
            filters = next(part for part in meta if isinstance(part, list) and part
                           and all(isinstance(f, list) and len(f) == 2
                                   and isinstance(f[0], str) and isinstance(f[1], str)
                                   and (bundle / "filter" / f"{f[1]}.pf_filter").exists()
                                   for f in part))
            renamed = []
            for name, old in sorted(filters):
                path = bundle / "filter" / f"{old}.pf_filter"
                value = _read_bundle_file(path)
                if isinstance(value, list) and len(value) == 2 and isinstance(value[1], list):
                    value = [value[0], sorted(value[1], key=lambda v: cbor_encode(v))]
                data = _write_bundle_file(value)
                new = _content_name(lang, data, len(old) - len(lang) - 1)
                path.unlink()
                (bundle / "filter" / f"{new}.pf_filter").write_bytes(data)
                renamed.append([name, new])
            filters[:] = renamed
            data = _write_bundle_file(meta)
            new_hash = _content_name(lang, data, len(info["hash"]) - len(lang) - 1)
            meta_path.unlink()
            (bundle / f"pagefind.{new_hash}.pf_meta").write_bytes(data)
            info["hash"] = new_hash
        # A new file, not the old one rewritten: a cached bundle shares its files (`Indexer`).
        entry_path.unlink()
        entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                              encoding="utf-8")
    except (OSError, ValueError, KeyError, StopIteration, gzip.BadGzipFile) as exc:
        log.warning("cchc: chỉ mục tìm kiếm giữ nguyên thứ tự của Pagefind (%s); hai lần xây "
                    "dựng có thể khác nhau ở thư mục pagefind/filter", exc)


def template_globals(site_getter: Any) -> dict[str, Any]:
    """Jinja globals: `cchc_search(cchc_page)` → SearchInfo for the page being rendered."""
    def cchc_search(spec: PageSpec | None = None) -> SearchInfo:
        return page_info(spec, site_getter())
    return {"cchc_search": cchc_search}


def main(argv: list[str] | None = None) -> int:
    """`python -m cchc.search SITE [OUTPUT] [--shard-pages N]`: (re)index a built site and print
    the figures as JSON (the benchmark times Pagefind this way; tests shard small sites)."""
    import argparse
    parser = argparse.ArgumentParser(prog="python -m cchc.search",
                                     description="Tạo lại chỉ mục tìm kiếm của trang đã xây dựng.")
    parser.add_argument("site", type=Path)
    parser.add_argument("output", type=Path, nargs="?")
    parser.add_argument("--shard-pages", type=int, default=SHARD_PAGES)
    args = parser.parse_args(argv)
    try:
        stats = index_site(args.site, args.output, max(1, args.shard_pages))
    except SearchIndexError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(json.dumps({"pages": stats.pages, "seconds": stats.seconds, "bytes": stats.bytes,
                      "shards": stats.shards}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
