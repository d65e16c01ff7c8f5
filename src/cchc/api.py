"""Open data: every published record with its resolved links, as JSON (SPEC §5 /api/*.json).

So that other systems — a province aggregating its districts' portals — consume the portal
without scraping. Keys are stable English field names, values as in the content format.
"""

from __future__ import annotations

import json
from typing import Any

from . import urls
from .model import Agency, Document, NewsItem, Reference
from .pages import Site


def _ref(ref: Reference, site: Site) -> dict[str, Any]:
    base = site.settings.base_url
    target = site.document(ref.target)
    return {
        "text": ref.text, "number": ref.number, "kind": ref.kind, "agency": ref.agency,
        "agency_name": ref.agency_name, "issued": ref.issued.isoformat() if ref.issued else None,
        "title": ref.title, "relation": ref.relation,
        "document": target.id if target else None,
        "url": base + target.url if target else None,
    }


def _document(doc: Document, site: Site) -> dict[str, Any]:
    base = site.settings.base_url
    backlinks = site.catalog.backlinks.get(doc.id, [])
    return {
        "id": doc.id, "url": base + doc.url, "number": doc.number, "kind": doc.kind,
        "title": doc.title, "agency": doc.agency,
        "issued": doc.issued.isoformat() if doc.issued else None, "year": doc.year,
        "period": doc.period.label if doc.period else None,
        "signer": {"name": doc.signer.name, "title": doc.signer.title} if doc.signer else None,
        "topics": doc.topics, "tags": doc.tags,
        "summary": site.summary(doc),
        "refs": [_ref(r, site) for r in doc.refs],
        "referenced_by": [
            {"type": "document" if isinstance(b.source, Document) else "news",
             "id": b.source.id, "url": base + b.source.url, "relation": b.relation}
            for b in backlinks
        ],
        "attachments": [{"name": a.name, "url": base + urls.attachment(doc.id, a.name), "size": a.size,
                         "type": a.mime} for a in doc.attachments],
        "tasks": [
            {"task": t.task, "product": t.product or None, "lead": t.lead, "support": t.support,
             "due": t.due.text if t.due else None,
             "deadline": t.due.deadline.isoformat() if t.due and t.due.deadline else None,
             "quota": t.quota.label if t.quota else None}
            for t in doc.tasks
        ],
    }


def _news(item: NewsItem, site: Site) -> dict[str, Any]:
    base = site.settings.base_url
    return {
        "id": item.id, "url": base + item.url, "title": item.title,
        "date": item.date.isoformat(), "agency": item.agency, "author": item.author or None,
        "topics": item.topics, "tags": item.tags, "summary": site.summary(item),
        "documents": [_ref(r, site) for r in item.documents],
    }


def _agency(agency: Agency, site: Site) -> dict[str, Any]:
    base = site.settings.base_url
    view = site.catalog.by_agency[agency.id]
    return {
        "id": agency.id, "url": base + agency.url, "name": agency.name,
        "short": agency.short or None, "level": agency.level, "parent": agency.parent,
        "aliases": agency.aliases, "website": agency.website or None,
        "dissolved": agency.dissolved.isoformat() if agency.dissolved else None,
        "successor": agency.successor,  # every agency that took over its duties (a list)
        "predecessors": [a.id for a in site.catalog.predecessors.get(agency.id, [])],
        "address": agency.address or None, "phone": agency.phone or None,
        "email": agency.email or None,
        "children": [c.id for c in site.catalog.children.get(agency.id, [])],
        "documents": [d.id for d in view.documents], "news_count": len(view.news),
        "feed": f"{base}{agency.url}feed.xml",
    }


def _dump(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode()


def build_api(site: Site) -> list[tuple[str, bytes]]:
    cat = site.catalog
    return [
        ("api/documents.json", _dump([_document(d, site) for d in cat.documents])),
        ("api/news.json", _dump([_news(n, site) for n in cat.news])),
        ("api/agencies.json", _dump([_agency(a, site) for a in cat.agencies.values()])),
    ]
