"""Unit tests of tools/book_ext.py, the book's local Sphinx extension (no build needed)."""

import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("sphinx", reason="tools/book_ext.py is a Sphinx extension: install the [book] extra")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import book_ext  # noqa: E402


def convert(text):
    lines = text.splitlines()
    book_ext.plain_docstring_to_rst(lines)
    return lines


def test_absolute_value_bars_are_escaped_outside_literals():
    assert convert("max |W_ij| over ``|x|``") == [r"max \|W_ij\| over ``|x|``"]
    assert convert(r"already \|x\|") == [r"already \|x\|"]
    assert convert(">>> a | b") == [">>> a | b"]


def test_indented_block_after_a_sentence_becomes_plain_text_code():
    lines = convert(
        "Summary.\n\n    line:  l(theta)\n    plane: l(theta + d)\n             continued\n\nAfter."
    )
    assert lines[:3] == ["Summary.", "", ".. code-block:: text"]
    assert "    line:  l(theta)" in lines and "             continued" in lines
    assert lines[-1] == "After."


def test_directives_fields_and_existing_literal_blocks_are_left_alone():
    for text in [".. seealso::\n\n   other", ":param x: a\n\n   more", "Example::\n\n    a | b"]:
        assert convert(text) == text.splitlines()


def test_offline_problems_finds_fetched_urls_only():
    page = (
        '<script src="https://cdn.example.org/x.js"></script>'
        '<link rel="stylesheet" href="//cdn.example.org/y.css">'
        '<link rel="canonical" href="https://example.org/page.html">'
        '<a href="https://example.org">a link is not fetched</a>'
        '<img src="../_images/fig.png"><script src="../_static/z.js"></script>'
    )
    assert book_ext.offline_problems(page) == ["https://cdn.example.org/x.js", "//cdn.example.org/y.css"]


def test_font_awesome_cdn_link_is_recognised():
    html = '<link rel="stylesheet"\n href="https://maxcdn.bootstrapcdn.com/font-awesome/4.4.0/css/font-awesome.min.css">'
    assert book_ext.FONT_AWESOME_CDN.search(html)


def test_dedupe_head_scripts_keeps_first_copy():
    page = (
        "<head>\n<script>const A = 1;</script>\n<script>x</script>\n<script>const A = 1;</script>\n</head>\n"
        "<body><script>const A = 1;</script></body>"
    )
    out = book_ext.dedupe_head_scripts(page)
    assert out.count("const A = 1;") == 2  # once in the head, the body untouched


def test_experiments_markdown_lists_toc_chapters(tmp_path):
    chapters = book_ext.toc_chapters()
    timings = {
        "measured": "2026-01-01",
        "machine": {"cpus": 2, "python": "3.11", "numpy": "2", "platform": "Linux"},
        "chapters": {
            doc: {"seconds": 12.5, "sections": [{"title": "Part A", "seconds": 3.0}]}
            for doc, _ in chapters[:1]
        },
    }
    path = tmp_path / "timings.json"
    path.write_text(json.dumps(timings))
    text = book_ext.experiments_markdown(path)
    for doc, _ in chapters:
        assert f"</{doc}>" in text
    if chapters:
        assert "Part A: 3.0 s" in text and "**12 s**" in text
    if len(chapters) > 1:
        assert "not measured yet" in text


def test_public_modules_skips_private_ones():
    modules = book_ext.public_modules()
    assert "mlpkit.training" in modules and "mlpkit._validate" not in modules


def test_bibliography_entries_become_list_items_of_their_list():
    html = '<div role="list" class="citation-list">\n<div class="citation" id="id1" role="doc-biblioentry">'
    fixed = book_ext.localise(html, "book/bibliography.html", ".")
    assert 'role="doc-biblioentry"' not in fixed and 'id="id1" role="listitem"' in fixed


def test_the_contrast_fix_is_a_stylesheet_the_extension_adds():
    css = (Path(book_ext.__file__).parent / "static" / "book-a11y.css").read_text(encoding="utf-8")
    assert "--pst-color-link: #1461d1" in css
