"""Chapter 11's exercise checks: the reference answers pass, typical mistakes get their diagnosis."""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit.exercises import check, run


def _fails(checker, *answer, text):
    result = run(checker, *answer)
    assert not result.passed, result.message
    assert text in result.message, result.message
    return result


def uniform_variance(b):
    return b**2 / 3


def glorot_bound(H_out, H_in):
    return np.sqrt(6) / np.sqrt(H_out + H_in)


def test_variance_reference_passes_and_mistakes_are_named():
    assert run(check.ex_ch11_variance, uniform_variance, glorot_bound).passed
    _fails(check.ex_ch11_variance, lambda b: b**2 / 12, glorot_bound, text="width of U[-b, b] is 2b")
    _fails(check.ex_ch11_variance, lambda b: b / np.sqrt(3), glorot_bound, text="standard deviation")
    _fails(check.ex_ch11_variance, uniform_variance, lambda o, i: np.sqrt(2 / (o + i)), text="sqrt(3) times")
    _fails(check.ex_ch11_variance, uniform_variance, lambda o, i: np.sqrt(6 / i), text="both sizes")
    _fails(check.ex_ch11_variance, uniform_variance, lambda o, i: -glorot_bound(o, i), text="wrong sign")


def test_depth_reference_passes_and_mistakes_are_named():
    assert run(check.ex_ch11_depth, lambda L, c: (c / 2) ** ((L - 1) / 2)).passed
    _fails(check.ex_ch11_depth, lambda L, c: c ** ((L - 1) / 2), text="half of its inputs")
    _fails(check.ex_ch11_depth, lambda L, c: (c / 2) ** (L - 1), text="square root")
    _fails(check.ex_ch11_depth, lambda L, c: (c / 2) ** (L / 2), text="L - 1 steps")


def equal_weights_random_biases(sizes, c, seed):
    net = mk.MLP(sizes, activation="tanh", init=mk.init.constant(c), seed=seed)
    net.linears[0].b = np.random.default_rng(seed).uniform(-1, 1, sizes[1])
    return net


def test_break_reference_passes_and_mistakes_are_named():
    assert run(check.ex_ch11_break, equal_weights_random_biases).passed

    def no_bias(sizes, c, seed):
        return mk.MLP(sizes, activation="tanh", init=mk.init.constant(c), seed=seed)

    def random_weights(sizes, c, seed):
        return mk.MLP(sizes, activation="tanh", seed=seed)

    _fails(check.ex_ch11_break, no_bias, text="biases are all equal")
    _fails(check.ex_ch11_break, random_weights, text="every entry equal to c")
    _fails(check.ex_ch11_break, lambda sizes, c, seed: sizes, text="should return an mlpkit MLP")


@pytest.mark.parametrize("checker, n", [("ex_ch11_variance", 2), ("ex_ch11_depth", 1), ("ex_ch11_break", 1)])
def test_a_crashing_or_unanswered_answer_gets_a_message(checker, n):
    def crash(*args):
        return 1 / 0

    def todo(*args):
        raise NotImplementedError("your answer here")

    result = _fails(getattr(check, checker), *([crash] * n), text="ZeroDivisionError")
    assert "line" in result.message
    _fails(getattr(check, checker), *([todo] * n), text="not answered yet")
