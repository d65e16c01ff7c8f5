"""News pictures, recordings and the podcast (SPEC §10), from a real `cchc build`: each picture
resized by Pillow to the widths the layout shows it at (never wider than the original, never the
original itself on a page), `srcset` and `sizes` that match the files, thumbnails on the news list
and the home page, `og:image`; a radio item's player and transcript; the podcast feed read by
feedparser (enclosures with length and type, iTunes tags); and the validator's checks."""

from __future__ import annotations

import io
import re
from pathlib import Path

import feedparser
import pytest
from PIL import Image

from tests.support.portal import REPO, make_project, news

MP3 = (REPO / "content/tin-tuc/2024/chuyen-muc-cchc-so-45-2024.mp3").read_bytes()
WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 60
PODCAST_YML = "      podcast:\n        image: phat-thanh/bia.png\n"


def jpeg(width: int, height: int, exif: bool = False) -> bytes:
    im = Image.new("RGB", (width, height), (30, 110, 180))
    for x in range(0, width, 40):  # something to resize
        im.paste((250, 200, 40), (x, 0, x + 20, height))
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "Máy ảnh cơ quan"  # Make
        data[0x0132] = "2024:03:28 08:00:00"  # DateTime
        im.save(out, "JPEG", exif=data.tobytes())
    else:
        im.save(out, "JPEG")
    return out.getvalue()


def png_square(size: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


BIG = "content/tin-tuc/2024/hoi-nghi.jpg"
RADIO = news(**{
    "title: Xã C đẩy mạnh tuyên truyền cải cách hành chính": "title: Chuyên mục CCHC số 3",
    "2024-03-28": "2024-04-04",
    "topics: [thu-tuc-hanh-chinh]": "topics: [thu-tuc-hanh-chinh]\nformat: phat-thanh\n"
                                    "media: so-3.mp3\ntranscript: so-3.txt",
})
VIDEO = news(**{
    "title: Xã C đẩy mạnh tuyên truyền cải cách hành chính": "title: Tiểu phẩm một cửa",
    "2024-03-28": "2024-04-10",
    "topics: [thu-tuc-hanh-chinh]": "topics: [thu-tuc-hanh-chinh]\nformat: video\n"
                                    "media: tieu-pham.webm\ntranscript: tieu-pham.vtt",
})
VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Cán bộ>Mời bà con vào Bộ phận một cửa.\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    p = make_project(tmp_path_factory.mktemp("media") / "portal", {
        "content/tin-tuc/2024/a.md": news(**{
            "topics: [thu-tuc-hanh-chinh]": "topics: [thu-tuc-hanh-chinh]\nimage: hoi-nghi.jpg\n"
                                            "image_alt: Quang cảnh hội nghị tổng kết"}),
        BIG: jpeg(2400, 1600, exif=True),
        "content/tin-tuc/2024/b.md": news(**{
            "title: Xã C đẩy mạnh tuyên truyền cải cách hành chính": "title: Ảnh nhỏ của xã C",
            "2024-03-28": "2024-03-20",
            "topics: [thu-tuc-hanh-chinh]": "topics: [thu-tuc-hanh-chinh]\nimage: nho.jpg\n"
                                            "image_alt: Tấm pano nhỏ",
            "Nội dung tin bài.": "Nội dung tin bài.\n\n![Tấm pano nhỏ](nho.jpg)"}),
        "content/tin-tuc/2024/nho.jpg": jpeg(300, 200),
        "content/tin-tuc/2024/radio.md": RADIO,
        "content/tin-tuc/2024/so-3.mp3": MP3,
        "content/tin-tuc/2024/so-3.txt": "Kính thưa quý thính giả.\n\nXin cảm ơn quý thính giả.\n",
        "content/tin-tuc/2024/video.md": VIDEO,
        "content/tin-tuc/2024/tieu-pham.webm": WEBM,
        "content/tin-tuc/2024/tieu-pham.vtt": VTT,
        "content/phat-thanh/bia.png": png_square(1400),
    })
    yml = p.root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + PODCAST_YML, encoding="utf-8")
    p.cchc("build", "--today", "2024-06-30", check=True)
    return p.root / "site"


ITEM = "tin-tuc/2024/xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh/"
SMALL = "tin-tuc/2024/anh-nho-cua-xa-c/"
RADIO_PAGE = "tin-tuc/2024/chuyen-muc-cchc-so-3/"


def main(site: Path, rel: str) -> str:
    html = (site / rel / "index.html").read_text(encoding="utf-8")
    return html[html.index("<main"):html.index("</main>")]


def pictures(html: str) -> list[str]:
    return re.findall(r"<picture.*?</picture>", html, re.S)


def srcset(picture: str) -> list[tuple[str, int]]:
    m = re.search(r'srcset="([^"]+)"', picture)
    assert m, picture
    return [(url, int(w[:-1])) for url, w in (c.split() for c in m.group(1).split(", "))]


