"""Deterministic synthetic CCHC portal, for the benchmark and the smoke tests.

``generate(root, n)`` writes a complete cchc project (agencies, ``n`` news items, ``n // 10``
documents with references and task tables); ``write_baseline(root, n)`` writes the *same* news
items as mkdocs-material blog posts, so that both generators build identical editorial content.

Everything is derived from ``random.Random`` seeded with strings (stable across runs and
``PYTHONHASHSEED``), never from the clock. Each news item has its own generator seeded with its
index, so item ``i`` has the same title, date and body whatever ``n`` is: this keeps "bytes per
news page" comparable across sizes. Names of the province, districts and communes are invented.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import random
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from cchc.vocab import TOPICS  # the content format's vocabulary, declared once

REPO_ROOT = Path(__file__).resolve().parents[1]
OVERRIDES_DIR = REPO_ROOT / "overrides"

try:  # libyaml's emitter is ~10x faster; 10,000 front matters add up
    _BaseDumper: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseDumper = yaml.SafeDumper


class FlowDict(dict):
    """A mapping written inline, like SPEC's ``signer: {name: …, title: …}``."""


class _Dumper(_BaseDumper):  # type: ignore[misc,valid-type]
    """Front matter the way editors write it: short scalar lists inline, the rest as blocks."""


def _represent_list(dumper: Any, data: list[Any]) -> Any:
    short = all(isinstance(x, str | int) for x in data) and sum(len(str(x)) for x in data) < 70
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=short)


def _represent_dict(dumper: Any, data: dict[str, Any]) -> Any:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=False)


def _represent_flow_dict(dumper: Any, data: FlowDict) -> Any:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(FlowDict, _represent_flow_dict)

SITE_NAME = "Chuyên trang Cải cách hành chính"
SITE_DESCRIPTION = (
    "Cổng thông tin cải cách hành chính — kế hoạch, báo cáo, tin bài và tiến độ thực hiện"
)
SITE_URL = "https://cchc.example.gov.vn/"

TAGS = ["PAR INDEX", "SIPAS", "PAPI", "PCI", "DDCI"]
YEARS = (2021, 2025)  # inclusive range of news and document dates
VN_TZ = timezone(timedelta(hours=7))
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# ---------------------------------------------------------------------------------------------
# Phrase banks (all invented; real-looking so that text size and diacritics density are real)
# ---------------------------------------------------------------------------------------------

PROVINCE = "Phú An"
DISTRICT_NAMES = [
    "Hòa Vang",
    "Tây Sơn",
    "Đông Giang",
    "Bình Sơn",
    "Phước Long",
    "Quế Lâm",
    "Thăng Bình",
    "Đại Lộc",
    "Duy Xuyên",
    "Núi Thành",
    "Tiên Phước",
    "Hiệp Đức",
]
COMMUNE_FIRST = [
    "Hương",
    "Tam",
    "Bình",
    "Đại",
    "Điện",
    "Duy",
    "Quế",
    "Tiên",
    "Thăng",
    "Phước",
    "Hòa",
    "An",
    "Tân",
    "Xuân",
    "Cẩm",
    "Thanh",
]
COMMUNE_SECOND = [
    "Long",
    "Phú",
    "Thịnh",
    "An",
    "Hiệp",
    "Lộc",
    "Sơn",
    "Trung",
    "Minh",
    "Thuận",
    "Hưng",
    "Đông",
]
# (id stem, name, number code, level)
DEPARTMENTS = [
    ("so-noi-vu", "Sở Nội vụ", "SNV", "so-nganh"),
    ("so-tu-phap", "Sở Tư pháp", "STP", "so-nganh"),
    ("so-tai-chinh", "Sở Tài chính", "STC", "so-nganh"),
    ("so-ke-hoach-va-dau-tu", "Sở Kế hoạch và Đầu tư", "SKHĐT", "so-nganh"),
    ("so-thong-tin-va-truyen-thong", "Sở Thông tin và Truyền thông", "STTTT", "so-nganh"),
    ("so-van-hoa-the-thao-va-du-lich", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", "so-nganh"),
    ("so-giao-duc-va-dao-tao", "Sở Giáo dục và Đào tạo", "SGDĐT", "so-nganh"),
    ("so-y-te", "Sở Y tế", "SYT", "so-nganh"),
    ("so-xay-dung", "Sở Xây dựng", "SXD", "so-nganh"),
    ("so-giao-thong-van-tai", "Sở Giao thông vận tải", "SGTVT", "so-nganh"),
    ("so-nong-nghiep", "Sở Nông nghiệp và Phát triển nông thôn", "SNN", "so-nganh"),
    ("so-tai-nguyen-va-moi-truong", "Sở Tài nguyên và Môi trường", "STNMT", "so-nganh"),
    ("so-cong-thuong", "Sở Công Thương", "SCT", "so-nganh"),
    ("so-khoa-hoc-va-cong-nghe", "Sở Khoa học và Công nghệ", "SKHCN", "so-nganh"),
    ("so-lao-dong", "Sở Lao động - Thương binh và Xã hội", "SLĐTBXH", "so-nganh"),
    ("van-phong-ubnd-tinh", "Văn phòng UBND tỉnh", "VPUB", "so-nganh"),
    ("thanh-tra-tinh", "Thanh tra tỉnh", "TTr", "so-nganh"),
    ("ban-dan-toc", "Ban Dân tộc tỉnh", "BDT", "so-nganh"),
    ("so-ngoai-vu", "Sở Ngoại vụ", "SNgV", "so-nganh"),
    ("ban-quan-ly-cac-khu-cong-nghiep", "Ban Quản lý các khu công nghiệp", "BQL", "so-nganh"),
    ("bao-phu-an", "Báo Phú An", "BPA", "bao-dai"),
    ("dai-phat-thanh-truyen-hinh", "Đài Phát thanh - Truyền hình Phú An", "PTTH", "bao-dai"),
    ("tinh-doan", "Tỉnh đoàn Phú An", "TĐTN", "doan-the"),
]
# (id stem, name prefix, number code) of the offices under each district
DISTRICT_OFFICES = [
    ("phong-noi-vu", "Phòng Nội vụ", "PNV"),
    ("phong-tu-phap", "Phòng Tư pháp", "PTP"),
    ("van-phong-hdnd-ubnd", "Văn phòng HĐND và UBND", "VP"),
    ("phong-van-hoa-thong-tin", "Phòng Văn hóa và Thông tin", "PVHTT"),
    ("trung-tam-vhtttt", "Trung tâm Văn hóa - Thông tin - Thể thao", "TTVH"),
]
CENTRAL = [
    ("chinh-phu", "Chính phủ", "CP"),
    ("thu-tuong-chinh-phu", "Thủ tướng Chính phủ", "TTg"),
    ("bo-noi-vu", "Bộ Nội vụ", "BNV"),
]
# Documents of the central government: never in the portal, so they stay external references.
EXTERNAL_DOCS = [
    (
        "76/NQ-CP",
        "chinh-phu",
        date(2021, 7, 15),
        "Nghị quyết",
        "Ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030",
    ),
    (
        "1332/QĐ-BNV",
        "bo-noi-vu",
        date(2012, 12, 14),
        "Quyết định",
        "Phê duyệt Đề án tăng cường công tác thông tin, tuyên truyền CCHC giai đoạn 2013-2015",
    ),
    (
        "25/2021/TT-BNV",
        "bo-noi-vu",
        date(2021, 12, 20),
        "Thông tư",
        "Hướng dẫn chấm điểm Chỉ số cải cách hành chính (giả lập)",
    ),
    (
        "468/QĐ-TTg",
        "thu-tuong-chinh-phu",
        date(2021, 3, 27),
        "Quyết định",
        "Phê duyệt Đề án đổi mới việc thực hiện cơ chế một cửa, một cửa liên thông",
    ),
]
# kind slug -> (code in the number, Vietnamese name, weight)
KINDS: dict[str, tuple[str, str, int]] = {
    "ke-hoach": ("KH", "Kế hoạch", 35),
    "bao-cao": ("BC", "Báo cáo", 30),
    "quyet-dinh": ("QĐ", "Quyết định", 10),
    "cong-van": ("CV", "Công văn", 10),
    "thong-bao": ("TB", "Thông báo", 5),
    "chuong-trinh": ("CTr", "Chương trình", 5),
    "de-an": ("ĐA", "Đề án", 3),
    "khac": ("HD", "Hướng dẫn", 2),
}
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Thu", "Quốc", "Hồng"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Phương",
    "Quân",
    "Sơn",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vũ",
    "Yến",
]
SIGNER_TITLES = ["Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc", "Trưởng phòng"]

