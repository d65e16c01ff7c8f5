"""Texts without a character any core inline pattern starts with are not tried against the
patterns (`cchc.render.new_markdown`): the HTML is the same as Python-Markdown's own."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from cchc import render
from cchc import settings as settings_mod
from tests.support.portal import REPO

TRICKY = [
    "Văn bản số 107/KH-UBND ngày 24/04/2013 — không có ký tự đặc biệt.",
    "Một *nhấn mạnh* và **đậm**, ***cả hai***, _gạch dưới_ và __đậm__, snake_case_name.",
    "Dấu sao lẻ * giữa câu, 2 * 3 = 6, và _ đứng một mình.",
    "Mã `x = 1` và ``có ` bên trong``, \\`không phải mã\\`.",
    "Thoát \\*ký tự\\* và \\\\ gạch chéo, \\[không phải liên kết\\].",
    "[Liên kết](https://example.gov.vn \"tiêu đề\"), ![ảnh](a.png), [tham chiếu][r], [r].\n\n"
    "[r]: https://example.gov.vn/r",
    "<https://dichvucong.gov.vn> và <cchc@example.gov.vn>, <b>HTML</b>, <!-- chú thích -->.",
    "Ký hiệu &amp; &copy; &#8212; &#x2014; và & trơn, &khongphai;",
    "Dòng có ngắt  \ndòng sau, và dòng thường\ndòng tiếp.",
    "| Cột | Cột *hai* |\n|---|---|\n| ô | ô_có_gạch |\n",
    "!!! note \"Lưu ý\"\n    Nội dung *chú ý* trong khối.\n",
    "## Tiêu đề {#tieu-de .lop}\n\nĐoạn văn {: .cchc-lead }\n",
    '<div markdown="1">\nBên trong *HTML* có Markdown.\n</div>\n',
    "```\n*không* xử lý trong khối mã\n```\n\n    thụt lề *mã*\n",
    "- mục *một*\n- mục hai\n    - mục con [liên kết](x)\n\n1. thứ nhất\n2. thứ hai\n",
    "> Trích dẫn *có* nhấn mạnh\n> và dòng thường",
]


def _markdown_files() -> list[Path]:
    tops = [REPO / "content", REPO / "plans", REPO / "tests" / "fixtures"]
    return sorted(p for top in tops if top.is_dir() for p in top.rglob("*.md"))


def _pair() -> tuple[markdown.Markdown, markdown.Markdown]:
    settings = settings_mod.read(REPO)
    extensions, configs = settings.markdown_extensions, settings.markdown_configs
    fast = render.new_markdown(extensions, configs)
    plain = markdown.Markdown(extensions=extensions, extension_configs=configs)
    return fast, plain


def test_the_portal_s_extensions_leave_plain_texts_untried():
    fast, plain = _pair()
    if render.inline_patterns_digest(plain) != render.CORE_INLINE:
        pytest.skip(f"Python-Markdown {markdown.__version__}: core patterns not the analysed")
    assert isinstance(fast.treeprocessors["inline"], render._PlainTextsUntried)


def test_an_extension_with_patterns_of_its_own_keeps_every_text_tried():
    md = render.new_markdown(["pymdownx.tilde"], {})  # ~~gạch~~: a pattern not analysed
    assert not isinstance(md.treeprocessors["inline"], render._PlainTextsUntried)
    assert "<del>" in md.convert("~~gạch bỏ~~")


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts_convert_as_python_markdown_does(text):
    fast, plain = _pair()
    assert fast.convert(text) == plain.convert(text)


def test_every_markdown_file_of_the_demo_converts_as_python_markdown_does():
    fast, plain = _pair()
    files = _markdown_files()
    assert len(files) > 50
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast.reset()
        plain.reset()
        assert fast.convert(text) == plain.convert(text), path
