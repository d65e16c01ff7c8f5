"""Rendered pages kept between runs of `cchc build`: a rebuild renders again only the pages whose
inputs changed and takes the others from the site it built last (Hugo's and Bazel's idea:
skip the work whose inputs are the same).

A page is made of its page data (`PageSpec`, with every record it shows), its description, the
templates, cchc's code, the libraries, the settings and the date — and of whatever its
templates ask of the portal (`cchc.…`: a document by its id, the menu, whether a page exists, a
task's state). Templates reach the portal only through `cchc` and `cchc_search`, so the build
hands them a `Recorder` in its place, which notes each question a page asks and a digest of the
answer (`Trace`). A page is taken from the last build when its data has the same digest and
every question it asked, asked again of the new portal with the same arguments (records located
anew by their ids), gets an answer with the same digest: templates being deterministic, the
page would be the same bytes. The dependencies are thus what each page did read — a list naming
an agency asked for that agency, so renaming it renders again exactly the pages that asked —
and never a list kept by hand. A page whose question or data the digest cannot describe is
rendered every time.

The store, `.cchc-cache/pages.json.gz` (ignored by Git, safe to delete), holds each page's
digest, questions and the digest of its bytes under a key of what every page depends on
(`key`). The pages themselves are the site folder's files, linked (not copied) into the new
site when their bytes are still those stored: a folder replaced, restored from a CI cache or
edited by hand is never trusted blindly. `cchc build --clean` does not read the store.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import inspect
from collections.abc import Callable, Container, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path, PurePath
from typing import Any

from . import cachefile
from .catalog import Catalog
from .pages import PageSpec, Site
from .publish import link_or_copy
from .settings import Settings
from .tracking import Tracking
from .urls import output_file

STORE = ".cchc-cache/pages.json.gz"
# What templates reach through `cchc` that is the portal itself rather than an answer: a
# question asked of one of these is followed into it (`cchc.tracking.state(doc, task)`).
SERVICES = (Site, Catalog, Tracking)
COPIES = (".gz", ".br")  # a page's compressed copies (`cchc.compress`), linked with it

Call = tuple[tuple[str, ...], Any, str]
"""A question a page asked: the path from `cchc` ("tracking", "state"), the arguments as
`Locator.encode` writes them (None for an attribute read), the digest of the answer."""


class Uncacheable(Exception):
    """A value the digest cannot describe, or an argument that cannot be located again."""


# -- digests ------------------------------------------------------------------------------------

_SCALARS = (type(None), bool, int, float, Decimal, date, datetime, time, timedelta)
# What a value is to the digest, found once per type (`_shape`): written out as it is (a
# string, a scalar, a path, an enum member), or a container or record of other values.
_STR, _SCALAR, _PATH, _ENUM, _SEQ, _DICT, _SET, _RECORD = range(8)
_SMALL = (_STR, _SCALAR, _PATH, _ENUM)
_SHAPES: dict[type, tuple[int, bytes]] = {}


def _shape(kind: type) -> tuple[int, bytes]:
    """The shape of values of `kind`, with the tag that starts them."""
    known = _SHAPES.get(kind)
    if known is not None:
        return known
    if issubclass(kind, str):  # Markup is a str that templates do not escape: tagged apart
        shape = _STR
    elif issubclass(kind, _SCALARS):
        shape = _SCALAR
    elif issubclass(kind, PurePath):
        shape = _PATH
    elif issubclass(kind, enum.Enum):
        shape = _ENUM
    elif issubclass(kind, (list, tuple)):
        shape = _SEQ
    elif issubclass(kind, dict):
        shape = _DICT
    elif issubclass(kind, (set, frozenset)):
        shape = _SET
    elif dataclasses.is_dataclass(kind):
        shape = _RECORD
    else:
        raise Uncacheable(f"{kind.__module__}.{kind.__qualname__}")
    name = kind.__qualname__ if shape in (_ENUM, _RECORD) else kind.__name__
    _SHAPES[kind] = (shape, f"{kind.__module__}.{name}".encode())
    return _SHAPES[kind]


class Digests:
    """Digests of values by what they hold (never by identity, nor `hash()`, which changes
    from run to run). A record or list is digested once per process: the object is kept with
    its digest, so its id cannot be taken by another object meanwhile. A value is written out
    as a list of byte strings (its tag, then its parts; a part that is a record or container
    by its own digest) hashed at once."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}
        self._open: set[int] = set()

    def of(self, value: object) -> str:
        if _shape(type(value))[0] in _SMALL:
            out: list[bytes] = []
            self._put(out, value)
            return hashlib.blake2b(b"".join(out), digest_size=16).hexdigest()
        return self._sub(value).hex()

    def _sub(self, value: object) -> bytes:
        key = id(value)
        known = self._memo.get(key)
        if known is not None:
            return known[1]
        if key in self._open:
            raise Uncacheable("a value that holds itself")
        self._open.add(key)
        try:
            out: list[bytes] = []
            self._parts(out, value)
            digest = hashlib.blake2b(b"".join(out), digest_size=16).digest()
        finally:
            self._open.discard(key)
        self._memo[key] = (value, digest)
        return digest

    def _put(self, out: list[bytes], value: Any) -> None:
        """`value` as a part of another: small ones written out, the others by their digest."""
        shape, tag = _shape(type(value))
        if shape == _STR:
            data = value.encode("utf-8", "surrogatepass")
            out.append(b"%s %d:" % (tag, len(data)))
            out.append(data)
        elif shape == _SCALAR:
            out.append(b"%s %s;" % (tag, repr(value).encode()))
        elif shape == _PATH:
            out.append(b"%s %s;" % (tag, repr(value.as_posix()).encode()))
        elif shape == _ENUM:
            out.append(b"%s.%s;" % (tag, value.name.encode()))
        else:
            out.append(self._sub(value))

    def _parts(self, out: list[bytes], value: Any) -> None:
        shape, tag = _shape(type(value))
        if shape == _SEQ:
            out.append(b"%s %d[" % (tag, len(value)))
            for item in value:
                self._put(out, item)
        elif shape == _DICT:
            out.append(b"%s %d{" % (tag, len(value)))
            for k, v in value.items():  # in order: templates show them in order
                self._put(out, k)
                self._put(out, v)
        elif shape == _SET:
            out.append(b"%s %d{" % (tag, len(value)))
            out.extend(sorted(self.of(item).encode() for item in value))
        elif shape == _RECORD:
            out.append(tag + b"(")
            for name, field_tag in _fields(type(value)):
                out.append(field_tag)
                self._put(out, getattr(value, name))
        else:  # a small value on its own
            self._put(out, value)


