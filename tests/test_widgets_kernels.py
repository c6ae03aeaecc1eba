"""The chapter 14 widget: a network of width H against its linearisation."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

import mlpkit as mk
from mlpkit.kernels import LinearizedNetwork, empirical_ntk, ntk_mlp
from mlpkit.widgets import kernels as kw


@pytest.mark.parametrize("width", [8, 64])
def test_numbers_match_fit_and_the_linearised_network(width):
    run = kw.lazy_training(width, steps=50)
    X, y, X_grid = kw.regression_data()
    net = ntk_mlp([1, width, 1], seed=0)
    theta0, K0 = mk.flat_params(net), empirical_ntk(net, X)
    lin = LinearizedNetwork(net)
    lin.train(X, y, lr=0.5, steps=50)                                   # gradient descent in parameter space
    mk.fit(net, mk.MeanSquaredError(), mk.SGD(net.parameters(), lr=0.5), X, y[:, None], epochs=50, batch_size=len(X))
    f_net, f_lin = net.forward(X_grid)[:, 0], lin.predict(X_grid)[:, 0]
    np.testing.assert_allclose(run.f_net, f_net, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(run.f_lin, f_lin, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(run.weight_change, np.linalg.norm(mk.flat_params(net) - theta0) / np.linalg.norm(theta0),
                               rtol=1e-9)
    np.testing.assert_allclose(run.kernel_change, np.linalg.norm(empirical_ntk(net, X) - K0) / np.linalg.norm(K0),
                               rtol=1e-7)
    np.testing.assert_allclose(run.gap, np.max(np.abs(f_net - f_lin)), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(run.f0, ntk_mlp([1, width, 1], seed=0).forward(X_grid)[:, 0])


def test_data_is_the_chapters():
    X, y, X_grid = kw.regression_data()
    rng = np.random.default_rng(0)
    np.testing.assert_array_equal(X, np.sort(rng.uniform(-2, 2, size=(20, 1)), axis=0))
    np.testing.assert_array_equal(y, np.sin(2 * X[:, 0]))
    assert X_grid.shape == (61, 1) and X_grid[0, 0] == -3 and X_grid[-1, 0] == 3


def test_wider_is_lazier():
    narrow, wide = kw.lazy_training(16), kw.lazy_training(1024)
    assert wide.weight_change < narrow.weight_change / 4
    assert wide.kernel_change < narrow.kernel_change / 10
    assert wide.gap < narrow.gap / 10


def test_cached_results_are_read_only():
    run = kw.lazy_training(16)
    assert kw.lazy_training(16) is run
    with pytest.raises(ValueError):
        run.f_net[0] = 0.0


def test_figure_draws_and_titles():
    fig, ax = plt.subplots()
    out = kw.lazy_figure(width=32, ax=ax)
    assert out is ax and "H = 32" in ax.get_title() and "kernel" in ax.get_title()
    assert ax.get_xlabel() == "x" and ax.get_ylabel() == "f(x)"
    plt.close(fig)


@pytest.mark.parametrize("kwargs, name, error", [
    ({"width": 0}, "width", ValueError),
    ({"width": 64.0}, "width", TypeError),
    ({"width": 10 ** 6}, "width", ValueError),
    ({"lr": 0.0}, "lr", ValueError),
    ({"lr": "0.5"}, "lr", TypeError),
    ({"steps": 0}, "steps", ValueError),
    ({"seed": -1}, "seed", ValueError),
])
def test_bad_knobs_raise_naming_the_argument(kwargs, name, error):
    with pytest.raises(error, match=name):
        kw.lazy_training(**kwargs)
    with pytest.raises(error, match=name):
        kw.lazy_figure(**kwargs)


def test_demo_slider_covers_the_widths():
    demo = kw.lazy_demo()
    (slider,) = demo.kwargs_widgets
    assert slider._kwarg == "width" and tuple(slider.options) == kw.WIDTHS
    plt.close("all")
