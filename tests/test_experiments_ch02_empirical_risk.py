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


def test_negative_expected_accuracy_gradient_matches_finite_differences():
    from _helpers import fd_grad

    rng = np.random.default_rng(0)
    A, y = rng.normal(0, 2, size=(6, 4)), rng.integers(0, 4, size=6)
    loss = E.NegativeExpectedAccuracy()
    value = loss.forward(A, y)
    assert np.isclose(value, -mk.softmax(A)[np.arange(6), y].mean())
    numeric = fd_grad(lambda: E.NegativeExpectedAccuracy().forward(A, y), A)
    assert np.max(np.abs(loss.backward() - numeric)) < 1e-8
    with pytest.raises(RuntimeError):
        E.NegativeExpectedAccuracy().backward()
    check_raises(ValueError, ["y"], E.NegativeExpectedAccuracy().forward, A, np.full(6, 7))


def test_expected_calibration_error():
    y = np.array([0, 0, 0, 1])
    confident = np.tile([0.75, 0.25], (4, 1))  # 75% confident, 75% right: calibrated
    assert E.expected_calibration_error(confident, y) == 0.0
    over = np.tile([0.95, 0.05], (4, 1))  # 95% confident, 75% right
    assert np.isclose(E.expected_calibration_error(over, y), 0.2)
    check_raises(ValueError, ["bins"], E.expected_calibration_error, over, y, bins=0)


def test_noisy_labels_change_the_flipped_ones_only():
    y = np.arange(1000) % 10
    y_noisy, flipped = E.noisy_labels(y, 0.4, 10, seed=0)
    assert np.all(y_noisy[flipped] != y[flipped]) and np.all(y_noisy[~flipped] == y[~flipped])
    assert 0.35 < flipped.mean() < 0.45
    assert np.all((y_noisy >= 0) & (y_noisy < 10))


def test_surrogate_comparison_returns_one_value_per_seed():
    r = E.surrogate_comparison("expected accuracy", 0.4, lr=0.1, epochs=2, seeds=(0, 1))
    for key in ("test_acc", "test_nll", "test_ece", "noisy_fitted", "clean_fitted", "noisy_grad_share"):
        assert r[key].shape == (2,)
    assert np.all((r["noisy_grad_share"] > 0) & (r["noisy_grad_share"] < 1))
    check_raises(ValueError, ["loss_name"], E.surrogate_comparison, "hinge")
    check_raises(ValueError, ["lr"], E.surrogate_comparison, "cross-entropy", 0.2)


@pytest.mark.slow
@pytest.mark.parametrize("noise", [0.0, 0.4])
def test_surrogate_learning_rates_are_the_validation_choice(noise):
    for name in E.SURROGATE_LOSSES:
        scores = {lr: E.surrogate_comparison(name, noise, lr=lr) for lr in E.SURROGATE_LR_GRID}
        # the best mean validation accuracy; ties (within one validation digit) to the lower cross-entropy
        best_acc = max(s["valid_acc"].mean() for s in scores.values())
        tied = [lr for lr, s in scores.items() if s["valid_acc"].mean() > best_acc - 1 / 270]
        chosen = min(tied, key=lambda lr: scores[lr]["valid_nll"].mean())
        assert chosen == E.SURROGATE_LRS[noise, name], (name, noise, chosen)
