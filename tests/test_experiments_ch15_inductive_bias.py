"""Chapter 15's experiments: elementary cellular automata, an MLP and a Conv1D network."""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit.experiments import ch15_inductive_bias as ca


def step_by_table(rule, row):
    """One step, cell by cell, reading Wolfram's rule table as a string of bits."""
    table = format(rule, "08b")[::-1]  # table[i] is the new value for neighbourhood i
    L = len(row)
    return [int(table[int(f"{row[(j - 1) % L]}{row[j]}{row[(j + 1) % L]}", 2)]) for j in range(L)]


@pytest.mark.parametrize("rule", [0, 30, 90, 110, 184, 255])
def test_eca_step_matches_the_rule_table(rule):
    rows = np.random.default_rng(rule).integers(0, 2, (6, 11))
    expected = [step_by_table(rule, list(r)) for r in rows]
    np.testing.assert_array_equal(ca.eca_step(rule, rows), expected)


def test_known_rules():
    row = np.random.default_rng(0).integers(0, 2, (3, 16))
    np.testing.assert_array_equal(ca.eca_step(204, row), row)  # identity
    np.testing.assert_array_equal(ca.eca_step(170, row), np.roll(row, -1, axis=1))  # x_j <- x_{j+1}
    np.testing.assert_array_equal(ca.eca_step(90, row), np.roll(row, 1, axis=1) ^ np.roll(row, -1, axis=1))


def test_spacetime_iterates_the_step():
    start = np.zeros(16, dtype=int)
    start[8] = 1
    d = ca.spacetime(lambda r: ca.eca_step(90, r), start, 5)
    assert d.shape == (6, 16) and d[0].tolist() == start.tolist()
    for t in range(5):
        assert d[t + 1].tolist() == step_by_table(90, list(d[t]))


def test_rule_classes_and_entropy():
    rules = ca.rule_classes()
    assert len(rules) == 88 and rules[:4] == [0, 1, 2, 3] and 30 in rules and 110 in rules
    assert ca.rule_entropy(0) == 0 and ca.rule_entropy(170) == 1.0
    np.testing.assert_allclose(ca.rule_entropy(1), -(1 / 8) * np.log2(1 / 8) - (7 / 8) * np.log2(7 / 8))


def test_tasks_differ_by_seed_and_are_read_only():
    (a, _), (b, _) = ca.automaton_task(0), ca.automaton_task(1)
    assert a.shape == (32, 16) and not np.array_equal(a, b)
    with pytest.raises(ValueError):
        a[0, 0] = 1


@pytest.mark.parametrize("rule", [170, 30])
def test_accuracies_match_an_independent_training(rule):
    X_train, X_test = ca.automaton_task(1)
    mlp = mk.MLP([16, 64, 16], activation="tanh", seed=1)
    Y = np.array([step_by_table(rule, list(r)) for r in X_train], dtype=float)
    mk.fit(
        mlp,
        mk.MeanSquaredError(),
        mk.SGD(mlp.parameters(), lr=0.5, momentum=0.9),
        X_train.astype(float),
        Y,
        epochs=ca.EPOCHS,
        batch_size=32,
        seed=1,
    )
    target = np.array([step_by_table(rule, list(r)) for r in X_test])
    run = ca.learn_rule(rule, seed=1)
    assert run.acc_mlp == float(np.mean((mlp.forward(X_test.astype(float)) > 0.5) == target))
    row = X_test[:1]  # the MLP's own run of the automaton, step by step
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


def test_rule_accuracies_are_learn_rule_s():
    acc = ca.rule_accuracies([204, 90], seeds=(0, 2))
    assert acc["MLP"].shape == (2, 2)
    assert acc["MLP"][1, 1] == ca.learn_rule(90, seed=2).acc_mlp
    assert acc["CNN"][0, 0] == 1.0 and acc["MLP"][0, 1] < 0.6


def test_non_local_copy_defeats_the_convolution():
    acc = ca.permuted_copy_accuracy(seed=0)
    assert acc["MLP"] > 0.95 and acc["CNN"] < 0.7


@pytest.mark.parametrize(
    "call, name, error",
    [
        (lambda: ca.learn_rule(256), "rule", ValueError),
        (lambda: ca.learn_rule(30.0), "rule", TypeError),
        (lambda: ca.learn_rule(30, steps=0), "steps", ValueError),
        (lambda: ca.learn_rule(30, seed=-1), "seed", ValueError),
        (lambda: ca.eca_step(30, np.array([[0, 2, 1]])), "rows", ValueError),
        (lambda: ca.eca_step(30, np.array([0, 1, 1])), "rows", ValueError),
        (lambda: ca.rule_accuracies([], seeds=(0,)), "rules", ValueError),
    ],
)
def test_bad_arguments_raise_naming_them(call, name, error):
    with pytest.raises(error, match=name):
        call()
