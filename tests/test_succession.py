"""Agency succession (SPEC §1): a district that ended on 01/07/2025 with its duties split between
the province and a commune, asserted from the HTML of a real build on a day after it ended —
the district's page, each successor's page, the agency tree, the document filter, open data —
and the validator's checks of successors and of records dated after an agency ended."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support.portal import AGENCIES, DOC, dedent, make_project, news

REFORM = AGENCIES.replace("""  level: huyen
  parent: ubnd-tinh-a
""", """  level: huyen
  parent: ubnd-tinh-a
  dissolved: 2025-07-01
  successor: [ubnd-tinh-a, ubnd-xa-moi]
""").replace("""  level: xa
  parent: ubnd-huyen-b
""", """  level: xa
  parent: ubnd-huyen-b
  dissolved: 2025-07-01
  successor: ubnd-xa-moi
""") + dedent("""
    - id: phong-noi-vu-b
      name: Phòng Nội vụ huyện B
      level: phong-ban
      parent: ubnd-huyen-b
      dissolved: 2025-07-01
    - id: ubnd-xa-d
      name: Ủy ban nhân dân xã D
      short: UBND xã D
      level: xa
      parent: ubnd-huyen-b
    - id: ubnd-xa-moi
      name: Ủy ban nhân dân xã Mới
      short: UBND xã Mới
      level: xa
      parent: ubnd-tinh-a
      address: Số 2 đường Lê Lợi, xã Mới
      phone: 0123 456 000
      email: ubnd.xamoi@example.gov.vn
    """)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    p = make_project(tmp_path_factory.mktemp("reform") / "portal", {
        "plans/2024/ke-hoach.md": DOC,
        "content/tin-tuc/2024/a.md": news(),
    }, agencies=REFORM)
    p.cchc("build", "--today", "2025-09-01", check=True)
    return p.root / "site"


def main(site: Path, rel: str) -> str:
    html = (site / rel / "index.html").read_text(encoding="utf-8")
    return html[html.index("<main"):html.index("</main>")]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_the_district_names_both_successors_and_the_day(site):
    html = main(site, "co-quan/ubnd-huyen-b/")
    banner = html[html.index("cchc-banner"):html.index("</div>", html.index("cchc-banner"))]
    assert "Đã chấm dứt hoạt động" in banner and "01/07/2025" in banner
    assert 'href="../ubnd-tinh-a/"' in banner and 'href="../ubnd-xa-moi/"' in banner
    assert "chuyển giao cho 2 cơ quan" in text(banner)
    # Its offices and communes that ended with it are listed as former, with their successor.
    former = html[html.index('id="don-vi-truc-thuoc-cu"'):]
    former = former[:former.index("</section>")]
    assert "Phòng Nội vụ huyện B" in former and "UBND xã C" in former
    assert "tiếp nhận: UBND xã Mới" in text(former)
    current = html[html.index('id="don-vi-truc-thuoc"'):]
    current = current[:current.index("</section>")]
    assert "UBND xã D" in current and "UBND xã C" not in current


def test_each_successor_lists_what_it_inherited(site):
    province = text(main(site, "co-quan/ubnd-tinh-a/"))
    assert "Tiếp nhận nhiệm vụ Ủy ban nhân dân huyện B, từ ngày 01/07/2025 (cùng với UBND xã Mới)" \
        in province
    commune = main(site, "co-quan/ubnd-xa-moi/")
    words = text(commune)
    assert "Ủy ban nhân dân huyện B, từ ngày 01/07/2025 (cùng với UBND tỉnh A)" in words
    assert "Ủy ban nhân dân xã C, từ ngày 01/07/2025" in words
    assert 'href="../ubnd-huyen-b/"' in commune and 'href="../ubnd-xa-c/"' in commune
    # Contact details of the registry.
    assert "Số 2 đường Lê Lợi, xã Mới" in words and 'href="mailto:ubnd.xamoi@example.gov.vn"' \
        in commune and 'href="tel:0123456000"' in commune


def test_the_tree_separates_current_and_former_agencies(site):
    html = main(site, "co-quan/")
    current = html[html.index('id="dang-hoat-dong"'):html.index('id="da-cham-dut"')]
    former = html[html.index('id="da-cham-dut"'):]
    assert "UBND xã Mới" in current and "UBND xã D" in current
    assert 'href="ubnd-huyen-b/"' not in current and 'href="ubnd-xa-c/"' not in current
    # The commune that goes on stands under the province, saying where it was.
    assert "trước đây trực thuộc UBND huyện B" in text(current)
    # The district among the former ones, its office and commune under it, the successors named.
    district = former[former.index("UBND huyện B"):]
    assert district.index("Phòng Nội vụ huyện B") < district.index("UBND xã C")
    assert "tiếp nhận: UBND tỉnh A, UBND xã Mới" in text(district)
    assert "trực thuộc UBND tỉnh A" in text(former)


def test_before_the_day_the_district_is_current(tmp_path):
    p = make_project(tmp_path / "p", {"content/tin-tuc/2024/a.md": news()}, agencies=REFORM)
    p.cchc("build", "--today", "2024-12-31", check=True)
    html = main(p.root / "site", "co-quan/")
    assert 'id="da-cham-dut"' not in html and "chấm dứt hoạt động từ ngày 01/07/2025" in html
    district = main(p.root / "site", "co-quan/ubnd-huyen-b/")
    assert "Sẽ chấm dứt hoạt động" in district and "sẽ chuyển giao cho 2 cơ quan" in text(district)


def test_document_filter_groups_former_agencies(site):
    html = main(site, "van-ban/")
    group = html[html.index('<optgroup label="Đã chấm dứt hoạt động">'):]
    assert '<option value="ubnd-huyen-b">' in group[:group.index("</optgroup>")]


def test_open_data_lists_every_successor(site):
    data = json.loads((site / "api/agencies.json").read_text())
    agencies = {a["id"]: a for a in data["records"]}
    assert agencies["ubnd-huyen-b"]["successor"] == ["ubnd-tinh-a", "ubnd-xa-moi"]
    assert agencies["ubnd-xa-c"]["successor"] == ["ubnd-xa-moi"]
    assert agencies["ubnd-xa-moi"]["predecessors"] == ["ubnd-huyen-b", "ubnd-xa-c"]
    assert agencies["ubnd-xa-moi"]["email"] == "ubnd.xamoi@example.gov.vn"


# -- validation ----------------------------------------------------------------------------------

def _find(items: list[dict], code: str) -> dict:
    hits = [d for d in items if d["code"] == code]
    assert hits, items
    return hits[0]


def test_a_successor_that_had_ended_before(project):
    agencies = REFORM + dedent("""
        - id: thon-e
          name: Thôn E
          level: khac
          parent: ubnd-xa-c
          dissolved: 2025-08-01
          successor: [ubnd-xa-d, ubnd-xa-c]
        """)
    rc, items = project(agencies=agencies).diagnostics()
    d = _find(items, "successor-dissolved")
    assert rc == 1 and (d["line"], d["column"]) == (47, 26)  # the list item `ubnd-xa-c`
    assert "đã chấm dứt hoạt động từ ngày 01/07/2025" in d["message"]
    assert "`ubnd-xa-moi`" in d["hint"]  # ubnd-xa-c's own successor


def test_records_dated_after_their_agency_ended(project):
    p = project({
        "content/tin-tuc/2025/a.md": news(**{"2024-03-28": "2025-08-05",
                                             "agency: ubnd-xa-c": "agency: ubnd-huyen-b"}),
        "plans/2026/ke-hoach.md": DOC.replace("issued: 2024-01-19", "issued: 2026-01-19")
        .replace("agency: ubnd-huyen-b", "agency: ubnd-tinh-a"),
    }, agencies=REFORM)
    plan = p.root / "plans/2026/ke-hoach.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace("---\nTóm tắt.", dedent("""
        tasks:
          - task: Viết tin bài về CCHC
            lead: ubnd-xa-c
            due: Quý I/2026
        ---
        Tóm tắt.""")), encoding="utf-8")
    rc, items = p.diagnostics()
    assert rc == 0  # warnings: the editor decides
    item = next(d for d in items if d["code"] == "agency-dissolved" and "tin-tuc" in d["path"])
    assert item["line"] == 4 and "05/08/2025" in item["message"]
    assert "`agency: ubnd-tinh-a` (UBND tỉnh A); `agency: ubnd-xa-moi` (UBND xã Mới)" \
        in item["hint"]
    task = next(d for d in items if d["code"] == "agency-dissolved" and "plans" in d["path"])
    assert "01/04/2026" not in task["message"] and "01/01/2026" in task["message"]
    assert "`lead: ubnd-xa-moi`" in task["hint"]
