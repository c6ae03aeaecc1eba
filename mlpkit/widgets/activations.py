"""Universal approximation built by hand: one hidden layer of steep sigmoid steps.

A continuous f on [lo, hi] is approximated by a staircase. With N units at the
midpoints c_i of N equal intervals, and jumps Delta_i = f(t_i) - f(t_{i-1}):

    f_N(x) = f(t_0) + sum_i Delta_i sigm(s (x - c_i) / spacing)

which is exactly a network with one hidden layer of N sigmoid units:
W^(1) = s / spacing, b^(1) = -s c_i / spacing, W^(2) = Delta, b^(2) = f(t_0).
The steepness s is measured in units of the spacing, so that s = 10 means each step
rises over about a tenth of the distance to the next one, whatever the width.

The same idea with ReLUs gives the piecewise-linear interpolant of f at the knots t_i.
"""
import numpy as np

from .._validate import as_float_array, check_int, check_real
from ..activations import ReLU, Sigmoid


def _target(f, name="f"):
    if not callable(f):
        raise TypeError(f"{name}: expected a function of a 1-D array, got {type(f).__name__}")
    return f


def default_target(x):
    """The 1-D function the chapter approximates: a wiggly, smooth curve on [0, 1]."""
    x = np.asarray(x, dtype=float)
    return np.sin(2 * np.pi * x) + 0.5 * np.sin(6 * np.pi * x) + x


def step_weights(f, width, steepness=10.0, lo=0.0, hi=1.0):
    """The weights of the one-hidden-layer sigmoid network above.

    Parameters
    ----------
    f : callable, (m,) -> (m,)
    width : int >= 1, the number N of hidden units (steps)
    steepness : float > 0, the slope of each step in units of 1 / spacing
    lo, hi : the interval [lo, hi], lo < hi

    Returns
    -------
    W1 : (N, 1), b1 : (N,), W2 : (1, N), b2 : (1,) arrays, in the slides' shapes.
    """
    f = _target(f)
    width = check_int(width, "width", low=1)
    steepness = check_real(steepness, "steepness", low=0.0, low_open=True)
    lo, hi = check_real(lo, "lo"), check_real(hi, "hi")
    if not lo < hi:
        raise ValueError(f"lo, hi: expected lo < hi, got lo={lo}, hi={hi}")
    knots = np.linspace(lo, hi, width + 1)          # t_0 .. t_N
    centres = 0.5 * (knots[:-1] + knots[1:])        # c_1 .. c_N
    spacing = (hi - lo) / width
    values = np.asarray(f(knots), dtype=float)
    W1 = np.full((width, 1), steepness / spacing)
    b1 = -steepness * centres / spacing
    W2 = np.diff(values).reshape(1, width)          # the jumps Delta_i
    b2 = values[:1].copy()                          # f(t_0)
    return W1, b1, W2, b2


def sigmoid_steps(x, f=default_target, width=8, steepness=10.0, lo=0.0, hi=1.0):
    """f_N(x): the sum of ``width`` sigmoid steps approximating ``f`` on [lo, hi].

    x : (m,) array -> (m,) array.
    """
    x = as_float_array(x, "x", ndim=1)
    W1, b1, W2, b2 = step_weights(f, width, steepness, lo, hi)
    hidden = Sigmoid.g(x[:, None] @ W1.T + b1)      # h^(1) = sigm(b^(1) + W^(1) x)
    return (hidden @ W2.T + b2)[:, 0]


def relu_interpolant(x, f=default_target, width=8, lo=0.0, hi=1.0):
    """The piecewise-linear interpolant of ``f`` at ``width + 1`` knots, as ``width`` ReLUs.

    f_N(x) = f(t_0) + sum_i (m_i - m_{i-1}) relu(x - t_{i-1}),  m_i the slope on piece i
    (m_0 = 0). x : (m,) array -> (m,) array.
    """
    x = as_float_array(x, "x", ndim=1)
    f = _target(f)
    width = check_int(width, "width", low=1)
    lo, hi = check_real(lo, "lo"), check_real(hi, "hi")
    if not lo < hi:
        raise ValueError(f"lo, hi: expected lo < hi, got lo={lo}, hi={hi}")
    knots = np.linspace(lo, hi, width + 1)
    values = np.asarray(f(knots), dtype=float)
    slopes = np.diff(values) / np.diff(knots)
    kinks = np.diff(slopes, prepend=0.0)            # how much the slope changes at t_{i-1}
    return values[0] + ReLU.g(x[:, None] - knots[:-1]) @ kinks


def sup_error(approx, f=default_target, lo=0.0, hi=1.0, n_points=2001):
    """max over a grid of [lo, hi] of |approx(x) - f(x)|; ``approx`` maps (m,) -> (m,)."""
    n_points = check_int(n_points, "n_points", low=2)
    x = np.linspace(lo, hi, n_points)
    return float(np.max(np.abs(approx(x) - f(x))))


def universal_approximation_figure(width=8, steepness=10.0, f=default_target, ax=None):
    """Draw f, its sigmoid-step approximation f_N and the sup error, for one setting."""
    width = check_int(width, "width", low=1)
    steepness = check_real(steepness, "steepness", low=0.0, low_open=True)
    import matplotlib.pyplot as plt
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.5))
    x = np.linspace(0.0, 1.0, 801)
    approx = sigmoid_steps(x, f, width, steepness)
    err = np.max(np.abs(approx - f(x)))
    ax.plot(x, f(x), color="k", lw=2, label="target $f(x)$")
    ax.plot(x, approx, color="C1", lw=1.5, label=f"{width} sigmoid units")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    ax.set_title(f"N = {width}, steepness {steepness:g}: sup error {err:.3f}")
    ax.legend(loc="lower left", fontsize="small")
    return ax


def universal_approximation_demo():
    """Sliders for the width N and the steepness s of the sigmoid-step approximation."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    def draw(width=8, log10_steepness=1.0):
        fig, ax = plt.subplots(figsize=(6, 4))
        universal_approximation_figure(width=width, steepness=10.0 ** log10_steepness, ax=ax)
        plt.show()
        plt.close(fig)

    return widgets.interactive(
        draw,
        width=widgets.IntSlider(value=8, min=1, max=128, step=1, description="width N"),
        log10_steepness=widgets.FloatSlider(value=1.0, min=-1.0, max=3.0, step=0.25,
                                            description="log10 s"),
    )
