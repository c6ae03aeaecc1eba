"""Chapter 12's knob: how many hyper-parameters matter, and the budget of trials.

`search_figure` draws the mean regret of grid and random search against the number of
trials (measured by `mlpkit.experiments.ch12_model_selection.search_regret`);
`search_demo` puts the number of hyper-parameters that matter and the budget on sliders.
With one that matters, a grid of k ** n_params trials tries only k distinct values of it
and random search wins; with all of them mattering, the grid's even coverage wins in low
dimension.
"""

from ..experiments.ch12_model_selection import search_regret
from ._common import axes, interactive_figure

__all__ = ["search_figure", "search_demo"]

BUDGET_MIN, BUDGET_MAX = 8, 216


def search_figure(n_important=1, budget=64, n_params=3, n_problems=500, seed=0, ax=None):
    """Mean regret against the number of trials, grid search against random search.

    The title gives both regrets at the largest full grid that fits in ``budget``.

    Parameters
    ----------
    n_important : int
        How many hyper-parameters the score depends on (see `search_regret`).
    budget : int
        The largest number of trials.
    n_params : int
        How many hyper-parameters are searched over.
    n_problems : int
        Random problems averaged over.
    seed : int
        Seeds the problems and the random searches.
    ax : matplotlib Axes, optional
        Where to draw (a new figure when None).

    Returns
    -------
    ax : the Axes drawn on
    """
    r = search_regret(n_important, budget, n_params, n_problems, seed)
    ax = axes(ax, figsize=(5.5, 4))
    ax.plot(r.trials, r.random, color="C0", lw=2, label="random search (best so far)")
    ax.plot(r.grid_trials, r.grid, "s--", color="C3", label=f"grid, $k^{{{n_params}}}$ trials")
    b = int(r.grid_trials[-1])
    ax.axvline(b, color="gray", lw=0.8, ls=":")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("number of trials (trainings)")
    ax.set_ylabel("mean regret (distance to the optimum)")
    ax.set_title(
        f"{n_important} of {n_params} hyper-parameters matter\n"
        f"{b} trials: grid {r.grid[-1]:.3f}, random {r.random[b - 1]:.3f}"
    )
    ax.legend(fontsize=8)
    return ax


def search_demo():
    """Sliders on how many of 3 hyper-parameters matter and on the budget, redrawing `search_figure`."""
    import ipywidgets as widgets

    important = widgets.IntSlider(value=1, min=1, max=3, description="matter", continuous_update=False)
    budget = widgets.IntSlider(
        value=64, min=BUDGET_MIN, max=BUDGET_MAX, step=1, description="budget", continuous_update=False
    )
    return interactive_figure(search_figure, figsize=(5.5, 4), n_important=important, budget=budget)
