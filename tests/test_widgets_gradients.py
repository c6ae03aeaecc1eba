"""Tests of mlpkit/widgets/gradients.py: chapter 3's depth figure and chapter 6's epsilon figure.

The numbers they draw are tested in test_experiments_ch03_backpropagation.py and
test_experiments_ch06_gradient_checking.py."""

import matplotlib.pyplot as plt
import numpy as np

from mlpkit.experiments.ch03_backpropagation import layer_gradient_norms
from mlpkit.widgets import gradients as G

from _helpers import check_raises


def teardown_function():
    plt.close("all")


def test_layer_gradients_figure_draws_both_activations():
    ax = G.layer_gradients_figure(depth=3)
    lines = ax.get_lines()
    assert len(lines) == 2
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3, 4])
    np.testing.assert_allclose(lines[1].get_ydata(), layer_gradient_norms(3, "sigmoid"))
    assert "L = 3" in ax.get_title() and ax.get_yscale() == "log"


def test_layer_gradients_figure_rejects_bad_depth():
    check_raises(TypeError, ["depth"], G.layer_gradients_figure, depth="3")


def test_gradcheck_figure_draws_every_entry():
    ax = G.gradcheck_figure(eps=1e-6, dtype="float64")
    offsets = np.concatenate([c.get_offsets() for c in ax.collections])
    assert offsets.shape == (2 * 8 + 8 + 8 * 2 + 2, 2)
    assert "float64" in ax.get_title() and "1e-06" in ax.get_title()
    assert np.all(offsets[:, 1] < 1e-7 * np.max(np.abs(offsets[:, 0])))


def test_gradcheck_figure_rejects_bad_input():
    check_raises(ValueError, ["eps"], G.gradcheck_figure, eps=0.0)
    check_raises(TypeError, ["dtype"], G.gradcheck_figure, dtype="float16")


def test_demos_redraw_at_slider_ends():
    for demo in (G.layer_gradients_demo(), G.gradcheck_demo()):
        for control in demo.kwargs_widgets:
            if hasattr(control, "min"):
                for value in (control.min, control.max):
                    control.value = control.base**value if hasattr(control, "base") else value
                    demo.update()
        plt.close("all")
