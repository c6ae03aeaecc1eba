"""Linear layers and their composition into a multilayer network.

Slides' notation, with batches as rows: layer k has W^(k) of shape (H_k, H_{k-1}) and
b^(k) of shape (H_k,). For one example a^(k) = b^(k) + W^(k) h^(k-1); for a batch H of
shape (n, H_{k-1}) the same line reads A = H W^T + b.
"""
import numpy as np

from ._validate import as_float_array, as_labels, check_dtype, check_int, check_seed
from .activations import Identity, get_activation
from .init import get_initializer, zeros
from .module import Module, Parameter, WeightLayer


class Linear(WeightLayer):
    """a = b + W h.

    Parameters
    ----------
    n_in, n_out : int
        H_{k-1} and H_k.
    init : str or callable
        Weight initialiser (see `mlpkit.init`); biases start at zero.
    rng : np.random.Generator or int, optional
        Source of the initial weights (default: seed 0).
    dtype : np.float32 or np.float64
    """

    def __init__(self, n_in, n_out, init="glorot_uniform", rng=None, dtype=np.float64):
        self.n_in = check_int(n_in, "n_in", low=1)
        self.n_out = check_int(n_out, "n_out", low=1)
        dtype = check_dtype(dtype)
        rng = check_seed(0 if rng is None else rng, "rng")
        self.init_name = init if isinstance(init, str) else getattr(init, "__name__", "custom")
        W = get_initializer(init)((self.n_out, self.n_in), rng, dtype)
        W = np.asarray(W, dtype=dtype)
        if W.shape != (self.n_out, self.n_in):
            raise ValueError(f"init: expected it to return shape {(self.n_out, self.n_in)}, got {W.shape}")
        self.weight = Parameter(np.ascontiguousarray(W), name="W", decay=True)
        self.bias = Parameter(zeros((self.n_out,), dtype=dtype), name="b", decay=False)

    def forward(self, h):
        """h : (n, H_{k-1}) -> a : (n, H_k)."""
        if getattr(h, "ndim", None) != 2 or h.shape[1] != self.n_in:
            raise ValueError(f"h: expected shape (n, {self.n_in}) for Linear({self.n_in}, {self.n_out}), "
                             f"got {getattr(h, 'shape', type(h).__name__)}")
        if h.dtype.kind not in "iuf":  # bool, complex, object, strings
            raise TypeError(f"h: expected an array of real numbers (int or float), got dtype {h.dtype}")
        self.h = h
        return h @ self.W.T + self.b

    def backward(self, grad_a):
        """grad_a : (n, H_k) -> grad_h : (n, H_{k-1}); fills grad_W and grad_b.

        grad_W = grad_a^T h   (the slide's (grad_a) h^T, summed over the batch)
        grad_b = sum of grad_a over the batch
        grad_h = grad_a W     (the slide's W^T grad_a)
        """
        self.backward_params(grad_a)
        return grad_a @ self.W

    def backward_params(self, grad_a):
        """Fill grad_W and grad_b only, without grad_h (written in place, nothing allocated).

        `fit` uses it for the first layer, whose grad_h would be the gradient with respect
        to the data: training never needs it, and for wide inputs (784 pixels) it is the
        largest matrix product of the whole backward pass.
        """
        np.matmul(grad_a.T, self.h, out=self.weight.grad)
        grad_a.sum(axis=0, out=self.bias.grad)

    def config(self):
        return {"n_in": self.n_in, "n_out": self.n_out, "dtype": self.W.dtype.name}


class Sequential(Module):
    """Modules applied in order; backward walks them in reverse order.

    Parameters are renamed after the slides: the k-th Linear layer holds ``W{k}`` and ``b{k}``.
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
        k = 0
        for m in self.layers:
            params = m.parameters()
            if params:
                k += 1
                for p in params:
                    p.name = f"{p.name.rstrip('0123456789')}{k}"

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad, need_grad_input=True):
        """grad of the output -> grad of the input; fills every parameter's grad.

        With ``need_grad_input=False`` a first layer that is a plain `Linear` only fills
        its grad_W and grad_b (see `Linear.backward_params`) and None is returned.
        """
        for layer in reversed(self.layers[1:]):
            grad = layer.backward(grad)
        first = self.layers[0]
        if not need_grad_input and type(first) is Linear:
            first.backward_params(grad)
            return None
        return first.backward(grad)

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    @property
    def dtype(self):
        params = self.parameters()
        return params[0].value.dtype if params else np.dtype(np.float64)

    @property
    def n_inputs(self):
        for layer in self.layers:
            if hasattr(layer, "n_in"):
                return layer.n_in
        return None

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, i):
        return self.layers[i]

    def __repr__(self):
        inner = ",\n  ".join(repr(m) for m in self.layers)
        return f"{type(self).__name__}(\n  {inner}\n)"

    def _check_inputs(self, X, name="X"):
        return as_float_array(X, name, ndim=2, dtype=self.dtype, n_features=self.n_inputs)

    def predict_proba(self, X):
        """f(x) = softmax(a^(L+1)): (n, d) -> (n, C), rows sum to 1."""
        from .losses import softmax
        return softmax(self.forward(self._check_inputs(X)))

    def predict(self, X):
        """The most probable class of each row: (n, d) -> (n,) int64."""
        return np.argmax(self.forward(self._check_inputs(X)), axis=1)

    def score(self, X, y):
        """Classification accuracy on (X, y), in [0, 1]."""
        X = self._check_inputs(X)
        logits = self.forward(X)
        y = as_labels(y, "y", n=X.shape[0], n_classes=logits.shape[1])
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
        g for the hidden layers: ``"tanh"``, ``"sigmoid"``, ``"relu"``, ``"identity"``.
    init : str or callable
        Weight initialiser (``"glorot_uniform"``, ``"he_normal"``, ... or a callable).
    seed : int or np.random.Generator
        Seed of the initial weights.
    dtype : np.float32 or np.float64

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
            sizes, activation, lambda n_in, n_out: Linear(n_in, n_out, init=init, rng=rng, dtype=dtype))
        super().__init__(*modules)
        self.sizes = sizes
        self.activation = activation if isinstance(activation, str) else activation.__name__.lower()
        self.init = init if isinstance(init, str) else getattr(init, "__name__", "custom")
        self.seed = seed if isinstance(seed, int) else None

    @property
    def linears(self):
        """The Linear layers, k = 1 .. L+1."""
        return [m for m in self.layers if isinstance(m, Linear)]

    def hidden(self, X):
        """Every h^(k) for k = 0 .. L+1 of a forward pass (h^(0) = x, h^(L+1) = logits)."""
        h = self._check_inputs(X)
        out = [h]
        for layer in self.layers:
            h = layer.forward(h)
            if not isinstance(layer, Linear) or layer is self.layers[-1]:
                out.append(h)
        return out

    def config(self):
        return {"sizes": self.sizes, "activation": self.activation, "dtype": self.dtype.name}


__all__ = ["Linear", "Sequential", "MLP", "Identity"]
