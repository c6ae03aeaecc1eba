"""Chapter 2's exercise checks: the reference answers pass, typical slips get their diagnosis."""

import math

import numpy as np

from mlpkit.exercises import ch02
from mlpkit.exercises._check import run


def updates_per_epoch(T, B):
    return math.ceil(T / B)


def jsd(p, q, dx):
    m = (p + q) / 2
    return 0.5 * np.sum(p * np.log(p / m) + q * np.log(q / m)) * dx


def kl(p, q, dx):
    return np.sum(p * np.log(p / q)) * dx


def test_epoch_reference_passes_and_slips_are_named():
    assert run(ch02.ex_ch2_epoch, updates_per_epoch).passed
    assert run(ch02.ex_ch2_epoch, lambda T, B: -(-T // B)).passed  # integer ceiling
    floor = run(ch02.ex_ch2_epoch, lambda T, B: T // B)
    assert not floor.passed and "smaller mini-batch" in floor.message
    ratio = run(ch02.ex_ch2_epoch, lambda T, B: T / B)
    assert not ratio.passed and "whole number" in ratio.message
    per_example = run(ch02.ex_ch2_epoch, lambda T, B: T)
    assert not per_example.passed and "one update per example" in per_example.message
    flag = run(ch02.ex_ch2_epoch, lambda T, B: True)
    assert not flag.passed and "whole number" in flag.message


def test_jsd_reference_passes_and_slips_are_named():
    assert run(ch02.ex_ch2_jsd, jsd).passed
    cases = {
        "bits": lambda p, q, dx: jsd(p, q, dx) / np.log(2),
        "multiply by dx": lambda p, q, dx: jsd(p, q, dx) / dx,
        "m = (p + q) / 2": lambda p, q, dx: (
            0.5 * np.sum(p * np.log(p / (p + q)) + q * np.log(q / (p + q))) * dx
        ),
        "KL(p || m) only": lambda p, q, dx: kl(p, (p + q) / 2, dx),
        "V(D*)": lambda p, q, dx: kl(p, p + q, dx) + kl(q, p + q, dx),
        "KL(p || q)": lambda p, q, dx: kl(p, q, dx),
        "factor of 2": lambda p, q, dx: 2 * jsd(p, q, dx),
    }
    for words, answer in cases.items():
        result = run(ch02.ex_ch2_jsd, answer)
        assert not result.passed and words in result.message, (words, result.message)


def test_a_crashing_answer_gets_a_message():
    def crashes(*args):
        raise NotImplementedError("your answer here")

    for checker in (ch02.ex_ch2_epoch, ch02.ex_ch2_jsd):
        result = run(checker, crashes)
        assert not result.passed and "not answered yet" in result.message
    result = run(ch02.ex_ch2_jsd, lambda p, q, dx: 1 / 0)
    assert not result.passed and "ZeroDivisionError" in result.message
    result = run(ch02.ex_ch2_jsd, lambda p, q, dx: p)  # an array, not a number
    assert not result.passed and "one number" in result.message


def test_the_checks_are_deterministic_under_a_grading_seed(monkeypatch):
    monkeypatch.setenv("MLPKIT_CHECK_SEED", "7")
    assert (
        run(ch02.ex_ch2_epoch, updates_per_epoch).message == run(ch02.ex_ch2_epoch, updates_per_epoch).message
    )
    assert run(ch02.ex_ch2_jsd, jsd).passed
