"""`cchc new news|document`: write a new content file at the right path, ready to fill in.

The file has the given fields filled in and every other field of the format present as a
Vietnamese comment (its meaning and an example), taken from `schema` like the validator's
checks, so editors never need to look the format up. Missing answers are asked for when the
command runs on a terminal (with Tab completion of agencies from the registry); an existing file
is never overwritten.
"""

from __future__ import annotations

import argparse
import difflib
import functools
import sys
import textwrap
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from . import schema
from . import settings as settings_mod
from .model import Agency
from .project import load_registry
from .registry import Registry
from .schema import Field
from .settings import Settings, find_root
from .text import fold, nfc, slugify
from .vocab import KINDS, TOPICS

WIDTH = 92  # comment lines are wrapped to this width
NEWS_BODY = ("Viết nội dung tin bài ở đây. Đoạn đầu tiên được dùng làm tóm tắt khi không có "
             "trường `description`.\n")
DOCUMENT_BODY = "Viết tóm tắt hoặc toàn văn của văn bản ở đây.\n"


class ScaffoldError(Exception):
    """A problem the editor can fix; `code` is the exit status (1: refused, 2: usage)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


# --- the agency registry ----------------------------------------------------------------------

def resolve_agency(registry: Registry, text: str) -> str:
    """An agency id from its id, or its name, short name or an alias (any spelling)."""
    hit = registry.lookup(text)
    if hit:
        return hit
    value = nfc(text).strip()
    guess = registry.suggest(value)
    suggestion = f" Có phải `{guess.id}` ({guess.name})?" if guess else ""
    raise ScaffoldError(f"Không có cơ quan `{value}` trong danh mục." + suggestion
                        + " Dùng mã hoặc tên đầy đủ của một cơ quan trong "
                        "content/agencies.yml (hoặc thêm cơ quan mới vào đó).")


def open_registry(settings: Settings) -> Registry:
    registry, _ = load_registry(settings)
    if registry is None:
        raise ScaffoldError(f"Không tìm thấy danh mục cơ quan `{settings.docs_dir}/agencies.yml`. "
                            "Chạy lệnh trong thư mục của chuyên trang.")
    return registry


# --- values ------------------------------------------------------------------------------------

def parse_date(text: str) -> date:
    """YYYY-MM-DD, or dd/mm/yyyy as Vietnamese editors write dates."""
    value = text.strip()
    try:
        if "/" in value:
            return datetime.strptime(value, "%d/%m/%Y").date()
        return date.fromisoformat(value)
    except ValueError:
        raise ScaffoldError(f"Ngày `{value}` không hợp lệ; viết dạng YYYY-MM-DD "
                            "(ví dụ 2024-03-28) hoặc dd/mm/yyyy.", 2) from None


def _choice(value: str, choices: dict[str, str], what: str) -> str:
    text = nfc(value).strip()
    if text in choices:
        return text
    slug = slugify(text)
    by_label = {slugify(label): key for key, label in choices.items()}
    if slug in choices or slug in by_label:
        return slug if slug in choices else by_label[slug]
    match = difflib.get_close_matches(slug, list(choices), n=1, cutoff=0.6)
    hint = f" Có phải `{match[0]}`?" if match else ""
    raise ScaffoldError(f"{what} `{text}` không hợp lệ.{hint} Chọn một trong: "
                        + ", ".join(f"{k} ({v})" for k, v in choices.items()) + ".", 2)


def parse_topics(text: str) -> list[str]:
    out: list[str] = []
    for part in text.split(","):
        if part.strip():
            topic = _choice(part, TOPICS, "Lĩnh vực")
            if topic not in out:
                out.append(topic)
    return out


def parse_kind(text: str) -> str:
    value = text.strip()
    if value.isdigit() and 1 <= int(value) <= len(KINDS):
        return list(KINDS)[int(value) - 1]
    return _choice(value, KINDS, "Loại văn bản")


# --- file text ---------------------------------------------------------------------------------

def _inline(value: Any) -> str:
    """A value as YAML on one line: plain when safe, quoted when needed, lists as `[a, b]`."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True,
                          sort_keys=False, width=10**6)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _comment(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent + "# ",
                         subsequent_indent=indent + "#   ", break_on_hyphens=False)


def _explain(f: Field) -> str:
    text = ("(Bắt buộc) " if f.required else "") + f.description
    if f.choices:
        text += " Chọn một trong: " + ", ".join(f"{k} ({v})" for k, v in f.choices.items()) + "."
    return text


