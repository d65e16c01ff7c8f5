"""Tracking: what each plan task's status is on `today`, and how far each quota has come.

A plan assigns "Viết tin bài về CCHC (12 tin/năm)" or "Báo cáo kết quả năm 2024 (Quý IV/2024)"
to a lead agency; agencies are scored on whether they did it (chấm điểm CCHC) and writers are
paid per published item. The rules are SPEC §8:

- a task is **done** (`hoàn thành`) when it has `done:`, when a published item names it in
  `tasks:` (the first one's date is the completion date), or, for a quota, when every period
  reached its target;
- before its deadline it is `chưa đến hạn` (its period has not started) or `đang thực hiện`;
- after it, `quá hạn` while the plan's year or the next one is current, then `không hoàn thành`:
  old plans are an archive, not a list of debts;
- a task without a concrete deadline ("Thường xuyên", free text) runs until the end of its plan
  year; its lead being dissolved before the deadline ends its tracking (`không theo dõi`).

A quota counts the published items of the lead agency of the quota's format, plus the items that
name the task whatever their agency, dated in each period and not after `today`; its status names
the periods that are missing ("thiếu Quý II: 0/1"), so a total never contradicts it.

Pure functions of the catalog (no MkDocs): the `/tien-do/` pages, the agency, year, document and
home pages and `cchc report` all read the same values, computed once per build.
"""

from __future__ import annotations

import bisect
import functools
import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from . import dates
from .catalog import Catalog, Evidence
from .model import Agency, Document, NewsItem, Task
from .periods import ROMAN_OUT, Period, Quota, weeks_in
from .text import format_date
from .vocab import accepted_formats

# -- statuses ---------------------------------------------------------------------------------

# A quota's periods.
MET = "đạt"
MISSED = "chưa đạt"
CURRENT = "đang thực hiện"
FUTURE = "chưa đến hạn"
UNTRACKED = "không theo dõi"

# A task (SPEC §8).
DONE = "hoàn thành"
NOT_DUE = "chưa đến hạn"
IN_PROGRESS = "đang thực hiện"
OVERDUE = "quá hạn"
FAILED = "không hoàn thành"

STATUS_SLUGS = {MET: "dat", MISSED: "chua-dat", CURRENT: "dang-thuc-hien",
                FUTURE: "chua-den-han", UNTRACKED: "khong-theo-doi", DONE: "hoan-thanh",
                OVERDUE: "qua-han", FAILED: "khong-hoan-thanh"}
# The order tasks are counted, charted and listed in.
TASK_STATUSES = (DONE, IN_PROGRESS, NOT_DUE, OVERDUE, FAILED)

SOON_DAYS = 30  # an open deadline within this many days is "sắp đến hạn"


def local_day(item: NewsItem) -> date:
    """The calendar day of a news item in Vietnam, whatever zone it was written with."""
    return dates.local_day(item.date)


def periods_of(quota: Quota, year: int) -> list[Period]:
    """The periods of a plan year the quota is counted in: weeks, months, quarters or the year."""
    if quota.per == "week":
        return [Period("week", year, w) for w in range(1, weeks_in(year) + 1)]
    if quota.per == "month":
        return [Period("month", year, m) for m in range(1, 13)]
    if quota.per == "quarter":
        return [Period("quarter", year, q) for q in range(1, 5)]
    return [Period("year", year)]


def is_current_year(year: int, today: date) -> bool:
    """A plan year still "current" for tracking: this one or the one before (SPEC §8)."""
    return year >= today.year - 1


def is_live_year(year: int, today: date) -> bool:
    """A plan year not yet over: relative times ("còn 5 ngày") are shown only for these."""
    return year >= today.year


# -- quotas -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PeriodProgress:
    period: Period
    count: int  # items counted within the period (up to today)
    target: int
    status: str  # đạt | chưa đạt | đang thực hiện | chưa đến hạn | không theo dõi
    reached: date | None = None  # the day the target was reached

    @property
    def tracked(self) -> bool:
        return self.status != UNTRACKED

    @property
    def credited(self) -> int:
        """What the period contributes to the year: an extra item does not make up for a
        missed period."""
        return min(self.count, self.target)

    @property
    def label(self) -> str:
        return f"{self.count}/{self.target}"

    @property
    def slug(self) -> str:
        return STATUS_SLUGS[self.status]


MISSING_SHOWN = 6  # periods named in a "thiếu …" text before "và N kỳ khác"


