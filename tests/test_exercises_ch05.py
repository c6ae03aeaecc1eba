"""Tests of mlpkit/exercises/ch05.py: the reference answers pass, typical mistakes get their diagnosis."""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit.exercises import check
from mlpkit.exercises._check import run


@pytest.fixture(autouse=True)
def grading_seed(monkeypatch):
    monkeypatch.setenv("MLPKIT_CHECK_SEED", "11")


def _fails(checker, answer, text):
    result = run(checker, answer)
    assert not result.passed, result.message
    assert text in result.message, result.message


class Box:  # the chapter's base class
    def __init__(self, *children, value=None, name=""):
        self.children, self.value, self.name = children, value, name


def _sigmoid_class(rule):
    class Sigmoid(Box):
        def fprop(self):
            self.value = mk.Sigmoid.g(self.children[0].value)

        def bprop(self):
            rule(self)

    return Sigmoid


def _right(box):
    box.children[0].grad += box.grad * box.value * (1.0 - box.value)


def _overwrite(box):
    box.children[0].grad = box.grad * box.value * (1.0 - box.value)


def _tanh_rule(box):
    box.children[0].grad += box.grad * (1.0 - box.value**2)


def _no_incoming(box):
    box.children[0].grad += box.value * (1.0 - box.value)


def test_sigmoid():
    assert run(check.ex_ch5_sigmoid, _sigmoid_class(_right)).passed
    _fails(check.ex_ch5_sigmoid, _sigmoid_class(_overwrite), "+=")
    _fails(check.ex_ch5_sigmoid, _sigmoid_class(_tanh_rule), "tanh's derivative")
    _fails(check.ex_ch5_sigmoid, _sigmoid_class(_no_incoming), "self.grad")

    class Crashes(Box):
        def fprop(self):
            raise RuntimeError("boom")

    _fails(check.ex_ch5_sigmoid, Crashes, "RuntimeError")


def _jacobian(net, x):
    eps, cols = 1e-6, []
    for j in range(len(x)):
        e = np.zeros_like(x)
        e[j] = eps
        cols.append((net.forward((x + e)[None])[0] - net.forward((x - e)[None])[0]) / (2 * eps))
    return np.stack(cols, axis=1)


def _exact_jacobian(net, x):
    h, J = x, np.eye(len(x))
    for k, layer in enumerate(net.linears):
        a, J = layer.W @ h + layer.b, layer.W @ J
        if k < len(net.linears) - 1:
            h = np.tanh(a)
            J = (1 - h**2)[:, None] * J
    return J


def test_input_jacobian():
    assert run(check.ex_ch5_input_jacobian, _exact_jacobian).passed
    _fails(check.ex_ch5_input_jacobian, lambda net, x: _exact_jacobian(net, x).T, "shape")
    _fails(check.ex_ch5_input_jacobian, lambda net, x: -_exact_jacobian(net, x), "wrong sign")
    assert run(check.ex_ch5_input_jacobian, _jacobian).passed  # central differences agree to about 1e-9
    _fails(
        check.ex_ch5_input_jacobian,
        lambda net, x: np.linalg.multi_dot([layer.W for layer in net.linears[::-1]]),
        "1 - h^2",
    )


def test_exponential():
    def exp_pathwise(f_prime, lam, u):
        z = -np.log(u) / lam
        return f_prime(z) * (-z / lam)

    assert run(check.ex_ch5_exponential, exp_pathwise).passed
    _fails(check.ex_ch5_exponential, lambda fp, lam, u: -exp_pathwise(fp, lam, u), "wrong sign")
    _fails(check.ex_ch5_exponential, lambda fp, lam, u: np.log(u) / lam**2, "f'(z)")
    _fails(check.ex_ch5_exponential, lambda fp, lam, u: fp(-np.log(u) / lam) * (-np.log(u)), "z lam")
    _fails(check.ex_ch5_exponential, lambda fp, lam, u: exp_pathwise(fp, lam, u).mean(), "shape")
