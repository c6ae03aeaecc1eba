"""Tests of mlpkit/widgets/initialisation.py: layer statistics and the scale/depth demo."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

import mlpkit as mk
from mlpkit.widgets import initialisation as W

from _helpers import check_raises


def teardown_function():
    plt.close("all")


def batch(n=64, d=20, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)), rng.integers(0, 3, n)


def test_layer_statistics_match_a_hand_written_pass():
    X, y = batch()
    net = W.deep_network(depth=3, width=30, activation="tanh", n_in=20, n_out=3, seed=1)
    s = W.layer_statistics(net, X, y)
    assert s.activation_std.shape == (3,) and s.gradient_std.shape == (3,) and s.weight_grad_std.shape == (4,)
    # by hand: forward, then the back-propagated gradient of the first hidden layer's pre-activation
    lins = net.linears
    h1 = np.tanh(X @ lins[0].W.T)
    h2 = np.tanh(h1 @ lins[1].W.T)
    h3 = np.tanh(h2 @ lins[2].W.T)
    logits = h3 @ lins[3].W.T
    g = (mk.softmax(logits) - mk.one_hot(y, 3)) / len(y)
    g3 = (g @ lins[3].W) * (1 - h3 ** 2)
    g2 = (g3 @ lins[2].W) * (1 - h2 ** 2)
    g1 = (g2 @ lins[1].W) * (1 - h1 ** 2)
    np.testing.assert_allclose(s.activation_std, [h1.std(), h2.std(), h3.std()], rtol=1e-12)
    np.testing.assert_allclose(s.gradient_std, [g1.std(), g2.std(), g3.std()], rtol=1e-10)
    np.testing.assert_allclose(s.weight_grad_std[0], (g1.T @ X).std(), rtol=1e-10)


def test_glorot_keeps_tanh_signal_and_small_gain_shrinks_it():
    X, y = batch(n=200, d=100)
    ok = W.layer_statistics(W.deep_network(8, 100, "tanh", 1.0, n_in=100, n_out=3), X, y)
    small = W.layer_statistics(W.deep_network(8, 100, "tanh", 0.3, n_in=100, n_out=3), X, y)
    assert ok.activation_std[-1] / ok.activation_std[0] > 0.3
    assert small.activation_std[-1] / small.activation_std[0] < 0.01
    assert small.gradient_std[0] / small.gradient_std[-1] < 0.01


def test_scaled_glorot_bound():
    init = W.scaled_glorot(2.0)
    Wm = init((50, 70), np.random.default_rng(0))
    b = 2.0 * np.sqrt(6 / 120)
    assert np.abs(Wm).max() <= b and np.abs(Wm).max() > 0.9 * b


@pytest.mark.parametrize("call, exc, words", [
    (lambda: W.scaled_glorot(0.0), ValueError, ["gain"]),
    (lambda: W.deep_network(depth=0), ValueError, ["depth"]),
    (lambda: W.deep_network(width=2.5), TypeError, ["width"]),
    (lambda: W.layer_statistics("net", *batch()), TypeError, ["net"]),
    (lambda: W.layer_statistics(W.deep_network(2, 5, n_in=20, n_out=3), np.zeros((4, 19)), [0, 1, 2, 0]),
     ValueError, ["X"]),
    (lambda: W.layer_statistics(W.deep_network(2, 5, n_in=20, n_out=3), np.zeros((4, 20)), [0, 1, 2, 5]),
     ValueError, ["y"]),
])
def test_bad_input_raises_naming_the_argument(call, exc, words):
    check_raises(exc, words, call)


def test_statistics_figure_labels():
    X, y = batch()
    ax = W.statistics_figure(gain=1.0, depth=4, activation="sigmoid", X=X, y=y)
    assert ax.get_xlabel() == "hidden layer $k$" and "sigmoid" in ax.get_title()
    assert len(ax.get_lines()) >= 2


def test_statistics_demo_runs_at_slider_extremes():
    demo = W.statistics_demo()
    sliders = [c for c in demo.children if hasattr(c, "min")]
    assert {s.description for s in sliders} == {"gain", "depth"}
    for s in sliders:
        for value in (s.min, s.max):
            s.value = value
            demo.update()
    menu = next(c for c in demo.children if getattr(c, "description", "") == "g")
    for option in menu.options:
        menu.value = option
        demo.update()
