"""Demos of chapters 3 and 6: the gradient that backprop carries down, and checking it.

Chapter 3's knob is the depth L. ``layer_gradients_figure`` plots ||grad W^(k)||_F for
every layer k of ``MLP([2, 8, ..., 8, 2])`` with L hidden layers, for tanh and for sigmoid
hidden units, as `mlpkit.experiments.ch03_backpropagation.layer_gradient_norms` measures them.

Chapter 6's knob is epsilon (and the float type). ``gradcheck_figure`` plots the centred
finite difference of every parameter entry of chapter 6's network against backprop's
gradient, from `mlpkit.experiments.ch06_gradient_checking.finite_difference_check`; an
inset places epsilon on the V-shaped curve of the relative error (`v_curve`).
"""

import numpy as np

from ..experiments.ch03_backpropagation import layer_gradient_norms
from ..experiments.ch06_gradient_checking import finite_difference_check, v_curve
from ._common import axes, interactive_figure

DEPTH_MAX = 10  # the chapter 3 slider's range of L
EPS_MIN_EXP, EPS_MAX_EXP = -15.0, 0.0  # the chapter 6 slider, log10(eps)


# ------------------------------------------------------------------ chapter 3: depth


def layer_gradients_figure(depth=4, ax=None):
    """Plot ||grad W^(k)||_F against the layer k for a tanh and a sigmoid network of depth L.

    The y axis is logarithmic; the title gives, for each activation, the ratio of the first
    layer's gradient norm to the output layer's (one initialisation, seed 0).

    Parameters
    ----------
    depth : int
        The number L of hidden layers (checked by `layer_gradient_norms`).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    ax : matplotlib Axes
    """
    ratios, curves = {}, {}
    for activation in ("tanh", "sigmoid"):
        curves[activation] = layer_gradient_norms(depth, activation)
        ratios[activation] = curves[activation][0] / curves[activation][-1]
    ax = axes(ax, (5, 3.8))
    layers = np.arange(1, depth + 2)
    for activation, colour, style in (("tanh", "C0", "o-"), ("sigmoid", "C1", "s--")):
        ax.semilogy(
            layers,
            curves[activation],
            style,
            color=colour,
            label=f"{activation}, $g' \\leq$ " + ("1" if activation == "tanh" else "1/4"),
        )
    ax.set_xticks(layers)
    ax.set_xlabel("layer $k$ (backprop runs from $L+1$ down to 1)")
    ax.set_ylabel(r"$\|\nabla_{\mathbf{W}^{(k)}} l\|_F$")
    ax.set_title(
        f"L = {depth}: first / output layer gradient\n"
        f"tanh {ratios['tanh']:.2g}, sigmoid {ratios['sigmoid']:.2g}",
        fontsize=10,
    )
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(True, which="major", alpha=0.3)
    return ax


def layer_gradients_demo():
    """A slider on the depth L (1 to 10) redrawing `layer_gradients_figure`."""
    import ipywidgets as widgets

    slider = widgets.IntSlider(value=4, min=1, max=DEPTH_MAX, description="depth L", continuous_update=False)
    return interactive_figure(layer_gradients_figure, figsize=(5.5, 4), depth=slider)


# ------------------------------------------------------------------ chapter 6: epsilon


def gradcheck_figure(eps=1e-6, dtype="float64", ax=None):
    """How far the centred difference with step ``eps`` is from backprop, entry by entry.

    Each dot is one entry of W^(1), b^(1), W^(2) or b^(2): backprop's derivative on the x
    axis, |finite difference - backprop| on a log y axis (zeros drawn at 1e-17). The dashed
    line is 1e-7 times the largest derivative: every dot below it means a relative error
    below 1e-7. The title gives the largest relative error over the parameters (what
    `mlpkit.gradcheck` reports); an inset marks ``eps`` on the V of that error against
    epsilon.

    Parameters
    ----------
    eps : float
        The step (checked by `finite_difference_check`).
    dtype : str or numpy type
        ``"float64"`` or ``"float32"``.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    ax : matplotlib Axes
    """
    check = finite_difference_check(eps, dtype)
    dtype_name = np.dtype(dtype).name
    eps_grid, curve = v_curve(dtype_name)
    ax = axes(ax, (5, 4.4))
    scale = max(np.max(np.abs(a)) for a in check["analytic"].values())
    for (name, a), colour, marker in zip(check["analytic"].items(), ["C0", "C1", "C2", "C4"], "os^D"):
        gap = np.abs(check["numeric"][name] - a)
        ax.scatter(a, np.maximum(gap, 1e-17), s=18, color=colour, marker=marker, label=name, zorder=2)
    ax.axhline(1e-7 * scale, color="k", ls="--", lw=1, label="relative error $10^{-7}$")
    ax.set_yscale("log")
    ax.set_ylim(1e-18, 1e6)  # headroom above the largest gaps (about 1) for the legend
    ax.set_xlabel("backprop derivative")
    ax.set_ylabel("|finite difference $-$ backprop|")
    worst = max(check["errors"].values())
    ax.set_title(f"{dtype_name}, $\\epsilon$ = {eps:.0e}: relative error {worst:.1e}", fontsize=10)
    ax.legend(fontsize=7, loc="upper left", ncol=2)
    inset = ax.inset_axes([0.66, 0.05, 0.31, 0.24])
    inset.loglog(eps_grid, np.maximum(curve, 1e-16), color="0.3", lw=1)
    inset.loglog([eps], [max(worst, 1e-16)], "o", color="C2", ms=5)
    inset.set_xlabel(r"$\epsilon$", fontsize=7, labelpad=0)
    inset.set_ylabel("rel. error", fontsize=7, labelpad=0)
    inset.tick_params(labelsize=6)
    inset.set_xticks([1e-15, 1e-10, 1e-5, 1.0])
    return ax


def gradcheck_demo():
    """A log-scale slider on epsilon (1e-15 to 1) and a float-type menu, redrawing `gradcheck_figure`."""
    import ipywidgets as widgets

    slider = widgets.FloatLogSlider(
        value=1e-6,
        base=10,
        min=EPS_MIN_EXP,
        max=EPS_MAX_EXP,
        step=0.5,
        description="epsilon",
        readout_format=".0e",
        continuous_update=False,
    )
    menu = widgets.Dropdown(options=["float64", "float32"], value="float64", description="dtype")
    return interactive_figure(gradcheck_figure, figsize=(5.5, 4.8), eps=slider, dtype=menu)


__all__ = ["layer_gradients_figure", "layer_gradients_demo", "gradcheck_figure", "gradcheck_demo"]