_FIELDS: dict[type, tuple[tuple[str, bytes], ...]] = {}
_UNRECORDED, _METHOD, _READ = range(3)
_HOW: dict[tuple[type, str], int] = {}


def _fields(kind: type) -> tuple[tuple[str, bytes], ...]:
    if kind not in _FIELDS:
        _FIELDS[kind] = tuple((f.name, f.name.encode() + b"=") for f in dataclasses.fields(kind))
    return _FIELDS[kind]


def _how(kind: type, name: str, value: object) -> int:
    """How the `Recorder` treats `name` of a `kind` (once per pair): not noted (a static
    method, or what the portal declares `BUILD_WIDE` or `PURE`, see `Site`), a method whose
    calls are noted, or a value noted when read."""
    how = _HOW.get((kind, name))
    if how is None:
        static = isinstance(inspect.getattr_static(kind, name, None), staticmethod)
        if static or name in getattr(kind, "BUILD_WIDE", ()) or name in getattr(kind, "PURE", ()):
            how = _UNRECORDED
        else:
            how = _METHOD if inspect.ismethod(value) else _READ
        _HOW[kind, name] = how
    return how


# -- locating arguments ---------------------------------------------------------------------------

class Locator:
    """Arguments of a question, written so that the next build can ask it again: plain values
    as they are, the page's own data by its place in the page, a record of the catalog by its
    kind and id (with its digest: the record found anew must hold the same)."""

    def __init__(self, site: Site, digests: Digests) -> None:
        self.site = site
        self.digests = digests

    @functools.cached_property
    def _places(self) -> dict[int, tuple[str, ...]]:
        return {id(obj): place for place, obj in self._records()}

    @functools.cached_property
    def _objects(self) -> dict[tuple[str, ...], object]:
        return dict(self._records())

    def _records(self) -> Iterator[tuple[tuple[str, ...], object]]:
        cat = self.site.catalog
        for agency_id, agency in cat.agencies.items():
            yield ("agency", agency_id), agency
        for doc_id, doc in cat.documents_by_id.items():
            yield ("doc", doc_id), doc
            for i, task in enumerate(doc.tasks):
                yield ("task", doc_id, str(i)), task
        for item in cat.news:
            yield ("news", item.id), item
        for question in cat.questions:
            yield ("question", question.id), question
        for page in cat.pages:
            yield ("page", page.src_uri), page

    def encode(self, value: object, spec: PageSpec) -> Any:
        """A tuple (hashable: the store keeps each question once) naming `value` anew."""
        if value is None or type(value) in (str, bool, int, float):
            return ("v", value)
        if value is spec:
            return ("spec",)
        for name in ("data", "record"):
            if value is getattr(spec, name):
                return ("spec", name)
        place = self._places.get(id(value))
        if place is not None:
            return ("rec", place, self.digests.of(value))
        if type(value) in (list, tuple):
            return (type(value).__name__, tuple(self.encode(v, spec) for v in value))  # type: ignore[attr-defined]
        raise Uncacheable(f"argument {type(value).__qualname__}")

    def decode(self, code: Any, spec: PageSpec) -> object:
        tag = code[0]
        if tag == "v":
            return code[1]
        if tag == "spec":
            return getattr(spec, code[1]) if len(code) > 1 else spec
        if tag == "rec":
            obj = self._objects.get(tuple(code[1]))
            if obj is None or self.digests.of(obj) != code[2]:
                raise Uncacheable("the record changed")
            return obj
        items = [self.decode(c, spec) for c in code[1]]
        return tuple(items) if tag == "tuple" else items


