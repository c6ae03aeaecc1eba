"""Chapter 5's demo: fprop values and bprop gradients on every box of a small flow graph.

The graph is a one-unit residual network on a scalar input x with label y = 1:

    m1 = w1 x,  a1 = m1 + b1,  h1 = tanh(a1),  a2 = w2 h1,  t = tanh(a2),
    h2 = h1 + t,  a3 = w3 h2,  l = -log sigm(a3)

h1 is read by two boxes (a2 and h2), so its gradient is the sum of the two messages
they send back. ``flow_graph`` runs fprop in topological order and bprop in reverse
order, returning every value, gradient and message; ``flowgraph_figure`` draws the boxes
with their value and gradient; ``flowgraph_demo`` puts a slider on x.
"""
import numpy as np

from .._validate import check_real
from . import interactive_figure

X_MIN, X_MAX = -3.0, 3.0
WEIGHTS = {"w1": 1.5, "b1": 0.5, "w2": -2.0, "w3": 1.0}

# (name, operation, children) in a topological order: every box after its children.
GRAPH = (
    ("x", "leaf", ()),
    ("w1", "leaf", ()),
    ("m1", "mul", ("w1", "x")),
    ("b1", "leaf", ()),
    ("a1", "add", ("m1", "b1")),
    ("h1", "tanh", ("a1",)),
    ("w2", "leaf", ()),
    ("a2", "mul", ("w2", "h1")),
    ("t", "tanh", ("a2",)),
    ("h2", "add", ("h1", "t")),
    ("w3", "leaf", ()),
    ("a3", "mul", ("w3", "h2")),
    ("l", "loss", ("a3",)),
)


def _fprop(op, inputs):
    if op == "mul":
        return inputs[0] * inputs[1]
    if op == "add":
        return inputs[0] + inputs[1]
    if op == "tanh":
        return float(np.tanh(inputs[0]))
    return float(np.logaddexp(0.0, -inputs[0]))        # -log sigm(a) = log(1 + e^{-a}), stably


def _partials(op, inputs, value):
    """d value / d input_j for each child j: the local derivatives that bprop multiplies by."""
    if op == "mul":
        return (inputs[1], inputs[0])
    if op == "add":
        return (1.0, 1.0)
    if op == "tanh":
        return (1.0 - value ** 2,)
    return (-1.0 / (1.0 + np.exp(inputs[0])),)          # d/da -log sigm(a) = -(1 - sigm(a))


def flow_graph(x=1.0, w1=WEIGHTS["w1"], b1=WEIGHTS["b1"], w2=WEIGHTS["w2"], w3=WEIGHTS["w3"]):
    """fprop then bprop through the chapter 5 residual graph (see the module docstring).

    Parameters
    ----------
    x : float, the input;  w1, b1, w2, w3 : float, the parameters

    Returns
    -------
    dict with
        ``"value"``: {box: its fprop value}, ``"grad"``: {box: d l / d box} (``grad["l"] = 1``),
        ``"message"``: {(child, parent): (d parent / d child) * grad[parent]}, what ``parent``'s
        bprop adds to ``grad[child]`` (a box read twice receives two messages).
    """
    leaves = {"x": check_real(x, "x"), "w1": check_real(w1, "w1"), "b1": check_real(b1, "b1"),
              "w2": check_real(w2, "w2"), "w3": check_real(w3, "w3")}
    value = {}
    for name, op, children in GRAPH:                   # fprop, in topological order
        value[name] = leaves[name] if op == "leaf" else _fprop(op, [value[c] for c in children])
    grad = {name: 0.0 for name, _, _ in GRAPH}
    grad["l"] = 1.0
    message = {}
    for name, op, children in reversed(GRAPH):         # bprop, in reverse order; gradients accumulate
        if op == "leaf":
            continue
        for child, partial in zip(children, _partials(op, [value[c] for c in children], value[name])):
            message[child, name] = float(partial * grad[name])
            grad[child] += message[child, name]
    return {"value": value, "grad": grad, "message": message}


def flowgraph_figure(x=1.0, ax=None):
    """Draw the graph in topological order, leaves on the upper row, each box with its value
    v (fprop) and its gradient (bprop); each arrow is labelled with the message its parent
    sends back to the child. Returns the axes."""
    result = flow_graph(x)
    if ax is None:
        import matplotlib.pyplot as plt
        _, ax = plt.subplots(figsize=(14, 3.6))
    position = {name: (i, 1.0 if op == "leaf" else 0.0) for i, (name, op, _) in enumerate(GRAPH)}
    for name, op, children in GRAPH:
        for child in children:
            (x0, y0), (x1, y1) = position[child], position[name]
            arrow = dict(arrowstyle="->", color="0.55", shrinkA=0, shrinkB=0)
            passed = [n for n, o, _ in GRAPH if o != "leaf" and x0 < position[n][0] < x1]
            if y0 == y1 and passed:             # a skip connection: drawn under the boxes it passes
                ax.plot([x0, x0 + 0.3, x1 - 0.3], [y0 - 0.14, y0 - 0.32, y0 - 0.32], color="0.55", lw=1)
                ax.annotate("", (x1, y1 - 0.14), (x1 - 0.3, y1 - 0.32), arrowprops=arrow)
                label_at = ((x0 + x1) / 2, y0 - 0.32)
            else:
                arrow.update(shrinkA=17, shrinkB=17)
                ax.annotate("", (x1, y1), (x0, y0), arrowprops=arrow)
                label_at = ((x0 + x1) / 2, (y0 + y1) / 2 + (0.1 if y0 == y1 else 0.0))
            ax.text(*label_at, f"{result['message'][child, name] + 0.0:+.2g}", ha="center", va="center",
                    fontsize=7, color="C3", bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.8))
    for name, op, _ in GRAPH:
        colour = "C2" if op == "leaf" else ("C3" if name == "l" else "C0")
        label = f"{name}\nv = {result['value'][name]:+.2f}\n$\\nabla$ = {result['grad'][name] + 0.0:+.2g}"
        ax.text(*position[name], label, ha="center", va="center", fontsize=8,
                bbox=dict(boxstyle="round", fc="white", ec=colour, lw=1.5))
    ax.set_xlim(-0.6, len(GRAPH) - 0.4)
    ax.set_ylim(-0.5, 1.4)
    ax.set_yticks([0, 1], ["computed", "leaves"])
    ax.set_xticks(range(len(GRAPH)))
    ax.set_xlabel("position in the topological order (fprop left to right, bprop right to left)")
    v, g = result["value"], result["grad"]
    ax.set_title(f"x = {v['x']:+.2f}: loss l = {v['l']:.3f}; "
                 f"$\\partial l/\\partial w_1$ = {g['w1']:+.3f}, $\\partial l/\\partial x$ = {g['x']:+.3f}  "
                 "(red: messages sent back by bprop)", fontsize=10)
    return ax


def flowgraph_demo():
    """A slider on the input x (-3 to 3) redrawing `flowgraph_figure`."""
    import ipywidgets as widgets

    slider = widgets.FloatSlider(value=1.0, min=X_MIN, max=X_MAX, step=0.1, description="input x",
                                 continuous_update=False)
    return interactive_figure(flowgraph_figure, figsize=(14, 3.6), x=slider)


__all__ = ["GRAPH", "flow_graph", "flowgraph_figure", "flowgraph_demo"]
