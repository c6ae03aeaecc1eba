"""Tests of mlpkit/experiments/ch06_gradient_checking.py: backprop against centred differences.

The finite-difference estimates are compared with _helpers' independent loop, the relative
errors with mlpkit.gradcheck."""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit import data
from mlpkit.experiments import ch06_gradient_checking as E

from _helpers import check_raises, fd_grad


def _task(dtype=np.float64):
    X, y = data.moons(64, seed=0)
    net = mk.MLP([2, 8, 2], activation="tanh", seed=0, dtype=dtype)
    return net, mk.SoftmaxCrossEntropy(), X.astype(dtype), y


@pytest.mark.parametrize("eps", [1e-6, 1e-2, 0.5])
def test_finite_differences_match_an_independent_loop(eps):
    net, loss, X, y = _task()
    f = lambda: loss.forward(net.forward(X), y)  # noqa: E731
    check = E.finite_difference_check(eps, "float64")
    assert list(check["numeric"]) == ["W1", "b1", "W2", "b2"]
    for p in net.parameters():
        np.testing.assert_allclose(
            check["numeric"][p.name], fd_grad(f, p.value, eps=eps).ravel(), rtol=1e-7, atol=1e-9
        )


def test_analytic_gradient_is_backprop_and_errors_are_what_gradcheck_reports():
    net, loss, X, y = _task()
    f = lambda: loss.forward(net.forward(X), y)  # noqa: E731
    check = E.finite_difference_check(1e-6, "float64")
    for p in net.parameters():
        np.testing.assert_allclose(check["analytic"][p.name], fd_grad(f, p.value).ravel(), atol=1e-8)
    expected = mk.gradcheck(net, loss, X, y, eps=1e-6)
    assert set(expected) == set(check["errors"])
    for name, err in expected.items():
        assert check["errors"][name] == pytest.approx(err, rel=1e-6, abs=1e-15)


def test_error_is_a_v_in_epsilon():
    worst = {e: max(E.finite_difference_check(e, "float64")["errors"].values()) for e in (1e-12, 1e-6, 1e-1)}
    assert worst[1e-6] < 1e-8 < min(worst[1e-12], worst[1e-1])
    eps, curve = E.v_curve("float64")
    assert eps.shape == curve.shape == (31,)
    bottom = np.argmin(curve)
    assert 0 < bottom < 30 and curve[bottom] < 1e-8 < min(curve[0], curve[-1])


def test_float32_loses_a_tiny_perturbation():
    check = E.finite_difference_check(1e-12, "float32")
    for name, numeric in check["numeric"].items():
        assert np.all(numeric == 0.0), name
    assert max(check["errors"].values()) == pytest.approx(1.0)
    # and float32 accepts numpy types too, with the same result
    assert E.finite_difference_check(1e-12, np.float32)["errors"] == check["errors"]


def test_results_are_copies_not_the_cache():
    check = E.finite_difference_check(1e-4)
    check["numeric"]["W1"][:] = 99.0
    assert not np.any(E.finite_difference_check(1e-4)["numeric"]["W1"] == 99.0)


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [
        ({"eps": 0.0}, ValueError, ["eps"]),
        ({"eps": 2.0}, ValueError, ["eps"]),
        ({"eps": "1e-6"}, TypeError, ["eps"]),
        ({"eps": float("nan")}, ValueError, ["eps"]),
        ({"dtype": "float16"}, TypeError, ["dtype"]),
        ({"dtype": int}, TypeError, ["dtype"]),
    ],
)
def test_finite_difference_check_rejects_bad_input(kwargs, exc, words):
    check_raises(exc, words, E.finite_difference_check, **kwargs)
