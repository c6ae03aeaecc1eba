"""Tests of mlpkit/experiments/ch03_backpropagation.py: gradient norms layer by layer.

The norms are compared with _helpers' finite differences (not mlpkit's)."""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit import data
from mlpkit.experiments import ch03_backpropagation as E

from _helpers import check_raises, fd_grad


@pytest.mark.parametrize("depth, activation, seed", [(1, "tanh", 0), (3, "sigmoid", 0), (2, "tanh", 4)])
def test_layer_gradient_norms_match_finite_differences(depth, activation, seed):
    X, y = data.moons(64, seed=0)
    net = mk.MLP([2] + [8] * depth + [2], activation=activation, seed=seed)
    loss = mk.SoftmaxCrossEntropy()
    f = lambda: loss.forward(net.forward(X), y)  # noqa: E731
    expected = [np.linalg.norm(fd_grad(f, layer.W)) for layer in net.linears]
    got = E.layer_gradient_norms(depth, activation, seed=seed)
    assert got.shape == (depth + 1,)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-10)


def test_sigmoid_gradients_shrink_towards_the_input():
    norms = E.layer_gradient_norms(6, "sigmoid")
    assert np.all(np.diff(norms) > 0)  # each step down the backward pass makes it smaller
    assert norms[0] / norms[-1] < 1e-2


def test_norms_are_cached_read_only_and_differ_by_seed():
    a = E.layer_gradient_norms(3, "tanh", seed=1)
    assert E.layer_gradient_norms(3, "tanh", seed=1) is a
    with pytest.raises(ValueError):
        a[0] = 1.0
    assert not np.array_equal(a, E.layer_gradient_norms(3, "tanh", seed=2))


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [
        ({"depth": 0}, ValueError, ["depth"]),
        ({"depth": 21}, ValueError, ["depth"]),
        ({"depth": 2.5}, TypeError, ["depth"]),
        ({"depth": 2, "activation": "relu"}, ValueError, ["activation", "relu"]),
        ({"depth": 2, "seed": -1}, ValueError, ["seed"]),
    ],
)
def test_layer_gradient_norms_reject_bad_input(kwargs, exc, words):
    check_raises(exc, words, E.layer_gradient_norms, **kwargs)


@pytest.mark.parametrize("activation, seed", [("tanh", 0), ("sigmoid", 3)])
def test_backward_step_factors_match_finite_differences(activation, seed):
    X, y = data.moons(64, seed=0)
    net = mk.MLP([2, 8, 8, 2], activation=activation, seed=seed)
    g = np.tanh if activation == "tanh" else mk.Sigmoid.g
    loss = mk.SoftmaxCrossEntropy()
    (W1, b1), (W2, b2), (W3, b3) = ((layer.W, layer.b) for layer in net.linears)
    A1 = X @ W1.T + b1
    H1 = g(A1)
    A2 = H1 @ W2.T + b2
    H2 = g(A2)
    A3 = H2 @ W3.T + b3
    from_a3 = lambda: loss.forward(A3, y)  # noqa: E731
    from_h2 = lambda: loss.forward(H2 @ W3.T + b3, y)  # noqa: E731
    from_a2 = lambda: loss.forward(g(A2) @ W3.T + b3, y)  # noqa: E731
    from_h1 = lambda: loss.forward(g(H1 @ W2.T + b2) @ W3.T + b3, y)  # noqa: E731
    from_a1 = lambda: loss.forward(g(g(A1) @ W2.T + b2) @ W3.T + b3, y)  # noqa: E731
    n = [
        np.linalg.norm(fd_grad(f, v))
        for f, v in ((from_a3, A3), (from_h2, H2), (from_a2, A2), (from_h1, H1), (from_a1, A1))
    ]
    w_step, g_step = E.backward_step_factors(2, activation, seed=seed)
    np.testing.assert_allclose(w_step, [n[1] / n[0], n[3] / n[2]], rtol=1e-6)
    np.testing.assert_allclose(g_step, [n[2] / n[1], n[4] / n[3]], rtol=1e-6)


def test_sigmoid_step_is_at_most_a_quarter_and_tanh_at_most_one():
    for seed in range(3):
        assert np.all(E.backward_step_factors(6, "sigmoid", seed=seed)[1] <= 0.25)
        assert np.all(E.backward_step_factors(6, "tanh", seed=seed)[1] <= 1.0)


def test_backward_step_factors_reject_bad_input():
    check_raises(ValueError, ["depth"], E.backward_step_factors, depth=0)
    check_raises(ValueError, ["activation"], E.backward_step_factors, depth=2, activation="relu")
