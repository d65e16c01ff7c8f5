"""Pathological editor input (issue 17): each case a small portal with one bad file.

`cases(scale)` gives every case at a size: `scale=1.0` is the size of the audit (a 400-level
parent chain, 100 KB of `[`, a 50 MB body…), small scales make the test table
(`tests/test_bad_input.py`) run in seconds. `python -m scripts.bad_inputs OUT` writes every case
at full size under OUT/<case>/ and times `cchc validate` and `cchc build` on each with
`/usr/bin/time -v` (elapsed seconds, peak memory), the figures of the issue's report.

Options: `--scale 0.1`, `--only CASE[,CASE…]`, `--timeout SECONDS` (default 600).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from cchc import schema

REPO_ROOT = Path(__file__).resolve().parents[1]

MKDOCS_YML = """\
site_name: Cổng thử nghiệm
site_url: https://example.gov.vn/cchc/
docs_dir: content
theme:
  name: material
  custom_dir: {overrides}
  language: vi
  font: false
markdown_extensions:
  - tables
  - attr_list
plugins:
  - cchc:
      plans_dir: plans
      owner:
        agency: ubnd-tinh-a
        address: Số 1 đường Trần Phú, thành phố A
        phone: 0123 456 789
        email: vanphong@tinh-a.example.gov.vn
        responsible: Nguyễn Văn A, Chánh Văn phòng
"""

AGENCIES = """\
- id: ubnd-tinh-a
  name: Ủy ban nhân dân tỉnh A
  short: UBND tỉnh A
  level: tinh
- id: ubnd-xa-c
  name: Ủy ban nhân dân xã C
  short: UBND xã C
  level: xa
  parent: ubnd-tinh-a
"""

NEWS_PATH = "content/tin-tuc/2024/a.md"


def news(title: str = "Xã C đẩy mạnh tuyên truyền cải cách hành chính",
         date: str = "2024-03-28", body: str = "Nội dung tin bài.\n", extra: str = "") -> str:
    return (f"---\ntitle: {title}\ndate: {date}\nagency: ubnd-xa-c\n{extra}---\n{body}")


def _n(base: int, scale: float, least: int = 2) -> int:
    return max(least, int(base * scale))


def billion_laughs() -> str:
    """563 bytes of YAML whose aliases expand to 10^9 strings."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def nested_list(depth: int) -> str:
    return "".join("    " * i + "- mục\n" for i in range(depth))


def parent_chain(n: int) -> str:
    out = [AGENCIES]
    parent = "ubnd-tinh-a"
    for i in range(n):
        out.append(f"- id: co-quan-{i}\n  name: Cơ quan số {i}\n  level: khac\n"
                   f"  parent: {parent}\n")
        parent = f"co-quan-{i}"
    return "".join(out)


def many_agencies(n: int) -> str:
    out = [AGENCIES]
    for i in range(n):
        out.append(f"- id: co-quan-{i}\n  name: Cơ quan số {i} của tỉnh A\n"
                   f"  short: Cơ quan {i}\n  level: khac\n  parent: ubnd-tinh-a\n"
                   f"  aliases: [CQ {i}, Đơn vị số {i}]\n")
    return "".join(out)


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str | bytes]
    agencies: str = AGENCIES


