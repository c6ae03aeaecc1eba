"""Self-checks for chapter 15's exercises (inductive bias, elementary cellular automata).

Each checker takes the student's function, calls it on inputs drawn from `draw_rng` and
compares with the reference computed here, never shown.
"""

import numpy as np

from ..experiments.ch15_inductive_bias import eca_step
from ..layers import MLP
from ._check import Feedback, call, compare, draw_rng, exercise


@exercise("ex-ch15-data")
def ex_ch15_data(accuracy):
    """Your ``accuracy(net, rule, rows)``: the fraction of cells of the next rows that ``net``
    predicts correctly, its output thresholded at 0.5; ``rows`` is an (n, L) array of 0/1."""
    rng = draw_rng()
    L = int(rng.integers(8, 20))
    net = MLP([L, 12, L], activation="tanh", seed=int(rng.integers(0, 2**31)))
    for _trial in range(3):
        rule, rows = int(rng.integers(0, 256)), rng.integers(0, 2, (int(rng.integers(5, 40)), L))
        got = call(accuracy, net, rule, rows, name=f"accuracy(net, {rule}, rows)")
        try:
            got = float(got)
        except (TypeError, ValueError):
            raise Feedback(f"accuracy should return one number, got {got!r:.60}") from None
        out = net.forward(rows.astype(float))
        expected = np.mean((out > 0.5) == eca_step(rule, rows))
        if not np.isclose(got, expected):
            if np.isclose(got, np.mean((out > 0.5) == rows)):
                raise Feedback("compare with the *next* rows, eca_step(rule, rows), not with the input rows")
            if np.isclose(got, np.mean((out > 0) == eca_step(rule, rows))):
                raise Feedback("the targets are 0 and 1: threshold the output at 0.5, not at 0")
            if np.isclose(got, 1 - expected):
                raise Feedback("that is the fraction of wrong cells: return the fraction of right ones")
        compare(got, expected, name=f"accuracy(net, {rule}, rows)")
    return "the per-cell accuracy for 3 random rules on a random network"


def _only_centre(rule):
    table = [(rule >> i) & 1 for i in range(8)]
    return all(table[i] == table[i ^ bit] for i in range(8) for bit in (4, 1))


@exercise("ex-ch15-kernel")
def ex_ch15_kernel(kernel_1_can_learn):
    """Your ``kernel_1_can_learn(rule)``: whether a convolution of kernel size 1, whose output
    cell sees only its own input cell, can represent ``rule`` (True or False)."""
    rng = draw_rng()
    rules = [int(r) for r in rng.permutation(256)[:64]] + [0, 51, 204, 255, 170, 240]
    for rule in rules:
        got = call(kernel_1_can_learn, rule, name=f"kernel_1_can_learn({rule})")
        expected = _only_centre(rule)
        if bool(got) != expected:
            if rule in (170, 240) and got:
                raise Feedback(
                    f"rule {rule} copies a neighbour: its output depends on a cell that a kernel of size 1 "
                    "does not see"
                )
            raise Feedback(
                f"kernel_1_can_learn({rule}) should be {expected}: the rule's table must not change when "
                "the left or the right cell flips"
            )
    return f"right on {len(rules)} rules"


@exercise("ex-ch15-multi")
def ex_ch15_multi(receptive_field):
    """Your ``receptive_field(kernel_sizes)``: how many input cells one output cell of a stack
    of 1-D convolutions with these (odd) kernel sizes depends on."""
    rng = draw_rng()
    cases = [[3], [3, 3], [5], [1, 1]] + [
        [int(k) for k in rng.choice([1, 3, 5, 7], size=int(rng.integers(1, 5)))] for _ in range(4)
    ]
    for sizes in cases:
        got = call(receptive_field, list(sizes), name=f"receptive_field({sizes})")
        expected = 1 + sum(k - 1 for k in sizes)
        try:
            got = int(got)
        except (TypeError, ValueError):
            raise Feedback(f"receptive_field should return an integer, got {got!r:.60}") from None
        if got != expected:
            if got == sum(sizes) and len(sizes) > 1:
                raise Feedback(
                    "the layers' fields overlap: each layer adds k - 1 cells, "
                    "so two kernel-3 layers see 5, not 6"
                )
            if got == int(np.prod(sizes)) and len(sizes) > 1:
                raise Feedback("fields grow by adding k - 1 per layer, not by multiplying the kernel sizes")
            raise Feedback(f"receptive_field({sizes}) is not the number of input cells one output sees")
    return f"right for {len(cases)} stacks of kernels"


__all__ = ["ex_ch15_data", "ex_ch15_kernel", "ex_ch15_multi"]
