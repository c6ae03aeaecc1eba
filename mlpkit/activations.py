"""Activation functions h = g(a) and their derivatives g'(a).

Each class has the plain functions ``g`` and ``g_prime`` (static, for plotting and for
the chapter on activations) and the module pair ``forward`` / ``backward``. The backward
pass multiplies element-wise: grad_a = grad_h * g'(a), reusing what forward cached.
"""
import numpy as np

from .module import Module


class Identity(Module):
    """g(a) = a;  g'(a) = 1."""

    @staticmethod
    def g(a):
        return np.asarray(a)

    @staticmethod
    def g_prime(a):
        return np.ones_like(np.asarray(a, dtype=float))

    def forward(self, a):
        return a

    def backward(self, grad_h):
        return grad_h


class Sigmoid(Module):
    """g(a) = sigm(a) = 1 / (1 + exp(-a));  g'(a) = g(a) (1 - g(a))."""

    @staticmethod
    def g(a):
        a = np.asarray(a, dtype=float) if not isinstance(a, np.ndarray) else a
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
        return (np.asarray(a) > 0).astype(float)

    def forward(self, a):
        self.active = a > 0
        return np.maximum(a, 0.0)

    def backward(self, grad_h):
        return grad_h * self.active


ACTIVATIONS = {
    "identity": Identity,
    "linear": Identity,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
}


def get_activation(activation):
    """An activation module from its name (``"tanh"``) or class (``Tanh``)."""
    if isinstance(activation, str) and activation.lower() in ACTIVATIONS:
        return ACTIVATIONS[activation.lower()]()
    if isinstance(activation, type) and issubclass(activation, Module):
        return activation()
    raise ValueError(f"activation: expected one of {sorted(ACTIVATIONS)} or a Module class, got {activation!r}")
