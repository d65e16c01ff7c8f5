"""`cchc new news|document`: the file lands at the right path, validates, explains every field,
and never overwrites; on a terminal the command asks for what is missing (Tab completes
agencies)."""

from __future__ import annotations

import codecs
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cchc import schema
from cchc.project import load_registry
from cchc.registry import Registry
from cchc.scaffold import ScaffoldError, parse_date, parse_topics, resolve_agency
from tests.support.portal import make_project

NEWS_PATH = "content/tin-tuc/2024/xa-c-day-manh-doi-moi-thu-tuc-hanh-chinh.md"


def new_news(p, *extra: str, check: bool = False):
    return p.cchc("new", "news", "--title", "Xã C đẩy mạnh đổi mới thủ tục hành chính",
                  "--agency", "ubnd-xa-c", "--date", "2024-03-28", *extra, check=check)


def test_new_news_with_options_writes_a_file_that_validates(project):
    p = project()
    result = new_news(p, "--topics", "thu-tuc-hanh-chinh,chinh-quyen-so")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == NEWS_PATH  # slug from the title, đ→d, in the year's folder
    assert "/tin-tuc/2024/xa-c-day-manh-doi-moi-thu-tuc-hanh-chinh/" in result.stderr
    text = (p.root / NEWS_PATH).read_text(encoding="utf-8")
    assert "\ntitle: Xã C đẩy mạnh đổi mới thủ tục hành chính\n" in text
    assert "\ndate: 2024-03-28\n" in text
    assert "\nagency: ubnd-xa-c  # Ủy ban nhân dân xã C\n" in text
    assert "\ntopics: [thu-tuc-hanh-chinh, chinh-quyen-so]\n" in text
    rc, items = p.diagnostics()
    assert (rc, items) == (0, [])


def test_every_optional_field_is_a_vietnamese_comment(project):
    p = project()
    new_news(p, check=True)
    text = (p.root / NEWS_PATH).read_text(encoding="utf-8")
    for f in schema.NEWS_FIELDS:
        if f.name in ("title", "date", "agency", "slug"):
            continue
        assert re.search(rf"^# {f.name}: ", text, re.M), f.name
        assert f.description.split(";")[0].split("(")[0].strip()[:20] in text, f.name
    assert "Cải cách thể chế" in text  # the vocabulary of topics, with labels


def test_uncommented_examples_still_validate(project):
    """Editors uncomment a line and edit its value: the examples themselves must be valid."""
    p = project()
    new_news(p, check=True)
    p.cchc("new", "document", "--kind", "ke-hoach", "--title", "Tuyên truyền CCHC năm 2024",
           "--agency", "ubnd-huyen-b", "--number", "15/KH-UBND", "--issued", "2024-01-19",
           check=True)
    skip = ("image", "attachments",  # they name files that must exist next to the record
            "authors")  # it replaces `author` (both at once is an error)
    names = {f.name for f in (*schema.NEWS_FIELDS, *schema.DOCUMENT_FIELDS)} - set(skip)
    field_line = re.compile(r"^# (?=(?:{}):( |$))".format("|".join(sorted(names))), re.M)
    for path in [p.root / NEWS_PATH, p.root / "plans/2024/15-kh-ubnd-ubnd-huyen-b.md"]:
        text = field_line.sub("", path.read_text(encoding="utf-8"))
        text = re.sub(r"^# (?=  - |    )", "", text, flags=re.M)  # the task table
        # A news item's `tasks` names a plan task, which must exist in the portal.
        text = re.sub(r"^tasks: \[.*#.*\]\n", "", text, flags=re.M)
        path.write_text(text, encoding="utf-8")
    rc, items = p.diagnostics()
    assert (rc, items) == (0, [])
    doc = (p.root / "plans/2024/15-kh-ubnd-ubnd-huyen-b.md").read_text(encoding="utf-8")
    assert "\ntasks:\n  - task: " in doc and "    lead: ubnd-huyen-b" in doc


def test_never_overwrites(project):
    p = project()
    new_news(p, check=True)
    path = p.root / NEWS_PATH
    path.write_text(path.read_text(encoding="utf-8") + "Bài viết của biên tập viên.\n",
                    encoding="utf-8")
    before = path.read_bytes()
    result = new_news(p)
    assert result.returncode == 1
    assert "không ghi đè" in result.stderr
    assert path.read_bytes() == before


def test_agency_by_name_or_alias(project):
    p = project()
    result = p.cchc("new", "news", "--title", "Tin A", "--agency", "Ủy ban nhân dân xã C",
                    "--date", "2024-01-02")
    assert result.returncode == 0, result.stderr
    assert "agency: ubnd-xa-c" in (p.root / result.stdout.strip()).read_text(encoding="utf-8")
    result = p.cchc("new", "news", "--title", "Tin B", "--agency", "UBND tỉnh A",
                    "--date", "2024-01-02")
    assert "agency: ubnd-tinh-a" in (p.root / result.stdout.strip()).read_text(encoding="utf-8")


