"""Catalog: validated records → every index and cross-link the pages and feeds need.

Built once per build (Pelican's two passes: the whole context before anything is written), so
pages never rescan records: an agency page reads `catalog.by_agency[id]`, a document page reads
`catalog.backlinks[id]`, each a dictionary look-up.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from . import evidence as evidence_mod
from .diagnostics import Report
from .model import Agency, Document, IndexYear, MarkdownPage, NewsItem, Question, Reference, Task
from .refs import number_key
from .text import fold, sort_key
from .validate import Records

Evidence = Document | NewsItem
TaskKey = tuple[str, int]  # (document id, task index): one task of one plan


@dataclass(frozen=True)
class Backlink:
    """A document or news item that refers to a document of the portal."""

    source: Document | NewsItem
    relation: str  # can-cu | thuc-hien | bao-cao | … ; "tin-bai" for news


@dataclass(frozen=True)
class Assignment:
    """A task seen from the agency it is assigned to."""

    document: Document
    task: Task
    role: str  # lead | support


@dataclass
class AgencyView:
    documents: list[Document] = field(default_factory=list)  # newest first
    news: list[NewsItem] = field(default_factory=list)  # newest first
    assignments: list[Assignment] = field(default_factory=list)

    def documents_by_year(self) -> list[tuple[int, list[Document]]]:
        years: dict[int, list[Document]] = defaultdict(list)
        for doc in self.documents:
            years[doc.year].append(doc)
        return sorted(years.items(), reverse=True)


@dataclass
class Catalog:
    agencies: dict[str, Agency]  # Vietnamese alphabetical order
    documents: list[Document]  # published, newest first
    news: list[NewsItem]  # published, newest first
    documents_by_id: dict[str, Document]
    backlinks: dict[str, list[Backlink]]
    by_agency: dict[str, AgencyView]
    children: dict[str | None, list[Agency]]
    predecessors: dict[str, list[Agency]]
    years: list[int]  # newest first
    docs_by_year: dict[int, list[Document]]
    news_by_year: dict[int, list[NewsItem]]
    docs_by_topic: dict[str, list[Document]]
    news_by_topic: dict[str, list[NewsItem]]
    tasks: list[tuple[Document, Task]]
    tasks_by_year: dict[int, list[tuple[Document, Task]]]  # by the year of their deadline
    pages: list[MarkdownPage] = field(default_factory=list)  # ordinary pages, by file name
    # Published items that name a task in `tasks:`, oldest first (the first one shows it done).
    evidence: dict[TaskKey, list[Evidence]] = field(default_factory=dict)
    indices: list[IndexYear] = field(default_factory=list)  # content/chi-so/, one per year
    # Drafts put up for public comment (SPEC §9), the latest opened first.
    consultations: list[Document] = field(default_factory=list)
    # Questions and answers, the latest asked first; by answering agency and by topic.
    questions: list[Question] = field(default_factory=list)
    questions_by_agency: dict[str, list[Question]] = field(default_factory=dict)
    questions_by_topic: dict[str, list[Question]] = field(default_factory=dict)

    def evidence_of(self, doc: Document, task: Task) -> list[Evidence]:
        return self.evidence.get((doc.id, task.index), [])

    def agency(self, agency_id: str | None) -> Agency | None:
        return self.agencies.get(agency_id) if agency_id else None

    def ancestors(self, agency_id: str) -> list[Agency]:
        """From the top of the hierarchy down to the agency's parent."""
        out: list[Agency] = []
        parent = self.agencies[agency_id].parent
        while parent and parent in self.agencies and len(out) < 20:
            out.append(self.agencies[parent])
            parent = self.agencies[parent].parent
        return out[::-1]


def _newest_docs(docs: list[Document]) -> list[Document]:
    return sorted(docs, key=lambda d: (d.sort_date, d.id), reverse=True)


def _newest_news(items: list[NewsItem]) -> list[NewsItem]:
    return sorted(items, key=lambda n: (n.date, n.id), reverse=True)


