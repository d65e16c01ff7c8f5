"""`cchc build` takes unchanged pages from the site it built last (`cchc.pagecache`): after any
sequence of edits, additions, deletions and renames — of news, documents, agencies, templates
and settings — the site is byte for byte the one a clean build of the same sources writes."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from cchc import pagecache, search
from tests.support.portal import REPO, Project, copy_demo, tree_bytes

TODAY = "2024-12-31"
REUSED = re.compile(r"(\d+) trang không đổi lấy lại")
SOURCES = ("content", "plans", "overrides", "mkdocs.yml")


def _project(dest: Path) -> Path:
    """The demo portal with a theme folder of its own (a test edits its templates)."""
    copy_demo(dest)
    shutil.copytree(REPO / "overrides", dest / "overrides")
    config = dest / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        f"custom_dir: {REPO / 'overrides'}", "custom_dir: overrides"), encoding="utf-8")
    return dest


def _build(root: Path, *args: str) -> int:
    """Build `root`'s site; how many pages came from the last build."""
    done = Project(root).cchc("build", "--today", TODAY, *args)
    assert done.returncode == 0, done.stderr
    found = REUSED.search(done.stderr.replace("\n", " "))
    return int(found.group(1)) if found else 0


def _clean_copy(root: Path, dest: Path) -> dict[str, bytes]:
    """The site a clean build of `root`'s sources writes, elsewhere (not to touch its cache)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir()
    for name in SOURCES:
        src = root / name
        (shutil.copytree if src.is_dir() else shutil.copyfile)(src, dest / name)
    _build(dest, "--clean")
    return tree_bytes(dest / "site")


def _news(root: Path) -> list[Path]:
    return sorted((root / "content/tin-tuc").rglob("*.md"))


def _retitle(path: Path, extra: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"""^title: (['"]?)(.*)\1$""",
                           lambda m: f"title: {m.group(1)}{m.group(2)} {extra}{m.group(1)}",
                           text, count=1, flags=re.M), encoding="utf-8")


def edit_news(root: Path, rng: random.Random) -> None:
    item = rng.choice(_news(root))
    if rng.random() < 0.5:
        _retitle(item, "(cập nhật)")
    else:
        item.write_text(item.read_text(encoding="utf-8") + "\nĐoạn bổ sung **mới**.\n",
                        encoding="utf-8")


def add_news(root: Path, rng: random.Random) -> None:
    item = rng.choice(_news(root))
    copy = item.with_name(f"{item.stem}-ban-moi-{rng.randrange(1000)}.md")
    text = item.read_text(encoding="utf-8")
    text = re.sub(r"^(aliases|slug|tasks|fulfils):.*$", "", text, flags=re.M)
    copy.write_text(text, encoding="utf-8")
    _retitle(copy, "(bản mới)")


def delete_news(root: Path, rng: random.Random) -> None:
    rng.choice(_news(root)).unlink()


def rename_news(root: Path, rng: random.Random) -> None:
    item = rng.choice(_news(root))
    if re.search(r"^slug:", item.read_text(encoding="utf-8"), re.M):
        return
    item.rename(item.with_name(f"{item.stem}-doi-ten.md"))


def rename_agency(root: Path, rng: random.Random) -> None:
    registry = root / "content/agencies.yml"
    lines = registry.read_text(encoding="utf-8").splitlines(keepends=True)
    names = [i for i, line in enumerate(lines) if line.startswith("  name: ")]
    i = rng.choice(names)
    lines[i] = lines[i].rstrip("\n") + " (tên mới)\n"
    registry.write_text("".join(lines), encoding="utf-8")


def edit_document(root: Path, rng: random.Random) -> None:
    _retitle(rng.choice(sorted((root / "plans").rglob("*.md"))), "(sửa đổi)")


EDITS = [edit_news, add_news, delete_news, rename_news, rename_agency, edit_document]


SHARDS_KEPT = re.compile(r"\((\d+)/(\d+) phần không đổi")


@pytest.mark.parametrize(("seed", "shard_pages"), [(1, ""), (2, ""), (3, "9")])
def test_random_edits_give_the_site_of_a_clean_build(tmp_path, monkeypatch, seed, shard_pages):
    # With shards of 9 pages the demo's search index is in several, each holding the
    # dictionary page; a rebuild indexes again only those whose pages changed, writing out
    # the pages it took from the last site for them, and counts the words of those it kept.
    if shard_pages:
        monkeypatch.setenv(search.SHARD_PAGES_ENV, shard_pages)
    rng = random.Random(seed)
    root = _project(tmp_path / "portal")
    _build(root)
    total = len(list((root / "site").rglob("index.html")))
    for step in range(4):
        for edit in rng.sample(EDITS, 2):
            edit(root, rng)
        reused = _build(root)
        assert 0 < reused < total, f"step {step}: {reused} pages reused of {total}"
        assert tree_bytes(root / "site") == _clean_copy(root, tmp_path / "clean"), \
            f"seed {seed}, step {step}"
    if shard_pages:  # a sentence of words the site has: the other shards are kept
        item = _news(root)[0]
        item.write_text(item.read_text(encoding="utf-8") + "\nCải cách hành chính.\n",
                        encoding="utf-8")
        done = Project(root).cchc("build", "--today", TODAY)
        kept = SHARDS_KEPT.search(done.stderr.replace("\n", " "))
        assert kept and 0 < int(kept.group(1)) < int(kept.group(2)), done.stderr
        assert tree_bytes(root / "site") == _clean_copy(root, tmp_path / "clean")


