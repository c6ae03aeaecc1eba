#!/usr/bin/env python3
"""Vendor the JavaScript the rendered book needs, so that no page fetches from a CDN.

Writes ``_vendor/`` at the repository root (git-ignored; Sphinx copies its contents
into ``_build/html/_static/`` because ``_config.yml`` lists it in ``html_static_path``):

    _vendor/widgets/require.js        requirejs (MIT)               loads the widget bundle
    _vendor/widgets/embed-amd.js (+fonts) @jupyter-widgets/html-manager renders saved widget state
                                          (BSD-3-Clause)
    _vendor/font-awesome/css, fonts       font-awesome 4.7 (OFL-1.1 / MIT): the play buttons of
                                          matplotlib's ``to_jshtml`` animations

For the tests only (not served by the book), into ``_vendor_tests/`` (git-ignored):

    _vendor_tests/axe/axe.min.js          axe-core (MPL-2.0): the accessibility rules that
                                          tests/test_book.py runs on every page

The packages come from the npm registry through ``npm pack`` (no ``node_modules`` and no
build step). MathJax is not here: the PyPI package ``sphinx-mathjax-offline`` serves it.

Usage: ``python3 tools/vendor_js.py [--force]`` (``make vendor``). Does nothing when every
file is already there, so it is cheap to run before every build.
"""

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "_vendor"

# package spec -> list of (path inside the tarball, destination under _vendor); a path
# ending in "/" copies the files of that folder matching the suffixes.
PACKAGES = {
    "requirejs@2.3.8": [("package/require.js", "widgets/require.js")],  # licence in its header
    "@jupyter-widgets/html-manager@1.0.15": [
        ("package/dist/embed-amd.js", "widgets/embed-amd.js"),
        ("package/dist/", "widgets/"),  # the fonts its CSS refers to, next to the bundle
        ("package/dist/embed.js.LICENSE.txt", "widgets/embed.js.LICENSE.txt"),
    ],
    "font-awesome@4.7.0": [
        ("package/css/font-awesome.min.css", "font-awesome/css/font-awesome.min.css"),
        ("package/fonts/", "font-awesome/fonts/"),
        ("package/README.md", "font-awesome/README.md"),
    ],
}
# Test-only packages, kept out of the built book.
TEST_VENDOR = ROOT / "_vendor_tests"
TEST_PACKAGES = {
    "axe-core@4.11.0": [("package/axe.min.js", "axe/axe.min.js"), ("package/LICENSE", "axe/LICENSE")]
}
TEST_REQUIRED = ["axe/axe.min.js"]
FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".eot", ".svg", ".otf")
# What the book's configuration points at: if these exist, the vendoring is done.
REQUIRED = [
    "widgets/require.js",
    "widgets/book-widgets.js",
    "widgets/embed-amd.js",
    "font-awesome/css/font-awesome.min.css",
    "font-awesome/fonts/fontawesome-webfont.woff2",
]


def npm_pack(spec, workdir):
    npm = shutil.which("npm")
    if npm is None:
        sys.exit(
            "vendor_js: npm is needed to fetch the book's JavaScript (install Node.js), "
            "or copy an existing _vendor/ folder here"
        )
    out = subprocess.run(
        [npm, "pack", spec, "--silent", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
        cwd=workdir,
    )
    name = out.stdout.strip().splitlines()[-1]
    return workdir / name


def extract(tarball, items, dest_root):
    with tarfile.open(tarball) as tar:
        members = {m.name: m for m in tar.getmembers() if m.isfile()}
        for src, dest in items:
            if src.endswith("/"):
                chosen = [
                    n
                    for n in members
                    if n.startswith(src) and "/" not in n[len(src) :] and n.endswith(FONT_SUFFIXES)
                ]
                pairs = [(n, dest + n[len(src) :]) for n in chosen]
            else:
                pairs = [(src, dest)]
            for name, target in pairs:
                target = dest_root / target
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(members[name]) as fin:
                    target.write_bytes(fin.read())


def copy_glue():
    """The book's own glue script (kept in tools/, under version control)."""
    target = VENDOR / "widgets" / "book-widgets.js"
    source = ROOT / "tools" / "book-widgets.js"
    if not target.is_file() or target.read_bytes() != source.read_bytes():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="fetch again even when complete")
    args = parser.parse_args(argv)
    if args.force or not all((TEST_VENDOR / rel).is_file() for rel in TEST_REQUIRED):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            for spec, items in TEST_PACKAGES.items():
                extract(npm_pack(spec, tmp), items, TEST_VENDOR)
    if not args.force and all((VENDOR / rel).is_file() for rel in REQUIRED if "book-widgets" not in rel):
        copy_glue()
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        staging = tmp / "_vendor"
        for spec, items in PACKAGES.items():
            extract(npm_pack(spec, tmp), items, staging)
        if VENDOR.exists():
            shutil.rmtree(VENDOR)
        shutil.copytree(staging, VENDOR)
    copy_glue()
    missing = [rel for rel in REQUIRED if not (VENDOR / rel).is_file()]
    if missing:
        sys.exit(f"vendor_js: missing after vendoring: {missing}")
    print(f"vendor_js: wrote {sum(1 for p in VENDOR.rglob('*') if p.is_file())} files to {VENDOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
