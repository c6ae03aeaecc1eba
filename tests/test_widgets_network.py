"""Tests of mlpkit/widgets/network.py: the chapter 1 decision-region demo and layer diagram.

The runs it draws are tested in test_experiments_ch01_multilayer_network.py."""

import matplotlib.pyplot as plt

from mlpkit.widgets import network as W

from _helpers import check_raises


def teardown_function():
    plt.close("all")


def test_regions_figure_titles_architecture_and_accuracy():
    ax = W.regions_figure(width=4, depth=2, activation="relu", dataset="circles", epochs=5)
    title = ax.get_title()
    assert "2-4-4-2 relu" in title and "train acc" in title
    assert ax.get_xlabel() == "$x_1$"


def test_network_diagram_labels_weight_shapes():
    ax = W.network_diagram([64, 32, 10])
    texts = [t.get_text() for t in ax.texts]
    assert any("32$\\times$64" in t for t in texts)
    assert any("10$\\times$32" in t for t in texts)
    check_raises(ValueError, ["sizes"], W.network_diagram, [3])
    check_raises(ValueError, ["sizes[1]"], W.network_diagram, [3, 0])


def test_regions_demo_runs_at_slider_extremes():
    demo = W.regions_demo()
    for name in ("width", "depth"):
        slider = next(
            c for c in demo.children if getattr(c, "description", "").startswith(name.split()[0][:5])
        )
        for value in (slider.min, slider.max):
            slider.value = value
    demo.update()
