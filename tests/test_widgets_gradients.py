"""Tests of mlpkit/widgets/gradients.py: chapter 3's depth demo and chapter 6's epsilon demo.

The numbers the figures draw are compared with computations written here independently:
_helpers' finite differences (not mlpkit's) for the gradient norms and the finite-difference
estimates, and mlpkit.gradcheck for the relative errors.
"""
import matplotlib.pyplot as plt
import numpy as np
import pytest

import mlpkit as mk
from mlpkit import data
from mlpkit.widgets import gradients as G

from _helpers import check_raises, fd_grad


def teardown_function():
    plt.close("all")


def _task(depth, activation, dtype=np.float64):
    X, y = data.moons(64, seed=0)
    net = mk.MLP([2] + [8] * depth + [2], activation=activation, seed=0, dtype=dtype)
    loss = mk.SoftmaxCrossEntropy()
    return net, loss, X.astype(dtype), y


# ------------------------------------------------------------------ chapter 3

@pytest.mark.parametrize("depth, activation", [(1, "tanh"), (3, "sigmoid")])
def test_layer_gradient_norms_match_finite_differences(depth, activation):
    net, loss, X, y = _task(depth, activation)
    f = lambda: loss.forward(net.forward(X), y)  # noqa: E731
    expected = [np.linalg.norm(fd_grad(f, layer.W)) for layer in net.linears]
    got = G.layer_gradient_norms(depth, activation)
    assert got.shape == (depth + 1,)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-10)


def test_sigmoid_gradients_shrink_towards_the_input():
    norms = G.layer_gradient_norms(6, "sigmoid")
    assert np.all(np.diff(norms) > 0)      # each step down the backward pass makes it smaller
    assert norms[0] / norms[-1] < 1e-2


def test_layer_gradients_figure_draws_both_activations():
    ax = G.layer_gradients_figure(depth=3)
    lines = ax.get_lines()
    assert len(lines) == 2
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3, 4])
    np.testing.assert_allclose(lines[1].get_ydata(), G.layer_gradient_norms(3, "sigmoid"))
    assert "L = 3" in ax.get_title() and ax.get_yscale() == "log"


@pytest.mark.parametrize("kwargs, exc, words", [
    ({"depth": 0}, ValueError, ["depth"]),
    ({"depth": 21}, ValueError, ["depth"]),
    ({"depth": 2.5}, TypeError, ["depth"]),
    ({"depth": 2, "activation": "relu"}, ValueError, ["activation", "relu"]),
])
def test_layer_gradient_norms_reject_bad_input(kwargs, exc, words):
    check_raises(exc, words, G.layer_gradient_norms, **kwargs)


def test_layer_gradients_figure_rejects_bad_depth():
    check_raises(TypeError, ["depth"], G.layer_gradients_figure, depth="3")


# ------------------------------------------------------------------ chapter 6

@pytest.mark.parametrize("eps", [1e-6, 1e-2, 0.5])
def test_finite_differences_match_an_independent_loop(eps):
    net, loss, X, y = _task(1, "tanh")
    f = lambda: loss.forward(net.forward(X), y)  # noqa: E731
    check = G.finite_difference_check(eps, "float64")
    assert list(check["numeric"]) == ["W1", "b1", "W2", "b2"]
    for p in net.parameters():
        np.testing.assert_allclose(check["numeric"][p.name], fd_grad(f, p.value, eps=eps).ravel(),
                                   rtol=1e-7, atol=1e-9)


def test_analytic_gradient_is_backprop_and_errors_are_what_gradcheck_reports():
    net, loss, X, y = _task(1, "tanh")
    f = lambda: loss.forward(net.forward(X), y)  # noqa: E731
    check = G.finite_difference_check(1e-6, "float64")
    for p in net.parameters():
        np.testing.assert_allclose(check["analytic"][p.name], fd_grad(f, p.value).ravel(), atol=1e-8)
    expected = mk.gradcheck(net, loss, X, y, eps=1e-6)
    assert set(expected) == set(check["errors"])
    for name, err in expected.items():
        assert check["errors"][name] == pytest.approx(err, rel=1e-6, abs=1e-15)


def test_error_is_a_v_in_epsilon():
    worst = {e: max(G.finite_difference_check(e, "float64")["errors"].values()) for e in (1e-12, 1e-6, 1e-1)}
    assert worst[1e-6] < 1e-8 < min(worst[1e-12], worst[1e-1])


def test_float32_loses_a_tiny_perturbation():
    check = G.finite_difference_check(1e-12, "float32")
    for name, numeric in check["numeric"].items():
        assert np.all(numeric == 0.0), name
    assert max(check["errors"].values()) == pytest.approx(1.0)
    # and float32 accepts numpy types too, with the same result
    assert G.finite_difference_check(1e-12, np.float32)["errors"] == check["errors"]


def test_results_are_copies_not_the_cache():
    check = G.finite_difference_check(1e-4)
    check["numeric"]["W1"][:] = 99.0
    assert not np.any(G.finite_difference_check(1e-4)["numeric"]["W1"] == 99.0)


def test_gradcheck_figure_draws_every_entry():
    ax = G.gradcheck_figure(eps=1e-6, dtype="float64")
    offsets = np.concatenate([c.get_offsets() for c in ax.collections])
    assert offsets.shape == (2 * 8 + 8 + 8 * 2 + 2, 2)
    assert "float64" in ax.get_title() and "1e-06" in ax.get_title()
    assert np.all(offsets[:, 1] < 1e-7 * np.max(np.abs(offsets[:, 0])))


@pytest.mark.parametrize("kwargs, exc, words", [
    ({"eps": 0.0}, ValueError, ["eps"]),
    ({"eps": 2.0}, ValueError, ["eps"]),
    ({"eps": "1e-6"}, TypeError, ["eps"]),
    ({"eps": float("nan")}, ValueError, ["eps"]),
    ({"dtype": "float16"}, TypeError, ["dtype"]),
    ({"dtype": int}, TypeError, ["dtype"]),
])
def test_finite_difference_check_rejects_bad_input(kwargs, exc, words):
    check_raises(exc, words, G.finite_difference_check, **kwargs)
    check_raises(exc, words, G.gradcheck_figure, **kwargs)


def test_demos_redraw_at_slider_ends():
    for demo in (G.layer_gradients_demo(), G.gradcheck_demo()):
        for control in demo.kwargs_widgets:
            if hasattr(control, "min"):
                for value in (control.min, control.max):
                    control.value = control.base ** value if hasattr(control, "base") else value
                    demo.update()
        plt.close("all")