@dataclass
class QuotaRow:
    """One task with a quota: its periods, the totals over the tracked ones and its status.

    The overall `status`:
    - "không theo dõi" when no period is tracked (the lead was dissolved before the plan year);
    - "chưa đạt" as soon as one tracked period ended below its target (a missed month or quarter
      stays missed, whatever the later ones bring: that is how agencies are scored);
    - "đạt" when every tracked period reached its target;
    - "đang thực hiện" when the plan year has started and nothing is missed so far;
    - "chưa đến hạn" when the plan year has not started.
    """

    document: Document
    task: Task
    lead: Agency
    quota: Quota
    periods: list[PeriodProgress]
    published: int = 0  # items counted over the tracked periods
    credited: int = 0  # the same, each period capped at its target
    target: int = 0  # sum of the tracked periods' targets
    status: str = FUTURE

    @property
    def year(self) -> int:
        return self.document.year

    @property
    def label(self) -> str:
        """"3/4": what counts towards the year's target (a period over its target gives no more
        than its target)."""
        return f"{self.credited}/{self.target}"

    @property
    def slug(self) -> str:
        return STATUS_SLUGS[self.status]

    @property
    def missing(self) -> list[PeriodProgress]:
        return [p for p in self.periods if p.status == MISSED]

    @property
    def missing_label(self) -> str:
        """"thiếu Quý II: 0/1" — the periods that ended below their target ("" when none)."""
        missing = self.missing
        if not missing:
            return ""
        shown = ", ".join(f"{p.period.short}: {p.label}" for p in missing[:MISSING_SHOWN])
        more = len(missing) - MISSING_SHOWN
        return "thiếu " + shown + (f" và {more} kỳ khác" if more > 0 else "")

    @property
    def status_text(self) -> str:
        """The status in words, naming what is missing: "chưa đạt — thiếu Quý II: 0/1"."""
        return f"{self.status} — {self.missing_label}" if self.missing else self.status

    @property
    def reached(self) -> date | None:
        """The day the last tracked period reached its target, when all did."""
        if self.status != MET:
            return None
        days = [p.reached for p in self.periods if p.tracked and p.reached]
        return max(days) if days else None

    @property
    def untracked_from(self) -> date | None:
        """The dissolution day of the lead when it cut tracking short in this plan year."""
        return self.lead.dissolved if any(not p.tracked for p in self.periods) else None

    @property
    def chart(self) -> QuotaChart:
        return quota_chart(self)

    @property
    def chart_text(self) -> str:
        """What the chart shows, in words (its text equivalent)."""
        return (f"{self.quota.label}: " + "; ".join(
            f"{p.period.short} {p.label} {p.status}" for p in self.periods) + ".")


class NewsIndex:
    """Sorted local days of the published news of every agency and format, built once, so that
    counting a period costs a bisection whatever the size of the portal."""

    def __init__(self, news: Iterable[NewsItem]) -> None:
        days: dict[tuple[str, str], list[date]] = defaultdict(list)
        for item in news:  # catalog.news holds published items only (drafts excluded)
            days[(item.agency, item.format)].append(local_day(item))
        for values in days.values():
            values.sort()
        self.days = dict(days)

    def days_of(self, agency_id: str, formats: Iterable[str]) -> list[date]:
        """The days of the agency's items of these formats, sorted."""
        lists = [self.days.get((agency_id, f), []) for f in sorted(formats)]
        return list(heapq.merge(*lists))


def _count(days: list[date], start: date, end: date) -> int:
    return bisect.bisect_right(days, end) - bisect.bisect_left(days, start)


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


def counted_days(catalog: Catalog, doc: Document, task: Task, index: NewsIndex,
                 today: date) -> list[date]:
    """The days of the items a quota counts, up to today: the lead's items of the quota's
    formats, and items of those formats naming the task, whatever their agency."""
    assert task.quota is not None
    formats = accepted_formats(task.quota.format)
    days = index.days_of(task.lead, formats)
    named = [local_day(n) for n in catalog.evidence_of(doc, task)
             if isinstance(n, NewsItem) and n.agency != task.lead and n.format in formats]
    if named:
        days = sorted([*days, *named])
    return days[:bisect.bisect_right(days, today)]


