"""Loss functions l(f(x), y), averaged over the batch, and the surrogates of chapter 2.

The loss interface (`Loss`): ``forward(scores, y)`` checks its inputs, returns the mean
loss over the batch as a float and caches what the gradient needs; ``backward()`` (no
argument: a loss is the end of the graph) returns dLoss/dscores, shaped like the scores.

`SoftmaxCrossEntropy` fuses o = softmax and l = -log f(x)_y, because their joint
gradient is simple and stable: the slides' grad_{a^(L+1)} = -(e(y) - f(x)).
"""

import numpy as np

from ._validate import as_float_array, as_labels, check_int


def log_softmax(a):
    """log softmax(a) along the last axis, stable for any finite a.

    log f(a)_c = a_c - log sum_c' exp(a_c') = z_c - log sum_c' exp(z_c') with z = a - max_c a_c:
    subtracting the row's maximum changes nothing mathematically, and makes every
    exp(z) <= 1, so nothing overflows (the log-sum-exp trick).
    """
    a = as_float_array(a, "a", ndim=None, dtype=_float_dtype(a))
    z = a - a.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def softmax(a):
    """softmax(a)_c = exp(a_c) / sum_c' exp(a_c'), along the last axis; never overflows."""
    return np.exp(log_softmax(a))


def _float_dtype(a):
    """float32 stays float32; everything else is computed in float64."""
    return np.float32 if getattr(a, "dtype", None) == np.float32 else np.float64


def one_hot(y, n_classes, dtype=np.float64):
    """e(y): (n,) labels -> (n, C) rows with a single 1."""
    n_classes = check_int(n_classes, "n_classes", low=1)
    y = as_labels(y, "y", n_classes=n_classes)
    e = np.zeros((y.shape[0], n_classes), dtype=dtype)
    e[np.arange(y.shape[0]), y] = 1.0
    return e


class Loss:
    """The interface every loss follows (not a `Module`: it has no input gradient to pass on).

    ``forward(scores, y) -> float`` is the mean loss over the batch; it checks ``scores``
    and ``y`` and caches what ``backward`` needs. ``backward() -> ndarray`` is
    dLoss/dscores for the last ``forward``, shaped like ``scores``.
    """

    def forward(self, scores, y):
        raise NotImplementedError

    def backward(self):
        raise NotImplementedError

    def __call__(self, scores, y):
        return self.forward(scores, y)

    def __repr__(self):
        return f"{type(self).__name__}()"


class SoftmaxCrossEntropy(Loss):
    """Mean over the batch of l(f(x), y) = -log f(x)_y, with f(x) = softmax(a^(L+1)).

    ``forward(logits, y)`` returns the mean loss and caches f(x);
    ``backward()`` returns dLoss/dlogits = (f(x) - e(y)) / n.

    Examples
    --------
    >>> loss = SoftmaxCrossEntropy()
    >>> round(loss.forward(np.zeros((2, 4)), np.array([0, 3])), 4)   # log 4: uniform f(x)
    1.3863
    >>> loss.backward()                                              # (f(x) - e(y)) / n
    array([[-0.375,  0.125,  0.125,  0.125],
           [ 0.125,  0.125,  0.125, -0.375]])
    """

    def forward(self, logits, y):
        """Mean cross-entropy of a batch.

        Parameters
        ----------
        logits : ndarray of shape (n, C)
            a^(L+1), the output layer's pre-activations.
        y : ndarray of shape (n,)
            Integer labels in [0, C).

        Returns
        -------
        float
            The mean loss (NaN or infinite if the logits are: `fit` reports divergence).
        """
        if not (isinstance(logits, np.ndarray) and logits.ndim == 2 and logits.dtype.kind == "f"):
            logits = as_float_array(logits, "logits", ndim=2)
        y = as_labels(y, "y", n=logits.shape[0], n_classes=logits.shape[1])
        n = len(y)
        z = logits - logits.max(axis=1, keepdims=True)  # log-sum-exp trick: every exp(z) <= 1
        exp_z = np.exp(z)
        sum_exp = exp_z.sum(axis=1)
        self.f, self.y = exp_z / sum_exp[:, None], y  # f(x) = softmax(a), cached for backward
        log_f_y = z[np.arange(n), y] - np.log(sum_exp)  # log f(x)_y = z_y - log sum_c exp(z_c)
        return float(-log_f_y.sum() / n)  # the mean of -log f(x)_y over the batch

    def backward(self):
        """(f(x) - e(y)) / n, shape (n, C): the slides' -(e(y) - f(x)), averaged over the batch."""
        if not hasattr(self, "f"):
            raise RuntimeError("backward() called before forward(logits, y)")
        n = len(self.y)
        grad = self.f.copy()
        grad[np.arange(n), self.y] -= 1.0  # f(x) - e(y)
        return grad / n