TOPIC_PHRASES: dict[str, list[str]] = {
    "the-che": [
        "hoàn thiện thể chế",
        "rà soát văn bản quy phạm pháp luật",
        "kiểm tra việc thi hành pháp luật",
    ],
    "thu-tuc-hanh-chinh": [
        "cải cách thủ tục hành chính",
        "thực hiện cơ chế một cửa liên thông",
        "đơn giản hóa thủ tục hành chính",
    ],
    "to-chuc-bo-may": [
        "sắp xếp tổ chức bộ máy",
        "tinh giản biên chế",
        "sắp xếp đơn vị hành chính cấp xã",
    ],
    "che-do-cong-vu": [
        "nâng cao kỷ luật, kỷ cương hành chính",
        "đánh giá cán bộ, công chức",
        "chấn chỉnh lề lối làm việc",
    ],
    "tai-chinh-cong": [
        "quản lý tài chính công",
        "tự chủ tài chính đơn vị sự nghiệp",
        "giải ngân vốn đầu tư công",
    ],
    "chinh-quyen-so": [
        "chuyển đổi số",
        "cung cấp dịch vụ công trực tuyến toàn trình",
        "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    ],
}
NEWS_TITLES = [
    "{agency} đẩy mạnh {topic} {period}",
    "{agency} tổ chức hội nghị triển khai {topic} {period}",
    "{agency} sơ kết công tác {topic} {period}",
    "Kết quả {topic} tại {agency} {period}",
    "{agency} tập huấn nghiệp vụ về {topic} {period}",
    "{agency} kiểm tra công tác {topic} {period}",
    "Nhiều chuyển biến trong {topic} ở {agency} {period}",
    "{agency} tuyên truyền {topic} đến người dân {period}",
]
SENTENCES = [
    "Trong {period}, {agency} đã tập trung chỉ đạo quyết liệt công tác {topic}, "
    "gắn với việc nâng cao chất lượng phục vụ người dân và doanh nghiệp.",
    "Toàn đơn vị đã tiếp nhận {count} hồ sơ, trong đó {percent}% hồ sơ được giải quyết "
    "đúng và trước hạn, không có hồ sơ quá hạn.",
    "Công tác tuyên truyền được đổi mới theo hướng đa dạng hình thức, chú trọng hệ thống "
    "loa truyền thanh cơ sở, trang thông tin điện tử và mạng xã hội.",
    "Lãnh đạo {agency} yêu cầu các bộ phận chuyên môn tiếp tục rà soát, kiến nghị cắt giảm "
    "những thủ tục không cần thiết, gây phiền hà cho tổ chức và công dân.",
    "Chỉ số hài lòng của người dân đối với sự phục vụ của cơ quan hành chính (SIPAS) đạt "
    "{percent}%, tăng so với cùng kỳ năm trước.",
    "Bên cạnh những kết quả đạt được, việc triển khai {topic} vẫn còn một số hạn chế như "
    "hạ tầng công nghệ thông tin chưa đồng bộ, nhân lực còn thiếu.",
    "Đến nay, {count} thủ tục hành chính đã được cung cấp dưới dạng dịch vụ công trực tuyến "
    "toàn trình, tỷ lệ hồ sơ trực tuyến đạt {percent}%.",
    "Hội nghị đã dành nhiều thời gian thảo luận, đề xuất giải pháp khắc phục khó khăn, "
    "vướng mắc trong quá trình thực hiện nhiệm vụ năm {year}.",
    "Đoàn kiểm tra ghi nhận sự nỗ lực của đội ngũ cán bộ, công chức tại bộ phận một cửa, "
    "đồng thời chỉ ra những tồn tại cần khắc phục ngay.",
    "Thời gian tới, {agency} sẽ tiếp tục đẩy mạnh ứng dụng công nghệ thông tin, "
    "xây dựng chính quyền số, hướng tới sự hài lòng của người dân.",
    "Các cơ quan, đơn vị được giao nhiệm vụ chủ trì phối hợp chặt chẽ, báo cáo kết quả "
    "định kỳ hằng quý về Phòng Nội vụ để tổng hợp.",
    "Đặc biệt, việc thanh toán trực tuyến nghĩa vụ tài chính đã tăng lên {count} giao dịch, "
    "giúp tiết kiệm thời gian, chi phí đi lại cho người dân.",
    "Ngay từ đầu năm {year}, {agency} đã ban hành kế hoạch cụ thể, phân công rõ người, rõ "
    "việc, rõ thời gian hoàn thành và rõ trách nhiệm của từng bộ phận.",
    "Người đứng đầu các cơ quan, đơn vị chịu trách nhiệm trước Chủ tịch UBND về kết quả "
    "{topic} tại đơn vị mình phụ trách.",
    "Qua khảo sát {count} phiếu ý kiến, đa số người dân đánh giá thái độ phục vụ của công chức "
    "là tận tình, chu đáo, hướng dẫn hồ sơ rõ ràng.",
    "Bộ phận tiếp nhận và trả kết quả được bố trí khang trang, trang bị máy lấy số tự động, "
    "màn hình tra cứu và ki-ốt hướng dẫn thủ tục.",
    "Chỉ số cải cách hành chính (PAR INDEX) năm {year} của đơn vị đạt {percent} điểm, xếp "
    "trong nhóm dẫn đầu khối cơ quan cùng cấp.",
    "Các tổ công nghệ số cộng đồng tại thôn, khu phố đã hỗ trợ {count} lượt người dân cài đặt "
    "ứng dụng định danh điện tử và nộp hồ sơ trực tuyến.",
    "Việc tiếp nhận, xử lý phản ánh, kiến nghị của tổ chức, cá nhân về quy định hành chính "
    "được thực hiện kịp thời, công khai kết quả trên trang thông tin điện tử.",
    "Nhân dịp này, {agency} đã khen thưởng {count} lượt tập thể, cá nhân có thành tích xuất "
    "sắc trong phong trào thi đua {topic}.",
]
LIST_ITEMS = [
    "Niêm yết công khai, đầy đủ thủ tục hành chính tại bộ phận một cửa",
    "Tăng cường kiểm tra, giám sát việc thực thi công vụ",
    "Đẩy mạnh thanh toán không dùng tiền mặt trong giải quyết thủ tục",
    "Nâng cao kỹ năng giao tiếp, ứng xử của công chức tiếp nhận hồ sơ",
    "Hoàn thiện cơ sở dữ liệu dân cư phục vụ chuyển đổi số",
    "Khen thưởng kịp thời tập thể, cá nhân có thành tích xuất sắc",
    "Tổ chức đối thoại với người dân, doanh nghiệp về thủ tục hành chính",
]
TASKS = [
    ("Viết tin bài về cải cách hành chính", "Tin bài", True),
    ("Cập nhật chuyên mục CCHC trên trang thông tin điện tử", "Chuyên mục", True),
    ("Xây dựng phóng sự truyền hình về CCHC", "Phóng sự", True),
    ("Phát bản tin CCHC trên hệ thống loa truyền thanh cơ sở", "Bản tin", True),
    ("Tổ chức hội nghị tập huấn nghiệp vụ cải cách hành chính", "Hội nghị", False),
    ("Khảo sát mức độ hài lòng của người dân (SIPAS)", "Báo cáo khảo sát", False),
    ("Niêm yết công khai thủ tục hành chính", None, False),
    ("Tổ chức Hội thi tìm hiểu về cải cách hành chính", "Hội thi", False),
    ("Rà soát, đơn giản hóa thủ tục hành chính", "Báo cáo rà soát", False),
    ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", None, False),
]
QUOTAS = ["12 tin/năm", "2 tin/quý", "1 tin/tháng", "mỗi quý 1 tin", "ít nhất 1 tin bài/tháng"]
FREE_DUES = ["Trước ngày 15 hằng tháng", "Theo tiến độ của tỉnh", "Hoàn thành trong năm"]


# ---------------------------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------------------------


@dataclass
class Agency:
    """One entry of ``content/agencies.yml`` plus what the generator needs to pick from it."""

    id: str
    name: str
    short: str
    level: str
    parent: str | None
    code: str  # the issuer part of its document numbers, e.g. UBND, SNV
    children: list[str] = field(default_factory=list)

    def record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "short": self.short,
            "level": self.level,
            "parent": self.parent,
            "aliases": [self.short],
        }


