"""Chapter 10's experiment shared with its widget: random features through the threshold N = n.

A 1-D regression small enough to draw: ``N_TRAIN = 20`` equally spaced points of
sin(pi x) on [-1, 1] plus Gaussian noise (standard deviation 0.2), fitted by the
minimum-norm least-squares combination of N random Fourier features

    phi(x) = cos(v x + c),   f(x) = beta^T phi(x),   beta = Phi^+ y

(`mlpkit.features.RandomFeatures` with ``activation="cos"``, v ~ N(0, 15^2), and
`mlpkit.features.min_norm_least_squares`). `fit_random_features` fits one draw of the
features; `risk_curve` gives, for each N of ``N_CHOICES``, the median and the quartiles
over ``N_DRAWS`` draws (cached, read-only).
"""

from contextlib import nullcontext

import numpy as np

from .._validate import check_int
from ..features import RandomFeatures, min_norm_least_squares
from ._common import read_only_cache

N_TRAIN = 20
NOISE = 0.2
SCALE = 15.0  # v ~ N(0, SCALE^2): features vary on the scale of the spacing of the points
N_DRAWS = 20
N_CHOICES = (1, 2, 5, 10, 15, 18, 19, 20, 21, 22, 25, 30, 40, 60, 100, 200, 400, 1000)
N_MAX = 5000


def one_blas_thread():
    """A context in which BLAS uses one thread (the matrices are tiny; threads only contend)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional: without it the numbers are the same, only slower
        return nullcontext()
    return threadpool_limits(1)


def _target(x):
    return np.sin(np.pi * x)


@read_only_cache(maxsize=1)
def regression_task():
    """The data of the 1-D problem; cached, read-only.

    Returns
    -------
    x : ndarray of shape (20,)
        Training inputs, equally spaced on [-1, 1].
    y : ndarray of shape (20,)
        Noisy targets sin(pi x) + 0.2 z, z drawn from seed 0.
    x_test : ndarray of shape (401,)
        Test inputs on [-1, 1].
    f_test : ndarray of shape (401,)
        The noiseless target sin(pi x_test).
    """
    x = np.linspace(-1.0, 1.0, N_TRAIN)
    y = _target(x) + NOISE * np.random.default_rng(0).standard_normal(N_TRAIN)
    x_test = np.linspace(-1.0, 1.0, 401)
    return x, y, x_test, _target(x_test)


def fit_random_features(n_features, seed=0):
    """Fit the minimum-norm random-features model with ``n_features`` features drawn from ``seed``.

    Parameters
    ----------
    n_features : int
        N, the number of random features, in [1, 5000].
    seed : int
        Seed of the feature draw (V, c), >= 0.

    Returns
    -------
    fit : dict
        ``beta`` of shape (N,); ``f_test`` of shape (401,), the fitted function on
        ``x_test``; ``train_risk``, the mean of (f(x_i) - y_i)^2; ``test_risk``, the mean of
        (f(x) - sin(pi x))^2 over ``x_test``; ``norm``, ||beta||.
    """
    n_features = check_int(n_features, "n_features", low=1, high=N_MAX)
    seed = check_int(seed, "seed", low=0)
    x, y, x_test, f_true = regression_task()
    rf = RandomFeatures(1, n_features, activation="cos", scale=SCALE, seed=seed)
    Phi = rf.transform(x[:, None])
    beta = min_norm_least_squares(Phi, y)  # beta = Phi^+ y
    f_test = rf.transform(x_test[:, None]) @ beta
    return {
        "beta": beta,
        "f_test": f_test,
        "train_risk": float(np.mean((Phi @ beta - y) ** 2)),
        "test_risk": float(np.mean((f_test - f_true) ** 2)),
        "norm": float(np.linalg.norm(beta)),
    }


@read_only_cache(maxsize=1)
def risk_curve():
    """Risks and norm over ``N_DRAWS`` feature draws (seeds 0..19), for each N of ``N_CHOICES``.

    Returns
    -------
    curve : dict of read-only ndarrays of shape (len(N_CHOICES),)
        ``n_features``; the medians over the draws ``train_risk``, ``test_risk``, ``norm``;
        and the quartiles of the test risk, ``test_risk_q25`` and ``test_risk_q75``.
    """
    keys = ("train_risk", "test_risk", "norm")
    rows, quartiles = [], []
    with one_blas_thread():
        for n_features in N_CHOICES:
            fits = [fit_random_features(n_features, seed) for seed in range(N_DRAWS)]
            rows.append([np.median([f[k] for f in fits]) for k in keys])
            quartiles.append(np.percentile([f["test_risk"] for f in fits], [25, 75]))
    curve = dict(zip(keys, np.array(rows).T))
    curve["test_risk_q25"], curve["test_risk_q75"] = np.array(quartiles).T
    curve["n_features"] = np.array(N_CHOICES)
    return curve


__all__ = [
    "N_TRAIN",
    "NOISE",
    "SCALE",
    "N_DRAWS",
    "N_CHOICES",
    "N_MAX",
    "one_blas_thread",
    "regression_task",
    "fit_random_features",
    "risk_curve",
]
