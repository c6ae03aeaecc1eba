"""Toy 2-D problems drawn with numpy: `moons`, `circles`, `spirals`, `xor`.

Each returns ``(X, y)`` with ``X`` float64 of shape (n, 2) and ``y`` int64 of shape (n,)
holding labels in [0, C). Every draw goes through ``np.random.default_rng(seed)``.
"""

import numpy as np

from .._validate import check_int, check_real, check_seed


def _shuffled(rng, X, y):
    """Shuffle the rows of ``X`` and ``y`` together (generators build class by class)."""
    order = rng.permutation(len(y))
    return np.ascontiguousarray(X[order]), y[order]


def moons(n=200, noise=0.1, seed=0):
    """Two interleaving half circles.

    Parameters
    ----------
    n : int, >= 2
        Number of points; class 0 (upper moon) gets ``ceil(n / 2)``.
    noise : float, >= 0
        Standard deviation of the Gaussian noise added to each coordinate.
    seed : int or np.random.Generator

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    y : ndarray of int64, shape (n,), labels in {0, 1}
    """
    n = check_int(n, "n", low=2)
    noise = check_real(noise, "noise", low=0)
    rng = check_seed(seed)
    n0 = n - n // 2
    t0 = np.linspace(0.0, np.pi, n0)
    t1 = np.linspace(0.0, np.pi, n // 2)
    X = np.concatenate(
        [
            np.column_stack([np.cos(t0), np.sin(t0)]),
            np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)]),
        ]
    )
    y = np.repeat(np.array([0, 1], dtype=np.int64), [n0, n // 2])
    X = X + noise * rng.standard_normal(X.shape)
    return _shuffled(rng, X, y)


def circles(n=200, noise=0.05, factor=0.5, seed=0):
    """A small circle (class 1) inside a large one (class 0), both centred at 0.

    Parameters
    ----------
    n : int, >= 2
        Number of points; the outer circle gets ``ceil(n / 2)``.
    noise : float, >= 0
        Standard deviation of the Gaussian noise added to each coordinate.
    factor : float in (0, 1)
        Radius of the inner circle (the outer one has radius 1).
    seed : int or np.random.Generator

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    y : ndarray of int64, shape (n,), labels in {0, 1}
    """
    n = check_int(n, "n", low=2)
    noise = check_real(noise, "noise", low=0)
    factor = check_real(factor, "factor", low=0, high=1, low_open=True, high_open=True)
    rng = check_seed(seed)
    n0 = n - n // 2
    t0 = np.linspace(0.0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0.0, 2 * np.pi, n // 2, endpoint=False)
    X = np.concatenate(
        [
            np.column_stack([np.cos(t0), np.sin(t0)]),
            factor * np.column_stack([np.cos(t1), np.sin(t1)]),
        ]
    )
    y = np.repeat(np.array([0, 1], dtype=np.int64), [n0, n // 2])
    X = X + noise * rng.standard_normal(X.shape)
    return _shuffled(rng, X, y)


def spirals(n=300, n_classes=3, noise=0.2, seed=0):
    """``n_classes`` interleaved spiral arms starting at the origin (CS231n's toy set).

    Arm ``j`` is the curve ``r (cos theta, sin theta)`` with ``r`` in [0, 1] and
    ``theta = 2 pi j / n_classes + 4 r`` plus Gaussian jitter.

    Parameters
    ----------
    n : int, >= n_classes
        Number of points, shared as evenly as possible between the arms.
    n_classes : int, >= 2
        Number of arms (classes).
    noise : float, >= 0
        Standard deviation of the Gaussian jitter added to each point's angle
        (radians), so the arms blur more far from the centre.
    seed : int or np.random.Generator

    Returns
    -------
    X : ndarray of float64, shape (n, 2), inside the unit disc
    y : ndarray of int64, shape (n,), labels in [0, n_classes)
    """
    n_classes = check_int(n_classes, "n_classes", low=2)
    n = check_int(n, "n", low=n_classes)
    noise = check_real(noise, "noise", low=0)
    rng = check_seed(seed)
    counts = np.full(n_classes, n // n_classes)
    counts[: n % n_classes] += 1
    y = np.repeat(np.arange(n_classes, dtype=np.int64), counts)
    r = np.concatenate([np.linspace(0.0, 1.0, m) for m in counts])
    theta = 2 * np.pi * y / n_classes + 4.0 * r + noise * rng.standard_normal(n)
    X = np.column_stack([r * np.cos(theta), r * np.sin(theta)])
    return _shuffled(rng, X, y)


def xor(n=200, noise=0.1, seed=0):
    """Points uniform in the square [-1, 1]^2, labelled 1 where the signs of x1 and x2 differ.

    The label is decided on the clean point; Gaussian noise is added afterwards, so
    a little noise puts some points on the wrong side of the axes.

    Parameters
    ----------
    n : int, >= 2
        Number of points.
    noise : float, >= 0
        Standard deviation of the Gaussian noise added to each coordinate.
    seed : int or np.random.Generator

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    y : ndarray of int64, shape (n,), labels in {0, 1}
    """
    n = check_int(n, "n", low=2)
    noise = check_real(noise, "noise", low=0)
    rng = check_seed(seed)
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    y = (X[:, 0] * X[:, 1] < 0).astype(np.int64)
    X = X + noise * rng.standard_normal(X.shape)
    return X, y
