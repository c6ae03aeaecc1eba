"""Helpers shared by mlpkit's tests (import them with ``from _helpers import ...``).

The finite-difference gradient and the relative error here are written independently
of `mlpkit.gradcheck`, so that the tests of backward passes do not check mlpkit
against itself. `tests/conftest.py` puts this folder on ``sys.path``, so the test files
under ``tests/`` and ``tests/integration/`` import this module the same way.
"""

import numpy as np
import pytest

from mlpkit import L2, Linear, Parameter, SoftmaxCrossEntropy


def fd_grad(f, x, eps=1e-6):
    """Centred differences (f(x + eps e_i) - f(x - eps e_i)) / (2 eps) for every entry of
    the float64 array ``x`` (perturbed in place, then restored)."""
    g = np.zeros(x.shape, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + eps
        fp = f()
        x[i] = old - eps
        fm = f()
        x[i] = old
        g[i] = (fp - fm) / (2.0 * eps)
    return g


def rel_err(a, b):
    """max |a - b| / max(max |a|, max |b|): 0 when both are zero."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    scale = max(np.max(np.abs(a)), np.max(np.abs(b)))
    return 0.0 if scale == 0 else float(np.max(np.abs(a - b)) / scale)


# Centred differences with eps = 1e-6 on a loss of size ~1 carry a rounding error of about
# 1e-16 / 1e-6 = 1e-10 per entry (a few times that at worst), whatever the gradient. A
# relative error <= 1e-7 is only measurable for gradients well above that, so below 1e-2 we
# measure relative to 1e-2: an absolute tolerance of 1e-9, still far below the error of any
# real bug, which is of the order of the gradient itself.
FD_FLOOR = 1e-2


def grad_err(analytic, numeric, floor=FD_FLOOR):
    """max |analytic - numeric| / max(max |analytic|, max |numeric|, floor)."""
    a = np.asarray(analytic, dtype=np.float64)
    b = np.asarray(numeric, dtype=np.float64)
    scale = max(np.max(np.abs(a)), np.max(np.abs(b)), floor)
    return float(np.max(np.abs(a - b)) / scale)


def check_raises(exc, match_words, fn, *args, **kwargs):
    """Call ``fn`` and assert it raises ``exc`` with every word of ``match_words`` in the message."""
    with pytest.raises(exc) as info:
        fn(*args, **kwargs)
    msg = str(info.value)
    for word in match_words:
        assert word in msg, f"{word!r} not in message {msg!r}"
    return msg


def quad_setup(eigs, seed=0):
    """f(theta) = 1/2 theta^T A theta with A = Q diag(eigs) Q^T; returns (p, A, grad_fn)."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((len(eigs), len(eigs))))
    A = Q @ np.diag(eigs) @ Q.T
    p = Parameter(rng.standard_normal(len(eigs)))

    def fill_grad():
        p.grad[...] = A @ p.value
        return 0.5 * float(p.value @ A @ p.value)

    return p, A, fill_grad


def softmax_problem(seed=0, n=60, d=4, C=3, lam=0.05):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = rng.integers(0, C, n)
    lin = Linear(d, C, init="zeros")
    loss, reg = SoftmaxCrossEntropy(), L2(lam)

    def closure():
        value = loss.forward(lin.forward(X), y) + reg.penalty([lin.weight])
        lin.backward(loss.backward())
        reg.add_grad([lin.weight])
        return value

    return lin, X, y, closure
