"""Validate: raw records → typed records, collecting every problem (never only the first).

Generic checks (required fields, unknown keys, types, enums) are driven by `schema`
(`fields`); each kind of record has its module (`agencies`, `documents`, `news`, `questions`,
and `aliases` for the old addresses any of them may keep); the checks
that need the whole portal (agencies that exist, cycles, unique numbers and URLs) run after
every record has been read.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import parallel
from .. import settings as settings_mod
from ..bodies import BodyCache, Converter
from ..diagnostics import Report
from ..load import Progress, RawRecord, Sources
from ..model import (
    Agency,
    Document,
    IndexYear,
    MarkdownPage,
    NewsItem,
    Question,
    Source,
)
from ..refs import number_key
from ..registry import Registry
from ..text import nfc
from .agencies import validate_agencies
from .context import Context
from .documents import document_id, validate_document
from .fields import suggest
from .files import check_static
from .html import check_body
from .indices import check_unique_years, validate_index
from .news import validate_news
from .questions import validate_question
from .tasks import check_task_refs

__all__ = ["Records", "document_id", "validate", "validate_agencies"]


@dataclass
class Records:
    """Every typed record of a portal, drafts included (the catalog decides what is published)."""

    root: Path
    agencies: dict[str, Agency] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    news: list[NewsItem] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    pages: list[MarkdownPage] = field(default_factory=list)
    indices: list[IndexYear] = field(default_factory=list)  # content/chi-so/*.yml
    registry: Registry | None = None


def validate(sources: Sources, report: Report, progress: Progress | None = None,
             bodies: Converter | None = None) -> Records:
    """Every check; problems go to `report`, valid records are returned. `bodies` converts
    and cleans the Markdown bodies (kept for the build, which prints the same HTML)."""
    registry = Registry(validate_agencies(sources.agencies, report))
    if bodies is None:
        s = settings_mod.read(sources.root)
        bodies = Converter(s.markdown_extensions, s.markdown_configs)
    ctx = Context(sources.root, report, registry, bodies, sources.root / sources.docs_dir)
    _convert_ahead(sources, registry, bodies)
    records = Records(sources.root, registry.agencies, registry=registry)
    total = len(sources.documents) + len(sources.news) + len(sources.questions)
    by_raw_doc: dict[int, RawRecord] = {}
    for i, raw in enumerate(sources.documents):
        if doc := validate_document(raw, ctx):
            records.documents.append(doc)
            by_raw_doc[id(doc)] = raw
        if progress:
            progress("validate", i + 1, total)
    by_raw_news: dict[int, RawRecord] = {}
    for i, raw in enumerate(sources.news, len(sources.documents)):
        if item := validate_news(raw, ctx, sources.transcripts):
            records.news.append(item)
            by_raw_news[id(item)] = raw
        if progress:
            progress("validate", i + 1, total)
    records.indices = check_unique_years(
        [y for raw in sources.indices if (y := validate_index(raw, ctx))], report)
    by_raw_question: dict[int, RawRecord] = {}
    for i, raw in enumerate(sources.questions, len(sources.documents) + len(sources.news)):
        if question := validate_question(raw, ctx):
            records.questions.append(question)
            by_raw_question[id(question)] = raw
        if progress:
            progress("validate", i + 1, total)
    docs_dir = sources.root / sources.docs_dir
    check_static(report, docs_dir)
    for raw in sources.pages:
        page = _validate_page(raw, docs_dir)
        # Ordinary pages are published by the site generator: their bodies are checked as
        # news are (what the generator prints is cleaned with the same policy).
        check_body(ctx, raw, posixpath.dirname(page.src_uri))
        records.pages.append(page)
    _check_unique_documents(records.documents, by_raw_doc, report)
    _check_unique_news(records.news, by_raw_news, report)
    _check_unique_questions(records.questions, by_raw_question, report)
    _check_ref_ids(records.documents, records.news, by_raw_doc, by_raw_news, report)
    _check_shared_aliases([*records.documents, *records.news, *records.questions], report)
    check_task_refs(records.documents, records.news, report)
    return records


CONVERT_AHEAD_MIN = 200  # records: below this, forking costs more than it saves


def _convert_ahead(sources: Sources, registry: Registry, bodies: Converter) -> None:
    """Convert the bodies validation will ask for in several processes at once, so that the
    validation below (one process) finds them converted. Each process validates its share of
    the records with a report thrown away — the same calls, so the same bodies in the same
    form — and hands back its conversions. Markdown was most of validation's time and ran on
    one core. Only a saving: if anything fails here, validation converts what is missing."""
    parts = parallel.parts()
    news = functools.partial(validate_news, transcripts=sources.transcripts)
    records: list[tuple[Callable[[RawRecord, Context], object], RawRecord]] = [
        *((validate_document, r) for r in sources.documents),
        *((news, r) for r in sources.news),
        *((validate_question, r) for r in sources.questions)]
    if parts <= 1 or len(records) < CONVERT_AHEAD_MIN:
        return

    def share(part: int, count: int) -> BodyCache:
        ctx = Context(sources.root, Report(sources.root), registry, bodies,
                      sources.root / sources.docs_dir)
        for check, raw in records[part::count]:
            check(raw, ctx)
        return bodies.used() if part else {}  # part 0 ran here, into `bodies` itself

    try:
        done = parallel.fork_map(share, parts)
    except Exception:  # the validation below meets the same problem and reports it
        return
    for converted in done[1:]:
        bodies.adopt(converted)


_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)


def _validate_page(raw: RawRecord, docs_dir: Path) -> MarkdownPage:
    """An ordinary page: its title from the front matter, else its first heading, else its
    file name (as MkDocs names pages)."""
    data = raw.data
    src_uri = raw.path.relative_to(docs_dir).as_posix()
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        heading = _H1.search(raw.body)
        title = heading.group(1) if heading else raw.path.stem.replace("-", " ").capitalize()
    return MarkdownPage(src_uri=src_uri, title=nfc(str(title)).strip(), body=raw.body,
                        template=str(data.get("template") or ""),
                        description=str(data.get("description") or ""), meta=dict(data),
                        source=Source(raw.path, 1))


def _check_unique_documents(docs: list[Document], raws: dict[int, RawRecord],
                            report: Report) -> None:
    seen_number: dict[tuple[str, str], Document] = {}
    seen_id: dict[str, Document] = {}
    for doc in docs:
        raw = raws[id(doc)]
        if doc.number:
            key = (doc.agency, number_key(doc.number))
            if key in seen_number:
                other = seen_number[key]
                report.error(raw.path, raw.positions.of("number"), "duplicate-number",
                             f"Số hiệu `{doc.number}` của `{doc.agency}` đã dùng cho văn bản "
                             f"`{_rel(other, report)}`.",
                             "Mỗi văn bản của một cơ quan có một số hiệu riêng; kiểm tra lại số.")
                continue
            seen_number[key] = doc
        if doc.id in seen_id:
            other = seen_id[doc.id]
            if doc.number and other.number:
                # Two numbers that differ only in punctuation: `107/KH-UBND`, `107-KH-UBND`.
                report.error(raw.path, raw.positions.of("number"), "url-collision",
                             f"Số hiệu `{doc.number}` và `{other.number}` (văn bản "
                             f"`{_rel(other, report)}`) chỉ khác nhau ở dấu câu, nên hai văn bản "
                             f"cùng có địa chỉ /van-ban/{doc.id}/.",
                             "Kiểm tra số hiệu trên văn bản gốc (dấu `/` giữa số và ký hiệu, ví dụ "
                             "`number: 107/KH-UBND`); nếu là bản sao, xóa tệp thừa.")
            else:
                report.error(raw.path, raw.positions.of("title"), "url-collision",
                             f"Văn bản này và `{_rel(other, report)}` cùng có địa chỉ "
                             f"/van-ban/{doc.id}/.",
                             "Đổi tên tệp (với văn bản chưa có số) hoặc kiểm tra văn bản bị "
                             "trùng.")
            continue
        seen_id[doc.id] = doc


def _check_unique_news(items: list[NewsItem], raws: dict[int, RawRecord], report: Report) -> None:
    seen: dict[str, NewsItem] = {}
    for item in items:
        if item.id in seen:
            raw = raws[id(item)]
            field_name = "slug" if "slug" in raw.data else "title"
            report.error(raw.path, raw.positions.of(field_name), "url-collision",
                         f"Tin bài này và `{_rel(seen[item.id], report)}` cùng có địa chỉ "
                         f"/tin-tuc/{item.id}/ (tiêu đề giống nhau khi bỏ dấu).",
                         "Thêm trường `slug:` với một đường dẫn khác cho một trong hai tin, "
                         "hoặc đổi tiêu đề.")
            continue
        seen[item.id] = item


def _check_unique_questions(items: list[Question], raws: dict[int, RawRecord],
                            report: Report) -> None:
    seen: dict[str, Question] = {}
    for item in items:
        if item.id in seen:
            raw = raws[id(item)]
            report.error(raw.path, raw.positions.of("slug" if "slug" in raw.data else "asked"),
                         "url-collision",
                         f"Câu hỏi này và `{_rel(seen[item.id], report)}` cùng có địa chỉ "
                         f"/hoi-dap/{item.id}/ (cùng năm hỏi, tên tệp giống nhau khi bỏ dấu).",
                         "Đổi tên một trong hai tệp, hoặc thêm trường `slug:` với một đường dẫn "
                         "khác.")
            continue
        seen[item.id] = item


def _check_ref_ids(docs: list[Document], news: list[NewsItem], raw_docs: dict[int, RawRecord],
                   raw_news: dict[int, RawRecord], report: Report) -> None:
    """A reference by document id (`{id: 2022/du-thao-…}`) must name a document of the portal."""
    ids = sorted(d.id for d in docs)
    known = set(ids)
    pairs: list[tuple[Document | NewsItem, RawRecord, str]] = [
        *((d, raw_docs[id(d)], "refs") for d in docs),
        *((n, raw_news[id(n)], "documents") for n in news)]
    for record, raw, name in pairs:
        refs = record.refs if isinstance(record, Document) else record.documents
        for i, ref in enumerate(refs):
            if ref.doc_id and ref.doc_id not in known:
                report.error(raw.path, raw.positions.of(name, i, "id"), "unknown-ref-id",
                             f"Không có văn bản nào mang mã `{ref.doc_id}` trên chuyên trang."
                             + suggest(ref.doc_id, ids),
                             "Mã văn bản chưa có số là `<năm>/<tên tệp không có .md>`, ví dụ "
                             "`id: 2022/du-thao-ke-hoach-tuyen-truyen`; văn bản có số thì ghi "
                             "`number:` và `agency:`.")


def _check_shared_aliases(records: list[Document | NewsItem | Question], report: Report) -> None:
    """Two items cannot keep the same old address: the redirect would go to one of them."""
    seen: dict[str, Document | NewsItem | Question] = {}
    for record in records:
        for alias in record.aliases:
            other = seen.setdefault(alias, record)
            if other is record or record.source is None:
                continue
            report.error(record.source.path, record.source.at(f"alias:{alias}"), "duplicate-alias",
                         f"Địa chỉ cũ /{alias} đã được `{_rel(other, report)}` giữ; một địa chỉ "
                         "chỉ chuyển tới được một trang.",
                         "Xóa địa chỉ này khỏi `aliases` của một trong hai tệp.")


def _rel(record: Document | NewsItem | Question, report: Report) -> str:
    return report.relpath(record.source.path) if record.source else "?"
