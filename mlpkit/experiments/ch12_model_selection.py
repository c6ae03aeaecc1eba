"""Chapter 12's experiments: configurations trained over seeds, cross-validation, and the regret of searches.

Training one configuration (`train_config`): the chapter's network is a one-hidden-layer tanh MLP
``[d, width, C]`` trained by `train_mlp` (SGD with momentum 0.9, softmax cross-entropy, L2 weight
decay ``lam``) for a few epochs, once per seed; `accuracies` scores the networks, and
`kfold_scores` does k-fold cross-validation of one configuration, and `cv_against_holdout` measures
how far a single hold-out estimate and a k-fold estimate each fall from the accuracy the same
networks reach on independent data.

Grid against random search on a synthetic problem (`search_regret`): ``n_params``
hyper-parameters u in the unit cube, an unknown optimum c drawn uniformly, and a score that
depends on the first ``n_important`` of them only,

    score(u) = - sum_{j < n_important} abs(u_j - c_j).

The regret of a search is the distance to the optimum of its best trial,
min over trials of sum_{j < n_important} abs(u_j - c_j). `search_regret` averages it over
many random problems for random search (after 1, 2, ..., ``budget`` trials) and for grid
search with k values per hyper-parameter (the cell centres (i + 1/2) / k, the best case
for a grid), for every k with k ** n_params <= budget.
"""

from typing import NamedTuple

import numpy as np

from .._validate import as_float_array, as_labels, check_int, check_real, check_seed
from ..regularizers import L2
from ..training import DivergenceError
from ._common import read_only_cache, train_mlp

__all__ = [
    "SEEDS",
    "train_config",
    "accuracies",
    "kfold_scores",
    "CVComparison",
    "cv_against_holdout",
    "SearchRegret",
    "search_regret",
]


class CVComparison(NamedTuple):
    """Hold-out and k-fold estimates of one configuration, against independent data, per repeat."""

    folds: np.ndarray  #: (repeats, k) accuracy on each held-out fold; fold 0 is the hold-out estimate
    fresh: np.ndarray  #: (repeats, k) accuracy on the independent data of the network of each fold


class SearchRegret(NamedTuple):
    """Mean regret of grid and random search over many random problems."""

    trials: np.ndarray  #: (budget,) 1, 2, ..., budget
    random: np.ndarray  #: (budget,) mean regret of random search after that many trials
    grid_trials: np.ndarray  #: (m,) k ** n_params for k = 1 .. m
    grid: np.ndarray  #: (m,) mean regret of the grid with k values per hyper-parameter


def _check(n_important, budget, n_params, n_problems, seed):
    n_params = check_int(n_params, "n_params", low=1, high=6)
    n_important = check_int(n_important, "n_important", low=1, high=n_params)
    budget = check_int(budget, "budget", low=1, high=10_000)
    n_problems = check_int(n_problems, "n_problems", low=1, high=100_000)
    seed = check_int(seed, "seed", low=0)
    return n_important, budget, n_params, n_problems, seed


def search_regret(n_important=1, budget=64, n_params=3, n_problems=500, seed=0):
    """Mean regret of grid and random search on ``n_problems`` random problems.

    Parameters
    ----------
    n_important : int in [1, n_params]
        How many of the hyper-parameters the score depends on (the first ones).
    budget : int >= 1
        The largest number of trials (trainings) considered.
    n_params : int in [1, 6]
        How many hyper-parameters are searched over.
    n_problems : int >= 1
        Random optima c ~ U[0, 1]^n_params averaged over.
    seed : int >= 0
        Seeds the optima and the random searches (one fresh search per problem).

    Returns
    -------
    SearchRegret
    """
    return _search_regret(*_check(n_important, budget, n_params, n_problems, seed))


