"""Chapter 8's knob: alpha on the straight line theta(alpha) = (1 - alpha) theta_0 + alpha theta*.

A 2-32-32-2 tanh network is trained once (full batch, 300 epochs of SGD with momentum,
cached) on 200 noisy two-moons points, from theta_0 to theta*. `interpolation_figure`
sets the network to theta(alpha) and draws its decision regions, with the training loss
along the whole line (`mlpkit.landscape.interpolate`, also cached) in an inset and alpha
marked on it; `interpolation_demo` puts a slider on alpha from -0.5 to 1.5. Walking from
0 to 1 the boundary forms out of the initial one while the loss falls; past 1 the
weights only grow, and the loss rises again on the points that stay misclassified.
"""
from functools import lru_cache

import numpy as np

from .._validate import check_real
from . import interactive_figure

ALPHA_MIN, ALPHA_MAX = -0.5, 1.5
SIZES = (2, 32, 32, 2)


def _network():
    from ..layers import MLP
    return MLP(list(SIZES), activation="tanh", seed=0)


@lru_cache(maxsize=1)
def interpolation_path():
    """Train once and evaluate the loss along the line; cached.

    Returns
    -------
    dict of read-only arrays: ``X`` (200, 2) and ``y`` (200,) the training set,
    ``theta0`` and ``theta_star`` (P,) the initial and trained parameters,
    ``alphas`` (81,) from -0.5 to 1.5 and ``losses`` (81,) the mean training
    cross-entropy at theta(alpha).
    """
    from ..data import moons
    from ..landscape import interpolate
    from ..losses import SoftmaxCrossEntropy
    from ..module import flat_params
    from ..optim import SGD
    from ..training import fit

    X, y = moons(n=200, noise=0.2, seed=0)
    net = _network()
    theta0 = flat_params(net)
    fit(net, SoftmaxCrossEntropy(), SGD(net.parameters(), lr=0.1, momentum=0.9), X, y,
        epochs=300, batch_size=len(y), seed=0)
    theta_star = flat_params(net)
    alphas, losses = interpolate(net, SoftmaxCrossEntropy(), X, y, theta0, theta_star,
                                 alphas=np.linspace(ALPHA_MIN, ALPHA_MAX, 81))
    path = {"X": X, "y": y, "theta0": theta0, "theta_star": theta_star, "alphas": alphas, "losses": losses}
    for a in path.values():
        a.setflags(write=False)
    return path


def network_at(alpha):
    """A fresh 2-32-32-2 network set to theta(alpha) = (1 - alpha) theta_0 + alpha theta*.

    Parameters
    ----------
    alpha : float in [-0.5, 1.5]
    """
    from ..module import set_flat_params

    alpha = check_real(alpha, "alpha", low=ALPHA_MIN, high=ALPHA_MAX)
    path = interpolation_path()
    net = _network()
    set_flat_params(net, (1 - alpha) * path["theta0"] + alpha * path["theta_star"])
    return net


def interpolation_figure(alpha=0.5, ax=None):
    """Decision regions of the network at theta(alpha), with the loss along the line in an inset.

    The title gives alpha, the training loss and the training accuracy at theta(alpha).

    Parameters
    ----------
    alpha : float in [-0.5, 1.5]; 0 is the initialisation theta_0, 1 the trained theta*
    ax : matplotlib Axes, optional

    Returns
    -------
    ax : the Axes drawn on (the inset is ``ax.child_axes[0]``)
    """
    from ..landscape import loss_value
    from ..losses import SoftmaxCrossEntropy
    from ..plot import decision_regions

    net = network_at(alpha)
    path = interpolation_path()
    X, y = path["X"], path["y"]
    loss = loss_value(net, SoftmaxCrossEntropy(), X, y)
    title = r"$\alpha$" + f" = {alpha:.2f}\ntraining loss {loss:.3f}, accuracy {net.score(X, y):.2f}"
    ax = decision_regions(net, X, y, ax=ax, resolution=100, title=title)
    ax.title.set_fontsize(9)

    inset = ax.inset_axes([0.09, 0.06, 0.3, 0.26])   # lower left: no points there
    inset.plot(path["alphas"], path["losses"], color="k", lw=1)
    inset.plot([alpha], [loss], "o", color="C3", ms=4)
    for a in (0, 1):
        inset.axvline(a, color="grey", ls=":", lw=0.8)
    inset.set_xlabel(r"$\alpha$", fontsize=6, labelpad=1)
    inset.set_ylabel("loss", fontsize=6, labelpad=1)
    inset.tick_params(labelsize=5)
    return ax


def interpolation_demo():
    """A slider on alpha (-0.5 to 1.5) redrawing `interpolation_figure`."""
    import ipywidgets as widgets

    slider = widgets.FloatSlider(value=0.5, min=ALPHA_MIN, max=ALPHA_MAX, step=0.05, description="alpha",
                                 continuous_update=False)
    return interactive_figure(interpolation_figure, figsize=(5.5, 4), alpha=slider)


__all__ = ["interpolation_path", "network_at", "interpolation_figure", "interpolation_demo"]
