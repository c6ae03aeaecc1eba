"""Self-checks for chapter 14's exercises (networks as kernels).

Each checker takes the student's function, calls it on inputs drawn from `draw_rng` and
compares with the reference computed here, never shown.
"""

import numpy as np

from ..kernels import jacobian
from ..layers import MLP
from ._check import Feedback, call, compare, draw_rng, exercise


@exercise("ex-ch14-standard")
def ex_ch14_standard(ntk_stats):
    """Your ``ntk_stats(net, X)``: the largest eigenvalue of the empirical NTK ``J J^T`` of the
    network ``net`` (an ``mk.MLP([1, H, 1])``) on the points ``X`` (n, 1), and the first layer's
    share (its weights and biases) of the kernel's trace, as a pair."""
    rng = draw_rng()
    for init in ("he_normal", "glorot_uniform"):
        H, n = int(rng.integers(8, 64)), int(rng.integers(5, 25))
        net = MLP([1, H, 1], init=init, seed=int(rng.integers(0, 2**31)))
        X = rng.uniform(-2, 2, (n, 1))
        out = call(ntk_stats, net, X, name=f"ntk_stats(net, X) for H = {H}, init {init!r}")
        try:
            lam_max, share = (float(v) for v in out)
        except (TypeError, ValueError):
            raise Feedback(
                "ntk_stats should return a pair of numbers (lambda_max, first layer's share)"
            ) from None
        J = jacobian(net, X)
        K = J @ J.T
        expected_share = (J[:, : 2 * H] ** 2).sum() / (J**2).sum()
        if np.isclose(lam_max, np.linalg.eigvalsh(K).max() / n):
            raise Feedback("lambda_max is divided by n: the NTK on the points is J J^T, without 1/n")
        if np.isclose(share, 1 - expected_share):
            raise Feedback("that is the output layer's share of the trace; the first layer's is asked for")
        if np.isclose(share, (J[:, :H] ** 2).sum() / (J**2).sum()):
            raise Feedback(
                "the first layer's share includes its biases b1 (columns H to 2H of J), not only W1"
            )
        compare(lam_max, np.linalg.eigvalsh(K).max(), name="lambda_max", rtol=1e-5)
        compare(share, expected_share, name="the first layer's share of the trace", rtol=1e-5)
    return "lambda_max and the first layer's share right for a He and a Glorot network"


@exercise("ex-ch14-ridge")
def ex_ch14_ridge(ridge_scale):
    """Your ``ridge_scale(n, lr, steps)``: the ridge that matches ``steps`` steps of kernel
    gradient descent at rate ``lr`` on the mean squared error over ``n`` points, n / (2 lr t)."""
    rng = draw_rng()
    for _trial in range(4):
        n, lr, steps = int(rng.integers(5, 500)), float(rng.uniform(0.01, 1.0)), int(rng.integers(10, 5000))
        got = call(ridge_scale, n, lr, steps, name=f"ridge_scale({n}, {lr:.3g}, {steps})")
        expected = n / (2 * lr * steps)
        try:
            got = float(got)
        except (TypeError, ValueError):
            raise Feedback(f"ridge_scale should return one number, got {got!r:.60}") from None
        if np.isclose(got, 1 / expected):
            raise Feedback(
                "that is the inverse: the ridge is large when training is short (few steps, small rate)"
            )
        if np.isclose(got, 1 / (2 * lr * steps)):
            raise Feedback("the loss is a mean over the n points: the ridge scale carries a factor n")
        compare(got, expected, name=f"ridge_scale({n}, {lr:.3g}, {steps})")
    return "right for 4 random (n, rate, steps)"


__all__ = ["ex_ch14_standard", "ex_ch14_ridge"]