def test_one_edited_news_item_renders_only_the_pages_that_show_it(tmp_path):
    root = _project(tmp_path / "portal")
    _build(root)
    total = len(list((root / "site").rglob("index.html")))
    item = _news(root)[0]
    _retitle(item, "(đã sửa)")
    reused = _build(root)
    # Its page, the lists, year, topic and agency pages that list it, the home page.
    assert total - 40 < reused < total
    site = tree_bytes(root / "site")
    assert site == _clean_copy(root, tmp_path / "clean")
    assert any("(đã sửa)" in data.decode("utf-8", "replace") for path, data in site.items()
               if path.endswith("index.html"))


def test_a_template_or_setting_change_renders_every_page_again(tmp_path):
    root = _project(tmp_path / "portal")
    _build(root)
    footer = root / "overrides/cchc/_footer.html"
    footer.write_text(footer.read_text(encoding="utf-8").replace(
        "</footer>", "<p>Phiên bản mới của giao diện</p></footer>"), encoding="utf-8")
    assert _build(root) == 0
    assert tree_bytes(root / "site") == _clean_copy(root, tmp_path / "clean")
    config = root / "mkdocs.yml"
    config.write_text(re.sub(r"^site_name: (.*)$", r"site_name: \1 (thử)",
                             config.read_text(encoding="utf-8"), count=1, flags=re.M),
                      encoding="utf-8")
    assert _build(root) == 0
    assert tree_bytes(root / "site") == _clean_copy(root, tmp_path / "clean")


def test_a_page_changed_in_the_site_folder_or_a_damaged_store_is_not_trusted(tmp_path):
    root = _project(tmp_path / "portal")
    _build(root)
    # Built elsewhere since: the store describes that folder's pages, which site/ holds too
    # (CI restores a site folder the same way), except the page edited by hand.
    _build(root, "--site-dir", str(tmp_path / "other"))
    page = root / "site/gioi-thieu/index.html"
    assert b"</main>" in page.read_bytes()
    page.write_bytes(page.read_bytes().replace(b"</main>", "<p>sửa tay</p></main>".encode()))
    _retitle(_news(root)[0], "(đã sửa)")
    assert _build(root) > 0
    assert tree_bytes(root / "site") == _clean_copy(root, tmp_path / "clean")
    (root / pagecache.STORE).write_bytes(b"\x1f\x8b not gzip")
    _retitle(_news(root)[1], "(đã sửa)")
    assert _build(root) == 0
    assert tree_bytes(root / "site") == _clean_copy(root, tmp_path / "clean")
    _retitle(_news(root)[2], "(đã sửa)")
    assert _build(root, "--clean") == 0  # --clean never reads it


def _index(pages: dict[str, str], out: Path, cache: Path | None, read: bool = True
           ) -> tuple[int, dict[str, bytes]]:
    with search.Indexer(shard_pages=3, cache=cache, read_cache=read) as indexer:
        for dest, html in pages.items():
            indexer.add(dest, html)
        stats = indexer.build(out, out / "pagefind")
    return stats.reused, tree_bytes(out / "pagefind")


def test_search_shards_whose_pages_did_not_change_are_not_indexed_again(tmp_path):
    words = ["cải", "cách", "hành", "chính", "thủ", "tục", "một", "cửa", "điện", "tử", "văn", "bản", "kế", "hoạch"]
    pages = {f"tin-tuc/{i}/index.html":
             f"<main data-pagefind-body><h1>Tin {i}</h1><p>{words[i % len(words)]} "
             f"{words[(i * 7) % len(words)]}</p></main>" for i in range(12)}
    cache = tmp_path / "cache"
    reused, first = _index(pages, tmp_path / "a", cache)
    assert reused == 0 and len(list(cache.iterdir())) == 4  # 12 pages, shards of 3
    # One page edited (no new word): only its shard is indexed again, and the bundle is the
    # one a build without the cache writes.
    pages["tin-tuc/5/index.html"] = pages["tin-tuc/5/index.html"].replace("Tin 5", "Tin 5 5")
    reused, second = _index(pages, tmp_path / "b", cache)
    assert reused == 3
    assert second == _index(pages, tmp_path / "c", None)[1] != first
    assert len(list(cache.iterdir())) == 4  # the shard it replaced is forgotten
    # A sentence of known words, with the punctuation Pagefind drops ("tục." is "tục") and a
    # capital it lowercases ("Cải" is "cải"):
    # the dictionary every shard holds is the same, so the other shards are kept.
    pages["tin-tuc/7/index.html"] = pages["tin-tuc/7/index.html"].replace(
        "</p>", " Cải cách (hành chính), thủ tục.</p>")
    reused, third = _index(pages, tmp_path / "b2", cache)
    assert reused == 3
    assert third == _index(pages, tmp_path / "c2", None)[1]
    # Not read (`--clean`), but kept for the next build.
    assert _index(pages, tmp_path / "d", cache, read=False) == (0, third)
    assert _index(pages, tmp_path / "e", cache)[0] == 4
