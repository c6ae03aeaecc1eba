"""Model selection: grid search and random search, scored on a validation set.

The slides' recipe: choose hyper-parameter values, train one model per configuration
on D^train, score each on D^valid, keep the best, and "go back and refine the
grid/distributions if needed". D^test is touched once, at the very end.

    grid_search(build_and_score, {"lr": [0.01, 0.1, 1.0], "width": [16, 64]})
        tries every combination (here 3 x 2 = 6 configurations);
    random_search(build_and_score, {"lr": ("log-uniform", 1e-3, 1.0),
                                    "width": ("int", 8, 128)}, n_iter=6, seed=0)
        draws each hyper-parameter independently, n_iter times (Bergstra and Bengio, 2012).

``build_and_score(config) -> float`` trains a model with the hyper-parameters in the
dict ``config`` and returns its validation score, higher is better (an accuracy, or
minus a loss). A NaN score (a diverged run) ranks last.

Random-search distributions, one per hyper-parameter:

    ("uniform", low, high)        a float uniform in [low, high)
    ("log-uniform", low, high)    a float whose log is uniform: 0 < low < high
    ("int", low, high)            an integer uniform in [low, high], both ends included
    ("choice", [v1, v2, ...])     one of the listed values, equally likely
    [v1, v2, ...]                 short for ("choice", [v1, v2, ...])
"""

import itertools
import math
import numbers
from typing import NamedTuple

import numpy as np

from ._validate import check_int, check_real, check_seed

__all__ = [
    "Trial",
    "SearchResult",
    "grid_configs",
    "sample_configs",
    "evaluate",
    "grid_search",
    "random_search",
    "refine_grid",
]

KINDS = ("uniform", "log-uniform", "int", "choice")


class Trial(NamedTuple):
    """One configuration and its validation score."""

    config: dict
    score: float


class SearchResult:
    """The trials of a search, in the order they were run and ranked best first.

    Attributes
    ----------
    trials : list of Trial
        In evaluation order.
    ranked : list of Trial
        Best score first; ties keep evaluation order; NaN scores last.
    best_config : dict
    best_score : float
    """

    def __init__(self, trials):
        self.trials = list(trials)
        key = [(-s if not math.isnan(s) else math.inf) for _, s in self.trials]
        order = sorted(range(len(self.trials)), key=lambda i: key[i])  # stable: ties keep order
        self.ranked = [self.trials[i] for i in order]
        self.best_config = dict(self.ranked[0].config)
        self.best_score = self.ranked[0].score

    @property
    def scores(self):
        """(n_trials,) array of scores in evaluation order."""
        return np.array([t.score for t in self.trials], dtype=np.float64)

    def values(self, name):
        """(n_trials,) array of the hyper-parameter ``name`` in evaluation order."""
        if name not in self.trials[0].config:
            raise KeyError(
                f"name: no hyper-parameter {name!r}; the configs have {sorted(self.trials[0].config)}"
            )
        return np.array([t.config[name] for t in self.trials])

    def variance_explained(self, name, bins=3, log=False):
        """How much of the spread of the scores one hyper-parameter accounts for, in [0, 1].

        The trials are split into ``bins`` groups of (nearly) equal size by the value of
        ``name`` (its log with ``log=True``); the result is the correlation ratio
        eta^2 = (variance of the group means, weighted by group size) / (variance of
        the scores). Near 0: the hyper-parameter hardly matters over this range; near 1:
        it alone decides the score. NaN scores are left out. Meant for random-search
        results, where every trial has its own value of every hyper-parameter.
        """
        bins = check_int(bins, "bins", low=2)
        v = self.values(name)
        if v.dtype.kind not in "iuf":
            raise TypeError(f"name: {name!r} has non-numeric values; expected a numeric hyper-parameter")
        v = v.astype(np.float64)
        s = self.scores
        keep = ~np.isnan(s)
        v, s = v[keep], s[keep]
        if log:
            if np.any(v <= 0):
                raise ValueError(f"log: {name!r} has values <= 0, whose log is undefined")
            v = np.log(v)
        if s.size < bins:
            raise ValueError(f"bins: expected at most one bin per scored trial ({s.size}), got {bins}")
        total = np.sum((s - s.mean()) ** 2)
        if total == 0:
            return 0.0
        groups = np.array_split(np.argsort(v, kind="stable"), bins)
        between = sum(len(g) * (s[g].mean() - s.mean()) ** 2 for g in groups)
        return float(between / total)

    def best_so_far(self):
        """(n_trials,) running maximum of the score: the best found after 1, 2, ... trials."""
        s = np.where(np.isnan(self.scores), -np.inf, self.scores)
        return np.maximum.accumulate(s)

    def table(self, k=5, digits=3):
        """The ``k`` best trials as aligned text lines (hyper-parameters to 3 significant digits)."""
        k = check_int(k, "k", low=1)
        digits = check_int(digits, "digits", low=0)
        lines = []
        for rank, (config, score) in enumerate(self.ranked[:k], start=1):
            params = "  ".join(f"{name}={_short(v)}" for name, v in config.items())
            lines.append(f"{rank:>2}. score {score:.{digits}f}  {params}")
        return "\n".join(lines)

    def __len__(self):
        return len(self.trials)

    def __repr__(self):
        best = ", ".join(f"{k}={_short(v)}" for k, v in self.best_config.items())
        return f"SearchResult({len(self)} trials, best_score={self.best_score:.4g}, best_config={{{best}}})"


