"""Headless Chromium for tests: Debian's /usr/bin/chromium driven by Playwright, and a local
static server for a built site (optionally under a sub-path, as an intranet would host it)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path, prefix: str = "") -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at `/<prefix>`; yields the base URL."""
    root = folder
    if prefix:
        root = folder.parent / f"served-{folder.name}"
        if not root.exists():
            (root / prefix).parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(folder, root / prefix)
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{prefix + '/' if prefix else ''}"
    finally:
        server.shutdown()
        server.server_close()