@read_only_cache(maxsize=64)
def _search_regret(n_important, budget, n_params, n_problems, seed):
    rng = np.random.default_rng(seed)
    optima = rng.uniform(size=(n_problems, n_params))
    draws = rng.uniform(size=(n_problems, budget, n_params))
    w = np.zeros(n_params)
    w[:n_important] = 1.0
    # Random search: the distance of each trial, then the best so far.
    distance = np.abs(draws - optima[:, None, :]) @ w  # (n_problems, budget)
    random = np.minimum.accumulate(distance, axis=1).mean(axis=0)
    # Grid search: a product grid, so its best point is the nearest centre in each coordinate.
    ks = [k for k in range(1, budget + 1) if k**n_params <= budget]
    grid = []
    for k in ks:
        centres = (np.arange(k) + 0.5) / k
        nearest = np.min(np.abs(optima[:, :, None] - centres), axis=2)  # (n_problems, n_params)
        grid.append(float(np.mean(nearest @ w)))
    return SearchRegret(np.arange(1, budget + 1), random, np.array([k**n_params for k in ks]), np.array(grid))


# --- Training and scoring one configuration over several seeds -------------------------

SEEDS = (0, 1, 2)
KEYS = ("lr", "width", "lam")


def _check_config(config):
    if not isinstance(config, dict) or set(config) != set(KEYS):
        raise ValueError(f"config: expected a dict with the keys {list(KEYS)}, got {config!r}")
    lr = check_real(config["lr"], "config['lr']", low=0, low_open=True)
    width = check_int(config["width"], "config['width']", low=1)
    lam = check_real(config["lam"], "config['lam']", low=0)
    return lr, width, lam


def _check_seeds(seeds):
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"seeds: expected a list of ints, got {seeds!r}")
    seeds = tuple(check_int(s, "seeds", low=0) for s in seeds)
    if not seeds:
        raise ValueError("seeds: expected at least one seed, got none")
    return seeds


def train_config(config, X, y, seeds=SEEDS, epochs=5, batch_size=32):
    """Train one network per seed with the configuration's hyper-parameters.

    The chapter's model: ``MLP([d, width, C], "tanh", seed=s)`` trained by `train_mlp`
    (SGD with momentum 0.9, softmax cross-entropy, L2 weight decay ``lam``) for
    ``epochs`` passes in mini-batches of ``batch_size``; the seed s draws the initial
    weights and the order of the examples.

    Parameters
    ----------
    config : dict
        ``{"lr": float > 0, "width": int >= 1, "lam": float >= 0}``.
    X : ndarray of shape (n, d)
        Training inputs.
    y : ndarray of shape (n,)
        Training labels in [0, C), C = ``y.max() + 1``.
    seeds : list of int
        One network per seed.
    epochs : int
        Passes over (X, y).
    batch_size : int
        Examples per update.

    Returns
    -------
    nets : list of MLP or None
        One per seed; None where the training loss diverged (NaN or infinite).
    """
    lr, width, lam = _check_config(config)
    seeds = _check_seeds(seeds)
    X = as_float_array(X, "X")
    y = as_labels(y, "y", n=X.shape[0])
    sizes = [X.shape[1], width, int(y.max()) + 1]
    nets = []
    for s in seeds:
        try:
            net, _ = train_mlp(
                X,
                y,
                sizes,
                "tanh",
                lr=lr,
                momentum=0.9,
                epochs=epochs,
                batch_size=batch_size,
                regularizer=L2(lam),
                seed=s,
            )
        except DivergenceError:
            net = None
        nets.append(net)
    return nets


def accuracies(nets, X, y):
    """Accuracy of each network on (X, y); NaN for a diverged one (None).

    Parameters
    ----------
    nets : list of MLP or None
        As returned by `train_config`.
    X : ndarray of shape (n, d)
        Inputs.
    y : ndarray of shape (n,)
        Labels.

    Returns
    -------
    ndarray of shape (len(nets),)
    """
    return np.array([np.nan if net is None else net.score(X, y) for net in nets])


