"""CCHC indices (content/chi-so/*.yml, SPEC §9): one index, one year, a score and a rank per
unit. Scores above the scale, ranks above the number of units ranked, a unit twice, two files
for the same year, an agency that does not exist: each is reported at its line with the fix.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from .. import schema
from ..diagnostics import Report
from ..load import RawRecord
from ..model import IndexResult, IndexYear, Source
from ..text import slugify
from ..vocab import INDEX_BY_ID, INDEX_LIST
from .context import Context
from .fields import ID_RE, Checker, as_number, suggest

RESULT_EXAMPLE = "- {agency: ubnd-huyen-bac-tra-my, score: 82.15, rank: 7}"
KNOWN = ", ".join(f"`{k.id}` ({k.name})" for k in INDEX_LIST)


def _number(c: Checker, value: Any, path: tuple[Any, ...], what: str) -> float | None:
    """A score or a scale: a number (`82.15`, which the reader keeps as written; `82,15` is
    text)."""
    number = as_number(value)
    if number is None:
        text = str(value).strip()
        fixed = text.replace(",", ".", 1) if text.count(",") == 1 else ""
        try:
            float(fixed)
        except ValueError:
            fixed = ""
        c.error(path, "invalid-type", f"{what} phải là một số, nhưng đang là `{text}`.",
                f"Viết số với dấu chấm thập phân, ví dụ `{fixed or '82.15'}`."
                if fixed else "Viết một số, ví dụ `82.15` (dấu chấm thập phân).")
        return None
    return number


def _index_id(c: Checker, value: str, name: str | None) -> str | None:
    """The index's id: a known one, or the portal's own (with `name`)."""
    if value in INDEX_BY_ID:
        return value
    by_name = {slugify(k.name): k.id for k in INDEX_LIST}
    if slugify(value) in by_name or slugify(value) in INDEX_BY_ID:
        right = by_name.get(slugify(value), slugify(value))
        c.error(("index",), "invalid-choice",
                f"Chỉ số `{value}` được ghi bằng tên; trường `index` ghi mã của chỉ số.",
                f"Sửa thành `index: {right}`.")
        return None
    if not ID_RE.match(value):
        c.error(("index",), "invalid-id", f"Mã chỉ số `{value}` sai dạng.",
                f"Chỉ dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ "
                f"`index: {slugify(value) or 'chi-so-hai-long-xa'}`.")
        return None
    if not name:
        c.error(("index",), "index-name-missing",
                f"Chỉ số `{value}` không phải chỉ số đã biết ({KNOWN}) nên cần tên."
                + suggest(value, list(INDEX_BY_ID)),
                "Thêm dòng `name: Tên đầy đủ của chỉ số`, hoặc dùng mã của một chỉ số đã biết.")
        return None
    return value


def validate_index(raw: RawRecord, ctx: Context) -> IndexYear | None:
    c = Checker(ctx.report, raw)
    v = c.fields(raw.data, schema.INDEX_FIELDS, what=" của chỉ số")
    index = _index_id(c, v["index"], v.get("name")) if "index" in v else None
    year = v.get("year")
    if year is not None and not 1990 <= year <= 2100:
        c.error(("year",), "invalid-value", f"Năm `{year}` không hợp lệ.",
                "Ghi năm được đánh giá, bốn chữ số, ví dụ `year: 2023`.")
        year = None
    scale = _number(c, raw.data["scale"], ("scale",), "Điểm tối đa (`scale`)") \
        if "scale" in v else None
    if scale is not None and scale <= 0:
        c.error(("scale",), "invalid-value", f"Điểm tối đa `{scale:g}` phải lớn hơn 0.",
                "Ghi điểm tối đa của chỉ số, ví dụ `scale: 100`.")
        scale = None
    rank_of = v.get("rank_of")
    if rank_of is not None and rank_of < 1:
        c.error(("rank_of",), "invalid-value", f"Số đơn vị xếp hạng `{rank_of}` phải từ 1 trở lên.",
                "Ghi số đơn vị được xếp hạng năm đó, ví dụ `rank_of: 18`.")
        rank_of = None
    results = _results(c, ctx, raw.data.get("results"), scale, rank_of, year)
    if not (c.ok and index and year and scale):
        return None
    name = INDEX_BY_ID[index].name if index in INDEX_BY_ID else v["name"]
    return IndexYear(index=index, name=name, year=year, scale=scale, results=results,
                     rank_of=rank_of, source=v.get("source", ""), note=v.get("note", ""),
                     example=v.get("example", False),
                     file=Source(raw.path, 1, {k: raw.positions.of(k) for k in
                                               ("index", "year", "results") if k in raw.data}))


def _results(c: Checker, ctx: Context, value: Any, scale: float | None, rank_of: int | None,
             year: int | None) -> list[IndexResult]:
    if value is None or value == []:
        return []  # `results` is required: `fields` has said so
    if not isinstance(value, list):
        c.error(("results",), "invalid-type", "Trường `results` phải là danh sách kết quả.",
                f"Mỗi đơn vị một dòng: `{RESULT_EXAMPLE}`.")
        return []
    out: list[IndexResult] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(value):
        path = ("results", i)
        if not isinstance(item, dict):
            c.error(path, "invalid-type", "Mỗi kết quả phải có dạng {agency, score, rank}.",
                    f"Ví dụ: `{RESULT_EXAMPLE}`.")
            continue
        r = c.fields(item, schema.INDEX_RESULT_FIELDS, path, " của kết quả")
        agency = ctx.agency(c, r.get("agency"), (*path, "agency"), "đơn vị được xếp hạng")
        score = _number(c, item["score"], (*path, "score"), "Điểm (`score`)") \
            if "score" in r else None
        rank = r.get("rank")
        line = c.raw.positions.of(*path)[0]
        if "score" not in item and "rank" not in item:
            c.error(path, "missing-field", "Kết quả cần ít nhất `score` (điểm) hoặc `rank` "
                    "(thứ hạng).", f"Ví dụ: `{RESULT_EXAMPLE}`.")
        if score is not None and scale is not None and not 0 <= score <= scale:
            c.error((*path, "score"), "index-score-range",
                    f"Điểm {score:g} ngoài thang điểm 0–{scale:g} của chỉ số.",
                    f"Kiểm tra lại điểm (không quá `scale: {scale:g}`), hoặc sửa `scale` nếu "
                    "thang điểm năm đó khác.")
            score = None
        if rank is not None and (rank < 1 or (rank_of is not None and rank > rank_of)):
            where = f"1–{rank_of}" if rank_of else "từ 1 trở lên"
            c.error((*path, "rank"), "index-rank-range",
                    f"Thứ hạng {rank} ngoài khoảng {where}"
                    + (f" (năm đó xếp hạng {rank_of} đơn vị)." if rank_of else "."),
                    "Kiểm tra lại thứ hạng, hoặc sửa `rank_of` (số đơn vị được xếp hạng năm "
                    "đó, ví dụ 63 tỉnh trước năm 2025, 34 từ năm 2025).")
            rank = None
        if agency is None:
            continue
        if agency in seen:
            c.error((*path, "agency"), "index-duplicate",
                    f"Đơn vị `{agency}` đã có kết quả ở dòng {seen[agency]} của tệp này.",
                    "Mỗi đơn vị một dòng trong một năm: xóa dòng trùng hoặc sửa mã cơ quan.")
            continue
        seen[agency] = line
        if year is not None:
            ctx.check_active(c, agency, date(year, 1, 1), (*path, "agency"),
                             f"Kết quả năm {year}", when="")
        out.append(IndexResult(agency, score, rank, line))
    if rank_of is not None and len(out) > rank_of:
        c.error(("rank_of",), "index-rank-range",
                f"Có {len(out)} đơn vị trong `results` nhưng `rank_of` chỉ là {rank_of}.",
                f"Sửa `rank_of: {len(out)}` (hoặc lớn hơn: số đơn vị được xếp hạng năm đó).")
    _check_order(c, out)
    return out


def _check_order(c: Checker, results: list[IndexResult]) -> None:
    """A higher score with a lower rank is most likely a typo (ranks follow scores)."""
    ranked = sorted((r for r in results if r.score is not None and r.rank is not None),
                    key=lambda r: (r.rank, -(r.score or 0)))
    for better, worse in itertools.pairwise(ranked):
        assert better.score is not None and worse.score is not None
        if worse.score > better.score and worse.rank != better.rank:
            c.report.warn(c.raw.path, (worse.line, 1), "index-rank-order",
                          f"`{worse.agency}` có điểm {worse.score:g} cao hơn `{better.agency}` "
                          f"({better.score:g}) nhưng xếp hạng {worse.rank}, sau hạng "
                          f"{better.rank}.",
                          "Kiểm tra lại điểm và thứ hạng của hai dòng này với văn bản công bố "
                          "kết quả.")


def check_unique_years(indices: list[IndexYear], report: Report) -> list[IndexYear]:
    """One file per index and year: a second one is refused, naming the first."""
    seen: dict[tuple[str, int], IndexYear] = {}
    out = []
    for item in indices:
        key = (item.index, item.year)
        assert item.file is not None
        if key in seen:
            first = seen[key].file
            assert first is not None
            report.error(item.file.path, item.file.at("year"), "index-duplicate",
                         f"Chỉ số `{item.index}` năm {item.year} đã có trong tệp "
                         f"`{report.relpath(first.path)}`.",
                         "Mỗi chỉ số, mỗi năm một tệp: gộp kết quả vào tệp đã có, hoặc sửa "
                         "`year` cho đúng năm được đánh giá.")
            continue
        seen[key] = item
        out.append(item)
    names: dict[str, IndexYear] = {}
    for item in sorted(out, key=lambda i: -i.year):  # one name for all years: the newest
        other = names.setdefault(item.index, item)
        if other.name != item.name and item.file is not None:
            report.warn(item.file.path, item.file.at("index"), "index-name-differs",
                        f"Chỉ số `{item.index}` có tên “{item.name}” ở tệp này nhưng "
                        f"“{other.name}” ở tệp khác; trang dùng tên của năm mới nhất.",
                        f"Ghi cùng một tên ở mọi năm: `name: {other.name}`.")
    return out
