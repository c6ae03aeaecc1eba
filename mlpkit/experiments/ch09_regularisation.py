"""Chapter 9's experiment shared with its widget: weight decay on a few noisy two moons.

`train_with_weight_decay` trains a 2-H-H-2 tanh network on ``n`` noisy moons (noise 0.3)
with L2(lam), full batch (`train_mlp`), and returns it with its data and 1000 fresh test
points drawn from the next seed. Small lambda lets the boundary wrap around single noisy
points; large lambda shrinks the weights until the boundary is nearly a straight line.
"""
import numpy as np

from .._validate import check_int, check_real
from ..data import moons
from ..regularizers import L2
from ._common import train_mlp


def moons_task(n=60, seed=0):
    """``n`` noisy moons (noise 0.3) drawn from ``seed``, and 1000 test points from ``seed + 1``.

    Parameters
    ----------
    n : int
        Training points.
    seed : int
        Seed of the training draw.

    Returns
    -------
    X : ndarray of shape (n, 2)
    y : ndarray of shape (n,)
    X_test : ndarray of shape (1000, 2)
    y_test : ndarray of shape (1000,)
    """
    X, y = moons(n=n, noise=0.3, seed=seed)
    X_test, y_test = moons(n=1000, noise=0.3, seed=seed + 1)
    return X, y, X_test, y_test


def squared_weight_norm(net):
    """Omega = sum_k ||W^(k)||_F^2 over the regularised parameters (the weights, not the biases).

    Parameters
    ----------
    net : MLP

    Returns
    -------
    omega : float
    """
    return sum(float(np.sum(p.value ** 2)) for p in net.parameters() if p.regularize)


def train_with_weight_decay(lam, n=60, hidden=64, epochs=2000, seed=0):
    """Train MLP([2, hidden, hidden, 2]) (tanh) on ``n`` noisy moons with L2(lam), full batch.

    SGD with learning rate 0.1 and momentum 0.9, one update per epoch.

    Parameters
    ----------
    lam : float
        L2 strength lambda, >= 0 (0: no regulariser).
    n : int
        Training points, >= 4.
    hidden : int
        Width H of both hidden layers.
    epochs : int
        Full-batch epochs (= updates).
    seed : int
        Seed of the data and of the initial weights.

    Returns
    -------
    net : MLP
        The trained network.
    data : tuple of ndarray
        ``(X, y, X_test, y_test)``: the training points and 1000 fresh test points.
    """
    lam = check_real(lam, "lam", low=0.0)
    n = check_int(n, "n", low=4)
    hidden = check_int(hidden, "hidden", low=1)
    epochs = check_int(epochs, "epochs", low=1)
    seed = check_int(seed, "seed", low=0)
    X, y, X_test, y_test = moons_task(n, seed)
    net, _ = train_mlp(X, y, [2, hidden, hidden, 2], activation="tanh", lr=0.1, momentum=0.9,
                       epochs=epochs, batch_size=n, regularizer=L2(lam) if lam > 0 else None, seed=seed)
    return net, (X, y, X_test, y_test)


__all__ = ["moons_task", "squared_weight_norm", "train_with_weight_decay"]
