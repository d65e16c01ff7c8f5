"""Diagnostics are data (code, severity, file, line, column, message, hint) until the boundary.

Validation collects every problem and returns them; the CLI or the MkDocs adapter decides how
to print them and whether to fail.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import Enum
from pathlib import Path

_CODE_SPAN = re.compile(r"``(.+?)``|`([^`\n]+)`")


def plain(text: str) -> str:
    """A message for a terminal or an annotation: Markdown code spans (`title: …`) become
    quotes (“title: …”), so no backtick shows raw. JSON output and the preview keep the
    Markdown, which they render as code."""
    return _CODE_SPAN.sub(lambda m: f"“{(m.group(1) or m.group(2)).strip()}”", text)


class Severity(str, Enum):
    ERROR = "lỗi"
    WARNING = "cảnh báo"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = field(default=Severity.ERROR, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format_text(self) -> str:
        text = (f"{self.path}:{self.line}:{self.column}: {self.severity.value} {self.code}: "
                f"{plain(self.message)}")
        if self.hint:
            text += f"\n    → Cách sửa: {plain(self.hint)}"
        return text

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so the problem is annotated on the pull request."""
        level = "error" if self.is_error else "warning"
        message = plain(self.message) + (f" — Cách sửa: {plain(self.hint)}" if self.hint else "")
        return (
            f"::{level} file={_property(self.path)},line={self.line},col={self.column},"
            f"title={_property(self.code)}::{_data(message)}"
        )

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = "error" if self.is_error else "warning"
        return data


def _data(text: str) -> str:
    """A workflow command's message, escaped as the runner requires (a file name with a
    newline cannot start a forged `::error` line)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property value: the message's escapes, and `:` and `,`, which
    end a property."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class Report:
    """Collects diagnostics for one run; positions are relative to the project root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.items: list[Diagnostic] = []

    def relpath(self, path: Path | str) -> str:
        p = Path(path)
        try:
            return p.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return p.as_posix()

    def add(
        self,
        path: Path | str,
        pos: tuple[int, int] | None,
        code: str,
        message: str,
        hint: str = "",
        *,
        warning: bool = False,
    ) -> None:
        line, column = pos or (1, 1)
        severity = Severity.WARNING if warning else Severity.ERROR
        self.items.append(
            Diagnostic(self.relpath(path), line, column, code, message, hint, severity)
        )

    def error(self, path: Path | str, pos: tuple[int, int] | None, code: str, message: str,
              hint: str = "") -> None:
        self.add(path, pos, code, message, hint)

    def warn(self, path: Path | str, pos: tuple[int, int] | None, code: str, message: str,
             hint: str = "") -> None:
        self.add(path, pos, code, message, hint, warning=True)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if not d.is_error]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items))


def render(diagnostics: Iterable[Diagnostic], fmt: str = "text") -> str:
    """Print form of a list of diagnostics: text (people), json (tools), github (annotations)."""
    items = list(diagnostics)
    if fmt == "json":
        return json.dumps([d.to_dict() for d in items], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(d.format_github() for d in items)
    return "\n".join(d.format_text() for d in items)


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    items = list(diagnostics)
    errors = sum(1 for d in items if d.is_error)
    warnings = len(items) - errors
    if not items:
        return "Không có lỗi nào. ✓"
    return f"{errors} lỗi, {warnings} cảnh báo."
