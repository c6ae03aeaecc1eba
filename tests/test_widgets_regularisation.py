"""The chapter 9 widget: drawing function and demo, headless."""

import matplotlib.pyplot as plt
import pytest

from mlpkit.experiments import ch09_regularisation as ex
from mlpkit.widgets import regularisation as reg

pytest.importorskip("ipywidgets")


@pytest.mark.parametrize("lam", [10**reg.LAM_MIN_EXP, 10**reg.LAM_MAX_EXP])
def test_figure_title_reports_this_network(lam):
    net, (X, y, X_test, y_test) = ex.train_with_weight_decay(lam, epochs=20)
    fig, ax = plt.subplots()
    try:
        out = reg.regularisation_figure(lam=lam, epochs=20, ax=ax)
        assert out is ax
        title = ax.get_title()
        assert f"$\\Omega$ = {ex.squared_weight_norm(net):.1f}" in title
        assert f"train {net.score(X, y):.2f}, test {net.score(X_test, y_test):.2f}" in title
    finally:
        plt.close(fig)


def test_demo_callback_runs_at_min_and_max():
    demo = reg.regularisation_demo()
    slider = demo.children[0]
    for value in (slider.min, slider.max):
        slider.value = 10**value
        demo.update()
    plt.close("all")
