"""Which plan task a `tasks:` entry of a news item or a document names (SPEC §8).

"107/KH-UBND#tin-bai" names the task `id: tin-bai` of the document numbered 107/KH-UBND; a
document without number is named by its id ("2024/ke-hoach-tuyen-truyen#bao-cao-nam"). The
validator uses `TaskIndex` to report what does not resolve (with the near misses), the catalog
to link each task to the items that show it done. Pure: records in, answers out.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass

from .model import Document, Task, TaskRef
from .refs import number_key


@dataclass(frozen=True)
class Resolved:
    document: Document
    task: Task


@dataclass(frozen=True)
class Unresolved:
    code: str  # unknown-task-document | unknown-task | ambiguous-task-ref
    message: str
    hint: str


def split(text: str) -> tuple[str, str] | None:
    """("107/KH-UBND", "tin-bai") of "107/KH-UBND#tin-bai"; None without a "#"."""
    document, sep, task = text.rpartition("#")
    if not sep or not document.strip() or not task.strip():
        return None
    return document.strip(), task.strip()


class TaskIndex:
    """Documents by id and by số hiệu, to resolve task references."""

    def __init__(self, documents: list[Document]) -> None:
        self.by_id = {d.id: d for d in documents}
        self.by_number: dict[str, list[Document]] = defaultdict(list)
        for doc in documents:
            if doc.number:
                self.by_number[number_key(doc.number)].append(doc)

    def documents(self, ref: TaskRef) -> list[Document]:
        if ref.document in self.by_id:
            return [self.by_id[ref.document]]
        return self.by_number.get(number_key(ref.document), [])

    def resolve(self, ref: TaskRef) -> Resolved | Unresolved:
        docs = self.documents(ref)
        if not docs:
            numbers = [d.number for same in self.by_number.values() for d in same if d.number]
            close = difflib.get_close_matches(ref.document, [*numbers, *self.by_id], n=1,
                                              cutoff=0.6)
            guess = f" Có phải `{close[0]}`?" if close else ""
            return Unresolved(
                "unknown-task-document",
                f"Không có văn bản `{ref.document}` trên chuyên trang (trong `{ref.text}`)."
                + guess,
                "Ghi số hiệu của kế hoạch giao nhiệm vụ (hoặc mã văn bản khi kế hoạch chưa có "
                "số, như trong địa chỉ /van-ban/<mã>/), rồi dấu # và mã nhiệm vụ, ví dụ "
                '`tasks: ["107/KH-UBND#tin-bai"]`.')
        if len(docs) > 1:
            ids = ", ".join(f"`{d.id}`" for d in docs)
            return Unresolved(
                "ambiguous-task-ref",
                f"Số hiệu `{ref.document}` khớp với {len(docs)} văn bản: {ids}.",
                f"Ghi mã văn bản thay cho số hiệu, ví dụ `\"{docs[0].id}#{ref.task}\"`.")
        doc = docs[0]
        for task in doc.tasks:
            if task.id == ref.task:
                return Resolved(doc, task)
        task_ids = [t.id for t in doc.tasks if t.id]
        close = difflib.get_close_matches(ref.task, task_ids, n=1, cutoff=0.6)
        if close:
            hint = f"Sửa thành `{ref.document}#{close[0]}`."
        elif task_ids:
            hint = ("Các mã nhiệm vụ của văn bản này: " + ", ".join(f"`{i}`" for i in task_ids)
                    + ".")
        else:
            hint = ("Văn bản này chưa đặt mã cho nhiệm vụ nào: thêm dòng `id: " + ref.task
                    + "` vào nhiệm vụ tương ứng trong phụ lục của văn bản.")
        guess = f" Có phải `{close[0]}`?" if close else ""
        return Unresolved("unknown-task",
                          f"{doc.label} không có nhiệm vụ mã `{ref.task}`." + guess, hint)


def reference_for(doc: Document, task: Task) -> str:
    """How an editor names the task: "<số hiệu>#<id>", or "<document id>#<id>"."""
    return f"{doc.number or doc.id}#{task.id or '<mã nhiệm vụ>'}"
