"""Chapter 14's experiments: how lazily a network of width H trains, over seeds.

`lazy_training` trains the chapter's network, one tanh hidden layer of width H in the NTK
parameterisation (`mlpkit.kernels.ntk_mlp`), by full-batch gradient descent on the mean
squared error of 20 points of y = sin(2x), and trains its linearisation around theta_0,

    f_lin(x; theta) = f(x; theta_0) + J_0(x) (theta - theta_0),

with the same learning rate and number of steps (in closed form, with the kernel at
initialisation: `mlpkit.kernels.kernel_gradient_descent`). It returns both functions on a
grid, the kernel-regression limit t -> infinity, the relative changes of the weights and of
the kernel, ||theta_T - theta_0|| / ||theta_0|| and ||Theta_T - Theta_0||_F / ||Theta_0||_F,
and the kernel-target alignment before and after training. `lazy_sweep` runs it for several
widths and seeds and `lazy_slopes` fits the log-log slope of each quantity, one per seed.
"""

from typing import NamedTuple

import numpy as np

from .._validate import check_int, check_real
from ._common import read_only_cache

__all__ = ["WIDTHS", "LazyRun", "regression_data", "lazy_training", "lazy_sweep", "lazy_slopes", "alignment"]

WIDTHS = (16, 32, 64, 128, 256, 512, 1024)  # the widget's slider: each run well under a second


class LazyRun(NamedTuple):
    """A network of one width trained by gradient descent, and its trained linearisation."""

    x_grid: np.ndarray  #: (61,) inputs on [-3, 3]
    f0: np.ndarray  #: (61,) f(x; theta_0)
    f_net: np.ndarray  #: (61,) the trained network
    f_lin: np.ndarray  #: (61,) the trained linearisation (kernel gradient descent with Theta_0)
    f_kreg: np.ndarray  #: (61,) its limit t -> infinity (kernel regression, ridge 1e-6)
    ntk_eigenvalues: np.ndarray  #: (20,) eigenvalues of Theta_0 on the training points, ascending
    weight_change: float  #: ||theta_T - theta_0|| / ||theta_0||
    kernel_change: float  #: ||Theta_T - Theta_0||_F / ||Theta_0||_F on the training points
    net_lin: float  #: ||f_net - f_lin|| / ||f_net - f0|| on the grid
    gap: float  #: max over the grid of |f_net - f_lin|
    train_mse: float  #: mean squared error of the trained network on the training points
    train_mse_lin: float  #: the same for the trained linearisation
    alignment0: float  #: kernel-target alignment of Theta_0
    alignment: float  #: kernel-target alignment of Theta_T


def regression_data():
    """The chapter's data.

    Returns
    -------
    X : ndarray of shape (20, 1)
        Sorted inputs in [-2, 2), drawn from seed 0.
    y : ndarray of shape (20,)
        Targets sin(2 X[:, 0]).
    X_grid : ndarray of shape (61, 1)
        The evaluation grid on [-3, 3].
    """
    rng = np.random.default_rng(0)
    X = np.sort(rng.uniform(-2, 2, size=(20, 1)), axis=0)
    return X, np.sin(2 * X[:, 0]), np.linspace(-3, 3, 61)[:, None]


def alignment(K, y):
    """Kernel-target alignment y^T K y / (||K||_F ||y||^2).

    Parameters
    ----------
    K : ndarray of shape (n, n)
        A kernel matrix on the training points.
    y : ndarray of shape (n,)
        The targets.

    Returns
    -------
    float
    """
    return float(y @ K @ y / (np.linalg.norm(K) * (y @ y)))


def lazy_training(width=64, lr=0.5, steps=400, seed=0):
    """Train ``ntk_mlp([1, width, 1], seed=seed)`` and its linearisation on `regression_data`.

    Parameters
    ----------
    width : int
        H, the number of hidden units, in [1, 8192].
    lr : float
        Learning rate of full-batch gradient descent, > 0 (the chapter's 0.5).
    steps : int
        Gradient steps, in [1, 10000] (the chapter's 400).
    seed : int
        Seed of the initial weights, >= 0.

    Returns
    -------
    LazyRun
        Cached: the same arguments give the same object, whose arrays are read-only.
    """
    width = check_int(width, "width", low=1, high=8192)
    lr = check_real(lr, "lr", low=0.0, low_open=True)
    steps = check_int(steps, "steps", low=1, high=10_000)
    seed = check_int(seed, "seed", low=0)
    return _lazy_training(width, lr, steps, seed)


