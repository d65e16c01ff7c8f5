"""`cchc serve` as an editor uses it: a real server process, edits on disk, pages over HTTP.

Every wait is bounded; the server is always stopped. Run as a script to measure how long an
edit takes to show on a large synthetic portal:

    .venv/bin/python tests/test_serve.py --n 5000
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.portal import DOC, REPO, news

START_TIMEOUT = 180  # first build, on a busy 2-core machine
CHANGE_TIMEOUT = 90


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
        return 0, str(e)


class Server:
    """`cchc serve` on a free port, in `root`; its output goes to a log file."""

    def __init__(self, root: Path, *extra: str) -> None:
        self.root = root
        self.port = free_port()
        self.log_path = root / ".serve.log"
        mount = "/"
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
        if m := re.search(r"^site_url:\s*\S+?://[^/\s]+(/\S*)?\s*$", text, re.M):
            mount = "/" + (m.group(1) or "/").strip("/") + "/"
            mount = mount.replace("//", "/")
        self.base = f"http://127.0.0.1:{self.port}{mount}"
        exe = Path(sys.executable).with_name("cchc")
        self._log = self.log_path.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [str(exe), "serve", "--dev-addr", f"127.0.0.1:{self.port}", *extra], cwd=root,
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, path: str, ok: Callable[[int, str], bool], timeout: float,
                 interval: float = 0.2) -> tuple[int, str]:
        deadline = time.monotonic() + timeout
        status, body = 0, ""
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"cchc serve exited ({self.proc.returncode}):\n{self.log()}")
            status, body = fetch(self.url(path))
            if ok(status, body):
                return status, body
            time.sleep(interval)
        raise AssertionError(f"timed out on /{path} (last status {status}):\n"
                             f"{body[:2000]}\n--- log ---\n{self.log()}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self._log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, text)
    path.write_text(text.replace(old, new), encoding="utf-8")


NEWS_URL = "tin-tuc/2024/tin-xa-c/"


@pytest.fixture
def portal(project):
    return project({
        "content/tin-tuc/2024/a.md": news(**{"agency: ubnd-xa-c": "agency: ubnd-xa-c\n"
                                             "slug: tin-xa-c"}),
        "plans/2024/a.md": DOC,
        "content/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nTrang giới thiệu.\n",
    })


def test_edit_shows_up_in_the_preview(portal):
    item = portal.root / "content/tin-tuc/2024/a.md"
    with Server(portal.root) as server:
        server.wait_for(NEWS_URL, lambda s, b: s == 200 and "Xã C đẩy mạnh" in b, START_TIMEOUT)
        edit(item, "title: Xã C đẩy mạnh", "title: Xã C tiếp tục đẩy mạnh")
        _, body = server.wait_for(NEWS_URL, lambda s, b: "Xã C tiếp tục đẩy mạnh" in b,
                                  CHANGE_TIMEOUT)
        assert "livereload" in body  # the open browser tab reloads by itself
        server.wait_for("", lambda s, b: "Xã C tiếp tục đẩy mạnh" in b, CHANGE_TIMEOUT)
        # Documents live outside docs_dir: the plugin adds plans/ to the watched paths.
        edit(portal.root / "plans/2024/a.md", "title: Tuyên truyền", "title: Kế hoạch tuyên truyền")
        server.wait_for("van-ban/2024/15-kh-ubnd-ubnd-huyen-b/",
                        lambda s, b: "Kế hoạch tuyên truyền cải cách" in b, CHANGE_TIMEOUT)
        assert "Xem trước tại" in server.log()


def test_preview_renders_generated_files_on_request(portal):
    """The preview writes generated pages and feeds when asked for, each from the latest build."""
    with Server(portal.root) as server:
        server.wait_for(NEWS_URL, lambda s, b: s == 200, START_TIMEOUT)
        status, feed = fetch(server.url("feed.xml"))
        assert status == 200 and "<rss" in feed and "Xã C đẩy mạnh" in feed
        status, page = fetch(server.url("co-quan/ubnd-xa-c/"))
        assert status == 200 and "Xã C đẩy mạnh" in page and "livereload" in page
        status, _ = fetch(server.url("co-quan/khong-co/"))
        assert status == 404
        edit(portal.root / "content/tin-tuc/2024/a.md", "title: Xã C đẩy mạnh",
             "title: Xã C nay đẩy mạnh")
        server.wait_for("feed.xml", lambda s, b: "Xã C nay đẩy mạnh" in b, CHANGE_TIMEOUT)
        _, page = server.wait_for("co-quan/ubnd-xa-c/", lambda s, b: "Xã C nay đẩy mạnh" in b,
                                  CHANGE_TIMEOUT)


def test_invalid_edit_shows_the_error_page_and_recovers(portal):
    item = portal.root / "content/tin-tuc/2024/a.md"
    with Server(portal.root) as server:
        server.wait_for(NEWS_URL, lambda s, b: s == 200 and "Xã C đẩy mạnh" in b, START_TIMEOUT)
        edit(item, "agency: ubnd-xa-c", "agency: ubnd-xa-cc")

        # The home page, the edited page and any other URL show the diagnostics.
        status, home = server.wait_for("", lambda s, b: "unknown-agency" in b, CHANGE_TIMEOUT)
        assert status == 200
        assert "Nội dung có lỗi" in home
        assert "content/tin-tuc/2024/a.md" in home
        assert "Có phải <code>ubnd-xa-c</code>?" in home  # Vietnamese message, code spans
        assert "Cách sửa:" in home
        status, page = server.wait_for(NEWS_URL, lambda s, b: "unknown-agency" in b, 10)
        assert status == 200 and "livereload" in page
        status, other = fetch(server.url("co-quan/ubnd-xa-c/"))
        assert status == 404 and "unknown-agency" in other
        assert re.search(r'href="/cchc/assets/\w+/stylesheets/', other)  # absolute at any depth
        status, about = fetch(server.url("gioi-thieu/"))
        assert status == 200 and "unknown-agency" in about
        # …and in the terminal, with the file and line; the server keeps running.
        log = server.log()
        assert "content/tin-tuc/2024/a.md:4:9: lỗi unknown-agency" in log
        assert "Traceback" not in log

        edit(item, "agency: ubnd-xa-cc", "agency: ubnd-xa-c\nauthor: Trần Thị B")
        _, body = server.wait_for(NEWS_URL, lambda s, b: "Trần Thị B" in b, CHANGE_TIMEOUT)
        assert "unknown-agency" not in body
        status, home = fetch(server.url(""))
        assert status == 200 and "Nội dung có lỗi" not in home
        status, _ = fetch(server.url("co-quan/ubnd-xa-c/"))
        assert status == 200


def test_yaml_syntax_error_does_not_stop_the_server(portal):
    item = portal.root / "content/tin-tuc/2024/a.md"
    with Server(portal.root) as server:
        server.wait_for(NEWS_URL, lambda s, b: s == 200, START_TIMEOUT)
        edit(item, "title: Xã C", "title: Kết quả: Xã C")
        _, home = server.wait_for("", lambda s, b: "yaml-colon" in b, CHANGE_TIMEOUT)  # the cause
        assert "dòng 2" in home
        edit(item, "title: Kết quả: Xã C đẩy mạnh tuyên truyền cải cách hành chính",
             'title: "Kết quả: Xã C đẩy mạnh tuyên truyền cải cách hành chính"')
        server.wait_for(NEWS_URL, lambda s, b: s == 200 and "Kết quả: Xã C" in b,
                        CHANGE_TIMEOUT)


def test_starts_with_errors_and_recovers(project):
    p = project({"content/tin-tuc/2024/a.md": news(**{"2024-03-28": "2024-02-30",
                                                      "agency: ubnd-xa-c": "agency: ubnd-xa-c\n"
                                                      "slug: tin-xa-c"})})
    item = p.root / "content/tin-tuc/2024/a.md"
    with Server(p.root) as server:
        status, home = server.wait_for("", lambda s, b: s == 200, START_TIMEOUT)
        assert "invalid-date" in home and "dòng 3" in home
        status, page = fetch(server.url(NEWS_URL))  # guessed from the file's slug and folder
        assert status == 200 and "invalid-date" in page
        edit(item, "2024-02-30", "2024-02-29")
        server.wait_for(NEWS_URL, lambda s, b: "invalid-date" not in b and "Xã C đẩy mạnh" in b,
                        CHANGE_TIMEOUT)


def test_busy_port_is_reported_before_building(project):
    p = project()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        result = p.cchc("serve", "--dev-addr", f"127.0.0.1:{port}")
    assert result.returncode == 1
    assert "cchc serve --dev-addr" in result.stderr and "Traceback" not in result.stderr


def test_error_urls_guess_the_pages_of_broken_files(project):
    from cchc.project import load_portal
    from cchc.serve import error_urls
    from cchc.settings import read as settings_for

    p = project({
        "content/tin-tuc/2024/a.md": news(**{"agency: ubnd-xa-c": "agency: khong-co"}),
        "content/tin-tuc/2024/b.md": news(**{"Xã C": "Xã D", "2024-03-28": "2024-02-30"}),
        "plans/2024/a.md": DOC.replace("agency: ubnd-huyen-b", "agency: khong-co"),
    })
    portal = load_portal(settings_for(p.root))
    assert set(error_urls(portal)) == {
        "tin-tuc/2024/xa-c-day-manh-tuyen-truyen-cai-cach-hanh-chinh/",
        "tin-tuc/2024/xa-d-day-manh-tuyen-truyen-cai-cach-hanh-chinh/",
        "van-ban/2024/15-kh-ubnd-khong-co/",
    }


# --- measurement (not a test) ------------------------------------------------------------------

def measure(root: Path, n: int, edits: int = 3) -> list[float]:
    """Seconds from saving a news item's new title to the title in the served page."""
    from scripts import synth

    if not (root / "mkdocs.yml").is_file() or not (root / f".n{n}").is_file():
        synth.generate(root, n)
        (root / f".n{n}").write_text("")
    # A private copy of the theme overrides, so that nobody else's edits trigger rebuilds.
    overrides = root / "overrides"
    shutil.rmtree(overrides, ignore_errors=True)
    shutil.copytree(REPO / "overrides", overrides)
    yml = root / "mkdocs.yml"
    yml.write_text(re.sub(r"custom_dir: .*", "custom_dir: overrides",
                          yml.read_text(encoding="utf-8")), encoding="utf-8")
    item = sorted((root / "content/tin-tuc").rglob("*.md"))[n // 2]
    text = item.read_text(encoding="utf-8")
    if "\nslug:" not in text:  # keep the URL when the title changes
        text = text.replace("\ntitle:", f"\nslug: {item.stem}\ntitle:", 1)
        item.write_text(text, encoding="utf-8")
    url = f"tin-tuc/{item.parent.name}/{item.stem}/"
    title = re.search(r"^title: (.*)$", text, re.M).group(1)
    times = []
    with Server(root) as server:
        t = time.monotonic()
        server.wait_for(url, lambda s, b: s == 200, 900, interval=1)
        print(f"first build and start: {time.monotonic() - t:.1f} s", flush=True)
        for k in range(1, edits + 1):
            time.sleep(2)
            new_title = f"{title} (sửa lần {k})"
            current = item.read_text(encoding="utf-8")
            item.write_text(re.sub(r"^title: .*$", f"title: {new_title}", current, count=1,
                                   flags=re.M), encoding="utf-8")
            t0 = time.monotonic()
            server.wait_for(url, lambda s, b, nt=new_title: nt in b, 300, interval=0.05)
            times.append(time.monotonic() - t0)
            print(f"edit {k}: visible after {times[-1]:.2f} s", flush=True)
        builds = re.findall(r"Xây dựng xong trong ([\d.]+) giây", server.log())
        print("build times reported by MkDocs (s):", ", ".join(builds))
    item.write_text(text, encoding="utf-8")
    return times


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=measure.__doc__)
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--edits", type=int, default=3)
    ap.add_argument("--root", type=Path,
                    default=Path(tempfile.gettempdir()) / f"cchc-serve-{os.getuid()}")
    a = ap.parse_args()
    result = measure(a.root, a.n, a.edits)
    print(f"N={a.n}: median {sorted(result)[len(result) // 2]:.2f} s, "
          f"min {min(result):.2f} s, max {max(result):.2f} s")
