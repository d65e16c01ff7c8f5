"""News items (tin bài, content/tin-tuc/**/*.md)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from .. import images, schema, security, urls
from .. import media as media_mod
from ..dates import VN_TZ, local_day
from ..load import RawRecord, read_text
from ..model import (
    Author,
    Media,
    NewsItem,
    Picture,
    Source,
    Transcript,
)
from ..text import nfc, slugify
from ..vocab import DEFAULT_FORMAT, FORMATS
from .aliases import aliases as check_aliases
from .aliases import positions as alias_positions
from .body import check_content, check_placeholder_fields
from .context import Context
from .fields import ID_RE, Checker
from .files import type_problem
from .html import check_body
from .tasks import task_refs

IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
AUDIO_EXTENSIONS = (".mp3", ".m4a", ".ogg", ".oga")
VIDEO_EXTENSIONS = (".mp4", ".webm")
MEDIA_FORMATS = {"phat-thanh": AUDIO_EXTENSIONS, "video": VIDEO_EXTENSIONS}
TRANSCRIPT_EXTENSIONS = (".txt", ".md", ".vtt")


def validate_news(raw: RawRecord, ctx: Context,
                  transcripts: dict[Path, RawRecord] | None = None) -> NewsItem | None:
    c = Checker(ctx.report, raw)
    v = c.fields(raw.data, schema.NEWS_FIELDS, what=" của tin bài")
    draft = v.get("draft", False)
    body = check_content(c, raw, draft, "tin bài")
    check_placeholder_fields(c, v, draft)
    agency = ctx.agency(c, v.get("agency"), ("agency",), "cơ quan đưa tin")
    when = v.get("date")  # in the portal's years (checked), so every conversion below is safe
    if isinstance(when, date) and not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day, tzinfo=VN_TZ)
    elif isinstance(when, datetime) and when.tzinfo is None:
        when = when.replace(tzinfo=VN_TZ)  # naive times are Vietnam time (SPEC §3)
    elif isinstance(when, datetime):
        when = when.astimezone(VN_TZ)
    if isinstance(when, datetime):
        ctx.check_active(c, agency, local_day(when), ("agency",), "Tin bài")
    slug = v.get("slug")
    if slug is not None and not ID_RE.match(slug):
        fixed = slugify(slug) or _fallback_slug(raw, when)
        c.error(("slug",), "invalid-slug", f"Đường dẫn `{slug}` không hợp lệ.",
                f"Chỉ dùng chữ thường không dấu, số và dấu gạch ngang: `slug: {fixed}`.")
    title = v.get("title")
    if slug is None and title:
        slug = slugify(title)
        if not slug:
            c.error(("title",), "empty-slug",
                    f"Tiêu đề `{title}` không có chữ hoặc số nào để làm đường dẫn của tin bài "
                    "(đường dẫn lấy từ tiêu đề bỏ dấu), nên tin bài sẽ không có địa chỉ.",
                    f"Thêm dòng `slug: {_fallback_slug(raw, when)}` (chữ thường không dấu, số, "
                    "dấu gạch nối).")
    documents = ctx.references(c, raw.data["documents"], ("documents",)) \
        if raw.data.get("documents") else []
    picture = _picture(c, ctx, raw, v.get("image"), v.get("image_alt"))
    fmt = v.get("format", DEFAULT_FORMAT)
    media = _media(c, ctx, raw, v.get("media"), fmt)
    transcript = _transcript(c, ctx, raw, v.get("transcript"), transcripts or {})
    if media is not None and "transcript" not in raw.data:
        c.error(("media",), "transcript-missing",
                "Tin bài có `media` (bản ghi âm, video) nhưng thiếu `transcript`: người khiếm "
                "thính và người không nghe được cần đọc được nội dung.",
                f"Ghi lời của chương trình vào một tệp văn bản đặt cạnh tệp này, ví dụ "
                f"`{Path(media.name).stem}.txt`, rồi thêm dòng `transcript: "
                f"{Path(media.name).stem}.txt`.")
    safe = check_body(ctx, raw, raw.path.parent.relative_to(ctx.docs_path).as_posix(), body)
    tasks = task_refs(c, raw.data.get("tasks"), ("tasks",))
    authors = _authors(c, raw.data.get("authors"))
    if authors and v.get("author"):
        c.error(("authors",), "author-and-authors",
                "Tin bài ghi cả `author` và `authors`.",
                "Giữ một trong hai: `author: Trần Thị B` (một tác giả) hoặc `authors:` (các đồng "
                "tác giả, mỗi người một dòng `- {name: …, share: …}`).")
    item_id = f"{when.year}/{slug}" if when and slug else ""
    found = check_aliases(c, raw.data.get("aliases"), urls.news(item_id)) if item_id else []
    if not (c.ok and safe and agency and when and title and slug):
        return None
    return NewsItem(
        id=item_id, title=title, date=when, agency=agency, slug=slug,
        author=v.get("author", ""), topics=v.get("topics", []), tags=v.get("tags", []),
        documents=documents, description=v.get("description", ""), image=v.get("image", ""),
        picture=picture, media=media, transcript=transcript,
        format=fmt, tasks=tasks, grade=v.get("grade", ""),
        authors=authors, aliases=[url for url, _ in found], draft=draft, body=body,
        source=Source(raw.path, 1, {
            **{k: raw.positions.of(k) for k in ("grade", "format", "date", "title", "slug")
               if k in raw.data}, **alias_positions(found)}),
    )


AUTHORS_HINT = ("Viết mỗi tác giả một dòng: `- {name: Trần Thị B, share: 60}`, phần (`share`, "
                "tính bằng %) cộng lại 100; bỏ `share` ở mọi dòng để chia đều.")


def _authors(c: Checker, value: Any) -> list[Author]:
    """Co-authors: names (shared equally) or {name, share} with shares summing to 100 %."""
    if value is None or value == "" or value == []:
        return []
    if not isinstance(value, list):
        c.error(("authors",), "invalid-type", "Trường `authors` phải là một danh sách tác giả.",
                AUTHORS_HINT)
        return []
    names: list[str] = []
    shares: list[float | None] = []
    for i, item in enumerate(value):
        path = ("authors", i)
        if isinstance(item, str) and item.strip():
            names.append(nfc(item).strip())
            shares.append(None)
        elif isinstance(item, dict):
            a = c.fields(item, schema.AUTHOR_FIELDS, path, " của tác giả")
            if "name" not in a:
                continue
            share = a.get("share")
            if share is not None and not 0 < share <= 100:
                c.error((*path, "share"), "invalid-value",
                        f"Phần nhuận bút `{share}` phải lớn hơn 0 và không quá 100 (%).",
                        AUTHORS_HINT)
                share = None
            names.append(a["name"])
            shares.append(float(share) if share is not None else None)
        else:
            c.error(path, "invalid-type", "Mỗi tác giả là một tên hoặc `{name: …, share: …}`.",
                    AUTHORS_HINT)
    if not names:
        return []
    given = [s for s in shares if s is not None]
    if not given:
        return [Author(n, 100.0 / len(names)) for n in names]
    if len(given) != len(shares) or abs(sum(given) - 100) > 1e-9:
        c.error(("authors",), "author-shares",
                f"Phần nhuận bút của các tác giả cộng lại {_pct(sum(given))}%"
                + (", có người chưa ghi phần" if len(given) != len(shares) else "")
                + "; phải đủ 100%.", AUTHORS_HINT)
        return []
    return [Author(n, s) for n, s in zip(names, given, strict=True)]


def _pct(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _fallback_slug(raw: RawRecord, when: datetime | None) -> str:
    """A slug to suggest: the file's name when it is one, else "tin-<date>"."""
    stem = slugify(raw.path.stem)
    if stem:
        return stem
    return f"tin-{when.date().isoformat()}" if when else "tin-moi"


