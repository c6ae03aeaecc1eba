"""Tests of mlpkit.regularizers: L2 and L1 over the weights only."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlpkit as mk
from mlpkit import L1, L2, MLP, Parameter

from _helpers import fd_grad, grad_err


def _params(seed, shapes):
    rng = np.random.default_rng(seed)
    out = []
    for k, shape in enumerate(shapes):
        W = rng.standard_normal(shape)
        W = np.where(W >= 0, W + 1e-3, W - 1e-3)  # keep L1's kink at 0 out of the differences
        out.append(Parameter(W, name=f"W{k + 1}", regularize=True))
        out.append(Parameter(rng.standard_normal(shape[0]), name=f"b{k + 1}", regularize=False))
    return out


shape_lists = st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=3)


# lambda = 0 or a normal float: a subnormal lambda gives a gradient finite differences can not resolve
lams = st.one_of(st.just(0.0), st.floats(1e-3, 3.0))


@pytest.mark.parametrize("cls", [L2, L1])
@given(shapes=shape_lists, seed=st.integers(0, 2**16), lam=lams)
def test_gradient_matches_finite_differences(cls, shapes, seed, lam):
    params = _params(seed, shapes)
    reg = cls(lam)
    for p in params:
        p.grad[...] = 0.0
    reg.add_grad(params)
    for p in params:
        numeric = fd_grad(lambda: reg.penalty(params), p.value)
        if p.regularize:
            assert grad_err(p.grad, numeric) <= 1e-7
        else:  # biases are exempt: zero penalty gradient, zero added
            assert not np.any(p.grad) and not np.any(numeric)


@given(shapes=shape_lists, seed=st.integers(0, 2**16), lam=st.floats(0.0, 3.0))
def test_penalty_closed_forms(shapes, seed, lam):
    params = _params(seed, shapes)
    weights = [p.value for p in params if p.regularize]
    l2 = lam * sum(float(w.ravel() @ w.ravel()) for w in weights)
    l1 = lam * sum(float(np.abs(w).sum()) for w in weights)
    assert L2(lam).penalty(params) == pytest.approx(l2, rel=1e-12, abs=1e-300)
    assert L1(lam).penalty(params) == pytest.approx(l1, rel=1e-12, abs=1e-300)
    assert L2(lam).penalty(params) >= 0 and L1(lam).penalty(params) >= 0


def test_add_grad_adds_to_the_loss_gradient():
    p = Parameter(np.array([[1.0, -2.0, 0.0]]))
    b = Parameter(np.array([5.0]), regularize=False)
    p.grad[...] = 1.0
    L2(0.5).add_grad([p, b])
    np.testing.assert_array_equal(p.grad, [[2.0, -1.0, 1.0]])  # 1 + 2 * 0.5 * W
    np.testing.assert_array_equal(b.grad, [0.0])
    p.grad[...] = 0.0
    L1(0.1).add_grad([p, b])
    np.testing.assert_array_equal(p.grad, [[0.1, -0.1, 0.0]])  # sign(0) = 0


def test_biases_of_a_network_are_exempt():
    net = MLP([3, 4, 2], seed=0)
    for lin in net.linears:
        lin.b = 10.0
    weights_only = sum(float(np.sum(lin.W**2)) for lin in net.linears)
    assert L2(1.0).penalty(net.parameters()) == pytest.approx(weights_only)


def test_zero_lambda_is_no_penalty():
    params = _params(0, [(3, 3)])
    assert L2(0).penalty(params) == 0.0 and L1(0.0).penalty(params) == 0.0


@pytest.mark.parametrize("cls", [L2, L1])
def test_bad_inputs(cls):
    with pytest.raises(ValueError, match=r"lam: expected a value in \[0.0, inf\], got -0.1"):
        cls(-0.1)
    with pytest.raises(ValueError, match="lam: expected a finite number"):
        cls(np.nan)
    with pytest.raises(TypeError, match="lam: expected a real number"):
        cls("0.1")
    with pytest.raises(TypeError, match=r"params\[1\]: expected a Parameter, got ndarray"):
        cls(0.1).penalty([Parameter(np.ones(2)), np.ones(2)])
    with pytest.raises(TypeError, match=r"params\[0\]: expected a Parameter"):
        cls(0.1).add_grad([3.0])
    assert repr(cls(0.25)) == f"{cls.__name__}(0.25)"


# -- L1.prox: soft-thresholding of the weights, biases exempt ------------------------


def test_prox_soft_thresholds_weights_and_leaves_biases():
    net = mk.MLP([3, 4, 2], seed=0)
    params = net.parameters()
    for p in params:
        p.value[...] = np.linspace(-0.5, 0.5, p.value.size).reshape(p.value.shape)
    before = [p.value.copy() for p in params]
    mk.L1(0.1).prox(params, lr=1.0)
    for p, old in zip(params, before):
        if p.regularize:
            expected = np.sign(old) * np.maximum(np.abs(old) - 0.1, 0.0)
            np.testing.assert_array_equal(p.value, expected)
            assert np.sum(p.value == 0) == np.sum(np.abs(old) <= 0.1)
        else:
            np.testing.assert_array_equal(p.value, old)


@settings(max_examples=50, deadline=None)
@given(v=st.floats(-5, 5), t=st.floats(1e-3, 2))
def test_prox_is_the_minimiser_of_the_proximal_problem(v, t):
    # argmin_w 0.5 (w - v)^2 + t |w|, checked against a fine grid
    p = mk.Parameter(np.array([v]), name="W", regularize=True)
    mk.L1(t).prox([p], lr=1.0)
    grid = np.linspace(-6, 6, 120001)
    objective = 0.5 * (grid - v) ** 2 + t * np.abs(grid)
    assert abs(p.value[0] - grid[np.argmin(objective)]) < 2e-4


def test_prox_with_zero_lambda_changes_nothing():
    net = mk.MLP([3, 4, 2], seed=1)
    before = mk.flat_params(net)
    mk.L1(0.0).prox(net.parameters(), lr=0.5)
    np.testing.assert_array_equal(mk.flat_params(net), before)


@pytest.mark.parametrize("lr, err", [(0.0, ValueError), (-1.0, ValueError), ("0.1", TypeError)])
def test_prox_rejects_bad_lr(lr, err):
    with pytest.raises(err, match="lr"):
        mk.L1(0.1).prox(mk.MLP([2, 2], seed=0).parameters(), lr=lr)


def test_prox_rejects_non_parameters():
    with pytest.raises(TypeError, match=r"params\[0\]"):
        mk.L1(0.1).prox([np.zeros(3)], lr=0.1)
