"""Tests of mlpkit.kernels: Jacobians, the empirical NTK, kernel regression, linearisation."""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit.kernels import LinearizedNetwork, NTKLinear, empirical_ntk, jacobian, kernel_regression, ntk_mlp


def test_jacobian_matches_finite_differences():
    net = mk.MLP([2, 4, 3], seed=0)
    X = np.random.default_rng(0).standard_normal((3, 2))
    J = jacobian(net, X)
    assert J.shape == (3, 3, mk.flat_params(net).size)
    theta = mk.flat_params(net)
    for c in range(3):

        def f_c():
            mk.set_flat_params(net, theta)
            return net.forward(X)[:, c].copy()

        for p in range(theta.size):
            step = np.zeros_like(theta)
            step[p] = 1e-6
            mk.set_flat_params(net, theta + step)
            up = net.forward(X)[:, c]
            mk.set_flat_params(net, theta - step)
            down = net.forward(X)[:, c]
            np.testing.assert_allclose(J[:, c, p], (up - down) / 2e-6, atol=1e-7)
    mk.set_flat_params(net, theta)
    np.testing.assert_array_equal(jacobian(net, X, output=1), J[:, 1])


def test_ntk_is_symmetric_positive_semidefinite_and_matches_the_jacobian():
    net = ntk_mlp([2, 16, 1], seed=1)
    X = np.random.default_rng(1).standard_normal((5, 2))
    K = empirical_ntk(net, X)
    J = jacobian(net, X)
    np.testing.assert_allclose(K, J @ J.T)
    np.testing.assert_allclose(K, K.T)
    assert np.linalg.eigvalsh(K).min() > -1e-10
    K_cross = empirical_ntk(net, X[:2], X)
    np.testing.assert_allclose(K_cross, K[:2])


def test_multi_output_ntk_is_the_mean_over_outputs():
    net = mk.MLP([2, 5, 3], seed=2)
    X = np.random.default_rng(2).standard_normal((4, 2))
    K = empirical_ntk(net, X)
    expected = sum(empirical_ntk(net, X, output=c) for c in range(3)) / 3
    np.testing.assert_allclose(K, expected)


def test_ntk_linear_layer_gradcheck_and_save_load(tmp_path):
    net = ntk_mlp([3, 6, 2], activation="tanh", beta=0.5, seed=3)
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((5, 3)), rng.integers(0, 2, 5)
    net[0].b = rng.standard_normal(6)
    errors = mk.gradcheck(net, mk.SoftmaxCrossEntropy(), X, y)
    assert max(errors.values()) < 1e-7, errors
    loaded = mk.load(mk.save(net, tmp_path / "ntk"))
    assert isinstance(loaded[0], NTKLinear) and loaded[0].beta == 0.5
    np.testing.assert_array_equal(loaded.forward(X), net.forward(X))


def test_ntk_parameterisation_keeps_the_output_of_order_one():
    X = np.random.default_rng(4).standard_normal((200, 2))
    stds = [ntk_mlp([2, H, 1], seed=5).forward(X).std() for H in (64, 4096)]
    assert all(0.1 < s < 3 for s in stds), stds


def test_kernel_regression_interpolates_and_matches_closed_form():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((6, 2))
    K = np.exp(-np.sum((X[:, None] - X[None]) ** 2, axis=2))
    y = rng.standard_normal(6)
    np.testing.assert_allclose(kernel_regression(K, y, K), y, atol=1e-8)
    ridge = kernel_regression(K, y, K[:2], ridge=0.5)
    np.testing.assert_allclose(ridge, K[:2] @ np.linalg.solve(K + 0.5 * np.eye(6), y))
    assert kernel_regression(K, np.column_stack([y, y]), K).shape == (6, 2)


def test_linearized_network_agrees_to_first_order():
    net = mk.MLP([2, 8, 1], seed=6)
    X = np.random.default_rng(6).standard_normal((4, 2))
    lin = LinearizedNetwork(net)
    np.testing.assert_allclose(lin.predict(X), net.forward(X))
    direction = np.random.default_rng(7).standard_normal(lin.theta0.size)
    errors = []
    for t in (1e-2, 1e-3):
        mk.set_flat_params(net, lin.theta0 + t * direction)
        errors.append(np.max(np.abs(net.forward(X) - lin.predict(X, lin.theta0 + t * direction))))
    assert errors[1] < errors[0] / 50  # second-order error: 100x smaller for a 10x smaller step
    mk.set_flat_params(net, lin.theta0)


