"""The links a page prints: `urls.relative` gives what `posixpath.relpath` would, faster."""

from __future__ import annotations

import posixpath
import random

from cchc import urls

SEGMENTS = ["tin-tuc", "van-ban", "2024", "a", "b", "index.html", "x.pdf", "co-quan", ""]


def reference(target: str, page_url: str) -> str:
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    path, hash_, fragment = target.partition("#")
    rel = posixpath.relpath(path or ".", base.rstrip("/") or ".")
    if path.endswith("/") or not path:
        rel = "./" if rel == "." else rel + "/"
    return rel + hash_ + fragment


def _url(rng: random.Random) -> str:
    parts = [rng.choice(SEGMENTS[:-1]) for _ in range(rng.randint(0, 4))]
    text = "/".join(parts)
    return text + "/" if parts and rng.random() < 0.7 else text


def test_relative_matches_relpath_on_random_paths() -> None:
    rng = random.Random(7)
    for _ in range(20000):
        target, page = _url(rng), _url(rng)
        if rng.random() < 0.2:
            target += "#" + rng.choice(["noi-dung", "tai-ve", ""])
        assert urls.relative(target, page) == reference(target, page), (target, page)


def test_relative_known_links() -> None:
    assert urls.relative("tin-tuc/", "tin-tuc/") == "./"
    assert urls.relative("", "tin-tuc/a/") == "../../"
    assert urls.relative("van-ban/x/", "tin-tuc/a/") == "../../van-ban/x/"
    assert urls.relative("assets/1/cchc.css", "404.html") == "assets/1/cchc.css"
    assert urls.relative("tin-tuc/a/#tai-ve", "tin-tuc/a/") == "./#tai-ve"
    assert urls.relative("a/../b/", "c/") == "../b/"  # dotted paths go through relpath
