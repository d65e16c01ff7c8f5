"""Headless Chromium for tests: Debian's /usr/bin/chromium driven by Playwright, and a local
static server for a built site (optionally under a sub-path, as an intranet would host it)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """A static host as agencies run one: a missing page gets the site's 404.html (status
    404), as nginx's `error_page 404` and GitHub Pages do."""

    not_found: Path | None = None

    def log_message(self, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code == 404 and self.not_found is not None and self.not_found.is_file():
            body = self.not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


@contextlib.contextmanager
def serve(folder: Path, prefix: str = "") -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at `/<prefix>`; yields the base URL."""
    root = folder
    if prefix:
        root = folder.parent / f"served-{folder.name}"
        if not root.exists():
            # Copied aside, then renamed into place: another xdist worker serving the same
            # shared tree (the demo) never sees a half-made copy.
            staging = Path(tempfile.mkdtemp(prefix=".served-", dir=folder.parent))
            (staging / prefix).parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(folder, staging / prefix)
            try:
                staging.rename(root)
            except OSError:  # the other worker's copy came first
                shutil.rmtree(staging)
    handler_class = type("Handler", (_Quiet,), {"not_found": folder / "404.html"})
    handler = functools.partial(handler_class, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{prefix + '/' if prefix else ''}"
    finally:
        server.shutdown()
        server.server_close()
