"""Chapter 7's widget: learning rate and momentum on the contour plot of a 2-D loss.

Drawing and controls only: the surface (`Quadratic2D`) and the SGD runs on it
(`trajectory`) are the chapter's experiments, in `mlpkit.experiments.ch07_optimisation`.
"""

import numpy as np

from ..experiments.ch07_optimisation import Quadratic2D, trajectory
from ..plot import SEQUENTIAL
from ._common import axes, interactive_figure


def learning_rate_figure(
    lr=0.05, momentum=0.0, steps=30, surface=None, start=(-2.5, 2.0), ax=None, show_gradients=True
):
    """Draw the contours of a 2-D loss, the gradient at a few points (perpendicular to
    the level sets) and the trajectory of SGD with rate ``lr`` and momentum ``momentum``.

    Parameters
    ----------
    lr, momentum : float
        SGD's alpha and beta.
    steps : int
        Updates drawn.
    surface : Quadratic2D, optional
        The loss; ``Quadratic2D()`` (eigenvalues 1 and 10, rotated 30 degrees) when None.
    start : array_like of shape (2,)
        The first point.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    show_gradients : bool
        Draw the gradient arrows on the level set l = 2.

    Returns
    -------
    matplotlib Axes
    """
    surface = Quadratic2D() if surface is None else surface
    path = trajectory(surface, start, lr, momentum=momentum, steps=steps)  # validates the knobs
    ax = axes(ax, figsize=(4.5, 4))
    g0, g1 = np.meshgrid(np.linspace(-3.5, 3.5, 121), np.linspace(-3.5, 3.5, 121))
    Z = surface.loss(np.stack([g0, g1], axis=-1))
    ax.contour(g0, g1, Z, levels=np.geomspace(0.01, Z.max(), 14), cmap=SEQUENTIAL, linewidths=0.8)
    if show_gradients:
        angles = np.linspace(0, 2 * np.pi, 12, endpoint=False)
        ring = np.column_stack([np.cos(angles), np.sin(angles)])
        # points on one level set l = 2: scale each ray so that l(point) = 2
        pts = ring * np.sqrt(2.0 / surface.loss(ring))[:, None]
        g = surface.grad(pts)
        g /= np.linalg.norm(g, axis=1, keepdims=True)
        ax.quiver(
            pts[:, 0],
            pts[:, 1],
            g[:, 0],
            g[:, 1],
            color="grey",
            scale=7,
            width=0.007,
            label="gradient (perpendicular to level set)",
        )
    final = surface.loss(path[-1])
    diverged = len(path) < steps + 1 or not np.isfinite(final) or final > surface.loss(np.asarray(start))
    shown = path[np.all(np.abs(path) < 50, axis=1)]
    ax.plot(shown[:, 0], shown[:, 1], "o-", color="C2", ms=3, lw=1.2, label="trajectory")
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

    return interactive_figure(
        learning_rate_figure,
        figsize=(4.5, 4),
        lr=widgets.FloatLogSlider(
            value=0.05, base=10, min=-3, max=np.log10(0.3), step=0.05, description="alpha"
        ),
        momentum=widgets.FloatSlider(value=0.0, min=0.0, max=0.95, step=0.05, description="beta"),
    )


__all__ = ["learning_rate_figure", "learning_rate_demo"]
