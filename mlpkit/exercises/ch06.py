"""Self-checks for chapter 6's exercises (gradient checking).

Each checker takes the student's function and tries it on fresh random inputs from
`draw_rng`; none prints or returns the reference answer.
"""

import numpy as np

from ._check import Feedback, call, compare, draw_rng, exercise


@exercise("ex-ch6-best-eps")
def ex_ch6_best_eps(best_eps):
    """Your ``best_eps(u, f, f3)``: the epsilon minimising eps^2 |f'''| / 6 + u |f| / eps."""
    rng = draw_rng()
    for _ in range(5):
        u = 10.0 ** rng.uniform(-17, -6)
        f, f3 = (
            rng.choice([-1, 1]) * 10.0 ** rng.uniform(-1, 1),
            rng.choice([-1, 1]) * 10.0 ** rng.uniform(-2, 2),
        )
        got = call(best_eps, u, f, f3, name="best_eps(u, f, f3)")
        expected = np.cbrt(3 * u * abs(f) / abs(f3))
        if got is not None and np.isscalar(got) and np.isclose(got, np.cbrt(u * abs(f) / abs(f3)), rtol=1e-6):
            raise Feedback("the 3 is missing: E'(eps) = eps |f'''| / 3 - u |f| / eps^2")
        if got is not None and np.isscalar(got) and np.isclose(got, np.sqrt(u * abs(f) / abs(f3)), rtol=1e-3):
            raise Feedback(
                "a square root is the one-sided difference's rule; "
                "the centred one balances eps^2 against 1/eps"
            )
        if got is not None and np.isscalar(got) and not np.isfinite(got):
            raise Feedback(
                "best_eps is not finite: take absolute values of f and f''' (they can be negative)"
            )
        compare(got, expected, name="best_eps(u, f, f3)")
    return "matches on 5 random (u, f, f''')"


@exercise("ex-ch6-kink")
def ex_ch6_kink(safe_eps):
    """Your ``safe_eps(W1, b1, X)``: the largest step that moves no first-layer pre-activation across 0."""
    rng = draw_rng()
    for _ in range(5):
        n, d, H = (int(v) for v in rng.integers(3, 12, size=3))
        X = rng.normal(size=(n, d)) * rng.uniform(0.2, 4)
        W1, b1 = rng.normal(size=(H, d)), rng.normal(size=H) * 0.5
        got = call(safe_eps, W1, b1, X, name="safe_eps(W1, b1, X)")
        A = X @ W1.T + b1
        expected = np.min(np.abs(A)) / max(1.0, np.abs(X).max())
        if (
            np.abs(X).max() > 1
            and got is not None
            and np.isscalar(got)
            and np.isclose(got, np.min(np.abs(A)))
        ):
            raise Feedback(
                "a step eps on W_ij moves a_i by eps x_j: divide by the largest |x_j| (when it exceeds 1)"
            )
        if (
            got is not None
            and np.isscalar(got)
            and any(np.isclose(got, np.min(np.abs(X @ W1.T)) / s) for s in (1.0, max(1.0, np.abs(X).max())))
        ):
            raise Feedback("the pre-activations include the biases: a = W x + b")
        compare(got, expected, name="safe_eps(W1, b1, X)")
    return "matches on 5 random first layers and batches"


@exercise("ex-ch6-bias-bug")
def ex_ch6_bias_bug(bias_error):
    """Your ``bias_error(n)``: the relative error gradcheck reports for the biases with batch size n."""
    rng = draw_rng()
    for n in [*(int(v) for v in rng.integers(3, 500, size=4)), 1]:
        got = call(bias_error, n, name=f"bias_error({n})")
        if n > 2 and got is not None and np.isscalar(got) and np.isclose(got, 1 / n):
            raise Feedback(
                "the buggy gradient is 1/n of the true one, "
                "so the difference is (1 - 1/n) of the largest entry"
            )
        if n > 2 and got is not None and np.isscalar(got) and np.isclose(got, n - 1):
            raise Feedback(
                "relative error (eq-ch6-relerr) divides by the larger of the two gradients, the true one"
            )
        compare(got, 1 - 1 / n, name=f"bias_error({n})")
    return "matches for a batch of one and 4 random batch sizes"


_FUNCTIONS = [
    (lambda z: np.tanh(z) * np.exp(z), lambda x: (1 - np.tanh(x) ** 2) * np.exp(x) + np.tanh(x) * np.exp(x)),
    (lambda z: np.sin(z) ** 3, lambda x: 3 * np.sin(x) ** 2 * np.cos(x)),
    (lambda z: np.exp(-(z**2)), lambda x: -2 * x * np.exp(-(x**2))),
]


@exercise("ex-ch6-complex-step")
def ex_ch6_complex_step(complex_step):
    """Your ``complex_step(f, x, eps)``: Im f(x + i eps) / eps."""
    rng = draw_rng()
    for f, df in _FUNCTIONS:
        x = rng.uniform(-1.5, 1.5, size=4)
        for eps in (1e-20, 1e-8):
            got = call(complex_step, f, x.copy(), eps, name=f"complex_step(f, x, {eps:.0e})")
            if eps == 1e-20 and got is not None and np.shape(got) == x.shape and np.all(np.asarray(got) == 0):
                raise Feedback(
                    "0 at eps = 1e-20: a real difference f(x + eps) - f(x) cancels; use the imaginary part"
                )
            compare(got, df(x), name=f"complex_step(f, x, {eps:.0e})", rtol=1e-12, atol=1e-14)
    return "exact to 1e-12 on 3 functions, at eps = 1e-20 and 1e-8"
