"""The student edition: every chapter with its exercises and without their solutions.

    python tools/student.py [--out _build/student] [--html]

For each chapter in ``book/`` this writes ``OUT/book/NN_name.ipynb`` where

* every gated solution (the markdown cell ``:::{solution-start}``, the cells after it, up to
  and including ``:::{solution-end}``) is removed, prose and code;
* a solution code cell that holds ``# BEGIN SOLUTION`` / ``# END SOLUTION`` markers leaves
  a stub in its place, tagged ``exercise``: the lines between the markers become
  ``raise NotImplementedError("your answer here")`` (at the marker's indentation), the
  lines before them (the function's signature) and the rest of the answer's block stay; of the
  top-level lines after the last answer only the ``check.ex_...(...)`` calls stay (the
  solution's own experiments and assertions would need the answer);
* every output is cleared (the student runs the chapter), so no printed number or figure
  of a solution can be copied from the edition.

The other pages (intro, notation, ...), the table of contents and the configuration are
copied beside them, so that ``--html`` builds the edition's book into ``OUT/html``.
"""

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BEGIN = re.compile(r"^(\s*)#\s*BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*#\s*END SOLUTION\s*$")
STUB = 'raise NotImplementedError("your answer here")'
SOLUTION_END = re.compile(r"^\s*:::\{solution-end\}[^\n]*\n:::[ \t]*\n?")


def stub(source):
    """The student's version of a solution cell, or None when the cell has no markers."""
    lines = source.splitlines()
    if not any(BEGIN.match(line) or END.match(line) for line in lines):
        return None
    out, inside = [], False
    for number, line in enumerate(lines, 1):
        begin = BEGIN.match(line)
        if begin:
            if inside:
                raise ValueError(f"line {number}: BEGIN SOLUTION inside another BEGIN SOLUTION")
            inside = True
            out.append(f"{begin.group(1)}# Your answer here.")
            out.append(f"{begin.group(1)}{STUB}")
        elif END.match(line):
            if not inside:
                raise ValueError(f"line {number}: END SOLUTION without BEGIN SOLUTION")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError("BEGIN SOLUTION without END SOLUTION")
    # After the last answer, keep the rest of its block (e.g. the function's return line),
    # then only the check calls: the solution's own code and assertions would need the answer.
    last = max(i for i, line in enumerate(out) if line.strip() == STUB)
    tail, in_block = [], True
    for line in out[last + 1 :]:
        if in_block and (not line.strip() or line[:1].isspace()):
            tail.append(line)
            continue
        in_block = False
        if line.startswith("check."):
            tail += [line] if tail and not tail[-1].strip() else ["", line]
    return "\n".join(out[: last + 1] + tail).rstrip() + "\n"


def _starts_solution(cell):
    return cell.cell_type == "markdown" and cell.source.lstrip().startswith(":::{solution-start}")


def _ends_solution(cell):
    return cell.cell_type == "markdown" and cell.source.lstrip().startswith(":::{solution-end}")


def student_notebook(nb):
    """A copy of the chapter ``nb`` without solutions and outputs, with stubs to fill in."""
    cells, inside = [], False
    for index, cell in enumerate(nb.cells):
        if _starts_solution(cell):
            if inside:
                raise ValueError(f"cell {index}: a solution starts inside another solution")
            inside = True
            continue
        if _ends_solution(cell):
            if not inside:
                raise ValueError(f"cell {index}: solution-end without solution-start")
            inside = False
            rest = SOLUTION_END.sub("", cell.source, count=1).strip()
            if rest:  # what follows the directive in the same cell (e.g. the next exercise) stays
                cells.append(nbformat.v4.new_markdown_cell(rest))
            continue
        if inside:
            if cell.cell_type == "code":
                try:
                    code = stub(cell.source)
                except ValueError as error:
                    raise ValueError(f"cell {index}: {error}") from None
                if code is not None:
                    cells.append(nbformat.v4.new_code_cell(code, metadata={"tags": ["exercise"]}))
            continue
        if "solution" in cell.metadata.get("tags", []):
            raise ValueError(f"cell {index}: a cell tagged 'solution' outside a gated solution")
        cell = nbformat.from_dict(dict(cell))
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    if inside:
        raise ValueError("a solution-start without its solution-end")
    edition = nbformat.v4.new_notebook(metadata=dict(nb.metadata), cells=cells)
    for number, cell in enumerate(edition.cells):
        cell.setdefault("id", f"cell-{number}")  # nbformat 4.5 cells carry an id
    edition.metadata["mlpkit"] = {"edition": "student"}
    return edition


def write_edition(out, chapters=None):
    """Write the student edition into ``out``; return the notebooks written."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    (out / "book").mkdir(parents=True)
    written = []
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        if chapters and path.stem not in chapters:
            continue
        edition = student_notebook(nbformat.read(path, as_version=4))
        target = out / "book" / path.name
        nbformat.write(edition, target)
        written.append(target)
    for path in (ROOT / "book").iterdir():
        if path.suffix in {".md", ".bib"} or path.name == "_data":
            copy = shutil.copytree if path.is_dir() else shutil.copy2
            copy(path, out / "book" / path.name)
    for name in ["_config.yml", "_toc.yml"]:
        shutil.copy2(ROOT / name, out / name)
    shutil.copytree(ROOT / "tools", out / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / "_vendor").is_dir():
        shutil.copytree(ROOT / "_vendor", out / "_vendor")
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "_build" / "student"), help="folder to write (replaced)")
    parser.add_argument(
        "--html", action="store_true", help="also build the edition's HTML book into OUT/html"
    )
    parser.add_argument("chapters", nargs="*", help="chapter stems (e.g. 03_backpropagation); default: all")
    args = parser.parse_args(argv)
    written = write_edition(args.out, set(args.chapters))
    stubs = sum(
        "exercise" in cell.metadata.get("tags", [])
        for path in written
        for cell in nbformat.read(path, as_version=4).cells
    )
    print(f"student edition: {len(written)} chapters, {stubs} answer cells to fill, in {args.out}/book")
    if args.html:
        jb = Path(sys.executable).with_name("jupyter-book")
        html = Path(args.out) / "html"
        subprocess.run(
            [str(jb), "build", args.out, "--path-output", args.out, "-W", "-n", "--keep-going"], check=True
        )
        shutil.move(str(Path(args.out) / "_build" / "html"), html)
        print(f"student edition's book: {html}/index.html")


if __name__ == "__main__":
    main()
