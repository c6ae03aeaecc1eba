"""Tests of mlpkit/widgets/risk.py: the structural-risk figure and demo.

The runs it draws are tested in test_experiments_ch02_empirical_risk.py."""

import matplotlib.pyplot as plt

import mlpkit as mk
from mlpkit.experiments.ch02_empirical_risk import train_regularised
from mlpkit.widgets import risk as R


def teardown_function():
    plt.close("all")


def test_srm_figure_titles_the_run_it_draws():
    ax = R.srm_figure(lam=0.01, epochs=5)
    net, *_ = train_regularised(0.01, epochs=5)
    omega = mk.L2(1.0).penalty(net.parameters())
    assert "lambda" in ax.get_title() and f"{omega:.1f}" in ax.get_title()


def test_srm_demo_runs_at_slider_ends():
    demo = R.srm_demo()
    slider = demo.children[0]
    for value in (slider.min, slider.max):
        slider.value = 10.0**value
    demo.update()
