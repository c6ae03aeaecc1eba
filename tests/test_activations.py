"""Tests of mlpkit.activations: g, g' and the forward/backward modules."""
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _helpers import fd_grad, grad_err
from mlpkit import Identity, ReLU, Sigmoid, Tanh
from mlpkit.activations import ACTIVATIONS, get_activation

CLASSES = [Identity, Sigmoid, Tanh, ReLU]

# Closed forms written with the math module, entry by entry (independent of numpy's vectorised code).
CLOSED = {
    Identity: (lambda a: a, lambda a: 1.0),
    Sigmoid: (lambda a: 1.0 / (1.0 + math.exp(-a)) if a > -700 else 0.0,
              lambda a: math.exp(-a) / (1.0 + math.exp(-a)) ** 2 if abs(a) < 700 else 0.0),
    Tanh: (math.tanh, lambda a: 1.0 / math.cosh(a) ** 2 if abs(a) < 700 else 0.0),
    ReLU: (lambda a: max(a, 0.0), lambda a: 1.0 if a > 0 else 0.0),
}

shapes = st.tuples(st.integers(1, 6), st.integers(1, 6))


def _away_from_kink(a):
    """Move entries at least 1e-3 away from 0 (ReLU's kink) so finite differences are exact."""
    return np.where(a >= 0, a + 1e-3, a - 1e-3)


@pytest.mark.parametrize("cls", CLASSES)
@given(a=st.lists(st.floats(-30, 30), min_size=1, max_size=20))
def test_g_and_g_prime_closed_forms(cls, a):
    g, gp = CLOSED[cls]
    a = np.array(a)
    np.testing.assert_allclose(cls.g(a), [g(v) for v in a], rtol=1e-12, atol=1e-300)
    a = _away_from_kink(a)
    # 1 - tanh^2 and s (1 - s) lose relative accuracy in the tails: compare absolutely there
    np.testing.assert_allclose(cls.g_prime(a), [gp(v) for v in a], rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize("cls", CLASSES)
@given(shape=shapes, seed=st.integers(0, 2**16), scale=st.sampled_from([0.1, 1.0, 4.0]))
def test_backward_matches_finite_differences(cls, shape, seed, scale):
    rng = np.random.default_rng(seed)
    # |a| <= 3: deeper in the tails g' ~ 1e-8 and finite-difference rounding (~1e-10) dominates
    a = _away_from_kink(np.clip(scale * rng.standard_normal(shape), -3.0, 3.0))
    R = rng.standard_normal(shape)  # L(a) = sum(R * g(a)), so dL/dh = R
    m = cls()
    h = m.forward(a)
    assert h.shape == shape
    grad = m.backward(R)
    numeric = fd_grad(lambda: float(np.sum(R * cls().forward(a))), a)
    assert grad_err(grad, numeric) <= 1e-7
    # and g_prime agrees with backward: grad_a = grad_h * g'(a)
    np.testing.assert_allclose(grad, R * cls.g_prime(a), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("cls", CLASSES)
def test_forward_equals_g(cls):
    a = np.linspace(-5, 5, 21).reshape(3, 7)
    np.testing.assert_array_equal(cls().forward(a), cls.g(a))
    assert cls()(a).shape == a.shape


def test_sigmoid_is_stable_for_huge_inputs():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = Sigmoid.g(np.array([-1e4, -800.0, 0.0, 800.0, 1e4]))
    np.testing.assert_array_equal(s, [0.0, 0.0, 0.5, 1.0, 1.0])
    assert Sigmoid.g(-30.0) == pytest.approx(math.exp(-30.0), rel=1e-12)  # no cancellation
    assert float(Sigmoid.g([0.0])[0]) == 0.5  # list input
    np.testing.assert_allclose(Sigmoid.g_prime(np.array([0.0])), [0.25])


def test_sigmoid_symmetry_and_tanh_relation():
    a = np.linspace(-10, 10, 101)
    np.testing.assert_allclose(Sigmoid.g(a) + Sigmoid.g(-a), 1.0, rtol=0, atol=1e-15)
    np.testing.assert_allclose(Tanh.g(a), 2 * Sigmoid.g(2 * a) - 1, atol=1e-14)


def test_relu_derivative_at_zero_is_zero():
    assert ReLU.g_prime(np.array([0.0]))[0] == 0.0
    m = ReLU()
    m.forward(np.array([[0.0, 1.0, -1.0]]))
    np.testing.assert_array_equal(m.backward(np.ones((1, 3))), [[0.0, 1.0, 0.0]])


def test_identity_passes_through():
    a = np.arange(6.0).reshape(2, 3)
    m = Identity()
    assert m.forward(a) is a
    g = np.ones((2, 3))
    assert m.backward(g) is g
    np.testing.assert_array_equal(Identity.g_prime(a), np.ones((2, 3)))


@pytest.mark.parametrize("cls", [Sigmoid, Tanh])
def test_float32_stays_float32(cls):
    a = np.linspace(-3, 3, 12, dtype=np.float32).reshape(3, 4)
    m = cls()
    assert m.forward(a).dtype == np.float32
    assert m.backward(np.ones_like(a)).dtype == np.float32


def test_get_activation():
    for name, cls in ACTIVATIONS.items():
        assert type(get_activation(name)) is cls
        assert type(get_activation(name.upper())) is cls
    assert isinstance(get_activation(Tanh), Tanh)
    assert get_activation("tanh") is not get_activation("tanh")  # a fresh module each time
    for bad in ("softplus", Tanh(), int, 3, None):
        with pytest.raises(ValueError, match="activation: expected one of"):
            get_activation(bad)


def test_activations_have_no_parameters():
    for cls in CLASSES:
        assert cls().parameters() == []
        assert repr(cls()) == f"{cls.__name__}()"