@dataclass
class Document:
    """One file under ``plans/``."""

    stem: str
    kind: str
    title: str
    agency: str
    year: int
    number: str | None
    issued: date | None
    meta: dict[str, Any]
    body: str


@dataclass
class News:
    """One news item; rendered both as a cchc news file and as a baseline blog post."""

    title: str
    slug: str
    when: date | datetime
    agency: str
    author: str
    topics: list[str]
    tags: list[str]
    documents: list[Any]
    paragraphs: list[str]

    @property
    def day(self) -> date:
        return self.when.date() if isinstance(self.when, datetime) else self.when


@dataclass
class Corpus:
    agencies: list[Agency]
    documents: list[Document]
    news: list[News]


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def ascii_slug(text: str) -> str:
    """Title → URL slug the way SPEC §3 describes it (đ→d, no diacritics, lower, hyphens)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def vn_date(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def period_of(day: date) -> str:
    """A report period that plausibly ends just before ``day`` (SPEC §2 forms)."""
    if day.month in (6, 7):
        return f"6 tháng/{day.year}"
    if day.month in (9, 10):
        return f"9 tháng/{day.year}"
    if day.month in (11, 12):
        return f"Năm {day.year}"
    return f"Quý {ROMAN[(day.month - 1) // 3 + 1]}/{day.year}"


class UniqueTitles:
    """Keeps titles unique once diacritics are gone, by appending a counter."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def make(self, title: str) -> str:
        candidate, k = title, 1
        while ascii_slug(candidate) in self.seen:
            k += 1
            candidate = f"{title} ({k})"
        self.seen.add(ascii_slug(candidate))
        return candidate


