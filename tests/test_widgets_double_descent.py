"""Chapter 10's widget (mlpkit/widgets/double_descent.py): drawing the fits through N = n, headless."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlpkit.experiments import ch10_memorisation as ex
from mlpkit.widgets import double_descent as dd

pytest.importorskip("ipywidgets")


@pytest.mark.parametrize("n_features", [1, ex.N_TRAIN, 1000])
def test_figure_draws_this_fit(n_features):
    fit = ex.fit_random_features(n_features, seed=0)
    fig, ax = plt.subplots()
    try:
        assert dd.double_descent_figure(n_features, ax=ax) is ax
        assert f"N = {n_features} features" in ax.get_title()
        assert f"test {fit['test_risk']:.2g}," in ax.get_title()
        np.testing.assert_allclose(ax.lines[1].get_ydata(), fit["f_test"])
        marker = ax.child_axes[0].lines[-1].get_xydata()[0]
        np.testing.assert_allclose(marker, [n_features, fit["test_risk"]])
    finally:
        plt.close(fig)


@pytest.mark.parametrize("n_features", [0, -3, ex.N_MAX + 1])
def test_bad_n_features_value(n_features):
    with pytest.raises(ValueError, match="n_features"):
        dd.double_descent_figure(n_features)
    plt.close("all")


def test_demo_slider_runs_through_the_threshold():
    demo = dd.double_descent_demo()
    slider = demo.children[0]
    assert slider.options[0] == 1 and slider.options[-1] == 1000 and ex.N_TRAIN in slider.options
    for value in (1, ex.N_TRAIN, 1000):
        slider.value = value
        demo.update()
    plt.close("all")
