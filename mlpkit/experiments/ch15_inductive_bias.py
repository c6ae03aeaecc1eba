"""Chapter 15's experiments: an MLP and a 1-D convolutional network learning cellular automata.

A row of L = 16 cells on a circle; at each step cell j becomes bit number
4 x_{j-1} + 2 x_j + x_{j+1} of the rule r in {0, ..., 255} (Wolfram's numbering). From 32
random rows and their next rows, two learners are trained on the squared loss (output
thresholded at 0.5) for 60 full-batch steps of SGD with momentum 0.9 (learning rate 0.5 for the
MLP, 0.3 for the convolutional network):

- an MLP [16, 64, 16] (tanh), which sees a row as 16 unrelated numbers (2128 parameters), and
- a convolutional network Conv1D(1, 8, 3, circular) -> tanh -> Conv1D(8, 1, 1), which computes
  every output cell from its 3 neighbours with the same weights (41 parameters),

and their accuracy per cell is measured on 500 fresh rows. A seed draws the rows and the
initial weights of both learners. `learn_rule` also lets each learner run the automaton on its
own, feeding back its rounded output; `rule_accuracies` runs every rule class for several seeds.
"""

from typing import NamedTuple

import numpy as np

from .._validate import check_int
from ._common import read_only_cache

__all__ = [
    "LENGTH",
    "EPOCHS",
    "eca_step",
    "spacetime",
    "rule_classes",
    "rule_entropy",
    "automaton_task",
    "make_mlp",
    "make_cnn",
    "trained_learners",
    "LearnedRule",
    "learn_rule",
    "rule_accuracies",
    "permuted_copy_accuracy",
]

LENGTH = 16  # L, the cells in a row
EPOCHS = 60  # full-batch steps of each learner
LR = {"MLP": 0.5, "CNN": 0.3}  # learning rates (momentum 0.9)


def _check_rule(rule):
    return check_int(rule, "rule", low=0, high=255)


def eca_step(rule, rows):
    """One step of elementary cellular automaton ``rule`` on each row (periodic boundary).

    Parameters
    ----------
    rule : int
        Wolfram's number of the rule, in [0, 255].
    rows : ndarray of shape (n, L)
        Rows of 0/1 integers.

    Returns
    -------
    ndarray of shape (n, L)
        int64: x_j <- bit (4 x_{j-1} + 2 x_j + x_{j+1}) of ``rule``.
    """
    rule = _check_rule(rule)
    rows = np.asarray(rows)
    if rows.ndim != 2 or rows.dtype.kind not in "iub" or not np.all((rows == 0) | (rows == 1)):
        raise ValueError(
            f"rows: expected a 2-D array of 0/1 integers, got {rows.dtype} array of shape {rows.shape}"
        )
    rows = rows.astype(np.int64)
    left, right = np.roll(rows, 1, axis=1), np.roll(rows, -1, axis=1)
    return (rule >> (4 * left + 2 * rows + right)) & 1


def spacetime(step, start, steps):
    """The rows start, step(start), step(step(start)), ...: a space-time diagram.

    Parameters
    ----------
    step : callable
        Maps a (1, L) 0/1 row to the next one (the rule, or a trained learner).
    start : ndarray of shape (L,) or (1, L)
        The first row.
    steps : int
        How many steps, >= 0.

    Returns
    -------
    ndarray of shape (steps + 1, L)
    """
    steps = check_int(steps, "steps", low=0)
    rows = [np.asarray(start).reshape(1, -1).astype(np.int64)]
    for _ in range(steps):
        rows.append(np.asarray(step(rows[-1])).reshape(1, -1).astype(np.int64))
    return np.vstack(rows)


def _mirror(rule):
    return sum(((rule >> (((i & 1) << 2) | (i & 2) | (i >> 2))) & 1) << i for i in range(8))


def _complement(rule):
    return sum((1 - ((rule >> (7 - i)) & 1)) << i for i in range(8))


def rule_classes():
    """The smallest rule of each class of rules equivalent under mirroring and complementing.

    Returns
    -------
    list of int
        88 rules, sorted.
    """
    return sorted({min(r, _mirror(r), _complement(r), _mirror(_complement(r))) for r in range(256)})


def rule_entropy(rule):
    """Shannon entropy (bits) of the rule's output on uniformly random neighbourhoods.

    Parameters
    ----------
    rule : int
        In [0, 255].

    Returns
    -------
    float
        H(p) with p = (number of 1s in the 8-entry rule table) / 8.
    """
    p = bin(_check_rule(rule)).count("1") / 8
    return 0.0 if p in (0.0, 1.0) else float(-p * np.log2(p) - (1 - p) * np.log2(1 - p))


@read_only_cache(maxsize=8)
def _task(seed):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 2, (32, LENGTH)), rng.integers(0, 2, (500, LENGTH))


def automaton_task(seed=0):
    """The rows of one seed: 32 to train on, 500 to test on.

    Parameters
    ----------
    seed : int
        Seed of the random 0/1 rows, >= 0.

    Returns
    -------
    X_train : ndarray of shape (32, 16)
    X_test : ndarray of shape (500, 16)
        Read-only.
    """
    return _task(check_int(seed, "seed", low=0))


def make_mlp(seed=0):
    """The MLP [16, 64, 16] (tanh) with initial weights from ``seed``."""
    from ..layers import MLP

    return MLP([LENGTH, 64, LENGTH], activation="tanh", seed=seed)


