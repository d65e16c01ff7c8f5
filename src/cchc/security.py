"""What the portal lets reach a reader's browser, declared once.

Three policies live here, and everything that publishes reads them from here:

- the HTML allowlist: every HTML fragment that comes from content (Markdown bodies of news,
  documents and ordinary pages) is rendered, then cleaned by Ammonia (`nh3`) with this policy
  — tags, attributes, URL schemes (checked by Ammonia after entity decoding), media only from
  the portal itself. Validation reports, at the line of the source, everything the cleaner
  would remove (`findings`), so nothing is dropped silently and nothing dangerous is built;
- the Content-Security-Policy of every page (`csp`), printed by the layout as a `<meta>` and
  sent by the server configuration (`cchc.deploy`) with the other security headers;
- the file types the portal publishes (attachments, files under `content/`), recognised by
  their content as well as their name (`sniff`).
"""

from __future__ import annotations

import html as html_mod
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nh3

# -- the HTML allowlist ------------------------------------------------------------------------

ALLOWED_TAGS = frozenset({
    # text
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd",
    "samp", "var", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub",
    "sup", "abbr", "cite", "dfn", "q", "time", "span", "div",
    # lists and tables (tasks, figures of reports)
    "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "colgroup", "col", "thead",
    "tbody", "tfoot", "tr", "th", "td",
    # links and media of the portal itself
    "a", "img", "figure", "figcaption", "audio", "video", "source", "track",
    "details", "summary",
})

