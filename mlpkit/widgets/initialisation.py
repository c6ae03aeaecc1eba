"""Chapter 11's knob: the initial scale of the weights and the depth, layer by layer.

`statistics_figure` draws, for one fresh network, the spread per hidden layer of the
activations (forward), of the back-propagated gradients and of the weight gradients
(backward); `statistics_demo` puts the initial scale (a gain times Glorot's bound) and
the depth on sliders; `runs_figure` draws the statistics of trained runs side by side.
The measurements themselves are in `mlpkit.experiments.ch11_initialisation`.
"""

import numpy as np

from ..experiments.ch11_initialisation import deep_network, layer_statistics, mnist1d_batch
from ._common import axes, interactive_figure

__all__ = ["statistics_figure", "statistics_demo", "runs_figure"]


def statistics_figure(gain=1.0, depth=5, activation="tanh", width=100, X=None, y=None, seed=0, ax=None):
    """Plot, per hidden layer, the spread of the activations and of the two kinds of gradient.

    The forward curve is relative to layer 1 (where the signal enters), the backward curves
    relative to layer L (where the gradient enters), so a signal that shrinks on its way
    draws below 1 in both.

    Parameters
    ----------
    gain : float > 0
        Multiplies the slides' bound b (1 = Glorot's recipe).
    depth : int >= 1
        Number of hidden layers.
    activation : str
        ``"tanh"``, ``"sigmoid"`` or ``"relu"``.
    width : int >= 1
        Units per hidden layer.
    X : ndarray of shape (n, d), optional
        The batch (default: the first 500 MNIST-1D training examples).
    y : ndarray of shape (n,), optional
        Its labels.
    seed : int
        Seed of the initial weights.
    ax : matplotlib Axes, optional
        Where to draw (a new figure when None).

    Returns
    -------
    ax : the Axes drawn on
    """
    if X is None or y is None:
        X, y = mnist1d_batch()
    X = np.asarray(X)
    net = deep_network(depth, width, activation, gain, n_in=X.shape[1], n_out=int(np.max(y)) + 1, seed=seed)
    stats = layer_statistics(net, X, y)
    ax = axes(ax, figsize=(5, 3.5))
    layers = np.arange(1, depth + 1)
    ax.plot(
        layers,
        stats.activation_std / stats.activation_std[0],
        "o-",
        label="std of $h^{(k)}$ (forward, / layer 1)",
    )
    ax.plot(
        layers,
        stats.gradient_std / stats.gradient_std[-1],
        "s--",
        label=r"std of $\nabla_{a^{(k)}}$ (backward, / layer $L$)",
    )
    w = stats.weight_grad_std[:depth]
    ax.plot(layers, w / w[-1], "^:", label=r"std of $\nabla_{W^{(k)}}$ (/ layer $L$)")
    ax.set_yscale("log")
    ax.set_ylim(1e-3, 1e3)
    ax.set_xticks(layers if depth <= 10 else layers[:: max(1, depth // 10)])
    ax.axhline(1.0, color="grey", lw=0.8)
    ax.set_xlabel("hidden layer $k$")
    ax.set_ylabel("relative std")
    ax.set_title(f"{activation}, gain {gain:.2g} x Glorot, depth {depth}")
    ax.legend(fontsize=7, loc="lower center")
    return ax


def statistics_demo():
    """Sliders for the initial scale (gain x Glorot's b) and the depth; a menu for g."""
    import ipywidgets as widgets

    X, y = mnist1d_batch()

    def figure(gain=1.0, depth=5, activation="tanh", ax=None):
        statistics_figure(gain=gain, depth=depth, activation=activation, X=X, y=y, ax=ax)

    return interactive_figure(
        figure,
        figsize=(5.5, 4),
        gain=widgets.FloatLogSlider(value=1.0, base=10, min=-1, max=1, step=0.05, description="gain"),
        depth=widgets.IntSlider(value=5, min=1, max=20, description="depth"),
        activation=widgets.Dropdown(options=["tanh", "sigmoid", "relu"], value="tanh", description="g"),
    )


def runs_figure(runs, title):
    """Three panels per hidden layer: std of h, of the back-propagated and of the weight gradients.

    Parameters
    ----------
    runs : dict
        Name -> list of `InitRun` (one per seed); each line is the mean over the seeds, solid at
        initialisation, dashed after training (runs that diverged are left out of the mean).
    title : str
        The figure's title.

    Returns
    -------
    fig : the matplotlib Figure
    """
    import matplotlib.pyplot as plt

    fig, panels = plt.subplots(1, 3, figsize=(13, 4.2))
    # each run: its own colour of the course's cycle and its own marker; solid at init, dashed trained
    for (name, seeds), colour, marker in zip(runs.items(), ["C0", "C1", "C2", "C4"], ["o", "s", "^", "D"]):
        depth = len(seeds[0].before.activation_std)
        layers = np.arange(1, depth + 1)
        for when, line, fill in [("before", "-", colour), ("after", "--", "white")]:
            stats = [getattr(run, when) for run in seeds]
            label = f"{name}, {'init' if when == 'before' else 'trained'}"
            for ax, field in zip(panels, ["activation_std", "gradient_std", "weight_grad_std"]):
                values = np.nanmean([getattr(s, field)[:depth] for s in stats], axis=0)
                ax.plot(layers, values, ls=line, marker=marker, mfc=fill, color=colour, label=label)
    for ax in panels:
        ax.set_xticks(layers)
        ax.set_xlabel("hidden layer $k$")
    panels[0].set(ylabel="std of $h^{(k)}$", title="activations (forward)")
    panels[1].set(ylabel=r"std of $\nabla_{a^{(k)}}$", yscale="log", title="back-propagated gradients")
    panels[2].set(ylabel=r"std of $\nabla_{W^{(k)}}$", yscale="log", title="weight gradients")
    handles, labels = panels[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(runs), fontsize=8, frameon=False)
    fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.12, 1, 1))  # room below the panels for the legend's two rows
    return fig
