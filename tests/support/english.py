"""English that must never reach an editor: the words of parser and argparse messages.

(Words that are also Vietnamese, "in", "to", "a", are left out.)

`english_words(text)` returns the words of this list found in `text` outside code (Markdown
code spans hold the editor's own text and field names, which are English by design: `date:`),
outside options (`--help`) and outside the names of commands and values (`cchc validate`,
`--format json`), which are the interface itself.
"""

from __future__ import annotations

import re

WORDS = frozenset(["and", "are", "argument", "arguments", "cannot", "choice", "choices", "choose", "could", "default", "did", "error", "errors", "exit", "expected", "file", "find", "following", "for", "found", "from", "help", "here", "invalid", "is", "it", "message", "not", "of", "one", "option", "optional", "options", "or", "positional", "program", "required", "show", "the", "this", "usage", "unrecognized", "value", "values", "while", "with", "ambiguous", "allowed", "block", "character", "comment", "constructor", "context", "determine", "document", "end", "entries", "expected", "indentation", "indicator", "key", "mapping", "match", "must", "parsing", "plain", "scalar", "scanning", "sequence", "simple", "single", "special", "start", "stream", "tag", "token", "undefined", "unexpected", "unacceptable", "unknown", "version"])

INTERFACE = frozenset(["cchc", "validate", "build", "serve", "report", "new", "news", "document", "schema", "import", "text", "json", "github", "md", "csv"])

_CODE = re.compile(r"``.+?``|`[^`\n]+`|“[^”]*”|\"[^\"]*\"|'[^']*'")
_WORD = re.compile(r"(?<![\w/.-])[A-Za-z]+(?![\w/.-])")


def english_words(text: str) -> set[str]:
    """Words of `WORDS` in `text`, outside code spans, quotes, options and paths."""
    plain = _CODE.sub(" ", text)
    plain = re.sub(r"(?<!\w)--?[\w-]+", " ", plain)  # options
    found = {w.lower() for w in _WORD.findall(plain)}
    return {w for w in found if w in WORDS and w not in INTERFACE}
