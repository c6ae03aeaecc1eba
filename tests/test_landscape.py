"""Tests of mlpkit.landscape: Hessians, H v, eigenvalues, sharpness, lines and planes."""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit import landscape


@pytest.fixture
def problem():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((30, 3))
    y = rng.integers(0, 3, size=30)
    net = mk.MLP([3, 4, 3], activation="tanh", seed=1)
    return net, mk.SoftmaxCrossEntropy(), X, y


def test_hessian_of_linear_least_squares_is_exact():
    # l = mean (x.w + b - y)^2  =>  H = 2/n [X 1]^T [X 1], known in closed form
    rng = np.random.default_rng(1)
    X = rng.standard_normal((20, 3))
    y = rng.standard_normal((20, 1))
    net = mk.MLP([3, 1], seed=0)
    H = landscape.hessian(net, mk.MeanSquaredError(), X, y)
    Z = np.column_stack([X, np.ones(20)])
    assert np.allclose(H, 2.0 / 20 * Z.T @ Z, atol=1e-7)


def test_hessian_against_second_differences_of_the_loss(problem):
    net, loss, X, y = problem
    H = landscape.hessian(net, loss, X, y)
    theta = mk.flat_params(net)

    def f(t):  # the loss at theta = t, through the public API
        mk.set_flat_params(net, t)
        return loss.forward(net.forward(X), y)

    h = 1e-4
    rng = np.random.default_rng(2)
    for _ in range(5):
        i, j = rng.integers(0, theta.size, size=2)
        ei, ej = np.eye(theta.size)[i] * h, np.eye(theta.size)[j] * h
        fd = (f(theta + ei + ej) - f(theta + ei - ej) - f(theta - ei + ej) + f(theta - ei - ej)) / (4 * h * h)
        assert abs(fd - H[i, j]) < 1e-5 * max(1.0, abs(H[i, j]))
    mk.set_flat_params(net, theta)
    assert np.allclose(H, H.T)


def test_hvp_matches_hessian_times_v(problem):
    net, loss, X, y = problem
    H = landscape.hessian(net, loss, X, y)
    v = np.random.default_rng(3).standard_normal(H.shape[0])
    assert np.allclose(landscape.hvp(net, loss, X, y, v), H @ v, atol=1e-6)
    assert np.all(landscape.hvp(net, loss, X, y, np.zeros_like(v)) == 0.0)


def test_power_iteration_matches_eigvalsh():
    rng = np.random.default_rng(4)
    X = rng.standard_normal((40, 3))
    y = rng.standard_normal((40, 1))
    net = mk.MLP([3, 1], seed=0)  # convex: largest |lambda| is the largest lambda
    lam_all = landscape.eigenvalues(net, mk.MeanSquaredError(), X, y)
    lam, v = landscape.top_eigenvalue(net, mk.MeanSquaredError(), X, y, iters=500, tol=1e-12)
    assert abs(lam - lam_all[-1]) < 1e-5 * lam_all[-1]
    assert abs(np.linalg.norm(v) - 1.0) < 1e-12


def test_saddle_index_at_a_known_saddle():
    # f = (1 - w2 w1)^2 style: a linear net [1, 1, 1] at the origin is a saddle
    X = np.array([[1.0], [-1.0]])
    y = np.array([[1.0], [-1.0]])
    net = mk.MLP([1, 1, 1], activation="identity", seed=0)
    mk.set_flat_params(net, np.zeros(4))
    idx = landscape.saddle_index(net, mk.MeanSquaredError(), X, y)
    assert idx == 0.25  # eigenvalues: -2, 2 (w1, w2) and 2, 0 (biases)... one negative of four
    assert np.all(mk.flat_params(net) == 0.0)


def test_every_function_restores_parameters(problem):
    net, loss, X, y = problem
    theta = mk.flat_params(net)
    other = theta + 1.0
    landscape.interpolate(net, loss, X, y, theta, other)
    landscape.plane(net, loss, X, y, n=3)
    landscape.hessian(net, loss, X, y)
    landscape.hvp(net, loss, X, y, other)
    landscape.eigenvalues(net, loss, X, y)
    landscape.saddle_index(net, loss, X, y)
    landscape.top_eigenvalue(net, loss, X, y, iters=5)
    landscape.perturbed_loss(net, loss, X, y, n_samples=3)
    landscape.sharpness(net, loss, X, y, n_samples=2)
    assert np.array_equal(mk.flat_params(net), theta)


def test_interpolation_endpoints_and_plane_centre(problem):
    net, loss, X, y = problem
    theta = mk.flat_params(net)
    base = landscape.loss_value(net, loss, X, y)
    alphas, losses = landscape.interpolate(net, loss, X, y, theta * 0.5, theta, alphas=[0.0, 1.0])
    assert losses[1] == pytest.approx(base)
    a, b, Z = landscape.plane(net, loss, X, y, n=5, span=0.5)
    assert Z.shape == (5, 5) and Z[2, 2] == pytest.approx(base)
    assert a[0] == -0.5 and b[-1] == 0.5


def test_filter_normalised_direction(problem):
    net, *_ = problem
    d = landscape.random_direction(net, "filter", seed=0)
    start = 0
    for p in net.parameters():
        part = d[start : start + p.value.size].reshape(p.value.shape)
        start += p.value.size
        if p.regularize:
            assert np.allclose(np.linalg.norm(part, axis=1), np.linalg.norm(p.value, axis=1))
        else:
            assert np.all(part == 0.0)
    assert np.array_equal(d, landscape.random_direction(net, "filter", seed=0))


def test_perturbation_grows_with_radius(problem):
    net, loss, X, y = problem
    small = landscape.perturbed_loss(net, loss, X, y, radius=0.01, n_samples=10)
    large = landscape.perturbed_loss(net, loss, X, y, radius=0.5, n_samples=10)
    assert large > small


def test_gradient_matches_gradcheck(problem):
    net, loss, X, y = problem
    g = landscape.gradient(net, loss, X, y)

    def f():
        return landscape.loss_value(net, loss, X, y)

    num = np.concatenate([mk.numerical_gradient(f, p.value).ravel() for p in net.parameters()])
    assert mk.relative_error(g, num) < 1e-7


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda n, l, X, y: landscape.hessian("net", l, X, y), "net"),
        (lambda n, l, X, y: landscape.hessian(n, "loss", X, y), "loss"),
        (lambda n, l, X, y: landscape.hessian(n, l, X[:, :2], y), "X"),
        (lambda n, l, X, y: landscape.hessian(n, l, X, y + 5), "y"),
        (lambda n, l, X, y: landscape.hvp(n, l, X, y, np.ones(3)), "v"),
        (lambda n, l, X, y: landscape.interpolate(n, l, X, y, np.ones(2), mk.flat_params(n)), "theta0"),
        (lambda n, l, X, y: landscape.top_eigenvalue(n, l, X, y, iters=0), "iters"),
        (lambda n, l, X, y: landscape.perturbed_loss(n, l, X, y, radius=-1.0), "radius"),
        (lambda n, l, X, y: landscape.plane(n, l, X, y, n=1), "n"),
        (lambda n, l, X, y: landscape.random_direction(n, "bogus"), "normalization"),
        (lambda n, l, X, y: landscape.saddle_index(n, l, X, y, tol=-1.0), "tol"),
    ],
)
def test_bad_inputs_name_the_argument(problem, call, name):
    net, loss, X, y = problem
    with pytest.raises((TypeError, ValueError), match=name):
        call(net, loss, X, y)
