"""A local Sphinx extension for the book (listed in ``_config.yml`` under ``local_extensions``).

It does three things, each so that a page needs no hand upkeep as chapters and mlpkit
modules land:

1. ``book/api.md``: the line ``<!-- mlpkit-api-modules -->`` becomes one ``automodule``
   section per public module of mlpkit, found with ``pkgutil`` (so a new module is in
   the API reference without anyone editing the page).
2. ``book/experiments.md``: the line ``<!-- experiments-table -->`` becomes the list of
   chapters in ``_toc.yml`` with the run times measured by ``tools/time_notebooks.py``
   (stored in ``book/_data/timings.json``).
3. After the build: the one CDN link that matplotlib's ``to_jshtml`` animations write
   into a page (font-awesome 4) is pointed at the copy vendored by ``tools/vendor_js.py``,
   and then every page is scanned: a ``<script src>``, stylesheet ``<link href>``,
   ``<img src>`` or ``<iframe src>`` that points off the book is reported as a warning,
   which ``jupyter-book build -W`` turns into a failed build.
"""

import importlib
import json
import os
import pkgutil
import re
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
API_MARKER = "<!-- mlpkit-api-modules -->"
EXPERIMENTS_MARKER = "<!-- experiments-table -->"
TIMINGS = ROOT / "book" / "_data" / "timings.json"

# The CDN link that matplotlib's Animation.to_jshtml() writes (any font-awesome version).
FONT_AWESOME_CDN = re.compile(r"https?://[^\"'\s>]*font-awesome[^\"'\s>]*?\.css")
FONT_AWESOME_LOCAL = "_static/font-awesome/css/font-awesome.min.css"
# Tags whose URL the browser fetches as soon as the page loads.
FETCHED = re.compile(
    r"<(script|img|iframe|source|audio|video)\b[^>]*?\bsrc\s*=\s*[\"']?(https?:)?//[^\"'\s>]+"
    r"|<link\b[^>]*?\bhref\s*=\s*[\"']?(https?:)?//[^\"'\s>]+[^>]*>",
    re.IGNORECASE,
)
# <link> tags that are links, not fetched resources (canonical, alternate, ...).
NOT_FETCHED_LINK = re.compile(
    r"\brel\s*=\s*[\"']?(canonical|alternate|author|license|next|prev|search|index)\b", re.IGNORECASE
)


