"""Notebook hygiene and chapter structure, for every notebook in book/.

The first checks make sure nbval compares every cell: every code cell executed (nbval
never compares a cell stored without an execution count), counts 1, 2, 3, ... (top to
bottom in a fresh kernel), and no stored error except in a cell tagged ``raises-exception``.
Then: the table of contents lists exactly the notebooks in book/,
and each chapter has its title, learning goals, at least three exercises each with a
folded (dropdown) solution, a citation and a "Papers cited" section.
"""

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
NOTEBOOKS = sorted(
    p for p in BOOK.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts and "_build" not in p.parts
)


def _ids(paths):
    return [p.relative_to(ROOT).as_posix() for p in paths]


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return files


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def markdown(nb):
    return [source(c) for c in nb["cells"] if c["cell_type"] == "markdown"]


# ------------------------------------------------------------ executed, in order, no stray errors
def execution_problems(path):
    """What would make nbval skip or misjudge a notebook's cells, as a list of strings."""
    try:
        nb = load(path)
    except (OSError, ValueError) as e:
        return [f"unreadable ({e})"]
    found, counts = [], []
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code" or not source(cell).strip():
            continue
        n = cell.get("execution_count")
        if n is None:
            found.append(f"code cell {i} was never executed (nbval will not compare it)")
        else:
            counts.append(n)
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" and "raises-exception" not in cell.get("metadata", {}).get(
                "tags", []
            ):
                found.append(
                    f"code cell {i} stores an error: {out.get('ename')}: {out.get('evalue', '')[:80]}"
                )
    if counts and counts != list(range(1, len(counts) + 1)):
        found.append(
            f"execution counts {counts[:8]}... are not 1,2,3,...: re-run it top to bottom in a fresh kernel"
        )
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_executed_in_order_without_errors(path):
    problems = execution_problems(path)
    assert not problems, f"{path.name}: " + "; ".join(problems)


def test_execution_checks_catch_what_they_should(tmp_path):
    """The checks find an unexecuted cell, counts out of order, a stored error."""
    nb = {
        "cells": [
            {"cell_type": "code", "source": "1", "execution_count": 2, "metadata": {}, "outputs": []},
            {"cell_type": "code", "source": "2", "execution_count": None, "metadata": {}, "outputs": []},
            {
                "cell_type": "code",
                "source": "3",
                "execution_count": 1,
                "metadata": {},
                "outputs": [{"output_type": "error", "ename": "ValueError", "evalue": "x"}],
            },
            {
                "cell_type": "code",
                "source": "4",
                "execution_count": 3,
                "metadata": {"tags": ["raises-exception"]},
                "outputs": [{"output_type": "error", "ename": "TypeError", "evalue": "y"}],
            },
        ]
    }
    path = tmp_path / "bad.ipynb"
    path.write_text(json.dumps(nb))
    problems = execution_problems(path)
    assert any("never executed" in p for p in problems)
    assert any("ValueError" in p for p in problems) and not any("TypeError" in p for p in problems)
    assert any("not 1,2,3" in p for p in problems)


# ------------------------------------------------------------ table of contents
def test_every_notebook_is_in_the_toc_and_back():
    listed = set(toc_files())
    notebooks = {p.relative_to(ROOT).with_suffix("").as_posix() for p in NOTEBOOKS}
    missing_from_toc = sorted(notebooks - listed)
    assert not missing_from_toc, f"notebooks not in _toc.yml: {missing_from_toc}"
    for file in listed:
        candidates = [ROOT / f"{file}{ext}" for ext in ("", ".ipynb", ".md")]
        assert any(c.is_file() for c in candidates), f"_toc.yml lists {file}, which does not exist"


# ------------------------------------------------------------ chapter structure
CHAPTERS = [BOOK.parent / f"{f}.ipynb" for f in toc_files() if (ROOT / f"{f}.ipynb").is_file()]
DIRECTIVE = r"(?:`{3,}|:{3,})\s*\{%s\}"