# Attributes allowed on every tag: anchors (the toc, attr_list `{#id}`), language of a quote.
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": GLOBAL_ATTRIBUTES,
    "a": frozenset({"href", "hreflang", "type"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "audio": frozenset({"src", "controls", "preload"}),
    "video": frozenset({"src", "controls", "preload", "poster", "width", "height"}),
    "source": frozenset({"src", "type"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
    "th": frozenset({"colspan", "rowspan", "scope", "style"}),
    "td": frozenset({"colspan", "rowspan", "style"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "time": frozenset({"datetime"}),
    "abbr": frozenset({"title"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "details": frozenset({"open"}),
}

# Links may go anywhere a reader can follow safely; relative URLs are the portal's own pages.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# `style` is allowed only for what Markdown tables write for column alignment
# (`style="text-align: center;"`): one property that can neither load anything nor cover the
# page. Anything else in a style (position, url(), …) is removed, and reported.
STYLE_PROPERTIES = frozenset({"text-align"})

# Media are loaded when the page opens: only from the portal (no reader's browser contacts
# another origin because of content), so their URLs must be relative.
MEDIA_ATTRIBUTES = frozenset({("img", "src"), ("audio", "src"), ("video", "src"),
                              ("video", "poster"), ("source", "src"), ("track", "src")})

# Classes the theme and the portal's scripts act on: content may not borrow them (`cchc-*` are
# the layout's; `md-*` Material's). A Mermaid block (`class="mermaid"`, or a ```mermaid fence,
# `language-mermaid`) is refused: the portal draws no diagram from content, and a theme that
# did would load a script from another origin.
RESERVED_CLASSES = frozenset({"mermaid", "language-mermaid"})
RESERVED_CLASS_PREFIXES = ("md-", "cchc-")

URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction", "poster", "data",
                            "xlink:href", "ping", "background", "srcset"})


def _is_local_url(value: str) -> bool:
    """A relative URL (no scheme, not protocol-relative), after the normalisation browsers do
    (leading spaces and control characters dropped, tabs and newlines removed)."""
    v = re.sub(r"[\t\n\r]", "", value).lstrip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
                                                "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
                                                "\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    if v.startswith(("//", "\\\\", "/\\", "\\/")):
        return False
    return not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", v)


def _classes(value: str) -> str:
    return " ".join(c for c in value.split()
                    if c not in RESERVED_CLASSES and not c.startswith(RESERVED_CLASS_PREFIXES))


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    """Ammonia's last word on each allowed attribute: media only from the portal, no reserved
    classes."""
    if (tag, attr) in MEDIA_ATTRIBUTES and not _is_local_url(value):
        return None
    if attr == "class":
        return _classes(value) or None
    return value


POLICY: dict[str, Any] = {
    "tags": set(ALLOWED_TAGS),
    "clean_content_tags": {"script", "style"},
    "attributes": {tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    "attribute_filter": _attribute_filter,
    "url_schemes": set(URL_SCHEMES),
    "filter_style_properties": set(STYLE_PROPERTIES),
    "strip_comments": True,
    "link_rel": None,
}


def sanitize(fragment: str) -> str:
    """The fragment as it is published: cleaned with the portal's policy (Ammonia)."""
    return nh3.clean(fragment, **POLICY)


# -- what the cleaner removes, for the editor ---------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """One thing the cleaner removes from a fragment, with what to look for in the source."""

    code: str  # the diagnostic code: unsafe-html, external-media, diagram-fence
    what: str  # in Vietnamese: "thẻ `<script>`", "thuộc tính `onclick=`"…
    needles: tuple[str, ...]  # texts of the source that produced it, most precise first


_TAG_NAME = re.compile(r"</?\s*([^\s/>\x00]+)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*(?=:)")
_PROPERTY = re.compile(r"[A-Za-z\-]+(?=\s*:)")


def _permissive(fragment: str, seen: list[tuple[str, str, str]]) -> str:
    """The fragment through Ammonia with every tag, attribute, scheme and style property it
    contains allowed: the same parse and serialisation as `sanitize`, so the two outputs are
    equal exactly when the policy removes nothing. Over-approximating what "it contains" (every
    word that could be a tag name, scheme or property) is safe: it only allows more."""
    words = {m.group(1) for m in _TAG_NAME.finditer(fragment)}
    # <style> is the one tag Ammonia cannot keep while it filters style attributes: it is
    # unwrapped here (its text stays, so the outputs differ) and reported from `words`.
    tags = (words | {w.lower() for w in words} | set(ALLOWED_TAGS) | _KNOWN_TAGS) - {"style"}
    flat = re.sub(r"[\t\n\r]", "", html_mod.unescape(fragment))
    schemes: set[str] = set()
    for m in _SCHEME.finditer(flat):
        word = m.group(0).lower()
        schemes.update(word[i:] for i in range(len(word)))
    properties = {m.group(0).lower() for m in _PROPERTY.finditer(flat)}

    def record(tag: str, attr: str, value: str) -> str:
        seen.append((tag, attr, value))
        return value

    return nh3.clean(fragment, tags=tags, clean_content_tags=set(),
                     generic_attribute_prefixes={""}, attribute_filter=record,
                     url_schemes=schemes or {"http"},
                     filter_style_properties=properties or {"text-align"},
                     strip_comments=True, link_rel=None)


class _StartTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    handle_startendtag = handle_starttag


def _attribute_finding(tag: str, attr: str, value: str) -> Finding | None:
    allowed = ALLOWED_ATTRIBUTES.get(tag, frozenset()) | GLOBAL_ATTRIBUTES
    name = attr.lower()
    if tag not in ALLOWED_TAGS:
        return None  # the tag itself is reported
    if name.startswith("on"):
        return Finding("unsafe-html", f"thuộc tính sự kiện `{attr}=`", (attr + "=", attr))
    if name not in allowed:
        return Finding("unsafe-html", f"thuộc tính `{attr}=` trên thẻ `<{tag}>`",
                       (attr + "=", attr))
    if (tag, name) in MEDIA_ATTRIBUTES and not _is_local_url(value):
        return Finding("external-media", f"{_MEDIA_WORDS.get(tag, 'tệp')} lấy từ trang khác "
                       f"(`{_short(value)}`)", (value, _short(value)))
    if name in URL_ATTRIBUTES and not _is_local_url(value):
        scheme = re.sub(r"[\s\x00-\x1f]", "", value).split(":", 1)[0].lower()
        if scheme not in URL_SCHEMES:
            return Finding("unsafe-html", f"đường dẫn `{scheme}:`", (value, _short(value)))
    if name == "class":
        removed = [c for c in value.split() if c not in _classes(c).split()]
        if "mermaid" in removed or "language-mermaid" in removed:
            return Finding("diagram-fence", "sơ đồ Mermaid", ("```mermaid", "mermaid"))
        if removed:
            return Finding("unsafe-html", f"lớp giao diện `{removed[0]}` của chuyên trang",
                           (removed[0],))
    if name == "style":
        props = [p.split(":", 1)[0].strip().lower() for p in value.split(";") if ":" in p]
        extra = [p for p in props if p not in STYLE_PROPERTIES]
        if extra:
            return Finding("unsafe-html", f"định dạng `style` (`{extra[0]}`)", ("style=", extra[0]))
    return None


_MEDIA_WORDS = {"img": "ảnh", "audio": "âm thanh", "video": "video", "source": "tệp phát",
                "track": "phụ đề"}


def _short(value: str, limit: int = 40) -> str:
    text = " ".join(value.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean(fragment: str) -> tuple[str, list[Finding]]:
    """The fragment as published (`sanitize`) and everything the cleaning removed from it
    (empty: it is published as written)."""
    published = sanitize(fragment)
    if published == fragment:  # most bodies: nothing can have been removed
        return published, []
    seen: list[tuple[str, str, str]] = []
    kept = _permissive(fragment, seen)
    if kept == published:
        return published, []
    return published, _explain(fragment, kept, seen)


def findings(fragment: str) -> list[Finding]:
    """Everything `sanitize` removes from the fragment."""
    return clean(fragment)[1]


def _explain(fragment: str, kept: str, seen: list[tuple[str, str, str]]) -> list[Finding]:
    found: list[Finding] = []
    for tag, attr, value in seen:
        if (f := _attribute_finding(tag, attr, value)) and f not in found:
            found.append(f)
    parser = _StartTags()
    parser.feed(kept)
    parser.close()
    named = {m.group(1).lower() for m in _TAG_NAME.finditer(fragment)}
    for tag in dict.fromkeys([*parser.tags, *(["style"] if "style" in named else [])]):
        if tag not in ALLOWED_TAGS:
            found.append(Finding("unsafe-html", f"thẻ `<{tag}>`", (f"<{tag}", tag)))
    if not found:  # removed all the same (an invalid link, markup the policy rewrites)
        found.append(Finding("unsafe-html", "HTML không được phép", ("<",)))
    return found


def locate(source: str, needles: Iterable[str], start: int = 0) -> tuple[int, int] | None:
    """(line, column) from 1 of the first needle found in `source` at or after offset `start`
    (case-insensitive; a character may be written as an HTML entity, as in `java&#x09;script`)."""
    for needle in needles:
        if not needle:
            continue
        pattern = "".join(
            f"(?:{re.escape(c)}|&#[xX]?[0-9a-fA-F]+;?|&[A-Za-z]+;?)" if not c.isspace()
            else r"(?:\s|&#[xX]?[0-9a-fA-F]+;?|&[A-Za-z]+;?)*" for c in needle[:60])
        m = re.compile(pattern, re.IGNORECASE).search(source, start)
        if m:
            line = source.count("\n", 0, m.start()) + 1
            return line, m.start() - (source.rfind("\n", 0, m.start()) + 1) + 1
    return None


# Every element name of HTML, SVG and MathML a parser may produce (some spelled as the parser
# rewrites them: `<image>` → img, SVG's camelCase): the permissive pass must know them all.
_KNOWN_TAGS = frozenset(["a", "abbr", "acronym", "address", "applet", "area", "article", "aside", "audio", "b", "base", "basefont", "bdi", "bdo", "bgsound", "big", "blink", "blockquote", "body", "br", "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure", "font", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe", "image", "img", "input", "ins", "isindex", "kbd", "keygen", "label", "legend", "li", "link", "listing", "main", "map", "mark", "marquee", "menu", "menuitem", "meta", "meter", "nav", "nobr", "noembed", "noframes", "noscript", "object", "ol", "optgroup", "option", "output", "p", "param", "picture", "plaintext", "portal", "pre", "progress", "q", "rb", "rp", "rt", "rtc", "ruby", "s", "samp", "script", "search", "section", "select", "slot", "small", "source", "spacer", "span", "strike", "strong", "style", "sub", "summary", "sup", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "tt", "u", "ul", "var", "video", "wbr", "xmp", "svg", "animate", "animateMotion", "animateTransform", "circle", "clipPath", "defs", "desc", "discard", "ellipse", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence", "filter", "foreignObject", "g", "glyphRef", "line", "linearGradient", "marker", "mask", "metadata", "mpath", "path", "pattern", "polygon", "polyline", "radialGradient", "rect", "set", "stop", "switch", "symbol", "text", "textPath", "tspan", "use", "view", "altGlyph", "altGlyphDef", "altGlyphItem", "glyph", "math", "maction", "annotation", "annotation-xml", "menclose", "merror", "mfenced", "mfrac", "mi", "mmultiscripts", "mn", "mo", "mover", "mpadded", "mphantom", "mprescripts", "mroot", "mrow", "ms", "mspace", "msqrt", "mstyle", "msub", "msubsup", "msup", "mtable", "mtd", "mtext", "mtr", "munder", "munderover", "semantics", "none"]) | frozenset(w.lower() for w in ["animateMotion", "animateTransform", "clipPath", "foreignObject", "linearGradient", "radialGradient", "textPath", "glyphRef", "altGlyph", "altGlyphDef", "altGlyphItem"])


# -- the Content-Security-Policy ----------------------------------------------------------------

# Each directive with why it is what it is. Scripts only from the portal's own files
# ('wasm-unsafe-eval': Pagefind's search runs as WebAssembly; it allows compiling WebAssembly,
# not eval of strings); no inline script anywhere. Styles: the portal's stylesheets, plus
# nothing inline (the one style content may write, a table cell's alignment, is published
# as a class: `bodies`).
# Images, fonts, media, fetches and workers: the portal itself (data: images are the icons of
# the theme's stylesheet). Nothing may be framed, embedded or used as <base>; forms submit only
# to the portal (the search box).
CSP_DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'none'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("media-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("frame-src", "'none'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
# Directives a <meta> cannot carry (browsers ignore them there): only in the server's header.
HEADER_ONLY_DIRECTIVES: tuple[tuple[str, str], ...] = (("frame-ancestors", "'none'"),)


def csp(*, header: bool = False) -> str:
    """The Content-Security-Policy of every page; `header`: as the server sends it (with the
    directives a `<meta>` cannot carry)."""
    directives = CSP_DIRECTIVES + (HEADER_ONLY_DIRECTIVES if header else ())
    return "; ".join(f"{name} {value}" for name, value in directives)


def headers(*, tls: bool) -> list[tuple[str, str]]:
    """The security headers every response carries (HSTS only over TLS: browsers ignore it
    over plain HTTP, and an intranet portal may have no certificate)."""
    out = [
        ("Content-Security-Policy", csp(header=True)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                               "interest-cohort=()"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if tls:
        out.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
    return out


# -- the file types the portal publishes --------------------------------------------------------

@dataclass(frozen=True)
class FileType:
    extensions: tuple[str, ...]
    mime: str
    label: str  # in Vietnamese, for messages
    download: bool  # served with Content-Disposition: attachment (opened by another program)


PUBLISHED_TYPES: tuple[FileType, ...] = (
    FileType((".pdf",), "application/pdf", "PDF", False),
    FileType((".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml."
             "document", "Word (DOCX)", True),
    FileType((".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "Excel (XLSX)", True),
    FileType((".odt",), "application/vnd.oasis.opendocument.text", "OpenDocument (ODT)", True),
    FileType((".ods",), "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument (ODS)",
             True),
    FileType((".png",), "image/png", "ảnh PNG", False),
    FileType((".jpg", ".jpeg"), "image/jpeg", "ảnh JPEG", False),
    FileType((".gif",), "image/gif", "ảnh GIF", False),
    FileType((".webp",), "image/webp", "ảnh WebP", False),
    FileType((".mp3",), "audio/mpeg", "âm thanh MP3", False),
    FileType((".m4a",), "audio/mp4", "âm thanh M4A", False),
    FileType((".ogg", ".oga"), "audio/ogg", "âm thanh OGG", False),
    FileType((".mp4",), "video/mp4", "video MP4", False),
    FileType((".webm",), "video/webm", "video WebM", False),
    FileType((".vtt",), "text/vtt", "phụ đề WebVTT", False),
    FileType((".txt",), "text/plain", "văn bản thuần", False),
)
BY_EXTENSION: dict[str, FileType] = {ext: t for t in PUBLISHED_TYPES for ext in t.extensions}
# Files that may sit under content/ without being one of those types: they are not published
# as pages of the portal's origin (MkDocs' own files).
STATIC_NAMES = frozenset({"CNAME", ".nojekyll"})


def published_type(name: str) -> FileType | None:
    return BY_EXTENSION.get(Path(name).suffix.lower())


_ZIP_KINDS = {"word/document.xml": ".docx", "xl/workbook.xml": ".xlsx"}
_ODF = {b"application/vnd.oasis.opendocument.text": ".odt",
        b"application/vnd.oasis.opendocument.spreadsheet": ".ods"}


def _zip_kind(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "mimetype" in names:
                return _ODF.get(z.read("mimetype").strip())
            return next((ext for entry, ext in _ZIP_KINDS.items() if entry in names), None)
    except (zipfile.BadZipFile, OSError, KeyError):
        return None


def sniff(path: Path) -> str | None:
    """The published type's extension the file's *content* is (".pdf", ".docx"…), or None when
    it is none of them (an HTML or SVG file, a script, a file renamed to look like a PDF)."""
    try:
        with path.open("rb") as f:
            head = f.read(512)
    except OSError:
        return None
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return ".gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return ".mp3"
    if head.startswith(b"OggS"):
        return ".ogg"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return ".m4a" if brand in (b"M4A ", b"M4B ") else ".mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return ".webm"
    if head.startswith(b"WEBVTT"):
        return ".vtt"
    return _text_kind(head)


def _text_kind(head: bytes) -> str | None:
    """Plain text: UTF-8 without NUL bytes, and nothing a browser would sniff as markup."""
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        text = head[:-4].decode("utf-8", errors="ignore") if len(head) == 512 else ""
        if not text:
            return None
    if re.search(r"<\s*(?:!doctype|html|script|svg|body|head|iframe|\?xml)", text, re.I):
        return None
    return ".txt"


def same_kind(extension: str, sniffed: str | None) -> bool:
    """Whether the content found matches the name's type (.jpeg is .jpg, .oga is .ogg…)."""
    if sniffed is None:
        return False
    named, found = BY_EXTENSION.get(extension.lower()), BY_EXTENSION.get(sniffed)
    if named is None or found is None:
        return False
    if named.mime == found.mime:
        return True
    # An MP4 container holds audio or video; a text file is what a WebVTT one is too.
    return {named.mime, found.mime} in ({"audio/mp4", "video/mp4"}, {"text/vtt", "text/plain"})
