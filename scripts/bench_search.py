"""Search figures for the benchmark (``scripts/bench.py``): cchc's Pagefind index against
Material's lunr index (``search/search_index.json``, which Material downloads whole).

For a built cchc site:

* index build time: Pagefind alone on the built site (``python -m cchc.search SITE OUT``, the
  same indexing ``cchc build`` does once the pages are written; the seconds it reports for
  Pagefind and the rewrite of its filters);
* index size: every file of the bundle ``site/pagefind/``;
* first query: in headless Chromium (``/usr/bin/chromium``), the bytes of every ``/pagefind/``
  response from loading a page to the results of a first query for a common word, typed into
  the header box, shown (and the network idle again: result fragments included), and the
  milliseconds from the last keystroke to the results shown: the search loads as the reader
  starts typing, so this first query also waits for the index to open;
* next query: the milliseconds from the last keystroke to the results of a second query
  (another word, whose index chunks are not loaded yet) typed into the same box.

Queries are typed at TYPING_MS per key (a very fast typist: 200 words a minute), the hardest
case for a search-as-you-type box, whose every keystroke starts a search.

Units: MB = 10**6 bytes, KB = 10**3 bytes.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import statistics
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

QUERY = "cải cách"  # a common word: in most titles of the synthetic portal
NEXT_QUERY = "dien bien"  # typed next, without diacritics
TYPING_MS = 60
RUNS = 5  # fresh browsers per site; the times reported are their median (and range)
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass
class SearchFigures:
    index_s: float | None = None  # seconds of Pagefind on the built site
    index_bytes: int | None = None  # site/pagefind/
    indexed_pages: int | None = None
    first_query_bytes: int | None = None  # /pagefind/ responses for the first query
    first_query_requests: int | None = None
    first_ms: list[int] = field(default_factory=list)  # last keystroke → results, each run
    next_ms: list[int] = field(default_factory=list)  # the same for the next query
    note: str = ""


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def index_time(site: Path, python: Path) -> tuple[float, int]:
    """(seconds, pages) of Pagefind indexing the built site into a scratch folder: the time
    `cchc.search` reports for Pagefind and the deterministic rewrite of its filters, without
    the child's start-up and reading the pages back."""
    with tempfile.TemporaryDirectory(prefix="bench-pagefind-") as tmp:
        out = subprocess.run([str(python), "-m", "cchc.search", str(site), str(Path(tmp) / "pf")],
                             capture_output=True, text=True, check=True)
    stats = json.loads(out.stdout)
    return float(stats["seconds"]), int(stats["pages"])


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a built site's folder on a free local port; yields its base URL ("http://…/")."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _typed(page, query: str, delay_ms: int) -> int:
    """Type `query` into the header box; ms from the last keystroke to its results shown."""
    box = page.locator("#cchc-q")
    box.click()
    box.fill("")
    page.keyboard.type(query, delay=delay_ms)
    page.wait_for_function("q => document.querySelector('#cchc-search-results')"
                           ".dataset.query === q", arg=query, timeout=60_000)
    return int(page.get_attribute("[data-cchc-search]", "data-ms") or -1)


def first_query(site: Path, query: str = QUERY, next_query: str | None = NEXT_QUERY,
                delay_ms: int = TYPING_MS) -> tuple[int, int, int, int | None]:
    """(bytes, requests, ms) of a first query in headless Chromium, the site served locally,
    and the ms of a next query (None if not asked)."""
    from playwright.sync_api import sync_playwright

    sizes: list[int] = []
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url, wait_until="networkidle")
        # Workers' requests too: the page's own listener misses them.
        page.context.on("requestfinished", lambda r: sizes.append(
            r.sizes()["responseBodySize"]) if "/pagefind/" in r.url else None)
        ms = _typed(page, query, delay_ms)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)  # what the results still load
        first = list(sizes)
        next_ms = _typed(page, next_query, delay_ms) if next_query else None
        browser.close()
    return sum(first), len(first), ms, next_ms


