"""Tracking: quotas of news items and task deadlines, counted from the published content.

A plan assigns "Viết tin bài về CCHC (12 tin/năm)" to a lead agency; agencies are scored on
whether they did it and writers are paid per published item. Tracking counts the published news
of the lead agency in every period of the plan year against the quota, and sorts the tasks that
have a concrete deadline into overdue, due soon and later, all relative to a fixed `today`.

Pure functions of the catalog (no MkDocs): the `/tien-do/` page, the agency pages, the home page
and `cchc report` all read the same values. News dates are indexed once per agency (sorted, then
`bisect`), so counting costs O(log n) per period whatever the size of the portal.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import dates
from .catalog import Catalog
from .model import Agency, Document, NewsItem, Task
from .periods import Period, Quota

MET = "đạt"
MISSED = "chưa đạt"
CURRENT = "đang thực hiện"
FUTURE = "chưa đến hạn"
UNTRACKED = "không theo dõi"

STATUS_SLUGS = {MET: "dat", MISSED: "chua-dat", CURRENT: "dang-thuc-hien",
                FUTURE: "chua-den-han", UNTRACKED: "khong-theo-doi"}

OVERDUE = "qua-han"
SOON = "sap-den-han"
LATER = "con-lai"
GROUPS: dict[str, str] = {OVERDUE: "Quá hạn", SOON: "Sắp đến hạn", LATER: "Còn lại"}
SOON_DAYS = 30


def local_day(item: NewsItem) -> date:
    """The calendar day of a news item in Vietnam, whatever zone it was written with."""
    return dates.local_day(item.date)


def periods_of(quota: Quota, year: int) -> list[Period]:
    """The periods of a plan year the quota is counted in: 12 months, 4 quarters or the year."""
    if quota.per == "month":
        return [Period("month", year, m) for m in range(1, 13)]
    if quota.per == "quarter":
        return [Period("quarter", year, q) for q in range(1, 5)]
    return [Period("year", year)]


@dataclass(frozen=True)
class PeriodProgress:
    period: Period
    count: int  # published news of the lead agency dated within the period
    target: int
    status: str  # đạt | chưa đạt | đang thực hiện | chưa đến hạn | không theo dõi

    @property
    def tracked(self) -> bool:
        return self.status != UNTRACKED

    @property
    def percent(self) -> int:
        """Progress towards the target, 0–100 (a period above its target shows 100)."""
        return min(100, round(100 * self.count / self.target)) if self.target else 0

    @property
    def label(self) -> str:
        return f"{self.count}/{self.target}"

    @property
    def slug(self) -> str:
        return STATUS_SLUGS[self.status]


@dataclass
class QuotaRow:
    """One task with a quota: its periods, the totals over the tracked ones and its status.

    The overall `status`:
    - "không theo dõi" when no period is tracked (the lead was dissolved before the plan year);
    - "chưa đạt" as soon as one tracked period ended below its target (a missed month or quarter
      stays missed, whatever the later ones bring: that is how agencies are scored);
    - "đạt" when every tracked period reached its target (all ended, or the last one already
      reached it);
    - "đang thực hiện" when the plan year has started and nothing is missed so far;
    - "chưa đến hạn" when the plan year has not started.
    """

    document: Document
    task: Task
    lead: Agency
    quota: Quota
    periods: list[PeriodProgress]
    total: int = 0  # news counted over the tracked periods
    target: int = 0  # sum of the tracked periods' targets
    status: str = FUTURE

    @property
    def year(self) -> int:
        return self.document.year

    @property
    def label(self) -> str:
        return f"{self.total}/{self.target}"

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.total / self.target)) if self.target else 0

    @property
    def slug(self) -> str:
        return STATUS_SLUGS[self.status]

    @property
    def untracked_from(self) -> date | None:
        """The dissolution day of the lead when it cut tracking short in this plan year."""
        return self.lead.dissolved if any(not p.tracked for p in self.periods) else None


@dataclass(frozen=True)
class DeadlineRow:
    document: Document
    task: Task
    deadline: date
    group: str  # qua-han | sap-den-han | con-lai
    days: int  # deadline − today: negative when overdue

    @property
    def group_label(self) -> str:
        return GROUPS[self.group]

    @property
    def year(self) -> int:
        return self.document.year


class NewsIndex:
    """Sorted local days of the published news of every agency, built once."""

    def __init__(self, news: list[NewsItem]) -> None:
        days: dict[str, list[date]] = defaultdict(list)
        for item in news:  # catalog.news holds published items only (drafts excluded)
            days[item.agency].append(local_day(item))
        for values in days.values():
            values.sort()
        self.days = dict(days)

    def count(self, agency_id: str, start: date, end: date) -> int:
        """News of the agency dated from `start` to `end`, both included."""
        values = self.days.get(agency_id)
        if not values:
            return 0
        return bisect.bisect_right(values, end) - bisect.bisect_left(values, start)


def period_status(period: Period, count: int, target: int, today: date,
                  dissolved: date | None = None) -> str:
    """Status of one period relative to `today`.

    Periods starting on or after the lead's dissolution are not tracked; periods after today have
    not come due; the current one is in progress until its target is reached (reaching it early
    is already "đạt"); an ended period is met or missed.
    """
    if dissolved is not None and period.start >= dissolved:
        return UNTRACKED
    if period.start > today:
        return FUTURE
    if count >= target:
        return MET
    if period.end >= today:
        return CURRENT
    return MISSED


def _row_status(periods: list[PeriodProgress]) -> str:
    statuses = [p.status for p in periods if p.tracked]
    if not statuses:
        return UNTRACKED
    if MISSED in statuses:
        return MISSED
    if all(s == MET for s in statuses):
        return MET
    if all(s == FUTURE for s in statuses):
        return FUTURE
    return CURRENT


def quota_row(document: Document, task: Task, lead: Agency, index: NewsIndex,
              today: date) -> QuotaRow:
    assert task.quota is not None
    periods = []
    for period in periods_of(task.quota, document.year):
        count = index.count(lead.id, period.start, period.end)
        status = period_status(period, count, task.quota.count, today, lead.dissolved)
        periods.append(PeriodProgress(period, count, task.quota.count, status))
    tracked = [p for p in periods if p.tracked]
    return QuotaRow(document, task, lead, task.quota, periods,
                    total=sum(p.count for p in tracked), target=sum(p.target for p in tracked),
                    status=_row_status(periods))


def quota_rows(catalog: Catalog, today: date, year: int | None = None,
               agency: str | None = None, index: NewsIndex | None = None) -> list[QuotaRow]:
    """Every task with a quota (of plan `year`, led by `agency` when given), newest plan first.

    Within a plan the tasks keep the order of its appendix.
    """
    index = index or NewsIndex(catalog.news)
    rows = []
    for doc, task in catalog.tasks:  # documents newest first, tasks in appendix order
        if task.quota is None or (year is not None and doc.year != year):
            continue
        if agency is not None and task.lead != agency:
            continue
        rows.append(quota_row(doc, task, catalog.agencies[task.lead], index, today))
    rows.sort(key=lambda r: -r.year)  # stable: keeps catalog order within a year
    return rows


def deadline_group(deadline: date, today: date) -> str:
    if deadline < today:
        return OVERDUE
    if deadline <= today + timedelta(days=SOON_DAYS):
        return SOON
    return LATER


def deadline_rows(catalog: Catalog, today: date, year: int | None = None,
                  agency: str | None = None) -> list[DeadlineRow]:
    """Tasks with a concrete deadline (a date or a period), earliest first.

    "Thường xuyên" and free-text deadlines have no day to be late for and are left out, and so
    is a task whose lead was dissolved on or before its deadline (it is no longer tracked).
    """
    rows = []
    for doc, task in catalog.tasks:
        deadline = task.due.deadline if task.due else None
        if deadline is None or (year is not None and doc.year != year):
            continue
        if agency is not None and task.lead != agency:
            continue
        if not catalog.agencies[task.lead].active_on(deadline):
            continue
        rows.append(DeadlineRow(doc, task, deadline, deadline_group(deadline, today),
                                (deadline - today).days))
    rows.sort(key=lambda r: (r.deadline, r.document.id, r.task.index))
    return rows


def deadline_groups(catalog: Catalog, today: date, year: int | None = None,
                    agency: str | None = None) -> dict[str, list[DeadlineRow]]:
    """Deadlines as {"qua-han": […], "sap-den-han": […], "con-lai": […]}.

    Overdue tasks come most recent first (the ones that matter now), the others earliest first.
    """
    groups: dict[str, list[DeadlineRow]] = {g: [] for g in GROUPS}
    for row in deadline_rows(catalog, today, year, agency):
        groups[row.group].append(row)
    groups[OVERDUE].reverse()
    return groups


@dataclass
class YearProgress:
    year: int
    rows: list[QuotaRow]
    deadlines: dict[str, list[DeadlineRow]]

    @property
    def counts(self) -> dict[str, int]:
        """How many quota rows have each status."""
        out: dict[str, int] = {}
        for row in self.rows:
            out[row.status] = out.get(row.status, 0) + 1
        return out

    @property
    def deadline_sections(self) -> list[tuple[str, str, list[DeadlineRow]]]:
        """(key, label, rows) of each deadline group: overdue, due soon, later."""
        return [(g, GROUPS[g], self.deadlines[g]) for g in GROUPS]


@dataclass
class Tracking:
    """Everything the pages show, computed once per build."""

    today: date
    rows: list[QuotaRow]
    deadlines: list[DeadlineRow]
    years: list[YearProgress] = field(default_factory=list)
    by_lead: dict[str, list[QuotaRow]] = field(default_factory=dict)

    @property
    def open_deadlines(self) -> list[DeadlineRow]:
        """Deadlines from today on, earliest first (due soon, then later)."""
        return [r for r in self.deadlines if r.group != OVERDUE]


def track(catalog: Catalog, today: date) -> Tracking:
    rows = quota_rows(catalog, today)
    deadlines = deadline_rows(catalog, today)
    by_lead: dict[str, list[QuotaRow]] = defaultdict(list)
    by_year: dict[int, list[QuotaRow]] = defaultdict(list)
    for row in rows:
        by_lead[row.lead.id].append(row)
        by_year[row.year].append(row)
    dl_by_year: dict[int, dict[str, list[DeadlineRow]]] = defaultdict(
        lambda: {g: [] for g in GROUPS})
    for d in deadlines:
        dl_by_year[d.year][d.group].append(d)
    for groups in dl_by_year.values():
        groups[OVERDUE].reverse()
    years = [YearProgress(y, by_year.get(y, []), dl_by_year.get(y) or {g: [] for g in GROUPS})
             for y in sorted(set(by_year) | set(dl_by_year), reverse=True)]
    return Tracking(today, rows, deadlines, years, dict(by_lead))