# -- recording what a page asks -------------------------------------------------------------------

class Trace:
    """The questions the page being rendered asks (`begin` … `end`), with digests of the
    answers. Outside a page (setting up the templates) nothing is noted."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.digests = Digests()
        self.locator = Locator(site, self.digests)
        self._spec: PageSpec | None = None
        self._calls: list[Call] | None = None
        self._answers: dict[tuple[tuple[str, ...], Any], str] = {}
        self._interned: dict[Call, Call] = {}

    def begin(self, spec: PageSpec) -> None:
        self._spec = spec
        self._calls = []
        self._asked: set[tuple[tuple[str, ...], Any]] = set()

    def end(self) -> list[Call] | None:
        """The page's questions; None when one of them could not be noted."""
        calls, self._calls, self._spec = self._calls, None, None
        return calls

    def note(self, path: tuple[str, ...], args: tuple[object, ...] | None,
             kwargs: dict[str, Any], answer: object) -> None:
        """Note a question (`args` None: an attribute read) once per page: templates ask the
        same ones many times (the layout's, each macro's), and get the same answer."""
        if self._calls is None or self._spec is None:
            return
        try:
            if kwargs:
                raise Uncacheable("keyword arguments")
            code = None if args is None else \
                tuple(self.locator.encode(a, self._spec) for a in args)
            question = (path, code)
            if question in self._asked:
                return
            self._asked.add(question)
            # The portal does not change while pages render: a question that does not name
            # the page has one answer, digested once.
            digest = self._answers.get(question)
            if digest is None:
                digest = self.digests.of(answer)
                if not _names_page(code):
                    self._answers[question] = digest
            call = (path, code, digest)
            # One object per distinct question: pages share them, in memory and when sent
            # from the renderer processes (pickle writes a shared object once).
            self._calls.append(self._interned.setdefault(call, call))
        except Uncacheable:
            self._calls = None  # this page is rendered every time

    def ask(self, path: tuple[str, ...], method: Callable[..., Any], *args: object,
            **kwargs: Any) -> Any:
        answer = method(*args, **kwargs)
        self.note(path, args, kwargs, answer)
        return answer


