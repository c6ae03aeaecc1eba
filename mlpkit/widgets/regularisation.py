"""Chapter 9's knob: the L2 strength lambda, and what it does to a decision boundary.

`regularisation_figure` trains one small network on a few noisy two-moons points with
weight decay lambda and draws its decision regions; `regularisation_demo` puts a
log-scale slider on lambda. Small lambda lets the boundary wrap around single noisy
points; large lambda shrinks the weights until the boundary is nearly a straight line.
"""
import numpy as np

from .._validate import check_int, check_real
from . import interactive_figure

LAM_MIN_EXP, LAM_MAX_EXP = -5.0, -0.5


def _moons_task(n, seed):
    from ..data import moons
    X, y = moons(n=n, noise=0.3, seed=seed)
    X_test, y_test = moons(n=1000, noise=0.3, seed=seed + 1)
    return X, y, X_test, y_test


def train_with_weight_decay(lam, n=60, hidden=64, epochs=2000, seed=0):
    """Train MLP([2, hidden, hidden, 2]) (tanh) on ``n`` noisy moons with L2(lam), full batch.

    Returns
    -------
    net : the trained MLP
    data : tuple (X, y, X_test, y_test) of the training points and 1000 fresh test points
    """
    from ..layers import MLP
    from ..losses import SoftmaxCrossEntropy
    from ..optim import SGD
    from ..regularizers import L2
    from ..training import fit

    lam = check_real(lam, "lam", low=0.0)
    n = check_int(n, "n", low=4)
    hidden = check_int(hidden, "hidden", low=1)
    epochs = check_int(epochs, "epochs", low=1)
    seed = check_int(seed, "seed", low=0)
    X, y, X_test, y_test = _moons_task(n, seed)
    net = MLP([2, hidden, hidden, 2], activation="tanh", seed=seed)
    opt = SGD(net.parameters(), lr=0.1, momentum=0.9)
    fit(net, SoftmaxCrossEntropy(), opt, X, y, epochs=epochs, batch_size=n,
        regularizer=L2(lam) if lam > 0 else None, seed=seed)
    return net, (X, y, X_test, y_test)


def regularisation_figure(lam=1e-3, n=60, epochs=2000, seed=0, ax=None):
    """Decision regions of a network trained with weight decay ``lam`` on noisy moons.

    The title gives lambda, sum_k ||W^(k)||_F^2, and train and test accuracy.

    Parameters
    ----------
    lam : float >= 0
    n, epochs, seed : int
        Training points, full-batch epochs and seed (data and initial weights).
    ax : matplotlib Axes, optional

    Returns
    -------
    ax : the Axes drawn on
    """
    from ..plot import decision_regions

    net, (X, y, X_test, y_test) = train_with_weight_decay(lam, n=n, epochs=epochs, seed=seed)
    sq_norm = sum(float(np.sum(p.value ** 2)) for p in net.parameters() if p.decay)
    title = (f"$\\lambda$ = {lam:.0e}: $\\Omega$ = {sq_norm:.1f}\n"
             f"train {net.score(X, y):.2f}, test {net.score(X_test, y_test):.2f}")
    return decision_regions(net, X, y, ax=ax, resolution=120, title=title)


def regularisation_demo():
    """A log-scale slider on lambda (1e-5 to about 0.3) redrawing `regularisation_figure`."""
    import ipywidgets as widgets

    slider = widgets.FloatLogSlider(value=1e-3, base=10, min=LAM_MIN_EXP, max=LAM_MAX_EXP, step=0.25,
                                    description="lambda", continuous_update=False)
    return interactive_figure(regularisation_figure, figsize=(5, 4), lam=slider)


__all__ = ["regularisation_figure", "regularisation_demo", "train_with_weight_decay"]
