"""Tests of chapter 2's experiments (mlpkit/experiments/ch02_empirical_risk.py); the surrogate
losses it plots are tested with the losses (tests/test_losses.py)."""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit.experiments import ch02_empirical_risk as E

from _helpers import check_raises


def test_regulariser_shrinks_the_weights():
    small = mk.L2(1.0).penalty(E.train_regularised(0.0, epochs=30)[0].parameters())
    large = mk.L2(1.0).penalty(E.train_regularised(0.1, epochs=30)[0].parameters())
    assert large < small


def test_regularised_runs_are_cached_with_read_only_data():
    first = E.train_regularised(0.01, epochs=5, seed=3)
    assert E.train_regularised(0.01, epochs=5, seed=3)[0] is first[0]
    with pytest.raises(ValueError):
        first[1][0, 0] = 0.0


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [
        ({"lam": -1.0}, ValueError, ["lam"]),
        ({"lam": 0.0, "n": 5}, ValueError, ["n"]),
        ({"lam": 0.0, "width": 0}, ValueError, ["width"]),
        ({"lam": "big"}, TypeError, ["lam"]),
        ({"lam": 0.0, "seed": -2}, ValueError, ["seed"]),
    ],
)
def test_train_regularised_rejects_bad_input(kwargs, exc, words):
    check_raises(exc, words, E.train_regularised, **kwargs)


def test_srm_sweep_measures_each_run():
    sweep = E.srm_sweep([0.0, 0.1], seeds=(0, 1), epochs=20)
    assert set(sweep) == {"risk", "omega", "accuracy"}
    for value in sweep.values():
        assert value.shape == (2, 2)
    net, X, y, _ = E.train_regularised(0.1, epochs=20, seed=1)
    assert sweep["omega"][1, 1] == mk.L2(1.0).penalty(net.parameters())
    assert sweep["risk"][1, 1] == mk.SoftmaxCrossEntropy().forward(net.forward(X), y)
    assert np.all(sweep["omega"][:, 1] < sweep["omega"][:, 0])  # lambda shrinks the weights
    assert np.all((sweep["accuracy"] >= 0) & (sweep["accuracy"] <= 1))
    check_raises(ValueError, ["lams"], E.srm_sweep, [])