class MeanSquaredError(Loss):
    """Mean over all entries of (f(x) - y)^2, as in PyTorch's ``MSELoss``.

    ``y`` is either an array of targets shaped like the predictions, or (for a
    classifier trained with squared loss) integer labels turned into one-hot e(y).
    """

    def forward(self, pred, y):
        """Mean squared error of a batch.

        Parameters
        ----------
        pred : ndarray of shape (n, k)
            The network's outputs.
        y : ndarray of shape (n, k), or (n,) integer labels
            Targets, or labels turned into one-hot rows e(y).

        Returns
        -------
        float
        """
        pred = as_float_array(pred, "pred", ndim=2, dtype=_float_dtype(pred))
        target = self._targets(pred, y)
        self.diff = pred - target  # f(x) - y, cached for backward
        return float(np.mean(self.diff**2))  # mean of (f(x) - y)^2

    @staticmethod
    def _targets(pred, y):
        y_arr = np.asarray(y)
        if y_arr.ndim == 1 and y_arr.dtype.kind in "iu" and pred.shape[1] > 1:
            return one_hot(
                as_labels(y_arr, "y", n=pred.shape[0], n_classes=pred.shape[1]),
                pred.shape[1],
                dtype=pred.dtype,
            )
        if y_arr.ndim == 1 and pred.shape[1] == 1:
            y_arr = y_arr.reshape(-1, 1)
        target = as_float_array(y_arr, "y", ndim=2, dtype=pred.dtype)
        if target.shape != pred.shape:
            raise ValueError(
                f"y: expected targets of shape {pred.shape} (like the predictions) "
                f"or integer labels of shape ({pred.shape[0]},), got {np.shape(y)}"
            )
        return target

    def backward(self):
        """2 (f(x) - y) / (number of entries), same shape as the predictions."""
        if not hasattr(self, "diff"):
            raise RuntimeError("backward() called before forward(pred, y)")
        return (2.0 / self.diff.size) * self.diff


def surrogate_losses(margin):
    """The 0-1 loss and three surrogates of the margin m = y s (y in {-1, +1}, s the score).

    Parameters
    ----------
    margin : array-like
        Margins, any shape.

    Returns
    -------
    dict of ndarray
        Each shaped like ``margin``: ``"0-1"``: 1 if m <= 0 else 0; ``"hinge"``:
        max(0, 1 - m); ``"cross-entropy"``: log2(1 + exp(-m)) (the logistic loss in bits,
        equal to 1 at m = 0); ``"squared"``: (1 - m)^2.
    """
    if isinstance(margin, (str, bytes)) or np.asarray(margin).dtype.kind not in "iuf":
        raise TypeError(f"margin: expected real numbers, got {type(margin).__name__}")
    m = np.asarray(margin, dtype=np.float64)
    if not np.all(np.isfinite(m)):
        raise ValueError(
            f"margin: expected finite values, got {int(np.sum(~np.isfinite(m)))} NaN or infinite"
        )
    return {
        "0-1": (m <= 0).astype(np.float64),
        "hinge": np.maximum(0.0, 1.0 - m),
        "cross-entropy": np.logaddexp(0.0, -m) / np.log(2.0),  # log(1 + e^-m), never overflows
        "squared": (1.0 - m) ** 2,
    }
