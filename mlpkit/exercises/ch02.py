"""Self-checks for chapter 2's exercises (empirical risk minimisation).

Each checker takes the student's function, calls it on inputs drawn from `draw_rng` and
compares with the reference computed here, never shown.
"""

import math

import numpy as np

from ._check import Feedback, call, compare, draw_rng, exercise


@exercise("ex-ch2-epoch")
def ex_ch2_epoch(updates_per_epoch):
    """Your ``updates_per_epoch(T, B)``: how many updates one epoch of mini-batch SGD makes on
    ``T`` examples with batches of ``B`` (the last batch may be smaller, as in `mk.fit`)."""
    rng = draw_rng()
    T_big = int(rng.integers(200, 5000))
    cases = [(T_big, 1), (T_big, T_big), (T_big, T_big + int(rng.integers(1, 100)))]
    while len(cases) < 8:  # batch sizes that do not divide T, and one that does
        T, B = int(rng.integers(10, 5000)), int(rng.integers(2, 200))
        if len(cases) == 3:
            T = B * int(rng.integers(2, 50))
        elif T % B == 0:
            continue
        cases.append((T, B))
    for T, B in cases:
        got = call(updates_per_epoch, T, B, name=f"updates_per_epoch({T}, {B})")
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer, float, np.floating)):
            raise Feedback(f"updates_per_epoch({T}, {B}) should return one whole number, got {got!r:.60}")
        expected = math.ceil(T / B)
        if got == expected:
            continue
        if got == T // B:
            raise Feedback(
                f"updates_per_epoch({T}, {B}) = {got}: the last {T % B} examples form a smaller "
                "mini-batch, and that is an update too (an epoch visits every example)"
            )
        if float(got) == T / B:
            raise Feedback(
                f"updates_per_epoch({T}, {B}) = {got}: a number of updates is a whole number; "
                "what happens to the examples left over?"
            )
        if got == T:
            raise Feedback(f"updates_per_epoch({T}, {B}) = {got}: that is one update per example, whatever B")
        raise Feedback(f"updates_per_epoch({T}, {B}) = {got} is not the number of updates of one epoch")
    return f"right on {len(cases)} pairs (T, B), including B = 1, B = T and B > T"


def _jsd(p, q, dx):
    m = (p + q) / 2
    return 0.5 * float(np.sum(p * np.log(p / m) + q * np.log(q / m)) * dx)


def _kl(p, q, dx):
    return float(np.sum(p * np.log(p / q)) * dx)


def _gauss(x, mu, sigma):
    return np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))


@exercise("ex-ch2-jsd")
def ex_ch2_jsd(jsd):
    """Your ``jsd(p, q, dx)``: the Jensen-Shannon divergence (in nats) of two densities given by
    their values ``p``, ``q`` on a grid of spacing ``dx`` (a Riemann sum)."""
    rng = draw_rng()
    for trial in range(5):
        n = int(rng.integers(2001, 8001))
        x = np.linspace(-8, 8, n)
        dx = float(x[1] - x[0])
        mu = rng.uniform(-2, 2, size=2)
        sigma = rng.uniform(0.5, 1.5, size=2)
        if trial == 0:
            mu[1] = mu[0] + 0.1  # nearly equal densities: a small JSD
        p, q = _gauss(x, mu[0], sigma[0]), _gauss(x, mu[1], sigma[1])
        if trial == 4:  # a two-bump density against a Gaussian
            p = 0.5 * _gauss(x, -2, 0.6) + 0.5 * _gauss(x, 2, 0.6)
        name = "jsd(p, q, dx)"
        got = call(jsd, p, q, dx, name=name)
        try:
            got = float(np.asarray(got, dtype=float).reshape(()))
        except (TypeError, ValueError):
            raise Feedback(f"{name} should return one number, got {type(got).__name__}") from None
        ref = _jsd(p, q, dx)
        if not math.isfinite(got):
            raise Feedback(f"{name} is {got}: a log of 0 or a division by 0?")
        if math.isclose(got, ref, rel_tol=1e-6, abs_tol=1e-12):
            continue
        m = (p + q) / 2
        slips = [
            (ref / np.log(2), "is in bits (log base 2): the chapter's V(D*) uses the natural log, nats"),
            (ref / dx, "is a plain sum: multiply by dx to integrate the densities"),
            (0.5 * (_kl(p, 2 * m, dx) + _kl(q, 2 * m, dx)), "uses m = p + q: the mixture is m = (p + q) / 2"),
            (_kl(p, m, dx), "is KL(p || m) only: the JSD averages KL(p || m) and KL(q || m)"),
            (_kl(p, 2 * m, dx) + _kl(q, 2 * m, dx), "is V(D*) = 2 JSD - log 4, not the JSD itself"),
            (
                0.5 * (_kl(p, q, dx) + _kl(q, p, dx)),
                "is the symmetrised KL(p || q) + KL(q || p) over 2: compare with m",
            ),
            (_kl(p, q, dx), "is KL(p || q): the JSD compares each density with the mixture m"),
        ]
        for value, words in slips:
            if math.isclose(got, value, rel_tol=1e-6, abs_tol=1e-12):
                raise Feedback(f"{name} {words}")
        compare(got, ref, name=name, rtol=1e-6, atol=1e-12)
    return "right on 5 pairs of densities on grids from -8 to 8"