def test_unknown_agency_is_refused_with_a_suggestion(project):
    p = project()
    result = p.cchc("new", "news", "--title", "Tin", "--agency", "ubnd-xa-cc",
                    "--date", "2024-01-02")
    assert result.returncode == 1
    assert "Có phải `ubnd-xa-c`" in result.stderr
    assert not (p.root / "content/tin-tuc").exists()


def test_missing_options_without_a_terminal_is_a_usage_error(project):
    p = project()
    result = p.cchc("new", "news", "--title", "Tin")
    assert result.returncode == 2
    assert "--agency" in result.stderr and "Traceback" not in result.stderr


def test_bad_values_are_usage_errors(project):
    p = project()
    bad_topic = new_news(p, "--topics", "cai-cach-so")
    assert bad_topic.returncode == 2 and "Lĩnh vực `cai-cach-so`" in bad_topic.stderr
    bad_date = p.cchc("new", "news", "--title", "T", "--agency", "ubnd-xa-c", "--date", "30/02/2024")
    assert bad_date.returncode == 2 and "không hợp lệ" in bad_date.stderr


def test_new_document_with_options(project):
    p = project()
    result = p.cchc("new", "document", "--kind", "Kế hoạch", "--title",
                    "Tuyên truyền cải cách hành chính năm 2024", "--agency", "UBND huyện B",
                    "--number", "15/KH-UBND", "--issued", "2024-01-19")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "plans/2024/15-kh-ubnd-ubnd-huyen-b.md"
    assert "/van-ban/2024/15-kh-ubnd-ubnd-huyen-b/" in result.stderr
    text = (p.root / result.stdout.strip()).read_text(encoding="utf-8")
    assert "\nkind: ke-hoach  # Kế hoạch\n" in text and "\nnumber: 15/KH-UBND\n" in text
    assert re.search(r"^# tasks:$", text, re.M)
    assert (p.diagnostics()) == (0, [])


def test_new_draft_document_without_number(project):
    p = project()
    result = p.cchc("new", "document", "--kind", "bao-cao", "--title", "Dự thảo báo cáo năm",
                    "--agency", "so-noi-vu-a", "--year", "2025")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "plans/2025/du-thao-bao-cao-nam.md"
    text = (p.root / result.stdout.strip()).read_text(encoding="utf-8")
    assert "\nyear: 2025\n" in text and "\n# number: " in text
    assert (p.diagnostics()) == (0, [])


# --- pieces ------------------------------------------------------------------------------------

@pytest.fixture
def registry(tmp_path) -> Registry:
    from cchc.settings import read as settings_for

    p = make_project(tmp_path / "portal")
    registry, _ = load_registry(settings_for(p.root))
    assert registry is not None
    return registry


def test_registry_resolves_ids_names_and_aliases(registry):
    assert resolve_agency(registry, "ubnd-xa-c") == "ubnd-xa-c"
    assert resolve_agency(registry, "UBND xã C") == "ubnd-xa-c"
    assert resolve_agency(registry, "Uỷ ban nhân dân   xã C") == "ubnd-xa-c"
    assert resolve_agency(registry, "Sở Nội vụ tỉnh A") == "so-noi-vu-a"
    with pytest.raises(ScaffoldError):
        resolve_agency(registry, "UBND xã C và xã D")  # a longer name is another agency


def test_completion_ignores_case_and_diacritics(registry):
    assert registry.complete("ubnd xa") == ["UBND xã C"]
    assert "ubnd-huyen-b" in registry.complete("ubnd-h")
    assert "Sở Nội vụ tỉnh A" in registry.complete("noi vu")  # anywhere in the name


def test_parsers():
    assert parse_date("28/03/2024").isoformat() == "2024-03-28"
    assert parse_topics("Cải cách thể chế, chinh-quyen-so") == ["the-che", "chinh-quyen-so"]


# --- on a terminal -----------------------------------------------------------------------------

class Terminal:
    """A command on a pseudo-terminal: read what it shows, type answers."""

    def __init__(self, args: list[str], cwd: Path, **env_vars: str) -> None:
        self.master, slave = pty.openpty()
        env = {**os.environ, "TERM": "xterm", "COLUMNS": "200"}
        env.pop("CI", None)
        env.update(env_vars)
        self.proc = subprocess.Popen(args, cwd=cwd, stdin=slave, stdout=slave, stderr=slave,
                                     env=env, close_fds=True)
        os.close(slave)
        self.screen = ""
        self._decode = codecs.getincrementaldecoder("utf-8")("replace").decode  # split chars

    def expect(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} not shown; screen:\n{self.screen}")
            ready, _, _ = select.select([self.master], [], [], min(left, 0.5))
            if ready:
                try:
                    self.screen += self._decode(os.read(self.master, 4096))
                except OSError:  # the command ended
                    raise AssertionError(f"{text!r} not shown; screen:\n{self.screen}") from None

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode("utf-8"))

    def close(self, timeout: float = 60) -> int:
        """Wait for the command to end, reading what it still shows (a full pty would block it)."""
        deadline = time.monotonic() + timeout
        try:
            while self.proc.poll() is None and time.monotonic() < deadline:
                ready, _, _ = select.select([self.master], [], [], 0.2)
                if ready:
                    try:
                        self.screen += self._decode(os.read(self.master, 4096))
                    except OSError:
                        break
            return self.proc.wait(timeout=max(1.0, deadline - time.monotonic()))
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait(timeout=10)
            os.close(self.master)


