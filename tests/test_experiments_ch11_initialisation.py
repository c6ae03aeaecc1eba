"""Tests of mlpkit/experiments/ch11_initialisation.py: layer statistics and trained runs."""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit.experiments import ch11_initialisation as E

from _helpers import check_raises


def batch(n=64, d=20, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)), rng.integers(0, 3, n)


def test_layer_statistics_match_a_hand_written_pass():
    X, y = batch()
    net = E.deep_network(depth=3, width=30, activation="tanh", n_in=20, n_out=3, seed=1)
    s = E.layer_statistics(net, X, y)
    assert s.activation_std.shape == (3,) and s.gradient_std.shape == (3,) and s.weight_grad_std.shape == (4,)
    # by hand: forward, then the back-propagated gradient of each hidden layer's pre-activation
    lins = net.linears
    a1 = X @ lins[0].W.T
    h1 = np.tanh(a1)
    h2 = np.tanh(h1 @ lins[1].W.T)
    h3 = np.tanh(h2 @ lins[2].W.T)
    logits = h3 @ lins[3].W.T
    g = (mk.softmax(logits) - mk.one_hot(y, 3)) / len(y)
    g3 = (g @ lins[3].W) * (1 - h3**2)
    g2 = (g3 @ lins[2].W) * (1 - h2**2)
    g1 = (g2 @ lins[1].W) * (1 - h1**2)
    np.testing.assert_allclose(s.activation_std, [h1.std(), h2.std(), h3.std()], rtol=1e-12)
    np.testing.assert_allclose(s.gradient_std, [g1.std(), g2.std(), g3.std()], rtol=1e-10)
    np.testing.assert_allclose(s.weight_grad_std[0], (g1.T @ X).std(), rtol=1e-10)
    np.testing.assert_allclose(s.weight_grad_std[3], (g.T @ h3).std(), rtol=1e-10)
    assert s.saturated[0] == np.mean(1 - np.tanh(a1) ** 2 < 0.05)


@pytest.mark.parametrize("activation, peak", [("sigmoid", 0.25), ("relu", 1.0), ("tanh", 1.0)])
def test_saturation_is_relative_to_the_activations_own_largest_slope(activation, peak):
    # a huge gain saturates almost every sigmoid/tanh unit; ReLU units are never "saturated" when active
    X, y = batch(n=200, d=20)
    big = E.layer_statistics(E.deep_network(2, 50, activation, 20.0, n_in=20, n_out=3), X, y)
    small = E.layer_statistics(E.deep_network(2, 50, activation, 0.01, n_in=20, n_out=3), X, y)
    if activation == "relu":
        assert 0.3 < big.saturated[0] < 0.7  # the inactive half has g' = 0
    else:
        assert big.saturated[0] > 0.6 and small.saturated[0] == 0.0
    assert E._peak_slope(mk.activations.get_activation(activation)) == peak


def test_glorot_keeps_tanh_signal_and_small_gain_shrinks_it():
    X, y = batch(n=200, d=100)
    ok = E.layer_statistics(E.deep_network(8, 100, "tanh", 1.0, n_in=100, n_out=3), X, y)
    small = E.layer_statistics(E.deep_network(8, 100, "tanh", 0.3, n_in=100, n_out=3), X, y)
    assert ok.activation_std[-1] / ok.activation_std[0] > 0.3
    assert small.activation_std[-1] / small.activation_std[0] < 0.01
    assert small.gradient_std[0] / small.gradient_std[-1] < 0.01


def test_weight_gradients_do_not_vanish_when_back_propagated_ones_do():
    # Glorot and Bengio's Fig. 8: the two factors of grad_W = grad_a h^T compensate in the linear regime
    X, y = batch(n=300, d=100)
    s = E.layer_statistics(E.deep_network(6, 100, "tanh", 0.5, n_in=100, n_out=3), X, y)
    assert s.gradient_std[0] / s.gradient_std[-1] < 0.05
    assert 0.3 < s.weight_grad_std[0] / s.weight_grad_std[-2] < 3


