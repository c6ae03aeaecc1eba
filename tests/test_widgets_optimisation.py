"""Tests of mlpkit/widgets/optimisation.py: chapter 7's contour figure and its sliders
(the surface and the trajectories are tested in test_experiments_ch07_optimisation.py)."""

import matplotlib.pyplot as plt
import pytest

from mlpkit.widgets import optimisation as W


def teardown_function():
    plt.close("all")


def test_figure_draws_and_reports_divergence():
    ax = W.learning_rate_figure(lr=0.21, momentum=0.0, steps=30)
    assert "diverges" in ax.get_title()
    ax = W.learning_rate_figure(lr=0.15, momentum=0.0, steps=30)
    assert "loss" in ax.get_title() and "diverges" not in ax.get_title()


def test_figure_rejects_a_bad_rate():
    with pytest.raises(ValueError, match="lr"):
        W.learning_rate_figure(lr=-0.1)


def test_demo_at_slider_ends():
    demo = W.learning_rate_demo()
    for lr_widget_value, beta in ((demo.children[0].min, 0.0), (demo.children[0].max, 0.95)):
        demo.children[0].value = 10**lr_widget_value
        demo.children[1].value = beta
        demo.update()
