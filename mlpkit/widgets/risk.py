"""Chapter 2 demo: structural risk minimisation.

``srm_figure`` draws the decision regions of the network that
`mlpkit.experiments.ch02_empirical_risk.train_regularised` trains on noisy two moons with
the objective

    (1/T) sum_t l(f(x_t; theta), y_t) + lambda Omega(theta),   Omega = sum_k ||W^(k)||_F^2,

for one lambda; ``srm_demo`` puts a slider on lambda.
"""

from ..experiments.ch02_empirical_risk import train_regularised
from ._common import axes, interactive_figure


def srm_figure(lam=0.0, epochs=300, seed=0, ax=None):
    """Decision regions of the network trained by `train_regularised` with this lambda (one seed).

    The title gives lambda, the data term (mean training cross-entropy) and Omega(theta).

    Parameters
    ----------
    lam, epochs, seed
        As in `mlpkit.experiments.ch02_empirical_risk.train_regularised` (which checks them).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    ax : matplotlib Axes
    """
    from ..losses import SoftmaxCrossEntropy
    from ..plot import decision_regions
    from ..regularizers import L2

    net, X, y, _ = train_regularised(lam, epochs=epochs, seed=seed)
    data_term = SoftmaxCrossEntropy().forward(net.forward(X), y)
    ax = axes(ax, (4.5, 4))
    decision_regions(net, X, y, ax=ax, resolution=120)
    omega = L2(1.0).penalty(net.parameters())
    ax.set_title(f"$\\lambda$ = {lam:g}: risk {data_term:.2f}, $\\Omega$ = {omega:.1f}", fontsize=10)
    return ax


def srm_demo():
    """A log-scale slider on lambda; redraws `srm_figure`."""
    import ipywidgets as widgets

    slider = widgets.FloatLogSlider(value=1e-3, base=10, min=-5, max=0, step=0.25, description="lambda")
    return interactive_figure(srm_figure, figsize=(4.5, 4), lam=slider)
