"""Self-checks for chapter 10's exercises (memorisation and double descent).

Each checker takes the student's function, calls it on inputs drawn from `draw_rng` and
compares with the reference computed here, never shown.
"""

import numpy as np

from ..data import digits
from ..features import RandomFeatures, min_norm_least_squares
from ._check import Feedback, call, compare, draw_rng, exercise


@exercise("ex-ch10-ridge")
def ex_ch10_ridge(ridge_fit):
    """Your ``ridge_fit(Phi, Y, lam)``: the ridge estimate (Phi^T Phi + lam I)^-1 Phi^T Y.

    ``Phi`` has shape (T, N) (wider or taller than square), ``Y`` shape (T, k).
    """
    rng = draw_rng()
    for T, N in [(12, 7), (9, 30)]:  # a tall and a wide matrix
        Phi = rng.normal(size=(T, N))
        Y = rng.normal(size=(T, 3))
        lam = float(10 ** rng.uniform(-2, 1))
        got = call(ridge_fit, Phi.copy(), Y.copy(), lam, name="ridge_fit(Phi, Y, lam)")
        expected = np.linalg.solve(Phi.T @ Phi + lam * np.eye(N), Phi.T @ Y)
        got_arr = np.asarray(got, dtype=float) if got is not None else None
        if got_arr is not None and got_arr.shape == expected.shape:
            if np.allclose(got_arr, np.linalg.pinv(Phi) @ Y, rtol=1e-6, atol=1e-8):
                raise Feedback("ridge_fit returns the minimum-norm fit: lambda is missing")
            for wrong, why in [(lam / 2, "lambda / 2"), (2 * lam, "2 lambda"), (lam**2, "lambda^2")]:
                if np.allclose(
                    got_arr, np.linalg.solve(Phi.T @ Phi + wrong * np.eye(N), Phi.T @ Y), rtol=1e-6
                ):
                    raise Feedback(f"ridge_fit adds {why} to the diagonal, not lambda")
        compare(
            got, expected, name=f"ridge_fit(Phi, Y, lam) with Phi of shape ({T}, {N})", rtol=1e-6, atol=1e-9
        )
    return "matches on a tall and a wide random Phi"


_TASK = {}


def _task():
    """Chapter 10's data: 1000 standardised training digits, the other 797 for testing."""
    if not _TASK:
        X, y = digits()
        order = np.random.default_rng(0).permutation(len(y))
        X_train, y_train, X_test, y_test = X[order[:1000]], y[order[:1000]], X[order[1000:]], y[order[1000:]]
        mean, std = X_train.mean(axis=0), X_train.std(axis=0)
        std[std == 0] = 1.0
        _TASK.update(
            X_train=(X_train - mean) / std, y_train=y_train, X_test=(X_test - mean) / std, y_test=y_test
        )
    return _TASK


def _risk(N, T, seed):
    d = _task()
    rf = RandomFeatures(64, N, activation="cos", seed=seed)
    beta = min_norm_least_squares(rf.transform(d["X_train"][:T]), np.eye(10)[d["y_train"][:T]])
    return np.mean(np.sum((rf.transform(d["X_test"]) @ beta - np.eye(10)[d["y_test"]]) ** 2, axis=1))


@exercise("ex-ch10-move-threshold")
def ex_ch10_move_threshold(test_risk):
    """Your ``test_risk(N, T, seed)``: the test risk of section 10.2's minimum-norm fit.

    N random cos features drawn from ``seed``, fitted to the first ``T`` of the 1000
    training digits, and the mean over the 797 test digits of ||f(x) - e(y)||^2.
    """
    rng = draw_rng()
    T = int(rng.integers(100, 301))
    seed = int(rng.integers(0, 1000))
    Ns = [T // 2, T, 2 * T]
    got = [call(test_risk, N, T, seed, name=f"test_risk(N, {T}, seed)") for N in Ns]
    expected = [_risk(N, T, seed) for N in Ns]
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Feedback("test_risk should return one number") from None
    if got.shape == (3,) and np.allclose(got, np.array(expected) / 10, rtol=1e-6):
        raise Feedback("test_risk averages over the 10 classes too: sum the squared error over classes")
    compare(got, expected, name=f"test_risk(N, {T}, seed) at N = T/2, T, 2T", rtol=1e-5)
    return "matches at N = T/2, T and 2T for a random T and feature draw"


__all__ = ["ex_ch10_ridge", "ex_ch10_move_threshold"]
