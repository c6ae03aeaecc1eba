"""Self-checks for chapter 9's exercises (regularisation).

Each checker takes the student's functions, calls them on parameters drawn from `draw_rng`
and compares with the reference computed here, never shown.
"""

import numpy as np

from ._check import Feedback, call, compare, draw_rng, exercise


@exercise("ex-ch9-decay-rate")
def ex_ch9_decay_rate(l2_updates, l1_updates):
    """Your ``l2_updates(alpha, lam, factor)`` and ``l1_updates(w0, alpha, lam)``.

    ``l2_updates``: the number t (a real number, not rounded) of plain-SGD updates with
    L2 strength ``lam`` after which a weight that gets no gradient from the loss has shrunk
    by ``factor``. ``l1_updates``: the number of proximal L1 updates after which such a
    weight, starting at ``w0``, is exactly zero (an int).
    """
    rng = draw_rng()
    alphas = rng.uniform(0.01, 0.2, 5)
    lams = 10 ** rng.uniform(-4, -2, 5)
    factors = rng.uniform(5, 500, 5)
    got = [
        call(l2_updates, a, lam, f, name="l2_updates(alpha, lam, factor)")
        for a, lam, f in zip(alphas, lams, factors)
    ]
    shrink = 1 - 2 * alphas * lams
    expected = np.log(factors) / -np.log(shrink)
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Feedback("l2_updates should return one number") from None
    if got.shape == expected.shape:
        if np.allclose(got, np.log(factors) / -np.log(1 - alphas * lams), rtol=1e-6):
            raise Feedback(
                "l2_updates: the decay factor per update is 1 - 2 alpha lambda "
                "(the gradient of lambda W^2 is 2 lambda W)"
            )
        if np.allclose(got, np.ceil(expected)) and not np.allclose(got, expected, rtol=1e-6):
            raise Feedback(
                "l2_updates: return the real number t = ln(factor) / -ln(1 - 2 alpha lambda), not rounded"
            )
        if np.allclose(got, np.log(factors) / (2 * alphas * lams), rtol=1e-6):
            raise Feedback(
                "l2_updates: -ln(1 - 2 alpha lambda) is only approximately 2 alpha lambda: "
                "use the exact logarithm"
            )
    compare(got, expected, name="l2_updates(alpha, lam, factor)", rtol=1e-6)

    w0 = rng.uniform(-0.5, 0.5, 5)
    step = rng.uniform(1e-4, 1e-2, 5)  # alpha * lambda
    ratio = np.abs(w0) / step
    w0 = np.where(ratio % 1 < 0.1, w0 * (1 + 0.2 / ratio), w0)  # keep |w0| / (alpha lambda) off integers
    alphas = rng.uniform(0.01, 0.2, 5)
    lams = step / alphas
    expected = np.ceil(np.abs(w0) / step)
    got = [
        call(l1_updates, w, a, lam, name="l1_updates(w0, alpha, lam)") for w, a, lam in zip(w0, alphas, lams)
    ]
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Feedback("l1_updates should return one number") from None
    if got.shape == expected.shape and np.allclose(got, np.abs(w0) / step, rtol=1e-6):
        raise Feedback("l1_updates: the weight reaches 0 after a whole number of updates (round up)")
    if got.shape == expected.shape and np.allclose(got, expected - 1):
        raise Feedback("l1_updates: one update too few, round |w0| / (alpha lambda) up, not down")
    if got.shape == expected.shape and np.any(w0 < 0) and np.any(got[w0 < 0] <= 0):
        raise Feedback("l1_updates: a negative weight shrinks towards 0 too: use |w0|")
    compare(got, expected, name="l1_updates(w0, alpha, lam)")
    return "l2_updates and l1_updates match on 5 random settings each"


