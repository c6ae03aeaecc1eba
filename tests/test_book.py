"""The rendered book, as a reader's browser meets it, offline.

Builds the book once (``jupyter-book build . -W -n --keep-going`` into ``_build/html``,
the same build as ``make book``), serves it on 127.0.0.1 and opens every chapter in
headless Chromium (Debian's ``/usr/bin/chromium``, driven by the ``playwright`` package;
playwright downloads no browser here). For every chapter it asserts that:

- the math is typeset (every ``.math`` element holds an ``mjx-container``);
- every figure loaded (each ``<img>`` has ``naturalWidth > 0``);
- saved widget state is rendered (a widget view becomes a ``.jupyter-widgets`` element);
- a ``to_jshtml`` animation shows its font-awesome buttons and Play advances it (also
  checked on a generated animation page, while no chapter has one);
- no request leaves 127.0.0.1 (every request is routed; others are aborted and reported);
- the console shows no error outside ``CONSOLE_ALLOWED`` below;
- no dead controls: no ipywidgets control is shown (in the static book it would move and
  change nothing; each chapter shows its main knob as a ``static_knob`` slider instead);
- every image has an alt text that describes it (tests/test_alt_text.py's rule);
- axe-core (vendored by tools/vendor_js.py) finds no violation of the WCAG 2.0/2.1 A and AA
  rules, after math and widgets have rendered (exclusions: ``AXE_EXCLUDED``, with reasons).

And, on the first chapter with a static slider: a keyboard user can Tab to it and move it
with an arrow key, and the figure changes.

It saves screenshots for a person to look at: ``_build/screenshots/ch01.png`` (the top
of the first chapter: title, learning goals, typeset equations) and
``_build/screenshots/widget.png`` (the first chapter with a saved widget, scrolled to
it), or the second chapter's top if no chapter saves a widget.

Needs Chromium: ``make browser`` installs Debian's package (``make test`` does it first).
Without Chromium or playwright the browser tests are skipped with that message, but the
build test still runs; ``make test`` always has both.
"""

import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
sys.path.insert(0, str(ROOT / "tools"))
pytest.importorskip("sphinx", reason="the book test needs the [book] extra (jupyter-book, playwright)")
from book_ext import toc_chapters  # noqa: E402

pytestmark = pytest.mark.slow  # a full book build (about 70 s) and a headless browser

# Debian's chromium and the flags it needs here: one list, shared with the PDF (tools/pdf.py).
from pdf import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

# Console messages that are not errors of the book. Each entry: (regex, why it is harmless).
CONSOLE_ALLOWED = [
    (r"favicon\.ico", "the book has no favicon; the browser asks for one and gets a 404"),
]

CHAPTERS = [doc for doc, _ in toc_chapters()]

# axe-core rules (https://dequeuniversity.com/rules/axe/) run on every page: these tags.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = ROOT / "_vendor_tests" / "axe" / "axe.min.js"
# Rules switched off, each with the reason. Empty: every page passes every rule.
AXE_EXCLUDED = {}


@pytest.fixture(scope="module")
def book():
    """Vendor the JavaScript, build the book -W -n into _build/html, return the log."""
    subprocess.run([sys.executable, str(ROOT / "tools" / "vendor_js.py")], check=True, cwd=ROOT)
    jb = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run(
        [str(jb), "build", ".", "-W", "-n", "--keep-going"], cwd=ROOT, capture_output=True, text=True
    )
    log = proc.stdout + proc.stderr
    warnings = [line for line in log.splitlines() if re.search(r"WARNING|ERROR", line)]
    assert proc.returncode == 0, "jupyter-book build -W -n failed:\n" + "\n".join(
        warnings or log.splitlines()[-40:]
    )
    return log


def test_book_builds_clean(book):
    assert "build succeeded" in book or "finished" in book
    for doc in CHAPTERS:
        assert (HTML / f"{doc}.html").is_file(), f"{doc} is in _toc.yml but was not rendered"


def test_offline_assets_are_served_by_the_book(book):
    for rel in [
        "_static/mathjax/tex-chtml.js",
        "_static/widgets/require.js",
        "_static/widgets/embed-amd.js",
        "_static/font-awesome/css/font-awesome.min.css",
    ]:
        assert (HTML / rel).is_file(), f"{rel} missing from the built book"


def test_no_stylesheet_locks_the_orientation(book):
    """WCAG 1.3.4 (axe's css-orientation-lock, which the browser test runs without its CSS
    preload): no stylesheet of the book restricts the page to portrait or landscape."""
    locked = [
        str(css.relative_to(HTML))
        for css in HTML.rglob("*.css")
        if re.search(r"@media[^{]*orientation", css.read_text(encoding="utf-8", errors="replace"))
    ]
    assert not locked, f"stylesheets with an orientation media query: {locked}"


