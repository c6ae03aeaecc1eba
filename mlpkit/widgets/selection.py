"""Chapter 12's knob: how many hyper-parameters matter, and the budget of trials.

A synthetic search problem, the one of the chapter's section "Why random search wins":
``n_params`` hyper-parameters u in the unit cube, an unknown optimum c drawn uniformly,
and a score that depends on the first ``n_important`` of them only,

    score(u) = - sum_{j < n_important} |u_j - c_j|.

The regret of a search is the distance to the optimum of its best trial,
min over trials of sum_{j < n_important} |u_j - c_j|. `search_regret` averages it over
many random problems for

- random search, after 1, 2, ..., ``budget`` trials (each hyper-parameter drawn uniformly);
- grid search with k values per hyper-parameter (the centres (i + 1/2) / k), which costs
  k ** n_params trials, for every k with k ** n_params <= budget.

`search_figure` draws both against the number of trials; `search_demo` puts the number of
hyper-parameters that matter and the budget on sliders. With one that matters, a grid of
k ** n_params trials tries only k distinct values of it and random search wins; with all of
them mattering, the grid's even coverage wins in low dimension.
"""
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from .._validate import check_int
from . import interactive_figure

__all__ = ["SearchRegret", "search_regret", "search_figure", "search_demo"]

BUDGET_MIN, BUDGET_MAX = 8, 216


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


@lru_cache(maxsize=64)
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
    out = SearchRegret(np.arange(1, budget + 1), random, np.array([k ** n_params for k in ks]), np.array(grid))
    for a in out:
        a.flags.writeable = False  # cached: shared between calls
    return out


def search_figure(n_important=1, budget=64, n_params=3, n_problems=500, seed=0, ax=None):
    """Mean regret against the number of trials, grid search against random search.

    The title gives both regrets at the largest full grid that fits in ``budget``.

    Parameters
    ----------
    n_important, budget, n_params, n_problems, seed : see `search_regret`
    ax : matplotlib Axes, optional

    Returns
    -------
    ax : the Axes drawn on
    """
    import matplotlib.pyplot as plt

    r = search_regret(n_important, budget, n_params, n_problems, seed)
    if ax is None:
        ax = plt.gca()
    ax.plot(r.trials, r.random, color="C0", lw=2, label="random search (best so far)")
    ax.plot(r.grid_trials, r.grid, "s--", color="C3", label=f"grid, $k^{{{n_params}}}$ trials")
    b = int(r.grid_trials[-1])
    ax.axvline(b, color="gray", lw=0.8, ls=":")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("number of trials (trainings)")
    ax.set_ylabel("mean regret (distance to the optimum)")
    ax.set_title(f"{n_important} of {n_params} hyper-parameters matter\n"
                 f"{b} trials: grid {r.grid[-1]:.3f}, random {r.random[b - 1]:.3f}")
    ax.legend(fontsize=8)
    return ax


def search_demo():
    """Sliders on how many of 3 hyper-parameters matter and on the budget, redrawing `search_figure`."""
    import ipywidgets as widgets
    important = widgets.IntSlider(value=1, min=1, max=3, description="matter",
                                  continuous_update=False)
    budget = widgets.IntSlider(value=64, min=BUDGET_MIN, max=BUDGET_MAX, step=1, description="budget",
                               continuous_update=False)
    return interactive_figure(search_figure, figsize=(5.5, 4), n_important=important, budget=budget)
