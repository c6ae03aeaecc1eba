"""Input checks used at the public boundary of mlpkit.

Every message names the argument, what was expected, and what was given, so that a
student who passes the wrong thing reads the fix in the error itself.

The rule (CONTRIBUTING.md): public entry points -- `MLP`/`Sequential` construction and
their ``forward``/``predict``/``score``, `fit`, a loss's ``forward``, the data functions
and the analysis tools -- check their inputs here, once. The math behind them (a layer's
or an activation's ``forward``/``backward``, an optimiser's ``step``) checks nothing.
"""

import numbers

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)


def check_dtype(dtype, name="dtype"):
    """Return ``np.dtype(dtype)`` if it is float32 or float64, else raise TypeError."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{name}: expected np.float32 or np.float64, got {dtype!r}") from None
    if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise TypeError(f"{name}: expected np.float32 or np.float64, got {dt}")
    return dt


def _describe(x):
    if isinstance(x, np.ndarray):
        return f"array of shape {x.shape} and dtype {x.dtype}"
    return f"{type(x).__name__}"


def as_float_array(x, name, ndim=2, dtype=np.float64, allow_empty=False, n_features=None):
    """Convert ``x`` to a finite float array with ``ndim`` dimensions (any number >= 1 if None).

    Integer and float inputs (arrays or nested lists) are converted to ``dtype``;
    booleans, strings, complex numbers and objects raise TypeError; a wrong number of
    dimensions, an empty array, NaN/Inf or a wrong number of columns raise ValueError.
    The result is C-contiguous and writeable; the input is never modified.
    """
    dtype = check_dtype(dtype)
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name}: expected a {ndim}-D array of numbers, got {_describe(x)}")
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as err:  # ragged nested lists
        raise ValueError(f"{name}: expected a {ndim}-D array of numbers, could not convert ({err})") from None
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise TypeError(f"{name}: expected an array of real numbers (int or float), got dtype {arr.dtype}")
    if (arr.ndim != ndim) if ndim is not None else (arr.ndim == 0):
        expected = f"a {ndim}-D array" if ndim is not None else "an array of at least 1 dimension"
        raise ValueError(f"{name}: expected {expected}, got {arr.ndim}-D with shape {arr.shape}")
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name}: expected a non-empty array, got shape {arr.shape}")
    if n_features is not None and arr.shape[-1] != n_features:
        raise ValueError(f"{name}: expected {n_features} columns (features), got shape {arr.shape}")
    out = np.asarray(arr, dtype=dtype, order="C")  # copies only when it must (numpy 1.26 and 2.x)
    if out is arr and not out.flags.writeable:
        out = out.copy()
    # One sum tells whether any entry is NaN or infinite (as scikit-learn does); only an
    # overflowing sum of finite entries needs the entry-by-entry scan.
    with np.errstate(over="ignore", invalid="ignore"):
        total = out.sum()
    if not np.isfinite(total) and not np.all(np.isfinite(out)):
        bad = int(np.size(out) - np.count_nonzero(np.isfinite(out)))
        raise ValueError(
            f"{name}: expected finite values, got {bad} NaN or infinite entries (after conversion to {dtype})"
        )
    return out


def as_labels(y, name="y", n=None, n_classes=None):
    """Check integer class labels: 1-D, length ``n``, values in [0, n_classes).

    Returns an int64 array. Float, bool or string labels raise TypeError (a float label
    is almost always a mistake: regression targets passed to a classifier).
    """
    if isinstance(y, (str, bytes)) or y is None:
        raise TypeError(f"{name}: expected a 1-D array of integer class labels, got {_describe(y)}")
    try:
        arr = np.asarray(y)
    except (ValueError, TypeError) as err:
        raise ValueError(f"{name}: expected a 1-D array of integer class labels ({err})") from None
    if arr.dtype == bool or arr.dtype.kind not in "iu":
        raise TypeError(f"{name}: expected integer class labels in [0, C), got dtype {arr.dtype}")
    if arr.ndim != 1:
        raise ValueError(f"{name}: expected a 1-D array of labels, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name}: expected at least one label, got an empty array")
    if n is not None and arr.shape[0] != n:
        raise ValueError(f"{name}: expected {n} labels (one per row of the inputs), got {arr.shape[0]}")
    arr = arr.astype(np.int64, copy=False)
    # One pass for both bounds: read as unsigned, a negative label is larger than any class.
    if n_classes is not None and arr.view(np.uint64).max() < n_classes:
        return arr
    lo, hi = int(arr.min()), int(arr.max())
    if lo < 0 or (n_classes is not None and hi >= n_classes):
        bound = f"[0, {n_classes})" if n_classes is not None else "[0, C)"
        raise ValueError(f"{name}: expected labels in {bound}, got values from {lo} to {hi}")
    return arr


def check_real(x, name, low=None, high=None, low_open=False, high_open=False):
    """Check a real scalar hyper-parameter against an interval; return it as float."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name}: expected a real number, got {type(x).__name__} {x!r}")
    x = float(x)
    if not np.isfinite(x):
        raise ValueError(f"{name}: expected a finite number, got {x}")
    bad_low = low is not None and (x <= low if low_open else x < low)
    bad_high = high is not None and (x >= high if high_open else x > high)
    if bad_low or bad_high:
        lb = "(" if low_open else "["
        rb = ")" if high_open else "]"
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        raise ValueError(f"{name}: expected a value in {lb}{lo}, {hi}{rb}, got {x}")
    return x


