"""Chapter 14's knob: the width H, and how lazily a network trains as it grows.

`lazy_training` trains the chapter's network, one tanh hidden layer of width H in the NTK
parameterisation (`mlpkit.kernels.ntk_mlp`), by full-batch gradient descent on the mean
squared error of 20 points of y = sin(2x), and trains its linearisation around theta_0,

    f_lin(x; theta) = f(x; theta_0) + J_0(x) (theta - theta_0),

with the same learning rate and number of steps (in closed form, with the kernel at
initialisation: `mlpkit.kernels.kernel_gradient_descent`). It returns both functions on a
grid and the relative changes of the weights and of the kernel,
||theta_T - theta_0|| / ||theta_0|| and ||Theta_T - Theta_0||_F / ||Theta_0||_F.
`lazy_figure` draws one width; `lazy_demo` puts the width on a slider. Narrow networks move
their weights and their kernel and part from their linearisation; wide ones barely move and
coincide with it.
"""
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from .._validate import check_int, check_real
from . import interactive_figure

__all__ = ["WIDTHS", "LazyRun", "regression_data", "lazy_training", "lazy_figure", "lazy_demo"]

WIDTHS = (16, 32, 64, 128, 256, 512, 1024)  # the slider's values: each redraw well under a second


class LazyRun(NamedTuple):
    """A network of one width trained by gradient descent, and its trained linearisation."""

    x_grid: np.ndarray       #: (61,) inputs on [-3, 3]
    f0: np.ndarray           #: (61,) f(x; theta_0)
    f_net: np.ndarray        #: (61,) the trained network
    f_lin: np.ndarray        #: (61,) the trained linearisation
    weight_change: float     #: ||theta_T - theta_0|| / ||theta_0||
    kernel_change: float     #: ||Theta_T - Theta_0||_F / ||Theta_0||_F on the training points
    gap: float               #: max over the grid of |f_net - f_lin|
    train_mse: float         #: mean squared error of the trained network on the training points


def regression_data():
    """The chapter's data: X (20, 1) sorted in [-2, 2), y = sin(2 X[:, 0]) (20,), X_grid (61, 1) on [-3, 3]."""
    rng = np.random.default_rng(0)
    X = np.sort(rng.uniform(-2, 2, size=(20, 1)), axis=0)
    return X, np.sin(2 * X[:, 0]), np.linspace(-3, 3, 61)[:, None]


def lazy_training(width=64, lr=0.5, steps=400, seed=0):
    """Train ``ntk_mlp([1, width, 1], seed=seed)`` and its linearisation on `regression_data`.

    Parameters
    ----------
    width : int in [1, 8192]
        H, the number of hidden units.
    lr : float > 0
        Learning rate of full-batch gradient descent (the chapter's 0.5).
    steps : int in [1, 10000]
        Gradient steps (the chapter's 400).
    seed : int >= 0
        Seed of the initial weights.

    Returns
    -------
    LazyRun (cached: the same arguments give the same object, whose arrays are read-only)
    """
    width = check_int(width, "width", low=1, high=8192)
    lr = check_real(lr, "lr", low=0.0, low_open=True)
    steps = check_int(steps, "steps", low=1, high=10_000)
    seed = check_int(seed, "seed", low=0)
    return _lazy_training(width, lr, steps, seed)


@lru_cache(maxsize=32)
def _lazy_training(width, lr, steps, seed):
    from ..kernels import empirical_ntk, kernel_gradient_descent, ntk_mlp
    from ..losses import MeanSquaredError
    from ..module import flat_params
    from ..optim import SGD

    X, y, X_grid = regression_data()
    net = ntk_mlp([1, width, 1], seed=seed)
    theta0, K0, K0_grid = flat_params(net), empirical_ntk(net, X), empirical_ntk(net, X_grid, X)
    f0, f0_train = net.forward(X_grid)[:, 0], net.forward(X)[:, 0]
    # The linearisation trained by gradient descent, in function space (eq-ch14-kernel-gd).
    f_lin = f0 + kernel_gradient_descent(K0, y - f0_train, K0_grid, lr=lr, steps=steps)
    loss, opt = MeanSquaredError(), SGD(net.parameters(), lr=lr)
    for _ in range(steps):  # full-batch gradient descent: fit(..., batch_size=len(X)) without the bookkeeping
        opt.zero_grad()
        loss.forward(net.forward(X), y[:, None])
        net.backward(loss.backward())
        opt.step()
    f_net = net.forward(X_grid)[:, 0]
    run = LazyRun(
        x_grid=X_grid[:, 0], f0=f0, f_net=f_net, f_lin=f_lin,
        weight_change=float(np.linalg.norm(flat_params(net) - theta0) / np.linalg.norm(theta0)),
        kernel_change=float(np.linalg.norm(empirical_ntk(net, X) - K0) / np.linalg.norm(K0)),
        gap=float(np.max(np.abs(f_net - f_lin))),
        train_mse=float(np.mean((net.forward(X)[:, 0] - y) ** 2)),
    )
    for a in run[:4]:
        a.flags.writeable = False  # cached: shared between calls
    return run


def lazy_figure(width=64, lr=0.5, steps=400, seed=0, ax=None):
    """The trained network of width ``width`` against its trained linearisation, on the chapter's data.

    The title gives the relative change of the weights and of the kernel during training, and
    the largest gap between the two functions on the grid.

    Parameters
    ----------
    width, lr, steps, seed : see `lazy_training`
    ax : matplotlib Axes, optional

    Returns
    -------
    ax : the Axes drawn on
    """
    import matplotlib.pyplot as plt

    run = lazy_training(width, lr, steps, seed)
    X, y, _ = regression_data()
    if ax is None:
        ax = plt.gca()
    ax.plot(run.x_grid, run.f0, color="gray", lw=1, label=r"at initialisation $f(x;\theta_0)$")
    ax.plot(run.x_grid, run.f_net, lw=2, label="trained network")
    ax.plot(run.x_grid, run.f_lin, "--", lw=2, label="trained linearisation")
    ax.scatter(X[:, 0], y, color="k", s=15, zorder=3, label="training data")
    ax.set_ylim(-3, 3)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_title(f"width H = {width}\nweights moved {100 * run.weight_change:.1f} %, "
                 f"kernel {100 * run.kernel_change:.1f} %\n"
                 f"max |network - linearisation| = {run.gap:.3f}", fontsize=10)
    ax.legend(fontsize=7, loc="lower left")
    return ax


def lazy_demo():
    """A slider over the width H (16 to 1024, doubling), redrawing `lazy_figure`."""
    import ipywidgets as widgets
    slider = widgets.SelectionSlider(options=list(WIDTHS), value=64, description="width H",
                                     continuous_update=False)
    return interactive_figure(lazy_figure, figsize=(6, 4), width=slider)