def quota_row(catalog: Catalog, doc: Document, task: Task, index: NewsIndex,
              today: date) -> QuotaRow:
    assert task.quota is not None
    lead = catalog.agencies[task.lead]
    days = counted_days(catalog, doc, task, index, today)
    target = task.quota.count
    periods = []
    for period in periods_of(task.quota, doc.year):
        lo = bisect.bisect_left(days, period.start)
        count = bisect.bisect_right(days, period.end) - lo
        reached = days[lo + target - 1] if count >= target else None
        status = period_status(period, count, target, today, lead.dissolved)
        periods.append(PeriodProgress(period, count, target, status, reached))
    tracked = [p for p in periods if p.tracked]
    return QuotaRow(doc, task, lead, task.quota, periods,
                    published=sum(p.count for p in tracked),
                    credited=sum(p.credited for p in tracked),
                    target=sum(p.target for p in tracked), status=_row_status(periods))


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
        rows.append(quota_row(catalog, doc, task, index, today))
    rows.sort(key=lambda r: -r.year)  # stable: keeps catalog order within a year
    return rows


# -- tasks ------------------------------------------------------------------------------------

@dataclass
class TaskState:
    """One task of one plan on `today`: its status, deadline, completion and evidence."""

    document: Document
    task: Task
    lead: Agency
    today: date
    status: str
    start: date  # the first day of the task's window (its period, else its plan year)
    deadline: date  # the written deadline, else the end of the plan year
    concrete: bool  # the deadline is written (a date or a period), not implied
    done_on: date | None = None
    evidence: list[Evidence] = field(default_factory=list)  # items naming it, oldest first
    quota: QuotaRow | None = None

    @property
    def year(self) -> int:
        return self.document.year

    @property
    def slug(self) -> str:
        return STATUS_SLUGS.get(self.status, "khong-theo-doi")

    @property
    def key(self) -> tuple[str, int]:
        return (self.document.id, self.task.index)

    @property
    def proof(self) -> Evidence | None:
        """The item that shows the task done (the first one naming it)."""
        return self.evidence[0] if self.evidence else None

    @property
    def days(self) -> int:
        """deadline − today: negative when past."""
        return (self.deadline - self.today).days

    @property
    def open(self) -> bool:
        return self.status in (IN_PROGRESS, NOT_DUE)

    @property
    def late(self) -> bool:
        """Done, but after its written deadline."""
        return bool(self.done_on and self.concrete and self.done_on > self.deadline)

    @property
    def relative(self) -> str:
        """"còn 26 ngày", "hôm nay", "quá 15 ngày" — only while the plan year is not over, and
        only for a written deadline of a task still to do (an archive has no "days late")."""
        if not self.concrete or not is_live_year(self.year, self.today):
            return ""
        if self.status not in (IN_PROGRESS, NOT_DUE, OVERDUE):
            return ""
        if self.days < 0:
            return f"quá {-self.days} ngày"
        return "hôm nay" if self.days == 0 else f"còn {self.days} ngày"

    @property
    def soon(self) -> bool:
        return self.open and self.concrete and 0 <= self.days <= SOON_DAYS

    @property
    def deadline_label(self) -> str:
        if self.task.due:
            return self.task.due.label
        return f"Trong năm {self.year}"

    @property
    def status_text(self) -> str:
        """The status in words: "hoàn thành ngày 05/12/2024", "đang thực hiện — thiếu Quý II"."""
        if self.status == DONE:
            text = DONE + (f" ngày {format_date(self.done_on)}" if self.done_on else "")
            return text + (" (sau thời hạn)" if self.late else "")
        if self.quota is not None and self.quota.missing:
            return f"{self.status} — {self.quota.missing_label}"
        return self.status


def task_window(doc: Document, task: Task) -> tuple[date, date, bool]:
    """(start, deadline, written) of a task: its period or date, else its plan year."""
    year_start, year_end = date(doc.year, 1, 1), date(doc.year, 12, 31)
    due = task.due
    if due and due.period:
        return due.period.start, due.period.end, True
    if due and due.day:
        return min(year_start, due.day), due.day, True
    if task.quota is not None:
        periods = periods_of(task.quota, doc.year)
        return periods[0].start, periods[-1].end, False
    return year_start, year_end, False


def task_status(start: date, deadline: date, done_on: date | None, plan_year: int,
                today: date, dissolved: date | None = None) -> str:
    """The status of a task on `today` (SPEC §8): see the module's docstring."""
    if done_on is not None and done_on <= today:
        return DONE
    if dissolved is not None and dissolved <= deadline:
        return UNTRACKED
    if today < start:
        return NOT_DUE
    if today <= deadline:
        return IN_PROGRESS
    if today.year <= max(plan_year, deadline.year) + 1:
        return OVERDUE
    return FAILED


