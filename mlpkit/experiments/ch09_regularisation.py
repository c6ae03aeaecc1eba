"""Chapter 9's experiments: weight decay on noisy moons, and many small regressions at once.

`train_with_weight_decay` (shared with the widget) trains a 2-H-H-2 tanh network on ``n``
noisy moons (noise 0.3) with L2(lam), full batch (`train_mlp`), and returns it with its data
and 1000 fresh test points drawn from the next seed. Small lambda lets the boundary wrap
around single noisy points; large lambda shrinks the weights until the boundary is nearly
a straight line.

`fit_regressions` trains R one-hidden-layer networks 1-H-1, one per training set, side by
side: the bias-variance measurement of section 9.5 needs one network per resampled
training set, and R small networks trained one after the other spend their time in
Python, not in arithmetic.
"""

import numpy as np

from .._validate import as_float_array, check_int, check_real
from ..data import moons
from ..layers import MLP
from ..regularizers import L2
from ._common import read_only_cache, train_mlp


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
    return sum(float(np.sum(p.value**2)) for p in net.parameters() if p.regularize)


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
        The trained network (cached: the chapter and its widget share it, so read it, do
        not train it further).
    data : tuple of ndarray
        ``(X, y, X_test, y_test)``: the training points and 1000 fresh test points
        (read-only).
    """
    lam = check_real(lam, "lam", low=0.0)
    n = check_int(n, "n", low=4)
    hidden = check_int(hidden, "hidden", low=1)
    epochs = check_int(epochs, "epochs", low=1)
    seed = check_int(seed, "seed", low=0)
    return _train_with_weight_decay(lam, n, hidden, epochs, seed)


@read_only_cache(maxsize=16)
def _train_with_weight_decay(lam, n, hidden, epochs, seed):
    """`train_with_weight_decay` after its checks; cached on the checked, positional arguments."""
    X, y, X_test, y_test = moons_task(n, seed)
    net, _ = train_mlp(
        X,
        y,
        [2, hidden, hidden, 2],
        activation="tanh",
        lr=0.1,
        momentum=0.9,
        epochs=epochs,
        batch_size=n,
        regularizer=L2(lam) if lam > 0 else None,
        seed=seed,
    )
    return net, (X, y, X_test, y_test)


def fit_regressions(x, t, hidden, epochs=1500, lr=0.05, momentum=0.9, seeds=None, x_eval=None):
    """Train R networks MLP([1, hidden, 1], "tanh"), network r on training set (x[r], t[r]).

    Full-batch SGD with momentum on the mean squared error, exactly what
    ``fit(MLP([1, hidden, 1], activation="tanh", seed=seeds[r]), MeanSquaredError(),
    SGD(lr=lr, momentum=momentum), x[r][:, None], t[r][:, None], epochs, batch_size=T)``
    does to network r (up to rounding): the same initial weights, the same updates. The R
    networks are trained side by side, every W and b with a leading axis r, so each line
    below is the slides' forward or backward equation for all R networks at once:
    a = b1 + W1 x, h = tanh(a), f = b2 + W2 h; grad_f = 2 (f - t) / T;
    grad_W2 = grad_f h, grad_a = (W2 grad_f) * (1 - h^2), grad_W1 = grad_a x.

    Parameters
    ----------
    x : ndarray of shape (R, T)
        The inputs of R training sets of T points each.
    t : ndarray of shape (R, T)
        Their targets.
    hidden : int
        Width H of the hidden layer, >= 1.
    epochs : int or sequence of int
        Full-batch updates, >= 1. A sequence (increasing) records the networks after each
        of those numbers of updates, in one training run.
    lr : float
        Learning rate alpha, > 0.
    momentum : float
        Momentum beta in [0, 1).
    seeds : sequence of int, optional
        Seed of network r's initial weights (``MLP(..., seed=seeds[r])``); default 0..R-1.
    x_eval : ndarray of shape (m,), optional
        Where to evaluate the trained networks; default the training inputs are not
        evaluated and ``predictions`` is None.

    Returns
    -------
    predictions : ndarray of shape (R, m) or None
        Network r's outputs at ``x_eval``; with a sequence of ``epochs``, of shape
        (len(epochs), R, m), one slice per recorded epoch.
    train_mse : ndarray of shape (R,)
        Network r's mean squared error on its own training set; with a sequence of
        ``epochs``, of shape (len(epochs), R).
    """
    x = as_float_array(x, "x", ndim=2)
    t = as_float_array(t, "t", ndim=2)
    if t.shape != x.shape:
        raise ValueError(f"t: expected shape {x.shape} like x, got {t.shape}")
    hidden = check_int(hidden, "hidden", low=1)
    record = [check_int(e, "epochs", low=1) for e in np.atleast_1d(epochs).tolist()]
    if any(b <= a for a, b in zip(record, record[1:])):
        raise ValueError(f"epochs: expected increasing numbers of updates, got {record}")
    lr = check_real(lr, "lr", low=0.0, low_open=True)
    momentum = check_real(momentum, "momentum", low=0.0, high=1.0, high_open=True)
    R, T = x.shape
    seeds = list(range(R)) if seeds is None else [check_int(s, "seeds", low=0) for s in seeds]
    if len(seeds) != R:
        raise ValueError(f"seeds: expected {R} seeds, one per training set, got {len(seeds)}")

    nets = [MLP([1, hidden, 1], activation="tanh", seed=s) for s in seeds]
    W1 = np.stack([net.linears[0].W[:, 0] for net in nets])  # (R, H): W1[r] is network r's (H, 1) column
    b1 = np.stack([net.linears[0].b for net in nets])  # (R, H)
    W2 = np.stack([net.linears[1].W[0] for net in nets])  # (R, H): network r's (1, H) row
    b2 = np.stack([net.linears[1].b[0] for net in nets])  # (R,)
    params = [W1, b1, W2, b2]
    velocity = [np.zeros_like(p) for p in params]

    def forward(inputs):  # inputs (R, n) -> h (R, n, H), f (R, n)
        h = np.tanh(b1[:, None, :] + inputs[:, :, None] * W1[:, None, :])
        return h, b2[:, None] + np.einsum("rnh,rh->rn", h, W2)

    if x_eval is not None:
        x_eval = np.broadcast_to(as_float_array(x_eval, "x_eval", ndim=1), (R, np.size(x_eval)))
    predictions, train_mse = [], []
    for epoch in range(1, record[-1] + 1):
        h, f = forward(x)
        grad_f = 2.0 * (f - t) / T  # MeanSquaredError.backward, per network
        grad_a = grad_f[:, :, None] * W2[:, None, :] * (1.0 - h**2)
        grads = [
            np.einsum("rnh,rn->rh", grad_a, x),
            grad_a.sum(axis=1),
            np.einsum("rn,rnh->rh", grad_f, h),
            grad_f.sum(axis=1),
        ]
        for p, v, g in zip(params, velocity, grads):  # SGD.step: v <- beta v + grad, p <- p - alpha v
            v *= momentum
            v += g
            p -= lr * v
        if epoch in record:
            train_mse.append(np.mean((forward(x)[1] - t) ** 2, axis=1))
            predictions.append(None if x_eval is None else forward(x_eval)[1])
    if np.ndim(epochs) == 0:
        return predictions[0], train_mse[0]
    return (None if x_eval is None else np.stack(predictions)), np.stack(train_mse)


train_with_weight_decay.cache_clear = _train_with_weight_decay.cache_clear

__all__ = ["fit_regressions", "moons_task", "squared_weight_norm", "train_with_weight_decay"]
