"""Loss functions l(f(x), y), averaged over the batch.

`SoftmaxCrossEntropy` fuses o = softmax and l = -log f(x)_y, because their joint
gradient is simple and stable: the slides' grad_{a^(L+1)} = -(e(y) - f(x)).
"""
import numpy as np

from ._validate import as_float_array, as_labels


def log_softmax(a):
    """log softmax(a) along the last axis, stable for any finite a (subtracts the row max)."""
    z = a - np.max(a, axis=-1, keepdims=True)
    return z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))


def softmax(a):
    """softmax(a)_c = exp(a_c) / sum_c' exp(a_c'), along the last axis; never overflows."""
    z = np.exp(a - np.max(a, axis=-1, keepdims=True))
    return z / np.sum(z, axis=-1, keepdims=True)


def one_hot(y, n_classes, dtype=np.float64):
    """e(y): (n,) labels -> (n, C) rows with a single 1."""
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
        if not isinstance(logits, np.ndarray) or logits.ndim != 2:
            logits = as_float_array(logits, "logits", ndim=2)
        y = as_labels(y, "y", n=logits.shape[0], n_classes=logits.shape[1])
        logp = log_softmax(logits)
        self.f = np.exp(logp)  # f(x), cached for backward
        self.y = y
        return float(-np.mean(logp[np.arange(y.shape[0]), y]))

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
        if not isinstance(pred, np.ndarray) or pred.ndim != 2:
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
