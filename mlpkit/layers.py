"""Linear layers and their composition into a multilayer network.

Slides' notation, with batches as rows: layer k has W^(k) of shape (H_k, H_{k-1}) and
b^(k) of shape (H_k,). For one example a^(k) = b^(k) + W^(k) h^(k-1); for a batch H of
shape (n, H_{k-1}) the same line reads A = H W^T + b.

`Linear.forward` and `Linear.backward` are the slides' equations and nothing else. The
inputs are checked once, where they enter a network (`Sequential.forward`, `predict`,
`score`, `mlpkit.fit`); a layer used on its own trusts its caller.
"""

import math

import numpy as np

from ._validate import as_float_array, as_labels, check_dtype, check_int, check_seed
from .activations import get_activation
from .init import get_initializer, zeros
from .losses import softmax
from .module import Module, Parameter, WeightLayer


class Linear(WeightLayer):
    """a = b + W h.

    Parameters
    ----------
    n_in : int
        H_{k-1}, the width of the layer below.
    n_out : int
        H_k, the width of this layer.
    init : str or callable
        Weight initializer (see `mlpkit.init`); biases start at zero.
    seed : int or np.random.Generator
        Source of the initial weights.
    dtype : np.float32 or np.float64
        The dtype of W and b.

    Examples
    --------
    >>> layer = Linear(3, 2, seed=0)
    >>> layer.W.shape, layer.b.shape              # W^(k) is (H_k, H_{k-1})
    ((2, 3), (2,))
    >>> a = layer.forward(np.ones((4, 3)))        # four examples, one per row
    >>> grad_h = layer.backward(np.ones((4, 2)))
    >>> a.shape, grad_h.shape, layer.grad_W.shape
    ((4, 2), (4, 3), (2, 3))
    """

    def __init__(self, n_in, n_out, init="glorot_uniform", seed=0, dtype=np.float64):
        self.n_in = check_int(n_in, "n_in", low=1)
        self.n_out = check_int(n_out, "n_out", low=1)
        dtype = check_dtype(dtype)
        W = np.asarray(get_initializer(init)((self.n_out, self.n_in), check_seed(seed), dtype), dtype=dtype)
        if W.shape != (self.n_out, self.n_in):
            raise ValueError(f"init: expected it to return shape {(self.n_out, self.n_in)}, got {W.shape}")
        self.weight = Parameter(np.ascontiguousarray(W), name="W", regularize=True)
        self.bias = Parameter(zeros((self.n_out,), dtype=dtype), name="b", regularize=False)

    def forward(self, h):
        """h : (n, H_{k-1}) -> a : (n, H_k)."""
        self.h = h  # kept for backward
        return h @ self.W.T + self.b  # a = b + W h, one example per row

    def backward(self, grad_a):
        """grad_a : (n, H_k) -> grad_h : (n, H_{k-1}); fills grad_W and grad_b."""
        self.grad_W = grad_a.T @ self.h  # grad_W = (grad_a) h^T, summed over the batch
        self.grad_b = grad_a.sum(axis=0)  # grad_b = grad_a, summed over the batch
        return grad_a @ self.W  # grad_h = W^T (grad_a), one example per row

    def backward_params(self, grad_a):
        """`backward` without grad_h: only grad_W and grad_b (see `Module.backward_params`).

        A subclass that redefines `backward` (a planted bug, another parameterisation) is
        run through its own `backward`, so that training always uses the gradient it defines.
        """
        if type(self).backward is not Linear.backward:
            return super().backward_params(grad_a)
        self.grad_W = grad_a.T @ self.h
        self.grad_b = grad_a.sum(axis=0)

    def config(self):
        return {"n_in": self.n_in, "n_out": self.n_out, "dtype": self.W.dtype.name}


