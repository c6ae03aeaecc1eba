"""The chapter 14 widget: drawing a network of width H against its linearisation."""

import matplotlib.pyplot as plt
import pytest

from mlpkit.experiments.ch14_kernels import WIDTHS, lazy_training
from mlpkit.widgets import kernels as kw


def test_figure_draws_the_run_and_titles_it():
    fig, ax = plt.subplots()
    out = kw.lazy_figure(width=32, seed=1, ax=ax)
    run = lazy_training(32, seed=1)
    assert out is ax and "H = 32" in ax.get_title() and "seed 1" in ax.get_title()
    assert f"{100 * run.kernel_change:.1f} %" in ax.get_title()
    assert (ax.lines[1].get_ydata() == run.f_net).all() and (ax.lines[2].get_ydata() == run.f_lin).all()
    assert ax.get_xlabel() == "x" and ax.get_ylabel() == "f(x)"
    plt.close(fig)


def test_figure_makes_its_own_axes():
    ax = kw.lazy_figure(width=16)
    assert ax.figure.get_size_inches().tolist() == [6, 4]
    plt.close("all")


def test_bad_knobs_raise_from_the_experiment():
    with pytest.raises(ValueError, match="width"):
        kw.lazy_figure(width=0)


def test_demo_sliders_cover_the_widths_and_seeds():
    demo = kw.lazy_demo()
    width, seed = demo.kwargs_widgets
    assert width._kwarg == "width" and tuple(width.options) == WIDTHS
    assert seed._kwarg == "seed" and (seed.min, seed.max) == (0, 4)
    plt.close("all")
