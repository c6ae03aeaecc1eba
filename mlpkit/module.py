"""Parameters and modules: the vocabulary every layer, loss and optimiser shares.

theta = {W^(1), b^(1), ..., W^(L+1), b^(L+1)} is a list of `Parameter` objects, each
holding its value and the gradient of the loss with respect to it. A `Module` maps a
batch forward and its gradient backward, caching in `forward` what `backward` needs.

Gradients are *overwritten*: each ``backward`` writes dLoss/dvalue into ``.grad`` for the
batch it was given (as the slides compute it), so there is nothing to zero between
updates. A regulariser adds its term to ``.grad`` after ``backward``. One consequence: a
Parameter shared by two layers (weight tying) would keep only the last layer's gradient;
mlpkit does not support sharing.
"""

import numpy as np

from ._validate import as_float_array

MODULES = {}  # class name -> Module subclass: what `mlpkit.load` can rebuild


class Parameter:
    """One tensor of theta with its gradient.

    Attributes
    ----------
    value : ndarray
        The tensor itself; optimisers update it in place.
    grad : ndarray of the shape of `value`
        dLoss/dvalue, written by `backward` (overwritten, not accumulated).
    name : str
        ``"W1"``, ``"b1"``, ... in the slides' numbering of layers.
    regularize : bool
        True for weights (regularizers apply to them), False for biases (exempt).
    """

    def __init__(self, value, name="", regularize=True):
        self.value = value
        self.grad = np.zeros_like(value)
        self.name = name
        self.regularize = regularize

    @property
    def shape(self):
        return self.value.shape

    def __repr__(self):
        return f"Parameter({self.name!r}, shape={self.value.shape}, dtype={self.value.dtype})"


class Module:
    """Base class: ``forward(x) -> y`` caches, ``backward(grad_y) -> grad_x`` uses the cache.

    Every subclass is recorded by name in `MODULES`, so that `mlpkit.load` can rebuild it
    from its ``config()``.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        MODULES[cls.__name__] = cls

    def forward(self, x):
        raise NotImplementedError

    def backward(self, grad_out):
        raise NotImplementedError

    def backward_params(self, grad_out):
        """Fill the parameters' gradients; the gradient with respect to the input may be skipped.

        Training needs the gradients of the parameters, never that of the data, so the first
        layer of a network need not compute it (PyTorch skips it too: the data does not
        require a gradient). This default calls ``backward`` and drops its result; `Linear`
        skips the product that would give grad_h, a third of its backward's arithmetic.
        """
        self.backward(grad_out)

    def parameters(self):
        """The module's `Parameter` objects, in a fixed order (empty for activations)."""
        return []

    def config(self):
        """Constructor arguments as plain numbers and strings (used by `mlpkit.save`)."""
        return {}

    def __call__(self, x):
        return self.forward(x)

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

    @grad_W.setter
    def grad_W(self, value):
        self.weight.grad = value

    @property
    def grad_b(self):
        return self.bias.grad

    @grad_b.setter
    def grad_b(self, value):
        self.bias.grad = value

    def parameters(self):
        return [self.weight, self.bias]


def _params_of(net):
    if isinstance(net, Module):
        params = net.parameters()
    else:
        params = list(net)
        if not all(isinstance(p, Parameter) for p in params):
            raise TypeError(f"net: expected a Module or a list of Parameter, got {type(net).__name__}")
    if not params:
        raise ValueError("net: expected a module with parameters, got one with none")
    return params


def flat_params(net):
    """theta as one vector: every parameter's value, raveled and concatenated.

    Parameters
    ----------
    net : Module or list of Parameter
        The network (or its parameters).

    Returns
    -------
    theta : ndarray of shape (P,)
        A copy.
    """
    return np.concatenate([p.value.ravel() for p in _params_of(net)])


def flat_grads(net):
    """The gradient of every parameter, raveled and concatenated in `flat_params` order."""
    return np.concatenate([p.grad.ravel() for p in _params_of(net)])


def set_flat_params(net, theta):
    """Write the vector ``theta`` back into the parameters (in place, `flat_params` order)."""
    params = _params_of(net)
    total = sum(p.value.size for p in params)
    theta = as_float_array(theta, "theta", ndim=1, dtype=params[0].value.dtype)
    if theta.size != total:
        raise ValueError(
            f"theta: expected a vector of {total} values (one per parameter entry), got {theta.size}"
        )
    start = 0
    for p in params:
        p.value[...] = theta[start : start + p.value.size].reshape(p.value.shape)
        start += p.value.size
