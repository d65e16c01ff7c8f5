"""The legal status of documents (issue 20; Nghị định 42/2022/NĐ-CP Điều 4): `effective` and
`expires` on the document page and in the list; a document replaced by a newer one
(`relation: thay-the`) or past its `expires` shows "Hết hiệu lực" with the link to what replaced
it; an amended one says by what."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from lxml import html as lxml_html

from cchc import legal
from cchc.catalog import Backlink
from cchc.model import Consultation, Document
from tests.support.portal import make_project

OLD = """\
---
number: 12/QĐ-UBND
kind: quyet-dinh
title: Ban hành Quy chế chuyên trang cải cách hành chính
agency: ubnd-huyen-b
issued: 2020-03-02
---
Quy chế cũ.
"""

NEW = """\
---
number: 40/QĐ-UBND
kind: quyet-dinh
title: Ban hành Quy chế chuyên trang cải cách hành chính (thay thế)
agency: ubnd-huyen-b
issued: 2024-04-15
effective: 2024-05-01
refs:
  - {number: 12/QĐ-UBND, agency: ubnd-huyen-b, relation: thay-the}
---
Quy chế mới.
"""

AMENDING = """\
---
number: 55/QĐ-UBND
kind: quyet-dinh
title: Sửa đổi Quy chế chuyên trang cải cách hành chính
agency: ubnd-huyen-b
issued: 2024-06-03
refs:
  - {number: 40/QĐ-UBND, agency: ubnd-huyen-b, relation: sua-doi}
