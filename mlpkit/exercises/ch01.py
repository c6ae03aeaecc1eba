"""Self-checks for chapter 1's exercises (the multilayer network).

Each checker takes the student's function, calls it on networks drawn from `draw_rng` and
compares with the reference computed here, never shown.
"""

import numpy as np

from ._check import Feedback, call, compare, draw_rng, exercise


def _random_sizes(rng):
    return [int(h) for h in rng.integers(1, 40, size=int(rng.integers(2, 6)))]


@exercise("ex-ch1-count")
def ex_ch1_count(n_params):
    """Your ``n_params(sizes)``: the number of weights and biases of an MLP with layer sizes
    ``[d, H_1, ..., H_L, C]``."""
    rng = draw_rng()
    for _trial in range(5):
        sizes = _random_sizes(rng)
        got = call(n_params, list(sizes), name=f"n_params({sizes})")
        try:
            got = int(got)
        except (TypeError, ValueError):
            raise Feedback(f"n_params should return one integer, got {type(got).__name__}") from None
        weights = sum(sizes[k] * sizes[k - 1] for k in range(1, len(sizes)))
        biases = sum(sizes[1:])
        if got == weights:
            raise Feedback(
                f"n_params({sizes}) counts the weights only: every unit of layers 1..L+1 also has a bias"
            )
        if got == weights + sum(sizes):
            raise Feedback(f"n_params({sizes}) gives the input layer biases too: h^(0) = x has none")
        if got == sum(sizes[k] * (sizes[k - 1] + 1) for k in range(1, len(sizes) - 1)):
            raise Feedback(f"n_params({sizes}) leaves out the output layer W^(L+1), b^(L+1)")
        if got != weights + biases:
            raise Feedback(f"n_params({sizes}) = {got} is not the number of parameters of that network")
    return "right on 5 random architectures"


@exercise("ex-ch1-linear")
def ex_ch1_linear(affine_map):
    """Your ``affine_map(net) -> (V, c)`` for an `MLP` with the identity activation, such that
    its logits are ``X @ V.T + c``."""
    from ..layers import MLP

    rng = draw_rng()
    for _trial in range(3):
        sizes = [int(h) for h in rng.integers(2, 9, size=int(rng.integers(3, 6)))]
        net = MLP(sizes, activation="identity", seed=int(rng.integers(0, 2**31)))
        for layer in net.linears:
            layer.b = rng.normal(size=layer.b.shape)  # non-zero biases, so that c matters
        out = call(affine_map, net, name=f"affine_map(MLP({sizes}))")
        if not (isinstance(out, tuple) and len(out) == 2):
            raise Feedback("affine_map should return a pair (V, c)")
        V, c = (np.asarray(v, dtype=float) for v in out)
        V_ref = np.eye(sizes[0])
        for layer in net.linears:
            V_ref = layer.W @ V_ref
        c_ref = net.forward(np.zeros((1, sizes[0])))[0]
        if V.shape == V_ref.T.shape and V.shape != V_ref.shape:
            raise Feedback(
                f"V has shape {V.shape}: it should be (C, d) = {V_ref.shape}, as W^(k) is (H_k, H_(k-1))"
            )
        compare(V, V_ref, name="V")
        if np.allclose(c, 0) and not np.allclose(c_ref, 0):
            raise Feedback("c is zero: the biases, pushed through the later layers, add up to a non-zero c")
        compare(c, c_ref, name="c")
        X = rng.normal(size=(4, sizes[0]))
        compare(X @ V.T + c, net.forward(X), name="X @ V.T + c against the logits")
    return "V and c reproduce 3 random linear networks"
