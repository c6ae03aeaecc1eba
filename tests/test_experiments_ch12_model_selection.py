"""Tests of mlpkit/experiments/ch12_model_selection.py: seeds, k-fold scores, the regret of searches."""

import itertools

import numpy as np
import pytest

import mlpkit as mk
from mlpkit.experiments import ch12_model_selection as sel
from mlpkit.experiments import train_mlp


def brute_force(n_important, budget, n_params, n_problems, seed):
    """The same regrets, one problem and one trial at a time, the grid enumerated point by point."""
    rng = np.random.default_rng(seed)
    optima = rng.uniform(size=(n_problems, n_params))
    draws = rng.uniform(size=(n_problems, budget, n_params))
    regret = lambda u, c: sum(abs(u[j] - c[j]) for j in range(n_important))  # noqa: E731
    random = np.zeros(budget)
    for c, trials in zip(optima, draws, strict=True):
        best = np.inf
        for t, u in enumerate(trials):
            best = min(best, regret(u, c))
            random[t] += best / n_problems
    grid = {}
    k = 1
    while k**n_params <= budget:
        points = list(itertools.product((np.arange(k) + 0.5) / k, repeat=n_params))
        grid[k**n_params] = np.mean([min(regret(u, c) for u in points) for c in optima])
        k += 1
    return random, grid


@pytest.mark.parametrize(
    "n_important, n_params, budget", [(1, 3, 30), (2, 3, 27), (3, 3, 8), (2, 2, 20), (1, 1, 5)]
)
def test_regrets_match_a_brute_force_computation(n_important, n_params, budget):
    r = sel.search_regret(n_important, budget, n_params, n_problems=40, seed=3)
    random, grid = brute_force(n_important, budget, n_params, 40, 3)
    np.testing.assert_allclose(r.random, random, rtol=1e-12)
    assert list(r.grid_trials) == list(grid)
    np.testing.assert_allclose(r.grid, list(grid.values()), rtol=1e-12)
    assert np.all(np.diff(r.random) <= 0)  # the best so far never gets worse


def test_grid_regret_with_one_important_parameter_is_one_over_4k():
    # min_i |c - (i + 1/2)/k| for c uniform has mean 1/(4k).
    r = sel.search_regret(1, 125, n_params=3, n_problems=20000, seed=0)
    np.testing.assert_allclose(r.grid, 1 / (4 * np.arange(1, 6)), rtol=0.02)


def test_random_beats_grid_only_when_few_parameters_matter():
    one, three = sel.search_regret(1, 64), sel.search_regret(3, 64)
    assert one.random[63] < one.grid[-1] / 3
    assert three.grid[-1] < three.random[63]


@pytest.mark.parametrize(
    "kwargs, name, error",
    [
        ({"n_important": 0}, "n_important", ValueError),
        ({"n_important": 4}, "n_important", ValueError),
        ({"n_important": 1.5}, "n_important", TypeError),
        ({"budget": 0}, "budget", ValueError),
        ({"budget": "64"}, "budget", TypeError),
        ({"n_params": 0}, "n_params", ValueError),
        ({"n_problems": 0}, "n_problems", ValueError),
        ({"seed": -1}, "seed", ValueError),
    ],
)
def test_bad_knobs_raise_naming_the_argument(kwargs, name, error):
    with pytest.raises(error, match=name):
        sel.search_regret(**kwargs)


def test_results_are_cached_and_read_only():
    a, b = sel.search_regret(2, 27), sel.search_regret(2, 27)
    assert a is b and not a.random.flags.writeable


# --- train_config, accuracies, kfold_scores ------------------------------------------


def toy(n=120, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5))
    return X, (X[:, 0] + 0.5 * X[:, 1] > 0).astype(int)


CONFIG = {"lr": 0.1, "width": 8, "lam": 1e-4}


