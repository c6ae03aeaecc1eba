"""Chapter 1's experiments: small networks on toy 2-D sets, and a 64-32-10 network on digits.

`train_toy_network` trains ``MLP([2] + [width] * depth + [C])`` on a toy set with SGD and
momentum 0.9; the chapter's widget draws its decision regions. `toy_accuracies` repeats
it over seeds (each seed draws its own data, initial weights and order of examples), and
`single_unit_accuracy` says how well one hidden unit alone could classify. `digits_runs`
trains the chapter's digit classifier from several seeds and returns its loss curves.
"""

import numpy as np

from .._validate import check_int, check_real
from ..activations import ACTIVATIONS
from ..data import digits, train_valid_test_split
from ._common import read_only_cache, train_mlp

DATASETS = ("moons", "circles", "spirals", "xor")
SEEDS = (0, 1, 2, 3, 4)


def _check_seeds(seeds):
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__len__") or len(seeds) == 0:
        raise ValueError(f"seeds: expected a non-empty sequence of ints, got {seeds!r}")
    return tuple(check_int(s, f"seeds[{i}]", low=0) for i, s in enumerate(seeds))


def _check_toy(width, depth, activation, dataset, epochs, lr):
    width = check_int(width, "width", low=1)
    depth = check_int(depth, "depth", low=0)
    epochs = check_int(epochs, "epochs", low=1)
    lr = check_real(lr, "lr", low=0.0, low_open=True)
    if not isinstance(activation, str) or activation.lower() not in ACTIVATIONS:
        raise ValueError(f"activation: expected one of {sorted(ACTIVATIONS)}, got {activation!r}")
    if dataset not in DATASETS:
        raise ValueError(f"dataset: expected one of {DATASETS}, got {dataset!r}")
    return width, depth, activation, dataset, epochs, lr


@read_only_cache(maxsize=128)
def _toy_run(width, depth, activation, dataset, epochs, lr, seed):
    from .. import data

    X, y = getattr(data, dataset)(seed=seed)
    sizes = [2] + [width] * depth + [int(y.max()) + 1]
    net, history = train_mlp(
        X, y, sizes, activation=activation, lr=lr, momentum=0.9, epochs=epochs, batch_size=20, seed=seed
    )
    return net, X, y, history


def train_toy_network(width=8, depth=1, activation="tanh", dataset="moons", epochs=150, lr=0.03, seed=0):
    """Train ``MLP([2] + [width] * depth + [C])`` on a toy 2-D set with SGD and momentum 0.9.

    Runs are cached: the same arguments return the same (read-only data, shared network)
    objects, so a chapter and its widget train each configuration once. Do not train the
    returned network further.

    Parameters
    ----------
    width : int
        H_k of every hidden layer, at least 1.
    depth : int
        Number L of hidden layers, at least 0 (0 gives a linear softmax classifier).
    activation : str
        g of the hidden layers: ``"tanh"``, ``"relu"``, ``"sigmoid"`` or ``"identity"``.
    dataset : str
        One of ``"moons"``, ``"circles"``, ``"spirals"``, ``"xor"``.
    epochs : int
        Passes over the data (mini-batches of 20).
    lr : float
        Learning rate, > 0.
    seed : int
        Seeds the data, the initial weights and the order of examples (an int >= 0, so
        that the run can be cached).

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
    args = _check_toy(width, depth, activation, dataset, epochs, lr)
    return _toy_run(*args, check_int(seed, "seed", low=0))


def toy_accuracies(width=8, depth=1, activation="tanh", dataset="moons", epochs=150, lr=0.03, seeds=SEEDS):
    """Training accuracy of `train_toy_network` for each seed (data, weights and order all redrawn).

    Parameters
    ----------
    width, depth, activation, dataset, epochs, lr
        As in `train_toy_network`.
    seeds : sequence of int
        One run per seed.

    Returns
    -------
    accuracies : ndarray of shape (len(seeds),)
    """
    args = _check_toy(width, depth, activation, dataset, epochs, lr)
    accs = []
    for seed in _check_seeds(seeds):
        net, X, y, _ = _toy_run(*args, seed)
        accs.append(net.score(X, y))
    return np.array(accs)


def single_unit_accuracy(H, y):
    """The best training accuracy of one hidden unit alone, thresholded, on two classes.

    For every column ``H[:, j]`` and every threshold between two of its sorted values (in
    either orientation), the accuracy of predicting class 1 on one side; the best over
    thresholds and units. A tanh unit is monotone in ``b_j + W_j x``, so this is the best
    that a single straight soft step can separate.

    Parameters
    ----------
    H : ndarray of shape (n, H_1)
        Hidden activations, one row per example.
    y : ndarray of shape (n,)
        Labels in {0, 1}.

    Returns
    -------
    best : float
        The best accuracy over units and thresholds.
    per_unit : ndarray of shape (H_1,)
        The best accuracy of each unit.
    """
    H = np.asarray(H, dtype=np.float64)
    y = np.asarray(y)
    if H.ndim != 2 or y.shape != (H.shape[0],):
        raise ValueError(f"H, y: expected shapes (n, H_1) and (n,), got {H.shape} and {y.shape}")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y: expected labels in {0, 1}")
    n = len(y)
    per_unit = []
    for column in H.T:
        order = np.argsort(column, kind="stable")
        ones_below = np.concatenate([[0], np.cumsum(y[order])])  # class-1 points among the k smallest
        k = np.arange(n + 1)
        # predict 1 above the threshold: correct = zeros below + ones above
        correct = (k - ones_below) + (ones_below[-1] - ones_below)
        per_unit.append(max(correct.max(), (n - correct).max()) / n)
    per_unit = np.array(per_unit)
    return float(per_unit.max()), per_unit


@read_only_cache(maxsize=4)
def _digits_runs(seeds, epochs):
    X, y = digits()
    X_tr, y_tr, X_va, y_va, X_te, y_te = train_valid_test_split(X, y, seed=0)
    train_loss, valid_loss, test_acc = [], [], []
    for seed in seeds:
        net, history = train_mlp(
            X_tr,
            y_tr,
            [64, 32, 10],
            activation="tanh",
            lr=0.1,
            momentum=0.9,
            epochs=epochs,
            batch_size=32,
            seed=seed,
            X_valid=X_va,
            y_valid=y_va,
        )
        train_loss.append(history["train_loss"])
        valid_loss.append(history["valid_loss"])
        test_acc.append(net.score(X_te, y_te))
    return {
        "train_loss": np.array(train_loss),
        "valid_loss": np.array(valid_loss),
        "test_acc": np.array(test_acc),
    }


def digits_runs(seeds=SEEDS, epochs=20):
    """The chapter's 64-32-10 tanh network on the digits, trained from each seed.

    The split is fixed (``train_valid_test_split(..., seed=0)``: 1257 / 270 / 270); each
    seed draws the initial weights and the order of examples. SGD with learning rate 0.1,
    momentum 0.9, mini-batches of 32.

    Parameters
    ----------
    seeds : sequence of int
        One run per seed.
    epochs : int
        Passes over the training set.

    Returns
    -------
    runs : dict
        ``"train_loss"``, ``"valid_loss"``: ndarray of shape (len(seeds), epochs), the
        running mean of the training loss over each epoch and the validation loss at its
        end; ``"test_acc"``: ndarray of shape (len(seeds),).
    """
    return _digits_runs(_check_seeds(seeds), check_int(epochs, "epochs", low=1))