# -- media: the picture, the recording and its transcript (SPEC §10) ---------------------------

def _published_url(ctx: Context, target: Path) -> str:
    return urls.content_file(target.relative_to(ctx.docs_path.resolve()).as_posix())


def _picture(c: Checker, ctx: Context, raw: RawRecord, name: str | None,
             alt: str | None) -> Picture | None:
    if not name:
        if alt:
            c.warn(("image_alt",), "image-alt-without-image",
                   "Có `image_alt` nhưng không có `image`: mô tả này không dùng cho ảnh nào.",
                   "Thêm dòng `image: <tên tệp ảnh>` hoặc xóa dòng `image_alt`.")
        return None
    target = ctx.local_file(c, raw, name, ("image",), "Ảnh")
    if not alt:
        c.error(("image",), "image-alt-missing",
                "Ảnh minh họa cần mô tả (`image_alt`) cho người đọc bằng trình đọc màn hình và "
                "khi ảnh không tải được.",
                "Thêm dòng `image_alt: <ảnh cho thấy gì>`, ví dụ `image_alt: Cán bộ Bộ phận "
                "một cửa hướng dẫn người dân nộp hồ sơ trực tuyến`.")
    if target is None:
        return None
    ftype = security.published_type(target.name)
    problem = type_problem(target, target.name)
    if problem is None and (ftype is None or ftype.mime not in IMAGE_TYPES):
        problem = f"là tệp {ftype.label if ftype else target.suffix}, không phải ảnh"
    if problem is not None:
        c.error(("image",), "image-type", f"Ảnh `{name}` {problem}.",
                "Dùng ảnh JPEG, PNG, GIF hoặc WebP (chụp màn hình, ảnh từ máy ảnh, điện thoại) "
                "và ghi đúng tên tệp, ví dụ `image: hoi-nghi.jpg`.")
        return None
    try:
        width, height, digest = images.inspect(target)
    except images.Unreadable as exc:
        c.error(("image",), "image-unreadable",
                f"Không đọc được ảnh `{name}` ({exc}).",
                "Mở ảnh bằng một chương trình xem ảnh; nếu không mở được, chép lại tệp gốc. "
                "Ảnh quét, ảnh rất lớn: lưu lại ở cỡ nhỏ hơn (chiều rộng 2000 điểm ảnh là đủ).")
        return None
    return Picture(name, target, width, height, digest, alt or "")


