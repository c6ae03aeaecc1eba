"""Chapter 1's exercise checks: the reference answers pass, typical slips get their diagnosis."""

import numpy as np

from mlpkit.exercises import ch01
from mlpkit.exercises._check import run


def n_params(sizes):
    return sum(sizes[k] * (sizes[k - 1] + 1) for k in range(1, len(sizes)))


def affine_map(net):
    V = np.eye(net.linears[0].W.shape[1])
    for layer in net.linears:
        V = layer.W @ V
    return V, net.forward(np.zeros((1, V.shape[1])))[0]


def test_count_reference_passes_and_slips_are_named():
    assert run(ch01.ex_ch1_count, n_params).passed
    weights_only = run(ch01.ex_ch1_count, lambda s: sum(s[k] * s[k - 1] for k in range(1, len(s))))
    assert not weights_only.passed and "bias" in weights_only.message
    no_output = run(ch01.ex_ch1_count, lambda s: sum(s[k] * (s[k - 1] + 1) for k in range(1, len(s) - 1)))
    assert not no_output.passed and "output layer" in no_output.message


def test_linear_reference_passes_and_slips_are_named():
    assert run(ch01.ex_ch1_linear, affine_map).passed
    no_bias = run(ch01.ex_ch1_linear, lambda net: (affine_map(net)[0], np.zeros(net.sizes[-1])))
    assert not no_bias.passed and "c is zero" in no_bias.message
    transposed = run(ch01.ex_ch1_linear, lambda net: (affine_map(net)[0].T, affine_map(net)[1]))
    assert not transposed.passed


def test_a_crashing_answer_gets_a_message():
    def crashes(sizes):
        raise NotImplementedError("your answer here")

    result = run(ch01.ex_ch1_count, crashes)
    assert not result.passed and result.message
    result = run(ch01.ex_ch1_linear, lambda net: 1 / 0)
    assert not result.passed and result.message
