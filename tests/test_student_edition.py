"""The student edition (tools/student.py): stubs where answers go, and nothing that leaks.

The leak test runs over the real chapters: no solution prose, no solution cell, no line of
reference code that the rest of the chapter does not show anyway, and no output at all (so
no printed number or figure of a solution can be copied into an answer).
"""

import re
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from student import STUB, stub, student_notebook, write_edition  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


def test_a_stub_keeps_the_signature_the_rest_of_the_block_and_the_check_calls():
    answer = (
        "def sigmoid_grad(a):\n"
        '    """The derivative."""\n'
        "    # BEGIN SOLUTION\n"
        "    s = 1 / (1 + np.exp(-a))\n"
        "    g = s * (1 - s)\n"
        "    # END SOLUTION\n"
        "    return g\n"
        "\n"
        "check.ex_ch3_sigmoid(sigmoid_grad)\n"
        "assert sigmoid_grad(0.0) == 0.25\n"
        "print(sigmoid_grad(1.0))\n"
    )
    assert stub(answer) == (
        "def sigmoid_grad(a):\n"
        '    """The derivative."""\n'
        "    # Your answer here.\n"
        f"    {STUB}\n"
        "    return g\n"
        "\n"
        "check.ex_ch3_sigmoid(sigmoid_grad)\n"
    )
    assert stub("x = 1\nprint(x)\n") is None  # no markers: the cell is the solution's own code


@pytest.mark.parametrize(
    "source, message",
    [
        ("# BEGIN SOLUTION\nx = 1\n", "BEGIN SOLUTION without END SOLUTION"),
        ("x = 1\n# END SOLUTION\n", "line 2: END SOLUTION without BEGIN SOLUTION"),
        ("# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION\n", "line 2: BEGIN SOLUTION inside another"),
    ],
)
def test_unbalanced_markers_are_refused_with_the_line(source, message):
    with pytest.raises(ValueError, match=message):
        stub(source)


def _chapter(*cells):
    return nbformat.v4.new_notebook(cells=list(cells))


def _md(text):
    return nbformat.v4.new_markdown_cell(text)


def _code(text, tags=(), outputs=()):
    cell = nbformat.v4.new_code_cell(text, metadata={"tags": list(tags)} if tags else {})
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=o) for o in outputs]
    cell.execution_count = 1
    return cell


def test_a_gated_solution_becomes_its_stub_and_everything_else_loses_its_outputs():
    nb = _chapter(
        _md("# 3. Title"),
        _code("x = 2 * 21\nprint(x)", outputs=["42\n"]),
        _md(":::{exercise}\n:label: ex-ch3-double\nDouble it.\n:::"),
        _md(":::{solution-start} ex-ch3-double\n:class: dropdown\n:::\nThe secret explanation."),
        _code(
            "def double(v):\n    # BEGIN SOLUTION\n    return 2 * v\n    # END SOLUTION\n\n"
            "check.ex_ch3_double(double)\n",
            tags=["solution"],
            outputs=["✓ ex-ch3-double: passed\n"],
        ),
        _code("assert double(4) == 8  # the solution's own claim", tags=["solution"]),
        _md("More secret prose."),
        _md(":::{solution-end}\n:::\n\n## Next section"),
    )
    edition = student_notebook(nb)
    sources = [cell.source for cell in edition.cells]
    assert sources[:3] == [
        "# 3. Title",
        "x = 2 * 21\nprint(x)",
        ":::{exercise}\n:label: ex-ch3-double\nDouble it.\n:::",
    ]
    assert (
        sources[3] == f"def double(v):\n    # Your answer here.\n    {STUB}\n\ncheck.ex_ch3_double(double)\n"
    )
    assert edition.cells[3].metadata["tags"] == ["exercise"]
    assert sources[4:] == ["## Next section"]
    assert all(
        not cell.get("outputs") and cell.get("execution_count") is None
        for cell in edition.cells
        if cell.cell_type == "code"
    )
    nbformat.validate(edition)