def public_modules(package="mlpkit"):
    """Every importable public module of ``package`` (names not starting with "_"), sorted."""
    pkg = importlib.import_module(package)
    names = [package]
    for info in pkgutil.walk_packages(pkg.__path__, prefix=package + "."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        names.append(info.name)
    return sorted(names)


def api_markdown(modules):
    blocks = []
    for name in modules:
        if name == "mlpkit":
            continue  # the package re-exports; each function is documented once, in its module
        blocks.append(
            f"## `{name}`\n\n```{{eval-rst}}\n.. automodule:: {name}\n   :members:\n"
            f"   :show-inheritance:\n```\n"
        )
    return "\n".join(blocks)


def toc_chapters(toc_path=ROOT / "_toc.yml"):
    """(docname, caption of its part) for every notebook chapter in _toc.yml, in order."""
    import yaml

    toc = yaml.safe_load(Path(toc_path).read_text(encoding="utf-8"))
    found = []

    def walk(entries, part):
        for entry in entries or []:
            file = entry.get("file")
            if file and (ROOT / f"{file}.ipynb").is_file():
                found.append((file, part))
            walk(entry.get("sections"), part)

    for part in toc.get("parts", []):
        walk(part.get("chapters"), part.get("caption", ""))
    walk(toc.get("chapters"), "")
    return found


def notebook_title(path):
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return Path(path).stem


def _seconds(s):
    return f"{s:.0f} s" if s >= 10 else f"{s:.1f} s"


def experiments_markdown(timings_path=TIMINGS):
    timings = (
        json.loads(Path(timings_path).read_text(encoding="utf-8")) if Path(timings_path).is_file() else {}
    )
    measured = timings.get("chapters", {})
    machine = timings.get("machine", {})
    out = []
    if machine:
        out.append(
            f"Measured on {timings.get('measured', 'an unknown date')}: "
            f"{machine.get('cpus', '?')} CPU cores, "
            f"Python {machine.get('python', '?')}, numpy {machine.get('numpy', '?')}, "
            f"{machine.get('platform', '?')}. Each notebook ran alone, top to bottom in a fresh kernel.\n"
        )
    total = 0.0
    rows = ["| Chapter | Experiments (sections) and their run times | Whole notebook |", "|---|---|---|"]
    for docname, _part in toc_chapters():
        title = notebook_title(ROOT / f"{docname}.ipynb")
        entry = measured.get(docname)
        if entry is None:
            rows.append(
                f"| {{doc}}`{title} </{docname}>` | not measured yet: run `python tools/time_notebooks.py` "
                f"| not measured |"
            )
            continue
        total += entry["seconds"]
        sections = (
            "<br>".join(
                f"{s['title']}: {_seconds(s['seconds'])}"
                for s in entry.get("sections", [])
                if s["seconds"] >= 0.05
            )
            or "&nbsp;"
        )
        rows.append(f"| {{doc}}`{title} </{docname}>` | {sections} | **{_seconds(entry['seconds'])}** |")
    out.append("\n".join(rows) + "\n")
    out.append(f"All chapters together: {_seconds(total)}.\n")
    return "\n".join(out)


def _source_read(app, docname, source):
    if docname == "book/api" and API_MARKER in source[0]:
        source[0] = source[0].replace(API_MARKER, api_markdown(public_modules()))
    if docname == "book/experiments" and EXPERIMENTS_MARKER in source[0]:
        source[0] = source[0].replace(EXPERIMENTS_MARKER, experiments_markdown())


def _escape_bars(line):
    """Escape ``|`` outside inline literals: docstrings write |x| for absolute values,
    which reStructuredText would read as a substitution reference."""
    parts = re.split(r"(``.*?``)", line)
    return "".join(p if p.startswith("``") else re.sub(r"(?<!\\)\|", r"\\|", p) for p in parts)


def plain_docstring_to_rst(lines):
    """Make mlpkit's plain-text docstrings valid reStructuredText, in place.

    mlpkit's docstrings are written to be read in a terminal: ``|x|`` for absolute
    values, and indented pseudo-code or equation blocks after an ordinary sentence. The
    first is escaped; the second becomes a plain-text literal block (``.. code-block:: text``
    is put before it), which is what its author meant.
    """
    out, literal = [], False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            out.append(line)
            continue
        indented = line[0] in " \t"
        if literal:
            if indented:
                out.append(line)
                continue
            literal = False
        if indented and out and not out[-1].strip():
            previous = next((p for p in reversed(out) if p.strip()), "")
            if previous and previous[0] not in " \t":
                directive = previous.startswith((".. ", ":"))
                if previous.rstrip().endswith("::") and not directive:
                    literal = True  # already a literal block
                elif not directive:
                    out[-1:] = [
                        "",
                        ".. code-block:: text",
                        "",
                    ]  # indented block after a sentence: preformatted
                    literal = True
                if literal:
                    out.append(line)
                    continue
        out.append(line if stripped.startswith((">>>", "...")) else _escape_bars(line))
    lines[:] = out


def _process_docstring(app, what, name, obj, options, lines):
    if name.startswith("mlpkit"):
        plain_docstring_to_rst(lines)


def _env_get_outdated(app, env, added, changed, removed):
    # The generated pages depend on files Sphinx does not track: rebuild them every time.
    return [d for d in ("book/api", "book/experiments") if d in env.found_docs]


def offline_problems(html):
    """URLs off the book that a browser would fetch on loading ``html`` (a page's text)."""
    found = []
    for match in FETCHED.finditer(html):
        tag = match.group(0)
        if tag.lower().startswith("<link") and NOT_FETCHED_LINK.search(tag):
            continue
        url = re.search(r"(?:https?:)?//[^\"'\s>]+", tag)
        found.append(url.group(0) if url else tag)
    return found


def dedupe_head_scripts(html):
    """Drop repeated identical ``<script>`` lines from a page's head.

    sphinx-thebe registers its inline configuration on a list the builder keeps between
    pages, so pages carry it twice and the browser reports "Identifier 'THEBE_JS_URL'
    has already been declared". Identical script lines in the head are the same script.
    """
    head_end = html.find("</head>")
    if head_end < 0:
        return html
    seen, kept = set(), []
    for line in html[:head_end].split("\n"):
        key = line.strip()
        if key.startswith("<script") and key.endswith("</script>"):
            if key in seen:
                continue
            seen.add(key)
        kept.append(line)
    return "\n".join(kept) + html[head_end:]


def accessible_roles(html):
    """Docutils marks each bibliography entry ``role="doc-biblioentry"`` inside a
    ``role="list"``: the DPUB role is deprecated, and a list's children must be list items
    (axe's aria-deprecated-role and aria-required-children rules)."""
    return html.replace('role="doc-biblioentry"', 'role="listitem"')


def localise(text, page, outdir):
    """A page's HTML with the font-awesome CDN link pointed at the book's own copy, its
    head scripts de-duplicated and its ARIA roles fixed. ``page`` is its path under ``outdir``."""
    if FONT_AWESOME_CDN.search(text):
        local = os.path.relpath(Path(outdir) / FONT_AWESOME_LOCAL, Path(page).parent).replace(os.sep, "/")
        text = FONT_AWESOME_CDN.sub(local, text)
    return accessible_roles(dedupe_head_scripts(text))


def _build_finished(app, exception):
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for page in outdir.rglob("*.html"):
        original = page.read_text(encoding="utf-8")
        text = localise(original, page, outdir)
        if text != original:
            page.write_text(text, encoding="utf-8")
        for url in offline_problems(text):
            logger.warning(
                f"{page.relative_to(outdir)} fetches {url} from outside the book "
                f"(vendor it: see tools/vendor_js.py)",
                type="book",
                subtype="offline",
            )


def _add_static(app, config):
    config.html_static_path.append(str(Path(__file__).resolve().parent / "static"))


def setup(app):
    app.connect("config-inited", _add_static)
    app.add_css_file("book-a11y.css")  # tools/static/book-a11y.css: contrast fixes to the theme
    app.setup_extension("sphinx.ext.autodoc")
    app.setup_extension("sphinx.ext.napoleon")
    app.connect("source-read", _source_read)
    # after napoleon (priority 500) has turned numpydoc sections into reST
    app.connect("autodoc-process-docstring", _process_docstring, priority=600)
    app.connect("env-get-outdated", _env_get_outdated)
    app.connect("build-finished", _build_finished, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
