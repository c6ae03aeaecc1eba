"""The chapter 15 widget: three space-time diagrams side by side."""

import matplotlib.colors as mpl_colors
import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlpkit.experiments.ch15_inductive_bias import learn_rule
from mlpkit.widgets import automata as aw
from mlpkit.widgets.automata import RED


def test_figure_draws_three_panels_with_wrong_cells_in_red():
    fig, ax = plt.subplots()
    out = aw.automaton_figure(rule=30, steps=10, ax=ax)
    assert out is ax and "rule 30" in ax.get_title() and "MLP" in ax.get_title()
    image = ax.images[0].get_array()
    assert image.shape == (11, 3 * 16 + 4, 3)
    run = learn_rule(30, steps=10)
    red = np.all(np.isclose(image[:, 18:34], mpl_colors.to_rgb(RED)), axis=-1)  # the MLP's panel
    np.testing.assert_array_equal(red, run.mlp != run.true)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["rule 30", "MLP", "Conv1D"]
    assert ax.get_ylabel() == "time t"
    plt.close(fig)


def test_figure_makes_its_own_axes_and_shows_the_seed():
    ax = aw.automaton_figure(rule=204, steps=5, seed=1)
    assert "seed 1" in ax.get_title()
    plt.close("all")


def test_bad_knobs_raise_from_the_experiment():
    with pytest.raises(ValueError, match="rule"):
        aw.automaton_figure(rule=256)


def test_demo_sliders_span_all_rules_and_three_seeds():
    rule, seed = aw.automaton_demo().kwargs_widgets
    assert (rule._kwarg, rule.min, rule.max) == ("rule", 0, 255)
    assert (seed._kwarg, seed.min, seed.max) == ("seed", 0, 2)
    plt.close("all")
