"""Regularisers Omega(theta) over the weights only: biases are exempt (``regularize=False``).

The slides' SGD step subtracts lambda * grad Omega alongside the loss gradient.
"""

import numpy as np

from ._validate import check_real


def _weights(params):
    params = list(params)
    for i, p in enumerate(params):
        if not hasattr(p, "regularize") or not hasattr(p, "value"):
            raise TypeError(f"params[{i}]: expected a Parameter, got {type(p).__name__}")
    return [p for p in params if p.regularize]


class L2:
    """lambda * sum_k ||W^(k)||_F^2;  gradient 2 lambda W^(k) (weight decay)."""

    def __init__(self, lam):
        self.lam = check_real(lam, "lam", low=0.0)

    def penalty(self, params):
        return self.lam * float(sum(np.sum(p.value * p.value) for p in _weights(params)))

    def add_grad(self, params):
        """Add lambda * grad Omega to each weight's ``.grad`` (after backward)."""
        for p in _weights(params):
            p.grad += (2.0 * self.lam) * p.value

    def __repr__(self):
        return f"L2({self.lam})"


class L1:
    """lambda * sum_k sum_ij |W_ij^(k)|;  (sub)gradient lambda * sign(W^(k)), with sign(0) = 0."""

    def __init__(self, lam):
        self.lam = check_real(lam, "lam", low=0.0)

    def penalty(self, params):
        return self.lam * float(sum(np.sum(np.abs(p.value)) for p in _weights(params)))

    def add_grad(self, params):
        for p in _weights(params):
            p.grad += self.lam * np.sign(p.value)

    def prox(self, params, lr):
        """Proximal step for lr * lambda * |W|: soft-thresholding, applied after a loss-only step.

        W <- sign(W) * max(|W| - lr * lambda, 0). Weights within lr * lambda of zero
        become exactly 0 (a subgradient step would jump over 0 instead). Biases are exempt.

        Parameters
        ----------
        params : list of Parameter
        lr : float > 0
            The learning rate of the step just taken.
        """
        lr = check_real(lr, "lr", low=0.0, low_open=True)
        threshold = lr * self.lam
        for p in _weights(params):
            p.value[...] = np.sign(p.value) * np.maximum(np.abs(p.value) - threshold, 0.0)

    def __repr__(self):
        return f"L1({self.lam})"
