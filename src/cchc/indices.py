"""CCHC indices (SPEC §9): the validated files of content/chi-so/ → what the pages show, the
charts' geometry and the CSV of each index.

An index publishes a score and a rank per unit per year. A rank means nothing without how many
units were ranked: 7th of 18 districts is not 7th of 63 provinces, and the provinces went from
63 to 34 in 2025. So a rank is always shown with its base ("7/18"), and a change of rank from
one year to the next is given only between years with the same base; otherwise the page says
the bases differ. Charts are drawn here as geometry (the templates write the SVG) and every
number of a chart is also in the table beside it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import urls
from .model import Agency, IndexYear
from .text import format_decimal, sort_key
from .vocab import INDEX_BY_ID, INDEX_LIST

CSV_DELIMITER = ";"  # as `cchc report`: the list separator of Vietnamese regional settings


def num(value: float | None) -> str:
    """A score as published: two decimals ("82,10"), more when it has more ("82,155")."""
    if value is None:
        return ""
    if round(value, 2) == value:
        return f"{value:.2f}".replace(".", ",")
    return format_decimal(value)


@dataclass(frozen=True)
class Result:
    """One unit's result in one year, with that year's scale and rank base."""

    agency: Agency
    year: int
    score: float | None
    rank: int | None
    scale: float
    rank_of: int | None

    @property
    def score_text(self) -> str:
        return num(self.score)

    @property
    def rank_text(self) -> str:
        """"7/18"; "7" when the number of units ranked is not known."""
        if self.rank is None:
            return ""
        return f"{self.rank}/{self.rank_of}" if self.rank_of else str(self.rank)

    @property
    def share(self) -> float | None:
        return None if self.score is None else self.score / self.scale


@dataclass(frozen=True)
class Change:
    """How a result compares with the same unit's previous year."""

    text: str  # "tăng 2 bậc", "giữ hạng", "không so sánh thứ hạng: 63 → 34 đơn vị"
    score: str = ""  # "+3,25 điểm" (same scale only)
    slug: str = "same"  # up | down | same | apart: the class the template gives it


def change(before: Result | None, now: Result) -> Change | None:
    if before is None:
        return None
    score = ""
    if before.score is not None and now.score is not None and before.scale == now.scale:
        delta = now.score - before.score
        score = ("+" if delta > 0 else "") + num(delta) + " điểm" if abs(delta) >= 0.0005 else \
            "bằng điểm năm trước"
    if before.rank is None or now.rank is None:
        return Change("", score) if score else None
    if before.rank_of != now.rank_of or before.rank_of is None:
        bases = (f"{before.rank_of} → {now.rank_of} đơn vị" if before.rank_of and now.rank_of
                 else "chưa rõ số đơn vị xếp hạng")
        return Change(f"không so sánh thứ hạng ({bases})", score, "apart")
    steps = before.rank - now.rank
    if steps > 0:
        return Change(f"tăng {steps} bậc", score, "up")
    if steps < 0:
        return Change(f"giảm {-steps} bậc", score, "down")
    return Change("giữ hạng", score, "same")


@dataclass(frozen=True)
class Bar:
    """One unit's bar in a year's chart (a label line, then the bar under it)."""

    label: str
    title: str  # the bar's words, for a pointer's tooltip
    y: float  # of the label's baseline; the bar is drawn under it
    width: float  # of the bar, in the chart's units
    value: str


CHART_WIDTH = 400  # the viewBox: the SVG scales to the column (see cchc.css)
BAR_AREA = 340  # the full scale; the value is written after the bar
ROW = 34  # a label line and a bar
LABEL_CHARS = 52  # a longer name is cut in the chart (the table has it whole)


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    height: float
    title: str  # the chart in one sentence (its text equivalent, with the table)


