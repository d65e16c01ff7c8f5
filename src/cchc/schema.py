"""The content format, declared once: every field of every record, its type and its meaning.

The validator checks required fields, unknown keys, types and enums from these declarations,
and the JSON Schemas for editors' YAML language server are generated from them, so the two can
never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .vocab import FORMATS, KINDS, LEVELS, RELATIONS, TOPICS

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# Every date of the content (news dates, dates of issue, deadlines, dissolutions) lies in these
# years: the state's documents begin in 1945, and a date beyond 2100 is a typing slip that
# would keep an item on top of every listing for ever.
YEAR_MIN, YEAR_MAX = 1945, 2100
DATE_RULE = (f"Ngày viết dạng năm-tháng-ngày YYYY-MM-DD (ví dụ 2024-03-28), trong các năm "
             f"{YEAR_MIN}–{YEAR_MAX}.")

_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_YMD_LOOSE = re.compile(r"^(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})$")


def other_date_form(text: str) -> tuple[str, date | None] | None:
    """A date written in another order or form than YYYY-MM-DD: (the order as editors would
    name it, the day meant or None when there is no such day); None if it is no date at all.

    `31/12/2024` and `31-12-2024` (day/month/year, as Vietnamese write dates) and `2024-3-8`
    are understood, never accepted: files hold one form, and the fix shows it."""
    m = _DMY.match(text.strip())
    if m:
        day, month, year = (int(g) for g in m.groups())
        order = "ngày/tháng/năm"
    else:
        m = _YMD_LOOSE.match(text.strip())
        if not m:
            return None
        year, month, day = (int(g) for g in m.groups())
        order = "năm-tháng-ngày nhưng thiếu số 0 hoặc dùng dấu khác dấu gạch nối"
    try:
        return order, date(year, month, day)
    except ValueError:
        return order, None


# Size limits of one file (checked before the file is parsed or converted): far above any real
# document (the longest plan of the demo is 12 KB), low enough that one bad file cannot stall
# a build or fill the memory.
MAX_FRONT_MATTER = 256 * 1024  # bytes of YAML between the two `---` lines
MAX_BODY = 1024 * 1024  # bytes of Markdown after them (about 300 printed pages)
MAX_LIST_FILE = 8 * 1024 * 1024  # bytes of content/agencies.yml (tens of thousands of agencies)

# The bodies `cchc new` writes for the editor to replace; validation refuses to publish them.
NEWS_BODY = ("Viết nội dung tin bài ở đây. Đoạn đầu tiên được dùng làm tóm tắt khi không có "
             "trường `description`.\n")
DOCUMENT_BODY = "Viết tóm tắt hoặc toàn văn của văn bản ở đây.\n"
PLACEHOLDER_BODIES = (NEWS_BODY, DOCUMENT_BODY)


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # str | int | bool | date | datetime | id | enum | str-list | enum-list | id-list
    #            | signer | refs | tasks | due | task-refs | authors | consultation | aliases
    description: str
    required: bool = False
    choices: dict[str, str] | None = None
    example: Any = None
    vi: tuple[str, ...] = ()  # what editors may call the field in Vietnamese (for suggestions)


AGENCY_FIELDS = (
    Field("id", "id", "Mã cơ quan: chữ thường không dấu, số và dấu gạch ngang.", True,
          example="ubnd-tinh-quang-nam", vi=("mã", "mã cơ quan",)),
    Field("name", "str", "Tên đầy đủ của cơ quan.", True,
          example="Ủy ban nhân dân tỉnh Quảng Nam", vi=("tên", "tên cơ quan",)),
    Field("short", "str", "Tên ngắn để hiển thị.", example="UBND tỉnh Quảng Nam", vi=("tên ngắn", "tên viết tắt",)),
    Field("level", "enum", "Cấp của cơ quan.", True, LEVELS, "tinh", vi=("cấp",)),
    Field("parent", "id", "Mã cơ quan cấp trên trực tiếp, hoặc để trống (null).",
          example="ubnd-tinh-quang-nam", vi=("cấp trên", "cơ quan cấp trên",)),
    Field("aliases", "str-list", "Các cách viết khác của tên, dùng để nhận ra cơ quan trong "
          "trích dẫn văn bản.", example=["UBND tỉnh Quảng Nam"], vi=("tên khác", "bí danh",)),
    Field("website", "str", "Địa chỉ trang thông tin điện tử.", example="https://quangnam.gov.vn", vi=("trang web", "địa chỉ web",)),
    Field("dissolved", "date", "Ngày cơ quan chấm dứt hoạt động (sáp nhập, giải thể).",
          example="2025-07-01", vi=("ngày giải thể", "giải thể", "ngày sáp nhập",)),
    Field("successor", "id-list", "Mã cơ quan tiếp nhận nhiệm vụ (đi kèm `dissolved`): một mã, "
          "hoặc danh sách khi nhiệm vụ chia cho nhiều cơ quan (cấp huyện kết thúc hoạt động: "
          "tỉnh và các xã, phường tiếp nhận).",
          example=["ubnd-tinh-tay-ninh", "ubnd-phuong-kien-tuong"],
          vi=("cơ quan tiếp nhận", "kế nhiệm",)),
    Field("address", "str", "Địa chỉ trụ sở, hiện trên trang của cơ quan.",
          example="Số 1 đường Trần Hưng Đạo, phường Kiến Tường, tỉnh Tây Ninh"),
    Field("phone", "str", "Số điện thoại liên hệ.", example="0272 3841 234"),
    Field("email", "str", "Thư điện tử liên hệ.", example="vanphong@kientuong.example.gov.vn"),
)

SIGNER_FIELDS = (
    Field("name", "str", "Họ và tên người ký.", True, example="Nguyễn Văn Vũ", vi=("họ tên", "tên",)),
    Field("title", "str", "Chức vụ của người ký.", example="Chủ tịch", vi=("chức vụ",)),
)

REF_FIELDS = (
    Field("number", "str", "Số hiệu văn bản được dẫn chiếu.", example="1332/QĐ-BNV", vi=("số hiệu", "số",)),
    Field("id", "str", "Mã của văn bản trên chuyên trang (`<năm>/<tên tệp>`), cho văn bản chưa "
          "có số như một dự thảo.",
          example="2022/du-thao-ke-hoach-tuyen-truyen-cchc-2022-quang-tri"),
    Field("kind", "enum", "Loại văn bản được dẫn chiếu.", choices=KINDS, example="quyet-dinh", vi=("loại", "loại văn bản",)),
    Field("agency", "str", "Mã (hoặc tên) cơ quan ban hành văn bản được dẫn chiếu.",
          example="bo-noi-vu", vi=("cơ quan", "cơ quan ban hành",)),
    Field("issued", "date", "Ngày ban hành văn bản được dẫn chiếu.", example="2012-12-14", vi=("ngày ban hành",)),
    Field("title", "str", "Trích yếu văn bản được dẫn chiếu.",
          example="Phê duyệt Đề án tăng cường công tác thông tin, tuyên truyền CCHC", vi=("trích yếu", "tên văn bản",)),
    Field("relation", "enum", "Quan hệ với văn bản này (mặc định: căn cứ).", choices=RELATIONS,
          example="thuc-hien", vi=("quan hệ",)),
)

TASK_FIELDS = (
    Field("task", "str", "Nội dung nhiệm vụ.", True, example="Viết tin bài về CCHC", vi=("nhiệm vụ", "nội dung",)),
    Field("product", "str", "Sản phẩm đầu ra.", example="Tin bài", vi=("sản phẩm",)),
    Field("lead", "id", "Mã cơ quan chủ trì.", True, example="trung-tam-vhtttt-kien-tuong", vi=("chủ trì", "cơ quan chủ trì",)),
    Field("support", "id-list", "Mã các cơ quan phối hợp.", example=["phong-noi-vu-kien-tuong"], vi=("phối hợp", "cơ quan phối hợp",)),
    Field("due", "due", "Thời hạn: Thường xuyên, Quý I/2024, 6 tháng/2024, một ngày "
          "(2024-12-10) hoặc ghi chú.", example="Quý I/2024", vi=("thời hạn", "hạn",)),
    Field("quota", "str", "Chỉ tiêu: N tin/năm, N tin/quý, N tin/tháng, mỗi quý N tin, "
          "ít nhất N tin bài/tháng; đơn vị có thể là một sản phẩm: 4 tiểu phẩm/năm, "
          "1 phóng sự/quý, mỗi tuần 1 chương trình phát thanh.", example="12 tin/năm",
          vi=("chỉ tiêu",)),
    Field("id", "id", "Mã nhiệm vụ (chữ thường không dấu, số, gạch ngang), không trùng trong văn "
          "bản: để tin bài và văn bản khác ghi `tasks: [\"<số hiệu>#<mã>\"]` khi báo kết quả.",
          example="bao-cao-nam"),
    Field("done", "date", "Ngày hoàn thành nhiệm vụ (YYYY-MM-DD).", example=date(2024, 12, 5)),
    Field("result", "str", "Kết quả, sản phẩm đã có.", example="Đã ban hành Báo cáo 30/BC-UBND"),
)

TASK_REF_EXAMPLE = "107/KH-UBND#tin-bai"

# A draft open for public comment (SPEC §9: Nghị định 42/2022/NĐ-CP Điều 8, Nghị định
# 78/2025/NĐ-CP Điều 2).
CONSULTATION_FIELDS = (
    Field("from", "date", "Ngày bắt đầu nhận ý kiến (YYYY-MM-DD).", True,
          example=date(2024, 3, 1)),
    Field("to", "date", "Ngày cuối cùng nhận ý kiến (YYYY-MM-DD).", True,
          example=date(2024, 3, 31)),
    Field("contact", "str", "Cách gửi ý kiến: cơ quan, thư điện tử, địa chỉ trang góp ý.", True,
          example="Phòng Nội vụ, email noivu@example.gov.vn"),
)

ALIASES_DESCRIPTION = ("Địa chỉ cũ của trang này (bắt đầu bằng `/`); mỗi địa chỉ được chuyển "
                       "tới địa chỉ hiện tại.")

AUTHOR_FIELDS = (
    Field("name", "str", "Họ và tên tác giả.", True, example="Trần Thị B"),
    Field("share", "int", "Phần nhuận bút của tác giả, tính bằng phần trăm (cộng lại 100).",
          example=60),
)

DOCUMENT_FIELDS = (
    Field("number", "str", "Số hiệu văn bản; bỏ trống nếu là dự thảo chưa có số.",
          example="107/KH-UBND", vi=("số hiệu", "số",)),
    Field("kind", "enum", "Loại văn bản.", True, KINDS, "ke-hoach", vi=("loại", "loại văn bản",)),
    Field("title", "str", "Trích yếu văn bản.", True,
          example="Tuyên truyền cải cách hành chính trên địa bàn tỉnh Quảng Nam năm 2013", vi=("trích yếu", "tiêu đề",)),
    Field("agency", "id", "Mã cơ quan ban hành (trong content/agencies.yml).", True,
          example="ubnd-tinh-quang-nam", vi=("cơ quan", "cơ quan ban hành",)),
    Field("issued", "date", "Ngày ban hành (YYYY-MM-DD).", example="2013-04-24", vi=("ngày ban hành", "ngày",)),
    Field("year", "int", "Năm của kế hoạch hoặc kỳ báo cáo; mặc định là năm ban hành.",
          example=2013, vi=("năm",)),
    Field("period", "str", "Kỳ báo cáo: Quý I/2024, 6 tháng/2024, 9 tháng/2024, Năm 2024.",
          example="Quý I/2024", vi=("kỳ", "kỳ báo cáo",)),
    Field("signer", "signer", "Người ký và chức vụ.",
          example={"name": "Nguyễn Văn Vũ", "title": "Chủ tịch"}, vi=("người ký",)),
    Field("refs", "refs", "Căn cứ / thực hiện: các văn bản mà văn bản này thực hiện hoặc báo "
          "cáo; viết dạng {number, agency, issued, title} hoặc dán nguyên câu trích dẫn.",
          example=["Kế hoạch số 15/KH-UBND ngày 19/01/2024 của UBND huyện Hương Khê"], vi=("căn cứ", "dẫn chiếu",)),
    Field("topics", "enum-list", "Lĩnh vực CCHC.", choices=TOPICS, example=["thu-tuc-hanh-chinh"], vi=("lĩnh vực",)),
    Field("tags", "str-list", "Nhãn (PAR INDEX, SIPAS, PAPI, PCI, DDCI…).",
          example=["PAR INDEX"], vi=("nhãn", "thẻ",)),
    Field("attachments", "str-list", "Tệp đính kèm (PDF, DOCX) đặt cùng thư mục với tệp này.",
          example=["107-kh-ubnd.pdf"], vi=("đính kèm", "tệp đính kèm",)),
    Field("tasks", "tasks", "Phụ lục: phân công nhiệm vụ; một dòng dạng "
          "\"<số hiệu>#<mã nhiệm vụ>\" ghi nhiệm vụ của văn bản khác mà văn bản này là kết quả.",
          vi=("nhiệm vụ", "phân công",)),
    Field("effective", "date", "Ngày có hiệu lực (YYYY-MM-DD); mặc định là ngày ban hành.",
          example=date(2013, 4, 24)),
    Field("expires", "date", "Ngày hết hiệu lực (YYYY-MM-DD), nếu văn bản quy định.",
          example=date(2015, 12, 31)),
    Field("consultation", "consultation", "Dự thảo lấy ý kiến nhân dân: `{from: YYYY-MM-DD, "
          "to: YYYY-MM-DD, contact: cách gửi ý kiến}`.",
          example={"from": date(2024, 3, 1), "to": date(2024, 3, 31),
                   "contact": "Phòng Nội vụ, email noivu@example.gov.vn"}),
    Field("aliases", "aliases", ALIASES_DESCRIPTION, example=["/van-ban/2024/du-thao-ke-hoach/"]),
    Field("draft", "bool", "true: chưa đăng (không xuất hiện trên trang, nguồn tin, API).",
          example=False, vi=("nháp", "bản nháp",)),
)

NEWS_FIELDS = (
    Field("title", "str", "Tiêu đề tin bài.", True,
          example="Xã Hương Long đẩy mạnh tuyên truyền CCHC quý I/2024", vi=("tiêu đề", "tên bài",)),
    Field("date", "datetime", "Ngày đăng (YYYY-MM-DD hoặc YYYY-MM-DDTHH:MM:SS+07:00).", True,
          example="2024-03-28", vi=("ngày", "ngày đăng",)),
    Field("agency", "id", "Mã cơ quan đưa tin (tính vào chỉ tiêu của cơ quan).", True,
          example="ubnd-xa-huong-long", vi=("cơ quan", "cơ quan đưa tin",)),
    Field("author", "str", "Tác giả.", example="Trần Thị B", vi=("tác giả", "người viết",)),
    Field("topics", "enum-list", "Lĩnh vực CCHC.", choices=TOPICS, example=["thu-tuc-hanh-chinh"], vi=("lĩnh vực",)),
    Field("tags", "str-list", "Nhãn (PAR INDEX, SIPAS, PAPI, PCI, DDCI…).", example=["SIPAS"], vi=("nhãn", "thẻ",)),
    Field("documents", "refs", "Văn bản liên quan: số hiệu hoặc câu trích dẫn.",
          example=["09/KH-UBND"], vi=("văn bản", "văn bản liên quan",)),
    Field("description", "str", "Tóm tắt một câu; mặc định là đoạn đầu tiên.",
          example="Tóm tắt một câu.", vi=("tóm tắt", "mô tả",)),
    Field("image", "str", "Ảnh minh họa (JPEG, PNG, WebP) đặt cùng thư mục với tệp này; chuyên "
          "trang tự tạo các cỡ ảnh cho điện thoại và máy tính.", example="anh.jpg",
          vi=("ảnh", "hình ảnh",)),
    Field("image_alt", "str", "Bắt buộc khi có `image`: mô tả ngắn nội dung ảnh cho người không "
          "xem được ảnh (trình đọc màn hình).", example="Quang cảnh hội nghị"),
    Field("media", "str", "Tệp ghi âm (MP3, M4A, OGG) với `format: phat-thanh`, hoặc video (MP4, "
          "WebM) với `format: video`, đặt cùng thư mục với tệp này.",
          example="chuong-trinh-so-3.mp3"),
    Field("transcript", "str", "Bắt buộc khi có `media`: tệp lời của chương trình (văn bản "
          "`.txt`, Markdown `.md` hoặc phụ đề `.vtt`), đặt cùng thư mục; hiện trên trang, cạnh "
          "trình phát.", example="chuong-trinh-so-3.txt"),
    Field("slug", "str", "Đường dẫn rút gọn; mặc định lấy từ tiêu đề (không dấu).",
          example="huong-long-quy-i", vi=("đường dẫn",)),
    Field("format", "enum", "Hình thức: tin (mặc định), bài, ảnh, video, phát thanh, tiểu phẩm, "
          "phóng sự, infographic; chỉ tiêu ghi sản phẩm (4 tiểu phẩm/năm) chỉ đếm tin bài cùng "
          "hình thức.", choices=FORMATS, example="tin"),
    Field("tasks", "task-refs", "Nhiệm vụ trong kế hoạch mà tin bài này là kết quả: số hiệu văn "
          "bản (hoặc mã văn bản), dấu #, mã nhiệm vụ.", example=[TASK_REF_EXAMPLE]),
    Field("grade", "str", "Loại (mức) của tin bài theo bảng nhuận bút của cổng: A, B, C…",
          example="B"),
    Field("authors", "authors", "Các đồng tác giả và phần nhuận bút (%) của từng người; dùng thay "
          "cho `author`.", example=[{"name": "Trần Thị B", "share": 60},
                                   {"name": "Lê Văn C", "share": 40}]),
    Field("aliases", "aliases", ALIASES_DESCRIPTION, example=["/tin-tuc/2024/ten-cu/"]),
    Field("draft", "bool", "true: chưa đăng.", example=False, vi=("nháp", "bản nháp",)),
)

# content/chi-so/*.yml: one index, one year (SPEC §9).
INDEX_FIELDS = (
    Field("index", "str", "Chỉ số: par-index, sipas, papi, pci, ddci, hoặc mã riêng của địa "
          "phương (chữ thường không dấu, gạch ngang) kèm `name`.", True, example="par-index"),
    Field("name", "str", "Tên chỉ số riêng của địa phương (không cần với các chỉ số đã biết).",
          example="Chỉ số hài lòng cấp xã"),
    Field("year", "int", "Năm được đánh giá.", True, example=2023),
    Field("scale", "number", "Điểm tối đa của chỉ số.", True, example=100),
    Field("source", "str", "Văn bản công bố kết quả.",
          example="Quyết định 617/QĐ-UBND ngày 15/03/2024 của UBND tỉnh Quảng Nam"),
    Field("rank_of", "int", "Số đơn vị được xếp hạng năm đó (ví dụ 63 tỉnh, từ năm 2025 là 34).",
          example=18),
    Field("note", "str", "Ghi chú hiện dưới bảng xếp hạng.",
          example="Điểm đã làm tròn đến hai chữ số thập phân."),
    Field("example", "bool", "true: số liệu minh họa, không phải kết quả được công bố (trang ghi "
          "rõ điều này).", example=False),
    Field("results", "index-results", "Kết quả: mỗi đơn vị một dòng "
          "`- {agency: <mã cơ quan>, score: <điểm>, rank: <thứ hạng>}`.", True),
)
INDEX_RESULT_FIELDS = (
    Field("agency", "id", "Mã cơ quan, đơn vị (trong content/agencies.yml).", True,
          example="ubnd-huyen-bac-tra-my"),
    Field("score", "number", "Điểm (không quá `scale`).", example=82.15),
    Field("rank", "int", "Thứ hạng (1 là cao nhất; không quá `rank_of`).", example=7),
)

QUESTION_FIELDS = (
    Field("question", "str", "Câu hỏi, như người hỏi gửi (có thể biên tập cho gọn).", True,
          example="Tôi có thể nộp hồ sơ thủ tục hành chính ở đâu?"),
    Field("asked", "date", "Ngày nhận câu hỏi (YYYY-MM-DD).", True, example=date(2024, 3, 4)),
    Field("answered", "date", "Ngày trả lời (YYYY-MM-DD); bỏ trống khi chưa trả lời.",
          example=date(2024, 3, 12)),
    Field("agency", "id", "Mã cơ quan trả lời (bắt buộc khi đã trả lời).",
          example="trung-tam-hcc-kien-tuong"),
    Field("asker", "str", "Người hỏi: họ tên nếu người hỏi đồng ý công khai, hoặc “Công dân”.",
          example="Công dân"),
    Field("title", "str", "Tiêu đề ngắn khi câu hỏi dài; mặc định là câu hỏi.",
          example="Nơi nộp hồ sơ thủ tục hành chính"),
    Field("topics", "enum-list", "Lĩnh vực CCHC.", choices=TOPICS, example=["thu-tuc-hanh-chinh"]),
    Field("slug", "str", "Đường dẫn rút gọn; mặc định là tên tệp.", example="noi-nop-ho-so"),
    Field("aliases", "aliases", ALIASES_DESCRIPTION, example=["/hoi-dap/2024/ten-cu/"]),
    Field("draft", "bool", "true: chưa đăng.", example=False),
)

PAGE_FIELDS = (
    Field("title", "str", "Tiêu đề trang."),
    Field("template", "str", "Mẫu giao diện."),
    Field("description", "str", "Mô tả ngắn."),
)


def by_name(fields: tuple[Field, ...]) -> dict[str, Field]:
    return {f.name: f for f in fields}

# The royalty table a portal configures (plugin option `royalties`, SPEC §6 `nhuan-but`).
ROYALTY_FIELDS = (
    Field("name", "str", "Tên bảng nhuận bút.", example="Bảng nhuận bút Trang thông tin điện tử"),
    Field("source", "str", "Văn bản quy định bảng (quyết định của UBND tỉnh…).",
          example="Quyết định số 20/2024/QĐ-UBND của UBND tỉnh Long An"),
    Field("unit", "number", "Giá trị một hệ số, tính bằng % mức lương cơ sở (Nghị định "
          "18/2014/NĐ-CP: 10).", True, example=10),
    Field("base_salary", "base-salary", "Mức lương cơ sở theo thời kỳ: `- {from: YYYY-MM-DD, "
          "amount: đồng}`.", True),
    Field("tax", "tax", "Khấu trừ thuế thu nhập cá nhân: `{threshold: 2000000, rate: 10}`."),
    Field("default_grade", "str", "Loại áp dụng cho tin bài không ghi `grade`.", example="B"),
    Field("categories", "categories", "Thể loại (tin, bài, ảnh, video…), mỗi thể loại có hệ số "
          "theo loại.", True),
)
BASE_SALARY_FIELDS = (
    Field("from", "date", "Ngày bắt đầu áp dụng.", True, example="2024-07-01"),
    Field("amount", "int", "Mức lương cơ sở (đồng/tháng).", True, example=2340000),
    Field("source", "str", "Văn bản quy định.", example="Nghị định 73/2024/NĐ-CP"),
)
TAX_FIELDS = (
    Field("threshold", "int", "Khấu trừ khi tổng chi trả một lần cho một người từ mức này (đồng).",
          True, example=2000000),
    Field("rate", "number", "Thuế suất khấu trừ (%).", True, example=10),
)
CATEGORY_FIELDS = (
    Field("id", "id", "Mã thể loại.", True, example="tin"),
    Field("label", "str", "Tên thể loại.", True, example="Tin"),
    Field("formats", "enum-list", "Hình thức tin bài (`format`) thuộc thể loại này.", True,
          choices=FORMATS, example=["tin"]),
    Field("range", "range", "Khung hệ số của thể loại: `[thấp nhất, cao nhất]`.",
          example=[1, 10]),
    Field("grades", "grades", "Hệ số theo loại: `{A: 3, B: 2, C: 1}`.", True),
)

def field_names() -> frozenset[str]:
    """Every field name of the format (any record): the YAML slip finder knows them."""
    return frozenset(f.name for group in _ALL for f in group)


def text_field_names() -> frozenset[str]:
    """Names of the fields whose value is free text (a `#` or `[` in them is text)."""
    text = {f.name for group in _ALL for f in group if f.type in ("str", "due")}
    other = {f.name for group in _ALL for f in group if f.type not in ("str", "due")}
    return frozenset(text - other)  # `agency` is text in a reference, an id everywhere else


_ALL = (AGENCY_FIELDS, SIGNER_FIELDS, REF_FIELDS, TASK_FIELDS, DOCUMENT_FIELDS, NEWS_FIELDS,
        AUTHOR_FIELDS)