def test_notebooks_are_downloadable(book):
    for doc in CHAPTERS:
        assert (HTML / "_sources" / f"{doc}.ipynb").is_file(), f"{doc}.ipynb is not offered for download"
        page = (HTML / f"{doc}.html").read_text(encoding="utf-8")
        assert "mybinder.org" in page and "colab.research.google.com" in page, (
            f"{doc}: launch buttons missing"
        )


def test_experiments_page_lists_every_chapter(book):
    """book/experiments.md shows a measured run time for every chapter in _toc.yml."""
    page = (HTML / "book" / "experiments.html").read_text(encoding="utf-8")
    for doc in CHAPTERS:
        name = Path(doc).name
        assert f'href="{name}.html"' in page, f"{doc} is not listed on the experiments page"
    import json

    timings = json.loads((ROOT / "book" / "_data" / "timings.json").read_text(encoding="utf-8"))["chapters"]
    unmeasured = [doc for doc in CHAPTERS if doc not in timings]
    assert not unmeasured and "not measured yet" not in page, (
        f"chapters with no measured run time: {unmeasured}; run "
        f"`.venv/bin/python tools/time_notebooks.py {' '.join(d + '.ipynb' for d in unmeasured)}`"
    )


def test_api_reference_documents_every_module(book):
    sys.path.insert(0, str(ROOT / "tools"))
    from book_ext import public_modules

    page = (HTML / "book" / "api.html").read_text(encoding="utf-8")
    for module in public_modules():
        if module != "mlpkit":
            assert f'id="module-{module}"' in page, f"{module} is missing from the API reference"


# ---------------------------------------------------------------- the browser
class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(book):
    handler = functools.partial(_Quiet, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser(server):
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Chromium is not installed: run `make browser` (Debian's chromium package)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="pip install playwright (no browser download)"
    )
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            args=CHROMIUM_ARGS,
            headless=True,
        )
        yield browser
        browser.close()


def _allowed(message):
    return any(re.search(pattern, message) for pattern, _ in CONSOLE_ALLOWED)


def open_page(browser, server, path):
    """Load ``path`` with every request checked; return (page, context, outside, errors)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, service_workers="block")
    outside, errors = [], []

    def route(route):
        url = route.request.url
        if url.startswith(server + "/") or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    page.on(
        "requestfailed", lambda r: None if r.url in outside else errors.append(f"failed request: {r.url}")
    )
    page.on("response", lambda r: errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(f"{server}/{path}", wait_until="load")
    return page, context, outside, errors


TYPESET = """() => {
  const maths = [...document.querySelectorAll('.math')];
  return {total: maths.length, typeset: maths.filter(m => m.querySelector('mjx-container')).length,
          containers: document.querySelectorAll('mjx-container').length};
}"""

IMAGES = """async () => {
  const imgs = [...document.querySelectorAll('article img, main img')];
  imgs.forEach(i => { i.loading = 'eager'; });
  await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
  return imgs.map(i => ({src: (i.getAttribute('src') || '').slice(0, 80), w: i.naturalWidth,
                         alt: i.getAttribute('alt'),
                         figure: !!i.closest('.cell_output, .output, div.animation, figure')}));
}"""

CONTROLS = """() => [...document.querySelectorAll(
  '.widget-slider, .widget-dropdown, .widget-interact, .widget-toggle-buttons, .widget-checkbox')]
  .filter(e => e.offsetParent !== null).length"""

# preload: false. axe's CSSOM preload (used only by the css-orientation-lock rule) resolves
# the theme's `@import "../basic.css"` against the page's root and requests /basic.css, a 404
# in the console; test_no_stylesheet_locks_the_orientation checks that rule's concern instead.
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, preload: false});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary.split('\\n')[1])}));
}"""


def axe_violations(page):
    """axe-core's violations of AXE_TAGS on the page as loaded, less AXE_EXCLUDED."""
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run `python3 tools/vendor_js.py` (make vendor)")
    page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(AXE_RUN, AXE_TAGS) if v["id"] not in AXE_EXCLUDED]


WIDGETS = """() => ({
  saved: document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length,
  rendered: document.querySelectorAll(
    '.jupyter-widgets:not(.jupyter-widgets-error), .widget-interact').length,
  failed: [...document.querySelectorAll('.jupyter-widgets-error, .widget-error')]
    .map(e => e.textContent.slice(0, 120)),
})"""


