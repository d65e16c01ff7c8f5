"""Open data records: every published record with its resolved links (SPEC §5 /api/).

So that other systems — a province aggregating its districts' portals — consume the portal
without scraping. Keys are stable English field names, values as in the content format; each
record's shape is published as a JSON Schema (`data_schemas/`, tested against the files) and
`opendata` wraps, splits and writes them. Nothing here depends on "today": the files of two
builds of the same content are the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import urls
from .feeds import document_day
from .model import Agency, Document, NewsItem, Reference, Task

if TYPE_CHECKING:
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


def _agency_name(agency_id: str, site: Site) -> str:
    agency = site.agency(agency_id)
    return agency.name if agency else agency_id


def document_record(doc: Document, site: Site) -> dict[str, Any]:
    base = site.settings.base_url
    backlinks = site.catalog.backlinks.get(doc.id, [])
    day = document_day(doc)
    return {
        "id": doc.id, "url": base + doc.url, "number": doc.number, "kind": doc.kind,
        "kind_label": doc.kind_label, "title": doc.title, "agency": doc.agency,
        "agency_name": _agency_name(doc.agency, site),
        "issued": doc.issued.isoformat() if doc.issued else None, "year": doc.year,
        "period": doc.period.label if doc.period else None,
        "date": day.isoformat() if day else None,
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
        "tasks": [_task(t) for t in doc.tasks],
    }


def _task(t: Task) -> dict[str, Any]:
    return {"number": t.index + 1, "task": t.task, "product": t.product or None,
            "lead": t.lead, "support": t.support, "due": t.due.text if t.due else None,
            "deadline": t.due.deadline.isoformat() if t.due and t.due.deadline else None,
            "quota": t.quota.label if t.quota else None}


def task_record(doc: Document, task: Task, site: Site) -> dict[str, Any]:
    """A task of a document's table, on its own (the tasks dataset, one row per task)."""
    base = site.settings.base_url
    t = _task(task)
    return {
        "id": f"{doc.id}#{t['number']}", "document": doc.id, "document_url": base + doc.url,
        "document_number": doc.number, "document_title": doc.title, "year": doc.year,
        **t,
        "lead_name": _agency_name(task.lead, site),
    }


def news_record(item: NewsItem, site: Site) -> dict[str, Any]:
    base = site.settings.base_url
    return {
        "id": item.id, "url": base + item.url, "title": item.title,
        "date": item.date.isoformat(), "agency": item.agency,
        "agency_name": _agency_name(item.agency, site), "author": item.author or None,
        "topics": item.topics, "tags": item.tags, "summary": site.summary(item),
        "documents": [_ref(r, site) for r in item.documents],
    }


def agency_record(agency: Agency, site: Site) -> dict[str, Any]:
    base = site.settings.base_url
    view = site.catalog.by_agency[agency.id]
    feed = urls.feed_of(agency.url)
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
        "feed": base + feed if feed in site.feeds_by_path else None,
    }
