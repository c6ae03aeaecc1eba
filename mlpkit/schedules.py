"""Learning-rate schedules: functions of the update count t = 0, 1, 2, ...

Each returns a *multiplier* of the optimiser's base rate alpha, so ``SGD(lr=0.1,
schedule=inverse_decay(0.01))`` uses alpha_t = 0.1 / (1 + 0.01 t), the slides' first
decreasing strategy. Stochastic gradient descent converges when sum alpha_t = inf and
sum alpha_t^2 < inf (Robbins and Monro, 1951): `inverse_decay` and `power_decay` with
0.5 < d <= 1 satisfy both; `constant_schedule` satisfies only the first.
"""

import math

from ._validate import check_int, check_real


def constant_schedule():
    """alpha_t = alpha."""

    def schedule(t):
        return 1.0

    schedule.__name__ = "constant_schedule()"
    return schedule


def inverse_decay(decay):
    """alpha_t = alpha / (1 + decay * t)   (the slides' delta is ``decay``)."""
    decay = check_real(decay, "decay", low=0.0)

    def schedule(t):
        return 1.0 / (1.0 + decay * t)

    schedule.__name__ = f"inverse_decay({decay})"
    return schedule


def power_decay(d):
    """alpha_t = alpha / (t + 1)^d with 0.5 < d <= 1 (the slides' alpha / t^delta, t from 1)."""
    d = check_real(d, "d", low=0.5, high=1.0, low_open=True)

    def schedule(t):
        return 1.0 / (t + 1.0) ** d

    schedule.__name__ = f"power_decay({d})"
    return schedule


def warmup(steps, after=None):
    """Linear warm-up from alpha/steps to alpha over ``steps`` updates, then ``after`` (shifted).

    With ``after=None`` the rate stays at alpha; ``after=inverse_decay(0.01)`` decays once
    the warm-up is over, counting its own t from the end of the warm-up.
    """
    steps = check_int(steps, "steps", low=1)
    if after is not None and not callable(after):
        raise TypeError(f"after: expected a schedule (a function of t) or None, got {after!r}")
    after = after or constant_schedule()

    def schedule(t):
        if t < steps:
            return (t + 1.0) / steps
        return after(t - steps)

    schedule.__name__ = f"warmup({steps}, {getattr(after, '__name__', 'after')})"
    return schedule


def one_cycle(total_steps, pct_start=0.3, div=25.0, final_div=1e4):
    """Smith's one-cycle policy: cosine rise from alpha/div to alpha over the first
    ``pct_start`` of the updates, then cosine annealing down to alpha/final_div."""
    total_steps = check_int(total_steps, "total_steps", low=2)
    pct_start = check_real(pct_start, "pct_start", low=0.0, high=1.0, low_open=True, high_open=True)
    div = check_real(div, "div", low=1.0)
    final_div = check_real(final_div, "final_div", low=1.0)
    # the update at which alpha is reached; at most the last one, so that alpha is reached
    peak = min(max(1, int(round(pct_start * total_steps))), total_steps - 1)

    def cosine(start, end, frac):
        return end + (start - end) * (1.0 + math.cos(math.pi * frac)) / 2.0

    def schedule(t):
        if t < peak:
            return cosine(1.0 / div, 1.0, t / peak)
        frac = min(1.0, (t - peak) / max(1, total_steps - 1 - peak))
        return cosine(1.0, 1.0 / final_div, frac)

    schedule.__name__ = f"one_cycle({total_steps})"
    return schedule