def gated_solution_problems(nb):
    """Each ``{solution-start}`` is closed by a ``{solution-end}`` and holds at least one code
    cell tagged ``solution`` (the executed, asserted answer that nbval checks)."""
    problems, open_label, code_cells = [], None, 0
    start = re.compile(DIRECTIVE % "solution-start" + r"\s*(\S+)")
    end = re.compile(DIRECTIVE % "solution-end")
    for cell in nb["cells"]:
        text = source(cell)
        if cell["cell_type"] == "code":
            if open_label is not None and "solution" in cell.get("metadata", {}).get("tags", []):
                code_cells += 1
            continue
        for match in sorted([*start.finditer(text), *end.finditer(text)], key=lambda m: m.start()):
            if match.re is start:
                if open_label is not None:
                    problems.append(f"solution {open_label} is not closed before the next one")
                open_label, code_cells = match.group(1), 0
            else:
                if open_label is None:
                    problems.append("a {solution-end} without a {solution-start}")
                elif not code_cells:
                    problems.append(f"solution {open_label} has no code cell tagged 'solution'")
                open_label = None
    if open_label is not None:
        problems.append(f"solution {open_label} has no {{solution-end}}")
    return problems


CODE_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*(\{code(-cell)?\}\s*)?(python|py|ipython3?)?\s*$", re.M)


def fenced_solution_code(nb):
    """Labels of solutions whose code sits in a markdown fence, where nothing runs it: inside a
    plain ``{solution}`` directive, or in a markdown cell between ``{solution-start}`` and
    ``{solution-end}``. Every solution's code belongs in an executed code cell."""
    found, open_label = [], None
    any_directive = re.compile(
        r"(?:`{3,}|:{3,})\s*\{(exercise|solution|solution-start|solution-end)\}\s*(\S*)"
    )

    def has_code_fence(text):
        # a fence that opens a directive (```{exercise}) is not code; a bare or python fence is
        fences = [f for f in CODE_FENCE.finditer(text) if not re.match(r"\s*`{3,}\s*\{(?!code)", f.group(0))]
        return len(fences) >= 2

    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = source(cell)
        marks = list(any_directive.finditer(text))
        # the text before the first directive belongs to a gated solution left open above
        head = text[: marks[0].start()] if marks else text
        if open_label is not None and has_code_fence(head):
            found.append(open_label)
        for i, m in enumerate(marks):
            kind, label = m.group(1), m.group(2)
            segment = text[m.end() : marks[i + 1].start() if i + 1 < len(marks) else len(text)]
            if kind == "solution-start":
                open_label = label
            elif kind == "solution-end":
                open_label = None
                continue
            if kind in ("solution", "solution-start") and has_code_fence(segment):
                found.append(label)
    return found


def test_fenced_solution_check_catches_what_it_should():
    md = lambda s: {"cell_type": "markdown", "source": s, "metadata": {}}  # noqa: E731
    fenced = {"cells": [md(":::{solution} ex-a\n:class: dropdown\nLike this:\n```python\nx = 1\n```\n:::")]}
    assert fenced_solution_code(fenced) == ["ex-a"]
    gated = {"cells": [md(":::{solution-start} ex-b\n:::\n```\ny = 2\n```"), md(":::{solution-end}\n:::")]}
    assert fenced_solution_code(gated) == ["ex-b"]
    prose = {"cells": [md(":::{solution} ex-c\nNo code, only words: $x = 1$.\n:::")]}
    assert fenced_solution_code(prose) == []


@pytest.mark.parametrize("path", CHAPTERS, ids=_ids(CHAPTERS))
def test_no_solution_code_in_a_markdown_fence(path):
    labels = fenced_solution_code(load(path))
    assert not labels, f"{path.name}: solution code in a markdown fence (not run by any test): {labels}"


