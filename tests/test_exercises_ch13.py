"""Chapter 13's exercise checks: the reference answers pass, typical slips get their diagnosis."""

import numpy as np
import pytest

from mlpkit.attack import fgsm, input_gradient
from mlpkit.exercises import ch13
from mlpkit.exercises._check import run


@pytest.fixture(autouse=True)
def _seeded(monkeypatch):
    monkeypatch.setenv("MLPKIT_CHECK_SEED", "7")


def targeted_fgsm(net, X, target, eps):
    return np.clip(X - eps * np.sign(input_gradient(net, X, target)), 0, 1)


def min_l2_step(W, b, x, y, c):
    dw = W[c] - W[y]
    return -(dw @ x + b[c] - b[y]) * dw / (dw @ dw)


def fgsm_accuracy(net, X, y, eps):
    return float(np.mean(net.predict(fgsm(net, X, y, eps)) == y))


def crash(*args):
    raise ValueError("oops")


@pytest.mark.parametrize(
    "checker, answer",
    [
        (ch13.ex_ch13_targeted, targeted_fgsm),
        (ch13.ex_ch13_l2, min_l2_step),
        (ch13.ex_ch13_eps_train, fgsm_accuracy),
    ],
)
def test_reference_answers_pass_and_crashes_get_a_message(checker, answer):
    assert run(checker, answer).passed
    result = run(checker, crash)
    assert not result.passed and "ValueError: oops" in result.message


@pytest.mark.parametrize(
    "answer, words",
    [
        (
            lambda net, X, t, eps: np.clip(X + eps * np.sign(input_gradient(net, X, t)), 0, 1),
            "against its gradient",
        ),
        (lambda net, X, t, eps: X - eps * np.sign(input_gradient(net, X, t)), "clip"),
        (lambda net, X, t, eps: np.clip(X - eps * input_gradient(net, X, t), 0, 1), "sign"),
    ],
)
def test_targeted_slips(answer, words):
    result = run(ch13.ex_ch13_targeted, answer)
    assert not result.passed and words in result.message


def test_l2_slips():
    def unit_length(W, b, x, y, c):
        dw = W[c] - W[y]
        return -(dw @ x + b[c] - b[y]) * dw / np.linalg.norm(dw)

    def sign_step(W, b, x, y, c):
        dw = W[c] - W[y]
        return -(dw @ x + b[c] - b[y]) * np.sign(dw) / np.abs(dw).sum()

    assert "||w_c - w_y||^2" in run(ch13.ex_ch13_l2, unit_length).message
    assert "sign step" in run(ch13.ex_ch13_l2, sign_step).message
    assert "sign" in run(ch13.ex_ch13_l2, lambda W, b, x, y, c: -min_l2_step(W, b, x, y, c)).message


def test_eps_train_slips():
    error_rate = run(ch13.ex_ch13_eps_train, lambda net, X, y, eps: 1 - fgsm_accuracy(net, X, y, eps))
    assert not error_rate.passed and "error rate" in error_rate.message
    count = run(ch13.ex_ch13_eps_train, lambda net, X, y, eps: len(y) * fgsm_accuracy(net, X, y, eps))
    assert not count.passed and "count" in count.message
