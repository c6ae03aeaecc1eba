"""Chapter 15's knob: the rule of an elementary cellular automaton, and what two learners make of it.

A row of L cells on a circle; at each step cell j becomes bit number
4 x_{j-1} + 2 x_j + x_{j+1} of the rule r in {0, ..., 255} (Wolfram's numbering).
`learn_rule` redoes the chapter's experiment for one rule: from the same 32 random rows of
L = 16 cells it trains

- an MLP [16, 64, 16] (tanh), which sees a row as 16 unrelated numbers, and
- a convolutional network Conv1D(1, 8, 3, circular) -> tanh -> Conv1D(8, 1, 1), which computes
  every output cell from its 3 neighbours with the same weights (the structure of the rule),

both on the squared loss (threshold 0.5), and measures their accuracy per cell on 500 fresh
rows. It then lets each learner run the automaton on its own, feeding back its rounded output
for ``steps`` steps from a test row. `automaton_figure` draws the three space-time diagrams
side by side (the rule's, the MLP's and the CNN's), with the learners' wrong cells in red;
`automaton_demo` puts the rule on a slider.
"""
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from .._validate import check_int
from . import interactive_figure

__all__ = ["LENGTH", "eca_step", "spacetime", "automaton_task", "LearnedRule", "learn_rule",
           "automaton_figure", "automaton_demo"]

LENGTH = 16  # L, the cells in a row (the chapter's task)


def _check_rule(rule):
    return check_int(rule, "rule", low=0, high=255)


def eca_step(rule, rows):
    """One step of elementary cellular automaton ``rule`` on each row (periodic boundary).

    Parameters
    ----------
    rule : int in [0, 255]
    rows : (n, L) array of 0/1 integers

    Returns
    -------
    (n, L) int64 array: x_j <- bit (4 x_{j-1} + 2 x_j + x_{j+1}) of ``rule``
    """
    rule = _check_rule(rule)
    rows = np.asarray(rows)
    if rows.ndim != 2 or rows.dtype.kind not in "iub" or not np.all((rows == 0) | (rows == 1)):
        raise ValueError(f"rows: expected a 2-D array of 0/1 integers, got {rows.dtype} array of shape {rows.shape}")
    rows = rows.astype(np.int64)
    left, right = np.roll(rows, 1, axis=1), np.roll(rows, -1, axis=1)
    return (rule >> (4 * left + 2 * rows + right)) & 1


def spacetime(step, start, steps):
    """The rows start, step(start), step(step(start)), ...: a (steps + 1, L) space-time diagram.

    ``step`` maps a (1, L) 0/1 row to the next one (the rule, or a trained learner).
    """
    steps = check_int(steps, "steps", low=0)
    rows = [np.asarray(start).reshape(1, -1).astype(np.int64)]
    for _ in range(steps):
        rows.append(np.asarray(step(rows[-1])).reshape(1, -1).astype(np.int64))
    return np.vstack(rows)


def automaton_task():
    """The chapter's rows: X_train (32, 16) and X_test (500, 16), random 0/1 from seed 0."""
    rng = np.random.default_rng(0)
    return rng.integers(0, 2, (32, LENGTH)), rng.integers(0, 2, (500, LENGTH))


class LearnedRule(NamedTuple):
    """One rule, the two learners' test accuracies, and the three space-time diagrams."""

    rule: int
    acc_mlp: float        #: accuracy per cell on the 500 test rows
    acc_cnn: float
    true: np.ndarray      #: (steps + 1, 16) the rule run from the first test row
    mlp: np.ndarray       #: (steps + 1, 16) the trained MLP run on its own predictions
    cnn: np.ndarray       #: (steps + 1, 16) the trained convolutional network, likewise


def _make_mlp():
    from ..layers import MLP
    return MLP([LENGTH, 64, LENGTH], activation="tanh", seed=0)


def _make_cnn():
    from ..activations import Tanh
    from ..conv import Conv1D
    from ..layers import Sequential
    return Sequential(Conv1D(1, 8, 3, LENGTH, padding="circular", rng=0), Tanh(), Conv1D(8, 1, 1, LENGTH, rng=1))


