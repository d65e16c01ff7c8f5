"""The command line speaks Vietnamese (issue 21): help, usage lines and argparse's errors."""

from __future__ import annotations

import argparse
import gettext

import pytest

from cchc import cli, cli_vi
from tests.support.english import english_words

HELP = [["--help"], ["build", "--help"], ["new", "--help"], ["new", "news", "--help"],
        ["new", "document", "--help"], ["validate", "--help"], ["serve", "--help"],
        ["report", "--help"], ["schema", "--help"], ["import", "--help"]]
USAGE_ERRORS = [["validate", "--format", "xml"], ["report"], ["report", "--year", "hai"],
                ["khong-co-lenh"], ["new"], ["new", "tin"], ["build", "--today", "31/12/2024"],
                ["validate", "--khong-co"], ["build", "--site-dir"]]


@pytest.mark.parametrize("args", HELP, ids=[" ".join(a) for a in HELP])
def test_help_is_vietnamese(project, args):
    result = project().cchc(*args)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("cách dùng: cchc")
    assert not english_words(text), (english_words(text), text)
    assert "tùy chọn:" in text and "xem hướng dẫn này rồi thoát" in text


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=[" ".join(a) for a in USAGE_ERRORS])
def test_usage_errors_are_vietnamese(project, args):
    result = project().cchc(*args)
    assert result.returncode == 2
    text = result.stderr
    assert "cách dùng: cchc" in text and ": lỗi: " in text and "Xem hướng dẫn: cchc" in text
    assert not english_words(text), (english_words(text), text)
    assert "Traceback" not in text


def test_dates_on_the_command_line_follow_the_files_rule(project):
    text = project().cchc("build", "--today", "31/12/2024").stderr
    assert "hãy viết 2024-12-31" in text


def test_cchc_alone_says_what_to_do_next(project):
    result = project().cchc()
    assert result.returncode == 0
    assert result.stdout == cli_vi.WELCOME
    for command in ("cchc new news", "cchc validate", "cchc serve", "cchc build"):
        assert command in result.stdout
    assert not english_words(result.stdout)


def test_argparse_is_left_as_it_was(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "cách dùng" in capsys.readouterr().out
    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]
    plain = argparse.ArgumentParser(prog="x")
    assert "usage: x" in plain.format_usage()


def test_every_argparse_message_is_translated():
    """Each message this Python's argparse marks for translation has a Vietnamese entry."""
    import ast
    import inspect

    source = inspect.getsource(argparse)
    marked = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("_", "ngettext"):
            marked |= {a.value for a in node.args if isinstance(a, ast.Constant)
                       and isinstance(a.value, str)}
    internal = {".__call__() not defined", "'required' is an invalid argument for positionals",
                "invalid option string %(option)r: must start with a character %(prefix_chars)r",
                "dest= is required for options like %r", "invalid conflict_resolution value: %r",
                "cannot merge actions - two groups are named %r",
                "mutually exclusive arguments must be optional"}  # programming errors
    missing = sorted(m for m in marked - internal if m not in cli_vi.MESSAGES)
    assert not missing, missing
