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
