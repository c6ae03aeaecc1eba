"""The whole book as one PDF, offline, through the system Chromium: ``make pdf``.

Jupyter Book's own ``pdfhtml`` builder launches a browser that Playwright downloads, which
fails with no internet. This builds the book as a single HTML page (``--builder
singlehtml`` into ``_build/singlehtml``), serves it on 127.0.0.1, opens it in Debian's
``/usr/bin/chromium`` (driven by the ``playwright`` package, which downloads nothing; every
request off 127.0.0.1 is refused), waits until MathJax has typeset every formula, every
figure has loaded and the saved widgets have rendered, and prints it to
``_build/pdf/book.pdf`` (A4, page numbers in the footer, bookmarks from the headings, tagged
for screen readers). Then it renders the first chapter's first page of the PDF with
``pdftoppm`` (Debian's ``poppler-utils``) to ``_build/pdf/page.png`` for a person to look at.

What the print layout does (``PRINT_CSS``): the navigation, sidebars, buttons, copy and
toggle buttons and the sliders' controls are hidden; every chapter starts on a new page;
code wraps instead of running off the page; figures are scaled to fit the page and not
split; shadows are dropped (Chromium rasterises each shadow into an image, about 5 MB on this
book). Solutions, folded in the HTML book, are printed open under their "Solution to
Exercise N" heading: a printed page cannot unfold them. A slider over precomputed frames
(``static_knob``) prints its first frame.

    python tools/pdf.py [--skip-build] [--page N]
"""

import argparse
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SINGLE = ROOT / "_build" / "singlehtml"
OUT = ROOT / "_build" / "pdf"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags Chromium needs in a container with no network (tests/test_book.py uses them too):
# --no-sandbox (Chromium's sandbox refuses to start as root), --disable-gpu and
# --disable-dev-shm-usage (no GPU, a small /dev/shm), and the --disable-*/--no-first-run/
# --metrics-* flags switch off the background requests to Google's services (component
# updates, sync, metrics, QUIC probes), which would otherwise wait on a network that is not there.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
    "--disable-domain-reliability",
]
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}
FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#444;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)

# The print layout. pydata-sphinx-theme already hides some furniture in print (d-print-none);
# this hides the rest and lays the single page out as a book.
PRINT_CSS = """
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, .header-article,
.bd-footer, .bd-footer-article, .bd-footer-content, .prev-next-area, .skip-link, #pst-back-to-top,
.pst-async-banner-revealer, dialog, .search-button, .theme-switch-button, .headerlink,
button.toggle-button, button.copybtn, .anim-controls, .sbt-scroll-pixel-helper,
#pst-scroll-pixel-helper { display: none !important; }
html, body { background: white !important; }
.bd-container, .bd-container__inner, .bd-page-width, .bd-main, .bd-main .bd-content,
.bd-main .bd-content .bd-article-container, .bd-article {
  max-width: 100% !important; width: 100% !important; margin: 0 !important;
  padding-left: 0 !important; padding-right: 0 !important; display: block !important;
}
/* no shadows: Chromium prints each as a blurred 300 dpi image. :is() with an id gives the rule
   an id's specificity, above the theme's own `div.admonition {box-shadow: ... !important}` */
:is(*, #pdf-print), :is(*, #pdf-print)::before, :is(*, #pdf-print)::after {
  box-shadow: none !important; text-shadow: none !important;
}
/* each chapter (and reference page) on a new page: singlehtml puts an empty
   <span id="document-NAME"> before each document's section */
span[id^="document-"] + section { break-before: page; }
h1, h2, h3, h4, p.admonition-title, p.caption { break-after: avoid; }
/* code wraps at the page's edge instead of being cut off */
pre, .highlight pre, .output pre { white-space: pre-wrap !important; overflow-wrap: anywhere;
  overflow: visible !important; max-height: none !important; }
div.highlight, .cell_output, .output { overflow: visible !important; max-height: none !important; }
/* a code cell's input is a flex box in the theme: when its code moves to the next page, the
   box's empty frame stays behind on this one. As a plain block, the frame moves with it. */
:is(.cell_input, div.highlight, #pdf-print) { display: block !important; }
:is(pre, div.highlight, .cell_input, .cell, .cell_output, .output, #pdf-print) {
  break-inside: auto !important;
}
/* figures fit the page and are not split across pages */
img, svg.figure, .animation img {
  max-width: 100% !important; max-height: 235mm !important; height: auto !important;
  object-fit: contain; break-inside: avoid;
}
figure, .figure, .animation { break-inside: avoid; max-width: 100% !important; }
/* folded solutions print open (togglebutton hides their content with toggle-hidden) */
.admonition.toggle-hidden .admonition-title ~ * {
  height: auto !important; opacity: 1 !important; visibility: visible !important;
}
.admonition.dropdown, .admonition.toggle { padding-bottom: 0.4em !important; }
table { break-inside: auto; }
tr, mjx-container[display="true"] { break-inside: avoid; }
"""

