"""Self-checks for chapter 4's exercises (activation functions, universal approximation).

Each checker takes the student's function and tries it on fresh random inputs from
`draw_rng`; none prints or returns the reference answer.
"""

import numpy as np

from ._check import Feedback, call, compare, draw_rng, exercise


def _sigm(a):
    return 0.5 * (1.0 + np.tanh(a / 2.0))


@exercise("ex-ch4-tanh-sigm")
def ex_ch4_tanh_sigm(tanh_prime):
    """Your ``tanh_prime(a)``: tanh'(a) written with the sigmoid only, elementwise."""
    rng = draw_rng()
    a = rng.normal(size=(6, 4)) * 2.5
    got = call(tanh_prime, a, name="tanh_prime(a)")
    s = _sigm(2 * a)
    if np.shape(got) == a.shape and np.allclose(got, 2 * s - 1, rtol=1e-6, atol=1e-9):
        raise Feedback("tanh_prime(a) returns tanh(a) = 2 sigm(2a) - 1 itself, not its derivative")
    if np.shape(got) == a.shape and np.allclose(got, s * (1 - s), rtol=1e-6, atol=1e-9):
        raise Feedback(
            "tanh_prime(a) is sigm'(2a): differentiate 2 sigm(2a) - 1, the outer factor 2 and the "
            "chain rule's inner 2 included"
        )
    compare(got, 1 - np.tanh(a) ** 2, name="tanh_prime(a)")
    return "matches 1 - tanh(a)^2 on a 6x4 array of random pre-activations"


@exercise("ex-ch4-linear")
def ex_ch4_linear(collapse):
    """Your ``collapse(weights, biases)``: the one affine map (W, b) a linear-activation MLP computes."""
    rng = draw_rng()
    for trial in range(3):
        depth = int(rng.integers(2, 5))
        if trial == 0:  # square layers, where a wrong order or a plain sum of the biases has the right shape
            sizes = [int(rng.integers(2, 5))] * (depth + 1)
        else:
            sizes = [int(s) for s in rng.integers(1, 6, size=depth + 1)]
        weights = [rng.normal(size=(sizes[k + 1], sizes[k])) for k in range(depth)]
        biases = [rng.normal(size=sizes[k + 1]) for k in range(depth)]
        got = call(collapse, weights, biases, name="collapse(weights, biases)")
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise Feedback(f"collapse should return a pair (W, b), got {type(got).__name__}")
        W, b = np.eye(sizes[0]), np.zeros(sizes[0])
        for Wk, bk in zip(weights, biases):
            W, b = Wk @ W, Wk @ b + bk
        W_got, b_got = np.asarray(got[0], dtype=float), np.asarray(got[1], dtype=float)
        if (
            trial == 0
            and W_got.shape == W.shape
            and np.allclose(W_got, np.linalg.multi_dot(weights), rtol=1e-6)
        ):
            raise Feedback(
                "W multiplies the layers in the wrong order: the first layer acts first, "
                "so W = W^(L+1) ... W^(2) W^(1)"
            )
        compare(W_got, W, name="W")
        if b_got.shape == b.shape and np.allclose(b_got, biases[-1], rtol=1e-6):
            raise Feedback(
                "b keeps only the last layer's bias: earlier biases pass through the later W^(k) too"
            )
        if trial == 0 and b_got.shape == b.shape and np.allclose(b_got, np.sum(biases, axis=0), rtol=1e-6):
            raise Feedback("b adds the biases up: each earlier bias is multiplied by the later W^(k) first")
        compare(b_got, b, name="b")
    return "matches on 3 random linear networks of 2 to 4 layers"


@exercise("ex-ch4-dead")
def ex_ch4_dead(count_dead):
    """Your ``count_dead(W, b, X)``: how many ReLU units have a <= 0 on every row of X."""
    rng = draw_rng()
    for _ in range(4):
        n, d, H = int(rng.integers(20, 60)), int(rng.integers(1, 4)), int(rng.integers(10, 40))
        X, W = rng.normal(size=(n, d)), rng.normal(size=(H, d))
        b = rng.normal(size=H) * 2 - float(rng.uniform(0, 3))
        A = X @ W.T + b
        got = call(count_dead, W, b, X, name="count_dead(W, b, X)")
        expected = int(np.sum(np.all(A <= 0, axis=0)))
        if np.ndim(got) != 0:
            raise Feedback(f"count_dead should return one number, got an array of shape {np.shape(got)}")
        if int(got) != expected:
            if int(got) == int(np.sum(np.any(A <= 0, axis=0))):
                raise Feedback(
                    "count_dead counts units that are off on SOME input; a dead unit is off on EVERY input"
                )
            if int(got) == int(np.sum(np.all(A <= 0, axis=1))):
                raise Feedback("count_dead counts inputs (rows) instead of units (columns of a = X W^T + b)")
            if int(got) == H - expected:
                raise Feedback("count_dead counts the live units, not the dead ones")
            raise Feedback(f"count_dead gives {int(got)}, which is not the number of dead units")
    return "counts the dead units right on 4 random layers"


@exercise("ex-ch4-bound")
def ex_ch4_bound(staircase_bound):
    """Your ``staircase_bound(c, N)``: K / (2N) for f(x) = sin(2 pi x) + c sin(6 pi x) + x, c >= 0."""
    rng = draw_rng()
    cs, Ns = rng.uniform(0, 2, size=5), rng.integers(2, 200, size=5)
    got = []
    for c, N in zip(cs, Ns):
        value = call(staircase_bound, float(c), int(N), name="staircase_bound(c, N)")
        if value is None:
            raise Feedback("staircase_bound(c, N) returned None: is a `return` missing?")
        if np.ndim(value) != 0:
            raise Feedback(f"staircase_bound(c, N) should return one number, got shape {np.shape(value)}")
        got.append(float(value))
    got = np.array(got)
    K = 2 * np.pi + 6 * np.pi * cs + 1
    expected = K / (2 * Ns)
    if np.allclose(got, K / Ns, rtol=1e-6):
        raise Feedback("the bound is K / N: a point is at most delta / 2 from its knot, so it is K delta / 2")
    if np.allclose(got, (2 * np.pi + 2 * np.pi * cs + 1) / (2 * Ns), rtol=1e-6):
        raise Feedback(
            "K misses the chain rule's factor in c sin(6 pi x): its derivative is 6 pi c cos(6 pi x)"
        )
    if np.allclose(got, (5 * np.pi + 1) / (2 * Ns), rtol=1e-6):
        raise Feedback("staircase_bound uses the chapter's K = 5 pi + 1 for every c: K depends on c")
    compare(got, expected, name="staircase_bound(c, N) on 5 random (c, N)")
    return "matches on 5 random (c, N)"
