"""Chapter 11's experiments: how the initial scale of the weights shapes a deep network.

For a network with L hidden layers, one forward and one backward pass give, for each
hidden layer k = 1 .. L,

    the activations       h^(k)(x) = g(a^(k)(x))
    the back-propagated   grad_{a^(k)} = dLoss / da^(k)     (what reaches layer k)
    the weight gradients  grad_{W^(k)} = grad_{a^(k)} h^(k-1)T

and their spread over a batch tells whether signals shrink, explode or saturate on the
way up (forward) and on the way down (backward) (Glorot and Bengio, 2010).
`layer_statistics` measures them for one network and one batch; `train_from_init` trains
a deep network from a given initialiser on MNIST-1D and keeps the statistics before and
after, and its test accuracy, for one seed (the chapter averages several seeds).
"""

from typing import NamedTuple

import numpy as np

from .._validate import as_labels, check_int, check_real
from ..activations import Sigmoid
from ..init import get_initializer, scaled_glorot
from ..layers import MLP, Linear
from ..losses import SoftmaxCrossEntropy
from ..module import Module
from ..optim import SGD
from ..training import fit
from ._common import read_only_cache

__all__ = [
    "LayerStatistics",
    "layer_statistics",
    "deep_network",
    "InitRun",
    "train_from_init",
    "mnist1d_batch",
    "CentredSigmoid",
    "layer_activations",
]


class CentredSigmoid(Module):
    """g(a) = sigm(a) - 1/2 = tanh(a / 2) / 2: the sigmoid's slope 1/4 at 0, without its mean 1/2.

    It separates the sigmoid's two departures from tanh (the slope and the non-zero mean);
    pass the class as ``activation`` to `train_from_init` or `mlpkit.MLP`.
    """

    @staticmethod
    def g(a):
        return Sigmoid.g(a) - 0.5

    @staticmethod
    def g_prime(a):
        return Sigmoid.g_prime(a)

    def forward(self, a):
        self.s = Sigmoid.g(a)
        return self.s - 0.5

    def backward(self, grad_h):
        return grad_h * self.s * (1.0 - self.s)


class LayerStatistics(NamedTuple):
    """Per-layer statistics of one forward and backward pass; index 0 is hidden layer 1."""

    activation_mean: np.ndarray  #: (L,) mean of h^(k) over the batch and the units
    activation_std: np.ndarray  #: (L,) standard deviation of h^(k)
    saturated: np.ndarray  #: (L,) fraction of units with g'(a) below 5 % of g's largest slope
    gradient_std: np.ndarray  #: (L,) standard deviation of dLoss / da^(k)
    weight_grad_std: np.ndarray  #: (L + 1,) standard deviation of dLoss / dW^(k), k = 1 .. L + 1


def _peak_slope(activation):
    """The largest g'(a) of tanh, sigmoid, ReLU and the identity: reached at (or just right of) a = 0."""
    return float(np.max(activation.g_prime(np.array([-1e-12, 0.0, 1e-12]))))


def layer_statistics(net, X, y):
    """Activation and gradient statistics of every hidden layer, for the batch (X, y).

    The slopes g'(a^(k)) come from the network's own activation modules
    (`mlpkit.activations`), applied to the pre-activations of the forward pass.

    Parameters
    ----------
    net : MLP
        Linear layers alternating with activations, a linear output layer.
    X : ndarray of shape (n, d)
        The batch's inputs.
    y : ndarray of shape (n,)
        Integer labels in [0, C); the loss is the mean softmax cross-entropy over the batch.

    Returns
    -------
    LayerStatistics
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net: expected an mlpkit MLP, got {type(net).__name__}")
    X = net.check_inputs(X)
    y = as_labels(y, "y", n=X.shape[0], n_classes=net.sizes[-1])
    loss = SoftmaxCrossEntropy()
    h, hidden, slopes = X, [], []
    for layer in net.layers:
        out = layer.forward(h)
        if not isinstance(layer, Linear):  # an activation: h = g(a), with a = its input
            hidden.append(out)
            slopes.append(layer.g_prime(h) / _peak_slope(layer))
        h = out
    loss.forward(h, y)
    grad, grad_a = loss.backward(), []
    for layer in reversed(net.layers):
        if isinstance(layer, Linear):
            grad_a.append(grad)  # dLoss/da for this Linear layer's output
        grad = layer.backward(grad)
    grad_a = grad_a[::-1][:-1]  # hidden layers 1..L (drop the output layer's)
    return LayerStatistics(
        activation_mean=np.array([a.mean() for a in hidden]),
        activation_std=np.array([a.std() for a in hidden]),
        saturated=np.array([np.mean(s < 0.05) for s in slopes]),
        gradient_std=np.array([g.std() for g in grad_a]),
        weight_grad_std=np.array([lin.grad_W.std() for lin in net.linears]),
    )


def layer_activations(net, X):
    """The activations h^(1) .. h^(L) of every hidden layer for the batch X, one forward pass.

    Parameters
    ----------
    net : MLP
        Linear layers alternating with activations, a linear output layer.
    X : ndarray of shape (n, d)
        The batch's inputs.

    Returns
    -------
    list of ndarray of shape (n, H_k)
        One per hidden layer, k = 1 .. L.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net: expected an mlpkit MLP, got {type(net).__name__}")
    h, hidden = net.check_inputs(X), []
    for layer in net.layers:
        h = layer.forward(h)
        if not isinstance(layer, Linear):
            hidden.append(h)
    return hidden


