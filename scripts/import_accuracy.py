"""Field accuracy of `cchc import` on the real texts of ../shared/corpus and ../shared/seeds.

    python -m scripts.import_accuracy [--corpus DIR] [--seeds DIR] [-v]

For each field of each text's truth it counts: right; absent (with or without a flag); wrong
but flagged `CẦN KIỂM TRA`; wrong and unflagged (the one outcome that must never happen).
References count as found when number and date both match. Proposed agencies that are not
agencies (job titles, laws, dates, fragments, the motto) are listed.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cchc.diagnostics import Report
from cchc.importer import Imported, NotADocument, parse_document
from cchc.load import load_agencies
from cchc.refs import number_key
from cchc.registry import AgencyNames, Registry
from cchc.text import fold
from cchc.validate import validate_agencies

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SEEDS = REPO.parent / "shared" / "seeds"
DEMO_REGISTRY = REPO / "content" / "agencies.yml"
SEED_REGISTRY = REPO / "tests" / "fixtures" / "import" / "agencies.yml"
SEED_TRUTH = REPO / "tests" / "fixtures" / "import" / "seeds.yaml"
FIELDS = ("number", "kind", "agency", "issued", "year", "period", "title", "signer_name")
RIGHT, ABSENT, FLAGGED, WRONG = "đúng", "trống", "sai-có-cờ", "sai-không-cờ"
# What no agency's name looks like: a job title alone, a law or document, a date, the motto.
_NOT_AGENCY = re.compile(
    r"^(?:truong ban|pho truong|chu tich|bo truong|thu truong|giam doc|luat|nghi dinh|"
    r"quyet dinh|thong tu|ke hoach|nghi quyet|doc lap|cong hoa)\b|\bngay \d|"
    r"cong hoa xa hoi chu nghia|tu do hanh phuc|\bxa hoi chu nghia\b")


def registry(path: Path) -> AgencyNames:
    report = Report(path.parent)
    return Registry(validate_agencies(load_agencies(path, report), report)).names


def _norm_title(text: str) -> str:
    t = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())
    return re.sub(r"^(?:ve viec|ve)\s+", "", t)


def _value(imp: Imported, name: str) -> Any:
    if name == "signer_name":
        return imp.signer.name if imp.signer else None
    return getattr(imp, name)


def _matches(name: str, got: Any, want: Any) -> bool:
    if isinstance(want, list):
        return any(_matches(name, got, w) for w in want)
    if want == "BLANK":
        return got is None
    if got is None:
        return False
    if name == "agency":
        return re.search(str(want), str(got)) is not None
    if name == "title":
        return _norm_title(str(got)) == _norm_title(str(want))
    if name == "number":
        return number_key(str(got)) == number_key(str(want))
    return str(got) == str(want)


def score_field(imp: Imported, name: str, want: Any) -> str:
    got = _value(imp, name)
    if _matches(name, got, want):
        return RIGHT
    flag = "signer" if name == "signer_name" else name
    if got is None:
        return ABSENT
    return FLAGGED if flag in imp.flags else WRONG


def _ref_found(imp: Imported, want: dict[str, Any]) -> bool:
    numbers = want["number"] if isinstance(want["number"], list) else [want["number"]]
    keys = {number_key(str(n)) for n in numbers}
    issued = want.get("issued")
    return any(r.number and number_key(r.number) in keys and (issued is None or r.issued == issued)
               for r in imp.refs)


def not_agencies(imp: Imported) -> list[str]:
    return [p.name for p in imp.proposals if _NOT_AGENCY.search(fold(p.name))
            or len(p.name.split()) < 2]


@dataclass
class Result:
    name: str
    fields: dict[str, str]
    refs_found: int
    refs_total: int
    refused: bool
    bad_proposals: list[str]
    proposals: int
    imp: Imported | None


def score(text: str, truth: dict[str, Any], names: AgencyNames, name: str) -> Result:
    try:
        imp = parse_document(text, names, source=name)
    except NotADocument:
        want_refuse = bool(truth.get("refuse"))
        fields = {k: (RIGHT if want_refuse else ABSENT) for k in truth.get("fields", {})}
        return Result(name, fields, 0, len(truth.get("refs", [])), True, [], 0, None)
    fields = {k: score_field(imp, k, v) for k, v in truth.get("fields", {}).items()}
    refs = truth.get("refs") or []
    return Result(name, fields, sum(_ref_found(imp, r) for r in refs), len(refs), False,
                  not_agencies(imp), len(imp.proposals), imp)


def corpus_results(folder: Path = CORPUS) -> list[Result]:
    truth = yaml.safe_load((folder / "truth.yaml").read_text(encoding="utf-8"))
    names = registry(DEMO_REGISTRY)
    out = []
    for key, entry in sorted(truth.items(), key=lambda kv: str(kv[0])):
        stem = f"{int(key):02d}" if isinstance(key, int) else str(key)
        path = folder / f"{stem}.txt"
        out.append(score(path.read_text(encoding="utf-8"), entry, names, path.name))
    return out


def seed_results(folder: Path = SEEDS) -> list[Result]:
    truth = yaml.safe_load(SEED_TRUTH.read_text(encoding="utf-8"))
    names = registry(SEED_REGISTRY)
    out = []
    for prefix, entry in sorted(truth.items()):
        path = next(folder.glob(f"{prefix}_*.txt"))
        out.append(score(path.read_text(encoding="utf-8"), entry, names, path.name))
    return out


def table(title: str, results: list[Result], verbose: bool) -> str:
    lines = [f"== {title}: {len(results)} văn bản"]
    per: dict[str, Counter[str]] = {f: Counter() for f in FIELDS}
    for r in results:
        for f, outcome in r.fields.items():
            per[f][outcome] += 1
    total = Counter[str]()
    lines.append(f"{'trường':<12}{'đúng':>6}{'tổng':>6}{'tỉ lệ':>8}{'trống':>7}{'sai-có-cờ':>11}"
                 f"{'sai-không-cờ':>14}")
    for f in FIELDS:
        c = per[f]
        n = sum(c.values())
        if not n:
            continue
        total.update(c)
        lines.append(f"{f:<12}{c[RIGHT]:>6}{n:>6}{c[RIGHT] / n:>8.0%}{c[ABSENT]:>7}"
                     f"{c[FLAGGED]:>11}{c[WRONG]:>14}")
    n = sum(total.values())
    lines.append(f"{'cộng':<12}{total[RIGHT]:>6}{n:>6}{total[RIGHT] / max(n, 1):>8.0%}"
                 f"{total[ABSENT]:>7}{total[FLAGGED]:>11}{total[WRONG]:>14}")
    found = sum(r.refs_found for r in results)
    refs = sum(r.refs_total for r in results)
    lines.append(f"căn cứ có số hiệu tìm đúng (số và ngày): {found}/{refs}")
    bad = [(r.name, b) for r in results for b in r.bad_proposals]
    lines.append(f"cơ quan đề xuất: {sum(r.proposals for r in results)}, trong đó không phải cơ "
                 f"quan: {len(bad)}" + "".join(f"\n  {n}: {b}" for n, b in bad))
    if verbose:
        for r in results:
            wrong = {f: o for f, o in r.fields.items() if o != RIGHT}
            got = {f: _value(r.imp, f) for f in wrong} if r.imp else {}
            lines.append(f"  {r.name}: {'từ chối' if r.refused else ''} {wrong} {got} "
                         f"căn cứ {r.refs_found}/{r.refs_total}")
            if r.imp:
                lines.extend(f"      đề xuất: {p.id} ({p.level}) {p.name}" for p in r.imp.proposals)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tỉ lệ đọc đúng từng trường của cchc import.")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    shown = False
    if (args.corpus / "truth.yaml").is_file():
        print(table(f"corpus {args.corpus}", corpus_results(args.corpus), args.verbose))
        shown = True
    if args.seeds.is_dir():
        print(table(f"seeds {args.seeds}", seed_results(args.seeds), args.verbose))
        shown = True
    if not shown:
        print("Không có ../shared/corpus hay ../shared/seeds cạnh bản checkout.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
