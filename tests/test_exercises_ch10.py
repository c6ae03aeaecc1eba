"""Chapter 10's exercise checks: the reference answers pass, typical mistakes get their diagnosis."""

import numpy as np
import pytest

from mlpkit.exercises import check, run
from mlpkit.exercises.ch10 import _risk


def ridge_fit(Phi, Y, lam):
    return Phi.T @ np.linalg.solve(Phi @ Phi.T + lam * np.eye(len(Phi)), Y)


@pytest.fixture(autouse=True)
def _seeded(monkeypatch):
    monkeypatch.setenv("MLPKIT_CHECK_SEED", "5")


def test_reference_answers_pass():
    assert run(check.ex_ch10_ridge, ridge_fit).passed
    assert run(check.ex_ch10_move_threshold, _risk).passed


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda Phi, Y, lam: np.linalg.pinv(Phi) @ Y, "lambda is missing"),
        (lambda Phi, Y, lam: ridge_fit(Phi, Y, 2 * lam), "2 lambda"),
        (lambda Phi, Y, lam: ridge_fit(Phi, Y, lam).T, "transposed"),
        (lambda Phi, Y, lam: -ridge_fit(Phi, Y, lam), "sign"),
    ],
)
def test_ridge_mistakes(answer, words):
    result = run(check.ex_ch10_ridge, answer)
    assert not result.passed and words in result.message, result.message


@pytest.mark.slow
def test_threshold_mistakes():
    result = run(check.ex_ch10_move_threshold, lambda N, T, seed: _risk(N, T, seed) / 10)
    assert not result.passed and "sum the squared error" in result.message
    result = run(check.ex_ch10_move_threshold, lambda N, T, seed: _risk(N, 200, seed))
    assert not result.passed


def test_crashing_answers_get_a_message():
    def unfinished(*args):
        raise NotImplementedError("your answer here")

    for checker in (check.ex_ch10_ridge, check.ex_ch10_move_threshold):
        result = run(checker, unfinished)
        assert not result.passed and result.message.startswith("✗")
