"""Activation functions h = g(a) and their derivatives g'(a).

Each class has the plain functions ``g`` and ``g_prime`` (static, for plotting and for
the chapter on activations) and the module pair ``forward`` / ``backward``. The backward
pass multiplies element-wise: grad_a = grad_h * g'(a), reusing what forward cached.
"""

import numpy as np

from ._validate import check_real
from .module import Module


def _as_float(a):
    """``a`` as a float array: float32 and float64 arrays as they are, anything else in float64."""
    a = np.asarray(a)
    return a if a.dtype in (np.float32, np.float64) else a.astype(np.float64)


class Identity(Module):
    """g(a) = a;  g'(a) = 1."""

    @staticmethod
    def g(a):
        return _as_float(a)

    @staticmethod
    def g_prime(a):
        return np.ones_like(_as_float(a))

    def forward(self, a):
        return a

    def backward(self, grad_h):
        return grad_h


class Sigmoid(Module):
    """g(a) = sigm(a) = 1 / (1 + exp(-a));  g'(a) = g(a) (1 - g(a))."""

    @staticmethod
    def g(a):
        a = _as_float(a)
        # exp(-|a|) never overflows: sigm(a) for a >= 0, 1 - sigm(|a|) for a < 0.
        e = np.exp(-np.abs(a))
        return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))

    @staticmethod
    def g_prime(a):
        s = Sigmoid.g(a)
        return s * (1.0 - s)

    def forward(self, a):
        self.h = self.g(a)
        return self.h

    def backward(self, grad_h):
        return grad_h * self.h * (1.0 - self.h)


class Tanh(Module):
    """g(a) = tanh(a);  g'(a) = 1 - g(a)^2."""

    @staticmethod
    def g(a):
        return np.tanh(a)

    @staticmethod
    def g_prime(a):
        return 1.0 - np.tanh(a) ** 2

    def forward(self, a):
        self.h = np.tanh(a)
        return self.h

    def backward(self, grad_h):
        return grad_h * (1.0 - self.h * self.h)


class ReLU(Module):
    """g(a) = max(0, a);  g'(a) = 1 if a > 0 else 0 (we take g'(0) = 0)."""

    @staticmethod
    def g(a):
        return np.maximum(a, 0.0)

    @staticmethod
    def g_prime(a):
        a = _as_float(a)
        return (a > 0).astype(a.dtype)

    def forward(self, a):
        self.active = a > 0
        return np.maximum(a, 0.0)

    def backward(self, grad_h):
        return grad_h * self.active


class LeakyReLU(Module):
    """g(a) = a if a > 0 else slope * a;  g'(a) = 1 if a > 0 else slope (Maas et al., 2013).

    A small slope for a <= 0 keeps a gradient flowing through units that a ReLU would
    switch off for good. As for ReLU, we take the left derivative at 0: g'(0) = slope.

    Parameters
    ----------
    slope : float in [0, 1)
        The slope for negative pre-activations (0 gives back ReLU).
    """

    def __init__(self, slope=0.01):
        self.slope = check_real(slope, "slope", low=0.0, high=1.0, high_open=True)

    # g and g_prime are plain functions of a like every activation's (the chapters call them on
    # the class), so the slope is their argument; forward and backward use the instance's.
    @staticmethod
    def g(a, slope=0.01):
        a = _as_float(a)
        return np.where(a > 0, a, slope * a).astype(a.dtype)

    @staticmethod
    def g_prime(a, slope=0.01):
        a = _as_float(a)
        return np.where(a > 0, 1.0, slope).astype(a.dtype)

    def forward(self, a):
        self.active = a > 0
        return np.where(self.active, a, self.slope * a)

    def backward(self, grad_h):
        return grad_h * np.where(self.active, 1.0, self.slope).astype(grad_h.dtype)

    def config(self):
        return {"slope": self.slope}


_GELU_C = np.sqrt(2.0 / np.pi)  # the tanh approximation of Hendrycks and Gimpel (2016)


class GELU(Module):
    """g(a) = a Phi(a), in the tanh approximation used by BERT and GPT-2:

        g(a) = a/2 (1 + tanh(u)),   u = sqrt(2/pi) (a + 0.044715 a^3)
        g'(a) = 1/2 (1 + tanh(u)) + a/2 (1 - tanh(u)^2) sqrt(2/pi) (1 + 3 * 0.044715 a^2)

    It differs from the exact a Phi(a) by less than 1e-3 everywhere. Smooth, close to
    ReLU for |a| large, slightly negative for a < 0 (its minimum is about -0.17).
    """

    @staticmethod
    def g(a):
        a = _as_float(a)
        return 0.5 * a * (1.0 + np.tanh(_GELU_C * (a + 0.044715 * a**3)))

    @staticmethod
    def g_prime(a):
        a = _as_float(a)
        t = np.tanh(_GELU_C * (a + 0.044715 * a**3))
        return 0.5 * (1.0 + t) + 0.5 * a * (1.0 - t * t) * _GELU_C * (1.0 + 3 * 0.044715 * a**2)

    def forward(self, a):
        self.a = a
        return self.g(a).astype(a.dtype, copy=False)

    def backward(self, grad_h):
        return grad_h * self.g_prime(self.a).astype(grad_h.dtype, copy=False)


ACTIVATIONS = {
    "identity": Identity,
    "linear": Identity,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "leakyrelu": LeakyReLU,
    "gelu": GELU,
}


def get_activation(activation):
    """An activation module from its name (``"tanh"``) or class (``Tanh``)."""
    if isinstance(activation, str) and activation.lower() in ACTIVATIONS:
        return ACTIVATIONS[activation.lower()]()
    if isinstance(activation, type) and issubclass(activation, Module):
        return activation()
    raise ValueError(
        f"activation: expected one of {sorted(ACTIVATIONS)} or a Module class, got {activation!r}"
    )
