"""Tests of mlpkit/exercises/ch04.py: the reference answers pass, typical mistakes get their diagnosis."""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit.exercises import check
from mlpkit.exercises._check import run


@pytest.fixture(autouse=True)
def grading_seed(monkeypatch):
    monkeypatch.setenv("MLPKIT_CHECK_SEED", "7")


def _fails(checker, answer, text):
    result = run(checker, answer)
    assert not result.passed, result.message
    assert text in result.message, result.message


def _tanh_prime(a):
    s = mk.Sigmoid.g(2 * a)
    return 4 * s * (1 - s)


def test_tanh_sigm():
    assert run(check.ex_ch4_tanh_sigm, _tanh_prime).passed
    _fails(check.ex_ch4_tanh_sigm, lambda a: 2 * mk.Sigmoid.g(2 * a) - 1, "not its derivative")
    _fails(check.ex_ch4_tanh_sigm, lambda a: 2 * _tanh_prime(a) / 4 * 2 / 2, "factor of 1/2")
    _fails(check.ex_ch4_tanh_sigm, lambda a: mk.Sigmoid.g(2 * a) * (1 - mk.Sigmoid.g(2 * a)), "chain rule")
    _fails(check.ex_ch4_tanh_sigm, lambda a: undefined_name, "NameError")  # noqa: F821


def _collapse(weights, biases):
    W, b = np.eye(weights[0].shape[1]), np.zeros(weights[0].shape[1])
    for W_k, b_k in zip(weights, biases):
        W, b = W_k @ W, W_k @ b + b_k
    return W, b


def _collapse_reversed(weights, biases):
    W = weights[0]
    for W_k in weights[1:]:
        W = W @ W_k
    return W, _collapse(weights, biases)[1]


def test_linear():
    assert run(check.ex_ch4_linear, _collapse).passed
    _fails(check.ex_ch4_linear, _collapse_reversed, "wrong order")
    _fails(check.ex_ch4_linear, lambda ws, bs: (_collapse(ws, bs)[0], bs[-1]), "only the last layer's bias")
    _fails(
        check.ex_ch4_linear, lambda ws, bs: (_collapse(ws, bs)[0], np.sum(bs, axis=0)), "adds the biases up"
    )
    _fails(check.ex_ch4_linear, lambda ws, bs: _collapse(ws, bs)[0], "pair")
    _fails(check.ex_ch4_linear, lambda ws, bs: (_collapse(ws, bs)[0].T, _collapse(ws, bs)[1]), "W")


def test_dead():
    def count_dead(W, b, X):
        return int(np.sum(np.all(X @ W.T + b <= 0, axis=0)))

    assert run(check.ex_ch4_dead, count_dead).passed
    _fails(check.ex_ch4_dead, lambda W, b, X: int(np.sum(np.any(X @ W.T + b <= 0, axis=0))), "EVERY input")
    _fails(check.ex_ch4_dead, lambda W, b, X: len(b) - count_dead(W, b, X), "live units")
    _fails(check.ex_ch4_dead, lambda W, b, X: np.all(X @ W.T + b <= 0, axis=0), "one number")
    _fails(check.ex_ch4_dead, lambda W, b, X: X @ W + b, "raised ValueError")


def test_bound():
    def staircase_bound(c, N):
        return (2 * np.pi + 6 * np.pi * c + 1) / (2 * N)

    assert run(check.ex_ch4_bound, staircase_bound).passed
    _fails(check.ex_ch4_bound, lambda c, N: 2 * staircase_bound(c, N), "K / N")
    _fails(check.ex_ch4_bound, lambda c, N: (2 * np.pi + 2 * np.pi * c + 1) / (2 * N), "chain rule")
    _fails(check.ex_ch4_bound, lambda c, N: (5 * np.pi + 1) / (2 * N), "K depends on c")
    _fails(check.ex_ch4_bound, lambda c, N: None, "returned None")


def test_no_reference_value_leaks():
    result = run(check.ex_ch4_bound, lambda c, N: 0.0)
    for c in np.linspace(0, 2, 5):
        assert f"{(2 * np.pi + 6 * np.pi * c + 1) / 2:.4g}" not in result.message
