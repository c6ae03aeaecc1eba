"""Tests of Newton's method and saddle-free Newton (mlpkit.newton)."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mlpkit as mk
from mlpkit import SGD, Newton, Parameter, landscape, numerical_hessian

from _helpers import quad_setup, softmax_problem


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


@given(eigs=st.lists(st.floats(0.1, 10.0), min_size=1, max_size=6), seed=st.integers(0, 1000))
def test_newton_solves_a_quadratic_in_one_step(eigs, seed):
    p, A, fill = quad_setup(eigs, seed)
    theta0 = p.value.copy()
    opt = Newton([p], damping=0.0)
    f0 = opt.step(fill)
    assert f0 == pytest.approx(0.5 * theta0 @ A @ theta0, rel=1e-12)  # the loss before the step
    assert np.linalg.norm(p.value) < 1e-7 * np.linalg.norm(theta0)  # the minimum is theta = 0
    np.testing.assert_allclose(opt.last_hessian, A, atol=1e-8)
    assert opt.t == 1


def test_newton_converges_quadratically_on_softmax_regression():
    lin, X, y, closure = softmax_problem(seed=0)
    opt = Newton([lin.weight], damping=0.0)
    values, grads = [], []
    for _ in range(7):
        values.append(closure())
        grads.append(np.linalg.norm(lin.grad_W))
        opt.step(closure)
    gaps = np.array(values) - values[-1]
    # the loss gap squares at each step (up to a constant), until it hits rounding
    pairs = [(a, b) for a, b in zip(gaps, gaps[1:]) if a > 1e-12 and b > 1e-14]
    assert len(pairs) >= 2
    for a, b in pairs:
        assert b <= a**2, (a, b)
        assert math.log(b) / math.log(a) > 1.8
    assert gaps[4] < 1e-12 and grads[4] < 1e-8
    # gradient descent at a reasonable rate is still far away after as many steps
    lin2, _, _, closure2 = softmax_problem(seed=0)
    gd = SGD([lin2.weight], lr=1.0)
    for _ in range(4):
        closure2()
        gd.step()
    assert closure2() - values[-1] > 1e-4


def test_newton_damping_and_lr():
    p, A, fill = quad_setup([1.0, 4.0], seed=7)
    theta0 = p.value.copy()
    Newton([p], damping=1.0, lr=0.5).step(fill)
    expected = theta0 - 0.5 * np.linalg.solve(A + np.eye(2), A @ theta0)
    np.testing.assert_allclose(p.value, expected, rtol=1e-7, atol=1e-10)


def test_newton_bad_inputs():
    p, A, fill = quad_setup([1.0, 2.0])
    with pytest.raises(ValueError, match="closure: Newton.step needs a closure"):
        Newton([p]).step()
    with pytest.raises(
        ValueError, match=r"params: Newton builds a P x P Hessian; expected at most 5000 parameters, got 5001"
    ):
        Newton([Parameter(np.zeros(5001))])
    with pytest.raises(ValueError, match="damping: expected a value"):
        Newton([p], damping=-1.0)
    with pytest.raises(ValueError, match=r"lr: expected a value in \(0.0, inf\]"):
        Newton([p], lr=0.0)
    with pytest.raises(ValueError, match=r"eps: expected a value in \(0.0, inf\]"):
        numerical_hessian([p], fill, eps=0.0)
    flat = Parameter(np.ones(2))

    def no_curvature():
        flat.grad[...] = 1.0
        return 0.0

    with pytest.raises(np.linalg.LinAlgError, match="damped Hessian is singular; increase damping"):
        Newton([flat], damping=0.0).step(no_curvature)
