"""Load: files → raw records (plain data + positions), with no interpretation of fields.

Reads UTF-8 with or without BOM, CRLF or LF, NFC-normalises, splits Markdown front matter and
parses YAML with positions. Problems reading a file become diagnostics, never exceptions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yamlpos
from .diagnostics import Diagnostic, Report
from .text import nfc


@dataclass
class RawRecord:
    """One editor-written record before validation: what the YAML says, and where."""

    path: Path
    data: dict[str, Any]
    positions: yamlpos.Positions
    body: str = ""
    body_line: int = 1  # line of the file on which the Markdown body starts
    index: int | None = None  # position in a list file (agencies.yml)


@dataclass
class Sources:
    """Every raw record of a portal, by kind."""

    root: Path
    docs_dir: str = "content"
    agencies: list[RawRecord] = field(default_factory=list)
    documents: list[RawRecord] = field(default_factory=list)
    news: list[RawRecord] = field(default_factory=list)
    questions: list[RawRecord] = field(default_factory=list)  # hỏi đáp
    pages: list[RawRecord] = field(default_factory=list)  # ordinary Markdown pages


def read_text(path: Path, report: Report) -> str | None:
    """The file's text as NFC with LF line ends, or None (and a diagnostic) if unreadable."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.error(path, None, "unreadable-file", f"Không đọc được tệp: {exc.strerror}.",
                     "Kiểm tra tệp có tồn tại và có quyền đọc.")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        report.error(path, (line, column), "not-utf8",
                     "Tệp không được lưu theo bảng mã UTF-8 (có thể là Windows-1258 hoặc TCVN3).",
                     "Mở tệp trong trình soạn thảo và lưu lại với bảng mã UTF-8.")
        return None
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, body, line on which the body starts)."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return None, text, 1
    lines = text.split("\n")
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]) + "\n", "\n".join(lines[i + 1:]), i + 2
    return "\n".join(lines[1:]), "", len(lines) + 1


def _add_yaml_problems(report: Report, path: Path, problems: list[yamlpos.YamlProblem],
                       offset: int) -> None:
    for p in problems:
        report.error(path, (p.pos[0] + offset, p.pos[1]), p.code, p.message, p.hint)


def load_markdown(path: Path, report: Report, *, optional: bool = False) -> RawRecord | None:
    """A Markdown file with YAML front matter (a document or a news item; for an ordinary page,
    `optional`, the front matter may be left out)."""
    text = read_text(path, report)
    if text is None:
        return None
    front, body, body_line = split_front_matter(text)
    if front is None and optional:
        return RawRecord(path, {}, yamlpos.Positions(), body, body_line)
    if front is None:
        report.error(path, (1, 1), "front-matter-missing",
                     "Tệp thiếu phần thông tin đầu trang (front matter).",
                     "Dòng đầu tiên của tệp phải là `---`, tiếp theo là các trường như "
                     "`title:`, `date:`, rồi một dòng `---` để đóng.")
        return None
    data, positions, problems = yamlpos.parse(front)
    positions.line_offset = 1
    _add_yaml_problems(report, path, problems, 1)
    if data is None and not problems:
        data = {}
    if not isinstance(data, dict):
        if data is not None:
            report.error(path, (2, 1), "yaml-syntax",
                         "Phần front matter phải là các cặp `tên_trường: giá trị`.",
                         "Xem ví dụ trong hướng dẫn biên tập.")
        return None
    return RawRecord(path, data, positions, body, body_line)


def load_agencies(path: Path, report: Report) -> list[RawRecord]:
    """`content/agencies.yml`: a YAML list, one record per agency."""
    text = read_text(path, report)
    if text is None:
        return []
    data, positions, problems = yamlpos.parse(text)
    _add_yaml_problems(report, path, problems, 0)
    if data is None:
        return []
    if not isinstance(data, list):
        report.error(path, (1, 1), "yaml-syntax",
                     "Tệp danh mục cơ quan phải là một danh sách (mỗi cơ quan bắt đầu bằng `- id:`).",
                     "Xem ví dụ trong hướng dẫn biên tập.")
        return []
    records = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            report.error(path, positions.of(i), "invalid-type",
                         "Mỗi mục của danh mục cơ quan phải có các trường `id`, `name`, `level`.",
                         "Viết dạng `- id: ...` rồi các trường thụt lề bên dưới.")
            continue
        records.append(RawRecord(path, item, positions.sub(i), index=i))
    return records


NEWS_DIR = "tin-tuc"  # under docs_dir: news items
QUESTIONS_DIR = "hoi-dap"  # under docs_dir: questions and answers; its index.md introduces them
# Every other Markdown file of docs_dir is an ordinary page.

Progress = Callable[[str, int, int], None]
"""`progress(stage, done, total)`: called as long work advances (the CLI draws it)."""


class LoadCache:
    """Raw records of files that have not changed, reused by the rebuilds of a live preview.

    Keyed by path, modification time and size; a hit replays the diagnostics the file gave
    when it was read, so a cached file reports exactly what a fresh read would.
    """

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[tuple[int, int], RawRecord | None, list[Diagnostic]]] = {}

    def load(self, path: Path, report: Report) -> RawRecord | None:
        try:
            st = path.stat()
        except OSError:
            return load_markdown(path, report)
        key = (st.st_mtime_ns, st.st_size)
        hit = self._entries.get(path)
        if hit and hit[0] == key:
            report.items.extend(hit[2])
            return hit[1]
        before = len(report.items)
        record = load_markdown(path, report)
        self._entries[path] = (key, record, report.items[before:])
        return record


def load_all(root: Path, report: Report, *, plans_dir: str = "plans",
             docs_dir: str = "content", progress: Progress | None = None,
             cache: LoadCache | None = None) -> Sources:
    sources = Sources(root=root, docs_dir=docs_dir)
    agencies = root / docs_dir / "agencies.yml"
    if agencies.is_file():
        sources.agencies = load_agencies(agencies, report)
    else:
        report.error(agencies, None, "agencies-missing",
                     f"Không tìm thấy danh mục cơ quan `{docs_dir}/agencies.yml`.",
                     "Tạo tệp này với danh sách các cơ quan (xem hướng dẫn biên tập).")
    documents = sorted((root / plans_dir).rglob("*.md"))
    news_dir = root / docs_dir / NEWS_DIR
    news = [p for p in sorted(news_dir.rglob("*.md")) if p.name != "index.md"]
    questions_dir = root / docs_dir / QUESTIONS_DIR
    questions = [p for p in sorted(questions_dir.rglob("*.md")) if p.name != "index.md"]
    # Ordinary pages: every other Markdown file of docs_dir (a news folder's index.md too; the
    # Q&A folder's index.md is the introduction of the Q&A list, SPEC §9).
    pages = [p for p in sorted((root / docs_dir).rglob("*.md"))
             if (news_dir not in p.parents and questions_dir not in p.parents)
             or p.name == "index.md"]
    total = len(documents) + len(news) + len(questions)
    load = cache.load if cache else load_markdown
    for i, path in enumerate(documents):
        if record := load(path, report):
            sources.documents.append(record)
        if progress:
            progress("load", i + 1, total)
    for i, path in enumerate(news, len(documents)):
        if record := load(path, report):
            sources.news.append(record)
        if progress:
            progress("load", i + 1, total)
    for i, path in enumerate(questions, len(documents) + len(news)):
        if record := load(path, report):
            sources.questions.append(record)
        if progress:
            progress("load", i + 1, total)
    for path in pages:
        if record := load_markdown(path, report, optional=True):
            sources.pages.append(record)
    return sources
