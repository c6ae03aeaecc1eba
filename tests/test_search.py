"""Tests of mlpkit/search.py: grid search, random search, refinement."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlpkit.search import (
    SearchResult,
    Trial,
    evaluate,
    grid_configs,
    grid_search,
    random_search,
    refine_grid,
    sample_configs,
)

from _helpers import check_raises


def bowl(config):
    """A validation score peaked at lr = 0.1, width = 32: higher is better."""
    return -((math.log10(config["lr"]) + 1.0) ** 2) - ((config["width"] - 32) / 32) ** 2


def test_grid_search_covers_every_combination_once():
    grid = {"lr": [0.001, 0.01, 0.1, 1.0], "width": [8, 32, 128], "act": ["tanh", "relu"]}
    seen = []

    def score(config):
        seen.append(tuple(config.values()))
        return bowl(config)

    result = grid_search(score, grid)
    assert len(result) == 4 * 3 * 2 == len(set(seen))
    assert set(seen) == {(a, b, c) for a in grid["lr"] for b in grid["width"] for c in grid["act"]}
    assert result.best_config["lr"] == 0.1 and result.best_config["width"] == 32


def test_ranked_is_sorted_best_first_with_nan_last_and_stable_ties():
    trials = [Trial({"a": 1}, 0.5), Trial({"a": 2}, float("nan")), Trial({"a": 3}, 0.9), Trial({"a": 4}, 0.5)]
    result = SearchResult(trials)
    assert [t.config["a"] for t in result.ranked] == [3, 1, 4, 2]
    assert result.best_config == {"a": 3} and result.best_score == 0.9
    np.testing.assert_array_equal(result.best_so_far(), [0.5, 0.5, 0.9, 0.9])
    np.testing.assert_array_equal(result.values("a"), [1, 2, 3, 4])
    assert result.table(k=2).splitlines()[0].startswith(" 1. score 0.900  a=3")


def test_random_search_is_deterministic_by_seed_and_respects_ranges():
    dists = {
        "lr": ("log-uniform", 1e-4, 1.0),
        "drop": ("uniform", 0.0, 0.5),
        "width": ("int", 8, 16),
        "act": ("choice", ["tanh", "relu"]),
        "bs": [16, 32],
    }
    a = sample_configs(dists, 200, seed=3)
    b = sample_configs(dists, 200, seed=3)
    c = sample_configs(dists, 200, seed=4)
    assert a == b and a != c
    lr = np.array([x["lr"] for x in a])
    assert lr.min() >= 1e-4 and lr.max() <= 1.0
    # log-uniform: about a quarter of the draws in each decade
    assert 25 < np.sum(lr < 1e-3) < 75
    widths = {x["width"] for x in a}
    assert widths == set(range(8, 17))  # both ends included
    assert all(isinstance(x["width"], int) and isinstance(x["lr"], float) for x in a)
    assert {x["act"] for x in a} == {"tanh", "relu"} and {x["bs"] for x in a} == {16, 32}
    r1 = random_search(bowl, {"lr": ("log-uniform", 1e-3, 1.0), "width": ("int", 8, 64)}, 20, seed=0)
    r2 = random_search(bowl, {"lr": ("log-uniform", 1e-3, 1.0), "width": ("int", 8, 64)}, 20, seed=0)
    assert r1.trials == r2.trials and len(r1) == 20


def test_random_search_accepts_a_generator():
    rng = np.random.default_rng(0)
    first = sample_configs({"x": ("uniform", 0, 1)}, 3, seed=rng)
    second = sample_configs({"x": ("uniform", 0, 1)}, 3, seed=rng)
    assert first != second  # the generator advanced


def test_refine_grid_zooms_between_neighbours_on_a_log_scale():
    grid = {"lr": [0.001, 0.01, 0.1, 1.0], "width": [8, 32, 128], "act": ["tanh", "relu"]}
    best = {"lr": 0.01, "width": 32, "act": "relu"}
    new = refine_grid(grid, best, n=5, log=("lr", "width"))
    assert new["lr"] == [0.001, 0.00316, 0.01, 0.0316, 0.1]  # geometric, 3 significant digits
    assert new["width"] == [8, 16, 32, 64, 128]  # integers stay integers
    assert refine_grid(grid, best, n=3)["width"] == [8, 68, 128]  # linear scale by default
    assert new["act"] == ["relu"]


def test_refine_grid_only_the_keys_asked_for():
    grid = {"lr": [0.001, 0.01, 0.1], "width": [8, 32, 128], "lam": [1e-5, 1e-3]}
    best = {"lr": 0.01, "width": 128, "lam": 1e-3}
    new = refine_grid(grid, best, n=5, log=("lr", "width"), keys=("lr", "width"))
    assert new["lam"] == [1e-3] and len(new["lr"]) == 5 and new["width"][-1] == 512
    check_raises(ValueError, ["keys", "momentum"], refine_grid, grid, best, keys=("momentum",))


def test_refine_grid_moves_past_an_edge():
    new = refine_grid({"lr": [0.01, 0.1, 1.0]}, {"lr": 1.0}, n=3, log="lr")
    np.testing.assert_allclose(new["lr"], [0.1, 1.0, 10.0])
    lin = refine_grid({"width": [4, 8, 12]}, {"width": 4}, n=5)
    assert lin["width"] == [1, 2, 4, 6, 8]  # clipped at 1 for a positive integer
    lam = refine_grid({"lam": [0.0, 0.1, 0.2]}, {"lam": 0.0}, n=3)
    assert lam["lam"] == [0.0, 0.1]  # never negative when all values were >= 0


def test_grid_search_then_refine_improves_the_score():
    grid = {"lr": [0.001, 0.03, 1.0], "width": [4, 64]}
    first = grid_search(bowl, grid)
    second = grid_search(bowl, refine_grid(grid, first.best_config, n=7, log=("lr",)))
    assert second.best_score >= first.best_score


@given(st.integers(0, 10_000), st.integers(1, 20))
def test_sampled_ints_and_floats_stay_in_range(seed, n):
    for c in sample_configs({"k": ("int", -3, 3), "u": ("uniform", -1.0, 2.0)}, n, seed=seed):
        assert -3 <= c["k"] <= 3 and -1.0 <= c["u"] < 2.0


@pytest.mark.parametrize(
    "grid, exc, words",
    [
        ([0.1, 0.2], TypeError, ["grid", "dict"]),
        ({}, ValueError, ["grid", "empty"]),
        ({"lr": []}, ValueError, ["grid['lr']", "non-empty"]),
        ({"lr": 0.1}, TypeError, ["grid['lr']", "list"]),
        ({"lr": "0.1"}, TypeError, ["grid['lr']", "list"]),
        ({"lr": [0.1, 0.1]}, ValueError, ["grid['lr']", "distinct"]),
        ({1: [0.1]}, TypeError, ["grid", "str"]),
    ],
)
def test_grid_rejects_bad_specs(grid, exc, words):
    check_raises(exc, words, grid_search, bowl, grid)


@pytest.mark.parametrize(
    "dists, exc, words",
    [
        ({"lr": ("loguniform", 1e-3, 1)}, ValueError, ["distributions['lr']", "log-uniform"]),
        ({"lr": ("log-uniform", 0.0, 1)}, ValueError, ["distributions['lr']", "0 < low"]),
        ({"lr": ("log-uniform", 1.0, 0.1)}, ValueError, ["distributions['lr']", "low < high"]),
        ({"lr": ("uniform", 0.0)}, ValueError, ["distributions['lr']"]),
        ({"w": ("int", 8.5, 16)}, TypeError, ["distributions['w'] low"]),
        ({"w": ("int", 16, 8)}, ValueError, ["distributions['w']", "low <= high"]),
        ({"a": ("choice", [])}, ValueError, ["distributions['a']", "non-empty"]),
        ({"a": ("choice", "ab")}, TypeError, ["distributions['a']"]),
        ({"a": 0.3}, TypeError, ["distributions['a']"]),
        ({"a": ("uniform", float("nan"), 1.0)}, ValueError, ["distributions['a'] low", "finite"]),
    ],
)
def test_random_search_rejects_bad_distributions(dists, exc, words):
    check_raises(exc, words, random_search, bowl, dists, 5)


def test_other_arguments_are_checked():
    check_raises(ValueError, ["n_iter"], random_search, bowl, {"lr": ("uniform", 0, 1)}, 0)
    check_raises(TypeError, ["n_iter"], random_search, bowl, {"lr": ("uniform", 0, 1)}, 2.5)
    check_raises(ValueError, ["seed"], random_search, bowl, {"lr": ("uniform", 0, 1)}, 2, seed=-1)
    check_raises(TypeError, ["build_and_score"], grid_search, "not a function", {"lr": [0.1]})
    check_raises(TypeError, ["build_and_score", "real"], grid_search, lambda c: "good", {"lr": [0.1]})
    check_raises(ValueError, ["configs"], evaluate, bowl, [])
    check_raises(
        ValueError, ["best", "width"], refine_grid, {"lr": [0.1, 1.0], "width": [8, 16]}, {"lr": 0.1}
    )
    check_raises(TypeError, ["best"], refine_grid, {"lr": [0.1, 1.0]}, [0.1])
    check_raises(
        ValueError, ["log", "momentum"], refine_grid, {"lr": [0.1, 1.0]}, {"lr": 0.1}, log=("momentum",)
    )
    check_raises(
        ValueError, ["log", "positive"], refine_grid, {"lam": [0.0, 1.0]}, {"lam": 0.0}, log=("lam",)
    )
    check_raises(ValueError, ["n"], refine_grid, {"lr": [0.1, 1.0]}, {"lr": 0.1}, n=1)
    check_raises(KeyError, ["name"], grid_search(bowl, {"lr": [0.1], "width": [8]}).values, "momentum")


def test_grid_configs_order_last_varies_fastest():
    assert grid_configs({"a": [1, 2], "b": ["x", "y"]}) == [
        {"a": 1, "b": "x"},
        {"a": 1, "b": "y"},
        {"a": 2, "b": "x"},
        {"a": 2, "b": "y"},
    ]


def test_variance_explained_finds_the_hyper_parameter_that_matters():
    def score(config):
        return -abs(math.log10(config["lr"]) + 1.0) + 1e-3 * config["noise"]

    result = random_search(score, {"lr": ("log-uniform", 1e-4, 1.0), "noise": ("uniform", 0, 1)}, 60, seed=0)
    assert result.variance_explained("lr", log=True) > 0.5
    assert result.variance_explained("noise") < 0.1
    flat = SearchResult([Trial({"a": i}, 1.0) for i in range(4)])
    assert flat.variance_explained("a") == 0.0
    check_raises(ValueError, ["bins"], flat.variance_explained, "a", bins=5)
    check_raises(
        ValueError,
        ["log"],
        SearchResult([Trial({"a": i}, i) for i in range(4)]).variance_explained,
        "a",
        log=True,
    )
    check_raises(TypeError, ["name"], SearchResult([Trial({"a": "x"}, 1.0)] * 3).variance_explained, "a")
