"""Lighthouse figures of a built portal: performance, accessibility, largest paint and bytes of
the pages of issue 14 (home, a document, an agency, /tien-do/), as a Markdown table.

Usage::

    python -m scripts.lighthouse SITE_DIR [--lighthouse PATH] [--page URL_PATH ...]

SITE_DIR is served on a local port (the portal's own files, nothing else); Lighthouse 12.2.3
(npm ``lighthouse@12.2.3``, run with ``npx`` unless ``--lighthouse`` names its executable)
drives Debian's Chromium (``CHROME_PATH``, default /usr/bin/chromium) with its default mobile
settings: a 412 px phone, simulated slow 4G and a 4× slower CPU. Exits 1 if a run fails.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.bench_search import serve

PAGES = ("/", "/van-ban/2013/107-kh-ubnd-ubnd-tinh-quang-nam/", "/co-quan/ubnd-tinh-quang-nam/",
         "/tien-do/")
VERSION = "12.2.3"


def measure(url: str, command: list[str], out: Path) -> dict[str, float]:
    """One Lighthouse run: scores (0–100), LCP (s) and the bytes transferred."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run([*command, url, "--quiet", "--output=json", f"--output-path={out}",
                    "--only-categories=performance,accessibility",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                   check=True, env=env, timeout=600)
    report = json.loads(out.read_text(encoding="utf-8"))
    audits, cats = report["audits"], report["categories"]
    return {"performance": round(100 * cats["performance"]["score"]),
            "accessibility": round(100 * cats["accessibility"]["score"]),
            "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
            "bytes": audits["total-byte-weight"]["numericValue"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lighthouse figures of a built portal.")
    parser.add_argument("site", type=Path)
    parser.add_argument("--lighthouse", help="the lighthouse executable (default: npx)")
    parser.add_argument("--page", action="append", help="a page's path (default: four pages)")
    args = parser.parse_args(argv)
    command = [args.lighthouse] if args.lighthouse else \
        ["npx", "--yes", f"lighthouse@{VERSION}"]
    rows = ["| page | performance | accessibility | LCP s | bytes KB |",
            "|---|---:|---:|---:|---:|"]
    with serve(args.site) as base, tempfile.TemporaryDirectory() as tmp:
        for i, page in enumerate(args.page or PAGES):
            try:
                f = measure(base + page.lstrip("/"), command, Path(tmp) / f"{i}.json")
            except (subprocess.SubprocessError, OSError, KeyError) as exc:
                print(f"{page}: Lighthouse failed: {exc}", file=sys.stderr)
                return 1
            rows.append(f"| `{page}` | {f['performance']} | {f['accessibility']} | "
                        f"{f['lcp']:.1f} | {f['bytes'] / 1000:.0f} |")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
