"""Chapter 14's knob: the width H, and how lazily a network trains as it grows.

`lazy_figure` draws, for one width, the network trained by gradient descent against its
trained linearisation f(x; theta_0) + J_0(x) (theta - theta_0), both from
`mlpkit.experiments.ch14_kernels.lazy_training`; `lazy_demo` puts the width on a slider.
Narrow networks move their weights and their kernel and part from their linearisation; wide
ones barely move and coincide with it.
"""

from ..experiments.ch14_kernels import WIDTHS, lazy_training, regression_data
from ._common import axes, interactive_figure

__all__ = ["lazy_figure", "lazy_demo"]


def lazy_figure(width=64, lr=0.5, steps=400, seed=0, ax=None):
    """The trained network of width ``width`` against its trained linearisation, on the chapter's data.

    The title gives the relative change of the weights and of the kernel during training, and
    the largest gap between the two functions on the grid.

    Parameters
    ----------
    width : int
        H, the number of hidden units (see `lazy_training`).
    lr : float
        Learning rate (see `lazy_training`).
    steps : int
        Gradient steps (see `lazy_training`).
    seed : int
        Seed of the initial weights (see `lazy_training`).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib Axes
        The axes drawn on.
    """
    run = lazy_training(width, lr, steps, seed)
    X, y, _ = regression_data()
    ax = axes(ax, figsize=(6, 4))
    ax.plot(run.x_grid, run.f0, color="gray", lw=1, label=r"at initialisation $f(x;\theta_0)$")
    ax.plot(run.x_grid, run.f_net, lw=2, label="trained network")
    ax.plot(run.x_grid, run.f_lin, "--", lw=2, label="trained linearisation")
    ax.scatter(X[:, 0], y, color="k", s=15, zorder=3, label="training data")
    ax.set_ylim(-3, 3)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_title(
        f"width H = {width}, seed {seed}\nweights moved {100 * run.weight_change:.1f} %, "
        f"kernel {100 * run.kernel_change:.1f} %\n"
        f"max |network - linearisation| = {run.gap:.3f}",
        fontsize=10,
    )
    ax.legend(fontsize=7, loc="lower left")
    return ax


def lazy_demo():
    """A slider over the width H (16 to 1024, doubling) and one over the seed, redrawing `lazy_figure`."""
    import ipywidgets as widgets

    width = widgets.SelectionSlider(
        options=list(WIDTHS), value=64, description="width H", continuous_update=False
    )
    seed = widgets.IntSlider(value=0, min=0, max=4, description="seed", continuous_update=False)
    return interactive_figure(lazy_figure, figsize=(6, 4), width=width, seed=seed)
