"""A small portal with plans, quotas and news for the tracking and report tests."""

from __future__ import annotations

from pathlib import Path

from .portal import AGENCIES, make_project

TODAY = "2024-07-15"

TRACKING_AGENCIES = AGENCIES + """\
- id: ubnd-xa-d
  name: Ủy ban nhân dân xã D
  short: UBND xã D
  level: xa
  parent: ubnd-huyen-b
  dissolved: 2024-07-01
  successor: ubnd-xa-c
"""

PLAN_2024 = """\
---
number: 20/KH-UBND
kind: ke-hoach
title: Tuyên truyền cải cách hành chính năm 2024
agency: ubnd-huyen-b
issued: 2024-01-10
tasks:
  - task: Viết tin bài về CCHC của xã C
    lead: ubnd-xa-c
    support: [so-noi-vu-a]
    due: Thường xuyên
    quota: mỗi quý 1 tin
  - task: Viết tin bài về CCHC của Sở Nội vụ
    lead: so-noi-vu-a
    due: Thường xuyên
    quota: "Số lượng: 12tin/năm"
  - task: Viết tin bài về CCHC của huyện
    lead: ubnd-huyen-b
    due: Thường xuyên
    quota: ít nhất 2 tin bài/tháng
  - task: Viết tin bài về CCHC của xã D
    lead: ubnd-xa-d
    due: Thường xuyên
    quota: 1 tin/quý
  - task: Xây dựng kế hoạch tuyên truyền của huyện
    lead: ubnd-huyen-b
    due: Quý I/2024
  - task: Sơ kết 6 tháng công tác tuyên truyền
    lead: ubnd-huyen-b
    due: 6 tháng/2024
  - task: Gửi kết quả tuyên truyền để chấm điểm CCHC
    lead: so-noi-vu-a
    due: trước ngày 10/08/2024
  - task: Báo cáo kết quả tuyên truyền năm 2024
    lead: ubnd-huyen-b
    due: Quý IV/2024
  - task: Báo cáo kết quả tuyên truyền của xã D
    lead: ubnd-xa-d
    due: Quý IV/2024
  - task: Tham gia hội thi sáng kiến CCHC
    lead: ubnd-xa-c
    due: Khi có KH của huyện
---
Kế hoạch tuyên truyền.
"""

PLAN_2023 = """\
---
number: 30/KH-UBND
kind: ke-hoach
title: Tuyên truyền cải cách hành chính năm 2023
agency: ubnd-huyen-b
issued: 2023-01-12
tasks:
  - task: Viết tin bài về CCHC năm 2023
    lead: ubnd-xa-c
    due: Thường xuyên
    quota: 1 tin/năm
---
Kế hoạch năm 2023.
"""


def _news(slug: str, day: str, agency: str, author: str = "", draft: bool = False) -> str:
    lines = ["---", f"title: Tin {slug}", f"date: {day}", f"agency: {agency}"]
    if author:
        lines.append(f"author: {author}")
    if draft:
        lines.append("draft: true")
    return "\n".join([*lines, "---", f"Nội dung tin {slug}.", ""])


NEWS = [
    # xã C (quarterly): Q1 met, Q2 only a draft → missed; the Q2 item of its support
    # agency (Sở Nội vụ) does not count for it.
    ("xa-c-quy-1", "2024-02-10", "ubnd-xa-c", "Trần Thị B", False),
    ("xa-c-nhap", "2024-05-05", "ubnd-xa-c", "Trần Thị B", True),
    ("xa-c-2023", "2023-06-01", "ubnd-xa-c", "Trần Thị B", False),
    # Sở Nội vụ (yearly 12): five items by mid-year.
    ("snv-1", "2024-01-15", "so-noi-vu-a", "Lê Văn C", False),
    ("snv-2", "2024-02-15", "so-noi-vu-a", "Lê Văn C", False),
    ("snv-3", "2024-03-15", "so-noi-vu-a", "Phạm Thị D", False),
    ("snv-4", "2024-05-20", "so-noi-vu-a", "", False),
    ("snv-5", "2024-07-02", "so-noi-vu-a", "Lê Văn C", False),
    # huyện B (monthly 2): January 2 (met); the UTC item is 1 February in Vietnam
    # (February 1/2, missed); July already 2 (met early).
    ("huyen-1", "2024-01-05", "ubnd-huyen-b", "Nguyễn Văn A", False),
    ("huyen-2", "2024-01-20", "ubnd-huyen-b", "Nguyễn Văn A", False),
    ("huyen-utc", "2024-01-31T20:00:00+00:00", "ubnd-huyen-b", "Nguyễn Văn A", False),
    ("huyen-7a", "2024-07-01", "ubnd-huyen-b", "Nguyễn Văn A", False),
    ("huyen-7b", "2024-07-10", "ubnd-huyen-b", "Nguyễn Văn A", False),
    # xã D (quarterly, dissolved 2024-07-01): Q1 met, Q2 missed, then not tracked.
    ("xa-d-quy-1", "2024-03-01", "ubnd-xa-d", "Võ Văn E", False),
]


def tracking_files() -> dict[str, str]:
    files = {"plans/2024/kh-20.md": PLAN_2024, "plans/2023/kh-30.md": PLAN_2023}
    for slug, day, agency, author, draft in NEWS:
        files[f"content/tin-tuc/{day[:4]}/{slug}.md"] = _news(slug, day, agency, author, draft)
    return files


def make_tracking_portal(root: Path):
    return make_project(root, tracking_files(), agencies=TRACKING_AGENCIES)