def _short(v):
    if isinstance(v, numbers.Integral) and not isinstance(v, bool):
        return str(int(v))
    if isinstance(v, numbers.Real) and not isinstance(v, bool):
        return f"{float(v):.3g}"
    return repr(v)


def _check_fn(build_and_score):
    if not callable(build_and_score):
        raise TypeError(
            "build_and_score: expected a function config -> validation score, "
            f"got {type(build_and_score).__name__}"
        )


def _check_space(space, name):
    if not isinstance(space, dict):
        raise TypeError(
            f"{name}: expected a dict from hyper-parameter names to values, got {type(space).__name__}"
        )
    if not space:
        raise ValueError(f"{name}: expected at least one hyper-parameter, got an empty dict")
    for key in space:
        if not isinstance(key, str):
            raise TypeError(f"{name}: expected hyper-parameter names as str, got {key!r}")


def _check_values(values, where):
    if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple, np.ndarray)):
        raise TypeError(f"{where}: expected a list of values to try, got {type(values).__name__} {values!r}")
    values = list(values.tolist() if isinstance(values, np.ndarray) else values)
    if not values:
        raise ValueError(f"{where}: expected a non-empty list of values, got []")
    if len(set(map(repr, values))) != len(values):
        raise ValueError(f"{where}: expected distinct values, got duplicates in {values!r}")
    return values


def grid_configs(grid):
    """Every combination of the values in ``grid``: the configurations a grid search tries.

    Parameters
    ----------
    grid : dict of str -> list
        For each hyper-parameter, the values to try.

    Returns
    -------
    list of dict
        prod_j len(grid[j]) configurations; the last hyper-parameter varies fastest.
    """
    _check_space(grid, "grid")
    names = list(grid)
    lists = [_check_values(grid[n], f"grid[{n!r}]") for n in names]
    return [dict(zip(names, combo)) for combo in itertools.product(*lists)]