# Runs in the page before printing: open every fold, load every image now, and report what
# is not ready (formulas without typeset output, MathJax errors, broken images).
PREPARE = """async () => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
  document.querySelectorAll('.toggle-button[aria-expanded]').forEach(
    b => b.setAttribute('aria-expanded', 'true'));
  const imgs = [...document.images];
  imgs.forEach(i => { i.loading = 'eager'; i.decoding = 'sync'; });
  await Promise.all(imgs.map(i => i.complete ? null :
    new Promise(r => { i.onload = i.onerror = r; })));
  const maths = [...document.querySelectorAll('.math')];
  return {
    math: maths.length,
    untypeset: maths.filter(m => !m.querySelector('mjx-container')).length,
    errors: document.querySelectorAll('mjx-merror').length,
    images: imgs.length,
    broken: imgs.filter(i => i.naturalWidth === 0).map(i => i.getAttribute('src')).slice(0, 5),
  };
}"""

WIDGETS = """() => ({
  saved: document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length,
  state: document.querySelectorAll('script[type="application/vnd.jupyter.widget-state+json"]').length,
  rendered: document.querySelectorAll(
    '.jupyter-widgets:not(.jupyter-widgets-error), .widget-interact').length,
})"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def chromium_path():
    """Debian's Chromium, or None when it is not installed (``make browser`` installs it)."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium")


def build_single_html(out=SINGLE):
    """The book as one HTML page (``jupyter-book build --builder singlehtml``) into ``out``."""
    subprocess.run([sys.executable, str(ROOT / "tools" / "vendor_js.py")], check=True, cwd=ROOT)
    jb = Path(sys.executable).with_name("jupyter-book")
    subprocess.run([str(jb), "build", ".", "--builder", "singlehtml", "--keep-going"], check=True, cwd=ROOT)
    return out


def _root_page(html_dir):
    """The single page: Sphinx writes it as the root document (``book/intro.html``)."""
    import yaml

    root = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))["root"]
    page = Path(html_dir) / f"{root}.html"
    if not page.is_file():
        raise FileNotFoundError(
            f"{page} not found: build it first (python tools/pdf.py without --skip-build)"
        )
    return page


