"""Chapter 1 demos: what width, depth and the activation g do to a network's decision regions.

``regions_figure`` colours the plane by the class that one small `MLP` predicts, trained
on a toy 2-D set by `mlpkit.experiments.ch01_multilayer_network.train_toy_network`;
``regions_demo`` puts sliders on width, depth and g. ``network_diagram`` draws the layer
sizes [d, H_1, ..., H_L, C] with the shape of each W^(k).
"""

import numpy as np

from .._validate import check_int
from ..experiments.ch01_multilayer_network import DATASETS, train_toy_network
from ._common import axes, interactive_figure


def regions_figure(width=8, depth=1, activation="tanh", dataset="moons", epochs=150, seed=0, ax=None):
    """Draw the decision regions of `train_toy_network`'s network (one seed) on ``ax``.

    The title gives the architecture, the number of parameters and the training accuracy
    of this one run.

    Parameters
    ----------
    width, depth, activation, dataset, epochs, seed
        As in `mlpkit.experiments.ch01_multilayer_network.train_toy_network` (which checks them).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    ax : matplotlib Axes
    """
    from ..plot import decision_regions

    net, X, y, _ = train_toy_network(width, depth, activation, dataset, epochs, seed=seed)
    n_params = sum(p.value.size for p in net.parameters())
    ax = axes(ax, (4.5, 4))
    decision_regions(net, X, y, ax=ax, resolution=120)
    sizes = "-".join(str(s) for s in net.sizes)
    ax.set_title(f"{sizes} {activation}, {n_params} params\ntrain acc {net.score(X, y):.2f}", fontsize=9)
    return ax


def regions_demo():
    """Sliders for width and depth, a menu for g and the data set; redraws `regions_figure`."""
    import ipywidgets as widgets

    return interactive_figure(
        regions_figure,
        figsize=(4.5, 4),
        width=widgets.IntSlider(value=8, min=1, max=64, description="width H"),
        depth=widgets.IntSlider(value=1, min=0, max=4, description="depth L"),
        activation=widgets.Dropdown(
            options=["tanh", "relu", "sigmoid", "identity"], value="tanh", description="g"
        ),
        dataset=widgets.Dropdown(options=list(DATASETS), value="moons", description="data"),
    )


def network_diagram(sizes, ax=None, max_units=8):
    """Draw layers as columns of units, each W^(k) labelled with its shape (H_k, H_{k-1}).

    Parameters
    ----------
    sizes : sequence of int
        The layer sizes ``[d, H_1, ..., H_L, C]``.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    max_units : int
        Columns wider than this are drawn with ``max_units`` dots and a "...".

    Returns
    -------
    ax : matplotlib Axes
    """
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
        raise ValueError(f"sizes: expected a list of at least 2 layer widths, got {sizes!r}")
    sizes = [check_int(s, f"sizes[{i}]", low=1) for i, s in enumerate(sizes)]
    max_units = check_int(max_units, "max_units", low=2)
    ax = axes(ax, (2.2 * len(sizes), 3.6))
    L = len(sizes) - 2
    ys = []
    for k, H in enumerate(sizes):
        m = min(H, max_units)
        y = np.linspace(-1, 1, m) if m > 1 else np.zeros(1)
        ys.append(y)
        colour = "C3" if k == 0 else ("C1" if k == L + 1 else "C0")
        ax.scatter(np.full(m, k), y, s=120, color=colour, zorder=3, edgecolors="k")
        if H > max_units:
            ax.text(k + 0.12, 0, "...", fontsize=12, va="center")
        name = (
            "$\\mathbf{x}=\\mathbf{h}^{(0)}$"
            if k == 0
            else ("$\\mathbf{f}(\\mathbf{x})$" if k == L + 1 else f"$\\mathbf{{h}}^{{({k})}}$")
        )
        ax.text(k, 1.25, f"{name}\n$H_{{{k}}}={H}$", ha="center", va="bottom", fontsize=9)
    for k in range(1, len(sizes)):
        for y0 in ys[k - 1]:
            for y1 in ys[k]:
                ax.plot([k - 1, k], [y0, y1], color="0.7", lw=0.4, zorder=1)
        ax.text(
            k - 0.5,
            -1.35,
            f"$\\mathbf{{W}}^{{({k})}}$: {sizes[k]}$\\times${sizes[k - 1]}",
            ha="center",
            va="top",
            fontsize=9,
        )
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(-1.8, 1.9)
    ax.set_xticks(range(len(sizes)))
    ax.set_xticklabels([f"layer {k}" for k in range(len(sizes))])
    ax.set_yticks([])
    ax.set_xlabel("layer k (0 = input, L+1 = output)")
    return ax
