"""What every chapter's experiments share: one training helper and one read-only cache."""

import functools

import numpy as np

from ..layers import MLP
from ..losses import SoftmaxCrossEntropy
from ..optim import SGD
from ..training import fit


def train_mlp(
    X,
    y,
    sizes,
    activation="tanh",
    lr=0.1,
    momentum=0.9,
    epochs=100,
    batch_size=20,
    regularizer=None,
    seed=0,
    **fit_kwargs,
):
    """Train ``MLP(sizes, activation, seed=seed)`` with SGD and momentum on (X, y).

    The one training recipe the chapters' experiments share: softmax cross-entropy,
    ``SGD(lr, momentum)``, mini-batches of ``batch_size`` in an order drawn from ``seed``.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Inputs; ``sizes[0]`` must be ``d``.
    y : ndarray of shape (n,)
        Integer labels in [0, sizes[-1]).
    sizes : list of int
        Layer sizes [d, H_1, ..., H_L, C].
    activation : str
        The hidden layers' g.
    lr, momentum : float
        SGD's learning rate and momentum.
    epochs, batch_size : int
        Passes over the data and examples per update.
    regularizer : L2 or L1, optional
        Added to the loss (weights only).
    seed : int
        Initial weights and the order of examples.
    **fit_kwargs
        Passed on to `mlpkit.fit` (``X_valid``, ``y_valid``, ``patience``, ...).

    Returns
    -------
    net : MLP
        The trained network.
    history : History
        Per-epoch metrics from `mlpkit.fit`.
    """
    net = MLP(sizes, activation=activation, seed=seed)
    opt = SGD(net.parameters(), lr=lr, momentum=momentum)
    history = fit(
        net,
        SoftmaxCrossEntropy(),
        opt,
        X,
        y,
        epochs=epochs,
        batch_size=batch_size,
        regularizer=regularizer,
        seed=seed,
        **fit_kwargs,
    )
    return net, history


def _freeze(value):
    """Make every numpy array in ``value`` (or in a dict, list or tuple of them) read-only."""
    if isinstance(value, np.ndarray):
        value.setflags(write=False)
    elif isinstance(value, dict):
        for v in value.values():
            _freeze(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _freeze(v)
    return value


def read_only_cache(maxsize=8):
    """``functools.lru_cache`` whose cached arrays are read-only.

    A cached experiment hands the same arrays to every caller (the chapter, its widget, the
    tests); making them read-only turns an accidental in-place change into an error instead
    of a silently different figure.
    """

    def decorate(function):
        def frozen(*args, **kwargs):  # runs on a cache miss only
            return _freeze(function(*args, **kwargs))

        return functools.update_wrapper(functools.lru_cache(maxsize=maxsize)(frozen), function)

    return decorate
