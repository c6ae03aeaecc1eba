"""Chapter 10's knob: the number N of random features, through the interpolation threshold.

A 1-D regression small enough to draw: ``n_train = 20`` equally spaced points of
sin(pi x) on [-1, 1] plus Gaussian noise (standard deviation 0.2), fitted by the
minimum-norm least-squares combination of N random Fourier features

    phi(x) = cos(v x + c),   f(x) = beta^T phi(x),   beta = Phi^+ y

(`mlpkit.features.RandomFeatures` with ``activation="cos"``, and
`mlpkit.features.min_norm_least_squares`). `double_descent_figure` draws the fitted
function for one N with the training points and the target, and, in an inset, the median
test risk over 10 draws of the features against N (computed once and cached) with the
current N marked. `double_descent_demo` puts a slider on N. Below N = 20 the fit is least
squares; at N = 20 the square system interpolates with a huge ||beta|| and the curve
swings wildly between the points; far past it the minimum-norm interpolant is smooth again.
"""
from contextlib import nullcontext
from functools import lru_cache

import numpy as np

from .._validate import check_int
from . import interactive_figure

N_TRAIN = 20
NOISE = 0.2
SCALE = 15.0        # v ~ N(0, SCALE^2): features vary on the scale of the spacing of the points
N_DRAWS = 20
N_CHOICES = (1, 2, 5, 10, 15, 18, 19, 20, 21, 22, 25, 30, 40, 60, 100, 200, 400, 1000)
N_MAX = 5000


def _one_blas_thread():
    # The matrices are tiny: several BLAS threads only fight each other on a busy machine.
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional: without it the numbers are the same, only slower
        return nullcontext()
    return threadpool_limits(1)


def _target(x):
    return np.sin(np.pi * x)


@lru_cache(maxsize=1)
def regression_task():
    """The data: x (20,) equally spaced on [-1, 1], y (20,) noisy targets, x_test (401,), f_test (401,).

    The arrays are read-only (they are cached and shared between calls).
    """
    x = np.linspace(-1.0, 1.0, N_TRAIN)
    y = _target(x) + NOISE * np.random.default_rng(0).standard_normal(N_TRAIN)
    x_test = np.linspace(-1.0, 1.0, 401)
    arrays = (x, y, x_test, _target(x_test))
    for a in arrays:
        a.setflags(write=False)
    return arrays


def fit_random_features(n_features, seed=0):
    """Fit the minimum-norm random-features model with ``n_features`` features drawn from ``seed``.

    Parameters
    ----------
    n_features : int in [1, 5000]
        N, the number of random features.
    seed : int >= 0
        Seed of the feature draw (V, c).

    Returns
    -------
    dict with ``beta`` (N,), ``f_test`` (401,) the fitted function on ``x_test``,
    ``train_risk`` mean (f(x_i) - y_i)^2, ``test_risk`` mean (f(x) - sin(pi x))^2 over
    ``x_test``, and ``norm`` ||beta||.
    """
    from ..features import RandomFeatures, min_norm_least_squares

    n_features = check_int(n_features, "n_features", low=1, high=N_MAX)
    seed = check_int(seed, "seed", low=0)
    x, y, x_test, f_true = regression_task()
    rf = RandomFeatures(1, n_features, activation="cos", scale=SCALE, seed=seed)
    Phi = rf.transform(x[:, None])
    beta = min_norm_least_squares(Phi, y)                  # beta = Phi^+ y
    f_test = rf.transform(x_test[:, None]) @ beta
    return {"beta": beta, "f_test": f_test,
            "train_risk": float(np.mean((Phi @ beta - y) ** 2)),
            "test_risk": float(np.mean((f_test - f_true) ** 2)),
            "norm": float(np.linalg.norm(beta))}


@lru_cache(maxsize=1)
def risk_curve():
    """Median over ``N_DRAWS`` feature draws (seeds 0..19) of the risks and the norm, for each N in ``N_CHOICES``.

    Returns
    -------
    dict of read-only (len(N_CHOICES),) arrays: ``n_features``, ``train_risk``, ``test_risk``, ``norm``
    """
    keys = ("train_risk", "test_risk", "norm")
    rows = []
    with _one_blas_thread():
        for n_features in N_CHOICES:
            fits = [fit_random_features(n_features, seed) for seed in range(N_DRAWS)]
            rows.append([np.median([f[k] for f in fits]) for k in keys])
    curve = dict(zip(keys, np.array(rows).T))
    curve["n_features"] = np.array(N_CHOICES)
    for a in curve.values():
        a.setflags(write=False)
    return curve


def double_descent_figure(n_features=N_TRAIN, seed=0, ax=None):
    """Draw the minimum-norm fit with ``n_features`` random features, and the risk curve in an inset.

    The title gives N, the training and test risks (mean squared errors) and ||beta|| of this draw.

    Parameters
    ----------
    n_features : int in [1, 5000]
    seed : int >= 0, the feature draw shown (the inset's curve is the median over seeds 0..19)
    ax : matplotlib Axes, optional

    Returns
    -------
    ax : the Axes drawn on (the inset is ``ax.child_axes[0]``)
    """
    curve = risk_curve()
    with _one_blas_thread():
        fit = fit_random_features(n_features, seed)
    x, y, x_test, f_true = regression_task()
    if ax is None:
        import matplotlib.pyplot as plt
        _, ax = plt.subplots(figsize=(5.5, 4))
    ax.plot(x_test, f_true, "k--", lw=1, label=r"target $\sin(\pi x)$")
    ax.plot(x_test, fit["f_test"], color="C3", lw=1.5, label="fit $f(x)$")
    ax.plot(x, y, "o", color="C0", ms=4, label=f"{N_TRAIN} training points")
    ax.set_ylim(-3.5, 3.5)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_title(f"N = {n_features} features, n = {N_TRAIN} points\n"
                 f"train {fit['train_risk']:.1g}, test {fit['test_risk']:.2g}, "
                 + r"$\|\hat\beta\|$" + f" = {fit['norm']:.2g}", fontsize=9)
    ax.legend(loc="upper left", fontsize=7)

    inset = ax.inset_axes([0.6, 0.05, 0.37, 0.27])
    inset.loglog(curve["n_features"], curve["test_risk"], "-", color="C1", lw=1)
    inset.axvline(N_TRAIN, color="k", ls=":", lw=0.8)
    inset.plot([n_features], [fit["test_risk"]], "o", color="C3", ms=4)
    inset.set_xlabel("N", fontsize=6, labelpad=1)
    inset.set_ylabel("test risk", fontsize=6, labelpad=1)
    inset.tick_params(labelsize=5)
    return ax


def double_descent_demo():
    """A slider over N (1 to 1000) redrawing `double_descent_figure`."""
    import ipywidgets as widgets

    slider = widgets.SelectionSlider(options=list(N_CHOICES), value=N_TRAIN, description="N",
                                     continuous_update=False)
    return interactive_figure(double_descent_figure, figsize=(5.5, 4), n_features=slider)


__all__ = ["regression_task", "fit_random_features", "risk_curve", "double_descent_figure",
           "double_descent_demo"]
