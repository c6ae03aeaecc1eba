"""Tests of mlpkit/widgets/initialisation.py: the figures and the scale/depth demo (drawing only)."""

import matplotlib.pyplot as plt
import numpy as np

from mlpkit.experiments import ch11_initialisation as E
from mlpkit.widgets import initialisation as W


def teardown_function():
    plt.close("all")


def batch(n=64, d=20, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)), rng.integers(0, 3, n)


def test_statistics_figure_draws_the_measured_ratios():
    X, y = batch()
    fig, ax = plt.subplots()
    out = W.statistics_figure(gain=0.5, depth=4, activation="sigmoid", X=X, y=y, ax=ax)
    assert out is ax and ax.get_xlabel() == "hidden layer $k$" and "sigmoid" in ax.get_title()
    forward, backward, weights = ax.get_lines()[:3]
    s = E.layer_statistics(E.deep_network(4, 100, "sigmoid", 0.5, n_in=20, n_out=3), X, y)
    np.testing.assert_allclose(forward.get_ydata(), s.activation_std / s.activation_std[0])
    np.testing.assert_allclose(backward.get_ydata(), s.gradient_std / s.gradient_std[-1])
    np.testing.assert_allclose(weights.get_ydata(), s.weight_grad_std[:4] / s.weight_grad_std[3])


def test_runs_figure_draws_the_mean_over_seeds():
    runs = {
        "a": [
            E.train_from_init("tanh", "glorot_uniform", depth=2, width=10, seed=s, epochs=0, n_train=100)
            for s in (0, 1)
        ]
    }
    fig = W.runs_figure(runs, "title")
    panels = fig.axes
    assert len(panels) == 3 and fig._suptitle.get_text() == "title"
    mean = np.mean([r.before.gradient_std for r in runs["a"]], axis=0)
    np.testing.assert_allclose(panels[1].get_lines()[0].get_ydata(), mean)


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
