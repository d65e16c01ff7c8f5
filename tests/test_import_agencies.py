"""Agency resolution that cannot be wrong silently: the level word and the place must match,
a job title names its body, laws / decrees / fragments / the national motto are never
agencies, and a proposal gets the level of the body it names."""

from __future__ import annotations

import pytest

from cchc.importer import parse_document
from cchc.importer.agencies import AgencyBook, guess_level, is_agency_name, split_job_title
from cchc.registry import AgencyNames
from tests.test_import import NAMES

# A registry with Đồng Tháp but not Điện Biên, whose aliases include the bare "UBND tỉnh".
DONG_THAP = AgencyNames([
    ("ubnd-tinh-dong-thap", ["Ủy ban nhân dân tỉnh Đồng Tháp", "UBND tỉnh Đồng Tháp",
                             "UBND tỉnh"]),
    ("so-noi-vu-dong-thap", ["Sở Nội vụ tỉnh Đồng Tháp", "Sở Nội vụ"]),
    ("bo-noi-vu", ["Bộ Nội vụ"]), ("chinh-phu", ["Chính phủ"]),
])


@pytest.mark.parametrize("name", ["UBND tỉnh Điện Biên", "Ủy ban nhân dân tỉnh Điện Biên",
                                  "Sở Nội vụ tỉnh Điện Biên", "UBND huyện Đồng Tháp",
                                  "UBND tỉnh Điện Biên về việc ban hành Kế hoạch"])
def test_a_different_place_never_resolves(name: str) -> None:
    assert AgencyBook(DONG_THAP).resolve(name) is None


def test_same_place_resolves_with_trailing_words() -> None:
    book = AgencyBook(DONG_THAP)
    assert book.resolve("UBND tỉnh Đồng Tháp về việc ban hành") == "ubnd-tinh-dong-thap"
    assert book.resolve("Sở Nội vụ tỉnh Đồng Tháp") == "so-noi-vu-dong-thap"


def test_a_reference_of_another_province_is_proposed_not_misread() -> None:
    text = ("ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP\nSố: 12/KH-UBND\nĐồng Tháp, ngày 02 tháng 3 năm 2024\n"
            "KẾ HOẠCH\nTuyên truyền cải cách hành chính năm 2024\n"
            "Căn cứ Kế hoạch số 4289/KH-UBND ngày 21/12/2021 của UBND tỉnh Điện Biên về cải "
            "cách hành chính;\nI. MỤC ĐÍCH\n- Một.\n")
    imp = parse_document(text, DONG_THAP)
    assert imp.agency == "ubnd-tinh-dong-thap"
    assert imp.refs[0].agency == "UBND tỉnh Điện Biên"
    assert "chưa có trong danh mục" in imp.refs[0].comment
    assert [p.id for p in imp.proposals] == ["ubnd-tinh-dien-bien"]


@pytest.mark.parametrize(("name", "title", "body"), [
    ("Bộ trưởng Bộ Nội vụ", "Bộ trưởng", "Bộ Nội vụ"),
    ("Chủ tịch UBND tỉnh Quảng Nam", "Chủ tịch", "UBND tỉnh Quảng Nam"),
    ("Phó Chủ tịch Ủy ban nhân dân huyện Hương Khê", "Phó Chủ tịch",
     "Ủy ban nhân dân huyện Hương Khê"),
    ("Trưởng Ban Chỉ đạo cải cách hành chính của Chính phủ", "Trưởng ban",
     "Ban Chỉ đạo cải cách hành chính của Chính phủ"),
    ("Thủ tướng Chính phủ", "Thủ tướng", "Chính phủ"),
    ("Giám đốc Sở Tư pháp", "Giám đốc", "Sở Tư pháp"),
    ("Chánh Văn phòng UBND tỉnh", "Chánh Văn phòng", "Văn phòng UBND tỉnh"),
])
def test_job_titles_name_their_body(name: str, title: str, body: str) -> None:
    assert split_job_title(name) == (title, body)


def test_job_titles_resolve_to_the_body() -> None:
    book = AgencyBook(NAMES)
    assert book.resolve("Bộ trưởng Bộ Nội vụ") == "bo-noi-vu"
    assert book.resolve("Chủ tịch UBND tỉnh Quảng Nam") == "ubnd-tinh-quang-nam"
    assert book.resolve("Thủ tướng Chính phủ") == "chinh-phu"
    pid = book.propose("Trưởng Ban Chỉ đạo cải cách hành chính của Chính phủ")
    assert pid == "ban-chi-dao-cai-cach-hanh-chinh-cua-chinh-phu"
    assert [(p.name, p.level) for p in book.proposals.values()] == [
        ("Ban Chỉ đạo cải cách hành chính của Chính phủ", "trung-uong")]


@pytest.mark.parametrize("text", [
    "Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015",
    "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền "
    "địa phương ngày 22 tháng 11 năm 2019",
    "Nghị định số 61/2018/NĐ-CP", "Quyết định 468/QĐ-TTg", "Kế hoạch số 12/KH-UBND",
    "Ủy ba", "Sở", "Ủy ban nhân dân", "Bộ trưởng", "Báo cáo",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
    "Ủy ban nhân dân Cộng hòa xã hội chủ nghĩa Việt Nam",
])
def test_laws_documents_fragments_and_the_motto_are_not_agencies(text: str) -> None:
    assert not is_agency_name(text)
    assert AgencyBook(NAMES).propose(text) is None