def test_train_from_init_is_cached_read_only_and_learns():
    run = E.train_from_init("tanh", "glorot_uniform", depth=2, width=20, seed=0, epochs=2, n_train=500)
    again = E.train_from_init("tanh", "glorot_uniform", depth=2, width=20, seed=0, epochs=2, n_train=500)
    assert run is again and not run.before.activation_std.flags.writeable
    assert run.test_accuracy > 0.2  # above chance (0.1) after two epochs
    untrained = E.train_from_init("tanh", "glorot_uniform", depth=2, width=20, seed=0, epochs=0, n_train=500)
    np.testing.assert_array_equal(untrained.before.gradient_std, untrained.after.gradient_std)


def test_train_from_init_reports_divergence_as_nan():
    run = E.train_from_init("relu", "he_normal", depth=30, width=100, seed=0, epochs=1, lr=5.0, n_train=200)
    assert np.isnan(run.test_accuracy) and np.all(np.isnan(run.after.activation_std))


@pytest.mark.parametrize(
    "call, exc, words",
    [
        (lambda: E.deep_network(depth=0), ValueError, ["depth"]),
        (lambda: E.deep_network(width=2.5), TypeError, ["width"]),
        (lambda: E.deep_network(gain=0.0), ValueError, ["gain"]),
        (lambda: E.layer_statistics("net", *batch()), TypeError, ["net"]),
        (
            lambda: E.layer_statistics(
                E.deep_network(2, 5, n_in=20, n_out=3), np.zeros((4, 19)), [0, 1, 2, 0]
            ),
            ValueError,
            ["X"],
        ),
        (
            lambda: E.layer_statistics(
                E.deep_network(2, 5, n_in=20, n_out=3), np.zeros((4, 20)), [0, 1, 2, 5]
            ),
            ValueError,
            ["y"],
        ),
        (lambda: E.train_from_init("tanh", "glorot", epochs=1), ValueError, ["init"]),
        (lambda: E.train_from_init("tanh", "glorot_uniform", lr=0.0), ValueError, ["lr"]),
        (lambda: E.train_from_init("tanh", "glorot_uniform", n_train=5000), ValueError, ["n_train"]),
    ],
)
def test_bad_input_raises_naming_the_argument(call, exc, words):
    check_raises(exc, words, call)


def test_centred_sigmoid_is_the_sigmoid_shifted_by_a_half():
    a = np.random.default_rng(0).normal(size=(6, 4)) * 3
    g = E.CentredSigmoid()
    h = g.forward(a)
    np.testing.assert_allclose(h, np.tanh(a / 2) / 2, atol=1e-12)  # sigm(a) - 1/2 = tanh(a/2)/2
    eps = 1e-6
    fd = (E.CentredSigmoid.g(a + eps) - E.CentredSigmoid.g(a - eps)) / (2 * eps)
    np.testing.assert_allclose(E.CentredSigmoid.g_prime(a), fd, atol=1e-8)
    grad = np.random.default_rng(1).normal(size=a.shape)
    np.testing.assert_allclose(g.backward(grad), grad * fd, atol=1e-8)
    assert E.CentredSigmoid.g(np.zeros(1))[0] == 0.0 and E.CentredSigmoid.g_prime(np.zeros(1))[0] == 0.25


def test_train_from_init_takes_an_activation_class():
    run = E.train_from_init(
        E.CentredSigmoid, "glorot_uniform", depth=2, width=10, seed=0, epochs=1, n_train=200
    )
    assert abs(run.before.activation_mean).max() < 0.05  # centred: no mean of 1/2


def test_layer_activations_are_the_hidden_outputs_of_the_forward_pass():
    net = E.deep_network(3, 6, "tanh", n_in=4, n_out=2, seed=0)
    X = np.random.default_rng(0).normal(size=(5, 4))
    hs = E.layer_activations(net, X)
    assert [h.shape for h in hs] == [(5, 6)] * 3
    h = X
    for k in range(3):
        h = np.tanh(h @ net.linears[k].W.T + net.linears[k].b)
        np.testing.assert_allclose(hs[k], h, atol=1e-12)
    with pytest.raises(TypeError, match="net"):
        E.layer_activations("net", X)
