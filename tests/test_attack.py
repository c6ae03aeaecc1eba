"""Tests of mlpkit.attack: input gradients, FGSM, PGD, the random-sign control."""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit.attack import fgsm, input_gradient, pgd, random_sign_noise


@pytest.fixture
def problem():
    rng = np.random.default_rng(0)
    X = rng.uniform(0.0, 1.0, size=(7, 5))
    y = rng.integers(0, 3, 7)
    net = mk.MLP([5, 6, 3], activation="tanh", seed=1)
    return net, X, y


def per_example_loss(net, x, y):
    return mk.SoftmaxCrossEntropy().forward(net.forward(x[None, :]), np.array([y]))


def test_input_gradient_matches_finite_differences(problem):
    net, X, y = problem
    grad = input_gradient(net, X, y)
    assert grad.shape == X.shape
    for i in range(X.shape[0]):
        x = X[i].copy()
        numeric = mk.numerical_gradient(lambda: per_example_loss(net, x, y[i]), x)
        assert mk.relative_error(grad[i], numeric) < 1e-7


def test_input_gradient_of_softmax_regression_is_W_transpose_times_output_gradient():
    rng = np.random.default_rng(1)
    net = mk.MLP([4, 3], seed=2)
    X, y = rng.standard_normal((5, 4)), rng.integers(0, 3, 5)
    p = net.predict_proba(X)
    expected = (p - mk.one_hot(y, 3)) @ net[0].W  # -(e(y) - f(x)) W
    np.testing.assert_allclose(input_gradient(net, X, y), expected, atol=1e-12)


def test_fgsm_step_is_eps_sign_and_increases_the_loss(problem):
    net, X, y = problem
    eps = 0.01
    X_adv = fgsm(net, X, y, eps, clip=None)
    np.testing.assert_allclose(np.abs(X_adv - X), eps, atol=1e-12)
    loss = mk.SoftmaxCrossEntropy()
    assert loss.forward(net.forward(X_adv), y) > loss.forward(net.forward(X), y)


def test_fgsm_clips_to_the_valid_range(problem):
    net, X, y = problem
    X_adv = fgsm(net, X, y, 0.8)
    assert X_adv.min() >= 0.0 and X_adv.max() <= 1.0
    assert np.max(np.abs(X_adv - X)) <= 0.8 + 1e-12


def test_fgsm_with_zero_eps_is_the_identity(problem):
    net, X, y = problem
    np.testing.assert_array_equal(fgsm(net, X, y, 0.0), X)


def test_pgd_stays_in_the_ball_and_beats_fgsm(problem):
    net, X, y = problem
    eps = 0.3
    X_pgd = pgd(net, X, y, eps, steps=20)
    assert np.max(np.abs(X_pgd - X)) <= eps + 1e-12
    assert X_pgd.min() >= 0.0 and X_pgd.max() <= 1.0
    loss = mk.SoftmaxCrossEntropy()
    assert loss.forward(net.forward(X_pgd), y) >= loss.forward(net.forward(fgsm(net, X, y, eps)), y) - 1e-9


def test_random_sign_noise_has_the_same_size_and_is_seeded():
    X = np.full((4, 6), 0.5)
    a = random_sign_noise(X, 0.1, seed=3)
    np.testing.assert_allclose(np.abs(a - X), 0.1)
    np.testing.assert_array_equal(a, random_sign_noise(X, 0.1, seed=3))
    assert not np.array_equal(a, random_sign_noise(X, 0.1, seed=4))


def test_bad_inputs_name_the_argument(problem):
    net, X, y = problem
    with pytest.raises(ValueError, match="eps"):
        fgsm(net, X, y, -0.1)
    with pytest.raises(ValueError, match="clip"):
        fgsm(net, X, y, 0.1, clip=(1.0, 0.0))
    with pytest.raises(TypeError, match="clip"):
        fgsm(net, X, y, 0.1, clip=0.5)
    with pytest.raises(ValueError, match="X"):
        input_gradient(net, X[:, :3], y)
    with pytest.raises(ValueError, match="y"):
        input_gradient(net, X, y[:3])
    with pytest.raises(TypeError, match="net"):
        input_gradient("net", X, y)
    with pytest.raises(ValueError, match="steps"):
        pgd(net, X, y, 0.1, steps=0)
    with pytest.raises(ValueError, match="step_size"):
        pgd(net, X, y, 0.1, step_size=0.0)
    with pytest.raises(ValueError, match="seed"):
        random_sign_noise(X, 0.1, seed=-1)
