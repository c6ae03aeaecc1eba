"""The exercise-check framework (mlpkit/exercises/_check.py): every diagnosis it promises."""

import json

import numpy as np
import pytest

from mlpkit.exercises import _check, check, labels
from mlpkit.exercises._check import Feedback, call, compare, draw_rng, exercise, run


@pytest.fixture(scope="module")
def column_mean():
    """A throwaway checker: the column means of a random (n, 3) array."""
    label = "ex-ch99-column-mean"
    if label in _check.REGISTRY:
        return _check.REGISTRY[label]

    @exercise(label)
    def ex_ch99_column_mean(f):
        a = draw_rng().normal(size=(5, 3))
        compare(call(f, a, name="f(a)"), a.mean(axis=0), name="f(a)", n=5)
        return "matches on a random 5x3 array"

    yield ex_ch99_column_mean
    del _check.REGISTRY[label]


def test_a_right_answer_passes_and_prints_one_line(column_mean, capsys):
    result = column_mean(lambda a: a.mean(axis=0))
    assert result.passed and result.score == 1.0
    assert capsys.readouterr().out == "✓ ex-ch99-column-mean: matches on a random 5x3 array\n"
    assert check.ex_ch99_column_mean is column_mean and "ex_ch99_column_mean" in dir(check)


def _fails_with(column_mean, answer, text):
    result = run(column_mean, answer)
    assert not result.passed and result.score == 0.0
    assert result.message.startswith("✗ ex-ch99-column-mean: ")
    assert text in result.message, result.message


def _raises(a):
    raise KeyError("w")


def _unanswered(a):
    raise NotImplementedError("your answer here")


@pytest.mark.parametrize(
    "answer, text",
    [
        (lambda a: a.sum(axis=0), "constant factor of n = 5 (a sum where a mean was asked for?)"),
        (lambda a: -a.mean(axis=0), "has the wrong sign"),
        (lambda a: 2 * a.mean(axis=0), "constant factor of 2"),
        (lambda a: a.mean(axis=0) + 1, "off by a constant 1 in every entry"),
        (lambda a: a.mean(axis=1), "has shape (5,), expected (3,)"),
        (lambda a: a.mean(axis=0, keepdims=True), "the right number of entries in the wrong shape"),
        (lambda a: a.mean(axis=0) * (1 + 1e-4), "constant factor of 1"),
        (lambda a: a.mean(axis=0) * (1 + 1e-4 * np.arange(3)), "agrees only to a relative error of"),
        (lambda a: a.mean(axis=0) * [1, 1, 3], "differs in 1 of 3 entries"),
        (lambda a: np.full(3, np.nan), "3 NaN or infinite entries"),
        (lambda a: None, "returned None: is a `return` missing?"),
        (lambda a: "mean", "expected numbers, got str"),
        (42, "expected a function for f(a), got int 42"),
        (_raises, "f(a) raised KeyError: 'w' (line"),
        (_unanswered, "not answered yet: f(a) raises NotImplementedError"),
    ],
)
def test_each_typical_mistake_is_named_without_showing_the_reference(column_mean, answer, text):
    _fails_with(column_mean, answer, text)


def test_an_answer_that_changes_its_input_in_place_is_told_so(column_mean):
    def centre(a):
        a -= a.mean(axis=0)
        return a.mean(axis=0) * 0 + 1

    _fails_with(column_mean, centre, "changed its input array in place")


def test_a_transposed_matrix_and_a_wrong_scalar_are_named():
    a = np.arange(6.0).reshape(2, 3)
    with pytest.raises(Feedback, match=r"shape \(3, 2\), expected \(2, 3\): transposed\?"):
        compare(a.T, a)
    with pytest.raises(Feedback, match="is 3, which is not the right value"):
        compare(3.0, 7.0)
    compare(np.float32(0.1), 0.1, rtol=1e-6)  # float32 rounding is within 1e-6


def test_a_checker_that_trips_on_an_odd_answer_reports_it_instead_of_raising():
    @exercise("ex-ch99-odd")
    def ex_ch99_odd(f):
        return f()["key"]  # an answer returning a list makes the checker itself fail

    try:
        result = run(ex_ch99_odd, lambda: [1])
        assert not result.passed
        assert "could not check this answer (TypeError" in result.message
    finally:
        del _check.REGISTRY["ex-ch99-odd"]


def test_grading_seeds_the_inputs_per_exercise_and_logs_each_result(column_mean, tmp_path, monkeypatch):
    drawn = []

    @exercise("ex-ch99-seeded")
    def ex_ch99_seeded(f):
        drawn.append(draw_rng().normal(size=3))

    try:
        monkeypatch.setenv("MLPKIT_CHECK_SEED", "7")
        monkeypatch.setenv("MLPKIT_GRADE_LOG", str(tmp_path / "log.jsonl"))
        ex_ch99_seeded(None)
        ex_ch99_seeded(None)
        column_mean(lambda a: a.sum(axis=0))
        np.testing.assert_array_equal(drawn[0], drawn[1])  # same seed, same inputs
        monkeypatch.setenv("MLPKIT_CHECK_SEED", "8")
        ex_ch99_seeded(None)
        assert not np.array_equal(drawn[0], drawn[2])  # another grading seed, other inputs
        lines = [json.loads(line) for line in (tmp_path / "log.jsonl").read_text().splitlines()]
        assert [(r["label"], r["passed"]) for r in lines] == [
            ("ex-ch99-seeded", True),
            ("ex-ch99-seeded", True),
            ("ex-ch99-column-mean", False),
            ("ex-ch99-seeded", True),
        ]
        monkeypatch.delenv("MLPKIT_CHECK_SEED")
        ex_ch99_seeded(None)
        ex_ch99_seeded(None)
        assert not np.array_equal(drawn[3], drawn[4])  # outside grading: fresh inputs each call
    finally:
        del _check.REGISTRY["ex-ch99-seeded"]


def test_labels_are_new_and_well_formed_and_listed_by_chapter(column_mean):
    with pytest.raises(ValueError, match="expected a new exercise label"):
        exercise("ex-ch99-column-mean")
    with pytest.raises(ValueError, match="expected a new exercise label"):
        exercise("sigmoid")
    assert "ex-ch99-column-mean" in labels(99) and all(label.startswith("ex-ch99-") for label in labels(99))
    with pytest.raises(AttributeError, match="no exercise check named 'ex_ch0_nothing'"):
        check.ex_ch0_nothing  # noqa: B018
