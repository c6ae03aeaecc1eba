"""Tests of mlpkit.attack: input gradients, FGSM, BIM, PGD, the random-sign control."""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit.attack import bim, fgsm, input_gradient, pgd, random_sign_noise


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


def test_bim_stays_in_the_ball_and_beats_fgsm(problem):
    net, X, y = problem
    eps = 0.3
    X_bim = bim(net, X, y, eps, steps=20)
    assert np.max(np.abs(X_bim - X)) <= eps + 1e-12
    assert X_bim.min() >= 0.0 and X_bim.max() <= 1.0
    loss = mk.SoftmaxCrossEntropy()
    assert loss.forward(net.forward(X_bim), y) >= loss.forward(net.forward(fgsm(net, X, y, eps)), y) - 1e-9


def test_bim_with_one_full_step_is_fgsm(problem):
    net, X, y = problem
    np.testing.assert_allclose(bim(net, X, y, 0.1, steps=1, step_size=0.1), fgsm(net, X, y, 0.1))


def per_example_losses(net, X, y):
    return np.array([per_example_loss(net, X[i], y[i]) for i in range(len(y))])


def test_pgd_starts_at_random_stays_in_the_ball_and_is_seeded(problem):
    net, X, y = problem
    eps = 0.2
    kw = dict(
        steps=5, step_size=0.01
    )  # small steps: the walk does not reach the same corner from every start
    a = pgd(net, X, y, eps, restarts=3, seed=4, **kw)
    assert np.max(np.abs(a - X)) <= eps + 1e-12 and a.min() >= 0.0 and a.max() <= 1.0
    np.testing.assert_array_equal(a, pgd(net, X, y, eps, restarts=3, seed=4, **kw))
    assert not np.array_equal(a, pgd(net, X, y, eps, restarts=3, seed=5, **kw))
    assert not np.array_equal(a, bim(net, X, y, eps, **kw))  # a random start, not the clean image


def test_pgd_keeps_the_worst_restart_per_example(problem):
    net, X, y = problem
    eps = 0.2
    one = pgd(net, X, y, eps, steps=3, restarts=1, seed=np.random.default_rng(7))
    several = pgd(
        net, X, y, eps, steps=3, restarts=4, seed=np.random.default_rng(7)
    )  # its first run is `one`
    assert np.all(per_example_losses(net, several, y) >= per_example_losses(net, one, y) - 1e-12)


def test_pgd_with_zero_eps_is_the_identity(problem):
    net, X, y = problem
    np.testing.assert_array_equal(pgd(net, X, y, 0.0, restarts=2), X)


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