def size_of(path: Path) -> tuple[int, int]:
    with Image.open(path) as im:
        return im.size


def test_the_item_page_shows_the_picture_in_the_sizes_made_for_it(site):
    html = main(site, ITEM)
    [pic] = pictures(html)
    candidates = srcset(pic)
    # The layout's widths up to the text column at 2×, never the 2400-pixel original.
    assert [w for _, w in candidates] == [160, 320, 480, 736, 1104, 1472]
    for url, width in candidates:
        path = site / ITEM / url
        assert url.endswith(".webp") and size_of(path) == (width, round(1600 * width / 2400))
        with Image.open(path) as im:
            assert im.format == "WEBP"
    assert 'sizes="(min-width: 50em) 46rem, calc(100vw - 2rem)"' in pic
    img = re.search(r"<img [^>]+>", pic)
    assert img
    src = re.search(r'src="([^"]+)"', img.group(0))
    assert src and src.group(1).endswith("-736.jpg")
    assert size_of(site / ITEM / src.group(1)) == (736, 491)
    assert 'width="736" height="491"' in img.group(0)  # no layout shift while it loads
    assert 'alt="Quang cảnh hội nghị tổng kết"' in img.group(0)
    # The original is referenced by no page, and the copies carry none of its metadata.
    assert "hoi-nghi.jpg" not in (site / ITEM / "index.html").read_text(encoding="utf-8")
    # Not even published: its resized copies are all a reader gets (no EXIF, no 6 MB).
    assert not (site / "tin-tuc/2024/hoi-nghi.jpg").exists()
    for path in (site / ITEM).glob("hoi-nghi-*"):
        with Image.open(path) as im:
            assert not im.getexif() and "exif" not in im.info


def test_a_small_picture_is_never_enlarged(site):
    [pic] = pictures(main(site, SMALL))
    assert [w for _, w in srcset(pic)] == [160, 300]
    for url, width in srcset(pic):
        assert size_of(site / SMALL / url)[0] == width <= 300
    assert sorted(size_of(p)[0] for p in (site / SMALL).glob("nho-*.jpg")) == [300]
    # Its body shows it too: that link keeps the file as committed.
    assert (site / "tin-tuc/2024/nho.jpg").read_bytes()[:2] == b"\xff\xd8"  # one JPEG: page, og


def test_lists_and_home_show_thumbnails_sized_for_a_thumbnail(site):
    for rel in ("tin-tuc/", ""):
        html = main(site, rel)
        thumbs = [p for p in pictures(html) if "cchc-item__picture" in p]
        assert len(thumbs) == 2, rel
        for pic in thumbs:
            assert 'sizes="(min-width: 48em) 8rem, 6rem"' in pic and 'loading="lazy"' in pic
            # A thumbnail of 8 rem (128 px) at 2× needs 256 px: 320 is the largest useful one.
            assert max(w for _, w in srcset(pic)) <= 1472
            assert 'alt="' in pic
        # Items without a picture stay plain.
        assert html.count("cchc-item__picture") == 2


def test_og_image_is_a_jpeg_for_sharing(site):
    html = (site / ITEM / "index.html").read_text(encoding="utf-8")
    m = re.search(r'<meta property="og:image" content="https://example.gov.vn/cchc/([^"]+)">',
                  html)
    assert m, html[:3000]
    path = site / m.group(1)
    assert path.suffix == ".jpg" and size_of(path) == (1200, 800)
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:alt" content="Quang cảnh hội nghị tổng kết">' in html
    small = (site / SMALL / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:image:width" content="300">' in small


def test_pictures_are_the_same_bytes_on_a_second_build(site, tmp_path):
    import shutil

    src = site.parent
    copy = tmp_path / "again"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("site", ".cchc-cache"))
    from tests.support.portal import Project

    Project(copy).cchc("build", "--today", "2024-06-30", check=True)
    for path in sorted((site / ITEM).glob("hoi-nghi-*")):
        assert (copy / "site" / ITEM / path.name).read_bytes() == path.read_bytes()


def test_the_radio_item_plays_with_its_transcript(site):
    html = main(site, RADIO_PAGE)
    audio = html[html.index("<audio"):html.index("</audio>")]
    assert "controls" in audio and 'src="../so-3.mp3" type="audio/mpeg"' in audio
    transcript = html[html.index('id="loi-chuong-trinh"'):]
    assert "Kính thưa quý thính giả." in transcript and "Lời chương trình" in transcript
    assert (site / "tin-tuc/2024/so-3.mp3").read_bytes() == MP3
    # The radio page lists it; the video item plays in a <video> with its captions' words.
    assert 'href="../tin-tuc/2024/chuyen-muc-cchc-so-3/"' in main(site, "phat-thanh/")
    video = main(site, "tin-tuc/2024/tieu-pham-mot-cua/")
    assert "<video" in video and 'type="video/webm"' in video
    assert "Mời bà con vào Bộ phận một cửa." in video and "&lt;v" not in video


