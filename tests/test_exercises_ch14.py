"""Chapter 14's exercise checks: the reference answers pass, typical slips are named."""

import numpy as np

from mlpkit.exercises import ch14
from mlpkit.exercises._check import run
from mlpkit.kernels import jacobian


def _stats(net, X):
    J = jacobian(net, X)
    H = (J.shape[1] - 1) // 3
    return np.linalg.eigvalsh(J @ J.T).max(), (J[:, : 2 * H] ** 2).sum() / (J**2).sum()


def test_references_pass():
    assert run(ch14.ex_ch14_standard, _stats).passed
    assert run(ch14.ex_ch14_ridge, lambda n, lr, steps: n / (2 * lr * steps)).passed


def test_standard_output_layer_share_is_named():
    def wrong(net, X):
        lam, share = _stats(net, X)
        return lam, 1 - share

    r = run(ch14.ex_ch14_standard, wrong)
    assert not r.passed and "output layer" in r.message


def test_standard_lambda_over_n_is_named():
    def wrong(net, X):
        lam, share = _stats(net, X)
        return lam / len(X), share

    r = run(ch14.ex_ch14_standard, wrong)
    assert not r.passed and "divided by n" in r.message


def test_ridge_slips_are_named():
    r = run(ch14.ex_ch14_ridge, lambda n, lr, steps: 2 * lr * steps / n)
    assert not r.passed and "inverse" in r.message
    r = run(ch14.ex_ch14_ridge, lambda n, lr, steps: 1 / (2 * lr * steps))
    assert not r.passed and "factor n" in r.message
    r = run(ch14.ex_ch14_ridge, lambda n, lr, steps: n / (lr * steps))
    assert not r.passed and "factor" in r.message


def test_crash_gets_a_message():
    r = run(ch14.ex_ch14_standard, lambda net, X: net.nonexistent)
    assert not r.passed and "AttributeError" in r.message