@exercise("ex-ch9-prior-scale")
def ex_ch9_prior_scale(prior_sigma, glorot_std):
    """Your ``prior_sigma(lam, T)`` (eq-ch9-map) and ``glorot_std(n_in, n_out)``.

    ``prior_sigma``: the standard deviation of the Gaussian prior that L2 strength ``lam``
    on ``T`` training examples amounts to. ``glorot_std``: the standard deviation of
    U[-b, b] with b = sqrt(6) / sqrt(n_in + n_out).
    """
    rng = draw_rng()
    lams = 10 ** rng.uniform(-5, -1, 6)
    Ts = rng.integers(20, 5000, 6)
    got = np.array(
        [call(prior_sigma, lam, int(T), name="prior_sigma(lam, T)") for lam, T in zip(lams, Ts)], dtype=float
    )
    expected = 1 / np.sqrt(2 * lams * Ts)
    if got.shape == expected.shape and np.allclose(got, expected**2, rtol=1e-6):
        raise Feedback("prior_sigma returns the variance sigma^2: take its square root")
    if got.shape == expected.shape and np.allclose(got, 1 / np.sqrt(2 * lams), rtol=1e-6):
        raise Feedback(
            "prior_sigma: lambda multiplies the *average* loss, so T enters: lambda = 1 / (2 sigma^2 T)"
        )
    compare(got, expected, name="prior_sigma(lam, T)", rtol=1e-6)

    n_in, n_out = rng.integers(2, 1000, 6), rng.integers(2, 1000, 6)
    got = np.array(
        [call(glorot_std, int(a), int(b), name="glorot_std(n_in, n_out)") for a, b in zip(n_in, n_out)],
        dtype=float,
    )
    b = np.sqrt(6) / np.sqrt(n_in + n_out)
    if got.shape == b.shape and np.allclose(got, b, rtol=1e-6):
        raise Feedback(
            "glorot_std returns the half-width b; the standard deviation of U[-b, b] is b / sqrt(3)"
        )
    compare(got, b / np.sqrt(3), name="glorot_std(n_in, n_out)", rtol=1e-6)
    return "prior_sigma and glorot_std match on 6 random settings each"


def _f_star(x):
    return np.sin(2 * np.pi * x)


def _measure(T, R=50, noise=0.3, degrees=range(10)):
    """Section 9.4's measurement with T points per set: plug-in bias^2, corrected bias^2, variance."""
    x_grid = np.linspace(0, 1, 200)
    sets = []
    for r in range(R):
        rng = np.random.default_rng(100 + r)
        x = rng.uniform(0, 1, T)
        sets.append((x, _f_star(x) + noise * rng.standard_normal(T)))
    plug_in, corrected, variance, variance0 = [], [], [], []
    for p in degrees:
        preds = np.array([np.polynomial.Polynomial.fit(x, t, p)(x_grid) for x, t in sets])
        s2 = preds.var(axis=0, ddof=1)
        sq = (preds.mean(axis=0) - _f_star(x_grid)) ** 2
        plug_in.append(np.mean(sq))
        corrected.append(np.mean(sq - s2 / R))
        variance.append(np.mean(s2))
        variance0.append(np.mean(preds.var(axis=0)))
    return tuple(map(np.array, (plug_in, corrected, variance, variance0)))


@exercise("ex-ch9-biasvar-T")
def ex_ch9_biasvar_T(measure):
    """Your ``measure(T)``: section 9.4's measurement for training sets of ``T`` points.

    It returns ``(bias2, variance)``, two arrays of shape (10,) for degrees 0 to 9: the
    corrected squared bias and the variance over the R = 50 training sets drawn as in
    section 9.4 (set r from ``np.random.default_rng(100 + r)``: first the T inputs, then
    the T noise values), on the 200-point grid.
    """
    T = int(draw_rng().integers(25, 121))
    got = call(measure, T, name=f"measure({T})")
    if not (isinstance(got, (tuple, list)) and len(got) == 2):
        raise Feedback(f"measure({T}) should return two arrays, (bias2, variance)")
    plug_in, bias2, variance, variance0 = _measure(T)
    got_bias2, got_var = (np.asarray(g, dtype=float) for g in got)
    if (
        got_var.shape == variance.shape
        and np.allclose(got_var, variance0, rtol=1e-4)
        and not np.allclose(got_var, variance, rtol=1e-4)
    ):
        raise Feedback(
            "the variance uses ddof=0; the unbiased sample variance over the 50 fits "
            "divides by R - 1 (ddof=1)"
        )
    compare(got_var, variance, name=f"variance from measure({T})", rtol=1e-4, atol=1e-6)
    if got_bias2.shape == bias2.shape and np.allclose(got_bias2, plug_in, rtol=1e-4, atol=1e-4):
        raise Feedback(
            "bias2 is the plug-in estimate (squared error of the average fit): subtract variance / R, "
            "the error of an average of R fits"
        )
    compare(got_bias2, bias2, name=f"bias2 from measure({T})", rtol=1e-4, atol=1e-4)
    return "bias^2 and variance match for a random T, degrees 0 to 9"


__all__ = ["ex_ch9_decay_rate", "ex_ch9_prior_scale", "ex_ch9_biasvar_T"]