def test_the_podcast_feed(site):
    feed = feedparser.parse((site / "phat-thanh/feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.language == "vi"
    assert feed.feed.image.href == "https://example.gov.vn/cchc/phat-thanh/bia.png"
    raw = (site / "phat-thanh/feed.xml").read_text(encoding="utf-8")
    assert "<itunes:explicit>no</itunes:explicit>" in raw  # feedparser reads "no" as None
    assert feed.feed.tags and feed.feed.author_detail.email == "vanphong@tinh-a.example.gov.vn"
    [entry] = feed.entries  # radio only: not the video, not the news
    assert entry.title == "Chuyên mục CCHC số 3"
    [enclosure] = entry.enclosures
    assert enclosure.href == "https://example.gov.vn/cchc/tin-tuc/2024/so-3.mp3"
    assert enclosure.type == "audio/mpeg" and int(enclosure.length) == len(MP3)
    assert entry.itunes_duration == "00:00:40"
    assert entry.id == "https://example.gov.vn/cchc/" + RADIO_PAGE
    # The page of the radio programmes links to its feed.
    assert 'href="feed.xml"' in main(site, "phat-thanh/")


# -- validation ----------------------------------------------------------------------------------

def codes(items: list[dict]) -> dict[str, dict]:
    return {d["code"]: d for d in items}


def test_a_picture_needs_its_description(project):
    p = project({"content/tin-tuc/2024/a.md": news(**{
        "topics: [thu-tuc-hanh-chinh]": "topics: [thu-tuc-hanh-chinh]\nimage: anh.jpg"}),
        "content/tin-tuc/2024/anh.jpg": jpeg(400, 300)})
    rc, items = p.diagnostics()
    d = codes(items)["image-alt-missing"]
    assert rc == 1 and d["line"] == 6 and "image_alt:" in d["hint"]


def test_a_picture_that_is_not_one(project):
    p = project({"content/tin-tuc/2024/a.md": news(**{
        "topics: [thu-tuc-hanh-chinh]": "topics: [thu-tuc-hanh-chinh]\nimage: anh.jpg\n"
                                        "image_alt: Ảnh"}),
        "content/tin-tuc/2024/anh.jpg": b"%PDF-1.4 not a picture"})
    rc, items = p.diagnostics()
    assert rc == 1 and {"image-type", "image-unreadable"} & set(codes(items))


def test_recordings_are_checked(project):
    p = project({
        "content/tin-tuc/2024/a.md": news(**{
            "topics: [thu-tuc-hanh-chinh]": "topics: [thu-tuc-hanh-chinh]\nmedia: so-3.mp3"}),
        "content/tin-tuc/2024/b.md": news(**{
            "title: Xã C đẩy mạnh tuyên truyền cải cách hành chính": "title: Bản tin B",
            "topics: [thu-tuc-hanh-chinh]": "topics: [thu-tuc-hanh-chinh]\nformat: phat-thanh\n"
                                            "media: so-3.mp3"}),
        "content/tin-tuc/2024/c.md": news(**{
            "title: Xã C đẩy mạnh tuyên truyền cải cách hành chính": "title: Bản tin C",
            "topics: [thu-tuc-hanh-chinh]": "topics: [thu-tuc-hanh-chinh]\nformat: phat-thanh\n"
                                            "media: ../so-3.mp3\ntranscript: so-3.txt"}),
        "content/tin-tuc/2024/d.md": news(**{
            "title: Xã C đẩy mạnh tuyên truyền cải cách hành chính": "title: Bản tin D",
            "topics: [thu-tuc-hanh-chinh]": "topics: [thu-tuc-hanh-chinh]\nformat: phat-thanh\n"
                                            "media: clip.webm\ntranscript: so-3.txt"}),
        "content/tin-tuc/2024/so-3.mp3": MP3,
        "content/tin-tuc/2024/clip.webm": WEBM,
        "content/tin-tuc/2024/so-3.txt": "Lời.\n",
    })
    rc, items = p.diagnostics()
    by_file = {(Path(d["path"]).name, d["code"]) for d in items}
    assert rc == 1
    assert ("a.md", "media-format") in by_file
    assert ("b.md", "transcript-missing") in by_file
    assert ("c.md", "media-place") in by_file
    assert ("d.md", "media-type") in by_file
    for d in items:
        assert d["hint"] and d["line"] >= 1


def test_a_podcast_cover_that_is_not_square_is_a_warning(project):
    p = project({"content/phat-thanh/bia.jpg": jpeg(800, 600)})
    yml = p.root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + PODCAST_YML.replace(".png", ".jpg"),
                   encoding="utf-8")
    rc, items = p.diagnostics()
    d = codes(items)["podcast-image-size"]
    assert rc == 0 and d["severity"] == "warning" and "800×600" in d["message"]