# ---------------------------------------------------------------------------------------------
# Agencies
# ---------------------------------------------------------------------------------------------


def build_agencies(seed: int) -> list[Agency]:
    """Province UBND → sở, báo đài, huyện → phòng and xã; plus three central bodies."""
    rng = random.Random(f"{seed}:agencies")
    out = [Agency(stem, name, name, "trung-uong", None, code) for stem, name, code in CENTRAL]
    province = Agency(
        f"ubnd-tinh-{ascii_slug(PROVINCE)}",
        f"Ủy ban nhân dân tỉnh {PROVINCE}",
        f"UBND tỉnh {PROVINCE}",
        "tinh",
        None,
        "UBND",
    )
    out.append(province)
    for stem, name, code, level in DEPARTMENTS:
        out.append(Agency(stem, name, name, level, province.id, code))
    communes = [f"{a} {b}" for a in COMMUNE_FIRST for b in COMMUNE_SECOND if a != b]
    rng.shuffle(communes)
    for district in rng.sample(DISTRICT_NAMES, 10):
        dslug = ascii_slug(district)
        huyen = Agency(
            f"ubnd-huyen-{dslug}",
            f"Ủy ban nhân dân huyện {district}",
            f"UBND huyện {district}",
            "huyen",
            province.id,
            "UBND",
        )
        out.append(huyen)
        for stem, prefix, code in DISTRICT_OFFICES:
            name = f"{prefix} huyện {district}"
            out.append(Agency(f"{stem}-{dslug}", name, name, "phong-ban", huyen.id, code))
        for _ in range(10):
            commune = communes.pop()
            out.append(
                Agency(
                    f"ubnd-xa-{ascii_slug(commune)}",
                    f"Ủy ban nhân dân xã {commune}",
                    f"UBND xã {commune}",
                    "xa",
                    huyen.id,
                    "UBND",
                )
            )
    by_id = {a.id: a for a in out}
    for a in out:
        if a.parent:
            by_id[a.parent].children.append(a.id)
    return out


def local_agencies(agencies: list[Agency]) -> list[Agency]:
    return [a for a in agencies if a.level != "trung-uong"]


# ---------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------

ISSUER_WEIGHTS = {
    "tinh": 10,
    "so-nganh": 2,
    "bao-dai": 1,
    "doan-the": 1,
    "huyen": 3,
    "phong-ban": 1,
    "xa": 1,
}


def doc_title(kind: str, agency: Agency, topic: str, day: date, rng: random.Random) -> str:
    phrase = rng.choice(TOPIC_PHRASES[topic])
    scope = agency.short.replace("UBND ", "").replace("Ủy ban nhân dân ", "")
    if kind == "bao-cao":
        return f"Kết quả thực hiện công tác {phrase} {period_of(day)} của {agency.short}"
    if kind == "quyet-dinh":
        return f"Ban hành Kế hoạch {phrase} năm {day.year} trên địa bàn {scope}"
    if kind == "cong-van":
        return f"Về việc đẩy mạnh {phrase} trên địa bàn {scope}"
    return f"{KINDS[kind][1]} {phrase} trên địa bàn {scope} năm {day.year}"


def ref_phrase(doc: Document, agencies: dict[str, Agency]) -> str:
    """The pasted form editors copy from a document's preamble (SPEC §2)."""
    assert doc.issued and doc.number
    kind_name = KINDS[doc.kind][1]
    return (
        f"{kind_name} số {doc.number} ngày {vn_date(doc.issued)} của {agencies[doc.agency].short}"
    )


def ref_mapping(doc: Document, relation: str | None) -> dict[str, Any]:
    ref: dict[str, Any] = {
        "number": doc.number,
        "agency": doc.agency,
        "issued": doc.issued,
        "title": doc.title,
    }
    if relation:
        ref["relation"] = relation
    return ref


