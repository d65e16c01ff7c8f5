"""Small pure helpers over lines of copied text, shared by every step of the importer."""

from __future__ import annotations

import html
import re
from typing import Any

import yaml

from ..text import fold, nfc

TODO = "CẦN KIỂM TRA"

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_TAG = re.compile(r"<[^>]{0,400}>")
SEPARATOR = re.compile(r"^[\s\-_=*~.…|]{3,}$")
# A letter outside Vietnamese that PDF fonts and old encodings leave in place of "ă" ("nǎm").
_LOOKALIKES = str.maketrans({"ǎ": "ă", "Ǎ": "Ă", "ǒ": "ơ", "ǔ": "ư"})


def clean_lines(text: str) -> list[str]:
    """NFC, LF, no BOM or zero-width characters, non-breaking spaces as spaces; tabs kept."""
    text = _SPACES.sub(" ", nfc(text).translate(_INVISIBLE).translate(_LOOKALIKES))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [line.rstrip(" ") for line in text.split("\n")]


def strip_html(text: str) -> str:
    """HTML remnants (`<ul style=…><li>`, `<i>`, `&amp;`) out of a cell or header line."""
    if "<" in text:
        text = re.sub(r"<\s*li\b[^>]*>", "\n- ", text, flags=re.I)
        text = re.sub(r"<\s*br\s*/?>", " ", text, flags=re.I)
        # Inline tags vanish ("(<i>lồng ghép</i>)" → "(lồng ghép)"); block tags leave a space.
        text = re.sub(r"</?\s*(?:i|b|u|em|strong|span|font|a)\b[^>]*>", "", text, flags=re.I)
        text = _TAG.sub(" ", text)
    return html.unescape(text) if "&" in text else text


def plain(text: str) -> str:
    """A line or cell without Markdown emphasis, HTML, table pipes and extra spaces."""
    text = strip_html(text).replace("**", "").replace("__", "")
    text = text.strip().strip("|").strip()
    if text.startswith("*") and text.endswith("*") and len(text) > 2:
        text = text.strip("*")
    return " ".join(text.split())


def upper_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def is_upper(text: str) -> bool:
    return upper_ratio(text) >= 0.85


def starts_lower(text: str) -> bool:
    return bool(text) and text[0].isalpha() and text[0].islower()


def cells(line: str) -> list[str] | None:
    """Cells of a table row (tab-separated, or a `| a | b |` row with or without the outer
    pipes); None if the line is not one."""
    if "\t" in line:
        return line.split("\t")
    s = line.strip()
    if s.startswith("|") and s.count("|") >= 2:
        return s.strip("|").split("|")
    if s.count("|") >= 1 and (s.endswith("|") or " | " in s):
        return s.strip("|").split("|")
    return None


def columns(line: str) -> list[str]:
    """Side-by-side columns of a header or signature line: table cells, or the runs of spaces a
    PDF leaves between "Nơi nhận:" and "KT. CHỦ TỊCH"."""
    found = cells(line)
    if found is not None:
        return found
    parts = [p for p in re.split(r" {4,}", line.strip()) if p]
    return parts or [line]


def is_pipe_separator(row: list[str]) -> bool:
    return all(re.fullmatch(r"\s*:?-{2,}:?\s*", c) for c in row if c.strip()) and any(
        c.strip() for c in row)


def comment(text: str) -> str:
    """One YAML comment line's text: no newlines."""
    return " ".join(str(text).split())


def dump(value: Any) -> str:
    """A YAML-safe inline value, Vietnamese kept unescaped."""
    out = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, sort_keys=False,
                         width=1_000_000).strip()
    return out[:-4].rstrip() if out.endswith("\n...") else out


def folded_words(text: str) -> str:
    """Folded, punctuation as spaces: for comparing phrases whatever their dashes and case."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())
