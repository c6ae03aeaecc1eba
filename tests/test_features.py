"""mlpkit.features: random features and the minimum-norm least-squares fit."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlpkit.features import RandomFeatures, min_norm_least_squares


@pytest.mark.parametrize("activation", ["relu", "tanh", "cos"])
def test_transform_shape_and_formula(activation):
    rf = RandomFeatures(3, 7, activation=activation, seed=0)
    X = np.random.default_rng(1).standard_normal((5, 3))
    Phi = rf.transform(X)
    assert Phi.shape == (5, 7)
    g = {"relu": lambda a: np.maximum(a, 0), "tanh": np.tanh, "cos": np.cos}[activation]
    np.testing.assert_allclose(Phi, g(X @ rf.V.T + rf.c))


def test_same_seed_same_features_and_scale():
    a, b = RandomFeatures(4, 6, seed=3), RandomFeatures(4, 6, seed=3)
    np.testing.assert_array_equal(a.V, b.V)
    np.testing.assert_array_equal(a.c, b.c)
    big = RandomFeatures(50, 4000, seed=0, scale=2.0)
    assert abs(big.V.std() - 2.0 / np.sqrt(50)) < 0.01


def test_below_threshold_is_ordinary_least_squares():
    rng = np.random.default_rng(0)
    Phi, Y = rng.standard_normal((20, 5)), rng.standard_normal((20, 3))
    beta = min_norm_least_squares(Phi, Y)
    np.testing.assert_allclose(beta, np.linalg.solve(Phi.T @ Phi, Phi.T @ Y), atol=1e-10)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(2, 10), extra=st.integers(1, 10), seed=st.integers(0, 1000))
def test_above_threshold_interpolates_with_the_smallest_norm(n, extra, seed):
    rng = np.random.default_rng(seed)
    Phi, y = rng.standard_normal((n, n + extra)), rng.standard_normal(n)
    beta = min_norm_least_squares(Phi, y)
    assert beta.shape == (n + extra,)
    np.testing.assert_allclose(Phi @ beta, y, atol=1e-8)
    # any other interpolant beta + z with Phi z = 0 is longer: beta is orthogonal to the null space
    _, _, Vt = np.linalg.svd(Phi)
    null = Vt[n:].T
    assert np.max(np.abs(null.T @ beta)) < 1e-8 * max(1.0, np.linalg.norm(beta))


def test_bad_inputs_name_the_argument():
    with pytest.raises(ValueError, match="activation"):
        RandomFeatures(3, 4, activation="sigmoid")
    with pytest.raises(ValueError, match="n_features"):
        RandomFeatures(3, 0)
    with pytest.raises(ValueError, match="scale"):
        RandomFeatures(3, 4, scale=0.0)
    with pytest.raises(TypeError, match="seed"):
        RandomFeatures(3, 4, seed="a")
    with pytest.raises(ValueError, match="X"):
        RandomFeatures(3, 4).transform(np.zeros((2, 5)))
    with pytest.raises(ValueError, match="Y"):
        min_norm_least_squares(np.zeros((4, 2)), np.zeros(3))
    with pytest.raises(ValueError, match="Phi"):
        min_norm_least_squares(np.zeros(4), np.zeros(4))