def _task_example(examples: dict[str, Any]) -> list[str]:
    lines = ["# tasks:"]
    for i, f in enumerate(schema.TASK_FIELDS):
        example = examples.get(f.name, f.example)
        prefix = "#   - " if i == 0 else "#     "
        lines.append(f"{prefix}{f.name}: {_inline(example)}")
    return lines


def _front_matter(fields: tuple[Field, ...], values: dict[str, Any], notes: dict[str, str],
                  examples: dict[str, Any], intro: list[str]) -> str:
    """Given fields first (each under its explanation), then every other field commented out."""
    lines = ["---", *(f"# {line}" for line in intro), ""]
    for f in fields:
        if f.name in values:
            lines.extend(_comment(_explain(f)))
            line = f"{f.name}: {_inline(values[f.name])}"
            if f.name in notes:
                line += f"  # {notes[f.name]}"
            lines.append(line)
    lines += ["", "# ----- Các trường không bắt buộc: xóa dấu `# ` ở đầu dòng để dùng, rồi sửa "
              "giá trị ví dụ."]
    for f in fields:
        if f.name in values:
            continue
        lines += ["", *_comment(_explain(f))]
        if f.type == "tasks":
            lines.extend(_task_example(examples))
        else:
            lines.append(f"# {f.name}: {_inline(examples.get(f.name, f.example))}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def news_text(title: str, agency: Agency, when: date, topics: list[str]) -> str:
    values: dict[str, Any] = {"title": title, "date": when, "agency": agency.id}
    if topics:
        values["topics"] = topics
    # Written from the start, so the address stays when the title is edited later.
    values["slug"] = slugify(title)
    intro = ["Tin bài mới. Dòng bắt đầu bằng # là ghi chú, không hiện trên trang.",
             "Kiểm tra bằng `cchc validate`, xem trước bằng `cchc serve`."]
    head = _front_matter(schema.NEWS_FIELDS, values,
                         {"agency": agency.name,
                          "slug": "địa chỉ cố định của tin; sửa tiêu đề không đổi địa chỉ"},
                         {}, intro)
    return head + "\n" + NEWS_BODY


def document_text(kind: str, title: str, agency: Agency, number: str | None,
                  issued: date | None, year: int, support: str | None = None) -> str:
    values: dict[str, Any] = {}
    if number:
        values["number"] = number
    values.update(kind=kind, title=title, agency=agency.id)
    if issued:
        values["issued"] = issued
    else:
        values["year"] = year  # required when there is no date of issue
    examples: dict[str, Any] = {"lead": agency.id, "year": year,
                                "issued": issued or date(year, 1, 1)}
    if support:
        examples["support"] = [support]
    intro = [f"{KINDS[kind]} mới. Dòng bắt đầu bằng # là ghi chú, không hiện trên trang.",
             "Tệp đính kèm (PDF, DOCX) đặt cùng thư mục với tệp này.",
             "Kiểm tra bằng `cchc validate`, xem trước bằng `cchc serve`."]
    head = _front_matter(schema.DOCUMENT_FIELDS, values,
                         {"agency": agency.name, "kind": KINDS[kind]}, examples, intro)
    return head + "\n" + DOCUMENT_BODY


def _stem(text: str, limit: int = 80) -> str:
    slug = slugify(text)
    if len(slug) <= limit:
        return slug
    cut = slug[:limit]
    return cut.rsplit("-", 1)[0] if "-" in cut else cut


def news_path(settings: Settings, title: str, when: date) -> Path:
    slug = slugify(title)
    if not slug:
        raise ScaffoldError("Tiêu đề phải có chữ hoặc số.", 2)
    return settings.root / settings.docs_dir / "tin-tuc" / str(when.year) / f"{slug}.md"


def document_path(settings: Settings, number: str | None, agency: str, title: str,
                  year: int) -> Path:
    stem = f"{slugify(number)}-{agency}" if number else _stem(title)
    if not stem:
        raise ScaffoldError("Trích yếu phải có chữ hoặc số.", 2)
    return settings.root / settings.plans_dir / str(year) / f"{stem}.md"


def write_new(path: Path, text: str) -> None:
    """Create `path` with `text`; refuse if it exists (never overwrite an editor's work)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileExistsError:
        raise ScaffoldError(f"Tệp `{path.name}` đã có trong `{path.parent}`; không ghi đè. Mở tệp đó để sửa, hoặc đổi "
                            "tiêu đề (hoặc số hiệu) để tạo tệp khác.") from None


# --- asking on a terminal ----------------------------------------------------------------------

class Prompter:
    """Asks for a missing answer on a terminal, with Tab completion where it helps."""

    def __init__(self, interactive: bool, out: Any = None) -> None:
        self.interactive = interactive
        self.out = out or sys.stderr
        self._readline: Any = None
        if interactive:
            try:
                import readline
            except ImportError:  # pragma: no cover - Windows without pyreadline
                readline = None  # type: ignore[assignment]
            self._readline = readline

    def ask(self, label: str, option: str, parse: Callable[[str], Any], *,
            default: str = "", complete: Callable[[str], list[str]] | None = None,
            optional: bool = False) -> Any:
        if not self.interactive:
            if optional:
                return None
            raise ScaffoldError(f"Thiếu {option} ({label.lower()}). Ghi đủ các tùy chọn, hoặc "
                                "chạy lệnh trong cửa sổ dòng lệnh để được hỏi lần lượt.", 2)
        suffix = f" [{default}]" if default else (" (bỏ trống nếu không có)" if optional else "")
        while True:
            self._set_completer(complete)
            try:
                answer = input(f"{label}{suffix}: ")
            except EOFError:
                raise ScaffoldError("Đã dừng: không có câu trả lời.", 2) from None
            finally:
                self._set_completer(None)
            answer = nfc(answer).strip() or default
            if not answer:
                if optional:
                    return None
                print("  Cần nhập giá trị này.", file=self.out)
                continue
            try:
                return parse(answer)
            except ScaffoldError as exc:
                print(f"  {exc}", file=self.out)

    def _set_completer(self, complete: Callable[[str], list[str]] | None) -> None:
        rl = self._readline
        if rl is None:
            return
        if complete is None:
            rl.set_completer(None)
            return
        matches: list[str] = []

        def completer(text: str, state: int) -> str | None:
            nonlocal matches
            if state == 0:
                matches = complete(rl.get_line_buffer())
            return matches[state] if state < len(matches) else None

        rl.set_completer_delims("")  # complete the whole answer: names contain spaces
        rl.set_completer(completer)
        rl.parse_and_bind("tab: complete")
        if "libedit" in (getattr(rl, "__doc__", "") or ""):  # pragma: no cover - macOS
            rl.parse_and_bind("bind ^I rl_complete")


def _complete_topics(line: str) -> list[str]:
    head, _, last = line.rpartition(",")
    prefix = f"{head}, " if head else ""
    needle = fold(last.strip())
    return [prefix + k for k, v in TOPICS.items()
            if fold(k).startswith(needle) or needle in fold(v)]


def _complete_kind(line: str) -> list[str]:
    needle = fold(line.strip())
    return [k for k, v in KINDS.items() if fold(k).startswith(needle) or fold(v).startswith(needle)]


# --- the command -------------------------------------------------------------------------------

def add_parser(sub: Any) -> None:
    """Register `cchc new news` and `cchc new document` on the CLI's sub-parsers."""
    n = sub.add_parser("new", help="tạo tin bài hoặc văn bản mới (có sẵn ghi chú từng trường)")
    kinds = n.add_subparsers(dest="what", required=True, metavar="news|document")
    news = kinds.add_parser("news", help="tạo tin bài mới trong content/tin-tuc/<năm>/")
    news.add_argument("--title", help="tiêu đề tin bài")
    news.add_argument("--agency", help="cơ quan đưa tin: mã hoặc tên trong content/agencies.yml")
    news.add_argument("--date", help="ngày đăng YYYY-MM-DD (mặc định: hôm nay)")
    news.add_argument("--topics", help="lĩnh vực, cách nhau bằng dấu phẩy, ví dụ "
                      "thu-tuc-hanh-chinh,chinh-quyen-so")
    news.set_defaults(func=cmd_new)
    doc = kinds.add_parser("document", help="tạo văn bản mới trong plans/<năm>/")
    doc.add_argument("--kind", help="loại văn bản: " + ", ".join(KINDS))
    doc.add_argument("--title", help="trích yếu văn bản")
    doc.add_argument("--agency", help="cơ quan ban hành: mã hoặc tên trong content/agencies.yml")
    doc.add_argument("--number", help="số hiệu, ví dụ 107/KH-UBND (bỏ trống với dự thảo)")
    doc.add_argument("--issued", help="ngày ban hành YYYY-MM-DD")
    doc.add_argument("--year", type=int, help="năm của kế hoạch khi chưa có ngày ban hành")
    doc.set_defaults(func=cmd_new)


def _interactive() -> bool:
    return sys.stdin.isatty()


def cmd_new(args: argparse.Namespace) -> int:
    root = find_root(Path.cwd())
    settings = settings_mod.read(root)
    try:
        registry = open_registry(settings)
        ask = Prompter(_interactive())
        if args.what == "news":
            path, text, url = _new_news(args, settings, registry, ask)
        else:
            path, text, url = _new_document(args, settings, registry, ask)
        write_new(path, text)
    except ScaffoldError as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return exc.code
    rel = path.relative_to(root).as_posix()
    print(f"Đã tạo {rel}", file=sys.stderr)
    print(f"  Địa chỉ khi đăng: /{url}", file=sys.stderr)
    print("  Mở tệp để viết nội dung, rồi chạy `cchc validate` để kiểm tra và "
          "`cchc serve` để xem trước.", file=sys.stderr)
    print(rel)
    return 0


def _agency(args: argparse.Namespace, registry: Registry, ask: Prompter, label: str) -> Agency:
    if args.agency:
        agency_id = resolve_agency(registry, args.agency)
    else:
        agency_id = ask.ask(f"{label} (mã hoặc tên, Tab để gợi ý)", "--agency",
                            functools.partial(resolve_agency, registry),
                            complete=registry.complete)
    return registry.agencies[agency_id]


def _warn_dissolved(agency: Agency, day: date, registry: Registry) -> None:
    if agency.dissolved and day >= agency.dissolved:
        successor = registry.agencies.get(agency.successor or "")
        then = f" Cơ quan tiếp nhận: `{successor.id}` ({successor.name})." if successor else ""
        print(f"cảnh báo: `{agency.id}` đã chấm dứt hoạt động từ "
              f"{agency.dissolved:%d/%m/%Y}.{then}", file=sys.stderr)


def _new_news(args: argparse.Namespace, settings: Settings, registry: Registry,
              ask: Prompter) -> tuple[Path, str, str]:
    title = nfc(args.title).strip() if args.title else ask.ask(
        "Tiêu đề tin bài", "--title", lambda s: s)
    agency = _agency(args, registry, ask, "Cơ quan đưa tin")
    if args.date:
        when = parse_date(args.date)
    else:
        today = settings.today.isoformat()
        when = ask.ask("Ngày đăng", "--date", parse_date, default=today) \
            if ask.interactive else settings.today
    if args.topics is not None:
        topics = parse_topics(args.topics)
    else:
        topics = ask.ask("Lĩnh vực (cách nhau bằng dấu phẩy, Tab để gợi ý)", "--topics",
                         parse_topics, complete=_complete_topics, optional=True) or []
    _warn_dissolved(agency, when, registry)
    path = news_path(settings, title, when)
    return path, news_text(title, agency, when, topics), f"tin-tuc/{when.year}/{slugify(title)}/"


def _new_document(args: argparse.Namespace, settings: Settings, registry: Registry,
                  ask: Prompter) -> tuple[Path, str, str]:
    from .validate import document_id

    kind = parse_kind(args.kind) if args.kind else ask.ask(
        "Loại văn bản (" + ", ".join(f"{i} = {k}" for i, k in enumerate(KINDS, 1)) + ")",
        "--kind", parse_kind, complete=_complete_kind)
    title = nfc(args.title).strip() if args.title else ask.ask(
        "Trích yếu", "--title", lambda s: s)
    agency = _agency(args, registry, ask, "Cơ quan ban hành")
    number = args.number if args.number is not None else ask.ask(
        "Số hiệu (ví dụ 107/KH-UBND)", "--number", lambda s: s, optional=True)
    number = " ".join(nfc(number).split()) if number else None
    if args.issued:
        issued: date | None = parse_date(args.issued)
    elif args.year:
        issued = None
    else:
        issued = ask.ask("Ngày ban hành", "--issued", parse_date, optional=True)
    year = args.year or (issued.year if issued else None)
    if year is None:
        year = ask.ask("Năm của kế hoạch", "--year", _year, default=str(settings.today.year)) \
            if ask.interactive else settings.today.year
    if issued:
        _warn_dissolved(agency, issued, registry)
    path = document_path(settings, number, agency.id, title, year)
    doc_id = document_id(year, number, agency.id, path.stem)
    text = document_text(kind, title, agency, number, issued, year, registry.helper_of(agency))
    return path, text, f"van-ban/{doc_id}/"


def _year(text: str) -> int:
    if text.strip().isdigit() and 1945 <= int(text) <= 2100:
        return int(text)
    raise ScaffoldError(f"Năm `{text}` không hợp lệ; ghi bốn chữ số, ví dụ 2024.", 2)

