"""Smoke tests of the benchmark harness (scripts/bench.py, scripts/synth.py); no timing asserts.

"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from scripts import bench, synth

REPO = Path(__file__).resolve().parents[1]

CCHC = Path(sys.executable).with_name("cchc")
N = 200


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_synth_is_deterministic(tmp_path: Path) -> None:
    """Same (n, seed) → byte-identical trees, in-process and in a fresh interpreter (whose
    hash seed differs), for the cchc project and for the baseline blog."""
    synth.build_corpus.cache_clear()
    synth.generate(tmp_path / "a", N)
    synth.write_baseline(tmp_path / "a-blog", N)
    for flag, dest in (([], "b"), (["--baseline"], "b-blog")):
        subprocess.run([sys.executable, "-m", "scripts.synth", str(tmp_path / dest),
                        "-n", str(N), *flag], check=True, cwd=REPO)
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")
    assert tree_digest(tmp_path / "a-blog") == tree_digest(tmp_path / "b-blog")
    assert len(list((tmp_path / "a" / "content" / "tin-tuc").rglob("*.md"))) == N
    assert len(list((tmp_path / "a" / "plans").rglob("*.md"))) == N // 10


def test_baseline_has_the_same_news(tmp_path: Path) -> None:
    synth.generate(tmp_path / "cchc", N)
    synth.write_baseline(tmp_path / "blog", N)
    ours = sorted(p.name for p in (tmp_path / "cchc" / "content" / "tin-tuc").rglob("*.md"))
    posts = sorted((tmp_path / "blog" / "docs" / "blog" / "posts").rglob("*.md"))
    assert ours == sorted(p.name for p in posts)
    assert all("<!-- more -->" in p.read_text(encoding="utf-8") for p in posts)


def test_titles_unique_without_diacritics() -> None:
    corpus = synth.build_corpus(N)
    slugs = [synth.ascii_slug(x.title) for x in corpus.news]
    assert len(set(slugs)) == len(slugs)
    assert any(c in corpus.news[0].title + corpus.news[1].title for c in "ảạấầẩẫậđơưướ")


def test_pagefind_meta_reader() -> None:
    """The CBOR reader and chunk choice on a hand-made pf_meta (gzip + signature + CBOR)."""
    def text(s: str) -> bytes:
        raw = s.encode()
        return bytes([0x60 | len(raw)]) + raw
    chunk = lambda lo, hi, h: b"\x83" + text(lo) + text(hi) + text(h)  # noqa: E731
    body = (b"\x83" + text("1.5.2") + b"\x81\x82" + text("p1") + b"\x19\x01\x00"
            + b"\x82" + chunk("840", "cao", "vi_a") + chunk("cap", "do", "vi_b"))
    meta = bench._Cbor(gzip.decompress(gzip.compress(b"pagefind_dcd" + body))
                       .removeprefix(b"pagefind_dcd")).item()
    chunks = bench.index_chunks(meta)
    assert chunks == [("840", "cao", "vi_a"), ("cap", "do", "vi_b")]
    assert bench.covering_chunks(chunks, bench.pagefind_term("cải")) == ["vi_a"]


def test_synthetic_project_passes_validate(tmp_path: Path) -> None:
    synth.generate(tmp_path, N)
    result = subprocess.run([str(CCHC), "validate"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_bench_runs_small_size(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scripts.bench", "--sizes", str(N), "--skip-baseline",
         "--workdir", str(tmp_path)],
        capture_output=True, text=True, timeout=600, cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-4000:]
    assert f"| {N} | cchc build |" in result.stdout
    assert f"| {N} | cchc validate |" in result.stdout
    results = tmp_path / "results.md"
    assert results.exists() and f"| {N} |" in results.read_text(encoding="utf-8")
    record = json.loads((tmp_path / "results.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert {r["tool"] for r in record["rows"]} == {
        "cchc build", "cchc validate", *(f"cchc rebuild: {e}" for e in bench.EDITS)}
    rebuilds = [r for r in record["rows"] if r["tool"].startswith("cchc rebuild")]
    assert all(r["ok"] and r["ratio_clean"] > 0 for r in rebuilds)
    assert "| peak RSS MB | peak memory, all processes MB |" in result.stdout
    if sys.platform.startswith("linux"):  # the whole tree's memory is sampled from /proc
        build = next(r for r in record["rows"] if r["tool"] == "cchc build")
        assert build["tree_peak_mb"] > 0
    assert any("whole build (all processes) at N=10000 ≤ 800 MB: – MB → n/a" in t
               for t in record["targets"])


def test_hugo_corpus_has_the_same_news_and_documents(tmp_path: Path) -> None:
    synth.generate(tmp_path / "cchc", N)
    synth.write_hugo(tmp_path / "hugo", N)
    ours = sorted(p.name for p in (tmp_path / "cchc" / "content" / "tin-tuc").rglob("*.md"))
    posts = sorted(p.name for p in (tmp_path / "hugo" / "content" / "tin-tuc").rglob("*.md")
                   if p.name != "_index.md")
    assert ours == posts
    docs = [p for p in (tmp_path / "hugo" / "content" / "van-ban").glob("*.md")
            if p.name != "_index.md"]
    assert len(docs) == N // 10
    assert (tmp_path / "hugo" / "layouts" / "baseof.html").is_file()
    assert "[pagination]" in (tmp_path / "hugo" / "hugo.toml").read_text(encoding="utf-8")


def test_rebuild_edits_change_the_project(tmp_path: Path) -> None:
    synth.generate(tmp_path / "p", N)
    before = tree_digest(tmp_path / "p")
    for i, edit in enumerate(bench.EDITS):
        bench.edit_project(tmp_path / "p", edit, i)
        after = tree_digest(tmp_path / "p")
        assert (after == before) == (edit == "unchanged"), edit
        before = after
    code = subprocess.run([str(CCHC), "validate"], cwd=tmp_path / "p", capture_output=True,
                          text=True)
    assert code.returncode == 0, code.stdout[-2000:]
