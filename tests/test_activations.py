"""Tests of mlpkit.activations: g, g' and the forward/backward modules."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlpkit as mk
from mlpkit import Identity, ReLU, Sigmoid, Tanh
from mlpkit.activations import ACTIVATIONS, get_activation

from _helpers import fd_grad, grad_err

CLASSES = [Identity, Sigmoid, Tanh, ReLU]

# Closed forms written with the math module, entry by entry (independent of numpy's vectorised code).
CLOSED = {
    Identity: (lambda a: a, lambda a: 1.0),
    Sigmoid: (
        lambda a: 1.0 / (1.0 + math.exp(-a)) if a > -700 else 0.0,
        lambda a: math.exp(-a) / (1.0 + math.exp(-a)) ** 2 if abs(a) < 700 else 0.0,
    ),
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


# -- LeakyReLU and GELU, the two modern activations of chapter 4 ---------------------

SMOOTH_POINTS = np.concatenate([np.linspace(-6, -0.05, 60), np.linspace(0.05, 6, 60)])


@pytest.mark.parametrize("cls", [mk.LeakyReLU, mk.GELU])
def test_g_prime_matches_centred_differences(cls):
    eps = 1e-6
    numeric = (cls.g(SMOOTH_POINTS + eps) - cls.g(SMOOTH_POINTS - eps)) / (2 * eps)
    assert np.max(np.abs(numeric - cls.g_prime(SMOOTH_POINTS))) < 1e-8


@pytest.mark.parametrize("cls", [mk.LeakyReLU, mk.GELU])
def test_backward_is_g_prime_times_incoming_gradient(cls):
    rng = np.random.default_rng(0)
    a = rng.normal(size=(5, 7)) * 3
    grad_h = rng.normal(size=(5, 7))
    module = cls()
    h = module.forward(a)
    np.testing.assert_allclose(h, cls.g(a), rtol=0, atol=0)
    np.testing.assert_allclose(module.backward(grad_h), grad_h * cls.g_prime(a), rtol=1e-15, atol=0)


def test_leaky_relu_values_and_slope():
    a = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    m = mk.LeakyReLU(slope=0.1)
    np.testing.assert_allclose(m.forward(a), [-0.2, -0.05, 0.0, 0.5, 2.0])
    np.testing.assert_allclose(m.backward(np.ones_like(a)), [0.1, 0.1, 0.1, 1.0, 1.0])
    # slope 0 is ReLU
    np.testing.assert_array_equal(mk.LeakyReLU(0.0).forward(a), mk.ReLU().forward(a))


def test_gelu_close_to_exact_x_phi_x():
    a = np.linspace(-8, 8, 1601)
    exact = np.array([x * 0.5 * (1 + math.erf(x / math.sqrt(2))) for x in a])
    assert np.max(np.abs(mk.GELU.g(a) - exact)) < 1e-3
    assert abs(float(mk.GELU.g(np.array([1e6]))[0]) - 1e6) < 1e-6 * 1e6  # ~ ReLU for large a
    assert float(mk.GELU.g(np.array([-1e3]))[0]) == 0.0


@given(st.lists(st.floats(-50, 50), min_size=1, max_size=20))
@settings(max_examples=50, deadline=None)
def test_gelu_bounds(values):
    a = np.array(values)
    h = mk.GELU.g(a)
    assert np.all(np.isfinite(h))
    assert np.all(h >= -0.18) and np.all(h <= np.maximum(a, 0) + 1e-12)


@pytest.mark.parametrize("name", ["gelu", "leaky_relu", "leakyrelu"])
def test_mlp_gradcheck_with_new_activations(name):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(8, 3))
    y = rng.integers(0, 3, size=8)
    net = mk.MLP([3, 6, 5, 3], activation=name, seed=2)
    errors = mk.gradcheck(net, mk.SoftmaxCrossEntropy(), X, y)
    assert max(errors.values()) < 1e-6, errors


def test_float32_dtype_is_kept():
    a = np.linspace(-2, 2, 9, dtype=np.float32)
    for m in (mk.LeakyReLU(), mk.GELU()):
        assert m.forward(a).dtype == np.float32
        assert m.backward(np.ones_like(a)).dtype == np.float32


def test_registered_and_save_load_roundtrip(tmp_path):
    assert ACTIVATIONS["gelu"] is mk.GELU and ACTIVATIONS["leaky_relu"] is mk.LeakyReLU
    assert isinstance(get_activation("GELU"), mk.GELU)
    X = np.random.default_rng(0).normal(size=(4, 3))
    for act in ("gelu", "leaky_relu", mk.LeakyReLU):
        net = mk.MLP([3, 5, 2], activation=act, seed=3)
        back = mk.load(mk.save(net, tmp_path / "net"))
        np.testing.assert_array_equal(back.forward(X), net.forward(X))
    seq = mk.Sequential(mk.Linear(3, 4), mk.LeakyReLU(slope=0.2), mk.Linear(4, 2))
    back = mk.load(mk.save(seq, tmp_path / "seq"))
    assert back.layers[1].slope == 0.2
    np.testing.assert_array_equal(back.forward(X), seq.forward(X))


@pytest.mark.parametrize(
    "slope, error", [(-0.1, ValueError), (1.0, ValueError), ("a", TypeError), (None, TypeError)]
)
def test_leaky_relu_bad_slope_names_argument(slope, error):
    with pytest.raises(error, match="slope"):
        mk.LeakyReLU(slope=slope)
