"""The chapter 15 widget: elementary cellular automata, an MLP and a Conv1D network."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

import mlpkit as mk
from mlpkit.widgets import automata as ca


def step_by_table(rule, row):
    """One step, cell by cell, reading Wolfram's rule table as a string of bits."""
    table = format(rule, "08b")[::-1]          # table[i] is the new value for neighbourhood i
    L = len(row)
    return [int(table[int(f"{row[(j - 1) % L]}{row[j]}{row[(j + 1) % L]}", 2)]) for j in range(L)]


@pytest.mark.parametrize("rule", [0, 30, 90, 110, 184, 255])
def test_eca_step_matches_the_rule_table(rule):
    rows = np.random.default_rng(rule).integers(0, 2, (6, 11))
    expected = [step_by_table(rule, list(r)) for r in rows]
    np.testing.assert_array_equal(ca.eca_step(rule, rows), expected)


def test_known_rules():
    row = np.random.default_rng(0).integers(0, 2, (3, 16))
    np.testing.assert_array_equal(ca.eca_step(204, row), row)                     # identity
    np.testing.assert_array_equal(ca.eca_step(170, row), np.roll(row, -1, axis=1))  # x_j <- x_{j+1}
    np.testing.assert_array_equal(ca.eca_step(90, row), np.roll(row, 1, axis=1) ^ np.roll(row, -1, axis=1))


def test_spacetime_iterates_the_step():
    start = np.zeros(16, dtype=int)
    start[8] = 1
    d = ca.spacetime(lambda r: ca.eca_step(90, r), start, 5)
    assert d.shape == (6, 16) and d[0].tolist() == start.tolist()
    for t in range(5):
        assert d[t + 1].tolist() == step_by_table(90, list(d[t]))


@pytest.mark.parametrize("rule", [170, 30])
def test_accuracies_match_an_independent_training(rule):
    X_train, X_test = ca.automaton_task()
    mlp = mk.MLP([16, 64, 16], activation="tanh", seed=0)
    Y = np.array([step_by_table(rule, list(r)) for r in X_train], dtype=float)
    mk.fit(mlp, mk.MeanSquaredError(), mk.SGD(mlp.parameters(), lr=0.5, momentum=0.9),
           X_train.astype(float), Y, epochs=120, batch_size=32)
    target = np.array([step_by_table(rule, list(r)) for r in X_test])
    run = ca.learn_rule(rule)
    assert run.acc_mlp == float(np.mean((mlp.forward(X_test.astype(float)) > 0.5) == target))
    # the MLP's own run of the automaton, recomputed step by step
    row = X_test[:1]
    for t in range(run.mlp.shape[0]):
        assert run.mlp[t].tolist() == row[0].tolist()
        row = (mlp.forward(row.astype(float)) > 0.5).astype(int)


def test_the_convolutional_network_runs_the_rule_exactly():
    run = ca.learn_rule(110, steps=30)
    assert run.acc_cnn == 1.0 and run.true.shape == (31, 16)
    np.testing.assert_array_equal(run.cnn, run.true)
    assert run.acc_mlp < 0.8 and np.any(run.mlp != run.true)
    with pytest.raises(ValueError):
        run.true[0, 0] = 1  # cached: read-only


def test_figure_draws_three_panels():
    fig, ax = plt.subplots()
    out = ca.automaton_figure(rule=30, steps=10, ax=ax)
    assert out is ax and "rule 30" in ax.get_title() and "MLP" in ax.get_title()
    image = ax.images[0].get_array()
    assert image.shape == (11, 3 * 16 + 4, 3)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["rule 30", "MLP", "Conv1D"]
    assert ax.get_ylabel() == "time t"
    plt.close(fig)


@pytest.mark.parametrize("kwargs, name, error", [
    ({"rule": 256}, "rule", ValueError),
    ({"rule": -1}, "rule", ValueError),
    ({"rule": 30.0}, "rule", TypeError),
    ({"rule": "30"}, "rule", TypeError),
    ({"steps": 0}, "steps", ValueError),
    ({"steps": 2.5}, "steps", TypeError),
])
def test_bad_knobs_raise_naming_the_argument(kwargs, name, error):
    with pytest.raises(error, match=name):
        ca.learn_rule(**kwargs)
    with pytest.raises(error, match=name):
        ca.automaton_figure(**kwargs)


def test_bad_rows():
    with pytest.raises(ValueError, match="rows"):
        ca.eca_step(30, np.array([[0, 2, 1]]))
    with pytest.raises(ValueError, match="rows"):
        ca.eca_step(30, np.array([0, 1, 1]))
    with pytest.raises(ValueError, match="rule"):
        ca.eca_step(300, np.array([[0, 1, 1]]))


def test_demo_slider_spans_all_rules():
    (slider,) = ca.automaton_demo().kwargs_widgets
    assert (slider._kwarg, slider.min, slider.max) == ("rule", 0, 255)
    plt.close("all")
