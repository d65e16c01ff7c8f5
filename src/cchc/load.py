"""Load: files → raw records (plain data + positions), with no interpretation of fields.

Reads UTF-8 with or without BOM, CRLF or LF, NFC-normalises, refuses control characters and
files beyond the size limits (`schema.MAX_*`), splits Markdown front matter (explaining a
missing or mistyped closing `---`) and parses YAML with positions, its common slips explained
(`yamlslips`). Problems reading a file become diagnostics, never exceptions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import parallel, schema, yamlpos, yamlslips
from .diagnostics import Diagnostic, Report
from .text import nfc

MAX_FILE = schema.MAX_FRONT_MATTER + schema.MAX_BODY + 1024


@dataclass
class RawRecord:
    """One editor-written record before validation: what the YAML says, and where."""

    path: Path
    data: dict[str, Any]
    positions: yamlpos.Positions
    body: str = ""
    body_line: int = 1  # line of the file on which the Markdown body starts
    index: int | None = None  # position in a list file (agencies.yml)
    front: str = ""  # the front matter as written (its comments too), for leftover markers
    front_matter: bool = True  # False: a Markdown file without one (read with `optional`)


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
    indices: list[RawRecord] = field(default_factory=list)  # content/chi-so/*.yml
    # Markdown transcripts of news recordings (`transcript: x.md`), by path: they sit among
    # the news items but have no front matter of their own.
    transcripts: dict[Path, RawRecord] = field(default_factory=dict)


def read_text(path: Path, report: Report, limit: int = MAX_FILE) -> str | None:
    """The file's text as NFC with LF line ends, or None (and a diagnostic) if unreadable.

    A byte-order mark is dropped wherever it stands (files pasted together keep one in the
    middle); a file larger than `limit` is refused before it is read.
    """
    try:
        size = path.stat().st_size
        if size > limit:
            report.error(path, (1, 1), "too-large",
                         f"Tệp dài {_size(size)}, quá giới hạn {_size(limit)} của một tệp nội dung.",
                         "Chia nội dung thành nhiều tệp, hoặc đưa toàn văn vào tệp đính kèm (PDF) "
                         "và chỉ giữ phần tóm tắt trong tệp Markdown.")
            return None
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
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return nfc(text)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


# --- characters -------------------------------------------------------------------------------
# C0 and C1 control characters other than Tab and newline are never what an editor meant; they
# come from Word, PDFs and terminals, and feed writers, XML and browsers refuse or mangle them.
# Those whose meaning is obvious are normalised (a line break from Word's Shift+Enter, a page
# break from a PDF: a line or paragraph break in a body, a space in a one-line field); the
# others are refused with their line and column.
SOFT_BREAKS = {"\x0b": "line", "\x85": "line", "\u2028": "line",
               "\x0c": "paragraph", "\u2029": "paragraph"}
_REFUSED = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufffe\uffff]")
_BREAKS = re.compile("[" + "".join(SOFT_BREAKS) + "]")
_CHAR_NAMES = {"\x00": "NUL (ký tự rỗng)", "\x1b": "ESC (mã điều khiển màn hình)",
               "\x7f": "DEL", "\x08": "BACKSPACE"}


def char_name(ch: str) -> str:
    return _CHAR_NAMES.get(ch, f"U+{ord(ch):04X}")


def check_characters(report: Report, path: Path, text: str, first_line: int = 1) -> None:
    """Report every refused control character of `text` (which starts at `first_line`)."""
    if not _REFUSED.search(text):
        return
    for seen, m in enumerate(_REFUSED.finditer(text), 1):
        line = text.count("\n", 0, m.start()) + first_line
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        report.error(path, (line, col), "control-character",
                     f"Có ký tự điều khiển {char_name(m.group())} ở cột {col}; ký tự này không "
                     "hiện ra khi đọc nhưng làm hỏng trang, nguồn tin và dữ liệu mở.",
                     "Xóa ký tự này (thường do chép từ Word, PDF hoặc cửa sổ dòng lệnh): trong "
                     "trình soạn thảo, xóa rồi gõ lại chữ ở vị trí đó.")
        if seen >= 20:  # a binary file pasted in: twenty are enough to say so
            break


def one_line(text: str) -> str:
    """Text for the YAML reader: soft breaks become spaces, refused characters U+FFFD (each
    already reported), so that lines and columns stay where the editor sees them."""
    return _REFUSED.sub("\ufffd", _BREAKS.sub(" ", text))


def normalise_body(body: str) -> str:
    """A body as it is converted: a line break (Shift+Enter in Word) ends the line there, a
    page break starts a new paragraph; refused characters (already reported) are dropped."""
    if _BREAKS.search(body):
        body = _BREAKS.sub(lambda m: "  \n" if SOFT_BREAKS[m.group()] == "line" else "\n\n",
                           body)
    return _REFUSED.sub("", body)


# --- front matter -----------------------------------------------------------------------------

@dataclass
class Split:
    front: str | None  # the YAML text, None when the file has no front matter
    body: str
    body_line: int  # line of the file on which the body starts
    problems: list[yamlpos.YamlProblem] = field(default_factory=list)


_DELIMITER = re.compile(r"^[ \t]?(?:[-–—―‒]+|(?:-[ \t]*){3,}|\.{3,})[ \t]*$")
_YAMLISH = re.compile(r"^(?:[ \t]|#|-(?:[ \t]|$)|[\w\"'][\w \"'-]{0,40}:(?:[ \t]|$))")
_FIELD_LINE = re.compile(r"^[A-Za-z_][\w-]*:(?:[ \t]|$)")


def split_front_matter(text: str) -> Split:
    """The front matter between a first line `---` and the next line `---` (or `...`), and the
    body after it. A closing line mistyped (`----`, `--`, `—` from Word's autocorrect, ` ---`)
    or missing is reported where it should be, and the split made there."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return Split(None, text, 1)
    lines = text.split("\n")
    for i in range(1, len(lines)):
        stripped = lines[i].rstrip()
        if stripped in ("---", "..."):
            split = Split("\n".join(lines[1:i]) + "\n", "\n".join(lines[i + 1:]), i + 2)
            _second_block(split, lines, i + 1)
            return split
        if _DELIMITER.match(lines[i]) and stripped.strip() != "-":
            split = Split("\n".join(lines[1:i]) + "\n", "\n".join(lines[i + 1:]), i + 2)
            split.problems.append(yamlpos.YamlProblem(
                (i + 1, 1), "front-matter-delimiter",
                f"Dòng `{lines[i].strip()}` có lẽ là dòng đóng phần thông tin đầu trang, nhưng "
                "dòng đóng phải là đúng ba dấu gạch ngang `---` ở đầu dòng.",
                "Sửa dòng này thành `---` (ba dấu gạch nối, không khoảng trắng; trình soạn thảo như "
                "Word có thể tự đổi `---` thành dấu gạch dài —)."))
            return split
        if i > 1 and not lines[i - 1].strip() and lines[i].strip() \
                and not _YAMLISH.match(lines[i]):
            # A blank line, then prose: the front matter was never closed.
            return _unclosed(lines, i)
    return _unclosed(lines, len(lines))


def _unclosed(lines: list[str], i: int) -> Split:
    """No closing `---`: the front matter is taken to end before line `i` (0-based)."""
    end = i
    while end > 1 and not lines[end - 1].strip():
        end -= 1
    split = Split("\n".join(lines[1:end]) + "\n", "\n".join(lines[i:]), i + 1)
    where = (f"trước dòng {i + 1}" if i < len(lines) else "sau dòng cuối cùng của các trường")
    split.problems.append(yamlpos.YamlProblem(
        (min(i + 1, len(lines)), 1), "front-matter-unclosed",
        "Thiếu dòng `---` đóng phần thông tin đầu trang: chương trình không biết phần thông tin "
        "kết thúc ở đâu và nội dung bắt đầu từ đâu.",
        f"Thêm một dòng `---` {where} (ngay sau trường cuối cùng, trước đoạn văn đầu tiên)."))
    return split


def _second_block(split: Split, lines: list[str], start: int) -> None:
    """The body begins with another front matter (pasted twice): its fields would be printed."""
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i + 1 < len(lines) and lines[i].rstrip() == "---" and _FIELD_LINE.match(lines[i + 1]):
        split.problems.append(yamlpos.YamlProblem(
            (i + 1, 1), "yaml-second-document",
            "Sau phần thông tin đầu trang lại có một khối `---` với các trường: tệp có hai phần "
            "thông tin đầu trang, và khối thứ hai sẽ hiện ra như nội dung.",
            "Gộp các trường vào khối đầu tiên rồi xóa khối thứ hai (từ dòng này đến dòng `---` "
            "đóng nó)."))


_KNOWN = schema.field_names()
_TEXT = schema.text_field_names()


def parse_yaml(report: Report, path: Path, text: str, offset: int
               ) -> tuple[Any, yamlpos.Positions] | None:
    """YAML text → (data, positions), slips explained (`yamlslips`) and problems reported; None
    when nothing could be read. `offset`: lines of the file before the YAML text."""
    data, positions, problems = yamlpos.parse(text)
    failed = any(p.fatal for p in problems)
    slips = yamlslips.scan(text, _TEXT, _KNOWN) \
        if failed or yamlslips.might_slip(text, _TEXT, _KNOWN) else []
    chosen = [s for s in slips if s.silent or (failed and not s.warning)]
    explained = any(not s.silent for s in chosen) or (failed and any(
        s.line == p.pos[0] for s in chosen for p in problems if p.fatal))
    fixes = {s.line: s.fixed for s in chosen if s.fixed is not None and not s.warning}
    if fixes:  # read the corrected text, so that every other check still runs
        lines = text.split("\n")
        for n, fixed in fixes.items():
            lines[n - 1] = fixed
        reported = frozenset(s.line for s in chosen if not s.warning)
        data, positions, problems = yamlpos.parse("\n".join(lines), reported)
    elif failed and explained:
        problems = [p for p in problems if not p.fatal]
    for s in sorted(chosen, key=lambda s: (s.line, s.column)):
        report.add(path, (s.line + offset, s.column), s.code, s.message, s.hint,
                   warning=s.warning)
    for p in problems:
        if p.code:
            report.add(path, (p.pos[0] + offset, p.pos[1]), p.code, p.message, p.hint,
                       warning=p.warning)
    if data is None:
        return None
    positions.line_offset = offset
    return data, positions


def load_markdown(path: Path, report: Report, *, optional: bool = False) -> RawRecord | None:
    """A Markdown file with YAML front matter (a document or a news item; for an ordinary page,
    `optional`, the front matter may be left out)."""
    text = read_text(path, report)
    if text is None:
        return None
    check_characters(report, path, text)
    split = split_front_matter(text)
    for p in split.problems:
        report.error(path, p.pos, p.code, p.message, p.hint)
    if len(split.body.encode("utf-8")) > schema.MAX_BODY:
        report.error(path, (split.body_line, 1), "too-large",
                     f"Phần nội dung dài {_size(len(split.body.encode()))}, quá giới hạn "
                     f"{_size(schema.MAX_BODY)} của một tin bài hay văn bản.",
                     "Đưa toàn văn vào tệp đính kèm (PDF) và chỉ giữ phần tóm tắt, hoặc chia "
                     "thành nhiều tệp.")
        split.body = ""
    if split.front is None and optional:
        return RawRecord(path, {}, yamlpos.Positions(), split.body, split.body_line,
                         front_matter=False)
    if split.front is None:
        front_matter_missing(path, report)
        return None
    if len(split.front.encode("utf-8")) > schema.MAX_FRONT_MATTER:
        report.error(path, (2, 1), "too-large",
                     f"Phần thông tin đầu trang dài {_size(len(split.front.encode()))}, quá giới "
                     f"hạn {_size(schema.MAX_FRONT_MATTER)}.",
                     "Phần này chỉ chứa các trường ngắn (tiêu đề, ngày, cơ quan…); chuyển các "
                     "đoạn văn dài xuống phần nội dung, bên dưới dòng `---` đóng.")
        return None
    parsed = parse_yaml(report, path, one_line(split.front), 1)
    if parsed is None:
        return None
    data, positions = parsed
    if not isinstance(data, dict):
        report.error(path, (2, 1), "yaml-syntax",
                     "Phần thông tin đầu trang phải là các dòng `tên_trường: giá trị`.",
                     "Xem ví dụ trong hướng dẫn biên tập.")
        return None
    return RawRecord(path, data, positions, split.body, split.body_line, front=split.front)


def front_matter_missing(path: Path, report: Report) -> None:
    report.error(path, (1, 1), "front-matter-missing",
                 "Tệp thiếu phần thông tin đầu trang (front matter).",
                 "Dòng đầu tiên của tệp phải là `---`, tiếp theo là các trường như "
                 "`title:`, `date:`, rồi một dòng `---` để đóng.")


def load_mapping(path: Path, report: Report, what: str) -> RawRecord | None:
    """A YAML file holding one mapping (an index's results for one year)."""
    text = read_text(path, report)
    if text is None:
        return None
    check_characters(report, path, text)
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.split("\n")):
        report.error(path, (1, 1), "yaml-syntax", f"Tệp {what} trống.",
                     "Xem ví dụ trong hướng dẫn biên tập.")
        return None
    parsed = parse_yaml(report, path, one_line(text), 0)
    if parsed is None:
        return None
    data, positions = parsed
    if not isinstance(data, dict):
        if data is not None:
            report.error(path, (1, 1), "yaml-syntax",
                         f"Tệp {what} phải là các cặp `tên_trường: giá trị` (`index:`, `year:`…).",
                         "Xem ví dụ trong hướng dẫn biên tập.")
        return None
    return RawRecord(path, data, positions)


