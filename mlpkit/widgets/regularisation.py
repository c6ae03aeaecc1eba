"""Chapter 9's knob: the L2 strength lambda, and what it does to a decision boundary.

Drawing only: the training run is
`mlpkit.experiments.ch09_regularisation.train_with_weight_decay`. `regularisation_figure`
draws the decision regions of a small network trained on a few noisy two-moons points with
weight decay lambda; `regularisation_demo` puts a log-scale slider on lambda.
"""

from ..experiments.ch09_regularisation import squared_weight_norm, train_with_weight_decay
from ._common import axes, interactive_figure

LAM_MIN_EXP, LAM_MAX_EXP = -5.0, -0.5


def regularisation_figure(lam=1e-3, n=60, epochs=2000, seed=0, ax=None):
    """Decision regions of a network trained with weight decay ``lam`` on noisy moons.

    The title gives lambda, Omega = sum_k ||W^(k)||_F^2, and train and test accuracy.

    Parameters
    ----------
    lam : float
        L2 strength, >= 0.
    n : int
        Training points.
    epochs : int
        Full-batch epochs.
    seed : int
        Seed of the data and of the initial weights.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    ax : matplotlib Axes
        The Axes drawn on.
    """
    from ..plot import decision_regions

    net, (X, y, X_test, y_test) = train_with_weight_decay(lam, n=n, epochs=epochs, seed=seed)
    title = (
        f"$\\lambda$ = {lam:.0e}: $\\Omega$ = {squared_weight_norm(net):.1f}\n"
        f"train {net.score(X, y):.2f}, test {net.score(X_test, y_test):.2f}"
    )
    return decision_regions(net, X, y, ax=axes(ax, (5, 4)), resolution=120, title=title)


def regularisation_demo():
    """A log-scale slider on lambda (1e-5 to about 0.3) redrawing `regularisation_figure`.

    Returns
    -------
    demo : ipywidgets.interactive
        The slider and its figure.
    """
    import ipywidgets as widgets

    slider = widgets.FloatLogSlider(
        value=1e-3,
        base=10,
        min=LAM_MIN_EXP,
        max=LAM_MAX_EXP,
        step=0.25,
        description="lambda",
        continuous_update=False,
    )
    return interactive_figure(regularisation_figure, figsize=(5, 4), lam=slider)


__all__ = ["regularisation_figure", "regularisation_demo"]