def test_gated_solution_check_catches_what_it_should():
    md = lambda s: {"cell_type": "markdown", "source": s, "metadata": {}}  # noqa: E731
    code = lambda tags: {"cell_type": "code", "source": "1", "metadata": {"tags": tags}}  # noqa: E731
    good = {
        "cells": [
            md(":::{solution-start} ex-a\n:class: dropdown\n:::\nText"),
            code(["solution"]),
            md(":::{solution-end}\n:::"),
        ]
    }
    assert gated_solution_problems(good) == []
    untagged = {"cells": [md(":::{solution-start} ex-a\n:::"), code([]), md(":::{solution-end}\n:::")]}
    assert any("no code cell" in p for p in gated_solution_problems(untagged))
    unclosed = {"cells": [md(":::{solution-start} ex-a\n:::"), code(["solution"])]}
    assert any("no {solution-end}" in p for p in gated_solution_problems(unclosed))


@pytest.mark.parametrize("path", CHAPTERS, ids=_ids(CHAPTERS))
def test_chapter_structure(path):
    cells = markdown(load(path))
    assert cells, f"{path.name}: no markdown"
    text = "\n".join(cells)
    first = cells[0].lstrip().splitlines()[0]
    assert re.match(r"# \d+\. \S", first), (
        f"{path.name}: the first markdown cell should open with '# N. Title', got {first!r}"
    )

    # learning goals: "What you will learn" (or "Learning goals") and 3-6 bullets, near the top
    opening = "\n".join(cells[:3])
    goals = re.search(r"(what you will learn|learning goals|you will learn)(.*)", opening, re.I | re.S)
    assert goals, f"{path.name}: no 'What you will learn' section near the top"
    bullets = re.findall(r"^\s*(?:[-*+]|\d+\.)\s+\S", goals.group(2), re.M)
    assert len(bullets) >= 3, f"{path.name}: the learning goals list {len(bullets)} bullets, expected 3 to 6"

    # exercises, each with a solution folded away
    exercises = re.findall(DIRECTIVE % "exercise" + r"[^\n]*\n(?:.*\n)*?:label:\s*(\S+)", text)
    labels = re.findall(r":label:\s*(\S+)", text)
    n_ex = len(re.findall(DIRECTIVE % "exercise", text))
    assert n_ex >= 3, f"{path.name}: {n_ex} exercises, expected at least 3"
    # a solution is a {solution} block or a gated {solution-start} ... {solution-end}
    solutions = re.findall(DIRECTIVE % "solution(?:-start)?" + r"\s*(\S+)((?:\n:[a-z-]+:[^\n]*)*)", text)
    solved = {label for label, _ in solutions}
    unsolved = [e for e in exercises if e not in solved]
    assert not unsolved, f"{path.name}: exercises without a solution: {unsolved}"
    not_folded = [
        label for label, options in solutions if not re.search(r":class:[^\n]*\bdropdown\b", options)
    ]
    assert not not_folded, f"{path.name}: solutions not folded (add ':class: dropdown'): {not_folded}"
    gating = gated_solution_problems(load(path))
    assert not gating, f"{path.name}: " + "; ".join(gating)
    assert len(labels) == len(set(labels)), (
        f"{path.name}: duplicate labels {sorted({lab for lab in labels if labels.count(lab) > 1})}"
    )

    # papers: cited in the text and listed at the end
    assert re.search(r"\{cite(?::[a-z]+)?\}`", text), f"{path.name}: no {{cite}} of a paper"
    assert re.search(r"^#+\s*Papers cited", text, re.M | re.I), f"{path.name}: no 'Papers cited' section"
    assert "{bibliography}" not in text, f"{path.name}: a chapter must not have its own {{bibliography}}"


def test_labels_are_unique_across_the_book():
    seen = {}
    for path in CHAPTERS:
        text = "\n".join(markdown(load(path)))
        for label in re.findall(r":label:\s*(\S+)", text) + re.findall(r"\$\$\s*\((eq-[^)\s]+)\)", text):
            seen.setdefault(label, []).append(path.name)
    dups = {k: v for k, v in seen.items() if len(v) > 1}
    assert not dups, f"labels used in more than one chapter: {dups}"
