"""L1.prox: soft-thresholding of the weights, biases exempt."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import mlpkit as mk


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