class _Resolver:
    """Finds the portal document a reference points to, by number and (optionally) agency."""

    def __init__(self, documents: list[Document]) -> None:
        self.by_number: dict[str, list[Document]] = defaultdict(list)
        self.by_id = {doc.id: doc for doc in documents}
        for doc in documents:
            if doc.number:
                self.by_number[number_key(doc.number)].append(doc)

    def resolve(self, ref: Reference) -> list[Document]:
        if ref.doc_id:  # named by its id (validation checked it exists; a draft: unpublished)
            return [self.by_id[ref.doc_id]] if ref.doc_id in self.by_id else []
        if not ref.number:
            return []
        candidates = self.by_number.get(number_key(ref.number), [])
        if ref.agency:
            return [d for d in candidates if d.agency == ref.agency]
        if ref.agency_name:  # an agency we could not identify: do not guess
            return []
        return candidates


def build(records: Records, report: Report | None = None) -> Catalog:
    # Sorted by the name readers see (short name when there is one), in Vietnamese order.
    agencies = dict(sorted(records.agencies.items(), key=lambda kv: sort_key(kv[1].label)))
    documents = _newest_docs([d for d in records.documents if not d.draft])
    news = _newest_news([n for n in records.news if not n.draft])
    resolver = _Resolver(documents)

    backlinks: dict[str, list[Backlink]] = defaultdict(list)
    sources: list[Evidence] = [*documents, *news]
    for source in sources:
        refs = source.refs if isinstance(source, Document) else source.documents
        for ref in refs:
            hits = resolver.resolve(ref)
            hits = [h for h in hits if h is not source]
            if len(hits) == 1:
                ref.target = hits[0].id
                relation = ref.relation if isinstance(source, Document) else "tin-bai"
                backlinks[hits[0].id].append(Backlink(source, relation))
            elif len(hits) > 1 and report and source.source:
                report.warn(source.source.path, None, "ambiguous-ref",
                            f"Số hiệu `{ref.number}` khớp với {len(hits)} văn bản của các cơ quan "
                            "khác nhau; không biết liên kết tới văn bản nào.",
                            "Ghi rõ cơ quan ban hành: `{number: …, agency: <mã cơ quan>}`.")
    for items in backlinks.values():
        items.sort(key=lambda b: (_date_of(b.source), b.source.id), reverse=True)

    by_agency: dict[str, AgencyView] = {a: AgencyView() for a in agencies}
    tasks: list[tuple[Document, Task]] = []
    for doc in documents:
        by_agency[doc.agency].documents.append(doc)
        if doc.consultation is not None:
            # A draft put up for comment assigns nothing yet: its tasks are proposals, not
            # tracked (neither late nor done) until the plan is issued.
            continue
        for task in doc.tasks:
            tasks.append((doc, task))
            by_agency[task.lead].assignments.append(Assignment(doc, task, "lead"))
            for s in task.support:
                by_agency[s].assignments.append(Assignment(doc, task, "support"))
    for item in news:
        by_agency[item.agency].news.append(item)

    children: dict[str | None, list[Agency]] = defaultdict(list)
    predecessors: dict[str, list[Agency]] = defaultdict(list)
    for agency in agencies.values():  # already in Vietnamese order, so lists stay sorted
        children[agency.parent].append(agency)
        for successor in agency.successor:
            predecessors[successor].append(agency)

    docs_by_year: dict[int, list[Document]] = defaultdict(list)
    docs_by_topic: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        docs_by_year[doc.year].append(doc)
        for t in doc.topics:
            docs_by_topic[t].append(doc)
    news_by_year: dict[int, list[NewsItem]] = defaultdict(list)
    news_by_topic: dict[str, list[NewsItem]] = defaultdict(list)
    for item in news:
        news_by_year[item.year].append(item)
        for t in item.topics:
            news_by_topic[t].append(item)
    evidence = _evidence(documents, news)
    if report:
        _suggest_reports(documents, evidence, report)

    tasks_by_year: dict[int, list[tuple[Document, Task]]] = defaultdict(list)
    for doc, task in tasks:
        if task.due and task.due.deadline:
            tasks_by_year[task.due.deadline.year].append((doc, task))
    years = sorted(set(docs_by_year) | set(news_by_year) | set(tasks_by_year), reverse=True)

    questions = sorted((q for q in records.questions if not q.draft),
                       key=lambda q: (q.asked, q.id), reverse=True)
    questions_by_agency: dict[str, list[Question]] = defaultdict(list)
    questions_by_topic: dict[str, list[Question]] = defaultdict(list)
    for q in questions:
        if q.agency:
            questions_by_agency[q.agency].append(q)
        for t in q.topics:
            questions_by_topic[t].append(q)
    consultations = sorted((d for d in documents if d.consultation),
                           key=lambda d: (d.consultation.start if d.consultation else d.sort_date,
                                          d.id), reverse=True)

    return Catalog(
        agencies=agencies, documents=documents, news=news,
        documents_by_id={d.id: d for d in documents}, backlinks=dict(backlinks),
        by_agency=by_agency, children=dict(children), predecessors=dict(predecessors),
        years=years, docs_by_year=dict(docs_by_year), news_by_year=dict(news_by_year),
        docs_by_topic=dict(docs_by_topic), news_by_topic=dict(news_by_topic), tasks=tasks,
        tasks_by_year=dict(tasks_by_year), pages=sorted(records.pages, key=lambda p: p.src_uri),
        evidence=evidence, indices=records.indices, consultations=consultations,
        questions=questions, questions_by_agency=dict(questions_by_agency),
        questions_by_topic=dict(questions_by_topic),
    )