ANIMATIONS = """() => [...document.querySelectorAll('div.animation')].map(a => {
  const icon = a.querySelector('.fa-play');
  return {slider: a.querySelector('input.anim-slider').value,
          svg: !!(icon && icon.tagName.toLowerCase() === 'svg' && icon.querySelector('path')),
          font: icon ? getComputedStyle(icon, '::before').fontFamily : '',
          glyph: icon ? getComputedStyle(icon, '::before').content : ''};
})"""


def _check_animations(page, doc):
    """to_jshtml animations: font-awesome icons drawn, and Play moves the frame slider."""
    before = page.evaluate(ANIMATIONS)
    if not before:
        return 0
    for a in before:
        # Drawn by font-awesome 4's font (a bare page), or replaced by an inline SVG by the
        # theme's Font Awesome 6 script (a chapter page): either way the button shows its icon.
        drawn = a["svg"] or ("FontAwesome" in a["font"] and a["glyph"] not in ("", "none", "normal"))
        assert drawn, f"{doc}: animation buttons have no font-awesome icons: {a}"
    page.locator("div.animation button[title='Play']").first.click()
    page.wait_for_timeout(600)
    after = page.evaluate(ANIMATIONS)
    assert after[0]["slider"] != before[0]["slider"], f"{doc}: pressing Play did not advance the animation"
    return len(before)


def _check_page(page, doc):
    # MathJax typesets after load; wait until every .math element holds a container.
    page.wait_for_function(
        "() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=30000
    )
    page.evaluate("() => MathJax.startup.promise")
    math = page.evaluate(TYPESET)
    assert math["containers"] > 0, f"{doc}: no typeset math on the page"
    assert math["typeset"] == math["total"], (
        f"{doc}: {math['total'] - math['typeset']} of {math['total']} formulas not typeset"
    )
    images = page.evaluate(IMAGES)
    broken = [i["src"] for i in images if i["w"] == 0 and not i["src"].startswith("data:")]
    assert not broken, f"{doc}: figures that did not load: {broken}"
    from test_alt_text import alt_problem

    # A figure (a cell's output, a static slider) needs an alt that describes its data; an
    # icon (the launch buttons' logos) needs a name, which axe-core checks below.
    figures = [i for i in images if i["figure"]]
    assert figures, f"{doc}: no figure found on the page"
    no_alt = [f"{i['src']}: {alt_problem(i['alt'])}" for i in figures if alt_problem(i["alt"])]
    assert not no_alt, f"{doc}: figures without a describing alt text: {no_alt}"
    widgets = page.evaluate(WIDGETS)
    if widgets["saved"]:
        page.wait_for_function(f"() => (({WIDGETS})()).rendered >= (({WIDGETS})()).saved", timeout=30000)
        widgets = page.evaluate(WIDGETS)
        assert not widgets["failed"], f"{doc}: widgets failed to render: {widgets['failed']}"
        assert widgets["rendered"] >= widgets["saved"], (
            f"{doc}: {widgets['saved']} saved widgets, {widgets['rendered']} rendered"
        )
    _check_animations(page, doc)
    controls = page.evaluate(CONTROLS)
    assert controls == 0, (
        f"{doc}: {controls} ipywidgets controls shown, which do nothing in the static book "
        "(tag the widget cell remove-output and show its knob with static_knob)"
    )
    violations = axe_violations(page)
    assert not violations, f"{doc}: accessibility violations (axe-core, {AXE_TAGS}): {violations}"
    return images, widgets


@pytest.mark.parametrize("doc", CHAPTERS)
def test_chapter_renders_offline(browser, server, doc):
    page, context, outside, errors = open_page(browser, server, f"{doc}.html")
    try:
        _check_page(page, doc)
        page.wait_for_timeout(300)  # let late requests (fonts, lazy scripts) show up
        assert not outside, f"{doc}: requests leaving 127.0.0.1: {sorted(set(outside))}"
        bad = [e for e in errors if not _allowed(e)]
        assert not bad, f"{doc}: console errors (allow-list in tests/test_book.py): {bad}"
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "book/intro.html",
        "book/notation.html",
        "book/glossary.html",
        "book/api.html",
        "book/experiments.html",
        "book/bibliography.html",
        "book/accessibility.html",
        "book/part4_mysteries.html",
    ],
)
def test_reference_page_offline(browser, server, path):
    if not (HTML / path).is_file():
        pytest.skip(f"{path} is not in this build")
    page, context, outside, errors = open_page(browser, server, path)
    try:
        page.wait_for_timeout(500)
        if page.evaluate("() => !!(window.MathJax && MathJax.startup && MathJax.startup.promise)"):
            page.evaluate("() => MathJax.startup.promise")
        assert not outside, f"{path}: requests leaving 127.0.0.1: {sorted(set(outside))}"
        bad = [e for e in errors if not _allowed(e)]
        assert not bad, f"{path}: console errors: {bad}"
        violations = axe_violations(page)
        assert not violations, f"{path}: accessibility violations (axe-core, {AXE_TAGS}): {violations}"
    finally:
        context.close()


