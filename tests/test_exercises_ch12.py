"""Chapter 12's exercise checks: the reference answers pass, typical mistakes get their diagnosis."""

import numpy as np
import pytest

from mlpkit.exercises import check, run


def _fails(checker, *answer, text):
    result = run(checker, *answer)
    assert not result.passed, result.message
    assert text in result.message, result.message
    return result


def test_budget_reference_passes_and_mistakes_are_named():
    assert run(check.ex_ch12_budget, lambda B, d: round(B ** (1 / d)), lambda B, d: B).passed
    assert run(check.ex_ch12_budget, lambda B, d: B ** (1 / d), lambda B, d: B).passed  # unrounded is fine
    _fails(check.ex_ch12_budget, lambda B, d: B / d, lambda B, d: B, text="d-th root")
    _fails(check.ex_ch12_budget, lambda B, d: B, lambda B, d: B, text="B^(1/d) distinct")
    same = lambda B, d: round(B ** (1 / d))  # noqa: E731
    _fails(check.ex_ch12_budget, same, same, text="random_values")


def narrow(best):
    return {
        "lr": ("log-uniform", best["lr"] / 3, best["lr"] * 3),
        "width": ("int", max(8, best["width"] - 30), best["width"] + 30),
        "lam": ("log-uniform", best["lam"] / 3, best["lam"] * 3),
    }


def test_refine_random_reference_passes_and_mistakes_are_named():
    assert run(check.ex_ch12_refine_random, narrow).passed

    def linear(best):
        out = narrow(best)
        out["lr"] = ("uniform", best["lr"] / 3, best["lr"] * 3)
        return out

    def unclipped(best):
        out = narrow(best)
        out["width"] = ("int", best["width"] - 30, best["width"] + 30)
        return out

    def factor_9(best):
        out = narrow(best)
        out["lam"] = ("log-uniform", best["lam"] / 9, best["lam"] * 9)
        return out

    _fails(check.ex_ch12_refine_random, linear, text="log scale")
    _fails(check.ex_ch12_refine_random, factor_9, text="bounds")
    _fails(check.ex_ch12_refine_random, lambda best: [1, 2, 3], text="keys")
    # the width clip matters only when width - 30 < 8: some of 5 draws have it, but not always
    result = run(check.ex_ch12_refine_random, unclipped)
    assert result.passed or "at least 8 units" in result.message


def expected_max(k):
    z = np.linspace(-8, 8, 16001)
    phi = np.exp(-(z**2) / 2) / np.sqrt(2 * np.pi)
    Phi = np.cumsum(phi) * (z[1] - z[0])
    return np.sum(z * k * phi * Phi ** (k - 1)) * (z[1] - z[0])


def test_peek_count_reference_passes_and_mistakes_are_named():
    assert run(check.ex_ch12_peek_count, expected_max).passed
    _fails(check.ex_ch12_peek_count, lambda k: np.sqrt(2 * np.log(k)), text="large-k growth")
    _fails(check.ex_ch12_peek_count, lambda k: expected_max(k) / 2, text="1 / sqrt(pi)")
    _fails(check.ex_ch12_peek_count, lambda k: np.sqrt(k), text="expected_max(2)")


@pytest.mark.parametrize(
    "checker, n", [("ex_ch12_budget", 2), ("ex_ch12_refine_random", 1), ("ex_ch12_peek_count", 1)]
)
def test_a_crashing_or_unanswered_answer_gets_a_message(checker, n):
    def crash(*args):
        return [][1]

    def todo(*args):
        raise NotImplementedError("your answer here")

    _fails(getattr(check, checker), *([crash] * n), text="IndexError")
    _fails(getattr(check, checker), *([todo] * n), text="not answered yet")