def deep_network(depth=5, width=100, activation="tanh", gain=1.0, n_in=40, n_out=10, seed=0):
    """An MLP with ``depth`` hidden layers of ``width`` units, initialised with `mlpkit.init.scaled_glorot`.

    Parameters
    ----------
    depth : int >= 1
        Number of hidden layers L.
    width : int >= 1
        Units per hidden layer.
    activation : str
        The hidden layers' g (``"tanh"``, ``"sigmoid"``, ``"relu"``, ...).
    gain : float > 0
        Multiple of the slides' bound b (1 is Glorot's recipe).
    n_in : int
        Input size d.
    n_out : int
        Number of classes C.
    seed : int
        Seed of the initial weights.

    Returns
    -------
    MLP
    """
    depth = check_int(depth, "depth", low=1)
    width = check_int(width, "width", low=1)
    return MLP([n_in] + [width] * depth + [n_out], activation=activation, init=scaled_glorot(gain), seed=seed)


def mnist1d_batch(n=500):
    """The first ``n`` MNIST-1D training examples, ``(X, y)``: the batch the statistics are measured on."""
    from ..data import mnist1d

    n = check_int(n, "n", low=1, high=4000)
    X, y, _, _ = mnist1d()
    return X[:n], y[:n]


class InitRun(NamedTuple):
    """One network trained from one initialiser and one seed."""

    before: LayerStatistics  #: statistics at initialisation
    after: LayerStatistics  #: statistics after training
    test_accuracy: float  #: accuracy on MNIST-1D's 1000 test signals (nan if training diverged)


def train_from_init(
    activation, init, depth=5, width=100, seed=0, epochs=10, lr=0.05, n_train=2000, batch_size=32
):
    """Train a deep MLP on MNIST-1D from the initialiser ``init`` and measure it before and after.

    The network has ``depth`` hidden layers of ``width`` units; it is trained with SGD
    (momentum 0.9) on the first ``n_train`` training signals for ``epochs`` epochs. Its
    statistics (`layer_statistics`) are measured on the first 1000 training signals before
    and after training. A run whose loss diverges returns NaN statistics after training and
    NaN test accuracy, instead of raising. Results are cached.

    Parameters
    ----------
    activation : str or Module class
        The hidden layers' g (a name, or a class such as `CentredSigmoid`).
    init : str or callable
        A name of `mlpkit.init.INITIALIZERS` or an initialiser ``init(shape, rng, dtype)``.
    depth : int >= 1
        Number of hidden layers.
    width : int >= 1
        Units per hidden layer.
    seed : int
        Seeds the initial weights and the order of the examples.
    epochs : int >= 0
        Passes over the training signals (0: no training).
    lr : float > 0
        SGD's learning rate.
    n_train : int in [1, 4000]
        How many training signals to train on.
    batch_size : int >= 1
        Examples per update.

    Returns
    -------
    InitRun
    """
    get_initializer(init)
    depth = check_int(depth, "depth", low=1)
    width = check_int(width, "width", low=1)
    epochs = check_int(epochs, "epochs", low=0)
    lr = check_real(lr, "lr", low=0.0, low_open=True)
    n_train = check_int(n_train, "n_train", low=1, high=4000)
    batch_size = check_int(batch_size, "batch_size", low=1)
    return _train_from_init(activation, init, depth, width, seed, epochs, lr, n_train, batch_size)


@read_only_cache(maxsize=64)
def _train_from_init(activation, init, depth, width, seed, epochs, lr, n_train, batch_size):
    from ..data import mnist1d
    from ..training import DivergenceError

    X, y, X_test, y_test = mnist1d()
    net = MLP([40] + [width] * depth + [10], activation=activation, init=init, seed=seed)
    before = layer_statistics(net, X[:1000], y[:1000])
    try:
        if epochs > 0:
            fit(
                net,
                SoftmaxCrossEntropy(),
                SGD(net.parameters(), lr=lr, momentum=0.9),
                X[:n_train],
                y[:n_train],
                epochs=epochs,
                batch_size=batch_size,
                seed=seed,
            )
    except DivergenceError:
        nan = LayerStatistics(*(np.full(len(s), np.nan) for s in before))
        return InitRun(before, nan, float("nan"))
    return InitRun(before, layer_statistics(net, X[:1000], y[:1000]), float(net.score(X_test, y_test)))