def test_laws_in_a_preamble_are_never_proposed() -> None:
    text = ("BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH CỦA CHÍNH PHỦ\nSố: 15/QĐ-BCĐCCHC\n"
            "Hà Nội, ngày 10 tháng 3 năm 2024\nQUYẾT ĐỊNH\nVề việc ban hành Kế hoạch kiểm tra "
            "năm 2024\nTRƯỞNG BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH CỦA CHÍNH PHỦ\n"
            "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một "
            "số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 "
            "tháng 11 năm 2019;\nTheo đề nghị của Bộ trưởng Bộ Nội vụ.\nQUYẾT ĐỊNH:\n"
            "Điều 1. Ban hành Kế hoạch.\n")
    imp = parse_document(text, NAMES)
    assert [p.name for p in imp.proposals] == ["Ban Chỉ đạo cải cách hành chính của Chính phủ"]
    assert imp.proposals[0].level == "trung-uong"
    assert [r.agency for r in imp.refs] == [None, None]
    assert imp.title == "Ban hành Kế hoạch kiểm tra năm 2024"


@pytest.mark.parametrize("header", [
    "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nTỈNH QUẢNG NAM | Độc lập - Tự do - "
    "Hạnh phúc |",
    "| ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n| TỈNH QUẢNG NAM | Độc lập - Tự "
    "do - Hạnh phúc |",
    "ỦY BAN NHÂN DÂN\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM |\nTỈNH QUẢNG NAM\n|\nĐộc lập - Tự do "
    "- Hạnh phúc |",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nỦY BAN NHÂN DÂN\nTỈNH QUẢNG "
    "NAM",
    "**ỦY BAN NHÂN DÂN**\t**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**TỈNH QUẢNG NAM**\t**Độc lập - "
    "Tự do - Hạnh phúc**",
    "ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH QUẢNG NAM          Độc lập "
    "- Tự do - Hạnh phúc",
])
def test_the_national_motto_is_never_the_issuer(header: str) -> None:
    text = (f"{header}\nSố: 56/KH-UBND\nQuảng Nam, ngày 20 tháng 01 năm 2024\nKẾ HOẠCH\n"
            "Tuyên truyền cải cách hành chính năm 2024\nThực hiện Quyết định số 1332/QĐ-BNV ngày "
            "14/12/2012 của Bộ trưởng Bộ Nội vụ, Văn phòng Chính phủ và Thủ tướng Chính phủ, "
            "UBND tỉnh ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH\n- Một.\n")
    imp = parse_document(text, NAMES)
    assert imp.agency == "ubnd-tinh-quang-nam"
    assert imp.refs[0].agency == "bo-noi-vu"
    assert imp.proposals == ()


def test_a_header_reduced_to_its_type_takes_the_authority_line() -> None:
    text = ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
            "Số: 30/2024/QĐ-UBND | Hải Phòng, ngày 09 tháng 10 năm 2024 |\nQUYẾT ĐỊNH\n"
            "BAN HÀNH QUY CHẾ PHỐI HỢP TRONG CÔNG TÁC CẢI CÁCH HÀNH CHÍNH\n"
            "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG\n"
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;\n"
            "QUYẾT ĐỊNH:\nĐiều 1. Ban hành.\n")
    imp = parse_document(text, NAMES)
    assert imp.agency == "ubnd-thanh-pho-hai-phong"
    assert imp.proposals[0].level == "tinh"
    assert imp.title == "Ban hành Quy chế phối hợp trong công tác cải cách hành chính" or \
        imp.title.lower() == "ban hành quy chế phối hợp trong công tác cải cách hành chính"
    assert "title" in imp.flags  # re-cased from capitals


@pytest.mark.parametrize(("name", "level"), [
    ("Ban Chỉ đạo cải cách hành chính của Chính phủ", "trung-uong"),
    ("Hội đồng phối hợp phổ biến, giáo dục pháp luật trung ương", "trung-uong"),
    ("Văn phòng Bộ Tư pháp", "trung-uong"),
    ("Ủy ban nhân dân thành phố Hải Phòng", "tinh"),
    ("Ủy ban nhân dân thành phố Đông Hà", "huyen"),
    ("Ủy ban nhân dân xã Đưng K’Nớ", "xa"),
    ("Sở Nội vụ tỉnh Bình Định", "so-nganh"),
    ("Văn phòng UBND tỉnh Quảng Nam", "so-nganh"),
    ("Phòng Nội vụ huyện Tuy Phước", "phong-ban"),
    ("Báo Quảng Ngãi", "bao-dai"),
    ("Hội Liên hiệp Phụ nữ huyện Hương Khê", "doan-the"),
])
def test_proposals_get_the_right_level(name: str, level: str) -> None:
    assert guess_level(name) == level


def test_national_bodies_never_take_the_issuers_place() -> None:
    book = AgencyBook(NAMES, place=("phường", "Long Anh"))
    assert book.complete("Thủ tướng Chính phủ")[0] == "Chính phủ"
    assert book.complete("Văn phòng Chính phủ") == ["Văn phòng Chính phủ"]
    assert book.complete("Bộ Nội vụ") == ["Bộ Nội vụ"]
    # A Sở belongs to a province, not to the commune that cites it.
    assert book.complete("Sở Nội vụ") == ["Sở Nội vụ"]
    assert book.complete("Văn phòng HĐND và UBND")[0] == "Văn phòng HĐND và UBND phường Long Anh"
