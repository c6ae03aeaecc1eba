"""Second-order optimizers: Newton's method and saddle-free Newton (chapters 7 and 8).

Newton's method jumps to the minimum of the local quadratic model of the loss::

    theta <- theta - lr (H + damping I)^{-1} grad

with the Hessian H computed by finite differences of backprop gradients
(`mlpkit.gradcheck.numerical_hessian`): P x P entries, so for small networks only.
"""

import numpy as np

from ._validate import check_real
from .gradcheck import numerical_hessian
from .optim import Optimizer


class Newton(Optimizer):
    """Newton's method: theta <- theta - lr (H + damping I)^{-1} grad.

    Practical only with few parameters (H is P x P) and where the loss is locally
    convex (H positive definite); ``damping`` > 0 keeps the solve well posed.
    ``step(closure)`` needs a closure that recomputes the loss and the gradients.
    """

    def __init__(self, params, lr=1.0, damping=1e-4, eps=1e-5):
        super().__init__(params, lr)
        self.damping = check_real(damping, "damping", low=0.0)
        self.eps = check_real(eps, "eps", low=0.0, low_open=True)
        n = sum(p.value.size for p in self.params)
        if n > 5000:
            raise ValueError(
                f"params: Newton builds a P x P Hessian; expected at most 5000 parameters, got {n}"
            )

    def direction(self, H, g):
        """The step d solving (H + damping I) d = g."""
        A = H + self.damping * np.eye(H.shape[0])
        try:
            return np.linalg.solve(A, g)
        except np.linalg.LinAlgError:
            raise np.linalg.LinAlgError("Newton: the damped Hessian is singular; increase damping") from None

    def step(self, closure=None):
        if closure is None:
            raise ValueError("closure: Newton.step needs a closure that recomputes the loss and gradients")
        loss = closure()
        H = numerical_hessian(self.params, closure, self.eps)
        g = np.concatenate([p.grad.ravel() for p in self.params]).astype(np.float64)
        d = self.direction(H, g)
        start = 0
        for p in self.params:
            p.value -= (
                (self.lr * d[start : start + p.value.size]).reshape(p.value.shape).astype(p.value.dtype)
            )
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
