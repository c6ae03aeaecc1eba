"""Chapter 15's exercise checks: the reference answers pass, typical slips get their diagnosis."""

import numpy as np
import pytest

from mlpkit.exercises import ch15
from mlpkit.exercises._check import run
from mlpkit.experiments.ch15_inductive_bias import eca_step


@pytest.fixture(autouse=True)
def _seeded(monkeypatch):
    monkeypatch.setenv("MLPKIT_CHECK_SEED", "7")


def accuracy(net, rule, rows):
    return float(np.mean((net.forward(rows.astype(float)) > 0.5) == eca_step(rule, rows)))


def kernel_1_can_learn(rule):
    table = [(rule >> i) & 1 for i in range(8)]
    return all(table[i] == table[i ^ 4] and table[i] == table[i ^ 1] for i in range(8))


def receptive_field(kernel_sizes):
    return 1 + sum(k - 1 for k in kernel_sizes)


def crash(*args):
    raise ValueError("oops")


@pytest.mark.parametrize(
    "checker, answer",
    [
        (ch15.ex_ch15_data, accuracy),
        (ch15.ex_ch15_kernel, kernel_1_can_learn),
        (ch15.ex_ch15_multi, receptive_field),
    ],
)
def test_reference_answers_pass_and_crashes_get_a_message(checker, answer):
    assert run(checker, answer).passed
    result = run(checker, crash)
    assert not result.passed and "ValueError: oops" in result.message


def test_kernel_1_is_exactly_the_four_rules_that_ignore_the_neighbours():
    assert [r for r in range(256) if kernel_1_can_learn(r)] == [0, 51, 204, 255]


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda net, rule, rows: float(np.mean((net.forward(rows.astype(float)) > 0.5) == rows)), "next"),
        (
            lambda net, rule, rows: float(
                np.mean((net.forward(rows.astype(float)) > 0) == eca_step(rule, rows))
            ),
            "0.5",
        ),
        (lambda net, rule, rows: 1 - accuracy(net, rule, rows), "wrong cells"),
    ],
)
def test_data_slips(answer, words):
    result = run(ch15.ex_ch15_data, answer)
    assert not result.passed and words in result.message


def test_kernel_slips():
    result = run(ch15.ex_ch15_kernel, lambda rule: rule == 204)
    assert not result.passed and "should be" in result.message
    result = run(ch15.ex_ch15_kernel, lambda rule: rule in (0, 51, 204, 255, 170, 240))
    assert not result.passed and "neighbour" in result.message


def test_multi_slips():
    assert "overlap" in run(ch15.ex_ch15_multi, sum).message
    assert "multiplying" in run(ch15.ex_ch15_multi, lambda ks: int(np.prod(ks))).message