---
Sửa đổi.
"""

TEMPORARY = """\
---
number: 7/QĐ-UBND
kind: quyet-dinh
title: Thí điểm tiếp nhận hồ sơ ngoài giờ hành chính
agency: ubnd-xa-c
issued: 2024-01-10
expires: 2024-07-01
---
Thí điểm sáu tháng.
"""

FILES = {"plans/2020/12.md": OLD, "plans/2024/40.md": NEW, "plans/2024/55.md": AMENDING,
         "plans/2024/7.md": TEMPORARY}
OLD_URL = "van-ban/2020/12-qd-ubnd-ubnd-huyen-b/"
NEW_URL = "van-ban/2024/40-qd-ubnd-ubnd-huyen-b/"


def page(site: Path, url: str):
    return lxml_html.fromstring((site / url / "index.html").read_bytes())


def text(el) -> str:
    return " ".join(el.text_content().split())


def summary(doc) -> dict[str, str]:
    return {text(div.xpath("dt")[0]): text(div.xpath("dd")[0])
            for div in doc.xpath("//dl[@class='cchc-summary']/div")}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("legal") / "p", FILES)
    project.cchc("build", "--today", "2024-12-31", check=True)
    return project.root / "site"


def test_a_replaced_document_shows_it_no_longer_applies(site):
    doc = page(site, OLD_URL)
    banner = doc.xpath("//div[contains(@class,'cchc-legal')]")[0]
    assert "Văn bản đã hết hiệu lực" in text(banner)
    assert "Hết hiệu lực từ 01/05/2024" in text(banner)
    link = banner.xpath(".//a[contains(@href,'40-qd-ubnd')]")[0]
    assert text(link) == "Quyết định 40/QĐ-UBND"
    rows = summary(doc)
    assert rows["Ngày có hiệu lực"] == "02/03/2020"  # its date of issue, by default
    assert rows["Ngày hết hiệu lực"] == "01/05/2024 (được thay thế)"
    assert rows["Tình trạng hiệu lực"].startswith("Hết hiệu lực Được thay thế bởi Quyết định "
                                                  "40/QĐ-UBND")


def test_the_replacing_document_shows_its_effective_date_and_amendment(site):
    rows = summary(page(site, NEW_URL))
    assert rows["Ngày ban hành"] == "15/04/2024" and rows["Ngày có hiệu lực"] == "01/05/2024"
    assert rows["Tình trạng hiệu lực"] == ("Còn hiệu lực Được sửa đổi, bổ sung bởi Quyết định "
                                           "55/QĐ-UBND")


def test_a_document_past_its_expiry_no_longer_applies(site):
    doc = page(site, "van-ban/2024/7-qd-ubnd-ubnd-xa-c/")
    assert "Hết hiệu lực từ 01/07/2024" in text(doc.xpath("//div[contains(@class,'cchc-legal')]")[0])
    assert summary(doc)["Ngày hết hiệu lực"] == "01/07/2024"


def test_the_list_marks_what_no_longer_applies(site):
    listing = page(site, "van-ban/")
    rows = {text(tr.xpath("td")[0]): tr for tr in listing.xpath("//table[contains(@class,"
                                                                "'cchc-docs')]/tbody/tr")}
    assert "Hết hiệu lực từ 01/05/2024" in text(rows["12/QĐ-UBND"])
    assert rows["12/QĐ-UBND"].xpath(".//span[@class='cchc-status cchc-status--het-hieu-luc']")
    assert "Hết hiệu lực: 01/07/2024" in text(rows["7/QĐ-UBND"])  # its expiry, by its date
    assert "Hiệu lực: 01/05/2024" in text(rows["40/QĐ-UBND"])
    assert not rows["40/QĐ-UBND"].xpath(".//span[contains(@class,'cchc-status')]")
    # The filter's index carries the same mark for rows the script draws.
    index = json.loads((site / "van-ban/filter.json").read_text(encoding="utf-8"))
    status = dict(zip(index["fields"], zip(*index["documents"], strict=True), strict=True))
    by_number = dict(zip(status["number"], status["status"], strict=True))
    assert by_number["12/QĐ-UBND"] == ["het-hieu-luc", "Hết hiệu lực từ 01/05/2024"]
    assert by_number["40/QĐ-UBND"] == []


def test_before_the_replacement_takes_effect_the_old_one_still_applies(tmp_path):
    project = make_project(tmp_path / "p", FILES)
    project.cchc("build", "--today", "2024-04-20", check=True)
    site = project.root / "site"
    rows = summary(page(site, OLD_URL))
    assert rows["Tình trạng hiệu lực"].startswith("Còn hiệu lực")
    assert rows["Ngày hết hiệu lực"] == "01/05/2024 (được thay thế)"
    new = page(site, NEW_URL)
    assert "Văn bản chưa có hiệu lực" in text(new.xpath("//div[contains(@class,'cchc-legal')]")[0])
    assert summary(new)["Tình trạng hiệu lực"] == "Chưa có hiệu lực"


def test_expiry_before_taking_effect_is_an_error(project):
    p = project({"plans/2024/7.md": TEMPORARY.replace("expires: 2024-07-01",
                                                      "expires: 2023-07-01")})
    rc, items = p.diagnostics()
    hit = [d for d in items if d["code"] == "expires-before-effective"]
    assert rc == 1 and hit and hit[0]["line"] == 7


def _doc(number: str, **kw) -> Document:
    return Document(id=f"2024/{number}", kind=kw.pop("kind", "quyet-dinh"), title="x",
                    agency="a", year=2024, number=number, **kw)


@pytest.mark.parametrize(("doc", "back", "today", "label"), [
    (_doc("1", issued=date(2024, 1, 1)), [], date(2024, 6, 1), legal.IN_FORCE),
    (_doc("1"), [], date(2024, 6, 1), None),  # no date known: nothing claimed
    (_doc("1", kind="bao-cao", issued=date(2024, 1, 1)), [], date(2024, 6, 1), None),
    (_doc("1", issued=date(2024, 9, 1)), [], date(2024, 6, 1), None),  # issued after --today
    (_doc("1", issued=date(2024, 1, 1), effective=date(2024, 9, 1)), [], date(2024, 6, 1),
     legal.NOT_YET),
    (_doc("1", issued=date(2024, 1, 1), expires=date(2024, 6, 1)), [], date(2024, 6, 1),
     legal.EXPIRED),  # the day of expiry is the first day without effect
    (_doc("1", consultation=Consultation(date(2024, 5, 1), date(2024, 5, 31), "x")), [],
     date(2024, 6, 1), legal.DRAFT),
    # A replacement without any date still ends it; a draft replaces nothing.
    (_doc("1", issued=date(2024, 1, 1)), [("thay-the", _doc("2"))], date(2024, 6, 1),
     legal.EXPIRED),
    (_doc("1", issued=date(2024, 1, 1)),
     [("thay-the", _doc("2", consultation=Consultation(date(2024, 5, 1), date(2024, 5, 2),
                                                       "x")))], date(2024, 6, 1),
     legal.IN_FORCE),
])
def test_status_rules(doc, back, today, label):
    st = legal.status(doc, [Backlink(source, rel) for rel, source in back], today)
    assert (st.label if st else None) == label


def test_the_demo_has_a_replaced_decision(demo_site):
    doc = page(demo_site, "van-ban/2020/1520-qd-ubnd-ubnd-thi-xa-kien-tuong/")
    banner = text(doc.xpath("//div[contains(@class,'cchc-legal')]")[0])
    assert "Hết hiệu lực từ 01/09/2024" in banner and "Quyết định 2105/QĐ-UBND" in banner
    new = summary(page(demo_site, "van-ban/2024/2105-qd-ubnd-ubnd-thi-xa-kien-tuong/"))
    assert new["Ngày có hiệu lực"] == "01/09/2024"
