"""Tests of mlpkit.module: Parameter, Module, and theta as one vector."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlpkit import MLP, Linear, Module, Parameter, Sequential, Tanh, flat_grads, flat_params, set_flat_params


def test_parameter_attributes_and_repr():
    p = Parameter(np.ones((2, 3)), name="W1", regularize=True)
    assert p.shape == (2, 3)
    assert p.grad.shape == (2, 3) and not np.any(p.grad)
    assert p.grad is not p.value
    assert p.regularize is True and p.name == "W1"
    assert repr(p) == "Parameter('W1', shape=(2, 3), dtype=float64)"


def test_module_base_class_contract():
    m = Module()
    with pytest.raises(NotImplementedError):
        m.forward(np.zeros((1, 1)))
    with pytest.raises(NotImplementedError):
        m.backward(np.zeros((1, 1)))
    with pytest.raises(NotImplementedError):
        m(np.zeros((1, 1)))
    assert m.parameters() == [] and m.config() == {}


def test_backward_overwrites_gradients_instead_of_accumulating():
    """The documented semantics: each backward writes the gradient of its own batch."""
    net = MLP([3, 4, 2], seed=0)
    X = np.random.default_rng(0).standard_normal((5, 3))
    G = np.ones((5, 2))
    net.forward(X)
    net.backward(G)
    once = [p.grad.copy() for p in net.parameters()]
    net.forward(X)
    net.backward(G)
    for p, g in zip(net.parameters(), once):
        np.testing.assert_array_equal(p.grad, g)  # not 2 g


def test_every_module_subclass_is_registered_for_loading():
    from mlpkit.module import MODULES

    class Doubler(Module):
        def forward(self, x):
            return 2 * x

    assert MODULES["Doubler"] is Doubler and MODULES["Linear"] is Linear


@given(
    sizes=st.lists(st.integers(1, 6), min_size=2, max_size=4),
    seed=st.integers(0, 2**16),
    dtype=st.sampled_from([np.float32, np.float64]),
)
def test_flat_params_round_trip(sizes, seed, dtype):
    net = MLP(sizes, seed=seed, dtype=dtype)
    params = net.parameters()
    expected_size = sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))
    theta = flat_params(net)
    assert theta.shape == (expected_size,) and theta.dtype == dtype
    # order: W1, b1, W2, b2, ... each raveled in C order
    np.testing.assert_array_equal(theta, np.concatenate([p.value.reshape(-1) for p in params]))
    # it is a copy
    theta[0] += 1.0
    assert params[0].value.flat[0] != theta[0]
    # set(new) then get returns new exactly; the arrays are written in place
    ids = [id(p.value) for p in params]
    new = np.random.default_rng(seed).standard_normal(expected_size).astype(dtype)
    set_flat_params(net, new)
    np.testing.assert_array_equal(flat_params(net), new)
    assert [id(p.value) for p in params] == ids
    # the first weight matrix is the first block, reshaped row by row
    W1 = params[0].value
    np.testing.assert_array_equal(W1, new[: W1.size].reshape(W1.shape))


def test_flat_params_of_a_parameter_list_and_flat_grads():
    a = Parameter(np.array([[1.0, 2.0], [3.0, 4.0]]))
    b = Parameter(np.array([5.0]))
    a.grad[...] = [[10.0, 20.0], [30.0, 40.0]]
    b.grad[...] = [50.0]
    np.testing.assert_array_equal(flat_params([a, b]), [1, 2, 3, 4, 5])
    np.testing.assert_array_equal(flat_grads([a, b]), [10, 20, 30, 40, 50])
    set_flat_params([a, b], [9, 8, 7, 6, 5])
    np.testing.assert_array_equal(a.value, [[9, 8], [7, 6]])


def test_set_flat_params_changes_the_function():
    net = MLP([2, 3, 2], seed=1)
    X = np.random.default_rng(0).standard_normal((4, 2))
    theta = flat_params(net)
    out0 = net.forward(X)
    set_flat_params(net, np.zeros_like(theta))
    np.testing.assert_array_equal(net.forward(X), 0.0)
    set_flat_params(net, theta)
    np.testing.assert_array_equal(net.forward(X), out0)


def test_flat_params_bad_inputs():
    net = MLP([2, 3, 2], seed=0)
    P = flat_params(net).size
    with pytest.raises(ValueError, match=f"theta: expected a vector of {P} values.*got {P - 1}"):
        set_flat_params(net, np.zeros(P - 1))
    with pytest.raises(ValueError, match="theta: expected finite values"):
        set_flat_params(net, np.full(P, np.nan))
    with pytest.raises(ValueError, match="theta: expected a 1-D array"):
        set_flat_params(net, np.zeros((1, P)))
    with pytest.raises(TypeError, match="theta: expected an array of real numbers"):
        set_flat_params(net, np.array(["a"] * P))
    with pytest.raises(TypeError, match="net: expected a Module or a list of Parameter"):
        flat_params([np.zeros(3)])
    with pytest.raises(TypeError, match="net: expected a Module or a list of Parameter"):
        flat_grads([1.0])
    with pytest.raises(ValueError, match="net: expected a module with parameters"):
        flat_params(Sequential(Tanh()))
    with pytest.raises(ValueError, match="net: expected a module with parameters"):
        flat_grads([])
    # a failed set leaves the parameters untouched
    before = flat_params(net)
    with pytest.raises(ValueError):
        set_flat_params(net, np.zeros(P + 1))
    np.testing.assert_array_equal(flat_params(net), before)


def test_flat_params_of_single_linear():
    lin = Linear(3, 2, seed=0)
    np.testing.assert_array_equal(flat_params(lin), np.concatenate([lin.W.ravel(), lin.b]))
