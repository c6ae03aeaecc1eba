"""The chapter 12 widget: the regret figure and its demo (drawing only)."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlpkit.experiments.ch12_model_selection import search_regret
from mlpkit.widgets import selection as sel


def test_figure_draws_the_measured_regrets():
    fig, ax = plt.subplots()
    out = sel.search_figure(n_important=2, budget=27, ax=ax)
    assert out is ax and "2 of 3" in ax.get_title() and "27 trials" in ax.get_title()
    assert ax.get_xlabel() and ax.get_ylabel() and len(ax.lines) == 3
    r = search_regret(2, 27)
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), r.random)
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), r.grid)
    plt.close(fig)


@pytest.mark.parametrize(
    "kwargs, name, error",
    [({"n_important": 4}, "n_important", ValueError), ({"budget": "64"}, "budget", TypeError)],
)
def test_figure_passes_bad_knobs_to_the_experiment(kwargs, name, error):
    with pytest.raises(error, match=name):
        sel.search_figure(**kwargs)


def test_demo_controls():
    demo = sel.search_demo()
    names = {c._kwarg for c in demo.kwargs_widgets}
    assert names == {"n_important", "budget"}
    plt.close("all")