def _in_folder(c: Checker, ctx: Context, raw: RawRecord, name: str, key: str,
               what: str) -> Path | None:
    """A file named by `key`, beside the record (its own folder, under content/)."""
    here = raw.path.parent.relative_to(ctx.root).as_posix() \
        if raw.path.parent.is_relative_to(ctx.root) else raw.path.parent
    if "/" in name or "\\" in name or name.startswith("."):
        c.error((key,), "media-place", f"{what} `{name}` phải nằm ngay trong thư mục của tin bài.",
                f"Chép tệp vào thư mục `{here}` (cùng thư mục với tệp Markdown) và ghi tên "
                f"tệp: `{key}: {Path(name).name.lstrip('.') or 'chuong-trinh.mp3'}`.")
        return None
    return ctx.local_file(c, raw, name, (key,), what)


def _media(c: Checker, ctx: Context, raw: RawRecord, name: str | None,
           fmt: str) -> Media | None:
    if not name:
        return None
    if fmt not in MEDIA_FORMATS:
        c.error(("media",), "media-format",
                f"`media` chỉ dùng cho tin bài phát thanh hoặc video, nhưng tin bài này có "
                f"hình thức `{fmt}` ({FORMATS.get(fmt, fmt)}).",
                "Thêm dòng `format: phat-thanh` (bản ghi âm) hoặc `format: video`; ảnh minh họa "
                "ghi ở `image:`.")
        return None
    target = _in_folder(c, ctx, raw, name, "media", "Tệp ghi âm, video")
    if target is None:
        return None
    allowed = MEDIA_FORMATS[fmt]
    ext = target.suffix.lower()
    problem = type_problem(target, target.name)
    if problem is None and ext not in allowed:
        problem = (f"không phải {'bản ghi âm' if fmt == 'phat-thanh' else 'video'} "
                   f"({', '.join(e.lstrip('.').upper() for e in allowed)})")
    if problem is not None:
        c.error(("media",), "media-type", f"Tệp `{name}` {problem}.",
                "Tin phát thanh: MP3, M4A hoặc OGG; video: MP4 (H.264) hoặc WebM. Xuất lại tệp "
                "từ phần mềm dựng, ví dụ `media: chuong-trinh-so-3.mp3`.")
        return None
    try:
        length = media_mod.duration(target)
    except media_mod.Unreadable as exc:
        c.error(("media",), "media-unreadable", f"Không đọc được tệp `{name}` ({exc}).",
                "Mở thử tệp bằng một trình phát; nếu không phát được, xuất lại tệp từ phần "
                "mềm ghi âm, dựng video.")
        return None
    ftype = security.published_type(target.name)
    assert ftype is not None
    mime = ftype.mime
    if fmt == "video" and mime == "audio/mp4":
        mime = "video/mp4"
    return Media(target.name, target, _published_url(ctx, target), target.stat().st_size, mime,
                 length)