def measure(site: Path, python: Path) -> SearchFigures:
    """Every search figure of one built cchc site; what cannot be measured stays None."""
    figures = SearchFigures()
    bundle = site / "pagefind"
    if not bundle.is_dir():
        figures.note = "no search bundle"
        return figures
    figures.index_bytes = tree_bytes(bundle)
    try:
        figures.index_s, figures.indexed_pages = index_time(site, python)
    except (subprocess.CalledProcessError, OSError, ValueError, KeyError) as exc:
        figures.note = f"index time not measured: {exc}"
    if not Path(CHROMIUM).exists():
        figures.note = (figures.note + "; " if figures.note else "") + "no Chromium"
        return figures
    try:
        runs = [first_query(site) for _ in range(RUNS)]
        figures.first_query_bytes = max(r[0] for r in runs)
        figures.first_query_requests = max(r[1] for r in runs)
        figures.first_ms = [r[2] for r in runs]
        figures.next_ms = [r[3] for r in runs if r[3] is not None]
    except Exception as exc:  # the browser part is best effort: report, keep the other figures
        figures.note = (figures.note + "; " if figures.note else "") + f"browser: {exc}"
    return figures


def median(runs: list[int]) -> int | None:
    return int(statistics.median(runs)) if runs else None


def fmt(value: float | int | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def spread(runs: list[int]) -> str:
    """"312 (267–399)": the median and range of the runs."""
    if not runs:
        return "–"
    low, high = min(runs), max(runs)
    return f"{median(runs)} ({low}–{high})" if low != high else str(low)


def render(by_n: dict[int, SearchFigures], material: dict[int, int | None]) -> str:
    """The "Search" section of the report: one line per N, then the issue's target."""
    lines = [
        "Search (cchc: Pagefind; Material: lunr `search/search_index.json`, fetched whole):",
        "",
        "| N | index build s | index MB | pages indexed | first query KB | requests "
        "| first query ms | next query ms | Material index MB | first query / Material |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, f in sorted(by_n.items()):
        m = material.get(n)
        ratio = None if not (m and f.first_query_bytes) else f.first_query_bytes / m
        lines.append(
            f"| {n} | {fmt(f.index_s, '.2f')} "
            f"| {fmt(None if f.index_bytes is None else f.index_bytes / 1e6, '.1f')} "
            f"| {fmt(f.indexed_pages, 'd')} "
            f"| {fmt(None if f.first_query_bytes is None else f.first_query_bytes / 1e3, '.1f')} "
            f"| {fmt(f.first_query_requests, 'd')} | {spread(f.first_ms)} | {spread(f.next_ms)} "
            f"| {fmt(None if m is None else m / 1e6, '.1f')} "
            f"| {'–' if ratio is None else f'1/{1 / ratio:.0f}'} |")
    lines.append("")
    big, m = by_n.get(10000), material.get(10000)
    ok = None if not (big and big.first_query_bytes and m) else big.first_query_bytes <= m / 20
    got = "–" if ok is None else f"{big.first_query_bytes / 1e3:.0f} KB vs {m / 1e6:.1f} MB"
    verdict = "n/a" if ok is None else ("PASS" if ok else "FAIL")
    lines.append(f"- first-query download at N=10000 ≤ 1/20 of Material's index: {got} → "
                 f"{verdict}")
    for label, attr in (("first query", "first_ms"), ("next query", "next_ms")):
        ms = [median(getattr(f, attr)) for f in by_n.values() if getattr(f, attr)]
        lines.append(f"- results within 300 ms after the last keystroke, {label} (median): "
                     f"{', '.join(f'{x} ms' for x in ms) or '–'} → "
                     f"{'n/a' if not ms else 'PASS' if max(ms) <= 300 else 'FAIL'}")
    notes = [f"N={n}: {f.note}" for n, f in sorted(by_n.items()) if f.note]
    lines += ["", f"Queries typed at {TYPING_MS} ms a key: “{QUERY}”, then “{NEXT_QUERY}”, in "
              f"{RUNS} fresh browsers per N: times are the median (range). " + " ".join(notes)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m scripts.bench_search SITE`: the browser figures of one built site (first
    query KB and requests, first and next query ms) over --runs fresh browsers."""
    import argparse
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--delay", type=int, default=TYPING_MS, help="ms between keys")
    args = parser.parse_args(argv)
    for _ in range(args.runs):
        size, requests, ms, next_ms = first_query(args.site, delay_ms=args.delay)
        print(f"first query {size / 1e3:.1f} KB, {requests} requests, {ms} ms; "
              f"next query {next_ms} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
