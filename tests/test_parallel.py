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


@pytest.mark.parametrize("count", [1, 2])
def test_not_here_every_part_runs_in_a_child(count):
    # The build renders so: what rendering allocates leaves with the children.
    got = parallel.fork_map(_who_runs, count, here=False)
    assert [(p, c) for p, c, _ in got] == [(i, count) for i in range(count)]
    pids = {pid for _, _, pid in got}
    assert os.getpid() not in pids and len(pids) == count


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


def test_a_large_portal_loads_in_parts_as_in_one_process(tmp_path, monkeypatch):
    """Files parsed in forked processes give the records and diagnostics, in the same order,
    that one process gives: mistakes in documents, news and questions keep their place."""
    from scripts import synth

    from cchc import load
    from cchc.diagnostics import Report

    synth.generate(tmp_path, 450)
    news = sorted((tmp_path / "content" / "tin-tuc").rglob("*.md"))
    news[3].write_text("---\ntitle: [không đóng\n---\nNội dung\n", encoding="utf-8")
    news[200].write_text("Một tệp không có phần đầu trang\n", encoding="utf-8")
    (tmp_path / "plans" / "x.md").write_text("---\ntitle: a\n  b: c\n---\n", encoding="utf-8")
    runs = {}
    for jobs in ("1", "2", "3"):
        monkeypatch.setenv(parallel.JOBS_ENV, jobs)
        report = Report(tmp_path)
        sources = load.load_all(tmp_path, report)
        runs[jobs] = (sources, report.items)
    assert len(runs["1"][0].news) + len(runs["1"][0].documents) > load.PARALLEL_FILES
    assert len(runs["1"][1]) >= 3
    assert runs["2"] == runs["1"] and runs["3"] == runs["1"]
