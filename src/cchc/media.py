"""What the portal needs to know of a recording and its words: its duration (for the player's
caption and the podcast feed's `itunes:duration`, read by Mutagen from the file's headers) and
the words of WebVTT captions (shown as the transcript beside the player).
"""

from __future__ import annotations

import re
from pathlib import Path

# Containers Mutagen reads the length of; WebM (Matroska) it does not: its duration is unknown.
TIMED = {".mp3", ".m4a", ".mp4", ".ogg", ".oga"}


class Unreadable(ValueError):
    """The file is not a recording Mutagen can read (a renamed file, a broken download)."""


def duration(path: Path) -> float | None:
    """The recording's length in seconds; None for containers whose length is not read.
    Raises `Unreadable` when the file cannot be parsed as what it is named."""
    if path.suffix.lower() not in TIMED:
        return None
    import mutagen

    try:
        found = mutagen.File(path)
    except (mutagen.MutagenError, OSError, ValueError, EOFError) as exc:
        raise Unreadable(str(exc)) from exc
    length = getattr(getattr(found, "info", None), "length", None) if found is not None else None
    if not length or length <= 0:
        raise Unreadable("không đọc được thời lượng")
    return float(length)


def clock(seconds: float) -> str:
    """HH:MM:SS, as podcast apps read `itunes:duration`."""
    total = round(seconds)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def spoken(seconds: float) -> str:
    """The duration as a reader says it: "1 phút 5 giây", "45 giây", "1 giờ 2 phút"."""
    total = max(1, round(seconds))
    hours, minutes, secs = total // 3600, total % 3600 // 60, total % 60
    parts = [f"{hours} giờ"] if hours else []
    if minutes:
        parts.append(f"{minutes} phút")
    if secs and not hours:
        parts.append(f"{secs} giây")
    return " ".join(parts)


_TIMING = re.compile(r"^\s*(?:\d+:)?\d{1,2}:\d{2}[.,]\d{3}\s+-->\s+")
_TAG = re.compile(r"<[^>]*>")


def vtt_text(text: str) -> str:
    """The words of WebVTT captions: cue texts without timings, ids, notes or voice tags, a
    paragraph per cue (consecutive cues of one sentence stay apart: they are what was said)."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    out: list[str] = []
    for block in blocks:
        lines = block.split("\n")
        head = lines[0].strip()
        if head.startswith(("WEBVTT", "NOTE", "STYLE", "REGION")):
            continue
        timed = next((i for i, line in enumerate(lines) if _TIMING.match(line)), None)
        if timed is None:
            continue
        words = " ".join(_TAG.sub("", line).strip() for line in lines[timed + 1:])
        words = (words.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ")
                 .replace("&amp;", "&"))
        if words.strip():
            out.append(" ".join(words.split()))
    return "\n\n".join(out)


def is_vtt(text: str) -> bool:
    return text.lstrip("\ufeff").startswith("WEBVTT")