def check_int(x, name, low=None, high=None):
    """Check an integer hyper-parameter (width, epochs, batch size) against [low, high]."""
    if isinstance(x, bool) or not isinstance(x, numbers.Integral):
        raise TypeError(f"{name}: expected an integer, got {type(x).__name__} {x!r}")
    x = int(x)
    if (low is not None and x < low) or (high is not None and x > high):
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        raise ValueError(f"{name}: expected an integer in [{lo}, {hi}], got {x}")
    return x


def check_seed(seed, name="seed"):
    """Return a ``np.random.Generator``: from an int seed, or the Generator itself."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"{name}: expected a non-negative int or a np.random.Generator, got {seed!r}")
    if seed < 0:
        raise ValueError(f"{name}: expected a non-negative int or a np.random.Generator, got {seed!r}")
    return np.random.default_rng(int(seed))


def check_net(net):
    """The parameters of ``net``, after checking that it is a Module that has some."""
    from .module import Module

    if not isinstance(net, Module):
        raise TypeError(f"net: expected a mlpkit Module (e.g. MLP), got {type(net).__name__}")
    params = net.parameters()
    if not params:
        raise ValueError("net: expected a network with parameters, got one with none")
    return params


def check_inputs(net, X, name="X"):
    """``X`` as a finite 2-D array of ``net``'s dtype, with ``net``'s number of input columns."""
    dtype = check_net(net)[0].value.dtype
    return as_float_array(X, name, ndim=2, dtype=dtype, n_features=getattr(net, "n_inputs", None))


def as_targets(loss, y, n, n_outputs, dtype, name="y"):
    """Check what a loss is trained against: ``(y, is_classification)``.

    Integer labels in [0, n_outputs) for a classifier (`SoftmaxCrossEntropy`, or integer
    labels given to `MeanSquaredError` with several outputs); otherwise real-valued
    regression targets with one row per example.
    """
    from .losses import SoftmaxCrossEntropy

    if isinstance(loss, SoftmaxCrossEntropy):
        return as_labels(y, name, n=n, n_classes=n_outputs), True
    y_arr = np.asarray(y)
    if y_arr.ndim == 1 and y_arr.dtype.kind in "iu" and n_outputs > 1:
        return as_labels(y_arr, name, n=n, n_classes=n_outputs), True
    y_arr = as_float_array(y_arr, name, ndim=y_arr.ndim if y_arr.ndim in (1, 2) else 2, dtype=dtype)
    if y_arr.shape[0] != n:
        raise ValueError(f"{name}: expected {n} targets (one per row of X), got {y_arr.shape[0]}")
    return y_arr, False
