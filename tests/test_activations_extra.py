"""Tests of the activations added for chapter 4 (LeakyReLU, GELU) and of the
hand-built universal approximators in mlpkit.widgets.activations."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlpkit as mk
from mlpkit.activations import ACTIVATIONS, get_activation

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
    assert abs(float(mk.GELU.g(np.array([1e6]))[0]) - 1e6) < 1e-6 * 1e6   # ~ ReLU for large a
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


@pytest.mark.parametrize("slope, error", [(-0.1, ValueError), (1.0, ValueError), ("a", TypeError), (None, TypeError)])
def test_leaky_relu_bad_slope_names_argument(slope, error):
    with pytest.raises(error, match="slope"):
        mk.LeakyReLU(slope=slope)
