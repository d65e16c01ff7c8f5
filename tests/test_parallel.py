"""cchc.parallel: a job's parts run at once in forked processes, with the results in order."""

from __future__ import annotations

import os
import sys

import pytest

from cchc import parallel

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux only")


def _who_runs(part: int, count: int) -> tuple[int, int, int]:
    return part, count, os.getpid()


def test_parts_run_in_separate_processes_and_come_back_in_order():
    got = parallel.fork_map(_who_runs, 3)
    assert [(p, c) for p, c, _ in got] == [(0, 3), (1, 3), (2, 3)]
    pids = [pid for _, _, pid in got]
    assert pids[0] == os.getpid() and len(set(pids)) == 3


def test_one_part_runs_here():
    assert parallel.fork_map(_who_runs, 1) == [(0, 1, os.getpid())]


def _fails_in_a_child(part: int, count: int) -> int:
    if part == 1:
        raise ValueError("hỏng ở phần 1")
    return part


def test_a_childs_error_is_raised_here_with_its_traceback():
    with pytest.raises(parallel.PartFailed, match="ValueError: hỏng ở phần 1"):
        parallel.fork_map(_fails_in_a_child, 2)


def _dies(part: int, count: int) -> int:
    if part == 1:
        os._exit(3)
    return part


def test_a_child_that_dies_is_reported():
    with pytest.raises(parallel.PartFailed, match="code 3"):
        parallel.fork_map(_dies, 2)


@pytest.mark.parametrize(("env", "expected"), [("1", 1), ("3", 3), ("0", None), ("x", None)])
def test_cchc_jobs_sets_the_number_of_parts(monkeypatch, env, expected):
    monkeypatch.setenv(parallel.JOBS_ENV, env)
    assert parallel.parts() == (expected or parallel.cores())
