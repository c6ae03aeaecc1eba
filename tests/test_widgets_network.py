"""Tests of mlpkit/widgets/network.py: the chapter 1 decision-region demo and layer diagram."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlpkit.widgets import network as W

from _helpers import check_raises


def teardown_function():
    plt.close("all")


def test_train_toy_network_fits_moons_and_is_deterministic():
    net, X, y, hist = W.train_toy_network(width=8, depth=1, dataset="moons", epochs=60, seed=0)
    assert net.sizes == [2, 8, 2]
    assert X.shape == (200, 2) and y.shape == (200,)
    assert net.score(X, y) > 0.9
    net2, *_ = W.train_toy_network(width=8, depth=1, dataset="moons", epochs=60, seed=0)
    np.testing.assert_array_equal(net.linears[0].W, net2.linears[0].W)


def test_depth_zero_is_a_linear_classifier():
    net, X, y, _ = W.train_toy_network(width=5, depth=0, dataset="xor", epochs=5)
    assert net.sizes == [2, 2]


@pytest.mark.parametrize("kwargs, exc, words", [
    ({"width": 0}, ValueError, ["width"]),
    ({"depth": -1}, ValueError, ["depth"]),
    ({"depth": 1.5}, TypeError, ["depth"]),
    ({"activation": "swish"}, ValueError, ["activation", "swish"]),
    ({"dataset": "mnist"}, ValueError, ["dataset", "mnist"]),
    ({"lr": 0.0}, ValueError, ["lr"]),
])
def test_train_toy_network_rejects_bad_input(kwargs, exc, words):
    check_raises(exc, words, W.train_toy_network, **kwargs)


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
        slider = next(c for c in demo.children if getattr(c, "description", "").startswith(name.split()[0][:5]))
        for value in (slider.min, slider.max):
            slider.value = value
    demo.update()