def test_a_broken_gate_is_refused_with_the_cell():
    with pytest.raises(ValueError, match="a solution-start without its solution-end"):
        student_notebook(_chapter(_md(":::{solution-start} ex-ch3-a\n:::")))
    with pytest.raises(ValueError, match="cell 0: solution-end without solution-start"):
        student_notebook(_chapter(_md(":::{solution-end}\n:::")))
    with pytest.raises(ValueError, match="cell 1: a cell tagged 'solution' outside a gated solution"):
        student_notebook(_chapter(_md("# 1."), _code("x = 1", tags=["solution"])))


def _solution_material(nb):
    """Lines only the chapter's solutions contain: their prose, their code, and the reference
    answers between the markers (the signature and check call around them are the stub's)."""
    inside, secret, public = False, set(), set()
    for cell in nb.cells:
        text = cell.source
        if cell.cell_type == "markdown" and text.lstrip().startswith(":::{solution-start}"):
            inside = True
        if inside and cell.cell_type == "code" and stub(text) is not None:
            kept = {line.strip() for line in stub(text).splitlines()}
            lines = {line.strip() for line in text.splitlines()} - kept
        else:
            lines = {line.strip() for line in text.splitlines()}
        if cell.cell_type == "markdown" and text.lstrip().startswith(":::{solution-end}"):
            inside = False  # what follows the directive in its cell is the chapter's again
        lines = {line for line in lines if len(line) >= 25}
        (secret if inside else public).update(lines)
    return secret - public


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    written = write_edition(out)
    return {path.name: nbformat.read(path, as_version=4) for path in written}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_the_student_edition_leaks_no_solution(edition, path):
    student = edition[path.name]
    full = nbformat.read(path, as_version=4)
    text = "\n".join(cell.source for cell in student.cells)
    assert "solution-start" not in text and "solution-end" not in text and "BEGIN SOLUTION" not in text
    assert not any("solution" in cell.metadata.get("tags", []) for cell in student.cells)
    assert not any(cell.get("outputs") for cell in student.cells if cell.cell_type == "code")
    lines = {line.strip() for line in text.splitlines()}
    leaked = sorted(_solution_material(full) & lines)
    assert not leaked, f"solution lines in the student edition: {leaked[:3]}"
    exercises = sum(":::{exercise}" in cell.source for cell in full.cells if cell.cell_type == "markdown")
    assert (
        sum(":::{exercise}" in cell.source for cell in student.cells if cell.cell_type == "markdown")
        == exercises
    )
    # every check the full chapter calls is called, on a stub, in the student edition
    calls = {
        line.split("(")[0]
        for cell in full.cells
        for line in cell.source.splitlines()
        if line.startswith("check.")
    }
    stubs = [cell.source for cell in student.cells if "exercise" in cell.metadata.get("tags", [])]
    assert calls == {
        line.split("(")[0] for s in stubs for line in s.splitlines() if line.startswith("check.")
    }
    assert all(STUB in s for s in stubs)


def test_every_exercise_has_a_check_or_a_rubric():
    """An exercise that asks for code or a number has a self-check (mlpkit/exercises/chNN.py);
    the others say at the top of their solution what a full answer contains."""
    from mlpkit.exercises import labels

    checked = set(labels())
    missing = []
    for path in CHAPTERS:
        for cell in nbformat.read(path, as_version=4).cells:
            start = (
                re.match(r":::\{solution-start\} (\S+)", cell.source)
                if cell.cell_type == "markdown"
                else None
            )
            if (
                start
                and start.group(1) not in checked
                and not re.search(r"full answer|rubric", cell.source, re.I)
            ):
                missing.append(f"{path.stem}: {start.group(1)}")
    assert not missing, f"exercises with neither a check nor a rubric: {missing}"
    chapters_of_checks = {int(label.split("-")[1][2:]) for label in checked}
    assert len(checked) >= 40 and len(chapters_of_checks) >= 14