def task_state(catalog: Catalog, doc: Document, task: Task, today: date,
               quota: QuotaRow | None = None) -> TaskState:
    lead = catalog.agencies[task.lead]
    start, deadline, concrete = task_window(doc, task)
    proof = [e for e in catalog.evidence_of(doc, task)
             if e.evidence_day is None or e.evidence_day <= today]
    done_on = task.done
    if done_on is None and proof:
        done_on = proof[0].evidence_day or date(proof[0].year, 12, 31)
    if done_on is None and quota is not None:
        done_on = quota.reached
    dissolved = lead.dissolved if not lead.active_on(deadline) else None
    status = task_status(start, deadline, done_on, doc.year, today, dissolved)
    return TaskState(doc, task, lead, today, status, start, deadline, concrete,
                     done_on if status == DONE else None, proof, quota)


# -- charts (geometry only: templates draw them) ----------------------------------------------

@dataclass(frozen=True)
class Segment:
    """One status of a stacked bar: its share of the width (0–100)."""

    label: str
    slug: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    """One period of a quota chart, in a viewBox of `QuotaChart.width` × `HEIGHT`."""

    label: str  # "Quý II"
    tick: str  # what fits under the bar: "II", "3", "" (weeks)
    count: int
    target: int
    slug: str
    x: float
    y: float
    height: float


CHART_HEIGHT = 40.0
BAR_WIDTH = 10.0


@dataclass(frozen=True)
class QuotaChart:
    bars: list[Bar]
    target_y: float  # where the target line is drawn
    width: float
    labelled: bool  # period names fit under the bars (not for 52 weeks)


def stacked(counts: dict[str, int], order: Iterable[str] = TASK_STATUSES) -> list[Segment]:
    total = sum(counts.values())
    out, x = [], 0.0
    for status in order:
        n = counts.get(status, 0)
        if not n or not total:
            continue
        width = round(100 * n / total, 3)
        out.append(Segment(status, STATUS_SLUGS[status], n, round(x, 3), width))
        x += width
    return out


def _tick(period: Period) -> str:
    if period.kind == "quarter":
        return ROMAN_OUT[period.index]
    if period.kind == "month":
        return str(period.index)
    return "" if period.kind == "week" else period.short


def quota_chart(row: QuotaRow) -> QuotaChart:
    top = max([row.quota.count, *(p.count for p in row.periods)]) or 1
    scale = CHART_HEIGHT / top
    bars = []
    for i, p in enumerate(row.periods):
        h = round(p.count * scale, 3)
        bars.append(Bar(p.period.short, _tick(p.period), p.count, p.target, p.slug,
                        i * BAR_WIDTH + 1, round(CHART_HEIGHT - h, 3), h))
    return QuotaChart(bars, round(CHART_HEIGHT - row.quota.count * scale, 3),
                      BAR_WIDTH * len(bars), len(bars) <= 12)


# -- a plan year, an agency -------------------------------------------------------------------