def test_train_config_trains_one_network_per_seed_as_train_mlp_would():
    X, y = toy()
    nets = sel.train_config(CONFIG, X, y, seeds=(0, 1, 0), epochs=3)
    assert len(nets) == 3 and nets[0].sizes == [5, 8, 2]
    np.testing.assert_array_equal(nets[0].layers[0].W, nets[2].layers[0].W)  # same seed, same network
    assert not np.allclose(nets[0].layers[0].W, nets[1].layers[0].W)  # another seed, another one
    ref, _ = train_mlp(
        X,
        y,
        [5, 8, 2],
        "tanh",
        lr=0.1,
        momentum=0.9,
        epochs=3,
        batch_size=32,
        regularizer=mk.L2(1e-4),
        seed=1,
    )
    np.testing.assert_allclose(nets[1].layers[0].W, ref.layers[0].W, rtol=1e-12, atol=1e-14)
    acc = sel.accuracies(nets, X, y)
    assert acc.shape == (3,) and np.all(acc > 0.8)  # it learns the linear rule


def test_a_diverged_seed_gives_none_and_a_nan_accuracy():
    X, y = toy()
    nets = sel.train_config({"lr": 1.0, "width": 8, "lam": 1e4}, X, y, seeds=(0,), epochs=60)
    assert nets == [None]
    assert np.isnan(sel.accuracies(nets, X, y)).all()


def test_kfold_scores_hold_out_each_fold_once():
    X, y = toy(n=100)
    scores = sel.kfold_scores(CONFIG, X, y, k=4, seeds=(0, 1), epochs=2, split_seed=3)
    assert scores.shape == (4, 2)
    # Fold 2 by hand: the same shuffle, trained on the other three folds, scored on it.
    folds = np.array_split(np.random.default_rng(3).permutation(100), 4)
    train = np.concatenate([f for j, f in enumerate(folds) if j != 2])
    nets = sel.train_config(CONFIG, X[train], y[train], seeds=(0, 1), epochs=2)
    np.testing.assert_array_equal(scores[2], sel.accuracies(nets, X[folds[2]], y[folds[2]]))


@pytest.mark.parametrize(
    "config, name, error",
    [
        ({"lr": 0.1, "width": 8}, "config", ValueError),
        ({"lr": 0.0, "width": 8, "lam": 0.0}, "lr", ValueError),
        ({"lr": 0.1, "width": 8.5, "lam": 0.0}, "width", TypeError),
        ({"lr": 0.1, "width": 8, "lam": -1.0}, "lam", ValueError),
    ],
)
def test_bad_configs_raise_naming_the_key(config, name, error):
    X, y = toy()
    with pytest.raises(error, match=name):
        sel.train_config(config, X, y)


def test_bad_seeds_and_folds_raise():
    X, y = toy()
    with pytest.raises(ValueError, match="seeds"):
        sel.train_config(CONFIG, X, y, seeds=())
    with pytest.raises(TypeError, match="seeds"):
        sel.train_config(CONFIG, X, y, seeds=3)
    with pytest.raises(ValueError, match="k"):
        sel.kfold_scores(CONFIG, X, y, k=1)


def test_cv_against_holdout_fold_zero_is_the_holdout_and_matches_kfold_scores():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(80, 5)), rng.integers(0, 3, 80)
    X_fresh, y_fresh = rng.normal(size=(30, 5)), rng.integers(0, 3, 30)
    config = {"lr": 0.05, "width": 6, "lam": 1e-4}
    cmp = sel.cv_against_holdout(config, X, y, X_fresh, y_fresh, k=4, repeats=2, epochs=1)
    assert cmp.folds.shape == cmp.fresh.shape == (2, 4)
    for r in range(2):  # repeat r is k-fold with split seed r and network seed r
        expected = sel.kfold_scores(config, X, y, k=4, seeds=[r], epochs=1, split_seed=r)[:, 0]
        np.testing.assert_array_equal(cmp.folds[r], expected)
    assert np.all((cmp.fresh >= 0) & (cmp.fresh <= 1)) and np.allclose(
        cmp.fresh * 30, np.round(cmp.fresh * 30)
    )
    with pytest.raises(ValueError, match="repeats"):
        sel.cv_against_holdout(config, X, y, X_fresh, y_fresh, repeats=0)
