"""The tail of a document: recipients (Nơi nhận), the signature block and the appendices.

Nghị định 30/2020/NĐ-CP: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / (signature) /
Nguyễn Văn A" beside "Nơi nhận: - …; - Lưu: VT." The last title above the name is the signer's
own; TM. (on behalf of), KT. (deputy for), TL., TUQ. (by delegation) are the marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import fold
from ..vocab import JOB_TITLES
from .agencies import HEADS
from .textkit import cells, columns, plain

SIGNER_MARK = re.compile(r"^(?:TM|KT|TL|TUQ|Q|PP)\s*\.\s*\S")
_TITLES = {fold(t): t for t in (*JOB_TITLES, "Người ký")}
_SIGNED = re.compile(r"^[(\[]?\s*(?:đã ký|da ky|ký tên|ký, ghi rõ họ tên|daky)[^)\]]*[)\]]?$",
                     re.I)
_PATH_NOISE = re.compile(r"^(?:[A-Za-z]:\\|\\\\|/(?:home|Users)/|file:/)|\.(?:docx?|pdf)$", re.I)
PAGE_NOISE = re.compile(r"^(?:-\s*\d{1,3}\s*-|\d{1,3}|trang \d+(?:/\d+)?|page \d+(?: of \d+)?)$",
                        re.I)
_HEAD_FOLDED = (*tuple(fold(h) + " " for h in HEADS if h != "Các"), "ubnd ")
APPENDIX = re.compile(r"^PHỤ LỤC\b")


def signer_title(text: str) -> str | None:
    f = fold(re.sub(r"^(?:TM|KT|TL|TUQ|Q|PP)\s*\.\s*", "", text)).strip(" .")
    return _TITLES.get(f)


def looks_like_name(text: str) -> bool:
    """'Nguyễn Văn Vũ', 'NGUYỄN VĂN VŨ': two to six capitalised words, no agency."""
    words = text.split()
    if not 2 <= len(words) <= 6 or len(text) > 45 or re.search(r"[\d:;,/()]", text):
        return False
    if fold(text).startswith(_HEAD_FOLDED):
        return False
    return all(w[:1].isupper() and (w[1:].islower() or w.isupper() or len(w) == 1 or
                                     w.endswith(".")) for w in words)


def title_case_name(text: str) -> str:
    return " ".join(w[:1] + w[1:].lower() if w.isupper() and len(w) > 1 else w
                    for w in text.split())


@dataclass(frozen=True)
class Tail:
    recipients: tuple[str, ...] = ()
    signer_lines: tuple[str, ...] = ()
    signer_name: str | None = None
    appendices: tuple[tuple[str, ...], ...] = ()
    extra: tuple[str, ...] = ()
    noise: tuple[str, ...] = ()


def is_end_marker(text: str) -> bool:
    f = fold(text)
    return (f.startswith("noi nhan") or bool(SIGNER_MARK.match(text))
            or (text.isupper() and signer_title(text) is not None) or bool(APPENDIX.match(text)))


def items(text: str) -> list[str]:
    """'- Như trên; - Lưu: VT.' → two items; a hyphen inside a name ("Văn hóa - Xã hội") stays."""
    parts = re.split(r"(?:^|;)\s*[-–+•]\s+", text.strip())
    return [p.strip(" ;.,") for p in parts if p.strip(" ;.,")]


def split_tail(lines: list[str], start: int) -> tuple[list[str], Tail]:
    """The body, and the tail from the first of "Nơi nhận", a signature or "PHỤ LỤC"."""
    for j in range(start, len(lines)):
        row = cells(lines[j])
        first = plain(row[0] if row else lines[j])
        if first and is_end_marker(first):
            return lines[start:j], read_tail(lines[j:])
    return lines[start:], Tail()


def read_tail(lines: list[str]) -> Tail:
    recipients: list[str] = []
    signer_lines: list[str] = []
    signer_name: str | None = None
    appendices: list[tuple[str, ...]] = []
    extra: list[str] = []
    noise: list[str] = []
    in_recipients = False
    i = 0
    while i < len(lines):
        line = lines[i]
        p = plain(line)
        if APPENDIX.match(p):
            j = i + 1
            while j < len(lines) and not APPENDIX.match(plain(lines[j])):
                j += 1
            appendices.append(tuple(lines[i:j]))
            i = j
            continue
        i += 1
        if not p:
            continue
        parts = columns(line)
        for part in parts:
            c = plain(part)
            if not c:
                continue
            if fold(c).startswith("noi nhan"):
                in_recipients = True
                recipients.extend(items(c.split(":", 1)[1] if ":" in c else ""))
            elif SIGNER_MARK.match(c) or (c.isupper() and signer_title(c)):
                # Beside "Nơi nhận:" in a two-column layout: the list goes on below it.
                signer_lines.append(c)
            elif in_recipients and re.match(r"^[-–+•]", c):
                recipients.extend(items(c))
            elif signer_lines and signer_name is None and looks_like_name(c):
                signer_name = title_case_name(c)
            elif _SIGNED.match(c):
                continue
            elif _PATH_NOISE.search(c) or PAGE_NOISE.match(c):
                noise.append(c)
            else:
                in_recipients = False
                extra.append(part if len(parts) == 1 else c)
    return Tail(tuple(recipients), tuple(signer_lines), signer_name, tuple(appendices),
                tuple(extra), tuple(noise))
