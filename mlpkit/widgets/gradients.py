"""Demos of chapters 3 and 6: the gradient that backprop carries down, and checking it.

Chapter 3's knob is the depth L. ``layer_gradients_figure`` builds ``MLP([2, 8, ..., 8, 2])``
with L hidden layers on 64 two-moons points, runs one forward and one backward pass, and
plots ||grad W^(k)||_F for every layer k, for tanh and for sigmoid hidden units: each step
of the backward loop multiplies by W^(k)T and by g'(a), which is at most 1 for tanh and
at most 1/4 for the sigmoid.

Chapter 6's knob is epsilon (and the float type). ``gradcheck_figure`` computes the
centred finite difference of every parameter entry of chapter 6's network
(``MLP([2, 8, 2])``, tanh, on the same 64 points) and plots it against backprop's
gradient; an inset places epsilon on the V-shaped curve of the relative error.
"""
import functools

import numpy as np

from .._validate import check_dtype, check_int, check_real
from . import interactive_figure

DEPTH_MAX = 10          # the chapter 3 slider's range of L
WIDTH = 8
N_POINTS = 64
EPS_MIN_EXP, EPS_MAX_EXP = -15.0, 0.0   # the chapter 6 slider, log10(eps)
V_CURVE_EPS = np.logspace(EPS_MIN_EXP, EPS_MAX_EXP, 31)


def _axes(ax, figsize):
    if ax is None:
        import matplotlib.pyplot as plt
        _, ax = plt.subplots(figsize=figsize)
    return ax


@functools.lru_cache(maxsize=1)
def _moons():
    from ..data import moons
    X, y = moons(N_POINTS, seed=0)
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y


# ------------------------------------------------------------------ chapter 3: depth

@functools.lru_cache(maxsize=64)
def _layer_gradient_norms(depth, activation):
    from ..layers import MLP
    from ..losses import SoftmaxCrossEntropy
    X, y = _moons()
    net = MLP([2] + [WIDTH] * depth + [2], activation=activation, seed=0)
    loss = SoftmaxCrossEntropy()
    loss.forward(net.forward(X), y)
    net.backward(loss.backward())
    return tuple(float(np.linalg.norm(layer.grad_W)) for layer in net.linears)


def layer_gradient_norms(depth, activation="tanh"):
    """||grad_{W^(k)} l||_F for k = 1, ..., L+1, by backprop, for the mean cross-entropy of
    ``MLP([2] + [8] * depth + [2], activation, seed=0)`` on ``moons(64, seed=0)``.

    Parameters
    ----------
    depth : int in [1, 20], the number L of hidden layers
    activation : ``"tanh"`` or ``"sigmoid"``

    Returns
    -------
    norms : (L + 1,) array, entry k-1 for layer k (the input layer first)
    """
    depth = check_int(depth, "depth", low=1, high=20)
    if activation not in ("tanh", "sigmoid"):
        raise ValueError(f"activation: expected 'tanh' or 'sigmoid', got {activation!r}")
    return np.array(_layer_gradient_norms(depth, activation))


