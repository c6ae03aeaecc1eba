"""Tests of mlpkit/exercises/ch03.py: the reference answers pass, typical mistakes get their diagnosis."""

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


def test_squared():
    assert run(check.ex_ch3_squared, lambda a, t: 2 * (a - t)).passed
    _fails(check.ex_ch3_squared, lambda a, t: a - t, "factor of 1/2")
    _fails(check.ex_ch3_squared, lambda a, t: 2 * (t - a), "wrong sign")
    _fails(check.ex_ch3_squared, lambda a, t: (a - t) / len(a), "plain sum")
    _fails(check.ex_ch3_squared, lambda a, t: 1 / 0, "ZeroDivisionError")


def _backprop(W, b, x, y, g_prime):
    L = len(W) - 1
    h = {0: x}
    for k in range(1, L + 2):
        a = b[k] + W[k] @ h[k - 1]
        h[k] = mk.Sigmoid.g(a) if k <= L else mk.softmax(a)
    grad_a = h[L + 1] - np.eye(len(h[L + 1]))[y]
    out = {}
    for k in range(L + 1, 0, -1):
        out[k] = np.outer(grad_a, h[k - 1])
        if k > 1:
            grad_a = (W[k].T @ grad_a) * g_prime(h[k - 1])
    return out


def test_sigmoid():
    assert run(check.ex_ch3_sigmoid, lambda W, b, x, y: _backprop(W, b, x, y, lambda h: h * (1 - h))).passed
    _fails(check.ex_ch3_sigmoid, lambda W, b, x, y: _backprop(W, b, x, y, lambda h: 1 - h**2), "tanh's g'")
    _fails(
        check.ex_ch3_sigmoid,
        lambda W, b, x, y: _backprop(W, b, x, y, lambda h: 1.0),
        "is missing: the gradient at a^(",
    )
    transposed = lambda W, b, x, y: {k: g.T for k, g in _backprop(W, b, x, y, lambda h: h * (1 - h)).items()}  # noqa: E731
    _fails(check.ex_ch3_sigmoid, transposed, "shape")
    _fails(check.ex_ch3_sigmoid, lambda W, b, x, y: [1, 2], "dict with keys")


def _multiplications(sizes, *, w1t=False, biases=True, two=True):
    products = [sizes[k] * sizes[k - 1] for k in range(1, len(sizes))]
    forward = sum(products)
    backward = forward + sum(products if w1t else products[1:])
    P = sum(sizes[k] * (sizes[k - 1] + (1 if biases else 0)) for k in range(1, len(sizes)))
    return forward, backward, (2 if two else 1) * P * forward


def test_cost():
    assert run(check.ex_ch3_cost, _multiplications).passed
    assert _multiplications([64, 32, 10])[:2] == (2368, 2688)
    _fails(check.ex_ch3_cost, lambda s: _multiplications(s, w1t=True), "no W^(1)T product")
    _fails(check.ex_ch3_cost, lambda s: _multiplications(s, biases=False), "biases too")
    _fails(check.ex_ch3_cost, lambda s: _multiplications(s, two=False), "two forward passes")
    _fails(check.ex_ch3_cost, lambda s: 5, "three numbers")


def test_not_answered_gets_a_message():
    def unanswered(*args):
        raise NotImplementedError("your answer here")

    for checker in (check.ex_ch3_squared, check.ex_ch3_sigmoid, check.ex_ch3_cost):
        _fails(checker, unanswered, "not answered yet")