def _transcript(c: Checker, ctx: Context, raw: RawRecord, name: str | None,
                transcripts: dict[Path, RawRecord]) -> Transcript | None:
    if not name:
        return None
    target = _in_folder(c, ctx, raw, name, "transcript", "Tệp lời")
    if target is None:
        return None
    ext = target.suffix.lower()
    if ext not in TRANSCRIPT_EXTENSIONS:
        c.error(("transcript",), "transcript-type",
                f"Tệp lời `{name}` không phải văn bản `.txt`, Markdown `.md` hay phụ đề `.vtt`.",
                f"Lưu lời của chương trình thành tệp văn bản (Notepad: Lưu thành… mã hóa UTF-8), "
                f"ví dụ `transcript: {target.stem}.txt`.")
        return None
    if ext == ".md":
        record = transcripts.get(target)
        if record is None:  # it has a front matter: it was read as a news item
            c.error(("transcript",), "transcript-type",
                    f"Tệp lời `{name}` có phần thông tin đầu trang (`---`) như một tin bài.",
                    "Xóa phần giữa hai dòng `---` ở đầu tệp lời: tệp lời chỉ có nội dung.")
            return None
        folder = raw.path.parent.relative_to(ctx.docs_path).as_posix()
        if not check_body(ctx, record, folder):
            c.ok = False
            return None
        text = record.body
    else:
        problem = type_problem(target, target.name)
        if problem is not None:
            c.error(("transcript",), "transcript-type", f"Tệp lời `{name}` {problem}.",
                    f"Lưu lời của chương trình thành văn bản thuần (UTF-8), ví dụ "
                    f"`transcript: {target.stem}.txt`.")
            return None
        read = read_text(target, ctx.report)
        if read is None:
            c.ok = False
            return None
        text = read
        if ext == ".vtt":
            if not media_mod.is_vtt(text):
                c.error(("transcript",), "transcript-type",
                        f"Tệp phụ đề `{name}` không bắt đầu bằng dòng `WEBVTT`.",
                        "Xuất lại phụ đề dạng WebVTT, hoặc đổi tên tệp thành `.txt` nếu đó là "
                        "văn bản thường.")
                return None
            text = media_mod.vtt_text(text)
    if not text.strip():
        c.error(("transcript",), "transcript-missing", f"Tệp lời `{name}` không có nội dung.",
                "Ghi vào tệp toàn bộ lời của chương trình (lời dẫn, lời người được phỏng vấn).")
        return None
    url = "" if ext == ".md" else _published_url(ctx, target)
    return Transcript(target.name, url, ext.lstrip("."), text)