def layer_gradients_figure(depth=4, ax=None):
    """Plot ||grad W^(k)||_F against the layer k for a tanh and a sigmoid network of depth L.

    The y axis is logarithmic; the title gives, for each activation, the ratio of the first
    layer's gradient norm to the output layer's. Returns the axes.
    """
    depth = check_int(depth, "depth", low=1, high=20)
    ax = _axes(ax, (5, 3.8))
    layers = np.arange(1, depth + 2)
    ratios = {}
    for activation, colour in (("tanh", "C0"), ("sigmoid", "C1")):
        norms = layer_gradient_norms(depth, activation)
        ratios[activation] = norms[0] / norms[-1]
        ax.semilogy(layers, norms, "o-", color=colour, label=f"{activation}, $g' \\leq$ "
                    + ("1" if activation == "tanh" else "1/4"))
    ax.set_xticks(layers)
    ax.set_xlabel("layer $k$ (backprop runs from $L+1$ down to 1)")
    ax.set_ylabel(r"$\|\nabla_{\mathbf{W}^{(k)}} l\|_F$")
    ax.set_title(f"L = {depth}: first / output layer gradient\n"
                 f"tanh {ratios['tanh']:.2g}, sigmoid {ratios['sigmoid']:.2g}", fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(True, which="major", alpha=0.3)
    return ax


def layer_gradients_demo():
    """A slider on the depth L (1 to 10) redrawing `layer_gradients_figure`."""
    import ipywidgets as widgets

    slider = widgets.IntSlider(value=4, min=1, max=DEPTH_MAX, description="depth L", continuous_update=False)
    return interactive_figure(layer_gradients_figure, figsize=(5.5, 4), depth=slider)


# ------------------------------------------------------------------ chapter 6: epsilon

def _check_float_type(dtype):
    if isinstance(dtype, str) and dtype in ("float32", "float64"):
        return np.dtype(dtype)
    return check_dtype(dtype, "dtype")


@functools.lru_cache(maxsize=256)
def _finite_differences(eps, dtype_name):
    from ..gradcheck import numerical_gradient
    from ..layers import MLP
    from ..losses import SoftmaxCrossEntropy
    dtype = np.dtype(dtype_name)
    X, y = _moons()
    Xd = X.astype(dtype)
    net = MLP([2, WIDTH, 2], activation="tanh", seed=0, dtype=dtype)
    loss = SoftmaxCrossEntropy()
    loss.forward(net.forward(Xd), y)
    net.backward(loss.backward())
    names = [p.name for p in net.parameters()]
    analytic = [p.grad.astype(np.float64).ravel() for p in net.parameters()]

    def f():
        return loss.forward(net.forward(Xd), y)

    numeric = []
    for p in net.parameters():
        column = np.empty(p.value.size)
        for i in range(p.value.size):
            try:
                column[i] = numerical_gradient(f, p.value, eps=eps, entries=np.array([i]))[0]
            except ValueError:      # x + eps == x - eps in this float type: the perturbation is lost
                column[i] = 0.0
        numeric.append(column)
    return tuple(names), tuple(analytic), tuple(numeric)


def finite_difference_check(eps=1e-6, dtype="float64"):
    """Backprop against centred differences with step ``eps`` for chapter 6's network.

    The network is ``MLP([2, 8, 2], activation="tanh", seed=0, dtype=dtype)`` with the mean
    cross-entropy on ``moons(64, seed=0)``. Where ``x + eps`` and ``x - eps`` round to the
    same number in ``dtype``, the difference is 0 (the perturbation is lost).

    Parameters
    ----------
    eps : float in (0, 1]
    dtype : ``"float64"`` or ``"float32"`` (or the numpy types)

    Returns
    -------
    dict with ``"analytic"`` and ``"numeric"``: ``{parameter name: 1-D float64 array}``, and
    ``"errors"``: ``{parameter name: relative error}`` as `mlpkit.relative_error` computes it.
    """
    from ..gradcheck import relative_error
    eps = check_real(eps, "eps", low=0.0, high=1.0, low_open=True)
    dtype = _check_float_type(dtype)
    names, analytic, numeric = _finite_differences(eps, dtype.name)
    return {"analytic": {n: a.copy() for n, a in zip(names, analytic)},
            "numeric": {n: g.copy() for n, g in zip(names, numeric)},
            "errors": {n: relative_error(a, g) for n, a, g in zip(names, analytic, numeric)}}


@functools.lru_cache(maxsize=2)
def _v_curve(dtype_name):
    return np.array([max(finite_difference_check(e, dtype_name)["errors"].values()) for e in V_CURVE_EPS])


def gradcheck_figure(eps=1e-6, dtype="float64", ax=None):
    """How far the centred difference with step ``eps`` is from backprop, entry by entry.

    Each dot is one entry of W^(1), b^(1), W^(2) or b^(2): backprop's derivative on the x
    axis, |finite difference - backprop| on a log y axis (zeros drawn at 1e-17). The dashed
    line is 1e-7 times the largest derivative: every dot below it means a relative error
    below 1e-7. The title gives the largest relative error over the parameters (what
    `mlpkit.gradcheck` reports); an inset marks ``eps`` on the V of that error against
    epsilon. Returns the axes.
    """
    check = finite_difference_check(eps, dtype)
    dtype = _check_float_type(dtype)
    ax = _axes(ax, (5, 4.4))
    scale = max(np.max(np.abs(a)) for a in check["analytic"].values())
    for (name, a), colour in zip(check["analytic"].items(), ["C0", "C1", "C2", "C3"]):
        gap = np.abs(check["numeric"][name] - a)
        ax.scatter(a, np.maximum(gap, 1e-17), s=18, color=colour, label=name, zorder=2)
    ax.axhline(1e-7 * scale, color="k", ls="--", lw=1, label="relative error $10^{-7}$")
    ax.set_yscale("log")
    ax.set_ylim(1e-18, 10.0)
    ax.set_xlabel("backprop derivative")
    ax.set_ylabel("|finite difference $-$ backprop|")
    worst = max(check["errors"].values())
    ax.set_title(f"{dtype.name}, $\\epsilon$ = {eps:.0e}: relative error {worst:.1e}", fontsize=10)
    ax.legend(fontsize=7, loc="upper left", ncol=2)
    inset = ax.inset_axes([0.66, 0.05, 0.31, 0.24])
    curve = _v_curve(dtype.name)
    inset.loglog(V_CURVE_EPS, np.maximum(curve, 1e-16), color="0.3", lw=1)
    inset.loglog([eps], [max(worst, 1e-16)], "o", color="C3", ms=5)
    inset.set_xlabel(r"$\epsilon$", fontsize=7, labelpad=0)
    inset.set_ylabel("rel. error", fontsize=7, labelpad=0)
    inset.tick_params(labelsize=6)
    inset.set_xticks([1e-15, 1e-10, 1e-5, 1.0])
    return ax


def gradcheck_demo():
    """A log-scale slider on epsilon (1e-15 to 1) and a float-type menu, redrawing `gradcheck_figure`."""
    import ipywidgets as widgets

    slider = widgets.FloatLogSlider(value=1e-6, base=10, min=EPS_MIN_EXP, max=EPS_MAX_EXP, step=0.5,
                                    description="epsilon", readout_format=".0e", continuous_update=False)
    menu = widgets.Dropdown(options=["float64", "float32"], value="float64", description="dtype")
    return interactive_figure(gradcheck_figure, figsize=(5.5, 4.8), eps=slider, dtype=menu)


__all__ = ["layer_gradient_norms", "layer_gradients_figure", "layer_gradients_demo",
           "finite_difference_check", "gradcheck_figure", "gradcheck_demo"]
