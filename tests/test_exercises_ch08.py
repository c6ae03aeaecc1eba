"""Chapter 8's exercise checks: the reference answers pass, typical slips get their diagnosis."""

import math

import numpy as np
import pytest

from mlpkit import prune
from mlpkit.exercises import ch08
from mlpkit.exercises._check import run


@pytest.fixture(autouse=True)
def _seeded(monkeypatch):
    monkeypatch.setenv("MLPKIT_CHECK_SEED", "7")


def n_equivalent(H, odd):
    return math.factorial(H) * (2**H if odd else 1)


def rescaled(W1, b1, W2, b2, c):
    return c * W1, c * b1, W2 / c, b2


def newton_step(H, g, tol=1e-6):
    lam, V = np.linalg.eigh(H)
    keep = np.abs(lam) > tol * np.abs(lam).max()
    return -V[:, keep] @ ((V[:, keep].T @ g) / lam[keep])


def half_rate_masks(model, p, masks):
    new = prune.magnitude_masks(model, p, masks)
    new[-2] = prune.magnitude_masks(model, p / 2, masks)[-2]
    return new


def crash(*args):
    raise ValueError("oops")


REFERENCE = [
    (ch08.ex_ch8_permutations, n_equivalent),
    (ch08.ex_ch8_dinh, rescaled),
    (ch08.ex_ch8_index_random, newton_step),
    (ch08.ex_ch8_prune_rate, half_rate_masks),
]


@pytest.mark.parametrize(("checker", "answer"), REFERENCE)
def test_reference_answers_pass(checker, answer):
    result = run(checker, answer)
    assert result.passed, result.message


def sfn_step(H, g, tol=1e-6):
    lam, V = np.linalg.eigh(H)
    keep = np.abs(lam) > tol * np.abs(lam).max()
    return -V[:, keep] @ ((V[:, keep].T @ g) / np.abs(lam[keep]))


@pytest.mark.parametrize(
    ("checker", "answer", "words"),
    [
        (ch08.ex_ch8_permutations, lambda H, odd: math.factorial(H), "sign"),
        (ch08.ex_ch8_permutations, lambda H, odd: math.factorial(H) * (2 * H if odd else 1), "2^H"),
        (ch08.ex_ch8_dinh, lambda W1, b1, W2, b2, c: (c * W1, b1, W2 / c, b2), "scale b1"),
        (ch08.ex_ch8_dinh, lambda W1, b1, W2, b2, c: (c * W1, c * b1, c * W2, b2), "divide W2"),
        (ch08.ex_ch8_index_random, lambda H, g, tol: -np.linalg.pinv(H, rcond=1e-20) @ g, "zero"),
        (ch08.ex_ch8_index_random, sfn_step, "saddle-free"),
        (ch08.ex_ch8_index_random, lambda H, g, tol: -newton_step(H, g, tol), "wrong sign"),
        (ch08.ex_ch8_prune_rate, lambda model, p, masks: prune.magnitude_masks(model, p, masks), "p / 2"),
    ],
)
def test_typical_slips_are_named(checker, answer, words):
    result = run(checker, answer)
    assert not result.passed and words in result.message, result.message


@pytest.mark.parametrize("checker", [c for c, _ in REFERENCE])
def test_a_crash_is_a_message(checker):
    result = run(checker, crash)
    assert not result.passed and "ValueError" in result.message


def test_plain_solve_on_a_singular_hessian_is_a_message():
    result = run(ch08.ex_ch8_index_random, lambda H, g, tol: -np.linalg.solve(H, g))
    assert not result.passed
