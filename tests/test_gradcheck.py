"""Tests of mlpkit.gradcheck: it passes correct backward passes and catches wrong ones."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlpkit import (
    L1,
    L2,
    MLP,
    Linear,
    MeanSquaredError,
    Sequential,
    SoftmaxCrossEntropy,
    Tanh,
    gradcheck,
    numerical_gradient,
    numerical_hessian,
    relative_error,
)
from mlpkit.activations import Tanh as _Tanh

from _helpers import quad_setup, softmax_problem


class WrongTanh(_Tanh):
    """tanh whose backward forgets the square: grad * (1 - h)."""

    def backward(self, grad_h):
        return grad_h * (1.0 - self.h)


class ForgetfulLinear(Linear):
    """A Linear layer whose bias gradient is off by a factor of 2."""

    def backward(self, grad_a):
        out = super().backward(grad_a)
        self.bias.grad *= 2.0
        return out


def test_relative_error_definition():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert relative_error([1.0, 4.0], [1.0, 3.0]) == pytest.approx(1 / 4)
    assert relative_error([0.0], [1e-3]) == 1.0
    assert relative_error(np.zeros((2, 2)), np.ones((2, 2))) == 1.0


@given(seed=st.integers(0, 1000), n=st.integers(1, 20))
def test_numerical_gradient_of_known_functions(seed, n):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    c = rng.standard_normal(n)
    g = numerical_gradient(lambda: float(np.sum(x**3) + c @ x), x, eps=1e-5)
    # centred differences of a cubic are exact up to eps^2 * f''' / 6 = eps^2
    np.testing.assert_allclose(g, 3 * x**2 + c, atol=1e-8)
    x0 = x.copy()
    sub = numerical_gradient(lambda: float(np.sum(np.sin(x))), x, entries=[0, n - 1])
    np.testing.assert_allclose(sub, np.cos(x[[0, n - 1]]), atol=1e-9)
    np.testing.assert_array_equal(x, x0)  # restored


def test_numerical_gradient_shape_for_matrices():
    W = np.arange(6.0).reshape(2, 3)
    g = numerical_gradient(lambda: float(np.sum(W**2)), W)
    assert g.shape == (2, 3)
    np.testing.assert_allclose(g, 2 * W, atol=1e-7)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "identity"])
@given(seed=st.integers(0, 1000))
def test_gradcheck_passes_correct_networks(activation, seed):
    rng = np.random.default_rng(seed)
    net = MLP([3, 4, 3], activation=activation, seed=seed)
    X, y = rng.standard_normal((5, 3)), rng.integers(0, 3, 5)
    errors = gradcheck(net, SoftmaxCrossEntropy(), X, y, regularizer=L2(0.1))
    assert set(errors) == {"W1", "b1", "W2", "b2"}
    assert max(errors.values()) <= 1e-7, errors


def test_gradcheck_with_mse_and_l1_and_subset_of_entries():
    rng = np.random.default_rng(0)
    net = MLP([4, 6, 2], seed=0)
    X, T = rng.standard_normal((7, 4)), rng.standard_normal((7, 2))
    errors = gradcheck(net, MeanSquaredError(), X, T, regularizer=L1(0.01), n_entries=3, seed=1)
    assert max(errors.values()) <= 1e-7
    errors = gradcheck(net, MeanSquaredError(), X, T, n_entries=1000)  # more than there are: all
    assert max(errors.values()) <= 1e-7


def test_gradcheck_catches_wrong_backward_passes():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((6, 3)), rng.integers(0, 2, 6)
    broken = Sequential(Linear(3, 4, seed=1), WrongTanh(), Linear(4, 2, seed=2))
    errors = gradcheck(broken, SoftmaxCrossEntropy(), X, y)
    assert errors["W1"] > 1e-2 and errors["b1"] > 1e-2
    assert errors["W2"] < 1e-7  # the layer above the bug is still right
    broken = Sequential(ForgetfulLinear(3, 4, seed=1), Tanh(), Linear(4, 2, seed=2))
    broken[0].b = rng.standard_normal(4)
    errors = gradcheck(broken, SoftmaxCrossEntropy(), X, y)
    assert errors["b1"] == pytest.approx(0.5, rel=1e-5)  # (2g - g) / 2g
    assert errors["W1"] < 1e-7


def test_gradcheck_float32_is_coarser():
    rng = np.random.default_rng(0)
    net = MLP([3, 4, 2], seed=0, dtype=np.float32)
    X, y = rng.standard_normal((5, 3)), rng.integers(0, 2, 5)
    errors = gradcheck(net, SoftmaxCrossEntropy(), X, y, eps=1e-2)
    assert 1e-7 < max(errors.values()) < 1e-2  # float32 rounding, but no bug


def test_gradcheck_bad_inputs():
    net = MLP([3, 2], seed=0)
    X, y = np.zeros((2, 3)), np.array([0, 1])
    with pytest.raises(TypeError, match="net: expected a mlpkit Module"):
        gradcheck(lambda x: x, SoftmaxCrossEntropy(), X, y)
    with pytest.raises(ValueError, match=r"eps: expected a value in \(0.0, inf\]"):
        gradcheck(net, SoftmaxCrossEntropy(), X, y, eps=0.0)
    with pytest.raises(ValueError, match="net: expected a network with parameters"):
        gradcheck(Sequential(Tanh()), SoftmaxCrossEntropy(), X, y)
    with pytest.raises(ValueError, match="X: expected 3 columns"):
        gradcheck(net, SoftmaxCrossEntropy(), np.zeros((2, 4)), y)
    with pytest.raises(ValueError, match="X: expected finite values"):
        gradcheck(net, SoftmaxCrossEntropy(), np.full((2, 3), np.nan), y)
    with pytest.raises(ValueError, match="y: expected 2 labels"):
        gradcheck(net, SoftmaxCrossEntropy(), X, [0])
    with pytest.raises(TypeError, match="y: expected integer class labels"):
        gradcheck(net, SoftmaxCrossEntropy(), X, [0.0, 1.0])
    with pytest.raises(ValueError, match=r"n_entries: expected an integer in \[1, inf\]"):
        gradcheck(net, SoftmaxCrossEntropy(), X, y, n_entries=0)
    with pytest.raises(ValueError, match="seed: expected a non-negative int"):
        gradcheck(net, SoftmaxCrossEntropy(), X, y, seed=-1)


def test_numerical_gradient_bad_inputs():
    """Regression: an integer array used to give all-zero derivatives (x + eps rounds back to x)."""
    with pytest.raises(TypeError, match="x: expected a float numpy array .* got ndarray of dtype int64"):
        numerical_gradient(lambda: 0.0, np.array([1, 2, 3]))
    with pytest.raises(TypeError, match="x: expected a float numpy array .* got list"):
        numerical_gradient(lambda: 0.0, [1.0, 2.0])
    with pytest.raises(TypeError, match="f: expected a function of no arguments"):
        numerical_gradient(0.0, np.zeros(2))
    with pytest.raises(ValueError, match=r"eps: expected a value in \(0.0, inf\]"):
        numerical_gradient(lambda: 0.0, np.zeros(2), eps=-1e-6)
    x = np.zeros(2, dtype=np.float32)  # float32 is allowed (coarser)
    np.testing.assert_allclose(
        numerical_gradient(lambda: float(np.sum(3 * x)), x, eps=1e-2), [3, 3], rtol=1e-4
    )


# -- the finite-difference Hessian ------------------------------------------------------


@given(eigs=st.lists(st.floats(-5.0, 5.0), min_size=1, max_size=6), seed=st.integers(0, 1000))
def test_hessian_of_a_quadratic_is_A(eigs, seed):
    p, A, fill = quad_setup(eigs, seed)
    theta = p.value.copy()
    H = numerical_hessian([p], fill)
    np.testing.assert_allclose(H, A, atol=1e-8)
    np.testing.assert_array_equal(p.value, theta)  # restored
    np.testing.assert_allclose(p.grad, A @ theta, rtol=1e-12, atol=1e-14)  # gradients left at theta


def test_hessian_of_softmax_regression_matches_the_closed_form():
    lin, X, y, closure = softmax_problem(seed=1)
    rng = np.random.default_rng(5)
    lin.W = 0.5 * rng.standard_normal(lin.W.shape)
    H = numerical_hessian([lin.weight], closure)
    # d^2/dW^2 of mean CE: (1/n) sum_i (diag(p_i) - p_i p_i^T) kron (x_i x_i^T); plus 2 lam I from L2
    logits = X @ lin.W.T + lin.b
    P = np.exp(logits - logits.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    expected = sum(
        np.kron(np.diag(P[i]) - np.outer(P[i], P[i]), np.outer(X[i], X[i])) for i in range(len(X))
    ) / len(X)
    expected += 2 * 0.05 * np.eye(expected.shape[0])
    np.testing.assert_allclose(H, expected, atol=1e-8)
    assert np.all(np.linalg.eigvalsh(H) > 0)  # convex: positive definite with L2
