#!/usr/bin/env python3
"""Measure how long each chapter's experiments take; write ``book/_data/timings.json``.

Each notebook listed in ``_toc.yml`` (or each one named on the command line) is executed
top to bottom in a fresh kernel, from ``book/``, one at a time. The notebook file is not
changed, unless ``--inplace`` is given: then the executed notebook is saved over it, so
one pass re-executes the book and refreshes its timings (``make execute``). nbclient records
when each code cell started and finished; the seconds of the
cells under each ``##`` heading are summed into that section's time, and the whole
run (kernel start included) is the chapter's time. ``book/experiments.md`` renders the
JSON as a table when the book is built (see ``tools/book_ext.py``).

Usage:
    .venv/bin/python tools/time_notebooks.py                 # every chapter in _toc.yml
    .venv/bin/python tools/time_notebooks.py book/03_*.ipynb  # some; the others keep their times
    .venv/bin/python tools/time_notebooks.py --inplace        # also save the executed notebooks
"""

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "book" / "_data" / "timings.json"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_ext import toc_chapters  # noqa: E402  (same folder; the one reading of _toc.yml)


def _stamp(value):
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def cell_seconds(cell):
    """Seconds the kernel spent on a code cell, from nbclient's timing metadata."""
    meta = cell.get("metadata", {}).get("execution", {})
    start = meta.get("iopub.execute_input") or meta.get("shell.execute_request")
    end = meta.get("shell.execute_reply") or meta.get("iopub.status.idle")
    if not (start and end):
        return 0.0
    return max(0.0, (_stamp(end) - _stamp(start)).total_seconds())


def sections(nb):
    """[(heading, seconds)] for the ``##`` sections of an executed notebook, in order.

    Cells before the first ``##`` heading count as "Setup".
    """
    result = [["Setup", 0.0]]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("## "):
                    result.append([line[3:].strip().strip("#").strip(), 0.0])
        elif cell.cell_type == "code":
            result[-1][1] += cell_seconds(cell)
    return [(title, round(seconds, 2)) for title, seconds in result if title != "Setup" or seconds > 0]


def time_notebook(path, timeout=900, inplace=False):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=True,
        resources={"metadata": {"path": str(Path(path).parent)}},
    )
    start = time.perf_counter()
    client.execute()
    total = time.perf_counter() - start
    if inplace:
        nbformat.write(nb, path)
    return {
        "seconds": round(total, 2),
        "code_cells": sum(1 for c in nb.cells if c.cell_type == "code"),
        "sections": [{"title": t, "seconds": s} for t, s in sections(nb)],
    }


def machine():
    import numpy as np

    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "platform": f"{platform.system()} {platform.machine()}",
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to time (default: every chapter in _toc.yml)")
    parser.add_argument("--timeout", type=int, default=900, help="seconds allowed per cell")
    parser.add_argument("--inplace", action="store_true", help="save each executed notebook over its file")
    args = parser.parse_args(argv)

    chapters = [doc for doc, _ in toc_chapters()]
    if args.notebooks:
        wanted = [Path(p).resolve().relative_to(ROOT).with_suffix("").as_posix() for p in args.notebooks]
    else:
        wanted = chapters
    data = json.loads(OUT.read_text(encoding="utf-8")) if OUT.is_file() else {}
    measured = data.get("chapters", {})
    for doc in wanted:
        print(f"timing {doc} ...", end=" ", flush=True)
        measured[doc] = time_notebook(ROOT / f"{doc}.ipynb", timeout=args.timeout, inplace=args.inplace)
        print(f"{measured[doc]['seconds']:.1f} s")
    # keep the chapters still in the book, in the book's order
    ordered = {doc: measured[doc] for doc in chapters if doc in measured}
    data = {"measured": dt.date.today().isoformat(), "machine": machine(), "chapters": ordered}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(ordered)} chapters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
