"""Chapter 7's loss surfaces: learning rate and momentum on a contour plot.

A two-parameter loss l(theta) = 0.5 (theta - theta*)^T H (theta - theta*) with an
elongated, rotated H is the smallest picture of the slides' update
theta <- theta - alpha v, v = grad + beta v: too small a rate crawls, too large a rate
diverges (alpha > 2 / lambda_max), and momentum changes both. The trajectories are made by
`mlpkit.SGD` itself, on a `Parameter` of two entries.
"""
import numpy as np

from .._validate import as_float_array, check_int, check_real, check_seed
from ..module import Parameter
from ..optim import SGD
from . import interactive_figure


class Quadratic2D:
    """l(theta) = 0.5 (theta - minimum)^T H (theta - minimum), H with eigenvalues ``curvatures``
    along axes rotated by ``angle`` degrees.

    Parameters
    ----------
    curvatures : (2,) positive floats, the eigenvalues of H
    angle : float, rotation of the eigenvectors (degrees)
    minimum : (2,) array, theta*
    """

    def __init__(self, curvatures=(1.0, 10.0), angle=30.0, minimum=(0.0, 0.0)):
        lam = as_float_array(curvatures, "curvatures", ndim=1)
        if lam.shape != (2,) or np.any(lam <= 0):
            raise ValueError(f"curvatures: expected two positive eigenvalues, got {lam}")
        a = np.deg2rad(check_real(angle, "angle"))
        R = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
        self.H = R @ np.diag(lam) @ R.T
        self.curvatures = lam
        self.minimum = as_float_array(minimum, "minimum", ndim=1)

    def loss(self, theta):
        """theta : (..., 2) -> (...) losses."""
        d = np.asarray(theta, dtype=float) - self.minimum
        return 0.5 * np.einsum("...i,ij,...j->...", d, self.H, d)

    def grad(self, theta):
        """theta : (..., 2) -> (..., 2) gradients H (theta - theta*)."""
        return (np.asarray(theta, dtype=float) - self.minimum) @ self.H

    @property
    def max_stable_lr(self):
        """Gradient descent converges iff alpha < 2 / lambda_max."""
        return 2.0 / float(self.curvatures.max())


def trajectory(surface, start, lr, momentum=0.0, nesterov=False, steps=50, schedule=None,
               noise=0.0, seed=0, limit=1e6):
    """Run `mlpkit.SGD` on a 2-D surface and return the visited points.

    Parameters
    ----------
    surface : object with ``grad(theta)`` (e.g. `Quadratic2D`)
    start : (2,) array
    lr, momentum, nesterov, schedule : as in `mlpkit.SGD`
    steps : int, number of updates
    noise : float >= 0
        Standard deviation of Gaussian noise added to each gradient (a stand-in for
        the mini-batch noise of SGD).
    limit : float
        Stop early once |theta| exceeds it (divergence).

    Returns
    -------
    (m, 2) array of the points theta_0, theta_1, ... (m <= steps + 1).
    """
    start = as_float_array(start, "start", ndim=1)
    steps = check_int(steps, "steps", low=0)
    noise = check_real(noise, "noise", low=0.0)
    rng = check_seed(seed)
    theta = Parameter(start.copy(), name="theta")
    opt = SGD([theta], lr=lr, momentum=momentum, nesterov=nesterov, schedule=schedule)
    path = [theta.value.copy()]
    for _ in range(steps):
        theta.grad[...] = surface.grad(theta.value) + noise * rng.standard_normal(2)
        opt.step()
        path.append(theta.value.copy())
        if not np.all(np.abs(theta.value) < limit):
            break
    return np.array(path)


def learning_rate_figure(lr=0.05, momentum=0.0, steps=30, surface=None, start=(-2.5, 2.0), ax=None,
                         show_gradients=True):
    """Draw the contours of a 2-D loss, the gradient at a few points (perpendicular to
    the level sets) and the trajectory of SGD with rate ``lr`` and momentum ``momentum``."""
    import matplotlib.pyplot as plt

    surface = Quadratic2D() if surface is None else surface
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 4))
    g0, g1 = np.meshgrid(np.linspace(-3.5, 3.5, 121), np.linspace(-3.5, 3.5, 121))
    Z = surface.loss(np.stack([g0, g1], axis=-1))
    ax.contour(g0, g1, Z, levels=np.geomspace(0.01, Z.max(), 14), cmap="viridis", linewidths=0.8)
    if show_gradients:
        angles = np.linspace(0, 2 * np.pi, 12, endpoint=False)
        ring = np.column_stack([np.cos(angles), np.sin(angles)])
        # points on one level set l = 2: scale each ray so that l(point) = 2
        pts = ring * np.sqrt(2.0 / surface.loss(ring))[:, None]
        g = surface.grad(pts)
        g /= np.linalg.norm(g, axis=1, keepdims=True)
        ax.quiver(pts[:, 0], pts[:, 1], g[:, 0], g[:, 1], color="grey", scale=7, width=0.007,
                  label="gradient (perpendicular to level set)")
    path = trajectory(surface, start, lr, momentum=momentum, steps=steps)
    final = surface.loss(path[-1])
    diverged = len(path) < steps + 1 or not np.isfinite(final) or final > surface.loss(np.asarray(start))
    shown = path[np.all(np.abs(path) < 50, axis=1)]
    ax.plot(shown[:, 0], shown[:, 1], "o-", color="C3", ms=3, lw=1.2, label="trajectory")
    ax.plot(*surface.minimum, "k*", ms=10, label=r"$\theta^*$")
    ax.set_xlim(-3.5, 3.5)
    ax.set_ylim(-3.5, 3.5)
    ax.set_aspect("equal")
    ax.set_xlabel(r"$\theta_1$")
    ax.set_ylabel(r"$\theta_2$")
    status = "diverges" if diverged else f"loss {final:.2g} after {steps} steps"
    ax.set_title(rf"$\alpha$={lr:g}, $\beta$={momentum:g}: {status}", fontsize=9)
    ax.legend(loc="lower right", fontsize=7)
    return ax


def learning_rate_demo():
    """Sliders for the learning rate alpha (log scale) and the momentum beta."""
    import ipywidgets as widgets

    return interactive_figure(learning_rate_figure, figsize=(4.5, 4),
        lr=widgets.FloatLogSlider(value=0.05, base=10, min=-3, max=np.log10(0.3), step=0.05,
                                  description="alpha"),
        momentum=widgets.FloatSlider(value=0.0, min=0.0, max=0.95, step=0.05, description="beta"))


__all__ = ["Quadratic2D", "trajectory", "learning_rate_figure", "learning_rate_demo"]
