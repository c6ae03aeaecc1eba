"""A flow graph of scalar boxes with fprop and bprop: chapter 5's automatic differentiation.

Each `Box` holds a value, the gradient of the loss with respect to it, its children (the
boxes it reads) and the local derivatives d box / d child. Arithmetic on boxes builds the
graph and runs fprop at once::

    x, w, b = Box(0.7, name="x"), Box(1.5, name="w"), Box(0.5, name="b")
    h = (x * w + b).tanh()
    loss = h.neg_log_sigmoid()
    messages = backward(loss)          # bprop in reverse topological order
    w.grad                             # d loss / d w

`backward` is the slides' rule, grad[child] += (d box / d child) * grad[box], applied to
every box in reverse topological order, so that a box read twice receives, and sums, two
messages. `flow_graph` builds the chapter's one-unit residual network with it.
"""

import math

from ._validate import check_real


class Box:
    """One node of a flow graph.

    Parameters
    ----------
    value : float
        The box's value (fprop has run when the box exists).
    children : tuple of Box
        The boxes it reads; empty for a leaf (an input or a parameter).
    partials : tuple of float
        d value / d child, one per child: what bprop multiplies by.
    op : str
        The operation, for display ("leaf", "add", "mul", "tanh", "loss").
    name : str
        A label.
    """

    def __init__(self, value, children=(), partials=(), op="leaf", name=""):
        self.value, self.grad = float(value), 0.0
        self.children, self.partials, self.op, self.name = tuple(children), tuple(partials), op, name

    def __add__(self, other):
        return Box(self.value + other.value, (self, other), (1.0, 1.0), "add")

    def __mul__(self, other):
        return Box(self.value * other.value, (self, other), (other.value, self.value), "mul")

    def tanh(self):
        t = math.tanh(self.value)
        return Box(t, (self,), (1.0 - t * t,), "tanh")

    def neg_log_sigmoid(self):
        """-log sigm(a) = log(1 + e^{-a}), the two-class cross-entropy for the label 1;
        its derivative is -(1 - sigm(a)) = -1 / (1 + e^{a})."""
        a = self.value
        value = max(-a, 0.0) + math.log1p(math.exp(-abs(a)))  # log(1 + e^{-a}), stably
        return Box(value, (self,), (-0.5 * (1.0 - math.tanh(a / 2)),), "loss")  # -sigm(-a)

    def named(self, name):
        """Set the label and return the box (to name a box where it is built)."""
        self.name = name
        return self

    def __repr__(self):
        return f"Box({self.name or self.op}, value={self.value:.4g}, grad={self.grad:.4g})"


def topological_order(output):
    """Every box that ``output`` depends on, each after all of its children (depth first).

    Parameters
    ----------
    output : Box

    Returns
    -------
    list of Box
        Ending with ``output``.
    """
    order, seen = [], set()

    def visit(box):
        if id(box) not in seen:
            seen.add(id(box))
            for child in box.children:
                visit(child)
            order.append(box)  # after all of its children

    visit(output)
    return order


def backward(output):
    """bprop: d output / d box for every box, in reverse topological order.

    Parameters
    ----------
    output : Box
        The loss; its gradient is set to 1, every other gradient to 0 first.

    Returns
    -------
    dict
        ``{(child, parent): message}``: what each parent's bprop added to its child's
        gradient, ``(d parent / d child) * parent.grad``.
    """
    order = topological_order(output)
    for box in order:
        box.grad = 0.0
    output.grad = 1.0
    messages = {}
    for box in reversed(order):  # a box's gradient is complete before it is passed on
        for child, partial in zip(box.children, box.partials):
            messages[child, box] = partial * box.grad
            child.grad += messages[child, box]
    return messages


WEIGHTS = {"w1": 1.5, "b1": 0.5, "w2": -2.0, "w3": 1.0}


def residual_graph(x=1.0, w1=WEIGHTS["w1"], b1=WEIGHTS["b1"], w2=WEIGHTS["w2"], w3=WEIGHTS["w3"]):
    """The loss box of chapter 5's one-unit residual network with label y = 1::

        m1 = x w1,  a1 = m1 + b1,  h1 = tanh(a1),  a2 = h1 w2,  t = tanh(a2),
        h2 = h1 + t,  a3 = h2 w3,  l = -log sigm(a3)

    h1 is read twice, by a2 and by h2. Inputs are not checked here (see `flow_graph`).
    """
    x, w1, b1, w2, w3 = (Box(v, name=n) for v, n in zip((x, w1, b1, w2, w3), ("x", "w1", "b1", "w2", "w3")))
    m1 = (x * w1).named("m1")
    a1 = (m1 + b1).named("a1")
    h1 = a1.tanh().named("h1")
    a2 = (h1 * w2).named("a2")
    t = a2.tanh().named("t")
    h2 = (h1 + t).named("h2")  # h1 is read a second time
    a3 = (h2 * w3).named("a3")
    return a3.neg_log_sigmoid().named("l")


def flow_graph(x=1.0, w1=WEIGHTS["w1"], b1=WEIGHTS["b1"], w2=WEIGHTS["w2"], w3=WEIGHTS["w3"]):
    """fprop then bprop through `residual_graph`, every value, gradient and message by name.

    Parameters
    ----------
    x : float
        The input.
    w1, b1, w2, w3 : float
        The parameters.

    Returns
    -------
    dict
        ``"value"``: {name: fprop value}; ``"grad"``: {name: d l / d box} (``grad["l"] = 1``);
        ``"message"``: {(child, parent): (d parent / d child) * grad[parent]}, what the
        parent's bprop adds to the child's gradient (a box read twice receives two);
        ``"graph"``: ((name, op, children's names), ...) in topological order.
    """
    values = {n: check_real(v, n) for n, v in (("x", x), ("w1", w1), ("b1", b1), ("w2", w2), ("w3", w3))}
    loss = residual_graph(**values)
    messages = backward(loss)
    order = topological_order(loss)
    return {
        "value": {b.name: b.value for b in order},
        "grad": {b.name: b.grad for b in order},
        "message": {(c.name, p.name): m for (c, p), m in messages.items()},
        "graph": tuple((b.name, b.op, tuple(c.name for c in b.children)) for b in order),
    }


GRAPH = flow_graph(0.0)["graph"]

__all__ = ["Box", "topological_order", "backward", "WEIGHTS", "residual_graph", "flow_graph", "GRAPH"]
