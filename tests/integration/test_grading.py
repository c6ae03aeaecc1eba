"""The student edition and the grader, end to end, as a class would use them.

Four students hand in chapter 3 of the student edition (``tools/student.py``): Alice fills
every stub with a right answer, Bob with answers that are wrong in typical ways, Carol's
first answer crashes and her second never ends, and Dave's file is not a notebook.
``tools/grade.py`` runs them offline, each in a fresh kernel, and the CSV must give each
student the points, and each lost point the reason, that the answers deserve.
"""

import csv
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import grade  # noqa: E402
from student import BEGIN, END, STUB, write_edition  # noqa: E402

from mlpkit.exercises import labels  # noqa: E402

pytestmark = pytest.mark.slow  # four notebook runs in fresh kernels
CHAPTER = "03_backpropagation"


def _answers(full):
    """The reference answers of the full chapter, in order: the lines between the markers."""
    answers = []
    for cell in full.cells:
        if cell.cell_type != "code" or "solution" not in cell.metadata.get("tags", []):
            continue
        inside, lines = False, []
        for line in cell.source.splitlines():
            if BEGIN.match(line):
                inside, lines = True, []
            elif END.match(line):
                inside = False
                answers.append("\n".join(lines))
            elif inside:
                lines.append(line)
    return answers


def _fill(edition, answers):
    """A copy of the student edition with the k-th stub replaced by ``answers[k]``."""
    nb = nbformat.from_dict(edition)
    stubs = [cell for cell in nb.cells if "exercise" in cell.metadata.get("tags", [])]
    assert len(stubs) == len(answers)
    for cell, answer in zip(stubs, answers):  # each answer carries its own indentation
        stub_line = next(line for line in cell.source.splitlines() if line.strip() == STUB)
        cell.source = cell.source.replace(stub_line, answer)
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("class")
    write_edition(tmp / "edition", {CHAPTER})
    edition = nbformat.read(tmp / "edition" / "book" / f"{CHAPTER}.ipynb", as_version=4)
    full = nbformat.read(ROOT / "book" / f"{CHAPTER}.ipynb", as_version=4)
    right = _answers(full)
    assert len(right) == len(labels(3)) == 3, "chapter 3's three checked exercises changed: update this test"
    submissions = tmp / "submissions"
    for student in ["alice", "bob", "carol"]:
        (submissions / student).mkdir(parents=True)

    nbformat.write(_fill(edition, right), submissions / "alice" / f"{CHAPTER}.ipynb")
    wrong = [
        "    return 2 * (t - a)",  # squared loss: the wrong sign
        "    raise NotImplementedError('your answer here')",  # not answered
        "    return sum(sizes), sum(sizes), sum(sizes)",  # counts of units, not of products
    ]
    nbformat.write(_fill(edition, wrong), submissions / "bob" / f"{CHAPTER}.ipynb")
    crashing = ["    return a / 0 + undefined_name", "    while True:\n        pass", "    return 1"]
    nbformat.write(_fill(edition, crashing), submissions / "carol" / f"{CHAPTER}.ipynb")
    (submissions / f"dave__{CHAPTER}.ipynb").write_text("{this is not a notebook", encoding="utf-8")
    out = tmp / "grades.csv"
    lms = tmp / "lms.csv"
    code = grade.main(
        [str(submissions), "--out", str(out), "--lms", str(lms), "--seed", "11", "--cell-timeout", "20",
         "--timeout", "300"]
    )  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    return {(r["student"], r["exercise"]): r for r in rows}, list(csv.DictReader(lms.open(encoding="utf-8")))


def test_right_answers_earn_every_point(graded):
    rows, _ = graded
    for label in labels(3):
        assert rows[("alice", label)]["points"] == "1" and rows[("alice", label)]["reason"] == ""
    assert rows[("alice", "TOTAL")]["points"] == "3" and rows[("alice", "TOTAL")]["max_points"] == "3"


def test_wrong_answers_lose_their_points_with_the_checks_diagnosis(graded):
    rows, _ = graded
    assert rows[("bob", "ex-ch3-squared")]["points"] == "0"
    assert "wrong sign" in rows[("bob", "ex-ch3-squared")]["reason"]
    assert "not answered yet" in rows[("bob", "ex-ch3-sigmoid")]["reason"]
    assert rows[("bob", "ex-ch3-cost")]["points"] == "0" and rows[("bob", "ex-ch3-cost")]["reason"]
    assert rows[("bob", "TOTAL")]["points"] == "0"


def test_a_crash_and_an_endless_loop_are_reported_and_do_not_stop_the_grading(graded):
    rows, _ = graded
    assert (
        "raised NameError: name 'undefined_name' is not defined"
        in rows[("carol", "ex-ch3-squared")]["reason"]
    )
    assert (
        "(line 3 of your code)" in rows[("carol", "ex-ch3-squared")]["reason"]
    )  # under "# Your answer here."
    looped = rows[("carol", "ex-ch3-sigmoid")]["reason"]
    assert "never called" in looped and "time limit per cell" in looped
    assert rows[("carol", "ex-ch3-cost")]["points"] == "0"  # graded after the loop was stopped
    assert rows[("carol", "TOTAL")]["points"] == "0"


def test_a_malformed_file_scores_zero_with_the_reason(graded):
    rows, _ = graded
    for label in labels(3):
        assert rows[("dave", label)]["points"] == "0"
        assert rows[("dave", label)]["reason"].startswith("malformed notebook: NotJSONError")


def test_the_lms_export_has_one_row_per_student(graded):
    _, lms = graded
    assert [(r["student"], r["score"], r["max"]) for r in lms] == [
        ("alice", "3", "3"),
        ("bob", "0", "3"),
        ("carol", "0", "3"),
        ("dave", "0", "3"),
    ]
