"""Chapter 14's experiments: a network of width H against its linearisation, over seeds."""

import numpy as np
import pytest

import mlpkit as mk
from mlpkit.experiments import ch14_kernels as ex
from mlpkit.kernels import LinearizedNetwork, empirical_ntk, ntk_mlp


@pytest.mark.parametrize("width", [8, 64])
def test_numbers_match_fit_and_the_linearised_network(width):
    run = ex.lazy_training(width, steps=50)
    X, y, X_grid = ex.regression_data()
    net = ntk_mlp([1, width, 1], seed=0)
    theta0, K0 = mk.flat_params(net), empirical_ntk(net, X)
    lin = LinearizedNetwork(net)
    lin.train(X, y, lr=0.5, steps=50)  # gradient descent in parameter space
    mk.fit(
        net,
        mk.MeanSquaredError(),
        mk.SGD(net.parameters(), lr=0.5),
        X,
        y[:, None],
        epochs=50,
        batch_size=len(X),
    )
    f_net, f_lin = net.forward(X_grid)[:, 0], lin.predict(X_grid)[:, 0]
    f0 = ntk_mlp([1, width, 1], seed=0).forward(X_grid)[:, 0]
    np.testing.assert_allclose(run.f_net, f_net, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(run.f_lin, f_lin, rtol=1e-7, atol=1e-9)
    moved = np.linalg.norm(mk.flat_params(net) - theta0) / np.linalg.norm(theta0)
    np.testing.assert_allclose(run.weight_change, moved, rtol=1e-9)
    K_T = empirical_ntk(net, X)
    np.testing.assert_allclose(run.kernel_change, np.linalg.norm(K_T - K0) / np.linalg.norm(K0), rtol=1e-7)
    np.testing.assert_allclose(run.gap, np.max(np.abs(f_net - f_lin)), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(
        run.net_lin, np.linalg.norm(f_net - f_lin) / np.linalg.norm(f_net - f0), rtol=1e-6
    )
    np.testing.assert_allclose(run.f0, f0)
    np.testing.assert_allclose(run.train_mse_lin, np.mean((lin.predict(X)[:, 0] - y) ** 2), rtol=1e-6)
    np.testing.assert_allclose(run.alignment, y @ K_T @ y / (np.linalg.norm(K_T) * (y @ y)), rtol=1e-9)
    np.testing.assert_allclose(run.ntk_eigenvalues, np.linalg.eigvalsh(K0), rtol=1e-9, atol=1e-9)


def test_kernel_regression_limit_is_ridge_regression_with_theta0():
    run = ex.lazy_training(256)
    X, y, X_grid = ex.regression_data()
    net0 = ntk_mlp([1, 256, 1], seed=0)
    K, K_grid = empirical_ntk(net0, X), empirical_ntk(net0, X_grid, X)
    r0 = y - net0.forward(X)[:, 0]
    expected = net0.forward(X_grid)[:, 0] + K_grid @ np.linalg.solve(K + 1e-6 * np.eye(len(X)), r0)
    np.testing.assert_allclose(run.f_kreg, expected, atol=1e-6)
    # with a tiny ridge it nearly interpolates the data: much closer than 400 steps of gradient descent
    at_data = net0.forward(X)[:, 0] + K @ np.linalg.solve(K + 1e-6 * np.eye(len(X)), r0)
    assert np.max(np.abs(at_data - y)) < 0.01 < run.train_mse_lin**0.5


def test_data_is_the_chapters():
    X, y, X_grid = ex.regression_data()
    rng = np.random.default_rng(0)
    np.testing.assert_array_equal(X, np.sort(rng.uniform(-2, 2, size=(20, 1)), axis=0))
    np.testing.assert_array_equal(y, np.sin(2 * X[:, 0]))
    assert X_grid.shape == (61, 1) and X_grid[0, 0] == -3 and X_grid[-1, 0] == 3


def test_wider_is_lazier_for_every_seed():
    sweep = ex.lazy_sweep(widths=(16, 1024), seeds=(0, 1, 2))
    narrow, wide = {k: v[0] for k, v in sweep.items()}, {k: v[1] for k, v in sweep.items()}
    assert np.all(wide["weight_change"] < narrow["weight_change"] / 4)
    assert np.all(wide["kernel_change"] < narrow["kernel_change"] / 10)
    assert np.all(wide["gap"] < narrow["gap"])


def test_sweep_is_lazy_training_per_width_and_seed():
    sweep = ex.lazy_sweep(widths=(16, 32), seeds=(0, 3))
    assert set(sweep) == set(ex.QUANTITIES) and sweep["gap"].shape == (2, 2)
    assert sweep["kernel_change"][1, 1] == ex.lazy_training(32, seed=3).kernel_change
    assert sweep["weight_change"][0, 0] != sweep["weight_change"][0, 1]  # the seed matters


def test_slopes_recover_a_power_law_per_seed():
    widths = [16, 64, 256, 1024]
    values = np.array([[3.0 * w**-0.5, 2.0 * w**-1.0] for w in widths])
    np.testing.assert_allclose(ex.lazy_slopes(widths, values, min_width=64), [-0.5, -1.0])
    with pytest.raises(ValueError, match="values"):
        ex.lazy_slopes(widths, -values)
    with pytest.raises(ValueError, match="min_width"):
        ex.lazy_slopes(widths, values, min_width=1024)


def test_cached_results_are_read_only():
    run = ex.lazy_training(16)
    assert ex.lazy_training(16) is run
    with pytest.raises(ValueError):
        run.f_net[0] = 0.0


@pytest.mark.parametrize(
    "kwargs, name, error",
    [
        ({"width": 0}, "width", ValueError),
        ({"width": 64.0}, "width", TypeError),
        ({"width": 10**6}, "width", ValueError),
        ({"lr": 0.0}, "lr", ValueError),
        ({"lr": "0.5"}, "lr", TypeError),
        ({"steps": 0}, "steps", ValueError),
        ({"seed": -1}, "seed", ValueError),
    ],
)
def test_bad_knobs_raise_naming_the_argument(kwargs, name, error):
    with pytest.raises(error, match=name):
        ex.lazy_training(**kwargs)


def test_closed_form_one_hidden_matches_the_library_network():
    X, _ = ex.sphere_data(12, d=3, seed=1)
    for activation in ["relu", "tanh"]:
        net = ntk_mlp([3, 40, 1], activation, seed=2)
        p = ex.init_one_hidden(3, 40, activation, seed=2)
        np.testing.assert_allclose(ex.one_hidden_forward(p, X, activation), net.forward(X)[:, 0], atol=1e-12)
        np.testing.assert_allclose(
            ex.one_hidden_ntk(p, X, activation=activation), empirical_ntk(net, X), atol=1e-10
        )


def test_train_one_hidden_is_the_chapters_gradient_descent():
    X, y, X_grid = ex.regression_data()
    p = ex.train_one_hidden(ex.init_one_hidden(1, 32, "tanh", 0), X, y, "tanh", 1.0, 0.5, 60)
    np.testing.assert_allclose(
        ex.one_hidden_forward(p, X_grid, "tanh"), ex.lazy_training(32, steps=60).f_net, atol=1e-10
    )


def test_relu_limit_is_the_mean_of_a_very_wide_network():
    X, _ = ex.sphere_data(6, d=4, seed=0)
    K = ex.one_hidden_ntk(ex.init_one_hidden(4, 200_000, "relu", 0), X)
    np.testing.assert_allclose(K, ex.relu_ntk_limit(X), rtol=0.02)


def test_apriori_bound_holds_and_separates_true_from_random_labels():
    true = ex.apriori_bound(width=64, n=100, n_test=200, steps=30)
    rand = ex.apriori_bound(width=64, n=100, n_test=200, steps=30, labels="random")
    assert true.bound > true.test_lin and rand.bound > rand.test_lin
    assert rand.complexity_limit > 3 * true.complexity_limit
    assert 0 <= true.train_lin <= 1 and true.complexity > 0
    assert 0 <= true.train_net <= 1 and rand.train_net > true.train_net  # random labels are fitted worse


def test_scale_sweep_small_scale_moves_the_kernel_more():
    out = ex.scale_sweep(alphas=(0.05, 2.0), seeds=(0,), width=64, steps=100)
    assert out["kernel_change"][0, 0] > 3 * out["kernel_change"][1, 0]
