"""Chapter 8's widget (mlpkit/widgets/landscape.py): drawing the line theta_0 -> theta*, headless."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlpkit.experiments import ch08_non_convexity as ex
from mlpkit.widgets import landscape as wl

pytest.importorskip("ipywidgets")


@pytest.mark.parametrize("alpha", [ex.ALPHA_MIN, 0.0, 1.0, ex.ALPHA_MAX])
def test_figure_title_and_marker_report_the_network_at_alpha(alpha):
    net = ex.network_at(alpha)
    path = ex.interpolation_path()
    acc = net.score(path["X"], path["y"])
    fig, ax = plt.subplots()
    try:
        out = wl.interpolation_figure(alpha=alpha, ax=ax)
        assert out is ax
        assert f"accuracy {acc:.2f}" in ax.get_title()
        inset = ax.child_axes[0]
        np.testing.assert_allclose(inset.lines[0].get_ydata(), path["losses"])
        marker = inset.lines[1].get_xydata()[0]
        j = int(np.argmin(np.abs(path["alphas"] - alpha)))
        np.testing.assert_allclose(marker, [alpha, path["losses"][j]], rtol=1e-10)
        assert f"training loss {marker[1]:.3f}" in ax.get_title()
    finally:
        plt.close(fig)


def test_figure_without_axes_makes_its_own():
    ax = wl.interpolation_figure(alpha=0.5)
    assert ax.figure is not None and len(ax.child_axes) == 1
    plt.close("all")


def test_figure_rejects_alpha_out_of_range():
    with pytest.raises(ValueError, match="alpha"):
        wl.interpolation_figure(alpha=2.0)
    plt.close("all")


def test_demo_slider_covers_the_line():
    demo = wl.interpolation_demo()
    slider = demo.children[0]
    assert (slider.min, slider.max) == (ex.ALPHA_MIN, ex.ALPHA_MAX)
    for value in (slider.min, 1.0, slider.max):
        slider.value = value
        demo.update()
    plt.close("all")
