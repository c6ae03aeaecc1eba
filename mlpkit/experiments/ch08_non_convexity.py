"""Chapter 8's experiment shared with its widget: the straight line from theta_0 to theta*.

A 2-32-32-2 tanh network is trained once on 200 noisy two-moons points (full batch,
300 epochs of SGD with momentum 0.9, `train_mlp`), from theta_0 to theta*, and the mean
training cross-entropy is evaluated along

    theta(alpha) = (1 - alpha) theta_0 + alpha theta*,   alpha in [-0.5, 1.5]

(`mlpkit.landscape.interpolate`). The run is cached and its arrays are read-only;
`network_at` rebuilds the network at any alpha of the line.
"""

import numpy as np

from .._validate import check_real
from ..data import moons
from ..landscape import interpolate
from ..layers import MLP
from ..losses import SoftmaxCrossEntropy
from ..module import flat_params, set_flat_params
from ._common import read_only_cache, train_mlp

ALPHA_MIN, ALPHA_MAX = -0.5, 1.5
SIZES = (2, 32, 32, 2)


def _network():
    return MLP(list(SIZES), activation="tanh", seed=0)


@read_only_cache(maxsize=1)
def interpolation_path():
    """Train the moons network once and evaluate the loss along the line; cached.

    Returns
    -------
    path : dict of read-only arrays
        ``X`` of shape (200, 2) and ``y`` of shape (200,): the training set;
        ``theta0`` and ``theta_star`` of shape (P,): the initial and trained parameters;
        ``alphas`` of shape (81,): -0.5 to 1.5; ``losses`` of shape (81,): the mean
        training cross-entropy at theta(alpha).
    """
    X, y = moons(n=200, noise=0.2, seed=0)
    theta0 = flat_params(_network())
    net, _ = train_mlp(
        X, y, list(SIZES), activation="tanh", lr=0.1, momentum=0.9, epochs=300, batch_size=len(y), seed=0
    )
    theta_star = flat_params(net)
    alphas, losses = interpolate(
        net, SoftmaxCrossEntropy(), X, y, theta0, theta_star, alphas=np.linspace(ALPHA_MIN, ALPHA_MAX, 81)
    )
    return {"X": X, "y": y, "theta0": theta0, "theta_star": theta_star, "alphas": alphas, "losses": losses}


def network_at(alpha):
    """A fresh 2-32-32-2 network set to theta(alpha) = (1 - alpha) theta_0 + alpha theta*.

    Parameters
    ----------
    alpha : float
        The position on the line, in [-0.5, 1.5]: 0 is theta_0, 1 is theta*.

    Returns
    -------
    net : MLP
        The network at theta(alpha).
    """
    alpha = check_real(alpha, "alpha", low=ALPHA_MIN, high=ALPHA_MAX)
    path = interpolation_path()
    net = _network()
    set_flat_params(net, (1 - alpha) * path["theta0"] + alpha * path["theta_star"])
    return net


__all__ = ["ALPHA_MIN", "ALPHA_MAX", "SIZES", "interpolation_path", "network_at"]
