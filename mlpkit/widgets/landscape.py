"""Chapter 8's knob: alpha on the straight line theta(alpha) = (1 - alpha) theta_0 + alpha theta*.

Drawing only: the run (a 2-32-32-2 tanh network trained once on 200 noisy two-moons
points, and the loss along the line) is `mlpkit.experiments.ch08_non_convexity`.
`interpolation_figure` draws the decision regions of the network at theta(alpha), with the
training loss along the whole line in an inset and alpha marked on it;
`interpolation_demo` puts a slider on alpha from -0.5 to 1.5. Walking from 0 to 1 the
boundary forms out of the initial one while the loss falls; past 1 the weights only grow,
and the loss rises again on the points that stay misclassified.
"""

from ..experiments.ch08_non_convexity import ALPHA_MAX, ALPHA_MIN, interpolation_path, network_at
from ._common import axes, interactive_figure


def interpolation_figure(alpha=0.5, ax=None):
    """Decision regions of the network at theta(alpha), with the loss along the line in an inset.

    The title gives alpha, the training loss and the training accuracy at theta(alpha).

    Parameters
    ----------
    alpha : float
        The position on the line, in [-0.5, 1.5]: 0 is the initialisation theta_0, 1 the
        trained theta*.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    ax : matplotlib Axes
        The Axes drawn on (the inset is ``ax.child_axes[0]``).
    """
    from ..landscape import loss_value
    from ..losses import SoftmaxCrossEntropy
    from ..plot import decision_regions

    net = network_at(alpha)
    path = interpolation_path()
    X, y = path["X"], path["y"]
    loss = loss_value(net, SoftmaxCrossEntropy(), X, y)
    title = r"$\alpha$" + f" = {alpha:.2f}\ntraining loss {loss:.3f}, accuracy {net.score(X, y):.2f}"
    ax = decision_regions(net, X, y, ax=axes(ax, (5.5, 4)), resolution=100, title=title)
    ax.title.set_fontsize(9)

    inset = ax.inset_axes([0.09, 0.06, 0.3, 0.26])  # lower left: no points there
    inset.plot(path["alphas"], path["losses"], color="k", lw=1)
    inset.plot([alpha], [loss], "o", color="C2", ms=4)
    for a in (0, 1):
        inset.axvline(a, color="grey", ls=":", lw=0.8)
    inset.set_xlabel(r"$\alpha$", fontsize=6, labelpad=1)
    inset.set_ylabel("loss", fontsize=6, labelpad=1)
    inset.tick_params(labelsize=5)
    return ax


def interpolation_demo():
    """A slider on alpha (-0.5 to 1.5) redrawing `interpolation_figure`.

    Returns
    -------
    demo : ipywidgets.interactive
        The slider and its figure.
    """
    import ipywidgets as widgets

    slider = widgets.FloatSlider(
        value=0.5, min=ALPHA_MIN, max=ALPHA_MAX, step=0.05, description="alpha", continuous_update=False
    )
    return interactive_figure(interpolation_figure, figsize=(5.5, 4), alpha=slider)


__all__ = ["interpolation_figure", "interpolation_demo"]