def cases(scale: float = 1.0) -> list[Case]:
    """Every case of the audit; sizes multiplied by `scale`."""
    # The audit's 7.7 MB front matter and 50 MB body; at small scales, just over the limits.
    fm_lines = max(int(300_000 * scale), schema.MAX_FRONT_MATTER // 30 + 100)
    big_fm = "tags:\n" + "".join(f"  - nhãn số {i} của tin bài này\n" for i in range(fm_lines))
    paragraph = ("Đoạn văn của tin bài, khá dài để làm đầy tệp. " * 20 + "\n\n")
    body_paragraphs = max(int(55_000 * scale), schema.MAX_BODY // len(paragraph.encode()) + 2)
    return [
        Case("recursive-alias", {NEWS_PATH: news(extra="tags: &a [*a]\n")}),
        Case("billion-laughs", {NEWS_PATH: news(extra=billion_laughs())}),
        Case("date-year-1", {NEWS_PATH: news(date="0001-01-01")}),
        Case("date-year-9999-zone", {NEWS_PATH: news(date="9999-12-31T23:59:59-12:00")}),
        Case("date-year-9999", {NEWS_PATH: news(date="9999-12-31")}),
        Case("nul-in-body", {NEWS_PATH: news(body="Nội dung\x00 tin bài.\n")}),
        Case("vt-in-title", {NEWS_PATH: news(title="Xã C đẩy mạnh\x0btuyên truyền")}),
        Case("ff-in-body", {NEWS_PATH: news(body="Trang một.\n\x0c\nTrang hai.\n")}),
        Case("esc-in-title", {NEWS_PATH: news(title="Xã C \x1b[1mđẩy mạnh")}),
        Case("nul-in-front-matter", {NEWS_PATH: news(extra="author: Trần\x00 Thị B\n")}),
        Case("parent-chain", {}, agencies=parent_chain(_n(400, scale, 30))),
        Case("nested-list", {NEWS_PATH: news(body=nested_list(_n(300, scale, 40)))}),
        Case("nested-list-deep", {NEWS_PATH: news(body=nested_list(_n(3000, scale, 60)))}),
        Case("nested-quote", {NEWS_PATH: news(body="> " * _n(300, scale, 40) + "trích dẫn\n")}),
        Case("brackets", {NEWS_PATH: news(body="[" * _n(100_000, scale, 500) + "\n")}),
        Case("open-links", {NEWS_PATH: news(body="[a](" * _n(20_000, scale, 300) + "\n")}),
        Case("many-tags", {NEWS_PATH: news(extra="tags: [" + ", ".join(
            f"nhãn {i}" for i in range(_n(30_000, scale, 100))) + "]\n")}),
        Case("big-front-matter", {NEWS_PATH: news(extra=big_fm)}),
        Case("many-agencies", {}, agencies=many_agencies(_n(5_000, scale, 50))),
        Case("big-body", {NEWS_PATH: news(body=paragraph * body_paragraphs)}),
    ]


def write(case: Case, root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    (root / "content").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(overrides=REPO_ROOT / "overrides"),
                                     encoding="utf-8")
    (root / "content/index.md").write_text(
        "---\ntitle: Trang chủ\ntemplate: cchc/home.html\n---\nXin chào.\n", encoding="utf-8")
    (root / "content/agencies.yml").write_text(case.agencies, encoding="utf-8")
    for rel, content in case.files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@dataclass
class Run:
    seconds: float
    peak_mb: float
    exit_code: int | None  # None: killed at the timeout
    tail: str


def timed(args: list[str], cwd: Path, timeout: float) -> Run:
    """`args` under /usr/bin/time -v: elapsed seconds, peak resident memory, exit status."""
    cmd = ["/usr/bin/time", "-v", *args]
    # A session of its own, so that a timeout ends `cchc` and its children, not only `time`.
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, errors="replace", start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return Run(timeout, float("nan"), None, "")
    m = re.search(r"Elapsed \(wall clock\) time.*?: (?:(\d+):)?(\d+):([\d.]+)", err)
    seconds = (int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))) if m else 0
    k = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    status = re.search(r"Exit status: (\d+)", err)
    lines = [ln for ln in err.split("\tCommand being timed")[0].splitlines() if ln.strip()]
    return Run(seconds, int(k.group(1)) / 1024 if k else float("nan"),
               int(status.group(1)) if status else proc.returncode, " | ".join(lines[-2:])[:160])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--only", default="")
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args(argv)
    cchc = str(Path(sys.executable).with_name("cchc"))
    only = set(filter(None, args.only.split(",")))
    print("| case | validate s | MB | exit | build s | MB | exit | last line |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for case in cases(args.scale):
        if only and case.name not in only:
            continue
        root = write(case, args.out / case.name)
        v = timed([cchc, "validate"], root, args.timeout)
        b = timed([cchc, "build", "--today", "2024-12-31"], root, args.timeout)
        shutil.rmtree(root / "site", ignore_errors=True)

        def code(r: Run) -> str:
            return "killed" if r.exit_code is None else str(r.exit_code)

        print(f"| {case.name} | {v.seconds:.1f} | {v.peak_mb:.0f} | {code(v)} | "
              f"{b.seconds:.1f} | {b.peak_mb:.0f} | {code(b)} | {b.tail or v.tail} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
