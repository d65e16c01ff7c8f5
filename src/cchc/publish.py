"""Publishing a build: the new site replaces the old one in one atomic step, or not at all.

A build writes into a staging folder beside the site (`.site.building-<pid>`) while holding a
lock (`.site.lock`), so two builds never write at once: the second waits, saying so. On success
the staging folder and `site/` are exchanged by a single `renameat2(RENAME_EXCHANGE)` (Linux),
so at every instant one complete site is at `site/`, and a killed build leaves the previous one
byte-for-byte intact; where the exchange is not available, two renames are used and the next
build puts back a site a kill left half-swapped. Folders a killed build left behind (staging,
old site, search index input) are removed at the start of the next build.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover
        return None


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap the two paths (both must exist); False where the system cannot."""
    libc = _libc()
    func = getattr(libc, "renameat2", None) if libc else None
    if func is None:
        return False
    result = func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # old kernel, or a file system without it
        return False
    raise OSError(err, os.strerror(err), str(a))


def _names(site_dir: Path) -> tuple[str, str, str]:
    """Prefixes of the sibling folders of a site: staging, old site, search input."""
    name = site_dir.name
    return f".{name}.building-", f".{name}.old-", f".{name}.search-"


def lock_path(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}.lock"


def recover(site_dir: Path) -> list[Path]:
    """Under the lock: put back a site that a kill between two renames left aside, and remove
    what killed builds left behind. Returns what was removed."""
    staging, old, search = _names(site_dir)
    parent = site_dir.parent
    leftovers = sorted(p for p in parent.iterdir() if p.name.startswith((staging, old, search)))
    if not site_dir.exists():
        olds = [p for p in leftovers if p.name.startswith(old) and p.is_dir()]
        if olds:
            olds[-1].rename(site_dir)
            leftovers.remove(olds[-1])
    for path in leftovers:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return leftovers


class Staging:
    """A build's output folder, published by `commit` or thrown away by `discard`.

    Holds the build lock from `open` until `commit` or `discard`. Use as a context manager
    (commit on success, discard on any exception), or call the three steps (the MkDocs adapter
    does, from its events).
    """

    def __init__(self, site_dir: Path, *, on_wait: Callable[[], None] | None = None,
                 wait: float = 3600.0) -> None:
        self.site_dir = site_dir.resolve()
        self.on_wait = on_wait
        self.wait = wait
        prefix, _, search = _names(self.site_dir)
        self.path = self.site_dir.parent / f"{prefix}{os.getpid()}"
        self.search_dir = self.site_dir.parent / f"{search}{os.getpid()}"
        self._lock: int | None = None

    # -- the lock --------------------------------------------------------------------------------

    def _acquire(self) -> None:
        path = lock_path(self.site_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if self.on_wait:
                self.on_wait()
            deadline = time.monotonic() + self.wait
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        os.close(fd)
                        raise TimeoutError(f"{path} vẫn bị khóa sau {self.wait:.0f} giây") from None
                    time.sleep(0.2)
        self._lock = fd

    def _release(self) -> None:
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            os.close(self._lock)
            self._lock = None

    # -- steps -----------------------------------------------------------------------------------

    def open(self) -> Path:
        """Take the lock, clean up after killed builds, and create an empty staging folder."""
        self._acquire()
        try:
            recover(self.site_dir)
            self.path.mkdir(parents=True)
        except BaseException:
            self._release()
            raise
        return self.path

    def commit(self, then: Callable[[], None] | None = None) -> None:
        """Publish the staging folder as the site, atomically, and release the lock. `then`
        runs once the site is published, while the old one is being removed (`removing`),
        still under the lock."""
        remover: Callable[[], None] | None = None
        try:
            old_site: Path | None = None
            if not self.site_dir.exists():
                self.path.rename(self.site_dir)
            elif exchange(self.path, self.site_dir):
                old_site = self.path  # the old site, now at the staging path
            else:  # two renames; `recover` mends a kill in between
                _, old, _ = _names(self.site_dir)
                old_site = self.site_dir.parent / f"{old}{os.getpid()}"
                self.site_dir.rename(old_site)
                self.path.rename(self.site_dir)
            if old_site is not None:
                remover = removing(old_site)
            if then is not None:
                then()
        finally:
            if remover is not None:
                remover()
            self._cleanup()

    def discard(self) -> None:
        """Throw the staging folder away (the site stays as it was) and release the lock."""
        shutil.rmtree(self.path, ignore_errors=True)
        self._cleanup()

    def _cleanup(self) -> None:
        shutil.rmtree(self.search_dir, ignore_errors=True)
        self._release()

    def __enter__(self) -> Path:
        return self.open()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def removing(folder: Path) -> Callable[[], None]:
    """Start removing `folder`; what waits until it is gone. `rm -rf` where there is one: it
    does not hold this process's interpreter lock, which the work meanwhile needs (a site of
    10,000 pages is some 40,000 files)."""
    rm = shutil.which("rm")
    if rm is None:
        thread = threading.Thread(target=shutil.rmtree, args=(folder,),
                                  kwargs={"ignore_errors": True})
        thread.start()
        return thread.join
    proc = subprocess.Popen([rm, "-rf", "--", str(folder)], stdin=subprocess.DEVNULL)

    def wait() -> None:
        if proc.wait() != 0:  # what rm left (or could not run on): removed here
            shutil.rmtree(folder, ignore_errors=True)
    return wait


@contextlib.contextmanager
def staged(site_dir: Path, on_wait: Callable[[], None] | None = None) -> Iterator[Path]:
    with Staging(site_dir, on_wait=on_wait) as path:
        yield path


def link_or_copy(source: Path, target: Path) -> None:
    """Put `source`'s file at `target` as a second name of the same file (no bytes copied), or
    as a copy where the two are on different file systems. Files so shared are never written
    in place: each writer replaces a file by a new one."""
    try:
        os.link(source, target)
    except OSError:
        if not source.is_file():
            raise
        shutil.copyfile(source, target)


def link_tree(source: Path, target: Path) -> None:
    """`source`'s folder at `target`, every file linked (`link_or_copy`)."""
    shutil.copytree(source, target, copy_function=lambda s, t: link_or_copy(Path(s), Path(t)))
