"""Chapter 2's experiment shared with its widget: structural risk minimisation on noisy moons.

`train_regularised` trains a 2-H-H-2 tanh network on noisy two moons with the objective

    (1/T) sum_t l(f(x_t; theta), y_t) + lambda Omega(theta),   Omega = sum_k ||W^(k)||_F^2,

and `srm_sweep` repeats it over values of lambda and seeds, measuring the empirical risk,
Omega and the accuracy on fresh points.

The surrogate-loss experiment: `NegativeExpectedAccuracy` is the loss -(1/n) sum_t f(x_t)_{y_t},
minus the expected accuracy of a classifier that draws its answer from the softmax (the
differentiable expected value of the 0-1 metric); `surrogate_comparison` trains the same
64-32-10 network on the digits with it and with the cross-entropy, optionally with noisy
training labels, and measures the test accuracy, the test cross-entropy and the expected
calibration error (`expected_calibration_error`).
"""

import numpy as np

from .._validate import as_float_array, as_labels, check_int, check_real
from ..data import digits, moons, train_valid_test_split
from ..layers import MLP
from ..losses import Loss, SoftmaxCrossEntropy, softmax
from ..optim import SGD
from ..regularizers import L2
from ..training import fit
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


class NegativeExpectedAccuracy(Loss):
    """Mean over the batch of l(f(x), y) = -f(x)_y, with f(x) = softmax(a^(L+1)).

    f(x)_y is the probability that a classifier drawing its answer from f(x) is right, so
    the mean is minus its expected accuracy: a smooth, bounded stand-in for the 0-1 loss
    (up to the constant 2, it is the L1 distance between f(x) and e(y)).
    ``backward()`` returns dLoss/dlogits = -f(x)_y (e(y) - f(x)) / n: the cross-entropy's
    gradient multiplied by f(x)_y, so an example the network gets confidently wrong
    (f(x)_y near 0) contributes almost nothing.
    """

    def forward(self, logits, y):
        """Mean of -f(x)_y over the batch; logits of shape (n, C), y of shape (n,)."""
        logits = as_float_array(logits, "logits", ndim=2)
        y = as_labels(y, "y", n=logits.shape[0], n_classes=logits.shape[1])
        self.f, self.y = softmax(logits), y
        return float(-self.f[np.arange(len(y)), y].mean())

    def backward(self):
        """-f(x)_y (e(y) - f(x)) / n, shape (n, C)."""
        if not hasattr(self, "f"):
            raise RuntimeError("backward() called before forward(logits, y)")
        n = len(self.y)
        f_y = self.f[np.arange(n), self.y]
        grad = self.f.copy()
        grad[np.arange(n), self.y] -= 1.0  # f(x) - e(y), the cross-entropy's gradient
        return f_y[:, None] * grad / n