def make_cnn(seed=0):
    """Conv1D(1, 8, 3, circular) -> tanh -> Conv1D(8, 1, 1), initial weights from 2 seed and 2 seed + 1."""
    from ..activations import Tanh
    from ..conv import Conv1D
    from ..layers import Sequential

    return Sequential(
        Conv1D(1, 8, 3, LENGTH, padding="circular", seed=2 * seed),
        Tanh(),
        Conv1D(8, 1, 1, LENGTH, seed=2 * seed + 1),
    )


def _train(net, lr, X, Y, seed):
    from ..losses import MeanSquaredError
    from ..optim import SGD
    from ..training import fit

    fit(
        net,
        MeanSquaredError(),
        SGD(net.parameters(), lr=lr, momentum=0.9),
        X.astype(float),
        Y.astype(float),
        epochs=EPOCHS,
        batch_size=len(X),
        seed=seed,
    )
    return net


def trained_learners(rule, seed=0):
    """The MLP and the CNN trained on ``rule`` from the 32 rows of ``seed`` (cached).

    Parameters
    ----------
    rule : int
        In [0, 255].
    seed : int
        Rows and initial weights, >= 0.

    Returns
    -------
    mlp, cnn : Module
        The trained networks (shared between callers: do not train them further).
    """
    return _trained(_check_rule(rule), check_int(seed, "seed", low=0))


@read_only_cache(maxsize=1024)
def _trained(rule, seed):
    X_train, _ = automaton_task(seed)
    Y = eca_step(rule, X_train)
    return (
        _train(make_mlp(seed), LR["MLP"], X_train, Y, seed),
        _train(make_cnn(seed), LR["CNN"], X_train, Y, seed),
    )


def _accuracy(net, X_test, target):
    return float(np.mean((net.forward(X_test.astype(float)) > 0.5) == target))


class LearnedRule(NamedTuple):
    """One rule, the two learners' test accuracies, and the three space-time diagrams."""

    rule: int
    acc_mlp: float  #: accuracy per cell on the 500 test rows
    acc_cnn: float
    true: np.ndarray  #: (steps + 1, 16) the rule run from the first test row
    mlp: np.ndarray  #: (steps + 1, 16) the trained MLP run on its own predictions
    cnn: np.ndarray  #: (steps + 1, 16) the trained convolutional network, likewise


def learn_rule(rule=110, steps=20, seed=0):
    """Train both learners on ``rule`` and run each for ``steps`` steps from the first test row.

    Parameters
    ----------
    rule : int
        In [0, 255].
    steps : int
        Rows of the space-time diagrams after the starting one, in [1, 200].
    seed : int
        Rows and initial weights, >= 0.

    Returns
    -------
    LearnedRule
        Cached per (rule, steps, seed); its arrays are read-only.
    """
    steps = check_int(steps, "steps", low=1, high=200)
    return _learn_rule(_check_rule(rule), steps, check_int(seed, "seed", low=0))


@read_only_cache(maxsize=256)
def _learn_rule(rule, steps, seed):
    _, X_test = automaton_task(seed)
    mlp, cnn = trained_learners(rule, seed)
    target = eca_step(rule, X_test)
    start = X_test[:1]
    diagrams = [spacetime(lambda row: eca_step(rule, row), start, steps)]
    for net in (mlp, cnn):
        diagrams.append(spacetime(lambda row, net=net: net.forward(row.astype(float)) > 0.5, start, steps))
    return LearnedRule(rule, _accuracy(mlp, X_test, target), _accuracy(cnn, X_test, target), *diagrams)


def rule_accuracies(rules, seeds=(0, 1, 2)):
    """Test accuracy per cell of both learners on each rule, for each seed.

    Parameters
    ----------
    rules : sequence of int
        Rules in [0, 255] (the chapter's: `rule_classes`).
    seeds : sequence of int
        Seeds of the rows and weights.

    Returns
    -------
    dict of str to ndarray of shape (len(seeds), len(rules))
        ``"MLP"`` and ``"CNN"``.
    """
    rules = [_check_rule(r) for r in rules]
    seeds = [check_int(s, "seeds", low=0) for s in seeds]
    if not rules or not seeds:
        raise ValueError("rules, seeds: expected at least one of each")
    acc = {"MLP": np.zeros((len(seeds), len(rules))), "CNN": np.zeros((len(seeds), len(rules)))}
    for i, s in enumerate(seeds):
        _, X_test = automaton_task(s)
        for j, r in enumerate(rules):
            target = eca_step(r, X_test)
            for name, net in zip(("MLP", "CNN"), trained_learners(r, s), strict=True):
                acc[name][i, j] = _accuracy(net, X_test, target)
    return acc


def permuted_copy_accuracy(seed=0, permutation_seed=3):
    """Both learners on a non-local task: output cell j is input cell perm[j] (a random permutation).

    Parameters
    ----------
    seed : int
        Rows and initial weights, >= 0.
    permutation_seed : int
        Seed of the permutation, >= 0.

    Returns
    -------
    dict of str to float
        ``"MLP"`` and ``"CNN"``: test accuracy per cell.
    """
    seed = check_int(seed, "seed", low=0)
    perm = np.random.default_rng(check_int(permutation_seed, "permutation_seed", low=0)).permutation(LENGTH)
    X_train, X_test = automaton_task(seed)
    mlp = _train(make_mlp(seed), LR["MLP"], X_train, X_train[:, perm], seed)
    cnn = _train(make_cnn(seed), LR["CNN"], X_train, X_train[:, perm], seed)
    return {name: _accuracy(net, X_test, X_test[:, perm]) for name, net in (("MLP", mlp), ("CNN", cnn))}