def load_agencies(path: Path, report: Report) -> list[RawRecord]:
    """`content/agencies.yml`: a YAML list, one record per agency."""
    text = read_text(path, report, schema.MAX_LIST_FILE)
    if text is None:
        return []
    check_characters(report, path, text)
    parsed = parse_yaml(report, path, one_line(text), 0)
    if parsed is None:
        return []
    data, positions = parsed
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
INDEX_DIR = "chi-so"  # under docs_dir: one YAML file per index and year (SPEC §9)
# Every other Markdown file of docs_dir is an ordinary page.

Progress = Callable[[str, int, int], None]
"""`progress(stage, done, total)`: called as long work advances (the CLI draws it)."""


class LoadCache:
    """Raw records of files that have not changed, reused by the rebuilds of a live preview.

    Keyed by path, modification time and size; a hit replays the diagnostics the file gave
    when it was read, so a cached file reports exactly what a fresh read would.
    """

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[tuple[int, int, bool], RawRecord | None,
                                        list[Diagnostic]]] = {}

    def load(self, path: Path, report: Report, *, optional: bool = False) -> RawRecord | None:
        try:
            st = path.stat()
        except OSError:
            return load_markdown(path, report, optional=optional)
        key = (st.st_mtime_ns, st.st_size, optional)
        hit = self._entries.get(path)
        if hit and hit[0] == key:
            report.items.extend(hit[2])
            return hit[1]
        before = len(report.items)
        record = load_markdown(path, report, optional=optional)
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
    files = [*((p, False) for p in documents), *((p, True) for p in news),
             *((p, False) for p in questions)]
    loaded = _load_files(files, report, progress, cache)
    first_news, first_question = len(documents), len(documents) + len(news)
    sources.documents = [r for r in loaded[:first_news] if r]
    bare: list[RawRecord] = []  # news files without front matter: transcripts, or mistakes
    for record in loaded[first_news:first_question]:
        if record:
            (sources.news if record.front_matter else bare).append(record)
    named = _transcripts(sources.news)
    for record in bare:
        if record.path.resolve() in named:
            sources.transcripts[record.path.resolve()] = record
        else:
            front_matter_missing(record.path, report)
    sources.questions = [r for r in loaded[first_question:] if r]
    for path in pages:
        if record := load_markdown(path, report, optional=True):
            sources.pages.append(record)
    for path in sorted((root / docs_dir / INDEX_DIR).glob("*.y*ml")):
        if path.suffix in (".yml", ".yaml") and (record := load_mapping(path, report, "chỉ số")):
            sources.indices.append(record)
    return sources