def expected_calibration_error(P, y, bins=10):
    """ECE: the gap between confidence and accuracy, averaged over confidence bins.

    The examples are grouped by their confidence max_c P_c into ``bins`` equal-width bins
    of (0, 1]; ECE = sum over bins of (share of examples) x |accuracy - mean confidence|.

    Parameters
    ----------
    P : ndarray of shape (n, C)
        Predicted class probabilities, rows summing to 1.
    y : ndarray of shape (n,)
        Integer labels in [0, C).
    bins : int
        Number of bins, at least 1.

    Returns
    -------
    float
        In [0, 1]; 0 for a perfectly calibrated classifier.
    """
    P = as_float_array(P, "P", ndim=2)
    y = as_labels(y, "y", n=P.shape[0], n_classes=P.shape[1])
    bins = check_int(bins, "bins", low=1)
    confidence, correct = P.max(axis=1), P.argmax(axis=1) == y
    which = np.clip(np.ceil(confidence * bins).astype(int) - 1, 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        in_bin = which == b
        if in_bin.any():
            ece += in_bin.mean() * abs(correct[in_bin].mean() - confidence[in_bin].mean())
    return float(ece)


SURROGATE_LOSSES = {"cross-entropy": SoftmaxCrossEntropy, "expected accuracy": NegativeExpectedAccuracy}


def noisy_labels(y, noise, n_classes, seed):
    """Replace a share ``noise`` of the labels by a different class, drawn uniformly.

    Returns the new labels and the boolean mask of the changed ones.
    """
    rng = np.random.default_rng(seed)
    flip = rng.uniform(size=len(y)) < noise
    y_noisy = np.array(y, copy=True)
    y_noisy[flip] = (y_noisy[flip] + rng.integers(1, n_classes, size=int(flip.sum()))) % n_classes
    return y_noisy, flip


@read_only_cache(maxsize=64)
def _surrogate_run(loss_name, lr, noise, epochs, seed):
    X, y = digits()
    X_tr, y_tr, X_va, y_va, X_te, y_te = train_valid_test_split(X, y, seed=0)
    y_train, flipped = noisy_labels(y_tr, noise, 10, seed=1000 + seed)
    net = MLP([64, 32, 10], activation="tanh", seed=seed)
    fit(
        net,
        SURROGATE_LOSSES[loss_name](),
        SGD(net.parameters(), lr=lr, momentum=0.9),
        X_tr,
        y_train,
        epochs=epochs,
        batch_size=32,
        seed=seed,
    )
    out = {}
    for split, (X_s, y_s) in {"valid": (X_va, y_va), "test": (X_te, y_te)}.items():
        P = net.predict_proba(X_s)
        p_y = P[np.arange(len(y_s)), y_s]
        out[f"{split}_acc"] = float(np.mean(P.argmax(axis=1) == y_s))
        out[f"{split}_nll"] = float(np.mean(-np.log(np.maximum(p_y, 1e-300))))
        out[f"{split}_expected_acc"] = float(np.mean(p_y))
        out[f"{split}_ece"] = expected_calibration_error(P, y_s)
    loss = SURROGATE_LOSSES[loss_name]()
    loss.forward(net.forward(X_tr), y_train)
    per_example = np.linalg.norm(loss.backward(), axis=1)  # |dl_t / da^(L+1)|, one row per example
    out["noisy_grad_share"] = float(per_example[flipped].sum() / per_example.sum())
    predicted = net.predict(X_tr)
    # of the training examples whose label was changed, the share predicted as the wrong label
    out["noisy_fitted"] = float(np.mean(predicted[flipped] == y_train[flipped])) if flipped.any() else np.nan
    out["clean_fitted"] = float(np.mean(predicted[~flipped] == y_tr[~flipped]))
    return out


# learning rates chosen by the mean accuracy on the clean validation set, from
# SURROGATE_LR_GRID, 5 seeds, 30 epochs (ties to the lower cross-entropy)
# (tests/test_experiments_ch02_empirical_risk.py re-runs the choice)
SURROGATE_LR_GRID = (0.01, 0.03, 0.1, 0.3)
SURROGATE_LRS = {
    (0.0, "cross-entropy"): 0.1,
    (0.0, "expected accuracy"): 0.1,
    (0.4, "cross-entropy"): 0.01,
    (0.4, "expected accuracy"): 0.3,
}


def surrogate_comparison(loss_name, noise=0.0, lr=None, epochs=30, seeds=(0, 1, 2, 3, 4)):
    """Train MLP([64, 32, 10]) (tanh) on the digits with one loss, from each seed.

    The split is fixed (``train_valid_test_split(..., seed=0)``); a share ``noise`` of the
    training labels is replaced by another class (drawn with seed 1000 + seed); SGD with
    momentum 0.9, mini-batches of 32; each seed draws the initial weights and the order.

    Parameters
    ----------
    loss_name : str
        ``"cross-entropy"`` or ``"expected accuracy"`` (`NegativeExpectedAccuracy`).
    noise : float
        Share of training labels changed, in [0, 1).
    lr : float, optional
        Learning rate; None takes `SURROGATE_LRS` (chosen on the validation set).
    epochs : int
        Passes over the training set.
    seeds : sequence of int
        One run per seed.

    Returns
    -------
    results : dict of ndarray of shape (len(seeds),)
        ``"test_acc"``, ``"test_nll"`` (mean -log f(x)_y), ``"test_expected_acc"`` (mean
        f(x)_y), ``"test_ece"`` and the same four for ``"valid_"``; ``"noisy_fitted"``: the
        share of the changed training labels the network predicts (NaN without noise);
        ``"clean_fitted"``: the share of the unchanged ones; ``"noisy_grad_share"``: after
        training, the changed labels' share of the summed per-example gradient norms
        |dl / da^(L+1)| on the training set (0 without noise).
    """
    if loss_name not in SURROGATE_LOSSES:
        raise ValueError(f"loss_name: expected one of {sorted(SURROGATE_LOSSES)}, got {loss_name!r}")
    noise = check_real(noise, "noise", low=0.0, high=1.0, high_open=True)
    if lr is None:
        if (noise, loss_name) not in SURROGATE_LRS:
            raise ValueError(f"lr: no chosen learning rate for noise {noise}; pass lr")
        lr = SURROGATE_LRS[noise, loss_name]
    lr = check_real(lr, "lr", low=0.0, low_open=True)
    epochs = check_int(epochs, "epochs", low=1)
    seeds = [check_int(s, f"seeds[{i}]", low=0) for i, s in enumerate(seeds)]
    if not seeds:
        raise ValueError("seeds: expected at least one seed")
    runs = [_surrogate_run(loss_name, lr, noise, epochs, s) for s in seeds]
    return {key: np.array([run[key] for run in runs]) for key in runs[0]}
