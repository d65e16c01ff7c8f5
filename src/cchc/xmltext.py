"""Text that XML can carry, for every file the portal publishes for other programs.

XML 1.0 allows tab, line feed and carriage return but no other C0 control character (NUL,
U+000B, U+000C, ESC…), no U+FFFE/U+FFFF and no lone surrogate; lxml refuses them outright ("All
strings must be XML compatible"). Text pasted from a word processor can carry them, so feeds,
the OPML and the open data strip them at their boundary: a stray character never stops a build,
and the JSON, CSV and feeds of a record say the same thing.
"""

from __future__ import annotations

import re

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry."""
    if text.isprintable():  # the common case (titles, names), checked in C
        return text
    return _NOT_XML.sub("", text)
