"""Chapter 10's experiment (mlpkit/experiments/ch10_memorisation.py): random features through N = n."""

import numpy as np
import pytest

from mlpkit.experiments import ch10_memorisation as dd
from mlpkit.features import RandomFeatures


def by_hand(n_features, seed):
    """The same fit with the features written out and the pseudo-inverse from the SVD."""
    x, y, x_test, f_true = dd.regression_task()
    rf = RandomFeatures(1, n_features, activation="cos", scale=dd.SCALE, seed=seed)
    v, c = rf.V[:, 0], rf.c
    Phi = np.cos(np.outer(x, v) + c)
    beta = np.linalg.pinv(Phi) @ y
    f = np.cos(np.outer(x_test, v) + c) @ beta
    return beta, np.mean((Phi @ beta - y) ** 2), np.mean((f - f_true) ** 2)


def test_task():
    x, y, x_test, f_true = dd.regression_task()
    assert x.shape == y.shape == (dd.N_TRAIN,) and x_test.shape == f_true.shape == (401,)
    np.testing.assert_allclose(f_true, np.sin(np.pi * x_test))
    assert 0.1 < np.std(y - np.sin(np.pi * x)) < 0.3  # noise of standard deviation 0.2
    with pytest.raises(ValueError):
        y[0] = 0.0  # cached: read-only


@pytest.mark.parametrize("n_features", [1, 5, 10, 200, 1000])
def test_fit_matches_pseudo_inverse_away_from_the_threshold(n_features):
    fit = dd.fit_random_features(n_features, seed=3)
    beta, train, test = by_hand(n_features, seed=3)
    np.testing.assert_allclose(fit["beta"], beta, rtol=1e-6, atol=1e-9)
    assert fit["norm"] == pytest.approx(np.linalg.norm(beta), rel=1e-6)
    assert fit["train_risk"] == pytest.approx(train, rel=1e-6, abs=1e-20)
    assert fit["test_risk"] == pytest.approx(test, rel=1e-6)


def test_least_squares_below_and_interpolation_from_the_threshold():
    for n_features in (5, 15):
        # below: the residual is orthogonal to the features (normal equations)
        fit = dd.fit_random_features(n_features, seed=0)
        rf = RandomFeatures(1, n_features, activation="cos", scale=dd.SCALE, seed=0)
        x, y, _, _ = dd.regression_task()
        Phi = rf.transform(x[:, None])
        assert np.max(np.abs(Phi.T @ (Phi @ fit["beta"] - y))) < 1e-8
    for n_features in (dd.N_TRAIN, 40, 1000):
        assert dd.fit_random_features(n_features, seed=0)["train_risk"] < 1e-12


def test_risk_curve_is_the_median_of_the_fits_and_peaks_at_n():
    curve = dd.risk_curve()
    assert curve is dd.risk_curve()
    assert tuple(curve["n_features"]) == dd.N_CHOICES
    j = dd.N_CHOICES.index(25)
    risks = [dd.fit_random_features(25, s)["test_risk"] for s in range(dd.N_DRAWS)]
    assert curve["test_risk"][j] == pytest.approx(np.median(risks), rel=1e-12)
    at = dd.N_CHOICES.index(dd.N_TRAIN)
    assert np.argmax(curve["norm"]) == at
    assert np.argmax(curve["test_risk"]) == at
    assert np.all(curve["test_risk_q25"] <= curve["test_risk"]) and np.all(
        curve["test_risk"] <= curve["test_risk_q75"]
    )
    assert curve["test_risk_q25"][j] == pytest.approx(np.percentile(risks, 25), rel=1e-12)
    below = curve["n_features"] < dd.N_TRAIN
    assert curve["test_risk"][-1] < curve["test_risk"][at] / 10
    assert curve["test_risk"][at] > 10 * curve["test_risk"][below].min()


@pytest.mark.parametrize("n_features", [0, -3, dd.N_MAX + 1])
def test_bad_n_features_value(n_features):
    with pytest.raises(ValueError, match="n_features"):
        dd.fit_random_features(n_features)


@pytest.mark.parametrize("n_features", [20.0, "20", True, None])
def test_bad_n_features_type(n_features):
    with pytest.raises(TypeError, match="n_features"):
        dd.fit_random_features(n_features)


def test_bad_seed():
    with pytest.raises(ValueError, match="seed"):
        dd.fit_random_features(20, seed=-1)
    with pytest.raises(TypeError, match="seed"):
        dd.fit_random_features(20, seed=0.5)
