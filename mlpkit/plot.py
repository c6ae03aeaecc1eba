"""Figures shared by the chapters: decision regions, loss curves, weight images.

matplotlib is imported lazily, inside each function, so that ``import mlpkit`` needs
only numpy. Every function draws on an ``ax`` (made if not given) and returns it.
"""

import numpy as np

from ._validate import as_float_array, as_labels


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
    ax.contourf(
        g0,
        g1,
        label,
        levels=np.arange(n_classes + 1) - 0.5,
        cmap="coolwarm" if n_classes == 2 else "tab10",
        alpha=0.3,
        vmin=-0.5,
        vmax=(n_classes - 0.5) if n_classes == 2 else 9.5,
    )
    ax.scatter(
        X[:, 0],
        X[:, 1],
        c=y,
        cmap="coolwarm" if n_classes == 2 else "tab10",
        s=12,
        edgecolors="k",
        linewidths=0.3,
        vmin=0,
        vmax=(n_classes - 1) if n_classes == 2 else 9,
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
            a.imshow(W[i].reshape(shape), cmap="RdBu_r", vmin=-limit, vmax=limit)
    fig.suptitle(title)
    return axes
