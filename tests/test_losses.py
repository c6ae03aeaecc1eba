"""Tests of mlpkit.losses: softmax, the fused softmax/cross-entropy and its gradient
-(e(y) - f(x)), and the squared error."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlpkit import MeanSquaredError, SoftmaxCrossEntropy, log_softmax, one_hot, softmax
from mlpkit.losses import surrogate_losses

from _helpers import check_raises, fd_grad, grad_err

cases = dict(
    n=st.integers(1, 6),
    C=st.integers(2, 6),
    seed=st.integers(0, 2**16),
    scale=st.sampled_from([0.1, 1.0, 5.0]),
)


def _softmax_math(row):
    """softmax of one row with the math module (no max subtraction: fine for |a| < 30)."""
    e = [math.exp(v) for v in row]
    s = sum(e)
    return [v / s for v in e]


@given(**cases)
def test_softmax_closed_form(n, C, seed, scale):
    a = scale * np.random.default_rng(seed).standard_normal((n, C))
    P = softmax(a)
    np.testing.assert_allclose(P, [_softmax_math(r) for r in a], rtol=1e-12)
    np.testing.assert_allclose(log_softmax(a), np.log([_softmax_math(r) for r in a]), rtol=1e-12, atol=1e-12)
    # invariance to adding a constant to every logit
    np.testing.assert_allclose(softmax(a + 123.0), P, rtol=1e-12)


def test_softmax_never_overflows():
    a = np.array([[1000.0, 0.0, -1000.0], [-1e5, -1e5, -1e5]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        P = softmax(a)
        L = log_softmax(a)
    np.testing.assert_allclose(P[0], [1.0, 0.0, 0.0])
    np.testing.assert_allclose(P[1], [1 / 3] * 3)
    np.testing.assert_allclose(L[0], [0.0, -1000.0, -2000.0])


def test_one_hot():
    e = one_hot([2, 0, 1], 3)
    np.testing.assert_array_equal(e, np.eye(3)[[2, 0, 1]])
    assert one_hot([1], 2, dtype=np.float32).dtype == np.float32
    with pytest.raises(ValueError, match=r"y: expected labels in \[0, 3\)"):
        one_hot([3], 3)
    with pytest.raises(TypeError, match="y: expected integer class labels"):
        one_hot([1.0], 3)


@given(**cases)
def test_cross_entropy_value(n, C, seed, scale):
    rng = np.random.default_rng(seed)
    a = scale * rng.standard_normal((n, C))
    y = rng.integers(0, C, n)
    expected = -sum(math.log(_softmax_math(a[i])[y[i]]) for i in range(n)) / n
    assert SoftmaxCrossEntropy().forward(a, y) == pytest.approx(expected, rel=1e-12, abs=1e-14)


@given(**cases)
def test_cross_entropy_gradient_is_minus_e_minus_f(n, C, seed, scale):
    """The slides' grad_{a^(L+1)} -log f(x)_y = -(e(y) - f(x)), averaged over the batch."""
    rng = np.random.default_rng(seed)
    a = scale * rng.standard_normal((n, C))
    y = rng.integers(0, C, n)
    loss = SoftmaxCrossEntropy()
    loss.forward(a, y)
    g = loss.backward()
    f = np.array([_softmax_math(r) for r in a])
    e = np.eye(C)[y]
    np.testing.assert_allclose(g, -(e - f) / n, rtol=1e-12, atol=1e-15)
    numeric = fd_grad(lambda: SoftmaxCrossEntropy().forward(a, y), a)
    assert grad_err(g, numeric) <= 1e-7
    np.testing.assert_allclose(g.sum(axis=1), 0.0, atol=1e-15)  # each row sums to 0


@given(n=st.integers(1, 6), k=st.integers(1, 5), seed=st.integers(0, 2**16))
def test_mse_value_and_gradient(n, k, seed):
    rng = np.random.default_rng(seed)
    pred, target = rng.standard_normal((n, k)), rng.standard_normal((n, k))
    loss = MeanSquaredError()
    value = loss.forward(pred, target)
    assert value == pytest.approx(
        sum((pred[i, j] - target[i, j]) ** 2 for i in range(n) for j in range(k)) / (n * k), rel=1e-12
    )
    g = loss.backward()
    assert grad_err(g, fd_grad(lambda: MeanSquaredError().forward(pred, target), pred)) <= 1e-7
    np.testing.assert_allclose(g, 2 * (pred - target) / (n * k), rtol=1e-13)


