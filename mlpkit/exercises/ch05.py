"""Self-checks for chapter 5's exercises (flow graphs, forward and reverse mode, sampling nodes).

Each checker takes the student's function or class and tries it on fresh random inputs
from `draw_rng`; none prints or returns the reference answer.
"""

import numpy as np

from ..layers import MLP
from ._check import Feedback, call, compare, draw_rng, exercise


def _sigm(a):
    return 0.5 * (1.0 + np.tanh(a / 2.0))


class _Leaf:
    """A stand-in for the chapter's leaf `Box`: a value, a gradient, no children."""

    def __init__(self, value, grad):
        self.value, self.grad, self.children, self.name = value, grad, (), "a"

    def fprop(self):
        pass

    def bprop(self):
        pass


@exercise("ex-ch5-sigmoid")
def ex_ch5_sigmoid(Sigmoid):
    """Your ``Sigmoid`` box class: ``Sigmoid(a_box)``, with ``fprop`` and ``bprop`` as in the chapter."""
    rng = draw_rng()
    A = rng.normal(size=(5, 4)) * 2
    before, incoming = rng.normal(size=A.shape), rng.normal(size=A.shape)
    box = call(Sigmoid, _Leaf(A.copy(), before.copy()), name="Sigmoid(a)")
    if not getattr(box, "children", None):
        raise Feedback("Sigmoid(a) should keep a as its child (subclass the chapter's Box)")
    child = box.children[0]
    call(box.fprop, name="fprop()")
    compare(getattr(box, "value", None), _sigm(A), name="the value after fprop()")
    box.grad = incoming.copy()
    call(box.bprop, name="bprop()")
    s = _sigm(A)
    added = np.asarray(child.grad, dtype=float) - before
    if np.allclose(child.grad, incoming * s * (1 - s), rtol=1e-6):
        raise Feedback("bprop overwrites the child's gradient (=): it must add to it (+=), eq-ch5-bprop")
    if np.allclose(added, incoming * (1 - s**2), rtol=1e-6):
        raise Feedback("bprop uses tanh's derivative 1 - v^2; the sigmoid's is v (1 - v)")
    if np.allclose(added, s * (1 - s), rtol=1e-6):
        raise Feedback("bprop forgets to multiply by the box's own gradient (self.grad)")
    compare(added, incoming * s * (1 - s), name="what bprop adds to the child's gradient")
    return "fprop and bprop match on a random 5x4 batch"


def _jacobian(net, x):
    h, J = x, np.eye(len(x))
    for k, layer in enumerate(net.linears):
        a = layer.W @ h + layer.b
        J = layer.W @ J
        if k < len(net.linears) - 1:
            h = np.tanh(a)
            J = (1 - h**2)[:, None] * J
    return J


@exercise("ex-ch5-input-jacobian")
def ex_ch5_input_jacobian(input_jacobian):
    """Your ``input_jacobian(net, x)``: d logits / d x, shape (C, d), for a tanh `MLP` and one input x."""
    rng = draw_rng()
    for _ in range(2):
        d, H, C = (int(v) for v in rng.integers(2, 6, size=3))
        net = MLP([d, H, H, C], activation="tanh", seed=int(rng.integers(0, 2**31)))
        x = rng.normal(size=d)
        got = call(input_jacobian, net, x, name="input_jacobian(net, x)")
        linear = np.linalg.multi_dot([layer.W for layer in net.linears[::-1]])
        if np.shape(got) == linear.shape and np.allclose(got, linear, rtol=1e-6):
            raise Feedback("input_jacobian misses each tanh box's factor 1 - h^2 (its local derivative)")
        compare(got, _jacobian(net, x), name="input_jacobian(net, x)")
    return "matches the exact Jacobian of 2 random tanh networks"


@exercise("ex-ch5-exponential")
def ex_ch5_exponential(exp_pathwise):
    """Your ``exp_pathwise(f_prime, lam, u)``: per-sample pathwise estimates of d E[f(z)] / d lam."""
    rng = draw_rng()
    lam = float(rng.uniform(0.3, 3.0))
    u = rng.uniform(1e-3, 1.0, size=50)
    w = float(rng.uniform(0.5, 2.0))

    def f_prime(z):
        return np.cos(w * z) + 2 * z

    got = call(exp_pathwise, f_prime, lam, u, name="exp_pathwise(f_prime, lam, u)")
    z = -np.log(u) / lam
    dz = -z / lam  # = log(u) / lam^2
    if np.shape(got) == u.shape and np.allclose(got, dz, rtol=1e-6):
        raise Feedback("the estimate is dz/dlam alone: multiply it by f'(z), the chain rule through f")
    if np.shape(got) == u.shape and np.allclose(got, f_prime(z) * z * lam, rtol=1e-6):
        raise Feedback("dz/dlam is not z lam: with z = -log(u) / lam, dz/dlam = log(u) / lam^2 = -z / lam")
    compare(got, f_prime(z) * dz, name="exp_pathwise(f_prime, lam, u)")
    return "matches on 50 random uniforms and a random lam"
