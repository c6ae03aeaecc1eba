"""Tests of mlpkit.schedules: values, and the Robbins-Monro conditions checked numerically."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlpkit import SGD, Parameter, constant_schedule, inverse_decay, one_cycle, power_decay, warmup


def test_constant():
    s = constant_schedule()
    assert [s(t) for t in (0, 1, 10**6)] == [1.0, 1.0, 1.0]


@given(decay=st.floats(0.0, 10.0), t=st.integers(0, 10**6))
def test_inverse_decay_values(decay, t):
    assert inverse_decay(decay)(t) == pytest.approx(1.0 / (1.0 + decay * t), rel=1e-15)


@given(d=st.floats(0.5, 1.0, exclude_min=True), t=st.integers(0, 10**6))
def test_power_decay_values(d, t):
    assert power_decay(d)(t) == pytest.approx((t + 1.0) ** (-d), rel=1e-14)


def test_decays_are_decreasing_from_one():
    for s in (inverse_decay(0.1), power_decay(0.75), power_decay(1.0)):
        vals = [s(t) for t in range(100)]
        assert vals[0] == 1.0
        assert all(a > b for a, b in zip(vals, vals[1:]))
    assert inverse_decay(0.01).__name__ == "inverse_decay(0.01)"
    assert power_decay(0.6).__name__ == "power_decay(0.6)"


def _partial_sums(s, T):
    a = np.array([s(t) for t in range(T)])
    return a.sum(), (a * a).sum()


@pytest.mark.parametrize(
    "make", [lambda: inverse_decay(1.0), lambda: power_decay(1.0), lambda: power_decay(0.6)]
)
def test_robbins_monro_conditions_hold(make):
    """sum alpha_t diverges (keeps growing like log T or T^(1-d)), sum alpha_t^2 converges."""
    s = make()
    s1_small, s2_small = _partial_sums(s, 10_000)
    s1_big, s2_big = _partial_sums(s, 100_000)
    # the first sum keeps growing by at least log(10) when T grows tenfold (1/t is the slowest case)
    assert s1_big - s1_small > 0.99 * math.log(10)
    # the second sum has (nearly) stopped: its tail beyond T is at most sum_{t>T} t^(-2d) ~ T^(1-2d)/(2d-1)
    assert s2_big - s2_small < 10_000 ** (1 - 2 * 0.6) / (2 * 0.6 - 1)
    assert s2_big - s2_small < 0.1 * s2_small


def test_power_decay_tail_bound_is_sharp_for_d_1():
    # sum_{t>=1} 1/t^2 = pi^2/6: the partial sum of alpha_t^2 for power_decay(1) converges to it
    _, s2 = _partial_sums(power_decay(1.0), 100_000)
    assert abs(s2 - math.pi**2 / 6) < 1.1e-5


def test_constant_schedule_violates_the_second_condition():
    s1, s2 = _partial_sums(constant_schedule(), 1000)
    assert s1 == s2 == 1000.0  # sum alpha_t^2 grows linearly: no convergence guarantee


def test_warmup_values():
    s = warmup(4)
    assert [s(t) for t in range(7)] == [0.25, 0.5, 0.75, 1.0, 1.0, 1.0, 1.0]
    s = warmup(2, after=inverse_decay(1.0))
    # linear ramp, then the decay counts its own t from the end of the warm-up
    assert [s(t) for t in range(5)] == [0.5, 1.0, 1.0, 0.5, 1.0 / 3.0]
    assert s.__name__ == "warmup(2, inverse_decay(1.0))"


@given(
    total=st.integers(2, 500),
    pct=st.floats(0.05, 0.95),
    div=st.floats(1.0, 100.0),
    final_div=st.floats(1.0, 1e5),
)
def test_one_cycle_shape(total, pct, div, final_div):
    s = one_cycle(total, pct_start=pct, div=div, final_div=final_div)
    vals = np.array([s(t) for t in range(total)])
    peak = min(max(1, int(round(pct * total))), total - 1)  # alpha is reached by the last update
    assert vals[0] == pytest.approx(1.0 / div, rel=1e-12)
    assert vals.max() == pytest.approx(1.0, rel=1e-12)
    if peak < total:
        assert vals[peak] == pytest.approx(1.0)
        # the last update reaches alpha / final_div (when there is room to anneal)
        if total - 1 > peak:
            assert vals[-1] == pytest.approx(1.0 / final_div, rel=1e-9)
        # rises to the peak, then never rises again
        assert np.all(np.diff(vals[: peak + 1]) >= -1e-15)
        assert np.all(np.diff(vals[peak:]) <= 1e-15)
    assert np.all(vals > 0) and np.all(vals <= 1.0 + 1e-15)
    assert s(total + 10) == pytest.approx(1.0 / final_div)  # stays at the floor afterwards


def test_one_cycle_cosine_midpoints():
    s = one_cycle(101, pct_start=0.5, div=10.0, final_div=100.0)
    peak = 50  # round(50.5) under banker's rounding
    # halfway up a cosine ramp from 1/10 to 1 is the arithmetic mean
    assert s(peak // 2) == pytest.approx((0.1 + 1.0) / 2, rel=1e-12)
    mid_down = peak + (101 - 1 - peak) // 2
    assert s(mid_down) == pytest.approx((1.0 + 0.01) / 2, rel=1e-12)
    assert s.__name__ == "one_cycle(101)"


def test_schedule_drives_sgd_rate():
    p = Parameter(np.zeros(1))
    opt = SGD([p], lr=0.5, schedule=inverse_decay(1.0))
    rates = []
    for _ in range(4):
        rates.append(opt.current_lr)
        p.grad[...] = 1.0
        before = p.value.copy()
        opt.step()
        assert (before - p.value)[0] == pytest.approx(rates[-1], rel=1e-15)
    assert rates == [0.5, 0.25, 0.5 / 3, 0.125]


def test_bad_inputs():
    with pytest.raises(ValueError, match=r"decay: expected a value in \[0.0, inf\], got -1.0"):
        inverse_decay(-1.0)
    with pytest.raises(ValueError, match=r"d: expected a value in \(0.5, 1.0\], got 0.5"):
        power_decay(0.5)
    with pytest.raises(ValueError, match=r"d: expected a value in \(0.5, 1.0\], got 1.5"):
        power_decay(1.5)
    with pytest.raises(ValueError, match="d: expected a finite number"):
        power_decay(float("nan"))
    with pytest.raises(ValueError, match=r"steps: expected an integer in \[1, inf\], got 0"):
        warmup(0)
    with pytest.raises(TypeError, match="after: expected a schedule"):
        warmup(3, after=0.5)
    with pytest.raises(ValueError, match=r"total_steps: expected an integer in \[2, inf\], got 1"):
        one_cycle(1)
    with pytest.raises(ValueError, match=r"pct_start: expected a value in \(0.0, 1.0\), got 1.0"):
        one_cycle(10, pct_start=1.0)
    with pytest.raises(ValueError, match=r"div: expected a value in \[1.0, inf\], got 0.5"):
        one_cycle(10, div=0.5)
    with pytest.raises(ValueError, match="final_div: expected a value"):
        one_cycle(10, final_div=0.0)
    with pytest.raises(TypeError, match="total_steps: expected an integer"):
        one_cycle(10.0)
