"""The demo's attachments look like the documents they are (issue 21): each PDF that a demo
document names is laid out by `scripts/demo_pdfs.py` from the document's own metadata and
public text — a few pages, the number in its title, small — and is what the script makes."""

from __future__ import annotations

import re

import pytest
from scripts import demo_pdfs

from tests.support.portal import REPO


def pages(data: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", data))


def title(data: bytes) -> str:
    m = re.search(rb"/Title <feff([0-9a-f]+)>", data)
    assert m, "no title in the PDF's metadata"
    return bytes.fromhex(m.group(1).decode()).decode("utf-16-be")


@pytest.mark.parametrize("item", demo_pdfs.DEMO, ids=[i.pdf for i in demo_pdfs.DEMO])
def test_committed_attachment(item):
    data = (REPO / item.pdf).read_bytes()
    assert data.startswith(b"%PDF-")
    assert 3 <= pages(data) <= 12 and len(data) < 100 * 1024
    name = item.pdf.rsplit("/", 1)[1]
    assert name in (REPO / item.document).read_text(encoding="utf-8")  # `attachments:` names it
    assert title(data).startswith("Kế hoạch")


def test_every_demo_attachment_is_made_by_the_script():
    named = {p.relative_to(REPO).as_posix() for p in REPO.glob("plans/**/*.pdf")}
    assert named == {i.pdf for i in demo_pdfs.DEMO}


@pytest.mark.parametrize("item", demo_pdfs.DEMO, ids=[i.pdf for i in demo_pdfs.DEMO])
def test_the_script_makes_it_again(item):
    data = demo_pdfs.render(item)
    committed = (REPO / item.pdf).read_bytes()
    assert pages(data) == pages(committed) and title(data) == title(committed)
    assert "107/KH-UBND" in title(demo_pdfs.render(demo_pdfs.DEMO[0]))
