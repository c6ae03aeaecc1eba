"""Tests of mlpkit.init: the weight initialisers and their variances."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlpkit import MLP, Linear, init


@given(fan_out=st.integers(1, 300), fan_in=st.integers(1, 300), seed=st.integers(0, 1000))
def test_glorot_uniform_bound(fan_out, fan_in, seed):
    W = init.glorot_uniform((fan_out, fan_in), np.random.default_rng(seed))
    b = np.sqrt(6.0 / (fan_in + fan_out))
    assert W.shape == (fan_out, fan_in) and W.dtype == np.float64
    assert np.all(np.abs(W) <= b)


def test_glorot_uniform_statistics():
    # U[-b, b] has variance b^2/3 = 2 / (fan_in + fan_out)
    W = init.glorot_uniform((400, 600), np.random.default_rng(0))
    assert abs(W.var() - 2.0 / 1000) / (2.0 / 1000) < 0.02
    assert abs(W.mean()) < 3 * np.sqrt(2.0 / 1000 / W.size)
    b = np.sqrt(6.0 / 1000)
    assert W.max() > 0.99 * b and W.min() < -0.99 * b  # fills the interval


def test_he_normal_and_he_uniform_variance():
    rng = np.random.default_rng(1)
    Wn = init.he_normal((500, 250), rng)
    Wu = init.he_uniform((500, 250), rng)
    for W in (Wn, Wu):
        assert abs(W.var() - 2.0 / 250) / (2.0 / 250) < 0.02
    assert np.all(np.abs(Wu) <= np.sqrt(6.0 / 250))
    # the normal one has tails beyond the uniform's bound; the uniform has none
    assert np.max(np.abs(Wn)) > np.sqrt(6.0 / 250)


def test_zeros_constant_uniform():
    rng = np.random.default_rng(0)
    assert not np.any(init.zeros((3, 4)))
    c = init.constant(0.5)
    np.testing.assert_array_equal(c((2, 3), rng), np.full((2, 3), 0.5))
    assert c.__name__ == "constant(0.5)"
    u = init.uniform(0.1)
    W = u((50, 50), rng, dtype=np.float32)
    assert W.dtype == np.float32 and np.all(np.abs(W) <= 0.1) and W.std() > 0.05
    assert u.__name__ == "uniform(0.1)"


@pytest.mark.parametrize("fn", [init.glorot_uniform, init.he_normal, init.he_uniform, init.zeros])
def test_dtype_is_respected(fn):
    assert fn((3, 2), np.random.default_rng(0), dtype=np.float32).dtype == np.float32


def test_same_generator_seed_same_weights():
    a = init.glorot_uniform((5, 4), np.random.default_rng(3))
    b = init.glorot_uniform((5, 4), np.random.default_rng(3))
    c = init.glorot_uniform((5, 4), np.random.default_rng(4))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize(
    "bad, exc",
    [(np.nan, ValueError), (np.inf, ValueError), ("1", TypeError), (True, TypeError), (None, TypeError)],
)
def test_constant_rejects(bad, exc):
    with pytest.raises(exc, match="value: expected a"):
        init.constant(bad)


@pytest.mark.parametrize(
    "bad, exc",
    [(0, ValueError), (-1.0, ValueError), (np.nan, ValueError), ("1", TypeError), (True, TypeError)],
)
def test_uniform_rejects(bad, exc):
    with pytest.raises(exc, match="scale: expected a"):
        init.uniform(bad)


def test_scaled_glorot_bound_and_name():
    f = init.scaled_glorot(2.0)
    W = f((50, 70), np.random.default_rng(0))
    b = 2.0 * np.sqrt(6 / 120)
    assert np.abs(W).max() <= b and np.abs(W).max() > 0.9 * b
    np.testing.assert_array_equal(
        init.scaled_glorot(1.0)((5, 4), np.random.default_rng(3)),
        init.glorot_uniform((5, 4), np.random.default_rng(3)),
    )
    assert (
        f.__name__ == "glorot_uniform x 2"
        and f((3, 2), np.random.default_rng(0), np.float32).dtype == np.float32
    )


@pytest.mark.parametrize(
    "bad, exc", [(0.0, ValueError), (-1, ValueError), (np.inf, ValueError), ("2", TypeError)]
)
def test_scaled_glorot_rejects(bad, exc):
    with pytest.raises(exc, match="gain"):
        init.scaled_glorot(bad)


def test_get_initializer():
    assert init.get_initializer("he_normal") is init.he_normal
    f = init.constant(1.0)
    assert init.get_initializer(f) is f
    for bad in ("glorot", 3, None):
        with pytest.raises(ValueError, match="init: expected one of"):
            init.get_initializer(bad)


def test_initialisers_in_layers():
    net = MLP([4, 3, 2], init=init.constant(0.2), seed=0)
    for lin in net.linears:
        np.testing.assert_array_equal(lin.W, 0.2)
        np.testing.assert_array_equal(lin.b, 0.0)
    zero = Linear(3, 2, init="zeros")
    assert not np.any(zero.W)
    with pytest.raises(ValueError, match=r"init: expected it to return shape \(2, 3\), got \(3, 2\)"):
        Linear(3, 2, init=lambda shape, rng, dtype: np.zeros(shape[::-1]))
