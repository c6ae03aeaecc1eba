"""Chapter 11: how the initial scale of the weights shapes a deep network, layer by layer.

For a network with L hidden layers, one forward and one backward pass give, for each
hidden layer k = 1 .. L,

    the activations       h^(k)(x) = g(a^(k)(x))
    the back-propagated   grad_{a^(k)} = dLoss / da^(k)     (what reaches layer k)
    the weight gradients  grad_{W^(k)}

and their spread over a batch tells whether signals shrink, explode or saturate on the
way up (forward) and on the way down (backward) (Glorot and Bengio, 2010).
`statistics_figure` draws the standard deviations per layer for one initial scale and
one depth; `statistics_demo` puts both on sliders.
"""
from typing import NamedTuple

import numpy as np

from .._validate import as_float_array, as_labels, check_int, check_real
from ..init import glorot_uniform
from ..layers import MLP, Linear
from ..losses import SoftmaxCrossEntropy

__all__ = ["LayerStatistics", "layer_statistics", "scaled_glorot", "deep_network",
           "statistics_figure", "statistics_demo"]


class LayerStatistics(NamedTuple):
    """Per-layer statistics of one forward and backward pass; index 0 is hidden layer 1."""

    activation_mean: np.ndarray  #: (L,) mean of h^(k) over the batch and the units
    activation_std: np.ndarray   #: (L,) standard deviation of h^(k)
    saturated: np.ndarray        #: (L,) fraction of units with |g'(a)| below 5 % of its maximum
    gradient_std: np.ndarray     #: (L,) standard deviation of dLoss / da^(k)
    weight_grad_std: np.ndarray  #: (L + 1,) standard deviation of dLoss / dW^(k), k = 1 .. L + 1


def layer_statistics(net, X, y):
    """Activation and gradient statistics of every hidden layer, for the batch (X, y).

    Parameters
    ----------
    net : MLP
        Linear layers alternating with activations, a linear output layer.
    X : (n, d) array;  y : (n,) int labels
        The loss is the mean softmax cross-entropy over the batch.

    Returns
    -------
    LayerStatistics
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net: expected an mlpkit MLP, got {type(net).__name__}")
    X = as_float_array(X, "X", ndim=2, dtype=net.dtype, n_features=net.n_inputs)
    y = as_labels(y, "y", n=X.shape[0], n_classes=net.sizes[-1])
    loss = SoftmaxCrossEntropy()
    h, hidden = X, []
    for layer in net.layers:
        h = layer.forward(h)
        if not isinstance(layer, Linear):
            hidden.append(h)
    loss.forward(h, y)
    grad, grad_a = loss.backward(), []
    for layer in reversed(net.layers):
        if isinstance(layer, Linear):
            grad_a.append(grad)  # dLoss/da for this Linear layer's output
        grad = layer.backward(grad)
    grad_a = grad_a[::-1][:-1]  # hidden layers 1..L (drop the output layer's)
    slope = {"tanh": lambda h: 1.0 - h * h, "sigmoid": lambda h: 4.0 * h * (1.0 - h),
             "relu": lambda h: (h > 0).astype(float)}.get(net.activation, lambda h: np.ones_like(h))
    return LayerStatistics(
        activation_mean=np.array([a.mean() for a in hidden]),
        activation_std=np.array([a.std() for a in hidden]),
        saturated=np.array([np.mean(slope(a) < 0.05) for a in hidden]),
        gradient_std=np.array([g.std() for g in grad_a]),
        weight_grad_std=np.array([lin.grad_W.std() for lin in net.linears]),
    )


def scaled_glorot(gain):
    """U[-gain b, gain b] with the slides' b = sqrt(6) / sqrt(H_k + H_{k-1}); gain 1 is the recipe."""
    gain = check_real(gain, "gain", low=0.0, low_open=True)

    def init(shape, rng, dtype=np.float64):
        return gain * glorot_uniform(shape, rng, dtype)

    init.__name__ = f"glorot_uniform x {gain:g}"
    return init


def deep_network(depth=5, width=100, activation="tanh", gain=1.0, n_in=40, n_out=10, seed=0):
    """An MLP with ``depth`` hidden layers of ``width`` units, initialised with `scaled_glorot`."""
    depth = check_int(depth, "depth", low=1)
    width = check_int(width, "width", low=1)
    return MLP([n_in] + [width] * depth + [n_out], activation=activation, init=scaled_glorot(gain), seed=seed)


def _default_batch(n=500):
    from ..data import mnist1d
    X, y, _, _ = mnist1d()
    return X[:n], y[:n]


def statistics_figure(gain=1.0, depth=5, activation="tanh", width=100, X=None, y=None, seed=0, ax=None):
    """Plot, per hidden layer, the spread of the activations and of the back-propagated gradients.

    Parameters
    ----------
    gain : float > 0
        Multiplies the slides' bound b (1 = Glorot's recipe).
    depth : int >= 1
        Number of hidden layers.
    activation : "tanh", "sigmoid" or "relu"
    width : int
    X, y : a batch (default: the first 500 MNIST-1D training examples)
    ax : matplotlib axes, optional

    Returns
    -------
    ax
    """
    import matplotlib.pyplot as plt

    if X is None or y is None:
        X, y = _default_batch()
    X = as_float_array(X, "X", ndim=2)
    net = deep_network(depth, width, activation, gain, n_in=X.shape[1], n_out=int(np.max(y)) + 1, seed=seed)
    stats = layer_statistics(net, X, y)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.5))
    layers = np.arange(1, depth + 1)
    # relative to layer 1, so both curves share an axis: what matters is the trend with depth
    ax.plot(layers, stats.activation_std / stats.activation_std[0], "o-", label="std of $h^{(k)}$ (forward)")
    ax.plot(layers, stats.gradient_std / stats.gradient_std[0], "s--",
            label=r"std of $\nabla_{a^{(k)}}$ (backward)")
    ax.set_yscale("log")
    ax.set_ylim(1e-3, 1e3)
    ax.set_xticks(layers if depth <= 10 else layers[::max(1, depth // 10)])
    ax.axhline(1.0, color="grey", lw=0.8)
    ax.set_xlabel("hidden layer $k$")
    ax.set_ylabel("std relative to layer 1")
    ax.set_title(f"{activation}, gain {gain:.2g} x Glorot, depth {depth}")
    ax.legend(fontsize=8, loc="upper left")
    return ax


def statistics_demo():
    """Sliders for the initial scale (gain x Glorot's b) and the depth; a menu for g."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    X, y = _default_batch()

    def show(gain=1.0, depth=5, activation="tanh"):
        statistics_figure(gain=gain, depth=depth, activation=activation, X=X, y=y)
        plt.show()

    return widgets.interactive(
        show,
        gain=widgets.FloatLogSlider(value=1.0, base=10, min=-1, max=1, step=0.05, description="gain"),
        depth=widgets.IntSlider(value=5, min=1, max=20, description="depth"),
        activation=widgets.Dropdown(options=["tanh", "sigmoid", "relu"], value="tanh", description="g"),
    )
