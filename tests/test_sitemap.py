"""The sitemap lists every page a search engine may index, and nothing else (issue 14)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BASE = "https://cchc.example.gov.vn/"


def _indexable(page: Path) -> bool:
    """What the page itself says: it is not marked noindex (404, search, redirects, pages kept
    out of search) and names itself as canonical."""
    head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
    return '<meta name="robots" content="noindex">' not in head and 'rel="canonical"' in head


def test_every_indexable_page_is_in_the_sitemap_and_every_entry_exists(demo_site: Path):
    tree = ET.parse(demo_site / "sitemap.xml")
    listed = [loc.text or "" for loc in tree.getroot().iterfind("s:url/s:loc", NS)]
    assert len(listed) == len(set(listed)), "a page is listed twice"
    assert all(u.startswith(BASE) and u.endswith("/") for u in listed)
    on_disk = {BASE + p.parent.relative_to(demo_site).as_posix().removeprefix(".") + "/"
               for p in demo_site.rglob("index.html") if _indexable(p)}
    on_disk = {re.sub(r"(?<!:)//+", "/", u) for u in on_disk}
    assert len(on_disk) > 150
    assert set(listed) == on_disk, (sorted(set(listed) - on_disk)[:5],
                                    sorted(on_disk - set(listed))[:5])
    # dated entries carry a W3C date
    for mod in tree.getroot().iterfind("s:url/s:lastmod", NS):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", mod.text or ""), mod.text
