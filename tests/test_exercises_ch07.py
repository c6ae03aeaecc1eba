"""Chapter 7's exercise checks: the reference answers pass, typical slips get their diagnosis."""

import numpy as np
import pytest

from mlpkit.exercises import ch07
from mlpkit.exercises._check import run


@pytest.fixture(autouse=True)
def _seeded(monkeypatch):
    monkeypatch.setenv("MLPKIT_CHECK_SEED", "7")


def best_rate(lam):
    return 2 / (np.min(lam) + np.max(lam))


def newton_update(theta, grad, hess):
    return theta - np.linalg.solve(hess, grad)


def batch_for_noise(trace, g2, n, fraction):
    r = trace / (fraction * g2)
    return n * r / (n - 1 + r)


def crash(*args):
    raise ZeroDivisionError("oops")


@pytest.mark.parametrize(
    ("checker", "answer"),
    [
        (ch07.ex_ch7_stability, best_rate),
        (ch07.ex_ch7_newton_quadratic, newton_update),
        (ch07.ex_ch7_batch_noise, batch_for_noise),
    ],
)
def test_reference_answers_pass(checker, answer):
    result = run(checker, answer)
    assert result.passed, result.message


@pytest.mark.parametrize(
    ("checker", "answer", "words"),
    [
        (ch07.ex_ch7_stability, lambda lam: 2 / np.max(lam), "stability limit"),
        (ch07.ex_ch7_stability, lambda lam: 1 / np.max(lam), "1 / lambda_max"),
        (ch07.ex_ch7_newton_quadratic, lambda t, g, H: t - H @ g, "solve"),
        (ch07.ex_ch7_newton_quadratic, lambda t, g, H: t + np.linalg.solve(H, g), "uphill"),
        (ch07.ex_ch7_newton_quadratic, lambda t, g, H: -np.linalg.solve(H, g), "not the new parameters"),
        (ch07.ex_ch7_batch_noise, lambda tr, g2, n, f: tr / (f * g2), "finite-population"),
        (ch07.ex_ch7_batch_noise, lambda *a: np.ceil(batch_for_noise(*a)), "not rounded"),
    ],
)
def test_typical_slips_are_named(checker, answer, words):
    result = run(checker, answer)
    assert not result.passed and words in result.message, result.message


@pytest.mark.parametrize(
    "checker", [ch07.ex_ch7_stability, ch07.ex_ch7_newton_quadratic, ch07.ex_ch7_batch_noise]
)
def test_a_crash_is_a_message(checker):
    result = run(checker, crash)
    assert not result.passed and "ZeroDivisionError" in result.message


def test_unanswered_says_so():
    def todo(*args):
        raise NotImplementedError("your answer here")

    assert "not answered yet" in run(ch07.ex_ch7_stability, todo).message
