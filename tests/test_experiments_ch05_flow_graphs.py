"""Chapter 5's sampling-node estimators: unbiased, with the variances the chapter states."""

import numpy as np
import pytest

from mlpkit.experiments import ch05_flow_graphs as sg

NODES, WEIGHTS = np.polynomial.hermite_e.hermegauss(60)
WEIGHTS = WEIGHTS / WEIGHTS.sum()  # E over eps ~ N(0, 1), exact for polynomials up to degree 119


def quad(z):
    return (z - 2.0) ** 2


def quad_prime(z):
    return 2.0 * (z - 2.0)


@pytest.mark.parametrize("mu, log_sigma", [(0.5, 0.0), (-1.0, 0.7), (3.0, -1.2)])
def test_every_estimator_is_unbiased_for_a_quadratic(mu, log_sigma):
    exact = np.array([2 * (mu - 2.0), 2 * np.exp(2 * log_sigma)])  # E f = (mu - 2)^2 + sigma^2
    per = sg.gaussian_gradient_samples(quad, quad_prime, mu, log_sigma, NODES, baseline=1.7)
    assert set(per) == set(sg.GAUSSIAN_ESTIMATORS)
    for name, v in per.items():
        assert v.shape == (len(NODES), 2)
        np.testing.assert_allclose(WEIGHTS @ v, exact, atol=1e-10, err_msg=name)


def test_score_function_is_unbiased_for_a_cosine_and_a_baseline_changes_nothing_in_mean():
    mu, log_sigma, om = 0.3, 0.2, 2.0
    sigma = np.exp(log_sigma)
    damp = np.exp(-(om**2) * sigma**2 / 2)  # E cos(om z) = cos(om mu) damp
    exact = np.array([-om * np.sin(om * mu) * damp, -(om**2) * sigma**2 * np.cos(om * mu) * damp])
    nodes, weights = np.polynomial.hermite_e.hermegauss(150)
    weights = weights / weights.sum()
    per = sg.gaussian_gradient_samples(
        lambda z: np.cos(om * z), lambda z: -om * np.sin(om * z), mu, log_sigma, nodes, baseline=5.0
    )
    for name, v in per.items():
        np.testing.assert_allclose(weights @ v, exact, atol=1e-9, err_msg=name)


def test_pathwise_is_the_derivative_of_f_along_the_sample():
    eps = np.random.default_rng(0).standard_normal(7)
    mu, log_sigma, h = 0.4, -0.3, 1e-6
    path = sg.gaussian_gradient_samples(quad, quad_prime, mu, log_sigma, eps)["pathwise"]

    def loss(m, s):
        return quad(m + np.exp(s) * eps)

    fd = np.stack(
        [
            (loss(mu + h, log_sigma) - loss(mu - h, log_sigma)) / (2 * h),
            (loss(mu, log_sigma + h) - loss(mu, log_sigma - h)) / (2 * h),
        ],
        axis=-1,
    )
    np.testing.assert_allclose(path, fd, atol=1e-7)


def test_stats_variance_falls_as_one_over_s_and_pathwise_is_lower_for_the_quadratic():
    exact_var = {}
    for name, v in sg.gaussian_gradient_samples(quad, quad_prime, 0.5, 0.0, NODES, baseline=2.25).items():
        exact_var[name] = float(np.sum(WEIGHTS @ (v - WEIGHTS @ v) ** 2))
    assert exact_var["pathwise"] == pytest.approx(21.0)
    assert exact_var["score function, baseline"] < exact_var["score function"]
    for S in (1, 50):
        st = sg.gaussian_estimator_stats(quad, quad_prime, 0.5, 0.0, S, 4000, baseline=2.25, seed=S)
        assert st["pathwise"]["variance"] * S == pytest.approx(21.0, rel=0.1)
        assert st["pathwise"]["mean"].shape == st["pathwise"]["stderr"].shape == (2,)
        assert st["score function"]["variance"] > 5 * st["pathwise"]["variance"]


def test_stats_are_reproducible_and_validated():
    a = sg.gaussian_estimator_stats(quad, quad_prime, 0.5, 0.0, 3, 10, seed=1)
    b = sg.gaussian_estimator_stats(quad, quad_prime, 0.5, 0.0, 3, 10, seed=np.random.default_rng(1))
    np.testing.assert_array_equal(a["pathwise"]["mean"], b["pathwise"]["mean"])
    with pytest.raises(ValueError, match="n_repeats"):
        sg.gaussian_estimator_stats(quad, quad_prime, 0.5, 0.0, 3, 1)
    with pytest.raises(ValueError, match="n_samples"):
        sg.gaussian_estimator_stats(quad, quad_prime, 0.5, 0.0, 0, 10)
    with pytest.raises(TypeError, match="seed"):
        sg.gaussian_estimator_stats(quad, quad_prime, 0.5, 0.0, 3, 10, seed=[1, 2])
    with pytest.raises(ValueError, match="log_sigma"):
        sg.gaussian_gradient_samples(quad, quad_prime, 0.5, np.inf, NODES)


@pytest.mark.parametrize("phi", [-1.0, 0.0, 2.0])
def test_bernoulli_score_function_is_unbiased_and_pathwise_is_zero(phi):
    p = 1 / (1 + np.exp(-phi))

    def f(z):
        return (z - 0.45) ** 2

    exact = p * (1 - p) * (f(1.0) - f(0.0))
    u = (np.arange(200_000) + 0.5) / 200_000  # a fine uniform grid: the mean is E up to 1/N
    per = sg.bernoulli_gradient_samples(f, phi, u)
    assert per["score function"].mean() == pytest.approx(exact, abs=1e-5)
    assert np.all(per["pathwise"] == 0.0)  # measured along the path: no u of the grid is within h of p


def test_bernoulli_pathwise_is_measured_not_set():
    # a draw at the jump (u = p) gives the finite difference's spike (f(1) - f(0)) / 2h, not 0
    def f(z):
        return (z - 0.45) ** 2

    h = 1e-7
    per = sg.bernoulli_gradient_samples(f, 0.0, np.array([0.2, 0.5, 0.8]), h=h)
    assert per["pathwise"][0] == per["pathwise"][2] == 0.0
    assert per["pathwise"][1] == pytest.approx((f(1.0) - f(0.0)) / (2 * h))
    with pytest.raises(ValueError, match="h"):
        sg.bernoulli_gradient_samples(f, 0.0, np.array([0.5]), h=0.0)