def external_ref(rng: random.Random, agencies: dict[str, Agency], before: date) -> Any:
    number, agency, issued, kind_name, title = rng.choice(
        [x for x in EXTERNAL_DOCS if x[2] < before] or EXTERNAL_DOCS[1:2]
    )
    if rng.random() < 0.5:
        return {"number": number, "agency": agency, "issued": issued, "title": title}
    return f"{kind_name} số {number} ngày {vn_date(issued)} của {agencies[agency].short}"


def pick_refs(
    rng: random.Random,
    doc_kind: str,
    agency: Agency,
    day: date,
    earlier: list[Document],
    by_agency: dict[str, list[Document]],
    agencies: dict[str, Agency],
) -> list[Any]:
    """0-3 references to earlier portal documents (ancestors first) and 0-1 external one."""
    pool: list[Document] = []
    a: Agency | None = agency
    while a is not None:  # own and ancestors' documents: what a real plan implements
        pool.extend(by_agency.get(a.id, [])[-5:])
        a = agencies.get(a.parent) if a.parent else None
    if earlier:
        pool.extend(rng.sample(earlier[-200:], min(3, len(earlier))))
    refs: list[Any] = []
    seen: set[str] = set()
    for _ in range(rng.randint(0, 3)):
        if not pool:
            break
        target = rng.choice(pool)
        key = f"{target.number}@{target.agency}"
        if key in seen:
            continue
        seen.add(key)
        if rng.random() < 0.5:
            relation = "bao-cao" if doc_kind == "bao-cao" and target.kind == "ke-hoach" else None
            refs.append(ref_mapping(target, relation or rng.choice([None, "thuc-hien"])))
        else:
            refs.append(ref_phrase(target, agencies))
    if rng.random() < 0.4:
        refs.append(external_ref(rng, agencies, day))
    return refs


def task_pool(agency: Agency) -> list[str]:
    """Who may lead or support a task of this agency's plan: its children, else itself."""
    return agency.children or [agency.id]


def due_for(rng: random.Random, issued: date) -> Any:
    """A deadline in one of SPEC's forms, never before the plan was issued."""
    year, r = issued.year, rng.random()
    first_iso = max(date(year, 1, 15), issued + timedelta(days=7))
    if r < 0.3:
        return "Thường xuyên"
    if r < 0.55:
        return f"Quý {ROMAN[rng.randint((issued.month - 1) // 3 + 1, 4)]}/{year}"
    if r < 0.7:
        return f"6 tháng/{year}" if issued.month <= 6 else f"Năm {year}"
    if r < 0.9 and first_iso <= date(year, 12, 28):
        return random_day(rng, first_iso, date(year, 12, 28))
    return rng.choice(FREE_DUES)


def make_tasks(rng: random.Random, agency: Agency, issued: date) -> list[dict[str, Any]]:
    pool = task_pool(agency)
    rows = []
    for text, product, is_news in rng.sample(TASKS, rng.randint(3, 8)):
        row: dict[str, Any] = {"task": text}
        if product:
            row["product"] = product
        row["lead"] = rng.choice(pool)
        support = [
            a for a in rng.sample(pool, min(len(pool), rng.randint(0, 3))) if a != row["lead"]
        ]
        if support:
            row["support"] = support
        row["due"] = due_for(rng, issued)
        if is_news and rng.random() < 0.7:
            row["quota"] = rng.choice(QUOTAS)
        rows.append(row)
    return rows


def doc_body(rng: random.Random, agency: Agency, topic: str, year: int) -> str:
    ctx = {
        "agency": agency.short,
        "topic": rng.choice(TOPIC_PHRASES[topic]),
        "period": f"năm {year}",
        "year": year,
    }
    paras = [paragraph(rng, ctx) for _ in range(rng.randint(2, 4))]
    items = "\n".join(f"- {x}" for x in rng.sample(LIST_ITEMS, 3))
    return "\n\n".join([*paras[:1], "**Nhiệm vụ trọng tâm:**", items, *paras[1:]]) + "\n"


def build_documents(seed: int, count: int, agencies: list[Agency]) -> list[Document]:
    """``count`` documents in issue order, so that references only point backwards."""
    rng = random.Random(f"{seed}:documents")
    by_id = {a.id: a for a in agencies}
    issuers = local_agencies(agencies)
    weights = [ISSUER_WEIGHTS[a.level] for a in issuers]
    days = sorted(
        random_day(rng, date(YEARS[0], 1, 4), date(YEARS[1], 12, 28)) for _ in range(count)
    )
    next_number: dict[str, int] = {}
    by_agency: dict[str, list[Document]] = {}
    numbered: list[Document] = []
    titles = UniqueTitles()
    docs: list[Document] = []
    kinds = list(KINDS)
    kind_weights = [KINDS[k][2] for k in kinds]
    for i, day in enumerate(days):
        agency = rng.choices(issuers, weights)[0]
        kind = rng.choices(kinds, kind_weights)[0]
        topics = sorted(rng.sample(list(TOPICS), rng.randint(1, 2)))
        title = titles.make(doc_title(kind, agency, topics[0], day, rng))
        draft = rng.random() < 0.02  # an unnumbered, undated draft: id from the file stem
        meta: dict[str, Any] = {}
        number = None
        if not draft:
            n = next_number.get(agency.id, rng.randint(1, 40))
            next_number[agency.id] = n + rng.randint(1, 12)
            code = KINDS[kind][0]
            number = f"{n}/{agency.code}-VP" if kind == "cong-van" else f"{n}/{code}-{agency.code}"
            meta["number"] = number
        meta["kind"] = kind
        meta["title"] = title
        meta["agency"] = agency.id
        if draft:
            meta["year"] = day.year
        else:
            meta["issued"] = day
        if kind == "bao-cao":
            meta["period"] = period_of(day)
        meta["signer"] = FlowDict(name=person(rng), title=rng.choice(SIGNER_TITLES))
        refs = pick_refs(rng, kind, agency, day, numbered, by_agency, by_id)
        if refs:
            meta["refs"] = refs
        meta["topics"] = topics
        tags = sorted(rng.sample(TAGS, rng.randint(0, 2)))
        if tags:
            meta["tags"] = tags
        if kind in ("ke-hoach", "chuong-trinh", "de-an", "quyet-dinh"):
            meta["tasks"] = make_tasks(rng, agency, day)
        meta["draft"] = False
        stem = ascii_slug(f"{number}-{agency.id}") if number else f"du-thao-{i:05d}"
        doc = Document(
            stem,
            kind,
            title,
            agency.id,
            day.year,
            number,
            None if draft else day,
            meta,
            doc_body(rng, agency, topics[0], day.year),
        )
        docs.append(doc)
        if number:
            numbered.append(doc)
            by_agency.setdefault(agency.id, []).append(doc)
    return docs