def test_interactive_prompts_with_agency_completion(project):
    p = project()
    exe = str(Path(sys.executable).with_name("cchc"))
    term = Terminal([exe, "new", "news"], p.root)
    try:
        term.expect("Tiêu đề tin bài")
        term.type("Hội nghị đối thoại về thủ tục hành chính\r")
        term.expect("Cơ quan đưa tin")
        term.type("ubnd xa\t")  # Tab completes the name…
        term.expect("UBND xã C")
        term.type("\r")  # …which resolves to the id
        term.expect("Ngày đăng")
        term.type("05/04/2024\r")
        term.expect("Lĩnh vực")
        term.type("thu-tuc-hanh-chinh\r")
        term.expect("Đã tạo")
    finally:
        rc = term.close()
    assert rc == 0, term.screen
    path = p.root / "content/tin-tuc/2024/hoi-nghi-doi-thoai-ve-thu-tuc-hanh-chinh.md"
    text = path.read_text(encoding="utf-8")
    assert "\nagency: ubnd-xa-c  # Ủy ban nhân dân xã C\n" in text
    assert "\ndate: 2024-04-05\n" in text and "\ntopics: [thu-tuc-hanh-chinh]\n" in text
    assert p.diagnostics() == (0, [])


def test_interactive_asks_again_after_a_wrong_answer(project):
    p = project()
    exe = str(Path(sys.executable).with_name("cchc"))
    term = Terminal([exe, "new", "document", "--title", "Kế hoạch CCHC", "--agency",
                     "ubnd-tinh-a", "--number", "1/KH-UBND"], p.root)
    try:
        term.expect("Loại văn bản")
        term.type("ke-hoachh\r")
        term.expect("Có phải `ke-hoach`?")
        term.type("1\r")  # by number in the list
        term.expect("Ngày ban hành")
        term.type("2024-02-30\r")
        term.expect("không hợp lệ")
        term.type("2024-02-29\r")
        term.expect("Đã tạo")
    finally:
        rc = term.close()
    assert rc == 0, term.screen
    text = (p.root / "plans/2024/1-kh-ubnd-ubnd-tinh-a.md").read_text(encoding="utf-8")
    assert "\nkind: ke-hoach  # Kế hoạch\n" in text and "\nissued: 2024-02-29\n" in text


# --- progress on long work ---------------------------------------------------------------------

def _many_news(n: int) -> dict[str, str]:
    from tests.support.portal import news

    return {f"content/tin-tuc/2024/t{i}.md": news(**{"Xã C đẩy mạnh": f"Tin số {i} về"})
            for i in range(n)}


def test_progress_is_reported_by_the_core(project):
    from cchc.project import load_portal
    from cchc.settings import read as settings_for

    p = project(_many_news(30))
    calls: list[tuple[str, int, int]] = []
    portal = load_portal(settings_for(p.root), lambda *a: calls.append(a))
    assert portal.ok, portal.report.sorted()
    for stage in ("load", "validate"):
        seen = [(done, total) for s, done, total in calls if s == stage]
        assert [d for d, _ in seen] == list(range(1, 31)) and {t for _, t in seen} == {30}


def test_progress_bar_on_a_terminal_only(project):
    p = project(_many_news(30))
    exe = str(Path(sys.executable).with_name("cchc"))
    term = Terminal([exe, "validate"], p.root)
    try:
        term.expect("Không có lỗi nào")
    finally:
        assert term.close() == 0
    assert "Đọc tệp" in term.screen and "30/30" in term.screen
    quiet = Terminal([exe, "validate"], p.root, CI="true")
    try:
        quiet.expect("Không có lỗi nào")
    finally:
        assert quiet.close() == 0
    assert "Đọc tệp" not in quiet.screen and "/30" not in quiet.screen
    piped = p.cchc("validate")  # stderr is a pipe: no bar either
    assert piped.returncode == 0 and "\r" not in piped.stderr and "Đọc tệp" not in piped.stderr


def test_build_progress_on_a_terminal(project):
    p = project(_many_news(5))
    exe = str(Path(sys.executable).with_name("cchc"))
    term = Terminal([exe, "build", "--today", "2024-06-30"], p.root)
    try:
        term.expect("Đã xây dựng trang", timeout=300)
    finally:
        assert term.close(timeout=300) == 0
    assert "Tạo trang" in term.screen and "Kiểm tra" in term.screen
