"""Independent work split over processes forked from this one.

The build renders thousands of generated pages, each on its own: `fork_map` runs the parts of
such a job at once, one in this process and the others in children forked from it, which
inherit everything already loaded (catalog, templates) without pickling it. Only a part's
result travels back, pickled. Where forking is not safe (Windows has none; macOS's system
libraries may break in a forked child), or on one core, every part runs here, one after the
other: the same result, more slowly.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

R = TypeVar("R")

MAX_PARTS = 4
JOBS_ENV = "CCHC_JOBS"  # how many processes, if set (a whole number ≥ 1)


class PartFailed(RuntimeError):
    """A part failed in a child process; the message is the child's traceback."""


def cores() -> int:
    """The cores worth using for a build's parallel work: all of them, up to MAX_PARTS."""
    return max(1, min(MAX_PARTS, os.cpu_count() or 1))


def forking() -> bool:
    """Whether parts of a job may go to forked children here (Linux: fork is safe)."""
    return sys.platform.startswith("linux")


def parts() -> int:
    """How many parts to split a job into here: CCHC_JOBS if set, else `cores()`, where
    forking is safe; else 1."""
    if not forking():
        return 1
    wanted = os.environ.get(JOBS_ENV, "")
    if wanted.isdigit() and int(wanted) >= 1:
        return int(wanted)
    return cores()


_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Ask Linux to kill this child when its parent dies (a killed build leaves no orphans)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass


def _child(work: Callable[[int, int], R], part: int, count: int, conn: object,
           inherited: list[Any], parent: int) -> None:
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    # The read ends of the pipes (this child's own and its siblings') came with the fork: hold
    # none, so that a write into a pipe whose reader died fails instead of blocking for ever.
    for end in inherited:
        end.close()
    try:
        result: tuple[bool, object] = (True, work(part, count))
    except BaseException:  # reported to the parent, which raises it
        result = (False, traceback.format_exc())
    conn.send(result)  # type: ignore[attr-defined]
    conn.close()  # type: ignore[attr-defined]


def fork_map(work: Callable[[int, int], R], count: int, *, here: bool = True) -> list[R]:
    """[work(0, count), …, work(count - 1, count)]: part 0 here (`here`, else in a child too),
    the others in forked children, all at once. A child's exception is raised here as
    PartFailed. A part done in a child leaves this process as small as it was: what it
    allocated goes with the child."""
    if count <= 1 and here:
        return [work(0, 1)]
    context = multiprocessing.get_context("fork")
    children: list[tuple[Any, Any]] = []
    for part in range(1 if here else 0, count):
        receive, send = context.Pipe(duplex=False)
        ends = [receive, *(r for _, r in children)]
        child = context.Process(target=_child, args=(work, part, count, send, ends, os.getpid()),
                                daemon=True)
        child.start()
        send.close()
        children.append((child, receive))
    try:
        results = [work(0, count)] if here else []
        for child, receive in children:
            try:
                ok, value = receive.recv()  # before join: a large result fills the pipe
            except EOFError:  # the child died without a word (killed, out of memory)
                child.join()
                raise PartFailed(f"process {child.pid} ended with code {child.exitcode}") from None
            child.join()
            if not ok:
                raise PartFailed(str(value))
            results.append(value)
    finally:
        for child, _ in children:
            if child.is_alive():
                child.kill()
                child.join()
    return results
