"""The book as one PDF (``make pdf``, ``tools/pdf.py``), read back with poppler's ``pdftotext``.

Builds the single-page HTML book and prints it once through Debian's Chromium (a module
fixture calling tools/pdf.py's functions; a few minutes on two cores), then checks that:

- every chapter of ``_toc.yml`` is in it (its title, from the notebook's first markdown
  cell "# N. Title") and starts on a new page;
- the math is typeset: no raw TeX (``\\frac``, ``\\mathbf``, ``$$``, ``\\begin{``) outside
  code, no MathJax placeholder ("Loading ...") and no "[Math Processing Error]";
- the solutions are printed, open;
- the page count is plausible (more than 15 pages) and every image fits on the page.

The PDF's size, page count and print time are printed (run with ``-s`` or see the
terminal summary). Needs Chromium and poppler-utils: ``make browser`` installs both;
without them the module is skipped with that message.
"""

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
pytestmark = pytest.mark.slow  # a single-page book build and a print of some 500 pages

pytest.importorskip("sphinx", reason="the PDF test needs the [book] extra (jupyter-book, playwright)")
pytest.importorskip("playwright.sync_api", reason="pip install playwright (no browser download)")
import pdf as book_pdf  # noqa: E402  (tools/pdf.py)

RAW_TEX = ["\\frac", "\\mathbf", "$$", "\\begin{"]
# What MathJax leaves when it has not finished or failed ("Loading [MathJax]/...", "Loading...").
MATHJAX_LEFTOVERS = re.compile(
    r"Loading\s*(\[MathJax\]|\.\.\.|…)|^\s*Loading\s*$|\[Math Processing Error\]", re.M
)
TEXT_WIDTH_IN = (210 - 28) / 25.4  # A4 less tools/pdf.py's 14 mm side margins
PAGE_HEIGHT_IN = (297 - 34) / 25.4


def _chapters():
    """(docname, title) of every notebook chapter in _toc.yml; the title from its first
    markdown cell's "# N. Title" line."""
    import colab_cell

    found = []
    for path in colab_cell.chapters():
        nb = json.loads(path.read_text(encoding="utf-8"))
        first = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
        source = "".join(first["source"]) if isinstance(first["source"], list) else first["source"]
        title = next(line[2:].strip() for line in source.splitlines() if line.startswith("# "))
        found.append((str(path.relative_to(ROOT).with_suffix("")), title))
    return found


CHAPTERS = _chapters()


def _words(text):
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdf(request):
    if book_pdf.chromium_path() is None:
        pytest.skip("Chromium is not installed: run `make browser` (Debian's chromium package)")
    if not shutil.which("pdftotext") or not shutil.which("pdfinfo"):
        pytest.skip("pdftotext is not installed: run `make browser` (Debian's poppler-utils package)")
    start = time.perf_counter()
    book_pdf.build_single_html()
    built = time.perf_counter()
    path = book_pdf.print_pdf()
    printed = time.perf_counter()
    pages = book_pdf.page_count(path)
    layout = book_pdf.pdf_text(path, layout=True)
    plain = book_pdf.pdf_text(path, layout=False)
    first = book_pdf.first_page_of(path, CHAPTERS[0][1], text=plain) if CHAPTERS else None
    book_pdf.render_page(path, first or min(2, pages), book_pdf.OUT / "page.png")
    line = (
        f"PDF: {path.relative_to(ROOT)}: {pages} pages, {path.stat().st_size / 1e6:.1f} MB; "
        f"singlehtml build {built - start:.0f} s, print {printed - built:.0f} s; "
        f"page {first} in _build/pdf/page.png"
    )
    # shown even under -q: output capture is suspended while the line is written
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if capture is not None:
        with capture.global_and_fixture_disabled():
            print("\n" + line, flush=True)
    else:
        print(line)
    return {"path": path, "pages": pages, "layout": layout, "plain": plain}


