"""Gradient checking: compare backprop with centred finite differences.

    d l / d theta_i  ~  (l(theta + eps e_i) - l(theta - eps e_i)) / (2 eps)

The centred difference has error O(eps^2) (a one-sided one has O(eps)); with
float64 and eps around 1e-6 a correct backward pass agrees to about 1e-9.
"""

import numpy as np

from ._validate import as_labels, check_inputs, check_int, check_net, check_real, check_seed
from .losses import SoftmaxCrossEntropy
from .module import Module, Parameter


def relative_error(analytic, numeric):
    """max_i |analytic_i - numeric_i| / max(max_i |analytic_i|, max_i |numeric_i|).

    The largest entry-wise discrepancy, relative to the size of the gradient as a whole,
    so that entries whose true gradient is zero do not divide by zero.
    """
    analytic, numeric = np.asarray(analytic, dtype=np.float64), np.asarray(numeric, dtype=np.float64)
    if analytic.shape != numeric.shape:  # never compare by broadcasting
        raise ValueError(f"numeric: expected the shape of analytic {analytic.shape}, got {numeric.shape}")
    scale = max(np.max(np.abs(analytic), initial=0.0), np.max(np.abs(numeric), initial=0.0))
    if scale == 0.0:
        return 0.0
    return float(np.max(np.abs(analytic - numeric)) / scale)


def numerical_gradient(f, x, eps=1e-6, entries=None):
    """Centred finite differences of a scalar function ``f()`` with respect to the array ``x``,
    which is perturbed in place and restored.

    Returns an array shaped like ``x`` or, when ``entries`` (flat indices) is given, the
    1-D array of the derivatives for those entries only.
    """
    if not callable(f):
        raise TypeError(f"f: expected a function of no arguments returning the loss, got {f!r}")
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        # an integer array would silently round x + eps back to x: every derivative 0
        raise TypeError(
            f"x: expected a float numpy array (perturbed in place), got "
            f"{type(x).__name__}{' of dtype ' + str(x.dtype) if isinstance(x, np.ndarray) else ''}"
        )
    if not x.flags.writeable:
        raise ValueError("x: expected a writeable array (it is perturbed in place), got a read-only one")
    eps = check_real(eps, "eps", low=0.0, low_open=True)
    idx = np.arange(x.size) if entries is None else np.asarray(entries)
    if entries is not None and (
        idx.ndim != 1
        or idx.dtype == bool
        or idx.dtype.kind not in "iu"
        or (idx.size and (idx.min() < 0 or idx.max() >= x.size))
    ):
        raise ValueError(f"entries: expected a 1-D array of flat indices in [0, {x.size}), got {entries!r}")
    out = np.empty(idx.size, dtype=np.float64)
    for j, i in enumerate(idx):
        pos = np.unravel_index(i, x.shape)  # indexes x itself, whatever its memory layout
        old = x[pos]
        x[pos] = old + eps
        up = float(x[pos])  # x + eps as stored: rounded in float32, so divide by the step taken
        f_plus = f()
        x[pos] = old - eps
        down = float(x[pos])
        f_minus = f()
        x[pos] = old
        if up == down:
            raise ValueError(f"eps: {eps:g} is below the resolution of {x.dtype} at x[{i}] = {float(old):g}")
        out[j] = (f_plus - f_minus) / (up - down)  # the step actually taken: 2 eps, as stored in x's dtype
    return out.reshape(x.shape) if entries is None else out


def gradcheck(net, loss, X, y, eps=1e-6, regularizer=None, n_entries=None, seed=0):
    """Backprop against centred differences, for each parameter of ``net``.

    Parameters
    ----------
    net : Module
    loss : SoftmaxCrossEntropy or MeanSquaredError
    X : ndarray of shape (n, d)
    y : labels or targets
    eps : float > 0
    regularizer : L2 or L1, optional (its penalty and gradient are included)
    n_entries : int, optional
        Check only this many randomly chosen entries of each parameter (all by default).

    Returns
    -------
    dict
        ``{parameter name: relative error}`` (see `relative_error`).
    """
    params = check_net(net)
    eps = check_real(eps, "eps", low=0.0, low_open=True)
    X = check_inputs(net, X)
    if isinstance(loss, SoftmaxCrossEntropy):
        y = as_labels(y, "y", n=X.shape[0])
    if n_entries is not None:
        n_entries = check_int(n_entries, "n_entries", low=1)
    rng = check_seed(seed)

    def total_loss():
        value = loss.forward(net.forward(X), y)
        if regularizer is not None:
            value += regularizer.penalty(params)
        return value

    total_loss()
    net.backward(loss.backward())
    if regularizer is not None:
        regularizer.add_grad(params)
    analytic = [p.grad.astype(np.float64, copy=True) for p in params]

    errors = {}
    for p, g in zip(params, analytic):
        flat = p.value.reshape(-1)
        if n_entries is None or n_entries >= flat.size:
            idx = np.arange(flat.size)
        else:
            idx = rng.choice(flat.size, size=n_entries, replace=False)
        numeric = numerical_gradient(total_loss, p.value, eps, entries=idx)
        errors[p.name or f"param{len(errors)}"] = relative_error(g.reshape(-1)[idx], numeric)
    return errors


def numerical_hessian(params, closure, eps=1e-5):
    """The Hessian of the loss in theta, by centred differences of backprop gradients.

    Column i is (grad(theta + eps e_i) - grad(theta - eps e_i)) / (2 eps), then the
    matrix is symmetrised. Costs 2P gradient evaluations: for small networks only.
    `mlpkit.landscape.hessian` wraps it for a network, a loss and data.

    Parameters
    ----------
    params : list of Parameter
        theta; perturbed in place and restored.
    closure : callable
        ``closure() -> loss`` recomputes the loss and fills every ``p.grad`` at the
        current values.
    eps : float > 0
        The finite-difference step.

    Returns
    -------
    ndarray of shape (P, P)
        Symmetric, in float64, in `mlpkit.flat_params` order.
    """
    if isinstance(params, Module):
        params = params.parameters()
    params = list(params)
    if not params or not all(isinstance(p, Parameter) for p in params):
        raise TypeError("params: expected a non-empty list of Parameter (from net.parameters())")
    if not callable(closure):
        raise TypeError(
            f"closure: expected a function that recomputes the loss and gradients, got {closure!r}"
        )
    eps = check_real(eps, "eps", low=0.0, low_open=True)

    def gradient():
        return np.concatenate([q.grad.ravel() for q in params]).astype(np.float64)

    columns = []
    for p in params:
        flat = p.value.reshape(-1)
        for i in range(flat.size):
            old = flat[i]
            flat[i] = old + eps
            closure()
            g_plus = gradient()
            flat[i] = old - eps
            closure()
            g_minus = gradient()
            flat[i] = old
            columns.append((g_plus - g_minus) / (2.0 * eps))
    closure()  # leave the gradients as they are at theta
    H = np.stack(columns, axis=1)
    return (H + H.T) / 2.0
