"""Questions and answers (hỏi đáp, content/hoi-dap/**/*.md): a citizen's question in the front
matter, the answering agency's answer as the Markdown body (SPEC §9)."""

from __future__ import annotations

from .. import schema, urls
from ..load import RawRecord
from ..model import Question, Source
from ..text import slugify
from .aliases import aliases as check_aliases
from .aliases import positions as alias_positions
from .context import Context
from .fields import ID_RE, Checker
from .html import check_body


def validate_question(raw: RawRecord, ctx: Context) -> Question | None:
    c = Checker(ctx.report, raw)
    v = c.fields(raw.data, schema.QUESTION_FIELDS, what=" của câu hỏi")
    agency = ctx.agency(c, v.get("agency"), ("agency",), "cơ quan trả lời")
    asked, answered = v.get("asked"), v.get("answered")
    answer = raw.body.strip()
    if asked and answered and answered < asked:
        c.error(("answered",), "answered-before-asked",
                f"Ngày trả lời {answered:%d/%m/%Y} trước ngày nhận câu hỏi {asked:%d/%m/%Y}.",
                "Kiểm tra lại `asked:` (ngày nhận câu hỏi) và `answered:` (ngày trả lời).")
    if answered and "agency" not in raw.data:
        c.error(("answered",), "missing-field",
                "Câu hỏi đã có ngày trả lời nhưng thiếu cơ quan trả lời `agency`.",
                "Thêm dòng `agency: <mã cơ quan trong content/agencies.yml>` — người đọc cần "
                "biết cơ quan nào trả lời.")
    if answered and not answer:
        c.error(("answered",), "answer-missing",
                "Câu hỏi ghi ngày trả lời nhưng chưa có nội dung câu trả lời.",
                "Viết câu trả lời bên dưới dòng `---` thứ hai; nếu chưa trả lời, xóa dòng "
                "`answered:`.")
    if answer and not answered and "answered" not in raw.data:
        c.warn((), "answer-undated",
               "Tệp có nội dung trả lời nhưng chưa ghi ngày trả lời: câu hỏi được đăng là "
               "“chưa trả lời” và câu trả lời chưa hiện.",
               "Khi câu trả lời đã được duyệt, thêm dòng `answered: YYYY-MM-DD` và "
               "`agency: <mã cơ quan trả lời>`.")
    slug = v.get("slug")
    if slug is not None and not ID_RE.match(slug):
        c.error(("slug",), "invalid-slug", f"Đường dẫn `{slug}` không hợp lệ.",
                f"Chỉ dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ `{slugify(slug)}`.")
    # The file's name, not the question's text: editing the question keeps the address.
    slug = slug or slugify(raw.path.stem)
    safe = check_body(ctx, raw, raw.path.parent.relative_to(ctx.docs_path).as_posix())
    item_id = f"{asked.year}/{slug}" if asked else ""
    found = check_aliases(c, raw.data.get("aliases"), urls.question(item_id)) if asked else []
    if not (c.ok and safe and asked and "question" in v):
        return None
    return Question(
        id=item_id, question=v["question"], asked=asked, slug=slug, title=v.get("title", ""),
        answered=answered, agency=agency, asker=v.get("asker", ""), topics=v.get("topics", []),
        aliases=[url for url, _ in found], draft=v.get("draft", False),
        body=raw.body if answered else "",
        source=Source(raw.path, 1, {
            **{k: raw.positions.of(k) for k in ("question", "asked", "slug") if k in raw.data},
            **alias_positions(found)}),
    )