def _cut(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(name: str, year: int, rows: list[Result], scale: float) -> BarChart:
    scored = [r for r in rows if r.score is not None]
    bars = []
    for i, r in enumerate(scored):
        assert r.score is not None
        bars.append(Bar(_cut(r.agency.label), f"{r.agency.label}: {r.score_text} điểm"
                        + (f", hạng {r.rank_text}" if r.rank else ""),
                        16 + i * ROW, round(BAR_AREA * r.score / scale, 2), r.score_text))
    if scored:
        best = max(scored, key=lambda r: r.score or 0)
        worst = min(scored, key=lambda r: r.score or 0)
        title = (f"Điểm {name} năm {year} của {len(scored)} đơn vị, thang điểm "
                 f"{format_decimal(scale)}: cao nhất {best.agency.label} ({best.score_text}), thấp nhất "
                 f"{worst.agency.label} ({worst.score_text}).")
    else:
        title = f"{name} năm {year}: chỉ công bố thứ hạng, không có điểm."
    return BarChart(tuple(bars), 8 + len(bars) * ROW, title)


@dataclass(frozen=True)
class Spark:
    """A unit's score across the index's years (share of each year's scale), drawn small in
    its row of the history table, beside the numbers."""

    points: tuple[tuple[float, float], ...]  # x, y in a 100 × 30 box; a gap year breaks it
    path: str  # the polyline(s) as an SVG path


SPARK_W, SPARK_H = 100, 30


def spark(cells: list[Result | None], low: float, high: float) -> Spark | None:
    points: list[tuple[float, float] | None] = []
    n = len(cells)
    span = (high - low) or 1.0
    for i, cell in enumerate(cells):
        if cell is None or cell.share is None:
            points.append(None)
            continue
        x = 6 + (SPARK_W - 12) * (i / (n - 1) if n > 1 else 0.5)
        y = SPARK_H - 5 - (SPARK_H - 10) * (cell.share - low) / span
        points.append((round(x, 2), round(y, 2)))
    drawn = [p for p in points if p is not None]
    if not drawn:
        return None
    path, pen = [], False
    for p in points:
        if p is None:
            pen = False
            continue
        path.append(f"{'L' if pen else 'M'}{p[0]} {p[1]}")
        pen = True
    return Spark(tuple(drawn), " ".join(path))


@dataclass
class YearTable:
    """One year of an index: every unit ranked, best first, and its chart."""

    year: int
    scale: float
    rank_of: int | None
    source: str
    note: str
    example: bool
    rows: list[Result]
    chart: BarChart

    @property
    def scale_text(self) -> str:
        return format_decimal(self.scale)


@dataclass
class History:
    """One unit across the years of an index (columns oldest first)."""

    agency: Agency
    cells: list[Result | None]
    changes: list[Change | None]
    spark: Spark | None = None

    def pairs(self) -> list[tuple[Result | None, Change | None]]:
        return list(zip(self.cells, self.changes, strict=True))


@dataclass
class Series:
    """An index across its years: what /chi-so/<index>/ shows."""

    id: str
    name: str  # "PAR INDEX"
    label: str  # "Chỉ số cải cách hành chính"
    about: str
    years: list[YearTable]  # newest first
    history: list[History]
    columns: list[int]  # the years, oldest first (the history table's columns)
    example: bool = False  # some of its numbers are invented (demo data)
    files: list[IndexYear] = field(default_factory=list)

    @property
    def url(self) -> str:
        return urls.index(self.id)

    @property
    def csv_url(self) -> str:
        return urls.index_csv(self.id)

    @property
    def bases(self) -> list[tuple[int, int | None]]:
        """(year, units ranked), oldest first."""
        return [(y.year, y.rank_of) for y in reversed(self.years)]

    @property
    def bases_differ(self) -> bool:
        return len({b for _, b in self.bases}) > 1

    @property
    def latest(self) -> YearTable:
        return self.years[0]

    def of(self, agency_id: str) -> History | None:
        return next((h for h in self.history if h.agency.id == agency_id), None)


def _order(rows: Iterable[Result]) -> list[Result]:
    """Best first: by rank, else by score; then in Vietnamese order."""
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, -(r.score or 0),
                                       sort_key(r.agency.label)))


def series(files: list[IndexYear], agencies: dict[str, Agency]) -> list[Series]:
    """Every index of the portal: the known ones in their order, then the portal's own by name."""
    by_index: dict[str, list[IndexYear]] = {}
    for f in files:
        by_index.setdefault(f.index, []).append(f)
    known = [k.id for k in INDEX_LIST if k.id in by_index]
    own = sorted((i for i in by_index if i not in INDEX_BY_ID),
                 key=lambda i: sort_key(max(by_index[i], key=lambda f: f.year).name))
    return [_series(i, sorted(by_index[i], key=lambda f: f.year, reverse=True), agencies)
            for i in [*known, *own]]


def _series(index: str, files: list[IndexYear], agencies: dict[str, Agency]) -> Series:
    kind = INDEX_BY_ID.get(index)
    name = kind.name if kind else files[0].name
    years = []
    by_agency: dict[str, dict[int, Result]] = {}
    for f in files:
        rows = _order(Result(agencies[r.agency], f.year, r.score, r.rank, f.scale, f.rank_of)
                      for r in f.results)
        for row in rows:
            by_agency.setdefault(row.agency.id, {})[f.year] = row
        years.append(YearTable(f.year, f.scale, f.rank_of, f.source, f.note, f.example, rows,
                               bar_chart(name, f.year, rows, f.scale)))
    columns = sorted(f.year for f in files)
    shares = [r.share for results in by_agency.values() for r in results.values()
              if r.share is not None]
    low, high = (min(shares), max(shares)) if shares else (0.0, 1.0)
    history = []
    for agency_id, results in by_agency.items():
        cells = [results.get(y) for y in columns]
        changes = [change(cells[i - 1] if i else None, c) if c else None
                   for i, c in enumerate(cells)]
        history.append(History(agencies[agency_id], cells, changes, spark(cells, low, high)))

    def latest_key(h: History) -> tuple[int, int, int, float, tuple[object, ...]]:
        i, last = next((i, c) for i, c in enumerate(reversed(h.cells)) if c is not None)
        return (i, last.rank is None, last.rank or 0, -(last.score or 0),
                sort_key(h.agency.label))

    history.sort(key=latest_key)
    return Series(index, name, kind.label if kind else name, kind.about if kind else "",
                  years, history, columns, any(f.example for f in files), files)


CSV_HEADERS = ("Chỉ số", "Năm", "Mã cơ quan", "Cơ quan", "Điểm", "Thang điểm", "Thứ hạng",
               "Số đơn vị xếp hạng", "Nguồn", "Số liệu minh họa")


def to_csv(s: Series) -> bytes:
    """Every result of every year, newest year first and best first: UTF-8 with a BOM, `;`
    between fields, decimal commas, CRLF (a spreadsheet set up for Vietnam opens it as is)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for y in s.years:
        for r in y.rows:
            writer.writerow([s.name, y.year, r.agency.id, r.agency.name, num(r.score),
                             format_decimal(y.scale), "" if r.rank is None else r.rank,
                             "" if y.rank_of is None else y.rank_of, _cell(y.source),
                             "có" if y.example else ""])
    return out.getvalue().encode("utf-8-sig")


def _cell(text: str) -> str:
    """Text a spreadsheet would take for a formula is quoted with an apostrophe."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@dataclass(frozen=True)
class AgencyIndex:
    """One index on an agency's page: its results across the years."""

    series: Series
    history: History


def of_agency(all_series: list[Series], agency_id: str) -> list[AgencyIndex]:
    return [AgencyIndex(s, h) for s in all_series if (h := s.of(agency_id)) is not None]