def _check_distribution(spec, where):
    """Return (kind, args) for one random-search distribution, or raise naming ``where``."""
    if isinstance(spec, list):
        return "choice", _check_values(spec, where)
    if not isinstance(spec, tuple) or not spec or not isinstance(spec[0], str):
        raise TypeError(
            f"{where}: expected a tuple such as ('log-uniform', 1e-4, 1.0), ('uniform', low, high), "
            f"('int', low, high), ('choice', [values]) or a list of values, got {spec!r}"
        )
    kind = spec[0]
    if kind not in KINDS:
        raise ValueError(f"{where}: expected a kind in {list(KINDS)}, got {kind!r}")
    if kind == "choice":
        if len(spec) != 2:
            raise ValueError(f"{where}: expected ('choice', [values]), got {spec!r}")
        return kind, _check_values(spec[1], where)
    if len(spec) != 3:
        raise ValueError(f"{where}: expected ({kind!r}, low, high), got {spec!r}")
    if kind == "int":
        low, high = check_int(spec[1], f"{where} low"), check_int(spec[2], f"{where} high")
        if low > high:
            raise ValueError(f"{where}: expected low <= high, got low={low}, high={high}")
        return kind, (low, high)
    low, high = check_real(spec[1], f"{where} low"), check_real(spec[2], f"{where} high")
    if kind == "log-uniform" and low <= 0:
        raise ValueError(f"{where}: a log-uniform range needs 0 < low, got low={low}")
    if low >= high:
        raise ValueError(f"{where}: expected low < high, got low={low}, high={high}")
    return kind, (low, high)


def sample_configs(distributions, n_iter, seed=0):
    """Draw ``n_iter`` configurations, each hyper-parameter independently of the others.

    Parameters
    ----------
    distributions : dict of str -> distribution
        See the module docstring for the accepted forms.
    n_iter : int >= 1
    seed : int or np.random.Generator

    Returns
    -------
    list of dict
        Same seed, same configurations. Floats are Python floats, integers Python ints.
    """
    _check_space(distributions, "distributions")
    specs = {n: _check_distribution(d, f"distributions[{n!r}]") for n, d in distributions.items()}
    n_iter = check_int(n_iter, "n_iter", low=1)
    rng = check_seed(seed)
    configs = []
    for _ in range(n_iter):
        config = {}
        for name, (kind, args) in specs.items():
            if kind == "uniform":
                config[name] = float(rng.uniform(*args))
            elif kind == "log-uniform":
                config[name] = float(np.exp(rng.uniform(np.log(args[0]), np.log(args[1]))))
            elif kind == "int":
                config[name] = int(rng.integers(args[0], args[1], endpoint=True))
            else:
                config[name] = args[int(rng.integers(len(args)))]
        configs.append(config)
    return configs


def evaluate(build_and_score, configs):
    """Score each configuration with ``build_and_score`` and rank them: a `SearchResult`."""
    _check_fn(build_and_score)
    configs = list(configs)
    if not configs:
        raise ValueError("configs: expected at least one configuration, got none")
    trials = []
    for config in configs:
        score = build_and_score(dict(config))
        if isinstance(score, bool) or not isinstance(score, numbers.Real):
            raise TypeError(
                f"build_and_score: expected it to return a real validation score, "
                f"got {type(score).__name__} {score!r} for {config}"
            )
        trials.append(Trial(dict(config), float(score)))
    return SearchResult(trials)


def grid_search(build_and_score, grid):
    """Try every combination of the values in ``grid``; rank by validation score.

    Parameters
    ----------
    build_and_score : callable dict -> float
        Trains a model with the given hyper-parameters and returns its validation
        score, higher is better.
    grid : dict of str -> list
        The values to try for each hyper-parameter.

    Returns
    -------
    SearchResult
        ``.ranked`` best first, ``.best_config``, ``.best_score``.
    """
    _check_fn(build_and_score)
    return evaluate(build_and_score, grid_configs(grid))


def random_search(build_and_score, distributions, n_iter, seed=0):
    """Try ``n_iter`` configurations drawn from ``distributions``; rank by validation score.

    Parameters
    ----------
    build_and_score : callable dict -> float
        As in `grid_search`.
    distributions : dict of str -> distribution
        ``("uniform", low, high)``, ``("log-uniform", low, high)``, ``("int", low, high)``,
        ``("choice", [values])`` or a plain list of values.
    n_iter : int >= 1
        Number of configurations (the budget).
    seed : int or np.random.Generator
        Seeds the draws of the configurations (not the training inside ``build_and_score``).

    Returns
    -------
    SearchResult
    """
    _check_fn(build_and_score)
    return evaluate(build_and_score, sample_configs(distributions, n_iter, seed))


