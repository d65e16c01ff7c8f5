"""Import: an official document (text, .docx, .pdf, saved web page) → a `plans/` draft.

One module per step: `sources` reads formats into lines and tables, `chrome` removes a web
page's chrome and keeps its evidence, `header` reads the head of the document, `agencies`
resolves and proposes agencies, `refs` the references, `tables` the task tables, `body` the
Markdown body, `tail` the signer and recipients, `news` what a news item or notice announces,
`document` assembles the steps into one frozen `Imported`, `draft` writes it, `cli` is the
command. Pure core: no MkDocs.
"""

from __future__ import annotations

from .agencies import Proposal
from .cli import add_parser, run
from .document import parse_document
from .draft import proposals_yaml, render, suggested_path
from .model import Imported, NotADocument, Ref, Signer, Task
from .sources import Source, SourceError, read_bytes, read_path

__all__ = ["Imported", "NotADocument", "Proposal", "Ref", "Signer", "Source", "SourceError",
           "Task", "add_parser", "parse_document", "proposals_yaml", "read_bytes", "read_path",
           "render", "run", "suggested_path"]
