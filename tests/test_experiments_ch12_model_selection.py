"""Tests of mlpkit/experiments/ch12_model_selection.py: the regret of grid and random search."""
import itertools

import numpy as np
import pytest

from mlpkit.experiments import ch12_model_selection as sel


def brute_force(n_important, budget, n_params, n_problems, seed):
    """The same regrets, one problem and one trial at a time, the grid enumerated point by point."""
    rng = np.random.default_rng(seed)
    optima = rng.uniform(size=(n_problems, n_params))
    draws = rng.uniform(size=(n_problems, budget, n_params))
    regret = lambda u, c: sum(abs(u[j] - c[j]) for j in range(n_important))  # noqa: E731
    random = np.zeros(budget)
    for c, trials in zip(optima, draws):
        best = np.inf
        for t, u in enumerate(trials):
            best = min(best, regret(u, c))
            random[t] += best / n_problems
    grid = {}
    k = 1
    while k ** n_params <= budget:
        points = list(itertools.product((np.arange(k) + 0.5) / k, repeat=n_params))
        grid[k ** n_params] = np.mean([min(regret(u, c) for u in points) for c in optima])
        k += 1
    return random, grid


@pytest.mark.parametrize("n_important, n_params, budget", [(1, 3, 30), (2, 3, 27), (3, 3, 8), (2, 2, 20), (1, 1, 5)])
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


@pytest.mark.parametrize("kwargs, name, error", [
    ({"n_important": 0}, "n_important", ValueError),
    ({"n_important": 4}, "n_important", ValueError),
    ({"n_important": 1.5}, "n_important", TypeError),
    ({"budget": 0}, "budget", ValueError),
    ({"budget": "64"}, "budget", TypeError),
    ({"n_params": 0}, "n_params", ValueError),
    ({"n_problems": 0}, "n_problems", ValueError),
    ({"seed": -1}, "seed", ValueError),
])
def test_bad_knobs_raise_naming_the_argument(kwargs, name, error):
    with pytest.raises(error, match=name):
        sel.search_regret(**kwargs)


def test_results_are_cached_and_read_only():
    a, b = sel.search_regret(2, 27), sel.search_regret(2, 27)
    assert a is b and not a.random.flags.writeable