def print_pdf(html_dir=SINGLE, out=OUT, timeout_ms=300_000):
    """Print the single-page book in ``html_dir`` to ``out/book.pdf``; return its path."""
    from playwright.sync_api import sync_playwright

    html_dir, out = Path(html_dir), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    root_page = _root_page(html_dir)
    # The page sits in book/ while its links to _static/ and _images/ are written relative
    # to the build's root: link those folders beside it.
    for name in ["_static", "_images"]:
        link = root_page.parent / name
        if root_page.parent != html_dir and not link.exists():
            link.symlink_to(os.path.relpath(html_dir / name, root_page.parent))
    chromium = chromium_path()
    if chromium is None:
        raise RuntimeError("Chromium is not installed: run `make browser` (Debian's chromium package)")
    handler = functools.partial(_Quiet, directory=str(html_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = f"http://127.0.0.1:{httpd.server_address[1]}"
    pdf = out / "book.pdf"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            context = browser.new_context(viewport={"width": 1000, "height": 1400}, service_workers="block")
            context.set_default_timeout(timeout_ms)
            # nothing leaves the machine: every request outside the local server is refused
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith((server + "/", "data:", "blob:", "about:"))
                    else route.abort()
                ),
            )
            page = context.new_page()
            page.goto(f"{server}/{root_page.relative_to(html_dir).as_posix()}", wait_until="load")
            page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
            page.evaluate("() => MathJax.startup.promise")
            widgets = page.evaluate(WIDGETS)
            if widgets["saved"] and not widgets["state"]:
                # singlehtml pages carry no saved widget state: their views cannot render
                print(
                    f"pdf: {widgets['saved']} widget views without saved state print empty", file=sys.stderr
                )
            elif widgets["saved"]:
                try:
                    page.wait_for_function(
                        f"() => (({WIDGETS})()).rendered >= (({WIDGETS})()).saved", timeout=60_000
                    )
                except Exception:  # a widget that does not render prints as its absence, not a failure
                    print(f"pdf: {widgets['saved']} saved widgets, not all rendered", file=sys.stderr)
            ready = page.evaluate(PREPARE)
            if ready["untypeset"] or ready["errors"] or ready["broken"]:
                raise RuntimeError(f"pdf: the page is not ready to print: {ready}")
            page.add_style_tag(content=PRINT_CSS)
            page.emulate_media(media="print")
            page.evaluate("() => MathJax.startup.promise")
            page.pdf(
                path=str(pdf),
                format="A4",
                margin=MARGIN,
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER,
                outline=True,
                tagged=True,
            )
            browser.close()
    finally:
        httpd.shutdown()
    return pdf


def page_count(pdf):
    """The number of pages (``pdfinfo``, poppler-utils)."""
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_text(pdf, layout=True):
    """The PDF's text (``pdftotext``, poppler-utils); pages are separated by form feeds."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def first_page_of(pdf, title, text=None):
    """The page (from 1) that starts with the heading ``title``, or None."""
    text = pdf_text(pdf, layout=False) if text is None else text
    want = " ".join(title.split())
    for number, page in enumerate(text.split("\f"), start=1):
        if " ".join(page.split()).startswith(want):  # a long title may wrap: compare words
            return number
    return None


def first_chapter_title():
    sys.path.insert(0, str(ROOT / "tools"))
    from book_ext import notebook_title, toc_chapters

    chapters = toc_chapters()
    return notebook_title(ROOT / f"{chapters[0][0]}.ipynb") if chapters else None


def render_page(pdf, number, png, dpi=80):
    """One page of the PDF as a PNG (``pdftoppm``), for a person to look at."""
    png = Path(png)
    stem = png.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-f",
            str(number),
            "-l",
            str(number),
            "-r",
            str(dpi),
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    return png


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="print the existing _build/singlehtml")
    parser.add_argument(
        "--page", type=int, help="page to render to page.png (default: the first chapter's first)"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if not args.skip_build:
        build_single_html()
    built = time.perf_counter()
    try:
        pdf = print_pdf()
    except RuntimeError as error:
        sys.exit(str(error))
    printed = time.perf_counter()
    pages = page_count(pdf)
    number = args.page
    if number is None:
        title = first_chapter_title()
        number = (first_page_of(pdf, title) if title else None) or min(2, pages)
    png = render_page(pdf, number, OUT / "page.png")
    print(
        f"pdf: {pdf.relative_to(ROOT)}: {pages} pages, {pdf.stat().st_size / 1e6:.1f} MB "
        f"(build {built - start:.0f} s, print {printed - built:.0f} s)"
    )
    print(f"pdf: page {number} rendered to {png.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