def refine_grid(grid, best, n=5, log=(), keys=None):
    """A finer grid around ``best``: for each hyper-parameter, ``n`` values spanning its neighbours.

    For a numeric hyper-parameter whose best value v lies between grid values
    lo < v < hi, the new values run from lo to hi; if v is at an edge of the grid,
    the range is mirrored outwards (from v / (hi / v) to hi on a log scale), so that the
    search moves past the edge. Floats are rounded to 3 significant digits. Integer
    hyper-parameters stay integers (rounded, duplicates removed, at least 1 if all their
    values were positive). A hyper-parameter
    with one value, with non-numeric values, or not in ``keys``, is fixed at its best value.

    Parameters
    ----------
    grid : dict of str -> list
        The grid that was searched.
    best : dict
        The best configuration (``result.best_config``); must name every key of ``grid``.
    n : int >= 2
        Number of values per refined numeric hyper-parameter.
    log : iterable of str
        Hyper-parameters spaced geometrically (learning rates, weight decay); their
        values must be positive.
    keys : iterable of str, optional
        The hyper-parameters to refine (default: all); the others are fixed at their
        best value, which keeps the refined grid small.

    Returns
    -------
    dict of str -> list
    """
    _check_space(grid, "grid")
    lists = {name: _check_values(values, f"grid[{name!r}]") for name, values in grid.items()}
    if not isinstance(best, dict):
        raise TypeError(
            f"best: expected a configuration dict (result.best_config), got {type(best).__name__}"
        )
    missing = [name for name in grid if name not in best]
    if missing:
        raise ValueError(f"best: expected a value for every hyper-parameter of the grid, missing {missing}")
    n = check_int(n, "n", low=2)
    if isinstance(log, str):
        log = (log,)
    log = set(log)
    unknown = sorted(log - set(grid))
    if unknown:
        raise ValueError(f"log: expected names of hyper-parameters in the grid {list(grid)}, got {unknown}")

    if keys is None:
        keys = set(grid)
    else:
        keys = {keys} if isinstance(keys, str) else set(keys)
        unknown = sorted(keys - set(grid))
        if unknown:
            raise ValueError(
                f"keys: expected names of hyper-parameters in the grid {list(grid)}, got {unknown}"
            )

    refined = {}
    for name, values in lists.items():
        v = best[name]
        numeric = all(isinstance(x, numbers.Real) and not isinstance(x, bool) for x in values + [v])
        if len(values) == 1 or not numeric or name not in keys:
            refined[name] = [v]
            continue
        is_int = all(isinstance(x, numbers.Integral) for x in values + [v])
        on_log = name in log
        if on_log and min(values + [v]) <= 0:
            raise ValueError(
                f"log: {name!r} is refined on a log scale, so its values must be positive, got {values}"
            )
        t = np.log if on_log else (lambda x: x)
        t_inv = np.exp if on_log else (lambda x: x)
        points = sorted(float(t(x)) for x in values)
        c = float(t(v))
        below = [p for p in points if p < c]
        above = [p for p in points if p > c]
        lo = below[-1] if below else c - (above[0] - c)
        hi = above[0] if above else c + (c - below[-1])
        new = t_inv(np.linspace(lo, hi, n))
        if is_int:
            new = np.rint(new).astype(int)
            if min(values) > 0:
                new = np.maximum(new, 1)
            new = sorted(set(int(x) for x in new))
        else:
            if not on_log and min(values) >= 0:
                new = np.maximum(new, 0.0)
            new = sorted(
                set(float(f"{x:.3g}") for x in new)
            )  # 3 significant digits: 0.0949, not 0.09486832980505137
        refined[name] = new
    return refined
