"""Label noise (`random_labels`, Zhang et al. 2017) and seeded train/valid/test splits
(`train_valid_test_split`).
"""

import numpy as np

from .._validate import as_float_array, as_labels, check_int, check_real, check_seed


def random_labels(y, n_classes=None, fraction=1.0, seed=0):
    """Replace a fraction of the labels by uniformly random classes (Zhang et al. 2017).

    Exactly ``round(fraction * n)`` positions, chosen at random, get a label drawn
    uniformly from [0, n_classes). A drawn label may equal the old one, so about
    ``fraction * (1 - 1 / n_classes)`` of the labels actually change.

    Parameters
    ----------
    y : array-like of int, shape (n,)
        Labels in [0, n_classes).
    n_classes : int, optional
        Number of classes; default ``max(y) + 1``.
    fraction : float in [0, 1]
        Share of positions that receive a random label; 1.0 randomises all of them.
    seed : int or np.random.Generator

    Returns
    -------
    ndarray of int64, shape (n,): a new array; ``y`` is not modified.
    """
    y = as_labels(y, "y")
    if n_classes is None:
        n_classes = int(y.max()) + 1
    n_classes = check_int(n_classes, "n_classes", low=1)
    y = as_labels(y, "y", n_classes=n_classes)
    fraction = check_real(fraction, "fraction", low=0, high=1)
    rng = check_seed(seed)
    out = y.copy()
    k = int(round(fraction * len(y)))
    where = rng.choice(len(y), size=k, replace=False)
    out[where] = rng.integers(0, n_classes, size=k)
    return out


def train_valid_test_split(X, y, valid=0.15, test=0.15, seed=0, stratify=False):
    """Shuffle the rows and split them into training, validation and test sets.

    The validation and test sets get ``round(valid * n)`` and ``round(test * n)``
    rows, training gets the rest. With ``stratify=True`` each class keeps its
    proportion in every part (to within a row or two per class): the rows are
    shuffled, grouped by class, and dealt out evenly.

    Parameters
    ----------
    X : array-like, shape (n, d)
        Inputs; float32 stays float32, anything else numeric becomes float64.
    y : array-like, shape (n,)
        Integer class labels, or (only with ``stratify=False``) float targets of
        shape (n,) or (n, k).
    valid, test : float in [0, 1), with valid + test < 1
        Fractions of the rows for the validation and test sets.
    seed : int or np.random.Generator
    stratify : bool
        Keep class proportions of ``y`` in each part.

    Returns
    -------
    X_tr, y_tr, X_va, y_va, X_te, y_te : ndarrays
        Copies; the ``X_*`` of shape (n_*, d), the ``y_*`` of shape (n_*,) (or
        (n_*, k)); the three index sets are disjoint and cover all n rows.
    """
    dtype = np.float32 if getattr(X, "dtype", None) == np.float32 else np.float64
    X = as_float_array(X, "X", ndim=2, dtype=dtype)
    n = X.shape[0]
    if not isinstance(stratify, (bool, np.bool_)):
        raise TypeError(f"stratify: expected True or False, got {type(stratify).__name__} {stratify!r}")
    y_dtype = getattr(y, "dtype", None)
    if not stratify and y_dtype is not None and y_dtype.kind == "f":  # regression targets
        y = as_float_array(y, "y", ndim=2 if np.ndim(y) == 2 else 1)
        if y.shape[0] != n:
            raise ValueError(f"y: expected {n} rows (one per row of X), got {y.shape[0]}")
    else:
        y = as_labels(y, "y", n=n)
    valid = check_real(valid, "valid", low=0, high=1, high_open=True)
    test = check_real(test, "test", low=0, high=1, high_open=True)
    if valid + test >= 1:
        raise ValueError(
            f"valid + test: expected a sum < 1 so that rows are left for "
            f"training, got {valid} + {test} = {valid + test}"
        )
    rng = check_seed(seed)
    n_va, n_te = int(round(valid * n)), int(round(test * n))
    if n_va + n_te >= n:
        raise ValueError(
            f"valid, test: with n={n} rows, valid={valid} and test={test} give "
            f"{n_va} + {n_te} held-out rows and none for training; use smaller "
            f"fractions or more rows"
        )

    order = rng.permutation(n)
    if stratify:
        order = order[np.argsort(y[order], kind="stable")]  # shuffled within each class
        order = _deal(order, n_te, n_va, rng)
    te, va, tr = order[:n_te], order[n_te : n_te + n_va], order[n_te + n_va :]
    return X[tr], y[tr], X[va], y[va], X[te], y[te]


def _deal(order, n_te, n_va, rng):
    """Reorder ``order`` as (test, valid, train), picking evenly spaced positions.

    Bresenham-style: position i goes to a part when ``floor((i * k + p) / m)`` steps
    up, which selects exactly k of m positions, spread evenly, so each contiguous
    class block contributes its share. Each part is then shuffled.
    """

    def pick(m, k):
        i = np.arange(m, dtype=np.int64)
        p = int(rng.integers(m))
        return ((i + 1) * k + p) // m - (i * k + p) // m == 1

    is_te = pick(len(order), n_te)
    rest = order[~is_te]
    is_va = pick(len(rest), n_va)
    parts = [order[is_te], rest[is_va], rest[~is_va]]
    return np.concatenate([rng.permutation(part) for part in parts])
