"""Tests of mlpkit.layers: Linear, Sequential and MLP, forward in the slides' notation and
backward against centred finite differences."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlpkit import MLP, Identity, Linear, ReLU, Sequential, Sigmoid, Tanh, flat_params

from _helpers import fd_grad, grad_err

ACTS = ["tanh", "sigmoid", "relu", "identity"]


@given(n=st.integers(1, 5), n_in=st.integers(1, 6), n_out=st.integers(1, 6), seed=st.integers(0, 2**16))
def test_linear_forward_is_b_plus_W_h_per_example(n, n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    lin = Linear(n_in, n_out, seed=rng)
    lin.b = rng.standard_normal(n_out)
    H = rng.standard_normal((n, n_in))
    A = lin.forward(H)
    assert A.shape == (n, n_out)
    for i in range(n):  # the slide's a = b + W h, one example at a time
        np.testing.assert_allclose(A[i], lin.b + lin.W @ H[i], rtol=1e-12, atol=1e-12)


@given(n=st.integers(1, 5), n_in=st.integers(1, 6), n_out=st.integers(1, 6), seed=st.integers(0, 2**16))
def test_linear_backward_matches_finite_differences(n, n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    lin = Linear(n_in, n_out, seed=rng)
    lin.b = rng.standard_normal(n_out)
    H = rng.standard_normal((n, n_in))
    R = rng.standard_normal((n, n_out))

    def L():
        return float(np.sum(R * lin.forward(H)))

    lin.forward(H)
    grad_h = lin.backward(R)
    gW, gb = lin.grad_W.copy(), lin.grad_b.copy()
    assert grad_h.shape == H.shape and gW.shape == (n_out, n_in) and gb.shape == (n_out,)
    assert grad_err(grad_h, fd_grad(L, H)) <= 1e-7
    assert grad_err(gW, fd_grad(L, lin.W)) <= 1e-7
    assert grad_err(gb, fd_grad(L, lin.b)) <= 1e-7
    # closed forms of the slides: grad_W = sum_i grad_a_i h_i^T, grad_b = sum_i grad_a_i
    np.testing.assert_allclose(gW, sum(np.outer(R[i], H[i]) for i in range(n)), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("activation", ACTS)
@given(
    sizes=st.lists(st.integers(1, 5), min_size=2, max_size=4), n=st.integers(1, 4), seed=st.integers(0, 2**16)
)
def test_mlp_backward_matches_finite_differences(activation, sizes, n, seed):
    rng = np.random.default_rng(seed)
    net = MLP(sizes, activation=activation, seed=seed)
    for lin in net.linears:  # non-zero biases so that every path is exercised
        lin.b = 0.3 * rng.standard_normal(lin.b.shape)
    X = rng.standard_normal((n, sizes[0]))
    R = rng.standard_normal((n, sizes[-1]))

    def L():
        return float(np.sum(R * net.forward(X)))

    net.forward(X)
    grad_x = net.backward(R)
    assert grad_err(grad_x, fd_grad(L, X)) <= 1e-7
    for p in net.parameters():
        analytic = p.grad.copy()
        assert grad_err(analytic, fd_grad(L, p.value)) <= 1e-7, p.name


def test_linear_slide_names_and_setters():
    lin = Linear(3, 2, seed=np.random.default_rng(0))
    assert lin.W.shape == (2, 3) and lin.b.shape == (2,)
    lin.W = np.ones((2, 3))
    lin.b = [1.0, 2.0]
    assert lin.weight.value is lin.W
    np.testing.assert_array_equal(lin.forward(np.ones((1, 3))), [[4.0, 5.0]])
    assert lin.weight.regularize and not lin.bias.regularize
    assert lin.config() == {"n_in": 3, "n_out": 2, "dtype": "float64"}
    assert repr(lin) == "Linear(n_in=3, n_out=2, dtype='float64')"
    assert lin.grad_W is lin.weight.grad and lin.grad_b is lin.bias.grad


def test_linear_default_rng_is_seed_0_and_int_rng():
    np.testing.assert_array_equal(Linear(4, 3).W, Linear(4, 3, seed=0).W)
    assert not np.array_equal(Linear(4, 3, seed=1).W, Linear(4, 3, seed=0).W)


def test_linear_bad_inputs():
    with pytest.raises(ValueError, match=r"n_in: expected an integer in \[1, inf\], got 0"):
        Linear(0, 2)
    with pytest.raises(TypeError, match="n_out: expected an integer"):
        Linear(2, 2.0)
    with pytest.raises(TypeError, match="dtype: expected np.float32 or np.float64"):
        Linear(2, 2, dtype=np.int32)
    with pytest.raises(ValueError, match="seed: expected a non-negative int"):
        Linear(2, 2, seed=-3)
    # the inputs are checked where they enter a network, once
    with pytest.raises(ValueError, match=r"X: expected 3 columns \(features\), got shape \(4, 2\)"):
        Sequential(Linear(3, 2)).forward(np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"X: expected a 2-D array"):
        Sequential(Linear(3, 2)).forward(np.zeros(3))
    with pytest.raises(ValueError, match="X: expected finite values"):
        MLP([3, 2]).forward(np.full((2, 3), np.nan))
    np.testing.assert_allclose(MLP([3, 2]).forward([[1.0, 2.0, 3.0]]).shape, (1, 2))  # a list is converted


def test_sequential_structure_and_names():
    seq = Sequential(Linear(2, 3), Tanh(), Linear(3, 3), ReLU(), Linear(3, 1))
    assert [p.name for p in seq.parameters()] == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert len(seq) == 5 and isinstance(seq[1], Tanh)
    assert seq.n_inputs == 2 and seq.dtype == np.float64
    assert Sequential([Linear(2, 3), Tanh()]).n_inputs == 2  # a list works too
    only_act = Sequential(Tanh())
    assert only_act.n_inputs is None and only_act.dtype == np.float64
    assert "Sequential(\n  Linear(n_in=2" in repr(seq)
    # re-wrapping renumbers
    inner = Linear(2, 2)
    Sequential(Linear(2, 2), inner)
    assert inner.weight.name == "W2"


def test_sequential_bad_inputs():
    with pytest.raises(ValueError, match="modules: expected at least one module"):
        Sequential()
    with pytest.raises(TypeError, match=r"modules\[1\]: expected a Module, got function"):
        Sequential(Linear(2, 2), lambda x: x)


def test_sequential_equals_composition():
    rng = np.random.default_rng(0)
    l1, l2 = Linear(3, 4, seed=rng), Linear(4, 2, seed=rng)
    X = rng.standard_normal((5, 3))
    expected = np.tanh(X @ l1.W.T + l1.b) @ l2.W.T + l2.b
    np.testing.assert_allclose(Sequential(l1, Tanh(), l2).forward(X), expected, rtol=1e-14)


def test_mlp_structure():
    net = MLP([4, 5, 3, 2], activation="relu", seed=0)
    kinds = [type(m) for m in net.layers]
    assert kinds == [Linear, ReLU, Linear, ReLU, Linear]  # linear output layer (logits)
    assert [lin.W.shape for lin in net.linears] == [(5, 4), (3, 5), (2, 3)]
    assert net.sizes == [4, 5, 3, 2] and net.activation == "relu"
    assert net.config() == {"sizes": [4, 5, 3, 2], "activation": "relu", "dtype": "float64"}
    assert MLP([2, 2], activation=Sigmoid).activation == "sigmoid"
    assert isinstance(MLP([2, 3, 2], activation=Identity).layers[1], Identity)


def test_mlp_seed_determines_weights():
    np.testing.assert_array_equal(flat_params(MLP([3, 4, 2], seed=5)), flat_params(MLP([3, 4, 2], seed=5)))
    assert not np.array_equal(flat_params(MLP([3, 4, 2], seed=5)), flat_params(MLP([3, 4, 2], seed=6)))
    # layers draw from one generator: the two layers are not copies of the same stream
    net = MLP([3, 3, 3], seed=0)
    assert not np.array_equal(net.linears[0].W, net.linears[1].W)


def test_mlp_predictions():
    rng = np.random.default_rng(0)
    net = MLP([3, 6, 4], seed=0)
    X = rng.standard_normal((7, 3))
    logits = net.forward(X)
    P = net.predict_proba(X)
    assert P.shape == (7, 4)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-14)
    np.testing.assert_allclose(P, np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True), rtol=1e-12)
    pred = net.predict(X.tolist())  # lists are accepted
    np.testing.assert_array_equal(pred, np.argmax(logits, axis=1))
    y = pred.copy()
    y[0] = (y[0] + 1) % 4
    assert net.score(X, y) == pytest.approx(6 / 7)
    hs = net.hidden(X)
    assert [h.shape for h in hs] == [(7, 3), (7, 6), (7, 4)]
    np.testing.assert_allclose(hs[1], np.tanh(X @ net.linears[0].W.T + net.linears[0].b))
    np.testing.assert_array_equal(hs[-1], logits)


def test_mlp_bad_inputs():
    with pytest.raises(ValueError, match=r"sizes: expected at least 2 layer widths.*got \[3\]"):
        MLP([3])
    with pytest.raises(TypeError, match="sizes: expected a list of layer widths"):
        MLP(3)
    with pytest.raises(TypeError, match="sizes: expected a list"):
        MLP("64")
    with pytest.raises(ValueError, match=r"sizes\[1\]: expected an integer in \[1, inf\], got 0"):
        MLP([3, 0, 2])
    with pytest.raises(TypeError, match=r"sizes\[0\]: expected an integer"):
        MLP([3.0, 2])
    with pytest.raises(ValueError, match="activation: expected one of"):
        MLP([2, 2, 2], activation="swish")
    with pytest.raises(ValueError, match="seed: expected a non-negative int"):
        MLP([2, 2], seed=-1)
    with pytest.raises(TypeError, match="dtype: expected np.float32 or np.float64"):
        MLP([2, 2], dtype=np.int64)
    with pytest.raises(ValueError, match="init: expected one of"):
        MLP([2, 2], init="xavier")
    net = MLP([3, 2], seed=0)
    with pytest.raises(ValueError, match=r"X: expected 3 columns \(features\), got shape \(2, 4\)"):
        net.predict(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="X: expected finite values"):
        net.predict_proba(np.array([[0.0, np.nan, 1.0]]))
    with pytest.raises(TypeError, match="X: expected an array of real numbers"):
        net.predict(np.array([["a", "b", "c"]]))
    with pytest.raises(ValueError, match=r"y: expected labels in \[0, 2\)"):
        net.score(np.zeros((2, 3)), [0, 2])
    with pytest.raises(TypeError, match="y: expected integer class labels"):
        net.score(np.zeros((2, 3)), [0.0, 1.0])
    with pytest.raises(ValueError, match="y: expected 2 labels"):
        net.score(np.zeros((2, 3)), [0])


def test_float32_network_stays_float32():
    net = MLP([3, 4, 2], seed=0, dtype=np.float32)
    assert net.dtype == np.float32
    X = np.random.default_rng(0).standard_normal((5, 3))  # float64 input is converted
    assert net.predict_proba(X).dtype == np.float32
    out = net.forward(X.astype(np.float32))
    assert out.dtype == np.float32
    net.backward(np.ones_like(out))
    assert all(p.grad.dtype == np.float32 for p in net.parameters())
    net64 = MLP([3, 4, 2], seed=0)
    np.testing.assert_allclose(out, net64.forward(X), rtol=1e-5, atol=1e-6)


def test_linear_backward_is_the_slides_three_lines():
    """grad_W = grad_a^T h, grad_b = sum of grad_a, grad_h = grad_a W, written out independently."""
    rng = np.random.default_rng(0)
    lin = Linear(4, 3, seed=1)
    h, grad_a = rng.standard_normal((5, 4)), rng.standard_normal((5, 3))
    lin.forward(h)
    grad_h = lin.backward(grad_a)
    for t in range(5):  # one example at a time, as on the slide
        np.testing.assert_allclose(grad_h[t], lin.W.T @ grad_a[t])
    np.testing.assert_allclose(lin.grad_W, sum(np.outer(grad_a[t], h[t]) for t in range(5)))
    np.testing.assert_allclose(lin.grad_b, grad_a.sum(axis=0))
