"""Chapter 8's experiment (mlpkit/experiments/ch08_non_convexity.py): the line theta_0 -> theta*."""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit.experiments import ch08_non_convexity as ex


def by_hand(theta, X, y):
    """Mean cross-entropy and accuracy of the 2-32-32-2 tanh network theta, in plain numpy."""
    h, i = X, 0
    sizes = ex.SIZES
    for k in range(1, len(sizes)):
        W = theta[i : i + sizes[k] * sizes[k - 1]].reshape(sizes[k], sizes[k - 1])
        i += W.size
        b = theta[i : i + sizes[k]]
        i += b.size
        a = h @ W.T + b
        h = np.tanh(a) if k < len(sizes) - 1 else a
    assert i == theta.size
    log_p = a - a.max(axis=1, keepdims=True)
    log_p -= np.log(np.exp(log_p).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(y)), y].mean(), np.mean(a.argmax(axis=1) == y)


def test_path_endpoints_are_init_and_trained():
    path = ex.interpolation_path()
    fresh = mk.MLP(list(ex.SIZES), activation="tanh", seed=0)
    np.testing.assert_array_equal(path["theta0"], mk.flat_params(fresh))
    assert not np.allclose(path["theta0"], path["theta_star"])
    _, acc = by_hand(path["theta_star"], path["X"], path["y"])
    assert acc > 0.95  # training worked


def test_path_losses_match_an_independent_forward_pass():
    path = ex.interpolation_path()
    for j in (0, 20, 40, 60, 80):
        a = path["alphas"][j]
        theta = (1 - a) * path["theta0"] + a * path["theta_star"]
        assert path["losses"][j] == pytest.approx(by_hand(theta, path["X"], path["y"])[0], rel=1e-10)
    inside = (path["alphas"] >= 0) & (path["alphas"] <= 1)
    assert np.all(np.diff(path["losses"][inside]) < 1e-3)  # the monotone decrease the chapter shows


def test_path_is_cached_and_read_only():
    assert ex.interpolation_path() is ex.interpolation_path()
    with pytest.raises(ValueError):
        ex.interpolation_path()["theta_star"][0] = 0.0


def test_network_at_sets_theta_alpha():
    path = ex.interpolation_path()
    net = ex.network_at(0.25)
    np.testing.assert_allclose(mk.flat_params(net), 0.75 * path["theta0"] + 0.25 * path["theta_star"])
    loss, acc = by_hand(mk.flat_params(ex.network_at(1.0)), path["X"], path["y"])
    assert loss == pytest.approx(path["losses"][60], rel=1e-10)  # alpha = 1 is entry 60 of 81


@pytest.mark.parametrize("alpha", [-0.51, 1.6, float("nan"), float("inf")])
def test_alpha_out_of_range(alpha):
    with pytest.raises(ValueError, match="alpha"):
        ex.network_at(alpha)


@pytest.mark.parametrize("alpha", ["0.5", None, [0.5]])
def test_alpha_wrong_type(alpha):
    with pytest.raises(TypeError, match="alpha"):
        ex.network_at(alpha)
