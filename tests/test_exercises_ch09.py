"""Chapter 9's exercise checks: the reference answers pass, typical mistakes get their diagnosis."""

import numpy as np
import pytest

from mlpkit.exercises import check, run
from mlpkit.exercises.ch09 import _f_star


def l2_updates(alpha, lam, factor):
    return np.log(factor) / -np.log(1 - 2 * alpha * lam)


def l1_updates(w0, alpha, lam):
    return int(np.ceil(abs(w0) / (alpha * lam)))


def prior_sigma(lam, T):
    return 1 / np.sqrt(2 * lam * T)


def glorot_std(n_in, n_out):
    return np.sqrt(2 / (n_in + n_out))


def measure(T, plug_in=False, ddof=1):
    x_grid = np.linspace(0, 1, 200)
    sets = []
    for r in range(50):
        rng = np.random.default_rng(100 + r)
        x = rng.uniform(0, 1, T)
        sets.append((x, _f_star(x) + 0.3 * rng.standard_normal(T)))
    bias2, var = [], []
    for p in range(10):
        preds = np.array([np.polynomial.Polynomial.fit(x, t, p)(x_grid) for x, t in sets])
        s2 = preds.var(axis=0, ddof=ddof)
        bias2.append(np.mean((preds.mean(axis=0) - _f_star(x_grid)) ** 2 - (0 if plug_in else s2 / 50)))
        var.append(np.mean(s2))
    return np.array(bias2), np.array(var)


@pytest.fixture(autouse=True)
def _seeded(monkeypatch):
    monkeypatch.setenv("MLPKIT_CHECK_SEED", "3")


def test_reference_answers_pass():
    assert run(check.ex_ch9_decay_rate, l2_updates, l1_updates).passed
    assert run(check.ex_ch9_prior_scale, prior_sigma, glorot_std).passed
    assert run(check.ex_ch9_biasvar_T, measure).passed


@pytest.mark.parametrize(
    "l2, l1, words",
    [
        (lambda a, lam, f: np.log(f) / -np.log(1 - a * lam), l1_updates, "1 - 2 alpha lambda"),
        (lambda a, lam, f: np.log(f) / (2 * a * lam), l1_updates, "only approximately"),
        (lambda a, lam, f: np.ceil(l2_updates(a, lam, f)), l1_updates, "not rounded"),
        (l2_updates, lambda w, a, lam: abs(w) / (a * lam), "round up"),
        (l2_updates, lambda w, a, lam: int(np.floor(abs(w) / (a * lam))), "round"),
        (l2_updates, lambda w, a, lam: int(np.ceil(w / (a * lam))), "|w0|"),
    ],
)
def test_decay_rate_mistakes(l2, l1, words):
    result = run(check.ex_ch9_decay_rate, l2, l1)
    assert not result.passed and words in result.message, result.message


def test_prior_scale_mistakes():
    result = run(check.ex_ch9_prior_scale, lambda lam, T: 1 / (2 * lam * T), glorot_std)
    assert not result.passed and "variance" in result.message
    result = run(check.ex_ch9_prior_scale, lambda lam, T: 1 / np.sqrt(2 * lam), glorot_std)
    assert not result.passed and "T enters" in result.message
    result = run(check.ex_ch9_prior_scale, lambda lam, T: 1 / np.sqrt(lam * T), glorot_std)
    assert not result.passed and "factor" in result.message
    result = run(check.ex_ch9_prior_scale, prior_sigma, lambda a, b: np.sqrt(6 / (a + b)))
    assert not result.passed and "half-width" in result.message


def test_biasvar_mistakes():
    result = run(check.ex_ch9_biasvar_T, lambda T: measure(T, plug_in=True))
    assert not result.passed and "plug-in" in result.message
    result = run(check.ex_ch9_biasvar_T, lambda T: measure(T, ddof=0))
    assert not result.passed and "ddof" in result.message
    result = run(check.ex_ch9_biasvar_T, lambda T: measure(T)[1])
    assert not result.passed and "two arrays" in result.message


def test_crashing_and_unfinished_answers_get_a_message():
    def crash(*args):
        raise ZeroDivisionError("oops")

    def unfinished(*args):
        raise NotImplementedError("your answer here")

    for checker, answers in [
        (check.ex_ch9_decay_rate, (crash, l1_updates)),
        (check.ex_ch9_decay_rate, (l2_updates, unfinished)),
        (check.ex_ch9_prior_scale, (unfinished, glorot_std)),
        (check.ex_ch9_biasvar_T, (crash,)),
    ]:
        result = run(checker, *answers)
        assert not result.passed and result.message.startswith("✗")


def test_printed_line_is_deterministic_for_a_correct_answer(monkeypatch, capsys):
    monkeypatch.delenv("MLPKIT_CHECK_SEED")
    check.ex_ch9_biasvar_T(measure)
    check.ex_ch9_biasvar_T(measure)
    first, second = capsys.readouterr().out.splitlines()
    assert first == second and first.startswith("✓")