def test_animation_plays_offline(browser, server):
    """A matplotlib to_jshtml animation, localised as the build localises every page, plays
    with the book's font-awesome and fetches nothing from outside (checked even while no
    chapter has an animation)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation

    from book_ext import localise

    fig, ax = plt.subplots(figsize=(2, 2))
    (line,) = ax.plot([0, 1], [0, 0])
    anim = FuncAnimation(fig, lambda i: line.set_ydata([0, i / 10]), frames=10, interval=50)
    html = anim.to_jshtml()
    plt.close(fig)
    assert "font-awesome" in html and "https://" in html  # matplotlib points at a CDN ...
    page_path = HTML / "book" / "_animation_check.html"
    text = localise(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{html}</body></html>", page_path, HTML
    )
    assert "https://" not in text  # ... and the build points it at the book's copy
    page_path.write_text(text, encoding="utf-8")
    try:
        page, context, outside, errors = open_page(browser, server, "book/_animation_check.html")
        try:
            assert _check_animations(page, "animation") == 1
            assert not outside, f"requests leaving 127.0.0.1: {outside}"
            assert not [e for e in errors if not _allowed(e)], errors
        finally:
            context.close()
    finally:
        page_path.unlink()


SLIDER_STATE = """() => {
  const a = document.activeElement;
  const box = a && a.closest('div.animation');
  return {tag: a ? a.tagName : '', slider: !!(a && a.matches('input.anim-slider')),
          value: a && a.value, frame: box ? box.querySelector('img').getAttribute('src').slice(-60) : ''};
}"""


def test_a_static_slider_works_from_the_keyboard(browser, server):
    """Tab to the first static slider of the book, press the right arrow: the figure changes."""
    for doc in CHAPTERS:
        page, context, _, _ = open_page(browser, server, f"{doc}.html")
        try:
            if not page.locator("div.animation input.anim-slider").count():
                continue
            page.wait_for_timeout(300)  # the animation script sets its first frame
            for _ in range(2000):  # Tab through the page's links and buttons to the slider
                page.keyboard.press("Tab")
                state = page.evaluate(SLIDER_STATE)
                if state["slider"]:
                    break
            assert state["slider"], f"{doc}: Tab never reached the static slider"
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(200)
            after = page.evaluate(SLIDER_STATE)
            assert after["value"] != state["value"], f"{doc}: the arrow key did not move the slider"
            assert after["frame"] != state["frame"], f"{doc}: the slider moved but the figure did not change"
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.locator("div.animation").first.screenshot(path=str(SCREENSHOTS / "static-slider.png"))
            return
        finally:
            context.close()
    pytest.fail("no chapter shows a static slider (static_knob)")


def test_screenshots(browser, server):
    """Two screenshots for a person: the first chapter's top, and a saved widget."""
    assert CHAPTERS, "no chapter in _toc.yml"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page, context, _, _ = open_page(browser, server, f"{CHAPTERS[0]}.html")
    try:
        page.evaluate("() => MathJax.startup.promise")
        page.screenshot(path=str(SCREENSHOTS / "ch01.png"))
    finally:
        context.close()
    shot = None
    for doc in CHAPTERS:
        page, context, _, _ = open_page(browser, server, f"{doc}.html")
        try:
            if page.evaluate(WIDGETS)["saved"]:
                page.wait_for_selector(".widget-interact, .jupyter-widgets", timeout=30000)
                page.evaluate("() => MathJax.startup.promise")
                widget = page.locator(".widget-interact, .jupyter-widgets").first
                widget.scroll_into_view_if_needed()
                page.evaluate("() => window.scrollBy(0, -150)")
                shot = SCREENSHOTS / "widget.png"
                page.screenshot(path=str(shot))
                break
        finally:
            context.close()
    if shot is None and len(CHAPTERS) > 1:
        page, context, _, _ = open_page(browser, server, f"{CHAPTERS[1]}.html")
        try:
            shot = SCREENSHOTS / "ch02.png"
            page.screenshot(path=str(shot))
        finally:
            context.close()
    assert (SCREENSHOTS / "ch01.png").stat().st_size > 10_000
    assert shot is None or shot.stat().st_size > 10_000