def _evidence_key(item: Evidence) -> tuple[date, str]:
    day = item.evidence_day or date(item.year, 12, 31)
    return day, item.id


def _evidence(documents: list[Document], news: list[NewsItem]) -> dict[TaskKey, list[Evidence]]:
    """Each task → the published items naming it (validation has checked that they resolve;
    a reference to a draft plan resolves to nothing here and is left out)."""
    index = evidence_mod.TaskIndex(documents)
    out: dict[TaskKey, list[Evidence]] = defaultdict(list)
    sources: list[Evidence] = [*documents, *news]
    for item in sources:
        refs = item.fulfils if isinstance(item, Document) else item.tasks
        for ref in refs:
            found = index.resolve(ref)
            if isinstance(found, evidence_mod.Resolved) and found.document is not item:
                ref.target = found.document.id
                key = (found.document.id, found.task.index)
                if item not in out[key]:
                    out[key].append(item)
    for items in out.values():
        items.sort(key=_evidence_key)
    return dict(out)


def _is_report_task(task: Task) -> bool:
    return "bao cao" in fold(f"{task.product} {task.task}")


def _suggest_reports(documents: list[Document], evidence: dict[TaskKey, list[Evidence]],
                     report: Report) -> None:
    """A report that names a plan with `relation: bao-cao` and whose period is the deadline of
    one of its agency's report tasks is probably that task's result: say so (never count it
    silently: the editor confirms with `tasks:`)."""
    by_id = {d.id: d for d in documents}
    for doc in documents:
        if doc.kind != "bao-cao" or doc.period is None or doc.source is None:
            continue
        for ref in doc.refs:
            plan = by_id.get(ref.target or "")
            if ref.relation != "bao-cao" or plan is None:
                continue
            for task in plan.tasks:
                due = task.due.period if task.due else None
                deadline = task.due.deadline if task.due else None
                if task.lead != doc.agency or not _is_report_task(task) or task.done:
                    continue
                if due != doc.period and deadline != doc.period.end:
                    continue
                if (plan.id, task.index) in evidence:
                    continue
                target = evidence_mod.reference_for(plan, task)
                hint = f'Thêm dòng `tasks: ["{target}"]` vào văn bản này'
                if not task.id:
                    hint = (f"Đặt `id:` cho nhiệm vụ này trong {plan.label} (ví dụ `id: bao-cao-"
                            f"{fold(doc.period.short).replace(' ', '-')}`), rồi thêm "
                            f'`tasks: ["{target}"]` vào văn bản này')
                report.warn(doc.source.path, doc.source.at("refs"), "report-as-evidence",
                            f"Báo cáo {doc.period.label} này có thể là kết quả của nhiệm vụ "
                            f"“{task.task}” (thời hạn {task.due.label if task.due else ''}) trong "
                            f"{plan.label}, nhưng chưa được ghi nên nhiệm vụ chưa được tính là "
                            "hoàn thành.",
                            hint + "; nếu không phải, bỏ qua cảnh báo này.")


def _date_of(record: Document | NewsItem) -> date:
    return record.sort_date if isinstance(record, Document) else record.date.date()