@dataclass
class Progress:
    """The tasks and quotas of one plan year (of every agency, or one), with their summary."""

    year: int
    today: date
    tasks: list[TaskState]
    rows: list[QuotaRow]

    @property
    def current(self) -> bool:
        return is_current_year(self.year, self.today)

    @property
    def live(self) -> bool:
        return is_live_year(self.year, self.today)

    @property
    def counts(self) -> dict[str, int]:
        """How many tracked tasks have each status, in `TASK_STATUSES` order."""
        out = {s: 0 for s in TASK_STATUSES}
        for t in self.tasks:
            if t.status in out:
                out[t.status] += 1
        return out

    @property
    def legend(self) -> list[tuple[str, str, int]]:
        """(status, slug, count) of every task status, for the chart's table."""
        return [(s, STATUS_SLUGS[s], n) for s, n in self.counts.items()]

    @property
    def tracked(self) -> int:
        return sum(self.counts.values())

    @property
    def quota_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in self.rows:
            out[row.status] = out.get(row.status, 0) + 1
        return out

    @property
    def segments(self) -> list[Segment]:
        return stacked(self.counts)

    @property
    def summary(self) -> str:
        """The year in one sentence, as the chart shows it."""
        counts = self.counts
        parts = [f"{n} {s}" for s, n in counts.items() if n]
        head = f"Năm {self.year}: {self.tracked} nhiệm vụ được theo dõi"
        text = head + (" — " + ", ".join(parts) if parts else "") + "."
        if self.rows:
            q = self.quota_counts
            text += f" {len(self.rows)} chỉ tiêu: " + ", ".join(
                f"{n} {s}" for s, n in q.items()) + "."
        if not self.current:
            text += " Năm kế hoạch đã kết thúc: kết quả dưới đây là kết quả cuối cùng."
        return text

    def group(self, status: str) -> list[TaskState]:
        return [t for t in self.tasks if t.status == status]

    @functools.cached_property
    def sections(self) -> list[tuple[str, str, list[TaskState]]]:
        """(slug, heading, tasks) of each status with tasks, the most urgent first; open
        tasks with a written deadline come earliest first. Once per year: the year's page, its
        full lists and its report all ask for them."""
        order = (OVERDUE, IN_PROGRESS, NOT_DUE, DONE, FAILED, UNTRACKED)
        heads = {OVERDUE: "Quá hạn", IN_PROGRESS: "Đang thực hiện", NOT_DUE: "Chưa đến hạn",
                 DONE: "Đã hoàn thành", FAILED: "Không hoàn thành",
                 UNTRACKED: "Không theo dõi (cơ quan đã chấm dứt hoạt động)"}
        out = []
        for status in order:
            rows = self.group(status)
            if status in (OVERDUE, IN_PROGRESS, NOT_DUE):
                rows.sort(key=lambda t: (not t.concrete, t.deadline, t.document.id, t.task.index))
            if rows:
                out.append((STATUS_SLUGS[status], heads[status], rows))
        return out


@dataclass
class Tracking:
    """Everything the pages show, computed once per build."""

    today: date
    rows: list[QuotaRow]
    states: dict[tuple[str, int], TaskState]
    years: list[Progress] = field(default_factory=list)  # newest first
    by_lead: dict[str, list[QuotaRow]] = field(default_factory=dict)

    def state(self, doc: Document, task: Task) -> TaskState:
        return self.states[(doc.id, task.index)]

    def year(self, year: int) -> Progress | None:
        return next((p for p in self.years if p.year == year), None)

    @property
    def current_years(self) -> list[Progress]:
        return [p for p in self.years if p.current]

    @property
    def archive_years(self) -> list[Progress]:
        return [p for p in self.years if not p.current]

    @property
    def open_deadlines(self) -> list[TaskState]:
        """Tasks still to do with a written deadline from today on, earliest first."""
        rows = [s for s in self.states.values() if s.open and s.concrete]
        return sorted(rows, key=lambda s: (s.deadline, s.document.id, s.task.index))

    @property
    def deadlines(self) -> list[TaskState]:
        """Every task with a written deadline, earliest first."""
        rows = [s for s in self.states.values() if s.concrete]
        return sorted(rows, key=lambda s: (s.deadline, s.document.id, s.task.index))

    def of_agency(self, agency_id: str, assignments: Iterable[tuple[Document, Task]]
                  ) -> list[Progress]:
        """The agency's tasks (as lead or support) and quotas, per plan year, newest first."""
        by_year: dict[int, list[TaskState]] = defaultdict(list)
        for doc, task in assignments:
            by_year[doc.year].append(self.state(doc, task))
        rows = self.by_lead.get(agency_id, [])
        years = sorted(set(by_year) | {r.year for r in rows}, reverse=True)
        return [Progress(y, self.today, by_year.get(y, []), [r for r in rows if r.year == y])
                for y in years]


def track(catalog: Catalog, today: date) -> Tracking:
    index = NewsIndex(catalog.news)
    rows = quota_rows(catalog, today, index=index)
    row_of = {(r.document.id, r.task.index): r for r in rows}
    states: dict[tuple[str, int], TaskState] = {}
    by_year: dict[int, list[TaskState]] = defaultdict(list)
    for doc, task in catalog.tasks:
        state = task_state(catalog, doc, task, today, row_of.get((doc.id, task.index)))
        states[state.key] = state
        by_year[doc.year].append(state)
    by_lead: dict[str, list[QuotaRow]] = defaultdict(list)
    rows_by_year: dict[int, list[QuotaRow]] = defaultdict(list)
    for row in rows:
        by_lead[row.lead.id].append(row)
        rows_by_year[row.year].append(row)
    years = [Progress(y, today, by_year.get(y, []), rows_by_year.get(y, []))
             for y in sorted(set(by_year) | set(rows_by_year), reverse=True)]
    return Tracking(today, rows, states, years, dict(by_lead))
