"""Optimizers: they own their state and expose ``step()``.

Each ``step`` reads the gradients that the last ``backward`` wrote into every
``Parameter.grad`` (overwritten there, never accumulated: nothing needs zeroing).

SGD with momentum keeps the slides' exponentially decaying average of gradients::

    v_t = grad_t + beta v_{t-1},    theta <- theta - alpha_t v_t

Newton's method, which needs the Hessian, is in `mlpkit.newton`.
"""

import numpy as np

from ._validate import check_real
from .module import Module, Parameter


def _check_params(params):
    if isinstance(params, Module):
        params = params.parameters()
    params = list(params)
    if not params:
        raise ValueError("params: expected at least one Parameter, got none")
    for i, p in enumerate(params):
        if not isinstance(p, Parameter):
            raise TypeError(
                f"params[{i}]: expected a Parameter (from net.parameters()), got {type(p).__name__}"
            )
    return params


class Optimizer:
    """Base class: holds the parameters, the base learning rate alpha and the update count t.

    Parameters
    ----------
    params : list of Parameter, or a Module
        What ``step`` updates.
    lr : float > 0
        The base learning rate alpha.
    """

    def __init__(self, params, lr):
        self.params = _check_params(params)
        self.lr = check_real(lr, "lr", low=0.0, low_open=True)
        self.t = 0  # number of updates made so far

    def step(self, closure=None):
        """One update of every parameter from its ``.grad``."""
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent with optional (Nesterov) momentum and a schedule.

    Parameters
    ----------
    params : list of Parameter (or a Module)
    lr : float > 0
        The base learning rate alpha.
    momentum : float in [0, 1)
        beta of the decaying average; 0 is plain SGD.
    nesterov : bool
        Use the look-ahead form: theta <- theta - alpha (grad + beta v).
    schedule : callable t -> multiplier, optional
        From `mlpkit.schedules`; alpha_t = alpha * schedule(t).

    Examples
    --------
    >>> from mlpkit import Parameter
    >>> p = Parameter(np.array([1.0]))
    >>> opt = SGD([p], lr=0.1, momentum=0.9)
    >>> p.grad[...] = 2.0
    >>> opt.step(); opt.step()        # v = 2, then 2 + 0.9 * 2 = 3.8
    >>> p.value                       # 1 - 0.1 * 2 - 0.1 * 3.8
    array([0.42])
    """

    def __init__(self, params, lr, momentum=0.0, nesterov=False, schedule=None):
        super().__init__(params, lr)
        self.momentum = check_real(momentum, "momentum", low=0.0, high=1.0, high_open=True)
        if not isinstance(nesterov, bool):
            raise TypeError(f"nesterov: expected True or False, got {nesterov!r}")
        if nesterov and self.momentum == 0.0:
            raise ValueError("nesterov: Nesterov momentum needs momentum > 0, got momentum=0")
        if schedule is not None and not callable(schedule):
            raise TypeError(
                f"schedule: expected a function of the step t (see mlpkit.schedules), got {schedule!r}"
            )
        self.nesterov = nesterov
        self.schedule = schedule
        self.velocity = [np.zeros_like(p.value) for p in self.params] if self.momentum else None

    @property
    def current_lr(self):
        """alpha_t for the next update."""
        return self.lr * (self.schedule(self.t) if self.schedule is not None else 1.0)

    def step(self, closure=None):
        """theta <- theta - alpha_t v_t for every parameter (v_t = grad_t without momentum)."""
        lr, beta = self.current_lr, self.momentum
        for i, p in enumerate(self.params):
            if beta == 0.0:
                p.value -= lr * p.grad  # theta <- theta - alpha_t grad
                continue
            v = self.velocity[i]
            v *= beta
            v += p.grad  # v_t = grad_t + beta v_{t-1}
            if self.nesterov:
                p.value -= lr * (p.grad + beta * v)  # look ahead: grad_t + beta v_t
            else:
                p.value -= lr * v  # theta <- theta - alpha_t v_t
        self.t += 1

    def __repr__(self):
        return f"SGD(lr={self.lr}, momentum={self.momentum}, nesterov={self.nesterov})"