@read_only_cache(maxsize=64)
def _lazy_training(width, lr, steps, seed):
    from ..kernels import empirical_ntk, kernel_gradient_descent, kernel_regression, ntk_mlp
    from ..losses import MeanSquaredError
    from ..module import flat_params
    from ..optim import SGD

    X, y, X_grid = regression_data()
    net = ntk_mlp([1, width, 1], seed=seed)
    theta0, K0, K0_grid = flat_params(net), empirical_ntk(net, X), empirical_ntk(net, X_grid, X)
    f0, f0_train = net.forward(X_grid)[:, 0], net.forward(X)[:, 0]
    # The linearisation trained by gradient descent, in function space (eq-ch14-kernel-gd).
    f_lin = f0 + kernel_gradient_descent(K0, y - f0_train, K0_grid, lr=lr, steps=steps)
    f_lin_train = f0_train + kernel_gradient_descent(K0, y - f0_train, K0, lr=lr, steps=steps)
    f_kreg = f0 + kernel_regression(K0, y - f0_train, K0_grid, ridge=1e-6)
    loss, opt = MeanSquaredError(), SGD(net.parameters(), lr=lr)
    for _ in range(steps):  # full-batch gradient descent: fit(..., batch_size=len(X)) without the bookkeeping
        loss.forward(net.forward(X), y[:, None])
        net.backward(loss.backward())  # overwrites every gradient
        opt.step()
    f_net = net.forward(X_grid)[:, 0]
    K_T = empirical_ntk(net, X)
    return LazyRun(
        x_grid=X_grid[:, 0],
        f0=f0,
        f_net=f_net,
        f_lin=f_lin,
        f_kreg=f_kreg,
        ntk_eigenvalues=np.linalg.eigvalsh(K0),
        weight_change=float(np.linalg.norm(flat_params(net) - theta0) / np.linalg.norm(theta0)),
        kernel_change=float(np.linalg.norm(K_T - K0) / np.linalg.norm(K0)),
        net_lin=float(np.linalg.norm(f_net - f_lin) / np.linalg.norm(f_net - f0)),
        gap=float(np.max(np.abs(f_net - f_lin))),
        train_mse=float(np.mean((net.forward(X)[:, 0] - y) ** 2)),
        train_mse_lin=float(np.mean((f_lin_train - y) ** 2)),
        alignment0=alignment(K0, y),
        alignment=alignment(K_T, y),
    )


QUANTITIES = (
    "weight_change",
    "kernel_change",
    "net_lin",
    "gap",
    "train_mse",
    "train_mse_lin",
    "alignment0",
    "alignment",
)


def lazy_sweep(
    widths=(16, 32, 64, 128, 256, 512, 1024, 2048, 4096), seeds=(0, 1, 2, 3, 4), lr=0.5, steps=400
):
    """`lazy_training` for every width and seed.

    Parameters
    ----------
    widths : sequence of int
        The widths H.
    seeds : sequence of int
        The seeds of the initial weights.
    lr : float
        Learning rate, as in `lazy_training`.
    steps : int
        Gradient steps, as in `lazy_training`.

    Returns
    -------
    dict of str to ndarray of shape (len(widths), len(seeds))
        One array per scalar field of `LazyRun` (``"weight_change"``, ``"kernel_change"``,
        ``"net_lin"``, ``"gap"``, ``"train_mse"``, ``"train_mse_lin"``, ``"alignment0"``,
        ``"alignment"``); row i is width ``widths[i]``, column j seed ``seeds[j]``.
    """
    widths = [check_int(w, "widths", low=1, high=8192) for w in widths]
    seeds = [check_int(s, "seeds", low=0) for s in seeds]
    if not widths or not seeds:
        raise ValueError("widths, seeds: expected at least one of each")
    runs = [[lazy_training(w, lr, steps, s) for s in seeds] for w in widths]
    return {q: np.array([[getattr(r, q) for r in row] for row in runs]) for q in QUANTITIES}


def lazy_slopes(widths, values, min_width=128):
    """Log-log slope of each seed's column of ``values`` against the width, fitted for H >= min_width.

    Parameters
    ----------
    widths : sequence of int
        The widths H, one per row of ``values``.
    values : ndarray of shape (len(widths), n_seeds)
        A positive quantity per width and seed (a field of `lazy_sweep`).
    min_width : int
        The narrowest width in the fit (the lazy regime; narrower nets move their kernel).

    Returns
    -------
    ndarray of shape (n_seeds,)
        The slope d log(value) / d log(H), one per seed.
    """
    widths = np.asarray(widths, dtype=float)
    values = np.asarray(values, dtype=float)
    if values.ndim != 2 or values.shape[0] != widths.size or np.any(values <= 0):
        raise ValueError(
            f"values: expected positive values of shape ({widths.size}, n_seeds), got {values.shape}"
        )
    keep = widths >= min_width
    if keep.sum() < 2:
        raise ValueError(f"min_width: expected at least two widths >= {min_width}")
    return np.polyfit(np.log(widths[keep]), np.log(values[keep]), 1)[0]
