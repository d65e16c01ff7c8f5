"""The portal's vocabularies, declared once: document kinds, relations, agency levels, topics,
news formats (and the product words quotas use), search result kinds.

Every other module reads them from here: validation (allowed values and their labels), the
JSON Schemas, the templates (labels), the reference parser and the importer (the words and type
codes that name a kind in a document's text), tracking (which news format a quota counts) and
the search script (the order of result kinds, through the index file). Adding a kind or a
format is one entry below.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """A kind of document (văn bản) the portal publishes."""

    id: str
    label: str  # "Kế hoạch"
    # Type codes in a số hiệu ("107/KH-UBND" → KH); the first is the canonical one.
    codes: tuple[str, ...] = ()
    # How the kind is named in running text, folded (no diacritics, lower case): the heading
    # of a document ("KẾ HOẠCH"), a pasted reference ("Kế hoạch số 15/KH-UBND").
    words: tuple[str, ...] = ()


KIND_LIST: tuple[Kind, ...] = (
    Kind("ke-hoach", "Kế hoạch", ("KH",), ("ke hoach",)),
    Kind("bao-cao", "Báo cáo", ("BC",), ("bao cao",)),
    Kind("quyet-dinh", "Quyết định", ("QĐ", "QD"), ("quyet dinh",)),
    Kind("cong-van", "Công văn", ("CV",), ("cong van",)),
    Kind("thong-bao", "Thông báo", ("TB",), ("thong bao",)),
    Kind("chuong-trinh", "Chương trình", ("CTr", "CTR"),
         ("chuong trinh hanh dong", "chuong trinh")),
    Kind("de-an", "Đề án", ("ĐA", "DA"), ("de an",)),
    # Other official types (chỉ thị, nghị quyết…) are published as "Văn bản khác".
    Kind("khac", "Văn bản khác", (),
         ("chi thi", "nghi quyet", "nghi dinh", "thong tu", "huong dan", "to trinh",
          "cong dien", "ket luan")),
)
KINDS: dict[str, str] = {k.id: k.label for k in KIND_LIST}
KIND_BY_ID: dict[str, Kind] = {k.id: k for k in KIND_LIST}
KIND_OF_CODE: dict[str, str] = {code: k.id for k in KIND_LIST for code in k.codes}

# Official document types by the name that heads them in a citation ("Nghị định số 61/…"),
# folded, longest first so that "chuong trinh hanh dong" wins over "chuong trinh". Laws are
# cited by name and date, not by a số hiệu of the portal's kinds.
LAW_WORDS: tuple[str, ...] = ("luat", "bo luat", "phap lenh", "hien phap")
DOCUMENT_WORDS: tuple[tuple[str, str], ...] = tuple(sorted(
    ((w, k.id) for k in KIND_LIST for w in k.words), key=lambda p: -len(p[0])))
# The same names with their diacritics, for patterns over the text as written.
DOCUMENT_TYPE_NAMES: tuple[str, ...] = (
    "Chương trình hành động", "Quyết định", "Kế hoạch", "Công văn", "Thông báo",
    "Chương trình", "Đề án", "Nghị quyết", "Nghị định", "Thông tư", "Chỉ thị", "Hướng dẫn",
    "Báo cáo", "Luật", "Bộ luật", "Pháp lệnh", "Văn bản", "Tờ trình", "Công điện", "Kết luận",
)

RELATIONS: dict[str, str] = {
    "can-cu": "Căn cứ",
    "thuc-hien": "Thực hiện",
    "bao-cao": "Báo cáo về",
    "sua-doi": "Sửa đổi",
    "thay-the": "Thay thế",
}
# How a document's preamble introduces what it refers to, folded → relation.
RELATION_LEADS: dict[str, str] = {
    "can cu": "can-cu", "can cu vao": "can-cu", "thuc hien": "thuc-hien",
    "trien khai": "thuc-hien", "tiep theo": "can-cu",
}

LEVELS: dict[str, str] = {
    "trung-uong": "Trung ương",
    "tinh": "Cấp tỉnh",
    "so-nganh": "Sở, ban, ngành",
    "huyen": "Cấp huyện",
    "phong-ban": "Phòng, ban, đơn vị",
    "xa": "Cấp xã",
    "bao-dai": "Báo, đài",
    "doan-the": "Đoàn thể",
    "khac": "Khác",
}

# Words that name a unit of local government before its place ("tỉnh Quảng Nam", "thị xã
# Kiến Tường"), two-word ones first so that "thị xã" is not read as "xã".
PLACE_WORDS: tuple[str, ...] = ("thành phố", "thị xã", "thị trấn", "đặc khu", "tỉnh", "huyện",
                                "quận", "xã", "phường")
# Who signs for a body (Nghị định 30/2020/NĐ-CP: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ
# TỊCH"), as written; a title before a body's name ("Bộ trưởng Bộ Nội vụ") names that body.
JOB_TITLES: tuple[str, ...] = (
    "Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc", "Trưởng phòng", "Phó Trưởng phòng",
    "Chánh Văn phòng", "Phó Chánh Văn phòng", "Trưởng ban", "Phó Trưởng ban", "Bộ trưởng",
    "Thứ trưởng", "Thủ tướng", "Phó Thủ tướng", "Cục trưởng", "Phó Cục trưởng", "Chi cục trưởng",
    "Vụ trưởng", "Bí thư", "Phó Bí thư", "Tổng Biên tập", "Hiệu trưởng", "Chánh Thanh tra",
    "Tổng cục trưởng", "Thủ trưởng cơ quan", "Chủ nhiệm", "Viện trưởng", "Tổng Giám đốc",
)

TOPICS: dict[str, str] = {
    "the-che": "Cải cách thể chế",
    "thu-tuc-hanh-chinh": "Cải cách thủ tục hành chính",
    "to-chuc-bo-may": "Cải cách tổ chức bộ máy",
    "che-do-cong-vu": "Cải cách chế độ công vụ",
    "tai-chinh-cong": "Cải cách tài chính công",
    "chinh-quyen-so": "Xây dựng chính quyền điện tử, chính quyền số",
}

@dataclass(frozen=True)
class IndexKind:
    """An index that ranks agencies or localities every year (SPEC §9 Chỉ số): its id in
    `content/chi-so/*.yml`, the short name documents cite and the tag that marks them."""

    id: str
    name: str  # "PAR INDEX": as documents and tags write it
    label: str  # the full Vietnamese name
    about: str  # one sentence for readers: who measures what
    scale: float  # the usual maximum score (each file says its own `scale`)


INDEX_LIST: tuple[IndexKind, ...] = (
    IndexKind("par-index", "PAR INDEX", "Chỉ số cải cách hành chính",
              "Bộ Nội vụ (ở địa phương: Sở Nội vụ) chấm điểm kết quả cải cách hành chính của "
              "các bộ, tỉnh, sở, ngành, huyện, xã theo các lĩnh vực cải cách.", 100),
    IndexKind("sipas", "SIPAS", "Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của "
              "cơ quan hành chính nhà nước",
              "Điều tra xã hội học: tỷ lệ người dân, tổ chức hài lòng với việc giải quyết thủ "
              "tục hành chính và cung ứng dịch vụ công.", 100),
    IndexKind("papi", "PAPI", "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh",
              "Khảo sát ý kiến người dân về quản trị và hành chính công ở cấp tỉnh.", 80),
    IndexKind("pci", "PCI", "Chỉ số năng lực cạnh tranh cấp tỉnh",
              "Khảo sát doanh nghiệp về chất lượng điều hành kinh tế của chính quyền cấp tỉnh.",
              100),
    IndexKind("ddci", "DDCI", "Chỉ số năng lực cạnh tranh cấp sở, ban, ngành và địa phương",
              "Doanh nghiệp đánh giá các sở, ban, ngành và huyện, xã của một tỉnh.", 100),
)
INDEX_BY_ID: dict[str, IndexKind] = {k.id: k for k in INDEX_LIST}
# Index names that mark a tag (PAR INDEX, SIPAS…) in imported documents.
INDEX_TAGS: tuple[str, ...] = tuple(k.name for k in INDEX_LIST)


@dataclass(frozen=True)
class Format:
    """A form of news item (tin bài) that plans set quotas for."""

    id: str
    label: str
    # Product words a quota may name ("4 tiểu phẩm/năm"), folded.
    words: tuple[str, ...]
    # Formats whose items also count for this one's quotas (a "bài" counts for "tin").
    counts: tuple[str, ...] = ()
    # The noun a quota of this format is displayed with ("4 tiểu phẩm/năm").
    unit: str = ""


FORMAT_LIST: tuple[Format, ...] = (
    Format("tin", "Tin", ("tin", "tin bai", "tin tuc"), ("bai",), "tin"),
    Format("bai", "Bài viết", ("bai", "bai viet"), ("tin",), "bài"),
    Format("anh", "Ảnh", ("anh", "bo anh", "phong su anh"), (), "ảnh"),
    Format("video", "Video", ("video", "clip", "phim"), (), "video"),
    Format("phat-thanh", "Phát thanh", ("chuong trinh phat thanh", "chuyen muc phat thanh",
                                        "phat thanh", "chuong trinh truyen thanh"), (),
           "chương trình phát thanh"),
    Format("tieu-pham", "Tiểu phẩm", ("tieu pham",), (), "tiểu phẩm"),
    Format("phong-su", "Phóng sự", ("phong su",), (), "phóng sự"),
    Format("infographic", "Infographic", ("infographic", "do hoa"), (), "infographic"),
    Format("khac", "Khác", (), (), "sản phẩm"),
)
FORMATS: dict[str, str] = {f.id: f.label for f in FORMAT_LIST}
FORMAT_BY_ID: dict[str, Format] = {f.id: f for f in FORMAT_LIST}
DEFAULT_FORMAT = "tin"
# Folded product word → format, longest first ("tin bai" before "tin").
FORMAT_OF_WORD: tuple[tuple[str, str], ...] = tuple(sorted(
    ((w, f.id) for f in FORMAT_LIST for w in f.words), key=lambda p: -len(p[0])))
# The words editors may use in a quota, for messages ("tin, tin bài, tiểu phẩm…").
PRODUCT_WORDS: tuple[str, ...] = ("tin", "tin bài", "bài", "bài viết", "ảnh", "video", "clip",
                                  "phim", "chương trình phát thanh", "chuyên mục phát thanh",
                                  "tiểu phẩm", "phóng sự", "infographic")


def accepted_formats(quota_format: str) -> frozenset[str]:
    """The formats of items that count for a quota of `quota_format` (tin and bài count for
    each other's quotas)."""
    return frozenset({quota_format, *FORMAT_BY_ID[quota_format].counts})


# Kinds of search results, in the order the search box lists them (the browser script reads
# this list from the index file, see cchc.search).
SEARCH_NEWS = "Tin bài"
SEARCH_QUESTION = "Hỏi đáp"
SEARCH_AGENCY = "Cơ quan"
SEARCH_PAGE = "Trang"
SEARCH_KINDS: tuple[str, ...] = (SEARCH_NEWS, *KINDS.values(), SEARCH_QUESTION, SEARCH_AGENCY,
                                 SEARCH_PAGE)
