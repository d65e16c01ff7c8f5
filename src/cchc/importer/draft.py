"""The Markdown draft: front matter in SPEC §2 order with `draft: true`, a `# CẦN KIỂM TRA:`
line above every field the importer is not sure of (with the reason), proposed agencies as a
ready-to-paste block, then the body."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ..text import slugify
from ..vocab import KINDS
from .agencies import Proposal
from .model import ORIGIN_ANNOUNCED, Imported
from .textkit import TODO, comment, dump


def suggested_path(imp: Imported) -> str | None:
    """Where the draft belongs: plans/<year>/<số hiệu>-<agency>.md, or by kind and title."""
    if not imp.year:
        return None
    if imp.number and imp.agency:
        stem = f"{slugify(imp.number)}-{imp.agency}"
    else:
        label = KINDS.get(imp.kind or "khac", "") if imp.kind != "khac" else "van-ban"
        words = slugify(f"{label} {imp.title or ''}").split("-")
        stem = "-".join(words[:10]) or "van-ban"
    return f"plans/{imp.year}/{stem}.md"


def _placeholder_kinds() -> str:
    return " | ".join(KINDS)


def render(imp: Imported, *, present_files: Collection[str] | None = None) -> str:
    """The draft. Attachments are written as a field only when the file is present beside the
    draft (`present_files`); otherwise as a comment, since a missing attachment fails
    validation."""
    out = ["---"]
    source = f" từ `{imp.source}`" if imp.source else ""
    out.append(f"# Bản nháp do `cchc import` tạo{source}. Đọc lại, sửa các dòng “{TODO}”, rồi "
               "đổi `draft: true` thành `draft: false`.")
    if path := suggested_path(imp):
        out.append(f"# Gợi ý nơi lưu: {path}")
    out.extend(f"# {TODO}: {comment(note)}" for note in imp.notes)

    def scalar(key: str, value: Any, placeholder: str) -> None:
        if (flag := imp.flags.get(key)) is not None:
            out.append(f"# {TODO}: {comment(flag)}")
        out.append(f"{key}: {dump(value)}" if value not in (None, "", []) else
                   f"# {key}: {placeholder}")

    scalar("number", imp.number, "<số hiệu, ví dụ 107/KH-UBND>")
    scalar("kind", imp.kind, f"<{_placeholder_kinds()}>")
    scalar("title", imp.title, "<trích yếu>")
    scalar("agency", imp.agency, "<mã cơ quan ban hành>")
    if imp.agency_text and imp.agency:
        out[-1] += f"  # {comment(imp.agency_text)}"
    if imp.published:
        out.append(f"# Ngày đăng trên trang web: {imp.published:%d/%m/%Y}")
    scalar("issued", imp.issued, "<YYYY-MM-DD>")
    scalar("year", imp.year, "<YYYY>")
    if imp.period or imp.kind == "bao-cao":
        scalar("period", imp.period, "<Quý I/2024 | 6 tháng/2024 | 9 tháng/2024 | Năm 2024>")
    scalar("signer", imp.signer.as_yaml() if imp.signer else None,
           "{name: <họ tên>, title: <chức vụ>}")
    if imp.refs:
        out.append("refs:")
        for ref in imp.refs:
            first = True
            for key, value in ref.as_yaml().items():
                line = f"  {'- ' if first else '  '}{key}: {dump(value)}"
                if key == "agency" and ref.comment:
                    line += f"  # {comment(ref.comment)}"
                out.append(line)
                first = False
    else:
        out.append("refs: []  # không thấy căn cứ nào trong phần mở đầu")
    if imp.topics:
        out.append(f"topics: {dump(list(imp.topics))}  # gợi ý theo nội dung, bỏ bớt nếu thừa")
    if imp.tags:
        out.append(f"tags: {dump(list(imp.tags))}")
    _attachments(out, imp, set(present_files or ()))
    _tasks(out, imp)
    out.append("draft: true")
    if imp.proposals:
        out.append(f"# {TODO}: các cơ quan dưới đây chưa có trong content/agencies.yml. Kiểm tra "
                   "tên, cấp, cơ quan cấp trên rồi chép vào danh mục (bỏ dấu # đầu dòng):")
        for entry in imp.proposals:
            out.extend("# " + line for line in agency_entry(entry))
    out.append("---")
    out.append("")
    if imp.origin == ORIGIN_ANNOUNCED and imp.announced_in:
        out.append(f"> {comment(imp.announced_in)}")
        out.append("")
    if imp.body_markdown:
        out.append(imp.body_markdown.rstrip("\n"))
        out.append("")
    return "\n".join(out)


def _attachments(out: list[str], imp: Imported, present: set[str]) -> None:
    if not imp.attachments:
        return
    here = [a for a in imp.attachments if a in present]
    missing = [a for a in imp.attachments if a not in present]
    if here:
        out.append(f"attachments: {dump(here)}")
    if missing:
        out.append(f"# {TODO}: chép tệp đính kèm {', '.join(missing)} vào cùng thư mục với "
                   "tệp này rồi bỏ dấu # ở dòng dưới")
        out.append(f"# attachments: {dump(list(imp.attachments))}")


def _tasks(out: list[str], imp: Imported) -> None:
    if not imp.tasks:
        return
    out.append("tasks:")
    for task in imp.tasks:
        if task.note:
            out.append(f"  # {TODO}: {comment(task.note)}")
        first = True
        for key, value in task.as_yaml().items():
            line = f"  {'- ' if first else '  '}{key}: {dump(value)}"
            if task.comments.get(key):
                line += f"  # {comment(task.comments[key])}"
            out.append(line)
            first = False
        if task.comments.get("support_only"):
            out.append(f"    # {comment(task.comments['support_only'])}")


def agency_entry(entry: Proposal) -> list[str]:
    lines = [f"- id: {entry.id}", f"  name: {dump(entry.name)}", f"  level: {entry.level}",
             f"  parent: {entry.parent or 'null'}"]
    if entry.aliases:
        lines.append(f"  aliases: {dump(list(entry.aliases))}")
    return lines


def proposals_yaml(imp: Imported) -> str:
    """The proposed agencies as agencies.yml text (what the comment block says, uncommented)."""
    return "\n".join(line for e in imp.proposals for line in agency_entry(e)) + "\n"