# ---------------------------------------------------------------------------------------------
# News
# ---------------------------------------------------------------------------------------------

NEWS_WEIGHTS = {
    "tinh": 3,
    "so-nganh": 2,
    "bao-dai": 4,
    "doan-the": 1,
    "huyen": 4,
    "phong-ban": 2,
    "xa": 2,
}


def paragraph(rng: random.Random, ctx: dict[str, Any]) -> str:
    """2-4 sentences from the bank, with numbers filled in (why: realistic token variety)."""
    picks = rng.sample(SENTENCES, rng.randint(2, 4))
    return " ".join(
        s.format(**ctx, count=rng.randint(12, 4800), percent=rng.randint(82, 100)) for s in picks
    )


def news_table(rng: random.Random) -> str:
    rows = ["| Chỉ tiêu | Kế hoạch | Kết quả |", "|---|---:|---:|"]
    for label in rng.sample(
        [
            "Hồ sơ tiếp nhận",
            "Hồ sơ trực tuyến",
            "Hồ sơ đúng hạn",
            "Tin bài tuyên truyền",
            "Thủ tục được cắt giảm",
        ],
        3,
    ):
        plan = rng.randint(10, 900)
        rows.append(f"| {label} | {plan} | {plan + rng.randint(-5, 60)} |")
    return "\n".join(rows)


def news_paragraphs(rng: random.Random, ctx: dict[str, Any]) -> list[str]:
    """3-6 paragraphs; sometimes a bullet list (25%) or a results table (10%)."""
    paras = [paragraph(rng, ctx) for _ in range(rng.randint(3, 6))]
    if rng.random() < 0.25:
        items = "\n".join(f"- {x}" for x in rng.sample(LIST_ITEMS, rng.randint(3, 5)))
        paras.insert(2, "Các nội dung trọng tâm gồm:\n\n" + items)
    if rng.random() < 0.10:
        paras.insert(len(paras) - 1, news_table(rng))
    return paras


def news_when(rng: random.Random) -> date | datetime:
    """Mostly plain dates; some with a +07:00 offset and some naive times (SPEC §3)."""
    day = random_day(rng, date(YEARS[0], 1, 1), date(YEARS[1], 12, 31))
    r = rng.random()
    if r < 0.7:
        return day
    moment = datetime(day.year, day.month, day.day, rng.randint(7, 17), rng.choice([0, 15, 30]))
    return moment.replace(tzinfo=VN_TZ) if r < 0.9 else moment


def pick_documents(
    rng: random.Random,
    day: date,
    docs: list[Document],
    doc_days: list[date],
    number_count: dict[str, int],
    agencies: dict[str, Agency],
) -> list[Any]:
    """0-2 documents issued before the news item, in the reference forms of SPEC §2."""
    upto = bisect.bisect_left(doc_days, day)
    recent = [d for d in docs[max(0, upto - 40) : upto] if d.number]
    out: list[Any] = []
    for target in rng.sample(recent, min(len(recent), rng.randint(0, 2))):
        r = rng.random()
        if r < 0.2:
            out.append(ref_phrase(target, agencies))
        elif number_count[target.number or ""] == 1:
            out.append(target.number)  # unique in the portal: the bare number resolves
        else:
            out.append({"number": target.number, "agency": target.agency})
    return out


def build_news(seed: int, n: int, agencies: list[Agency], docs: list[Document]) -> list[News]:
    by_id = {a.id: a for a in agencies}
    issuers = local_agencies(agencies)
    weights = [NEWS_WEIGHTS[a.level] for a in issuers]
    dated = [d for d in docs if d.issued]
    doc_days = [d.issued for d in dated if d.issued]
    number_count: dict[str, int] = {}
    for d in dated:
        number_count[d.number or ""] = number_count.get(d.number or "", 0) + 1
    titles = UniqueTitles()
    out = []
    for i in range(n):
        rng = random.Random(f"{seed}:news:{i}")  # item i is the same for every n
        when = news_when(rng)
        day = when.date() if isinstance(when, datetime) else when
        agency = rng.choices(issuers, weights)[0]
        topics = sorted(rng.sample(list(TOPICS), rng.randint(1, 2)))
        period = f"quý {ROMAN[(day.month - 1) // 3 + 1]}/{day.year}"
        ctx = {
            "agency": agency.short,
            "topic": rng.choice(TOPIC_PHRASES[topics[0]]),
            "period": period,
            "year": day.year,
        }
        title = titles.make(rng.choice(NEWS_TITLES).format(**ctx))
        title = title[0].upper() + title[1:]
        paragraphs = news_paragraphs(rng, ctx)
        author = person(rng)
        tags = sorted(rng.sample(TAGS, rng.randint(0, 2)))
        doc_rng = random.Random(f"{seed}:news-docs:{i}")  # depends on n; kept apart
        documents = pick_documents(doc_rng, day, dated, doc_days, number_count, by_id)
        out.append(
            News(
                title,
                ascii_slug(title),
                when,
                agency.id,
                author,
                topics,
                tags,
                documents,
                paragraphs,
            )
        )
    return out


