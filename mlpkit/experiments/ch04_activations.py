"""Chapter 4's experiments: gradients through deep stacks of activations, and universal
approximation built by hand and found by training.

Universal approximation by hand. A continuous f on [lo, hi] is approximated by a
staircase. With N units at the midpoints c_i of N equal intervals, and jumps
Delta_i = f(t_i) - f(t_{i-1})::

    f_N(x) = f(t_0) + sum_i Delta_i sigm(s (x - c_i) / spacing)

which is exactly a network with one hidden layer of N sigmoid units:
W^(1) = s / spacing, b^(1) = -s c_i / spacing, W^(2) = Delta, b^(2) = f(t_0).
The steepness s is measured in units of the spacing, so that with s = 10 each step
rises from 10% to 90% of its height over 2 ln 9 / s, about 0.44 of the distance to the
next one, whatever the width. The same
idea with ReLUs gives the piecewise-linear interpolant of f at the knots t_i.
"""

import numpy as np

from .._validate import as_float_array, check_int, check_real
from ..activations import ReLU, Sigmoid
from ..layers import MLP
from ..losses import MeanSquaredError, SoftmaxCrossEntropy
from ..optim import SGD
from ..training import fit

# -------------------------------------------------------------------------------------
# gradients through a deep stack, at initialisation
# -------------------------------------------------------------------------------------

DEEP_SIZES = [32] + [64] * 10 + [10]


def deep_gradients(activation="sigmoid", init="glorot_uniform", weight_scale=1.0, bias_shift=0.0, seed=0):
    """One backward pass of the cross-entropy through a 10-hidden-layer network at initialisation.

    The network is ``MLP([32] + [64] * 10 + [10], activation, init, seed=seed)`` with every
    weight matrix multiplied by ``weight_scale`` and ``bias_shift`` added to every hidden
    layer's bias; the batch is 256 standard normal inputs with uniform labels in [0, 10),
    drawn from ``seed`` too.

    Parameters
    ----------
    activation : str
        The hidden layers' g (a name `mlpkit.MLP` accepts).
    init : str
        The initialisation of `mlpkit.MLP`.
    weight_scale : float
        Factor c > 0 applied to every weight matrix.
    bias_shift : float
        Constant added to the biases of the hidden layers.
    seed : int
        Seed of the weights and of the batch.

    Returns
    -------
    dict
        ``"grad_W"``: ndarray of shape (11,), ``||grad W^(k)||`` for k = 1 (input side)
        to 11 (output); ``"h_last"``: ndarray of shape (256, 64), the last hidden layer's
        output h^(10).
    """
    weight_scale = check_real(weight_scale, "weight_scale", low=0.0, low_open=True)
    bias_shift = check_real(bias_shift, "bias_shift")
    seed = check_int(seed, "seed", low=0)
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(256, DEEP_SIZES[0])), rng.integers(0, DEEP_SIZES[-1], size=256)
    net = MLP(DEEP_SIZES, activation=activation, init=init, seed=seed)
    for k, layer in enumerate(net.linears):
        layer.W = weight_scale * layer.W
        if k < len(net.linears) - 1:
            layer.b = layer.b + bias_shift
    loss = SoftmaxCrossEntropy()
    loss.forward(net.forward(X), y)
    net.backward(loss.backward())
    return {
        "grad_W": np.array([np.linalg.norm(layer.grad_W) for layer in net.linears]),
        "h_last": net.hidden(X)[-2],
    }


def per_layer_factor(grad_norms):
    """exp of the slope of log ||grad W^(k)|| against k over the hidden layers k = 1..10:
    the factor by which the gradient grows per layer towards the output."""
    grad_norms = as_float_array(grad_norms, "grad_norms", ndim=1)
    k = np.arange(1, 11)
    return float(np.exp(np.polyfit(k, np.log(grad_norms[:10]), 1)[0]))


# -------------------------------------------------------------------------------------
# universal approximation by hand
# -------------------------------------------------------------------------------------


def _target(f, name="f"):
    if not callable(f):
        raise TypeError(f"{name}: expected a function of a 1-D array, got {type(f).__name__}")
    return f


def _interval(lo, hi):
    lo, hi = check_real(lo, "lo"), check_real(hi, "hi")
    if not lo < hi:
        raise ValueError(f"lo, hi: expected lo < hi, got lo={lo}, hi={hi}")
    return lo, hi


def default_target(x):
    """The 1-D function the chapter approximates: sin(2 pi x) + sin(6 pi x) / 2 + x on [0, 1]."""
    x = np.asarray(x, dtype=float)
    return np.sin(2 * np.pi * x) + 0.5 * np.sin(6 * np.pi * x) + x


def step_weights(f, width, steepness=10.0, lo=0.0, hi=1.0):
    """The weights of the one-hidden-layer sigmoid network of the module docstring.

    Parameters
    ----------
    f : callable
        Maps an ndarray of shape (m,) to an ndarray of shape (m,).
    width : int
        The number N >= 1 of hidden units (steps).
    steepness : float
        The slope s > 0 of each step, in units of 1 / spacing.
    lo : float
        Left end of the interval.
    hi : float
        Right end of the interval, ``hi > lo``.

    Returns
    -------
    W1 : ndarray of shape (N, 1)
    b1 : ndarray of shape (N,)
    W2 : ndarray of shape (1, N)
    b2 : ndarray of shape (1,)
    """
    f = _target(f)
    width = check_int(width, "width", low=1)
    steepness = check_real(steepness, "steepness", low=0.0, low_open=True)
    lo, hi = _interval(lo, hi)
    knots = np.linspace(lo, hi, width + 1)  # t_0 .. t_N
    centres = 0.5 * (knots[:-1] + knots[1:])  # c_1 .. c_N
    spacing = (hi - lo) / width
    values = np.asarray(f(knots), dtype=float)
    W1 = np.full((width, 1), steepness / spacing)
    b1 = -steepness * centres / spacing
    W2 = np.diff(values).reshape(1, width)  # the jumps Delta_i
    b2 = values[:1].copy()  # f(t_0)
    return W1, b1, W2, b2