class Recorder:
    """Stands for the portal (`cchc` in templates) and notes in `trace` what is asked of it.
    Not noted: static methods (they answer from their arguments alone) and what the portal
    declares `BUILD_WIDE` or `PURE` (functions of the store's `key` and the arguments)."""

    def __init__(self, target: object, trace: Trace, path: tuple[str, ...] = ()) -> None:
        self._target = target
        self._trace = trace
        self._path = path

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # Jinja's probes (__html__, __call__…): not the portal's
            raise AttributeError(name)
        target = self._target
        value = getattr(target, name)
        how = _how(type(target), name, value)
        if how == _UNRECORDED:  # the same all build long: kept, later reads skip this method
            self.__dict__[name] = value
            return value
        path = (*self._path, name)
        if how == _METHOD:  # kept too: the portal's methods stay the same, their calls noted
            self.__dict__[name] = asker = functools.partial(self._trace.ask, path, value)
            return asker
        if isinstance(value, SERVICES):
            self.__dict__[name] = recorder = Recorder(value, self._trace, path)
            return recorder
        self._trace.note(path, None, {}, value)
        return value


# -- asking again -------------------------------------------------------------------------------

class Checker:
    """Asks the questions of the last build again of this build's portal (once each, when
    they do not name the page)."""

    def __init__(self, trace: Trace, calls: Sequence[Call]) -> None:
        self.site = trace.site
        self.digests = trace.digests
        self.locator = trace.locator
        self.calls = calls
        self._known: dict[int, bool] = {}

    def holds(self, numbers: Sequence[int], spec: PageSpec) -> bool:
        for n in numbers:
            if n in self._known:
                if not self._known[n]:
                    return False
                continue
            path, code, answer = self.calls[n]
            ok = self._same(path, code, answer, spec)
            if not _names_page(code):
                self._known[n] = ok
            if not ok:
                return False
        return True

    def _same(self, path: tuple[str, ...], code: Any, answer: str, spec: PageSpec) -> bool:
        try:
            target: Any = self.site
            for name in path[:-1]:
                target = getattr(target, name)
            value = getattr(target, path[-1])
            if code is not None:
                value = value(*(self.locator.decode(c, spec) for c in code))
            return self.digests.of(value) == answer
        # Whatever fails here (a record gone, an attribute renamed) fails the render too, or
        # gives another answer: the page is rendered again, which reports a real error.
        except Exception:
            return False


def _names_page(code: Any) -> bool:
    return isinstance(code, tuple) and any(
        c[0] == "spec" or (c[0] in ("list", "tuple") and _names_page(c[1])) for c in code)


# -- the store ----------------------------------------------------------------------------------

def key(settings: Settings, tools: str) -> str:
    """What every page depends on besides its data and its questions: `tools` (cchc, the
    libraries, the theme folder, mkdocs.yml, the date, the environment: `fingerprint.tooling`)
    and the settings."""
    h = hashlib.sha256(tools.encode())
    # Every setting but the site folder: a page is the same bytes wherever it is written.
    h.update(repr(dataclasses.replace(settings, site_dir="")).encode())
    return h.hexdigest()


@dataclasses.dataclass
class Entry:
    """What the last build knew of a page: its data's digest, its bytes' digest (`sha`) and the
    questions it asked, as calls (a page rendered now) or as numbers in the store's list (a page
    taken from it)."""

    digest: str
    sha: str
    calls: Sequence[Call] = ()
    numbers: Sequence[int] = ()


@dataclasses.dataclass
class Store:
    """The pages of the site folder the last build wrote (`site`), by URL."""

    site: Path | None = None
    calls: list[Call] = dataclasses.field(default_factory=list)
    pages: dict[str, tuple[str, str, list[int]]] = dataclasses.field(default_factory=dict)
    # Every page staged to index, stored or not: the digests of its bytes and of what Pagefind
    # read (`search.Indexer.stage`); and the counts of their words (`search.Staged`).
    searched: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)
    words: dict[str, int] = dataclasses.field(default_factory=dict)
    folded: dict[str, int] = dataclasses.field(default_factory=dict)

    def entry(self, url: str) -> Entry:
        digest, sha, numbers = self.pages[url]
        return Entry(digest, sha, numbers=numbers)


def _tuples(code: Any) -> Any:
    """JSON's lists back into the tuples `Locator.encode` writes."""
    return tuple(_tuples(c) for c in code) if isinstance(code, list) else code


