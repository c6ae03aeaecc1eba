"""Parameters and modules: the vocabulary every layer, loss and optimiser shares.

theta = {W^(1), b^(1), ..., W^(L+1), b^(L+1)} is a list of `Parameter` objects, each
holding its value and the gradient of the loss with respect to it. A `Module` maps a
batch forward and its gradient backward, caching in `forward` what `backward` needs.
"""
import numpy as np

from ._validate import as_float_array


class Parameter:
    """One tensor of theta with its gradient.

    Attributes
    ----------
    value : array
        The tensor itself; optimisers update it in place.
    grad : array, same shape as `value`
        dLoss/dvalue, written by `backward` (overwritten, not accumulated).
    name : str
        ``"W1"``, ``"b1"``, ... in the slides' numbering of layers.
    decay : bool
        True for weights (regularisers apply), False for biases (they are exempt).
    """

    def __init__(self, value, name="", decay=True):
        self.value = value
        self.grad = np.zeros_like(value)
        self.name = name
        self.decay = decay

    @property
    def shape(self):
        return self.value.shape

    def __repr__(self):
        return f"Parameter({self.name!r}, shape={self.value.shape}, dtype={self.value.dtype})"


class Module:
    """Base class: ``forward(x) -> y`` caches, ``backward(grad_y) -> grad_x`` uses the cache."""

    def forward(self, x):
        raise NotImplementedError

    def backward(self, grad_out):
        raise NotImplementedError

    def parameters(self):
        """The module's `Parameter` objects, in a fixed order (empty for activations)."""
        return []

    def config(self):
        """Constructor arguments as plain numbers and strings (used by `mlpkit.save`)."""
        return {}

    def __call__(self, x):
        return self.forward(x)

    def zero_grad(self):
        for p in self.parameters():
            p.grad[...] = 0.0

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"{type(self).__name__}({args})"


class WeightLayer(Module):
    """A layer with a weight tensor and a bias vector (`Linear`, `Conv1D`).

    Subclasses set ``self.weight`` and ``self.bias`` (`Parameter` objects); this class
    gives them the slides' names W and b, and their gradients grad_W and grad_b.
    """

    @property
    def W(self):
        return self.weight.value

    @W.setter
    def W(self, value):
        self.weight.value[...] = value

    @property
    def b(self):
        return self.bias.value

    @b.setter
    def b(self, value):
        self.bias.value[...] = value

    @property
    def grad_W(self):
        return self.weight.grad

    @property
    def grad_b(self):
        return self.bias.grad

    def parameters(self):
        return [self.weight, self.bias]


def check_net(net):
    """The parameters of ``net``, after checking that it is a Module that has some."""
    if not isinstance(net, Module):
        raise TypeError(f"net: expected a mlpkit Module (e.g. MLP), got {type(net).__name__}")
    params = net.parameters()
    if not params:
        raise ValueError("net: expected a network with parameters, got one with none")
    return params


def check_inputs(net, X, name="X"):
    """``X`` as a finite 2-D array of ``net``'s dtype, with ``net``'s number of input columns."""
    dtype = check_net(net)[0].value.dtype
    return as_float_array(X, name, ndim=2, dtype=dtype, n_features=getattr(net, "n_inputs", None))


def _params_of(net):
    if isinstance(net, Module):
        return net.parameters()
    params = list(net)
    if not all(isinstance(p, Parameter) for p in params):
        raise TypeError(f"net: expected a Module or a list of Parameter, got {type(net).__name__}")
    return params


def flat_params(net):
    """theta as one vector: every parameter's value, raveled and concatenated.

    Parameters
    ----------
    net : Module or list of Parameter

    Returns
    -------
    theta : (P,) array, a copy.
    """
    params = _params_of(net)
    if not params:
        raise ValueError("net: expected a module with parameters, got one with none")
    return np.concatenate([p.value.ravel() for p in params])


def flat_grads(net):
    """The gradient of every parameter, raveled and concatenated in `flat_params` order."""
    params = _params_of(net)
    if not params:
        raise ValueError("net: expected a module with parameters, got one with none")
    return np.concatenate([p.grad.ravel() for p in params])


def set_flat_params(net, theta):
    """Write the vector ``theta`` back into the parameters (in place, `flat_params` order)."""
    params = _params_of(net)
    total = sum(p.value.size for p in params)
    dtype = params[0].value.dtype if params else np.float64
    theta = as_float_array(theta, "theta", ndim=1, dtype=dtype)
    if theta.size != total:
        raise ValueError(f"theta: expected a vector of {total} values (one per parameter entry), got {theta.size}")
    start = 0
    for p in params:
        p.value[...] = theta[start:start + p.value.size].reshape(p.value.shape)
        start += p.value.size
