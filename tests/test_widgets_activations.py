"""Tests of mlpkit/widgets/activations.py: chapter 4's staircase figure and its sliders."""

import matplotlib.pyplot as plt
import pytest

from mlpkit.experiments import ch04_activations as E
from mlpkit.widgets import activations as W


def teardown_function():
    plt.close("all")


def test_figure_title_reports_the_chapter_sup_error():
    ax = W.universal_approximation_figure(width=16, steepness=100.0)
    expected = E.sup_error(lambda x: E.sigmoid_steps(x, width=16, steepness=100.0))
    assert f"sup error {expected:.3f}" in ax.get_title()
    assert len(ax.lines) == 2


def test_figure_rejects_bad_width():
    with pytest.raises(ValueError, match="width"):
        W.universal_approximation_figure(width=0)


def test_demo_at_slider_extremes():
    demo = W.universal_approximation_demo()
    for width in (1, 128):
        for s in (-1.0, 3.0):
            demo.children[0].value = width
            demo.children[1].value = s
            demo.update()
