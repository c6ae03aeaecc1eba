"""Self-checks for chapter 16's exercises (the L2-regularised loss surface).

Each checker takes the student's function, calls it on inputs drawn from `draw_rng` and
compares with the reference computed here, never shown.
"""

import numpy as np

from ..experiments import ch16_l2_loss_surface as l2
from ._check import Feedback, call, compare, draw_rng, exercise


def _net(rng, d=3, width=None):
    width = width or int(rng.integers(5, 15))
    return rng.normal(size=(width, d)) * rng.uniform(0.3, 3.0), rng.normal(size=width) * rng.uniform(0.3, 3.0)


@exercise("ex-ch16-balance")
def ex_ch16_balance(rebalance):
    """Your ``rebalance(W, a)``: weights ``(W2, a2)`` with the same function and every neuron
    balanced, ``||w2_j|| = |a2_j|``."""
    rng = draw_rng()
    W, a = _net(rng)
    X = np.hstack([rng.normal(size=(30, 2)), np.ones((30, 1))])
    out = call(rebalance, W, a, name="rebalance(W, a)")
    try:
        W2, a2 = out
        W2, a2 = np.asarray(W2, dtype=float), np.asarray(a2, dtype=float)
    except (TypeError, ValueError):
        raise Feedback("rebalance should return a pair (W2, a2)") from None
    if W2.shape != W.shape or a2.shape != a.shape:
        raise Feedback(
            f"rebalance returned shapes {W2.shape} and {a2.shape}, expected {W.shape} and {a.shape}"
        )
    nw, na = np.linalg.norm(W2, axis=1), np.abs(a2)
    if not np.allclose(nw, na) and np.allclose(nw, np.abs(a)) and np.allclose(na, np.linalg.norm(W, axis=1)):
        raise Feedback(
            "the norms of w_j and a_j are swapped, not equalised: scale by the square root of |a_j| / ||w_j||"
        )
    if np.any(np.sign(a2) != np.sign(a)):
        raise Feedback("a rescaling by c > 0 keeps the sign of each a_j; some of yours changed sign")
    compare(l2.forward(W2, a2, X), l2.forward(W, a, X), name="the function of your rebalanced network")
    if not np.allclose(nw, na, rtol=1e-6):
        raise Feedback("the function is right but the neurons are not balanced: ||w2_j|| should equal |a2_j|")
    W_dead, a_dead = W.copy(), a.copy()
    W_dead[0], a_dead[1] = 0.0, 0.0
    out = call(rebalance, W_dead, a_dead, name="rebalance(W, a) with a zero neuron")
    try:
        W3, a3 = (np.asarray(v, dtype=float) for v in out)
    except (TypeError, ValueError):
        raise Feedback("rebalance should return a pair (W2, a2)") from None
    if not (np.all(np.isfinite(W3)) and np.all(np.isfinite(a3))):
        raise Feedback(
            "a neuron with w_j = 0 or a_j = 0 gave NaN or infinity: it computes nothing, set it to 0"
        )
    compare(l2.forward(W3, a3, X), l2.forward(W_dead, a_dead, X), name="the function with a zero neuron")
    return "same function, every neuron balanced, on a random network, also with dead neurons"


@exercise("ex-ch16-profile")
def ex_ch16_profile(profile_cost):
    """Your ``profile_cost(Z, X, y, lam)``: the cost C(Z) of the chapter's eq. (eq-ch16-profile)."""
    rng = draw_rng()
    for _trial in range(3):
        N, H = int(rng.integers(6, 20)), int(rng.integers(4, 30))
        X = np.hstack([rng.normal(size=(N, 2)), np.ones((N, 1))])
        y = rng.normal(size=N)
        Z = rng.normal(size=(H, 3)) @ X.T
        lam = float(10 ** rng.uniform(-3, -0.5))
        got = call(profile_cost, Z, X, y, lam, name="profile_cost(Z, X, y, lam)")
        expected = l2.profile_cost(Z, X, y, lam)
        try:
            got = float(got)
        except (TypeError, ValueError):
            raise Feedback(f"profile_cost should return one number, got {got!r:.60}") from None
        S = np.maximum(Z, 0)
        first = np.trace(Z @ np.linalg.pinv(X @ X.T) @ Z.T)

        def ridge(mu, S=S, y=y, N=N):
            return y @ np.linalg.solve(S.T @ S + mu * np.eye(N), y)

        if np.isclose(got, lam / 2 * (first + ridge(lam))):
            raise Feedback("the ridge term's inverse should have N lam / 2 on its diagonal, not lam")
        if np.isclose(got, lam / 2 * (first + ridge(N * lam))):
            raise Feedback("the ridge term's inverse should have N lam / 2 on its diagonal, not N lam")
        if np.isclose(got, lam / 2 * ridge(N * lam / 2)):
            raise Feedback("the first layer's cost, tr(Z (X X^T)^+ Z^T), is missing")
        if np.isclose(got, lam / 2 * first):
            raise Feedback("the ridge term, y^T (K + N lam / 2 I)^{-1} y, is missing")
        compare(got, expected, name=f"profile_cost on {N} points, width {H}")
    return "C(Z) right on 3 random problems"


@exercise("ex-ch16-prox")
def ex_ch16_prox(prox_group):
    """Your ``prox_group(B, t)``: each row of ``B`` shrunk by ``t`` in norm, or set to zero."""
    rng = draw_rng()
    H, d = int(rng.integers(6, 20)), int(rng.integers(2, 6))
    B = rng.normal(size=(H, d)) * rng.uniform(0.1, 2.0, size=(H, 1))
    t = float(np.median(np.linalg.norm(B, axis=1)))
    got = call(prox_group, B, t, name="prox_group(B, t)")
    expected = l2.prox_group(B, t)
    g = np.asarray(got, dtype=float) if got is not None else None
    if g is not None and g.shape == B.shape:
        if np.allclose(g, np.sign(B) * np.maximum(np.abs(B) - t, 0)):
            raise Feedback(
                "that soft-thresholds each entry (the lasso's step); shrink each row, a neuron, by t in norm"
            )
        if np.allclose(g, B * (1 - t / np.linalg.norm(B, axis=1, keepdims=True))):
            raise Feedback(
                "rows shorter than t must become zero, not flip direction: take max(0, 1 - t / ||b_j||)"
            )
        if np.allclose(g, B * np.maximum(0, 1 - t / np.linalg.norm(B, axis=0, keepdims=True))):
            raise Feedback("the norms are of the columns: each neuron is a row of B")
    compare(got, expected, name="prox_group(B, t)")
    return "right on a random B, about half of its rows below the threshold"


__all__ = ["ex_ch16_balance", "ex_ch16_profile", "ex_ch16_prox"]
