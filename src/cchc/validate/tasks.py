"""Task references (`tasks: ["107/KH-UBND#tin-bai"]` in news and documents): their form, read
with each record, and whether they name a document and a task that exist, once every document
has been read (SPEC §8)."""

from __future__ import annotations

from typing import Any

from .. import evidence
from ..diagnostics import Report
from ..model import Document, NewsItem, TaskRef
from ..text import nfc
from .fields import ID_RE, Checker

FORM_HINT = ('Viết số hiệu của kế hoạch, dấu # rồi mã nhiệm vụ (trường `id` của nhiệm vụ), '
             'trong dấu nháy kép: `tasks: ["107/KH-UBND#tin-bai"]`.')


def task_ref(c: Checker, value: Any, path: tuple[Any, ...]) -> TaskRef | None:
    """One "<document>#<task id>" entry, or None (and an error) when it has another form."""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        c.error(path, "invalid-task-ref", "Mỗi nhiệm vụ được báo kết quả phải là một dòng "
                "dạng `<số hiệu>#<mã nhiệm vụ>`.", FORM_HINT)
        return None
    text = nfc(str(value)).strip()
    parts = evidence.split(text)
    if parts is None or not ID_RE.match(parts[1]):
        c.error(path, "invalid-task-ref",
                f"`{text}` không phải dạng `<số hiệu>#<mã nhiệm vụ>`.", FORM_HINT)
        return None
    return TaskRef(text, parts[0], parts[1], c.raw.positions.of(*path))


def task_refs(c: Checker, value: Any, path: tuple[Any, ...]) -> list[TaskRef]:
    """The `tasks` field of a news item: one entry or a list of them."""
    if value is None or value == "" or value == []:
        return []
    items = value if isinstance(value, list) else [value]
    refs = []
    for i, item in enumerate(items):
        ref = task_ref(c, item, (*path, i) if isinstance(value, list) else path)
        if ref:
            refs.append(ref)
    return refs


def check_task_refs(documents: list[Document], news: list[NewsItem], report: Report) -> None:
    """Every task reference names a document of the portal and one of its task ids; a draft
    document is named with a warning (its tasks are not tracked until it is published)."""
    index = evidence.TaskIndex(documents)
    sources: list[Document | NewsItem] = [*documents, *news]
    for record in sources:
        refs = record.fulfils if isinstance(record, Document) else record.tasks
        if not refs or record.source is None:
            continue
        for ref in refs:
            found = index.resolve(ref)
            if isinstance(found, evidence.Unresolved):
                report.error(record.source.path, ref.pos, found.code, found.message, found.hint)
            elif found.document is record:
                report.error(record.source.path, ref.pos, "invalid-task-ref",
                             f"`{ref.text}` là nhiệm vụ của chính văn bản này.",
                             "Ghi ngày hoàn thành bằng `done: YYYY-MM-DD` trong nhiệm vụ đó.")
            elif found.document.draft and not record.draft:
                report.warn(record.source.path, ref.pos, "draft-task-document",
                            f"{found.document.label} còn là bản nháp (`draft: true`): nhiệm vụ "
                            f"`{ref.task}` chưa được theo dõi.",
                            "Đăng văn bản đó (bỏ `draft: true`) hoặc bỏ dòng này.")
