"""Make the demo portal's pictures, podcast cover and radio programme (committed under content/).

    python -m scripts.demo_media            # writes the files listed in PICTURES, COVER, RADIO

The pictures are drawings (Pillow), not photographs of real people or places: a meeting room, a
one-stop counter, a commune loudspeaker, a banner, an online-services desk. The radio programme
is read by espeak-ng (Vietnamese voice) from its transcript and encoded as a small MP3 (mono,
16 kHz, 24 kbit/s) with LAME (`pip install lameenc`). Every output is deterministic.
"""

from __future__ import annotations

import io
import subprocess
import wave
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT / "content" / "tin-tuc"
W, H = 1600, 1067  # 3:2, wider than the widest copy the build makes (1472)

SKY, WALL, FLOOR = (214, 229, 240), (238, 232, 220), (181, 160, 128)
RED, YELLOW, BLUE, GREEN = (170, 30, 35), (250, 205, 40), (29, 112, 184), (0, 112, 60)
SKIN, DARK, GREY, WHITE = (232, 190, 150), (40, 40, 45), (120, 120, 125), (250, 250, 250)


def person(d: ImageDraw.ImageDraw, x: int, y: int, scale: float, shirt: tuple[int, int, int]) -> None:
    """A seated or standing figure, head at (x, y)."""
    r = int(34 * scale)
    d.ellipse((x - r, y - r, x + r, y + r), fill=SKIN)
    d.pieslice((x - r, y - r - 4, x + r, y + r - 10), 180, 360, fill=DARK)  # hair
    d.rounded_rectangle((x - int(60 * scale), y + r + 6, x + int(60 * scale),
                         y + r + int(170 * scale)), radius=int(30 * scale), fill=shirt)


def meeting_room(d: ImageDraw.ImageDraw) -> None:
    d.rectangle((0, 0, W, H * 0.62), fill=WALL)
    d.rectangle((0, H * 0.62, W, H), fill=FLOOR)
    d.rectangle((260, 70, 1340, 300), fill=RED)  # the banner behind the rostrum
    for i in range(5):  # its letters, drawn as bars
        d.rectangle((330 + i * 200, 150, 470 + i * 200, 215), fill=YELLOW)
    d.polygon(((800, 95), (820, 135), (862, 135), (828, 160), (842, 200), (800, 176),
               (758, 200), (772, 160), (738, 135), (780, 135)), fill=YELLOW)
    d.rectangle((620, 360, 980, 560), fill=(120, 70, 40))  # rostrum
    person(d, 800, 330, 0.9, (30, 60, 110))
    for row in range(2):  # the audience, seen from behind
        for col in range(6):
            x = 170 + col * 250 + row * 60
            y = 720 + row * 170
            person(d, x, y, 1.0 + row * 0.15, (70 + col * 20, 90, 140 - col * 10))
            d.rectangle((x - 90, y + 150, x + 90, y + 175), fill=(90, 55, 30))


def counter(d: ImageDraw.ImageDraw) -> None:
    d.rectangle((0, 0, W, H), fill=WALL)
    d.rectangle((0, 0, W, 150), fill=BLUE)  # the sign of the one-stop office
    for i in range(6):
        d.rectangle((120 + i * 230, 50, 300 + i * 230, 100), fill=WHITE)
    for i in range(3):  # three counters with a clerk and a screen each
        x = 200 + i * 450
        person(d, x + 160, 380, 0.9, GREEN)
        d.rectangle((x + 40, 330, x + 140, 420), fill=DARK)
        d.rectangle((x, 560, x + 380, 640), fill=(200, 200, 205))
        d.rectangle((x + 130, 250, x + 250, 300), fill=YELLOW)  # counter number
    d.rectangle((0, 640, W, H), fill=FLOOR)
    for i in range(4):  # citizens waiting
        person(d, 250 + i * 360, 760, 1.2, (150, 60 + i * 30, 60))


def loudspeaker(d: ImageDraw.ImageDraw) -> None:
    d.rectangle((0, 0, W, H), fill=SKY)
    d.ellipse((1200, 80, 1400, 280), fill=(250, 220, 120))  # sun
    d.rectangle((0, 800, W, H), fill=(110, 160, 80))  # rice fields
    for i in range(12):
        d.line((i * 150, 800, i * 150 - 200, H), fill=(90, 140, 60), width=8)
    d.rectangle((770, 250, 830, 860), fill=GREY)  # the pole
    for side in (-1, 1):  # two horn speakers
        cx = 800 + side * 40
        d.polygon(((cx, 300), (cx + side * 260, 190), (cx + side * 260, 430), (cx, 360)),
                  fill=(225, 225, 230), outline=DARK)
        for k in range(3):  # sound waves
            r = 80 + k * 60
            box = (cx + side * 260 - r, 310 - r, cx + side * 260 + r, 310 + r)
            d.arc(box, -40 if side > 0 else 140, 40 if side > 0 else 220, fill=BLUE, width=10)
    d.rectangle((200, 560, 560, 800), fill=(230, 220, 200))  # a house
    d.polygon(((170, 560), (380, 420), (590, 560)), fill=RED)