@functools.lru_cache(maxsize=2)
def build_corpus(n: int, seed: int = 1) -> Corpus:
    """The whole synthetic portal in memory; cached because both writers need it."""
    agencies = build_agencies(seed)
    docs = build_documents(seed, max(1, n // 10), agencies)
    return Corpus(agencies, docs, build_news(seed, n, agencies, docs))


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def write_markdown(path: Path, meta: dict[str, Any], body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{dump_yaml(meta)}---\n\n{body}", encoding="utf-8")


FALLBACK_MKDOCS_YML = f"""\
site_name: {SITE_NAME}
site_description: {SITE_DESCRIPTION}
site_url: {SITE_URL}
docs_dir: content
site_dir: site
use_directory_urls: true

theme:
  name: material
  custom_dir: overrides
  language: vi
  font: false

extra_css:
  - assets/stylesheets/cchc.css

markdown_extensions:
  - tables
  - attr_list
  - md_in_html
  - admonition
  - toc:
      permalink: false
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format

plugins:
  - cchc:
      plans_dir: plans
"""
GENERATED_PAGES = {"index.md", "gioi-thieu.md"}  # what a nav entry may name


class PyName(str):
    """A ``!!python/name:`` tag (pymdownx fences), carried through load and dump unchanged."""


class _ConfigLoader(yaml.SafeLoader):
    """Safe loading of mkdocs.yml that keeps ``!!python/name:`` tags instead of importing."""


_ConfigLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/name:", lambda _loader, suffix, _node: PyName(suffix)
)
_Dumper.add_representer(
    PyName,
    lambda dumper, data: dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{data}", ""),
)


def filter_nav(entries: list[Any]) -> list[Any]:
    """Nav without entries naming a page the generator does not write (URLs stay)."""
    out: list[Any] = []
    for entry in entries:
        title, target = next(iter(entry.items())) if isinstance(entry, dict) else (None, entry)
        if isinstance(target, list):
            target = filter_nav(target)
            if not target:
                continue
        elif not (isinstance(target, str) and (target in GENERATED_PAGES or "://" in target)):
            continue
        out.append({title: target} if title is not None else target)
    return out


def with_cchc_plugin(plugins: list[Any]) -> list[Any]:
    """The plugin list with a ``cchc`` entry whose ``plans_dir`` is ``plans`` (as generated)."""
    out = [
        p if not (isinstance(p, dict) and "cchc" in p) else {"cchc": dict(p["cchc"] or {})}
        for p in plugins
        if p != "cchc"
    ]
    entry = next((p["cchc"] for p in out if isinstance(p, dict) and "cchc" in p), None)
    if entry is None:
        entry = {}
        out.append({"cchc": entry})
    entry["plans_dir"] = "plans"
    entry.pop("podcast", None)  # its cover is a demo file; the synthetic portal has no radio
    return out


def mkdocs_yml() -> str:
    """The repository's mkdocs.yml (so the benchmark follows its configuration), with
    ``custom_dir`` made absolute (the synthetic project lives outside the repo), the standard
    folders, and no nav entry naming a page this generator does not write."""
    source = REPO_ROOT / "mkdocs.yml"
    text = source.read_text(encoding="utf-8") if source.exists() else FALLBACK_MKDOCS_YML
    config = yaml.load(text, Loader=_ConfigLoader)  # a SafeLoader: nothing is imported
    config.update(docs_dir="content", site_dir="site")
    theme = config.setdefault("theme", {"name": "material"})
    theme["custom_dir"] = str(REPO_ROOT / theme.get("custom_dir", "overrides"))
    config["plugins"] = with_cchc_plugin(config.get("plugins") or [])
    nav = filter_nav(config.pop("nav", None) or [])
    if nav:
        config["nav"] = nav
    return dump_yaml(config)


def news_meta(item: News) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "title": item.title,
        "date": item.when,
        "agency": item.agency,
        "author": item.author,
        "topics": item.topics,
    }
    if item.tags:
        meta["tags"] = item.tags
    if item.documents:
        meta["documents"] = item.documents
    return meta


def reset_dir(root: Path, names: list[str]) -> None:
    """Remove only what a previous generation wrote, so stale items never leak into a run."""
    for name in names:
        target = root / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    root.mkdir(parents=True, exist_ok=True)


def generate(root: Path, n: int, seed: int = 1) -> None:
    """Write a complete cchc project with ``n`` news items and ``n // 10`` documents."""
    root = Path(root)
    corpus = build_corpus(n, seed)
    reset_dir(root, ["mkdocs.yml", "content", "plans"])
    (root / "mkdocs.yml").write_text(mkdocs_yml(), encoding="utf-8")
    content = root / "content"
    write_markdown(
        content / "index.md",
        {"template": "cchc/home.html", "title": "Trang chủ"},
        f"Chào mừng đến với {SITE_NAME} tỉnh {PROVINCE}.\n",
    )
    write_markdown(
        content / "gioi-thieu.md",
        {"title": "Giới thiệu"},
        "Chuyên trang đăng tải kế hoạch, báo cáo và tin bài về cải cách hành chính "
        f"của các cơ quan, đơn vị trên địa bàn tỉnh {PROVINCE}.\n",
    )
    (content / "agencies.yml").write_text(
        dump_yaml([a.record() for a in corpus.agencies]), encoding="utf-8"
    )
    for doc in corpus.documents:
        write_markdown(root / "plans" / str(doc.year) / f"{doc.stem}.md", doc.meta, doc.body)
    for item in corpus.news:
        path = content / "tin-tuc" / str(item.day.year) / f"{item.slug}.md"
        write_markdown(path, news_meta(item), "\n\n".join(item.paragraphs) + "\n")


def baseline_yml() -> dict[str, Any]:
    """The comparison stack: Material blog (categories, archive, pagination), RSS, search vi.

    ``use_git: false`` because the dates come from front matter and the generated folder is not
    a git repository; ``default_timezone`` matches SPEC's Asia/Ho_Chi_Minh for naive dates.
    """
    return {
        "site_name": SITE_NAME,
        "site_description": SITE_DESCRIPTION,
        "site_url": SITE_URL,
        "theme": {"name": "material", "language": "vi"},
        "plugins": [
            {"search": {"lang": "vi"}},
            {
                "blog": {
                    "categories": True,
                    "archive": True,
                    "pagination": True,
                    "pagination_per_page": 10,
                }
            },
            {
                "rss": {
                    "match_path": "blog/posts/.*",
                    "use_git": False,
                    "date_from_meta": {
                        "as_creation": "date",
                        "default_timezone": "Asia/Ho_Chi_Minh",
                    },
                }
            },
        ],
    }


def write_baseline(root: Path, n: int, seed: int = 1) -> None:
    """Write the same ``n`` news items as a mkdocs-material blog (the baseline)."""
    root = Path(root)
    corpus = build_corpus(n, seed)
    reset_dir(root, ["mkdocs.yml", "docs"])
    (root / "mkdocs.yml").write_text(dump_yaml(baseline_yml()), encoding="utf-8")
    docs = root / "docs"
    write_markdown(
        docs / "index.md",
        {"title": "Trang chủ"},
        f"Chào mừng đến với {SITE_NAME} tỉnh {PROVINCE}.\n",
    )
    write_markdown(docs / "blog" / "index.md", {"title": "Tin tức"}, "# Tin tức\n")
    for item in corpus.news:
        meta = {
            "title": item.title,
            "date": item.when,
            "slug": item.slug,
            "categories": [TOPICS[t] for t in item.topics],
        }
        first, *rest = item.paragraphs
        body = "\n\n".join([first, "<!-- more -->", *rest]) + "\n"
        write_markdown(docs / "blog" / "posts" / str(item.day.year) / f"{item.slug}.md", meta, body)


# A bare Hugo site: one base layout, a page, a list (home, sections, taxonomies and terms, with
# Hugo's paginator) and RSS (Hugo's own, for the home page, sections and every term). No theme,
# no search index: what the benchmark compares is the generator, as little as it can do.
HUGO_CONFIG = f"""\
baseURL = "{SITE_URL}"
title = "{SITE_NAME}"
languageCode = "vi"
defaultContentLanguage = "vi"
disableKinds = ["robotsTXT"]
[pagination]
  pagerSize = 20
[taxonomies]
  topic = "linh-vuc"
  agency = "co-quan"
  year = "nam"
"""
HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
</head><body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "02/01/2006" }}{{ range .GetTerms "co-quan" }} · <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
{{ .Content }}
<p>{{ range .GetTerms "linh-vuc" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p></article>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}
<ul>{{ range (.Paginate $pages).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "02/01/2006" }}<p>{{ .Summary | plainify | truncate 280 }}</p></li>{{ end }}</ul>
{{ with .Paginator }}{{ with .Prev }}<a rel="prev" href="{{ .URL }}">Trang trước</a>{{ end }} {{ with .Next }}<a rel="next" href="{{ .URL }}">Trang sau</a>{{ end }}{{ end }}{{ end }}
""",
}


def write_hugo(root: Path, n: int, seed: int = 1) -> None:
    """Write the same ``n`` news items and ``n // 10`` documents as a bare Hugo site: news
    under tin-tuc/, documents under van-ban/, by topic, agency and year (Hugo's taxonomies)."""
    root = Path(root)
    corpus = build_corpus(n, seed)
    reset_dir(root, ["hugo.toml", "content", "layouts"])
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (root / "layouts").mkdir(parents=True, exist_ok=True)
        (root / "layouts" / name).write_text(text, encoding="utf-8")
    content = root / "content"
    write_markdown(content / "_index.md", {"title": "Trang chủ"},
                   f"Chào mừng đến với {SITE_NAME} tỉnh {PROVINCE}.\n")
    write_markdown(content / "tin-tuc" / "_index.md", {"title": "Tin tức"}, "")
    write_markdown(content / "van-ban" / "_index.md", {"title": "Văn bản"}, "")
    for item in corpus.news:
        meta = {"title": item.title, "date": item.when, "slug": item.slug,
                "linh-vuc": [TOPICS[t] for t in item.topics], "co-quan": [item.agency],
                "nam": [str(item.day.year)]}
        write_markdown(content / "tin-tuc" / str(item.day.year) / f"{item.slug}.md", meta,
                       "\n\n".join(item.paragraphs) + "\n")
    for doc in corpus.documents:
        meta = {"title": doc.title, "co-quan": [doc.agency], "nam": [str(doc.year)]}
        if doc.issued:
            meta["date"] = doc.issued
        write_markdown(content / "van-ban" / f"{doc.stem}.md", meta, doc.body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline", action="store_true", help="write the blog baseline")
    args = parser.parse_args()
    writer = write_baseline if args.baseline else generate
    writer(args.root, args.n, args.seed)


if __name__ == "__main__":
    main()