class Sequential(Module):
    """Modules applied in order; backward walks them in reverse order.

    Parameters are renamed after the slides: the k-th layer with parameters holds ``W{k}``
    and ``b{k}``.

    Attributes
    ----------
    layers : list of Module
        The modules, in order.
    dtype : numpy dtype
        The dtype of the parameters (float64 for a network without any).
    n_inputs : int or None
        d, the number of input columns (None when no layer fixes it).
    """

    def __init__(self, *modules):
        if len(modules) == 1 and isinstance(modules[0], (list, tuple)):
            modules = tuple(modules[0])
        if not modules:
            raise ValueError("modules: expected at least one module, got none")
        for i, m in enumerate(modules):
            if not isinstance(m, Module):
                raise TypeError(f"modules[{i}]: expected a Module, got {type(m).__name__}")
        self.layers = list(modules)
        params = self.parameters()
        self.dtype = params[0].value.dtype if params else np.dtype(np.float64)
        self.n_inputs = next((m.n_in for m in self.layers if hasattr(m, "n_in")), None)
        k = 0
        for m in self.layers:
            params = m.parameters()
            if params:
                k += 1
                for p in params:
                    p.name = f"{p.name.rstrip('0123456789')}{k}"

    def forward(self, x):
        """x : (n, d) -> the output of the last module: each module's output is the next one's input."""
        x = self.check_inputs(x)  # the one check, where the data enters the network
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad):
        """The gradient of the output -> that of the input; fills every parameter's grad."""
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return grad

    def backward_params(self, grad):
        """`backward` without the gradient with respect to the data (what `mlpkit.fit` calls).

        The same walk in reverse order, except that the first layer only fills its
        parameters' gradients (`Module.backward_params`).
        """
        for layer in reversed(self.layers[1:]):
            grad = layer.backward(grad)
        self.layers[0].backward_params(grad)

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def check_inputs(self, X, name="X"):
        """``X`` as a C-contiguous finite (n, d) array of the network's dtype, or a clear error."""
        if (
            isinstance(X, np.ndarray)
            and X.dtype == self.dtype
            and X.ndim == 2
            and X.shape[1] == self.n_inputs
            and X.shape[0] > 0
            and X.flags.c_contiguous
            and math.isfinite(X.sum())
        ):  # one sum is NaN or infinite if any entry is
            return X  # already what the layers expect: no copy
        return as_float_array(X, name, ndim=2, dtype=self.dtype, n_features=self.n_inputs)

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, i):
        return self.layers[i]

    def __repr__(self):
        inner = ",\n  ".join(repr(m) for m in self.layers)
        return f"{type(self).__name__}(\n  {inner}\n)"

    def predict_proba(self, X):
        """f(x) = softmax(a^(L+1)): (n, d) -> (n, C), rows sum to 1."""
        return softmax(self.forward(X))

    def predict(self, X):
        """The most probable class of each row: (n, d) -> (n,) int64."""
        return np.argmax(self.forward(X), axis=1)

    def score(self, X, y):
        """Classification accuracy on (X, y), in [0, 1]."""
        logits = self.forward(X)
        y = as_labels(y, "y", n=logits.shape[0], n_classes=logits.shape[1])
        return float(np.mean(np.argmax(logits, axis=1) == y))


def stack_layers(sizes, activation, make_linear):
    """Check the widths ``[d, H_1, ..., H_L, C]`` and build [linear, g, linear, g, ..., linear].

    ``make_linear(n_in, n_out)`` makes each linear layer (a `Linear`, or a variant such as
    `mlpkit.kernels.NTKLinear`); hidden layers get a fresh ``activation`` module each.
    Returns the checked widths and the list of modules.
    """
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(f"sizes: expected a list of layer widths like [64, 32, 10], got {sizes!r}")
    if len(sizes) < 2:
        raise ValueError(f"sizes: expected at least 2 layer widths (inputs and outputs), got {list(sizes)}")
    sizes = [check_int(s, f"sizes[{i}]", low=1) for i, s in enumerate(sizes)]
    get_activation(activation)  # validate once, before building anything
    modules = []
    for k in range(1, len(sizes)):
        modules.append(make_linear(sizes[k - 1], sizes[k]))
        if k < len(sizes) - 1:
            modules.append(get_activation(activation))
    return sizes, modules


class MLP(Sequential):
    """A multilayer network: Linear + activation for each hidden layer, then a linear output.

    The output layer returns the logits a^(L+1); `SoftmaxCrossEntropy` applies
    o = softmax inside the loss, and `predict_proba` applies it for prediction.

    Parameters
    ----------
    sizes : sequence of int
        ``[d, H_1, ..., H_L, C]``: input size, hidden widths, number of outputs.
    activation : str or Module class
        g for the hidden layers: ``"tanh"``, ``"sigmoid"``, ``"relu"``, ``"leaky_relu"``,
        ``"gelu"`` or ``"identity"``.
    init : str or callable
        Weight initializer (``"glorot_uniform"``, ``"he_normal"``, ... or a callable).
    seed : int or np.random.Generator
        Seed of the initial weights (one generator, drawn layer after layer).
    dtype : np.float32 or np.float64
        The dtype of every parameter.

    Examples
    --------
    >>> net = MLP([64, 32, 10], activation="tanh", seed=0)
    >>> net.forward(np.zeros((5, 64))).shape
    (5, 10)
    """

    def __init__(self, sizes, activation="tanh", init="glorot_uniform", seed=0, dtype=np.float64):
        rng = check_seed(seed)
        dtype = check_dtype(dtype)
        sizes, modules = stack_layers(
            sizes, activation, lambda n_in, n_out: Linear(n_in, n_out, init=init, seed=rng, dtype=dtype)
        )
        super().__init__(*modules)
        self.sizes = sizes
        self.activation = activation if isinstance(activation, str) else activation.__name__.lower()

    @property
    def linears(self):
        """The Linear layers, k = 1 .. L+1."""
        return [m for m in self.layers if isinstance(m, Linear)]

    def hidden(self, X):
        """Every h^(k) for k = 0 .. L+1 of a forward pass (h^(0) = x, h^(L+1) = logits)."""
        h = self.check_inputs(X)
        out = [h]
        for layer in self.layers:
            h = layer.forward(h)
            if not isinstance(layer, Linear) or layer is self.layers[-1]:
                out.append(h)
        return out

    def config(self):
        return {"sizes": self.sizes, "activation": self.activation, "dtype": self.dtype.name}


__all__ = ["Linear", "Sequential", "MLP", "stack_layers"]