def load(settings: Settings, store_key: str, site_dir: Path) -> Store:
    """The pages the last build stored under `store_key`, to be found in `site_dir`; none when
    the store is missing, damaged or of other settings."""
    data = cachefile.read(settings.root / STORE)
    try:
        if data["key"] != store_key:
            return Store()
        calls = [(tuple(path), _tuples(code), answer) for path, code, answer in data["calls"]]
        pages = {url: (digest, sha, numbers)
                 for url, (digest, sha, numbers) in data["pages"].items()}
        searched = {url: (sha, sums) for url, (sha, sums) in data["searched"].items()}
        words, folded = dict(data["words"]), dict(data["folded"])
    except (KeyError, TypeError, ValueError):
        return Store()
    return Store(site_dir, calls, pages, searched, words, folded)


def save(settings: Settings, store_key: str, store: Store, entries: dict[str, Entry],
         searched: dict[str, tuple[str, str]], words: dict[str, int],
         folded: dict[str, int]) -> None:
    """Store the pages of the site just published (`store`: the last build's, which the
    entries of pages taken from it number into), each question once, with what `Store` keeps
    of the search index's pages."""
    numbers: dict[Call, int] = {}
    renumbered: dict[int, int] = {}
    calls: list[Call] = []

    def number(call: Call) -> int:
        if call not in numbers:
            numbers[call] = len(calls)
            calls.append(call)
        return numbers[call]

    pages: dict[str, Any] = {}
    for url, entry in sorted(entries.items()):
        refs = [number(call) for call in entry.calls]
        for n in entry.numbers:
            if n not in renumbered:
                renumbered[n] = number(store.calls[n])
            refs.append(renumbered[n])
        pages[url] = [entry.digest, entry.sha, refs]
    cachefile.write(settings.root / STORE, {
        "key": store_key, "calls": calls, "pages": pages,
        "searched": dict(sorted(searched.items())),
        "words": dict(sorted(words.items())), "folded": dict(sorted(folded.items()))})


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- a build's use of it ------------------------------------------------------------------------

class PageCache:
    """One build's side of the store: which pages to take from the last site, and what to
    store of the others."""

    def __init__(self, site: Site, store: Store, *, clean: bool = False) -> None:
        self.store = store
        self.clean = clean  # `--clean`: nothing of earlier builds is read (all is stored)
        self.trace = Trace(site)
        self._checker = Checker(self.trace, store.calls)

    def digest(self, spec: PageSpec, description: str) -> str | None:
        try:
            return self.trace.digests.of((spec.url, spec.template, spec, description))
        except Uncacheable:
            return None

    def reuse(self, spec: PageSpec, digest: str | None, path: str, root: Path,
              copies: Container[str] | None) -> bool:
        """Link the page (and its compressed copies) from the last site into `root`, if it
        would be rendered the same and the file there is still what was written."""
        old = self.store.site
        known = self.store.pages.get(spec.url)
        if old is None or known is None or digest is None or known[0] != digest:
            return False
        if not self._checker.holds(known[2], spec):
            return False
        try:
            if _sha(old / path) != known[1]:
                return False  # not the page stored (replaced, edited): render it
            link_or_copy(old / path, root / path)
            if copies is not None:  # those the last build made, as `compress.write_copies`
                for suffix in COPIES:
                    source = old / (path + suffix)
                    if source.exists() and path + suffix not in copies:
                        link_or_copy(source, root / (path + suffix))
        except OSError:  # the old file is gone: render it
            return False
        return True

    def dropped(self, kept: Container[str], most: int) -> list[str] | None:
        """The HTML of the pages the last build staged to index (`Store.searched`) that are not
        `kept` now, as it wrote them: what to take off its word counts to count the kept
        pages' words. None when there are more than `most`, or one is not what was stored."""
        old = self.store.site
        urls = [url for url in self.store.searched if url not in kept]
        if old is None or len(urls) > most:
            return None
        texts = []
        for url in urls:
            try:
                data = (old / output_file(url)).read_bytes()
            except OSError:
                return None
            if hashlib.sha256(data).hexdigest() != self.store.searched[url][0]:
                return None
            texts.append(data.decode("utf-8"))
        return texts

    def render(self, render: Callable[[PageSpec], str], spec: PageSpec
               ) -> tuple[str, list[Call] | None]:
        """The page rendered, with the questions it asked (None: not to be stored)."""
        self.trace.begin(spec)
        try:
            html = render(spec)
        finally:
            calls = self.trace.end()
        return html, calls

