"""Chapter 2's experiment shared with its widget: structural risk minimisation on noisy moons.

`train_regularised` trains a 2-H-H-2 tanh network on noisy two moons with the objective

    (1/T) sum_t l(f(x_t; theta), y_t) + lambda Omega(theta),   Omega = sum_k ||W^(k)||_F^2,

and `srm_sweep` repeats it over values of lambda and seeds, measuring the empirical risk,
Omega and the accuracy on fresh points.
"""

import numpy as np

from .._validate import check_int, check_real
from ..data import moons
from ..losses import SoftmaxCrossEntropy
from ..regularizers import L2
from ._common import read_only_cache, train_mlp


@read_only_cache(maxsize=64)
def _regularised_run(lam, n, noise, width, epochs, seed):
    X, y = moons(n=n, noise=noise, seed=seed)
    net, history = train_mlp(
        X,
        y,
        [2, width, width, 2],
        activation="tanh",
        lr=0.1,
        momentum=0.9,
        epochs=epochs,
        batch_size=20,
        regularizer=L2(lam),
        seed=seed,
    )
    return net, X, y, history


def train_regularised(lam, n=100, noise=0.3, width=64, epochs=300, seed=0):
    """Train MLP([2, width, width, 2]) (tanh) on noisy moons with the L2 regulariser lambda.

    SGD with learning rate 0.1 and momentum 0.9, mini-batches of 20. Runs are cached: the
    same arguments return the same (shared) network and read-only data; do not train the
    network further.

    Parameters
    ----------
    lam : float
        lambda >= 0.
    n : int
        Training points, at least 10.
    noise : float
        Standard deviation of the moons' noise, >= 0.
    width : int
        Units per hidden layer, at least 1.
    epochs : int
        Passes over the data, at least 1.
    seed : int
        Seeds the data, the initial weights and the order of examples.

    Returns
    -------
    net : MLP
        The trained network.
    X : ndarray of shape (n, 2)
        The training inputs.
    y : ndarray of shape (n,)
        The training labels.
    history : History
        Per-epoch metrics of `mlpkit.fit`.
    """
    lam = check_real(lam, "lam", low=0.0)
    n = check_int(n, "n", low=10)
    noise = check_real(noise, "noise", low=0.0)
    width = check_int(width, "width", low=1)
    epochs = check_int(epochs, "epochs", low=1)
    seed = check_int(seed, "seed", low=0)
    return _regularised_run(lam, n, noise, width, epochs, seed)


def srm_sweep(lams, seeds=(0, 1, 2), epochs=300):
    """`train_regularised` for every lambda and seed: risk, Omega and accuracy on new points.

    Parameters
    ----------
    lams : sequence of float
        Values of lambda.
    seeds : sequence of int
        One run per seed and lambda; the 1000 new points of seed s are drawn with seed s + 1.
    epochs : int
        Passes over the data.

    Returns
    -------
    sweep : dict of ndarray of shape (len(seeds), len(lams))
        ``"risk"``: the mean training cross-entropy; ``"omega"``: Omega(theta);
        ``"accuracy"``: the accuracy on 1000 new points from the same distribution.
    """
    lams = [check_real(lam, f"lams[{i}]", low=0.0) for i, lam in enumerate(lams)]
    seeds = [check_int(s, f"seeds[{i}]", low=0) for i, s in enumerate(seeds)]
    if not lams or not seeds:
        raise ValueError("lams, seeds: expected at least one value each")
    out = {"risk": [], "omega": [], "accuracy": []}
    for seed in seeds:
        X_new, y_new = moons(n=1000, noise=0.3, seed=seed + 1)
        rows = {"risk": [], "omega": [], "accuracy": []}
        for lam in lams:
            net, X, y, _ = train_regularised(lam, epochs=epochs, seed=seed)
            rows["risk"].append(SoftmaxCrossEntropy().forward(net.forward(X), y))
            rows["omega"].append(L2(1.0).penalty(net.parameters()))
            rows["accuracy"].append(net.score(X_new, y_new))
        for key in out:
            out[key].append(rows[key])
    return {key: np.array(value) for key, value in out.items()}
