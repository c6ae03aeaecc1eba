"""Chapter 5's demo: fprop values and bprop gradients on every box of a small flow graph.

The graph is `mlpkit.flowgraph.residual_graph`, a one-unit residual network on a scalar
input x; `mlpkit.flowgraph.flow_graph` runs fprop and bprop through it. Here we only draw:
``flowgraph_figure`` shows the boxes in topological order with their value and gradient
and the message on each arrow; ``flowgraph_demo`` puts a slider on x.
"""

from ..flowgraph import GRAPH, flow_graph
from ._common import axes, interactive_figure

X_MIN, X_MAX = -3.0, 3.0


def flowgraph_figure(x=1.0, ax=None):
    """Draw the graph in topological order, leaves on the upper row, each box with its value
    v (fprop) and its gradient (bprop); each arrow is labelled with the message its parent
    sends back to the child.

    Parameters
    ----------
    x : float
        The input of the network.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib Axes
    """
    result = flow_graph(x)
    ax = axes(ax, figsize=(14, 3.6))
    position = {name: (i, 1.0 if op == "leaf" else 0.0) for i, (name, op, _) in enumerate(GRAPH)}
    for name, _op, children in GRAPH:
        for child in children:
            (x0, y0), (x1, y1) = position[child], position[name]
            arrow = dict(arrowstyle="-|>", color="0.45", shrinkA=0, shrinkB=0, mutation_scale=12)
            passed = [n for n, o, _ in GRAPH if o != "leaf" and x0 < position[n][0] < x1]
            if y0 == y1 and passed:  # a skip connection: drawn under the boxes it passes
                ax.plot([x0, x0 + 0.3, x1 - 0.3], [y0 - 0.14, y0 - 0.32, y0 - 0.32], color="0.45", lw=1)
                ax.annotate("", (x1, y1 - 0.14), (x1 - 0.3, y1 - 0.32), arrowprops=arrow)
                label_at = ((x0 + x1) / 2, y0 - 0.32)
            else:
                arrow.update(shrinkA=19, shrinkB=19)
                ax.annotate("", (x1, y1), (x0, y0), arrowprops=arrow)
                label_at = ((x0 + x1) / 2, (y0 + y1) / 2 + (0.1 if y0 == y1 else 0.0))
            ax.text(
                *label_at,
                f"{result['message'][child, name] + 0.0:+.2g}",
                ha="center",
                va="center",
                fontsize=7,
                color="C2",
                fontstyle="italic",
                bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.8),
            )
    for name, op, _ in GRAPH:
        colour = "C1" if op == "leaf" else ("C2" if name == "l" else "C0")  # orange, red, blue
        label = f"{name}\nv = {result['value'][name]:+.2f}\n$\\nabla$ = {result['grad'][name] + 0.0:+.2g}"
        ax.text(
            *position[name],
            label,
            ha="center",
            va="center",
            fontsize=8,
            bbox=dict(boxstyle="round", fc="white", ec=colour, lw=1.5),
        )
    ax.set_xlim(-0.6, len(GRAPH) - 0.4)
    ax.set_ylim(-0.5, 1.4)
    ax.set_yticks([0, 1], ["computed", "leaves"])
    ax.set_xticks(range(len(GRAPH)))
    ax.set_xlabel("position in the topological order (fprop left to right, bprop right to left)")
    v, g = result["value"], result["grad"]
    ax.set_title(
        f"x = {v['x']:+.2f}: loss l = {v['l']:.3f}; "
        f"$\\partial l/\\partial w_1$ = {g['w1']:+.3f}, $\\partial l/\\partial x$ = {g['x']:+.3f}  "
        "(red italics: messages sent back by bprop)",
        fontsize=10,
    )
    return ax


def flowgraph_demo():
    """A slider on the input x (-3 to 3) redrawing `flowgraph_figure`."""
    import ipywidgets as widgets

    slider = widgets.FloatSlider(
        value=1.0, min=X_MIN, max=X_MAX, step=0.1, description="input x", continuous_update=False
    )
    return interactive_figure(flowgraph_figure, figsize=(14, 3.6), x=slider)


__all__ = ["flowgraph_figure", "flowgraph_demo"]
