"""Chapter 3's experiment shared with its widget: what the backward pass carries down.

`layer_gradient_norms` builds ``MLP([2] + [8] * L + [2])`` on 64 two-moons points, runs one
forward and one backward pass (nothing is trained) and returns ||grad W^(k)||_F for every
layer k. Each step of the backward loop multiplies by W^(k)T and by g'(a), which is at most
1 for tanh and at most 1/4 for the sigmoid.
"""

import numpy as np

from .._validate import check_int
from ..data import moons
from ..layers import MLP
from ..losses import SoftmaxCrossEntropy
from ._common import read_only_cache

DEPTH_MAX = 20
WIDTH = 8
N_POINTS = 64


@read_only_cache(maxsize=256)
def _layer_gradient_norms(depth, activation, seed):
    X, y = moons(N_POINTS, seed=0)
    net = MLP([2] + [WIDTH] * depth + [2], activation=activation, seed=seed)
    loss = SoftmaxCrossEntropy()
    loss.forward(net.forward(X), y)
    net.backward(loss.backward())
    return np.array([float(np.linalg.norm(layer.grad_W)) for layer in net.linears])


def layer_gradient_norms(depth, activation="tanh", seed=0):
    """||grad_{W^(k)} l||_F for k = 1, ..., L+1, by backprop, for the mean cross-entropy of
    ``MLP([2] + [8] * depth + [2], activation, seed=seed)`` on ``moons(64, seed=0)``.

    Parameters
    ----------
    depth : int
        The number L of hidden layers, in [1, 20].
    activation : str
        ``"tanh"`` or ``"sigmoid"``.
    seed : int
        Seeds the initial weights (Glorot's uniform initialisation).

    Returns
    -------
    norms : ndarray of shape (L + 1,)
        Entry k-1 for layer k (the input layer first); read-only.
    """
    depth = check_int(depth, "depth", low=1, high=DEPTH_MAX)
    if activation not in ("tanh", "sigmoid"):
        raise ValueError(f"activation: expected 'tanh' or 'sigmoid', got {activation!r}")
    return _layer_gradient_norms(depth, activation, check_int(seed, "seed", low=0))