def learn_rule(rule=110, steps=20):
    """Train the chapter's MLP and CNN on ``rule`` from 32 rows and run each for ``steps`` steps.

    Parameters
    ----------
    rule : int in [0, 255]
    steps : int in [1, 200]
        Rows of the space-time diagrams after the starting one (the first test row).

    Returns
    -------
    LearnedRule (cached per (rule, steps); its arrays are read-only)
    """
    return _learn_rule(_check_rule(rule), check_int(steps, "steps", low=1, high=200))


@lru_cache(maxsize=None)
def _trained(rule):
    """The two learners trained on ``rule`` exactly as in the chapter (cached: about 0.2 s per rule)."""
    from ..losses import MeanSquaredError
    from ..optim import SGD
    from ..training import fit

    X_train, _ = automaton_task()
    Y_train = eca_step(rule, X_train).astype(float)
    nets = []
    for make, lr in [(_make_mlp, 0.5), (_make_cnn, 0.1)]:
        net = make()
        fit(net, MeanSquaredError(), SGD(net.parameters(), lr=lr, momentum=0.9),
            X_train.astype(float), Y_train, epochs=120, batch_size=32)
        nets.append(net)
    return nets


@lru_cache(maxsize=256)
def _learn_rule(rule, steps):
    _, X_test = automaton_task()
    mlp, cnn = _trained(rule)
    target = eca_step(rule, X_test)
    accuracy = [float(np.mean((net.forward(X_test.astype(float)) > 0.5) == target)) for net in (mlp, cnn)]
    start = X_test[:1]
    diagrams = [spacetime(lambda row: eca_step(rule, row), start, steps)]
    for net in (mlp, cnn):
        diagrams.append(spacetime(lambda row, net=net: (net.forward(row.astype(float)) > 0.5), start, steps))
    for d in diagrams:
        d.flags.writeable = False  # cached: shared between calls
    return LearnedRule(rule, accuracy[0], accuracy[1], *diagrams)


def automaton_figure(rule=110, steps=20, ax=None):
    """The space-time diagrams of ``rule``, of the MLP and of the CNN trained on it, side by side.

    Black cells are 1, white 0; a learner's cells that differ from the rule's diagram are red.
    The title gives the rule and each learner's one-step test accuracy.

    Parameters
    ----------
    rule, steps : see `learn_rule`
    ax : matplotlib Axes, optional

    Returns
    -------
    ax : the Axes drawn on
    """
    import matplotlib.pyplot as plt

    run = learn_rule(rule, steps)
    if ax is None:
        ax = plt.gca()
    white, black, red, gap = (1.0, 1.0, 1.0), (0.0, 0.0, 0.0), (0.85, 0.1, 0.1), (0.75, 0.75, 0.75)
    panels = []
    for diagram in (run.true, run.mlp, run.cnn):
        rgb = np.where(diagram[..., None] == 1, black, white)
        rgb[diagram != run.true] = red
        panels.append(rgb)
    separator = np.broadcast_to(np.array(gap), (steps + 1, 2, 3))
    image = np.concatenate([panels[0], separator, panels[1], separator, panels[2]], axis=1)
    ax.imshow(image, interpolation="nearest", aspect="equal")
    centres = [(LENGTH - 1) / 2 + i * (LENGTH + 2) for i in range(3)]
    ax.set_xticks(centres)
    ax.set_xticklabels([f"rule {rule}", "MLP", "Conv1D"])
    ax.set_xlabel("cells j of each diagram (red: wrong)")
    ax.set_ylabel("time t")
    ax.set_title(f"rule {rule}: one-step test accuracy\nMLP {run.acc_mlp:.3f}, Conv1D {run.acc_cnn:.3f}")
    return ax


def automaton_demo():
    """A slider over the 256 rules, redrawing `automaton_figure` (each new rule trains two small nets, ~0.2 s)."""
    import ipywidgets as widgets
    slider = widgets.IntSlider(value=110, min=0, max=255, description="rule", continuous_update=False)
    return interactive_figure(automaton_figure, figsize=(6, 3.8), rule=slider)
