"""Optimisers: they own their state and expose ``step()`` and ``zero_grad()``.

SGD with momentum keeps the slides' exponentially decaying average of gradients,
    v_t = grad_t + beta v_{t-1},    theta <- theta - alpha_t v_t,
and Newton's method jumps to the minimum of the local quadratic model,
    theta <- theta - (H + damping I)^{-1} grad.
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
            raise TypeError(f"params[{i}]: expected a Parameter (from net.parameters()), got {type(p).__name__}")
    return params


class Optimizer:
    def __init__(self, params, lr):
        self.params = _check_params(params)
        self.lr = check_real(lr, "lr", low=0.0, low_open=True)
        self.t = 0  # number of updates made so far

    def zero_grad(self):
        for p in self.params:
            p.grad[...] = 0.0

    def step(self, closure=None):
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
    """

    def __init__(self, params, lr, momentum=0.0, nesterov=False, schedule=None):
        super().__init__(params, lr)
        self.momentum = check_real(momentum, "momentum", low=0.0, high=1.0, high_open=True)
        if not isinstance(nesterov, bool):
            raise TypeError(f"nesterov: expected True or False, got {nesterov!r}")
        if nesterov and self.momentum == 0.0:
            raise ValueError("nesterov: Nesterov momentum needs momentum > 0, got momentum=0")
        if schedule is not None and not callable(schedule):
            raise TypeError(f"schedule: expected a function of the step t (see mlpkit.schedules), got {schedule!r}")
        self.nesterov = nesterov
        self.schedule = schedule
        self.velocity = [np.zeros_like(p.value) for p in self.params] if self.momentum else None

    @property
    def current_lr(self):
        """alpha_t for the next update."""
        return self.lr * (self.schedule(self.t) if self.schedule is not None else 1.0)

    def step(self, closure=None):
        lr = self.current_lr
        if self.momentum == 0.0:
            for p in self.params:
                p.value -= lr * p.grad
        else:
            beta = self.momentum
            for p, v in zip(self.params, self.velocity):
                v *= beta
                v += p.grad
                if self.nesterov:
                    p.value -= lr * (p.grad + beta * v)
                else:
                    p.value -= lr * v
        self.t += 1

    def __repr__(self):
        return f"SGD(lr={self.lr}, momentum={self.momentum}, nesterov={self.nesterov})"


def hessian(params, closure, eps=1e-5):
    """The Hessian of the loss in theta, by centred differences of backprop gradients.

    Column i is (grad(theta + eps e_i) - grad(theta - eps e_i)) / (2 eps), then the
    matrix is symmetrised. Costs 2P gradient evaluations: for small networks only.

    Parameters
    ----------
    params : list of Parameter
    closure : callable () -> loss
        Recomputes the loss and fills every ``p.grad`` at the current values.
    """
    params = _check_params(params)
    eps = check_real(eps, "eps", low=0.0, low_open=True)
    views = [(p, i) for p in params for i in range(p.value.size)]
    P = len(views)
    H = np.empty((P, P), dtype=np.float64)
    for col, (p, i) in enumerate(views):
        flat = p.value.reshape(-1)
        old = flat[i]
        flat[i] = old + eps
        closure()
        g_plus = np.concatenate([q.grad.ravel() for q in params]).astype(np.float64)
        flat[i] = old - eps
        closure()
        g_minus = np.concatenate([q.grad.ravel() for q in params]).astype(np.float64)
        flat[i] = old
        H[:, col] = (g_plus - g_minus) / (2.0 * eps)
    closure()  # leave the gradients as they are at theta
    return (H + H.T) / 2.0


class Newton(Optimizer):
    """Newton's method: theta <- theta - lr (H + damping I)^{-1} grad.

    Practical only with few parameters (H is P x P) and where the loss is locally
    convex (H positive definite); ``damping`` > 0 keeps the solve well posed.
    ``step(closure)`` needs a closure that recomputes the loss and the gradients.
    """

    def __init__(self, params, damping=1e-4, lr=1.0, eps=1e-5):
        super().__init__(params, lr)
        self.damping = check_real(damping, "damping", low=0.0)
        self.eps = check_real(eps, "eps", low=0.0, low_open=True)
        n = sum(p.value.size for p in self.params)
        if n > 5000:
            raise ValueError(f"params: Newton builds a P x P Hessian; expected at most 5000 parameters, got {n}")

    def direction(self, H, g):
        """The step d solving (H + damping I) d = g."""
        A = H + self.damping * np.eye(H.shape[0])
        try:
            return np.linalg.solve(A, g)
        except np.linalg.LinAlgError:
            raise np.linalg.LinAlgError(
                "Newton: the damped Hessian is singular; increase damping") from None

    def step(self, closure=None):
        if closure is None:
            raise ValueError("closure: Newton.step needs a closure that recomputes the loss and gradients")
        loss = closure()
        H = hessian(self.params, closure, self.eps)
        g = np.concatenate([p.grad.ravel() for p in self.params]).astype(np.float64)
        d = self.direction(H, g)
        start = 0
        for p in self.params:
            p.value -= (self.lr * d[start:start + p.value.size]).reshape(p.value.shape).astype(p.value.dtype)
            start += p.value.size
        self.t += 1
        self.last_hessian = H
        return loss


class SaddleFreeNewton(Newton):
    """Saddle-free Newton (Dauphin et al. 2014): theta <- theta - lr |H|^{-1} grad.

    |H| = V |Lambda| V^T takes the absolute value of each eigenvalue of H = V Lambda V^T,
    so directions of negative curvature are followed downhill instead of uphill, and a
    saddle repels the iterates where Newton's method is attracted to it. ``damping`` is
    added to every |lambda_i| so that flat directions do not blow the step up.
    """

    def direction(self, H, g):
        """The step d = V (|Lambda| + damping)^{-1} V^T g."""
        lam, V = np.linalg.eigh(H)
        scale = np.abs(lam) + self.damping
        if np.any(scale == 0.0):
            raise np.linalg.LinAlgError("SaddleFreeNewton: |H| is singular; use damping > 0")
        return V @ ((V.T @ g) / scale)