def test_linearized_training_matches_gradient_descent_on_the_linear_model():
    net = mk.MLP([1, 5, 1], seed=8)
    rng = np.random.default_rng(8)
    X, y = rng.standard_normal((6, 1)), rng.standard_normal(6)
    lin = LinearizedNetwork(net)
    theta = lin.train(X, y, lr=0.05, steps=3)
    f0, J = lin.features(X)
    J = J[:, 0]
    expected = lin.theta0.copy()
    for _ in range(3):
        expected -= 0.05 * J.T @ (2 / 6 * (f0[:, 0] + J @ (expected - lin.theta0) - y))
    np.testing.assert_allclose(theta, expected)
    # the first step equals the network's own first gradient step
    net2 = mk.MLP([1, 5, 1], seed=8)
    mk.fit(
        net2,
        mk.MeanSquaredError(),
        mk.SGD(net2.parameters(), lr=0.05),
        X,
        y.reshape(-1, 1),
        epochs=1,
        batch_size=6,
    )
    np.testing.assert_allclose(mk.flat_params(net2), lin.train(X, y, lr=0.05, steps=1), atol=1e-12)


def test_bad_inputs_name_the_argument():
    net = mk.MLP([2, 3, 2], seed=0)
    X = np.zeros((3, 2))
    with pytest.raises(ValueError, match="output"):
        jacobian(net, X, output=2)
    with pytest.raises(ValueError, match="X"):
        empirical_ntk(net, np.zeros((3, 5)))
    with pytest.raises(TypeError, match="net"):
        jacobian([1, 2], X)
    with pytest.raises(ValueError, match="K_train"):
        kernel_regression(np.zeros((3, 2)), np.zeros(3), np.zeros((1, 3)))
    with pytest.raises(ValueError, match="y_train"):
        kernel_regression(np.eye(3), np.zeros(4), np.zeros((1, 3)))
    with pytest.raises(ValueError, match="K_test"):
        kernel_regression(np.eye(3), np.zeros(3), np.zeros((1, 4)))
    with pytest.raises(ValueError, match="ridge"):
        kernel_regression(np.eye(3), np.zeros(3), np.zeros((1, 3)), ridge=-1)
    with pytest.raises(ValueError, match="sizes"):
        ntk_mlp([3])
    with pytest.raises(ValueError, match="lr"):
        LinearizedNetwork(net).train(X, np.zeros((3, 2)), lr=0, steps=1)
    with pytest.raises(ValueError, match="y"):
        LinearizedNetwork(net).train(X, np.zeros((3, 3)), lr=0.1, steps=1)


def test_kernel_gradient_descent_equals_the_linearised_network_and_tends_to_kernel_regression():
    from mlpkit.kernels import kernel_gradient_descent

    net = ntk_mlp([1, 32, 1], seed=9)
    rng = np.random.default_rng(9)
    X, y, X_test = rng.uniform(-1, 1, (5, 1)), rng.standard_normal(5), np.linspace(-1, 1, 7)[:, None]
    lin = LinearizedNetwork(net)
    lin.train(X, y, lr=0.3, steps=50)
    f0, f0_test = net.forward(X)[:, 0], net.forward(X_test)[:, 0]
    K, K_test = empirical_ntk(net, X), empirical_ntk(net, X_test, X)
    kgd = f0_test + kernel_gradient_descent(K, y - f0, K_test, lr=0.3, steps=50)
    np.testing.assert_allclose(kgd, lin.predict(X_test)[:, 0], atol=1e-8)
    A = rng.standard_normal((5, 5))
    K_rbf = A @ A.T / 5 + np.eye(5)  # well conditioned: gradient descent converges
    lr = 0.9 * 5 / (2 * np.linalg.eigvalsh(K_rbf).max())
    np.testing.assert_allclose(
        kernel_gradient_descent(K_rbf, y, K_rbf, lr=lr, steps=2000),
        kernel_regression(K_rbf, y, K_rbf),
        atol=1e-6,
    )
    with pytest.raises(ValueError, match="K_train"):
        kernel_gradient_descent(np.array([[1.0, 2.0], [0.0, 1.0]]), y[:2], K_rbf[:, :2], lr=0.1, steps=1)
    with pytest.raises(ValueError, match="steps"):
        kernel_gradient_descent(K, y, K_test, lr=0.1, steps=0)