def banner(d: ImageDraw.ImageDraw) -> None:
    d.rectangle((0, 0, W, H), fill=SKY)
    d.rectangle((0, 760, W, H), fill=(160, 160, 160))  # the street
    for i in range(8):
        d.rectangle((i * 220, 900, i * 220 + 120, 920), fill=WHITE)
    d.rectangle((200, 200, 230, 760), fill=GREY)
    d.rectangle((1370, 200, 1400, 760), fill=GREY)
    d.rectangle((230, 220, 1370, 520), fill=RED)  # the banner across the street
    for row in range(2):
        for i in range(6):
            d.rectangle((300 + i * 175, 270 + row * 120, 430 + i * 175, 330 + row * 120),
                        fill=YELLOW)
    for i, x in enumerate((380, 700, 1050)):  # passers-by
        person(d, x, 600, 0.8, (60 + i * 50, 100, 160))


def online_desk(d: ImageDraw.ImageDraw) -> None:
    d.rectangle((0, 0, W, H), fill=WALL)
    d.rectangle((0, 700, W, H), fill=FLOOR)
    d.rectangle((300, 620, 1300, 700), fill=(120, 70, 40))  # the desk
    d.rectangle((640, 330, 1000, 580), fill=DARK)  # the screen
    d.rectangle((660, 350, 980, 560), fill=(230, 240, 250))
    for i in range(4):  # a form on the screen
        d.rectangle((690, 380 + i * 45, 950 - i * 40, 405 + i * 45), fill=BLUE)
    d.rectangle((790, 580, 850, 620), fill=GREY)
    person(d, 470, 420, 1.1, GREEN)  # a volunteer of the digital technology team
    person(d, 1150, 440, 1.0, (200, 200, 200))  # an elderly citizen
    d.pieslice((1116, 398, 1184, 450), 180, 360, fill=WHITE)  # white hair


def cover(d: ImageDraw.ImageDraw, size: int) -> None:
    """The podcast's square cover: a microphone on the portal's red."""
    d.rectangle((0, 0, size, size), fill=(139, 26, 26))
    c = size // 2
    d.rounded_rectangle((c - 170, 260, c + 170, 820), radius=170, fill=YELLOW)
    for k in range(5):
        d.line((c - 170, 400 + k * 80, c + 170, 400 + k * 80), fill=(210, 165, 20), width=14)
    d.arc((c - 260, 420, c + 260, 960), 0, 180, fill=WHITE, width=36)
    d.rectangle((c - 18, 960, c + 18, 1110), fill=WHITE)
    d.rounded_rectangle((c - 220, 1100, c + 220, 1150), radius=20, fill=WHITE)


PICTURES: dict[str, Callable[[ImageDraw.ImageDraw], None]] = {
    "2026/mot-cua-phuong-kien-tuong.jpg": counter,
    "2026/doi-thoai-dat-dai-phuong-kien-tuong.jpg": meeting_room,
    "2026/ho-tro-nguoi-cao-tuoi-dich-vu-cong.jpg": online_desk,
    "2024/cuoc-thi-tim-hieu-cchc-huong-long.jpg": meeting_room,
    "2024/pano-cchc-kien-tuong.jpg": banner,
    "2024/loa-truyen-thanh-binh-hiep.jpg": loudspeaker,
}
COVER = ROOT / "content" / "phat-thanh" / "bia.png"
RADIO = NEWS / "2024" / "chuyen-muc-cchc-so-45-2024.mp3"
TRANSCRIPT = NEWS / "2024" / "chuyen-muc-cchc-so-45-2024.txt"


def write_pictures() -> None:
    for rel, draw in PICTURES.items():
        im = Image.new("RGB", (W, H), WHITE)
        draw(ImageDraw.Draw(im))
        out = NEWS / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        im.save(out, "JPEG", quality=70, optimize=True)
        print(out.relative_to(ROOT), out.stat().st_size // 1024, "KB")
    im = Image.new("RGB", (1400, 1400))
    cover(ImageDraw.Draw(im), 1400)
    COVER.parent.mkdir(parents=True, exist_ok=True)
    im.save(COVER, "PNG", optimize=True)
    print(COVER.relative_to(ROOT), COVER.stat().st_size // 1024, "KB")


def write_radio() -> None:
    """The transcript read by espeak-ng, then 16 kHz mono MP3 at 24 kbit/s."""
    import lameenc

    text = TRANSCRIPT.read_text(encoding="utf-8")
    wav = subprocess.run(["espeak-ng", "-v", "vi", "-s", "150", "--stdout"], input=text.encode(),
                         capture_output=True, check=True).stdout
    with wave.open(io.BytesIO(wav)) as w:
        rate, frames = w.getframerate(), w.readframes(w.getnframes())
    pcm = _resample(frames, rate, 16000)
    enc = lameenc.Encoder()
    enc.set_bit_rate(24)
    enc.set_in_sample_rate(16000)
    enc.set_channels(1)
    enc.set_quality(2)
    RADIO.write_bytes(enc.encode(pcm) + enc.flush())
    print(RADIO.relative_to(ROOT), RADIO.stat().st_size // 1024, "KB")


def _resample(frames: bytes, rate: int, target: int) -> bytes:
    """16-bit mono PCM from `rate` to `target` Hz (linear interpolation: speech only)."""
    import array

    src = array.array("h", frames)
    n = int(len(src) * target / rate)
    out = array.array("h", bytes(2 * n))
    for i in range(n):
        pos = i * rate / target
        j = int(pos)
        frac = pos - j
        a = src[j]
        b = src[j + 1] if j + 1 < len(src) else a
        out[i] = int(a + (b - a) * frac)
    return out.tobytes()


if __name__ == "__main__":
    write_pictures()
    write_radio()