def test_mse_with_labels_and_column_targets():
    pred = np.array([[0.2, 0.8], [0.6, 0.1]])
    loss = MeanSquaredError()
    v = loss.forward(pred, np.array([1, 0]))  # one-hot targets
    assert v == pytest.approx(((0.2) ** 2 + 0.2**2 + 0.4**2 + 0.1**2) / 4)
    assert loss(pred[:, :1], np.array([0.2, 0.6])) == 0.0  # 1-D targets for a single output
    assert loss(np.array([[1.0], [2.0]]).tolist(), [[1.0], [3.0]]) == pytest.approx(0.5)


def test_losses_bad_inputs():
    sce, mse = SoftmaxCrossEntropy(), MeanSquaredError()
    with pytest.raises(RuntimeError, match="backward.. called before forward"):
        SoftmaxCrossEntropy().backward()
    with pytest.raises(RuntimeError, match="backward.. called before forward"):
        MeanSquaredError().backward()
    logits = np.zeros((3, 4))
    with pytest.raises(ValueError, match=r"y: expected labels in \[0, 4\), got values from 0 to 4"):
        sce.forward(logits, [0, 1, 4])
    with pytest.raises(ValueError, match=r"y: expected labels in \[0, 4\), got values from -1"):
        sce.forward(logits, [0, -1, 2])
    with pytest.raises(TypeError, match="y: expected integer class labels"):
        sce.forward(logits, [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="y: expected 3 labels"):
        sce.forward(logits, [0, 1])
    with pytest.raises(ValueError, match="logits: expected a 2-D array"):
        sce.forward(np.zeros(4), [0])
    with pytest.raises(ValueError, match="logits: expected finite values"):
        sce.forward([[0.0, np.nan]], [0])
    with pytest.raises(ValueError, match="pred: expected a 2-D array"):
        mse.forward(np.zeros(3), np.zeros(3))
    with pytest.raises(ValueError, match=r"y: expected targets of shape \(2, 3\)"):
        mse.forward(np.zeros((2, 3)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="y: expected finite values"):
        mse.forward(np.zeros((2, 1)), [np.nan, 0.0])
    with pytest.raises(ValueError, match=r"y: expected labels in \[0, 3\)"):
        mse.forward(np.zeros((2, 3)), np.array([0, 3]))
    assert repr(sce) == "SoftmaxCrossEntropy()" and repr(mse) == "MeanSquaredError()"


def test_cross_entropy_extreme_logits_are_finite():
    loss = SoftmaxCrossEntropy()
    v = loss.forward(np.array([[1000.0, -1000.0]]), [1])
    assert v == pytest.approx(2000.0)
    np.testing.assert_allclose(loss.backward(), [[1.0, -1.0]])


# -- surrogate losses of the margin (chapter 2) ------------------------------------------


@given(st.floats(min_value=-50, max_value=50))
def test_surrogates_upper_bound_the_zero_one_loss(m):
    losses = surrogate_losses(m)
    for name in ("hinge", "cross-entropy", "squared"):
        assert losses[name] >= losses["0-1"] - 1e-12, name


def test_surrogate_values_at_known_margins():
    losses = surrogate_losses(np.array([-1.0, 0.0, 1.0, 2.0]))
    np.testing.assert_array_equal(losses["0-1"], [1, 1, 0, 0])
    np.testing.assert_allclose(losses["hinge"], [2, 1, 0, 0])
    np.testing.assert_allclose(losses["squared"], [4, 1, 0, 1])
    np.testing.assert_allclose(losses["cross-entropy"][1], 1.0)
    # the logistic loss is log2(1 + e^{-m}) and stays finite for very negative margins
    assert np.isfinite(surrogate_losses(-1e4)["cross-entropy"])


def test_surrogate_losses_reject_bad_margins():
    check_raises(TypeError, ["margin"], surrogate_losses, "a")
    check_raises(ValueError, ["margin", "NaN"], surrogate_losses, [0.0, np.nan])