PARALLEL_FILES = 400  # fewer files load faster in one process than forking takes


def _load_files(files: list[tuple[Path, bool]], report: Report, progress: Progress | None,
                cache: LoadCache | None) -> list[RawRecord | None]:
    """Each file's record (None: not loadable), its diagnostics added to `report` in the
    order of `files`: in as many processes as cores for a large portal, since parsing YAML is
    most of the time before validation and every file is parsed on its own. (The preview's
    `cache` lives in this process: with one, all load here.)"""
    load = functools.partial(_load_share, files, report.root, progress, cache)
    if cache is not None or len(files) < PARALLEL_FILES or parallel.parts() < 2:
        shares = [load(0, 1)]
    else:
        shares = parallel.fork_map(load, parallel.parts())
    out: list[RawRecord | None] = []
    for i in range(len(files)):  # file i is the (i // parts)-th of share i % parts
        record, items = shares[i % len(shares)][i // len(shares)]
        report.items.extend(items)
        out.append(record)
    return out


def _load_share(files: list[tuple[Path, bool]], root: Path, progress: Progress | None,
                cache: LoadCache | None, part: int, parts: int
                ) -> list[tuple[RawRecord | None, list[Diagnostic]]]:
    """Every `parts`-th file from the `part`-th: its record and its diagnostics."""
    out = []
    for i in range(part, len(files), parts):
        path, optional = files[i]
        report = Report(root)
        if cache is not None:
            record = cache.load(path, report, optional=optional)
        else:
            record = load_markdown(path, report, optional=optional)
        out.append((record, report.items))
        if progress and part == 0:
            progress("load", min(i + parts, len(files)), len(files))
    return out


def _transcripts(news: list[RawRecord]) -> set[Path]:
    """The Markdown files news items name as their `transcript`."""
    out = set()
    for record in news:
        name = record.data.get("transcript")
        if isinstance(name, str) and name.strip().lower().endswith(".md"):
            out.add((record.path.parent / name.strip()).resolve())
    return out
