"""The propaganda criterion of a CCHC index (chấm điểm CCHC): its rules and their score.

Local index rules score propaganda on two criteria; the default here is the commune index of
Xuân Lộc (Đồng Nai):

- **plan completion**, 1 point: 100 % of the targets met → 1; from 90 % to under 100 % → in
  proportion (9 of 10 → 0.9); under 90 % → 0;
- **variety of forms**, 1 point: online forms 0.5 (electronic screens 0.25, website or social
  media 0.25) and traditional forms 0.5, each form earned by at least one item of a matching
  format.

Both are configurable in mkdocs.yml (plugin option `scoring`, `settings.OPTIONS`):

```yaml
scoring:
  completion: {points: 1, full: 100, threshold: 90}
  forms:
    - {id: man-hinh-dien-tu, label: Màn hình điện tử, points: 0.25, formats: [video, infographic]}
```
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from .diagnostics import Report
from .validate.fields import as_number
from .vocab import FORMATS


@dataclass(frozen=True)
class FormRule:
    id: str
    label: str
    points: float
    formats: tuple[str, ...]


@dataclass(frozen=True)
class ScoringRules:
    completion_points: float = 1.0
    full: float = 100.0  # % of targets met that earns every point
    threshold: float = 90.0  # % under which the criterion scores 0; in between: in proportion
    forms: tuple[FormRule, ...] = ()

    @property
    def forms_points(self) -> float:
        return sum(f.points for f in self.forms)

    def form_of(self, fmt: str) -> FormRule | None:
        return next((f for f in self.forms if fmt in f.formats), None)


XUAN_LOC_FORMS = (
    FormRule("man-hinh-dien-tu", "Màn hình điện tử (trực tuyến)", 0.25, ("video", "infographic")),
    FormRule("trang-thong-tin", "Trang thông tin điện tử, mạng xã hội (trực tuyến)", 0.25,
             ("tin", "bai", "anh")),
    FormRule("truyen-thong", "Hình thức truyền thống (truyền thanh, tiểu phẩm, phóng sự, pano, "
             "hội nghị)", 0.5, ("phat-thanh", "tieu-pham", "phong-su", "khac")),
)
DEFAULT_RULES = ScoringRules(1.0, 100.0, 90.0, XUAN_LOC_FORMS)


def _round(value: float, places: int = 2) -> float:
    """Half up, as a scoring sheet rounds (0.125 → 0.13), not to even."""
    q = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP))


def completion_score(met: int, total: int, rules: ScoringRules = DEFAULT_RULES) -> float:
    """Points of the completion criterion for `met` of `total` targets (no target: 0)."""
    if total <= 0:
        return 0.0
    percent = 100 * met / total
    if percent >= rules.full:
        return rules.completion_points
    if percent < rules.threshold:
        return 0.0
    return _round(rules.completion_points * met / total)


def forms_score(used: set[str], rules: ScoringRules = DEFAULT_RULES) -> float:
    """Points of the forms criterion for the ids of the forms used."""
    return _round(sum(f.points for f in rules.forms if f.id in used))


# -- the option, checked like any content -------------------------------------------------------

HINT = ("Ví dụ trong mkdocs.yml: `scoring: {completion: {points: 1, full: 100, threshold: 90}, "
        "forms: [{id: trang-thong-tin, label: Trang thông tin điện tử, points: 0.25, "
        "formats: [tin, bai]}]}`.")


def _line_of(path: Path, key: str) -> tuple[int, int]:
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            if line.strip().startswith(f"{key}:"):
                return n, line.index(key) + 1
    except OSError:
        pass
    return 1, 1


def _number(value: Any) -> float | None:
    return as_number(value)


def read_rules(option: Any, config_file: Path, report: Report) -> ScoringRules:
    """The rules configured in mkdocs.yml (`scoring:`), the defaults for what is left out;
    problems are errors on mkdocs.yml."""
    if option is None:
        return DEFAULT_RULES
    pos = _line_of(config_file, "scoring")

    def bad(message: str) -> ScoringRules:
        report.error(config_file, pos, "invalid-scoring", message, HINT)
        return DEFAULT_RULES

    if not isinstance(option, dict):
        return bad("Tùy chọn `scoring` phải gồm `completion` và/hoặc `forms`.")
    unknown = set(option) - {"completion", "forms"}
    if unknown:
        return bad(f"Tùy chọn `scoring` không có mục `{sorted(unknown)[0]}`.")
    completion = option.get("completion") or {}
    if not isinstance(completion, dict) or set(completion) - {"points", "full", "threshold"}:
        return bad("`scoring.completion` chỉ gồm `points`, `full` (%) và `threshold` (%).")
    values = {k: _number(completion.get(k, getattr(DEFAULT_RULES, name)))
              for k, name in (("points", "completion_points"), ("full", "full"),
                              ("threshold", "threshold"))}
    if any(v is None or v < 0 for v in values.values()):
        return bad("Các giá trị của `scoring.completion` phải là số không âm.")
    points, full, threshold = (float(values[k] or 0) for k in ("points", "full", "threshold"))
    if not threshold <= full <= 100:
        return bad(f"Cần `threshold` ≤ `full` ≤ 100; đang là {threshold:g} và {full:g}.")
    forms = DEFAULT_RULES.forms
    if "forms" in option:
        items = option["forms"]
        if not isinstance(items, list) or not items:
            return bad("`scoring.forms` phải là một danh sách hình thức.")
        parsed = []
        for item in items:
            if not isinstance(item, dict) or not item.get("id") or _number(item.get("points")) \
                    is None or not isinstance(item.get("formats"), list):
                return bad("Mỗi hình thức trong `scoring.forms` cần `id`, `points` (số) và "
                           "`formats` (danh sách hình thức tin bài).")
            wrong = [f for f in item["formats"] if f not in FORMATS]
            if wrong:
                return bad(f"`{wrong[0]}` không phải hình thức tin bài; dùng: "
                           + ", ".join(FORMATS) + ".")
            parsed.append(FormRule(str(item["id"]), str(item.get("label") or item["id"]),
                                   float(item["points"]), tuple(item["formats"])))
        forms = tuple(parsed)
    return ScoringRules(points, full, threshold, forms)
