"""Tests of chapter 2's experiments (mlpkit/experiments/ch02_empirical_risk.py) and of the
surrogate losses it plots (mlpkit.losses.surrogate_losses, moved there from the widget)."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mlpkit as mk
from mlpkit.experiments import ch02_empirical_risk as E
from mlpkit.losses import surrogate_losses

from _helpers import check_raises


@given(st.floats(min_value=-50, max_value=50))
def test_surrogates_upper_bound_the_zero_one_loss(m):
    losses = surrogate_losses(m)
    for name in ("hinge", "cross-entropy", "squared"):
        assert losses[name] >= losses["0-1"] - 1e-12, name


def test_surrogate_values_at_known_margins():
    losses = surrogate_losses(np.array([-1.0, 0.0, 1.0, 2.0]))
    np.testing.assert_array_equal(losses["0-1"], [1, 1, 0, 0])
    np.testing.assert_allclose(losses["hinge"], [2, 1, 0, 0])
    np.testing.assert_allclose(losses["squared"], [4, 1, 0, 1])
    np.testing.assert_allclose(losses["cross-entropy"][1], 1.0)
    # the logistic loss is log2(1 + e^{-m}) and stays finite for very negative margins
    assert np.isfinite(surrogate_losses(-1e4)["cross-entropy"])


def test_surrogate_losses_reject_bad_margins():
    check_raises(TypeError, ["margin"], surrogate_losses, "a")
    check_raises(ValueError, ["margin", "NaN"], surrogate_losses, [0.0, np.nan])


def test_regulariser_shrinks_the_weights():
    small = mk.L2(1.0).penalty(E.train_regularised(0.0, epochs=30)[0].parameters())
    large = mk.L2(1.0).penalty(E.train_regularised(0.1, epochs=30)[0].parameters())
    assert large < small


def test_regularised_runs_are_cached_with_read_only_data():
    first = E.train_regularised(0.01, epochs=5, seed=3)
    assert E.train_regularised(0.01, epochs=5, seed=3)[0] is first[0]
    with pytest.raises(ValueError):
        first[1][0, 0] = 0.0


@pytest.mark.parametrize("kwargs, exc, words", [
    ({"lam": -1.0}, ValueError, ["lam"]),
    ({"lam": 0.0, "n": 5}, ValueError, ["n"]),
    ({"lam": 0.0, "width": 0}, ValueError, ["width"]),
    ({"lam": "big"}, TypeError, ["lam"]),
    ({"lam": 0.0, "seed": -2}, ValueError, ["seed"]),
])
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
    assert np.all(sweep["omega"][:, 1] < sweep["omega"][:, 0])     # lambda shrinks the weights
    assert np.all((sweep["accuracy"] >= 0) & (sweep["accuracy"] <= 1))
    check_raises(ValueError, ["lams"], E.srm_sweep, [])