def test_plausible_page_count_and_size(pdf):
    assert pdf["pages"] > 15, f"only {pdf['pages']} pages: is the whole book in it?"
    assert pdf["path"].stat().st_size > 100_000
    assert (book_pdf.OUT / "page.png").stat().st_size > 10_000


@pytest.mark.parametrize("doc,title", CHAPTERS, ids=[Path(d).name for d, _ in CHAPTERS])
def test_chapter_is_in_the_pdf_and_starts_a_page(pdf, doc, title):
    assert _words(title) in _words(pdf["layout"]), f"{doc}: title {title!r} not found in the PDF"
    assert book_pdf.first_page_of(pdf["path"], title, text=pdf["plain"]), (
        f"{doc}: no page starts with {title!r}: chapters should start on a new page"
    )


def _code_corpus():
    """Every text that is code, not prose: code cells and their outputs, fenced code in the
    Markdown pages, and mlpkit's sources (the API pages print its docstrings). Whitespace
    collapsed, so that a line wrapped in the PDF is still found in it."""
    texts = []
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            texts.append("".join(cell["source"]))
            for out in cell.get("outputs", []):
                texts.append("".join(out.get("text", "")))
                texts.append("".join(out.get("data", {}).get("text/plain", "")))
    for path in sorted((ROOT / "book").glob("*.md")):
        texts += re.findall(r"```.*?\n(.*?)```", path.read_text(encoding="utf-8"), re.S)
    for path in sorted((ROOT / "mlpkit").rglob("*.py")):
        texts.append(path.read_text(encoding="utf-8"))
    return _words("\n".join(texts))


def test_math_is_typeset(pdf):
    """No TeX source outside code, and nothing MathJax leaves when it fails."""
    leftovers = MATHJAX_LEFTOVERS.findall(pdf["layout"])
    assert not leftovers, f"MathJax did not finish: {leftovers[:5]}"
    code = _code_corpus()
    raw = []
    for number, page in enumerate(pdf["layout"].split("\f"), start=1):
        for line in page.splitlines():
            if any(token in line for token in RAW_TEX) and _words(line) not in code:
                raw.append(f"page {number}: {line.strip()}")
    assert not raw, "raw TeX in the PDF's prose (not typeset):\n" + "\n".join(raw[:20])


def test_solutions_are_printed_open(pdf):
    text = _words(pdf["plain"]).replace("\u2019", "'")  # Sphinx's smart apostrophes
    assert "Solution to" in text, "no solution in the PDF"
    # a plain sentence from inside a folded solution is on the page
    sentences = []
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            start = re.compile(r"^:::+\{solution(-start)?\}.*$", re.M)
            if cell["cell_type"] == "markdown" and start.search(source):
                body = start.split(source, maxsplit=1)[-1]
                # runs of plain words (no math, code or markup) of 6 words or more
                sentences += [_words(s) for s in re.findall(r"[A-Za-z][A-Za-z ,;'-]{40,}", body)]
    if not sentences:
        pytest.skip("no plain sentence found in a solution to look for")
    found = [s for s in sentences if s in text]
    assert len(found) >= 0.8 * len(sentences), f"solution text missing from the PDF, e.g. {sentences[:3]}"


def test_images_fit_the_page(pdf):
    if not shutil.which("pdfimages"):
        pytest.skip("pdfimages (poppler-utils) is not installed")
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf["path"])], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    too_big = []
    for row in listing:
        f = row.split()
        if f[2] not in ("image", "stencil") or int(f[3]) < 64:
            continue  # masks and small icons
        width_in, height_in = int(f[3]) / int(f[12]), int(f[4]) / int(f[13])
        if width_in > TEXT_WIDTH_IN * 1.01 or height_in > PAGE_HEIGHT_IN * 1.01:
            too_big.append(
                f"page {f[0]}: {f[3]}x{f[4]} px at {f[12]} ppi = {width_in:.1f} x {height_in:.1f} in"
            )
    assert not too_big, "images larger than the page's text area:\n" + "\n".join(too_big[:10])
