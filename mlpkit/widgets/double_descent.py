"""Chapter 10's knob: the number N of random features, through the interpolation threshold.

Drawing only: the fits and the risk curve are `mlpkit.experiments.ch10_memorisation`.
A 1-D regression small enough to draw: ``n_train = 20`` equally spaced points of
sin(pi x) on [-1, 1] plus Gaussian noise (standard deviation 0.2), fitted by the
minimum-norm least-squares combination of N random Fourier features

    phi(x) = cos(v x + c),   f(x) = beta^T phi(x),   beta = Phi^+ y

(`mlpkit.features.RandomFeatures` with ``activation="cos"``, and
`mlpkit.features.min_norm_least_squares`). `double_descent_figure` draws the fitted
function for one N with the training points and the target, and, in an inset, the median
test risk over 20 draws of the features against N with the current N marked.
`double_descent_demo` puts a slider on N. Below N = 20 the fit is least squares; at
N = 20 the square system interpolates with a huge ||beta|| and the curve swings wildly
between the points; far past it the minimum-norm interpolant is smooth again.
"""

from ..experiments.ch10_memorisation import (
    N_CHOICES,
    N_TRAIN,
    fit_random_features,
    one_blas_thread,
    regression_task,
    risk_curve,
)
from ._common import axes, interactive_figure


def double_descent_figure(n_features=N_TRAIN, seed=0, ax=None):
    """Draw the minimum-norm fit with ``n_features`` random features, and the risk curve in an inset.

    The title gives N, the training and test risks (mean squared errors) and ||beta|| of this draw.

    Parameters
    ----------
    n_features : int
        N, in [1, 5000].
    seed : int
        The feature draw shown (the inset's curve is the median over seeds 0..19).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    ax : matplotlib Axes
        The Axes drawn on (the inset is ``ax.child_axes[0]``).
    """
    curve = risk_curve()
    with one_blas_thread():
        fit = fit_random_features(n_features, seed)
    x, y, x_test, f_true = regression_task()
    ax = axes(ax, (5.5, 4))
    ax.plot(x_test, f_true, "k--", lw=1, label=r"target $\sin(\pi x)$")
    ax.plot(x_test, fit["f_test"], color="C3", lw=1.5, label="fit $f(x)$")
    ax.plot(x, y, "o", color="C0", ms=4, label=f"{N_TRAIN} training points")
    ax.set_ylim(-3.5, 3.5)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_title(
        f"N = {n_features} features, n = {N_TRAIN} points\n"
        f"train {fit['train_risk']:.1g}, test {fit['test_risk']:.2g}, "
        + r"$\|\hat\beta\|$"
        + f" = {fit['norm']:.2g}",
        fontsize=9,
    )
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
    """A slider over N (1 to 1000) redrawing `double_descent_figure`.

    Returns
    -------
    demo : ipywidgets.interactive
        The slider and its figure.
    """
    import ipywidgets as widgets

    slider = widgets.SelectionSlider(
        options=list(N_CHOICES), value=N_TRAIN, description="N", continuous_update=False
    )
    return interactive_figure(double_descent_figure, figsize=(5.5, 4), n_features=slider)


__all__ = ["double_descent_figure", "double_descent_demo"]
