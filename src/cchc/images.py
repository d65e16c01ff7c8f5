"""News pictures: read once at validation, resized at build time for phones and desktops.

A picture is published as WebP copies at the widths the layout shows it at (a thumbnail of
6–8 rem in lists, the text column of 46 rem on its page, twice that for high-density screens),
never wider than the original, with one JPEG for browsers without WebP and one for sharing
(`og:image`: Facebook and Zalo read JPEG). The original file is never what a page shows.

Copies are named by the picture's content and the recipe (`<stem>-<hash>-<width>.webp`), so a
server may keep them for a year and a build reuses a copy already made: resizing is done once
per picture and recipe, kept in `.cchc-cache/images/` beside mkdocs.yml (a missing or read-only
cache only means resizing again). The same bytes come out every time: Pillow's encoders are
deterministic and nothing of the file's metadata (EXIF, GPS position, date) is copied.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from . import urls
from .model import Picture
from .text import slugify

RECIPE = "1"  # change it when the encoding changes: every copy then gets a new name
WIDTHS = (160, 320, 480, 736, 1104, 1472)  # thumbnails (1×, 2×) … the text column (1×, 2×)
FALLBACK_WIDTH = 736  # the JPEG of <img src> for browsers without WebP
SHARE_WIDTH = 1200  # og:image, as Facebook recommends
WEBP_QUALITY = 80
JPEG_QUALITY = 82
CACHE_DIR = ".cchc-cache/images"
# Pictures larger than this many pixels are refused (a decompression bomb, or a scan at 1200
# dpi): Pillow's own limit would only warn below twice that.
MAX_PIXELS = 60_000_000


class Unreadable(ValueError):
    """The file is not a picture Pillow can read."""


def inspect(path: Path) -> tuple[int, int, str]:
    """(width, height, digest) of a picture, its size as shown (the camera's orientation
    applied). Raises `Unreadable`."""
    from PIL import Image, UnidentifiedImageError

    data = path.read_bytes()
    try:
        with Image.open(BytesIO(data)) as im:
            width, height = im.size
            if width * height > MAX_PIXELS:
                raise Unreadable(f"ảnh {width}×{height} điểm ảnh, quá lớn")
            im.verify()
        with Image.open(BytesIO(data)) as im:
            orientation = im.getexif().get(0x0112, 1)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as exc:
        raise Unreadable(str(exc)) from exc
    if orientation in (5, 6, 7, 8):  # turned a quarter: width and height swap
        width, height = height, width
    return width, height, hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Variant:
    """One resized copy: where it is published and what it is made from."""

    path: str  # root-relative, beside the item's page
    width: int
    height: int
    format: str  # WEBP | JPEG
    source: Path
    key: str  # the cache's name of these bytes

    @property
    def url(self) -> str:
        return self.path

    @property
    def mime(self) -> str:
        return "image/webp" if self.format == "WEBP" else "image/jpeg"


@dataclass(frozen=True)
class Rendition:
    """Every copy of one picture and what a template writes with them."""

    picture: Picture
    webp: tuple[Variant, ...]  # narrowest first
    fallback: Variant  # JPEG, the text column's width
    share: Variant  # JPEG for og:image

    @property
    def alt(self) -> str:
        return self.picture.alt

    @property
    def files(self) -> tuple[Variant, ...]:
        return (*self.webp, self.fallback, self.share)


def widths(width: int) -> list[int]:
    """The widths a picture `width` pixels wide is published at: the layout's, up to its own."""
    out = [w for w in WIDTHS if w < width]
    if width <= WIDTHS[-1]:
        out.append(width)
    return out


def _height(picture: Picture, width: int) -> int:
    return max(1, round(picture.height * width / picture.width))


def rendition(picture: Picture, page: str) -> Rendition:
    """The copies of `picture` for the news item whose page is at `page`."""
    import PIL

    tag = hashlib.sha256(f"{picture.digest}:{RECIPE}:{PIL.__version__}".encode()).hexdigest()[:10]
    stem = slugify(Path(picture.name).stem)[:40] or "anh"

    def variant(width: int, fmt: str) -> Variant:
        ext = "webp" if fmt == "WEBP" else "jpg"
        key = f"{tag}-{width}.{ext}"
        return Variant(urls.image_variant(page, f"{stem}-{key}"), width, _height(picture, width),
                       fmt, picture.path, key)

    return Rendition(picture, tuple(variant(w, "WEBP") for w in widths(picture.width)),
                     variant(min(FALLBACK_WIDTH, picture.width), "JPEG"),
                     variant(min(SHARE_WIDTH, picture.width), "JPEG"))


def encode(variant: Variant) -> bytes:
    """The copy's bytes: oriented, resized (Lanczos), without metadata."""
    from PIL import Image, ImageOps

    with Image.open(variant.source) as original:
        original.seek(0)  # an animated GIF: its first frame
        im = ImageOps.exif_transpose(original)
        icc = original.info.get("icc_profile")
        alpha = im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)
        im = im.convert("RGBA" if alpha else "RGB")
        if im.size != (variant.width, variant.height):
            im = im.resize((variant.width, variant.height), Image.Resampling.LANCZOS,
                           reducing_gap=3.0)
        if variant.format == "JPEG" and alpha:  # JPEG has no transparency: on white
            flat = Image.new("RGB", im.size, (255, 255, 255))
            flat.paste(im, mask=im.getchannel("A"))
            im = flat
        out = BytesIO()
        options: dict[str, object] = {"icc_profile": icc} if icc else {}
        if variant.format == "WEBP":
            im.save(out, "WEBP", quality=WEBP_QUALITY, method=4, **options)
        else:
            im.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True,
                    **options)
        return out.getvalue()


def render(variant: Variant, cache: Path | None = None) -> bytes:
    """The copy's bytes, from the cache when an earlier build made them."""
    cached = cache / variant.key if cache is not None else None
    if cached is not None and cached.is_file():
        return cached.read_bytes()
    data = encode(variant)
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=cached.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, cached)
        except OSError:
            pass  # a read-only checkout: resized again next time
    return data
