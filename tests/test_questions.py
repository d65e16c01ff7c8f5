"""Questions and answers (SPEC §9, issue 20): content/hoi-dap/**/*.md, the list /hoi-dap/ (newest
first, unanswered marked, static filters by topic and agency), item pages, the feed, answered
questions on the answering agency's page, the feedback link on every page, and the checks."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from lxml import html as lxml_html

from tests.support.portal import MKDOCS_YML, REPO, make_project

ANSWERED = """\
---
question: Tôi có thể nộp hồ sơ thủ tục hành chính ở đâu?
title: Nơi nộp hồ sơ
asked: 2024-03-04
answered: 2024-03-08
agency: ubnd-huyen-b
asker: Nguyễn Văn A
topics: [thu-tuc-hanh-chinh]
---
Bạn nộp tại **Bộ phận Một cửa** của UBND huyện B.
"""

OPEN = """\
---
question: Bộ phận Một cửa có làm việc vào thứ Bảy không?
asked: 2024-05-02
agency: ubnd-xa-c
topics: [thu-tuc-hanh-chinh, chinh-quyen-so]
---
"""

OLDER = """\
---
question: Dịch vụ công toàn trình là gì?
asked: 2023-11-20
answered: 2023-11-25
agency: ubnd-huyen-b
topics: [chinh-quyen-so]
---
Là dịch vụ thực hiện mọi bước trên mạng.
"""

INTRO = """\
---
title: Hỏi đáp cải cách hành chính
---
Người dân gửi câu hỏi qua nút bên dưới; câu trả lời được đăng tại đây.
"""

FILES = {
    "content/hoi-dap/index.md": INTRO,
    "content/hoi-dap/2024/noi-nop-ho-so.md": ANSWERED,
    "content/hoi-dap/2024/thu-bay.md": OPEN,
    "content/hoi-dap/2023/toan-trinh.md": OLDER,
}


def page(site: Path, url: str):
    return lxml_html.fromstring((site / url / "index.html").read_bytes())


def text(el) -> str:
    return " ".join(el.text_content().split())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("qa") / "p", FILES)
    project.cchc("build", "--today", "2024-06-30", check=True)
    return project.root / "site"


def test_the_list_is_newest_first_with_the_unanswered_marked(site):
    doc = page(site, "hoi-dap/")
    items = doc.xpath("//ul[contains(@class,'cchc-questions')]/li")
    assert [text(li.xpath(".//h3")[0]) for li in items] == [
        "Bộ phận Một cửa có làm việc vào thứ Bảy không?", "Nơi nộp hồ sơ",
        "Dịch vụ công toàn trình là gì?"]
    assert "Chưa trả lời" in text(items[0]) and "cchc-question--open" in items[0].get("class")
    assert "Đã trả lời" in text(items[1]) and "Trả lời ngày 08/03/2024" in text(items[1])
    assert "Bạn nộp tại Bộ phận Một cửa" in text(items[1])  # the answer's summary
    assert "3 câu hỏi" in text(doc.xpath("//p[@class='cchc-tally']")[0])
    assert "1 chưa trả lời" in text(doc.xpath("//p[@class='cchc-tally']")[0])


def test_the_introduction_heads_the_list(site):
    doc = page(site, "hoi-dap/")
    assert text(doc.xpath("//h1")[0]) == "Hỏi đáp cải cách hành chính"
    assert "câu trả lời được đăng tại đây" in text(doc.xpath("//main")[0])
    # The Q&A folder's index.md is the list's introduction, not a page of its own.
    assert not (site / "hoi-dap/index/index.html").exists()


def test_filters_by_topic_and_agency_are_static_pages(site):
    doc = page(site, "hoi-dap/")
    chips = {text(a): a.get("href") for a in doc.xpath("//nav[@aria-label='Lọc câu hỏi']//a")}
    assert chips["Cải cách thủ tục hành chính (2)"] == "linh-vuc/thu-tuc-hanh-chinh/"
    assert chips["UBND huyện B (2)"] == "co-quan/ubnd-huyen-b/"
    topic = page(site, "hoi-dap/linh-vuc/chinh-quyen-so/")
    assert [text(h) for h in topic.xpath("//main//li/h3")] == [
        "Bộ phận Một cửa có làm việc vào thứ Bảy không?", "Dịch vụ công toàn trình là gì?"]
    assert topic.xpath("//nav[@aria-label='Lọc câu hỏi']//a[@aria-current='page']")
    agency = page(site, "hoi-dap/co-quan/ubnd-huyen-b/")
    assert len(agency.xpath("//main//li[contains(@class,'cchc-question')]")) == 2
    crumbs = [text(a) for a in agency.xpath("//nav[@class='cchc-crumbs cchc-wrap']//a")]
    assert crumbs == ["Trang chủ", "Hỏi đáp"]


def test_an_item_page_has_the_question_and_its_answer(site):
    doc = page(site, "hoi-dap/2024/noi-nop-ho-so/")
    assert text(doc.xpath("//h1")[0]) == "Nơi nộp hồ sơ"
    assert "Tôi có thể nộp hồ sơ thủ tục hành chính ở đâu?" in text(
        doc.xpath("//section[@aria-labelledby='cau-hoi']")[0])
    answer = doc.xpath("//section[@aria-labelledby='tra-loi']")[0]
    assert answer.xpath(".//strong[text()='Bộ phận Một cửa']")
    assert "Cơ quan trả lời: UBND huyện B" in text(answer)
    assert doc.xpath("//article[@data-pagefind-body]")  # indexed by search
    ld = json.loads(doc.xpath("//script[@type='application/ld+json']")[0].text)
    assert ld["@type"] == "QAPage" and ld["mainEntity"]["acceptedAnswer"]["dateCreated"] \
        == "2024-03-08"
    unanswered = page(site, "hoi-dap/2024/thu-bay/")
    said = text(unanswered.xpath("//section[@aria-labelledby='tra-loi']")[0])
    assert "đang được UBND xã C xem xét, trả lời" in said


def test_the_feed_parses_and_carries_the_answers(site):
    parsed = feedparser.parse((site / "hoi-dap/feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [e.link.rsplit("/hoi-dap/", 1)[1] for e in parsed.entries] == [
        "2024/thu-bay/", "2024/noi-nop-ho-so/", "2023/toan-trinh/"]
    answered = parsed.entries[1]
    assert answered.title == "Nơi nộp hồ sơ"
    assert "Đã trả lời ngày 08/03/2024" in answered.summary
    assert "Bộ phận Một cửa" in answered.content[0].value
    assert "Chưa trả lời" in parsed.entries[0].summary
    opml = (site / "feeds.opml").read_text(encoding="utf-8")
    # the Q&A feed is listed; the consultation feed is not, as this portal has no draft (an
    # empty feed is never published)
    assert "hoi-dap/feed.xml" in opml and "lay-y-kien/feed.xml" not in opml


def test_answered_questions_are_on_the_answering_agencys_page(site):
    agency = page(site, "co-quan/ubnd-huyen-b/")
    block = agency.xpath("//section[@aria-labelledby='hoi-dap']")[0]
    assert [text(h) for h in block.xpath(".//h3")] == ["Nơi nộp hồ sơ",
                                                     "Dịch vụ công toàn trình là gì?"]
    # Not yet answered: not on the page of the agency asked to answer.
    assert not page(site, "co-quan/ubnd-xa-c/").xpath("//section[@aria-labelledby='hoi-dap']")


def test_feedback_link_on_every_page_defaults_to_the_owners_email(site):
    for url in ("", "hoi-dap/", "van-ban/", "khong-co/"):
        path = site / "404.html" if url == "khong-co/" else site / url / "index.html"
        doc = lxml_html.fromstring(path.read_bytes())
        link = doc.xpath("//footer//a[text()='Gửi câu hỏi, góp ý']")
        assert link and link[0].get("href") == "mailto:vanphong@tinh-a.example.gov.vn", url
    actions = page(site, "hoi-dap/").xpath("//main//a[text()='Gửi câu hỏi, góp ý']")
    assert actions


def test_the_feedback_option_is_where_questions_go(tmp_path):
    project = make_project(tmp_path / "p", FILES)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      page_size:", "      feedback: https://gopy.tinh-a.example.gov.vn/\n      page_size:"),
        encoding="utf-8")
    project.cchc("build", "--today", "2024-06-30", check=True)
    doc = page(project.root / "site", "hoi-dap/2024/thu-bay/")
    links = doc.xpath("//a[text()='Gửi câu hỏi, góp ý']")
    assert {a.get("href") for a in links} == {"https://gopy.tinh-a.example.gov.vn/"}
    assert all(a.get("rel") == "external" for a in links)


def test_a_feedback_that_is_no_address_is_an_error(project):
    p = project(FILES)
    config = p.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      page_size:", "      feedback: hộp thư góp ý\n      page_size:"), encoding="utf-8")
    rc, items = p.diagnostics()
    hit = [d for d in items if d["path"] == "mkdocs.yml" and d["code"] == "invalid-url"]
    assert rc == 1 and hit and "feedback" in hit[0]["message"]
    assert hit[0]["line"] == MKDOCS_YML.splitlines().index("      page_size: {page_size}") + 1


@pytest.mark.parametrize(("change", "code", "line"), [
    (("answered: 2024-03-08", "answered: 2024-03-01"), "answered-before-asked", 5),
    (("agency: ubnd-huyen-b\n", ""), "missing-field", 5),
    (("Bạn nộp tại **Bộ phận Một cửa** của UBND huyện B.\n", ""), "answer-missing", 5),
    (("question: Tôi có thể nộp hồ sơ thủ tục hành chính ở đâu?\n", ""), "missing-field", 2),
    (("asked: 2024-03-04", "asked: 04/03/2024"), "date-format", 4),
    (("agency: ubnd-huyen-b", "agency: ubnd-huyen-bb"), "unknown-agency", 6),
    (("topics: [thu-tuc-hanh-chinh]", "topics: [thu-tuc]"), "invalid-choice", 8),
])
def test_a_wrong_question_is_an_error_at_its_line(project, change, code, line):
    p = project({"content/hoi-dap/2024/a.md": ANSWERED.replace(*change)})
    rc, items = p.diagnostics()
    hit = [d for d in items if d["code"] == code and d["path"] == "content/hoi-dap/2024/a.md"]
    assert rc == 1 and hit, items
    assert hit[0]["line"] == line and hit[0]["hint"]


def test_an_answer_without_a_date_is_kept_back_with_a_warning(project):
    p = project({"content/hoi-dap/2024/a.md": ANSWERED.replace("answered: 2024-03-08\n", "")})
    rc, items = p.diagnostics()
    assert rc == 0
    assert [d["code"] for d in items if d["severity"] == "warning"] == ["answer-undated"]
    p.cchc("build", "--today", "2024-06-30", check=True)
    shown = (p.root / "site/hoi-dap/2024/a/index.html").read_text(encoding="utf-8")
    assert "Bộ phận Một cửa" not in shown and "Chưa trả lời" in shown


def test_two_questions_at_one_address_are_an_error(project):
    p = project({"content/hoi-dap/2024/a.md": ANSWERED,
                 "content/hoi-dap/2024/b.md": OPEN.replace("asked: 2024-05-02",
                                                           "asked: 2024-05-02\nslug: a")})
    rc, items = p.diagnostics()
    hit = [d for d in items if d["code"] == "url-collision"]
    assert rc == 1 and hit and hit[0]["path"] == "content/hoi-dap/2024/b.md"
    assert "/hoi-dap/2024/a/" in hit[0]["message"]


def test_the_old_single_page_collides_and_says_where_to_move_it(project):
    p = project({"content/hoi-dap.md": "---\ntitle: Hỏi đáp\n---\nCâu hỏi thường gặp.\n"})
    rc, items = p.diagnostics()
    hit = [d for d in items if d["code"] == "url-collision"]
    assert rc == 1 and hit and hit[0]["path"] == "content/hoi-dap.md"
    assert "content/hoi-dap/index.md" in hit[0]["hint"]


def test_the_demo_has_questions_and_its_menu_leads_to_the_list(demo_site):
    doc = page(demo_site, "hoi-dap/")
    items = doc.xpath("//ul[contains(@class,'cchc-questions')]/li")
    assert len(items) >= 8
    assert sum("Chưa trả lời" in text(li) for li in items) >= 2
    menu = {text(a): a.get("href") for a in page(demo_site, "").xpath("//nav[@class='cchc-nav']"
                                                                     "//a")}
    assert menu["Hỏi đáp"] == "hoi-dap/" and menu["Lấy ý kiến"] == "lay-y-kien/"
    assert "cchc-kind-questions" in doc.xpath("//body")[0].get("class")
    nav_config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "Hỏi đáp: hoi-dap/index.md" in nav_config
