"""Self-checks for chapter 12's exercises (model selection).

Each checker takes the student's functions, calls them on budgets, configurations and
numbers of candidates drawn from `draw_rng`, and compares with the reference computed here,
never shown.
"""

import numpy as np

from ._check import Feedback, call, compare, draw_rng, exercise


@exercise("ex-ch12-budget")
def ex_ch12_budget(grid_values, random_values):
    """Your ``grid_values(B, d)`` and ``random_values(B, d)``: how many distinct values of each
    hyper-parameter a full grid of B trainings over d hyper-parameters tries, and random search."""
    rng = draw_rng()
    k = rng.integers(2, 9, 6)
    d = rng.integers(1, 5, 6)
    B = k**d
    got = []
    for b, n in zip(B, d):
        got.append(call(grid_values, int(b), int(n), name="grid_values(B, d)"))
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Feedback("grid_values should return one number") from None
    if got.shape == k.shape:
        if np.allclose(got, B / d):
            raise Feedback("grid_values: the grid has k^d = B points, so k is the d-th root of B, not B / d")
        if np.allclose(got, B):
            raise Feedback(
                "grid_values: B trainings, but only B^(1/d) distinct values of each hyper-parameter"
            )
    compare(got, k, name="grid_values(B, d)", rtol=1e-9, atol=1e-6)
    got = np.asarray([call(random_values, int(b), int(n), name="random_values(B, d)") for b, n in zip(B, d)])
    compare(got, B, name="random_values(B, d)")
    return "grid_values and random_values match on 6 random budgets"


@exercise("ex-ch12-refine-random")
def ex_ch12_refine_random(narrow):
    """Your ``narrow(best)``: the distributions of the refined random search around ``best``.

    ``best`` is a configuration ``{"lr", "width", "lam"}``; the answer is a dict in the form
    `mlpkit.search.random_search` takes: ``("log-uniform", low, high)`` for lr and lam (a factor
    of 3 either side), ``("int", low, high)`` for the width (30 units either side, at least 8).
    """
    rng = draw_rng()
    for _ in range(5):
        best = {
            "lr": float(10 ** rng.uniform(-3, 0)),
            "width": int(rng.integers(8, 200)),
            "lam": float(10 ** rng.uniform(-6, -1)),
        }
        got = call(narrow, dict(best), name="narrow(best)")
        if not isinstance(got, dict) or set(got) != {"lr", "width", "lam"}:
            raise Feedback("narrow should return a dict with the keys 'lr', 'width' and 'lam'")
        for name in ("lr", "lam"):
            spec = got[name]
            if not isinstance(spec, tuple | list) or len(spec) != 3:
                raise Feedback(f"narrow(best)[{name!r}] should be a tuple (kind, low, high)")
            if spec[0] != "log-uniform":
                raise Feedback(
                    f"narrow(best)[{name!r}]: a factor of 3 either side is symmetric on a log scale: "
                    "use 'log-uniform'"
                )
            if np.allclose(spec[1:], [best[name] - 3, best[name] + 3]):
                raise Feedback(
                    f"narrow(best)[{name!r}]: a factor of 3 means best / 3 to best * 3, not best -+ 3"
                )
            compare(spec[1:], [best[name] / 3, best[name] * 3], name=f"narrow(best)[{name!r}] bounds")
        spec = got["width"]
        if not isinstance(spec, tuple | list) or len(spec) != 3 or spec[0] != "int":
            raise Feedback("narrow(best)['width'] should be ('int', low, high)")
        low = max(8, best["width"] - 30)
        if spec[1] != low and spec[1] == best["width"] - 30:
            raise Feedback("narrow(best)['width']: keep at least 8 units (max(8, width - 30))")
        compare(spec[1:], [low, best["width"] + 30], name="narrow(best)['width'] bounds")
    return "narrow matches on 5 random best configurations"


def _expected_max(k):
    """E[max of k independent N(0, 1)] = integral of z k phi(z) Phi(z)^(k - 1), by quadrature."""
    from math import erf, sqrt

    z = np.linspace(-10, 10, 40001)
    phi = np.exp(-(z**2) / 2) / np.sqrt(2 * np.pi)
    Phi = 0.5 * (1 + np.vectorize(erf)(z / sqrt(2)))
    f = z * k * phi * Phi ** (k - 1)
    return float(np.sum(f[1:] + f[:-1]) / 2 * (z[1] - z[0]))  # the trapezoidal rule


@exercise("ex-ch12-peek-count")
def ex_ch12_peek_count(expected_max):
    """Your ``expected_max(k)``: m_k, the expected maximum of k independent standard normals."""
    rng = draw_rng()
    ks = sorted({int(x) for x in rng.integers(2, 60, 5)} | {2})
    got = []
    for k in ks:
        got.append(call(expected_max, k, name="expected_max(k)"))
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Feedback("expected_max should return one number") from None
    expected = np.array([_expected_max(k) for k in ks])
    if got.shape == expected.shape and np.allclose(got, np.sqrt(2 * np.log(ks)), rtol=1e-6):
        raise Feedback(
            "expected_max: sqrt(2 log k) is only the large-k growth of m_k; compute the expectation "
            "itself, e.g. the integral of z k phi(z) Phi(z)^(k-1) dz"
        )
    if got.shape == expected.shape and abs(got[0] - 1 / np.sqrt(np.pi)) > 1e-3:
        raise Feedback("expected_max(2) should be 1 / sqrt(pi) = 0.564 (the mean of max(Z1, Z2))")
    compare(got, expected, name="expected_max(k)", rtol=2e-3, atol=1e-4)
    return "expected_max matches on 5 or 6 random numbers of candidates k"
