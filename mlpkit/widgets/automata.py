"""Chapter 15's knob: the rule of an elementary cellular automaton, and what two learners make of it.

`automaton_figure` draws three space-time diagrams side by side: the rule's own, and those of
the MLP and of the convolutional network trained on it (`mlpkit.experiments.ch15_inductive_bias`:
32 random rows, the chapter's networks and training), each learner run on its own rounded
output from the first test row, with the learners' wrong cells in red. `automaton_demo` puts
the rule and the seed on sliders.
"""

import numpy as np

from ..experiments.ch15_inductive_bias import LENGTH, learn_rule
from ._common import axes, interactive_figure

RED = "#bd1f01"  # "C2" of mlpkit/course.mplstyle: distinct from black, white and grey under CVD

__all__ = ["automaton_figure", "automaton_demo"]


def automaton_figure(rule=110, steps=20, seed=0, ax=None):
    """The space-time diagrams of ``rule``, of the MLP and of the CNN trained on it, side by side.

    Black cells are 1, white 0; a learner's cells that differ from the rule's diagram are red.
    The title gives the rule and each learner's one-step test accuracy.

    Parameters
    ----------
    rule : int
        Wolfram's number of the rule, in [0, 255] (see `learn_rule`).
    steps : int
        Rows after the starting one (see `learn_rule`).
    seed : int
        Seed of the rows and of the initial weights (see `learn_rule`).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib Axes
        The axes drawn on.
    """
    run = learn_rule(rule, steps, seed)
    ax = axes(ax, figsize=(6, 3.8))
    white, black, gap = (1.0, 1.0, 1.0), (0.0, 0.0, 0.0), (0.75, 0.75, 0.75)
    red = tuple(int(RED[i : i + 2], 16) / 255 for i in (1, 3, 5))  # the course palette's red (C2), CVD-safe
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
    ax.set_title(
        f"rule {rule} (seed {seed}): one-step test accuracy\nMLP {run.acc_mlp:.3f}, Conv1D {run.acc_cnn:.3f}"
    )
    return ax


def automaton_demo():
    """Sliders over the 256 rules and three seeds, redrawing `automaton_figure`.

    Each new (rule, seed) trains two small networks.
    """
    import ipywidgets as widgets

    rule = widgets.IntSlider(value=110, min=0, max=255, description="rule", continuous_update=False)
    seed = widgets.IntSlider(value=0, min=0, max=2, description="seed", continuous_update=False)
    return interactive_figure(automaton_figure, figsize=(6, 3.8), rule=rule, seed=seed)
