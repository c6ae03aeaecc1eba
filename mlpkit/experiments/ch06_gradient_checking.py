"""Chapter 6's experiment shared with its widget: backprop against centred differences.

`finite_difference_check` computes the centred difference of every parameter entry of
chapter 6's network (``MLP([2, 8, 2])``, tanh, mean cross-entropy on ``moons(64, seed=0)``)
for one step epsilon and float type, and compares it with backprop's gradient; `v_curve`
gives the largest relative error over a grid of epsilons (the V of round-off against
truncation).
"""

import numpy as np

from .._validate import check_dtype, check_real
from ..data import moons
from ..gradcheck import numerical_gradient, relative_error
from ..layers import MLP
from ..losses import SoftmaxCrossEntropy
from ._common import read_only_cache

WIDTH = 8
N_POINTS = 64
V_CURVE_EPS = np.logspace(-15.0, 0.0, 31)
V_CURVE_EPS.setflags(write=False)


def _check_float_type(dtype):
    if isinstance(dtype, str) and dtype in ("float32", "float64"):
        return np.dtype(dtype)
    return check_dtype(dtype, "dtype")


@read_only_cache(maxsize=256)
def _finite_differences(eps, dtype_name):
    dtype = np.dtype(dtype_name)
    X, y = moons(N_POINTS, seed=0)
    Xd = X.astype(dtype)
    net = MLP([2, WIDTH, 2], activation="tanh", seed=0, dtype=dtype)
    loss = SoftmaxCrossEntropy()
    loss.forward(net.forward(Xd), y)
    net.backward(loss.backward())
    names = [p.name for p in net.parameters()]
    analytic = [p.grad.astype(np.float64).ravel() for p in net.parameters()]

    def f():
        return loss.forward(net.forward(Xd), y)

    numeric = []
    for p in net.parameters():
        column = np.empty(p.value.size)
        for i in range(p.value.size):
            try:
                column[i] = numerical_gradient(f, p.value, eps=eps, entries=np.array([i]))[0]
            except ValueError:  # x + eps == x - eps in this float type: the perturbation is lost
                column[i] = 0.0
        numeric.append(column)
    return tuple(names), tuple(analytic), tuple(numeric)


def finite_difference_check(eps=1e-6, dtype="float64"):
    """Backprop against centred differences with step ``eps`` for chapter 6's network.

    The network is ``MLP([2, 8, 2], activation="tanh", seed=0, dtype=dtype)`` with the mean
    cross-entropy on ``moons(64, seed=0)``. Where ``x + eps`` and ``x - eps`` round to the
    same number in ``dtype``, the difference is 0 (the perturbation is lost).

    Parameters
    ----------
    eps : float
        The step, in (0, 1].
    dtype : str or numpy type
        ``"float64"`` or ``"float32"`` (or the numpy types).

    Returns
    -------
    check : dict
        ``"analytic"`` and ``"numeric"``: ``{parameter name: ndarray of shape (size,)}``, in
        float64 (copies); ``"errors"``: ``{parameter name: relative error}`` as
        `mlpkit.relative_error` computes it.
    """
    eps = check_real(eps, "eps", low=0.0, high=1.0, low_open=True)
    dtype = _check_float_type(dtype)
    names, analytic, numeric = _finite_differences(eps, dtype.name)
    return {
        "analytic": {n: a.copy() for n, a in zip(names, analytic)},
        "numeric": {n: g.copy() for n, g in zip(names, numeric)},
        "errors": {n: relative_error(a, g) for n, a, g in zip(names, analytic, numeric)},
    }


@read_only_cache(maxsize=2)
def _v_curve(dtype_name):
    return np.array([max(finite_difference_check(e, dtype_name)["errors"].values()) for e in V_CURVE_EPS])


def v_curve(dtype="float64"):
    """The largest relative error of `finite_difference_check` at each step of ``V_CURVE_EPS``.

    Parameters
    ----------
    dtype : str or numpy type
        ``"float64"`` or ``"float32"``.

    Returns
    -------
    eps : ndarray of shape (31,)
        The steps, 1e-15 to 1 (read-only).
    errors : ndarray of shape (31,)
        The largest relative error over the parameters at each step (read-only).
    """
    return V_CURVE_EPS, _v_curve(_check_float_type(dtype).name)
