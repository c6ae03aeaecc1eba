"""Chapter 4's widget: the sigmoid staircase of `mlpkit.experiments.ch04_activations`,
drawn for a width N and a steepness s chosen with sliders.

Drawing and controls only: the construction (`step_weights`, `sigmoid_steps`) and the
error (`sup_error`) are the chapter's experiments.
"""

import numpy as np

from ..experiments.ch04_activations import default_target, sigmoid_steps, sup_error
from ._common import axes, interactive_figure


def universal_approximation_figure(width=8, steepness=10.0, f=default_target, ax=None):
    """Draw f, its sigmoid-step approximation f_N and, in the title, the sup error.

    Parameters
    ----------
    width : int
        The number N of sigmoid units.
    steepness : float
        The steepness s of each step, in units of the spacing.
    f : callable
        The target on [0, 1], an ndarray of shape (m,) to one of shape (m,).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib Axes
    """

    def approx(x):
        return sigmoid_steps(x, f, width, steepness)

    err = sup_error(approx, f)  # validates width and steepness; 2001 points, as the chapter
    ax = axes(ax, figsize=(5, 3.5))
    x = np.linspace(0.0, 1.0, 801)
    ax.plot(x, f(x), color="k", lw=2, label="target $f(x)$")
    ax.plot(x, approx(x), color="C1", lw=1.5, label=f"{width} sigmoid units")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    ax.set_title(f"N = {width}, steepness {steepness:g}: sup error {err:.3f}")
    ax.legend(loc="lower left", fontsize="small")
    return ax


def _figure_log_steepness(width=8, log10_steepness=1.0, ax=None):
    return universal_approximation_figure(width=width, steepness=10.0**log10_steepness, ax=ax)


def universal_approximation_demo():
    """Sliders for the width N (1 to 128) and the steepness s (10^-1 to 10^3, log scale)."""
    import ipywidgets as widgets

    return interactive_figure(
        _figure_log_steepness,
        figsize=(6, 4),
        width=widgets.IntSlider(value=8, min=1, max=128, step=1, description="width N"),
        log10_steepness=widgets.FloatSlider(value=1.0, min=-1.0, max=3.0, step=0.25, description="log10 s"),
    )


__all__ = ["universal_approximation_figure", "universal_approximation_demo"]
