"""Self-checks for chapter 7's exercises (optimisation).

Each checker takes the student's function, calls it on problems drawn from `draw_rng` and
compares with the reference computed here, never shown.
"""

import numpy as np

from ._check import Feedback, call, compare, draw_rng, exercise


@exercise("ex-ch7-stability")
def ex_ch7_stability(best_rate):
    """Your ``best_rate(curvatures)``: the fixed learning rate that minimises the slowest
    contraction factor max_i |1 - alpha lambda_i| of gradient descent on a quadratic whose
    Hessian has the positive eigenvalues ``curvatures``."""
    rng = draw_rng()
    for _trial in range(5):
        lam = rng.uniform(0.1, 20.0, size=rng.integers(2, 6))
        got = call(best_rate, lam.copy(), name="best_rate(curvatures)")
        try:
            got = float(got)
        except (TypeError, ValueError):
            raise Feedback(f"best_rate should return one number, got {type(got).__name__}") from None
        lo, hi = lam.min(), lam.max()
        if np.isclose(got, 2 / hi, rtol=1e-6):
            raise Feedback(
                "best_rate returned 2 / lambda_max, the stability limit: there the steepest "
                "direction's factor is |1 - 2| = 1, it does not contract at all"
            )
        if np.isclose(got, 1 / hi, rtol=1e-6):
            raise Feedback(
                "best_rate returned 1 / lambda_max: it removes the steepest direction in one step "
                "but leaves the flattest one contracting by 1 - lambda_min / lambda_max; balance the two"
            )
        if np.isclose(got, 2 / (lam.sum()), rtol=1e-6) and lam.size > 2:
            raise Feedback("only the smallest and the largest eigenvalue matter, not their sum")
        compare(got, 2 / (lo + hi), name=f"best_rate({np.round(lam, 2).tolist()})", rtol=1e-6)
    return "right on 5 random sets of eigenvalues"


@exercise("ex-ch7-newton-quadratic")
def ex_ch7_newton_quadratic(newton_update):
    """Your ``newton_update(theta, grad, hess)``: the parameters after one undamped Newton
    step, theta - hess^{-1} grad."""
    rng = draw_rng()
    for _trial in range(5):
        p = int(rng.integers(2, 7))
        A = rng.normal(size=(p, p))
        H = A @ A.T + p * np.eye(p)  # symmetric positive definite
        star, theta = rng.normal(size=p), rng.normal(size=p) * 3
        g = H @ (theta - star)  # the quadratic of eq-ch7-quadratic
        got = call(newton_update, theta.copy(), g.copy(), H.copy(), name="newton_update(theta, grad, hess)")
        got = np.asarray(got, dtype=float) if got is not None else got
        if got is not None and got.shape == theta.shape:
            if np.allclose(got, theta - H @ g, rtol=1e-6):
                raise Feedback(
                    "newton_update multiplies the gradient by the Hessian: it must solve with it (H^-1 g)"
                )
            if np.allclose(got, theta + np.linalg.solve(H, g), rtol=1e-6):
                raise Feedback("newton_update steps uphill: the Newton step is minus H^-1 grad")
            if np.allclose(got, -np.linalg.solve(H, g), rtol=1e-6):
                raise Feedback("newton_update returned the step, not the new parameters theta + step")
        compare(got, star, name="newton_update(theta, grad, hess)", rtol=1e-6, atol=1e-8)
    return "one step lands on theta* for 5 random quadratics"


@exercise("ex-ch7-batch-noise")
def ex_ch7_batch_noise(batch_for_noise):
    """Your ``batch_for_noise(trace_sigma, g_norm2, n, fraction)``: the batch size B (a real
    number, not rounded) at which tr(Sigma) / B (n - B) / (n - 1) equals ``fraction`` times
    ``g_norm2`` = ||g||^2, for batches drawn without replacement from n examples."""
    rng = draw_rng()
    for _trial in range(5):
        n = int(rng.integers(100, 100_000))
        g2 = rng.uniform(0.01, 10.0)
        fraction = 10 ** rng.uniform(-3, -1)
        r = rng.uniform(2.0, 0.5 * n)  # tr Sigma / (fraction ||g||^2), so that 1 < B < n
        trace = r * fraction * g2
        got = call(
            batch_for_noise, trace, g2, n, fraction, name="batch_for_noise(trace_sigma, g_norm2, n, fraction)"
        )
        try:
            got = float(got)
        except (TypeError, ValueError):
            raise Feedback(f"batch_for_noise should return one number, got {type(got).__name__}") from None
        expected = n * r / (n - 1 + r)
        if np.isclose(got, r, rtol=1e-6):
            raise Feedback(
                "batch_for_noise ignores the finite-population factor (n - B) / (n - 1): "
                "batches drawn without replacement are less noisy than tr(Sigma) / B"
            )
        if np.isclose(got, np.ceil(expected)) and not np.isclose(got, expected, rtol=1e-9):
            raise Feedback("return the real number B, not rounded up")
        compare(got, expected, name="batch_for_noise(...)", rtol=1e-6)
    return "right for 5 random (tr Sigma, ||g||^2, n, fraction)"


__all__ = ["ex_ch7_stability", "ex_ch7_newton_quadratic", "ex_ch7_batch_noise"]
