"""Tests of mlpkit.conv: Conv1D against a naive loop, gradients, save/load, bad inputs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlpkit as mk
from mlpkit.conv import Conv1D


def naive_conv(x, W, b, padding):
    """out[n, o, t] = b[o] + sum_c sum_k W[o, c, k] xpad[n, c, t + k], by explicit loops."""
    n, C, L = x.shape
    O, _, K = W.shape
    p = 0 if padding == "valid" else (K - 1) // 2
    L_out = L - K + 1 if padding == "valid" else L
    out = np.zeros((n, O, L_out))
    for i in range(n):
        for o in range(O):
            for t in range(L_out):
                total = b[o]
                for c in range(C):
                    for k in range(K):
                        j = t + k - p
                        if padding == "circular":
                            total += W[o, c, k] * x[i, c, j % L]
                        elif 0 <= j < L:
                            total += W[o, c, k] * x[i, c, j]
                out[i, o, t] = total
    return out


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 3),
    C=st.integers(1, 3),
    O=st.integers(1, 3),
    half=st.integers(0, 2),
    L=st.integers(5, 9),
    padding=st.sampled_from(["valid", "same", "circular"]),
    seed=st.integers(0, 1000),
)
def test_forward_matches_naive_loop(n, C, O, half, L, padding, seed):
    K = 2 * half + 1
    rng = np.random.default_rng(seed)
    conv = Conv1D(C, O, K, L, padding=padding, seed=seed)
    conv.b = rng.standard_normal(O)
    x = rng.standard_normal((n, C, L))
    out = conv.forward(x.reshape(n, C * L))
    expected = naive_conv(x, conv.W, conv.b, padding)
    assert out.shape == (n, conv.n_out)
    np.testing.assert_allclose(out.reshape(expected.shape), expected, rtol=1e-12, atol=1e-12)


def test_even_kernel_valid_matches_naive_loop():
    rng = np.random.default_rng(0)
    conv = Conv1D(2, 3, 4, 9, padding="valid", seed=0)
    x = rng.standard_normal((2, 2, 9))
    out = conv.forward(x.reshape(2, 18)).reshape(2, 3, 6)
    np.testing.assert_allclose(out, naive_conv(x, conv.W, conv.b, "valid"), atol=1e-12)


@pytest.mark.parametrize("padding", ["valid", "same", "circular"])
def test_gradcheck_in_a_sequential(padding):
    rng = np.random.default_rng(1)
    L = 7
    conv = Conv1D(2, 3, 3, L, padding=padding, seed=1)
    # A Linear layer before the convolution so that Conv1D's grad_h is checked too.
    net = mk.Sequential(
        mk.Linear(5, 2 * L, seed=2), mk.Tanh(), conv, mk.Tanh(), mk.Linear(conv.n_out, 3, seed=3)
    )
    X = rng.standard_normal((6, 5))
    y = rng.integers(0, 3, 6)
    errors = mk.gradcheck(net, mk.SoftmaxCrossEntropy(), X, y)
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("padding", ["valid", "same", "circular"])
def test_input_gradient_against_finite_differences(padding):
    rng = np.random.default_rng(2)
    conv = Conv1D(2, 2, 3, 6, padding=padding, seed=4)
    x = rng.standard_normal((3, 12))
    upstream = rng.standard_normal((3, conv.n_out))
    conv.forward(x)
    analytic = conv.backward(upstream)
    numeric = mk.numerical_gradient(lambda: float(np.sum(conv.forward(x) * upstream)), x)
    assert mk.relative_error(analytic, numeric) < 1e-8


def test_parameters_decay_and_names():
    conv = Conv1D(1, 4, 3, 10, padding="circular")
    W, b = conv.parameters()
    assert W.regularize is True and b.regularize is False
    assert W.shape == (4, 1, 3) and b.shape == (4,)
    net = mk.Sequential(conv, mk.ReLU(), mk.Linear(40, 2))
    assert [p.name for p in net.parameters()] == ["W1", "b1", "W2", "b2"]
    assert net.n_inputs == 10


def test_weight_sharing_is_translation_equivariant():
    conv = Conv1D(1, 2, 3, 8, padding="circular", seed=5)
    x = np.random.default_rng(3).standard_normal((1, 8))
    shifted = np.roll(x, 3, axis=1)
    out = conv.forward(x).reshape(2, 8)
    out_shifted = conv.forward(shifted).reshape(2, 8)
    np.testing.assert_allclose(np.roll(out, 3, axis=1), out_shifted, atol=1e-12)


def test_save_load_round_trip(tmp_path):
    net = mk.Sequential(Conv1D(1, 3, 3, 8, padding="circular", seed=7), mk.Tanh(), Conv1D(3, 1, 1, 8, seed=8))
    net.parameters()[1].value[...] = 0.25
    path = mk.save(net, tmp_path / "conv")
    loaded = mk.load(path)
    assert isinstance(loaded[0], Conv1D) and loaded[0].padding == "circular"
    X = np.random.default_rng(0).standard_normal((4, 8))
    np.testing.assert_array_equal(net.forward(X), loaded.forward(X))


def test_float32():
    conv = Conv1D(1, 2, 3, 5, dtype=np.float32)
    out = conv.forward(np.ones((2, 5), dtype=np.float32))
    assert out.dtype == np.float32 and conv.W.dtype == np.float32


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(in_channels=0), "in_channels"),
        (dict(out_channels=-1), "out_channels"),
        (dict(kernel_size=0), "kernel_size"),
        (dict(length=0), "length"),
        (dict(padding="reflect"), "padding"),
        (dict(kernel_size=4, padding="same"), "kernel_size"),
        (dict(kernel_size=9, length=5), "kernel_size"),
    ],
)
def test_bad_constructor_arguments(kwargs, match):
    args = dict(in_channels=1, out_channels=1, kernel_size=3, length=5)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        Conv1D(**args)


def test_bad_types():
    with pytest.raises(TypeError, match="kernel_size"):
        Conv1D(1, 1, 2.5, 5)
    with pytest.raises(TypeError, match="dtype"):
        Conv1D(1, 1, 3, 5, dtype=np.int64)


def test_wrong_input_shape_names_the_argument():
    conv = Conv1D(2, 1, 3, 5)
    with pytest.raises(ValueError, match=r"X: expected 10 columns \(features\), got shape \(3, 5\)"):
        mk.Sequential(conv).forward(np.zeros((3, 5)))
    with pytest.raises(ValueError, match="X"):
        mk.Sequential(conv).predict(np.zeros((3, 9)))
