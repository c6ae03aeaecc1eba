"""Figures shared by the chapters: decision regions, loss curves, weight images.

matplotlib is imported lazily, inside each function, so that ``import mlpkit`` needs
only numpy. Every function draws on an ``ax`` (made if not given) and returns it.
"""

import numpy as np

from ._validate import as_float_array, as_labels

#: The course's categorical colours, "C0".."C9" under ``plt.style.use("mlpkit.course")``
#: (mlpkit/course.mplstyle): Petroff's 10-colour sequence, distinguishable under
#: deuteranopia, protanopia and tritanopia.
PALETTE = (
    "#3f90da",
    "#ffa90e",
    "#bd1f01",
    "#94a4a2",
    "#832db6",
    "#a96b59",
    "#e76300",
    "#b9ac70",
    "#717581",
    "#92dadd",
)
#: Colour map for signed quantities (weights, differences): orange-purple, centred on white.
DIVERGING = "PuOr_r"
#: Colour map for magnitudes: perceptually uniform and readable with colour-vision deficiency.
SEQUENTIAL = "cividis"


def class_colormap(n_classes):
    """A ``ListedColormap`` of the first ``n_classes`` colours of `PALETTE` (at most 10)."""
    from matplotlib.colors import ListedColormap

    if not 1 <= n_classes <= len(PALETTE):
        raise ValueError(f"n_classes: expected 1 to {len(PALETTE)} classes, got {n_classes}")
    # a list, not a tuple: matplotlib 3.8 reads a tuple of strings as one colour
    return ListedColormap(list(PALETTE[:n_classes]), name=f"course{n_classes}")


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(5, 4))
    return ax


def decision_regions(net, X, y, ax=None, resolution=200, margin=0.5, title=None):
    """Colour the plane by the class ``net`` predicts, and scatter the 2-D points (X, y).

    Parameters
    ----------
    net : a network with ``predict_proba`` (e.g. `MLP`) taking (m, 2) inputs
    X : ndarray of shape (n, 2)
    y : (n,) int labels
    """
    X = as_float_array(X, "X", ndim=2, n_features=2)
    y = as_labels(y, "y", n=X.shape[0])
    ax = _axes(ax)
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([g0.ravel(), g1.ravel()])
    proba = net.predict_proba(grid)
    n_classes = proba.shape[1]
    label = proba.argmax(axis=1).reshape(g0.shape)
    cmap = class_colormap(n_classes)
    ax.contourf(g0, g1, label, levels=np.arange(n_classes + 1) - 0.5, cmap=cmap, alpha=0.3)
    # Classes differ by marker as well as by colour.
    markers = "o^sDvP*Xph"
    for c in range(n_classes):
        mine = y == c
        ax.scatter(
            X[mine, 0],
            X[mine, 1],
            color=PALETTE[c],
            marker=markers[c],
            s=12,
            edgecolors="k",
            linewidths=0.3,
            label=f"class {c}",
        )
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax


def loss_curves(history, ax=None, keys=("train_loss", "valid_loss"), title="Loss per epoch", log=False):
    """Plot metrics of a `History` against the epoch."""
    ax = _axes(ax)
    for key in keys:
        if key in history:
            ax.plot(history["epoch"], history[key], label=key.replace("_", " "))
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss" if all("loss" in k for k in keys) else "value")
    if log:
        ax.set_yscale("log")
    ax.set_title(title)
    ax.legend()
    return ax


def weight_images(W, shape=(8, 8), n=16, ax=None, title="Weights of the first layer"):
    """Show the first ``n`` rows of W^(1) as images of the input's ``shape`` (e.g. 8x8 digits)."""
    W = as_float_array(W, "W", ndim=2)
    if W.shape[1] != shape[0] * shape[1]:
        raise ValueError(
            f"W: expected {shape[0] * shape[1]} columns to show as {shape} images, got {W.shape[1]}"
        )
    import matplotlib.pyplot as plt

    n = min(n, W.shape[0])
    cols = int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / cols))
    if ax is None:
        fig, axes = plt.subplots(rows, cols, figsize=(1.4 * cols, 1.4 * rows))
    else:
        axes = np.asarray(ax)  # one Axes or an array of them (as plt.subplots returns)
        fig = axes.flat[0].figure
    axes = np.atleast_1d(axes).ravel()
    limit = np.max(np.abs(W[:n]))
    for i, a in enumerate(axes):
        a.axis("off")
        if i < n:
            a.imshow(W[i].reshape(shape), cmap=DIVERGING, vmin=-limit, vmax=limit)
    fig.suptitle(title)
    return axes
