"""Chapter 16's exercise checks: the reference answers pass, typical slips are named."""

import numpy as np

from mlpkit.exercises import ch16
from mlpkit.exercises._check import run
from mlpkit.experiments import ch16_l2_loss_surface as l2


def test_references_pass():
    assert run(ch16.ex_ch16_balance, l2.rebalance).passed
    assert run(ch16.ex_ch16_profile, l2.profile_cost).passed
    assert run(ch16.ex_ch16_prox, l2.prox_group).passed


def test_balance_without_square_root_is_named():
    def swap(W, a):
        c = np.abs(a) / np.linalg.norm(W, axis=1)
        return W * c[:, None], a / c

    r = run(ch16.ex_ch16_balance, swap)
    assert not r.passed and "swapped" in r.message


def test_balance_sign_flip_is_named():
    def flip(W, a):
        Wb, ab = l2.rebalance(W, a)
        return Wb, np.abs(ab)

    r = run(ch16.ex_ch16_balance, flip)
    assert not r.passed and "sign" in r.message


def test_profile_wrong_ridge_constant_is_named():
    def wrong(Z, X, y, lam):
        S = np.maximum(Z, 0)
        first = np.trace(Z @ np.linalg.pinv(X @ X.T) @ Z.T)
        return lam / 2 * (first + y @ np.linalg.solve(S.T @ S + lam * np.eye(len(y)), y))

    r = run(ch16.ex_ch16_profile, wrong)
    assert not r.passed and "N lam / 2" in r.message


def test_profile_missing_first_term_is_named():
    def wrong(Z, X, y, lam):
        S = np.maximum(Z, 0)
        return lam / 2 * (y @ np.linalg.solve(S.T @ S + len(y) * lam / 2 * np.eye(len(y)), y))

    r = run(ch16.ex_ch16_profile, wrong)
    assert not r.passed and "first layer" in r.message


def test_prox_entrywise_and_no_clip_are_named():
    lasso = run(ch16.ex_ch16_prox, lambda B, t: np.sign(B) * np.maximum(np.abs(B) - t, 0))
    assert not lasso.passed and "each entry" in lasso.message
    no_clip = run(ch16.ex_ch16_prox, lambda B, t: B * (1 - t / np.linalg.norm(B, axis=1, keepdims=True)))
    assert not no_clip.passed and "max(0" in no_clip.message


def test_crash_and_stub_get_messages():
    def stub(B, t):
        raise NotImplementedError("your answer here")

    r = run(ch16.ex_ch16_prox, stub)
    assert not r.passed and "not answered" in r.message
    r = run(ch16.ex_ch16_balance, lambda W, a: 1 / 0)
    assert not r.passed and "ZeroDivisionError" in r.message
