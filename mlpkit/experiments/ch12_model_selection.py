"""Chapter 12's experiments: grid against random search on a synthetic problem.

``n_params`` hyper-parameters u in the unit cube, an unknown optimum c drawn uniformly,
and a score that depends on the first ``n_important`` of them only,

    score(u) = - sum_{j < n_important} |u_j - c_j|.

The regret of a search is the distance to the optimum of its best trial,
min over trials of sum_{j < n_important} |u_j - c_j|. `search_regret` averages it over
many random problems for random search (after 1, 2, ..., ``budget`` trials) and for grid
search with k values per hyper-parameter (the cell centres (i + 1/2) / k, the best case
for a grid), for every k with k ** n_params <= budget.
"""
from typing import NamedTuple

import numpy as np

from .._validate import check_int
from ._common import read_only_cache

__all__ = ["SearchRegret", "search_regret"]


class SearchRegret(NamedTuple):
    """Mean regret of grid and random search over many random problems."""

    trials: np.ndarray       #: (budget,) 1, 2, ..., budget
    random: np.ndarray       #: (budget,) mean regret of random search after that many trials
    grid_trials: np.ndarray  #: (m,) k ** n_params for k = 1 .. m
    grid: np.ndarray         #: (m,) mean regret of the grid with k values per hyper-parameter


def _check(n_important, budget, n_params, n_problems, seed):
    n_params = check_int(n_params, "n_params", low=1, high=6)
    n_important = check_int(n_important, "n_important", low=1, high=n_params)
    budget = check_int(budget, "budget", low=1, high=10_000)
    n_problems = check_int(n_problems, "n_problems", low=1, high=100_000)
    seed = check_int(seed, "seed", low=0)
    return n_important, budget, n_params, n_problems, seed


def search_regret(n_important=1, budget=64, n_params=3, n_problems=500, seed=0):
    """Mean regret of grid and random search on ``n_problems`` random problems.

    Parameters
    ----------
    n_important : int in [1, n_params]
        How many of the hyper-parameters the score depends on (the first ones).
    budget : int >= 1
        The largest number of trials (trainings) considered.
    n_params : int in [1, 6]
        How many hyper-parameters are searched over.
    n_problems : int >= 1
        Random optima c ~ U[0, 1]^n_params averaged over.
    seed : int >= 0
        Seeds the optima and the random searches (one fresh search per problem).

    Returns
    -------
    SearchRegret
    """
    return _search_regret(*_check(n_important, budget, n_params, n_problems, seed))


@read_only_cache(maxsize=64)
def _search_regret(n_important, budget, n_params, n_problems, seed):
    rng = np.random.default_rng(seed)
    optima = rng.uniform(size=(n_problems, n_params))
    draws = rng.uniform(size=(n_problems, budget, n_params))
    w = np.zeros(n_params)
    w[:n_important] = 1.0
    # Random search: the distance of each trial, then the best so far.
    distance = np.abs(draws - optima[:, None, :]) @ w                       # (n_problems, budget)
    random = np.minimum.accumulate(distance, axis=1).mean(axis=0)
    # Grid search: a product grid, so its best point is the nearest centre in each coordinate.
    ks = [k for k in range(1, budget + 1) if k ** n_params <= budget]
    grid = []
    for k in ks:
        centres = (np.arange(k) + 0.5) / k
        nearest = np.min(np.abs(optima[:, :, None] - centres), axis=2)      # (n_problems, n_params)
        grid.append(float(np.mean(nearest @ w)))
    return SearchRegret(np.arange(1, budget + 1), random, np.array([k ** n_params for k in ks]), np.array(grid))
