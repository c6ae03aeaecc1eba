"""Self-checks for chapter 3's exercises (gradients and backpropagation).

Each checker takes the student's function and tries it on fresh random inputs from
`draw_rng`; none prints or returns the reference answer.
"""

import numpy as np

from ._check import Feedback, call, compare, draw_rng, exercise


def _sigmoid(a):
    return 0.5 * (1.0 + np.tanh(a / 2.0))


def _softmax(a):
    e = np.exp(a - a.max())
    return e / e.sum()


@exercise("ex-ch3-squared")
def ex_ch3_squared(squared_grad):
    """Your ``squared_grad(a, t)``: the gradient of ||a - t||^2 with respect to a (identity output)."""
    rng = draw_rng()
    for _ in range(5):
        C = int(rng.integers(2, 7))
        a, t = rng.normal(size=C) * 2, rng.normal(size=C)
        got = call(squared_grad, a, t, name="squared_grad(a, t)")
        if got is not None and np.shape(got) == (C,) and np.allclose(got, (a - t) / C, rtol=1e-6):
            raise Feedback(
                "squared_grad(a, t) divides by the number of entries: "
                "the loss here is the plain sum ||f - t||^2"
            )
        compare(got, 2 * (a - t), name="squared_grad(a, t)")
    return "matches 2 (f - t) on 5 random outputs and targets"


@exercise("ex-ch3-sigmoid")
def ex_ch3_sigmoid(backprop_sigmoid):
    """Your ``backprop_sigmoid(W, b, x, y)``: {k: grad of -log f(x)_y w.r.t. W^(k)} for a sigmoid network."""
    rng = draw_rng()
    for _ in range(3):
        sizes = [int(s) for s in rng.integers(2, 6, size=int(rng.integers(3, 5)))]
        L = len(sizes) - 2
        W = {k: rng.normal(0, 0.8, size=(sizes[k], sizes[k - 1])) for k in range(1, L + 2)}
        b = {k: rng.normal(0, 0.3, size=sizes[k]) for k in range(1, L + 2)}
        x, y = rng.normal(size=sizes[0]), int(rng.integers(0, sizes[-1]))
        got = call(backprop_sigmoid, W, b, x, y, name="backprop_sigmoid(W, b, x, y)")
        if not isinstance(got, dict) or sorted(got) != list(range(1, L + 2)):
            keys = sorted(got) if isinstance(got, dict) else type(got).__name__
            raise Feedback(
                f"backprop_sigmoid should return a dict with keys 1 to {L + 1} (one per layer), got {keys}"
            )
        variants = {
            name: _backprop(W, b, x, y, L, name) for name in ("sigmoid", "tanh-derivative", "no-derivative")
        }
        for k in range(1, L + 2):
            g = np.asarray(got[k], dtype=float)
            if g.shape == variants["sigmoid"][k].shape and not np.allclose(
                g, variants["sigmoid"][k], rtol=1e-6, atol=1e-10
            ):
                if np.allclose(g, variants["tanh-derivative"][k], rtol=1e-6, atol=1e-10):
                    raise Feedback(f"layer {k}: this is tanh's g' = 1 - h^2; the sigmoid's is g' = h (1 - h)")
                if np.allclose(g, variants["no-derivative"][k], rtol=1e-6, atol=1e-10):
                    raise Feedback(
                        f"layer {k}: the factor g'(a^({k})) is missing: the gradient at a^({k}) is "
                        f"W^({k + 1})T grad a^({k + 1}) times g'(a^({k})), element-wise (eq-ch3-grad-a)"
                    )
            compare(g, variants["sigmoid"][k], name=f"the gradient of W^({k})")
    return "matches on 3 random sigmoid networks"


def _backprop(W, b, x, y, L, variant):
    h = {0: x}
    for k in range(1, L + 2):
        a = b[k] + W[k] @ h[k - 1]
        h[k] = _sigmoid(a) if k <= L else _softmax(a)
    grad_a = h[L + 1] - np.eye(len(h[L + 1]))[y]
    out = {}
    for k in range(L + 1, 0, -1):
        out[k] = np.outer(grad_a, h[k - 1])
        if k > 1:
            grad_h = W[k].T @ grad_a
            g_prime = {
                "sigmoid": h[k - 1] * (1 - h[k - 1]),
                "tanh-derivative": 1 - h[k - 1] ** 2,
                "no-derivative": 1.0,
            }
            grad_a = grad_h * g_prime[variant]
    return out


def _counts(sizes):
    products = [sizes[k] * sizes[k - 1] for k in range(1, len(sizes))]
    forward = sum(products)
    backward = forward + sum(products[1:])
    P = sum(sizes[k] * (sizes[k - 1] + 1) for k in range(1, len(sizes)))
    return forward, backward, 2 * P * forward, P


@exercise("ex-ch3-cost")
def ex_ch3_cost(multiplications):
    """Your ``multiplications(sizes)`` -> (forward, backprop, finite differences) for one example."""
    rng = draw_rng()
    for _ in range(5):
        sizes = [int(s) for s in rng.integers(2, 80, size=int(rng.integers(3, 6)))]
        got = call(multiplications, list(sizes), name="multiplications(sizes)")
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            raise Feedback(
                "multiplications(sizes) should return three numbers: forward, backprop, finite differences"
            )
        forward, backward, finite, P = _counts(sizes)
        compare(got[0], forward, name=f"the forward count for sizes {sizes}")
        if np.isclose(got[1], 2 * forward):
            raise Feedback(
                "backprop: the input layer needs no W^(1)T product (nothing below it needs a gradient)"
            )
        compare(got[1], backward, name=f"the backprop count for sizes {sizes}")
        P_weights = P - sum(sizes[1:])
        if np.isclose(got[2], 2 * P_weights * forward):
            raise Feedback("finite differences: P counts the biases too, not only the weights")
        if np.isclose(got[2], P * forward):
            raise Feedback(
                "finite differences: the centred difference needs two forward passes per parameter"
            )
        compare(got[2], finite, name=f"the finite-difference count for sizes {sizes}")
    return "matches the three counts on 5 random architectures"