def kfold_scores(config, X, y, k=4, seeds=SEEDS, epochs=5, batch_size=32, split_seed=0):
    """k-fold cross-validation of one configuration: accuracy on each held-out fold, for each seed.

    The rows of (X, y) are shuffled once (by ``split_seed``) and dealt into ``k`` folds of
    (nearly) equal size; for fold i, one network per seed is trained on the other k - 1
    folds (`train_config`) and scored on fold i.

    Parameters
    ----------
    config : dict
        ``{"lr", "width", "lam"}`` as in `train_config`.
    X : ndarray of shape (n, d)
        All the examples available for training and validation.
    y : ndarray of shape (n,)
        Their labels.
    k : int >= 2
        Number of folds.
    seeds : list of int
        Seeds of the networks trained for each fold.
    epochs : int
        Passes over the k - 1 training folds.
    batch_size : int
        Examples per update.
    split_seed : int
        Seeds the shuffle that makes the folds.

    Returns
    -------
    ndarray of shape (k, len(seeds))
        Held-out accuracy of each fold (rows) and seed (columns); NaN for a diverged run.
    """
    _check_config(config)
    X = as_float_array(X, "X")
    y = as_labels(y, "y", n=X.shape[0])
    k = check_int(k, "k", low=2, high=X.shape[0])
    order = check_seed(split_seed).permutation(X.shape[0])
    folds = np.array_split(order, k)
    out = []
    for i, held in enumerate(folds):
        train = np.concatenate([f for j, f in enumerate(folds) if j != i])
        nets = train_config(config, X[train], y[train], seeds, epochs, batch_size)
        out.append(accuracies(nets, X[held], y[held]))
    return np.array(out)


def cv_against_holdout(config, X, y, X_fresh, y_fresh, k=4, repeats=6, epochs=5, batch_size=32):
    """Hold-out against k-fold estimates of one configuration, with independent data as the referee.

    Repeat ``r`` shuffles (X, y) with seed r into ``k`` folds, and for each fold trains one
    network (seed r) on the other k - 1 folds and scores it on the held-out fold and on
    (X_fresh, y_fresh). Fold 0 alone is a single hold-out split (1 training); the mean over the
    k folds is the k-fold estimate (k trainings). What each estimates is the accuracy of its own
    networks on new data: for the hold-out ``fresh[:, 0]``, for k-fold ``fresh.mean(axis=1)``.

    Parameters
    ----------
    config : dict
        ``{"lr", "width", "lam"}`` as in `train_config`.
    X, y : ndarray of shape (n, d) and (n,)
        The examples available for training and validation.
    X_fresh, y_fresh : ndarray of shape (m, d) and (m,)
        Independent examples from the same source, used by no choice.
    k : int >= 2
        Number of folds.
    repeats : int >= 1
        Independent shuffles (and network seeds) 0 .. repeats - 1.
    epochs, batch_size : int
        As in `train_config`.

    Returns
    -------
    CVComparison
    """
    _check_config(config)
    repeats = check_int(repeats, "repeats", low=1)
    X = as_float_array(X, "X")
    y = as_labels(y, "y", n=X.shape[0])
    k = check_int(k, "k", low=2, high=X.shape[0])
    X_fresh = as_float_array(X_fresh, "X_fresh")
    y_fresh = as_labels(y_fresh, "y_fresh", n=X_fresh.shape[0])
    folds, fresh = [], []
    for r in range(repeats):
        parts = np.array_split(check_seed(r).permutation(X.shape[0]), k)
        row, row_fresh = [], []
        for i, held in enumerate(parts):
            train = np.concatenate([f for j, f in enumerate(parts) if j != i])
            nets = train_config(config, X[train], y[train], [r], epochs, batch_size)
            row.append(accuracies(nets, X[held], y[held])[0])
            row_fresh.append(accuracies(nets, X_fresh, y_fresh)[0])
        folds.append(row)
        fresh.append(row_fresh)
    return CVComparison(np.array(folds), np.array(fresh))
