"""Tests of mlpkit.plot on the headless Agg backend."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from mlpkit import MLP, SGD, SoftmaxCrossEntropy, fit
from mlpkit import plot as P


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _toy(C=2, n=40):
    rng = np.random.default_rng(0)
    y = rng.integers(0, C, n)
    X = (
        rng.standard_normal((n, 2)) + 2.0 * np.eye(C, 2)[y]
        if C <= 2
        else rng.standard_normal((n, 2)) + y[:, None]
    )
    return X, y


@pytest.mark.parametrize("C", [2, 3])
def test_decision_regions_colours_by_the_predicted_class(C):
    X, y = _toy(C)
    net = MLP([2, 8, C], seed=0)
    fit(net, SoftmaxCrossEntropy(), SGD(net, lr=0.3, momentum=0.9), X, y, epochs=30, batch_size=10)
    fig, ax = plt.subplots()
    out = P.decision_regions(net, X, y, ax=ax, resolution=30, title="regions")
    assert out is ax
    assert ax.get_title() == "regions" and ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "$x_2$"
    assert len(ax.collections) == 1 + C  # filled contours, then one scatter per class
    for c, points in enumerate(ax.collections[1:]):
        np.testing.assert_allclose(points.get_offsets(), X[y == c])
        # each class its own palette colour and its own marker
        np.testing.assert_allclose(points.get_facecolor()[0, :3], to_rgb(P.PALETTE[c]))
    assert len({p.get_paths()[0].vertices.tobytes() for p in ax.collections[1:]}) == C
    # the plotted region covers the data with the margin
    x0, x1 = ax.get_xlim()
    assert x0 <= X[:, 0].min() - 0.4 and x1 >= X[:, 0].max() + 0.4


def test_decision_regions_makes_its_own_axes_and_checks_inputs():
    X, y = _toy()
    net = MLP([2, 2], seed=0)
    ax = P.decision_regions(net, X, y, resolution=10)
    assert ax.figure is not None
    with pytest.raises(ValueError, match=r"X: expected 2 columns \(features\)"):
        P.decision_regions(net, np.zeros((3, 3)), [0, 1, 0])
    with pytest.raises(ValueError, match="y: expected 3 labels"):
        P.decision_regions(net, np.zeros((3, 2)), [0, 1])
    with pytest.raises(ValueError, match="X: expected finite values"):
        P.decision_regions(net, np.full((3, 2), np.nan), [0, 1, 0])


def test_loss_curves():
    X, y = _toy()
    net = MLP([2, 2], seed=0)
    h = fit(net, SoftmaxCrossEntropy(), SGD(net, lr=0.1), X, y, epochs=4, X_valid=X, y_valid=y)
    ax = P.loss_curves(h, log=True)
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["train loss", "valid loss"]
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3, 4])
    np.testing.assert_allclose(lines[0].get_ydata(), h["train_loss"])
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss"
    ax2 = P.loss_curves(h, keys=("train_acc", "missing"), title="acc")
    assert len(ax2.get_lines()) == 1 and ax2.get_ylabel() == "value" and ax2.get_title() == "acc"


def test_weight_images():
    W = np.random.default_rng(0).standard_normal((10, 64))
    axes = P.weight_images(W, n=10)
    assert len(axes) == 12  # 4 columns, 3 rows for 10 images
    shown = [a for a in axes if a.images]
    assert len(shown) == 10
    np.testing.assert_allclose(shown[3].images[0].get_array(), W[3].reshape(8, 8))
    fig, grid = plt.subplots(2, 2)
    out = P.weight_images(W, n=4, ax=grid, title="first")
    assert len(out) == 4 and fig._suptitle.get_text() == "first"
    with pytest.raises(ValueError, match=r"W: expected 64 columns to show as \(8, 8\) images, got 10"):
        P.weight_images(np.zeros((3, 10)))
    with pytest.raises(ValueError, match="W: expected a 2-D array"):
        P.weight_images(np.zeros(64))


def test_weight_images_on_a_single_given_axes():
    """Regression: ``ax`` may be one Axes (then only the first image is drawn) or an array of them."""
    W = np.random.default_rng(0).standard_normal((5, 64))
    fig, ax = plt.subplots()
    out = P.weight_images(W, n=5, ax=ax)
    assert len(out) == 1 and out[0] is ax
    np.testing.assert_allclose(ax.images[0].get_array(), W[0].reshape(8, 8))


def test_class_colormap_takes_the_palette_in_order_and_refuses_too_many_classes():
    cmap = P.class_colormap(3)
    np.testing.assert_allclose(cmap(1)[:3], to_rgb(P.PALETTE[1]))
    with pytest.raises(ValueError, match="n_classes: expected 1 to 10 classes, got 11"):
        P.class_colormap(11)
