"""Chapter 3's experiment shared with its widget: what the backward pass carries down.

`layer_gradient_norms` builds ``MLP([2] + [8] * L + [2])`` on 64 two-moons points, runs one
forward and one backward pass (nothing is trained) and returns ||grad W^(k)||_F for every
layer k. Each step of the backward loop multiplies by W^(k)T and by g'(a), which is at most
1 for tanh and at most 1/4 for the sigmoid; `backward_step_factors` measures what each of
the two steps does to the norm of the gradient, layer by layer.
"""

import numpy as np

from .._validate import check_int
from ..activations import Sigmoid
from ..data import moons
from ..layers import MLP
from ..losses import SoftmaxCrossEntropy, one_hot, softmax
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


def _check_network(depth, activation, seed):
    """(depth, activation, seed) checked: the knobs of the chapter's network."""
    depth = check_int(depth, "depth", low=1, high=DEPTH_MAX)
    if activation not in ("tanh", "sigmoid"):
        raise ValueError(f"activation: expected 'tanh' or 'sigmoid', got {activation!r}")
    return depth, activation, check_int(seed, "seed", low=0)


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
    return _layer_gradient_norms(*_check_network(depth, activation, seed))


@read_only_cache(maxsize=256)
def _backward_step_factors(depth, activation, seed):
    X, y = moons(N_POINTS, seed=0)
    net = MLP([2] + [WIDTH] * depth + [2], activation=activation, seed=seed)
    H = [X]
    for k, layer in enumerate(net.linears):
        A = H[-1] @ layer.W.T + layer.b
        H.append(softmax(A) if k == depth else (np.tanh(A) if activation == "tanh" else Sigmoid.g(A)))
    grad_a = (H[-1] - one_hot(y, 2)) / N_POINTS  # eq-ch3-grad-aout, mean loss
    w_step, g_step = [], []
    for k in range(depth, 0, -1):  # hidden layers L, ..., 1
        grad_h = grad_a @ net.linears[k].W  # eq-ch3-grad-h: W^(k+1)T, row layout
        g_prime = 1 - H[k] ** 2 if activation == "tanh" else H[k] * (1 - H[k])
        new_grad_a = grad_h * g_prime  # eq-ch3-grad-a
        w_step.append(np.linalg.norm(grad_h) / np.linalg.norm(grad_a))
        g_step.append(np.linalg.norm(new_grad_a) / np.linalg.norm(grad_h))
        grad_a = new_grad_a
    return np.array(w_step), np.array(g_step)


def backward_step_factors(depth, activation="tanh", seed=0):
    """What each step of the backward loop does to the gradient's norm, layer by layer.

    For the network and data of `layer_gradient_norms`, going down from the pre-activation
    a^(k+1) to the hidden layer k takes two steps: the product with W^(k+1)T (chapter 3's
    eq-ch3-grad-h) and the element-wise product with g'(a^(k)) (eq-ch3-grad-a). The factors are ratios of
    Frobenius norms over the batch (mean cross-entropy, one forward and one backward pass).

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
    w_step : ndarray of shape (L,)
        ||grad h^(k)||_F / ||grad a^(k+1)||_F for k = L, ..., 1 (the top hidden layer first).
    g_step : ndarray of shape (L,)
        ||grad a^(k)||_F / ||grad h^(k)||_F for k = L, ..., 1; at most max g' (1 for tanh,
        1/4 for the sigmoid).
    """
    return _backward_step_factors(*_check_network(depth, activation, seed))
