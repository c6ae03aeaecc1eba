"""Loss functions l(f(x), y), averaged over the batch.

`SoftmaxCrossEntropy` fuses o = softmax and l = -log f(x)_y, because their joint
gradient is simple and stable: the slides' grad_{a^(L+1)} = -(e(y) - f(x)).
"""
import numpy as np

from ._validate import as_float_array, as_labels, check_int


def _check_scores(a, name="a"):
    """``a`` as a finite real array with at least one entry along its last axis (float32 stays float32)."""
    try:
        arr = a if isinstance(a, np.ndarray) else np.asarray(a)
    except (ValueError, TypeError) as err:  # ragged nested lists
        raise ValueError(f"{name}: expected an array of real numbers, could not convert ({err})") from None
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise TypeError(f"{name}: expected an array of real numbers (int or float), got dtype {arr.dtype}")
    if arr.ndim == 0 or arr.shape[-1] == 0:
        raise ValueError(f"{name}: expected at least one entry along the last axis, got shape {arr.shape}")
    if arr.dtype.kind != "f":
        arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: expected finite values, got NaN or infinite entries")
    return arr


def _log_softmax(a):
    z = a - a.max(axis=-1, keepdims=True)
    z -= np.log(np.exp(z).sum(axis=-1, keepdims=True))  # in place: one (n, C) array in all
    return z


def log_softmax(a):
    """log softmax(a) along the last axis, stable for any finite a (subtracts the row max)."""
    return _log_softmax(_check_scores(a))


def softmax(a):
    """softmax(a)_c = exp(a_c) / sum_c' exp(a_c'), along the last axis; never overflows."""
    a = _check_scores(a)
    z = np.exp(a - np.max(a, axis=-1, keepdims=True))
    return z / np.sum(z, axis=-1, keepdims=True)


def one_hot(y, n_classes, dtype=np.float64):
    """e(y): (n,) labels -> (n, C) rows with a single 1."""
    n_classes = check_int(n_classes, "n_classes", low=1)
    y = as_labels(y, "y", n_classes=n_classes)
    e = np.zeros((y.shape[0], n_classes), dtype=dtype)
    e[np.arange(y.shape[0]), y] = 1.0
    return e


class SoftmaxCrossEntropy:
    """Mean over the batch of -log softmax(a)_y.

    ``forward(logits, y)`` returns the mean loss and caches f(x) = softmax(logits);
    ``backward()`` returns dLoss/dlogits = (f(x) - e(y)) / n.
    """

    def forward(self, logits, y):
        """logits : (n, C) array, y : (n,) int labels in [0, C) -> float."""
        if not isinstance(logits, np.ndarray) or logits.ndim != 2 or logits.dtype.kind != "f":
            logits = as_float_array(logits, "logits", ndim=2)
        y = as_labels(y, "y", n=logits.shape[0], n_classes=logits.shape[1])
        return self._forward(logits, y)

    def _forward(self, logits, y):
        """`forward` without the checks, for `fit`, which checks all labels once per call."""
        logp = _log_softmax(logits)  # unchecked: a NaN loss is how `fit` detects divergence
        n = y.shape[0]
        value = -(logp[np.arange(n), y].sum() / n)  # the mean, without np.mean's overhead
        self.f = np.exp(logp, out=logp)  # f(x), cached for backward, in logp's memory
        self.y = y
        return float(value)

    def backward(self):
        """(f(x) - e(y)) / n, shape (n, C)."""
        if not hasattr(self, "f"):
            raise RuntimeError("backward() called before forward(logits, y)")
        n = self.f.shape[0]
        grad = self.f.copy()
        grad[np.arange(n), self.y] -= 1.0
        grad /= n
        return grad

    __call__ = forward

    def __repr__(self):
        return "SoftmaxCrossEntropy()"


class MeanSquaredError:
    """Mean over all entries of (f(x) - y)^2, as in PyTorch's ``MSELoss``.

    ``y`` is either an array of targets shaped like the predictions, or (for a
    classifier trained with squared loss) integer labels turned into one-hot e(y).
    """

    def forward(self, pred, y):
        """pred : (n, k) array; y : (n, k) targets or (n,) labels -> float."""
        if not isinstance(pred, np.ndarray) or pred.ndim != 2 or pred.dtype not in (np.float32, np.float64):
            pred = as_float_array(pred, "pred", ndim=2)
        y_arr = np.asarray(y)
        if y_arr.ndim == 1 and y_arr.dtype.kind in "iu" and pred.shape[1] > 1:
            target = one_hot(as_labels(y_arr, "y", n=pred.shape[0], n_classes=pred.shape[1]),
                             pred.shape[1], dtype=pred.dtype)
        else:
            if y_arr.ndim == 1 and pred.shape[1] == 1:
                y_arr = y_arr.reshape(-1, 1)
            target = as_float_array(y_arr, "y", ndim=2, dtype=pred.dtype)
            if target.shape != pred.shape:
                raise ValueError(f"y: expected targets of shape {pred.shape} (like the predictions) "
                                 f"or integer labels of shape ({pred.shape[0]},), got {np.shape(y)}")
        self.diff = pred - target
        return float(np.mean(self.diff ** 2))

    def backward(self):
        """2 (f(x) - y) / (number of entries), same shape as the predictions."""
        if not hasattr(self, "diff"):
            raise RuntimeError("backward() called before forward(pred, y)")
        return (2.0 / self.diff.size) * self.diff

    __call__ = forward

    def __repr__(self):
        return "MeanSquaredError()"