def sigmoid_steps(x, f=default_target, width=8, steepness=10.0, lo=0.0, hi=1.0):
    """f_N(x), the sum of ``width`` sigmoid steps approximating ``f`` on [lo, hi].

    Parameters
    ----------
    x : ndarray of shape (m,)
        Where to evaluate.
    f, width, steepness, lo, hi
        As in `step_weights`.

    Returns
    -------
    ndarray of shape (m,)
    """
    x = as_float_array(x, "x", ndim=1)
    W1, b1, W2, b2 = step_weights(f, width, steepness, lo, hi)
    hidden = Sigmoid.g(x[:, None] @ W1.T + b1)  # h^(1) = sigm(b^(1) + W^(1) x)
    return (hidden @ W2.T + b2)[:, 0]


def relu_interpolant(x, f=default_target, width=8, lo=0.0, hi=1.0):
    """The piecewise-linear interpolant of ``f`` at ``width + 1`` knots, as ``width`` ReLUs.

    f_N(x) = f(t_0) + sum_i (m_i - m_{i-1}) relu(x - t_{i-1}), with m_i the slope on piece
    i and m_0 = 0.

    Parameters
    ----------
    x : ndarray of shape (m,)
        Where to evaluate.
    f : callable
        Maps an ndarray of shape (m,) to an ndarray of shape (m,).
    width : int
        The number N >= 1 of hidden units (pieces).
    lo, hi : float
        The interval, ``lo < hi``.

    Returns
    -------
    ndarray of shape (m,)
    """
    x = as_float_array(x, "x", ndim=1)
    f = _target(f)
    width = check_int(width, "width", low=1)
    lo, hi = _interval(lo, hi)
    knots = np.linspace(lo, hi, width + 1)
    values = np.asarray(f(knots), dtype=float)
    slopes = np.diff(values) / np.diff(knots)
    kinks = np.diff(slopes, prepend=0.0)  # how much the slope changes at t_{i-1}
    return values[0] + ReLU.g(x[:, None] - knots[:-1]) @ kinks


def sup_error(approx, f=default_target, lo=0.0, hi=1.0, n_points=2001):
    """The largest ``abs(approx(x) - f(x))`` over ``n_points`` equally spaced points of [lo, hi].

    Parameters
    ----------
    approx : callable
        Maps an ndarray of shape (m,) to an ndarray of shape (m,).
    f : callable
        The target, same contract.
    lo, hi : float
        The interval, ``lo < hi``.
    n_points : int
        Grid size, at least 2.

    Returns
    -------
    float
    """
    approx, f = _target(approx, "approx"), _target(f)
    n_points = check_int(n_points, "n_points", low=2)
    lo, hi = _interval(lo, hi)
    x = np.linspace(lo, hi, n_points)
    return float(np.max(np.abs(approx(x) - f(x))))


# -------------------------------------------------------------------------------------
# the same by training
# -------------------------------------------------------------------------------------


def train_width(width, seed=0, epochs=300, n_train=200, lr=0.02, momentum=0.9, batch_size=20):
    """Fit ``default_target`` (inputs rescaled to [-1, 1]) with ``MLP([1, width, 1], "tanh")``.

    Squared loss, SGD with momentum. The first layer's weights and biases are drawn
    uniformly in [-8, 8] (so that the units' transitions spread over the interval); the
    output layer keeps Glorot's draw.

    Parameters
    ----------
    width : int
        Hidden units N >= 1.
    seed : int
        Seeds the initial weights and the order of the mini-batches.
    epochs : int
        Passes over the ``n_train`` equally spaced training inputs.
    n_train : int
        Training points in [-1, 1].
    lr, momentum : float
        SGD's learning rate and momentum.
    batch_size : int
        Examples per update.

    Returns
    -------
    dict
        ``"sup_error"``: the largest ``abs(net(x) - f(x))`` on 2001 points of [-1, 1]; ``"train_mse"``:
        the mean squared error on the training points; ``"net"``: the trained `MLP`.
    """
    width = check_int(width, "width", low=1)
    seed = check_int(seed, "seed", low=0)
    x_train = np.linspace(-1, 1, check_int(n_train, "n_train", low=2))[:, None]
    x_test = np.linspace(-1, 1, 2001)[:, None]

    def target(u):
        return default_target((u + 1) / 2)

    net = MLP([1, width, 1], activation="tanh", seed=seed)
    init_rng = np.random.default_rng([seed, 1])
    net.linears[0].W = init_rng.uniform(-8, 8, size=(width, 1))
    net.linears[0].b = init_rng.uniform(-8, 8, size=width)
    opt = SGD(net.parameters(), lr=lr, momentum=momentum)
    fit(
        net,
        MeanSquaredError(),
        opt,
        x_train,
        target(x_train),
        epochs=epochs,
        batch_size=batch_size,
        seed=seed,
    )
    return {
        "sup_error": float(np.max(np.abs(net.forward(x_test) - target(x_test)))),
        "train_mse": float(np.mean((net.forward(x_train) - target(x_train)) ** 2)),
        "net": net,
    }


__all__ = [
    "DEEP_SIZES",
    "deep_gradients",
    "per_layer_factor",
    "default_target",
    "step_weights",
    "sigmoid_steps",
    "relu_interpolant",
    "sup_error",
    "train_width",
]
