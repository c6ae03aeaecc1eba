"""Tests of mlpkit/exercises/ch06.py: the reference answers pass, typical mistakes get their diagnosis."""

import numpy as np
import pytest

from mlpkit.exercises import check
from mlpkit.exercises._check import run


@pytest.fixture(autouse=True)
def grading_seed(monkeypatch):
    monkeypatch.setenv("MLPKIT_CHECK_SEED", "11")


def _fails(checker, answer, text):
    result = run(checker, answer)
    assert not result.passed, result.message
    assert text in result.message, result.message


def test_best_eps():
    assert run(check.ex_ch6_best_eps, lambda u, f, f3: np.cbrt(3 * u * abs(f) / abs(f3))).passed
    _fails(check.ex_ch6_best_eps, lambda u, f, f3: np.cbrt(u * abs(f) / abs(f3)), "the 3 is missing")
    _fails(check.ex_ch6_best_eps, lambda u, f, f3: np.sqrt(u * abs(f) / abs(f3)), "one-sided")
    _fails(check.ex_ch6_best_eps, lambda u, f, f3: np.cbrt(3 * u * f / f3) * 2, "best_eps")


def _safe(W1, b1, X, scale=True, bias=True):
    A = X @ W1.T + (b1 if bias else 0)
    return np.min(np.abs(A)) / (max(1.0, np.abs(X).max()) if scale else 1.0)


def test_kink():
    assert run(check.ex_ch6_kink, _safe).passed
    _fails(check.ex_ch6_kink, lambda W1, b1, X: _safe(W1, b1, X, scale=False), "largest |x_j|")
    _fails(check.ex_ch6_kink, lambda W1, b1, X: _safe(W1, b1, X, bias=False), "biases")


def test_bias_bug():
    assert run(check.ex_ch6_bias_bug, lambda n: 1 - 1 / n).passed
    _fails(check.ex_ch6_bias_bug, lambda n: 1 / n, "1/n of the true one")
    _fails(check.ex_ch6_bias_bug, lambda n: n - 1, "divides by the larger")
    _fails(check.ex_ch6_bias_bug, lambda n: None, "returned None")


def test_complex_step():
    assert run(check.ex_ch6_complex_step, lambda f, x, eps: np.imag(f(x + 1j * eps)) / eps).passed
    _fails(check.ex_ch6_complex_step, lambda f, x, eps: (f(x + eps) - f(x)) / eps, "0 at eps = 1e-20")
    _fails(check.ex_ch6_complex_step, lambda f, x, eps: np.imag(f(x + 1j * eps)), "complex_step")
    _fails(check.ex_ch6_complex_step, lambda f, x, eps: 1 / 0, "ZeroDivisionError")


def test_not_answered_gets_a_message():
    def unanswered(*args):
        raise NotImplementedError("your answer here")

    for checker in (
        check.ex_ch6_best_eps,
        check.ex_ch6_kink,
        check.ex_ch6_bias_bug,
        check.ex_ch6_complex_step,
    ):
        _fails(checker, unanswered, "not answered yet")
