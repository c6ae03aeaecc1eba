"""Self-checks for chapter 8's exercises (non-convexity).

Each checker takes the student's function, calls it on problems drawn from `draw_rng` and
compares with the reference computed here, never shown.
"""

import math

import numpy as np

from ._check import Feedback, call, compare, draw_rng, exercise


@exercise("ex-ch8-permutations")
def ex_ch8_permutations(n_equivalent):
    """Your ``n_equivalent(H, odd)``: how many parameter vectors of a network with one hidden
    layer of ``H`` units compute the same function through the hidden units' symmetries:
    permutations, and for an odd activation (``odd=True``) also sign flips of a unit."""
    rng = draw_rng()
    for H in sorted(set(rng.integers(2, 60, size=4).tolist())):
        for odd in (False, True):
            got = call(n_equivalent, H, odd, name=f"n_equivalent({H}, {odd})")
            try:
                got = int(got)
            except (TypeError, ValueError, OverflowError):
                raise Feedback(f"n_equivalent should return an integer, got {got!r:.60}") from None
            expected = math.factorial(H) * (2**H if odd else 1)
            if got == expected:
                continue
            if odd and got == math.factorial(H):
                raise Feedback(
                    "for an odd activation, each unit's sign can be flipped too: a factor per unit"
                )
            if odd and got == math.factorial(H) * 2 * H:
                raise Feedback(
                    "the sign flips are independent per unit: 2 choices for each of H units is 2^H, not 2H"
                )
            if got == H**H or got == math.factorial(H - 1) * (2**H if odd else 1):
                raise Feedback(f"n_equivalent({H}, {odd}): count the orderings of H distinct units, H!")
            raise Feedback(f"n_equivalent({H}, {odd}) is not the right count")
    return "the right count for 4 random widths, with and without sign flips"


@exercise("ex-ch8-dinh")
def ex_ch8_dinh(rescaled):
    """Your ``rescaled(W1, b1, W2, b2, c)``: the parameters of the same ReLU network after
    Dinh et al.'s reparametrisation by c > 0, as a tuple ``(W1, b1, W2, b2)``."""
    rng = draw_rng()
    d, h, k = 5, 7, 3
    W1, b1, W2, b2 = rng.normal(size=(h, d)), rng.normal(size=h), rng.normal(size=(k, h)), rng.normal(size=k)
    c = float(rng.uniform(2, 20))
    got = call(rescaled, W1, b1, W2, b2, c, name="rescaled(W1, b1, W2, b2, c)")
    try:
        V1, c1, V2, c2 = (np.asarray(v, dtype=float) for v in got)
    except (TypeError, ValueError):
        raise Feedback("rescaled should return the four arrays (W1, b1, W2, b2)") from None
    X = rng.normal(size=(20, d))
    f = np.maximum(X @ W1.T + b1, 0) @ W2.T + b2
    g = np.maximum(X @ V1.T + c1, 0) @ V2.T + c2
    if np.allclose(V1, c * W1) and np.allclose(V2, W2 / c) and np.allclose(c1, b1):
        raise Feedback("scale b1 with W1: relu(c W1 x + b1) is not c relu(W1 x + b1)")
    if np.allclose(V1, c * W1) and np.allclose(c1, c * b1) and np.allclose(V2, c * W2):
        raise Feedback("divide W2 by c, so that it undoes the factor c of the hidden layer")
    if np.allclose(V1, W1) and np.allclose(V2, W2):
        raise Feedback("the weights are unchanged: multiply W1 and b1 by c and divide W2 by c")
    compare(g, f, name="the rescaled network's output", rtol=1e-8, atol=1e-10)
    compare(V1, c * W1, name="the rescaled W1", rtol=1e-10)
    return "the same function, with the first layer scaled by c"


@exercise("ex-ch8-index-random")
def ex_ch8_index_random(newton_step):
    """Your ``newton_step(H, g, tol)``: -H^+ g, the Newton step restricted to the
    eigendirections of the symmetric H whose |lambda| > tol * max |lambda|."""
    rng = draw_rng()
    for _trial in range(4):
        p = int(rng.integers(4, 9))
        V, _ = np.linalg.qr(rng.normal(size=(p, p)))
        lam = rng.uniform(0.5, 5.0, p) * rng.choice([-1.0, 1.0], p)
        lam[: int(rng.integers(1, p // 2 + 1))] = 0.0  # exact zeros: a singular Hessian
        lam += 1e-13 * rng.normal(size=p) * (lam == 0)  # as a finite-difference Hessian gives them
        H = (V * lam) @ V.T
        H = (H + H.T) / 2
        g = rng.normal(size=p)
        keep = np.abs(lam) > 1e-6 * np.abs(lam).max()
        expected = -V[:, keep] @ ((V[:, keep].T @ g) / lam[keep])
        got = call(newton_step, H.copy(), g.copy(), 1e-6, name="newton_step(H, g, tol)")
        got_arr = np.asarray(got, dtype=float) if got is not None else None
        if got_arr is not None and got_arr.shape == expected.shape:
            if not np.all(np.isfinite(got_arr)) or np.linalg.norm(got_arr) > 1e6 * np.linalg.norm(expected):
                raise Feedback(
                    "newton_step divides by eigenvalues that are zero (up to rounding): leave out the "
                    "directions with |lambda| <= tol * max |lambda|"
                )
            sfn = -V[:, keep] @ ((V[:, keep].T @ g) / np.abs(lam[keep]))
            if np.allclose(got_arr, sfn, rtol=1e-6, atol=1e-9) and np.any(lam[keep] < 0):
                raise Feedback(
                    "newton_step divides by |lambda|: that is saddle-free Newton, not Newton's step"
                )
        compare(
            got_arr if got_arr is not None else got,
            expected,
            name="newton_step(H, g, tol)",
            rtol=1e-6,
            atol=1e-9,
        )
    return "right on 4 random singular, indefinite Hessians"


@exercise("ex-ch8-prune-rate")
def ex_ch8_prune_rate(half_rate_masks):
    """Your ``half_rate_masks(model, p, masks)``: prune p of the remaining weights of every
    weight matrix by magnitude, but only p / 2 of the output layer's."""
    from ..layers import MLP
    from ..prune import full_masks, magnitude_masks

    rng = draw_rng()
    model = MLP([6, 9, 8, 4], activation="relu", seed=int(rng.integers(2**31)))
    masks = full_masks(model)
    p = float(rng.uniform(0.2, 0.6))
    for _round in range(2):
        got = call(half_rate_masks, model, p, masks, name="half_rate_masks(model, p, masks)")
        expected = magnitude_masks(model, p, masks)
        expected[-2] = magnitude_masks(model, p / 2, masks)[-2]
        if not isinstance(got, (list, tuple)) or len(got) != len(expected):
            raise Feedback(
                f"half_rate_masks should return a list of {len(expected)} masks, one per parameter"
            )
        for i, (g, e) in enumerate(zip(got, expected)):
            g = np.asarray(g)
            if g.shape != e.shape:
                raise Feedback(f"mask {i} has shape {g.shape}, expected {e.shape}")
            if not np.array_equal(g.astype(bool), e):
                if i == len(expected) - 2:
                    raise Feedback(
                        "the output layer's mask (the last weight matrix) should prune p / 2 of its weights"
                    )
                raise Feedback(
                    f"mask {i} differs: the other layers prune p of their remaining weights, by magnitude"
                )
        masks = expected
    return "the right masks for two rounds on a random 6-9-8-4 network"


__all__ = ["ex_ch8_permutations", "ex_ch8_dinh", "ex_ch8_index_random", "ex_ch8_prune_rate"]
