"""Tests of Newton's method and saddle-free Newton (mlpkit.optim)."""
import numpy as np
import pytest

import mlpkit as mk
from mlpkit import landscape


def _linear_saddle():
    # a linear network [1, 1, 1] on y = x: loss (1 - w2 w1)^2 (+ bias terms), saddle at 0
    X = np.array([[1.0], [-1.0]])
    y = np.array([[1.0], [-1.0]])
    net = mk.MLP([1, 1, 1], activation="identity", seed=0)
    return net, mk.MeanSquaredError(), X, y


def _closure(net, loss, X, y):
    def closure():
        value = loss.forward(net.forward(X), y)
        net.backward(loss.backward())
        return value
    return closure


def test_newton_solves_least_squares_in_one_step():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((30, 3))
    y = X @ np.array([[1.0], [-2.0], [0.5]]) + 0.3
    net = mk.MLP([3, 1], seed=0)
    loss = mk.MeanSquaredError()
    opt = mk.Newton(net.parameters(), damping=0.0)
    opt.step(_closure(net, loss, X, y))
    assert landscape.loss_value(net, loss, X, y) < 1e-12


def test_saddle_free_newton_equals_newton_where_convex():
    H = np.array([[2.0, 0.5], [0.5, 1.0]])
    g = np.array([1.0, -1.0])
    net = mk.MLP([1, 1], seed=0)
    sfn = mk.SaddleFreeNewton(net.parameters(), damping=0.0)
    newton = mk.Newton(net.parameters(), damping=0.0)
    assert np.allclose(sfn.direction(H, g), newton.direction(H, g))
    # negative curvature: Newton's step goes uphill along it, saddle-free Newton downhill
    H2 = np.diag([1.0, -1.0])
    assert np.allclose(newton.direction(H2, g), [1.0, 1.0])
    assert np.allclose(sfn.direction(H2, g), [1.0, -1.0])


def test_newton_is_attracted_by_a_saddle_and_saddle_free_newton_escapes():
    net, loss, X, y = _linear_saddle()
    start = np.array([0.05, 0.0, 0.04, 0.0])  # w1, b1, w2, b2 near the saddle at 0
    finals = {}
    for cls in (mk.Newton, mk.SaddleFreeNewton):
        mk.set_flat_params(net, start)
        opt = cls(net.parameters(), damping=1e-3)
        for _ in range(20):
            opt.step(_closure(net, loss, X, y))
        finals[cls.__name__] = landscape.loss_value(net, loss, X, y)
    assert finals["Newton"] == pytest.approx(1.0, abs=1e-3)  # the saddle's loss
    assert finals["SaddleFreeNewton"] < 1e-6  # the global minimum w2 w1 = 1


def test_bad_inputs_name_the_argument():
    net = mk.MLP([1, 1], seed=0)
    with pytest.raises(ValueError, match="damping"):
        mk.SaddleFreeNewton(net.parameters(), damping=-1.0)
    with pytest.raises(ValueError, match="closure"):
        mk.SaddleFreeNewton(net.parameters()).step()
    with pytest.raises(TypeError, match="params"):
        mk.SaddleFreeNewton(["W"])
