"""CCHC indices (SPEC §9): `content/chi-so/*.yml` built by the real `cchc build` — the list of
indices, each index's page (every year's ranking, each agency's history with its rank base, a
bar chart drawn at build time with the same numbers in a table), the block on the agency's page,
the CSV read back with the csv module — and the validator's checks of the files."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
import yaml

from tests.support.portal import REPO, make_project

PAR = {
    "content/chi-so/par-index-2023.yml": """\
        index: par-index
        year: 2023
        scale: 100
        source: Quyết định 617/QĐ-UBND ngày 15/03/2024
        rank_of: 63
        results:
          - {agency: ubnd-tinh-a, score: 82.15, rank: 7}
          - {agency: so-noi-vu-a, score: 80.4, rank: 9}
        """,
    "content/chi-so/par-index-2024.yml": """\
        index: par-index
        year: 2024
        scale: 100
        rank_of: 63
        results:
          - {agency: ubnd-tinh-a, score: 84.5, rank: 5}
          - {agency: so-noi-vu-a, score: 79.9, rank: 12}
        """,
    "content/chi-so/par-index-2025.yml": """\
        index: par-index
        year: 2025
        scale: 100
        rank_of: 34
        example: true
        results:
          - {agency: ubnd-tinh-a, score: 86.0, rank: 7}
        """,
    "content/chi-so/hai-long-xa-2024.yml": """\
        index: hai-long-xa
        name: Chỉ số hài lòng cấp xã
        year: 2024
        scale: 10
        rank_of: 18
        results:
          - {agency: ubnd-xa-c, score: 8.25, rank: 3}
        """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    p = make_project(tmp_path_factory.mktemp("indices") / "portal", PAR)
    p.cchc("build", "--today", "2026-01-31", check=True)
    return p.root / "site"


def main(site: Path, rel: str) -> str:
    html = (site / rel / "index.html").read_text(encoding="utf-8")
    return html[html.index("<main"):html.index("</main>")]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def section(html: str, start: str, end: str = "</section>") -> str:
    i = html.index(start)
    return html[i:html.index(end, i)]


def test_the_list_names_every_index(site):
    html = main(site, "chi-so/")
    assert 'href="par-index/"' in html and 'href="hai-long-xa/"' in html
    assert "Chỉ số hài lòng cấp xã" in html and 'href="par-index.csv"' in html
    assert "Các năm: 2023, 2024, 2025" in text(html)
    assert "Số liệu minh họa" in html  # one of its years is example data


def test_each_year_has_its_ranking_table_and_a_chart_with_the_same_numbers(site):
    html = main(site, "chi-so/par-index/")
    year = section(html, 'aria-labelledby="nam-2024"')
    table = year[year.index("<table"):year.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    assert [re.findall(r'data-label="[^"]+"[^>]*>(.*?)</t[dh]>', r, re.S) for r in rows] == [
        ["5/63", '<a href="../../co-quan/ubnd-tinh-a/">UBND tỉnh A</a>', "84,50"],
        ["12/63", '<a href="../../co-quan/so-noi-vu-a/">Sở Nội vụ tỉnh A</a>', "79,90"],
    ]
    # The chart is drawn at build time, as an image with a text equivalent of the same numbers.
    svg = year[year.index("<svg"):year.index("</svg>")]
    assert 'role="img"' in svg and "aria-labelledby" in svg
    labelled = re.search(r'aria-labelledby="([^"]+)"', svg)
    assert labelled and f'<title id="{labelled.group(1)}">' in svg
    assert "UBND tỉnh A: 84,50 điểm, hạng 5/63" in svg
    assert "Sở Nội vụ tỉnh A: 79,90 điểm, hạng 12/63" in svg
    assert svg.count('fill="#1d70b8"') == 2  # one bar per agency
    # The year's source and scale, and the example mark only on the example year.
    assert "Quyết định 617/QĐ-UBND" in section(html, 'aria-labelledby="nam-2023"')
    assert "số liệu minh họa" in section(html, 'aria-labelledby="nam-2025"')
    assert "số liệu minh họa" not in year


def test_history_gives_every_rank_with_its_base(site):
    html = main(site, "chi-so/par-index/")
    history = section(html, 'aria-labelledby="dien-bien"')
    assert "năm 2023: 63; năm 2024: 63; năm 2025: 34" in text(history)
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", history, re.S)
               if "UBND tỉnh A" in r)
    cells = text(row)
    assert "82,15 điểm hạng 7/63" in cells and "84,50 điểm hạng 5/63" in cells
    assert "86,00 điểm hạng 7/34" in cells
    assert "tăng 2 bậc" in cells  # 7/63 → 5/63 compares
    # 5/63 → 7/34 does not: the page says so rather than "down two places".
    assert "không so sánh thứ hạng (63 → 34 đơn vị)" in cells and "giảm 2 bậc" not in cells


def test_the_agency_page_shows_its_results(site):
    html = main(site, "co-quan/ubnd-tinh-a/")
    block = section(html, 'aria-labelledby="chi-so"')
    assert 'href="../../chi-so/par-index/"' in block
    assert "82,15 điểm hạng 7/63" in text(block) and "86,00 điểm hạng 7/34" in text(block)
    assert "Sở Nội vụ tỉnh A" not in block  # only its own results
    commune = section(main(site, "co-quan/ubnd-xa-c/"), 'aria-labelledby="chi-so"')
    assert "Chỉ số hài lòng cấp xã" in commune and "8,25 điểm hạng 3/18" in text(commune)
    assert 'aria-labelledby="chi-so"' not in main(site, "co-quan/ubnd-huyen-b/")


def _yaml_rows(root: Path, index: str) -> list[dict]:
    rows = []
    for path in sorted(root.glob("chi-so/*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["index"] == index:
            for r in data["results"]:
                rows.append({"year": data["year"], "agency": r["agency"], "score": r["score"],
                             "rank": r["rank"], "rank_of": data["rank_of"],
                             "example": bool(data.get("example"))})
    return sorted(rows, key=lambda r: (r["year"], r["agency"]))


def _csv_rows(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with its BOM
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";")
    return sorted(({"year": int(r["Năm"]), "agency": r["Mã cơ quan"],
                    "score": float(r["Điểm"].replace(",", ".")), "rank": int(r["Thứ hạng"]),
                    "rank_of": int(r["Số đơn vị xếp hạng"]),
                    "example": r["Số liệu minh họa"] == "có"} for r in reader),
                  key=lambda r: (r["year"], r["agency"]))


def test_the_csv_is_the_yaml(site):
    content = site.parent / "content"
    assert _csv_rows(site / "chi-so/par-index.csv") == _yaml_rows(content, "par-index")
    assert _csv_rows(site / "chi-so/hai-long-xa.csv") == _yaml_rows(content, "hai-long-xa")
    # The index files are data that pages are made of: not published as they are.
    assert not list(site.glob("chi-so/*.yml"))


def test_the_demo_csvs_are_its_yaml(demo_site):
    for index in ("par-index", "sipas"):
        rows = _csv_rows(demo_site / f"chi-so/{index}.csv")
        assert rows == _yaml_rows(REPO / "content", index)
        assert len({r["year"] for r in rows}) >= 3 and all(r["example"] for r in rows)
    html = main(demo_site, "chi-so/par-index/")
    assert "Số liệu minh họa" in html and "hạng <strong>2/34</strong>" in html
    assert "<svg" in section(html, 'aria-labelledby="nam-2022"')


# -- validation ----------------------------------------------------------------------------------

BAD = """\
index: par-index
year: 2024
scale: 100
rank_of: 2
results:
  - {agency: ubnd-tinh-a, score: 84.5, rank: 1}
  - {agency: ubnd-tinh-z, score: 80, rank: 2}
  - {agency: so-noi-vu-a, score: 182.15, rank: 2}
  - {agency: ubnd-huyen-b, score: 70, rank: 5}
  - {agency: ubnd-tinh-a, score: 60, rank: 2}
