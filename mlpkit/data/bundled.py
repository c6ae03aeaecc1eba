"""Data sets that need no download: scikit-learn's bundled 8x8 `digits`, and `mnist1d`
(Greydanus 2020), regenerated locally by the ``mnist1d`` package, which reseeds the global
``random`` and ``np.random`` states: `mnist1d` puts them back as it found them.
"""

import functools
import random
from typing import NamedTuple

import numpy as np

from .._validate import check_dtype, check_int


def digits(dtype=np.float64):
    """scikit-learn's bundled 8x8 handwritten digits, scaled to [0, 1].

    The images ship inside scikit-learn (``sklearn.datasets.load_digits``): no
    download. Pixel intensities 0..16 are divided by 16.

    Parameters
    ----------
    dtype : np.float32 or np.float64

    Returns
    -------
    X : ndarray of ``dtype``, shape (1797, 64), values in [0, 1]; row ``i`` is the
        8x8 image ``X[i].reshape(8, 8)``
    y : ndarray of int64, shape (1797,), labels in [0, 10)
    """
    dtype = check_dtype(dtype)
    try:
        from sklearn.datasets import load_digits
    except ImportError as err:
        raise ImportError(
            "mlpkit.data.digits() needs scikit-learn, which ships the 8x8 digits: pip install scikit-learn"
        ) from err
    bunch = load_digits()
    X = (np.asarray(bunch.data, dtype=np.float64) / 16.0).astype(dtype)
    y = np.asarray(bunch.target, dtype=np.int64)
    return X, y


class MNIST1D(NamedTuple):
    """MNIST-1D split into train and test; unpacks as ``X_train, y_train, X_test, y_test``."""

    X_train: np.ndarray  #: (4000, 40) float
    y_train: np.ndarray  #: (4000,) int64 in [0, 10)
    X_test: np.ndarray  #: (1000, 40) float
    y_test: np.ndarray  #: (1000,) int64 in [0, 10)


@functools.lru_cache(maxsize=8)
def _mnist1d_arrays(seed):
    """Generate MNIST-1D once per seed, protecting the global random states.

    ``mnist1d.data.make_dataset`` calls ``random.seed`` and ``np.random.seed`` and
    draws from the global generator; importing it also imports matplotlib and
    requests. Only ``make_dataset`` is used: ``get_dataset`` would try to download a
    pickle from GitHub.
    """
    py_state = random.getstate()
    np_state = np.random.get_state()  # noqa: NPY002 -- the legacy global state, saved to be put back
    try:
        try:
            from mnist1d.data import get_dataset_args, make_dataset
        except ImportError as err:
            raise ImportError(
                "mlpkit.data.mnist1d() needs the PyPI package mnist1d "
                "(and scipy) to regenerate MNIST-1D locally: "
                "pip install mnist1d"
            ) from err
        args = get_dataset_args()
        args.seed = seed
        data = make_dataset(args)
    finally:
        random.setstate(py_state)
        np.random.set_state(np_state)  # noqa: NPY002 -- put back as the package found it
    out = (
        np.asarray(data["x"], dtype=np.float64),
        np.asarray(data["y"], dtype=np.int64),
        np.asarray(data["x_test"], dtype=np.float64),
        np.asarray(data["y_test"], dtype=np.int64),
    )
    for a in out:
        a.flags.writeable = False  # the cached copy must never change
    return out


def mnist1d(seed=42, dtype=np.float64):
    """MNIST-1D (Greydanus 2020), regenerated locally; no download.

    Ten 1-D templates (one per digit) are padded, scaled, translated, sheared and
    made noisy, then resampled to 40 points and standardised (mean 0, std 1 over the
    whole set). The ``mnist1d`` package's defaults are used (5000 examples, 80 %
    train) with its seed replaced by ``seed``; the default ``seed=42`` is the
    package's own and gives the published data set; other seeds give fresh draws. The
    result is cached in memory per seed (the first call takes about a second) and fresh
    copies are returned. The global
    ``random`` and ``np.random`` states are saved and restored around the package.

    Parameters
    ----------
    seed : int in [0, 2**32 - 1]
        Seed passed to the generator (a ``np.random.Generator`` is not accepted: the
        package seeds numpy's legacy global generator).
    dtype : np.float32 or np.float64
        Dtype of ``X_train`` and ``X_test``.

    Returns
    -------
    MNIST1D
        Named tuple ``(X_train, y_train, X_test, y_test)``: ``X_train`` of shape
        (4000, 40), ``y_train`` int64 of shape (4000,), ``X_test`` of shape
        (1000, 40), ``y_test`` int64 of shape (1000,); labels in [0, 10).
    """
    if isinstance(seed, np.random.Generator):
        raise TypeError(
            "seed: expected a non-negative int for mnist1d() (the mnist1d "
            "package seeds numpy's global generator), got a np.random.Generator"
        )
    seed = check_int(seed, "seed", low=0, high=2**32 - 1)
    dtype = check_dtype(dtype)
    X_tr, y_tr, X_te, y_te = _mnist1d_arrays(seed)
    return MNIST1D(X_tr.astype(dtype, copy=True), y_tr.copy(), X_te.astype(dtype, copy=True), y_te.copy())
