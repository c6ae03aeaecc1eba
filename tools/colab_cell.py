"""Make the chapters run in Google Colab: install mlpkit there, and only there.

A chapter opened from the book's Colab button runs on Google's machine, which has numpy and
matplotlib but not mlpkit, so its first ``import mlpkit`` fails. This puts three lines at
the top of each chapter's first code cell::

    import sys
    if "google.colab" in sys.modules:  # Colab has no mlpkit: install it from the course's repository
        %pip install --quiet "mlpkit[data,plot,widgets] @ git+https://github.com/OWNER/REPO"

(a PEP 508 direct reference: the extras go before the ``@``; the URL is ``repository: url``
in ``_config.yml``). Outside Colab the ``if`` is false and the cell prints what it printed
before, so outputs and execution counts are left as they are and nbval still agrees with
the stored outputs. Running it twice changes nothing; a guard with another URL (the
repository moved) is replaced.

    python tools/colab_cell.py [NOTEBOOK ...]      (default: every chapter in _toc.yml)
    python tools/colab_cell.py --check             (exit 1 if a chapter lacks the guard)
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTRAS = "data,plot,widgets"
MARKER = 'if "google.colab" in sys.modules:'


def repository_url(config=ROOT / "_config.yml"):
    """``repository: url`` of the book's _config.yml, without a trailing slash or .git."""
    import yaml

    url = yaml.safe_load(Path(config).read_text(encoding="utf-8"))["repository"]["url"]
    return url.rstrip("/").removesuffix(".git")


def guard_lines(url):
    """The three lines, each ending in a newline."""
    return [
        "import sys\n",
        f"{MARKER}  # Colab has no mlpkit: install it from the course's repository\n",
        f'    %pip install --quiet "mlpkit[{EXTRAS}] @ git+{url}"\n',
    ]


def _source_lines(cell):
    source = cell.get("source", "")
    text = "".join(source) if isinstance(source, list) else source
    return text.splitlines(keepends=True)


def first_code_cell(nb):
    return next((c for c in nb.get("cells", []) if c.get("cell_type") == "code"), None)


def has_guard(nb, url):
    """True if the first code cell starts with the guard for ``url``."""
    cell = first_code_cell(nb)
    if cell is None:
        return False
    lines = _source_lines(cell)
    return [line.rstrip("\n") for line in lines[:3]] == [line.rstrip("\n") for line in guard_lines(url)]


def add_guard(nb, url):
    """Put the guard at the top of ``nb``'s first code cell (in place); True if it changed.

    Only that cell's source changes: its outputs, execution count, metadata and every
    other cell are untouched. An existing guard (any URL) is replaced, not repeated.
    """
    cell = first_code_cell(nb)
    if cell is None or has_guard(nb, url):
        return False
    lines = _source_lines(cell)
    if len(lines) >= 3 and lines[1].startswith(MARKER) and "%pip install" in lines[2]:
        lines = lines[3:]  # a guard for another URL: replace it
        while lines and not lines[0].strip():
            lines = lines[1:]
    body = lines  # its last line keeps having no newline, as Jupyter stores it
    new = guard_lines(url) + (["\n"] + body if body else [])
    if not body:
        new[-1] = new[-1].rstrip("\n")
    cell["source"] = new if isinstance(cell.get("source"), list) else "".join(new)
    return True


def dumps(nb):
    """The notebook as Jupyter writes it (nbformat: sorted keys, indent 1, UTF-8)."""
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def apply(path, url):
    """Add the guard to the notebook file ``path``; True if the file changed."""
    path = Path(path)
    nb = json.loads(path.read_text(encoding="utf-8"))
    if not add_guard(nb, url):
        return False
    path.write_text(dumps(nb), encoding="utf-8")
    return True


def chapters(toc=ROOT / "_toc.yml"):
    """Every notebook chapter in _toc.yml, in order (without Sphinx: the [test] extra suffices)."""
    import yaml

    found = []

    def walk(entries):
        for entry in entries or []:
            file = entry.get("file")
            if file and (ROOT / f"{file}.ipynb").is_file():
                found.append(ROOT / f"{file}.ipynb")
            walk(entry.get("sections"))

    data = yaml.safe_load(Path(toc).read_text(encoding="utf-8"))
    for part in data.get("parts", []):
        walk(part.get("chapters"))
    walk(data.get("chapters"))
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every chapter in _toc.yml")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a guard is missing")
    args = parser.parse_args(argv)
    url = repository_url()
    paths = args.notebooks or chapters()
    missing = []
    for path in paths:
        if args.check:
            if not has_guard(json.loads(path.read_text(encoding="utf-8")), url):
                missing.append(path)
        elif apply(path, url):
            print(f"colab_cell: {path}: guard added")
    if missing:
        print("colab_cell: no Colab guard in " + ", ".join(str(p) for p in missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