"""


def test_bad_index_files_are_refused_with_line_and_fix(project):
    p = project({"content/chi-so/par-index-2024.yml": BAD,
                 "content/chi-so/rieng.yml": "index: chi-so-rieng\nyear: 2024\nscale: 10\n"
                                             "results:\n  - {agency: ubnd-xa-c, score: 8}\n"})
    rc, items = p.diagnostics()
    assert rc == 1
    found = {(d["code"], Path(d["path"]).name, d["line"]) for d in items}
    bad = "par-index-2024.yml"
    assert {("unknown-agency", bad, 7),  # ubnd-tinh-z
            ("index-score-range", bad, 8),  # 182.15 of 100
            ("index-rank-range", bad, 9),  # rank 5 of 2
            ("index-duplicate", bad, 10),  # ubnd-tinh-a twice
            ("index-rank-range", bad, 4),  # three results, two ranked
            ("index-name-missing", "rieng.yml", 1)} <= found
    for d in items:
        assert d["hint"] and not re.search(r"\b(the|error|invalid)\b", d["message"])
    assert "Có phải `ubnd-tinh-a`?" in next(d["message"] for d in items
                                            if d["code"] == "unknown-agency")
    score = next(d for d in items if d["code"] == "index-score-range")
    assert "0–100" in score["message"] and "`scale: 100`" in score["hint"]
    assert p.cchc("build").returncode == 1  # a wrong number is never published


def test_two_files_for_one_year(project):
    p = project({"content/chi-so/par-index-2024.yml": PAR["content/chi-so/par-index-2024.yml"],
                 "content/chi-so/par-2024-lan-2.yml": PAR["content/chi-so/par-index-2024.yml"]})
    rc, items = p.diagnostics()
    dup = [d for d in items if d["code"] == "index-duplicate"]
    assert rc == 1 and len(dup) == 1 and dup[0]["line"] == 2
    assert "đã có trong tệp `content/chi-so/par-2024-lan-2.yml`" in dup[0]["message"] \
        or "đã có trong tệp `content/chi-so/par-index-2024.yml`" in dup[0]["message"]


def test_more_results_than_ranked_units(project):
    p = project({"content/chi-so/par-index-2024.yml": """\
        index: par-index
        year: 2024
        scale: 100
        rank_of: 1
        results:
          - {agency: ubnd-tinh-a, score: 84.5, rank: 1}
          - {agency: so-noi-vu-a, score: 80, rank: 1}
        """})
    rc, items = p.diagnostics()
    d = next(d for d in items if d["code"] == "index-rank-range")
    assert rc == 1 and d["line"] == 4 and "`rank_of: 2`" in d["hint"]


def test_a_higher_score_ranked_lower_is_a_warning(project):
    p = project({"content/chi-so/par-index-2024.yml": """\
        index: par-index
        year: 2024
        scale: 100
        results:
          - {agency: ubnd-tinh-a, score: 80, rank: 1}
          - {agency: so-noi-vu-a, score: 85, rank: 2}
        """})
    rc, items = p.diagnostics()
    d = next(d for d in items if d["code"] == "index-rank-order")
    assert rc == 0 and d["severity"] == "warning" and d["line"] == 6
